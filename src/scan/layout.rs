//! Where things are: the repository, the module root below the scanned path,
//! and the governing go.work. Directories are reported relative to the
//! scanned path, with `/` separators, cleaned lexically (as Go cleans
//! replace paths: symbolic links are not followed).
use std::collections::VecDeque;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// The repository the scanned path belongs to: the nearest directory at or
/// above it holding `.git`; without one, the scanned path itself.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Repository {
    /// The repository's root, relative to the scanned path (`"."`, `"../.."`).
    pub root: String,
    /// The scanned path, relative to the repository's root (`"."`, `"services/api"`).
    pub path: String,
    /// Whether `.git` marks the root (false: no `.git` at or above the
    /// scanned path, so the repository is taken to be the scanned path).
    pub git: bool,
}

impl Repository {
    pub(super) fn find(absolute: &Path) -> Repository {
        let root = absolute
            .ancestors()
            .find(|directory| directory.join(".git").exists());
        match root {
            Some(root) => Repository {
                root: relative(absolute, root),
                path: relative(root, absolute),
                git: true,
            },
            None => Repository {
                root: ".".to_string(),
                path: ".".to_string(),
                git: false,
            },
        }
    }

    /// A directory given relative to the scanned path, relative to the
    /// repository's root instead; `None` when it lies outside the repository.
    pub fn locate(&self, directory: &str) -> Option<String> {
        let located = join(&self.path, directory);
        (!escapes(&located)).then_some(located)
    }

    /// How the repository was found, for messages.
    pub fn describe(&self) -> String {
        if self.git {
            format!(
                "the repository ({}, the nearest directory with .git)",
                display_directory(&self.root)
            )
        } else {
            "the repository (there is no .git at or above the directory godock was given, so the repository is taken to be that directory)".to_string()
        }
    }
}

fn display_directory(directory: &str) -> String {
    if directory == "." {
        "the directory godock was given".to_string()
    } else {
        directory.to_string()
    }
}

/// Lexically cleans a `/`-separated relative path: no `.` components, `..`
/// only at the start; `"."` when empty.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `./internal/x` + `x.go` → `internal/x/x.go`.
pub fn display_path(directory: &str, name: &str) -> String {
    match directory.strip_prefix("./") {
        Some(relative) => format!("{relative}/{name}"),
        None if directory == "." => name.to_string(),
        None => format!("{directory}/{name}"),
    }
}

/// `base/path`, cleaned.
pub fn join(base: &str, path: &str) -> String {
    normalize(&format!("{base}/{path}"))
}

/// Whether a cleaned relative path leaves its base (`..` or `../x`).
pub fn escapes(path: &str) -> bool {
    path == ".." || path.starts_with("../")
}

fn parts(path: &str) -> Vec<&str> {
    if path == "." {
        Vec::new()
    } else {
        path.split('/').collect()
    }
}

