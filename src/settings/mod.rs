//! The user's choices: every setting declared once ([`Setting`], `setting.rs`;
//! its typed values in `values.rs`), checked by one rule whatever its source
//! ([`validate`]), and resolved in one place
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
mod setting;
pub mod validate;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

pub use config::{same_choices, Config, LoadedConfig, CONFIG_FILE};
pub use environment::Environment;
pub use flags::Flags;
pub use setting::{Setting, Source};
pub use values::{DebianChoice, Output, PortChoice, PresetSetting};

use crate::error::{Error, Result};
use crate::scan::ModuleChoice;

/// The user's choices for one run. `None` and empty mean "let godock decide".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub preset: Option<PresetSetting>,
    pub binaries: Vec<String>,
    pub primary: Option<String>,
    pub port: Option<PortChoice>,
    pub go_version: Option<String>,
    /// The Debian release of the presets' images (`None`: data/debian.toml's default).
    pub debian: Option<u8>,
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
    /// Where godock's Dockerfile goes, relative to the build context;
    /// `None`: `Dockerfile`, or beside the user's own when that is theirs.
    pub dockerfile: Option<String>,
    /// Where godock's Make targets go; `None`: `Makefile`, or `docker.mk`
    /// beside the user's own Makefile.
    pub makefile: Option<String>,
    /// Whether godock adds `include <makefile>` (in a marked block) to the
    /// user's own Makefile.
    pub makefile_include: bool,
    /// Whether godock appends a marked block to the user's own .dockerignore.
    pub dockerignore_block: bool,
    /// Whether a Node stage builds the front ends embeds need; `None`: when
    /// the scan finds one.
    pub frontend: Option<bool>,
    /// `--force`: a file godock did not write may be replaced (its old
    /// content kept under a backup name), so nothing is written beside it.
    /// Not a setting: it holds for one run and is never recorded.
    pub force: bool,
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
        let dockerfile = picked.pick(
            Setting::Dockerfile,
            flags.dockerfile,
            config.dockerfile,
            environment.string(Setting::Dockerfile)?,
        );
        let makefile = picked.pick(
            Setting::Makefile,
            flags.makefile,
            config.makefile,
            environment.string(Setting::Makefile)?,
        );
        let makefile_include = picked.pick(
            Setting::MakefileInclude,
            flags.makefile_include.then_some(true),
            config.makefile_include,
            environment.value(Setting::MakefileInclude, validate::switch)?,
        );
        let dockerignore_block = picked.pick(
            Setting::DockerignoreBlock,
            flags.dockerignore_block.then_some(true),
            config.dockerignore_block,
            environment.value(Setting::DockerignoreBlock, validate::switch)?,
        );
        let frontend = picked.pick(
            Setting::Frontend,
            flags.frontend,
            config.frontend,
            environment.value(Setting::Frontend, validate::switch)?,
        );
        Ok(Settings {
            preset,
            frontend,
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
            debian: picked.pick(
                Setting::Debian,
                // Checked with the other flags above.
                flags
                    .debian
                    .as_deref()
                    .and_then(|text| validate::debian(text).ok()),
                config.debian.map(|choice| choice.0),
                environment.value(Setting::Debian, validate::debian)?,
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
            dockerfile,
            makefile,
            makefile_include: makefile_include.unwrap_or(false),
            dockerignore_block: dockerignore_block.unwrap_or(false),
            force: false,
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
