//! The user's choices: command-line flags over godock.toml, resolved in one
//! place. What the scan detects and what the preset defaults to come after
//! these, in the plan.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const CONFIG_FILE: &str = "godock.toml";

/// godock.toml: the choices that make a later run reproduce this one.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub preset: Option<String>,
    pub binaries: Option<Vec<String>>,
    pub primary: Option<String>,
    pub port: Option<u16>,
    pub go_version: Option<String>,
    pub syntax: Option<bool>,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub platforms: Option<Vec<String>>,
    /// The module's directory relative to godock.toml, when it is not there.
    pub module: Option<String>,
}

/// godock.toml as read: the choices, and the user's text of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub config: Config,
    pub text: String,
}

impl Config {
    /// Reads `godock.toml` in `directory`; no file means no choices yet.
    pub fn load(directory: &Path) -> Result<Option<LoadedConfig>> {
        let path = directory.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
        };
        let config = toml::from_str(&text).map_err(|error| Error::ConfigInvalid {
            path: path.clone(),
            message: crate::preset::toml_message(&error, &text),
        })?;
        Ok(Some(LoadedConfig { config, text }))
    }
}

/// Where a choice came from, so that messages can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Flag,
    Config,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::Flag => "chosen with a flag",
            Source::Config => "chosen in godock.toml",
        }
    }
}

/// A preset the user chose: a built-in name, or a preset file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetChoice {
    /// What to load: the name, or the file's path from the current directory.
    pub load: String,
    /// How godock.toml refers to it: the name, or the file's path from the
    /// project's directory (where godock.toml lives).
    pub reference: String,
    pub source: Source,
}

impl PresetChoice {
    /// A choice made on the command line or in `project`'s godock.toml.
    fn new(value: String, source: Source, project: &Path) -> PresetChoice {
        if !crate::preset::Preset::is_file_reference(&value) {
            return PresetChoice {
                load: value.clone(),
                reference: value,
                source,
            };
        }
        match source {
            Source::Flag => {
                let absolute =
                    std::path::absolute(&value).unwrap_or_else(|_| PathBuf::from(&value));
                let project =
                    std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf());
                let reference = absolute
                    .strip_prefix(&project)
                    .map(|relative| relative.display().to_string())
                    .unwrap_or_else(|_| absolute.display().to_string());
                PresetChoice {
                    load: value,
                    reference,
                    source,
                }
            }
            Source::Config => PresetChoice {
                load: project.join(&value).display().to_string(),
                reference: value,
                source,
            },
        }
    }
}

/// The user's choices for one run. `None` and empty mean "let godock decide".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub preset: Option<PresetChoice>,
    pub binaries: Vec<String>,
    pub primary: Option<String>,
    pub port: Option<u16>,
    pub go_version: Option<(String, Source)>,
    pub syntax: bool,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub platforms: Vec<String>,
    /// The module's directory below the project, when the user chose it.
    pub module: Option<crate::scan::ModuleChoice>,
}

/// What the flags said; every field optional so that godock.toml can fill it.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub preset: Option<String>,
    pub binaries: Vec<String>,
    pub primary: Option<String>,
    pub port: Option<u16>,
    pub go_version: Option<String>,
    pub no_syntax: bool,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub module: Option<String>,
}

impl Settings {
    /// The one precedence: a flag beats godock.toml, which beats the defaults
    /// the plan derives from the scan and the preset.
    pub fn resolve(flags: Flags, config: Config, project: &Path) -> Settings {
        fn pick<T>(flag: Option<T>, config: Option<T>) -> Option<(T, Source)> {
            flag.map(|value| (value, Source::Flag))
                .or_else(|| config.map(|value| (value, Source::Config)))
        }
        Settings {
            preset: pick(flags.preset, config.preset)
                .map(|(value, source)| PresetChoice::new(value, source, project)),
            binaries: if flags.binaries.is_empty() {
                config.binaries.unwrap_or_default()
            } else {
                flags.binaries
            },
            primary: flags.primary.or(config.primary),
            port: flags.port.or(config.port),
            go_version: pick(flags.go_version, config.go_version),
            syntax: !flags.no_syntax && config.syntax.unwrap_or(true),
            image: flags.image.or(config.image),
            registry: flags.registry.or(config.registry),
            platforms: config.platforms.unwrap_or_default(),
            module: module_choice(flags.module, config.module),
        }
    }
}

