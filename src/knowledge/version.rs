//! What godock knows about version stamps, as data: `data/version_stamps.toml`,
//! embedded. Which of a module's own packages may hold the version a build
//! stamps (by package name), and libraries whose variables release builds
//! stamp (`github.com/prometheus/common/version`).
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const TABLE: &str = include_str!("../../data/version_stamps.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Package names (the package clause) of own packages to read for
    /// version declarations, beside package main.
    pub packages: Vec<String>,
    #[serde(rename = "library")]
    pub libraries: Vec<Library>,
}

/// A library package whose variables release builds stamp.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Its import path.
    pub package: String,
    pub why: String,
    pub variables: Vec<LibraryVariable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryVariable {
    /// The Go name (`Version`).
    pub variable: String,
    /// What a build feeds it; `None` when no build argument says it.
    pub stamps: Option<Stamped>,
}

/// What a version variable holds, as far as a build is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stamped {
    Version,
    Commit,
    BuildDate,
}

impl Stamped {
    /// What a variable named `name` holds, by its name: `version`;
    /// `commit`, `gitCommit`, `revision`; `date`, `buildDate`, `buildTime`
    /// (either case of the first letter).
    pub fn for_name(name: &str) -> Option<Stamped> {
        let mut chars = name.chars();
        let first = chars.next()?.to_ascii_lowercase();
        let lower_first: String = std::iter::once(first).chain(chars).collect();
        match lower_first.as_str() {
            "version" => Some(Stamped::Version),
            "commit" | "gitCommit" | "revision" => Some(Stamped::Commit),
            "date" | "buildDate" | "buildTime" => Some(Stamped::BuildDate),
            _ => None,
        }
    }
}

pub fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED
        .get_or_init(|| toml::from_str(TABLE).expect("data/version_stamps.toml is valid (tested)"))
}

impl Table {
    /// Whether an own package named `name` may hold a stamped version.
    pub fn reads_package(&self, name: &str) -> bool {
        name == "main" || self.packages.iter().any(|package| package == name)
    }

    pub fn library(&self, import: &str) -> Option<&Library> {
        self.libraries
            .iter()
            .find(|library| library.package == import)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_knows_prometheus_common_version() {
        let table = table();
        assert!(table.reads_package("main"));
        assert!(table.reads_package("version"));
        assert!(!table.reads_package("handlers"));
        let library = table
            .library("github.com/prometheus/common/version")
            .expect("prometheus/common/version is known");
        let stamped: Vec<(&str, Option<Stamped>)> = library
            .variables
            .iter()
            .map(|variable| (variable.variable.as_str(), variable.stamps))
            .collect();
        assert_eq!(
            stamped,
            [
                ("Version", Some(Stamped::Version)),
                ("Revision", Some(Stamped::Commit)),
                ("BuildDate", Some(Stamped::BuildDate)),
                ("Branch", None),
                ("BuildUser", None),
            ]
        );
    }

    #[test]
    fn names_say_what_they_hold() {
        assert_eq!(Stamped::for_name("Version"), Some(Stamped::Version));
        assert_eq!(Stamped::for_name("gitCommit"), Some(Stamped::Commit));
        assert_eq!(Stamped::for_name("GitCommit"), Some(Stamped::Commit));
        assert_eq!(Stamped::for_name("Revision"), Some(Stamped::Commit));
        assert_eq!(Stamped::for_name("BuildTime"), Some(Stamped::BuildDate));
        assert_eq!(Stamped::for_name("versions"), None);
        assert_eq!(Stamped::for_name(""), None);
    }
}
