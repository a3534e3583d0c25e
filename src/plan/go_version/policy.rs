//! godock's Go version policy: which Go release builds a project, and why.
//!
//! The rules, in order:
//! 1. The builder must satisfy the project. The requirement is the highest of
//!    go.mod's `go` and `toolchain` lines; in a workspace, of go.work's `go`
//!    and `toolchain` lines and every member's `go` line (Go ignores the
//!    members' `toolchain` lines there, and refuses a member whose `go` line
//!    is above go.work's). A `toolchain go1.26.6` line is a minimum, not an
//!    exact pin: Go runs at least that release, and so does the newest 1.26
//!    patch. A go.mod without a `go` line is `go 1.16`, as Go reads it.
//! 2. A pinned version (flag, godock.toml, environment, wizard) is used as
//!    written, provided it satisfies the requirement; one that does not is an
//!    error naming both and where each came from.
//! 3. Otherwise the builder is the requirement's minor line (`1.26`: the
//!    newest patch, so security fixes arrive without a godock run).
//! 4. A line older than the oldest release still receiving security fixes is
//!    raised to that release, with a warning: Go's compatibility promise
//!    keeps old modules building, and their language version still comes
//!    from their go line.
//! 5. A release newer than the table knows (`go 1.28` before godock learnt
//!    of it) is built with that line as written, with a warning that the
//!    table may be out of date: refusing would break every project the day a
//!    Go release comes out, and guessing a different release would break it
//!    for sure. A pre-release whose final release is not out builds with the
//!    pre-release itself (`golang:1.28rc1`), since no `1.28` image exists yet.
//!
//! Pure: the table and "today" are inputs; no I/O, no clock, no English in
//! decisions ([`Reason`] and [`Warning`] are data; `Display` is for people).

use std::fmt;

use serde::Serialize;

use crate::go::version::{GoVersion, Toolchain};
use crate::knowledge::date::Date;
use crate::knowledge::go_releases::{Releases, Support};
use crate::settings::{Setting, Source};

/// A go.mod or go.work file's version lines, and its path as the user
/// should read it in messages (`go.mod`, `services/api/go.mod`).
#[derive(Clone, Debug)]
pub struct GoFile {
    pub path: String,
    pub go: Option<GoVersion>,
    pub toolchain: Option<Toolchain>,
}

/// What is being built: one module, or a workspace and its members.
#[derive(Clone, Copy, Debug)]
pub enum Project<'a> {
    Module(&'a GoFile),
    Workspace {
        go_work: &'a GoFile,
        members: &'a [GoFile],
    },
}

/// A Go version the user chose, and where.
#[derive(Clone, Debug)]
pub struct Pin {
    pub version: GoVersion,
    pub by: Source,
}

/// Everything the policy decides from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub project: Project<'a>,
    pub pin: Option<&'a Pin>,
    pub releases: &'a Releases,
    pub today: Date,
}

/// The builder's Go version and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoBuilder {
    /// The `golang:<version>-trixie` version: a minor line (`1.26`) unless
    /// pinned or a pre-release.
    pub version: GoVersion,
    pub reason: Reason,
    /// What the project requires, and which line of which file says so.
    pub requirement: Requirement,
    /// The patch a minor-line builder stands for as far as the table knows
    /// (`1.26` → `1.26.11`); `None` when the table cannot say.
    pub resolves_to: Option<GoVersion>,
    pub warnings: Vec<Warning>,
}

/// The oldest Go release the project accepts, and its origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub version: GoVersion,
    pub file: String,
    pub directive: Directive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Directive {
    Go,
    Toolchain,
    /// No `go` line at all: Go reads the module as `go 1.16`.
    Missing,
}

/// Why the builder is the version it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reason {
    /// The user's pinned version.
    Pinned { by: Source },
    /// The newest patch of the required minor release.
    NewestPatch,
    /// The required release no longer receives security fixes; the oldest
    /// one that does builds instead.
    OldestSupported,
    /// A pre-release is required and its final release is not out.
    Prerelease,
    /// The required release is newer than every release the table knows.
    NewerThanTable,
}

/// Something the user should know about the choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Warning {
    /// The project's release gets no security fixes; the builder was raised.
    Unsupported {
        requirement: Requirement,
        support_ended: Date,
        builder: GoVersion,
    },
    /// The required (or pinned) release is newer than the table knows.
    NewerThanTable {
        version: GoVersion,
        table_updated: Date,
    },
    /// The builder is a pre-release.
    Prerelease { builder: GoVersion },
    /// The pinned release gets no security fixes.
    PinnedUnsupported {
        pinned: GoVersion,
        by: Source,
        support_ended: Date,
    },
    /// The table knows of no release still supported today.
    TableOutdated { table_updated: Date, today: Date },
}

/// A pinned version the project cannot build with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "Go {pinned} ({}) is older than Go {}, which {}",
        pinned_by(*by), required.version, required.describe()
    )]
    PinnedTooOld {
        pinned: GoVersion,
        by: Source,
        required: Box<Requirement>,
    },
}

