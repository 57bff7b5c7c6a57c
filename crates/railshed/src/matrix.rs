//! Travel-time matrices over a window of departures (`railshed matrix`):
//! the request checked, the origins resolved, the solver run on a pool of
//! the size asked for, and the result as the CSV the command writes.

use std::io::Write;
use std::time::{Duration, Instant};

use railshed_core::StationIdx;
use railshed_core::limits::thousands;
use railshed_solver::{Matrix, MatrixSpec, Options, Stat, Window};

use railshed_io::table::{Column, Kind, ParquetWriter, ROW_GROUP_ROWS, Table, TableFormat};
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::network::{NetworkSpec, Prepared};
use crate::shard::{Manifest, Merged, PartFiles, Shard};

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
    let origins = req.origins(p)?;
    matrix_from(p, req, origins, progress)
}

/// Computes the matrix `req` asks for on `p` from these origins (some of
/// [`MatrixRequest::origins`], for a shard).
pub fn matrix_from<'a>(
    p: &'a Prepared,
    req: &MatrixRequest,
    origins: Vec<StationIdx>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<MatrixResult<'a>> {
    let stats = req.stats()?;
    let spec = MatrixSpec {
        origins,
        window: req.window,
        stats,
        options: Options { max_boardings: req.max_transfers.map(|n| n.saturating_add(1)) },
        boardings: false,
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

/// Refuses the wide layout for Parquet.
pub fn check_long(layout: Layout) -> Result<()> {
    match layout {
        Layout::Long => Ok(()),
        Layout::Wide => Err(Error::bad_input(
            "--layout wide: a Parquet matrix is long (one row per origin and destination): use --layout long or a .csv file",
        )),
    }
}

fn cell(v: Option<u16>) -> String {
    v.map(|m| m.to_string()).unwrap_or_default()
}

impl MatrixResult<'_> {
    /// The matrix as a long table, for Parquet: `origin`, `destination`
    /// (station ids), then one column per statistic (whole minutes, missing
    /// where there is no journey): the rows and values of the long CSV.
    pub fn long_table(&self) -> Table {
        self.long_rows(0..self.matrix.origins().len())
    }

    /// The rows of [`MatrixResult::long_table`] of the origins in `rows`.
    fn long_rows(&self, rows: std::ops::Range<usize>) -> Table {
        let m = &self.matrix;
        let ids: Vec<&str> = self.prepared.timetable.stations.iter().map(|s| s.id.as_str()).collect();
        let cells = rows.len() * ids.len();
        let (mut origin, mut destination) = (Vec::with_capacity(cells), Vec::with_capacity(cells));
        let mut values: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(cells); m.stats().len()];
        for row in rows {
            let o = ids[m.origins()[row].idx()];
            for (d, dest) in ids.iter().enumerate() {
                origin.push(o.to_owned());
                destination.push((*dest).to_owned());
                for (k, col) in values.iter_mut().enumerate() {
                    col.push(m.get(row, k, StationIdx::new(d)).map(f64::from));
                }
            }
        }
        let names = self.stat_names();
        let mut columns = vec![("origin", Column::Text(origin)), ("destination", Column::Text(destination))];
        columns.extend(names.iter().map(String::as_str).zip(values.into_iter().map(Column::Float)));
        Table::new(columns)
    }

    /// The columns of the long table.
    fn long_schema(&self) -> Vec<(String, Kind)> {
        let mut schema = vec![("origin".to_owned(), Kind::Text), ("destination".to_owned(), Kind::Text)];
        schema.extend(self.stat_names().into_iter().map(|n| (n, Kind::Float)));
        schema
    }

    /// Writes the long table as Parquet into `out`, a row group at a time
    /// (the whole table is never held: a few origins' rows and the row
    /// group being written), and gives `out` back.
    pub fn write_parquet<W: Write + Send>(&self, out: W) -> Result<W> {
        let schema = self.long_schema();
        let schema: Vec<(&str, Kind)> = schema.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let mut w = ParquetWriter::new(out, &schema)?;
        let per = (ROW_GROUP_ROWS / self.prepared.timetable.stations.len().max(1)).clamp(1, 64);
        let n = self.matrix.origins().len();
        for start in (0..n).step_by(per) {
            w.push(self.long_rows(start..(start + per).min(n)))?;
        }
        Ok(w.finish()?)
    }

    /// The matrix as the bytes of a file of `format`: the CSV of `layout`,
    /// or the long table as Parquet (which has no wide layout).
    pub fn to_bytes(&self, format: TableFormat, layout: Layout) -> Result<Vec<u8>> {
        match format {
            TableFormat::Csv => {
                let mut out = Vec::new();
                self.write_csv(&mut out, layout).map_err(|e| Error::bad_input(format!("matrix CSV: {e}")))?;
                Ok(out)
            }
            TableFormat::Parquet => {
                check_long(layout)?;
                self.write_parquet(Vec::new())
            }
        }
    }

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

