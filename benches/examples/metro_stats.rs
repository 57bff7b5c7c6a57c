//! Prints the size of the synthetic metro and times single queries, range
//! queries (`profiles`) and travel-time range queries (`travel_profiles`)
//! on it and on the CIF day: `cargo run --release -p railshed-benches --example metro_stats`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use railshed_benches::{cif_gb_day, spread_origins, synthetic_metro};
use railshed_core::{Time, Timetable};
use railshed_solver::{Access, Options, Solver, Source, Window};

fn measure(name: &str, tt: &Timetable) {
    let solver = Solver::new(tt);
    println!(
        "{name}: {} stations, {} trips, {} stop times, {} footpaths, {} routes",
        tt.stations.len(),
        tt.trips.len(),
        tt.stop_times.len(),
        tt.footpaths.len(),
        solver.n_routes()
    );
    let origins = spread_origins(tt.stations.len(), 50);
    let mut scratch = solver.scratch();
    let at = Time::hms(8, 0, 0);
    let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
    for _ in 0..2 {
        let t = Instant::now();
        for &o in &origins {
            solver
                .earliest_arrival(&mut scratch, &[Source { station: o, time: at }], Options::default())
                .unwrap();
        }
        let single = t.elapsed().as_secs_f64() / origins.len() as f64;
        let t = Instant::now();
        let mut entries = 0;
        for &o in &origins {
            entries += solver
                .profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, Options::default())
                .unwrap()
                .n_entries();
        }
        let range = t.elapsed().as_secs_f64() / origins.len() as f64;
        let t = Instant::now();
        let mut travel_entries = 0;
        for &o in &origins {
            travel_entries += solver
                .travel_profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, Options::default())
                .unwrap()
                .n_entries();
        }
        let travel = t.elapsed().as_secs_f64() / origins.len() as f64;
        println!(
            "  single {:.1} µs, range {:.1} µs = {:.1}×, {} entries per range; travel range {:.1} µs = {:.1}×, {} entries",
            single * 1e6,
            range * 1e6,
            range / single,
            entries / origins.len(),
            travel * 1e6,
            travel / single,
            travel_entries / origins.len()
        );
    }
}

fn main() {
    let only = std::env::args().nth(1);
    if only.as_deref() != Some("cif") {
        measure("metro", &synthetic_metro());
    }
    if only.as_deref() == Some("metro") {
        return;
    }
    if let Some(tt) = cif_gb_day() {
        measure("CIF day", &tt);
    }
}
