//! Carrying out prepared changes all or nothing, and so that a run killed
//! at any point is finished by the next ([`super::journal`]): the journal
//! first, then every file staged beside its target, then all renamed into
//! place (godock.lock last), put back when a rename fails.
use std::io::Write as _;
use std::path::Path;

use super::journal::{self, Journal, Phase, Step};
use super::{Action, Prepared, LOCK_FILE};
use crate::error::{Error, Result};

/// One file to replace (`content`) or remove (`None`), with what it holds
/// now (to put back if a later rename fails) and the file whose mode the
/// new one takes (default: the target's own).
struct Planned {
    target: String,
    content: Option<Vec<u8>>,
    previous: Option<Vec<u8>>,
    mode_of: Option<String>,
}

/// Carries out `prepared`: the journal names every step, every backup,
/// file and the lock is staged beside its target, then all are renamed
/// into place (a file no longer generated is renamed aside, then deleted
/// once all went well), godock.lock last. A failed rename puts back what
/// was done; a kill is finished by the next run ([`journal::recover`]).
pub fn apply(directory: &Path, prepared: &Prepared) -> Result<()> {
    prepared.refuse_conflicts(directory)?;
    let planned = plan(prepared);
    if planned.is_empty() {
        return Ok(());
    }
    let mut journal = Journal {
        phase: Phase::Staging,
        steps: planned
            .iter()
            .map(|step| Step {
                target: step.target.clone(),
                temporary: journal::temporary_name(&step.target),
                before: step.previous.as_deref().map(super::lock::sha256_bytes),
                after: step.content.as_deref().map(super::lock::sha256_bytes),
            })
            .collect(),
    };
    journal.write(directory)?;
    for (step, entry) in planned.iter().zip(&journal.steps) {
        let Some(content) = &step.content else {
            continue;
        };
        let mode_of = directory.join(step.mode_of.as_deref().unwrap_or(&step.target));
        if let Err(error) = stage(directory, entry, content, &mode_of) {
            discard(directory, &journal);
            return Err(error);
        }
    }
    journal.phase = Phase::Renaming;
    if let Err(error) = journal.write(directory) {
        discard(directory, &journal);
        return Err(error);
    }
    for (done, (step, entry)) in planned.iter().zip(&journal.steps).enumerate() {
        let target = directory.join(&step.target);
        let temporary = directory.join(&entry.temporary);
        let renamed = match step.content {
            Some(_) => std::fs::rename(&temporary, &target),
            None => std::fs::rename(&target, &temporary),
        };
        if let Err(source) = renamed {
            journal.phase = Phase::PuttingBack;
            let _ = journal.write(directory);
            put_back(directory, &planned[..done], &journal.steps[..done]);
            discard(directory, &journal);
            return Err(Error::Write {
                path: target,
                source,
            });
        }
    }
    // Every step went well: the removed files' copies go, and so do the
    // directories they leave empty below `directory` (.github/workflows).
    for (step, entry) in planned.iter().zip(&journal.steps) {
        if step.content.is_none() {
            let _ = journal::remove_if_present(&directory.join(&entry.temporary));
            remove_empty_parents(directory, &directory.join(&step.target));
        } else if let Some(parent) = directory.join(&step.target).parent() {
            journal::sync_directory(parent);
        }
    }
    Journal::remove(directory)
}

/// The steps `prepared` takes, in order: backups before the files they
/// keep, godock.lock last.
fn plan(prepared: &Prepared) -> Vec<Planned> {
    let mut planned = Vec::new();
    for change in &prepared.changes {
        match &change.action {
            Action::Unchanged | Action::Disown => continue,
            Action::Remove => {
                planned.push(Planned {
                    target: change.path.clone(),
                    content: None,
                    previous: change.original.clone(),
                    mode_of: None,
                });
                continue;
            }
            Action::Overwrite { backup, .. } => {
                if let Some(original) = &change.original {
                    planned.push(Planned {
                        target: backup.clone(),
                        content: Some(original.clone()),
                        previous: None,
                        mode_of: Some(change.path.clone()),
                    });
                }
            }
            _ => {}
        }
        planned.push(Planned {
            target: change.path.clone(),
            content: Some(change.content.clone().into_bytes()),
            previous: change.original.clone(),
            mode_of: None,
        });
    }
    if prepared.lock_changes() {
        planned.push(Planned {
            target: LOCK_FILE.to_string(),
            content: Some(prepared.lock_after.render().into_bytes()),
            previous: prepared
                .lock_before
                .as_ref()
                .map(|(_, text)| text.clone().into_bytes()),
            mode_of: None,
        });
    }
    planned
}

/// Deletes every temporary file the journal names that is still there, and
/// the journal: the write is over, done or undone. A removed file moved
/// aside and not put back is the only copy left: it stays, and so does the
/// journal naming it, for the next run to put it back.
fn discard(directory: &Path, journal: &Journal) {
    let mut keep_journal = false;
    for step in &journal.steps {
        let temporary = directory.join(&step.temporary);
        if step.after.is_none() {
            keep_journal |= journal::hash_of(&temporary).is_some();
        } else {
            let _ = journal::remove_if_present(&temporary);
        }
    }
    if !keep_journal {
        let _ = Journal::remove(directory);
    }
}

/// Removes the directories between `target` and `directory` that are empty
/// now; stops at the first that is not (best effort: an empty directory left
/// behind loses nothing).
fn remove_empty_parents(directory: &Path, target: &Path) {
    let mut parent = target.parent();
    while let Some(current) = parent {
        if current == directory || !current.starts_with(directory) {
            break;
        }
        if std::fs::remove_dir(current).is_err() {
            break;
        }
        parent = current.parent();
    }
}

/// Best effort, after a failed rename: the files renamed so far get their
/// old content back (through their temporary name, free again), or go if
/// they did not exist, and removed ones come back.
fn put_back(directory: &Path, planned: &[Planned], steps: &[Step]) {
    for (step, entry) in planned.iter().zip(steps).rev() {
        let target = directory.join(&step.target);
        let temporary = directory.join(&entry.temporary);
        match (&step.content, &step.previous) {
            (Some(_), Some(previous)) => {
                if stage(directory, entry, previous, &target).is_ok() {
                    let _ = std::fs::rename(&temporary, &target);
                }
            }
            (Some(_), None) => {
                let _ = std::fs::remove_file(&target);
            }
            (None, _) => {
                let _ = std::fs::rename(&temporary, &target);
            }
        }
    }
}

/// Writes `content` to the temporary name of `step`, beside its target,
/// with the mode of `mode_of` as it is now (or the usual 0644), flushed.
/// The name must be free: godock never writes into a file it did not just
/// create.
fn stage(directory: &Path, step: &Step, content: &[u8], mode_of: &Path) -> Result<()> {
    let path = directory.join(&step.temporary);
    let write_error = |source| Error::Write {
        path: directory.join(&step.target),
        source,
    };
    // Extra outputs live in directories of their own (.github/workflows).
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(write_error)?;
    file.write_all(content).map_err(write_error)?;
    let permissions = match std::fs::metadata(mode_of) {
        Ok(metadata) if metadata.is_file() => metadata.permissions(),
        _ => default_permissions(),
    };
    file.set_permissions(permissions).map_err(write_error)?;
    file.sync_all().map_err(write_error)
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    tempfile::tempfile()
        .and_then(|file| file.metadata())
        .map(|metadata| metadata.permissions())
        .expect("a temporary file has permissions")
}
