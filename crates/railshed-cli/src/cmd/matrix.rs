//! `railshed matrix`: travel-time matrices over a departure window.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use railshed_core::StationIdx;
use railshed_core::limits::thousands;
use railshed_solver::{Matrix, MatrixSpec, Options, Stat, Window};

use crate::input::{NetworkArgs, Prepared, parse_window};
use crate::output::{bad_input, progress};

#[derive(clap::Args)]
#[command(after_help = "\
For each origin and each minute of the window, the travel time to every station is that of the
journey arriving first among those leaving at or after that minute (waiting included); the
statistics are taken over the minutes of the window (percentiles by nearest rank). Cells are
whole minutes, empty where there is no journey (for the mean: where any minute has none).

Layouts: long (default) has one row per origin and destination and one column per statistic;
wide has one row per origin and statistic and one column per destination.

Examples:
  railshed matrix --from all --window 07:00-09:00 --percentiles 10,50,90 --out matrix.csv
  railshed matrix --from LDS,MAN,YRK --mean --best --layout wide --out am-peak.csv
  railshed matrix --from all --scheme npr-tfn --percentiles 50 --out npr.csv --threads 2")]
pub(crate) struct Args {
    /// Origins: station ids, CRS codes, TIPLOCs or names separated by commas, or "all".
    #[arg(long, value_name = "STOPS")]
    from: String,
    /// Window of departures.
    #[arg(long, value_name = "HH:MM-HH:MM", value_parser = parse_window, default_value = "07:00-09:00")]
    window: Window,
    /// Percentiles of travel time over the window (0–100, any number of them).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    percentiles: Vec<f64>,
    /// Also the mean travel time.
    #[arg(long)]
    mean: bool,
    /// Also the best (shortest) travel time.
    #[arg(long)]
    best: bool,
    /// At most this many changes between trains.
    #[arg(long, value_name = "N")]
    max_transfers: Option<u32>,
    /// CSV file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Table layout.
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    layout: Layout,
    /// Worker threads (default: one per core; at most 256).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print the time spent loading, compiling and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

#[derive(Copy, Clone, clap::ValueEnum)]
enum Layout {
    Long,
    Wide,
}

/// The most origin × destination cells of a matrix (10,000 × 10,000).
pub(crate) const MAX_CELLS: usize = 100_000_000;

/// The most worker threads `--threads` may ask for.
pub(crate) const MAX_THREADS: usize = 256;

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    railshed_io::atomic::check(&args.out, railshed_io::atomic::Output::File)?;
    let mut stats: Vec<Stat> = Vec::new();
    for &p in &args.percentiles {
        if !(0.0..=100.0).contains(&p) {
            return Err(bad_input(format!("percentile {p} is outside 0–100")));
        }
        stats.push(Stat::Percentile(p));
    }
    if args.mean {
        stats.push(Stat::Mean);
    }
    if args.best {
        stats.push(Stat::Best);
    }
    if stats.is_empty() {
        stats.push(Stat::Percentile(50.0));
    }
    if args.threads == Some(0) {
        return Err(bad_input("--threads must be at least 1"));
    }
    if let Some(n) = args.threads.filter(|&n| n > MAX_THREADS) {
        return Err(bad_input(format!("--threads {n} is more than {MAX_THREADS}, the limit")));
    }
    let p = args.net.prepare()?;
    let origins: Vec<StationIdx> = if args.from.trim().eq_ignore_ascii_case("all") {
        (0..p.timetable.stations.len()).map(StationIdx::new).collect()
    } else {
        args.from.split(',').map(|s| p.station(s)).collect::<Result<_>>()?
    };
    let cells = origins.len().saturating_mul(p.timetable.stations.len());
    if cells > MAX_CELLS {
        return Err(bad_input(format!(
            "--from {}: {} origins × {} destinations is {} cells, more than the limit of {} (about {} MB per statistic): give fewer origins",
            railshed_io::elide(&args.from, 40),
            thousands(origins.len()),
            thousands(p.timetable.stations.len()),
            thousands(cells),
            thousands(MAX_CELLS),
            MAX_CELLS * 2 / 1_000_000
        )));
    }
    let spec = MatrixSpec {
        origins,
        window: args.window,
        stats,
        options: Options { max_boardings: args.max_transfers.map(|n| n.saturating_add(1)) },
    };

    let t0 = Instant::now();
    let bar = progress(Some(spec.origins.len() as u64), "{bar:40} {pos}/{len} origins, {per_sec}, eta {eta}");
    let progress = |_: usize| bar.inc(1);
    let matrix = match args.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("starting worker threads")?
            .install(|| p.solver.matrix(&spec, &progress))?,
        None => p.solver.matrix(&spec, &progress)?,
    };
    bar.finish_and_clear();
    let query = t0.elapsed();

    railshed_io::atomic::write_with(&args.out, |out| write_csv(out, &p, &matrix, args.layout))?;
    if args.stats {
        p.print_stats(query)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn cell(v: Option<u16>) -> String {
    v.map(|m| m.to_string()).unwrap_or_default()
}

fn write_csv(out: &mut dyn Write, p: &Prepared, m: &Matrix, layout: Layout) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let ids: Vec<&str> = p.timetable.stations.iter().map(|s| s.id.as_str()).collect();
    let names: Vec<String> = m.stats().iter().map(Stat::to_string).collect();
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
