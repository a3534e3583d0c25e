//! Writing generated files without ever losing someone's work.
//!
//! Every file is decided before any is written. godock.lock records, per
//! file, what godock last rendered (the base) and its hash, and the facts it
//! rendered from. A generated file edited since is merged three ways (base,
//! the user's file, the new render): edits that do not touch what godock
//! changes survive; edits that do are a conflict, and nothing is written
//! unless `force`, which takes godock's lines for the conflicting runs only
//! (the edits that merged cleanly stay) and keeps the user's file as
//! FILE.orig, or FILE.orig.N when that name is taken: a backup is never
//! overwritten. A file godock did not write (no marker) is never replaced
//! without `force`. godock.toml is the user's: when its choices already say
//! what the render says, its text is kept as it is.
//!
//! The base recorded is always godock's render, never the merged file: the
//! next merge must compare godock's old output with godock's new output, and
//! the user's edits are whatever differs between the file and that base.
//!
//! A file godock.lock lists that the render no longer has (an output dropped
//! from godock.toml) is removed when it is as godock wrote it, and kept but
//! dropped from the lock when it was edited: godock never deletes an edit.
//!
//! Writes go to temporary files beside their targets, all staged before any
//! is renamed into place (godock.lock last), so each file is either the old
//! one or the new one, and a failed rename puts back those already renamed.
//! A removal is a rename to a temporary name, deleted only once all is done.
//! A journal written before the first temporary file names every step, so
//! that a run killed half-way is finished by the next ([`recover`]) and
//! godock.lock never speaks for content that is not on disk.
//!
//! Responsible for the files godock generates, in the build context, and
//! nothing else: it never writes outside the context, never removes a file
//! it did not write, and never decides what a file holds (the render does).
mod apply;
mod journal;
mod lock;
pub mod merge;
mod safety;

use std::path::Path;

use serde::Serialize;

pub use apply::apply;
pub use journal::{journal_path, recover, Recovered, JOURNAL_FILE};
pub use lock::{sha256, Lock, LockFacts, LockedFile, LOCK_FILE};
use merge::{merge3, merge3_taking_theirs, Conflict, Merged};

use crate::error::{Error, Result};
use crate::render::{is_generated, GeneratedFile};
use crate::settings::{same_choices, CONFIG_FILE};

/// What writing one file does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    Create,
    Update,
    /// The user's edits, merged into godock's new version.
    Merge,
    Unchanged,
    /// Replaces a file godock did not write, or one whose edits conflict;
    /// the old content is kept at `backup`.
    Overwrite {
        backup: String,
        /// Where the user's file took godock's lines for a conflicting run
        /// (`line 7`): the edits elsewhere are kept. Empty: the whole file
        /// is godock's.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        taken: Vec<String>,
    },
    /// Edited since godock wrote it, in a way that conflicts with the new
    /// version; empty when godock.lock has no base to merge from (godock 0.1
    /// recorded a hash only).
    Conflict {
        #[serde(skip)]
        conflicts: Vec<Conflict>,
    },
    /// No longer rendered (an output dropped from godock.toml), and as godock
    /// wrote it: removed, and dropped from godock.lock.
    Remove,
    /// No longer rendered, but edited since godock wrote it: kept as it is
    /// and dropped from godock.lock, so that godock no longer owns it.
    Disown,
    /// godock's marked block in a file of the user's, added or brought up
    /// to date; the rest of the file is left as it is.
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub path: String,
    #[serde(flatten)]
    pub action: Action,
    /// The file's bytes as they are now (`None` when it does not exist), for
    /// the diff, the backup and putting it back.
    #[serde(skip)]
    original: Option<Vec<u8>>,
    /// What the file will hold (for a conflict: godock's version).
    #[serde(skip)]
    pub content: String,
    /// godock's render: the base of the next merge.
    #[serde(skip)]
    pub render: String,
    /// godock's block in a file of the user's: never in godock.lock, which
    /// speaks for godock's own files.
    #[serde(skip)]
    pub block: bool,
}

