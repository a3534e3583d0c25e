//! The user's choices, resolved in one place with one precedence:
//! a flag, then godock.toml, then the environment (`GODOCK_*`). What the scan
//! detects and what the preset defaults to come after these, in the plan; the
//! wizard asks last, and only for what nothing above answered.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::preset::Preset;

pub const CONFIG_FILE: &str = "godock.toml";

/// The extra files godock writes when asked to (`outputs` in godock.toml,
/// `--output`), with what each one is.
pub const OUTPUTS: [(&str, &str); 2] = [
    (
        "compose",
        "compose.yaml: runs the primary binary with `docker compose up --build`",
    ),
    (
        "github-actions",
        ".github/workflows/docker.yml: builds the images on every push",
    ),
];

/// The environment variables godock reads, and the godock.toml key each sets.
/// Lists (binaries, platforms, tags, outputs) are separated by commas; an
/// empty variable counts as unset.
pub const ENVIRONMENT: [(&str, &str); 12] = [
    ("GODOCK_PRESET", "preset"),
    ("GODOCK_BINARIES", "binaries"),
    ("GODOCK_PRIMARY", "primary"),
    ("GODOCK_PORT", "port"),
    ("GODOCK_GO_VERSION", "go_version"),
    ("GODOCK_SYNTAX", "syntax"),
    ("GODOCK_IMAGE", "image"),
    ("GODOCK_REGISTRY", "registry"),
    ("GODOCK_PLATFORMS", "platforms"),
    ("GODOCK_TAGS", "tags"),
    ("GODOCK_LDFLAGS", "ldflags"),
    ("GODOCK_OUTPUTS", "outputs"),
];

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
    /// Build tags for every binary, beside the preset's.
    pub tags: Option<Vec<String>>,
    /// `-ldflags` for every binary, after godock's own.
    pub ldflags: Option<String>,
    /// Extra files to write: names from [`OUTPUTS`].
    pub outputs: Option<Vec<String>>,
    /// The module's directory relative to godock.toml, when it is not there.
    pub module: Option<String>,
}

/// godock.toml as read: the choices, and the user's text of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub config: Config,
    pub text: String,
}

/// Where the values [`Config::load`] checks beyond their types sit in the text.
#[derive(Deserialize)]
struct Located {
    preset: Option<toml::Spanned<String>>,
    port: Option<toml::Spanned<u16>>,
    go_version: Option<toml::Spanned<String>>,
    tags: Option<Vec<toml::Spanned<String>>>,
    ldflags: Option<toml::Spanned<String>>,
    outputs: Option<Vec<toml::Spanned<String>>>,
}

impl Config {
    /// Reads `godock.toml` in `directory`; no file means no choices yet. An
    /// unknown key, a wrong type or a value godock cannot use is an error
    /// naming the line and the valid choices.
    pub fn load(directory: &Path) -> Result<Option<LoadedConfig>> {
        let path = directory.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
        };
        let invalid = |message: String| Error::ConfigInvalid {
            path: path.clone(),
            message,
        };
        let config = toml::from_str(&text)
            .map_err(|error| invalid(crate::preset::toml_message(&error, &text)))?;
        let located: Located = toml::from_str(&text)
            .map_err(|error| invalid(crate::preset::toml_message(&error, &text)))?;
        let at = |span: std::ops::Range<usize>, message: String| {
            let line = text
                .get(..span.start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            invalid(format!("line {line}: {message}"))
        };
        if let Some(preset) = &located.preset {
            check_preset(preset.get_ref()).map_err(|message| at(preset.span(), message))?;
        }
        if let Some(port) = &located.port {
            check_port(*port.get_ref()).map_err(|message| at(port.span(), message))?;
        }
        if let Some(version) = &located.go_version {
            check_go_version(version.get_ref()).map_err(|message| at(version.span(), message))?;
        }
        for tag in located.tags.iter().flatten() {
            check_tag(tag.get_ref()).map_err(|message| at(tag.span(), message))?;
        }
        if let Some(ldflags) = &located.ldflags {
            check_ldflags(ldflags.get_ref()).map_err(|message| at(ldflags.span(), message))?;
        }
        for output in located.outputs.iter().flatten() {
            check_output(output.get_ref()).map_err(|message| at(output.span(), message))?;
        }
        Ok(Some(LoadedConfig { config, text }))
    }
}

