//! The GitHub Actions the workflow godock writes uses, each pinned to a full
//! commit SHA with its release (data/github_actions.toml, embedded).
//!
//! Responsible for loading that table; it must not decide which actions a
//! workflow uses (the template lays out the plan's choices).
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const TABLE: &str = include_str!("../../data/github_actions.toml");

/// An action at a commit.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PinnedAction {
    /// `owner/repository[/path]`.
    pub action: String,
    /// The full 40-hex-digit commit.
    pub commit: String,
    /// The release that commit is, for the comment beside the pin.
    pub version: String,
}

/// Every pinned action, by the key the workflow template uses.
pub fn table() -> &'static BTreeMap<String, PinnedAction> {
    static PARSED: OnceLock<BTreeMap<String, PinnedAction>> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(TABLE).expect("data/github_actions.toml is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_pinned_to_a_full_commit() {
        assert!(table().len() >= 8);
        for (key, pinned) in table() {
            assert_eq!(pinned.commit.len(), 40, "{key}");
            assert!(
                pinned
                    .commit
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{key}"
            );
            assert!(pinned.version.starts_with('v'), "{key}");
            assert!(pinned.action.contains('/'), "{key}");
        }
    }
}
