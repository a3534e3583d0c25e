//! What the Go runtime does with a container's limits, for the files godock
//! writes that set them (Kubernetes manifests, compose):
//!
//! - GOMAXPROCS: from Go 1.25, on Linux, the runtime sizes GOMAXPROCS from
//!   the cgroup's CPU limit and updates it when the limit changes, unless
//!   GOMAXPROCS is set (the environment variable or `runtime.GOMAXPROCS`,
//!   which is what `go.uber.org/automaxprocs` calls). Both behaviours are
//!   the compatibility GODEBUGs `containermaxprocs` and `updatemaxprocs`
//!   (go.dev/doc/godebug): on by default when the main module's go line (the
//!   workspace's go.work line) is 1.25 or later, and changed by `godebug`
//!   lines in go.mod/go.work or `//go:debug` lines in the main package.
//! - GOMEMLIMIT: about 90% of the container's memory limit, in Go's units
//!   (`MiB`), leaving room for memory the Go runtime does not account for.
//!
//! Pure: the releases table says which release changed which default; the
//! caller passes the go line and GODEBUG settings it read.

use serde::Serialize;

use super::go_version::satisfies;
use crate::go::version::{GoVersion, Toolchain};
use crate::knowledge::go_releases::Releases;

/// What the runtime does with a container's CPU limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ContainerCpu {
    /// GOMAXPROCS defaults to the CPU limit (`containermaxprocs`).
    pub sized_from_cpu_limit: bool,
    /// GOMAXPROCS follows changes of the limit (`updatemaxprocs`).
    pub updates_automatically: bool,
}

impl ContainerCpu {
    /// Whether godock must leave GOMAXPROCS unset: setting it (or importing
    /// automaxprocs) would turn the runtime's own sizing and updates off.
    pub fn runtime_sizes_gomaxprocs(self) -> bool {
        self.sized_from_cpu_limit
    }
}

/// How a program built by Go `builder` treats the container's CPU limit,
/// given the go line that sets its GODEBUG defaults (go.work's in a
/// workspace, else the main module's; `None` when there is none, which Go
/// reads as 1.16) and its GODEBUG settings in the order Go applies them: the
/// `godebug` lines of go.mod/go.work, then the main package's `//go:debug`
/// lines, as `(key, value)` (`("default", "go1.24")`,
/// `("containermaxprocs", "0")`). The `GODEBUG` and `GOMAXPROCS` variables
/// of the running container override all of this.
pub fn container_cpu(
    builder: &GoVersion,
    go_line: Option<&GoVersion>,
    godebug: &[(&str, &str)],
    releases: &Releases,
) -> ContainerCpu {
    // A `default=go1.24` setting replaces the go line as the source of
    // defaults; the last one wins, as for any repeated setting.
    let defaults_from = godebug
        .iter()
        .rev()
        .find(|(key, _)| *key == "default")
        .and_then(|(_, value)| GoVersion::parse_toolchain(value).ok())
        .and_then(|toolchain| match toolchain {
            Toolchain::Go(version) => Some(version),
            Toolchain::Default => None,
        })
        .or_else(|| go_line.cloned());
    let enabled = |setting: &str| {
        let Some(default) = releases.godebug_default(setting) else {
            return false;
        };
        if !satisfies(builder, &default.changed) {
            // The toolchain predates the setting: the old behaviour only.
            return false;
        }
        let explicit = godebug
            .iter()
            .rev()
            .find(|(key, _)| *key == setting)
            .map(|(_, value)| *value);
        let value = match explicit {
            Some(value) => value,
            None if defaults_from
                .as_ref()
                .is_some_and(|version| *version >= default.changed) =>
            {
                "1"
            }
            None => default.old.as_str(),
        };
        value != "0"
    };
    ContainerCpu {
        sized_from_cpu_limit: enabled("containermaxprocs"),
        updates_automatically: enabled("updatemaxprocs"),
    }
}

/// How a memory limit is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitSyntax {
    /// A Kubernetes quantity: `512Mi`, `1Gi` (powers of 1024), `256M`, `1G`
    /// (powers of 1000), `1e9`, `1.5Gi`.
    Kubernetes,
    /// Compose's byte values (Docker's `RAMInBytes`): `512m`, `1g`, `1gb`,
    /// `256M`, all powers of 1024, and plain bytes.
    Compose,
}

/// A memory limit that cannot become a GOMEMLIMIT; names the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("memory limit `{input}`: {problem}")]
pub struct MemoryLimitError {
    pub input: String,
    pub problem: String,
}

const MIB: u128 = 1024 * 1024;

/// GOMEMLIMIT for a container limited to `limit`: 90% of it, rounded down
/// to whole MiB (`512Mi` → `460MiB`, Kubernetes' `1G` → `858MiB`).
pub fn gomemlimit(limit: &str, syntax: LimitSyntax) -> Result<String, MemoryLimitError> {
    let bytes = memory_limit_bytes(limit, syntax)?;
    let mebibytes = bytes * 9 / 10 / MIB;
    if mebibytes == 0 {
        return Err(MemoryLimitError {
            input: limit.to_string(),
            problem: "too small for a Go program: 90% of it is less than 1 MiB".into(),
        });
    }
    Ok(format!("{mebibytes}MiB"))
}

