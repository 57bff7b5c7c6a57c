//! `railshed route`: the earliest journey between two stations.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use railshed_core::{StationIdx, Time};
use railshed_solver::{Access, Journey, Leg, Options, Source};
use serde_json::{Value, json};

use crate::input::{NetworkArgs, Prepared, parse_time};
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
    let p = args.net.prepare()?;
    let from = p.station(&args.from)?;
    let to = p.station(&args.to)?;
    let t0 = Instant::now();
    let mut scratch = p.solver.scratch();
    let options = Options { max_boardings: args.max_transfers.map(|n| n.saturating_add(1)) };
    let (when, depart) = match (args.depart, args.arrive_by) {
        (Some(t), _) => (When::Depart(t), Some(t)),
        (None, Some(t)) => {
            // The latest departure that arrives in time, then the journey leaving then.
            let target = [Access { station: to, secs: 0 }];
            (When::ArriveBy(t), p.solver.latest_departure(&mut scratch, &target, t, options)?.departure(from))
        }
        (None, None) => return Err(crate::output::bad_input("give --depart TIME or --arrive-by TIME")),
    };
    let journey = match depart {
        Some(t) => p
            .solver
            .earliest_arrival(&mut scratch, &[Source { station: from, time: t }], options)?
            .journey(to),
        None => None,
    };
    let query = t0.elapsed();
    match args.format {
        Format::Table => print(&text(&p, from, to, when, journey.as_ref()))?,
        Format::Csv => print_csv(CSV_HEADER, csv_rows(&p, journey.as_ref()))?,
        Format::Json => {
            print(&(serde_json::to_string_pretty(&to_json(&p, from, to, when, journey.as_ref()))? + "\n"))?
        }
    }
    if args.stats {
        p.print_stats(query)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn minutes(secs: u32) -> String {
    let m = secs.div_ceil(60);
    if m >= 60 { format!("{} h {:02} min", m / 60, m % 60) } else { format!("{m} min") }
}

/// What the journey is asked for.
#[derive(Copy, Clone)]
enum When {
    /// Leaving at or after this time.
    Depart(Time),
    /// Arriving by this time.
    ArriveBy(Time),
}

impl When {
    /// Where a journey's time counts from: the time asked for, or the
    /// journey's departure when arriving by a time.
    fn start(self, j: &Journey) -> Time {
        match self {
            When::Depart(t) => t,
            When::ArriveBy(_) => j.departure,
        }
    }
}

fn text(p: &Prepared, from: StationIdx, to: StationIdx, when: When, j: Option<&Journey>) -> String {
    let mut s = String::new();
    let asked = match when {
        When::Depart(t) => format!("leaving at or after {}", t.hhmm()),
        When::ArriveBy(t) => format!("arriving by {}", t.hhmm()),
    };
    let _ = writeln!(s, "{} to {}, {asked}", p.label(from), p.label(to));
    let Some(j) = j else {
        let _ = writeln!(s, "no journey");
        return s;
    };
    for leg in &j.legs {
        match leg {
            Leg::Ride { trip, from, to, departure, arrival, .. } => {
                let t = &p.timetable.trips[trip.idx()];
                let line = &p.timetable.lines[t.line.idx()];
                let _ = writeln!(
                    s,
                    "  {}  {:<34} train  {} ({})",
                    departure.hhmm(),
                    p.label(*from),
                    line.name,
                    t.id
                );
                let _ = writeln!(s, "  {}  {:<34} arrive", arrival.hhmm(), p.label(*to));
            }
            Leg::Walk { from, to, departure, arrival } => {
                let _ = writeln!(
                    s,
                    "  {}  {:<34} walk {} to {}",
                    departure.hhmm(),
                    p.label(*from),
                    minutes(arrival.0 - departure.0),
                    p.label(*to)
                );
            }
        }
    }
    let changes = j.boardings.saturating_sub(1);
    let _ = writeln!(
        s,
        "arrive {} after {} ({} train{}, {} change{})",
        j.arrival,
        minutes(j.arrival.0 - when.start(j).0),
        j.boardings,
        if j.boardings == 1 { "" } else { "s" },
        changes,
        if changes == 1 { "" } else { "s" }
    );
    s
}

fn station(p: &Prepared, s: StationIdx) -> Value {
    let st = &p.timetable.stations[s.idx()];
    json!({"id": st.id, "name": st.name})
}

fn to_json(p: &Prepared, from: StationIdx, to: StationIdx, when: When, j: Option<&Journey>) -> Value {
    let legs: Vec<Value> = j
        .map(|j| {
            j.legs
                .iter()
                .map(|leg| match leg {
                    Leg::Ride { trip, from, to, departure, arrival, board_call, alight_call } => {
                        let t = &p.timetable.trips[trip.idx()];
                        let line = &p.timetable.lines[t.line.idx()];
                        let calls: Vec<Value> = p.timetable.stop_times_of(*trip)
                            [*board_call as usize..=*alight_call as usize]
                            .iter()
                            .map(|c| {
                                json!({"station": station(p, c.station), "arrival": c.arr.to_string(),
                                       "departure": c.dep.to_string()})
                            })
                            .collect();
                        json!({
                            "mode": "ride", "from": station(p, *from), "to": station(p, *to),
                            "departure": departure.to_string(), "arrival": arrival.to_string(),
                            "line": line.id, "line_name": line.name, "operator": line.operator,
                            "trip": t.id, "calls": calls,
                        })
                    }
                    Leg::Walk { from, to, departure, arrival } => json!({
                        "mode": "walk", "from": station(p, *from), "to": station(p, *to),
                        "departure": departure.to_string(), "arrival": arrival.to_string(),
                        "minutes": f64::from(arrival.0 - departure.0) / 60.0,
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = json!({
        "from": station(p, from),
        "to": station(p, to),
    });
    match when {
        When::Depart(t) => out["depart_after"] = json!(t.to_string()),
        When::ArriveBy(t) => out["arrive_by"] = json!(t.to_string()),
    }
    out["departure"] = json!(j.map(|j| j.departure.to_string()));
    out["arrival"] = json!(j.map(|j| j.arrival.to_string()));
    out["duration_min"] = json!(j.map(|j| f64::from(j.arrival.0 - when.start(j).0) / 60.0));
    out["boardings"] = json!(j.map(|j| j.boardings));
    out["legs"] = json!(legs);
    out
}

/// The columns of `railshed route --format csv`.
const CSV_HEADER: &[&str] = &[
    "leg",
    "mode",
    "from",
    "from_name",
    "to",
    "to_name",
    "departure",
    "arrival",
    "minutes",
    "line",
    "line_name",
    "operator",
    "trip",
];

/// One row per leg (see `CSV_HEADER`).
fn csv_rows(p: &Prepared, j: Option<&Journey>) -> Vec<Vec<String>> {
    let Some(j) = j else { return Vec::new() };
    let st = |s: StationIdx| {
        let st = &p.timetable.stations[s.idx()];
        (st.id.clone(), st.name.clone())
    };
    j.legs
        .iter()
        .enumerate()
        .map(|(k, leg)| {
            let (mode, from, to, departure, arrival, ride) = match leg {
                Leg::Ride { trip, from, to, departure, arrival, .. } => {
                    let t = &p.timetable.trips[trip.idx()];
                    let line = &p.timetable.lines[t.line.idx()];
                    let ride = [line.id.clone(), line.name.clone(), line.operator.clone(), t.id.clone()];
                    ("ride", *from, *to, *departure, *arrival, ride)
                }
                Leg::Walk { from, to, departure, arrival } => {
                    ("walk", *from, *to, *departure, *arrival, Default::default())
                }
            };
            let ((from_id, from_name), (to_id, to_name)) = (st(from), st(to));
            let mut row = vec![
                (k + 1).to_string(),
                mode.to_owned(),
                from_id,
                from_name,
                to_id,
                to_name,
                departure.to_string(),
                arrival.to_string(),
                (f64::from(arrival.0 - departure.0) / 60.0).to_string(),
            ];
            row.extend(ride);
            row
        })
        .collect()
}
