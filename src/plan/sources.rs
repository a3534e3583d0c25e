//! Where every setting's value came from: the user (a flag, godock.toml,
//! the environment, the wizard), the scan, or a default.
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::settings::{Setting, Settings, Source};

/// Where a value in the plan came from, as `plan --json`'s `sources` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Given(Source),
    /// From the scan.
    Detected,
    Default,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Given(source) => source.label(),
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
    }
}

/// Where every setting came from: the user's sources, else the scan or a
/// default. `port_detected`: the scan found the port.
pub fn sources(settings: &Settings, port_detected: bool) -> BTreeMap<Setting, Origin> {
    Setting::ALL
        .iter()
        .map(|setting| {
            let origin = match settings.sources.get(setting) {
                Some(source) => Origin::Given(*source),
                None if *setting == Setting::Port && port_detected => Origin::Detected,
                None => undecided(*setting),
            };
            (*setting, origin)
        })
        .collect()
}
