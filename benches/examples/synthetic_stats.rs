//! Prints the size of the benchmark timetables and times a few queries, for
//! quick checks outside criterion:
//! `cargo run --release -p railshed-benches --example synthetic_stats`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use railshed_benches::{cif_gb_day, spread_origins, synthetic_gb_day};
use railshed_core::{StationIdx, Time, Timetable};
use railshed_solver::{Access, Options, Solver, Source, Window};

fn report(name: &str, tt: &Timetable) {
    let lens: Vec<u32> = tt.trips.iter().map(|t| t.len).collect();
    println!(
        "{name}: stations {} trips {} stop times {} footpaths {} lines {} (mean {:.1} calls per trip, max {})",
        tt.stations.len(),
        tt.trips.len(),
        tt.stop_times.len(),
        tt.footpaths.len(),
        tt.lines.len(),
        lens.iter().sum::<u32>() as f64 / lens.len().max(1) as f64,
        lens.iter().max().unwrap_or(&0),
    );
    let t0 = Instant::now();
    let solver = Solver::new(tt);
    println!(
        "  layout: {} routes, {} KiB, built in {:?}",
        solver.n_routes(),
        solver.heap_bytes() / 1024,
        t0.elapsed()
    );
    let mut scratch = solver.scratch();
    let origins = spread_origins(tt.stations.len(), 100);
    let mut reached = 0;
    let t0 = Instant::now();
    for &o in &origins {
        let res = solver
            .earliest_arrival(
                &mut scratch,
                &[Source { station: o, time: Time::hms(8, 0, 0) }],
                Options::default(),
            )
            .unwrap();
        reached += (0..tt.stations.len()).filter(|&s| res.arrival(StationIdx::new(s)) != Time::NEVER).count();
    }
    println!("  100 one-to-all at 08:00: {:?}; mean stations reached {}", t0.elapsed(), reached / 100);
    let t0 = Instant::now();
    let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
    let mut entries = 0;
    for &o in &origins[..10] {
        let p =
            solver.profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, Options::default()).unwrap();
        entries += p.n_entries();
    }
    println!("  10 range queries 07:00-09:00: {:?}; mean profile entries {}", t0.elapsed(), entries / 10);
}

fn main() {
    report("synthetic GB day", &synthetic_gb_day());
    match cif_gb_day() {
        Some(tt) => report("CIF GB day 2020-03-21", &tt),
        None => println!("CIF GB day: shared data not found"),
    }
}
