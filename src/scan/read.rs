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

/// The text of a file Go reads.
pub fn text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
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
