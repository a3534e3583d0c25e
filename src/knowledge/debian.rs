//! Debian's releases as the presets' images name them (data/debian.toml,
//! embedded): the number distroless uses (`static-debian13`), the codename
//! the golang and debian images use (`1.26-trixie`, `trixie-slim`), which
//! ones still receive updates, and the one presets use by default.
//!
//! Loads the table and reads a release out of an image name; it must not
//! decide which release a project gets (the plan does).
use std::sync::OnceLock;

use serde::Deserialize;

const TABLE: &str = include_str!("../../data/debian.toml");

/// What a preset writes in an image name for the release's number.
pub const RELEASE_PLACEHOLDER: &str = "${DEBIAN_RELEASE}";
/// What a preset writes in an image name for the release's codename.
pub const CODENAME_PLACEHOLDER: &str = "${DEBIAN_CODENAME}";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The release presets use unless the `debian` setting says otherwise.
    pub default: u8,
    pub release: Vec<Release>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub number: u8,
    pub codename: String,
    /// Whether its images still receive security updates.
    pub updated: bool,
    /// Why not, when they do not.
    pub note: Option<String>,
    /// Whether the `debian` setting may choose it.
    #[serde(default = "yes")]
    pub selectable: bool,
}

fn yes() -> bool {
    true
}

impl Table {
    /// The embedded table, parsed once (a test proves it parses).
    pub fn embedded() -> &'static Table {
        static PARSED: OnceLock<Table> = OnceLock::new();
        PARSED.get_or_init(|| {
            toml::from_str(TABLE).unwrap_or_else(|error| panic!("data/debian.toml: {error}"))
        })
    }

    pub fn release(&self, number: u8) -> Option<&Release> {
        self.release.iter().find(|release| release.number == number)
    }

    /// The release presets use by default.
    pub fn default_release(&self) -> &Release {
        self.release(self.default)
            .expect("data/debian.toml's default is one of its releases (tested)")
    }

    /// The releases the `debian` setting may choose, newest first.
    pub fn selectable(&self) -> Vec<u8> {
        self.release
            .iter()
            .filter(|release| release.selectable)
            .map(|release| release.number)
            .collect()
    }

    /// The Debian release an image name (with its tag) says it is built on:
    /// `trixie` of `golang:1.26-trixie`, `12` of `static-debian12`; `None`
    /// when it names none (`scratch`, `alpine:3.22`, `debian:stable-slim`).
    pub fn release_of(&self, image: &str) -> Option<&Release> {
        let image = image.to_ascii_lowercase();
        self.release.iter().find(|release| {
            image.contains(&format!("debian{}", release.number))
                || image.contains(&release.codename)
        })
    }
}

impl Release {
    /// `image` with the release's number and codename in place of the
    /// placeholders.
    pub fn fill(&self, image: &str) -> String {
        image
            .replace(RELEASE_PLACEHOLDER, &self.number.to_string())
            .replace(CODENAME_PLACEHOLDER, &self.codename)
    }

    /// `Debian 13 (trixie)`.
    pub fn describe(&self) -> String {
        format!("Debian {} ({})", self.number, self.codename)
    }
}

/// Whether a preset's image name takes the release from the setting.
pub fn follows_setting(image: &str) -> bool {
    image.contains(RELEASE_PLACEHOLDER) || image.contains(CODENAME_PLACEHOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_its_default_is_updated_and_selectable() {
        let table = Table::embedded();
        let default = table.default_release();
        assert!(default.updated && default.selectable);
        for release in &table.release {
            assert_eq!(release.updated, release.note.is_none(), "{release:?}");
        }
        assert!(table.selectable().contains(&12));
    }

    #[test]
    fn a_release_is_read_from_either_spelling() {
        let table = Table::embedded();
        let number = |image| table.release_of(image).map(|release| release.number);
        assert_eq!(number("golang:1.26-trixie"), Some(13));
        assert_eq!(number("gcr.io/distroless/base-debian12:nonroot"), Some(12));
        assert_eq!(number("debian:bookworm-slim"), Some(12));
        assert_eq!(number("golang:1.26-bullseye"), Some(11));
        assert_eq!(number("gcr.io/distroless/static:nonroot"), None);
        assert_eq!(number("alpine:3.22"), None);
    }

    #[test]
    fn placeholders_take_the_release() {
        let bookworm = Table::embedded().release(12).unwrap();
        assert_eq!(
            bookworm.fill("golang:${GO_VERSION}-${DEBIAN_CODENAME}"),
            "golang:${GO_VERSION}-bookworm"
        );
        assert_eq!(
            bookworm.fill("gcr.io/distroless/cc-debian${DEBIAN_RELEASE}:nonroot"),
            "gcr.io/distroless/cc-debian12:nonroot"
        );
    }
}
