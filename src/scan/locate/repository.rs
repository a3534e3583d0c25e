//! The repository the scanned path belongs to: what a Docker build context
//! can reach, since nothing outside it is sure to be there when someone
//! else builds.
use std::path::Path;

use serde::Serialize;

use crate::scan::paths::{escapes, join, relative};

/// The repository the scanned path belongs to: the nearest directory at or
/// above it holding `.git`; without one, the scanned path itself.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Repository {
    /// The repository's root, relative to the scanned path (`"."`, `"../.."`).
    pub root: String,
    /// The scanned path, relative to the repository's root (`"."`, `"services/api"`).
    pub path: String,
    /// Whether `.git` marks the root (false: no `.git` at or above the
    /// scanned path, so the repository is taken to be the scanned path).
    pub git: bool,
}

impl Repository {
    pub fn find(absolute: &Path) -> Repository {
        let root = absolute
            .ancestors()
            .find(|directory| directory.join(".git").exists());
        match root {
            Some(root) => Repository {
                root: relative(absolute, root),
                path: relative(root, absolute),
                git: true,
            },
            None => Repository {
                root: ".".to_string(),
                path: ".".to_string(),
                git: false,
            },
        }
    }

    /// A directory given relative to the scanned path, relative to the
    /// repository's root instead; `None` when it lies outside the repository.
    pub fn locate(&self, directory: &str) -> Option<String> {
        let located = join(&self.path, directory);
        (!escapes(&located)).then_some(located)
    }

    /// How the repository was found, for messages.
    pub fn describe(&self) -> String {
        if self.git {
            format!(
                "the repository ({}, the nearest directory with .git)",
                display_directory(&self.root)
            )
        } else {
            "the repository (there is no .git at or above the directory godock was given, so the repository is taken to be that directory)".to_string()
        }
    }
}

fn display_directory(directory: &str) -> String {
    if directory == "." {
        "the directory godock was given".to_string()
    } else {
        directory.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_is_the_nearest_git_directory_else_the_path() {
        let directory =
            crate::fixtures::tree(&[("repo/.git/HEAD", ""), ("repo/services/api/go.mod", "")]);
        let api = directory.path().join("repo/services/api");
        let repository = Repository::find(&api);
        assert_eq!(repository.root, "../..");
        assert_eq!(repository.path, "services/api");
        assert!(repository.git);
        assert_eq!(repository.locate("../../libs/x").as_deref(), Some("libs/x"));
        assert_eq!(repository.locate("../../../elsewhere"), None);
        let bare = crate::fixtures::tree(&[("go.mod", "")]);
        let repository = Repository::find(bare.path());
        assert_eq!((repository.root.as_str(), repository.git), (".", false));
        assert_eq!(repository.locate("../shared"), None);
        assert!(repository.describe().contains("no .git"));
    }
}
