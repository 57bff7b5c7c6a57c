//! `railshed query`: one-to-all earliest arrivals at one departure time from
//! one or many origins, in seconds, as CSV: the exchange format for
//! comparing answers and timings with other engines.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use railshed_core::{Network, StationIdx, Time, Timetable};
use railshed_io::timetable;
use railshed_solver::{Options, Solver, Source, close_footpaths};

use crate::input::{NetworkArgs, parse_time};
use crate::output::{bad_input, note};

/// At most this many walks once footpaths are closed (`--footpaths closed`).
const MAX_CLOSED_FOOTPATHS: usize = 20_000_000;

#[derive(clap::Args)]
#[command(after_help = "\
Writes CSV with the header origin_stop_id,stop_id,arrival_seconds (and boardings with
--boardings): for each origin and each stop reached, the earliest arrival in seconds after
midnight of the service day, leaving the origin at or after --depart (the origin itself arrives at
--depart). Unreachable stops are left out; rows are sorted by origin id, then stop id; ids are the
feed's (GTFS stop_id of the parent station, or of the stop with --platforms; CIF CRS).

To answer the question other engines answer: --change-time 0 (no minimum change time at any
station), --platforms (GTFS stops as they are, not grouped into parent stations) and --footpaths
closed (any chain of transfers walked as one). By default each station keeps the feed's own
minimum change time and one footpath is taken after each trip.

--repeat N runs the whole batch N times and prints on stderr
  query: min X ms, median Y ms, max Z ms (N runs of K origins)
