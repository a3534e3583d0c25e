//! One Go file, read as far as the facts need: its header from the first
//! read; an own file (not vendored) to its end, for embeds, version
//! variables, ports, `func main` and `//go:generate` lines.
use std::io::Read;
use std::path::Path;

use super::Found;
use crate::error::{Error, Result};
use crate::go::build_constraint::platforms_built;
use crate::go::platform::{Platform, LINUX_PLATFORMS};
use crate::go::source::ports::PortUse;
use crate::go::{modules_txt, source};
use crate::scan::paths::display_path;

/// How much of a file to read first: enough for the header of nearly every
/// Go file. A file whose header runs longer is read again in full.
const HEADER_READ: usize = 8 * 1024;

/// A non-test Go file Go would consider on some Linux platform.
#[derive(Debug, Clone)]
pub struct GoFile {
    /// The package directory, `"."` or `"./cmd/x"`.
    pub directory: String,
    pub name: String,
    pub package: String,
    pub imports: Vec<String>,
    pub builds_without_cgo: bool,
    pub builds_with_cgo: bool,
    /// `//go:embed` patterns, each with its line.
    pub embeds: Vec<(u32, String)>,
    /// Package-level declarations with version-like names (package main
    /// and the packages data/version_stamps.toml names only).
    pub version_variables: Vec<source::VersionDeclaration>,
    pub cgo_directives: Vec<String>,
    /// For a file below vendor/ (only when vendor/modules.txt exists): the
    /// import path of its package. Vendored files are read to the end of
    /// their header only.
    pub vendored: Option<String>,
    /// Listen ports the file names (see [`source::ports`]).
    pub ports: Vec<PortUse>,
    /// Whether the file calls `time.LoadLocation`.
    pub loads_location: bool,
    /// Health endpoints the file registers (see [`source::health_paths`]).
    pub health_paths: Vec<String>,
    /// Health commands the file declares (see [`source::health_commands`]).
    pub health_commands: Vec<Vec<String>>,
    /// Whether the file declares `func main()`.
    pub defines_main: bool,
    /// Its first `//go:generate` directive: line and command.
    pub generate: Option<(u32, String)>,
}

impl GoFile {
    pub fn builds(&self) -> bool {
        self.builds_without_cgo || self.builds_with_cgo
    }

    pub fn imports_c(&self) -> bool {
        self.imports.iter().any(|path| path == "C")
    }
}

/// The platforms a file must build for to count, without cgo and then with
/// it: a file counts when it builds for any of them.
const PLATFORMS: [Platform; 4] = [
    linux(0, false),
    linux(1, false),
    linux(0, true),
    linux(1, true),
];

const fn linux(index: usize, cgo: bool) -> Platform {
    Platform {
        goos: LINUX_PLATFORMS[index].0,
        goarch: LINUX_PLATFORMS[index].1,
        cgo,
    }
}

pub(super) fn read_go_file(path: &Path, directory: String, name: &str) -> Result<Vec<Found>> {
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
    let vendored = modules_txt::import_path(&directory).map(str::to_string);
    let mut whole = length == 0;
    let mut scan = source::parse_header_prefix(&source, whole);
    if !scan.complete && !whole {
        file.read_to_end(&mut source).map_err(read_error)?;
        whole = true;
        scan = source::parse_header(&source);
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

    // Built without cgo, then with it, on any of the linux platforms.
    let built = match platforms_built(
        name,
        header.go_build.as_deref(),
        &header.plus_build,
        &PLATFORMS,
    ) {
        Ok(built) => built,
        Err(error) => {
            found.push(Found::Warning(format!(
                "{}: invalid build constraint ({error}); file ignored",
                display_path(&directory, name)
            )));
            return Ok(found);
        }
    };
    let (without_cgo, with_cgo) = built.split_at(LINUX_PLATFORMS.len());
    let mut builds = [without_cgo.contains(&true), with_cgo.contains(&true)];
    let imports_c = header.imports.iter().any(|import| import == "C");
    // A file importing "C" builds only with cgo, whatever its constraint says.
    if imports_c {
        builds[0] = false;
    }

    if vendored.is_some() {
        // Dependencies: the header (imports, build constraints, the cgo
        // preamble) says all godock needs; their embeds and listen calls are
        // not the program's to configure.
        found.push(Found::File(Box::new(GoFile {
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
            health_paths: Vec::new(),
            health_commands: Vec::new(),
            defines_main: false,
            generate: None,
        })));
        return Ok(found);
    }

    let imports = |path: &str| header.imports.iter().any(|import| import == path);
    // Own files are read whole: a port may be a config default in any
    // package a main package reaches, an embed or a `//go:generate` line
    // anywhere in the file.
    if !whole {
        file.read_to_end(&mut source).map_err(read_error)?;
    }
    let wants_versions = crate::knowledge::version::table().reads_package(&package);
    let is_main = package == "main";
    // `func main()` opening a line, as gofmt writes it, settles that the
    // file defines main without lexing it (once more than for its version
    // variables); an unformatted one is found by the lexer.
    let plainly_main = is_main && contains(&source, b"\nfunc main() {");
    // Cheap substring checks keep the lexer off files that cannot say
    // anything more than their header.
    let program = if (is_main && !plainly_main)
        || source::ports::may_name_ports(&source)
        || contains(&source, b"//go:generate")
        || (imports("time") && contains(&source, b"LoadLocation"))
    {
        source::program_use(&source)
    } else {
        source::ProgramUse::default()
    };
    let health_paths = if source::mentions_health_path(&source) {
        source::health_paths(&source)
    } else {
        Vec::new()
    };
    let health_commands = if source::mentions_health_command(&source) {
        source::health_commands(&source)
    } else {
        Vec::new()
    };
    let embeds = if imports("embed") {
        source::embed_directives(&source)
    } else {
        Vec::new()
    };
    let version_variables = if wants_versions {
        source::version_declarations(&source)
    } else {
        Vec::new()
    };
    found.push(Found::File(Box::new(GoFile {
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
        health_paths,
        health_commands,
        defines_main: plainly_main || program.defines_main,
        generate: program.generate,
    })));
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
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
