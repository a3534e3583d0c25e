//! Scanning: the disk → [`Facts`], and no opinions about them.
//!
//! [`locate`](fn@locate) finds the project from go.mod and go.work alone;
//! [`scan`](fn@scan) then walks each module the build sees once (`walk`: the
//! top of each Go file, and the rest only where the facts need it), builds
//! one import graph across them (`graph`) and reports what it found.
//! Everything here returns data or an error: nothing prints or exits, nothing reads godock's settings,
//! and nothing decides about the image (a library without `package main` is
//! a fact here, and the plan's to refuse).
mod build_evidence;
mod cgo_listed;
pub mod context_files;
pub mod context_needs;
mod embeds;
mod evidence;
mod facts;
mod frontend;
pub mod go_command;
mod golist;
mod graph;
pub mod locate;
pub mod paths;
mod read;
mod requirements;
mod walk;

use std::collections::BTreeSet;
use std::path::Path;

pub use build_evidence::{BinaryEvidence, BuildEvidence, PortEvidence, Recipe, Says};
pub use context_files::{ContextFiles, Owner, SecretFile};
pub use facts::{
    module_name, CgoKind, CgoLibrary, CgoNeeds, CgoReader, CgoReaderKind, CgoRequirement,
    Confidence, Facts, Frontend, MissingEmbed, Module, Need, NodeAsk, PortCandidate, PortPattern,
    RuntimeNeeds, VersionStamp,
};
pub use locate::{
    check_directory, enclosing_module, locate, BuildContext, LocalReplace, Location, ModuleChoice,
    Repository, Workspace,
};
pub use requirements::MemberRequire;

use crate::error::Result;
use crate::go::go_mod::GoMod;
use crate::go::modules_txt::{self, ModulesTxt};
use paths::within;
pub use read::{regular_file, regular_text, MAX_FILE_BYTES};

/// Walks every module `location` found, once each, and reports the facts;
/// asks `go list` about dependencies when a go command is on PATH.
pub fn scan(location: &Location) -> Result<Facts> {
    scan_with(location, golist::go_on_path().as_deref())
}

