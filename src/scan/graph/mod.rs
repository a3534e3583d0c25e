//! From files to packages, and the one import graph across them: which
//! directories are main packages, what each package embeds, and which
//! packages a main package's build reaches ([`cgo`] and [`needs`] read the
//! graph for cgo and for run-time needs).
//!
//! One graph spans every in-repo module the build sees: an import resolves to
//! the module whose path (or replaced path) is its longest prefix, so a main
//! package reaches a workspace member's or a local replace target's packages
//! as it reaches its own module's. Resolved once: a walk from each main
//! package touches no strings.
mod cgo;
mod needs;
mod ports;
mod reach;
mod stamps;

pub(super) use stamps::main_version_variables;

use std::collections::{BTreeMap, BTreeSet};

pub(super) use cgo::directive_libraries;
use reach::Entry;

use super::facts::{CgoKind, CgoRequirement};
use super::paths;
use super::walk::{GoFile, Tree};
use crate::go::build_constraint;
use crate::go::modules_txt::ModulesTxt;

#[derive(Debug, Default)]
struct Package {
    /// The [`Part`] (module) it belongs to.
    part: usize,
    /// The package name its buildable files agree on (None when they disagree
    /// or none builds).
    name: Option<String>,
    files: Vec<GoFile>,
    cxx_sources: bool,
}

impl Package {
    fn buildable(&self) -> impl Iterator<Item = &GoFile> {
        self.files.iter().filter(|file| file.builds())
    }

    /// A program: `package main` with a buildable file declaring `func main`.
    fn is_program(&self) -> bool {
        self.name.as_deref() == Some("main") && self.buildable().any(|file| file.defines_main)
    }

    fn uses_cgo(&self) -> bool {
        self.cgo_files().next().is_some()
    }

    /// The files that import "C" and build for linux with cgo.
    fn cgo_files(&self) -> impl Iterator<Item = &GoFile> {
        self.files
            .iter()
            .filter(|file| file.imports_c() && file.builds_with_cgo)
    }

    /// Whether the package still builds with CGO_ENABLED=0 as its author
    /// meant it to (a pure-Go fallback; see [`build_constraint::has_cgo_fallback`]).
    fn has_cgo_fallback(&self) -> bool {
        let files: Vec<build_constraint::CgoFileBuild> = self
            .files
            .iter()
            .map(|file| build_constraint::CgoFileBuild {
                imports_c: file.imports_c(),
                without_cgo: file.builds_without_cgo,
                with_cgo: file.builds_with_cgo,
            })
            .collect();
        build_constraint::has_cgo_fallback(&files)
    }

    fn uses_cxx(&self) -> bool {
        self.uses_cgo()
            && (self.cxx_sources
                || self.buildable().any(|file| {
                    file.cgo_directives.iter().any(|directive| {
                        directive.contains("-lstdc++") || directive.contains("CXXFLAGS")
                    })
                }))
    }
}

/// One module's walked tree, a part of the one import graph across the
/// in-repo modules the build sees.
pub(super) struct Part {
    /// Its directory as a package path from the build root (`"."`, `"./lib"`,
    /// `"../shared"`).
    pub prefix: String,
    /// The import paths its packages live under: its module path, and the old
    /// path of each local replace that points at it.
    pub paths: Vec<String>,
    pub tree: Tree,
    /// Its vendor/modules.txt (modules in use only).
    pub modules_txt: Option<ModulesTxt>,
    /// Module paths its go.mod requires.
    pub requires: Vec<String>,
    /// A module in use: its main packages are programs to build. A replace
    /// target's packages only count where a main package reaches them.
    pub in_use: bool,
}

/// What [`Packages`] keeps of a [`Part`].
struct Module {
    prefix: String,
    requires: Vec<String>,
    in_use: bool,
    modules_txt: Option<ModulesTxt>,
}

pub(super) struct Packages {
    modules: Vec<Module>,
    /// Own packages of every module, by directory relative to the build root.
    by_directory: BTreeMap<String, Package>,
    /// Packages under the vendor/ of modules in use, by import path.
    vendored: BTreeMap<String, Package>,
    /// Import path prefixes of own modules, each with its module, longest first.
    roots: Vec<(String, usize)>,
    /// Every package, imports resolved: see [`Packages::index`].
    entries: Vec<Entry>,
}

