//! The flags as clap read them, checked by the same rules as every other
//! source; an error names the flag.
use super::Setting;
use crate::error::{Error, Result};

/// What the flags said; every field optional so that godock.toml can fill it.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub preset: Option<String>,
    pub binaries: Vec<String>,
    pub primary: Option<String>,
    pub port: Option<String>,
    /// `--no-port`: no EXPOSE, over godock.toml and the environment.
    pub no_port: bool,
    pub go_version: Option<String>,
    pub debian: Option<String>,
    pub no_syntax: bool,
    pub image: Option<String>,
    pub registry: Option<String>,
    pub platforms: Vec<String>,
    pub tags: Vec<String>,
    /// `--no-tags`: no extra tags, over godock.toml and the environment.
    pub no_tags: bool,
    pub ldflags: Option<String>,
    pub private: Vec<String>,
    pub outputs: Vec<String>,
    /// `--no-outputs`: no extra files, over godock.toml and the environment.
    pub no_outputs: bool,
    pub module: Option<String>,
    pub dockerfile: Option<String>,
    pub makefile: Option<String>,
    /// `--makefile-include`: add the include line to the user's Makefile.
    pub makefile_include: bool,
    /// `--dockerignore-block`: append godock's block to the user's .dockerignore.
    pub dockerignore_block: bool,
    /// `--frontend`/`--no-frontend`: the Node stage on or off.
    pub frontend: Option<bool>,
}

impl Flags {
    /// Every value given, through its setting's rule; an error names the
    /// flag. (`--port`'s rule reads the number too: see [`super::Settings::resolve`].)
    pub(super) fn check(&self) -> Result<()> {
        let single = [
            (Setting::Preset, &self.preset),
            (Setting::Primary, &self.primary),
            (Setting::GoVersion, &self.go_version),
            (Setting::Debian, &self.debian),
            (Setting::Image, &self.image),
            (Setting::Registry, &self.registry),
            (Setting::Ldflags, &self.ldflags),
            (Setting::Dockerfile, &self.dockerfile),
            (Setting::Makefile, &self.makefile),
        ];
        let single = single
            .into_iter()
            .filter_map(|(setting, value)| Some((setting, value.as_deref()?)));
        let lists = [
            (Setting::Binaries, &self.binaries),
            (Setting::Platforms, &self.platforms),
            (Setting::Tags, &self.tags),
            (Setting::Private, &self.private),
            (Setting::Outputs, &self.outputs),
        ];
        let items = lists
            .into_iter()
            .flat_map(|(setting, items)| items.iter().map(move |item| (setting, item.as_str())));
        for (setting, value) in single.chain(items) {
            setting.check(value).map_err(|message| Error::FlagInvalid {
                flag: setting.flag().to_string(),
                message,
            })?;
        }
        Ok(())
    }
}
