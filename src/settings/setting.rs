//! Which setting a value is for ([`Setting`], with the rule that checks it)
//! and where the user gave it ([`Source`]).
//!
//! Names and origins only: the values themselves are in `values.rs`, and
//! resolving them is `Settings::resolve`'s job.
use serde::Serialize;

use super::validate;

/// Every setting, by its godock.toml key (in that order, which is how
/// `plan --json` lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Binaries,
    Debian,
    Dockerfile,
    DockerignoreBlock,
    Frontend,
    GoVersion,
    Image,
    Ldflags,
    Makefile,
    MakefileInclude,
    Outputs,
    Platforms,
    Port,
    Preset,
    Primary,
    Private,
    Registry,
    Syntax,
    Tags,
}

impl Setting {
    /// In the order godock.toml and the README list them.
    pub const ALL: [Setting; 19] = [
        Setting::Preset,
        Setting::Binaries,
        Setting::Primary,
        Setting::Port,
        Setting::GoVersion,
        Setting::Debian,
        Setting::Syntax,
        Setting::Image,
        Setting::Registry,
        Setting::Platforms,
        Setting::Tags,
        Setting::Ldflags,
        Setting::Private,
        Setting::Frontend,
        Setting::Outputs,
        Setting::Dockerfile,
        Setting::Makefile,
        Setting::MakefileInclude,
        Setting::DockerignoreBlock,
    ];

    /// Its key in godock.toml.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Binaries => "binaries",
            Setting::Debian => "debian",
            Setting::Dockerfile => "dockerfile",
            Setting::DockerignoreBlock => "dockerignore_block",
            Setting::Frontend => "frontend",
            Setting::GoVersion => "go_version",
            Setting::Image => "image",
            Setting::Ldflags => "ldflags",
            Setting::Makefile => "makefile",
            Setting::MakefileInclude => "makefile_include",
            Setting::Outputs => "outputs",
            Setting::Platforms => "platforms",
            Setting::Port => "port",
            Setting::Preset => "preset",
            Setting::Primary => "primary",
            Setting::Private => "private",
            Setting::Registry => "registry",
            Setting::Syntax => "syntax",
            Setting::Tags => "tags",
        }
    }

    /// The environment variable that sets it (lists are comma-separated).
    pub fn variable(self) -> &'static str {
        match self {
            Setting::Binaries => "GODOCK_BINARIES",
            Setting::Debian => "GODOCK_DEBIAN",
            Setting::Dockerfile => "GODOCK_DOCKERFILE",
            Setting::DockerignoreBlock => "GODOCK_DOCKERIGNORE_BLOCK",
            Setting::Frontend => "GODOCK_FRONTEND",
            Setting::GoVersion => "GODOCK_GO_VERSION",
            Setting::Image => "GODOCK_IMAGE",
            Setting::Ldflags => "GODOCK_LDFLAGS",
            Setting::Makefile => "GODOCK_MAKEFILE",
            Setting::MakefileInclude => "GODOCK_MAKEFILE_INCLUDE",
            Setting::Outputs => "GODOCK_OUTPUTS",
            Setting::Platforms => "GODOCK_PLATFORMS",
            Setting::Port => "GODOCK_PORT",
            Setting::Preset => "GODOCK_PRESET",
            Setting::Primary => "GODOCK_PRIMARY",
            Setting::Private => "GODOCK_PRIVATE",
            Setting::Registry => "GODOCK_REGISTRY",
            Setting::Syntax => "GODOCK_SYNTAX",
            Setting::Tags => "GODOCK_TAGS",
        }
    }

    /// The flag that sets it (lists: once per item).
    pub fn flag(self) -> &'static str {
        match self {
            Setting::Binaries => "--binary",
            Setting::Debian => "--debian",
            Setting::Dockerfile => "--dockerfile",
            Setting::DockerignoreBlock => "--dockerignore-block",
            Setting::Frontend => "--frontend",
            Setting::GoVersion => "--go-version",
            Setting::Image => "--image",
            Setting::Ldflags => "--ldflags",
            Setting::Makefile => "--makefile",
            Setting::MakefileInclude => "--makefile-include",
            Setting::Outputs => "--output",
            Setting::Platforms => "--platform",
            Setting::Port => "--port",
            Setting::Preset => "--preset",
            Setting::Primary => "--primary",
            Setting::Private => "--private",
            Setting::Registry => "--registry",
            Setting::Syntax => "--no-syntax",
            Setting::Tags => "--tag",
        }
    }

    /// The rule a value (of a list, each item) must pass, from any source.
    pub fn check(self, value: &str) -> std::result::Result<(), String> {
        match self {
            Setting::Binaries | Setting::Primary => Ok(()),
            Setting::Debian => validate::debian(value).map(|_| ()),
            Setting::Dockerfile => validate::dockerfile(value),
            Setting::Makefile => validate::makefile(value),
            Setting::MakefileInclude | Setting::DockerignoreBlock | Setting::Frontend => {
                validate::switch(value).map(|_| ())
            }
            Setting::GoVersion => validate::go_version(value),
            Setting::Image => validate::image(value),
            Setting::Ldflags => validate::ldflags(value),
            Setting::Outputs => validate::output(value),
            Setting::Platforms => validate::platform(value),
            Setting::Port => validate::port(value).map(|_| ()),
            Setting::Preset => crate::preset::check_reference(value),
            Setting::Private => validate::module_pattern(value),
            Setting::Registry => validate::registry(value),
            Setting::Syntax => validate::switch(value).map(|_| ()),
            Setting::Tags => validate::tag(value),
        }
    }
}

/// Where a choice came from, so that messages and `plan --json` can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Flag,
    Config,
    Environment,
    /// Answered in the wizard.
    Prompt,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::Flag => "chosen with a flag",
            Source::Config => "chosen in godock.toml",
            Source::Environment => "chosen in the environment",
            Source::Prompt => "chosen in the wizard",
        }
    }

    /// How `plan --json`'s `sources` names it.
    pub fn label(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Config => "godock.toml",
            Source::Environment => "environment",
            Source::Prompt => "wizard",
        }
    }
}
