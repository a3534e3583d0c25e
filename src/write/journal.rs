//! The journal of a write in progress (`.godock-journal`), so that a run
//! killed between two renames is finished by the next one instead of
//! leaving godock's new files looking like the user's edits.
//!
//! Before godock creates any temporary file it writes the journal: every
//! file it is about to replace or remove, the temporary name beside it
//! (`.godock-<16 hex>.tmp`), and the hashes of what the file holds before
//! and after. The journal says which phase the write is in:
//! - `staging`: temporary files are being written; nothing is renamed yet,
//!   so the next run deletes them and the old state stands;
//! - `renaming`: every temporary file is complete; the next run renames
//!   those still waiting into place (godock.lock last), so the new state
//!   stands and godock.lock speaks for what is on disk;
//! - `putting-back`: a rename failed and godock was undoing; the next run
//!   deletes what is left and puts removed files back.
//!
//! A temporary file godock leaves is thus always named by a journal, and
//! only a name the journal gives, in godock's own pattern, is ever deleted.
//! The journal is repository content like godock.lock: an entry that names
//! a file godock does not generate, or a temporary name not in its pattern
//! or not beside its target, is ignored with a warning; a file is renamed
//! over only when it still holds what the journal says it held, and a
//! temporary file is renamed in only when it holds what the journal says.
//!
//! Responsible for the journal's format and for finishing an interrupted
//! write; it never decides what a file holds.
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{safety, LOCK_FILE};
use crate::error::{Error, Result};

/// The journal's name, in the build context beside godock.lock.
pub const JOURNAL_FILE: &str = ".godock-journal";
/// Where the journal is written before it is renamed into place.
const JOURNAL_STAGING: &str = ".godock-journal.new";
const JOURNAL_HEADER: &str = "# Written by godock while it writes its files; removed when it is done.\n# If you see it, a run was interrupted: `godock regen` finishes it.\n";
const PREFIX: &str = ".godock-";
const SUFFIX: &str = ".tmp";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Phase {
    Staging,
    Renaming,
    PuttingBack,
}

/// One file replaced (`after` is its new content's hash) or removed
/// (`after` is `None`), through `temporary`, a name beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Step {
    pub target: String,
    pub temporary: String,
    /// The hash of what `target` held before; `None` when it did not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Journal {
    pub phase: Phase,
    #[serde(default)]
    pub steps: Vec<Step>,
}

impl Journal {
    /// Writes the journal in `directory`, atomically (a new file renamed
    /// over the old), and flushed to disk before any step it names is taken.
    pub fn write(&self, directory: &Path) -> Result<()> {
        let path = directory.join(JOURNAL_FILE);
        let staging = directory.join(JOURNAL_STAGING);
        let error = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let text = format!(
            "{JOURNAL_HEADER}{}",
            toml::to_string_pretty(self).unwrap_or_default()
        );
        // A link or a file left at the staging name is godock's name: it is
        // replaced, never written through.
        remove_if_present(&staging).map_err(error)?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staging)
            .map_err(error)?;
        file.write_all(text.as_bytes()).map_err(error)?;
        file.sync_all().map_err(error)?;
        std::fs::rename(&staging, &path).map_err(error)?;
        sync_directory(directory);
        Ok(())
    }

    /// Removes the journal: the write it describes is over.
    pub fn remove(directory: &Path) -> Result<()> {
        let path = directory.join(JOURNAL_FILE);
        remove_if_present(&path).map_err(|source| Error::Write { path, source })?;
        sync_directory(directory);
        Ok(())
    }

    /// The journal in `directory`, when a write was interrupted there.
    pub fn read(directory: &Path) -> Result<Option<Journal>> {
        let path = directory.join(JOURNAL_FILE);
        match std::fs::symlink_metadata(&path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
            Ok(metadata) if !metadata.is_file() => {
                return Err(Error::UnsafeTarget {
                    path,
                    reason: "it is not a regular file; godock writes its journal there".into(),
                })
            }
            Ok(_) => {}
        }
        let text = crate::scan::regular_text(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        toml::from_str(&text)
            .map(Some)
            .map_err(|error| Error::ConfigInvalid {
                message: format!(
                    "{}; it records a write godock did not finish: check the files it names, then delete it",
                    crate::error::toml_message(&error, &text)
                ),
                path,
            })
    }
}