/// A memory limit in bytes (Kubernetes rounds a fraction of a byte up).
pub fn memory_limit_bytes(limit: &str, syntax: LimitSyntax) -> Result<u128, MemoryLimitError> {
    let error = |problem: &str| MemoryLimitError {
        input: limit.to_string(),
        problem: problem.to_string(),
    };
    let (bytes, expected) = match syntax {
        LimitSyntax::Kubernetes => (
            kubernetes_bytes(limit),
            "a Kubernetes quantity such as 512Mi or 1G",
        ),
        LimitSyntax::Compose => (
            compose_bytes(limit),
            "a compose byte value such as 512m or 1g",
        ),
    };
    match bytes {
        Some(bytes) if bytes > u128::from(u64::MAX) => Err(error("too large")),
        Some(bytes) => Ok(bytes),
        None => Err(error(&format!("expected {expected}"))),
    }
}

/// A decimal number `12`, `1.5`, `.5`, `5.` as (digits without the point,
/// number of fraction digits) and what follows it.
fn decimal(text: &str) -> Option<(u128, u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return None;
    }
    let digits: String = [whole, fraction].concat();
    let value = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some((value, u32::try_from(fraction.len()).ok()?, rest))
}

/// `value × 10^-scale × multiplier ÷ divisor`, rounded up, or `None` on
/// overflow.
fn scaled(value: u128, scale: u32, multiplier: u128, divisor: u128) -> Option<u128> {
    let numerator = value.checked_mul(multiplier)?;
    let denominator = 10u128.checked_pow(scale)?.checked_mul(divisor)?;
    Some(numerator.div_ceil(denominator))
}

fn kubernetes_bytes(text: &str) -> Option<u128> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let (value, scale, suffix) = decimal(unsigned)?;
    let binary = |power: u32| 1024u128.checked_pow(power);
    let decimal_si = |power: u32| 1000u128.checked_pow(power);
    let (multiplier, divisor) = match suffix {
        "" => (1, 1),
        "m" => (1, 1000),
        "k" => (decimal_si(1)?, 1),
        "M" => (decimal_si(2)?, 1),
        "G" => (decimal_si(3)?, 1),
        "T" => (decimal_si(4)?, 1),
        "P" => (decimal_si(5)?, 1),
        "E" => (decimal_si(6)?, 1),
        "Ki" => (binary(1)?, 1),
        "Mi" => (binary(2)?, 1),
        "Gi" => (binary(3)?, 1),
        "Ti" => (binary(4)?, 1),
        "Pi" => (binary(5)?, 1),
        "Ei" => (binary(6)?, 1),
        exponent => {
            let exponent = exponent
                .strip_prefix('e')
                .or_else(|| exponent.strip_prefix('E'))?;
            let (negative, digits) = match exponent.strip_prefix('-') {
                Some(digits) => (true, digits),
                None => (false, exponent.strip_prefix('+').unwrap_or(exponent)),
            };
            if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            let power = 10u128.checked_pow(digits.parse().ok()?)?;
            if negative {
                (1, power)
            } else {
                (power, 1)
            }
        }
    };
    scaled(value, scale, multiplier, divisor)
}

