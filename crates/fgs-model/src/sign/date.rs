//! The `X-Sdk-Date` value: a UTC time written `YYYYMMDDTHHMMSSZ`.

use std::fmt;
use std::str::FromStr;

use super::error::{quote, DateProblem, Kind, SignError};

const SECONDS_PER_DAY: u64 = 86_400;

/// The last second that four year digits can write: 9999-12-31T23:59:59Z.
const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// A UTC time to the second, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, as
/// sent in the `X-Sdk-Date` header (`20240101T000000Z`).
///
/// The conversions to and from Unix seconds are pure arithmetic on the proleptic Gregorian
/// calendar, without leap seconds. Ordering follows time.
///
/// # Examples
///
/// ```
/// use fgs_model::sign::SdkDate;
///
/// let date = SdkDate::parse("20240101T000000Z")?;
/// assert_eq!(date.unix_seconds(), 1_704_067_200);
/// assert_eq!(SdkDate::from_unix_seconds(1_704_067_200)?, date);
/// assert_eq!(date.to_string(), "20240101T000000Z");
/// # Ok::<(), fgs_model::sign::SignError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdkDate {
    // Field order makes the derived ordering chronological.
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl SdkDate {
    /// Parses exactly `YYYYMMDDTHHMMSSZ`: 16 ASCII characters, an existing calendar day,
    /// hours 00 to 23, minutes and seconds 00 to 59.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`InvalidDate`](super::SignErrorKind::InvalidDate) that names
    /// the first offending character or field.
    pub fn parse(text: &str) -> Result<SdkDate, SignError> {
        parse_fields(text.as_bytes()).map_err(|problem| {
            SignError::new(Kind::InvalidDate {
                found: quote(text),
                problem,
            })
        })
    }

    /// Converts seconds since 1970-01-01T00:00:00Z.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`InvalidDate`](super::SignErrorKind::InvalidDate) past
    /// 9999-12-31T23:59:59Z, which four year digits cannot write.
    pub fn from_unix_seconds(seconds: u64) -> Result<SdkDate, SignError> {
        if seconds > MAX_UNIX_SECONDS {
            return Err(SignError::new(Kind::UnixSecondsOutOfRange { seconds }));
        }
        let (year, month, day) = civil_from_days(seconds / SECONDS_PER_DAY);
        let time_of_day = seconds % SECONDS_PER_DAY;
        // Every value below fits its type: the year is at most 9999 and the rest are
        // remainders of small divisors.
        Ok(SdkDate {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (time_of_day / 3600) as u8,
            minute: (time_of_day / 60 % 60) as u8,
            second: (time_of_day % 60) as u8,
        })
    }

    /// Returns the seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> u64 {
        let days = days_from_civil(
            u64::from(self.year),
            u64::from(self.month),
            u64::from(self.day),
        );
        days * SECONDS_PER_DAY
            + u64::from(self.hour) * 3600
            + u64::from(self.minute) * 60
            + u64::from(self.second)
    }
}

// date = year(4) month(2) day(2) "T" hour(2) minute(2) second(2) "Z"
fn parse_fields(bytes: &[u8]) -> Result<SdkDate, DateProblem> {
    if bytes.len() != 16 || !bytes.is_ascii() {
        return Err(DateProblem::Length(
            String::from_utf8_lossy(bytes).chars().count(),
        ));
    }
    expect_literal(bytes, 8, 'T')?;
    expect_literal(bytes, 15, 'Z')?;

    let year = digits(bytes, 0, 4, "year")?;
    let month = digits(bytes, 4, 2, "month")? as u8;
    let day = digits(bytes, 6, 2, "day")? as u8;
    let hour = digits(bytes, 9, 2, "hour")? as u8;
    let minute = digits(bytes, 11, 2, "minute")? as u8;
    let second = digits(bytes, 13, 2, "second")? as u8;

    if !(1970..=9999).contains(&year) {
        return Err(DateProblem::Year(year));
    }
    if !(1..=12).contains(&month) {
        return Err(DateProblem::Month(month));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(DateProblem::Day { year, month, day });
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(DateProblem::Time {
            hour,
            minute,
            second,
        });
    }
    Ok(SdkDate {
        year,
        month,
        day,
        hour,
        minute,
        second,
    })
}

