//! Resource bounds on what any input may describe.
//!
//! Inputs are refused, with a message naming the limit, before they can
//! exhaust memory or time. The limits are far above any real network (the
//! whole GB rail day is about 1,900 stations, 20,000 trips and 250,000 stop
//! times) and are documented for users in `networks/README.md`.

/// Calls of one line (or stop times of one imported trip).
pub const MAX_CALLS_PER_LINE: usize = 10_000;

/// Trips of one line in one direction in a service day (60 an hour for 72
/// hours is 4,320; a departure every second is 259,200).
pub const MAX_TRIPS_PER_LINE: usize = 300_000;

/// Stations of a network. Station and line indices are `u32`; a station
/// costs a few hundred bytes (its record, its node of the track graph, its
/// lookup entries), so a million is a few hundred MB, far above GB rail
/// (about 2,600 stations) or every GB bus stop (about 400,000).
pub const MAX_STATIONS: usize = 1_000_000;

/// Lines of a network (patterns, for an imported timetable): each holds its
/// calls, running times and service, so a million is about 1 GB at a few
/// calls each.
pub const MAX_LINES: usize = 1_000_000;

/// Stop times of a whole network in one service day.
pub const MAX_STOP_TIMES: usize = 20_000_000;

/// `n` with thousands separators, for messages.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number from an input for messages: as written when modest, in
/// scientific notation when huge (`1e300`, not three hundred digits).
pub fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 { format!("{v:e}") } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(20_000_000), "20,000,000");
        assert_eq!(super::number(-4.5), "-4.5");
        assert_eq!(super::number(1e300), "1e300");
    }
}
