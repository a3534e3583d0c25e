//! The one walk of a module's tree: every directory Go would consider, every
//! `.go` file read as far as the facts need and no further.
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

use super::build_constraint::{self, Platform, LINUX_PLATFORMS};
use super::go_source;
use super::layout::display_path;
use crate::error::{Error, Result};

/// How much of a file to read first: enough for the header of nearly every
/// Go file. A file whose header runs longer is read again in full.
const HEADER_READ: usize = 8 * 1024;

/// A non-test Go file Go would consider on some Linux platform.
#[derive(Debug, Clone)]
pub(super) struct GoFile {
    /// The package directory, `"."` or `"./cmd/x"`.
    pub directory: String,
    pub name: String,
    pub package: String,
    pub imports: Vec<String>,
    pub builds_without_cgo: bool,
    pub builds_with_cgo: bool,
    pub embeds: Vec<String>,
    pub version_variables: Vec<String>,
    pub cgo_directives: Vec<String>,
    /// For a file below vendor/ (only when vendor/modules.txt exists): the
    /// import path of its package. Vendored files are read to the end of
    /// their header only.
    pub vendored: Option<String>,
    /// Listen ports the file names (see [`go_source::program_use`]).
    pub ports: Vec<u16>,
    /// Whether the file calls `time.LoadLocation`.
    pub loads_location: bool,
}

impl GoFile {
    pub fn builds(&self) -> bool {
        self.builds_without_cgo || self.builds_with_cgo
    }

    pub fn imports_c(&self) -> bool {
        self.imports.iter().any(|path| path == "C")
    }
}

#[derive(Debug, Default)]
pub(super) struct Tree {
    pub files: Vec<GoFile>,
    /// Package directories holding C++ sources (`.cc`, `.cpp`, `.cxx`).
    pub cxx_directories: BTreeSet<String>,
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
}