/// Chooses the builder's Go version (see the module's rules).
pub fn choose(inputs: &Inputs) -> Result<GoBuilder, PolicyError> {
    let requirement = requirement(inputs.project);
    let releases = inputs.releases;
    let mut warnings = Vec::new();
    if let Some(pin) = inputs.pin {
        if !satisfies(&pin.version, &requirement.version) {
            return Err(PolicyError::PinnedTooOld {
                pinned: pin.version.clone(),
                by: pin.by,
                required: Box::new(requirement),
            });
        }
        match releases.support(&pin.version, inputs.today) {
            Support::Ended { since } => warnings.push(Warning::PinnedUnsupported {
                pinned: pin.version.clone(),
                by: pin.by,
                support_ended: since,
            }),
            Support::Unknown => warnings.push(Warning::NewerThanTable {
                version: pin.version.clone(),
                table_updated: releases.updated(),
            }),
            Support::Supported | Support::NotYetReleased => {}
        }
        if pin.version.prerelease().is_some() {
            warnings.push(Warning::Prerelease {
                builder: pin.version.clone(),
            });
        }
        return Ok(GoBuilder {
            resolves_to: resolves_to(releases, &pin.version),
            version: pin.version.clone(),
            reason: Reason::Pinned { by: pin.by },
            requirement,
            warnings,
        });
    }

    let required = &requirement.version;
    let Some(release) = releases.release(required) else {
        // Newer than the table (a Go 1 release the table lacks, or Go 2).
        let version = if required.prerelease().is_some() {
            required.clone()
        } else {
            required.minor_line()
        };
        warnings.push(Warning::NewerThanTable {
            version: required.clone(),
            table_updated: releases.updated(),
        });
        if version.prerelease().is_some() {
            warnings.push(Warning::Prerelease {
                builder: version.clone(),
            });
        }
        return Ok(GoBuilder {
            version,
            reason: Reason::NewerThanTable,
            requirement,
            resolves_to: None,
            warnings,
        });
    };
    if required.prerelease().is_some() && inputs.today < release.released {
        warnings.push(Warning::Prerelease {
            builder: required.clone(),
        });
        return Ok(GoBuilder {
            version: required.clone(),
            reason: Reason::Prerelease,
            requirement,
            resolves_to: None,
            warnings,
        });
    }
    let floor = match releases.oldest_supported(inputs.today) {
        Some(oldest) => oldest,
        None => {
            warnings.push(Warning::TableOutdated {
                table_updated: releases.updated(),
                today: inputs.today,
            });
            releases.newest()
        }
    };
    let line = required.minor_line();
    let (version, reason) = if line < floor.version {
        warnings.push(Warning::Unsupported {
            requirement: requirement.clone(),
            support_ended: release.support_ends,
            builder: floor.version.clone(),
        });
        (floor.version.clone(), Reason::OldestSupported)
    } else {
        (line, Reason::NewestPatch)
    };
    let mut resolves_to = resolves_to(releases, &version);
    if reason == Reason::NewestPatch && *required > release.latest_patch {
        // `toolchain go1.26.12` when the table stops at 1.26.11: the 1.26
        // image has it if it is out, but the table cannot say.
        warnings.push(Warning::NewerThanTable {
            version: required.clone(),
            table_updated: releases.updated(),
        });
        resolves_to = None;
    }
    Ok(GoBuilder {
        version,
        reason,
        requirement,
        resolves_to,
        warnings,
    })
}

/// Whether a builder of Go `builder` (an image tag's version) can build a
/// project requiring `required`. A minor line (`1.26`) is that line's newest
/// patch, so it satisfies any release of the line (`toolchain go1.26.6`);
/// anything else compares as Go does (`1.27rc2` satisfies `go 1.27`, not
/// `go 1.27.0`). `godock check` can use this on a Dockerfile's version.
pub fn satisfies(builder: &GoVersion, required: &GoVersion) -> bool {
    if builder.is_minor_line() {
        (builder.major(), builder.minor()) >= (required.major(), required.minor())
    } else {
        builder >= required
    }
}

/// The highest version the project's files require (rule 1).
pub fn requirement<'a>(project: Project<'a>) -> Requirement {
    let mut candidates: Vec<(&'a GoFile, Directive, &'a GoVersion)> = Vec::new();
    let mut lines = |go_file: &'a GoFile, toolchain: bool| {
        if let Some(go) = &go_file.go {
            candidates.push((go_file, Directive::Go, go));
        }
        if let (true, Some(Toolchain::Go(version))) = (toolchain, &go_file.toolchain) {
            candidates.push((go_file, Directive::Toolchain, version));
        }
    };
    let first = match project {
        Project::Module(go_mod) => {
            lines(go_mod, true);
            go_mod
        }
        Project::Workspace { go_work, members } => {
            lines(go_work, true);
            for member in members {
                lines(member, false);
            }
            go_work
        }
    };
    let mut highest: Option<(&GoFile, Directive, &GoVersion)> = None;
    for candidate in candidates {
        if highest.is_none_or(|(_, _, version)| candidate.2 > version) {
            highest = Some(candidate);
        }
    }
    match highest {
        Some((file, directive, version)) => Requirement {
            version: version.clone(),
            file: file.path.clone(),
            directive,
        },
        None => Requirement {
            version: GoVersion::parse("1.16").expect("a valid version"),
            file: first.path.clone(),
            directive: Directive::Missing,
        },
    }
}