fn expect_literal(bytes: &[u8], offset: usize, expected: char) -> Result<(), DateProblem> {
    let found = char::from(bytes[offset]);
    if found == expected {
        Ok(())
    } else {
        Err(DateProblem::Literal {
            expected,
            offset,
            found,
        })
    }
}

/// Reads `count` ASCII digits at `offset`, which the caller has checked are in bounds.
fn digits(
    bytes: &[u8],
    offset: usize,
    count: usize,
    field: &'static str,
) -> Result<u16, DateProblem> {
    let mut value = 0u16;
    for (index, &byte) in bytes[offset..offset + count].iter().enumerate() {
        if !byte.is_ascii_digit() {
            return Err(DateProblem::Digit {
                offset: offset + index,
                field,
                found: char::from(byte),
            });
        }
        value = value * 10 + u16::from(byte - b'0');
    }
    Ok(value)
}

fn is_leap_year(year: u16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// The two conversions below are Howard Hinnant's `days_from_civil` and `civil_from_days`
// (http://howardhinnant.github.io/date_algorithms.html), restricted to dates from 1970 on,
// so every intermediate value is non-negative. Eras are 400-year cycles of 146097 days
// starting on 0000-03-01, and 719468 is the day number of 1970-01-01 in that count.

/// Returns the days since 1970-01-01 of a date from 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Returns the year, month and day of a count of days since 1970-01-01.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let days = days + 719_468;
    let era = days / 146_097;
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

impl fmt::Debug for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SdkDate({self})")
    }
}

impl FromStr for SdkDate {
    type Err = SignError;

