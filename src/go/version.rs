//! Go version strings as Go itself reads them: the `go` line of go.mod and
//! go.work (`1.21`, `1.21.3`, `1.21rc1`), the `toolchain` line (`go1.21.3`,
//! `go1.21.3-bigcorp`, `default`), and a version a user pins (`1.26`,
//! `1.26.6`, `go1.26.6`). Ordering follows Go's `gover.Compare`:
//! `1.21 < 1.21rc1 < 1.21.0 < 1.21.1`, and before Go 1.21 a missing patch is
//! `.0` (`1.17 == 1.17.0`).
//!
//! Pure text → data: no table of releases (that is
//! [`crate::knowledge::go_releases`]), no opinions about which version to
//! build with (that is [`crate::plan::go_version`]).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Go version: `major.minor[.patch]` or `major.minor<kind><n>` (a
/// pre-release such as `1.27rc2`). Go allows no pre-release of a patch
/// release (`1.21.3rc1` is invalid).
#[derive(Clone, Debug)]
pub struct GoVersion {
    major: u64,
    minor: u64,
    patch: Option<u64>,
    prerelease: Option<Prerelease>,
}

/// `rc2` in `1.27rc2`. Go accepts any lower-case kind; the ones it has
/// released are `beta` and `rc`, and they order alphabetically.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Prerelease {
    pub kind: String,
    pub number: u64,
}

/// A go.mod or go.work `toolchain` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Toolchain {
    /// `toolchain default`: no preference beyond the `go` line.
    Default,
    /// `toolchain go1.26.6` (a suffix such as `-bigcorp` is dropped, as Go does).
    Go(GoVersion),
}

/// Why a string is not a Go version; `Display` names the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a Go version: {problem}")]
pub struct VersionError {
    pub input: String,
    pub problem: String,
}

impl GoVersion {
    /// Reads a go.mod/go.work `go` line's version, with Go's rules
    /// (`modfile.GoVersionRE` and `gover.Parse`): `1.26`, `1.26.0`,
    /// `1.27rc2`. Rejects `go1.26`, `1`, `1.026`, `1.22.0-beta`, `1.21.3rc1`.
    pub fn parse(input: &str) -> Result<GoVersion, VersionError> {
        let error = |problem: &str| VersionError {
            input: input.to_string(),
            problem: problem.to_string(),
        };
        let (major, rest) = leading_number(input).map_err(&error)?;
        let rest = rest
            .strip_prefix('.')
            .ok_or_else(|| error("expected major.minor, such as 1.26"))?;
        let (minor, rest) = leading_number(rest).map_err(&error)?;
        if major == 0 {
            return Err(error("the major version cannot be 0"));
        }
        let mut version = GoVersion {
            major,
            minor,
            patch: None,
            prerelease: None,
        };
        if rest.is_empty() {
            return Ok(version);
        }
        if let Some(patch) = rest.strip_prefix('.') {
            let (patch, rest) = leading_number(patch).map_err(&error)?;
            if !rest.is_empty() {
                return Err(error(
                    "nothing may follow the patch number (Go has no pre-releases of patch releases)",
                ));
            }
            version.patch = Some(patch);
            return Ok(version);
        }
        let kind_length = rest
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(rest.len());
        if kind_length == 0 {
            return Err(error(
                "expected .patch or a pre-release such as rc1 after major.minor",
            ));
        }
        let (kind, number) = rest.split_at(kind_length);
        let (number, rest) = leading_number(number).map_err(|_| {
            error("a pre-release needs a number, such as rc1 (Go writes no hyphen)")
        })?;
        if !rest.is_empty() {
            return Err(error("unexpected text after the pre-release number"));
        }
        version.prerelease = Some(Prerelease {
            kind: kind.to_string(),
            number,
        });
        Ok(version)
    }

    /// Reads a `toolchain` line as Go's `gover.FromToolchain` does: `default`,
    /// or `go` + a version, dropping a suffix after `-`, space or tab
    /// (`go1.21.3-bigcorp` → 1.21.3).
    pub fn parse_toolchain(input: &str) -> Result<Toolchain, VersionError> {
        if input == "default" {
            return Ok(Toolchain::Default);
        }
        let error = |problem: &str| VersionError {
            input: input.to_string(),
            problem: problem.to_string(),
        };
        if input.contains(['/', '\\']) {
            return Err(error("a toolchain name cannot contain a path separator"));
        }
        let version = input
            .strip_prefix("go")
            .ok_or_else(|| error("a toolchain is `default` or go1.N.P, such as go1.26.6"))?;
        let version = version.split(['-', ' ', '\t']).next().unwrap_or(version);
        GoVersion::parse(version)
            .map(Toolchain::Go)
            .map_err(|inner| VersionError {
                input: input.to_string(),
                problem: inner.problem,
            })
    }