impl Change {
    /// The file as it is now, when it exists and is text.
    pub fn original_text(&self) -> Option<&str> {
        self.original
            .as_deref()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// A unified diff from the file as it is to what it would become (for a
    /// conflict: to godock's version); `None` when nothing changes.
    pub fn diff(&self) -> Option<String> {
        if matches!(self.action, Action::Unchanged | Action::Disown) {
            return None;
        }
        let old = self.original.as_deref().map(String::from_utf8_lossy);
        let name = |exists: bool, side: &str| {
            if exists {
                format!("{side}/{}", self.path)
            } else {
                "/dev/null".to_string()
            }
        };
        // A removed file's content is empty: the diff deletes every line.
        Some(unified_diff(
            old.as_deref().unwrap_or(""),
            &self.content,
            &name(old.is_some(), "a"),
            &name(self.action != Action::Remove, "b"),
        ))
    }
}

fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// What writing a set of files would do: one [`Change`] per file, and
/// godock.lock before and after.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub changes: Vec<Change>,
    lock_before: Option<(Lock, String)>,
    lock_after: Lock,
    /// godock.lock entries ignored, and why.
    pub warnings: Vec<String>,
}

impl Prepared {
    /// Whether godock.lock would change (beyond the godock version in it).
    pub fn lock_changes(&self) -> bool {
        !self
            .lock_before
            .as_ref()
            .is_some_and(|(before, _)| before.same_as(&self.lock_after))
    }

    /// Nothing to write: every file is what it would be, and so is the lock.
    pub fn is_up_to_date(&self) -> bool {
        !self.lock_changes()
            && self
                .changes
                .iter()
                .all(|change| change.action == Action::Unchanged)
    }

    /// The changes whose edits conflict with godock's.
    pub fn conflicts(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|change| matches!(change.action, Action::Conflict { .. }))
    }

    /// A diff of the facts godock.lock records, when they changed.
    pub fn facts_diff(&self) -> Option<String> {
        let before = self
            .lock_before
            .as_ref()
            .and_then(|(lock, _)| lock.facts.as_ref());
        let after = self.lock_after.facts.as_ref();
        (before != after).then(|| {
            unified_diff(
                &LockFacts::render(before),
                &LockFacts::render(after),
                &format!("a/{LOCK_FILE} [facts]"),
                &format!("b/{LOCK_FILE} [facts]"),
            )
        })
    }

    /// Refuses, naming every file and showing every conflicting run, when
    /// edits conflict.
    pub fn refuse_conflicts(&self, directory: &Path) -> Result<()> {
        let conflicted: Vec<&Change> = self.conflicts().collect();
        if conflicted.is_empty() {
            return Ok(());
        }
        let mut report = String::new();
        for change in &conflicted {
            let Action::Conflict { conflicts } = &change.action else {
                continue;
            };
            if conflicts.is_empty() {
                return Err(Error::WouldLoseEdits {
                    path: directory.join(&change.path),
                    backup: directory.join(safety::free_backup(directory, &change.path)),
                });
            }
            for conflict in conflicts {
                report.push_str(&format!(
                    "{}, {}:\n{}",
                    directory.join(&change.path).display(),
                    conflict.ours_lines(),
                    conflict.display()
                ));
            }
        }
        Err(Error::MergeConflict {
            paths: conflicted
                .iter()
                .map(|change| directory.join(&change.path))
                .collect(),
            report,
        })
    }
}

/// Refuses, unless `force`, when a file at one of `paths` (relative to
/// `directory`) exists and godock did not write it: what [`prepare`] would
/// refuse, known before anything is rendered, so that the wizard can stop
/// before asking anything.
pub fn refuse_foreign(directory: &Path, paths: &[&str], force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    for path in paths {
        let target = directory.join(path);
        match crate::scan::regular_file(&target) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                })
            }
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) if is_generated(text) => {}
                Ok(_) => return Err(Error::WouldClobber { path: target }),
                Err(_) => return Err(Error::NotUtf8 { path: target }),
            },
        }
    }
    Ok(())
}

