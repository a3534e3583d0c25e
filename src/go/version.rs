//! Go release versions as go.mod, go.work and golang image tags write them
//! (`1.23`, `1.23.4`, `1.24rc1`), and how Go orders them.
use std::cmp::Ordering;

/// Whether `version` is a Go release: `1.23`, `1.23.4`, `1.24rc1`,
/// `1.21beta2` (what golang image tags use).
pub fn is_release(version: &str) -> bool {
    let (numbers, pre) = split_prerelease(version);
    let parts: Vec<&str> = numbers.split('.').collect();
    let numeric = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let numbers_ok = (2..=3).contains(&parts.len()) && parts.iter().all(numeric) && parts[0] == "1";
    let pre_ok = pre.is_empty()
        || ["rc", "beta"].iter().any(|kind| {
            pre.strip_prefix(kind)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
    numbers_ok && pre_ok
}

/// Orders Go releases as Go does: `1.21` (the language version) comes
/// before `1.21rc1`, which comes before `1.21.0`.
pub fn compare(a: &str, b: &str) -> Ordering {
    fn key(version: &str) -> (Vec<u64>, u8, u64) {
        let (numbers, pre) = split_prerelease(version);
        let mut parts: Vec<u64> = numbers.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        let has_patch = parts.len() >= 3;
        parts.resize(3, 0);
        let (stage, number) = if let Some(n) = pre.strip_prefix("beta") {
            (1, n.parse().unwrap_or(0))
        } else if let Some(n) = pre.strip_prefix("rc") {
            (2, n.parse().unwrap_or(0))
        } else if has_patch {
            (3, 0)
        } else {
            (0, 0)
        };
        (parts, stage, number)
    }
    key(a).cmp(&key(b))
}

/// The minor version of a `1.N…` release (`1.21.4` → 21), when it is one.
pub fn minor(version: &str) -> Option<u32> {
    let rest = version.strip_prefix("1.")?;
    rest.split(['.', 'r', 'b']).next()?.parse().ok()
}

/// `1.24rc1` → (`1.24`, `rc1`).
fn split_prerelease(version: &str) -> (&str, &str) {
    match version.find(|c: char| c.is_ascii_alphabetic()) {
        Some(index) => version.split_at(index),
        None => (version, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_what_golang_image_tags_use() {
        for (value, ok) in [
            ("1.23", true),
            ("1.23.4", true),
            ("1.24rc1", true),
            ("1.21beta2", true),
            ("latest", false),
            ("1", false),
            ("1.23.4.5", false),
            ("2.0", false),
            ("1.23rc", false),
            ("1.23; rm -rf /", false),
        ] {
            assert_eq!(is_release(value), ok, "{value}");
        }
    }

    #[test]
    fn releases_order_like_go() {
        use std::cmp::Ordering::*;
        for (a, b, order) in [
            ("1.21", "1.21rc1", Less),
            ("1.21rc1", "1.21.0", Less),
            ("1.21beta1", "1.21rc1", Less),
            ("1.21.0", "1.21.10", Less),
            ("1.9", "1.10", Less),
            ("1.23.4", "1.23.4", Equal),
        ] {
            assert_eq!(compare(a, b), order, "{a} vs {b}");
        }
    }

    #[test]
    fn minor_versions() {
        assert_eq!(minor("1.13"), Some(13));
        assert_eq!(minor("1.21.4"), Some(21));
        assert_eq!(minor("1.24rc1"), Some(24));
        assert_eq!(minor("1.21beta2"), Some(21));
        assert_eq!(minor("go1.21"), None);
    }
}
