//! The table of Go's minor releases (`data/go_releases.toml`, embedded in the
//! binary): when each came out, its newest known patch, and when its security
//! support ends; plus the GODEBUG defaults godock reasons about. Answers
//! "which release is that", "is it supported on this date", "which is the
//! oldest one still supported".
//!
//! Knowledge only: it reads no clock (callers pass the date) and chooses no
//! builder (that is [`crate::plan::go_version`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::date::Date;
use crate::go::version::GoVersion;

const EMBEDDED: &str = include_str!("../../data/go_releases.toml");

/// The releases table, ordered from the oldest minor release to the newest.
#[derive(Clone, Debug)]
pub struct Releases {
    updated: Date,
    releases: Vec<Release>,
    godebug: BTreeMap<String, GodebugDefault>,
}

/// One minor release (`1.26`) and what the table knows about it.
#[derive(Clone, Debug, Serialize)]
pub struct Release {
    /// The minor line, `1.26`.
    pub version: GoVersion,
    pub released: Date,
    /// The newest patch known when the table was updated, `1.26.11`.
    pub latest_patch: GoVersion,
    pub latest_patch_released: Option<Date>,
    /// The first day without security fixes: the day the release two after
    /// this one came out (or is expected to).
    pub support_ends: Date,
    /// Fields that are predictions or disputed dates rather than checked facts.
    pub estimated: Vec<Field>,
}

/// A field of a [`Release`] the table may mark as estimated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Released,
    LatestPatchReleased,
    SupportEnds,
}

/// A GODEBUG setting whose default follows the go line: `old` below
/// `changed`, the new default from it on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GodebugDefault {
    pub changed: GoVersion,
    pub old: String,
}

/// Where a release stands on a given date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Support {
    /// Receives security fixes.
    Supported,
    /// No longer receives security fixes, since `since`.
    Ended { since: Date },
    /// In the table, but its release date is after the date asked about.
    NotYetReleased,
    /// Newer than every release in the table (or not a Go 1 release).
    Unknown,
}

/// Why the releases table cannot be used; names the entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the Go releases table is invalid: {problem}")]
pub struct TableError {
    pub problem: String,
}

impl Releases {
    /// The table built into godock. Its validity is a test, so a failure
    /// here is a bug in the data file, not in the user's input.
    pub fn embedded() -> &'static Releases {
        static TABLE: OnceLock<Releases> = OnceLock::new();
        TABLE.get_or_init(|| {
            Releases::from_toml(EMBEDDED)
                .unwrap_or_else(|error| panic!("data/go_releases.toml: {error}"))
        })
    }

    /// Reads and checks a table: releases in ascending order without gaps,
    /// each version a minor line, its latest patch of that line, its dates
    /// in order.
    pub fn from_toml(text: &str) -> Result<Releases, TableError> {
        let raw: raw::Table = toml::from_str(text).map_err(|error| TableError {
            problem: error.message().to_string(),
        })?;
        let problem = |problem: String| TableError { problem };
        let updated = date(&raw.updated, "updated")?;
        let mut releases = Vec::with_capacity(raw.release.len());
        for entry in raw.release {
            let release = entry.into_release()?;
            if let Some(previous) = releases.last() {
                let previous: &Release = previous;
                let expected = (previous.version.major(), previous.version.minor() + 1);
                if (release.version.major(), release.version.minor()) != expected {
                    return Err(problem(format!(
                        "release {} follows {}: releases must be listed in order, one minor release after another",
                        release.version, previous.version
                    )));
                }
            }
            releases.push(release);
        }
        if releases.is_empty() {
            return Err(problem("it lists no release".into()));
        }
        let mut godebug = BTreeMap::new();
        for (name, entry) in raw.godebug {
            let changed = GoVersion::parse(&entry.changed)
                .map_err(|error| problem(format!("godebug.{name}: {error}")))?;
            godebug.insert(
                name,
                GodebugDefault {
                    changed,
                    old: entry.old,
                },
            );
        }
        Ok(Releases {
            updated,
            releases,
            godebug,
        })
    }

    /// The day the table was last brought up to date.
    pub fn updated(&self) -> Date {
        self.updated
    }

    /// Every release, oldest first.
    pub fn all(&self) -> &[Release] {
        &self.releases
    }

    /// The release `version` belongs to (`1.26.6` → the 1.26 entry).
    pub fn release(&self, version: &GoVersion) -> Option<&Release> {
        self.releases
            .iter()
            .find(|release| release.version.same_minor(version))
    }

    /// The newest release in the table.
    pub fn newest(&self) -> &Release {
        self.releases
            .last()
            .expect("from_toml refuses an empty table")
    }

    /// The releases receiving security fixes on `date`, oldest first.
    pub fn supported_on(&self, date: Date) -> impl Iterator<Item = &Release> {
        self.releases
            .iter()
            .filter(move |release| release.is_supported_on(date))
    }

    /// The oldest release still receiving security fixes on `date`; `None`
    /// when the table knows of none (it is older than its estimates reach).
    pub fn oldest_supported(&self, date: Date) -> Option<&Release> {
        self.supported_on(date).next()
    }

    /// Where the release `version` belongs to stands on `date`.
    pub fn support(&self, version: &GoVersion, date: Date) -> Support {
        match self.release(version) {
            None => Support::Unknown,
            Some(release) if date < release.released => Support::NotYetReleased,
            Some(release) if date >= release.support_ends => Support::Ended {
                since: release.support_ends,
            },
            Some(_) => Support::Supported,
        }
    }

    /// Whether the release `version` belongs to receives security fixes on
    /// `date` (false for a release the table does not know).
    pub fn is_supported(&self, version: &GoVersion, date: Date) -> bool {
        self.support(version, date) == Support::Supported
    }

    /// How the GODEBUG setting `name` defaults, if the table records it.
    pub fn godebug_default(&self, name: &str) -> Option<&GodebugDefault> {
        self.godebug.get(name)
    }
}

