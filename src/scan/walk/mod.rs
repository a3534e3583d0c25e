//! The one walk of a module's tree: every directory Go would consider, every
//! `.go` file read as far as the facts need and no further.
mod file;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

use super::paths::display_path;
use crate::error::{Error, Result};
use file::read_go_file;
pub(super) use file::GoFile;

#[derive(Debug, Default)]
pub(super) struct Tree {
    pub files: Vec<GoFile>,
    /// Package directories holding C++ sources (`.cc`, `.cpp`, `.cxx`).
    pub cxx_directories: BTreeSet<String>,
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
}

pub(super) enum Found {
    File(Box<GoFile>),
    CxxSource(String),
    NestedModule(String),
    Warning(String),
}

/// Walks the module rooted at `root` in parallel.
pub(super) fn walk(root: &Path) -> Result<Tree> {
    // Go reads vendor/ only when vendor/modules.txt exists (and then builds
    // from it by default, go 1.14 and later).
    let vendor = root.join("vendor/modules.txt").is_file();
    let (sender, receiver) = mpsc::channel::<Result<Found>>();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .threads(threads)
        .build_parallel()
        .run(|| {
            let sender = sender.clone();
            Box::new(move |entry| visit(root, vendor, entry, &sender))
        });
    drop(sender);

    let mut tree = Tree::default();
    for found in receiver {
        match found? {
            Found::File(file) => tree.files.push(*file),
            Found::CxxSource(directory) => {
                tree.cxx_directories.insert(directory);
            }
            Found::NestedModule(directory) => tree.nested_modules.push(directory),
            Found::Warning(warning) => tree.warnings.push(warning),
        }
    }
    tree.files
        .sort_unstable_by(|a, b| (&a.directory, &a.name).cmp(&(&b.directory, &b.name)));
    tree.nested_modules.sort();
    tree.warnings.sort();
    tree.warnings.dedup();
    Ok(tree)
}

fn visit(
    root: &Path,
    vendor: bool,
    entry: std::result::Result<ignore::DirEntry, ignore::Error>,
    sender: &mpsc::Sender<Result<Found>>,
) -> WalkState {
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => {
            let _ = sender.send(Err(walk_error(root, error)));
            return WalkState::Quit;
        }
    };
    let path = entry.path();
    let Some(file_type) = entry.file_type() else {
        return WalkState::Continue;
    };
    let name = entry.file_name().to_string_lossy();
    let mut is_file = file_type.is_file();
    if file_type.is_symlink() && entry.depth() > 0 {
        match symlink(root, path, &name) {
            Link::GoFile => is_file = true,
            Link::Ignored => return WalkState::Continue,
            Link::Warning(warning) => {
                let _ = sender.send(Ok(Found::Warning(warning)));
                return WalkState::Continue;
            }
        }
    }
    if file_type.is_dir() {
        if entry.depth() == 0 {
            return WalkState::Continue;
        }
        let vendor_root = vendor && entry.depth() == 1 && name == "vendor";
        if skipped_directory(&name) && !vendor_root {
            return WalkState::Skip;
        }
        if !below_vendor(root, path) && path.join("go.mod").is_file() {
            let _ = sender.send(Ok(Found::NestedModule(package_directory(root, path))));
            return WalkState::Skip;
        }
        return WalkState::Continue;
    }
    if name.starts_with('.') || name.starts_with('_') {
        return WalkState::Continue;
    }
    let directory = path
        .parent()
        .map_or_else(|| ".".to_string(), |parent| package_directory(root, parent));
    if !is_file {
        // A fifo, socket or device named like Go source: reading it could
        // block forever, and Go could not compile it either.
        if is_go_source(&name) {
            let warning = format!(
                "{}: not a regular file ({}); ignored",
                display_path(&directory, &name),
                special_kind(&file_type)
            );
            let _ = sender.send(Ok(Found::Warning(warning)));
        }
        return WalkState::Continue;
    }
    if is_cxx_source(&name) {
        let _ = sender.send(Ok(Found::CxxSource(directory)));
        return WalkState::Continue;
    }
    if !is_go_source(&name) {
        return WalkState::Continue;
    }
    if let Some(warning) = refused_directory(&directory) {
        let _ = sender.send(Ok(Found::Warning(warning)));
        return WalkState::Continue;
    }
    match read_go_file(path, directory, &name) {
        Ok(found) => {
            for found in found {
                let _ = sender.send(Ok(found));
            }
            WalkState::Continue
        }
        Err(error) => {
            let _ = sender.send(Err(error));
            WalkState::Quit
        }
    }
}

