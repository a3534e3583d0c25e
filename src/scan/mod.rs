//! Scanning: facts about a Go repository, and no opinions about them.
//!
//! One walk of the module's tree (see [`walk`]) reads the top of each Go file
//! and, only where the facts need it, the rest: files importing `"embed"` for
//! their `//go:embed` patterns, files of `package main` for version variables.
//! Every in-repo module the build sees (each module in use, each local
//! replace target) is walked once, and their packages make one import graph.
//! Everything here returns data or an [`Error`]; nothing prints or exits.
pub mod build_constraint;
pub mod cgo_data;
pub mod go_mod;
pub mod go_source;
pub mod go_work;
pub mod layout;
mod packages;
pub mod vendor;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
pub use layout::{ModuleChoice, Repository};

/// What a scan found. The keys of its JSON form are a contract (`godock scan
/// --json`); new keys may be added, none renamed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Facts {
    /// The directory holding go.mod, relative to the scanned path (`"."`,
    /// `"services/api"`).
    pub module_root: String,
    pub module: String,
    /// The `go` directive as written, `null` when go.mod has none.
    pub go: Option<String>,
    /// The `toolchain` directive as written, `null` when absent.
    pub toolchain: Option<String>,
    /// Whether `vendor/modules.txt` exists, so Go builds from vendor/.
    pub vendor: bool,
    /// Whether a go.work governs the module.
    pub go_work: bool,
    /// Whether go.sum exists next to go.mod.
    pub go_sum: bool,
    /// How many modules go.mod requires.
    pub requires: usize,
    pub local_replaces: Vec<LocalReplace>,
    /// Directories of every package of this module that builds for linux, sorted.
    pub packages: Vec<String>,
    /// Directories of main packages, `"."` or `"./cmd/x"`, sorted.
    pub main_packages: Vec<String>,
    /// Own packages with cgo files that build for linux, sorted: those of the
    /// modules in use, and those of local replace targets a main package
    /// reaches.
    pub cgo_packages: Vec<String>,
    /// Cgo packages that also compile C++ (they need libstdc++ at run time):
    /// own ones by directory, vendored ones by import path.
    pub cxx_packages: Vec<String>,
    /// Main packages whose build needs cgo: they reach an own or vendored
    /// package importing "C", or a module known to need cgo (`cgo_requires`
    /// says which and why).
    pub cgo_mains: Vec<String>,
    /// `//go:embed` patterns per package, as written.
    pub embed: BTreeMap<String, Vec<String>>,
    /// Per main package, the version variables `-ldflags -X` can set.
    pub version_variables: BTreeMap<String, Vec<String>>,
    /// Directories below the module root (in a workspace, below each module
    /// in use, relative to the build root) holding another go.mod: other
    /// modules, which no module in use is.
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
    /// Every module in use: the module alone, or each one the go.work uses.
    pub modules: Vec<Module>,
    /// The go.work that governs the module, when it is inside the repository.
    pub workspace: Option<Workspace>,
    /// Where the go command runs, relative to the scanned path: the go.work's
    /// directory in a workspace, else the module root. Package directories
    /// (`packages`, `main_packages`, `embed`, …) are relative to it.
    pub build_root: String,
    pub repository: Repository,
    /// Why cgo is needed, and by which main packages.
    pub cgo_requires: Vec<CgoRequirement>,
    /// C libraries the cgo code links (`-lNAME`, `pkg-config: NAME`) on linux.
    pub cgo_libraries: Vec<CgoLibrary>,
    /// What the programs need at run time, with reasons.
    pub runtime_needs: RuntimeNeeds,
    /// Per main package, the ports it listens on (nearest first).
    pub ports: BTreeMap<String, Vec<u16>>,
}

/// A module in use.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Module {
    /// Its directory, relative to the scanned path.
    pub dir: String,
    pub module: String,
    /// Its `go` directive as written.
    pub go: Option<String>,
    pub go_sum: bool,
    /// Its directory as a package path from the build root (`"."`, `"./app"`).
    pub package: String,
    /// Its main packages, relative to the build root as `main_packages` are.
    pub main_packages: Vec<String>,
    /// The go.work line that uses it.
    #[serde(skip)]
    pub used_at: Option<u32>,
}

