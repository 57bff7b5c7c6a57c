//! Calendar dates of timetables (proleptic Gregorian, no time zone).
//!
//! Timetable formats write dates in several layouts: `YYYY-MM-DD` on the
//! command line, `YYYYMMDD` in GTFS, `YYMMDD` and `DDMMYY` in CIF,
//! `DD/MM/YYYY` in the additional links file. All read into one [`Date`].

use std::fmt;

/// A calendar date.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists (years 1900–2999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if day == 0 || day > days[month as usize - 1] {
            return None;
        }
        Some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// ```
    /// use railshed_io::Date;
    /// let d = Date::parse_iso("2020-03-21").unwrap();
    /// assert_eq!(d.weekday(), 5); // Saturday
    /// assert!(Date::parse_iso("2020-02-30").is_none());
    /// ```
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    }

    /// Parses GTFS `YYYYMMDD`.
    pub fn parse_yyyymmdd(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 8 {
            return None;
        }
        Date::new(digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?)
    }

    /// Parses CIF `YYMMDD` (years 60–99 are 1960–1999, 00–59 are 2000–2059;
    /// `999999` is the open end of a schedule, read as 2999-12-31).
    pub fn parse_yymmdd(b: &[u8]) -> Option<Date> {
        if b == b"999999" {
            return Date::new(2999, 12, 31);
        }
        if b.len() != 6 {
            return None;
        }
        Date::new(century(digits(&b[0..2])?), digits(&b[2..4])?, digits(&b[4..6])?)
    }

    /// Parses CIF header `DDMMYY`.
    pub fn parse_ddmmyy(b: &[u8]) -> Option<Date> {
        if b.len() != 6 {
            return None;
        }
        Date::new(century(digits(&b[4..6])?), digits(&b[2..4])?, digits(&b[0..2])?)
    }

    /// Parses `DD/MM/YYYY`.
    pub fn parse_dd_mm_yyyy(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
            return None;
        }
        Date::new(digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?)
    }

    /// Day of the week: 0 Monday … 6 Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as usize
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (self.month as i64, self.day as i64);
        let y = self.year as i64 - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `YYYYMMDD`, as GTFS writes dates.
    pub fn yyyymmdd(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn century(yy: u32) -> u32 {
    if yy >= 60 { 1900 + yy } else { 2000 + yy }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
}

/// The name of a weekday, 0 Monday … 6 Sunday.
pub(crate) const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(parsed: Option<Date>, expect: &str) {
        let got = match parsed {
            Some(d) => format!("{d} {}", WEEKDAYS[d.weekday()]),
            None => "none".to_owned(),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn reads_every_layout() {
        check(Date::parse_iso("2020-03-21"), "2020-03-21 saturday");
        check(Date::parse_iso("1970-01-01"), "1970-01-01 thursday");
        check(Date::parse_iso("2024-02-29"), "2024-02-29 thursday");
        check(Date::parse_iso("2000-02-29"), "2000-02-29 tuesday");
        check(Date::parse_yyyymmdd("20230613"), "2023-06-13 tuesday");
        check(Date::parse_yymmdd(b"200321"), "2020-03-21 saturday");
        check(Date::parse_yymmdd(b"991231"), "1999-12-31 friday");
        check(Date::parse_yymmdd(b"999999"), "2999-12-31 tuesday");
        check(Date::parse_ddmmyy(b"200320"), "2020-03-20 friday");
        check(Date::parse_dd_mm_yyyy("07/09/2018"), "2018-09-07 friday");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        check(Date::parse_iso("2023-02-29"), "none");
        check(Date::parse_iso("1900-02-29"), "none");
        check(Date::parse_iso("2020-3-21"), "none");
        check(Date::parse_iso("2020-13-01"), "none");
        check(Date::parse_iso("2020-00-10"), "none");
        check(Date::parse_iso("20a0-03-21"), "none");
        check(Date::parse_yyyymmdd("2020032"), "none");
        check(Date::parse_yymmdd(b"20 321"), "none");
        check(Date::parse_dd_mm_yyyy("7/9/2018"), "none");
    }

    #[test]
    fn days_count_across_leap_years() {
        let a = Date::parse_iso("2020-02-28").unwrap();
        let b = Date::parse_iso("2020-03-01").unwrap();
        assert_eq!(b.days_since_epoch() - a.days_since_epoch(), 2);
        assert_eq!(Date::parse_iso("2000-01-01").unwrap().days_since_epoch(), 10_957);
    }
}
