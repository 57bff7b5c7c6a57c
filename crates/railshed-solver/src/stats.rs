//! Statistics of per-minute travel times over a window.

use std::fmt;

use crate::SolveError;
use crate::profile::RawProfile;
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

/// The per-minute travel times of a profile as runs: minutes `a..=b` (indices
/// into the window's minutes) share the same best arrival `arr` (or
/// [`NEVER`]), so their travel times fall by 60 s a minute, capped by
/// walking alone. Statistics are computed from the runs, without listing the
/// minutes while there are few runs (see [`MAX_SEARCHED_RUNS`]).
pub(crate) fn runs_of(p: &RawProfile<'_>, out: &mut Vec<(u32, u32, u32)>) {
    out.clear();
    let n = p.n_minutes() as i64;
    let start = i64::from(p.start);
    // Minute j leaves at start + 60 j and takes the first entry departing then
    // or later: entry i serves the minutes after entry i - 1's departure up to its own.
    let mut first = 0i64;
    for (i, e) in p.entries.iter().enumerate() {
        let last = (i64::from(e.dep) - start).div_euclid(60).min(n - 1);
        if last >= first {
            push_run(out, first as u32, last as u32, p.suffix[i]);
            first = last + 1;
        }
    }
    if first < n {
        push_run(out, first as u32, (n - 1) as u32, NEVER);
    }
}

fn push_run(out: &mut Vec<(u32, u32, u32)>, a: u32, b: u32, arr: u32) {
    match out.last_mut() {
        Some(last) if last.2 == arr => last.1 = b,
        _ => out.push((a, b, arr)),
    }
}

/// Buffers for the statistics of one destination's minutes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buf {
    /// Runs `(a, b, arr)`: minutes `a..=b` share the best arrival `arr`
    /// ([`NEVER`] where none); in order, covering every minute.
    pub(crate) runs: Vec<(u32, u32, u32)>,
    /// The travel time of each minute, when sorted for percentiles.
    values: Vec<u32>,
}

impl Buf {
    pub(crate) fn heap_bytes(&self) -> usize {
        self.runs.capacity() * 12 + self.values.capacity() * 4
    }
}

/// Above this many runs, percentiles are read from the minutes' travel times
/// sorted rather than searched for over the runs: each of the dozen steps of
/// a search reads every run, against sorting about a hundred values once
/// (on the synthetic metro a destination's two hours make dozens of runs;
/// on GB rail a few).
const MAX_SEARCHED_RUNS: usize = 24;

/// Computes `stats` of the travel times of profile `p`'s minutes (seconds,
/// [`NEVER`] where undefined) into `out`, using `buf`.
pub(crate) fn compute(p: &RawProfile<'_>, buf: &mut Buf, stats: &[Stat], out: &mut [u32]) {
    let n = p.n_minutes();
    if n == 0 || (p.entries.is_empty() && p.walk == NEVER) {
        out.fill(NEVER);
        return;
    }
    runs_of(p, &mut buf.runs);
    compute_runs(buf, n, p.start, p.walk, stats, out);
}

/// Computes `stats` into `out` from the `n` minutes of a window starting at
/// `start`, given as `buf.runs`, with `walk` the seconds on foot alone
/// ([`NEVER`] where impossible).
pub(crate) fn compute_runs(buf: &mut Buf, n: usize, start: u32, walk: u32, stats: &[Stat], out: &mut [u32]) {
    summarise(buf, n, start, walk, stats, out, MAX_SEARCHED_RUNS);
}

