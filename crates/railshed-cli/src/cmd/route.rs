//! `railshed route`: the earliest journey between two stations.

use std::process::ExitCode;

use anyhow::Result;
use railshed::route::{CSV_HEADER, RouteRequest, When};
use railshed_core::Time;

use crate::input::{NetworkArgs, parse_time, print_stats};
use crate::output::{Format, print, print_csv};

#[derive(clap::Args)]
#[command(after_help = "\
Stations may be named by id, CRS code, TIPLOC or name (a unique part of a name will do).
With --depart, the journey is the earliest arrival leaving at or after that time, with the fewest
trains among those arriving then. With --arrive-by, it leaves as late as possible and still arrives
by that time (then arrives as early as it can from there). Times past 24:00 are after midnight of
the same service day.

JSON output (--format json) is one object: from and to ({id, name}), depart_after (or arrive_by),
departure and arrival (\"HH:MM:SS\", or null when there is no journey), duration_min,
boardings (trains boarded) and legs, each {mode: \"ride\" | \"walk\", from, to, departure,
arrival, ...}; a ride also has line, line_name, operator, trip and its calls.

CSV output (--format csv) has one row per leg, with the header
leg,mode,from,from_name,to,to_name,departure,arrival,minutes,line,line_name,operator,trip
(leg counts from 1; line to trip are empty for walks); only the header when there is no journey.
--format table (or text, the default) prints the journey leg by leg.

Examples:
  railshed route Leeds \"Manchester Piccadilly\" --depart 08:00
  railshed route LDS MAN --depart 08:00 --format json
  railshed route LDS MAN --arrive-by 09:00
  railshed route LDS MAN --depart 08:00 --format csv
  railshed route LIV YRK --depart 07:30 --max-transfers 1 --scheme npr-tfn")]
pub(crate) struct Args {
    /// Origin station.
    #[arg(value_name = "FROM")]
    from: String,
    /// Destination station.
    #[arg(value_name = "TO")]
    to: String,
    /// Leave at or after this time (HH:MM or HH:MM:SS).
    #[arg(long, value_name = "TIME", value_parser = parse_time, required_unless_present = "arrive_by")]
    depart: Option<Time>,
    /// Arrive by this time (HH:MM or HH:MM:SS), leaving as late as possible.
    #[arg(long, value_name = "TIME", value_parser = parse_time, conflicts_with = "depart")]
    arrive_by: Option<Time>,
    /// Output format: the journey leg by leg (table, or text), CSV with a row per leg, or JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// At most this many changes between trains.
    #[arg(long, value_name = "N")]
    max_transfers: Option<u32>,
    /// Print the time spent loading, compiling and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let when = match (args.depart, args.arrive_by) {
        (Some(t), _) => When::Depart(t),
        (None, Some(t)) => When::ArriveBy(t),
        (None, None) => return Err(crate::output::bad_input("give --depart TIME or --arrive-by TIME")),
    };
    let p = args.net.prepare()?;
    let req = RouteRequest {
        from: args.from.clone(),
        to: args.to.clone(),
        when,
        max_transfers: args.max_transfers,
    };
    let r = railshed::route::route(&p, &req)?;
    match args.format {
        Format::Table => print(&r.text())?,
        Format::Csv => print_csv(CSV_HEADER, r.csv_rows())?,
        Format::Json => print(&r.to_json_string())?,
    }
    if args.stats {
        print_stats(&p, r.query)?;
    }
    Ok(ExitCode::SUCCESS)
}
