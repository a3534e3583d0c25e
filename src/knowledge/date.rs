//! A calendar date (UTC), as the releases table and the version policy need
//! one: ordered, written `2026-11-29`, read from TOML's native dates.
//!
//! Only [`Date::today`] reads the clock; everything else is pure, so callers
//! decide "today" once and pass it down (the plan must not read the clock).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid Gregorian date, or `None` (`2026-02-30`).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `2026-11-29`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (Some(year), Some(month), Some(day), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let number = |part: &str| {
            part.bytes()
                .all(|byte| byte.is_ascii_digit())
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        Date::new(
            number(year)?,
            u8::try_from(number(month)?).ok()?,
            u8::try_from(number(day)?).ok()?,
        )
    }

    /// A TOML date (`released = 2026-02-10`); a date-time or a time is not one.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        if value.time.is_some() || value.offset.is_some() {
            return None;
        }
        let date = value.date?;
        Date::new(date.year, date.month, date.day)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0);
        let days = i64::try_from(seconds / 86_400).unwrap_or(0);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated_and_ordered() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 4, 31).is_none());
        let earlier = Date::parse("2026-08-19").unwrap();
        let later = Date::parse("2026-11-29").unwrap();
        assert!(earlier < later);
        assert_eq!(later.to_string(), "2026-11-29");
        for bad in [
            "2026-1-29",
            "2026-11-29x",
            "26-11-29",
            "2026-11",
            "2026-+1-29",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(Date::from_days_since_epoch(0), Date::new(1970, 1, 1));
        // 2026-11-29 is day 20,786; 2000-03-01 is day 11,017.
        assert_eq!(Date::from_days_since_epoch(20_786), Date::new(2026, 11, 29));
        assert_eq!(Date::from_days_since_epoch(11_017), Date::new(2000, 3, 1));
        assert_eq!(Date::from_days_since_epoch(11_016), Date::new(2000, 2, 29));
        assert!(Date::today() >= Date::new(2026, 1, 1).unwrap());
    }

    #[test]
    fn toml_dates_are_read_and_date_times_refused() {
        let table: toml::Table =
            toml::from_str("a = 2026-02-10\nb = 2026-02-10T10:00:00Z").unwrap();
        let date = |key: &str| match &table[key] {
            toml::Value::Datetime(value) => Date::from_toml(value),
            _ => None,
        };
        assert_eq!(date("a"), Date::new(2026, 2, 10));
        assert_eq!(date("b"), None);
    }
}
