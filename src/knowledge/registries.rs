//! The container registries godock must know by name, as data:
//! `data/registries.toml`, embedded. Today only the default registry (the
//! one a reference without a host names), whose API answers at a host other
//! than the one references use.
//!
//! Loads and checks the table; it must not parse image references or speak
//! to a registry (src/registry/ does both).
use std::sync::OnceLock;

use serde::Deserialize;

const TABLE: &str = include_str!("../../data/registries.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registries {
    /// The registry a reference without a host names.
    pub default: DefaultRegistry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRegistry {
    /// The host references use for it.
    pub domain: String,
    /// Other spellings of `domain` that references may use.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Host of its Registry HTTP API v2.
    pub api: String,
    /// The namespace single-component names live in (`debian` →
    /// `library/debian`).
    pub official_namespace: String,
}

impl Registries {
    /// The embedded table, parsed once (a test proves it parses).
    pub fn embedded() -> &'static Registries {
        static PARSED: OnceLock<Registries> = OnceLock::new();
        PARSED.get_or_init(|| {
            toml::from_str(TABLE).unwrap_or_else(|error| panic!("data/registries.toml: {error}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_names_distinct_hosts() {
        let default = &Registries::embedded().default;
        assert!(!default.domain.is_empty() && !default.api.is_empty());
        assert_ne!(default.domain, default.api);
        assert!(!default.aliases.contains(&default.domain));
        assert!(!default.official_namespace.contains('/'));
    }
}
