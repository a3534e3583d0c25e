//! Where godock may write, read back or remove a file. A path comes from
//! what godock renders, or from godock.lock, which is repository content:
//! either way it must stay inside the build context as a plain relative
//! path, never touch `.git`, and never pass through a symbolic link (a
//! `.github` linked to another project's folder would have godock write
//! there). A lock entry must moreover name a file godock generates.
//!
//! Reads the file system's metadata only; decides nothing about content.
use std::path::{Component, Path};

use crate::render;
use crate::settings::Output;

/// Why godock must not write, read back or remove `path` (relative to
/// `directory`), if it must not.
pub(super) fn refused(directory: &Path, path: &str) -> Option<String> {
    let relative = Path::new(path);
    if path.is_empty() {
        return Some("it is empty".to_string());
    }
    for component in relative.components() {
        match component {
            Component::Normal(name) if name == ".git" => {
                return Some("it lies in .git, which is git's".to_string());
            }
            Component::Normal(_) => {}
            _ => return Some("it is not a plain path inside the build context".to_string()),
        }
    }
    let mut current = directory.to_path_buf();
    let mut shown = String::new();
    for component in relative.components() {
        current.push(component);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(&component.as_os_str().to_string_lossy());
        let Ok(metadata) = std::fs::symlink_metadata(&current) else {
            // Not there yet: godock creates it, as a plain directory or file.
            return None;
        };
        if metadata.file_type().is_symlink() {
            return Some(format!(
                "{shown} is a symbolic link, which godock does not write through"
            ));
        }
        if current != directory.join(relative) && !metadata.is_dir() {
            return Some(format!("{shown} is not a directory"));
        }
    }
    None
}

/// Why a godock.lock entry cannot speak for a file, if it cannot: it must
/// name one of the files godock generates, at the path it generates it.
pub(super) fn refused_lock_entry(directory: &Path, path: &str) -> Option<String> {
    if !render::paths(&Output::ALL).contains(&path) {
        return Some("godock generates no file there".to_string());
    }
    refused(directory, path)
}

/// A name for the backup of `path` that holds nothing yet: `FILE.orig`,
/// else `FILE.orig.1`, `FILE.orig.2`, … (a backup the user kept is never
/// overwritten).
pub(super) fn free_backup(directory: &Path, path: &str) -> String {
    let first = format!("{path}.orig");
    if std::fs::symlink_metadata(directory.join(&first)).is_err() {
        return first;
    }
    (1..)
        .map(|number| format!("{first}.{number}"))
        .find(|candidate| std::fs::symlink_metadata(directory.join(candidate)).is_err())
        .expect("some numbered name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_and_never_pass_a_link() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        assert_eq!(refused(root, "Dockerfile"), None);
        assert_eq!(refused(root, ".github/workflows/docker.yml"), None);
        for bad in [
            "../x",
            "/etc/passwd",
            ".git/HEAD",
            "a/../../x",
            "./Dockerfile",
            "",
        ] {
            assert!(refused(root, bad).is_some(), "{bad}");
        }
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join(".github")).unwrap();
        let reason = refused(root, ".github/workflows/docker.yml").unwrap();
        assert!(reason.contains(".github is a symbolic link"), "{reason}");
        std::os::unix::fs::symlink("/dev/zero", root.join("Makefile")).unwrap();
        assert!(refused(root, "Makefile").unwrap().contains("symbolic link"));
    }

    #[test]
    fn lock_entries_name_only_godocks_files() {
        let directory = tempfile::tempdir().unwrap();
        assert_eq!(refused_lock_entry(directory.path(), "compose.yaml"), None);
        for bad in [
            "home/.bashrc",
            ".git/HEAD",
            "../x",
            "/etc/passwd",
            "main.go",
        ] {
            assert!(refused_lock_entry(directory.path(), bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn backups_take_a_free_name() {
        let directory = tempfile::tempdir().unwrap();
        assert_eq!(free_backup(directory.path(), "Makefile"), "Makefile.orig");
        std::fs::write(directory.path().join("Makefile.orig"), "mine").unwrap();
        assert_eq!(free_backup(directory.path(), "Makefile"), "Makefile.orig.1");
        std::fs::write(directory.path().join("Makefile.orig.1"), "mine").unwrap();
        assert_eq!(free_backup(directory.path(), "Makefile"), "Makefile.orig.2");
    }
}