enum Found {
    File(GoFile),
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
            Found::File(file) => tree.files.push(file),
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

/// Whether `path` lies in the module's top-level vendor/ directory.
fn below_vendor(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .ok()
        .and_then(|relative| relative.components().next())
        .is_some_and(|first| first.as_os_str() == "vendor")
}

/// Directories the go command ignores, plus vendor/ (dependencies, not ours:
/// the walk enters the top-level one only to read vendored headers).
pub(super) fn skipped_directory(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name == "testdata" || name == "vendor"
}

/// A non-test `.go` file (names starting with `.` or `_` are filtered earlier).
fn is_go_source(name: &str) -> bool {
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

fn read_go_file(path: &Path, directory: String, name: &str) -> Result<Vec<Found>> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    // One read(2): its bytes are a prefix of the file (a short read need not
    // be the end), and a prefix whose header is complete needs no more, so
    // most files cost no read at their end. Only 0 bytes means the end.
    let mut source = vec![0; HEADER_READ];
    let length = loop {
        match file.read(&mut source) {
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            other => break other.map_err(read_error)?,
        }
    };
    source.truncate(length);
    let vendored = super::vendor::import_path(&directory).map(str::to_string);
    let mut whole = length == 0;
    let mut scan = go_source::parse_header_prefix(&source, whole);
    if !scan.complete && !whole {
        file.read_to_end(&mut source).map_err(read_error)?;
        whole = true;
        scan = go_source::parse_header(&source);
    }
    let header = scan.header;
    let Some(package) = header.package.clone() else {
        return Ok(vec![Found::Warning(format!(
            "{}: not a Go source file (no package clause); ignored",
            display_path(&directory, name)
        ))]);
    };
    let mut found = Vec::new();
    if let Some(offset) = invalid_utf8(&source) {
        found.push(Found::Warning(format!(
            "{}: not valid UTF-8 (byte {offset}); the Go compiler rejects such files",
            display_path(&directory, name)
        )));
    }

    let mut builds = [false, false];
    for (index, cgo) in [false, true].into_iter().enumerate() {
        for (goos, goarch) in LINUX_PLATFORMS {
            let platform = Platform { goos, goarch, cgo };
            match build_constraint::file_builds(
                name,
                header.go_build.as_deref(),
                &header.plus_build,
                platform,
            ) {
                Ok(true) => builds[index] = true,
                Ok(false) => {}
                Err(error) => {
                    found.push(Found::Warning(format!(
                        "{}: invalid build constraint ({error}); file ignored",
                        display_path(&directory, name)
                    )));
                    return Ok(found);
                }
            }
        }
    }
    let imports_c = header.imports.iter().any(|import| import == "C");
    // A file importing "C" builds only with cgo, whatever its constraint says.
    if imports_c {
        builds[0] = false;
    }

    if vendored.is_some() {
        // Dependencies: the header (imports, build constraints, the cgo
        // preamble) says all godock needs; their embeds and listen calls are
        // not the program's to configure.
        found.push(Found::File(GoFile {
            directory,
            name: name.to_string(),
            package,
            imports: header.imports,
            builds_without_cgo: builds[0],
            builds_with_cgo: builds[1],
            embeds: Vec::new(),
            version_variables: Vec::new(),
            cgo_directives: header.cgo_directives,
            vendored,
            ports: Vec::new(),
            loads_location: false,
        }));
        return Ok(found);
    }

    let imports = |path: &str| header.imports.iter().any(|import| import == path);
    let wants_embeds = imports("embed");
    let wants_versions = package == "main";
    // Files that can listen are read whole for their ports: main packages
    // and importers of net or net/http (servers built on other frameworks
    // import net/http themselves, or are found in their main package).
    let wants_ports = wants_versions || imports("net/http") || imports("net");
    if (wants_embeds || wants_versions || wants_ports) && !whole {
        file.read_to_end(&mut source).map_err(read_error)?;
    }
    // LoadLocation is looked for in what was read: the whole file for the
    // files above, otherwise the first HEADER_READ bytes (the whole of most
    // files); cheap substring checks keep the lexer off the other files.
    let program = if (wants_ports && mentions_listening(&source))
        || (imports("time") && contains(&source, b"LoadLocation"))
    {
        go_source::program_use(&source)
    } else {
        go_source::ProgramUse::default()
    };
    let embeds = if wants_embeds {
        go_source::embed_patterns(&source)
    } else {
        Vec::new()
    };
    let version_variables = if wants_versions {
        go_source::version_variables(&source)
    } else {
        Vec::new()
    };
    found.push(Found::File(GoFile {
        directory,
        name: name.to_string(),
        package,
        imports: header.imports,
        builds_without_cgo: builds[0],
        builds_with_cgo: builds[1],
        embeds,
        version_variables,
        cgo_directives: header.cgo_directives,
        vendored: None,
        ports: program.ports,
        loads_location: program.loads_location,
    }));
    Ok(found)
}

/// Where the first invalid UTF-8 sequence of what was read starts, if any (a
/// character cut by the end of a partial read is not one).
fn invalid_utf8(source: &[u8]) -> Option<usize> {
    match std::str::from_utf8(source) {
        Err(error) if error.error_len().is_some() => Some(error.valid_up_to()),
        _ => None,
    }
}

/// Whether a file may name a listen port: it mentions a listen call, an
/// `Addr` field, a PORT variable or flags.
fn mentions_listening(source: &[u8]) -> bool {
    [
        &b"Listen"[..],
        b"Addr",
        b"PORT",
        b"Run(",
        b"Start(",
        b"flag.",
    ]
    .iter()
    .any(|needle| contains(source, needle))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The error path of a file that opens but cannot be read (the tests run
    /// as root, who can read anything; a directory fails with EISDIR).
    #[test]
    fn a_go_file_that_cannot_be_read_is_an_error_naming_it() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("x.go");
        std::fs::create_dir(&path).unwrap();
        let Err(error) = read_go_file(&path, ".".to_string(), "x.go") else {
            panic!("reading a directory as a file succeeded");
        };
        assert_eq!(
            error.to_string(),
            format!(
                "cannot read {}: Is a directory (os error 21)",
                path.display()
            )
        );
    }

    #[test]
    fn invalid_utf8_is_found_but_a_character_cut_by_the_read_is_not() {
        assert_eq!(invalid_utf8(b"package caf\xc3\xa9"), None);
        assert_eq!(invalid_utf8(b"package caf\xc3"), None);
        assert_eq!(invalid_utf8(b"package caf\xe9 x"), Some(11));
    }
}