    fn from_str(text: &str) -> Result<SdkDate, SignError> {
        SdkDate::parse(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::sign::SignErrorKind;
    use proptest::prelude::*;

    fn check_unix(text: &str, seconds: u64) {
        let date = SdkDate::parse(text).unwrap();
        assert_eq!(date.unix_seconds(), seconds, "{text} to Unix seconds");
        assert_eq!(
            SdkDate::from_unix_seconds(seconds).unwrap(),
            date,
            "{seconds} to date"
        );
        assert_eq!(date.to_string(), text, "{text} printed back");
    }

    #[test]
    fn sdk_date_unix_seconds_known_values() {
        check_unix("19700101T000000Z", 0);
        check_unix("20060102T150405Z", 1_136_214_245);
        check_unix("20191111T093443Z", 1_573_464_883);
        check_unix("20000229T235959Z", 951_868_799);
        check_unix("20000301T000000Z", 951_868_800);
        check_unix("20240101T000000Z", 1_704_067_200);
        check_unix("20240229T120000Z", 1_709_208_000);
        check_unix("21000301T000000Z", 4_107_542_400);
        check_unix("99991231T235959Z", MAX_UNIX_SECONDS);
    }

    fn check_rejected(text: &str, message: &str) {
        let error = SdkDate::parse(text).unwrap_err();
        assert_eq!(error.kind(), SignErrorKind::InvalidDate, "{text}");
        assert_eq!(error.to_string(), message, "{text}");
    }

    #[test]
    fn sdk_date_parse_rejects_malformed() {
        check_rejected(
            "",
            "invalid `X-Sdk-Date` value ``: expected 16 characters `YYYYMMDDTHHMMSSZ`, found 0",
        );
        check_rejected(
            "2024-01-01T00:00:00Z",
            "invalid `X-Sdk-Date` value `2024-01-01T00:00:00Z`: expected 16 characters `YYYYMMDDTHHMMSSZ`, found 20",
        );
        check_rejected(
            "20240101 000000Z",
            "invalid `X-Sdk-Date` value `20240101 000000Z`: expected `T` at byte 8, found ` `",
        );
        check_rejected(
            "20240101t000000Z",
            "invalid `X-Sdk-Date` value `20240101t000000Z`: expected `T` at byte 8, found `t`",
        );
        check_rejected(
            "20240101T000000z",
            "invalid `X-Sdk-Date` value `20240101T000000z`: expected `Z` at byte 15, found `z`",
        );
        check_rejected(
            "2024O101T000000Z",
            "invalid `X-Sdk-Date` value `2024O101T000000Z`: expected a digit at byte 4 (month), found `O`",
        );
        check_rejected(
            "+0240101T000000Z",
            "invalid `X-Sdk-Date` value `+0240101T000000Z`: expected a digit at byte 0 (year), found `+`",
        );
        check_rejected(
            "2024010ΑT00000Z",
            "invalid `X-Sdk-Date` value `2024010ΑT00000Z`: expected 16 characters `YYYYMMDDTHHMMSSZ`, found 15",
        );
    }

    #[test]
    fn sdk_date_parse_rejects_out_of_range() {
        check_rejected(
            "19691231T235959Z",
            "invalid `X-Sdk-Date` value `19691231T235959Z`: year 1969 is out of range: expected 1970 to 9999",
        );
        check_rejected(
            "20241301T000000Z",
            "invalid `X-Sdk-Date` value `20241301T000000Z`: month 13 is out of range: expected 01 to 12",
        );
        check_rejected(
            "20240001T000000Z",
            "invalid `X-Sdk-Date` value `20240001T000000Z`: month 00 is out of range: expected 01 to 12",
        );
        check_rejected(
            "20230229T000000Z",
            "invalid `X-Sdk-Date` value `20230229T000000Z`: day 29 does not exist in 2023-02",
        );
        check_rejected(
            "21000229T000000Z",
            "invalid `X-Sdk-Date` value `21000229T000000Z`: day 29 does not exist in 2100-02",
        );
        check_rejected(
            "20240431T000000Z",
            "invalid `X-Sdk-Date` value `20240431T000000Z`: day 31 does not exist in 2024-04",
        );
        check_rejected(
            "20240100T000000Z",
            "invalid `X-Sdk-Date` value `20240100T000000Z`: day 00 does not exist in 2024-01",
        );
        check_rejected(
            "20240101T240000Z",
            "invalid `X-Sdk-Date` value `20240101T240000Z`: time 24:00:00 is out of range: expected 00:00:00 to 23:59:59",
        );
        check_rejected(
            "20240101T235960Z",
            "invalid `X-Sdk-Date` value `20240101T235960Z`: time 23:59:60 is out of range: expected 00:00:00 to 23:59:59",
        );
    }

    #[test]
    fn sdk_date_parse_accepts_leap_day() {
        assert!(SdkDate::parse("20000229T000000Z").is_ok());
        assert!(SdkDate::parse("20240229T000000Z").is_ok());
    }

    #[test]
    fn sdk_date_error_quotes_long_input_truncated() {
        let text = "x".repeat(100);
        let message = SdkDate::parse(&text).unwrap_err().to_string();
        assert!(
            message.contains(&format!("`{}…`", "x".repeat(40))),
            "{message}"
        );
    }

    #[test]
    fn sdk_date_from_unix_seconds_rejects_year_10000() {
        let error = SdkDate::from_unix_seconds(MAX_UNIX_SECONDS + 1).unwrap_err();
        assert_eq!(error.kind(), SignErrorKind::InvalidDate);
        assert_eq!(
            error.to_string(),
            "invalid Unix time `253402300800`: expected at most `253402300799` (9999-12-31T23:59:59Z)"
        );
    }

    #[test]
    fn sdk_date_order_is_chronological() {
        let earlier = SdkDate::parse("20231231T235959Z").unwrap();
        let later = SdkDate::parse("20240101T000000Z").unwrap();
        assert!(earlier < later);
    }

    proptest! {
        #[test]
        fn sdk_date_unix_round_trip(seconds in 0..=MAX_UNIX_SECONDS) {
            let date = SdkDate::from_unix_seconds(seconds).unwrap();
            prop_assert_eq!(date.unix_seconds(), seconds);
            prop_assert_eq!(SdkDate::parse(&date.to_string()).unwrap(), date);
        }

        #[test]
        fn sdk_date_parse_never_panics(text in "\\PC{0,20}") {
            let _ = SdkDate::parse(&text);
        }
    }
}
