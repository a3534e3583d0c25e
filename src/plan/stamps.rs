//! Version stamps: which declarations each binary's build sets with
//! `-ldflags -X`, from which build argument (`VERSION`, `COMMIT`,
//! `BUILD_DATE`), and which it cannot set and why. A stamp applies only
//! when its build argument is given, so a plain build keeps the default the
//! source declares; the templates lay that out.
//!
//! Pure: reads the scan's facts (and, through [`from_recipe`], a recipe's
//! `-X` flags), never the disk.
use serde::Serialize;

use crate::evidence::go_build::Stamp;
use crate::evidence::value::BuildInput;
use crate::go::source::Settable;
use crate::knowledge::version::Stamped;
use crate::scan::{Facts, VersionStamp};

/// The Dockerfile build argument (and Makefile variable) a stamp takes its
/// value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BuildArgument {
    Version,
    Commit,
    BuildDate,
}

impl From<Stamped> for BuildArgument {
    fn from(stamped: Stamped) -> BuildArgument {
        match stamped {
            Stamped::Version => BuildArgument::Version,
            Stamped::Commit => BuildArgument::Commit,
            Stamped::BuildDate => BuildArgument::BuildDate,
        }
    }
}

impl BuildArgument {
    /// As the Dockerfile and the Makefile name it.
    pub fn name(self) -> &'static str {
        match self {
            BuildArgument::Version => "VERSION",
            BuildArgument::Commit => "COMMIT",
            BuildArgument::BuildDate => "BUILD_DATE",
        }
    }

    /// The argument a recipe's input stands for: a tag is the version, an
    /// abbreviated commit the commit, a commit's date the build's.
    fn for_input(input: BuildInput) -> Option<BuildArgument> {
        match input {
            BuildInput::Version | BuildInput::Tag => Some(BuildArgument::Version),
            BuildInput::Commit | BuildInput::ShortCommit => Some(BuildArgument::Commit),
            BuildInput::BuildDate | BuildInput::CommitDate => Some(BuildArgument::BuildDate),
            BuildInput::Branch | BuildInput::BuildUser | BuildInput::BuildHost => None,
        }
    }
}

/// Where a stamp comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StampOrigin {
    /// A declaration godock read (`file:line`).
    Source { location: String },
    /// A library data/version_stamps.toml knows.
    Library { why: String },
    /// A `-X` flag of the repository's own build recipe.
    Recipe { recipe: String, location: String },
}

/// A variable the build sets through `-X`, when its build argument is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionVariable {
    /// `main`, or the full import path of the package holding it.
    pub package: String,
    pub name: String,
    pub argument: BuildArgument,
    /// What the binary says when the argument is not given.
    pub default: Option<String>,
    pub origin: StampOrigin,
}

impl VersionVariable {
    /// `-X`'s symbol: `main.version`, `example.com/m/internal/version.Version`.
    pub fn symbol(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
}

/// A declaration that looks like a version but is not stamped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unstamped {
    pub symbol: String,
    /// `file:line`, when godock read it.
    pub location: Option<String>,
    pub reason: String,
}

/// What a binary's build stamps, and what it leaves alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamps {
    pub stamped: Vec<VersionVariable>,
    pub unstamped: Vec<Unstamped>,
}

/// The stamps of the main package `package`, from the declarations the scan
/// found in its build.
pub fn detected(facts: &Facts, package: &str) -> Stamps {
    let mut stamps = Stamps::default();
    for found in facts.version_stamps.get(package).into_iter().flatten() {
        let symbol = format!("{}.{}", found.package, found.name);
        let location = location(found);
        let reason = match (found.settable, found.stamps) {
            (Settable::Yes, Some(stamped)) => {
                let origin = match (&found.library, &location) {
                    (Some(why), _) => StampOrigin::Library { why: why.clone() },
                    (None, Some(location)) => StampOrigin::Source {
                        location: location.clone(),
                    },
                    (None, None) => continue,
                };
                if !stamps.stamped.iter().any(|v| v.symbol() == symbol) {
                    stamps.stamped.push(VersionVariable {
                        package: found.package.clone(),
                        name: found.name.clone(),
                        argument: stamped.into(),
                        default: found.default.clone(),
                        origin,
                    });
                }
                continue;
            }
            (Settable::Yes, None) => "no build argument says what it holds",
            (Settable::Constant, _) => "a constant: -X sets only variables; make it a var",
            (Settable::NotString, _) => "not a string: -X sets only string variables",
            (Settable::Computed, _) => {
                "initialised by an expression: -X leaves it alone; initialise it with a string literal"
            }
        };
        stamps.unstamped.push(Unstamped {
            symbol,
            location,
            reason: reason.to_string(),
        });
    }
    stamps
}

