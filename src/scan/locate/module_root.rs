//! Which module godock works on: the one `--module` (or godock.toml's
//! `module`) names, else the one at the path, else the first a go.work at
//! the path uses, else the shallowest go.mod below the path. Before any of
//! that, a path inside a module (`cmd/api`) stands for the module, as it
//! does for `go`: see [`enclosing_module`].
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use super::Repository;
use crate::error::{Error, Result};
use crate::go::go_work::GoWork;
use crate::scan::paths::{absolute, escapes, join, normalize, relative};
use crate::scan::read;

/// The go.work at the path that named the module, already read.
pub(super) type GoWorkAtPath = (PathBuf, GoWork);

/// A module directory chosen by the user (`--module DIR` or godock.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleChoice {
    pub directory: String,
    /// `--module` or `godock.toml`, for messages.
    pub chosen_by: String,
}

/// The module root, relative to `path`: the chosen one; else `path` when it
/// holds go.mod; else the first module a go.work at `path` uses; else the
/// shallowest go.mod below `path` (ties: the first by name, and a warning).
pub(super) fn module_root(
    path: &Path,
    choice: Option<&ModuleChoice>,
    warnings: &mut Vec<String>,
) -> Result<(String, Option<GoWorkAtPath>)> {
    if let Some(choice) = choice {
        let directory = normalize(&choice.directory);
        if escapes(&directory) || Path::new(&choice.directory).is_absolute() {
            return Err(Error::ModuleNotBelow {
                chosen_by: choice.chosen_by.clone(),
                directory: choice.directory.clone(),
                path: path.to_path_buf(),
            });
        }
        if !path.join(&directory).join("go.mod").is_file() {
            return Err(Error::ModuleWithoutGoMod {
                chosen_by: choice.chosen_by.clone(),
                directory: choice.directory.clone(),
                module: path.join(&directory),
            });
        }
        return Ok((directory, None));
    }
    if path.join("go.mod").is_file() {
        return Ok((".".to_string(), None));
    }
    let go_work_path = path.join("go.work");
    if go_work_path.is_file() {
        let work = read::go_work(&go_work_path)?;
        let first = work
            .uses
            .iter()
            .map(|used| normalize(&used.path))
            .find(|used| !escapes(used) && path.join(used).join("go.mod").is_file());
        if let Some(first) = first {
            return Ok((first, Some((go_work_path, work))));
        }
    }
    let candidates = without_replace_targets(path, shallowest_go_mods(path));
    let Some(first) = candidates.first() else {
        return Err(Error::NoGoMod {
            path: path.to_path_buf(),
        });
    };
    if candidates.len() > 1 {
        warnings.push(format!(
            "no go.mod in {}, and several at the same depth below it: {}; using {} (pass --module DIR to choose another)",
            path.display(),
            candidates.join(", "),
            first
        ));
    }
    Ok((first.clone(), None))
}

/// The module `path` lies in, as `go` finds it: when `path` holds neither
/// go.mod nor go.work, the nearest directory above it that holds one,
/// relative to `path` (`"../.."`). The search stops at the repository's
/// root (the nearest directory with `.git`), or without one at the file
/// system's root; like `go`, it ignores a go.mod in the system's temporary
/// directory itself. `None` when `path` holds one, or nothing above does.
pub fn enclosing_module(path: &Path) -> Option<String> {
    let holds_one = |directory: &Path| {
        directory.join("go.mod").is_file() || directory.join("go.work").is_file()
    };
    if holds_one(path) {
        return None;
    }
    let start = absolute(path);
    let repository = Repository::find(&start);
    let root = repository
        .git
        .then(|| crate::scan::paths::clean(&start.join(&repository.root)));
    let temporary = absolute(&std::env::temp_dir());
    let mut directory = start.as_path();
    while root.as_deref() != Some(directory) {
        directory = directory.parent()?;
        if holds_one(directory) && directory != temporary {
            return Some(relative(&start, directory));
        }
    }
    None
}