/// The go.work that governs the module.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Workspace {
    /// Its directory, relative to the scanned path.
    pub dir: String,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    /// Whether go.work.sum exists beside it.
    pub go_work_sum: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CgoKind {
    /// A file of an in-repo module (the module, a workspace member, a local
    /// replace target) imports "C".
    OwnFile,
    /// A file of a package under vendor/ imports "C".
    VendoredPackage,
    /// A package `data/cgo.toml` lists as needing cgo.
    KnownModule,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoRequirement {
    pub kind: CgoKind,
    /// The package that needs cgo: `./internal/native`, `example.com/x`.
    pub package: String,
    /// The file importing "C" (own and vendored), relative to the build root
    /// (`lib/native/native.go`, `vendor/example.com/x/x.go`).
    pub file: Option<String>,
    /// The module (vendored and known).
    pub module: Option<String>,
    pub why: String,
    /// Whether the package also builds without cgo (a `//go:build !cgo`
    /// fallback), so a static build is possible, if not the same program.
    pub fallback: bool,
    /// The main packages whose build reaches it.
    pub mains: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoLibrary {
    /// As the flag names it: `z` for `-lz`, `sqlite3` for `pkg-config: sqlite3`.
    pub name: String,
    /// The flag as written (`#cgo LDFLAGS: -lz`), or `needed by <package>`.
    pub flag: String,
    /// The file holding the flag, or the known package needing the library.
    pub source: String,
}

/// Run-time needs, each a list of reasons, at most one per main package (the
/// nearest). Found from the imports of every package a main
/// package reaches (own, of every in-repo module, and vendored) and
/// `LoadLocation` calls in own files; packages of other modules that are not
/// vendored cannot be read (`unseen`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// TLS or an HTTP client: the image needs CA certificates.
    pub ca_certificates: Vec<Need>,
    /// Time zones by name: the image needs /usr/share/zoneinfo (or -tags timetzdata).
    pub tzdata: Vec<Need>,
    /// Main packages importing time/tzdata: time zones are in the binary.
    pub tzdata_embedded: Vec<Need>,
    /// The net resolver: the `netgo` tag matters for a static cgo link.
    pub netgo: Vec<Need>,
    /// os/user: the `osusergo` tag matters for a static cgo link.
    pub osusergo: Vec<Need>,
    /// Main packages importing packages godock cannot read: needs unknown.
    pub unseen: Vec<Need>,
}

/// Why a main package needs something at run time.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Need {
    pub main: String,
    /// `imports net/http`, `reaches ./internal/x, which imports crypto/tls`,
    /// `internal/x/x.go calls time.LoadLocation`.
    pub why: String,
}

