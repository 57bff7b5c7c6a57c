//! Where the connection scan of minute travel times pays: times
//! `minute_travel_times_by` with the scan and with travel profiles (range
//! RAPTOR), 07:00–09:00 from 50 spread origins, on the synthetic metro with
//! all its trips, then every 2nd, 3rd, 4th, 6th and 8th trip, on the
//! CIF day (when the shared data is there) and on the default network of the
//! North, beside each network's
//! connections (hops one may board or alight from) per station and hour in
//! the window. The crossing point sets
//! `railshed_solver::SCAN_MIN_DEPARTURES`:
//! `cargo run --release -p railshed-benches --example minute_density`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use railshed_benches::{cif_gb_day, spread_origins, synthetic_metro};
use railshed_core::{Time, Timetable};
use railshed_io::embedded;
use railshed_solver::{Access, MinuteMethod, Options, Solver, Window};

/// `tt` with only every `keep`-th trip.
fn thin(tt: &Timetable, keep: usize) -> Timetable {
    let mut out = tt.clone();
    out.trips.clear();
    out.stop_times.clear();
    for trip in tt.trips.iter().step_by(keep) {
        let first = out.stop_times.len() as u32;
        out.stop_times
            .extend_from_slice(&tt.stop_times[trip.first as usize..(trip.first + trip.len) as usize]);
        let mut trip = trip.clone();
        trip.first = first;
        out.trips.push(trip);
    }
    out
}

/// Microseconds per origin, the best of three rounds over the origins.
fn time(solver: &Solver, tt: &Timetable, w: Window, method: MinuteMethod) -> (f64, bool) {
    let mut scratch = solver.scratch();
    let origins = spread_origins(tt.stations.len(), 50);
    let mut best = f64::MAX;
    let mut scanned = true;
    for _ in 0..3 {
        let t = Instant::now();
        for &o in &origins {
            let from = [Access { station: o, secs: 0 }];
            let times = solver.minute_travel_times_by(&mut scratch, &from, w, Options::default(), method);
            scanned &= times.expect("valid query").by_scan();
        }
        best = best.min(t.elapsed().as_secs_f64() / origins.len() as f64);
    }
    (best * 1e6, scanned)
}

fn measure(name: &str, tt: &Timetable, w: Window) {
    let solver = Solver::new(tt);
    let hours = f64::from(w.end.0 - w.start.0) / 3600.0;
    // Connections as the solver counts them: hops one may board or alight from.
    let mut departures = 0;
    for trip in &tt.trips {
        let calls = &tt.stop_times[trip.first as usize..(trip.first + trip.len) as usize];
        for hop in calls.windows(2) {
            if (hop[0].pickup || hop[1].dropoff) && hop[0].dep >= w.start && hop[0].dep < w.end {
                departures += 1;
            }
        }
    }
    let (scan, scanned) = time(&solver, tt, w, MinuteMethod::Scan);
    let (profiles, _) = time(&solver, tt, w, MinuteMethod::Profiles);
    let (_, auto) = time(&solver, tt, w, MinuteMethod::Auto);
    println!(
        "{name}: {:.2} connections per station and hour: scan {scan:.0} µs{}, travel profiles {profiles:.0} µs; auto: {}",
        departures as f64 / tt.stations.len() as f64 / hours,
        if scanned { "" } else { " (not all by the scan)" },
        if auto { "scan" } else { "profiles" },
    );
}

fn main() {
    let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
    let metro = synthetic_metro();
    for keep in [1, 2, 3, 4, 6, 8] {
        measure(&format!("synthetic metro, 1/{keep} of the trips"), &thin(&metro, keep), w);
    }
    if let Some(tt) = cif_gb_day() {
        measure("CIF GB day", &tt, w);
    }
    measure(
        "default network (the North)",
        &embedded::default_network().expect("embedded network").compile(),
        w,
    );
}