    /// Reads a version a user chose for the builder (a flag, godock.toml or
    /// the environment): a `go` line's version, optionally written the way a
    /// toolchain is (`go1.26.6`). It must name a minor release, since it
    /// becomes the `golang:<version>` tag.
    pub fn parse_pinned(input: &str) -> Result<GoVersion, VersionError> {
        let trimmed = input.trim();
        let version = trimmed.strip_prefix("go").unwrap_or(trimmed);
        GoVersion::parse(version).map_err(|inner| VersionError {
            input: input.to_string(),
            problem: inner.problem,
        })
    }

    /// The release line this version belongs to: `1.26.6` → `1.26`,
    /// `1.27rc2` → `1.27`. As a golang image tag, `1.26` is the newest patch.
    pub fn minor_line(&self) -> GoVersion {
        GoVersion {
            major: self.major,
            minor: self.minor,
            patch: None,
            prerelease: None,
        }
    }

    pub fn major(&self) -> u64 {
        self.major
    }

    pub fn minor(&self) -> u64 {
        self.minor
    }

    pub fn patch(&self) -> Option<u64> {
        self.patch
    }

    pub fn prerelease(&self) -> Option<&Prerelease> {
        self.prerelease.as_ref()
    }

    /// `1.26`: a whole release line (a language version in go.mod, the
    /// newest patch as an image tag), neither a patch nor a pre-release.
    pub fn is_minor_line(&self) -> bool {
        self.patch.is_none() && self.prerelease.is_none()
    }

    /// Whether this and `other` are releases of the same minor line.
    pub fn same_minor(&self, other: &GoVersion) -> bool {
        (self.major, self.minor) == (other.major, other.minor)
    }

    /// The key `gover.Compare` orders by: a missing patch sorts before `.0`
    /// from Go 1.21 on and equals `.0` before it; no pre-release sorts before
    /// any (`1.21 < 1.21rc1`), and a pre-release before `.0` (`1.21rc1 <
    /// 1.21.0`) because its patch is missing.
    fn key(&self) -> (u64, u64, Option<u64>, Option<&Prerelease>) {
        let patch = match self.patch {
            None if self.prerelease.is_none() && self.minor < 21 => Some(0),
            patch => patch,
        };
        (self.major, self.minor, patch, self.prerelease.as_ref())
    }
}

/// Checks the version of a go.mod or go.work `go` or `toolchain` line
/// (`keyword`) as the go command does, which refuses the file otherwise.
pub fn check_line(value: &str, keyword: &str, line: u32) -> Result<(), super::SyntaxError> {
    let (checked, expected) = if keyword == "toolchain" {
        (
            GoVersion::parse_toolchain(value).map(|_| ()),
            "a toolchain such as go1.26.6, or default",
        )
    } else {
        (
            GoVersion::parse(value).map(|_| ()),
            "a Go release such as 1.26.0, 1.26 or 1.27rc1",
        )
    };
    checked.map_err(|_| super::SyntaxError {
        line,
        message: format!("invalid {keyword} version `{value}`: the go command expects {expected}"),
    })
}

/// The decimal number at the start of `text` (no sign, no leading zero) and
/// what follows it.
fn leading_number(text: &str) -> Result<(u64, &str), &'static str> {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits == 0 {
        return Err("expected a number");
    }
    if digits > 1 && text.starts_with('0') {
        return Err("a number cannot start with 0");
    }
    let number = text[..digits]
        .parse()
        .map_err(|_| "a number is too large")?;
    Ok((number, &text[digits..]))
}

impl PartialEq for GoVersion {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for GoVersion {}

impl PartialOrd for GoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for GoVersion {
    /// As go.mod writes it: `1.26`, `1.26.6`, `1.27rc2` (no `go` prefix).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(patch) = self.patch {
            write!(f, ".{patch}")?;
        }
        if let Some(prerelease) = &self.prerelease {
            write!(f, "{}{}", prerelease.kind, prerelease.number)?;
        }
        Ok(())
    }
}

