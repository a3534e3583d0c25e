//! godock.toml: the choices that make a later run reproduce this one, read
//! once from where the files go. An unknown key, a wrong type or a value
//! that fails its setting's rule is an error naming the file, the line and
//! what would fit.
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{DebianChoice, PortChoice, Setting};
use crate::error::{toml_message, Error, Result};

pub const CONFIG_FILE: &str = "godock.toml";

/// godock.toml's keys, each a [`Setting`] but `module`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub preset: Option<String>,
    pub binaries: Option<Vec<String>>,
    pub primary: Option<String>,
    /// A port, or `"none"`: checked by the port setting's rule as it is read.
    pub port: Option<PortChoice>,
    pub go_version: Option<String>,
    /// The Debian release of the presets' images: checked by its rule as it is read.
    pub debian: Option<DebianChoice>,
    pub syntax: Option<bool>,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub platforms: Option<Vec<String>>,
    /// Build tags for every binary, beside the preset's.
    pub tags: Option<Vec<String>>,
    /// `-ldflags` for every binary, after godock's own.
    pub ldflags: Option<String>,
    /// Module path patterns of private modules (GOPRIVATE's syntax).
    pub private: Option<Vec<String>>,
    /// Extra files to write.
    pub outputs: Option<Vec<String>>,
    /// The module's directory relative to godock.toml, when it is not there.
    pub module: Option<String>,
    /// Where godock's Dockerfile goes (beside the user's own).
    pub dockerfile: Option<String>,
    /// Where godock's Make targets go (beside the user's own Makefile).
    pub makefile: Option<String>,
    /// Whether the user's Makefile carries godock's include block.
    pub makefile_include: Option<bool>,
    /// Whether the user's .dockerignore carries godock's block.
    pub dockerignore_block: Option<bool>,
    /// Whether a Node stage builds the front ends embeds need.
    pub frontend: Option<bool>,
}

/// godock.toml as read: the choices, and the user's text of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub config: Config,
    pub text: String,
}

/// Where the values the settings' rules check sit in the text.
#[derive(Deserialize)]
struct Located {
    preset: Option<toml::Spanned<String>>,
    binaries: Option<Vec<toml::Spanned<String>>>,
    primary: Option<toml::Spanned<String>>,
    go_version: Option<toml::Spanned<String>>,
    image: Option<toml::Spanned<String>>,
    registry: Option<toml::Spanned<String>>,
    platforms: Option<Vec<toml::Spanned<String>>>,
    tags: Option<Vec<toml::Spanned<String>>>,
    ldflags: Option<toml::Spanned<String>>,
    private: Option<Vec<toml::Spanned<String>>>,
    outputs: Option<Vec<toml::Spanned<String>>>,
    dockerfile: Option<toml::Spanned<String>>,
    makefile: Option<toml::Spanned<String>>,
}

impl Config {
    /// Reads `godock.toml` in `directory`; no file means no choices yet.
    pub fn load(directory: &Path) -> Result<Option<LoadedConfig>> {
        let path = directory.join(CONFIG_FILE);
        let text = match crate::scan::regular_text(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
        };
        let invalid = |message: String| Error::ConfigInvalid {
            path: path.clone(),
            message,
        };
        let config = toml::from_str(&text).map_err(|error| invalid(toml_message(&error, &text)))?;
        let located: Located =
            toml::from_str(&text).map_err(|error| invalid(toml_message(&error, &text)))?;
        let at = |span: std::ops::Range<usize>, message: String| {
            let line = text
                .get(..span.start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            invalid(format!("line {line}: {message}"))
        };
        let single = [
            (Setting::Preset, located.preset),
            (Setting::Primary, located.primary),
            (Setting::GoVersion, located.go_version),
            (Setting::Image, located.image),
            (Setting::Registry, located.registry),
            (Setting::Ldflags, located.ldflags),
            (Setting::Dockerfile, located.dockerfile),
            (Setting::Makefile, located.makefile),
        ]
        .into_iter()
        .filter_map(|(setting, value)| Some((setting, value?)));
        let lists = [
            (Setting::Binaries, located.binaries),
            (Setting::Platforms, located.platforms),
            (Setting::Tags, located.tags),
            (Setting::Private, located.private),
            (Setting::Outputs, located.outputs),
        ]
        .into_iter()
        .flat_map(|(setting, items)| items.into_iter().flatten().map(move |item| (setting, item)));
        let values = single
            .chain(lists)
            .map(|(setting, value)| (setting, value.span(), value.into_inner()));
        for (setting, span, value) in values {
            setting.check(&value).map_err(|message| at(span, message))?;
        }
        Ok(Some(LoadedConfig { config, text }))
    }
}

/// Whether two godock.toml texts make the same choices.
pub fn same_choices(left: &str, right: &str) -> bool {
    match (
        toml::from_str::<Config>(left),
        toml::from_str::<Config>(right),
    ) {
        (Ok(left), Ok(right)) => left == right,
        _ => false,
    }
}
