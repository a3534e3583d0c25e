//! What the build context already holds besides the Go code: whose files
//! sit where godock writes its own (godock's, by its marker, or the
//! user's), what the repository's own Dockerfiles, .dockerignore and
//! Makefile say (read by [`crate::evidence`]), and secret files a build
//! could send to the Docker daemon.
//!
//! Facts only: whether godock writes beside a file of the user's is the
//! plan's decision, what a Dockerfile gets wrong is the audit's.
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::evidence::dockerignore::DockerIgnore;
use crate::evidence::{self, Evidence};
use crate::knowledge::{files, secrets};

/// Whose file is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// It carries godock's marker.
    Godock,
    /// It exists and godock did not write it (or it cannot be read as text).
    Theirs,
}

/// The build context's own files.
#[derive(Debug, Clone, Default)]
pub struct ContextFiles {
    /// Who wrote each of [`files::WATCHED`] that exists, by its path
    /// relative to the context.
    pub owners: BTreeMap<String, Owner>,
    /// The lines (first, last) of godock's marked block in each of those
    /// files of the user's that has one.
    pub blocks: BTreeMap<String, (u32, u32)>,
    /// Dockerfiles, ignore files and the Makefile (with its includes), their
    /// paths relative to the context.
    pub evidence: Option<Evidence>,
    /// Files below the context that look like secrets, with the pattern of
    /// [`secrets::SECRETS`] that named each, sorted.
    pub secrets: Vec<SecretFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretFile {
    /// Relative to the context, `/`-separated.
    pub path: String,
    pub pattern: String,
}

impl ContextFiles {
    pub fn owner(&self, path: &str) -> Option<Owner> {
        self.owners.get(path).copied()
    }

    /// Whether a file of the user's (not godock's) is at `path`.
    pub fn is_theirs(&self, path: &str) -> bool {
        self.owner(path) == Some(Owner::Theirs)
    }

    /// The Makefile make reads there (the first of GNUmakefile, makefile,
    /// Makefile), and whose it is.
    pub fn makefile(&self) -> Option<(&'static str, Owner)> {
        files::MAKEFILES
            .iter()
            .find_map(|name| Some((*name, self.owner(name)?)))
    }

    /// The ignore file at `path` (relative to the context), as read.
    pub fn dockerignore(&self, path: &str) -> Option<&DockerIgnore> {
        self.evidence
            .as_ref()?
            .dockerignores
            .iter()
            .find(|ignore| ignore.file == Path::new(path))
    }
}

/// Reads what `directory`, a build context, holds.
pub fn read(directory: &Path, evidence: Evidence) -> ContextFiles {
    let mut owners = BTreeMap::new();
    let mut blocks = BTreeMap::new();
    for path in files::WATCHED {
        let Some((found, block)) = owner(&directory.join(path)) else {
            continue;
        };
        owners.insert(path.to_string(), found);
        if let Some(block) = block {
            blocks.insert(path.to_string(), block);
        }
    }
    ContextFiles {
        owners,
        blocks,
        evidence: Some(evidence),
        secrets: secret_files(directory),
    }
}

/// Who wrote the file at `path`, and the lines of godock's block in it;
/// `None` when there is no file (or a directory). A special file is never
/// read, nor more than [`evidence::collect::MAX_FILE_SIZE`] bytes.
fn owner(path: &Path) -> Option<(Owner, Option<(u32, u32)>)> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_dir() {
        return None;
    }
    if !metadata.is_file() {
        return Some((Owner::Theirs, None));
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| {
            file.take(evidence::collect::MAX_FILE_SIZE)
                .read_to_end(&mut bytes)
        })
        .is_ok();
    let text = String::from_utf8_lossy(&bytes);
    if read && evidence::marker::is_generated(&text) {
        return Some((Owner::Godock, None));
    }
    let block = evidence::marker::find_block(&text)
        .ok()
        .flatten()
        .map(|block| (block.first_line, block.last_line));
    Some((Owner::Theirs, block))
}

/// How deep below the context secret files are looked for, and how many
/// entries at most.
const SECRET_DEPTH: usize = 4;
const SECRET_ENTRIES: usize = 20_000;

/// Files below `directory` that [`secrets::SECRETS`] names (templates such
/// as `.env.example` and anything under `testdata`, `.git`, `vendor` or
/// `node_modules` left out).
fn secret_files(directory: &Path) -> Vec<SecretFile> {
    let matcher = DockerIgnore::parse(&secrets::as_dockerignore(), Path::new("secrets"));
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(directory)
        .standard_filters(false)
        .follow_links(false)
        .max_depth(Some(SECRET_DEPTH))
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            !(entry.file_type().is_some_and(|kind| kind.is_dir())
                && matches!(
                    name.as_ref(),
                    ".git" | "vendor" | "node_modules" | "testdata"
                ))
        })
        .build();
    for entry in walker.take(SECRET_ENTRIES).filter_map(Result::ok) {
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(directory) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let verdict = matcher.verdict(&relative);
        if let (true, Some(rule)) = (verdict.excluded, verdict.rule) {
            found.push(SecretFile {
                path: relative,
                pattern: rule.pattern.clone(),
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::tree;

    #[test]
    fn owners_secrets_and_evidence_are_read_from_the_context() {
        let directory = tree(&[
            ("Dockerfile", "FROM scratch\n"),
            ("Makefile", "# Written by godock: x\nall:\n"),
            (".env", "TOKEN=x\n"),
            (".env.example", "TOKEN=\n"),
            ("deploy/.aws/credentials", "[default]\n"),
            ("internal/testdata/server.key", "test\n"),
            ("certs/server.key", "secret\n"),
            (".dockerignore", "*.md\n"),
        ]);
        let found = read(directory.path(), evidence::collect(directory.path()));
        assert_eq!(found.owner("Dockerfile"), Some(Owner::Theirs));
        assert_eq!(found.owner("Makefile"), Some(Owner::Godock));
        assert_eq!(found.makefile(), Some(("Makefile", Owner::Godock)));
        assert_eq!(found.owner("docker.mk"), None);
        let secrets: Vec<&str> = found.secrets.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            secrets,
            [".env", "certs/server.key", "deploy/.aws/credentials"]
        );
        assert_eq!(found.dockerignore(".dockerignore").unwrap().rules.len(), 1);
        assert_eq!(found.evidence.unwrap().dockerfiles.len(), 1);
    }
}
