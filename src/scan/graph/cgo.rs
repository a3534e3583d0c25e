//! Why a main package's build needs cgo, read from the graph: own and
//! vendored files importing "C", packages data/cgo.toml knows need it, and
//! the C libraries their `#cgo` lines link.
use std::collections::{BTreeMap, BTreeSet};

use super::reach::Node;
use super::Packages;
use crate::go::platform::{tag_holds, Platform, LINUX_PLATFORMS};
use crate::go::source;
use crate::knowledge::cgo as known;
use crate::scan::facts::{CgoKind, CgoLibrary, CgoRequirement};
use crate::scan::paths::{self, display_path};

/// Whether a `#cgo` line's conditions hold on some linux platform with cgo:
/// any space-separated alternative whose comma-separated tags all hold.
fn directive_applies(conditions: &[String]) -> bool {
    if conditions.is_empty() {
        return true;
    }
    LINUX_PLATFORMS.iter().any(|(goos, goarch)| {
        let platform = Platform {
            goos,
            goarch,
            cgo: true,
        };
        conditions.iter().any(|alternative| {
            alternative
                .split(',')
                .all(|term| match term.strip_prefix('!') {
                    Some(tag) => !tag_holds(tag, platform),
                    None => tag_holds(term, platform),
                })
        })
    })
}