/// Decides what writing `files` into `directory` would do. A file godock
/// did not write is refused here unless `force`; edits that conflict come
/// back as [`Action::Conflict`] (or, with `force`, as an overwrite), for the
/// caller to refuse ([`Prepared::refuse_conflicts`]) or to report.
pub fn prepare(
    directory: &Path,
    files: &[GeneratedFile],
    facts: LockFacts,
    force: bool,
) -> Result<Prepared> {
    let lock_before = Lock::read(directory)?;
    let empty = Lock::default();
    let lock = lock_before.as_ref().map_or(&empty, |(lock, _)| lock);
    let mut changes = Vec::new();
    for file in files {
        let target = directory.join(&file.path);
        if let Some(reason) = safety::refused(directory, &file.path) {
            return Err(Error::UnsafeTarget {
                path: target,
                reason,
            });
        }
        let backup = safety::free_backup(directory, &file.path);
        let original = match crate::scan::regular_file(&target) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                })
            }
            Ok(bytes) => Some(bytes),
        };
        if file.block {
            changes.push(block_change(&target, file, original)?);
            continue;
        }
        let (action, content) = match &original {
            // A generated file the user deleted comes back: godock has no
            // way to stop writing one, and a missing Dockerfile is no choice.
            None => (Action::Create, file.content.clone()),
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(existing) => decide(file, existing, lock.files.get(&file.path), &backup, force)
                    .map_err(|()| Error::WouldClobber {
                        path: target.clone(),
                    })?,
                // Text godock cannot merge; only --force replaces it (and
                // keeps its bytes as they are, in the backup).
                Err(_) if force => (
                    Action::Overwrite {
                        backup,
                        taken: Vec::new(),
                    },
                    file.content.clone(),
                ),
                Err(_) => return Err(Error::NotUtf8 { path: target }),
            },
        };
        changes.push(Change {
            path: file.path.clone(),
            action,
            original,
            content,
            render: file.content.clone(),
            block: false,
        });
    }
    let mut warnings = Vec::new();
    changes.extend(no_longer_rendered(directory, files, lock, &mut warnings)?);
    let lock_after = Lock {
        godock_version: env!("CARGO_PKG_VERSION").to_string(),
        facts: Some(facts),
        files: changes
            .iter()
            .filter(|change| !change.block)
            .filter(|change| !matches!(change.action, Action::Remove | Action::Disown))
            .map(|change| (change.path.clone(), LockedFile::new(&change.render)))
            .collect(),
    };
    Ok(Prepared {
        changes,
        lock_before,
        lock_after,
        warnings,
    })
}

/// The files godock.lock lists that the render no longer has (an output
/// dropped from godock.toml): one as godock wrote it is removed; one edited
/// since is kept and disowned, since deleting it would lose the edits, and
/// refusing would leave no way to drop the output short of deleting it by
/// hand. One already gone just drops out of the lock.
fn no_longer_rendered(
    directory: &Path,
    files: &[GeneratedFile],
    lock: &Lock,
    warnings: &mut Vec<String>,
) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, locked) in &lock.files {
        if path == LOCK_FILE || files.iter().any(|file| file.path == *path) {
            continue;
        }
        // The lock is repository content: an entry speaks only for a file
        // godock generates, at its path, not through a link, carrying
        // godock's marker. Any other is dropped from the lock, never acted on.
        let ignored = |reason: &str| {
            format!(
                "{LOCK_FILE}: ignored the entry for `{}`: {reason}",
                crate::settings::validate::shown(path)
            )
        };
        if let Some(reason) = safety::refused_lock_entry(directory, path) {
            warnings.push(ignored(&reason));
            continue;
        }
        let target = directory.join(path);
        let bytes = match crate::scan::regular_file(&target) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                })
            }
            Ok(bytes) => bytes,
        };
        if !std::str::from_utf8(&bytes).is_ok_and(is_generated) {
            warnings.push(ignored("the file does not carry godock's marker"));
            continue;
        }
        let unedited =
            std::str::from_utf8(&bytes).is_ok_and(|text| sha256(text) == locked.sha256());
        changes.push(Change {
            path: path.clone(),
            action: if unedited {
                Action::Remove
            } else {
                Action::Disown
            },
            original: Some(bytes),
            content: String::new(),
            render: String::new(),
            block: false,
        });
    }
    Ok(changes)
}

/// godock's block in the user's file at `target`: put in place of the one
/// there, or appended after a blank line; the user's lines are kept byte
/// for byte. Marks that do not pair up are refused: godock cannot tell its
/// lines from theirs.
fn block_change(target: &Path, file: &GeneratedFile, original: Option<Vec<u8>>) -> Result<Change> {
    let existing = match &original {
        None => String::new(),
        Some(bytes) => std::str::from_utf8(bytes)
            .map_err(|_| Error::NotUtf8 {
                path: target.to_path_buf(),
            })?
            .to_string(),
    };
    let found =
        crate::evidence::marker::find_block(&existing).map_err(|broken| Error::BrokenBlock {
            path: target.to_path_buf(),
            line: broken.line,
            problem: broken.problem,
        })?;
    let content = match found {
        Some(block) => format!(
            "{}{}{}",
            &existing[..block.start],
            file.content,
            &existing[block.end..]
        ),
        None if existing.is_empty() => file.content.clone(),
        None => {
            let separator = if existing.ends_with("\n\n") {
                ""
            } else if existing.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{existing}{separator}{}", file.content)
        }
    };
    let action = if content == existing && original.is_some() {
        Action::Unchanged
    } else {
        Action::Block
    };
    Ok(Change {
        path: file.path.clone(),
        action,
        original,
        content,
        render: file.content.clone(),
        block: true,
    })
}

