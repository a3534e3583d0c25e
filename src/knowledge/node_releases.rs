//! Node.js's release lines (data/node_releases.toml, embedded): which are
//! LTS and from when, when each ends, and the codenames a `.nvmrc` may use.
//!
//! Loads and looks up the table; it must not read a project or choose a
//! release for one (the plan does, with the day it is given).
use std::sync::OnceLock;

use serde::Deserialize;
use toml::value::Datetime;

use super::date::Date;

const TABLE: &str = include_str!("../../data/node_releases.toml");

/// One release line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRelease {
    pub major: u32,
    pub codename: Option<String>,
    /// When it became LTS; `None` for the lines that never do.
    pub lts: Option<Date>,
    pub end_of_life: Date,
}

impl NodeRelease {
    /// Whether it is an LTS line still supported on `today`.
    pub fn supported_lts(&self, today: Date) -> bool {
        self.lts.is_some_and(|lts| lts <= today) && today < self.end_of_life
    }

    /// Whether it ships corepack (Node 25 dropped it).
    pub fn ships_corepack(major: u32) -> bool {
        major < 25
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    release: Vec<Row>,
    managers: Managers,
}

/// The package manager releases installed when nothing in the project says.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Managers {
    pub pnpm: String,
    pub yarn_classic: String,
    pub yarn_berry: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    major: u32,
    codename: Option<String>,
    lts: Option<Datetime>,
    end_of_life: Datetime,
}

fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| {
        toml::from_str(TABLE).unwrap_or_else(|error| panic!("data/node_releases.toml: {error}"))
    })
}

/// The package managers' default releases.
pub fn managers() -> &'static Managers {
    &table().managers
}

/// The embedded table, oldest line first (a test proves it parses).
pub fn releases() -> &'static [NodeRelease] {
    static PARSED: OnceLock<Vec<NodeRelease>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let table = table();
        let date = |value: &Datetime| {
            Date::from_toml(value)
                .unwrap_or_else(|| panic!("data/node_releases.toml: {value} is not a date"))
        };
        let mut releases: Vec<NodeRelease> = table
            .release
            .iter()
            .map(|row| NodeRelease {
                major: row.major,
                codename: row.codename.clone(),
                lts: row.lts.as_ref().map(date),
                end_of_life: date(&row.end_of_life),
            })
            .collect();
        releases.sort_by_key(|release| release.major);
        releases
    })
}

/// The newest LTS line supported on `today`, else the newest LTS line.
pub fn current_lts(today: Date) -> &'static NodeRelease {
    let releases = releases();
    releases
        .iter()
        .rev()
        .find(|release| release.supported_lts(today))
        .or_else(|| releases.iter().rev().find(|release| release.lts.is_some()))
        .expect("data/node_releases.toml lists an LTS line")
}

/// The line `lts/NAME` names.
pub fn by_codename(name: &str) -> Option<u32> {
    releases()
        .iter()
        .find(|release| release.codename.as_deref() == Some(name))
        .map(|release| release.major)
}

/// The line of `major`, when the table knows it.
pub fn release(major: u32) -> Option<&'static NodeRelease> {
    releases().iter().find(|release| release.major == major)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_picks_the_lts_of_the_day() {
        assert!(releases()
            .windows(2)
            .all(|pair| pair[0].major < pair[1].major));
        let day = |text| Date::parse(text).unwrap();
        assert_eq!(current_lts(day("2025-01-10")).major, 22);
        assert_eq!(current_lts(day("2026-11-29")).major, 26);
        assert_eq!(by_codename("iron"), Some(20));
        assert!(!release(20).unwrap().supported_lts(day("2026-11-29")));
        assert!(!NodeRelease::ships_corepack(26));
    }
}