/// The path from directory `from` to `to`, both cleaned and relative to the
/// same base, neither escaping it.
pub fn relative_between(from: &str, to: &str) -> String {
    let (from, to) = (parts(from), parts(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path: Vec<&str> = vec![".."; from.len() - common];
    path.extend(&to[common..]);
    if path.is_empty() {
        ".".to_string()
    } else {
        path.join("/")
    }
}

/// The deepest directory holding every one of `directories` (cleaned,
/// relative to the same base, none escaping it).
pub fn common_ancestor<'a>(directories: impl IntoIterator<Item = &'a str>) -> String {
    let mut common: Option<Vec<&str>> = None;
    for directory in directories {
        let directory = parts(directory);
        common = Some(match common {
            None => directory,
            Some(common) => common
                .iter()
                .zip(&directory)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    match common {
        Some(common) if !common.is_empty() => common.join("/"),
        _ => ".".to_string(),
    }
}

/// A directory relative to the build root as a package path for the go
/// command: `"."`, `"./app"`, `"../shared"`.
pub fn package_form(directory: &str) -> String {
    if directory == "." || escapes(directory) {
        directory.to_string()
    } else {
        format!("./{directory}")
    }
}

/// A package below a module root (`"./cmd/x"` or `"."` relative to it),
/// relative to the build root instead, given the module root there.
pub fn prefix_package(module: &str, package: &str) -> String {
    package_form(&join(module, package))
}

/// Lexically cleans an absolute path (`std::path::absolute` keeps `..`).
pub fn clean(path: &Path) -> PathBuf {
    let mut cleaned = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match cleaned.components().next_back() {
                Some(Component::Normal(_)) => {
                    cleaned.pop();
                }
                // `/..` is `/`; a leading `..` stays.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => cleaned.push(".."),
            },
            other => cleaned.push(other),
        }
    }
    cleaned
}

/// The path from absolute directory `from` to `to`, `/`-separated.
pub(super) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<String> = from
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let to: Vec<String> = to
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path: Vec<&str> = vec![".."; from.len() - common];
    path.extend(to[common..].iter().map(String::as_str));
    if path.is_empty() {
        ".".to_string()
    } else {
        path.join("/")
    }
}

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
) -> Result<String> {
    if let Some(choice) = choice {
        let directory = normalize(&choice.directory);
        if escapes(&directory) || Path::new(&choice.directory).is_absolute() {
            return Err(Error::ModuleChoice {
                chosen_by: choice.chosen_by.clone(),
                directory: choice.directory.clone(),
                message: format!(
                    "it must be a directory below {} (relative to it)",
                    path.display()
                ),
            });
        }
        if !path.join(&directory).join("go.mod").is_file() {
            return Err(Error::ModuleChoice {
                chosen_by: choice.chosen_by.clone(),
                directory: choice.directory.clone(),
                message: format!("there is no go.mod in {}", path.join(&directory).display()),
            });
        }
        return Ok(directory);
    }
    if path.join("go.mod").is_file() {
        return Ok(".".to_string());
    }
    let go_work_path = path.join("go.work");
    if go_work_path.is_file() {
        let work = super::go_work::parse(&super::read_text(&go_work_path)?, &go_work_path)?;
        if let Some(first) = work
            .uses
            .iter()
            .map(|used| normalize(&used.path))
            .find(|used| !escapes(used) && path.join(used).join("go.mod").is_file())
        {
            return Ok(first);
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
    Ok(first.clone())
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
            let go_mod = super::go_mod::parse(&text).ok()?;
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

/// Directories below `root` that Go would not look into for packages, and
/// node_modules, which holds other toolchains' files: the walk's rules.
pub(super) fn ignored_directory(name: &str) -> bool {
    super::walk::skipped_directory(name) || name == "node_modules"
}

/// The directories (relative to `root`, sorted) holding a go.mod at the
/// smallest depth below `root` where there is any. An empty go.mod counts:
/// it marks a module boundary as any other does.
pub(super) fn shallowest_go_mods(root: &Path) -> Vec<String> {
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

    #[test]
    fn normalize_cleans_lexically() {
        assert_eq!(normalize("./a/./b/"), "a/b");
        assert_eq!(normalize("a/../.."), "..");
        assert_eq!(normalize("../../libs/shared"), "../../libs/shared");
        assert_eq!(normalize("services/api/../../libs/shared"), "libs/shared");
        assert_eq!(normalize(""), ".");
        assert_eq!(normalize("a\\b"), "a/b");
        assert_eq!(join("services/api", "../../libs/shared"), "libs/shared");
        assert_eq!(join(".", "./app"), "app");
        assert!(escapes(".."));
        assert!(escapes("../x"));
        assert!(!escapes("..x"));
    }

    #[test]
    fn relative_paths_and_common_ancestors() {
        assert_eq!(
            relative_between("services/api", "libs/shared"),
            "../../libs/shared"
        );
        assert_eq!(relative_between(".", "services/api"), "services/api");
        assert_eq!(relative_between("a/b", "a/b"), ".");
        assert_eq!(relative_between("a/b", "."), "../..");
        assert_eq!(common_ancestor(["services/api", "libs/shared"]), ".");
        assert_eq!(common_ancestor(["a/b/c", "a/b/d", "a/b"]), "a/b");
        assert_eq!(common_ancestor(["a/bc", "a/b"]), "a");
        assert_eq!(common_ancestor(["x"]), "x");
        assert_eq!(package_form("app"), "./app");
        assert_eq!(package_form("."), ".");
        assert_eq!(package_form("../x"), "../x");
        assert_eq!(prefix_package("app", "./cmd/x"), "./app/cmd/x");
        assert_eq!(prefix_package("app", "."), "./app");
        assert_eq!(prefix_package(".", "./cmd/x"), "./cmd/x");
        assert_eq!(prefix_package(".", "."), ".");
    }

    #[test]
    fn absolute_paths_clean_and_relate() {
        assert_eq!(clean(Path::new("/r/a/../b/./c")), PathBuf::from("/r/b/c"));
        assert_eq!(clean(Path::new("./../..")), PathBuf::from("../.."));
        assert_eq!(clean(Path::new("a/../../b")), PathBuf::from("../b"));
        assert_eq!(clean(Path::new("services/api/../..")), PathBuf::new());
        assert_eq!(clean(Path::new("/..")), PathBuf::from("/"));
        assert_eq!(relative(Path::new("/r/a/b"), Path::new("/r")), "../..");
        assert_eq!(relative(Path::new("/r"), Path::new("/r/a/b")), "a/b");
        assert_eq!(relative(Path::new("/r/x"), Path::new("/r/y")), "../y");
        assert_eq!(relative(Path::new("/r"), Path::new("/r")), ".");
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        for file in files {
            let path = directory.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        directory
    }

    fn choose(files: &[&str], choice: Option<&str>) -> (Result<String>, Vec<String>) {
        let directory = tree(files);
        let mut warnings = Vec::new();
        let choice = choice.map(|directory| ModuleChoice {
            directory: directory.to_string(),
            chosen_by: "--module".to_string(),
        });
        let root = module_root(directory.path(), choice.as_ref(), &mut warnings);
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
        let root = module_root(directory.path(), None, &mut warnings).unwrap();
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
        let root = module_root(directory.path(), None, &mut Vec::new()).unwrap();
        assert_eq!(root, "b");
    }

    #[test]
    fn the_repository_is_the_nearest_git_directory_else_the_path() {
        let directory = tree(&["repo/.git/HEAD", "repo/services/api/go.mod"]);
        let api = directory.path().join("repo/services/api");
        let repository = Repository::find(&api);
        assert_eq!(repository.root, "../..");
        assert_eq!(repository.path, "services/api");
        assert!(repository.git);
        assert_eq!(repository.locate("../../libs/x").as_deref(), Some("libs/x"));
        assert_eq!(repository.locate("../../../elsewhere"), None);
        let bare = tree(&["go.mod"]);
        let repository = Repository::find(bare.path());
        assert_eq!((repository.root.as_str(), repository.git), (".", false));
        assert_eq!(repository.locate("../shared"), None);
        assert!(repository.describe().contains("no .git"));
    }
}
