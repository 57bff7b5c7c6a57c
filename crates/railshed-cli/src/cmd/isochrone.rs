//! `railshed isochrone`: what is reached from a station or a point within a
//! time, in bands: the stations, and with `--polygons` the areas.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use geo::Point;
use railshed_core::{StationIdx, Time};
use railshed_scenario::isochrone::band_areas;
use railshed_scenario::settings::AccessSettings;
use railshed_solver::{Options, Source};
use serde_json::{Value, json};

use crate::input::{NetworkArgs, Prepared, parse_time, print_stats};
use crate::output::bad_input;

#[derive(clap::Args)]
#[command(after_help = "\
Writes a GeoJSON FeatureCollection (RFC 7946) of points, one per station reached within --max
minutes of --depart (waiting included), with properties kind (\"station\"), id, name, minutes
(travel time), band (the upper end of its band of --step minutes: a station 17 minutes away with
--step 15 is in band 30; the origin is in the first band), arrival (\"HH:MM:SS\") and boardings.

With --polygons it adds, for each band, the area reachable door to door within it (kind \"area\",
a MultiPolygon): around every place reached, the distance the time left covers on foot or by
feeder at the access model's speeds (scenarios/README.md; a scenario's own access settings with
--scenario), all joined. With --at the journey starts at a point rather than a station, reaching
stations by the same access model. With --scenario it is drawn for the scenario's base and for the
scenario, each feature saying which in its property scenario.

Examples:
  railshed isochrone --from Leeds --depart 08:00 --max 90 --step 15 --out leeds.geojson
  railshed isochrone --from MAN --depart 07:30 --max 60 --scheme npr-tfn --out man-npr.geojson
  railshed isochrone --at 53.745,-2.005 --depart 07:30 --polygons --scenario npr-tfn --out hebden.geojson")]
pub(crate) struct Args {
    /// Origin station (id, CRS code, TIPLOC or name).
    #[arg(long, value_name = "STOP", required_unless_present = "at", conflicts_with = "at")]
    from: Option<String>,
    /// Origin point, "LAT,LON" (WGS84), reaching stations by the access model.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_point, allow_hyphen_values = true)]
    at: Option<Point<f64>>,
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
    /// Also write the area reached within each band, as polygons.
    #[arg(long)]
    polygons: bool,
    /// Draw the scenario's base and the scenario (a file or a shipped name)
    /// instead of --network/--scheme/--overlay/--timetable.
    #[arg(long, value_name = "SCENARIO", conflicts_with_all = ["network", "schemes", "overlays", "timetable"])]
    scenario: Option<String>,
    /// GeoJSON file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Print the time spent loading, compiling and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

/// Reads "LAT,LON".
fn parse_point(text: &str) -> Result<Point<f64>, String> {
    let bad = || format!("{text:?} is not LAT,LON in degrees");
    let (lat, lon) = text.split_once(',').ok_or_else(bad)?;
    let (lat, lon): (f64, f64) =
        (lat.trim().parse().map_err(|_| bad())?, lon.trim().parse().map_err(|_| bad())?);
    let p = Point::new(lon, lat);
    if !railshed_core::is_in_great_britain(p) {
        return Err(format!("{text:?} is outside Great Britain"));
    }
    Ok(p)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    railshed_io::atomic::check(&args.out, railshed_io::atomic::Output::File)?;
    if args.step == 0 {
        return Err(bad_input("--step must be at least 1 minute"));
    }
    if args.max > 24 * 60 {
        return Err(bad_input("--max must be at most 1440 minutes"));
    }
    let mut features = Vec::new();
    let mut query = Duration::ZERO;
    let last = match &args.scenario {
        None => {
            let p = args.net.prepare()?;
            query += draw(args, &p, &AccessSettings::default(), None, &mut features)?;
            p
        }
        Some(name) => {
            let t0 = Instant::now();
            let loader = railshed::Loader::new()?;
            let s = loader.scenario(name)?;
            let base = loader.base_network(&s)?;
            let mut net = base.clone();
            railshed::apply(&s, &mut net, 0)?;
            let load = t0.elapsed();
            let access = &s.settings.access;
            query += draw(args, &Prepared::new(&base, load), access, Some("base"), &mut features)?;
            let p = Prepared::new(&net, load);
            query += draw(args, &p, access, Some(&s.name), &mut features)?;
            p
        }
    };
    let fc = json!({"type": "FeatureCollection", "features": features});
    railshed_io::atomic::write(&args.out, (serde_json::to_string(&fc)? + "\n").as_bytes())?;
    if args.stats {
        print_stats(&last, query)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds the features of one network to `features`; returns the query time.
fn draw(
    args: &Args,
    p: &Prepared,
    access: &AccessSettings,
    scenario: Option<&str>,
    features: &mut Vec<Value>,
) -> Result<Duration> {
    let t0 = Instant::now();
    let positions: Vec<Point<f64>> = p.timetable.stations.iter().map(|s| s.pos).collect();
    let sources: Vec<Source> = match (&args.from, args.at) {
        (Some(name), _) => vec![Source { station: p.station(name)?, time: args.depart }],
        (None, Some(at)) => {
            let mut served = vec![false; positions.len()];
            for st in &p.timetable.stop_times {
                served[st.station.idx()] |= st.pickup;
            }
            let legs = access.legs(at, &positions, &served);
            if legs.is_empty() {
                return Err(bad_input(format!(
                    "no station within {} minutes of {:.5},{:.5}",
                    access.max_min,
                    at.y(),
                    at.x()
                )));
            }
            legs.iter().map(|l| Source { station: l.station, time: args.depart.plus(l.secs) }).collect()
        }
        (None, None) => unreachable!("clap requires --from or --at"),
    };
    let mut scratch = p.solver.scratch();
    let options = Options { max_boardings: args.max_transfers.map(|n| n.saturating_add(1)) };
    let res = p.solver.earliest_arrival(&mut scratch, &sources, options)?;
    let limit = args.max * 60;
    let mut reached: Vec<(Point<f64>, u32)> = args.at.map(|at| (at, 0)).into_iter().collect();
    for (i, st) in p.timetable.stations.iter().enumerate() {
        let s = StationIdx::new(i);
        let arrival = res.arrival(s);
        if arrival == Time::NEVER || arrival.0 - args.depart.0 > limit {
            continue;
        }
        let secs = arrival.0 - args.depart.0;
        reached.push((st.pos, secs));
        let band = secs.div_ceil(args.step * 60).max(1) * args.step;
        let mut props = json!({
            "kind": "station", "id": st.id, "name": st.name, "minutes": f64::from(secs) / 60.0, "band": band,
            "arrival": arrival.to_string(), "boardings": res.boardings(s),
        });
        if let Some(name) = scenario {
            props["scenario"] = json!(name);
        }
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round6(st.lon()), round6(st.lat())]},
            "properties": props,
        }));
    }
    if args.polygons {
        let bands: Vec<u32> =
            (1..=args.max.div_ceil(args.step)).map(|k| (k * args.step).min(args.max)).collect();
        for (band, area) in bands.iter().zip(band_areas(&reached, &bands, access)) {
            let polygons: Vec<Vec<Vec<[f64; 2]>>> = area
                .0
                .iter()
                .map(|poly| {
                    std::iter::once(poly.exterior())
                        .chain(poly.interiors())
                        .map(|ring| ring.coords().map(|c| [round6(c.x), round6(c.y)]).collect())
                        .collect()
                })
                .collect();
            let mut props = json!({"kind": "area", "band": band});
            if let Some(name) = scenario {
                props["scenario"] = json!(name);
            }
            features.push(json!({
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                "properties": props,
            }));
        }
    }
    Ok(t0.elapsed())
}