/// Candidates that another candidate replaces a dependency with are that
/// one's libraries, not modules to build: they are left out, unless that
/// leaves none.
fn without_replace_targets(path: &Path, candidates: Vec<String>) -> Vec<String> {
    if candidates.len() < 2 {
        return candidates;
    }
    let targets: Vec<String> = candidates
        .iter()
        .filter_map(|candidate| {
            let text = std::fs::read_to_string(path.join(candidate).join("go.mod")).ok()?;
            let go_mod = crate::go::go_mod::parse(&text).ok()?;
            Some(
                go_mod
                    .replaces
                    .into_iter()
                    .filter(|replace| replace.is_local())
                    .map(|replace| join(candidate, &replace.new))
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    let kept: Vec<String> = candidates
        .iter()
        .filter(|candidate| !targets.contains(candidate))
        .cloned()
        .collect();
    if kept.is_empty() {
        candidates
    } else {
        kept
    }
}

/// Directories below `root` that Go would not look into for packages,
/// vendor/ (dependencies), and node_modules, which holds other toolchains'
/// files.
fn ignored_directory(name: &str) -> bool {
    crate::go::is_ignored_directory(name) || name == "vendor" || name == "node_modules"
}

/// The directories (relative to `root`, sorted) holding a go.mod at the
/// smallest depth below `root` where there is any. An empty go.mod counts:
/// it marks a module boundary as any other does.
fn shallowest_go_mods(root: &Path) -> Vec<String> {
    const MAX_DIRECTORIES: usize = 100_000;
    let mut level: VecDeque<PathBuf> = VecDeque::from([root.to_path_buf()]);
    let mut seen = 0;
    while !level.is_empty() {
        let mut next = VecDeque::new();
        let mut found = Vec::new();
        for directory in level {
            seen += 1;
            if seen > MAX_DIRECTORIES {
                return found;
            }
            let Ok(entries) = std::fs::read_dir(&directory) else {
                continue;
            };
            let mut children: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
                .filter(|entry| !ignored_directory(&entry.file_name().to_string_lossy()))
                .map(|entry| entry.path())
                .collect();
            children.sort();
            for child in children {
                if child.join("go.mod").is_file() {
                    found.push(relative(root, &child));
                } else {
                    next.push_back(child);
                }
            }
        }
        if !found.is_empty() {
            found.sort();
            return found;
        }
        level = next;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Empty files at `files`.
    fn tree(files: &[&str]) -> tempfile::TempDir {
        let empty: Vec<(&str, &str)> = files.iter().map(|file| (*file, "")).collect();
        crate::fixtures::tree(&empty)
    }

    fn choose(files: &[&str], choice: Option<&str>) -> (Result<String>, Vec<String>) {
        let directory = tree(files);
        let mut warnings = Vec::new();
        let choice = choice.map(|directory| ModuleChoice {
            directory: directory.to_string(),
            chosen_by: "--module".to_string(),
        });
        let root =
            module_root(directory.path(), choice.as_ref(), &mut warnings).map(|(root, _)| root);
        let warnings = warnings
            .into_iter()
            .map(|w| w.replace(&directory.path().display().to_string(), "ROOT"))
            .collect();
        (root, warnings)
    }

    #[test]
    fn the_path_itself_wins_then_the_shallowest_go_mod() {
        let (root, warnings) = choose(&["go.mod", "a/go.mod"], None);
        assert_eq!(root.unwrap(), ".");
        assert!(warnings.is_empty());
        let (root, warnings) = choose(
            &[
                "services/api/go.mod",
                "services/api/deep/x/go.mod",
                "tools/a/b/go.mod",
            ],
            None,
        );
        assert_eq!(root.unwrap(), "services/api");
        assert!(warnings.is_empty());
    }

    #[test]
    fn ties_warn_and_list_every_candidate_and_module_chooses() {
        let files = ["b/go.mod", "a/go.mod", "c/d/go.mod"];
        let (root, warnings) = choose(&files, None);
        assert_eq!(root.unwrap(), "a");
        assert_eq!(
            warnings,
            ["no go.mod in ROOT, and several at the same depth below it: a, b; using a (pass --module DIR to choose another)"]
        );
        let (root, warnings) = choose(&files, Some("./c/d/"));
        assert_eq!(root.unwrap(), "c/d");
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_candidate_another_replaces_a_dependency_with_is_not_a_tie() {
        let directory = tree(&["services/api/main.go", "libs/shared/go.mod"]);
        std::fs::write(
            directory.path().join("services/api/go.mod"),
            "module example.com/api\n\nreplace example.com/shared => ../../libs/shared\n",
        )
        .unwrap();
        let mut warnings = Vec::new();
        let (root, _) = module_root(directory.path(), None, &mut warnings).unwrap();
        assert_eq!(root, "services/api");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn ignored_directories_hold_no_candidates() {
        let (root, _) = choose(
            &[
                ".hidden/go.mod",
                "_old/go.mod",
                "testdata/go.mod",
                "vendor/x/go.mod",
                "node_modules/y/go.mod",
                "src/app/go.mod",
            ],
            None,
        );
        assert_eq!(root.unwrap(), "src/app");
    }

    #[test]
    fn an_empty_go_mod_is_a_boundary_and_a_candidate() {
        // The empty go.mod at depth 1 is shallower than the one below it.
        let (root, _) = choose(&["tools/go.mod", "tools/x/y/go.mod", "z/w/go.mod"], None);
        assert_eq!(root.unwrap(), "tools");
    }

    #[test]
    fn no_go_mod_at_all_and_bad_choices_are_errors() {
        let (root, _) = choose(&["main.go", "testdata/go.mod"], None);
        assert!(root.unwrap_err().to_string().starts_with("no go.mod in "),);
        let (root, _) = choose(&["a/go.mod"], Some("b"));
        let error = root.unwrap_err().to_string();
        assert!(
            error.starts_with("--module b: there is no go.mod in "),
            "{error}"
        );
        let (root, _) = choose(&["a/go.mod"], Some("../a"));
        let error = root.unwrap_err().to_string();
        assert!(error.contains("must be a directory below"), "{error}");
    }

    #[test]
    fn a_go_work_at_the_path_names_the_module() {
        let directory = tree(&["b/go.mod", "a/go.mod"]);
        std::fs::write(
            directory.path().join("go.work"),
            "go 1.23\nuse (\n\t./b\n\t./a\n)\n",
        )
        .unwrap();
        let (root, work) = module_root(directory.path(), None, &mut Vec::new()).unwrap();
        assert_eq!(root, "b");
        // Read once: the go.work comes back for the scan to use.
        assert_eq!(work.map(|(_, work)| work.uses.len()), Some(2));
    }
}
