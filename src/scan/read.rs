//! Go's own files read from the disk and parsed by [`crate::go`]: go.mod,
//! go.work and vendor/modules.txt. A file that cannot be read, is not UTF-8
//! (Go refuses such files too) or does not parse is an error naming it, and
//! the line.
use std::path::Path;

use crate::error::{Error, Result};
use crate::go::go_mod::GoMod;
use crate::go::go_work::GoWork;
use crate::go::modules_txt::ModulesTxt;
use crate::go::{go_mod, go_work, modules_txt};

/// The most godock reads of any one file it parses whole (go.mod, go.work,
/// godock.toml, godock.lock, a preset, a generated file): far beyond any
/// real one, and small enough that `/dev/zero` cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// The bytes of a regular file, following symbolic links; a FIFO, socket or
/// device (or a link to one) is refused before it is opened, since reading
/// it could block forever or never end, and so is a file over
/// [`MAX_FILE_BYTES`]. `NotFound` passes through for callers that allow it.
pub fn regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(if metadata.is_dir() {
            "it is a directory"
        } else {
            "not a regular file (a named pipe, socket or device)"
        }));
    }
    let file = std::fs::File::open(path)?;
    // Opened after the check: a swap for a FIFO in between is also caught.
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} MiB, which no file godock reads can be",
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// [`regular_file`] as UTF-8 text (`InvalidData` otherwise, as
/// `std::fs::read_to_string`).
pub fn regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(regular_file(path)?).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// The text of a file Go reads.
pub fn text(path: &Path) -> Result<String> {
    let bytes = regular_file(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
        path: path.to_path_buf(),
    })
}

/// A module's go.mod, which must name the module.
pub fn go_mod(path: &Path) -> Result<GoMod> {
    let parsed = go_mod_of_target(path)?;
    if parsed.module.is_empty() {
        return Err(Error::GoModNoModule {
            path: path.to_path_buf(),
        });
    }
    Ok(parsed)
}

/// A replace target's go.mod, with or without a module line: imports name
/// the target by the path it replaces.
pub fn go_mod_of_target(path: &Path) -> Result<GoMod> {
    go_mod::parse(&text(path)?).map_err(|error| Error::GoModSyntax {
        path: path.to_path_buf(),
        line: error.line,
        message: error.message,
    })
}

pub fn go_work(path: &Path) -> Result<GoWork> {
    go_work::parse(&text(path)?).map_err(|error| Error::GoWorkSyntax {
        path: path.to_path_buf(),
        line: error.line,
        message: error.message,
    })
}

pub fn modules_txt(path: &Path) -> Result<ModulesTxt> {
    modules_txt::parse(&text(path)?).map_err(|error| Error::GoModSyntax {
        path: path.to_path_buf(),
        line: error.line,
        message: error.message,
    })
}
