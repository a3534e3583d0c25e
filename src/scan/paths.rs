//! Paths as the scan reports them: relative to a base (the scanned path, the
//! repository, the build root), with `/` separators, cleaned lexically as Go
//! cleans replace paths (symbolic links are not followed). Pure string and
//! path arithmetic: nothing here touches the disk.
use std::path::{Component, Path, PathBuf};

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
pub fn relative(from: &Path, to: &Path) -> String {
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

/// `path` made absolute (from the current directory) and cleaned, or as it
/// is when the current directory cannot be known.
pub fn absolute(path: &Path) -> PathBuf {
    clean(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path/directory`, or `path` itself for `"."`, so that messages say
/// `./go.mod` rather than `././go.mod`.
pub fn within(path: &Path, directory: &str) -> PathBuf {
    if directory == "." {
        path.to_path_buf()
    } else {
        path.join(directory)
    }
}

/// `directory/file`, or `file` when the directory is `"."`.
pub fn file_in(directory: &str, file: &str) -> String {
    if directory == "." {
        file.to_string()
    } else {
        format!("{directory}/{file}")
    }
}

/// `path` lexically cleaned, `.` when nothing is left.
pub fn cleaned(path: &Path) -> PathBuf {
    let cleaned = clean(path);
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
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
}