impl FromStr for GoVersion {
    type Err = VersionError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        GoVersion::parse(input)
    }
}

impl Serialize for GoVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GoVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        GoVersion::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> GoVersion {
        GoVersion::parse(text).unwrap()
    }

    #[test]
    fn go_lines_parse_as_go_reads_them() {
        for text in [
            "1.21",
            "1.21.0",
            "1.26.6",
            "1.27rc2",
            "1.18beta1",
            "1.9",
            "2.0",
        ] {
            assert_eq!(v(text).to_string(), text);
        }
        assert_eq!(v("1.27rc2").prerelease().unwrap().kind, "rc");
        assert_eq!(v("1.27rc2").minor_line().to_string(), "1.27");
        assert_eq!(v("1.26.6").minor_line().to_string(), "1.26");
    }

    #[test]
    fn what_go_rejects_is_rejected_with_the_reason() {
        for (text, problem) in [
            ("", "expected a number"),
            ("1", "expected major.minor"),
            ("go1.26", "expected a number"),
            ("v1.26", "expected a number"),
            ("1.026", "cannot start with 0"),
            ("01.26", "cannot start with 0"),
            ("0.1", "major version cannot be 0"),
            ("1.22.0-beta", "nothing may follow the patch"),
            ("1.21.3rc1", "nothing may follow the patch"),
            ("1.22-beta1", "expected .patch or a pre-release"),
            ("1.27rc", "needs a number"),
            ("1.27RC1", "expected .patch or a pre-release"),
            ("1.27rc1x", "unexpected text"),
            ("1.26.", "expected a number"),
            (" 1.26", "expected a number"),
            ("1.99999999999999999999", "too large"),
        ] {
            let error = GoVersion::parse(text).unwrap_err();
            assert!(
                error.problem.contains(problem),
                "{text:?}: {error} (expected {problem:?})"
            );
            assert_eq!(error.input, text);
        }
    }

    #[test]
    fn versions_order_as_gover_compare_does() {
        let ascending = [
            "1.16",
            "1.17rc1",
            "1.17",
            "1.17.1",
            "1.20.14",
            "1.21",
            "1.21rc1",
            "1.21rc2",
            "1.21.0",
            "1.21.1",
            "1.21.13",
            "1.22beta1",
            "1.22rc1",
            "1.22.0",
            "1.26",
            "1.26.0",
            "1.26.6",
            "1.26.11",
            "1.27",
            "2.0",
        ];
        for pair in ascending.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        // Before Go 1.21 a missing patch is .0; from 1.21 on it is less.
        assert_eq!(v("1.17"), v("1.17.0"));
        assert!(v("1.21") < v("1.21.0"));
        assert!(v("1.10") > v("1.9.7"));
    }

    #[test]
    fn toolchain_lines_drop_the_go_prefix_and_a_custom_suffix() {
        let go = |text: &str| match GoVersion::parse_toolchain(text).unwrap() {
            Toolchain::Go(version) => version.to_string(),
            Toolchain::Default => "default".into(),
        };
        assert_eq!(go("go1.26.6"), "1.26.6");
        assert_eq!(go("go1.21.3-bigcorp"), "1.21.3");
        assert_eq!(go("go1.27rc1"), "1.27rc1");
        assert_eq!(go("default"), "default");
        for bad in ["1.26.6", "go", "go1.26.6/x", "gox", "Default"] {
            assert!(GoVersion::parse_toolchain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pinned_versions_may_carry_a_go_prefix() {
        assert_eq!(
            GoVersion::parse_pinned("go1.26.6").unwrap().to_string(),
            "1.26.6"
        );
        assert_eq!(
            GoVersion::parse_pinned(" 1.26 ").unwrap().to_string(),
            "1.26"
        );
        let error = GoVersion::parse_pinned("1").unwrap_err();
        assert_eq!(error.input, "1");
        assert!(error.to_string().starts_with("`1` is not a Go version"));
    }

    #[test]
    fn versions_round_trip_through_serde_as_strings() {
        let json = serde_json::to_string(&v("1.27rc2")).unwrap();
        assert_eq!(json, "\"1.27rc2\"");
        let back: GoVersion = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v("1.27rc2"));
        assert!(serde_json::from_str::<GoVersion>("\"1.2x\"").is_err());
    }
}