--stats prints the time spent loading (reading and importing), laying out (compiling the
timetable, the options above, the solver's layout) and querying (the median run).
benches/README.md describes the benchmark protocol.

Examples:
  railshed query --timetable ttisf585.zip --date 2020-03-21 --from LDS --depart 08:00
  railshed query --timetable gtfs.zip --date 2023-06-13 --from @origins.txt --depart 08:00:00 \\
      --change-time 0 --platforms --footpaths closed --repeat 10 --stats --out answers.csv
  railshed query --from all --depart 07:30 --boardings --out north.csv")]
pub(crate) struct Args {
    /// Origins: stop ids separated by commas, @FILE (one stop id a line), or all.
    #[arg(long, value_name = "IDS|@FILE|all")]
    from: String,
    /// Leave at or after this time (HH:MM or HH:MM:SS).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    depart: Time,
    /// Add a boardings column: the fewest trips among the earliest journeys.
    #[arg(long)]
    boardings: bool,
    /// Minimum change time in minutes at every station, instead of the feed's own.
    #[arg(long, value_name = "MIN")]
    change_time: Option<u32>,
    /// GTFS: every stop and platform is a station of its own (no grouping by parent_station).
    #[arg(long)]
    platforms: bool,
    /// Footpaths as the feed gives them (one after each trip), or closed transitively.
    #[arg(long, value_enum, value_name = "HOW", default_value_t = Footpaths::AsGiven)]
    footpaths: Footpaths,
    /// Run the whole batch this many times and print min, median and max on stderr.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    repeat: Option<u32>,
    /// CSV file to write instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the time spent loading, laying out and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

/// `--footpaths`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Footpaths {
    /// As the feed gives them.
    AsGiven,
    /// Transitively closed: every station reachable on foot one walk away.
    Closed,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let t0 = Instant::now();
    let net = load(args)?;
    let load = t0.elapsed();

    let t1 = Instant::now();
    let mut tt = net.compile();
    drop(net);
    if let Some(min) = args.change_time {
        let secs = min.checked_mul(60).filter(|&s| s <= Time::MAX_SERVICE.0).ok_or_else(|| {
            bad_input(format!("--change-time {min}: at most {} minutes", Time::MAX_SERVICE.0 / 60))
        })?;
        for s in &mut tt.stations {
            s.min_change = secs;
        }
    }
    if args.footpaths == Footpaths::Closed {
        tt.footpaths = close_footpaths(tt.stations.len(), &tt.footpaths, MAX_CLOSED_FOOTPATHS)
            .map_err(|e| bad_input(format!("--footpaths closed: {e}")))?;
    }
    let solver = Solver::new(&tt);
    let layout = t1.elapsed();

    let origins = origins(&tt, &args.from)?;
    // Stations by id: the order of the rows.
    let mut order: Vec<usize> = (0..tt.stations.len()).collect();
    order.sort_unstable_by(|&a, &b| tt.stations[a].id.cmp(&tt.stations[b].id));

    let mut w = csv::Writer::from_writer(Vec::new());
    if args.boardings {
        w.write_record(["origin_stop_id", "stop_id", "arrival_seconds", "boardings"])?;
    } else {
        w.write_record(["origin_stop_id", "stop_id", "arrival_seconds"])?;
    }
    let mut scratch = solver.scratch();
    let repeat = args.repeat.unwrap_or(1);
    let mut runs: Vec<Duration> = Vec::with_capacity(repeat as usize);
    for run in 0..repeat {
        let mut spent = Duration::ZERO;
        for &o in &origins {
            let t = Instant::now();
            let res = solver.earliest_arrival(
                &mut scratch,
                &[Source { station: o, time: args.depart }],
                Options::default(),
            )?;
            spent += t.elapsed();
            if run > 0 {
                continue;
            }
            let origin = tt.stations[o.idx()].id.as_str();
            for &s in &order {
                let st = StationIdx::new(s);
                let a = res.arrival(st);
                if a == Time::NEVER {
                    continue;
                }
                let id = tt.stations[s].id.as_str();
                let arr = a.0.to_string();
                if args.boardings {
                    let b = res.boardings(st).map_or(String::new(), |b| b.to_string());
                    w.write_record([origin, id, &arr, &b])?;
                } else {
                    w.write_record([origin, id, &arr])?;
                }
            }
        }
        runs.push(spent);
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    match &args.out {
        Some(path) => railshed_io::atomic::write(path, &bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    runs.sort_unstable();
    let median = runs[runs.len() / 2];
    if args.repeat.is_some() {
        note(&format!(
            "query: min {:.3} ms, median {:.3} ms, max {:.3} ms ({} runs of {} origins)",
            ms(runs[0]),
            ms(median),
            ms(runs[runs.len() - 1]),
            runs.len(),
            origins.len()
        ));
    }
    if args.stats {
        note(&format!(
            "load {:.1} ms, layout {:.1} ms ({} stations, {} trips, {} routes, {} footpaths), query {:.3} ms ({} origins)",
            ms(load),
            ms(layout),
            tt.stations.len(),
            tt.trips.len(),
            solver.n_routes(),
            tt.footpaths.len(),
            ms(median),
            origins.len()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The network asked for; with `--platforms`, a GTFS feed imported without
/// grouping stops into stations.
fn load(args: &Args) -> Result<Network> {
    if !args.platforms {
        return args.net.load();
    }
    let (Some(path), Some(date)) = (&args.net.timetable, args.net.date) else {
        return Err(bad_input("--platforms needs a GTFS feed: --timetable FEED --date YYYY-MM-DD"));
    };
    if !args.net.schemes.is_empty() || !args.net.overlays.is_empty() {
        return Err(bad_input("--platforms does not go with --scheme or --overlay"));
    }
    let mut options = timetable::ImportSettings::new(date);
    if let Some(min) = args.net.default_change_time {
        options.default_change_secs = min.saturating_mul(60);
    }
    options.platforms = true;
    Ok(timetable::import(path, &options)?.network)
}

/// The origins of `--from`, each once, by id.
fn origins(tt: &Timetable, from: &str) -> Result<Vec<StationIdx>> {
    if from == "all" {
        let mut all: Vec<StationIdx> = (0..tt.stations.len()).map(StationIdx::new).collect();
        all.sort_unstable_by(|a, b| tt.stations[a.idx()].id.cmp(&tt.stations[b.idx()].id));
        return Ok(all);
    }
    let text;
    let ids: Vec<&str> = match from.strip_prefix('@') {
        Some(file) => {
            text = railshed_io::read_text(std::path::Path::new(file))?;
            text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
        }
        None => from.split(',').map(str::trim).collect(),
    };
    if ids.is_empty() {
        return Err(bad_input(format!("--from {from}: no stop ids")));
    }
    let by_id: HashMap<&str, usize> =
        tt.stations.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut list = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(&i) = by_id.get(id) else {
            let close = railshed_core::closest(id, tt.stations.iter().map(|s| s.id.as_str()));
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            let src = from.strip_prefix('@').map_or(String::new(), |file| format!("{file}: "));
            return Err(bad_input(format!("{src}--from: no stop {id:?} in the network{hint}")));
        };
        list.push(StationIdx::new(i));
    }
    list.sort_unstable_by(|a, b| tt.stations[a.idx()].id.cmp(&tt.stations[b.idx()].id));
    list.dedup();
    Ok(list)
}
