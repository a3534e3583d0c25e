//! What the repository's own build files say about its main packages, as
//! facts: which a recipe builds, which ship in images, which one an image
//! or the `web` process runs, which ports an existing Dockerfile exposes,
//! each with its `file:line`. The types only: `scan::evidence` maps the
//! collected files onto them, and the plan decides which source wins.
use serde::Serialize;

/// What the repository's build files say about the programs.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct BuildEvidence {
    /// Where the files were looked for (the build context), relative to
    /// the scanned path.
    pub root: String,
    /// Each statement about a main package, in the order found.
    pub binaries: Vec<BinaryEvidence>,
    /// Ports the final stage of an existing Dockerfile exposes.
    pub ports: Vec<PortEvidence>,
    /// Programs a recipe names that are no main package here.
    pub unmatched: Vec<String>,
    /// Files godock wrote (its marker on the first line): not evidence.
    pub generated: Vec<String>,
}

/// What a build file says about a main package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Says {
    /// A recipe builds it (`go build`, a goreleaser build).
    Built,
    /// A release image carries it (goreleaser `dockers`/`kos`, a
    /// Dockerfile's final stage).
    Shipped,
    /// An image or the web process runs it (ENTRYPOINT, ko's `main`, a
    /// Procfile's `web`).
    Runs,
}

/// The kind of file a statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipe {
    GoReleaser,
    Promu,
    Dockerfile,
    Procfile,
    Makefile,
    Justfile,
    Taskfile,
    Script,
}

impl Recipe {
    /// Release recipes (goreleaser, promu) and images say what ships; task
    /// runners and scripts build development tools too.
    pub fn releases(self) -> bool {
        matches!(
            self,
            Recipe::GoReleaser | Recipe::Promu | Recipe::Dockerfile | Recipe::Procfile
        )
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BinaryEvidence {
    /// The main package, relative to the build root (`./cmd/api`).
    pub package: String,
    /// The binary's name as the recipe gives it (`-o bin/api`, `binary:`).
    pub name: Option<String>,
    pub says: Says,
    pub recipe: Recipe,
    /// `file:line`, the file relative to the build context.
    pub location: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PortEvidence {
    pub port: u16,
    pub protocol: String,
    pub location: String,
    /// The main packages the Dockerfile's final stage runs, when known.
    pub runs: Vec<String>,
}