/// [`scan`], asking the go command `go` (none: godock reads alone).
pub fn scan_with(location: &Location, go: Option<&Path>) -> Result<Facts> {
    crate::stage::entered(crate::stage::Stage::Walk);
    let path = &location.path;
    let mut warnings = location.warnings.clone();
    let mut parts = Vec::new();
    let mut nested_modules = Vec::new();
    let mut modules = Vec::new();
    let mut member_packages = Vec::new();
    for located in &location.modules {
        let package = paths::package_form(&location.between(&location.build_root, &located.dir));
        let mut tree = walk_module(path, &located.dir, &package, &mut warnings)?;
        let modules_txt = if located.in_use {
            member_packages.push(package.clone());
            nested_modules.extend(prefixed(&package, std::mem::take(&mut tree.nested_modules)));
            read_modules_txt(&within(path, &located.dir), &located.go_mod, &mut warnings)?
        } else {
            // A replace target's nested modules are no concern of this
            // build, and Go ignores its vendor/.
            tree.nested_modules.clear();
            None
        };
        let requires = requires_of(&located.go_mod);
        parts.push(graph::Part {
            prefix: package.clone(),
            paths: located.import_paths.clone(),
            tree,
            modules_txt,
            requires: requires.clone(),
            in_use: located.in_use,
        });
        if located.in_use {
            modules.push(Module {
                dir: located.dir.clone(),
                module: located.go_mod.module.clone(),
                go: located.go_mod.go.clone(),
                go_sum: within(path, &located.dir).join("go.sum").is_file(),
                package,
                // Known once the graph across every module is built.
                main_packages: Vec::new(),
                requires,
                used_at: located.used_at,
            });
        }
    }

    let graph = graph::Packages::new(parts, &mut warnings);
    for (index, module) in modules.iter_mut().enumerate() {
        module.main_packages = graph.main_packages_of(index);
    }
    let (module_root, go_mod) = module_of_the_project(location, &modules);

    let nested_modules = nested_modules
        .into_iter()
        .filter(|nested| !member_packages.contains(nested))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let main_packages = sorted(graph.main_packages());
    let build_root = paths::absolute(&within(path, &location.build_root));
    let repository = paths::absolute(&within(path, &location.repository.root));
    let missing_embeds = embeds::missing(&graph.embed_directives(), &build_root, &repository);
    let (frontends, explained) = frontend::find(&missing_embeds, &build_root, &mut warnings);
    warnings.extend(
        missing_embeds
            .iter()
            .zip(explained)
            .filter(|(_, explained)| !explained)
            .map(|(embed, _)| embeds::warning(embed)),
    );
    let cgo = cgo_listed::read(&graph, &main_packages, location, &build_root, go);
    warnings.extend(cgo.warning);
    let (cgo_requires, cgo_libraries) = (cgo.requirements, cgo.libraries);
    let (evidence, build_evidence) = evidence::gather(location, &modules, &main_packages);
    let port_candidates = graph.port_candidates();
    let cgo_mains = cgo_requires
        .iter()
        .flat_map(|requirement| requirement.mains.iter().cloned())
        .collect();
    let workspace = location
        .workspace
        .as_ref()
        .map(|located| &located.workspace);
    let (go, toolchain) = match workspace {
        Some(workspace) if workspace.go.is_some() || workspace.toolchain.is_some() => {
            (workspace.go.clone(), workspace.toolchain.clone())
        }
        _ => (go_mod.go.clone(), go_mod.toolchain.clone()),
    };
    let module_directory = within(path, &module_root);
    let version_stamps = graph.version_stamps();
    Ok(Facts {
        module_root,
        module: go_mod.module.clone(),
        go,
        toolchain,
        vendor: module_directory.join("vendor/modules.txt").is_file(),
        go_work: locate::has_go_work(&module_directory),
        go_sum: module_directory.join("go.sum").is_file(),
        requires: go_mod.requires.len(),
        required_modules: requirements::required_modules(location),
        member_requires: requirements::member_requires(location),
        local_replaces: location.local_replaces.clone(),
        packages: sorted(graph.all()),
        main_packages,
        main_stubs: graph.main_stubs(),
        cgo_packages: sorted(graph.cgo_packages(&cgo_requires)),
        cxx_packages: sorted(graph.cxx_packages(&cgo_requires)),
        cgo_mains: sorted(cgo_mains),
        embed: graph.embeds(),
        version_variables: graph::main_version_variables(&version_stamps),
        version_stamps,
        nested_modules,
        warnings,
        modules,
        workspace: workspace.cloned(),
        build_root: location.build_root.clone(),
        repository: location.repository.clone(),
        cgo_libraries,
        cgo_requires,
        runtime_needs: graph.runtime_needs(),
        frontends,
        ports: port_candidates
            .iter()
            .map(|(main, candidates)| (main.clone(), candidates.iter().map(|c| c.port).collect()))
            .collect(),
        port_candidates,
        missing_embeds,
        cgo_reader: cgo.reader,
        build_evidence,
        repository_name: repository
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        health_endpoints: graph.health_endpoints(),
        health_commands: graph.health_commands(),
        unbuildable_mains: graph.unbuildable_mains(),
        path: path.clone(),
        context_files: match location.build_context() {
            Ok(context) => context_files::read(&context.directory(path), evidence),
            // The pipeline reports a context godock cannot reach.
            Err(_) => ContextFiles::default(),
        },
    })
}

/// Locates and scans the project at `path` (see [`locate`](fn@locate) and [`scan`](fn@scan)).
pub fn scan_path(path: &Path, choice: Option<&ModuleChoice>) -> Result<Facts> {
    scan(&locate(path, choice)?)
}

/// The module the facts are about: the located one, unless a go.work at the
/// path named it and it has no main package; then the first module the
/// workspace uses that has one names the project instead.
fn module_of_the_project(location: &Location, modules: &[Module]) -> (String, GoMod) {
    let located = |directory: &str| {
        location
            .modules
            .iter()
            .find(|module| module.dir == directory)
            .map(|module| module.go_mod.clone())
            .unwrap_or_default()
    };
    let root = &location.module_root;
    let library = modules
        .iter()
        .any(|module| module.dir == *root && module.main_packages.is_empty());
    let first_program = modules
        .iter()
        .filter(|module| !module.main_packages.is_empty())
        .min_by_key(|module| module.used_at);
    match first_program {
        Some(module) if location.named_by_go_work && library => {
            (module.dir.clone(), located(&module.dir))
        }
        _ => (root.clone(), located(root)),
    }
}

