//! Calendar dates as editors write them (`2026-11-23`), strictly validated.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil date, written `YYYY-MM-DD` in every file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Today's date in UTC.
    pub fn today_utc() -> Date {
        Date(
            jiff::tz::TimeZone::UTC
                .to_datetime(jiff::Timestamp::now())
                .date(),
        )
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// The day of the month.
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// The date `days` days later (earlier when negative), saturating at the calendar's ends.
    pub fn add_days(self, days: i32) -> Date {
        Date(
            self.0
                .checked_add(jiff::Span::new().days(i64::from(days)))
                .unwrap_or(self.0),
        )
    }

    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Date) -> i32 {
        let months = (i32::from(later.year()) - i32::from(self.year())) * 12
            + i32::from(later.month())
            - i32::from(self.month());
        if later.day() < self.day() {
            months - 1
        } else {
            months
        }
    }
}

/// Why a date was refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid date `{text}`: {reason}; write dates as YYYY-MM-DD, e.g. 2026-11-23")]
pub struct DateError {
    text: String,
    reason: String,
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason: &str| DateError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(error("not in the form YYYY-MM-DD"));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        jiff::civil::Date::new(year, month as i8, day as i8)
            .map(Date)
            .map_err(|_| error("there is no such day in the calendar"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
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
    fn valid_dates_parse_and_print_back() {
        let date: Result<Date, _> = "2024-02-29".parse();
        assert_eq!(
            date.map(|d| d.to_string()).ok().as_deref(),
            Some("2024-02-29")
        );
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "26-1-1",
            "2026/01/01",
            "2026-01-1x",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn months_until_counts_whole_months() {
        let a: Date = "2025-11-23".parse().unwrap_or_else(|e| panic!("{e}"));
        let b: Date = "2026-11-22".parse().unwrap_or_else(|e| panic!("{e}"));
        let c: Date = "2026-11-23".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.months_until(b), 11);
        assert_eq!(a.months_until(c), 12);
    }
}
