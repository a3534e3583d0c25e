//! The evidence layer: what a repository already says about how it is built.
//!
//! Each submodule reads one kind of file a Go repository may hold — a
//! Dockerfile, a .dockerignore, a Makefile, a goreleaser or promu config, a
//! Procfile, a justfile, a Taskfile, shell build scripts — and returns typed
//! records, each carrying the `file:line` it came from. The parsers are pure
//! (text in, data out, no disk); [`collect`] is the one place that finds and
//! reads the files under a repository root, safely.
//!
//! This layer holds no opinions: it never decides which source wins, which
//! binary is primary or which flags to use. It must not import from `scan`,
//! `plan`, `settings` or `commands`; the plan reads [`Evidence`] and decides.
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub mod collect;
pub mod dockerfile;
pub mod dockerignore;
pub mod go_build;
pub mod goreleaser;
pub mod justfile;
pub mod makefile;
pub mod marker;
pub mod node;
pub mod procfile;
pub mod promu;
pub mod script;
pub mod shell;
pub mod taskfile;
pub mod value;
mod yaml;

pub use collect::{collect, Evidence, Source};

/// Where a record came from: a file (relative to the repository root when
/// collected) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: u32,
}

impl Location {
    pub fn new(file: &Path, line: u32) -> Location {
        Location {
            file: file.to_path_buf(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}", self.file.display(), self.line)
    }
}

/// Something a reader could not understand, or a file it would not read.
/// A warning never stops the collection: the rest of the file, and every
/// other file, is still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub file: PathBuf,
    /// `None` when the problem is the whole file (too large, not a regular
    /// file, not YAML at all).
    pub line: Option<u32>,
    pub message: String,
}

impl Warning {
    pub fn at(file: &Path, line: u32, message: impl Into<String>) -> Warning {
        Warning {
            file: file.to_path_buf(),
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn file(file: &Path, message: impl Into<String>) -> Warning {
        Warning {
            file: file.to_path_buf(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(
                formatter,
                "{}:{line}: {}",
                self.file.display(),
                self.message
            ),
            None => write!(formatter, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> u32 {
    let offset = offset.min(text.len());
    let newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// Strips a leading UTF-8 byte-order mark, as every tool reading these files
/// does.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