/// [`compute_runs`], searching over at most `max_searched` runs.
fn summarise(
    buf: &mut Buf,
    n: usize,
    start: u32,
    walk: u32,
    stats: &[Stat],
    out: &mut [u32],
    max_searched: usize,
) {
    if n == 0 {
        out.fill(NEVER);
        return;
    }
    let Buf { runs, values } = buf;
    let start = i64::from(start);
    // Travel time at minute j of a run with arrival `arr`.
    let value = |arr: u32, j: u32| -> u32 {
        if arr == NEVER { walk } else { walk.min((i64::from(arr) - start - 60 * i64::from(j)) as u32) }
    };
    if runs.len() > max_searched && stats.iter().any(|s| matches!(s, Stat::Percentile(_))) {
        values.clear();
        values.extend(runs.iter().flat_map(|&(a, b, arr)| (a..=b).map(move |j| value(arr, j))));
        compute_values(values, stats, out);
        return;
    }
    let finite: usize =
        runs.iter().filter(|r| r.2 != NEVER || walk != NEVER).map(|r| (r.1 - r.0 + 1) as usize).sum();
    // How many minutes take at most `v`: free of branches (a run's count is
    // a clamp), as the percentiles' binary search calls it a dozen times.
    let count_le = |v: u32| -> usize {
        if walk <= v {
            return n;
        }
        let base = start as u64 + u64::from(v);
        let mut c = 0;
        for &(a, b, arr) in runs.iter() {
            // The first minute of the run riding in at most `v` (past the run when `arr` is NEVER).
            let j0 = u64::from(arr).saturating_sub(base).div_ceil(60);
            c += (u64::from(b) + 1).saturating_sub(j0.max(u64::from(a)));
        }
        c as usize
    };
    for (o, s) in out.iter_mut().zip(stats) {
        *o = match *s {
            Stat::Best => runs.iter().map(|r| value(r.2, r.1)).min().unwrap_or(NEVER),
            Stat::Mean => {
                if finite < n {
                    NEVER
                } else {
                    let mut sum: u64 = 0;
                    for &(a, b, arr) in runs.iter() {
                        let (a, b) = (u64::from(a), u64::from(b));
                        if arr == NEVER {
                            sum += (b - a + 1) * u64::from(walk);
                            continue;
                        }
                        // Minutes before `jc` walk; from `jc` on the ride is quicker.
                        let c = (i64::from(arr) - start) as u64;
                        let jc = if walk == NEVER || c <= u64::from(walk) {
                            0
                        } else {
                            (c - u64::from(walk)).div_ceil(60)
                        };
                        let lo = a.max(jc);
                        if lo > a {
                            sum += (lo.min(b + 1) - a) * u64::from(walk);
                        }
                        if lo <= b {
                            let cnt = b - lo + 1;
                            sum += cnt * c - 30 * (lo + b) * cnt;
                        }
                    }
                    ((sum + n as u64 / 2) / n as u64) as u32
                }
            }
            Stat::Percentile(q) => {
                let r = rank(q, n);
                if r > finite {
                    NEVER
                } else {
                    // The smallest v with at least r minutes at or under it.
                    let (mut lo, mut hi) = (
                        runs.iter().map(|r| value(r.2, r.1)).min().unwrap_or(0),
                        runs.iter().map(|r| value(r.2, r.0)).filter(|&v| v != NEVER).max().unwrap_or(0),
                    );
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        if count_le(mid) >= r { hi = mid } else { lo = mid + 1 }
                    }
                    lo
                }
            }
        };
    }
}

/// Computes `stats` into `out` from the travel times of every minute of a
/// window (seconds, [`NEVER`] where undefined), sorting them in place for
/// percentiles.
fn compute_values(values: &mut [u32], stats: &[Stat], out: &mut [u32]) {
    let n = values.len();
    if n == 0 {
        out.fill(NEVER);
        return;
    }
    if stats.iter().any(|s| matches!(s, Stat::Percentile(_))) {
        values.sort_unstable();
    }
    for (o, s) in out.iter_mut().zip(stats) {
        *o = match *s {
            Stat::Best => values.iter().copied().min().unwrap_or(NEVER),
            Stat::Mean if values.contains(&NEVER) => NEVER,
            Stat::Mean => {
                let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
                ((sum + n as u64 / 2) / n as u64) as u32
            }
            // NEVER sorts last, so a rank past the minutes with a journey reads it.
            Stat::Percentile(q) => values[rank(q, n) - 1],
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Runs covering `n` minutes from lengths and arrivals (`None`: no
    /// journey), each arrival after its run's last minute.
    fn runs_from(parts: &[(u32, Option<u32>)], start: u32) -> (Vec<(u32, u32, u32)>, usize) {
        let mut runs = Vec::new();
        let mut a = 0;
        for &(len, extra) in parts {
            let b = a + len - 1;
            runs.push((a, b, extra.map_or(NEVER, |x| start + 60 * b + x)));
            a = b + 1;
        }
        (runs, a as usize)
    }

    proptest! {
        /// Searching over the runs and sorting the minutes give the
        /// statistics of the listed minutes, worked out directly.
        #[test]
        fn runs_give_the_statistics_of_their_minutes(
            parts in prop::collection::vec((1u32..=4, prop::option::weighted(0.9, 0u32..4000)), 1..60),
            walk in prop::option::of(0u32..5000),
            qs in prop::collection::vec(0.0f64..=100.0, 0..4),
        ) {
            let start = 7 * 3600;
            let walk = walk.unwrap_or(NEVER);
            let (runs, n) = runs_from(&parts, start);
            let minutes: Vec<u32> = runs
                .iter()
                .flat_map(|&(a, b, arr)| {
                    (a..=b).map(move |j| if arr == NEVER { walk } else { walk.min(arr - start - 60 * j) })
                })
                .collect();
            let mut sorted = minutes.clone();
            sorted.sort();
            let mut stats = vec![Stat::Best, Stat::Mean];
            stats.extend(qs.iter().map(|&q| Stat::Percentile(q)));
            let want: Vec<u32> = stats
                .iter()
                .map(|s| match *s {
                    Stat::Best => sorted[0],
                    Stat::Mean if sorted.contains(&NEVER) => NEVER,
                    Stat::Mean => {
                        let sum: u64 = minutes.iter().map(|&v| u64::from(v)).sum();
                        ((sum + n as u64 / 2) / n as u64) as u32
                    }
                    Stat::Percentile(q) => sorted[rank(q, n) - 1],
                })
                .collect();
            for max_searched in [0, MAX_SEARCHED_RUNS, usize::MAX] {
                let mut buf = Buf { runs: runs.clone(), values: Vec::new() };
                let mut got = vec![0; stats.len()];
                summarise(&mut buf, n, start, walk, &stats, &mut got, max_searched);
                prop_assert_eq!(&got, &want, "searching over at most {} runs", max_searched);
            }
        }
    }
}
