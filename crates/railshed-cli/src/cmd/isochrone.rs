//! `railshed isochrone`: the stations reached from one station within a time, in bands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use railshed_core::{StationIdx, Time};
use railshed_solver::{Options, Source};
use serde_json::json;

use crate::input::{NetworkArgs, parse_time};
use crate::output::bad_input;

#[derive(clap::Args)]
#[command(after_help = "\
Writes a GeoJSON FeatureCollection (RFC 7946) of points, one per station reached within --max
minutes of --depart (waiting included), with properties id, name, minutes (travel time),
band (the upper end of its band of --step minutes: a station 17 minutes away with --step 15
is in band 30; the origin is in the first band), arrival (\"HH:MM:SS\") and boardings.

Examples:
  railshed isochrone --from Leeds --depart 08:00 --max 90 --step 15 --out leeds.geojson
  railshed isochrone --from MAN --depart 07:30 --max 60 --scheme npr-tfn --out man-npr.geojson")]
pub(crate) struct Args {
    /// Origin station (id, CRS code, TIPLOC or name).
    #[arg(long, value_name = "STOP")]
    from: String,
    /// Leave at or after this time (HH:MM or HH:MM:SS).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    depart: Time,
    /// Largest travel time in minutes.
    #[arg(long, value_name = "MIN", default_value_t = 90)]
    max: u32,
    /// Width of the bands in minutes.
    #[arg(long, value_name = "MIN", default_value_t = 15)]
    step: u32,
    /// At most this many changes between trains.
    #[arg(long, value_name = "N")]
    max_transfers: Option<u32>,
    /// GeoJSON file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Print the time spent loading, compiling and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    if args.step == 0 {
        return Err(bad_input("--step must be at least 1 minute"));
    }
    let p = args.net.prepare()?;
    let from = p.station(&args.from)?;
    let t0 = Instant::now();
    let mut scratch = p.solver.scratch();
    let options = Options { max_boardings: args.max_transfers.map(|n| n.saturating_add(1)) };
    let res =
        p.solver.earliest_arrival(&mut scratch, &[Source { station: from, time: args.depart }], options)?;
    let mut features = Vec::new();
    for (i, st) in p.timetable.stations.iter().enumerate() {
        let s = StationIdx::new(i);
        let arrival = res.arrival(s);
        if arrival == Time::NEVER {
            continue;
        }
        let secs = arrival.0 - args.depart.0;
        if secs > args.max * 60 {
            continue;
        }
        let minutes = f64::from(secs) / 60.0;
        let band = secs.div_ceil(args.step * 60).max(1) * args.step;
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round6(st.lon()), round6(st.lat())]},
            "properties": {
                "id": st.id, "name": st.name, "minutes": minutes, "band": band,
                "arrival": arrival.to_string(), "boardings": res.boardings(s),
            },
        }));
    }
    let query = t0.elapsed();
    let fc = json!({"type": "FeatureCollection", "features": features});
    railshed_io::atomic::write(&args.out, (serde_json::to_string(&fc)? + "\n").as_bytes())?;
    if args.stats {
        p.print_stats(query)?;
    }
    Ok(ExitCode::SUCCESS)
}
