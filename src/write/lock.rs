//! godock.lock: what godock generated from (the facts and choices) and what
//! it last wrote (a copy of each file and its hash), so that `regen` can tell
//! the user's edits from its own.
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::plan::Plan;

pub const LOCK_FILE: &str = "godock.lock";
const LOCK_HEADER: &str = "# Written by godock: what it generated from and what it last wrote, so that\n# `godock regen` can tell your edits from its own and merge them. Do not edit.\n";

/// godock.lock.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub godock_version: String,
    /// What the files were rendered from; absent in godock 0.1's locks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<LockFacts>,
    #[serde(default)]
    pub files: BTreeMap<String, LockedFile>,
}

/// The facts and choices that shaped the files, so that a reader (and
/// `godock check`'s diff) can see why they changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct LockFacts {
    pub module: String,
    pub go_version: String,
    pub go_version_source: String,
    pub preset: String,
    pub cgo: bool,
    pub vendor: bool,
    pub primary: String,
    /// Binary (stage) name → main package.
    pub binaries: BTreeMap<String, String>,
    /// Paths .dockerignore keeps: embeds, replace targets, Go packages.
    pub keep_in_context: Vec<String>,
    /// Base images pinned by `godock pin`: image (with its tag) → digest.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bases: BTreeMap<String, String>,
}

impl LockFacts {
    pub fn from_plan(plan: &Plan) -> LockFacts {
        LockFacts {
            module: plan.module.clone(),
            go_version: plan.go.builder.version.to_string(),
            go_version_source: plan.go.why.clone(),
            preset: plan.preset.reference.clone(),
            cgo: plan.cgo,
            vendor: plan.vendor,
            primary: plan.primary.clone(),
            binaries: plan
                .binaries
                .iter()
                .map(|binary| (binary.name.clone(), binary.package.clone()))
                .collect(),
            keep_in_context: plan.keep_in_context.clone(),
            bases: plan.pins.clone(),
        }
    }

    pub(super) fn render(facts: Option<&LockFacts>) -> String {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            facts: Option<&'a LockFacts>,
        }
        toml::to_string_pretty(&Wrapper { facts }).unwrap_or_default()
    }
}

/// One file in godock.lock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum LockedFile {
    /// godock 0.1: the hash of what it wrote, and no copy to merge from.
    Hash(String),
    /// What godock last rendered, and its hash.
    Base { sha256: String, base: String },
}

impl LockedFile {
    pub(super) fn new(render: &str) -> LockedFile {
        LockedFile::Base {
            sha256: sha256(render),
            base: render.to_string(),
        }
    }

    pub(super) fn sha256(&self) -> &str {
        match self {
            LockedFile::Hash(hash) => hash,
            LockedFile::Base { sha256, .. } => sha256,
        }
    }

    /// The base to merge from, when there is one and it is intact.
    pub(super) fn base(&self) -> Option<&str> {
        match self {
            LockedFile::Base { sha256: hash, base } if *hash == sha256(base) => Some(base),
            _ => None,
        }
    }
}

impl Lock {
    pub fn load(directory: &Path) -> Result<Lock> {
        Ok(Lock::read(directory)?
            .map(|(lock, _)| lock)
            .unwrap_or_default())
    }

    /// The lock and its text, when there is one.
    pub(super) fn read(directory: &Path) -> Result<Option<(Lock, String)>> {
        let path = directory.join(LOCK_FILE);
        match crate::scan::regular_text(&path) {
            Ok(text) => toml::from_str(&text)
                .map(|lock| Some((lock, text.clone())))
                .map_err(|error| Error::ConfigInvalid {
                    message: format!(
                        "{}; delete it and godock will treat every generated file as its own",
                        crate::error::toml_message(&error, &text)
                    ),
                    path,
                }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read { path, source }),
        }
    }

    pub(super) fn render(&self) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_default();
        format!("{LOCK_HEADER}{body}")
    }

    /// Whether two locks say the same, whichever godock version wrote them.
    pub(super) fn same_as(&self, other: &Lock) -> bool {
        self.facts == other.facts && self.files == other.files
    }
}

pub fn sha256(content: &str) -> String {
    sha256_bytes(content.as_bytes())
}

/// [`sha256`] of bytes that need not be text (a backup of a binary file).
pub(super) fn sha256_bytes(content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256:{hex}")
}