/// What to do with one existing file, and what it will hold (a replaced
/// one is kept at `backup`); `Err` when it is not godock's and `force` is
/// off.
fn decide(
    file: &GeneratedFile,
    existing: &str,
    locked: Option<&LockedFile>,
    backup: &str,
    force: bool,
) -> std::result::Result<(Action, String), ()> {
    let render = &file.content;
    let overwrite = |taken: Vec<String>, content: String| {
        let backup = backup.to_string();
        (Action::Overwrite { backup, taken }, content)
    };
    let is_config = file.path == CONFIG_FILE;
    if existing == render || (is_config && same_choices(existing, render)) {
        return Ok((Action::Unchanged, existing.to_string()));
    }
    if !is_generated(existing) {
        return if force {
            Ok(overwrite(Vec::new(), render.clone()))
        } else {
            Err(())
        };
    }
    // Without a lock entry there is no telling godock's text from an edit:
    // a file that differs from the render is treated as edited (no base to
    // merge from, so a conflict unless `force`), never silently replaced.
    let edited = locked.is_none_or(|locked| locked.sha256() != sha256(existing));
    if !edited {
        return Ok((Action::Update, render.clone()));
    }
    let base = locked.and_then(LockedFile::base);
    Ok(match base.map(|base| merge3(base, existing, render)) {
        Some(Merged::Clean(merged)) if !is_config || same_choices(&merged, render) => {
            if merged == existing {
                (Action::Unchanged, merged)
            } else {
                (Action::Merge, merged)
            }
        }
        // godock.toml was rendered from the user's own choices: its render
        // wins, and the user's text is kept beside it.
        _ if is_config => overwrite(Vec::new(), render.clone()),
        // --force: godock's lines where the edits conflict, the user's
        // edits everywhere else.
        Some(Merged::Conflicts(_)) if force => {
            let (merged, settled) =
                merge3_taking_theirs(base.unwrap_or_default(), existing, render);
            overwrite(settled.iter().map(Conflict::ours_lines).collect(), merged)
        }
        _ if force => overwrite(Vec::new(), render.clone()),
        Some(Merged::Conflicts(conflicts)) => (Action::Conflict { conflicts }, render.clone()),
        _ => (
            Action::Conflict {
                conflicts: Vec::new(),
            },
            render.clone(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::MARKER;

    fn generated(path: &str, body: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            content: format!("{MARKER}\n{body}\n"),
            block: false,
        }
    }

    fn facts() -> LockFacts {
        LockFacts {
            module: "example.com/m".into(),
            go_version: "1.23".into(),
            ..LockFacts::default()
        }
    }

    /// godock.lock is renamed last: a non-empty directory in its place makes
    /// that rename fail after every other file has been renamed.
    fn fail_the_last_rename(directory: &Path) {
        let lock = directory.join(LOCK_FILE);
        std::fs::remove_file(&lock).unwrap();
        std::fs::create_dir(&lock).unwrap();
        std::fs::write(lock.join("x"), "").unwrap();
    }

    fn prepare_here(directory: &Path, files: &[GeneratedFile], force: bool) -> Result<Prepared> {
        prepare(directory, files, facts(), force)
    }

    fn write(directory: &Path, files: &[GeneratedFile]) {
        apply(directory, &prepare_here(directory, files, false).unwrap()).unwrap();
    }

    const DOCKERFILE: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build\n\nFROM runtime\nEXPOSE 8080\nENTRYPOINT [\"/app\"]";

    #[test]
    fn new_files_are_created_and_recorded_in_the_lock_with_their_base() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        let prepared = prepare_here(directory.path(), &files, false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Create);
        apply(directory.path(), &prepared).unwrap();
        let lock = Lock::load(directory.path()).unwrap();
        assert_eq!(lock.files["Dockerfile"], LockedFile::new(&files[0].content));
        assert_eq!(lock.facts, Some(facts()));
        let text = std::fs::read_to_string(directory.path().join(LOCK_FILE)).unwrap();
        assert!(
            text.contains("\nFROM a\n"),
            "the base is a readable multi-line string:\n{text}"
        );
        let again = prepare_here(directory.path(), &files, false).unwrap();
        assert_eq!(again.changes[0].action, Action::Unchanged);
        assert!(again.is_up_to_date());
    }

    #[test]
    fn a_file_godock_did_not_write_is_refused_without_force() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join("Makefile"), "all:\n").unwrap();
        let files = [
            generated("Dockerfile", "FROM a"),
            generated("Makefile", "x"),
        ];
        let error = prepare_here(directory.path(), &files, false)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("Makefile exists and was not written by godock"),
            "{error}"
        );
        apply(
            directory.path(),
            &prepare_here(directory.path(), &files, true).unwrap(),
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(directory.path().join("Makefile.orig")).unwrap(),
            "all:\n"
        );
    }

    #[test]
    fn edits_that_do_not_conflict_are_merged_and_the_base_stays_godocks() {
        let directory = tempfile::tempdir().unwrap();
        write(directory.path(), &[generated("Dockerfile", DOCKERFILE)]);
        let path = directory.path().join("Dockerfile");
        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("WORKDIR /src\n", "WORKDIR /src\nRUN apk add git\n");
        std::fs::write(&path, &edited).unwrap();
        let newer = generated("Dockerfile", &DOCKERFILE.replace("1.22", "1.23"));
        let prepared = prepare_here(directory.path(), std::slice::from_ref(&newer), false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Merge);
        apply(directory.path(), &prepared).unwrap();
        let merged = std::fs::read_to_string(&path).unwrap();
        assert_eq!(merged, edited.replace("1.22", "1.23"));
        // The base is the render, not the merged file: the next run with the
        // same render keeps the edit and has nothing to do.
        let lock = Lock::load(directory.path()).unwrap();
        assert_eq!(
            lock.files["Dockerfile"].base(),
            Some(newer.content.as_str())
        );
        let again = prepare_here(directory.path(), &[newer], false).unwrap();
        assert!(again.is_up_to_date(), "{:?}", again.changes);
    }

    #[test]
    fn the_users_edit_matching_godocks_needs_no_write_but_a_new_base() {
        let directory = tempfile::tempdir().unwrap();
        write(directory.path(), &[generated("Dockerfile", DOCKERFILE)]);
        let newer = generated("Dockerfile", &DOCKERFILE.replace("1.22", "1.23"));
        std::fs::write(directory.path().join("Dockerfile"), &newer.content).unwrap();
        let prepared = prepare_here(directory.path(), &[newer], false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Unchanged);
        assert!(prepared.lock_changes());
        assert!(!prepared.is_up_to_date());
    }

    #[test]
    fn conflicting_edits_are_refused_without_force_and_kept_as_orig_with_it() {
        let directory = tempfile::tempdir().unwrap();
        write(directory.path(), &[generated("Dockerfile", DOCKERFILE)]);
        let path = directory.path().join("Dockerfile");
        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("1.22", "1.22.5");
        std::fs::write(&path, &edited).unwrap();
        let newer = [generated("Dockerfile", &DOCKERFILE.replace("1.22", "1.23"))];
        let prepared = prepare_here(directory.path(), &newer, false).unwrap();
        assert!(matches!(
            &prepared.changes[0].action,
            Action::Conflict { conflicts } if conflicts.len() == 1
        ));
        let error = apply(directory.path(), &prepared).unwrap_err().to_string();
        assert!(error.contains("Dockerfile, line 2:"), "{error}");
        assert!(
            error.contains("<<<<<<< your file\nFROM golang:1.22.5"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
        let forced = prepare_here(directory.path(), &newer, true).unwrap();
        apply(directory.path(), &forced).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer[0].content);
        assert_eq!(
            std::fs::read_to_string(directory.path().join("Dockerfile.orig")).unwrap(),
            edited
        );
    }

    #[test]
    fn an_old_lock_with_hashes_only_still_works_and_refuses_edits() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        std::fs::write(directory.path().join("Dockerfile"), &files[0].content).unwrap();
        std::fs::write(
            directory.path().join(LOCK_FILE),
            format!(
                "godock_version = \"0.1.0\"\n\n[files]\nDockerfile = \"{}\"\n",
                sha256(&files[0].content)
            ),
        )
        .unwrap();
        let newer = [generated("Dockerfile", "FROM b")];
        let prepared = prepare_here(directory.path(), &newer, false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Update);
        let edited = format!("{}RUN true\n", files[0].content);
        std::fs::write(directory.path().join("Dockerfile"), &edited).unwrap();
        let error = prepare_here(directory.path(), &newer, false)
            .unwrap()
            .refuse_conflicts(directory.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("edited since"), "{error}");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_and_its_bytes_kept_with_force() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        write(directory.path(), &files);
        let mut bytes = files[0].content.clone().into_bytes();
        bytes.extend_from_slice(b"# caf\xe9\n");
        std::fs::write(directory.path().join("Dockerfile"), &bytes).unwrap();
        let newer = [generated("Dockerfile", "FROM b")];
        let error = prepare_here(directory.path(), &newer, false)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not valid UTF-8"), "{error}");
        write_forced(directory.path(), &newer);
        assert_eq!(
            std::fs::read(directory.path().join("Dockerfile.orig")).unwrap(),
            bytes
        );
    }

    fn write_forced(directory: &Path, files: &[GeneratedFile]) {
        apply(directory, &prepare_here(directory, files, true).unwrap()).unwrap();
    }

    #[test]
    fn a_deleted_generated_file_is_created_again() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        write(directory.path(), &files);
        std::fs::remove_file(directory.path().join("Dockerfile")).unwrap();
        let prepared = prepare_here(directory.path(), &files, false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Create);
    }

    #[test]
    fn godock_toml_keeps_the_users_text_when_the_choices_are_the_same() {
        let directory = tempfile::tempdir().unwrap();
        let render = GeneratedFile {
            path: CONFIG_FILE.into(),
            content: format!("{MARKER}\npreset = \"scratch\"\n\n# port\nport = 8080\n"),
            block: false,
        };
        write(directory.path(), std::slice::from_ref(&render));
        let ours =
            format!("{MARKER}\npreset = \"scratch\"\n\n# port\nport = 8080 # the api\n# ours\n");
        std::fs::write(directory.path().join(CONFIG_FILE), &ours).unwrap();
        let prepared =
            prepare_here(directory.path(), std::slice::from_ref(&render), false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Unchanged);
        // A new choice (a flag) merges into the user's text.
        let flag = GeneratedFile {
            path: CONFIG_FILE.into(),
            content: format!("{MARKER}\npreset = \"debug\"\n\n# port\nport = 8080\n"),
            block: false,
        };
        let prepared = prepare_here(directory.path(), &[flag], false).unwrap();
        assert_eq!(prepared.changes[0].action, Action::Merge);
        assert_eq!(
            prepared.changes[0].content,
            ours.replace("scratch", "debug")
        );
    }

    #[test]
    fn a_failed_rename_puts_back_the_files_already_renamed() {
        let directory = tempfile::tempdir().unwrap();
        let old = [
            generated("Dockerfile", "FROM a"),
            generated("Makefile", "a"),
        ];
        write(directory.path(), &old);
        let new = [
            generated("Dockerfile", "FROM b"),
            generated("Makefile", "b"),
        ];
        let prepared = prepare_here(directory.path(), &new, false).unwrap();
        fail_the_last_rename(directory.path());
        apply(directory.path(), &prepared).unwrap_err();
        for file in &old {
            assert_eq!(
                std::fs::read_to_string(directory.path().join(&file.path)).unwrap(),
                file.content
            );
        }
    }

    #[test]
    fn a_file_no_longer_rendered_is_removed_with_its_empty_directories() {
        let directory = tempfile::tempdir().unwrap();
        let workflow = ".github/workflows/docker.yml";
        write(
            directory.path(),
            &[
                generated("Dockerfile", "FROM a"),
                generated("compose.yaml", "services: {}"),
                generated(workflow, "on: push"),
            ],
        );
        let fewer = [generated("Dockerfile", "FROM a")];
        let prepared = prepare_here(directory.path(), &fewer, false).unwrap();
        let actions: Vec<(&str, &Action)> = prepared
            .changes
            .iter()
            .map(|change| (change.path.as_str(), &change.action))
            .collect();
        assert_eq!(
            actions,
            [
                ("Dockerfile", &Action::Unchanged),
                (workflow, &Action::Remove),
                ("compose.yaml", &Action::Remove),
            ]
        );
        assert!(!prepared.is_up_to_date());
        let diff = prepared.changes[2].diff().unwrap();
        assert!(
            diff.starts_with("--- a/compose.yaml\n+++ /dev/null\n"),
            "{diff}"
        );
        assert!(diff.contains("-services: {}\n"), "{diff}");
        apply(directory.path(), &prepared).unwrap();
        assert!(!directory.path().join("compose.yaml").exists());
        assert!(!directory.path().join(".github").exists());
        let lock = Lock::load(directory.path()).unwrap();
        assert_eq!(lock.files.keys().collect::<Vec<_>>(), ["Dockerfile"]);
        assert!(prepare_here(directory.path(), &fewer, false)
            .unwrap()
            .is_up_to_date());
    }

    #[test]
    fn an_edited_file_no_longer_rendered_is_kept_and_forgotten() {
        let directory = tempfile::tempdir().unwrap();
        write(
            directory.path(),
            &[
                generated("Dockerfile", "FROM a"),
                generated("compose.yaml", "services: {}"),
            ],
        );
        let compose = directory.path().join("compose.yaml");
        let edited = format!("{}# mine\n", std::fs::read_to_string(&compose).unwrap());
        std::fs::write(&compose, &edited).unwrap();
        let fewer = [generated("Dockerfile", "FROM a")];
        for force in [false, true] {
            let prepared = prepare_here(directory.path(), &fewer, force).unwrap();
            assert_eq!(prepared.changes[1].action, Action::Disown);
            assert_eq!(prepared.changes[1].diff(), None);
        }
        let prepared = prepare_here(directory.path(), &fewer, false).unwrap();
        apply(directory.path(), &prepared).unwrap();
        assert_eq!(std::fs::read_to_string(&compose).unwrap(), edited);
        let lock = Lock::load(directory.path()).unwrap();
        assert!(!lock.files.contains_key("compose.yaml"));
        // Forgotten: the next run leaves it alone and has nothing to do.
        assert!(prepare_here(directory.path(), &fewer, false)
            .unwrap()
            .is_up_to_date());
    }

    #[test]
    fn a_removed_file_leaves_other_files_in_its_directory_alone() {
        let directory = tempfile::tempdir().unwrap();
        let workflow = ".github/workflows/docker.yml";
        write(directory.path(), &[generated(workflow, "on: push")]);
        std::fs::write(
            directory.path().join(".github/workflows/test.yml"),
            "on: pr\n",
        )
        .unwrap();
        let prepared = prepare_here(directory.path(), &[], false).unwrap();
        apply(directory.path(), &prepared).unwrap();
        assert!(!directory.path().join(workflow).exists());
        assert!(directory
            .path()
            .join(".github/workflows/test.yml")
            .is_file());
    }

    #[test]
    fn a_path_in_the_lock_outside_the_directory_is_never_removed() {
        let outer = tempfile::tempdir().unwrap();
        let directory = outer.path().join("project");
        std::fs::create_dir(&directory).unwrap();
        let outside = generated("outside", "x");
        std::fs::write(outer.path().join("outside"), &outside.content).unwrap();
        write(&directory, &[generated("Dockerfile", "FROM a")]);
        let mut lock = Lock::load(&directory).unwrap();
        lock.files
            .insert("../outside".into(), LockedFile::new(&outside.content));
        std::fs::write(directory.join(LOCK_FILE), lock.render()).unwrap();
        let prepared =
            prepare_here(&directory, &[generated("Dockerfile", "FROM a")], false).unwrap();
        assert!(prepared
            .changes
            .iter()
            .all(|change| change.action == Action::Unchanged));
        apply(&directory, &prepared).unwrap();
        assert!(outer.path().join("outside").is_file());
        assert!(!Lock::load(&directory)
            .unwrap()
            .files
            .contains_key("../outside"));
    }

    #[test]
    fn a_failed_rename_brings_back_a_removed_file() {
        let directory = tempfile::tempdir().unwrap();
        let old = [
            generated("Dockerfile", "FROM a"),
            generated("compose.yaml", "services: {}"),
        ];
        write(directory.path(), &old);
        let prepared = prepare_here(
            directory.path(),
            &[generated("Dockerfile", "FROM b")],
            false,
        )
        .unwrap();
        fail_the_last_rename(directory.path());
        apply(directory.path(), &prepared).unwrap_err();
        for file in &old {
            assert_eq!(
                std::fs::read_to_string(directory.path().join(&file.path)).unwrap(),
                file.content
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(directory.path())
            .unwrap()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(".godock-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn updates_keep_the_file_mode_and_leave_no_temporary_files() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("Makefile");
        write(directory.path(), &[generated("Makefile", "old")]);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(directory.path(), &[generated("Makefile", "new")]);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(directory.path())
            .unwrap()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(".godock-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    /// Without godock.lock (deleted, as godock's error for a garbled lock
    /// advises), a generated file that differs from the render may hold
    /// edits: it is never silently replaced.
    #[test]
    fn without_a_lock_a_changed_file_is_an_edit() {
        let directory = tempfile::tempdir().unwrap();
        write(directory.path(), &[generated("Makefile", "old")]);
        std::fs::remove_file(directory.path().join(LOCK_FILE)).unwrap();
        let path = directory.path().join("Makefile");
        std::fs::write(&path, format!("{MARKER}\nold\n# mine\n")).unwrap();
        let error = prepare_here(directory.path(), &[generated("Makefile", "new")], false)
            .and_then(|prepared| apply(directory.path(), &prepared))
            .unwrap_err();
        assert!(matches!(error, Error::WouldLoseEdits { .. }), "{error}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("# mine"));
    }

    /// `--force` keeps the user's version under a name that holds nothing.
    #[test]
    fn force_never_overwrites_a_backup() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join("Makefile"), "mine\n").unwrap();
        std::fs::write(directory.path().join("Makefile.orig"), "kept\n").unwrap();
        let prepared =
            prepare_here(directory.path(), &[generated("Makefile", "new")], true).unwrap();
        assert_eq!(
            prepared.changes[0].action,
            Action::Overwrite {
                backup: "Makefile.orig.1".into(),
                taken: Vec::new(),
            }
        );
        apply(directory.path(), &prepared).unwrap();
        let read = |name: &str| std::fs::read_to_string(directory.path().join(name)).unwrap();
        assert_eq!(read("Makefile.orig"), "kept\n");
        assert_eq!(read("Makefile.orig.1"), "mine\n");
    }

    /// A lock entry is repository content: one naming a file godock does not
    /// generate, a `.git` path, or a file through a symbolic link is ignored
    /// with a warning, and the file stays.
    #[test]
    fn lock_entries_speak_only_for_godocks_files() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join(".bashrc"), "mine\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("home")).unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/HEAD"), "ref: main\n").unwrap();
        let unmarked = "services: {}\n";
        std::fs::write(root.join("compose.yaml"), unmarked).unwrap();
        let entry = |text: &str| {
            format!(
                "[files.\"{{}}\"]\nsha256 = \"{}\"\nbase = {:?}\n",
                sha256(text),
                text
            )
        };
        let mut lock = String::from("godock_version = \"0\"\n");
        for (path, text) in [
            ("home/.bashrc", "mine\n"),
            (".git/HEAD", "ref: main\n"),
            ("../x", "x"),
            ("compose.yaml", unmarked),
        ] {
            lock.push_str(&entry(text).replacen("{}", path, 1));
        }
        std::fs::write(root.join(LOCK_FILE), lock).unwrap();
        let prepared = prepare_here(root, &[generated("Dockerfile", "FROM a")], false).unwrap();
        assert_eq!(prepared.changes.len(), 1, "{:?}", prepared.changes);
        assert_eq!(prepared.warnings.len(), 4, "{:?}", prepared.warnings);
        apply(root, &prepared).unwrap();
        assert!(outside.path().join(".bashrc").exists());
        assert!(root.join(".git/HEAD").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("compose.yaml")).unwrap(),
            unmarked
        );
    }

    /// A generated file's directory that is a symbolic link to another
    /// project is not written through.
    #[test]
    fn a_symlinked_parent_is_refused() {
        let directory = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir(other.path().join("workflows")).unwrap();
        std::fs::write(other.path().join("workflows/docker.yml"), "theirs\n").unwrap();
        std::os::unix::fs::symlink(other.path(), directory.path().join(".github")).unwrap();
        let files = [generated(".github/workflows/docker.yml", "ours")];
        let error = prepare_here(directory.path(), &files, true).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(
            std::fs::read_to_string(other.path().join("workflows/docker.yml")).unwrap(),
            "theirs\n"
        );
    }

    /// A generated file that is a FIFO is refused, not read forever.
    #[test]
    fn a_fifo_in_place_of_a_generated_file_is_refused() {
        let directory = tempfile::tempdir().unwrap();
        let fifo = directory.path().join("Makefile");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let error =
            prepare_here(directory.path(), &[generated("Makefile", "x")], false).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
}