impl RuntimeNeeds {
    /// Whether the program at `main` needs CA certificates, or may: it
    /// imports packages godock cannot read.
    pub fn may_need_ca_certificates(&self, main: &str) -> bool {
        self.ca_certificates
            .iter()
            .chain(&self.unseen)
            .any(|need| need.main == main)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LocalReplace {
    pub old: String,
    /// The target as written.
    pub new: String,
    /// The target directory, relative to the scanned path.
    pub dir: String,
    /// The go.mod or go.work that says it, relative to the scanned path.
    pub file: String,
    pub line: u32,
}

impl Facts {
    /// The last element of the module path, ignoring a major-version suffix
    /// (`example.com/tool/v2` → `tool`).
    pub fn module_name(&self) -> &str {
        module_name(&self.module)
    }
}

pub fn module_name(module: &str) -> &str {
    let mut elements = module.rsplit('/');
    let last = elements.next().unwrap_or(module);
    let is_major_suffix =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    match (is_major_suffix, elements.next()) {
        (true, Some(previous)) => previous,
        _ => last,
    }
}

/// Scans the Go module at `path`, or below it (see [`scan_module`]).
pub fn scan(path: &Path) -> Result<Facts> {
    scan_module(path, None)
}

/// Scans the Go project at `path`: the module there, or the one `choice`
/// names, or the shallowest below it; and, when a go.work governs that
/// module, every module the workspace uses.
pub fn scan_module(path: &Path, choice: Option<&ModuleChoice>) -> Result<Facts> {
    if !path.is_dir() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        });
    }
    let absolute = layout::clean(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let repository = layout::Repository::find(&absolute);
    // Directories given relative to `path`, related through absolute paths
    // because either may lie above `path`.
    let between = |from: &str, to: &str| {
        layout::relative(
            &layout::clean(&absolute.join(from)),
            &layout::clean(&absolute.join(to)),
        )
    };
    let mut warnings = Vec::new();
    let module_root = layout::module_root(path, choice, &mut warnings)?;
    let go_mod_path = within(path, &module_root).join("go.mod");
    let go_mod = read_go_mod(&go_mod_path)?;
    let workspace = governing_go_work(path, &absolute, &module_root, &repository, &mut warnings)?;

    // The modules to walk: every one the workspace uses, or the module alone.
    let build_root = match &workspace {
        Some((workspace, _, _)) => workspace.dir.clone(),
        None => module_root.clone(),
    };
    let mut members = match &workspace {
        Some((workspace, work, work_path)) => {
            let members = workspace_members(path, &absolute, workspace, work, work_path)?;
            if !members
                .iter()
                .any(|(directory, _)| *directory == module_root)
            {
                return Err(Error::Other(format!(
                    "{} does not use the module in {} ({}); add `use {}` to it, or pass --module with one of the modules it uses",
                    work_path.display(),
                    within(path, &module_root).display(),
                    go_mod.module,
                    layout::package_form(&between(&workspace.dir, &module_root)),
                )));
            }
            members
        }
        None => vec![(module_root.clone(), None)],
    };
    members.sort_by(|a, b| a.0.cmp(&b.0));

    let mut parts = Vec::new();
    let mut nested_modules = Vec::new();
    let mut modules = Vec::new();
    let mut local_replaces = Vec::new();
    let mut member_packages = Vec::new();
    for (directory, used_at) in &members {
        let module_go_mod = if *directory == module_root {
            go_mod.clone()
        } else {
            read_go_mod(&within(path, directory).join("go.mod"))?
        };
        let package = layout::package_form(&between(&build_root, directory));
        member_packages.push(package.clone());
        let mut tree = walk_module(path, directory, &package, &mut warnings)?;
        nested_modules.extend(prefixed(&package, std::mem::take(&mut tree.nested_modules)));
        let member_directory = within(path, directory);
        let modules_txt = read_modules_txt(&member_directory, &module_go_mod, &mut warnings)?;
        parts.push(packages::Part {
            prefix: package.clone(),
            paths: vec![module_go_mod.module.clone()],
            tree,
            modules_txt,
            requires: requires_of(&module_go_mod),
            in_use: true,
        });
        local_replaces.extend(local_replaces_of(
            path,
            &absolute,
            directory,
            &module_go_mod,
        )?);
        modules.push(Module {
            dir: directory.clone(),
            module: module_go_mod.module.clone(),
            go: module_go_mod.go.clone(),
            go_sum: within(path, directory).join("go.sum").is_file(),
            package,
            // Known once the graph across every module is built.
            main_packages: Vec::new(),
            used_at: *used_at,
        });
    }
    if let Some((workspace, work, work_path)) = &workspace {
        for replace in work.replaces.iter().filter(|replace| replace.is_local()) {
            let directory = resolve(&absolute, &workspace.dir, &replace.new);
            let file = relative_file(path, work_path);
            check_replace_target(
                path,
                &directory,
                &file,
                replace.line,
                &replace.old,
                &replace.new,
            )?;
            local_replaces.push(LocalReplace {
                old: replace.old.clone(),
                new: replace.new.clone(),
                dir: directory,
                file,
                line: replace.line,
            });
        }
    }

    // Local replace targets join the import graph, each walked once: an
    // import of `old/x` is a package of the target, never unseen. Their
    // main packages are not programs to build. A target outside the
    // repository cannot be in the build context (the plan refuses it), so
    // it stays unread.
    let mut target_directories: Vec<String> = members.iter().map(|(d, _)| d.clone()).collect();
    for replace in &local_replaces {
        if let Some(index) = target_directories.iter().position(|d| *d == replace.dir) {
            if !parts[index].paths.contains(&replace.old) {
                parts[index].paths.push(replace.old.clone());
            }
            continue;
        }
        if repository.locate(&replace.dir).is_none() {
            continue;
        }
        // Imports name it by the replaced path, so its module line may be missing.
        let target_go_mod = parse_go_mod(&within(path, &replace.dir).join("go.mod"))?;
        let package = layout::package_form(&between(&build_root, &replace.dir));
        let mut tree = walk_module(path, &replace.dir, &package, &mut warnings)?;
        // Its nested modules are no concern of this build.
        tree.nested_modules.clear();
        let mut paths = vec![replace.old.clone()];
        if !target_go_mod.module.is_empty() && target_go_mod.module != replace.old {
            paths.push(target_go_mod.module.clone());
        }
        parts.push(packages::Part {
            prefix: package,
            paths,
            tree,
            modules_txt: None,
            requires: requires_of(&target_go_mod),
            in_use: false,
        });
        target_directories.push(replace.dir.clone());
    }

    let graph = packages::Packages::new(parts, &mut warnings);
    for (index, module) in modules.iter_mut().enumerate() {
        module.main_packages = graph.main_packages_of(index);
    }

    // A go.work at the path named the module (its first `use`); when that is
    // a library, the first module it uses that has main packages names the
    // project instead.
    let picked_by_go_work = choice.is_none()
        && !path.join("go.mod").is_file()
        && workspace
            .as_ref()
            .is_some_and(|(workspace, _, _)| workspace.dir == ".");
    let (module_root, go_mod) = match modules
        .iter()
        .filter(|module| !module.main_packages.is_empty())
        .min_by_key(|module| module.used_at)
    {
        Some(module)
            if picked_by_go_work
                && modules
                    .iter()
                    .any(|root| root.dir == module_root && root.main_packages.is_empty()) =>
        {
            let go_mod = read_go_mod(&within(path, &module.dir).join("go.mod"))?;
            (module.dir.clone(), go_mod)
        }
        _ => (module_root, go_mod),
    };

    let nested_modules = nested_modules
        .into_iter()
        .filter(|nested| !member_packages.contains(nested))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let cgo_requires = graph.cgo_requirements();
    let cgo_libraries = graph.cgo_libraries(&cgo_requires);
    let cgo_mains = cgo_requires
        .iter()
        .flat_map(|requirement| requirement.mains.iter().cloned())
        .collect();
    let (go, toolchain) = match &workspace {
        Some((workspace, _, _)) if workspace.go.is_some() || workspace.toolchain.is_some() => {
            (workspace.go.clone(), workspace.toolchain.clone())
        }
        _ => (go_mod.go.clone(), go_mod.toolchain.clone()),
    };
    let module_directory = within(path, &module_root);
    let facts = Facts {
        module_root: module_root.clone(),
        module: go_mod.module.clone(),
        go,
        toolchain,
        vendor: module_directory.join("vendor/modules.txt").is_file(),
        go_work: has_go_work(&module_directory),
        go_sum: module_directory.join("go.sum").is_file(),
        requires: go_mod.requires.len(),
        local_replaces,
        packages: sorted(graph.all()),
        main_packages: sorted(graph.main_packages()),
        cgo_packages: sorted(graph.cgo_packages(&cgo_requires)),
        cxx_packages: sorted(graph.cxx_packages(&cgo_requires)),
        cgo_mains: sorted(cgo_mains),
        embed: graph.embeds(),
        version_variables: graph.version_variables(),
        nested_modules,
        warnings,
        modules,
        workspace: workspace.map(|(workspace, _, _)| workspace),
        build_root,
        repository,
        cgo_libraries,
        cgo_requires,
        runtime_needs: graph.runtime_needs(),
        ports: graph.ports(),
    };
    if facts.main_packages.is_empty() {
        return Err(Error::NoMainPackage {
            root: within(path, &facts.build_root),
            skipped: graph.unbuildable_mains(),
        });
    }
    Ok(facts)
}

