//! Where every setting's value came from: the user (a flag, godock.toml,
//! the environment, the wizard), the repository's own build files, the
//! scan, or a default.
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::settings::{Setting, Settings, Source};

/// Where a value in the plan came from, as `plan --json`'s `sources` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Given(Source),
    /// From the repository's own build files (goreleaser, a Dockerfile, a
    /// Procfile, a Makefile): `plan --json`'s `reasons` names the line.
    Evidence,
    /// From the scan.
    Detected,
    Default,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Given(source) => source.label(),
            Origin::Evidence => "evidence",
            Origin::Detected => "detected",
            Origin::Default => "default",
        }
    }

    pub fn is_given(self) -> bool {
        matches!(self, Origin::Given(_))
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// What decides each setting the user leaves open: the scan, or a default.
fn undecided(setting: Setting) -> Origin {
    match setting {
        Setting::Preset
        | Setting::Binaries
        | Setting::Primary
        | Setting::GoVersion
        | Setting::Image
        | Setting::Dockerfile
        | Setting::Makefile => Origin::Detected,
        Setting::Port
        | Setting::Debian
        | Setting::Syntax
        | Setting::Registry
        | Setting::Platforms
        | Setting::Tags
        | Setting::Ldflags
        | Setting::Private
        | Setting::Outputs
        | Setting::MakefileInclude
        | Setting::DockerignoreBlock => Origin::Default,
        Setting::Frontend => Origin::Detected,
    }
}

/// Where every setting came from: the user's sources, else what `decided`
/// says (the repository's evidence, or the scan), else the scan or a
/// default.
pub fn sources(
    settings: &Settings,
    decided: &BTreeMap<Setting, Origin>,
) -> BTreeMap<Setting, Origin> {
    Setting::ALL
        .iter()
        .map(|setting| {
            let origin = match settings.sources.get(setting) {
                Some(source) => Origin::Given(*source),
                None => decided
                    .get(setting)
                    .copied()
                    .unwrap_or_else(|| undecided(*setting)),
            };
            (*setting, origin)
        })
        .collect()
}