impl Packages {
    /// The one graph over `parts`: modules in use first (their vendor/ is
    /// read), then replace targets (whose vendor/ Go ignores).
    pub fn new(parts: Vec<Part>, warnings: &mut Vec<String>) -> Packages {
        let mut by_directory: BTreeMap<String, Package> = BTreeMap::new();
        let mut vendored: BTreeMap<String, Package> = BTreeMap::new();
        let mut modules = Vec::new();
        let mut roots = Vec::new();
        for (index, part) in parts.into_iter().enumerate() {
            let Part {
                prefix,
                paths,
                tree,
                modules_txt,
                requires,
                in_use,
            } = part;
            let place = |directory: &str| {
                if prefix == "." {
                    directory.to_string()
                } else {
                    paths::prefix_package(&prefix, directory)
                }
            };
            let mut vendored_directories: BTreeMap<String, String> = BTreeMap::new();
            for mut file in tree.files {
                match file.vendored.clone() {
                    // Go reads only the vendor/ of the modules it builds.
                    Some(_) if !in_use => {}
                    Some(import) => {
                        vendored_directories.insert(file.directory.clone(), import.clone());
                        let package = vendored.entry(import).or_insert_with(|| Package {
                            part: index,
                            ..Package::default()
                        });
                        // The first module in use vendoring a package supplies it.
                        if package.part == index {
                            package.files.push(file);
                        }
                    }
                    None => {
                        file.directory = place(&file.directory);
                        by_directory
                            .entry(file.directory.clone())
                            .or_insert_with(|| Package {
                                part: index,
                                ..Package::default()
                            })
                            .files
                            .push(file);
                    }
                }
            }
            for directory in tree.cxx_directories {
                if let Some(package) = by_directory.get_mut(&place(&directory)) {
                    package.cxx_sources = true;
                }
                if let Some(package) = vendored_directories
                    .get(&directory)
                    .and_then(|import| vendored.get_mut(import))
                    .filter(|package| package.part == index)
                {
                    package.cxx_sources = true;
                }
            }
            if let Some(txt) = &modules_txt {
                // One set, not a search of modules.txt per vendored package.
                let listed: BTreeSet<&str> = txt
                    .modules
                    .iter()
                    .flat_map(|module| module.packages.iter().map(String::as_str))
                    .collect();
                let imports: BTreeSet<&String> = vendored_directories.values().collect();
                for import in imports {
                    if !listed.contains(import.as_str()) {
                        warnings.push(format!(
                            "{} is not listed in vendor/modules.txt; run `go mod vendor` to bring vendor/ in step with go.mod",
                            paths::join(&prefix, &format!("vendor/{import}"))
                        ));
                    }
                }
            }
            roots.extend(paths.into_iter().map(|path| (path, index)));
            modules.push(Module {
                prefix,
                requires,
                in_use,
                modules_txt,
            });
        }
        // Longest first, so that a nested module's path wins over its parent's.
        roots.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        for package in vendored.values_mut() {
            // Vendored packages are Go's to check; a name is all godock needs.
            let name = package.buildable().map(|file| file.package.clone()).next();
            package.name = name;
        }
        for (directory, package) in &mut by_directory {
            let names: BTreeSet<String> = package
                .buildable()
                .map(|file| file.package.clone())
                // `package documentation` files are ignored by go/build.
                .filter(|name| *name != "documentation")
                .collect();
            match names.len() {
                0 => {}
                1 => package.name = names.into_iter().next(),
                _ => warnings.push(format!(
                    "{directory}: files of several packages ({}); Go cannot build it, so godock ignores it",
                    names.into_iter().collect::<Vec<_>>().join(", ")
                )),
            }
        }
        let mut packages = Packages {
            modules,
            by_directory,
            vendored,
            roots,
            entries: Vec::new(),
        };
        packages.entries = packages.index();
        packages
    }

    /// Directories of the packages of modules in use that `keep` keeps.
    fn directories_where(&self, keep: impl Fn(&Package) -> bool) -> Vec<String> {
        self.by_directory
            .iter()
            .filter(|(_, package)| self.modules[package.part].in_use && keep(package))
            .map(|(directory, _)| directory.clone())
            .collect()
    }

    pub fn all(&self) -> Vec<String> {
        self.directories_where(|package| package.name.is_some())
    }

    /// Main packages of the modules in use that declare `func main`: the
    /// programs to build.
    pub fn main_packages(&self) -> Vec<String> {
        self.directories_where(Package::is_program)
    }

    /// Main packages of the `part`th module.
    pub fn main_packages_of(&self, part: usize) -> Vec<String> {
        self.directories_where(|package| package.part == part && package.is_program())
    }

    /// `package main` directories that declare no `func main`: stubs
    /// holding `//go:generate` lines, which Go builds no program from.
    pub fn main_stubs(&self) -> Vec<String> {
        self.directories_where(|package| {
            package.name.as_deref() == Some("main") && !package.is_program()
        })
    }

    /// Directories with `package main` files of which none builds for linux.
    pub fn unbuildable_mains(&self) -> Vec<String> {
        self.directories_where(|package| {
            package.name.is_none() && package.files.iter().any(|file| file.package == "main")
        })
    }

    /// Own cgo packages: of the modules in use, and of replace targets those
    /// `requirements` name (a main package reaches them).
    pub fn cgo_packages(&self, requirements: &[CgoRequirement]) -> Vec<String> {
        self.own_where(requirements, Package::uses_cgo)
    }

    fn own_where(
        &self,
        requirements: &[CgoRequirement],
        keep: impl Fn(&Package) -> bool,
    ) -> Vec<String> {
        self.by_directory
            .iter()
            .filter(|(directory, package)| {
                keep(package)
                    && (self.modules[package.part].in_use
                        || requirements.iter().any(|requirement| {
                            requirement.kind == CgoKind::OwnFile
                                && requirement.package == **directory
                        }))
            })
            .map(|(directory, _)| directory.clone())
            .collect()
    }

