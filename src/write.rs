//! Writing generated files without ever losing someone's work.
//!
//! Every file is checked before any is written: a file godock did not write
//! (no marker) is never replaced without `force`, nor is a generated file
//! edited since godock last wrote it (its hash differs from godock.lock's).
//! godock.toml is the exception: editing it is how choices are changed, and
//! godock reads it back before rendering it again.
//! Writes go to a temporary file beside the target and are renamed over it,
//! so a file is either the old one or the new one, never half of each.
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::render::{is_generated, GeneratedFile};

pub const LOCK_FILE: &str = "godock.lock";
const LOCK_HEADER: &str = "# Written by godock: what it last wrote, so that it can tell your edits from its own. Do not edit.\n";

/// What writing one file does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// Replaces a file godock did not write, or one edited since; the old
    /// content is kept at `backup`.
    Overwrite {
        backup: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub path: String,
    #[serde(flatten)]
    pub action: Action,
    #[serde(skip)]
    content: String,
}

/// godock.lock: the SHA-256 of each file as godock last wrote it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub godock_version: String,
    pub files: BTreeMap<String, String>,
}

impl Lock {
    pub fn load(directory: &Path) -> Result<Lock> {
        let path = directory.join(LOCK_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|error| Error::ConfigInvalid {
                message: format!(
                    "{}; delete it and godock will treat every generated file as its own",
                    crate::preset::toml_message(&error, &text)
                ),
                path,
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Lock::default()),
            Err(source) => Err(Error::Read { path, source }),
        }
    }

    fn render(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{LOCK_HEADER}{body}")
    }
}

pub fn sha256(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256:{hex}")
}

/// Decides what writing `files` into `directory` would do, refusing (with
/// nothing written) when a file would be lost and `force` is off.
pub fn prepare(directory: &Path, files: &[GeneratedFile], force: bool) -> Result<Vec<Change>> {
    let lock = Lock::load(directory)?;
    let mut changes = Vec::new();
    for file in files {
        let target = directory.join(&file.path);
        let action = match std::fs::read(&target) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Action::Create,
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                })
            }
            Ok(bytes) => {
                let existing = String::from_utf8_lossy(&bytes);
                let backup = backup_path(&file.path);
                if existing == file.content {
                    Action::Unchanged
                } else if !is_generated(&existing) {
                    if !force {
                        return Err(Error::WouldClobber { path: target });
                    }
                    Action::Overwrite { backup }
                } else if file.path != crate::settings::CONFIG_FILE
                    && lock
                        .files
                        .get(&file.path)
                        .is_some_and(|hash| *hash != sha256(&existing))
                {
                    if !force {
                        return Err(Error::WouldLoseEdits {
                            path: target,
                            backup: PathBuf::from(backup),
                        });
                    }
                    Action::Overwrite { backup }
                } else {
                    Action::Update
                }
            }
        };
        changes.push(Change {
            path: file.path.clone(),
            action,
            content: file.content.clone(),
        });
    }
    Ok(changes)
}

/// Carries out `changes`: backups first, then every new file staged beside
/// its target, then all renamed into place, then godock.lock.
pub fn apply(directory: &Path, changes: &[Change]) -> Result<()> {
    let mut staged = Vec::new();
    for change in changes {
        if change.action == Action::Unchanged {
            continue;
        }
        let target = directory.join(&change.path);
        if let Action::Overwrite { backup } = &change.action {
            let backup = directory.join(backup);
            std::fs::copy(&target, &backup).map_err(|source| Error::Write {
                path: backup,
                source,
            })?;
        }
        staged.push((stage(&target, &change.content)?, target));
    }
    for (temporary, target) in staged {
        temporary.persist(&target).map_err(|error| Error::Write {
            path: target,
            source: error.error,
        })?;
    }
    let mut lock = Lock::load(directory)?;
    lock.godock_version = env!("CARGO_PKG_VERSION").to_string();
    for change in changes {
        lock.files
            .insert(change.path.clone(), sha256(&change.content));
    }
    let lock_path = directory.join(LOCK_FILE);
    stage(&lock_path, &lock.render())?
        .persist(&lock_path)
        .map_err(|error| Error::Write {
            path: lock_path,
            source: error.error,
        })?;
    Ok(())
}

/// Writes `content` to a temporary file next to `target`, with the mode the
/// target has now (or the usual 0644 for a new file).
fn stage(target: &Path, content: &str) -> Result<tempfile::NamedTempFile> {
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
    temporary
        .write_all(content.as_bytes())
        .map_err(write_error)?;
    let permissions = match std::fs::metadata(target) {
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

fn backup_path(path: &str) -> String {
    format!("{path}.orig")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::MARKER;

    fn generated(path: &str, body: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            content: format!("{MARKER}\n{body}\n"),
        }
    }

    #[test]
    fn new_files_are_created_and_recorded_in_the_lock() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        let changes = prepare(directory.path(), &files, false).unwrap();
        assert_eq!(changes[0].action, Action::Create);
        apply(directory.path(), &changes).unwrap();
        let lock = Lock::load(directory.path()).unwrap();
        assert_eq!(lock.files["Dockerfile"], sha256(&files[0].content));
        let again = prepare(directory.path(), &files, false).unwrap();
        assert_eq!(again[0].action, Action::Unchanged);
    }

    #[test]
    fn a_file_godock_did_not_write_is_refused_without_force() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join("Makefile"), "all:\n").unwrap();
        let files = [
            generated("Dockerfile", "FROM a"),
            generated("Makefile", "x"),
        ];
        let error = prepare(directory.path(), &files, false)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("Makefile exists and was not written by godock"),
            "{error}"
        );
        let changes = prepare(directory.path(), &files, true).unwrap();
        apply(directory.path(), &changes).unwrap();
        assert_eq!(
            std::fs::read_to_string(directory.path().join("Makefile.orig")).unwrap(),
            "all:\n"
        );
    }

    #[test]
    fn an_edited_generated_file_is_refused_without_force() {
        let directory = tempfile::tempdir().unwrap();
        let files = [generated("Dockerfile", "FROM a")];
        apply(
            directory.path(),
            &prepare(directory.path(), &files, false).unwrap(),
        )
        .unwrap();
        let edited = format!("{}RUN true\n", files[0].content);
        std::fs::write(directory.path().join("Dockerfile"), &edited).unwrap();
        let newer = [generated("Dockerfile", "FROM b")];
        let error = prepare(directory.path(), &newer, false)
            .unwrap_err()
            .to_string();
        assert!(error.contains("edited since"), "{error}");
        // An unedited generated file is simply updated.
        std::fs::write(directory.path().join("Dockerfile"), &files[0].content).unwrap();
        let changes = prepare(directory.path(), &newer, false).unwrap();
        assert_eq!(changes[0].action, Action::Update);
    }

    #[cfg(unix)]
    #[test]
    fn updates_keep_the_file_mode_and_leave_no_temporary_files() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("Makefile");
        std::fs::write(&path, format!("{MARKER}\nold\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let changes = prepare(directory.path(), &[generated("Makefile", "new")], false).unwrap();
        apply(directory.path(), &changes).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(directory.path())
            .unwrap()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(".godock-"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