/// The directories (relative to `path`) of the modules a go.work uses, each
/// with its line; every one must hold a go.mod.
fn workspace_members(
    path: &Path,
    absolute: &Path,
    workspace: &Workspace,
    work: &go_work::GoWork,
    work_path: &Path,
) -> Result<Vec<(String, Option<u32>)>> {
    let mut members: Vec<(String, Option<u32>)> = Vec::new();
    for used in &work.uses {
        let directory = resolve(absolute, &workspace.dir, &used.path);
        if !within(path, &directory).join("go.mod").is_file() {
            return Err(Error::LocalDirectory {
                path: work_path.to_path_buf(),
                line: used.line,
                message: format!(
                    "use {}: {} has no go.mod",
                    used.path,
                    within(path, &directory).display()
                ),
            });
        }
        if !members.iter().any(|(seen, _)| *seen == directory) {
            members.push((directory, Some(used.line)));
        }
    }
    Ok(members)
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

fn requires_of(go_mod: &go_mod::GoMod) -> Vec<String> {
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
    go_mod: &go_mod::GoMod,
    warnings: &mut Vec<String>,
) -> Result<Option<vendor::ModulesTxt>> {
    let modules_txt_path = directory.join("vendor/modules.txt");
    if !modules_txt_path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&modules_txt_path).map_err(|source| Error::Read {
        path: modules_txt_path.clone(),
        source,
    })?;
    let modules_txt = vendor::parse(&text, &modules_txt_path)?;
    // Go checks vendor/modules.txt against go.mod from `go 1.14` on.
    let checks_vendoring = go_mod
        .go
        .as_deref()
        .and_then(|version| version.strip_prefix("1."))
        .and_then(|rest| rest.split(['.', 'r', 'b']).next()?.parse::<u32>().ok())
        .is_none_or(|minor| minor >= 14);
    if checks_vendoring {
        let required: Vec<(String, String)> = go_mod
            .requires
            .iter()
            .map(|require| (require.path.clone(), require.version.clone()))
            .collect();
        for problem in vendor::inconsistencies(&modules_txt, &required) {
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
        .map(|package| own_package(module, &package))
        .collect()
}

fn own_package(module: &str, package: &str) -> String {
    if package == "." || package.starts_with("./") {
        layout::prefix_package(module, package)
    } else {
        package.to_string()
    }
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items.dedup();
    items
}

/// The local replaces of the go.mod in `directory` (relative to `path`),
/// each target checked for a go.mod.
fn local_replaces_of(
    path: &Path,
    absolute: &Path,
    directory: &str,
    go_mod: &go_mod::GoMod,
) -> Result<Vec<LocalReplace>> {
    let go_mod_path = within(path, directory).join("go.mod");
    let file = layout::join(directory, "go.mod");
    let mut lines = None;
    let mut found = Vec::new();
    for replace in go_mod.replaces.iter().filter(|replace| replace.is_local()) {
        // go_mod keeps no lines; the generic reader of go.mod syntax finds them.
        let lines = match &mut lines {
            Some(lines) => lines,
            None => lines.insert(replace_lines(&read_text(&go_mod_path)?)),
        };
        let line = lines
            .iter()
            .find(|(old, new, _)| *old == replace.old && *new == replace.new)
            .map_or(0, |(_, _, line)| *line);
        let target = resolve(absolute, directory, &replace.new);
        check_replace_target(path, &target, &file, line, &replace.old, &replace.new)?;
        found.push(LocalReplace {
            old: replace.old.clone(),
            new: replace.new.clone(),
            dir: target,
            file: file.clone(),
            line,
        });
    }
    Ok(found)
}

/// `target` as written in a file in `base` (both relative to the scanned
/// path, whose absolute form is `absolute`), relative to the scanned path.
fn resolve(absolute: &Path, base: &str, target: &str) -> String {
    let target_absolute = if Path::new(target).is_absolute() {
        PathBuf::from(target)
    } else {
        absolute.join(base).join(target)
    };
    layout::relative(absolute, &layout::clean(&target_absolute))
}

/// `(old, new, line)` of every replace directive in go.mod text.
fn replace_lines(text: &str) -> Vec<(String, String, u32)> {
    go_work::statements(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|statement| statement.keyword == "replace")
        .filter_map(|statement| {
            let arrow = statement.arguments.iter().position(|a| a == "=>")?;
            Some((
                statement.arguments.first()?.clone(),
                statement.arguments.get(arrow + 1)?.clone(),
                statement.line,
            ))
        })
        .collect()
}

fn check_replace_target(
    path: &Path,
    target: &str,
    file: &str,
    line: u32,
    old: &str,
    new: &str,
) -> Result<()> {
    let directory = within(path, target);
    if directory.join("go.mod").is_file() {
        return Ok(());
    }
    Err(Error::LocalDirectory {
        path: path.join(file),
        line,
        message: format!(
            "replace {old} => {new}: {} has no go.mod, so Go cannot use it as a module",
            directory.display()
        ),
    })
}

/// `file` (below or beside `path`) relative to `path`.
fn relative_file(path: &Path, file: &Path) -> String {
    let absolute =
        |p: &Path| layout::clean(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    layout::relative(&absolute(path), &absolute(file))
}

/// The go.work Go would use for the module at `module_root`: the nearest in
/// its directory or above. One outside the repository is left out (it is a
/// developer's own workspace, and a build context cannot reach it).
fn governing_go_work(
    path: &Path,
    absolute: &Path,
    module_root: &str,
    repository: &layout::Repository,
    warnings: &mut Vec<String>,
) -> Result<Option<(Workspace, go_work::GoWork, PathBuf)>> {
    let module_absolute = layout::clean(&absolute.join(module_root));
    let Some(directory) = module_absolute
        .ancestors()
        .find(|directory| directory.join("go.work").is_file())
    else {
        return Ok(None);
    };
    let relative = layout::relative(absolute, directory);
    let go_work_path = if relative == "." {
        path.join("go.work")
    } else {
        // `api/../go.work` reads better as `go.work`.
        layout::clean(&path.join(&relative).join("go.work"))
    };
    if repository.locate(&relative).is_none() {
        warnings.push(format!(
            "{} governs the module but lies outside {}; godock plans the module without it",
            go_work_path.display(),
            repository.describe()
        ));
        return Ok(None);
    }
    let work = go_work::parse(&read_text(&go_work_path)?, &go_work_path)?;
    let workspace = Workspace {
        dir: relative.clone(),
        go: work.go.clone(),
        toolchain: work.toolchain.clone(),
        go_work_sum: directory.join("go.work.sum").is_file(),
    };
    Ok(Some((workspace, work, go_work_path)))
}

/// `path/directory`, or `path` itself for `"."`, so that messages say
/// `./go.mod` rather than `././go.mod`.
fn within(path: &Path, directory: &str) -> PathBuf {
    if directory == "." {
        path.to_path_buf()
    } else {
        path.join(directory)
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
        path: path.to_path_buf(),
    })
}

fn read_go_mod(path: &Path) -> Result<go_mod::GoMod> {
    let parsed = parse_go_mod(path)?;
    if parsed.module.is_empty() {
        return Err(Error::GoModNoModule {
            path: path.to_path_buf(),
        });
    }
    Ok(parsed)
}

/// go.mod at `path`, parsed, with or without a module line.
fn parse_go_mod(path: &Path) -> Result<go_mod::GoMod> {
    let text = read_text(path)?;
    go_mod::parse(&text).map_err(|error| Error::GoModSyntax {
        path: path.to_path_buf(),
        line: error.line,
        message: error.message,
    })
}

/// A go.work in the module root or any directory above it puts the module in
/// a workspace (unless GOWORK=off, which godock cannot know).
fn has_go_work(path: &Path) -> bool {
    // Cleaned: the ancestors of `/cwd/../svc` must not include `/cwd`.
    let absolute =
        layout::clean(&std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path)));
    absolute
        .ancestors()
        .any(|directory| directory.join("go.work").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        for (file, content) in files {
            let path = directory.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        directory
    }

    const MAIN: &str = "package main\n\nfunc main() {}\n";

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
        let error = scan(directory.path()).unwrap_err().to_string();
        assert!(error.contains("does not use the module in"), "{error}");
        assert!(error.contains("add `use .` to it"), "{error}");
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
        let facts = scan_module(
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

    fn need(main: &str, why: &str) -> Need {
        Need {
            main: main.into(),
            why: why.into(),
        }
    }

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
        let error = scan(directory.path()).unwrap_err();
        assert!(matches!(error, Error::NoMainPackage { .. }), "{error}");
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