/// The tree of the module in `directory` (relative to `path`), its warnings
/// moved to `warnings`, prefixed with its directory from the build root.
fn walk_module(
    path: &Path,
    directory: &str,
    package: &str,
    warnings: &mut Vec<String>,
) -> Result<walk::Tree> {
    let mut tree = walk::walk(&within(path, directory))?;
    for warning in std::mem::take(&mut tree.warnings) {
        warnings.push(if package == "." {
            warning
        } else {
            format!("{}/{warning}", package.trim_start_matches("./"))
        });
    }
    Ok(tree)
}

fn requires_of(go_mod: &GoMod) -> Vec<String> {
    go_mod
        .requires
        .iter()
        .map(|require| require.path.clone())
        .collect()
}

/// vendor/modules.txt of the module in `directory`, parsed, with a warning
/// for each way it disagrees with go.mod; `None` without one.
fn read_modules_txt(
    directory: &Path,
    go_mod: &GoMod,
    warnings: &mut Vec<String>,
) -> Result<Option<ModulesTxt>> {
    let modules_txt_path = directory.join("vendor/modules.txt");
    if !modules_txt_path.is_file() {
        return Ok(None);
    }
    let modules_txt = read::modules_txt(&modules_txt_path)?;
    // Go checks vendor/modules.txt against go.mod from `go 1.14` on.
    let checks_vendoring = go_mod
        .go
        .as_deref()
        .and_then(|go| crate::go::version::GoVersion::parse(go).ok())
        .is_none_or(|go| (go.major(), go.minor()) >= (1, 14));
    if checks_vendoring {
        let required: Vec<(String, String)> = go_mod
            .requires
            .iter()
            .map(|require| (require.path.clone(), require.version.clone()))
            .collect();
        for problem in modules_txt::inconsistencies(&modules_txt, &required) {
            warnings.push(format!(
                "{problem}; Go refuses to build from an inconsistent vendor/: run `go mod vendor`"
            ));
        }
    }
    Ok(Some(modules_txt))
}

/// Own package directories (`.`, `./x`) made relative to the build root;
/// import paths (vendored packages) stay as they are.
fn prefixed(module: &str, packages: Vec<String>) -> Vec<String> {
    packages
        .into_iter()
        .map(|package| {
            if package == "." || package.starts_with("./") {
                paths::prefix_package(module, &package)
            } else {
                package
            }
        })
        .collect()
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items.dedup();
    items
}