/// A fresh temporary name beside `target` (a path relative to the build
/// context), in godock's pattern: `.godock-<16 hex>.tmp`.
pub(super) fn temporary_name(target: &str) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write(target.as_bytes());
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos()),
    );
    let name = format!("{PREFIX}{:016x}{SUFFIX}", hasher.finish());
    match target.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{name}"),
        None => name,
    }
}

/// Whether `name` (a file name) is in godock's temporary pattern.
pub(super) fn is_temporary_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Why a journal step cannot be acted on, if it cannot: its target must be
/// a file godock may write (one it generates, a backup of one, godock.lock)
/// at a safe path, and its temporary name godock's, beside the target.
fn refused_step(directory: &Path, step: &Step) -> Option<String> {
    let base = step
        .target
        .split_once(".orig")
        .filter(|(_, rest)| rest.is_empty() || rest.strip_prefix('.').is_some_and(is_number))
        .map_or(step.target.as_str(), |(base, _)| base);
    if step.target != LOCK_FILE && !crate::render::may_generate(base) {
        return Some("godock generates no file there".into());
    }
    if let Some(reason) = safety::refused(directory, &step.target) {
        return Some(reason);
    }
    let parent = |path: &str| path.rsplit_once('/').map(|(parent, _)| parent.to_string());
    let name = step.temporary.rsplit('/').next().unwrap_or_default();
    if parent(&step.target) != parent(&step.temporary) || !is_temporary_name(name) {
        return Some(format!(
            "`{}` is not a temporary name godock gives beside it",
            crate::settings::validate::shown(&step.temporary)
        ));
    }
    safety::refused(directory, &step.temporary)
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// What finishing an interrupted write did, for the user to read.
#[derive(Debug, Default)]
pub struct Recovered {
    /// One line per file put in place, removed or left alone.
    pub done: Vec<String>,
    pub warnings: Vec<String>,
}

/// Finishes the write a journal in `directory` records, if there is one:
/// forward when every temporary file was complete (the `renaming` phase),
/// back otherwise. `None` when there was nothing to finish.
pub fn recover(directory: &Path) -> Result<Option<Recovered>> {
    let Some(journal) = Journal::read(directory)? else {
        // A journal that never reached its name holds nothing yet.
        let _ = remove_if_present(&directory.join(JOURNAL_STAGING));
        return Ok(None);
    };
    let mut recovered = Recovered::default();
    for step in &journal.steps {
        if let Some(reason) = refused_step(directory, step) {
            recovered.warnings.push(format!(
                "{JOURNAL_FILE}: ignored the entry for `{}`: {reason}",
                crate::settings::validate::shown(&step.target)
            ));
            continue;
        }
        let target = directory.join(&step.target);
        let temporary = directory.join(&step.temporary);
        let line = match (journal.phase, &step.after) {
            (Phase::Renaming, Some(after)) => forward_write(&target, &temporary, step, after)?,
            (Phase::Renaming, None) => forward_remove(&target, &temporary, step)?,
            // Not renamed: a complete or partial copy of the new file.
            (_, Some(_)) => {
                remove_temporary(&temporary)?;
                None
            }
            (_, None) => back_remove(&target, &temporary, step)?,
        };
        recovered
            .done
            .extend(line.map(|line| format!("{}: {line}", step.target)));
    }
    Journal::remove(directory)?;
    let _ = remove_if_present(&directory.join(JOURNAL_STAGING));
    Ok(Some(recovered))
}

/// A replacement the interrupted run did not get to: renamed in now, when
/// the target still holds what it held then.
fn forward_write(
    target: &Path,
    temporary: &Path,
    step: &Step,
    after: &str,
) -> Result<Option<String>> {
    let Some(staged) = hash_of(temporary) else {
        // Renamed already (or never complete, which `renaming` rules out).
        return Ok(None);
    };
    if staged != after {
        return Ok(Some(format!(
            "left as it is: {} does not hold what godock staged",
            temporary.display()
        )));
    }
    if hash_of(target) != step.before {
        remove_temporary(temporary)?;
        return Ok(Some(
            "changed since the interrupted run; kept as it is".to_string(),
        ));
    }
    std::fs::rename(temporary, target).map_err(|source| Error::Write {
        path: target.to_path_buf(),
        source,
    })?;
    Ok(Some("written (finishing the interrupted run)".to_string()))
}

/// A removal the interrupted run started: the file goes when it still
/// holds what godock wrote, and so does the copy moved aside.
fn forward_remove(target: &Path, holding: &Path, step: &Step) -> Result<Option<String>> {
    let mut line = None;
    if step.before.is_some() && hash_of(target) == step.before {
        remove_if_present(target).map_err(|source| Error::Write {
            path: target.to_path_buf(),
            source,
        })?;
        line = Some("removed (finishing the interrupted run)".to_string());
    }
    remove_temporary(holding)?;
    Ok(line)
}

/// A removal to undo: the copy moved aside comes back, when nothing took
/// its place.
fn back_remove(target: &Path, holding: &Path, step: &Step) -> Result<Option<String>> {
    if step.before.is_none() || hash_of(holding) != step.before {
        return Ok(None);
    }
    if std::fs::symlink_metadata(target).is_err() {
        std::fs::rename(holding, target).map_err(|source| Error::Write {
            path: target.to_path_buf(),
            source,
        })?;
        return Ok(Some("put back (undoing the interrupted run)".to_string()));
    }
    remove_temporary(holding)?;
    Ok(None)
}

/// Deletes a temporary file godock named (in its pattern, by its journal):
/// a complete or a partial copy, or a link left in its place; never a
/// directory.
fn remove_temporary(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() || metadata.file_type().is_symlink() => {
            std::fs::remove_file(path).map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// The hash of a regular file's bytes (not through a link); `None` when
/// there is none.
pub(super) fn hash_of(path: &Path) -> Option<String> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    crate::scan::regular_file(path)
        .ok()
        .map(|bytes| super::lock::sha256_bytes(&bytes))
}

/// Removes the file or link at `path` (never what a link points to); fine
/// when there is none.
pub(super) fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Flushes a directory's entries (the renames in it) to disk; best effort.
pub(super) fn sync_directory(directory: &Path) {
    if let Ok(handle) = std::fs::File::open(directory) {
        let _ = handle.sync_all();
    }
}

/// The journal's path in `directory`, for messages.
pub fn journal_path(directory: &Path) -> PathBuf {
    directory.join(JOURNAL_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::lock::sha256_bytes;

    fn step(target: &str, temporary: &str, before: Option<&[u8]>, after: Option<&[u8]>) -> Step {
        Step {
            target: target.into(),
            temporary: temporary.into(),
            before: before.map(sha256_bytes),
            after: after.map(sha256_bytes),
        }
    }

    const TEMPORARY: &str = ".godock-0123456789abcdef.tmp";
    const OTHER: &str = ".godock-fedcba9876543210.tmp";

    #[test]
    fn temporary_names_are_godocks_and_beside_their_target() {
        let name = temporary_name("Dockerfile");
        assert!(is_temporary_name(&name), "{name}");
        let nested = temporary_name(".github/workflows/docker.yml");
        let (parent, file) = nested.rsplit_once('/').unwrap();
        assert_eq!(parent, ".github/workflows");
        assert!(is_temporary_name(file), "{nested}");
        assert_ne!(temporary_name("Dockerfile"), temporary_name("Dockerfile"));
        for other in [
            ".godock-journal",
            ".godock-x.tmp",
            ".godock-0123456789abcdeg.tmp",
            "x.tmp",
        ] {
            assert!(!is_temporary_name(other), "{other}");
        }
    }

    #[test]
    fn an_interrupted_rename_phase_is_finished() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::write(root.join("Dockerfile"), "new").unwrap();
        std::fs::write(root.join("Makefile"), "old").unwrap();
        std::fs::write(root.join(OTHER), "new").unwrap();
        std::fs::write(root.join("compose.yaml"), "gone").unwrap();
        Journal {
            phase: Phase::Renaming,
            steps: vec![
                // Renamed before the kill: its temporary name is free.
                step("Dockerfile", TEMPORARY, Some(b"old"), Some(b"new")),
                step("Makefile", OTHER, Some(b"old"), Some(b"new")),
                step(
                    "compose.yaml",
                    ".godock-1111111111111111.tmp",
                    Some(b"gone"),
                    None,
                ),
            ],
        }
        .write(root)
        .unwrap();
        let recovered = recover(root).unwrap().unwrap();
        assert!(recovered.warnings.is_empty(), "{:?}", recovered.warnings);
        assert_eq!(std::fs::read(root.join("Dockerfile")).unwrap(), b"new");
        assert_eq!(std::fs::read(root.join("Makefile")).unwrap(), b"new");
        assert!(!root.join("compose.yaml").exists());
        let left: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(recover(root).unwrap().is_none());
    }

    #[test]
    fn an_interrupted_staging_phase_leaves_the_old_files() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::write(root.join("Makefile"), "old").unwrap();
        std::fs::write(root.join(TEMPORARY), "ne").unwrap();
        Journal {
            phase: Phase::Staging,
            steps: vec![step("Makefile", TEMPORARY, Some(b"old"), Some(b"new"))],
        }
        .write(root)
        .unwrap();
        recover(root).unwrap().unwrap();
        assert_eq!(std::fs::read(root.join("Makefile")).unwrap(), b"old");
        assert!(!root.join(TEMPORARY).exists());
        assert!(!root.join(JOURNAL_FILE).exists());
    }

    #[test]
    fn a_file_changed_since_the_kill_is_kept() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::write(root.join("Makefile"), "edited after the kill").unwrap();
        std::fs::write(root.join(TEMPORARY), "new").unwrap();
        Journal {
            phase: Phase::Renaming,
            steps: vec![step("Makefile", TEMPORARY, Some(b"old"), Some(b"new"))],
        }
        .write(root)
        .unwrap();
        let recovered = recover(root).unwrap().unwrap();
        assert_eq!(
            std::fs::read(root.join("Makefile")).unwrap(),
            b"edited after the kill"
        );
        assert!(
            recovered.done[0].contains("kept as it is"),
            "{:?}",
            recovered.done
        );
    }

    #[test]
    fn a_removal_being_undone_puts_the_file_back() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::write(root.join(TEMPORARY), "mine").unwrap();
        Journal {
            phase: Phase::PuttingBack,
            steps: vec![step("compose.yaml", TEMPORARY, Some(b"mine"), None)],
        }
        .write(root)
        .unwrap();
        recover(root).unwrap().unwrap();
        assert_eq!(std::fs::read(root.join("compose.yaml")).unwrap(), b"mine");
        assert!(!root.join(TEMPORARY).exists());
    }

    /// The journal is repository content: a committed one that names
    /// anything but godock's files and temporary names is not acted on.
    #[test]
    fn a_hostile_journal_touches_nothing_but_godocks_names() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(root.join("main.go"), "package main").unwrap();
        std::fs::write(root.join("Dockerfile"), "mine").unwrap();
        std::fs::write(root.join("notes.txt"), "keep").unwrap();
        std::fs::write(root.join(TEMPORARY), "evil").unwrap();
        Journal {
            phase: Phase::Renaming,
            steps: vec![
                step(".git/HEAD", TEMPORARY, Some(b"ref"), Some(b"evil")),
                step("main.go", TEMPORARY, Some(b"package main"), None),
                step("../outside", TEMPORARY, None, Some(b"evil")),
                step("Dockerfile", "notes.txt", Some(b"mine"), Some(b"keep")),
                step(
                    "Dockerfile",
                    "sub/.godock-0123456789abcdef.tmp",
                    Some(b"mine"),
                    None,
                ),
            ],
        }
        .write(root)
        .unwrap();
        let recovered = recover(root).unwrap().unwrap();
        assert_eq!(recovered.warnings.len(), 5, "{:?}", recovered.warnings);
        for (path, content) in [
            (".git/HEAD", "ref"),
            ("main.go", "package main"),
            ("Dockerfile", "mine"),
            ("notes.txt", "keep"),
            (TEMPORARY, "evil"),
        ] {
            assert_eq!(
                std::fs::read_to_string(root.join(path)).unwrap(),
                content,
                "{path}"
            );
        }
        assert!(!root.join(JOURNAL_FILE).exists());
    }

    #[test]
    fn a_garbled_journal_is_an_error_naming_it() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join(JOURNAL_FILE), "phase = 3").unwrap();
        let error = recover(directory.path()).unwrap_err().to_string();
        assert!(error.contains(JOURNAL_FILE), "{error}");
    }
}