    /// Own cgo packages (directories, as [`Packages::cgo_packages`]) and
    /// vendored ones (import paths) that also compile C++: the binary then
    /// needs libstdc++ at run time.
    pub fn cxx_packages(&self, requirements: &[CgoRequirement]) -> Vec<String> {
        let mut packages = self.own_where(requirements, Package::uses_cxx);
        packages.extend(
            self.vendored
                .iter()
                .filter(|(_, package)| package.uses_cxx())
                .map(|(import, _)| import.clone()),
        );
        packages
    }

    pub fn embeds(&self) -> BTreeMap<String, Vec<String>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| package.name.is_some() && self.modules[package.part].in_use)
            .filter_map(|(directory, package)| {
                let patterns = unique(
                    package
                        .buildable()
                        .flat_map(|file| file.embeds.iter().map(|(_, pattern)| pattern)),
                );
                (!patterns.is_empty()).then(|| (directory.clone(), patterns))
            })
            .collect()
    }

    /// Every `//go:embed` of the buildable files of the modules in use: the
    /// package, the file's name, the line and the pattern; and the first
    /// `//go:generate` line of the package (file, line, command).
    pub fn embed_directives(&self) -> Vec<EmbedDirective<'_>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| package.name.is_some() && self.modules[package.part].in_use)
            .flat_map(|(directory, package)| {
                let generate = package.files.iter().find_map(|file| {
                    file.generate
                        .as_ref()
                        .map(|(line, command)| (file.name.as_str(), *line, command.as_str()))
                });
                package.buildable().flat_map(move |file| {
                    file.embeds
                        .iter()
                        .map(move |(line, pattern)| EmbedDirective {
                            package: directory,
                            file: &file.name,
                            line: *line,
                            pattern,
                            generate,
                        })
                })
            })
            .collect()
    }
}

/// A `//go:embed` pattern where it is written.
pub(super) struct EmbedDirective<'a> {
    /// The package directory, relative to the build root.
    pub package: &'a str,
    pub file: &'a str,
    pub line: u32,
    pub pattern: &'a str,
    /// The package's first `//go:generate` line: file, line, command.
    pub generate: Option<(&'a str, u32, &'a str)>,
}

fn unique<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|item| seen.insert(item.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::scan::facts_of as facts;

    #[test]
    fn inconsistent_vendoring_warns_from_go_1_14_on() {
        let files = |go: &str| {
            facts(&[
                (
                    "go.mod",
                    &format!("module example.com/m\n\ngo {go}\n\nrequire example.com/x v1.1.0\n"),
                ),
                (
                    "vendor/modules.txt",
                    "# example.com/x v1.0.0\nexample.com/x\n",
                ),
                ("main.go", "package main\n\nfunc main() {}\n"),
            ])
            .warnings
        };
        let warnings = files("1.21");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("does not mark `## explicit`"),
            "{warnings:?}"
        );
        assert!(warnings[0].ends_with("run `go mod vendor`"), "{warnings:?}");
        assert!(files("1.13").is_empty());
    }

    #[test]
    fn vendor_is_read_only_with_modules_txt_and_holds_no_nested_modules() {
        let cgo_vendor = [
            (
                "main.go",
                "package main\n\nimport _ \"example.com/db\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/db/db.go",
                "package db\n\nimport \"C\"\n",
            ),
            ("vendor/example.com/db/go.mod", "module example.com/db\n"),
            (
                "vendor/example.com/db/testdata/x.go",
                "package x\n\nimport \"C\"\n",
            ),
        ];
        // Without modules.txt Go ignores vendor/, and so does godock.
        let without = facts(&cgo_vendor);
        assert!(without.cgo_mains.is_empty());
        assert!(without.nested_modules.is_empty());
        let mut with = cgo_vendor.to_vec();
        with.push((
            "vendor/modules.txt",
            "# example.com/db v1.0.0\nexample.com/db\n",
        ));
        let with = facts(&with);
        assert_eq!(with.cgo_mains, ["."]);
        assert_eq!(with.cgo_requires.len(), 1, "{:?}", with.cgo_requires);
        assert!(with.nested_modules.is_empty());
    }

    #[test]
    fn a_malformed_modules_txt_is_an_error_naming_it() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join("go.mod"), "module example.com/m\n").unwrap();
        std::fs::write(
            directory.path().join("main.go"),
            "package main\nfunc main() {}\n",
        )
        .unwrap();
        std::fs::create_dir(directory.path().join("vendor")).unwrap();
        std::fs::write(
            directory.path().join("vendor/modules.txt"),
            "example.com/x\n",
        )
        .unwrap();
        let error = crate::scan::scan_path(directory.path(), None)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("vendor/modules.txt:1: package example.com/x appears before"),
            "{error}"
        );
    }
}
