//! What the unit tests share: trees of files in temporary directories and
//! copies of the example projects. (The integration tests in tests/cli have
//! their own, which run the real binary.)
use std::path::Path;

use tempfile::TempDir;

/// A temporary directory holding `files` (path, content), with their
/// directories.
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let directory = tempfile::tempdir().expect("a temporary directory");
    for (file, content) in files {
        write(directory.path(), file, content);
    }
    directory
}

/// Writes `content` to `root/file`, creating its directories.
pub fn write(root: &Path, file: &str, content: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().expect("a file has a directory")).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A Go module of `files`: go.mod (`example.com/m`, go 1.23) is added
/// unless given.
pub fn module(files: &[(&str, &str)]) -> TempDir {
    let directory = tree(files);
    if !files.iter().any(|(path, _)| *path == "go.mod") {
        write(
            directory.path(),
            "go.mod",
            "module example.com/m\n\ngo 1.23\n",
        );
    }
    directory
}

/// `package main` with an empty `main`.
pub const MAIN: &str = "package main\n\nfunc main() {}\n";

/// A copy of `examples/<name>`.
pub fn example(name: &str) -> TempDir {
    let directory = tempfile::tempdir().expect("a temporary directory");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
        directory.path(),
    );
    directory
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `directory`, relative, with its content, sorted.
pub fn files(directory: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(directory).unwrap().display().to_string();
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A run-time need of `main`, and why.
pub fn need(main: &str, why: &str) -> crate::scan::Need {
    crate::scan::Need {
        main: main.into(),
        why: why.into(),
    }
}

/// `list` as owned strings.
pub fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|item| item.to_string()).collect()
}
