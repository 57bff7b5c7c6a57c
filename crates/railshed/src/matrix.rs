//! Travel-time matrices over a window of departures (`railshed matrix`):
//! the request checked, the origins resolved, the solver run on a pool of
//! the size asked for, and the result as the CSV the command writes.

use std::io::Write;
use std::time::{Duration, Instant};

use railshed_core::StationIdx;
use railshed_core::limits::thousands;
use railshed_solver::{Matrix, MatrixSpec, Options, Stat, Window};

use crate::error::{Error, Result};
use crate::network::Prepared;

/// The most origin × destination cells of a matrix (10,000 × 10,000).
pub const MAX_CELLS: usize = 100_000_000;

/// The most worker threads a matrix may ask for.
pub const MAX_THREADS: usize = 256;

/// A matrix to compute.
#[derive(Clone, Debug)]
pub struct MatrixRequest {
    /// The origins as the user gave them: station ids, CRS codes, TIPLOCs
    /// or names separated by commas, or `all` (every station, in index
    /// order). Error messages quote it as `--from`.
    pub from: String,
    /// The window of departures.
    pub window: Window,
    /// Percentiles of travel time over the window (0–100).
    pub percentiles: Vec<f64>,
    /// Also the mean travel time.
    pub mean: bool,
    /// Also the best (shortest) travel time.
    pub best: bool,
    /// At most this many changes between trains.
    pub max_transfers: Option<u32>,
    /// Worker threads (default: rayon's current pool, one per core); at
    /// most [`MAX_THREADS`].
    pub threads: Option<usize>,
}

impl MatrixRequest {
    /// The statistics asked for, in column order (the percentiles, then
    /// the mean, then the best; the median when none is asked for), after
    /// checking the request's numbers: call it to fail early, before the
    /// network is loaded.
    pub fn stats(&self) -> Result<Vec<Stat>> {
        let mut stats: Vec<Stat> = Vec::new();
        for &p in &self.percentiles {
            if !(0.0..=100.0).contains(&p) {
                return Err(Error::bad_input(format!("percentile {p} is outside 0–100")));
            }
            stats.push(Stat::Percentile(p));
        }
        if self.mean {
            stats.push(Stat::Mean);
        }
        if self.best {
            stats.push(Stat::Best);
        }
        if stats.is_empty() {
            stats.push(Stat::Percentile(50.0));
        }
        if self.threads == Some(0) {
            return Err(Error::bad_input("--threads must be at least 1"));
        }
        if let Some(n) = self.threads.filter(|&n| n > MAX_THREADS) {
            return Err(Error::bad_input(format!("--threads {n} is more than {MAX_THREADS}, the limit")));
        }
        Ok(stats)
    }

    /// The origin stations on `p`, in row order.
    pub fn origins(&self, p: &Prepared) -> Result<Vec<StationIdx>> {
        let origins: Vec<StationIdx> = if self.from.trim().eq_ignore_ascii_case("all") {
            (0..p.timetable.stations.len()).map(StationIdx::new).collect()
        } else {
            self.from.split(',').map(|s| p.station(s)).collect::<Result<_>>()?
        };
        let n = p.timetable.stations.len();
        let cells = origins.len().saturating_mul(n);
        if cells > MAX_CELLS {
            return Err(Error::bad_input(format!(
                "--from {}: {} origins × {} destinations is {} cells, more than the limit of {} (about {} MB per statistic): give fewer origins",
                railshed_io::elide(&self.from, 40),
                thousands(origins.len()),
                thousands(n),
                thousands(cells),
                thousands(MAX_CELLS),
                MAX_CELLS * 2 / 1_000_000
            )));
        }
        Ok(origins)
    }
}

/// The table layout of [`MatrixResult::write_csv`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One row per origin and destination, one column per statistic.
    Long,
    /// One row per origin and statistic, one column per destination.
    Wide,
}

/// A computed matrix, on the network it was computed on.
pub struct MatrixResult<'a> {
    /// The network: its stations are the destinations, in index order.
    pub prepared: &'a Prepared,
    /// The travel times.
    pub matrix: Matrix,
    /// The time the computation took.
    pub query: Duration,
}