/// The facts of a module made of `files` (go.mod added unless given), as
/// godock reads them alone (no `go list`).
#[cfg(test)]
pub(crate) fn facts_of(files: &[(&str, &str)]) -> Facts {
    let directory = crate::fixtures::module(files);
    scan_with(&locate(directory.path(), None).unwrap(), None).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{need, tree, MAIN};

    fn scan(path: &Path) -> Result<Facts> {
        scan_with(&locate(path, None)?, None)
    }

    #[test]
    fn a_workspace_takes_its_go_release_from_go_work_and_walks_every_module() {
        let directory = tree(&[
            (
                "go.work",
                "go 1.24\ntoolchain go1.24.1\nuse (\n\t.\n\t./tools\n)\n",
            ),
            ("go.mod", "module example.com/root\n\ngo 1.22\n"),
            ("main.go", MAIN),
            ("tools/go.mod", "module example.com/tools\n\ngo 1.23\n"),
            ("tools/cmd/gen/main.go", MAIN),
            ("tools/go.sum", ""),
            // A module inside the workspace's tree that it does not use.
            ("other/go.mod", "module example.com/other\n"),
            ("other/main.go", MAIN),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert_eq!(facts.go.as_deref(), Some("1.24"));
        assert_eq!(facts.toolchain.as_deref(), Some("go1.24.1"));
        assert_eq!(facts.main_packages, [".", "./tools/cmd/gen"]);
        assert_eq!(facts.nested_modules, ["./other"]);
        let modules: Vec<(&str, &str, bool)> = facts
            .modules
            .iter()
            .map(|m| (m.dir.as_str(), m.package.as_str(), m.go_sum))
            .collect();
        assert_eq!(modules, [(".", ".", false), ("tools", "./tools", true)]);
        assert_eq!(facts.modules[1].used_at, Some(5));
        assert_eq!(facts.build_root, ".");
    }

    #[test]
    fn a_go_work_whose_first_module_is_a_library_is_named_by_its_first_program() {
        let directory = tree(&[
            ("go.work", "go 1.23\nuse (\n\t./lib\n\t./zeta\n\t./app\n)\n"),
            ("lib/go.mod", "module example.com/lib\n"),
            ("lib/lib.go", "package lib\n"),
            ("app/go.mod", "module example.com/app\n"),
            ("app/main.go", MAIN),
            ("zeta/go.mod", "module example.com/zeta\n"),
            ("zeta/cmd/z/main.go", MAIN),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert_eq!(facts.module_root, "zeta");
        assert_eq!(facts.module, "example.com/zeta");
        assert_eq!(facts.main_packages, ["./app", "./zeta/cmd/z"]);
    }

    #[test]
    fn a_go_work_that_does_not_use_the_module_is_an_error() {
        let directory = tree(&[
            ("go.work", "go 1.23\nuse ./tools\n"),
            ("go.mod", "module example.com/root\n"),
            ("main.go", MAIN),
            ("tools/go.mod", "module example.com/tools\n"),
        ]);
        let error = scan(directory.path()).unwrap_err().report();
        assert!(error.contains("does not use the module in"), "{error}");
        assert!(error.contains("\nhint: add `use .` to it"), "{error}");
    }

    #[test]
    fn replace_targets_are_resolved_from_the_go_mod_that_names_them() {
        let directory = tree(&[
            (
                "svc/go.mod",
                "module example.com/svc\n\n// shared code\nreplace example.com/lib => ../lib\n",
            ),
            ("svc/main.go", MAIN),
            ("lib/go.mod", "module example.com/lib\n"),
        ]);
        let facts = scan_path(
            directory.path(),
            Some(&ModuleChoice {
                directory: "svc".into(),
                chosen_by: "--module".into(),
            }),
        )
        .unwrap();
        let replace = &facts.local_replaces[0];
        assert_eq!(
            (replace.dir.as_str(), replace.file.as_str(), replace.line),
            ("lib", "svc/go.mod", 4)
        );
        // Scanned from the module itself, the target lies above the path.
        let facts = scan(&directory.path().join("svc")).unwrap();
        assert_eq!(facts.local_replaces[0].dir, "../lib");
    }

    // The import graph across in-repo modules.

    const NATIVE_CGO: &str =
        "package native\n\n// #cgo LDFLAGS: -lz\n// #include <zlib.h>\nimport \"C\"\n";

    #[test]
    fn cgo_reached_through_a_workspace_member_library() {
        let directory = tree(&[
            (
                "go.work",
                "go 1.23\nuse (\n\t./api\n\t./lib\n\t./tools\n)\n",
            ),
            ("api/go.mod", "module example.com/api\n\ngo 1.23\n"),
            (
                "api/main.go",
                "package main\n\nimport _ \"example.com/lib/native\"\n\nfunc main() {}\n",
            ),
            ("lib/go.mod", "module example.com/lib\n\ngo 1.23\n"),
            ("lib/native/native.go", NATIVE_CGO),
            ("tools/go.mod", "module example.com/tools\n\ngo 1.23\n"),
            ("tools/main.go", MAIN),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert_eq!(facts.main_packages, ["./api", "./tools"]);
        assert_eq!(facts.cgo_mains, ["./api"]);
        assert_eq!(facts.cgo_packages, ["./lib/native"]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::OwnFile);
        assert_eq!(requirement.package, "./lib/native");
        assert_eq!(requirement.file.as_deref(), Some("lib/native/native.go"));
        assert_eq!(requirement.mains, ["./api"]);
        assert_eq!(facts.cgo_requires.len(), 1, "{:?}", facts.cgo_requires);
        let library = &facts.cgo_libraries[0];
        assert_eq!(
            (library.name.as_str(), library.source.as_str()),
            ("z", "lib/native/native.go")
        );
        assert!(
            facts.runtime_needs.unseen.is_empty(),
            "{:?}",
            facts.runtime_needs
        );
    }

    #[test]
    fn cgo_reached_through_a_local_replace_target_whose_mains_are_not_ours() {
        let directory = tree(&[
            (
                "go.mod",
                "module example.com/app\n\ngo 1.23\n\nrequire example.com/mathx v0.0.0\n\nreplace example.com/mathx => ./third_party/mathx\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"example.com/mathx/fast\"\n\nfunc main() {}\n",
            ),
            ("third_party/mathx/go.mod", "module example.com/mathx\n"),
            (
                "third_party/mathx/fast/fast.go",
                "package fast\n\n// #cgo LDFLAGS: -lm\nimport \"C\"\n",
            ),
            // Its own program and an embed: not a binary, not a package of ours.
            ("third_party/mathx/cmd/bench/main.go", MAIN),
            (
                "third_party/mathx/assets.go",
                "package mathx\n\nimport _ \"embed\"\n\n//go:embed table.txt\nvar table string\n",
            ),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert_eq!(facts.main_packages, ["."]);
        assert_eq!(facts.packages, ["."]);
        assert_eq!(facts.modules[0].main_packages, ["."]);
        assert!(facts.embed.is_empty(), "{:?}", facts.embed);
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::OwnFile);
        assert_eq!(requirement.package, "./third_party/mathx/fast");
        assert_eq!(
            requirement.file.as_deref(),
            Some("third_party/mathx/fast/fast.go")
        );
        // Reached, so it is a cgo package the build compiles.
        assert_eq!(facts.cgo_packages, ["./third_party/mathx/fast"]);
        assert_eq!(facts.cgo_libraries[0].name, "m");
        assert!(facts.runtime_needs.unseen.is_empty());
        // The target stays a nested module and a kept replace.
        assert_eq!(facts.nested_modules, ["./third_party/mathx"]);
        assert_eq!(facts.local_replaces[0].dir, "third_party/mathx");
    }

    #[test]
    fn a_replace_targets_main_package_is_no_binary_even_alone() {
        let directory = tree(&[
            (
                "go.mod",
                "module example.com/app\n\nreplace example.com/tool => ./tool\n",
            ),
            ("lib.go", "package app\n"),
            ("tool/go.mod", "module example.com/tool\n"),
            ("tool/main.go", MAIN),
        ]);
        // A library: the facts say so, and the plan refuses to build it.
        let facts = scan(directory.path()).unwrap();
        assert!(facts.main_packages.is_empty(), "{:?}", facts.main_packages);
        assert_eq!(facts.packages, ["."]);
    }

    /// svc replaces example.com/shared with ../shared, which imports `shared`.
    fn replaced_outside(shared: &str, git: bool) -> Facts {
        let mut files = vec![
            (
                "svc/go.mod",
                "module example.com/svc\n\ngo 1.23\n\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n",
            ),
            (
                "svc/main.go",
                "package main\n\nimport _ \"example.com/shared/client\"\n\nfunc main() {}\n",
            ),
            ("shared/go.mod", "module example.com/shared\n\ngo 1.23\n"),
            ("shared/client/client.go", shared),
        ];
        if git {
            files.push((".git/HEAD", "ref: refs/heads/main\n"));
        }
        let directory = tree(&files);
        scan(&directory.path().join("svc")).unwrap()
    }

    #[test]
    fn tls_in_a_replaced_module_outside_the_module_needs_ca_certificates() {
        let facts = replaced_outside("package client\n\nimport _ \"net/http\"\n", true);
        assert_eq!(
            facts.runtime_needs.ca_certificates,
            [need(
                ".",
                "reaches ../shared/client, which imports net/http"
            )]
        );
        assert!(
            facts.runtime_needs.unseen.is_empty(),
            "{:?}",
            facts.runtime_needs
        );
        assert!(facts.runtime_needs.may_need_ca_certificates("."));
        // Without TLS, nothing: it was read, not guessed.
        let facts = replaced_outside("package client\n\nimport _ \"fmt\"\n", true);
        assert!(!facts.runtime_needs.may_need_ca_certificates("."));
        // Outside the repository (no .git above, so the repository is svc),
        // the target is not read and stays unseen.
        let facts = replaced_outside("package client\n\nimport _ \"fmt\"\n", false);
        assert_eq!(
            facts.runtime_needs.unseen.len(),
            1,
            "{:?}",
            facts.runtime_needs
        );
    }

    #[test]
    fn cgo_for_darwin_only_in_another_module_does_not_count() {
        let directory = tree(&[
            ("go.work", "go 1.23\nuse (\n\t./api\n\t./lib\n)\n"),
            ("api/go.mod", "module example.com/api\n"),
            (
                "api/main.go",
                "package main\n\nimport _ \"example.com/lib/native\"\n\nfunc main() {}\n",
            ),
            ("lib/go.mod", "module example.com/lib\n"),
            ("lib/native/native_darwin.go", NATIVE_CGO),
            ("lib/native/native.go", "package native\n"),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert!(facts.cgo_mains.is_empty(), "{:?}", facts.cgo_requires);
        assert!(facts.cgo_requires.is_empty());
        assert!(facts.cgo_libraries.is_empty());
        assert!(facts.cgo_packages.is_empty());
    }

    #[test]
    fn a_replace_target_that_is_a_workspace_member_is_walked_once_and_stays_ours() {
        let directory = tree(&[
            ("go.work", "go 1.23\nuse (\n\t.\n\t./tools\n\t./lib\n)\n"),
            (
                "go.mod",
                "module example.com/m\n\nreplace example.com/shared => ./lib\n",
            ),
            (
                "main.go",
                "package main\n\nimport (\n\t_ \"example.com/m/tools/gen\"\n\t_ \"example.com/shared/native\"\n)\n\nfunc main() {}\n",
            ),
            // A nested module's path wins over its parent's.
            ("tools/go.mod", "module example.com/m/tools\n"),
            ("tools/gen/gen.go", "package gen\n\nimport _ \"crypto/tls\"\n"),
            ("lib/go.mod", "module example.com/shared\n"),
            ("lib/native/native.go", NATIVE_CGO),
            ("lib/cmd/x/main.go", MAIN),
        ]);
        let facts = scan(directory.path()).unwrap();
        assert_eq!(facts.main_packages, [".", "./lib/cmd/x"]);
        assert_eq!(
            facts.packages,
            [".", "./lib/cmd/x", "./lib/native", "./tools/gen"]
        );
        assert_eq!(facts.cgo_requires.len(), 1, "{:?}", facts.cgo_requires);
        assert_eq!(facts.cgo_requires[0].package, "./lib/native");
        assert_eq!(facts.cgo_mains, ["."]);
        assert_eq!(
            facts.runtime_needs.ca_certificates,
            [need(".", "reaches ./tools/gen, which imports crypto/tls")]
        );
        assert!(facts.runtime_needs.unseen.is_empty());
    }

    #[test]
    fn a_replace_targets_go_mod_is_read_by_the_replaced_path() {
        let files = |target_go_mod: &'static str| {
            tree(&[
                (
                    "go.mod",
                    "module example.com/app\n\nreplace example.com/x => ./x\n",
                ),
                (
                    "main.go",
                    "package main\n\nimport _ \"example.com/x\"\n\nfunc main() {}\n",
                ),
                ("x/go.mod", target_go_mod),
                ("x/x.go", "package x\n\nimport _ \"net/http\"\n"),
            ])
        };
        // Without a module line, imports still name it by the replaced path.
        let directory = files("go 1.23\n");
        let facts = scan(directory.path()).unwrap();
        assert_eq!(
            facts.runtime_needs.ca_certificates,
            [need(".", "reaches ./x, which imports net/http")]
        );
        // A go.mod Go cannot read is an error naming it and the line.
        let directory = files("module example.com/x\n\nrequire (\n");
        let error = scan(directory.path()).unwrap_err().to_string();
        assert!(error.contains("x/go.mod"), "{error}");
    }
}
