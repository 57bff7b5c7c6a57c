//! Clock times of a service day.

use std::fmt;

/// Seconds after midnight at the start of the service day.
///
/// Times past 24:00:00 are trips running after midnight that belong to the
/// same service day, as in GTFS. [`Time::MAX_SERVICE`] bounds what any input may
/// say (72 hours), so every sum of a time and a travel duration fits a `u32`.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Time(pub u32);

/// Why a clock time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeParseError {
    /// Not of the form `H:MM` or `H:MM:SS` with digits.
    #[error("time {0:?} is not of the form HH:MM or HH:MM:SS")]
    Syntax(String),
    /// Minutes or seconds of 60 or more.
    #[error("time {0:?} has minutes or seconds of 60 or more")]
    Range(String),
    /// Beyond 72:00:00.
    #[error("time {0:?} is past 72:00:00, the latest a service day may reach")]
    TooLate(String),
}

impl Time {
    /// Midnight at the start of the service day.
    pub const MIDNIGHT: Time = Time(0);
    /// The latest time any input may state: 72:00:00.
    pub const MAX_SERVICE: Time = Time(72 * 3600);
    /// A label not reached (larger than every real time).
    pub const NEVER: Time = Time(u32::MAX);

    /// The time `h:m:s` after the start of the service day.
    pub const fn hms(h: u32, m: u32, s: u32) -> Time {
        Time(h * 3600 + m * 60 + s)
    }

    /// Seconds since the start of the service day.
    pub const fn secs(self) -> u32 {
        self.0
    }

    /// Parses `H:MM`, `HH:MM` or `HH:MM:SS` (hours may exceed 23).
    ///
    /// ```
    /// use railshed_core::Time;
    /// assert_eq!(Time::parse("08:05").unwrap(), Time::hms(8, 5, 0));
    /// assert_eq!(Time::parse("25:00:30").unwrap().to_string(), "25:00:30");
    /// assert!(Time::parse("25:7x").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Time, TimeParseError> {
        let syntax = || TimeParseError::Syntax(text.to_owned());
        let mut parts = text.trim().split(':');
        let mut field = |max_len: usize| -> Result<Option<u32>, TimeParseError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if !p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    // Digits only: the one failure left is overflow, far past any limit.
                    Ok(Some(p.parse().unwrap_or(u32::MAX)))
                }
                Some(_) => Err(syntax()),
            }
        };
        // Hours of any length are read, so that "277777:46:40" is too late rather than malformed.
        let h = field(usize::MAX)?.ok_or_else(syntax)?;
        let m = field(2)?.ok_or_else(syntax)?;
        let s = field(2)?.unwrap_or(0);
        if parts.next().is_some() {
            return Err(syntax());
        }
        if m >= 60 || s >= 60 {
            return Err(TimeParseError::Range(text.to_owned()));
        }
        if h > 72 || (h == 72 && (m > 0 || s > 0)) {
            return Err(TimeParseError::TooLate(text.to_owned()));
        }
        Ok(Time::hms(h, m, s))
    }

    /// `self + secs`, saturating at [`Time::NEVER`].
    #[inline]
    pub const fn plus(self, secs: u32) -> Time {
        Time(self.0.saturating_add(secs))
    }

    /// Formats as `HH:MM` (seconds dropped).
    pub fn hhmm(self) -> String {
        format!("{:02}:{:02}", self.0 / 3600, self.0 / 60 % 60)
    }
}

impl fmt::Display for Time {
    /// `HH:MM:SS`, hours past 23 for times after midnight.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.0 / 3600, self.0 / 60 % 60, self.0 % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let got = match Time::parse(text) {
            Ok(t) => t.to_string(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "parsing {text:?}");
    }

    #[test]
    fn parses_clock_times() {
        check("08:05", "08:05:00");
        check("8:05", "08:05:00");
        check("23:59:59", "23:59:59");
        check("24:10", "24:10:00");
        check("71:59:59", "71:59:59");
        check("72:00", "72:00:00");
    }

    #[test]
    fn rejects_bad_times() {
        check("25:7x", r#"error: time "25:7x" is not of the form HH:MM or HH:MM:SS"#);
        check("", r#"error: time "" is not of the form HH:MM or HH:MM:SS"#);
        check("8", r#"error: time "8" is not of the form HH:MM or HH:MM:SS"#);
        check("08:60", r#"error: time "08:60" has minutes or seconds of 60 or more"#);
        check("-1:00", r#"error: time "-1:00" is not of the form HH:MM or HH:MM:SS"#);
        check("1:2:3:4", r#"error: time "1:2:3:4" is not of the form HH:MM or HH:MM:SS"#);
        check("72:00:01", r#"error: time "72:00:01" is past 72:00:00, the latest a service day may reach"#);
        check(
            "277777:46:40",
            r#"error: time "277777:46:40" is past 72:00:00, the latest a service day may reach"#,
        );
        check(
            "99999999999:00",
            r#"error: time "99999999999:00" is past 72:00:00, the latest a service day may reach"#,
        );
        check("99999999999:0x", r#"error: time "99999999999:0x" is not of the form HH:MM or HH:MM:SS"#);
    }
}
