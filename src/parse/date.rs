//! Dates of pages: TOML dates and date-times, strings in those forms, and file-name prefixes.

use chrono::format::ParseErrorKind;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

/// A checked date as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// The date-time as written (local to its offset); date-only values are at midnight.
    pub local: NaiveDateTime,
    /// The same instant in UTC, for ordering (values without an offset count as UTC).
    pub utc: NaiveDateTime,
    /// The text templates see: `2025-03-28`, or an ISO 8601 date-time.
    pub text: String,
}

impl Date {
    pub fn year(&self) -> i32 {
        self.local.year()
    }
    pub fn month(&self) -> u32 {
        self.local.month()
    }
    pub fn day(&self) -> u32 {
        self.local.day()
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.utc
            .cmp(&other.utc)
            .then_with(|| self.text.cmp(&other.text))
    }
}

const EXPECTED: &str = "expected a date like 2025-03-28 or a date-time like 2025-03-28T09:30:00Z";

/// Parses `2025-03-28`, `2025-03-28T09:30:00`, `2025-03-28 09:30:00` and RFC 3339 date-times.
pub(crate) fn parse(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let problem = |kind: ParseErrorKind| match kind {
        ParseErrorKind::OutOfRange | ParseErrorKind::Impossible => {
            format!("invalid date `{text}`: no such day or time")
        }
        _ => format!("invalid date `{text}`: {EXPECTED}"),
    };
    if text.len() == 10 {
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| problem(e.kind()))?;
        let local = date.and_time(chrono::NaiveTime::MIN);
        return Ok(Date {
            local,
            utc: local,
            text: text.to_string(),
        });
    }
    let normalized = normalize_separator(text);
    if let Ok(dt) = DateTime::parse_from_rfc3339(&normalized) {
        // One spelling for templates' `date` filter: upper-case `T` and `Z`, seconds always.
        return Ok(Date {
            local: dt.naive_local(),
            utc: dt.naive_utc(),
            text: dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        });
    }
    match NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M"))
    {
        Ok(local) => Ok(Date {
            local,
            utc: local,
            text: local.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        }),
        Err(e) => match DateTime::parse_from_rfc3339(&normalized) {
            Err(offset_err) if offset_err.kind() != ParseErrorKind::Invalid => {
                Err(problem(offset_err.kind()))
            }
            _ => Err(problem(e.kind())),
        },
    }
}

/// `2025-03-28 09:30:00` becomes `2025-03-28T09:30:00`, the form templates' `date` filter reads.
fn normalize_separator(text: &str) -> String {
    let mut out = text.to_string();
    if out.len() > 10 && out.as_bytes()[10] == b' ' {
        out.replace_range(10..11, "T");
    }
    out
}

/// A `YYYY-MM-DD-` or `YYYY-MM-DD_` prefix of a file stem: the date text and the rest.
pub(crate) fn split_file_name_prefix(stem: &str) -> Option<(&str, &str)> {
    let bytes = stem.as_bytes();
    let shaped = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
        && matches!(bytes[10], b'-' | b'_');
    shaped.then(|| (&stem[..10], &stem[11..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only() {
        let d = parse("2025-03-28").unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day(), d.text.as_str()),
            (2025, 3, 28, "2025-03-28")
        );
    }

    #[test]
    fn date_times_with_and_without_offsets() {
        let utc = parse("2025-03-28T10:00:00Z").unwrap();
        let plus = parse("2025-03-28T12:00:00+02:00").unwrap();
        assert_eq!(utc.utc, plus.utc);
        assert_eq!(plus.day(), 28);
        let local = parse("2025-03-28 09:30:00").unwrap();
        assert_eq!(local.text, "2025-03-28T09:30:00");
        assert_eq!(
            parse("2025-03-28T09:30").unwrap().text,
            "2025-03-28T09:30:00"
        );
        assert_eq!(
            parse("2025-03-28T09:30:00.250").unwrap().text,
            "2025-03-28T09:30:00.250"
        );
        assert_eq!(
            parse("2025-03-28t09:30:00z").unwrap().text,
            "2025-03-28T09:30:00Z"
        );
        assert_eq!(
            parse("2025-03-28T12:00:00+02:00").unwrap().text,
            "2025-03-28T12:00:00+02:00"
        );
    }

    #[test]
    fn ordering_uses_the_instant() {
        assert!(
            parse("2025-03-28T12:00:00+05:00").unwrap() < parse("2025-03-28T08:00:00Z").unwrap()
        );
        assert!(parse("2025-03-27").unwrap() < parse("2025-03-28").unwrap());
    }

    #[test]
    fn impossible_and_malformed_dates() {
        assert_eq!(
            parse("2025-02-30").unwrap_err(),
            "invalid date `2025-02-30`: no such day or time"
        );
        assert_eq!(
            parse("2025-03-28T25:00:00Z").unwrap_err(),
            "invalid date `2025-03-28T25:00:00Z`: no such day or time"
        );
        assert!(parse("March 28")
            .unwrap_err()
            .contains("expected a date like 2025-03-28"));
        assert!(parse("").is_err());
    }

    #[test]
    fn file_name_prefixes() {
        assert_eq!(
            split_file_name_prefix("2025-03-28-ningxia"),
            Some(("2025-03-28", "ningxia"))
        );
        assert_eq!(
            split_file_name_prefix("2025-03-28_ningxia"),
            Some(("2025-03-28", "ningxia"))
        );
        assert_eq!(split_file_name_prefix("2025-03-28"), None);
        assert_eq!(split_file_name_prefix("2025-3-28-x"), None);
        assert_eq!(split_file_name_prefix("about"), None);
    }
}
