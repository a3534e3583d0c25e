//! Go's file formats, read as the go command reads them: go.mod (through
//! gomod-rs), go.work, vendor/modules.txt, build constraints, the parts of a
//! source file godock needs, `path.Match` patterns, and Go release versions.
//!
//! Responsible for turning text into data, and for nothing else: nothing
//! here reads the disk, names a file (callers add the path to a
//! [`SyntaxError`]), prints, or holds an opinion about images. Every parser
//! is fuzzed (see fuzz/README.md).
pub mod build_constraint;
pub mod go_mod;
pub mod go_work;
pub mod module_pattern;
pub mod modules_txt;
pub mod pattern;
pub mod platform;
pub mod source;
pub mod statements;
pub mod version;

/// A problem at a line of a file, before the caller names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SyntaxError {
    /// 1-based.
    pub line: u32,
    pub message: String,
}

/// A `replace` directive of go.mod or go.work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    /// The module it replaces (a version after it, if any, is not kept:
    /// godock treats every local replace alike).
    pub old: String,
    /// A module path, or a directory for a local replace.
    pub new: String,
    /// `None` for a local (directory) replacement.
    pub new_version: Option<String>,
    /// The line of the directive (in a block, of its entry).
    pub line: u32,
}

impl Replace {
    /// A replacement by a directory: its path starts with `./`, `../` or `/`.
    pub fn is_local(&self) -> bool {
        self.new_version.is_none()
    }
}

/// Go's rule (`modfile.IsDirectoryPath`) for a replacement that is a
/// directory: Unix and Windows forms both, as these files move between
/// systems.
fn is_directory_path(path: &str) -> bool {
    let drive = path.as_bytes();
    path == "."
        || path == ".."
        || ["./", ".\\", "../", "..\\", "/", "\\"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        || matches!(drive, [letter, b':', ..] if letter.is_ascii_alphabetic())
}

/// Whether the go command ignores a directory of this name when it looks
/// for packages (`./...`): names starting with `.` or `_`, and testdata.
pub fn is_ignored_directory(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name == "testdata"
}

/// Why the go command refuses a directory name as an element of an import
/// path (`module.CheckImportPath`), if it does: only ASCII letters, digits
/// and `-._~+`, and no trailing dot. `go build ./cmd/a b` fails with
/// `malformed import path`, so a main package there cannot be built.
pub fn import_path_element_problem(element: &str) -> Option<String> {
    if let Some(c) = element
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~+".contains(*c)))
    {
        return Some(format!("invalid char {c:?}"));
    }
    if element.is_empty() {
        return Some("empty path element".to_string());
    }
    if element.ends_with('.') {
        return Some("trailing dot in path element".to_string());
    }
    None
}

/// The 1-based number of the line `index` lines below line `first`.
fn line_number(first: u32, index: usize) -> u32 {
    first.saturating_add(u32::try_from(index).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As `go build` answered on this machine (Go 1.26) for `./cmd/NAME`.
    #[test]
    fn import_path_elements_follow_go() {
        for good in ["api", "a+b", "a~b", "v1.2", "A_b-c"] {
            assert_eq!(import_path_element_problem(good), None, "{good}");
        }
        for bad in [
            "a b", "a;b", "a$b", "a%b", "a,b", "a=b", "a@b", "é", "x`y`", "a\nb", "a.",
        ] {
            assert!(import_path_element_problem(bad).is_some(), "{bad}");
        }
    }
}