/// A package directory whose path the go command refuses as an import
/// path (a space, a quote, `$`, `;`, a backtick, a line break…): its package
/// cannot be built, and its name must not reach a generated file, so it is
/// skipped with a warning naming it. vendor/ holds module paths Go has
/// already checked.
fn refused_directory(directory: &str) -> Option<String> {
    if directory.starts_with("./vendor/") {
        return None;
    }
    directory
        .trim_start_matches("./")
        .split('/')
        .filter(|element| *element != ".")
        .find_map(crate::go::import_path_element_problem)
        .map(|problem| {
            let shown: String = directory
                .trim_start_matches("./")
                .chars()
                .flat_map(|c| match c.is_control() {
                    true => c.escape_default().collect::<Vec<_>>(),
                    false => vec![c],
                })
                .collect();
            format!(
                "{shown}: the go command refuses this directory in an import path ({problem}); its package is skipped"
            )
        })
}

/// Whether `path` lies in the module's top-level vendor/ directory.
fn below_vendor(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .ok()
        .and_then(|relative| relative.components().next())
        .is_some_and(|first| first.as_os_str() == "vendor")
}

/// Directories the go command ignores, plus vendor/ (dependencies, not ours:
/// the walk enters the top-level one only to read vendored headers).
fn skipped_directory(name: &str) -> bool {
    crate::go::is_ignored_directory(name) || name == "vendor"
}

/// A non-test `.go` file (names starting with `.` or `_` are filtered earlier).
pub(super) fn is_go_source(name: &str) -> bool {
    name.ends_with(".go") && !name.ends_with("_test.go")
}

/// What the walk does with a symbolic link. It follows none (`go list ./...`
/// does not follow links to directories either), but reads a link to a Go
/// file inside the module as that file, as Go does.
enum Link {
    GoFile,
    Ignored,
    Warning(String),
}

fn symlink(root: &Path, path: &Path, name: &str) -> Link {
    if name.starts_with('.') || name.starts_with('_') {
        return Link::Ignored;
    }
    let shown = package_directory(root, path);
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    let target = match std::fs::canonicalize(path) {
        Ok(target) => target,
        Err(error) if is_go_source(name) => {
            return Link::Warning(format!("{shown}: broken symbolic link ({error}); ignored"));
        }
        Err(_) => return Link::Ignored,
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let inside = target.starts_with(&root);
    if target.is_dir() {
        if skipped_directory(name) {
            return Link::Ignored;
        }
        let above = path
            .parent()
            .and_then(|parent| std::fs::canonicalize(parent).ok())
            .is_some_and(|parent| parent.starts_with(&target));
        let what = if above {
            "a directory above it (a loop)".to_string()
        } else if inside {
            "a directory".to_string()
        } else {
            format!("{}, outside the module", target.display())
        };
        return Link::Warning(format!(
            "{shown}: symbolic link to {what}; not followed (go ./... does not follow it either)"
        ));
    }
    if !is_go_source(name) {
        Link::Ignored
    } else if inside {
        Link::GoFile
    } else {
        Link::Warning(format!(
            "{shown}: symbolic link to {}, outside the module and so outside the Docker build context; ignored",
            target.display()
        ))
    }
}

/// What kind of special file a non-regular, non-directory entry is.
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

fn is_cxx_source(name: &str) -> bool {
    [".cc", ".cpp", ".cxx"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// `root/cmd/api` → `./cmd/api`; `root` → `.`.
fn package_directory(root: &Path, directory: &Path) -> String {
    // The walk's paths are `root` joined with plain names, so the relative
    // part needs no normalising (this runs once per file).
    match directory.strip_prefix(root) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_string(),
        Ok(relative) => format!("./{}", relative.to_string_lossy()),
        Err(_) => {
            let parts: Vec<String> = directory
                .components()
                .map(|component| component.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("./{}", parts.join("/"))
        }
    }
}

fn walk_error(root: &Path, error: ignore::Error) -> Error {
    let path = error_path(&error).unwrap_or_else(|| root.to_path_buf());
    let source = match error.into_io_error() {
        Some(io) => io,
        None => std::io::Error::other("cannot walk directory"),
    };
    Error::Read { path, source }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}
