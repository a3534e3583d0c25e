//! The user's choices: every setting declared once ([`Setting`]), checked
//! by one rule whatever its source ([`validate`]), and resolved in one place
//! with one precedence: a flag, then godock.toml (`config.rs`), then the
//! environment (`environment.rs`). What the scan detects and what the preset
//! defaults to come after these, in the plan; the wizard asks last, and only
//! for what nothing above answered.
//!
//! Responsible for what the user said and where they said it. It must not
//! look at the project's files (the scan does) or decide what nothing
//! answered (the plan does); the one file it reads besides godock.toml is a
//! preset file the user named, which is loaded and validated here.
mod config;
mod environment;
mod flags;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use config::{same_choices, Config, LoadedConfig, CONFIG_FILE};
pub use environment::Environment;
pub use flags::Flags;

use crate::error::{Error, Result};
use crate::preset::Preset;
use crate::scan::ModuleChoice;

/// Every setting, by its godock.toml key (in that order, which is how
/// `plan --json` lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Binaries,
    GoVersion,
    Image,
    Ldflags,
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
    pub const ALL: [Setting; 13] = [
        Setting::Preset,
        Setting::Binaries,
        Setting::Primary,
        Setting::Port,
        Setting::GoVersion,
        Setting::Syntax,
        Setting::Image,
        Setting::Registry,
        Setting::Platforms,
        Setting::Tags,
        Setting::Ldflags,
        Setting::Private,
        Setting::Outputs,
    ];

    /// Its key in godock.toml.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Binaries => "binaries",
            Setting::GoVersion => "go_version",
            Setting::Image => "image",
            Setting::Ldflags => "ldflags",
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
            Setting::GoVersion => "GODOCK_GO_VERSION",
            Setting::Image => "GODOCK_IMAGE",
            Setting::Ldflags => "GODOCK_LDFLAGS",
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
            Setting::GoVersion => "--go-version",
            Setting::Image => "--image",
            Setting::Ldflags => "--ldflags",
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

/// The extra files godock writes when asked to (`outputs` in godock.toml,
/// `--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    Compose,
    GithubActions,
}

impl Output {
    pub const ALL: [Output; 2] = [Output::Compose, Output::GithubActions];
    /// Their names, as godock.toml and `--output` spell them.
    pub const NAMES: [&'static str; 2] = ["compose", "github-actions"];

    pub fn name(self) -> &'static str {
        Output::NAMES[self as usize]
    }

    pub fn named(name: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|output| output.name() == name)
    }

    /// What it is, for the wizard.
    pub fn describe(self) -> &'static str {
        match self {
            Output::Compose => {
                "compose.yaml: runs the primary binary with `docker compose up --build`"
            }
            Output::GithubActions => {
                ".github/workflows/docker.yml: builds the images on every push"
            }
        }
    }
}

/// The port setting: a port the primary binary listens on, or none at all
/// (no EXPOSE, whatever the scan finds). godock.toml spells them `port =
/// 8080` and `port = "none"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortChoice {
    Expose(u16),
    NoPort,
}

impl PortChoice {
    /// The word for no port, in godock.toml, `--port` and `GODOCK_PORT`.
    pub const NONE: &'static str = "none";

    /// The port to EXPOSE, if any.
    pub fn port(self) -> Option<u16> {
        match self {
            PortChoice::Expose(port) => Some(port),
            PortChoice::NoPort => None,
        }
    }
}

impl std::fmt::Display for PortChoice {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortChoice::Expose(port) => write!(formatter, "{port}"),
            PortChoice::NoPort => formatter.write_str(PortChoice::NONE),
        }
    }
}

impl Serialize for PortChoice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PortChoice::Expose(port) => serializer.serialize_u16(*port),
            PortChoice::NoPort => serializer.serialize_str(PortChoice::NONE),
        }
    }
}

/// A number or `"none"`, through the port setting's rule.
impl<'de> serde::Deserialize<'de> for PortChoice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(i64),
            Word(String),
        }
        let text = match Written::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom("a port is a number from 1 to 65535, or \"none\"")
        })? {
            Written::Number(number) => number.to_string(),
            Written::Word(word) => word,
        };
        validate::port(&text).map_err(serde::de::Error::custom)
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

