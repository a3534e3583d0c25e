//! The `GODOCK_*` variables: one per setting ([`Setting::variable`]), read
//! from the process by the command layer and handed to
//! [`super::Settings::resolve`]. Lists are separated by commas; an empty
//! variable counts as unset; a bad value is an error naming the variable.
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
        Environment::from_pairs(Setting::ALL.iter().filter_map(|setting| {
            std::env::var(setting.variable())
                .ok()
                .map(|value| (setting.variable(), value))
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

    /// The value of the variable that sets `setting`, through `parse`.
    pub fn value<T>(
        &self,
        setting: Setting,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        let variable = setting.variable();
        match self.variables.get(variable) {
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
