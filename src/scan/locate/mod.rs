//! Locating a project before anything is walked: the repository, the module
//! godock works on, the go.work that governs it and the modules it uses, the
//! local replace targets, and from those the build context. Only go.mod and
//! go.work files are read, each once.
//!
//! Responsible for where things are; it must not walk a module's tree, read
//! Go source, or decide anything about the image.
mod context;
mod module_root;
mod repository;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use context::BuildContext;
pub use module_root::{enclosing_module, ModuleChoice};
pub use repository::Repository;

use crate::error::{Error, Result};
use crate::go::go_mod::GoMod;
use crate::go::go_work::GoWork;
use crate::scan::paths::{self, within};
use crate::scan::read;

/// Where a project is. Directories are relative to the scanned path.
#[derive(Debug, Clone)]
pub struct Location {
    /// The path godock was given.
    pub path: PathBuf,
    /// The same, absolute and cleaned.
    absolute: PathBuf,
    pub repository: Repository,
    /// The directory of the module godock works on.
    pub module_root: String,
    /// Whether a go.work at the path named the module (its first `use`),
    /// nothing else having named one: when that module has no main package,
    /// the first module the workspace uses that has one stands in for it.
    pub named_by_go_work: bool,
    /// The go.work that governs the module, when it lies in the repository.
    pub workspace: Option<LocatedWorkspace>,
    /// Where the go command runs: the go.work's directory, else the module root.
    pub build_root: String,
    /// The modules whose packages the build sees: those in use (the
    /// module alone, or each one the go.work uses, sorted by directory),
    /// then the local replace targets inside the repository.
    pub modules: Vec<LocatedModule>,
    /// Every local replace of the modules in use and of the go.work.
    pub local_replaces: Vec<LocalReplace>,
    pub warnings: Vec<String>,
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

/// A local replace (`=> ../dir`) of a module in use or of the go.work.
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

#[derive(Debug, Clone)]
pub struct LocatedWorkspace {
    pub workspace: Workspace,
    pub work: GoWork,
    /// The go.work, as the user reaches it.
    pub file: PathBuf,
}

/// A module the build sees.
#[derive(Debug, Clone)]
pub struct LocatedModule {
    /// Its directory, relative to the scanned path.
    pub dir: String,
    pub go_mod: GoMod,
    /// The go.work line that uses it.
    pub used_at: Option<u32>,
    /// The import paths its packages live under: its module path, and the
    /// old path of each local replace that points at it.
    pub import_paths: Vec<String>,
    /// A module in use: its main packages are programs to build. A replace
    /// target's packages only count where a main package reaches them.
    pub in_use: bool,
}

/// Locates the Go project at `path`: the module there, or the one `choice`
/// names, or the shallowest below it; and, when a go.work governs that
/// module, every module the workspace uses.
pub fn locate(path: &Path, choice: Option<&ModuleChoice>) -> Result<Location> {
    crate::stage::entered(crate::stage::Stage::Locate);
    check_directory(path)?;
    let absolute = paths::absolute(path);
    let repository = Repository::find(&absolute);
    let mut warnings = Vec::new();
    let (module_root, go_work_at_path) = module_root::module_root(path, choice, &mut warnings)?;
    let go_mod = read::go_mod(&within(path, &module_root).join("go.mod"))?;
    let mut location = Location {
        path: path.to_path_buf(),
        absolute,
        repository,
        module_root,
        named_by_go_work: false,
        workspace: None,
        build_root: String::new(),
        modules: Vec::new(),
        local_replaces: Vec::new(),
        warnings: Vec::new(),
    };
    location.workspace = location.governing_go_work(go_work_at_path, &mut warnings)?;
    location.build_root = match &location.workspace {
        Some(located) => located.workspace.dir.clone(),
        None => location.module_root.clone(),
    };
    location.named_by_go_work = choice.is_none()
        && !path.join("go.mod").is_file()
        && location.build_root == "."
        && location.workspace.is_some();
    let members = match &location.workspace {
        Some(located) => location.members(located, &go_mod)?,
        None => vec![(location.module_root.clone(), None)],
    };
    for (directory, used_at) in members {
        let go_mod = if directory == location.module_root {
            go_mod.clone()
        } else {
            read::go_mod(&within(path, &directory).join("go.mod"))?
        };
        location.modules.push(LocatedModule {
            dir: directory,
            import_paths: vec![go_mod.module.clone()],
            go_mod,
            used_at,
            in_use: true,
        });
    }
    // A replace applies across the build (a member's too, in a workspace),
    // so any module in use may be the one that requires its module.
    let requirers = location.requirers();
    for module in &location.modules {
        let file = paths::join(&module.dir, "go.mod");
        let replaces = &module.go_mod.replaces;
        let found =
            location.local_replaces_in(&module.dir, replaces, &file, &requirers, &mut warnings)?;
        location.local_replaces.extend(found);
    }
    if let Some(located) = &location.workspace {
        let file = location.relative_file(&located.file);
        let replaces = location.local_replaces_in(
            &located.workspace.dir,
            &located.work.replaces,
            &file,
            &requirers,
            &mut warnings,
        )?;
        location.local_replaces.extend(replaces);
    }
    location.add_replace_targets()?;
    location.warnings = warnings;
    Ok(location)
}

/// PATH must be a directory: a missing one or a file is one clear error.
pub fn check_directory(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(Error::PathNotDirectory {
            path: path.to_path_buf(),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(Error::PathMissing {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

impl Location {
    /// A directory given relative to the scanned path, relative to another.
    /// Both may lie above the scanned path, so they meet as absolute paths.
    pub fn between(&self, from: &str, to: &str) -> String {
        paths::relative(
            &paths::clean(&self.absolute.join(from)),
            &paths::clean(&self.absolute.join(to)),
        )
    }

    /// The build context: the smallest directory of the repository holding
    /// the scanned path, every module in use and every local replace target.
    pub fn build_context(&self) -> Result<BuildContext> {
        BuildContext::new(self)
    }

    /// The go.work Go would use for the module: the nearest in its directory
    /// or above. One outside the repository is left out (it is a developer's
    /// own workspace, and a build context cannot reach it).
    fn governing_go_work(
        &self,
        go_work_at_path: Option<module_root::GoWorkAtPath>,
        warnings: &mut Vec<String>,
    ) -> Result<Option<LocatedWorkspace>> {
        let module = paths::clean(&self.absolute.join(&self.module_root));
        let Some(directory) = module
            .ancestors()
            .find(|directory| directory.join("go.work").is_file())
        else {
            return Ok(None);
        };
        let relative = paths::relative(&self.absolute, directory);
        let file = if relative == "." {
            self.path.join("go.work")
        } else {
            // `api/../go.work` reads better as `go.work`.
            paths::clean(&self.path.join(&relative).join("go.work"))
        };
        if self.repository.locate(&relative).is_none() {
            warnings.push(format!(
                "{} governs the module but lies outside {}; godock plans the module without it",
                file.display(),
                self.repository.describe()
            ));
            return Ok(None);
        }
        // The go.work at the path that named the module is read already.
        let work = match go_work_at_path {
            Some((read_from, work)) if relative == "." && read_from == file => work,
            _ => read::go_work(&file)?,
        };
        Ok(Some(LocatedWorkspace {
            workspace: Workspace {
                dir: relative,
                go: work.go.clone(),
                toolchain: work.toolchain.clone(),
                go_work_sum: directory.join("go.work.sum").is_file(),
            },
            work,
            file,
        }))
    }

    /// The directories of the modules a go.work uses, each with its line,
    /// sorted; every one must hold a go.mod, and one must be the module.
    fn members(
        &self,
        located: &LocatedWorkspace,
        go_mod: &GoMod,
    ) -> Result<Vec<(String, Option<u32>)>> {
        let mut members: Vec<(String, Option<u32>)> = Vec::new();
        for used in &located.work.uses {
            let directory = self.resolve(&located.workspace.dir, &used.path);
            if !within(&self.path, &directory).join("go.mod").is_file() {
                return Err(Error::WorkspaceMemberWithoutGoMod {
                    go_work: located.file.clone(),
                    line: used.line,
                    used: used.path.clone(),
                    directory: within(&self.path, &directory),
                });
            }
            if !members.iter().any(|(seen, _)| *seen == directory) {
                members.push((directory, Some(used.line)));
            }
        }
        if !members
            .iter()
            .any(|(directory, _)| *directory == self.module_root)
        {
            return Err(Error::WorkspaceLacksModule {
                go_work: located.file.clone(),
                module: go_mod.module.clone(),
                directory: within(&self.path, &self.module_root),
                use_path: paths::package_form(
                    &self.between(&located.workspace.dir, &self.module_root),
                ),
            });
        }
        members.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(members)
    }

    /// Each module path the modules in use require, with the go.mod that
    /// requires it (relative to the scanned path).
    fn requirers(&self) -> Vec<(String, String)> {
        self.modules
            .iter()
            .flat_map(|module| {
                let file = paths::join(&module.dir, "go.mod");
                module
                    .go_mod
                    .requires
                    .iter()
                    .map(move |require| (require.path.clone(), file.clone()))
            })
            .collect()
    }

    /// The local replaces among `replaces` of the file `file` in `directory`
    /// (both relative to the scanned path), each target checked for a go.mod.
    /// A target without one is an error when a go.mod in `requirers`
    /// requires its module (the go command cannot load the module graph, so
    /// `go mod download` fails), and otherwise a warning: Go ignores a
    /// replace of a module nothing requires, and so does godock.
    fn local_replaces_in(
        &self,
        directory: &str,
        replaces: &[crate::go::Replace],
        file: &str,
        requirers: &[(String, String)],
        warnings: &mut Vec<String>,
    ) -> Result<Vec<LocalReplace>> {
        let mut found = Vec::new();
        for replace in replaces.iter().filter(|replace| replace.is_local()) {
            let target = self.resolve(directory, &replace.new);
            let target_directory = within(&self.path, &target);
            if !target_directory.join("go.mod").is_file() {
                let required_by = requirers
                    .iter()
                    .find(|(module, _)| *module == replace.old)
                    .map(|(_, go_mod)| go_mod);
                let Some(required_by) = required_by else {
                    warnings.push(format!(
                        "{}:{}: replace {} => {}: {} has no go.mod, but nothing requires {}, so Go ignores the replace (and so does godock); remove it, or add a go.mod to {}",
                        within(&self.path, file).display(),
                        replace.line,
                        replace.old,
                        replace.new,
                        target_directory.display(),
                        replace.old,
                        replace.new,
                    ));
                    continue;
                };
                return Err(Error::ReplaceTargetWithoutGoMod {
                    file: self.path.join(file),
                    line: replace.line,
                    old: replace.old.clone(),
                    new: replace.new.clone(),
                    directory: target_directory,
                    required_by: within(&self.path, required_by),
                });
            }
            found.push(LocalReplace {
                old: replace.old.clone(),
                new: replace.new.clone(),
                dir: target,
                file: file.to_string(),
                line: replace.line,
            });
        }
        Ok(found)
    }

    /// Local replace targets join the modules the build sees, each once: an
    /// import of `old/x` is a package of the target. A target that is a
    /// module in use is that module, with one more import path. A target
    /// outside the repository cannot be in the build context (the plan
    /// refuses it), so it stays unread.
    fn add_replace_targets(&mut self) -> Result<()> {
        for replace in &self.local_replaces {
            if let Some(module) = self.modules.iter_mut().find(|m| m.dir == replace.dir) {
                if !module.import_paths.contains(&replace.old) {
                    module.import_paths.push(replace.old.clone());
                }
                continue;
            }
            if self.repository.locate(&replace.dir).is_none() {
                continue;
            }
            // Imports name it by the replaced path, so its module line may be missing.
            let go_mod = read::go_mod_of_target(&within(&self.path, &replace.dir).join("go.mod"))?;
            let mut import_paths = vec![replace.old.clone()];
            if !go_mod.module.is_empty() && go_mod.module != replace.old {
                import_paths.push(go_mod.module.clone());
            }
            self.modules.push(LocatedModule {
                dir: replace.dir.clone(),
                go_mod,
                used_at: None,
                import_paths,
                in_use: false,
            });
        }
        Ok(())
    }

    /// `target` as written in a file in `base` (both relative to the scanned
    /// path), relative to the scanned path.
    fn resolve(&self, base: &str, target: &str) -> String {
        let target_absolute = if Path::new(target).is_absolute() {
            PathBuf::from(target)
        } else {
            self.absolute.join(base).join(target)
        };
        paths::relative(&self.absolute, &paths::clean(&target_absolute))
    }

    /// `file` (below or beside the scanned path) relative to it.
    fn relative_file(&self, file: &Path) -> String {
        paths::relative(&self.absolute, &paths::absolute(file))
    }
}

/// Whether a go.work in `directory` (a module root) or any directory above
/// it puts the module in a workspace (unless GOWORK=off, which godock cannot
/// know), wherever that go.work lies.
pub fn has_go_work(directory: &Path) -> bool {
    paths::absolute(directory)
        .ancestors()
        .any(|directory| directory.join("go.work").is_file())
}
