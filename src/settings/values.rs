//! The typed values of the settings that are more than a string: the extra
//! outputs, the port (or none), and a preset the user chose, loaded.
//!
//! Parsing and loading only: which source wins is `Settings::resolve`'s job.
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{validate, Source};
use crate::error::Result;
use crate::preset::Preset;

/// The extra files godock writes when asked to (`outputs` in godock.toml,
/// `--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    Compose,
    GithubActions,
    Bake,
    Kubernetes,
}

impl Output {
    pub const ALL: [Output; 4] = [
        Output::Compose,
        Output::GithubActions,
        Output::Bake,
        Output::Kubernetes,
    ];
    /// Their names, as godock.toml and `--output` spell them.
    pub const NAMES: [&'static str; 4] = ["compose", "github-actions", "bake", "kubernetes"];

    pub fn name(self) -> &'static str {
        Output::NAMES[self as usize]
    }

    pub fn named(name: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|output| output.name() == name)
    }

    /// What it is, for the wizard.
    pub fn describe(self) -> &'static str {
        match self {
            Output::Compose => "compose.yaml: runs every service with `docker compose up --build`",
            Output::GithubActions => {
                ".github/workflows/docker.yml: builds, scans and pushes the images"
            }
            Output::Bake => "docker-bake.hcl: `docker buildx bake` builds every image",
            Output::Kubernetes => {
                "deploy/kubernetes/: a hardened Deployment and Service per service, with kustomize"
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
        let text = number_or_word(
            deserializer,
            "a port is a number from 1 to 65535, or \"none\"",
        )?;
        validate::port(&text).map_err(serde::de::Error::custom)
    }
}

/// The `debian` setting: the Debian release of the presets' images.
/// godock.toml spells it `debian = 12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DebianChoice(pub u8);

/// A number (or its text), through the debian setting's rule.
impl<'de> serde::Deserialize<'de> for DebianChoice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = number_or_word(deserializer, "a Debian release is a number, such as 13")?;
        validate::debian(&text)
            .map(DebianChoice)
            .map_err(serde::de::Error::custom)
    }
}

/// A setting godock.toml may write as a number or as a string, as text for
/// the setting's one validation rule; `expected` says what it should be
/// when it is neither.
fn number_or_word<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    expected: &str,
) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Written {
        Number(i64),
        Word(String),
    }
    match serde::Deserialize::deserialize(deserializer) {
        Ok(Written::Number(number)) => Ok(number.to_string()),
        Ok(Written::Word(word)) => Ok(word),
        Err(_) => Err(serde::de::Error::custom(expected)),
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
    pub(super) fn load(value: String, source: Source, project: &Path) -> Result<PresetSetting> {
        let (load, reference) = preset_paths(value, source, project);
        Ok(PresetSetting {
            preset: Preset::load(&load)?,
            reference,
        })
    }
}

/// Where to load a preset named by `value` from, and how godock.toml refers
/// to it.
pub(super) fn preset_paths(value: String, source: Source, project: &Path) -> (String, String) {
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