fn resolves_to(releases: &Releases, version: &GoVersion) -> Option<GoVersion> {
    version
        .is_minor_line()
        .then(|| releases.release(version))
        .flatten()
        .map(|release| release.latest_patch.clone())
}

/// Where a pinned Go version was written, as a user would look for it.
pub fn pinned_by(source: Source) -> String {
    let setting = Setting::GoVersion;
    match source {
        Source::Flag => setting.flag().to_string(),
        Source::Config => format!("{} in godock.toml", setting.key()),
        Source::Environment => setting.variable().to_string(),
        Source::Prompt => "chosen in the wizard".to_string(),
    }
}

impl GoBuilder {
    /// The decision in words, without dates or the table's patch numbers (so
    /// that a newer godock does not change what it says for the same
    /// project): `go.mod's go line requires Go 1.26.0 or newer: the newest
    /// 1.26 patch builds it, with every security fix`.
    pub fn explain(&self) -> String {
        let required = &self.requirement;
        let version = &self.version;
        match self.reason {
            Reason::Pinned { by } => format!(
                "pinned with {}; {} Go {} or newer",
                pinned_by(by),
                required.describe(),
                required.version
            ),
            Reason::NewestPatch => format!(
                "{} Go {} or newer: the newest {} patch builds it, with every security fix",
                required.describe(),
                required.version,
                version.minor_line()
            ),
            Reason::OldestSupported => format!(
                "{} Go {}, whose release line receives no security fixes: Go {version}, the oldest release that does, builds it",
                required.describe(),
                required.version
            ),
            Reason::Prerelease => format!(
                "{} Go {}, a pre-release whose final release is not out",
                required.describe(),
                required.version
            ),
            Reason::NewerThanTable => format!(
                "{} Go {}, newer than every release godock knows of",
                required.describe(),
                required.version
            ),
        }
    }
}

impl Requirement {
    /// `go.mod's go line requires`, `go.mod (it has no go line, …) requires`.
    fn describe(&self) -> String {
        match self.directive {
            Directive::Go => format!("{}'s go line requires", self.file),
            Directive::Toolchain => format!("{}'s toolchain line requires", self.file),
            Directive::Missing => format!(
                "{} (it has no go line, which Go reads as go {}) requires",
                self.file, self.version
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Unsupported {
                requirement,
                support_ended,
                builder,
            } => {
                let Requirement {
                    version, file, ..
                } = requirement;
                match requirement.directive {
                    Directive::Go => write!(f, "{file}'s go line asks for Go {version}")?,
                    Directive::Toolchain => {
                        write!(f, "{file}'s toolchain line asks for Go {version}")?
                    }
                    Directive::Missing => write!(
                        f,
                        "{file} has no go line, which Go reads as go {version}"
                    )?,
                }
                write!(
                    f,
                    "; Go {} has received no security fixes since {support_ended}, so godock builds with Go {builder}, the oldest release that does (Go's compatibility promise keeps the module building; its language version still comes from its go line)",
                    version.minor_line()
                )
            }
            Warning::NewerThanTable {
                version,
                table_updated,
            } => write!(
                f,
                "Go {version} is newer than every release godock knows of (its table of Go releases was updated on {table_updated})"
            ),
            Warning::Prerelease { builder } => {
                write!(f, "building with Go {builder}, a pre-release")
            }
            Warning::PinnedUnsupported {
                pinned,
                by,
                support_ended,
            } => write!(
                f,
                "Go {pinned} ({}) has received no security fixes since {support_ended}",
                pinned_by(*by)
            ),
            Warning::TableOutdated {
                table_updated,
                today,
            } => write!(
                f,
                "godock's table of Go releases (updated on {table_updated}) knows of no release still supported on {today}; building with the newest it knows"
            ),
        }
    }
}

impl Warning {
    /// What the user can do about it, for a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Warning::Unsupported { builder, .. } => Some(format!(
                "raise the go line to say so (go mod edit -go={builder}.0), or pin a release with --go-version"
            )),
            Warning::NewerThanTable { .. } | Warning::TableOutdated { .. } => Some(
                "update godock for its newer table; to build with a pre-release before its final release, pin it (--go-version 1.28rc1)".into(),
            ),
            Warning::PinnedUnsupported { .. } => Some(
                "pin a release that still receives security fixes, or remove the pin to follow go.mod".into(),
            ),
            Warning::Prerelease { .. } => None,
        }
    }
}

impl PolicyError {
    /// What the user can do about it, for a `hint:` line.
    pub fn hint(&self) -> String {
        match self {
            PolicyError::PinnedTooOld { by, required, .. } => format!(
                "pin Go {} or newer ({}), or remove the pin to follow {}",
                required.version.minor_line(),
                pinned_by(*by),
                required.file
            ),
        }
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
