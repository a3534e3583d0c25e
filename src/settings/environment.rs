//! The `GODOCK_*` variables: one per setting ([`Setting::variable`]), read
//! from the process by the command layer and handed to
//! [`super::Settings::resolve`]. Lists are separated by commas; an empty
//! variable counts as unset; a bad value is an error naming the variable.
//!
//! The go command's own `GOPRIVATE` stands in for `GODOCK_PRIVATE` when that
//! is unset: from the process, else from the file `go env -w` writes.
use std::collections::BTreeMap;

use super::Setting;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    variables: BTreeMap<String, String>,
}

impl Environment {
    /// The variables of every setting that this process has, non-empty.
    pub fn from_process() -> Environment {
        let godock = Setting::ALL.iter().filter_map(|setting| {
            std::env::var(setting.variable())
                .ok()
                .map(|value| (setting.variable().to_string(), value))
        });
        let go = std::env::var(GOPRIVATE)
            .ok()
            .map(|value| (GOPRIVATE.to_string(), value))
            .or_else(go_env_file_private);
        Environment::from_pairs(godock.chain(go))
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

    /// The value of the variable that sets `setting`, through `parse`.
    pub fn value<T>(
        &self,
        setting: Setting,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        let found = std::iter::once(setting.variable())
            .chain(stand_ins(setting))
            .find_map(|name| self.variables.get_key_value(name));
        match found {
            None => Ok(None),
            Some((variable, value)) => {
                parse(value.trim())
                    .map(Some)
                    .map_err(|message| Error::EnvironmentInvalid {
                        variable: variable.to_string(),
                        message,
                    })
            }
        }
    }

    /// A value that passes `setting`'s rule.
    pub fn string(&self, setting: Setting) -> Result<Option<String>> {
        self.value(setting, |value| {
            setting.check(value).map(|()| value.to_string())
        })
    }

    /// A comma-separated list, each item through `setting`'s rule; no items
    /// is unset.
    pub fn list(&self, setting: Setting) -> Result<Option<Vec<String>>> {
        let list = self.value(setting, |value| {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| setting.check(item).map(|()| item.to_string()))
                .collect::<std::result::Result<Vec<String>, String>>()
        })?;
        Ok(list.filter(|items| !items.is_empty()))
    }
}

/// The go command's variable whose value `GODOCK_PRIVATE` takes when unset.
const GOPRIVATE: &str = "GOPRIVATE";

/// Where else a setting's value may come from, by the name its errors give:
/// `GOPRIVATE`, as the process has it or as `go env -w` wrote it.
fn stand_ins(setting: Setting) -> impl Iterator<Item = &'static str> {
    let names: &[&'static str] = match setting {
        Setting::Private => &[GOPRIVATE, GO_ENV_FILE_PRIVATE],
        _ => &[],
    };
    names.iter().copied()
}

/// How errors name GOPRIVATE read from the go command's environment file.
const GO_ENV_FILE_PRIVATE: &str = "GOPRIVATE (set with `go env -w`)";

/// GOPRIVATE as `go env -w` wrote it: in `$GOENV`, else in the user's
/// configuration directory's `go/env` (`GOENV=off` turns the file off).
fn go_env_file_private() -> Option<(String, String)> {
    let file = crate::scan::go_command::go_env_file()?;
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("GOPRIVATE="))
        .map(|value| (GO_ENV_FILE_PRIVATE.to_string(), value.to_string()))
}
