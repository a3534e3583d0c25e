//! The build context: the smallest directory of the repository holding the
//! scanned path, every module in use and every local replace target. The
//! Dockerfile, .dockerignore, Makefile and godock.toml live there.
use std::path::{Path, PathBuf};

use super::Location;
use crate::error::{Error, Result};
use crate::scan::paths::{cleaned, common_ancestor, join, relative_between};

/// The build context, and the frames its paths are given in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildContext {
    /// The context, relative to the scanned path (`"."`, `"../.."`).
    pub from_path: String,
    /// The context, relative to the repository's root.
    in_repository: String,
    /// The scanned path, relative to the repository's root.
    path_in_repository: String,
}

impl BuildContext {
    /// The context of what `location` found; a module or replace target the
    /// context cannot reach (outside the repository) is an error naming the
    /// go.mod or go.work line that brings it in.
    pub(super) fn new(location: &Location) -> Result<BuildContext> {
        let repository = &location.repository;
        let mut located = vec![repository.path.clone()];
        for replace in &location.local_replaces {
            let Some(directory) = repository.locate(&replace.dir) else {
                return Err(Error::ReplaceTargetOutside {
                    file: location.path.join(&replace.file),
                    line: replace.line,
                    old: replace.old.clone(),
                    new: replace.new.clone(),
                    repository: repository.describe(),
                });
            };
            located.push(directory);
        }
        let work_file = location
            .workspace
            .as_ref()
            .map(|located| join(&located.workspace.dir, "go.work"));
        for module in location.modules.iter().filter(|module| module.in_use) {
            let Some(directory) = repository.locate(&module.dir) else {
                return Err(Error::WorkspaceModuleOutside {
                    go_work: location
                        .path
                        .join(work_file.clone().unwrap_or_else(|| "go.work".into())),
                    line: module.used_at.unwrap_or(0),
                    directory: module.dir.clone(),
                    repository: repository.describe(),
                });
            };
            located.push(directory);
        }
        for directory in [&location.build_root, &location.module_root] {
            let Some(directory) = repository.locate(directory) else {
                return Err(Error::DirectoryOutside {
                    directory: directory.clone(),
                    repository: repository.describe(),
                });
            };
            located.push(directory);
        }
        let in_repository = common_ancestor(located.iter().map(String::as_str));
        Ok(BuildContext {
            from_path: relative_between(&repository.path, &in_repository),
            in_repository,
            path_in_repository: repository.path.clone(),
        })
    }

    /// A directory given relative to the scanned path (and inside the
    /// context), relative to the context.
    pub fn relative(&self, directory: &str) -> String {
        relative_between(
            &self.in_repository,
            &join(&self.path_in_repository, directory),
        )
    }

    /// Whether the context is the scanned path itself.
    pub fn is_path(&self) -> bool {
        self.from_path == "."
    }

    /// The context's directory as the user reaches it from `path`, the
    /// scanned path (`services/api/../..` reads better as `.`).
    pub fn directory(&self, path: &Path) -> PathBuf {
        if self.is_path() {
            path.to_path_buf()
        } else {
            cleaned(&path.join(&self.from_path))
        }
    }
}

#[cfg(test)]
impl BuildContext {
    /// The context of a project at the root of its repository, in it.
    pub fn at_path() -> BuildContext {
        BuildContext {
            from_path: ".".to_string(),
            in_repository: ".".to_string(),
            path_in_repository: ".".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixtures::{tree, MAIN};
    use crate::scan::locate::locate;

    fn context(files: &[(&str, &str)], at: &str) -> crate::error::Result<super::BuildContext> {
        let directory = tree(files);
        locate(&directory.path().join(at), None)?.build_context()
    }

    #[test]
    fn a_module_below_the_path_builds_there_with_the_path_as_context() {
        let context = context(
            &[
                ("services/api/go.mod", "module example.com/api\n"),
                ("services/api/main.go", MAIN),
            ],
            ".",
        )
        .unwrap();
        assert_eq!(context.from_path, ".");
        assert_eq!(context.relative("services/api"), "services/api");
    }

    #[test]
    fn a_replace_outside_the_module_widens_the_context_to_the_common_ancestor() {
        let files = [
            (".git/HEAD", ""),
            (
                "services/api/go.mod",
                "module example.com/api\n\nreplace example.com/shared => ../../libs/shared\n",
            ),
            ("services/api/main.go", MAIN),
            ("libs/shared/go.mod", "module example.com/shared\n"),
        ];
        let context = context(&files, "services/api").unwrap();
        assert_eq!(context.from_path, "../..");
        assert_eq!(context.relative("."), "services/api");
        assert_eq!(context.relative("../../libs/shared"), "libs/shared");
    }

    #[test]
    fn a_replace_outside_the_repository_is_refused_naming_go_mod_and_line() {
        let mut files = vec![
            (
                "repo/go.mod",
                "module example.com/api\n\nreplace example.com/shared => ../shared\n",
            ),
            ("repo/main.go", MAIN),
            ("shared/go.mod", "module example.com/shared\n"),
        ];
        let error = context(&files, "repo").unwrap_err().to_string();
        assert!(
            error.ends_with("repo/go.mod:3: replace example.com/shared => ../shared: the target ../shared lies outside the repository (there is no .git at or above the directory godock was given, so the repository is taken to be that directory); a Docker build context cannot reach it"),
            "{error}"
        );
        // With a git repository above, the message names its root.
        files.push(("repo/.git/HEAD", ""));
        let error = context(&files, "repo").unwrap_err().to_string();
        assert!(
            error.contains("outside the repository (the directory godock was given, the nearest directory with .git)"),
            "{error}"
        );
        // Inside it, the same target is fine.
        files.push((".git/HEAD", ""));
        files.retain(|(file, _)| *file != "repo/.git/HEAD");
        assert_eq!(context(&files, "repo").unwrap().from_path, "..");
    }

    #[test]
    fn a_workspace_module_outside_the_repository_is_refused_naming_go_work() {
        let files = [
            ("repo/.git/HEAD", ""),
            ("repo/go.work", "go 1.23\n\nuse (\n\t.\n\t../tools\n)\n"),
            ("repo/go.mod", "module example.com/api\n"),
            ("repo/main.go", MAIN),
            ("tools/go.mod", "module example.com/tools\n"),
        ];
        let error = context(&files, "repo").unwrap_err().to_string();
        assert!(
            error.contains("go.work:5: use ../tools: the module lies outside the repository"),
            "{error}"
        );
    }
}
