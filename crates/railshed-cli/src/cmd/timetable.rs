//! `railshed timetable info`: what a GTFS feed or CIF archive holds for one date.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_io::Date;
use railshed_io::timetable::Summary;

use crate::input::{import_timetable, parse_date};
use crate::output::{Format, print, print_csv};

#[derive(clap::Subcommand)]
pub(crate) enum TimetableCommand {
    /// Counts of stations, routes, trips, stop times and transfers on a date,
    /// and of the records left out, by reason.
    #[command(after_help = "\
--format table (default) prints the counts; json one object {name, format, date, stations,
change_times, routes, lines, trips, stop_times, walks, dropped: {reason: count}}; csv the same
with the header item,value: one row each for format, date, stations, change_times, routes,
lines, trips, stop_times and walks, then one \"left out: REASON\" row per kind of record left out.

Examples:
  railshed timetable info feed.zip --date 2023-06-13
  railshed timetable info rdg_cif_ttisf585_sample.zip --date 2020-03-21 --format json
  railshed timetable info feed.zip --date 2023-06-13 --format csv")]
    Info(InfoArgs),
}

#[derive(clap::Args)]
pub(crate) struct InfoArgs {
    /// GTFS feed (zip or folder) or RDG CIF archive (zip).
    #[arg(value_name = "FEED")]
    feed: PathBuf,
    /// Service date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Date,
    /// Minimum change time, in minutes, at stations whose data states none [default: 5].
    #[arg(long, value_name = "MINUTES")]
    default_change_time: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub(crate) fn run(cmd: TimetableCommand) -> Result<ExitCode> {
    match cmd {
        TimetableCommand::Info(a) => {
            let imported = import_timetable(&a.feed, a.date, a.default_change_time)?;
            let s = &imported.summary;
            match a.format {
                Format::Table => print(&table(&imported.network.name, s))?,
                Format::Json => {
                    print(&(serde_json::to_string_pretty(&json(&imported.network.name, s))? + "\n"))?
                }
                Format::Csv => print_csv(&["item", "value"], csv_rows(s))?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn table(name: &str, s: &Summary) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{name}");
    let _ = writeln!(t, "format        {:>8}", s.format.name());
    let _ = writeln!(t, "date          {:>8}", s.date.to_string());
    let rows = [
        ("stations", s.stations),
        ("change times", s.change_times),
        ("routes", s.routes),
        ("lines", s.lines),
        ("trips", s.trips),
        ("stop times", s.stop_times),
        ("walks", s.walks),
    ];
    for (label, n) in rows {
        let _ = writeln!(t, "{label:<13} {n:>8}");
    }
    if !s.dropped.is_empty() {
        let _ = writeln!(t, "\nleft out");
        for (reason, n) in &s.dropped {
            let _ = writeln!(t, "{n:>8}  {reason}");
        }
    }
    t
}

fn json(name: &str, s: &Summary) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "format": s.format.name(),
        "date": s.date.to_string(),
        "stations": s.stations,
        "change_times": s.change_times,
        "routes": s.routes,
        "lines": s.lines,
        "trips": s.trips,
        "stop_times": s.stop_times,
        "walks": s.walks,
        "dropped": s.dropped,
    })
}

fn csv_rows(s: &Summary) -> Vec<[String; 2]> {
    let mut rows =
        vec![["format".to_owned(), s.format.name().to_owned()], ["date".to_owned(), s.date.to_string()]];
    let counts = [
        ("stations", s.stations),
        ("change_times", s.change_times),
        ("routes", s.routes),
        ("lines", s.lines),
        ("trips", s.trips),
        ("stop_times", s.stop_times),
        ("walks", s.walks),
    ];
    rows.extend(counts.iter().map(|(k, n)| [k.to_string(), n.to_string()]));
    rows.extend(s.dropped.iter().map(|(reason, n)| [format!("left out: {reason}"), n.to_string()]));
    rows
}