/// `--module DIR` over godock.toml's `module`.
pub fn module_choice(
    flag: Option<String>,
    config: Option<String>,
) -> Option<crate::scan::ModuleChoice> {
    let (directory, chosen_by) = match (flag, config) {
        (Some(flag), _) => (flag, "--module"),
        (None, Some(config)) => (config, "godock.toml's module"),
        (None, None) => return None,
    };
    Some(crate::scan::ModuleChoice {
        directory,
        chosen_by: chosen_by.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_config_file() {
        let flags = Flags {
            preset: Some("scratch".into()),
            port: Some(9000),
            ..Flags::default()
        };
        let config = Config {
            preset: Some("debug".into()),
            port: Some(8080),
            binaries: Some(vec!["api".into()]),
            syntax: Some(false),
            ..Config::default()
        };
        let settings = Settings::resolve(flags, config, Path::new("."));
        let preset = settings.preset.unwrap();
        assert_eq!(
            (preset.load.as_str(), preset.source),
            ("scratch", Source::Flag)
        );
        assert_eq!(settings.port, Some(9000));
        assert_eq!(settings.binaries, vec!["api".to_string()]);
        assert!(!settings.syntax);
    }

    #[test]
    fn module_comes_from_the_flag_then_the_config_file() {
        let config = Config {
            module: Some("services/api".into()),
            ..Config::default()
        };
        let here = Path::new(".");
        let from_config = Settings::resolve(Flags::default(), config.clone(), here).module;
        assert_eq!(
            from_config.map(|choice| (choice.directory, choice.chosen_by)),
            Some((
                "services/api".to_string(),
                "godock.toml's module".to_string()
            ))
        );
        let flags = Flags {
            module: Some("services/web".into()),
            ..Flags::default()
        };
        let from_flag = Settings::resolve(flags, config, here).module.unwrap();
        assert_eq!(from_flag.directory, "services/web");
        assert_eq!(from_flag.chosen_by, "--module");
        assert!(toml::from_str::<Config>("module = \"a\"\n").is_ok());
    }

    #[test]
    fn no_syntax_flag_wins_over_config() {
        let flags = Flags {
            no_syntax: true,
            ..Flags::default()
        };
        let config = Config {
            syntax: Some(true),
            ..Config::default()
        };
        let here = Path::new(".");
        assert!(!Settings::resolve(flags, config, here).syntax);
        assert!(Settings::resolve(Flags::default(), Config::default(), here).syntax);
    }

    #[test]
    fn preset_files_load_from_where_they_were_named_and_are_kept_relative_to_the_project() {
        let project = Path::new("/work/project");
        let from_config = PresetChoice::new("presets/ours.toml".into(), Source::Config, project);
        assert_eq!(from_config.load, "/work/project/presets/ours.toml");
        assert_eq!(from_config.reference, "presets/ours.toml");
        let from_flag = PresetChoice::new("/work/project/ours.toml".into(), Source::Flag, project);
        assert_eq!(from_flag.load, "/work/project/ours.toml");
        assert_eq!(from_flag.reference, "ours.toml");
        let outside = PresetChoice::new("/etc/ours.toml".into(), Source::Flag, project);
        assert_eq!(outside.reference, "/etc/ours.toml");
        let built_in = PresetChoice::new("scratch".into(), Source::Config, project);
        assert_eq!(
            (built_in.load.as_str(), built_in.reference.as_str()),
            ("scratch", "scratch")
        );
    }

    #[test]
    fn config_errors_name_the_file_line_and_the_key() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(
            directory.path().join(CONFIG_FILE),
            "preset = \"scratch\"\nbinarys = [\"api\"]\n",
        )
        .unwrap();
        let error = Config::load(directory.path()).unwrap_err().to_string();
        assert!(
            error.contains("godock.toml: line 2: unknown field `binarys`"),
            "{error}"
        );
        assert!(error.contains("binaries"), "{error}");
    }

    #[test]
    fn config_type_errors_name_the_line() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join(CONFIG_FILE), "\nport = \"eighty\"\n").unwrap();
        let error = Config::load(directory.path()).unwrap_err().to_string();
        assert!(error.contains("godock.toml: line 2:"), "{error}");
    }
}