/// A preset the user chose, loaded and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetSetting {
    pub preset: Preset,
    /// How godock.toml refers to it: the name, or the file's path from the
    /// project's directory (where godock.toml lives).
    pub reference: String,
}

impl PresetSetting {
    /// A built-in preset by name.
    pub fn built_in(name: &str) -> Result<PresetSetting> {
        Ok(PresetSetting {
            preset: Preset::load(name)?,
            reference: name.to_string(),
        })
    }

    /// A choice made on the command line, in the environment or in
    /// `project`'s godock.toml, loaded. Only godock.toml's paths are
    /// relative to the project; the others are relative to the current
    /// directory.
    fn load(value: String, source: Source, project: &Path) -> Result<PresetSetting> {
        let (load, reference) = preset_paths(value, source, project);
        Ok(PresetSetting {
            preset: Preset::load(&load)?,
            reference,
        })
    }
}

/// Where to load a preset named by `value` from, and how godock.toml refers
/// to it.
fn preset_paths(value: String, source: Source, project: &Path) -> (String, String) {
    if !Preset::is_file_reference(&value) {
        return (value.clone(), value);
    }
    match source {
        Source::Flag | Source::Environment | Source::Prompt => {
            let absolute = std::path::absolute(&value).unwrap_or_else(|_| PathBuf::from(&value));
            let project = std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf());
            let reference = absolute
                .strip_prefix(&project)
                .map(|relative| relative.display().to_string())
                .unwrap_or_else(|_| absolute.display().to_string());
            (value, reference)
        }
        Source::Config => (project.join(&value).display().to_string(), value),
    }
}

/// The user's choices for one run. `None` and empty mean "let godock decide".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub preset: Option<PresetSetting>,
    pub binaries: Vec<String>,
    pub primary: Option<String>,
    pub port: Option<PortChoice>,
    pub go_version: Option<String>,
    pub syntax: bool,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub platforms: Vec<String>,
    /// Build tags beside the preset's.
    pub tags: Vec<String>,
    /// `-ldflags` after godock's own.
    pub ldflags: Option<String>,
    /// Module path patterns (GOPRIVATE's syntax) of private modules.
    pub private: Vec<String>,
    /// Extra files to write.
    pub outputs: Vec<Output>,
    /// Where each setting the user gave came from. A setting missing here
    /// is the plan's to decide (detected or a default), or the wizard's to ask.
    pub sources: BTreeMap<Setting, Source>,
}

impl Settings {
    /// Whether the user gave `setting` already (so the wizard must not ask it).
    pub fn given(&self, setting: Setting) -> bool {
        self.sources.contains_key(&setting)
    }

