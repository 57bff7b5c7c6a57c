//! Statistics of per-minute travel times over a window.

use std::fmt;

use crate::SolveError;
use crate::raptor::NEVER;

/// A statistic of the travel times of the minutes of a window.
///
/// Minutes with no journey count as infinitely long: the best and
/// percentiles are defined while enough minutes have a journey, the mean
/// only when every minute has one.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Stat {
    /// The `p`-th percentile, `0 <= p <= 100`, by the nearest-rank method:
    /// of the `n` minutes' travel times sorted, the one at rank
    /// `max(1, ceil(p / 100 * n))` (so `Percentile(0.0)` is the shortest and
    /// `Percentile(100.0)` the longest).
    Percentile(f64),
    /// The arithmetic mean, rounded to the second (half up).
    Mean,
    /// The shortest.
    Best,
}

impl fmt::Display for Stat {
    /// `p10`, `p2.5`, `mean`, `best`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stat::Percentile(p) => write!(f, "p{p}"),
            Stat::Mean => f.write_str("mean"),
            Stat::Best => f.write_str("best"),
        }
    }
}

/// Checks every percentile lies in `[0, 100]`.
pub(crate) fn check(stats: &[Stat]) -> Result<(), SolveError> {
    for s in stats {
        if let Stat::Percentile(p) = *s
            && !(0.0..=100.0).contains(&p)
        {
            return Err(SolveError::Percentile(p));
        }
    }
    Ok(())
}

/// Computes `stats` of `minutes` (seconds, [`NEVER`] for no journey) into
/// `out`, [`NEVER`] where undefined. Reorders `minutes`.
pub(crate) fn compute(minutes: &mut [u32], stats: &[Stat], out: &mut [u32]) {
    let n = minutes.len();
    let mut sorted = false;
    for (o, s) in out.iter_mut().zip(stats) {
        *o = match *s {
            _ if n == 0 => NEVER,
            Stat::Best => minutes.iter().copied().min().unwrap_or(NEVER),
            Stat::Mean => {
                if minutes.contains(&NEVER) {
                    NEVER
                } else {
                    let sum: u64 = minutes.iter().map(|&m| u64::from(m)).sum();
                    ((sum + n as u64 / 2) / n as u64) as u32
                }
            }
            Stat::Percentile(p) => {
                if !sorted {
                    // Runs of minutes between departures are monotone: the
                    // stable sort merges them rather than sorting from scratch.
                    minutes.sort();
                    sorted = true;
                }
                minutes[rank(p, n) - 1]
            }
        };
    }
}

/// The 1-based nearest rank of percentile `p` among `n` values.
pub(crate) fn rank(p: f64, n: usize) -> usize {
    ((p * n as f64 / 100.0).ceil() as usize).clamp(1, n)
}

/// Seconds as whole minutes for a matrix: rounded half up, [`NEVER`] as
/// `u16::MAX`, anything longer saturating at `u16::MAX - 1`.
pub(crate) fn to_minutes(secs: u32) -> u16 {
    if secs == NEVER {
        u16::MAX
    } else {
        u16::try_from(secs.saturating_add(30) / 60).unwrap_or(u16::MAX - 1).min(u16::MAX - 1)
    }
}
