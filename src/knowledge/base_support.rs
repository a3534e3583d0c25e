//! Base images that stop receiving security fixes on a known day, by the
//! Debian release their tag names: distroless builds each Debian release's
//! images for a time of its own, shorter than Debian's.
//!
//! Sources, checked on 2026-11-29:
//! - distroless: SUPPORT_POLICY.md (GoogleContainerTools/distroless pull
//!   request 1893) gives "Sept 2026" for the static, base, base-nossl and cc
//!   `-debian12` images, and issue 2129 ("Deprecate debian12 images") sets
//!   the day, 2026-09-01.
//! - Debian: Debian 10's LTS ended on 2024-06-30, Debian 11's on
//!   2026-08-31 (wiki.debian.org/LTS); Debian 12 is supported until 2028.
//!   distroless `-debian11` images ended before Debian 11 did; Debian's end
//!   is the latest day they could have had fixes.
//!
//! Pure lookups; the caller says which image and which day.
use super::date::Date;

/// One family of images and the first day without fixes.
pub struct BaseEnd {
    /// `distroless` images only, or any image of that Debian release.
    pub distroless_only: bool,
    /// The Debian release, as a number (`12`).
    pub debian: &'static str,
    pub ends: (u16, u8, u8),
    /// Who stops the fixes, said after the image's name.
    pub why: &'static str,
}

pub const BASE_ENDS: [BaseEnd; 3] = [
    BaseEnd {
        distroless_only: true,
        debian: "12",
        ends: (2026, 9, 1),
        why: "distroless built its Debian 12 images until 2026-09-01 (its SUPPORT_POLICY.md)",
    },
    BaseEnd {
        distroless_only: false,
        debian: "11",
        ends: (2026, 8, 31),
        why: "Debian 11's long-term support ended on 2026-08-31",
    },
    BaseEnd {
        distroless_only: false,
        debian: "10",
        ends: (2024, 6, 30),
        why: "Debian 10's long-term support ended on 2024-06-30",
    },
];

/// Why an image of Debian release `debian` no longer receives fixes on
/// `today`, if it does not.
pub fn ended(distroless: bool, debian: &str, today: Date) -> Option<&'static str> {
    BASE_ENDS
        .iter()
        .filter(|end| end.debian == debian && (distroless || !end.distroless_only))
        .find(|end| {
            let (year, month, day) = end.ends;
            Date::new(year, month, day).is_some_and(|ends| today >= ends)
        })
        .map(|end| end.why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distroless_debian12_ended_in_september_2026_and_debian_12_did_not() {
        let before = Date::new(2026, 8, 31).unwrap();
        let after = Date::new(2026, 9, 1).unwrap();
        assert_eq!(ended(true, "12", before), None);
        assert!(ended(true, "12", after).is_some());
        assert_eq!(ended(false, "12", after), None);
        assert!(ended(false, "11", after).is_some());
        assert!(ended(true, "11", after).is_some());
        assert_eq!(ended(true, "13", after), None);
        for end in BASE_ENDS {
            let (year, month, day) = end.ends;
            assert!(Date::new(year, month, day).is_some(), "{}", end.why);
        }
    }
}