fn location(found: &VersionStamp) -> Option<String> {
    Some(format!("{}:{}", found.file.as_ref()?, found.line?))
}

/// The stamps a recipe's `-X` flags make, mapped to build arguments: a
/// value that is exactly one reference to a version, a commit or a date.
/// Anything else (a literal, `v{{.Version}}`, `{{.Branch}}`, a variable
/// godock cannot read) is listed as unstamped, never guessed.
pub fn from_recipe(recipe: &str, location: &str, assignments: &[Stamp]) -> Stamps {
    let mut stamps = Stamps::default();
    for assignment in assignments {
        let references: Vec<_> = assignment.value.references().collect();
        let single = assignment.value.parts.len() == 1 && references.len() == 1;
        let argument = references
            .first()
            .filter(|_| single)
            .and_then(|reference| reference.input)
            .and_then(BuildArgument::for_input);
        match argument {
            Some(argument) => stamps.stamped.push(VersionVariable {
                package: assignment.package().to_string(),
                name: assignment.variable().to_string(),
                argument,
                default: None,
                origin: StampOrigin::Recipe {
                    recipe: recipe.to_string(),
                    location: location.to_string(),
                },
            }),
            None => stamps.unstamped.push(Unstamped {
                symbol: assignment.symbol.clone(),
                location: Some(location.to_string()),
                reason: format!(
                    "{recipe} sets it to `{}`, which no build argument stands for",
                    assignment.value.text
                ),
            }),
        }
    }
    stamps
}

/// One warning per binary that stamps nothing although it declares a
/// version `-X` cannot set: the user expects `--version` to be stamped.
pub fn warnings(binaries: &[super::Binary]) -> Vec<String> {
    binaries
        .iter()
        .filter(|binary| binary.version_variables.is_empty())
        .filter_map(|binary| {
            let first = binary
                .unstamped
                .iter()
                .find(|unstamped| unstamped.location.is_some())?;
            Some(format!(
                "{}: {} is not stamped by --build-arg VERSION: {}",
                first.location.as_deref().unwrap_or_default(),
                first.symbol,
                first.reason
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::value::{Dialect, Value};

    fn stamp(symbol: &str, value: &str, dialect: Dialect) -> Stamp {
        Stamp {
            symbol: symbol.to_string(),
            value: Value::parse(value, dialect),
        }
    }

    #[test]
    fn a_recipes_stamps_map_to_build_arguments_and_the_rest_is_listed() {
        let stamps = from_recipe(
            "goreleaser",
            ".goreleaser.yaml:12",
            &[
                stamp("main.version", "{{.Version}}", Dialect::Template),
                stamp(
                    "github.com/prometheus/common/version.Revision",
                    "{{.FullCommit}}",
                    Dialect::Template,
                ),
                stamp("main.date", "{{.Date}}", Dialect::Template),
                stamp("main.branch", "{{.Branch}}", Dialect::Template),
                stamp("main.tagged", "v{{.Version}}", Dialect::Template),
                stamp("main.edition", "oss", Dialect::Template),
            ],
        );
        let stamped: Vec<(String, BuildArgument)> = stamps
            .stamped
            .iter()
            .map(|variable| (variable.symbol(), variable.argument))
            .collect();
        assert_eq!(
            stamped,
            [
                ("main.version".to_string(), BuildArgument::Version),
                (
                    "github.com/prometheus/common/version.Revision".to_string(),
                    BuildArgument::Commit
                ),
                ("main.date".to_string(), BuildArgument::BuildDate),
            ]
        );
        assert_eq!(
            stamps.stamped[0].origin,
            StampOrigin::Recipe {
                recipe: "goreleaser".into(),
                location: ".goreleaser.yaml:12".into()
            }
        );
        let unstamped: Vec<&str> = stamps
            .unstamped
            .iter()
            .map(|entry| entry.symbol.as_str())
            .collect();
        assert_eq!(unstamped, ["main.branch", "main.tagged", "main.edition"]);
        assert_eq!(
            stamps.unstamped[1].reason,
            "goreleaser sets it to `v{{.Version}}`, which no build argument stands for"
        );
        let make = from_recipe(
            "Makefile",
            "Makefile:3",
            &[stamp("main.commit", "$(GIT_COMMIT)", Dialect::Make)],
        );
        assert_eq!(make.stamped.len() + make.unstamped.len(), 1);
    }
}
