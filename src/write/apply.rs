//! Carrying out prepared changes all or nothing: every file staged beside
//! its target, then renamed into place (godock.lock last), and put back when
//! a rename fails.
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Action, Prepared, LOCK_FILE};
use crate::error::{Error, Result};

/// A file staged beside its target, and what the target held before (to
/// put back if a later rename fails); or a file to remove, with the
/// temporary name beside it that it is moved to until every rename is done.
enum Staged {
    Write {
        temporary: tempfile::NamedTempFile,
        target: PathBuf,
        previous: Option<Vec<u8>>,
    },
    Remove {
        holding: tempfile::TempPath,
        target: PathBuf,
    },
}

/// What has been carried out, to undo if a later step fails.
enum Done {
    Written {
        target: PathBuf,
        previous: Option<Vec<u8>>,
    },
    Removed {
        holding: tempfile::TempPath,
        target: PathBuf,
    },
}

/// Carries out `prepared`: every backup, file and the lock is staged beside
/// its target first, then all are renamed into place (a file no longer
/// generated is renamed away, to a temporary name, then deleted once all
/// went well), godock.lock last. A failed rename puts back what was done.
pub fn apply(directory: &Path, prepared: &Prepared) -> Result<()> {
    prepared.refuse_conflicts(directory)?;
    let mut staged = Vec::new();
    for change in &prepared.changes {
        let target = directory.join(&change.path);
        match &change.action {
            Action::Unchanged | Action::Disown => continue,
            Action::Remove => {
                staged.push(Staged::Remove {
                    holding: holding_place(&target)?,
                    target,
                });
                continue;
            }
            Action::Overwrite { backup, .. } => {
                if let Some(original) = &change.original {
                    let backup = directory.join(backup);
                    staged.push(Staged::Write {
                        temporary: stage(&backup, original, Some(&target))?,
                        previous: std::fs::read(&backup).ok(),
                        target: backup,
                    });
                }
            }
            _ => {}
        }
        staged.push(Staged::Write {
            temporary: stage(&target, change.content.as_bytes(), None)?,
            previous: change.original.clone(),
            target,
        });
    }
    if prepared.lock_changes() {
        let target = directory.join(LOCK_FILE);
        staged.push(Staged::Write {
            temporary: stage(&target, prepared.lock_after.render().as_bytes(), None)?,
            previous: prepared
                .lock_before
                .as_ref()
                .map(|(_, text)| text.clone().into_bytes()),
            target,
        });
    }
    let mut done: Vec<Done> = Vec::new();
    for step in staged {
        match step {
            Staged::Write {
                temporary,
                target,
                previous,
            } => {
                if let Err(error) = temporary.persist(&target) {
                    put_back(done);
                    return Err(Error::Write {
                        path: target,
                        source: error.error,
                    });
                }
                done.push(Done::Written { target, previous });
            }
            Staged::Remove { holding, target } => {
                if let Err(source) = std::fs::rename(&target, &holding) {
                    put_back(done);
                    return Err(Error::Write {
                        path: target,
                        source,
                    });
                }
                done.push(Done::Removed { holding, target });
            }
        }
    }
    // Every step went well: the removed files' holding copies go (when the
    // `TempPath`s drop), and so do the directories they leave empty below
    // `directory` (.github/workflows for github-actions).
    for step in done {
        if let Done::Removed { holding, target } = step {
            drop(holding);
            remove_empty_parents(directory, &target);
        }
    }
    Ok(())
}

/// A temporary name beside `target` to move it to while the others are
/// renamed: a rename back puts it back with its mode and its bytes.
fn holding_place(target: &Path) -> Result<tempfile::TempPath> {
    let directory = target.parent().unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".godock-")
        .tempfile_in(directory)
        .map(tempfile::NamedTempFile::into_temp_path)
        .map_err(|source| Error::Write {
            path: target.to_path_buf(),
            source,
        })
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

/// Best effort, after a failed step: the files renamed so far get their old
/// content back (or go, if they did not exist), and removed ones come back.
fn put_back(done: Vec<Done>) {
    for step in done.into_iter().rev() {
        match step {
            Done::Written {
                target,
                previous: Some(text),
            } => {
                if let Ok(temporary) = stage(&target, &text, None) {
                    let _ = temporary.persist(&target);
                }
            }
            Done::Written {
                target,
                previous: None,
            } => {
                let _ = std::fs::remove_file(&target);
            }
            Done::Removed { holding, target } => {
                let _ = std::fs::rename(&holding, &target);
                // Should the rename back fail, the holding file is the only
                // copy left: it stays (named in no message, but not lost).
                if target.exists() {
                    drop(holding);
                } else {
                    let _ = holding.keep();
                }
            }
        }
    }
}

/// Writes `content` to a temporary file next to `target`, with the mode of
/// `mode_of` (default: the target) as it is now, or the usual 0644.
fn stage(target: &Path, content: &[u8], mode_of: Option<&Path>) -> Result<tempfile::NamedTempFile> {
    let directory = target.parent().unwrap_or(Path::new("."));
    let write_error = |source| Error::Write {
        path: target.to_path_buf(),
        source,
    };
    // Extra outputs live in directories of their own (.github/workflows).
    std::fs::create_dir_all(directory).map_err(write_error)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".godock-")
        .tempfile_in(directory)
        .map_err(write_error)?;
    temporary.write_all(content).map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    let permissions = match std::fs::metadata(mode_of.unwrap_or(target)) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => default_permissions(),
    };
    temporary
        .as_file()
        .set_permissions(permissions)
        .map_err(write_error)?;
    Ok(temporary)
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