/// A built-in preset's name, or a preset file.
fn check_preset(value: &str) -> Result<(), String> {
    let names = Preset::built_in_names();
    if Preset::is_file_reference(value) || names.iter().any(|name| name == value) {
        Ok(())
    } else {
        Err(format!(
            "unknown preset `{value}`; the built-in presets are {}, or a path to a preset file ending in .toml",
            names.join(", ")
        ))
    }
}

fn check_port(port: u16) -> Result<(), String> {
    if port == 0 {
        Err("port 0 is not a port; use 1 to 65535".to_string())
    } else {
        Ok(())
    }
}

fn check_go_version(version: &str) -> Result<(), String> {
    if crate::go::version::is_release(version) {
        Ok(())
    } else {
        Err(format!(
            "go_version `{version}` is not a Go release such as 1.23, 1.23.4 or 1.24rc1"
        ))
    }
}

/// Letters, digits, `_` and `.`: what `go build -tags` accepts.
pub fn check_tag(tag: &str) -> Result<(), String> {
    if crate::preset::is_build_tag(tag) {
        Ok(())
    } else {
        Err(format!(
            "`{tag}` is not a Go build tag (letters, digits, `_` and `.`)"
        ))
    }
}

/// Extra `-ldflags` go inside double quotes in the Dockerfile and the
/// Makefile, and `${...}` is how godock feeds its own version variables.
pub fn check_ldflags(ldflags: &str) -> Result<(), String> {
    match ldflags
        .chars()
        .find(|c| matches!(c, '"' | '\'' | '`' | '\\' | '$' | '{' | '}' | '\n' | '\r'))
    {
        Some(c) => Err(format!(
            "ldflags `{}` contains {c:?}: quotes, backslashes, `$`, braces and line breaks cannot be passed through the Dockerfile and the Makefile",
            ldflags.escape_debug()
        )),
        None => Ok(()),
    }
}