impl Release {
    pub fn is_supported_on(&self, date: Date) -> bool {
        self.released <= date && date < self.support_ends
    }

    pub fn is_estimated(&self, field: Field) -> bool {
        self.estimated.contains(&field)
    }
}

fn date(value: &toml::value::Datetime, what: &str) -> Result<Date, TableError> {
    Date::from_toml(value).ok_or_else(|| TableError {
        problem: format!("{what}: `{value}` is not a date such as 2026-11-29"),
    })
}

/// The file's shape, before checking.
mod raw {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use toml::value::Datetime;

    use super::{date, Field, Release, TableError};
    use crate::go::version::GoVersion;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Table {
        pub updated: Datetime,
        #[serde(default)]
        pub godebug: BTreeMap<String, Godebug>,
        pub release: Vec<Entry>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Godebug {
        pub changed: String,
        pub old: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Entry {
        version: String,
        released: Datetime,
        latest_patch: String,
        latest_patch_released: Option<Datetime>,
        support_ends: Datetime,
        #[serde(default)]
        estimated: Vec<Field>,
        #[allow(dead_code)] // for readers of the file
        note: Option<String>,
    }

    impl Entry {
        pub fn into_release(self) -> Result<Release, TableError> {
            let name = self.version.clone();
            let problem = |problem: String| TableError {
                problem: format!("release {name}: {problem}"),
            };
            let version =
                GoVersion::parse(&self.version).map_err(|error| problem(error.to_string()))?;
            if !version.is_minor_line() {
                return Err(problem(
                    "`version` must be a minor release such as 1.26".into(),
                ));
            }
            let latest_patch =
                GoVersion::parse(&self.latest_patch).map_err(|error| problem(error.to_string()))?;
            if !latest_patch.same_minor(&version)
                || latest_patch.patch().is_none()
                || latest_patch.prerelease().is_some()
            {
                return Err(problem(format!(
                    "latest_patch {latest_patch} is not a patch release of {version}"
                )));
            }
            let released = date(&self.released, &format!("release {name}: released"))?;
            let support_ends = date(&self.support_ends, &format!("release {name}: support_ends"))?;
            let latest_patch_released = self
                .latest_patch_released
                .as_ref()
                .map(|value| date(value, &format!("release {name}: latest_patch_released")))
                .transpose()?;
            if support_ends <= released {
                return Err(problem("support_ends must come after released".into()));
            }
            if latest_patch_released.is_some_and(|patch| patch < released) {
                return Err(problem(
                    "latest_patch_released cannot come before released".into(),
                ));
            }
            Ok(Release {
                version,
                released,
                latest_patch,
                latest_patch_released,
                support_ends,
                estimated: self.estimated,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn version(text: &str) -> GoVersion {
        GoVersion::parse(text).unwrap()
    }

    #[test]
    fn the_embedded_table_is_valid_and_spans_go_1_0_to_1_27() {
        let table = Releases::embedded();
        assert_eq!(table.all().first().unwrap().version.to_string(), "1.0");
        assert_eq!(table.newest().version.to_string(), "1.27");
        assert_eq!(table.updated(), day("2026-11-29"));
        assert_eq!(table.newest().latest_patch.to_string(), "1.27.4");
    }

    /// Go supports the two newest minor releases: each entry's support ends
    /// when the release two after it comes out. A stored date that disagrees
    /// is a mistake in the data (1.19's last security release came after Go
    /// 1.21.0; its entry keeps the policy's date and says so in a note).
    #[test]
    fn godock_version_shows_the_tables_date() {
        let updated = Releases::embedded().updated().to_string();
        assert!(
            crate::cli::VERSION.ends_with(&format!(" (Go releases table of {updated})")),
            "{}",
            crate::cli::VERSION
        );
    }

    #[test]
    fn support_ends_when_the_release_two_after_comes_out() {
        let releases = Releases::embedded().all();
        for pair in releases.windows(3) {
            assert_eq!(
                pair[0].support_ends, pair[2].released,
                "release {}",
                pair[0].version
            );
        }
        for release in releases {
            let estimated = release.is_estimated(Field::SupportEnds);
            assert_eq!(
                estimated,
                release.support_ends > Releases::embedded().updated(),
                "release {}: a support end after the table's date is a prediction, and only that",
                release.version
            );
        }
    }

    #[test]
    fn support_on_a_date() {
        let table = Releases::embedded();
        let today = day("2026-11-29");
        let supported: Vec<String> = table
            .supported_on(today)
            .map(|release| release.version.to_string())
            .collect();
        assert_eq!(supported, ["1.26", "1.27"]);
        assert_eq!(
            table.oldest_supported(today).unwrap().version,
            version("1.26")
        );
        // Go 1.25 ended the day Go 1.27.0 came out.
        assert!(table.is_supported(&version("1.25.3"), day("2026-08-18")));
        assert_eq!(
            table.support(&version("1.25"), day("2026-08-19")),
            Support::Ended {
                since: day("2026-08-19")
            }
        );
        assert_eq!(
            table.support(&version("1.27.0"), day("2026-05-01")),
            Support::NotYetReleased
        );
        assert_eq!(table.support(&version("1.28"), today), Support::Unknown);
        assert!(!table.is_supported(&version("1.17"), today));
        assert_eq!(
            table.release(&version("1.26.6")).unwrap().latest_patch,
            version("1.26.11")
        );
        // Past every estimate, the table knows no supported release.
        assert!(table.oldest_supported(day("2028-01-01")).is_none());
    }

    #[test]
    fn the_godebug_defaults_godock_needs_are_recorded() {
        let table = Releases::embedded();
        for name in ["containermaxprocs", "updatemaxprocs"] {
            let setting = table.godebug_default(name).unwrap();
            assert_eq!(setting.changed, version("1.25"));
            assert_eq!(setting.old, "0");
        }
    }

    #[test]
    fn a_broken_table_is_refused_with_the_entry_named() {
        let entry = |version: &str, patch: &str, released: &str, ends: &str| {
            format!(
                "[[release]]\nversion = \"{version}\"\nreleased = {released}\nlatest_patch = \"{patch}\"\nsupport_ends = {ends}\n"
            )
        };
        let table = |entries: &[String]| format!("updated = 2026-11-29\n{}", entries.concat());
        let good = entry("1.26", "1.26.1", "2026-02-10", "2027-02-09");
        assert!(Releases::from_toml(&table(std::slice::from_ref(&good))).is_ok());
        for (text, problem) in [
            (table(&[]), "missing field `release`"),
            (
                table(&[entry("1.26.0", "1.26.1", "2026-02-10", "2027-02-09")]),
                "release 1.26.0: `version` must be a minor release",
            ),
            (
                table(&[entry("1.26", "1.25.1", "2026-02-10", "2027-02-09")]),
                "latest_patch 1.25.1 is not a patch release of 1.26",
            ),
            (
                table(&[entry("1.26", "1.26.1", "2026-02-10", "2026-02-10")]),
                "support_ends must come after released",
            ),
            (
                table(&[
                    good.clone(),
                    entry("1.25", "1.25.1", "2025-08-12", "2026-08-19"),
                ]),
                "release 1.25 follows 1.26",
            ),
            (
                table(&[entry(
                    "1.26",
                    "1.26.1",
                    "2026-02-10T00:00:00Z",
                    "2027-02-09",
                )]),
                "is not a date",
            ),
            (
                format!("{}colour = \"blue\"\n", table(std::slice::from_ref(&good))),
                "unknown field `colour`",
            ),
        ] {
            let error = Releases::from_toml(&text).unwrap_err().to_string();
            assert!(error.contains(problem), "{error}\nexpected: {problem}");
        }
    }
}