fn compose_bytes(text: &str) -> Option<u128> {
    let (value, scale, rest) = decimal(text)?;
    if text.starts_with('.') || text[..text.len() - rest.len()].ends_with('.') {
        return None; // Docker wants digits on both sides of the point
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let mut characters = rest.chars().peekable();
    let power = match characters.peek().map(char::to_ascii_lowercase) {
        Some(unit @ ('k' | 'm' | 'g' | 't' | 'p')) => {
            characters.next();
            "kmgtp".find(unit).map(|index| index as u32 + 1)?
        }
        _ => 0,
    };
    if characters
        .peek()
        .is_some_and(|c| c.eq_ignore_ascii_case(&'i'))
    {
        characters.next();
    }
    if characters
        .peek()
        .is_some_and(|c| c.eq_ignore_ascii_case(&'b'))
    {
        characters.next();
    }
    if characters.next().is_some() {
        return None;
    }
    // Docker truncates the fraction of a byte.
    let numerator = value.checked_mul(1024u128.checked_pow(power)?)?;
    Some(numerator / 10u128.checked_pow(scale)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> GoVersion {
        GoVersion::parse(text).unwrap()
    }

    fn cpu(builder: &str, go_line: Option<&str>, godebug: &[(&str, &str)]) -> (bool, bool) {
        let go_line = go_line.map(v);
        let result = container_cpu(&v(builder), go_line.as_ref(), godebug, Releases::embedded());
        (result.sized_from_cpu_limit, result.updates_automatically)
    }

    #[test]
    fn the_runtime_sizes_gomaxprocs_from_go_1_25_go_lines() {
        assert_eq!(cpu("1.26", Some("1.25.0"), &[]), (true, true));
        assert_eq!(cpu("1.26", Some("1.25"), &[]), (true, true));
        assert_eq!(cpu("1.27", Some("1.27.1"), &[]), (true, true));
        // A newer toolchain keeps an older module's behaviour.
        assert_eq!(cpu("1.26", Some("1.24.0"), &[]), (false, false));
        assert_eq!(cpu("1.26", None, &[]), (false, false));
        // A toolchain before 1.25 never does, whatever the go line says.
        assert_eq!(
            cpu("1.24.9", Some("1.24.0"), &[("containermaxprocs", "1")]),
            (false, false)
        );
        // The 1.25 pre-releases had it.
        assert_eq!(cpu("1.25rc1", Some("1.25"), &[]), (true, true));
    }

    #[test]
    fn godebug_settings_override_the_go_line() {
        assert_eq!(
            cpu("1.26", Some("1.26.0"), &[("containermaxprocs", "0")]),
            (false, true)
        );
        assert_eq!(
            cpu("1.26", Some("1.26.0"), &[("updatemaxprocs", "0")]),
            (true, false)
        );
        assert_eq!(
            cpu("1.26", Some("1.24.0"), &[("containermaxprocs", "1")]),
            (true, false)
        );
        // `default=` moves the defaults, and explicit settings still win.
        assert_eq!(
            cpu("1.26", Some("1.26.0"), &[("default", "go1.24")]),
            (false, false)
        );
        assert_eq!(
            cpu("1.26", Some("1.22.0"), &[("default", "go1.25")]),
            (true, true)
        );
        assert_eq!(
            cpu(
                "1.26",
                Some("1.26.0"),
                &[("default", "go1.24"), ("updatemaxprocs", "1")]
            ),
            (false, true)
        );
        // The main package's //go:debug lines come last and win.
        assert_eq!(
            cpu(
                "1.26",
                Some("1.26.0"),
                &[("containermaxprocs", "0"), ("containermaxprocs", "1")]
            ),
            (true, true)
        );
        let cpu = container_cpu(&v("1.26"), Some(&v("1.26.0")), &[], Releases::embedded());
        assert!(cpu.runtime_sizes_gomaxprocs());
    }

    #[test]
    fn gomemlimit_is_ninety_percent_in_mebibytes() {
        for (limit, syntax, expected) in [
            ("512Mi", LimitSyntax::Kubernetes, "460MiB"),
            ("1Gi", LimitSyntax::Kubernetes, "921MiB"),
            ("256M", LimitSyntax::Kubernetes, "219MiB"),
            ("1G", LimitSyntax::Kubernetes, "858MiB"),
            ("1.5Gi", LimitSyntax::Kubernetes, "1382MiB"),
            ("1e9", LimitSyntax::Kubernetes, "858MiB"),
            ("536870912", LimitSyntax::Kubernetes, "460MiB"),
            ("+2Gi", LimitSyntax::Kubernetes, "1843MiB"),
            ("512m", LimitSyntax::Compose, "460MiB"),
            ("256M", LimitSyntax::Compose, "230MiB"),
            ("1g", LimitSyntax::Compose, "921MiB"),
            ("1gb", LimitSyntax::Compose, "921MiB"),
            ("1Gi", LimitSyntax::Compose, "921MiB"),
            ("1gib", LimitSyntax::Compose, "921MiB"),
            ("2048k", LimitSyntax::Compose, "1MiB"),
            ("1.5g", LimitSyntax::Compose, "1382MiB"),
            ("536870912", LimitSyntax::Compose, "460MiB"),
            ("512 MB", LimitSyntax::Compose, "460MiB"),
        ] {
            assert_eq!(
                gomemlimit(limit, syntax).unwrap(),
                expected,
                "{limit} ({syntax:?})"
            );
        }
    }

    #[test]
    fn memory_limits_that_cannot_be_are_refused_with_the_input_named() {
        for (limit, syntax, problem) in [
            (
                "512MB",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            (
                "-1Gi",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            (
                "1 Gi",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            (
                "Mi",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            (
                "1e",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            (
                "1.2.3Gi",
                LimitSyntax::Kubernetes,
                "expected a Kubernetes quantity",
            ),
            ("1Mi", LimitSyntax::Kubernetes, "too small"),
            ("512m", LimitSyntax::Kubernetes, "too small"),
            ("20Ei", LimitSyntax::Kubernetes, "too large"),
            ("1x", LimitSyntax::Compose, "expected a compose byte value"),
            (".5g", LimitSyntax::Compose, "expected a compose byte value"),
            ("1bb", LimitSyntax::Compose, "expected a compose byte value"),
            ("", LimitSyntax::Compose, "expected a compose byte value"),
        ] {
            let error = gomemlimit(limit, syntax).unwrap_err();
            assert!(error.problem.contains(problem), "{limit}: {error}");
            assert_eq!(error.input, limit);
        }
    }
}