pub fn check_output(output: &str) -> Result<(), String> {
    if OUTPUTS.iter().any(|(name, _)| *name == output) {
        Ok(())
    } else {
        Err(format!(
            "unknown output `{output}`; the outputs are {}",
            OUTPUTS
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// `GODOCK_*` variables, read by the command layer and handed to
/// [`Settings::resolve`], which stays a pure function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    variables: BTreeMap<String, String>,
}

impl Environment {
    /// The variables in [`ENVIRONMENT`] that this process has, non-empty.
    pub fn from_process() -> Environment {
        Environment::from_pairs(ENVIRONMENT.iter().filter_map(|(name, _)| {
            std::env::var(name)
                .ok()
                .map(|value| (name.to_string(), value))
        }))
    }

    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Environment {
        Environment {
            variables: pairs
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .filter(|(_, value)| !value.trim().is_empty())
                .collect(),
        }
    }

    /// The value of the variable that sets `key`, through `parse`.
    fn value<T>(&self, key: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>> {
        let Some((variable, _)) = ENVIRONMENT.iter().find(|(_, setting)| *setting == key) else {
            return Ok(None);
        };
        match self.variables.get(*variable) {
            None => Ok(None),
            Some(value) => {
                parse(value.trim())
                    .map(Some)
                    .map_err(|message| Error::EnvironmentInvalid {
                        variable: variable.to_string(),
                        message,
                    })
            }
        }
    }

    fn string(
        &self,
        key: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>> {
        self.value(key, |value| check(value).map(|()| value.to_string()))
    }

    /// A comma-separated list, each item checked by `check`; no items is unset.
    fn list(
        &self,
        key: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Option<Vec<String>>> {
        let list = self.value(key, |value| {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| check(item).map(|()| item.to_string()))
                .collect::<Result<Vec<String>, String>>()
        })?;
        Ok(list.filter(|items| !items.is_empty()))
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
    /// A built-in preset by name.
    pub fn built_in(name: &str, source: Source) -> PresetChoice {
        PresetChoice {
            load: name.to_string(),
            reference: name.to_string(),
            source,
        }
    }

    /// A choice made on the command line, in the environment or in
    /// `project`'s godock.toml. Only godock.toml's paths are relative to the
    /// project; the others are relative to the current directory.
    fn new(value: String, source: Source, project: &Path) -> PresetChoice {
        if !Preset::is_file_reference(&value) {
            return PresetChoice::built_in(&value, source);
        }
        match source {
            Source::Flag | Source::Environment | Source::Prompt => {
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
    /// Build tags beside the preset's.
    pub tags: Vec<String>,
    /// `-ldflags` after godock's own.
    pub ldflags: Option<String>,
    /// Extra files to write, from [`OUTPUTS`].
    pub outputs: Vec<String>,
    /// Where each setting the user gave came from, by its godock.toml key.
    /// A key missing here is the plan's to decide (detected or a default), or
    /// the wizard's to ask.
    pub sources: BTreeMap<&'static str, Source>,
    /// The module's directory below the project, when the user chose it.
    pub module: Option<crate::scan::ModuleChoice>,
}

impl Settings {
    /// Whether the user gave `key` already (so the wizard must not ask it).
    pub fn given(&self, key: &str) -> bool {
        self.sources.contains_key(key)
    }
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
    pub platforms: Vec<String>,
    pub tags: Vec<String>,
    /// `--no-tags`: no extra tags, over godock.toml and the environment.
    pub no_tags: bool,
    pub ldflags: Option<String>,
    pub outputs: Vec<String>,
    /// `--no-outputs`: no extra files, over godock.toml and the environment.
    pub no_outputs: bool,
    pub module: Option<String>,
}

/// The first of a flag, godock.toml and the environment that has a value,
/// recording where it came from under `key`.
fn pick<T>(
    sources: &mut BTreeMap<&'static str, Source>,
    key: &'static str,
    flag: Option<T>,
    config: Option<T>,
    environment: Option<T>,
) -> Option<T> {
    let (value, source) = flag
        .map(|value| (value, Source::Flag))
        .or_else(|| config.map(|value| (value, Source::Config)))
        .or_else(|| environment.map(|value| (value, Source::Environment)))?;
    sources.insert(key, source);
    Some(value)
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

/// A flag's value checked like godock.toml's, with the flag named.
fn check_flag(flag: &str, value: &str, check: impl Fn(&str) -> Result<(), String>) -> Result<()> {
    check(value).map_err(|message| Error::Other(format!("{flag}: {message}")))
}

impl Settings {
    /// The one precedence: a flag beats godock.toml, which beats the
    /// environment; what none of them sets is left to the plan (detected,
    /// then the preset's default) or to the wizard. Pure: the caller reads
    /// godock.toml and the environment.
    pub fn resolve(
        flags: Flags,
        config: Config,
        environment: &Environment,
        project: &Path,
    ) -> Result<Settings> {
        crate::stage::entered(crate::stage::Stage::Resolve);
        for tag in &flags.tags {
            check_flag("--tag", tag, check_tag)?;
        }
        if let Some(ldflags) = &flags.ldflags {
            check_flag("--ldflags", ldflags, check_ldflags)?;
        }
        for output in &flags.outputs {
            check_flag("--output", output, check_output)?;
        }
        let no_check = |_: &str| Ok(());
        let mut sources = BTreeMap::new();
        let preset = pick(
            &mut sources,
            "preset",
            flags.preset,
            config.preset,
            environment.string("preset", check_preset)?,
        );
        let preset = preset.map(|value| PresetChoice::new(value, sources["preset"], project));
        let go_version = pick(
            &mut sources,
            "go_version",
            flags.go_version,
            config.go_version,
            environment.string("go_version", check_go_version)?,
        )
        .map(|version| (version, sources["go_version"]));
        let syntax = pick(
            &mut sources,
            "syntax",
            flags.no_syntax.then_some(false),
            config.syntax,
            environment.value("syntax", |value| match value {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(format!("`{value}` is not true or false")),
            })?,
        )
        .unwrap_or(true);
        let port = pick(
            &mut sources,
            "port",
            flags.port,
            config.port,
            environment.value("port", |value| {
                value
                    .parse::<u16>()
                    .ok()
                    .filter(|port| *port > 0)
                    .ok_or_else(|| format!("`{value}` is not a port (1 to 65535)"))
            })?,
        );
        Ok(Settings {
            preset,
            binaries: pick(
                &mut sources,
                "binaries",
                non_empty(flags.binaries),
                config.binaries,
                environment.list("binaries", no_check)?,
            )
            .unwrap_or_default(),
            primary: pick(
                &mut sources,
                "primary",
                flags.primary,
                config.primary,
                environment.string("primary", no_check)?,
            ),
            port,
            go_version,
            syntax,
            image: pick(
                &mut sources,
                "image",
                flags.image,
                config.image,
                environment.string("image", no_check)?,
            ),
            registry: pick(
                &mut sources,
                "registry",
                flags.registry,
                config.registry,
                environment.string("registry", no_check)?,
            ),
            platforms: pick(
                &mut sources,
                "platforms",
                non_empty(flags.platforms),
                config.platforms,
                environment.list("platforms", no_check)?,
            )
            .unwrap_or_default(),
            tags: pick(
                &mut sources,
                "tags",
                cleared_or_given(flags.no_tags, flags.tags),
                config.tags,
                environment.list("tags", check_tag)?,
            )
            .unwrap_or_default(),
            ldflags: pick(
                &mut sources,
                "ldflags",
                flags.ldflags,
                config.ldflags,
                environment.string("ldflags", check_ldflags)?,
            ),
            outputs: pick(
                &mut sources,
                "outputs",
                cleared_or_given(flags.no_outputs, flags.outputs),
                config.outputs,
                environment.list("outputs", check_output)?,
            )
            .unwrap_or_default(),
            module: module_choice(flags.module, config.module),
            sources,
        })
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

    fn resolve(flags: Flags, config: Config, environment: &[(&str, &str)]) -> Result<Settings> {
        Settings::resolve(
            flags,
            config,
            &Environment::from_pairs(environment.iter().copied()),
            Path::new("."),
        )
    }

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
        let settings = resolve(flags, config, &[]).unwrap();
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
    fn one_precedence_flag_then_config_then_environment() {
        let environment = [
            ("GODOCK_PRESET", "alpine"),
            ("GODOCK_PORT", "7000"),
            ("GODOCK_IMAGE", "from-env"),
            ("GODOCK_TAGS", "netgo, osusergo"),
            ("GODOCK_OUTPUTS", "compose"),
            ("GODOCK_LDFLAGS", "-X main.edition=oss"),
        ];
        let flags = Flags {
            preset: Some("scratch".into()),
            ..Flags::default()
        };
        let config = Config {
            preset: Some("debug".into()),
            port: Some(8080),
            ..Config::default()
        };
        let settings = resolve(flags, config, &environment).unwrap();
        assert_eq!(settings.preset.unwrap().load, "scratch");
        assert_eq!(settings.port, Some(8080));
        assert_eq!(settings.image.as_deref(), Some("from-env"));
        assert_eq!(settings.tags, vec!["netgo", "osusergo"]);
        assert_eq!(settings.outputs, vec!["compose"]);
        assert_eq!(settings.ldflags.as_deref(), Some("-X main.edition=oss"));
        let sources: Vec<(&str, Source)> = settings.sources.into_iter().collect();
        assert_eq!(
            sources,
            vec![
                ("image", Source::Environment),
                ("ldflags", Source::Environment),
                ("outputs", Source::Environment),
                ("port", Source::Config),
                ("preset", Source::Flag),
                ("tags", Source::Environment),
            ]
        );
    }

    #[test]
    fn no_outputs_and_no_tags_clear_what_godock_toml_and_the_environment_list() {
        let config = Config {
            outputs: Some(vec!["compose".into()]),
            tags: Some(vec!["netgo".into()]),
            ..Config::default()
        };
        let environment = [
            ("GODOCK_OUTPUTS", "github-actions"),
            ("GODOCK_TAGS", "osusergo"),
        ];
        let cleared = Flags {
            no_outputs: true,
            no_tags: true,
            ..Flags::default()
        };
        let settings = resolve(cleared.clone(), config.clone(), &environment).unwrap();
        assert!(settings.outputs.is_empty() && settings.tags.is_empty());
        // A choice made by a flag: the wizard does not ask it again.
        assert_eq!(settings.sources["outputs"], Source::Flag);
        assert_eq!(settings.sources["tags"], Source::Flag);
        let settings = resolve(cleared, Config::default(), &environment).unwrap();
        assert!(settings.outputs.is_empty() && settings.tags.is_empty());
        // Without them, godock.toml's lists stand.
        let settings = resolve(Flags::default(), config, &environment).unwrap();
        assert_eq!(settings.outputs, ["compose"]);
        assert_eq!(settings.tags, ["netgo"]);
    }

    #[test]
    fn nothing_given_leaves_every_setting_to_the_plan() {
        let settings = resolve(Flags::default(), Config::default(), &[]).unwrap();
        assert!(settings.sources.is_empty());
        assert!(settings.syntax);
        assert_eq!(
            settings,
            Settings {
                syntax: true,
                ..Settings::default()
            }
        );
        // Empty variables are unset, not empty choices.
        let settings = resolve(
            Flags::default(),
            Config::default(),
            &[("GODOCK_PORT", " "), ("GODOCK_TAGS", " , ")],
        );
        assert!(settings.unwrap().sources.is_empty());
    }

    #[test]
    fn bad_environment_values_name_the_variable() {
        for (variable, value, expected) in [
            ("GODOCK_PORT", "abc", "`abc` is not a port"),
            ("GODOCK_PORT", "0", "not a port"),
            (
                "GODOCK_PRESET",
                "tiny",
                "distroless, distroless-cgo, scratch",
            ),
            (
                "GODOCK_OUTPUTS",
                "compose,helm",
                "the outputs are compose, github-actions",
            ),
            ("GODOCK_TAGS", "a-b", "not a Go build tag"),
            ("GODOCK_LDFLAGS", "-X main.v=$(x)", "contains '$'"),
            ("GODOCK_SYNTAX", "maybe", "not true or false"),
            ("GODOCK_GO_VERSION", "latest", "not a Go release"),
        ] {
            let error = resolve(Flags::default(), Config::default(), &[(variable, value)])
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(variable), "{error}");
            assert!(error.contains(expected), "{variable}: {error}");
        }
    }

    #[test]
    fn bad_flag_values_name_the_flag() {
        let flags = Flags {
            tags: vec!["ok".into(), "not ok".into()],
            ..Flags::default()
        };
        let error = resolve(flags, Config::default(), &[])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("--tag: `not ok`"), "{error}");
    }

    #[test]
    fn module_comes_from_the_flag_then_the_config_file() {
        let config = Config {
            module: Some("services/api".into()),
            ..Config::default()
        };
        let from_config = resolve(Flags::default(), config.clone(), &[])
            .unwrap()
            .module;
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
        let from_flag = resolve(flags, config, &[]).unwrap().module.unwrap();
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
        assert!(!resolve(flags, config, &[]).unwrap().syntax);
        let from_environment = resolve(
            Flags::default(),
            Config::default(),
            &[("GODOCK_SYNTAX", "false")],
        );
        assert!(!from_environment.unwrap().syntax);
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

    fn load(text: &str) -> Result<Option<LoadedConfig>> {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join(CONFIG_FILE), text).unwrap();
        Config::load(directory.path())
    }

    #[test]
    fn config_errors_name_the_file_line_and_the_key() {
        let error = load("preset = \"scratch\"\nbinarys = [\"api\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("godock.toml: line 2: unknown field `binarys`"),
            "{error}"
        );
        assert!(error.contains("binaries"), "{error}");
        assert!(error.contains("outputs"), "{error}");
    }

    #[test]
    fn config_type_errors_name_the_line() {
        let error = load("\nport = \"eighty\"\n").unwrap_err().to_string();
        assert!(error.contains("godock.toml: line 2:"), "{error}");
    }

    #[test]
    fn config_values_are_checked_with_their_line_and_the_choices() {
        for (text, expected) in [
            (
                "port = 80\npreset = \"tiny\"\n",
                "godock.toml: line 2: unknown preset `tiny`; the built-in presets are distroless, distroless-cgo, scratch, alpine, debug",
            ),
            (
                "outputs = [\n  \"compose\",\n  \"helm\",\n]\n",
                "godock.toml: line 3: unknown output `helm`; the outputs are compose, github-actions",
            ),
            ("\n\ntags = [\"a b\"]\n", "godock.toml: line 3: `a b` is not a Go build tag"),
            ("ldflags = \"-X 'a=b'\"\n", "godock.toml: line 1: ldflags"),
            ("port = 0\n", "godock.toml: line 1: port 0"),
            ("go_version = \"1.x\"\n", "godock.toml: line 1: go_version `1.x`"),
        ] {
            let error = load(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn the_readme_example_loads() {
        let readme = include_str!("../README.md");
        let section = &readme[readme.find("### godock.toml").unwrap()..];
        let start = section.find("```toml\n").unwrap() + "```toml\n".len();
        let example = &section[start..start + section[start..].find("```").unwrap()];
        let config = load(example).unwrap().unwrap().config;
        assert_eq!(config.outputs.unwrap(), ["compose", "github-actions"]);
        assert_eq!(config.ldflags.as_deref(), Some("-X main.edition=oss"));
    }

    #[test]
    fn a_full_config_loads() {
        let loaded = load(
            "preset = \"scratch\"\ntags = [\"netgo\"]\nldflags = \"-X main.edition=oss\"\noutputs = [\"compose\", \"github-actions\"]\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(loaded.config.tags, Some(vec!["netgo".to_string()]));
        assert_eq!(loaded.config.outputs.map(|outputs| outputs.len()), Some(2));
    }
}