    /// The one precedence: a flag beats godock.toml, which beats the
    /// environment; what none of them sets is left to the plan (detected,
    /// then the preset's default) or to the wizard. Every value has passed
    /// its setting's rule already (the flags here, godock.toml when it was
    /// loaded, the environment when it was read). `project` is where
    /// godock.toml lives: a preset file's path in it is relative to it.
    pub fn resolve(
        flags: Flags,
        config: Config,
        environment: &Environment,
        project: &Path,
    ) -> Result<Settings> {
        crate::stage::entered(crate::stage::Stage::Resolve);
        flags.check()?;
        let flag_port = match (flags.no_port, flags.port.as_deref()) {
            (true, _) => Some(PortChoice::NoPort),
            (false, port) => {
                port.map(validate::port)
                    .transpose()
                    .map_err(|message| Error::FlagInvalid {
                        flag: Setting::Port.flag().to_string(),
                        message,
                    })?
            }
        };
        let mut picked = Picker::default();
        let preset = picked.pick(
            Setting::Preset,
            flags.preset,
            config.preset,
            environment.string(Setting::Preset)?,
        );
        let preset = match preset {
            Some(value) => Some(PresetSetting::load(
                value,
                picked.sources[&Setting::Preset],
                project,
            )?),
            None => None,
        };
        let port = picked.pick(
            Setting::Port,
            flag_port,
            config.port,
            environment.value(Setting::Port, validate::port)?,
        );
        let syntax = picked.pick(
            Setting::Syntax,
            flags.no_syntax.then_some(false),
            config.syntax,
            environment.value(Setting::Syntax, validate::switch)?,
        );
        let outputs = picked.pick(
            Setting::Outputs,
            cleared_or_given(flags.no_outputs, flags.outputs),
            config.outputs,
            environment.list(Setting::Outputs)?,
        );
        Ok(Settings {
            preset,
            binaries: picked
                .pick(
                    Setting::Binaries,
                    non_empty(flags.binaries),
                    config.binaries,
                    environment.list(Setting::Binaries)?,
                )
                .unwrap_or_default(),
            primary: picked.pick(
                Setting::Primary,
                flags.primary,
                config.primary,
                environment.string(Setting::Primary)?,
            ),
            port,
            go_version: picked.pick(
                Setting::GoVersion,
                flags.go_version,
                config.go_version,
                environment.string(Setting::GoVersion)?,
            ),
            syntax: syntax.unwrap_or(true),
            image: picked.pick(
                Setting::Image,
                flags.image,
                config.image,
                environment.string(Setting::Image)?,
            ),
            registry: picked.pick(
                Setting::Registry,
                flags.registry,
                config.registry,
                environment.string(Setting::Registry)?,
            ),
            platforms: picked
                .pick(
                    Setting::Platforms,
                    non_empty(flags.platforms),
                    config.platforms,
                    environment.list(Setting::Platforms)?,
                )
                .unwrap_or_default(),
            tags: picked
                .pick(
                    Setting::Tags,
                    cleared_or_given(flags.no_tags, flags.tags),
                    config.tags,
                    environment.list(Setting::Tags)?,
                )
                .unwrap_or_default(),
            ldflags: picked.pick(
                Setting::Ldflags,
                flags.ldflags,
                config.ldflags,
                environment.string(Setting::Ldflags)?,
            ),
            private: picked
                .pick(
                    Setting::Private,
                    non_empty(flags.private),
                    config.private,
                    environment.list(Setting::Private)?,
                )
                .unwrap_or_default(),
            outputs: outputs
                .unwrap_or_default()
                .iter()
                .filter_map(|name| Output::named(name))
                .collect(),
            sources: picked.sources,
        })
    }
}

/// Records where each setting came from as it is picked.
#[derive(Default)]
struct Picker {
    sources: BTreeMap<Setting, Source>,
}

impl Picker {
    /// The first of a flag, godock.toml and the environment that has a
    /// value, recording where it came from.
    fn pick<T>(
        &mut self,
        setting: Setting,
        flag: Option<T>,
        config: Option<T>,
        environment: Option<T>,
    ) -> Option<T> {
        let (value, source) = flag
            .map(|value| (value, Source::Flag))
            .or_else(|| config.map(|value| (value, Source::Config)))
            .or_else(|| environment.map(|value| (value, Source::Environment)))?;
        self.sources.insert(setting, source);
        Some(value)
    }
}

fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    (!list.is_empty()).then_some(list)
}

/// A list flag: `--no-…` sets it to nothing (a choice, which wins over
/// godock.toml and the environment like any flag); no items leaves it unset.
fn cleared_or_given<T>(cleared: bool, list: Vec<T>) -> Option<Vec<T>> {
    if cleared {
        Some(Vec::new())
    } else {
        non_empty(list)
    }
}

/// `--module DIR` over godock.toml's `module`.
pub fn module_choice(flag: Option<String>, config: Option<String>) -> Option<ModuleChoice> {
    let (directory, chosen_by) = match (flag, config) {
        (Some(flag), _) => (flag, "--module"),
        (None, Some(config)) => (config, "godock.toml's module"),
        (None, None) => return None,
    };
    Some(ModuleChoice {
        directory,
        chosen_by: chosen_by.to_string(),
    })
}

#[cfg(test)]
mod tests;
