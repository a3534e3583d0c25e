//! What a Go project's build context can do without: version control,
//! editors' files, build output, other toolchains' dependencies,
//! documentation, and the Docker and godock files themselves (godock's
//! temporary files and the journal of an interrupted write among them).
//! Secrets are [`super::secrets`]'s, excluded after every re-include. The
//! .dockerignore lays these out section by section; the plan keeps in the
//! context any of the excluded directories that holds Go packages.
use serde::Serialize;

/// A group of patterns, with the comment that says why.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Section {
    pub comment: &'static str,
    pub patterns: &'static [Ignored],
}

/// A .dockerignore pattern.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum Ignored {
    /// A top-level directory (it may hold Go packages, then kept).
    Directory(&'static str),
    Pattern(&'static str),
}

use Ignored::{Directory, Pattern};

pub const SECTIONS: [Section; 7] = [
    Section {
        comment: "Version control and CI",
        patterns: &[
            Pattern(".git"),
            Pattern(".gitignore"),
            Pattern(".gitattributes"),
            Pattern(".github"),
            Pattern(".gitlab-ci.yml"),
        ],
    },
    Section {
        comment: "Editors and operating systems",
        patterns: &[
            Pattern(".idea"),
            Pattern(".vscode"),
            Pattern("**/*.swp"),
            Pattern("**/*~"),
            Pattern("**/.DS_Store"),
            Pattern("**/Thumbs.db"),
        ],
    },
    Section {
        comment: "Build output and test artefacts",
        patterns: &[
            Directory("bin"),
            Directory("dist"),
            Directory("build"),
            Pattern("**/*.exe"),
            Pattern("**/*.test"),
            Pattern("**/*.out"),
            Pattern("coverage.*"),
            Pattern("**/*.prof"),
        ],
    },
    Section {
        comment: "Other toolchains' dependencies",
        patterns: &[Pattern("**/node_modules")],
    },
    Section {
        comment: "Local overrides",
        patterns: &[Pattern("**/*.local")],
    },
    Section {
        comment: "Documentation is not needed to build",
        patterns: &[Pattern("**/*.md"), Directory("docs")],
    },
    Section {
        comment: "Docker and godock files: BuildKit reads these directly",
        patterns: &[
            Pattern("Dockerfile"),
            Pattern("**/*.Dockerfile"),
            Pattern(".dockerignore"),
            Pattern("compose.yaml"),
            Pattern("docker-compose.yml"),
            Pattern("godock.toml"),
            Pattern("godock.lock"),
            Pattern("Makefile"),
            Pattern("**/.godock-*"),
        ],
    },
];

/// The top-level directories the sections exclude.
pub fn directories() -> impl Iterator<Item = &'static str> {
    SECTIONS
        .iter()
        .flat_map(|section| section.patterns)
        .filter_map(|pattern| match pattern {
            Directory(directory) => Some(*directory),
            Pattern(_) => None,
        })
}