/// Computes the matrix `req` asks for on `p`; `progress` is called once
/// per origin done, from any worker thread. The result is the same for any
/// number of threads.
pub fn matrix<'a>(
    p: &'a Prepared,
    req: &MatrixRequest,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<MatrixResult<'a>> {
    let stats = req.stats()?;
    let origins = req.origins(p)?;
    let spec = MatrixSpec {
        origins,
        window: req.window,
        stats,
        options: Options { max_boardings: req.max_transfers.map(|n| n.saturating_add(1)) },
    };
    let t0 = Instant::now();
    let matrix = match req.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(Error::Threads)?
            .install(|| p.solver.matrix(&spec, progress))?,
        None => p.solver.matrix(&spec, progress)?,
    };
    Ok(MatrixResult { prepared: p, matrix, query: t0.elapsed() })
}

fn cell(v: Option<u16>) -> String {
    v.map(|m| m.to_string()).unwrap_or_default()
}

impl MatrixResult<'_> {
    /// The column names of the statistics (`p10`, `p2.5`, `mean`, `best`).
    pub fn stat_names(&self) -> Vec<String> {
        self.matrix.stats().iter().map(Stat::to_string).collect()
    }

    /// Writes the matrix as `railshed matrix --out` does: whole minutes,
    /// empty cells where there is no journey.
    pub fn write_csv(&self, out: &mut dyn Write, layout: Layout) -> std::io::Result<()> {
        let m = &self.matrix;
        let mut w = csv::Writer::from_writer(out);
        let ids: Vec<&str> = self.prepared.timetable.stations.iter().map(|s| s.id.as_str()).collect();
        let names = self.stat_names();
        match layout {
            Layout::Long => {
                let mut header = vec!["origin".to_owned(), "destination".to_owned()];
                header.extend(names);
                w.write_record(&header)?;
                for (row, o) in m.origins().iter().enumerate() {
                    for (d, dest) in ids.iter().enumerate() {
                        let mut rec = vec![ids[o.idx()].to_owned(), (*dest).to_owned()];
                        rec.extend((0..m.stats().len()).map(|k| cell(m.get(row, k, StationIdx::new(d)))));
                        w.write_record(&rec)?;
                    }
                }
            }
            Layout::Wide => {
                let mut header = vec!["origin", "statistic"];
                header.extend(ids.iter().copied());
                w.write_record(&header)?;
                for (row, o) in m.origins().iter().enumerate() {
                    for (k, name) in names.iter().enumerate() {
                        let mut rec = vec![ids[o.idx()].to_owned(), name.clone()];
                        rec.extend((0..ids.len()).map(|d| cell(m.get(row, k, StationIdx::new(d)))));
                        w.write_record(&rec)?;
                    }
                }
            }
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkSpec;
    use railshed_core::Time;

    fn request(from: &str) -> MatrixRequest {
        MatrixRequest {
            from: from.to_owned(),
            window: Window::new(Time::hms(8, 0, 0), Time::hms(8, 10, 0)),
            percentiles: Vec::new(),
            mean: false,
            best: false,
            max_transfers: None,
            threads: None,
        }
    }

    /// `stats()` of a request with these percentiles, threads, mean and
    /// best: the column names, or the error.
    fn check(percentiles: &[f64], threads: Option<usize>, mean: bool, best: bool, expect: &str) {
        let req = MatrixRequest { percentiles: percentiles.to_vec(), threads, mean, best, ..request("all") };
        let got = match req.stats() {
            Ok(s) => s.iter().map(Stat::to_string).collect::<Vec<_>>().join(","),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn statistics_and_their_limits() {
        check(&[], None, false, false, "p50");
        check(&[10.0, 90.0], None, true, true, "p10,p90,mean,best");
        check(&[101.0], None, false, false, "error: percentile 101 is outside 0–100");
        check(&[], Some(0), false, false, "error: --threads must be at least 1");
        check(&[], Some(257), false, false, "error: --threads 257 is more than 256, the limit");
    }

    #[test]
    fn csv_of_named_origins_is_the_same_on_any_pool() {
        let p = NetworkSpec::default().prepare().unwrap();
        let csv = |threads| {
            let req = MatrixRequest { threads, best: true, ..request("LDS,YRK") };
            let m = matrix(&p, &req, &|_| {}).unwrap();
            let mut out = Vec::new();
            m.write_csv(&mut out, Layout::Long).unwrap();
            String::from_utf8(out).unwrap()
        };
        let one = csv(Some(1));
        assert_eq!(one, csv(Some(3)));
        let mut lines = one.lines();
        assert_eq!(lines.next(), Some("origin,destination,best"));
        assert_eq!(lines.count(), 2 * p.stations().len());
        let unknown = matrix(&p, &request("LDS,Nowhere"), &|_| {}).err().unwrap();
        assert_eq!(unknown.kind(), crate::ErrorKind::BadInput);
    }
}
