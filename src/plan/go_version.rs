//! Which Go release the builder image runs, and where that came from.
use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::go::version;
use crate::scan::Facts;
use crate::settings::{Setting, Settings, Source};

/// The Go release assumed when go.mod has no `go` directive and no setting says.
pub const FALLBACK_GO_VERSION: &str = "1.23";

/// Where the Go version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoVersionSource {
    /// The user pinned it (`go_version`).
    Pinned(Source),
    /// The `toolchain` directive of go.mod (or go.work).
    Toolchain,
    /// The `go` directive.
    GoDirective,
    /// Nothing named a release godock can use.
    Fallback,
}

impl GoVersionSource {
    /// Whether go.mod or go.work named it (a directive).
    pub fn is_directive(self) -> bool {
        matches!(
            self,
            GoVersionSource::Toolchain | GoVersionSource::GoDirective
        )
    }
}

impl fmt::Display for GoVersionSource {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            GoVersionSource::Pinned(Source::Flag) => "--go-version",
            GoVersionSource::Pinned(Source::Config) => "godock.toml",
            GoVersionSource::Pinned(Source::Environment) => "GODOCK_GO_VERSION",
            GoVersionSource::Pinned(Source::Prompt) => "the wizard",
            GoVersionSource::Toolchain => "toolchain directive",
            GoVersionSource::GoDirective => "go directive",
            GoVersionSource::Fallback => "fallback",
        })
    }
}

impl Serialize for GoVersionSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The Go version for the builder image: the user's; else the `toolchain`
/// directive (`go1.23.4` → `1.23.4`) unless it is older than the `go`
/// directive; else the `go` directive as written; else a fallback, with a
/// warning.
pub fn choose(
    facts: &Facts,
    settings: &Settings,
    warnings: &mut Vec<String>,
) -> (String, GoVersionSource) {
    if let (Some(version), Some(source)) = (
        &settings.go_version,
        settings.sources.get(&Setting::GoVersion),
    ) {
        return (version.clone(), GoVersionSource::Pinned(*source));
    }
    let toolchain = facts
        .toolchain
        .as_deref()
        .and_then(|toolchain| toolchain.strip_prefix("go"))
        .filter(|version| version::is_release(version));
    let go = facts
        .go
        .as_deref()
        .filter(|version| version::is_release(version));
    match (toolchain, go) {
        (Some(toolchain), Some(go)) if version::compare(toolchain, go) == Ordering::Less => {
            (go.to_string(), GoVersionSource::GoDirective)
        }
        (Some(toolchain), _) => (toolchain.to_string(), GoVersionSource::Toolchain),
        (None, Some(go)) => (go.to_string(), GoVersionSource::GoDirective),
        (None, None) => {
            warnings.push(format!(
                "go.mod names no Go release godock can use; building with Go {FALLBACK_GO_VERSION} (pass --go-version to choose)"
            ));
            (FALLBACK_GO_VERSION.to_string(), GoVersionSource::Fallback)
        }
    }
}

/// The file the Go version comes from: go.work when the workspace names a
/// release, else go.mod.
pub fn file(facts: &Facts) -> &'static str {
    match &facts.workspace {
        Some(workspace) if workspace.go.is_some() || workspace.toolchain.is_some() => "go.work",
        _ => "go.mod",
    }
}