impl Packages {
    /// Why each main package's build needs cgo. With cgo, every file that
    /// builds with cgo counts (Go builds natively with cgo when a C compiler
    /// is there, so that is the program its authors run):
    ///
    /// - an own package with a file importing "C" (`own_file`);
    /// - a vendored package with such a file (`vendored_package`);
    /// - an import of a package `data/cgo.toml` knows needs cgo, from a module
    ///   that is not vendored (`known_module`);
    /// - without vendor/, a module go.mod requires (directly or `// indirect`)
    ///   that holds a known cgo package, for main packages that import
    ///   packages godock cannot read: one of them may import it, and a cgo
    ///   build of a program that turns out not to need cgo still works, while
    ///   a static build of one that does fails at run time (go-sqlite3 builds
    ///   a stub without cgo). With vendor/ the whole graph is visible, so a
    ///   required module no vendored package imports does not count. The
    ///   modules required are those of every in-repo module the main
    ///   package's build reaches.
    ///
    /// Own packages are those of every in-repo module: a main package reaches
    /// cgo through a workspace member or a local replace target as through
    /// its own module.
    pub fn cgo_requirements(&self) -> Vec<CgoRequirement> {
        let table = known::table();
        let mut found: BTreeMap<(CgoKind, String, Option<String>), CgoRequirement> =
            BTreeMap::new();
        let mut add = |requirement: CgoRequirement, main: &str| {
            let key = (
                requirement.kind,
                requirement.package.clone(),
                requirement.file.clone(),
            );
            let fallback = requirement.fallback;
            let entry = found.entry(key).or_insert(requirement);
            // A static build needs the fallback for every main package.
            entry.fallback &= fallback;
            if !entry.mains.iter().any(|known| known == main) {
                entry.mains.push(main.to_string());
            }
        };
        for main in self.main_packages() {
            let graph = self.graph(&main, Some(true));
            // What a build without cgo compiles: a cgo package it does not
            // reach (imported only from `//go:build cgo` files) is no obstacle.
            let static_graph = self.graph(&main, Some(false));
            for (node, _) in graph
                .nodes
                .iter()
                .zip(&graph.entries)
                .filter(|(_, entry)| entry.cgo)
            {
                let Some(package) = self.package(*node) else {
                    continue;
                };
                for file in package.cgo_files() {
                    let (kind, name, path, module) = match node {
                        Node::Own(directory) => (
                            CgoKind::OwnFile,
                            directory.to_string(),
                            display_path(directory, &file.name),
                            None,
                        ),
                        Node::Vendored(import) => {
                            let owner = &self.modules[package.part];
                            (
                                CgoKind::VendoredPackage,
                                import.to_string(),
                                paths::join(
                                    &owner.prefix,
                                    &format!("vendor/{import}/{}", file.name),
                                ),
                                owner
                                    .modules_txt
                                    .as_ref()
                                    .and_then(|txt| txt.module_of(import))
                                    .map(|module| module.path.clone()),
                            )
                        }
                    };
                    add(
                        CgoRequirement {
                            kind,
                            package: name,
                            file: Some(path),
                            module,
                            why: "imports \"C\"".to_string(),
                            // A vendored module known to stub itself without
                            // cgo compiles statically, and fails at run time.
                            fallback: !static_graph.nodes.contains(node)
                                || (package.has_cgo_fallback()
                                    && !matches!(node, Node::Vendored(import) if table.stubs_without_cgo(import))),
                            certain: true,
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
            let mut imported_known = BTreeSet::new();
            for import in &graph.unseen {
                if let Some(known) = table.known_module(import) {
                    imported_known.insert(known.prefix.as_str());
                    add(
                        CgoRequirement {
                            kind: CgoKind::KnownModule,
                            package: import.to_string(),
                            file: None,
                            module: Some(known.prefix.clone()),
                            why: known.why.clone(),
                            fallback: !static_graph.unseen.contains(import),
                            certain: true,
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
            let vendor = graph
                .entries
                .first()
                .is_some_and(|entry| self.modules[entry.part].modules_txt.is_some());
            if vendor || graph.unseen.is_empty() {
                continue;
            }
            let reached: BTreeSet<usize> = graph
                .entries
                .iter()
                .filter(|entry| !entry.vendored)
                .map(|entry| entry.part)
                .collect();
            let requires: BTreeSet<&String> = reached
                .into_iter()
                .flat_map(|part| &self.modules[part].requires)
                .collect();
            for required in requires {
                for known in table.known_in_module(required) {
                    if imported_known.contains(known.prefix.as_str()) {
                        continue;
                    }
                    add(
                        CgoRequirement {
                            kind: CgoKind::KnownModule,
                            package: known.prefix.clone(),
                            file: None,
                            module: Some(required.clone()),
                            why: format!(
                                "go.mod requires {required} and a dependency godock cannot read may import it; it {}",
                                known.why
                            ),
                            fallback: false,
                            certain: false,
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
        }
        found.into_values().collect()
    }

    /// Whether some main package's build reaches packages godock cannot
    /// read (first), or vendored ones (second).
    pub fn reaches_beyond(&self) -> (bool, bool) {
        let mut found = (false, false);
        for main in self.main_packages() {
            let graph = self.graph(&main, None);
            found.0 |= !graph.unseen.is_empty();
            found.1 |= graph.entries.iter().any(|entry| entry.vendored);
        }
        found
    }

    /// The C libraries the cgo files behind `requirements` link, by their
    /// `#cgo LDFLAGS: -lNAME` and `#cgo pkg-config: NAME` lines for linux,
    /// and the system libraries of known modules.
    pub fn cgo_libraries(&self, requirements: &[CgoRequirement]) -> Vec<CgoLibrary> {
        let table = known::table();
        let mut libraries: Vec<CgoLibrary> = Vec::new();
        let mut add = |library: CgoLibrary| {
            if !libraries.contains(&library) {
                libraries.push(library);
            }
        };
        for requirement in requirements {
            let package = match requirement.kind {
                CgoKind::OwnFile => self.by_directory.get(&requirement.package),
                CgoKind::VendoredPackage => self.vendored.get(&requirement.package),
                CgoKind::KnownModule => {
                    let known = requirement
                        .module
                        .as_deref()
                        .and_then(|module| table.known_in_module(module).into_iter().next());
                    for name in known.into_iter().flat_map(|known| &known.libraries) {
                        add(CgoLibrary {
                            name: name.clone(),
                            flag: format!("needed by {}", requirement.package),
                            source: requirement.package.clone(),
                        });
                    }
                    continue;
                }
                // Read from the module cache by the scan itself.
                CgoKind::DependencyPackage => continue,
            };
            let Some(file) = requirement.file.as_deref() else {
                continue;
            };
            let Some(go_file) = package.and_then(|package| {
                package.cgo_files().find(|candidate| {
                    file.ends_with(&format!("/{}", candidate.name)) || file == candidate.name
                })
            }) else {
                continue;
            };
            for library in directive_libraries(&go_file.cgo_directives, file) {
                add(library);
            }
        }
        libraries
    }
}

/// The C libraries a cgo file's `#cgo` lines for linux link: `-lNAME` in
/// LDFLAGS, and pkg-config packages; `file` names it in each.
pub(in crate::scan) fn directive_libraries(lines: &[String], file: &str) -> Vec<CgoLibrary> {
    let mut libraries = Vec::new();
    for line in lines {
        let Some(directive) = source::parse_cgo_directive(line) else {
            continue;
        };
        if !directive_applies(&directive.conditions) {
            continue;
        }
        match directive.variable.as_str() {
            "LDFLAGS" => {
                for argument in &directive.arguments {
                    if let Some(name) = argument.strip_prefix("-l").filter(|n| !n.is_empty()) {
                        libraries.push(CgoLibrary {
                            name: name.to_string(),
                            flag: format!("#cgo LDFLAGS: {argument}"),
                            source: file.to_string(),
                        });
                    }
                }
            }
            "pkg-config" => {
                for name in directive.arguments.iter().filter(|a| !a.starts_with('-')) {
                    libraries.push(CgoLibrary {
                        name: name.clone(),
                        flag: format!("#cgo pkg-config: {name}"),
                        source: file.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    libraries
}

#[cfg(test)]
mod tests {
    use crate::fixtures::need;
    use crate::scan::facts_of as facts;
    use crate::scan::CgoKind;

    const MAIN: &str =
        "package main\n\nimport _ \"example.com/m/internal/native\"\n\nfunc main() {}\n";
    const CGO: &str =
        "package native\n\n// #cgo LDFLAGS: -lz\n// #include <zlib.h>\nimport \"C\"\n";

    const SQLITE_REQUIRE: &str =
        "module example.com/m\n\ngo 1.23\n\nrequire (\n\tgithub.com/jmoiron/sqlx v1.3.5\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n";

    #[test]
    fn cgo_file_only_for_darwin_needs_no_cgo() {
        for (name, text) in [
            ("internal/native/native_darwin.go", CGO.to_string()),
            (
                "internal/native/native.go",
                format!("//go:build darwin\n\n{CGO}"),
            ),
        ] {
            let facts = facts(&[
                ("main.go", MAIN),
                (name, &text),
                ("internal/native/pure.go", "package native\n"),
            ]);
            assert!(facts.cgo_mains.is_empty(), "{name}");
            assert!(facts.cgo_requires.is_empty(), "{name}");
            assert!(facts.cgo_libraries.is_empty(), "{name}");
        }
    }

    #[test]
    fn cgo_in_a_cgo_tagged_file_with_a_fallback() {
        let facts = facts(&[
            ("main.go", MAIN),
            (
                "internal/native/native_cgo.go",
                &format!("//go:build cgo\n\n{CGO}"),
            ),
            (
                "internal/native/pure.go",
                "//go:build !cgo\n\npackage native\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::OwnFile);
        assert_eq!(requirement.package, "./internal/native");
        assert_eq!(
            requirement.file.as_deref(),
            Some("internal/native/native_cgo.go")
        );
        assert!(requirement.fallback);
        assert_eq!(facts.cgo_libraries[0].name, "z");
        assert_eq!(facts.cgo_libraries[0].flag, "#cgo LDFLAGS: -lz");
    }

    #[test]
    fn cgo_reached_only_through_a_cgo_tagged_file() {
        // main imports the cgo package only from main_cgo.go: a build with cgo
        // reaches it, a build without does not (so it has a fallback), and a
        // main that never imports it is untouched.
        let facts = facts(&[
            ("main.go", "package main\n\nfunc main() {}\n"),
            (
                "main_cgo.go",
                "//go:build cgo\n\npackage main\n\nimport _ \"example.com/m/internal/native\"\n",
            ),
            ("internal/native/native.go", CGO),
            ("cmd/other/main.go", "package main\n\nfunc main() {}\n"),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        assert_eq!(facts.cgo_requires.len(), 1);
        assert!(facts.cgo_requires[0].fallback);
        assert_eq!(facts.cgo_requires[0].mains, ["."]);
    }

    #[test]
    fn files_beside_an_unconstrained_cgo_file_are_no_fallback() {
        // main.go calls what c.go defines: a static build fails with
        // `undefined: add`, so the package needs cgo.
        let facts = facts(&[
            (
                "main.go",
                "package main\n\nfunc main() { println(add(1, 2)) }\n",
            ),
            (
                "c.go",
                CGO.replacen("package native", "package main", 1).as_str(),
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        assert!(!facts.cgo_requires[0].fallback, "{:?}", facts.cgo_requires);
    }

    #[test]
    fn a_cgo_package_without_fallback_has_none() {
        let facts = facts(&[("main.go", MAIN), ("internal/native/native.go", CGO)]);
        assert!(!facts.cgo_requires[0].fallback);
    }

    #[test]
    fn vendored_cgo_packages_count_but_are_not_own_packages() {
        let facts = facts(&[
            (
                "go.mod",
                "module example.com/m\n\ngo 1.23\n\nrequire example.com/db v1.0.0\n",
            ),
            (
                "vendor/modules.txt",
                "# example.com/db v1.0.0\n## explicit; go 1.21\nexample.com/db\nexample.com/db/cmd/dbtool\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"example.com/db\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/db/db.go",
                "package db\n\n// #cgo pkg-config: sqlite3\n// #cgo darwin LDFLAGS: -framework CoreFoundation\nimport \"C\"\n\nimport _ \"crypto/tls\"\n",
            ),
            (
                "vendor/example.com/db/cmd/dbtool/main.go",
                "package main\n\nfunc main() {}\n",
            ),
        ]);
        assert!(facts.vendor);
        assert_eq!(facts.main_packages, ["."]);
        assert_eq!(facts.packages, ["."]);
        assert!(facts.cgo_packages.is_empty());
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::VendoredPackage);
        assert_eq!(requirement.package, "example.com/db");
        assert_eq!(requirement.module.as_deref(), Some("example.com/db"));
        assert_eq!(
            requirement.file.as_deref(),
            Some("vendor/example.com/db/db.go")
        );
        // The darwin-only flag is not a linux library.
        let libraries: Vec<(&str, &str)> = facts
            .cgo_libraries
            .iter()
            .map(|library| (library.name.as_str(), library.flag.as_str()))
            .collect();
        assert_eq!(libraries, [("sqlite3", "#cgo pkg-config: sqlite3")]);
        // Run-time needs follow vendored imports too.
        assert_eq!(
            facts.runtime_needs.ca_certificates,
            [need(
                ".",
                "reaches example.com/db, which imports crypto/tls"
            )]
        );
        assert!(facts.runtime_needs.unseen.is_empty());
        assert!(facts.warnings.is_empty(), "{:?}", facts.warnings);
    }

    #[test]
    fn vendored_cxx_packages_count() {
        let facts = facts(&[
            (
                "vendor/modules.txt",
                "# example.com/rocks v1.0.0\n## explicit\nexample.com/rocks\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"example.com/rocks\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/rocks/rocks.go",
                "package rocks\n\nimport \"C\"\n",
            ),
            (
                "vendor/example.com/rocks/rocks.cc",
                "int f() { return 1; }\n",
            ),
        ]);
        assert_eq!(facts.cxx_packages, ["example.com/rocks"]);
    }

    #[test]
    fn known_cgo_modules_imported_directly() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "main.go",
                "package main\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nfunc main() {}\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::KnownModule);
        assert_eq!(requirement.package, "github.com/mattn/go-sqlite3");
        assert!(!requirement.fallback);
        assert_eq!(facts.cgo_requires.len(), 1, "{:?}", facts.cgo_requires);
    }

    #[test]
    fn known_cgo_modules_only_required_count_for_mains_that_import_unseen_packages() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "cmd/server/main.go",
                "package main\n\nimport _ \"github.com/jmoiron/sqlx\"\n\nfunc main() {}\n",
            ),
            (
                "cmd/tool/main.go",
                "package main\n\nimport _ \"fmt\"\n\nfunc main() {}\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["./cmd/server"]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::KnownModule);
        assert_eq!(
            requirement.module.as_deref(),
            Some("github.com/mattn/go-sqlite3")
        );
        assert!(requirement
            .why
            .starts_with("go.mod requires github.com/mattn/go-sqlite3"));
        assert_eq!(
            facts.runtime_needs.unseen,
            [need(
                "./cmd/server",
                "imports github.com/jmoiron/sqlx, which godock cannot read (not vendored)"
            )]
        );
        assert!(facts.runtime_needs.may_need_ca_certificates("./cmd/server"));
        assert!(!facts.runtime_needs.may_need_ca_certificates("./cmd/tool"));
    }

    #[test]
    fn with_vendor_a_required_known_module_nobody_imports_does_not_count() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "vendor/modules.txt",
                "# github.com/jmoiron/sqlx v1.3.5\n## explicit\ngithub.com/jmoiron/sqlx\n# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n",
            ),
            (
                "vendor/github.com/jmoiron/sqlx/sqlx.go",
                "package sqlx\n\nimport _ \"database/sql\"\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"github.com/jmoiron/sqlx\"\n\nfunc main() {}\n",
            ),
        ]);
        assert!(facts.cgo_mains.is_empty(), "{:?}", facts.cgo_requires);
    }
}