/// Runs part `shard` of the matrix `req` on the network `spec` describes
/// (prepared as `p`): the rows of its share of the origins (contiguous, in
/// order), as `format` in `layout`, with a manifest like those of sharded
/// comparisons (`railshed::shard`) recording the request, the version, the
/// SHA-256 of the network's input files, the shard and the part's hash.
#[allow(clippy::too_many_arguments)]
pub fn matrix_shard(
    p: &Prepared,
    spec: &NetworkSpec,
    req: &MatrixRequest,
    layout: Layout,
    shard: Shard,
    format: TableFormat,
    version: &str,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<PartFiles> {
    let stats = req.stats()?;
    let origins = req.origins(p)?;
    let total = origins.len();
    let range = shard.range(total);
    if format == TableFormat::Parquet {
        check_long(layout)?;
    }
    let m = matrix_from(p, req, origins[range.clone()].to_vec(), progress)?;
    let part = m.to_bytes(format, layout)?;
    let header_bytes = match format {
        TableFormat::Csv => part.iter().position(|&b| b == b'\n').map_or(part.len(), |i| i + 1),
        TableFormat::Parquet => 0,
    };
    let part_name = format!("{}.{}", shard.stem(), format.extension());
    let rows = match (format, layout) {
        (TableFormat::Csv, Layout::Wide) => range.len() * stats.len(),
        _ => range.len() * p.timetable.stations.len(),
    };
    let manifest = json!({
        "format": crate::shard::MANIFEST_FORMAT,
        "run": {
            "command": "matrix",
            "railshed_version": version,
            "request": {
                "from": req.from,
                "window": [req.window.start.to_string(), req.window.end.to_string()],
                "percentiles": req.percentiles,
                "mean": req.mean,
                "best": req.best,
                "max_transfers": req.max_transfers,
                "layout": match layout { Layout::Long => "long", Layout::Wide => "wide" },
            },
            "network": {
                "network": spec.network.as_ref().map(|p| p.display().to_string()),
                "schemes": spec.schemes,
                "overlays": spec.overlays.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "timetable": spec.timetable.as_ref().map(|p| p.display().to_string()),
                "date": spec.date.map(|d| d.to_string()),
                "default_change_time": spec.default_change_time,
            },
            "inputs": input_hashes(p)?,
            "stats": m.stat_names(),
            "origins": total,
            "destinations": p.timetable.stations.len(),
            "part_format": format.extension(),
        },
        "shard": {"index": shard.index, "count": shard.count, "origins": [range.start, range.end]},
        "part": {"file": part_name, "rows": rows, "header_bytes": header_bytes, "sha256": railshed_report::html::sha256_hex(&part)},
    });
    Ok(PartFiles {
        part_name,
        part,
        manifest_name: format!("{}.json", shard.stem()),
        manifest: serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n",
    })
}

/// The SHA-256 of every file the network was read from, as it was read
/// (the embedded network is named: the version identifies it).
fn input_hashes(p: &Prepared) -> Result<Vec<Value>> {
    if p.inputs.is_empty() {
        return Err(Error::bad_input(
            "a sharded matrix records its inputs: prepare its network with NetworkSpec::prepare",
        ));
    }
    Ok(p.inputs.iter().map(|i| json!({"role": i.role, "name": i.name, "sha256": i.sha256})).collect())
}

/// The parts of a sharded matrix (checked by `railshed::shard::merge` to be
/// one whole run) as the bytes of the unsharded file: the CSV parts joined
/// under one header, or the Parquet parts' rows in one table, written a row
/// group at a time as the unsharded matrix is (so the bytes are the same).
pub(crate) fn merge_parts(
    dir: &std::path::Path,
    manifests: &[Manifest],
    run: &Value,
    format: TableFormat,
) -> Result<Merged> {
    let total = run["origins"].as_u64().unwrap_or(0) as usize;
    let destinations = run["destinations"].as_u64().unwrap_or(0) as usize;
    let stats: Vec<String> = run["stats"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let mut schema: Vec<(&str, Kind)> = vec![("origin", Kind::Text), ("destination", Kind::Text)];
    schema.extend(stats.iter().map(|s| (s.as_str(), Kind::Float)));
    let mut next = 0;
    let mut csv: Vec<u8> = Vec::new();
    let mut header: Option<Vec<u8>> = None;
    let mut parquet = match format {
        TableFormat::Parquet => Some(ParquetWriter::new(Vec::new(), &schema)?),
        TableFormat::Csv => None,
    };
    for m in manifests {
        if m.zones != m.shard.range(total) || m.zones.start != next {
            return Err(Error::bad_input(format!(
                "{}: $.shard.origins: not the origins of part {}",
                m.file, m.shard
            )));
        }
        next = m.zones.end;
        let (file, bytes) = crate::shard::read_part(dir, m, format)?;
        match &mut parquet {
            None => {
                let at = m.value["part"]["header_bytes"].as_u64().unwrap_or(0) as usize;
                let (head, rows) = bytes.split_at(at.min(bytes.len()));
                match &header {
                    None => {
                        header = Some(head.to_vec());
                        csv.extend_from_slice(head);
                    }
                    Some(h) if h.as_slice() != head => {
                        return Err(Error::bad_input(format!(
                            "{file}: its header is not that of the first part"
                        )));
                    }
                    Some(_) => {}
                }
                csv.extend_from_slice(rows);
            }
            Some(w) => {
                let want = m.zones.len() * destinations;
                let rows: usize = Table::parquet_row_groups(&file, &bytes)?.iter().sum();
                if rows != want {
                    return Err(Error::bad_input(format!("{file}: {rows} rows where {want} were expected")));
                }
                Table::for_each_parquet_row_group(&file, &bytes, &schema, &mut |t| w.push(t))?;
            }
        }
    }
    let bytes = match parquet {
        Some(w) => w.finish()?,
        None => csv,
    };
    Ok(Merged::Matrix { format, bytes, origins: total })
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
