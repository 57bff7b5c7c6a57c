//! Travel-time matrices: many origins to every station, in parallel.
//!
//! Each origin is one travel-profile range query (see [`crate::profile`]:
//! travel times and the fastest journey need no more) or, when the trips of
//! the fastest journeys are not asked for, one minute query (see
//! [`crate::minutes`]: the lane scan on frequent networks), in a per-thread
//! [`Scratch`] (rayon's `for_each_init`), whose answer is reduced at once
//! to the requested statistics and written as whole minutes into the
//! origin's own row; nothing is shared between origins, so the result is the
//! same for any number of threads.

use railshed_core::StationIdx;
use rayon::prelude::*;

use crate::minutes::{MinuteMethod, MinuteTimes, minutes};
use crate::profile::{Keep, range};
use crate::raptor::Scratch;
use crate::stats::{self, Stat, to_minutes};
use crate::{Options, SolveError, Solver, Window};

/// `u16` travel time meaning "no journey".
pub const UNREACHABLE: u16 = u16::MAX;

/// What a matrix is of.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSpec {
    /// Origins, one row each, in this order.
    pub origins: Vec<StationIdx>,
    /// Window of departures.
    pub window: Window,
    /// Statistics over the minutes of the window, one value each per cell.
    pub stats: Vec<Stat>,
    /// Query options (round limit).
    pub options: Options,
    /// Whether to count the trips boarded on each fastest journey
    /// ([`Matrix::fastest_boardings`]); without them, frequent networks are
    /// answered by the cheaper minute scan (the same travel times).
    pub boardings: bool,
}

/// Travel times in whole minutes from each origin to every station, one
/// value per statistic: `origins × stats × stations` `u16`s
/// ([`UNREACHABLE`] where undefined).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    origins: Vec<StationIdx>,
    stats: Vec<Stat>,
    n_dest: usize,
    data: Vec<u16>,
    /// Trips of each fastest journey, when asked for.
    boardings: Option<Vec<u8>>,
}

impl Matrix {
    /// The origins, in row order.
    pub fn origins(&self) -> &[StationIdx] {
        &self.origins
    }

    /// The statistics, in order.
    pub fn stats(&self) -> &[Stat] {
        &self.stats
    }

    /// Number of destinations (every station of the timetable).
    pub fn n_destinations(&self) -> usize {
        self.n_dest
    }

    /// Minutes from origin row `row` to every station for statistic `stat`
    /// (an index into [`Matrix::stats`]).
    ///
    /// # Panics
    /// If `row` or `stat` is out of range.
    pub fn row(&self, row: usize, stat: usize) -> &[u16] {
        assert!(stat < self.stats.len(), "statistic {stat} out of range");
        let start = (row * self.stats.len() + stat) * self.n_dest;
        &self.data[start..start + self.n_dest]
    }

    /// Minutes from origin row `row` to `dest` for statistic `stat`, `None`
    /// when undefined (no journey).
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn get(&self, row: usize, stat: usize, dest: StationIdx) -> Option<u16> {
        let v = self.row(row, stat)[dest.idx()];
        (v != UNREACHABLE).then_some(v)
    }

    /// Trips boarded on the fastest journey of the window from origin row
    /// `row` to every station (0 on foot alone, [`u8::MAX`] when not
    /// reached; more than 254 saturates at 254), `None` unless the matrix
    /// was asked for them ([`MatrixSpec::boardings`]).
    ///
    /// # Panics
    /// If `row` is out of range.
    pub fn fastest_boardings(&self, row: usize) -> Option<&[u8]> {
        assert!(row < self.origins.len(), "row {row} out of range");
        self.boardings.as_ref().map(|b| &b[row * self.n_dest..(row + 1) * self.n_dest])
    }

    /// Bytes of the values.
    pub fn heap_bytes(&self) -> usize {
        self.data.len() * 2 + self.boardings.as_ref().map_or(0, Vec::len)
    }
}

impl Solver {
    /// A matrix of travel times (see [`Matrix`]), origins in parallel on the
    /// current rayon pool. `progress` is called once per origin done, from
    /// any thread, with the number done so far.
    pub fn matrix(&self, spec: &MatrixSpec, progress: &(dyn Fn(usize) + Sync)) -> Result<Matrix, SolveError> {
        stats::check(&spec.stats)?;
        for &o in &spec.origins {
            self.check_station(o)?;
        }
        let w = self.check_window(spec.window)?;
        let n = self.n_stations();
        let n_stats = spec.stats.len();
        let mut data = vec![UNREACHABLE; spec.origins.len() * n_stats * n];
        let mut boardings = spec.boardings.then(|| vec![u8::MAX; spec.origins.len() * n]);
        let done = std::sync::atomic::AtomicUsize::new(0);
        let max_rounds = spec.options.max_rounds();
        let write = |row: &mut [u16], dest: usize, values: &[u32]| {
            for (k, &v) in values.iter().enumerate() {
                row[k * n + dest] = to_minutes(v);
            }
        };
        let init = || (self.scratch(), vec![0u32; n_stats]);
        let tick = || progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
        let span = (w.start.0, w.end.0);
        if n_stats == 0 || n == 0 {
            // Nothing to compute.
        } else if let Some(boardings) = boardings.as_mut() {
            let rows = data.par_chunks_mut(n_stats * n).zip(boardings.par_chunks_mut(n));
            rows.zip(spec.origins.par_iter()).for_each_init(
                init,
                |(scratch, values), ((row, fastest), &origin)| {
                    range(&self.fwd, scratch, &[(origin.0, 0)], span, max_rounds, Keep::Fastest);
                    let Scratch { prof, summary, .. } = scratch;
                    for (dest, fastest) in fastest.iter_mut().enumerate() {
                        let raw = prof.raw(dest);
                        if let Some((_, b)) = raw.fastest() {
                            *fastest = b.min(254) as u8;
                        }
                        stats::compute(&raw, summary, &spec.stats, values);
                        write(row, dest, values);
                    }
                    tick();
                },
            );
        } else {
            let conns = self.connections();
            let rows = data.par_chunks_mut(n_stats * n);
            rows.zip(spec.origins.par_iter()).for_each_init(init, |(scratch, values), (row, &origin)| {
                minutes(&self.fwd, conns, scratch, &[(origin.0, 0)], w, max_rounds, MinuteMethod::Auto);
                let mut times = MinuteTimes::new(scratch, w);
                for dest in 0..n {
                    times.summary_into(dest, &spec.stats, values);
                    write(row, dest, values);
                }
                tick();
            });
        }
        Ok(Matrix { origins: spec.origins.clone(), stats: spec.stats.clone(), n_dest: n, data, boardings })
    }
}
