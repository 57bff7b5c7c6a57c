//! Holds the GB-day-sized timetable (the real CIF day when the shared data is
//! there, else the synthetic one) and one all-stations matrix (07:00–09:00,
//! 10th, 50th and 90th percentiles), for measuring peak memory:
//! `cargo build --release -p railshed-benches --example matrix_rss` then
//! `/usr/bin/time -v target/release/examples/matrix_rss`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use railshed_benches::{cif_gb_day, synthetic_gb_day};
use railshed_core::{StationIdx, Time};
use railshed_solver::{MatrixSpec, Options, Solver, Stat, Window};

fn main() {
    let (name, tt) = match cif_gb_day() {
        Some(tt) => ("CIF GB day", tt),
        None => ("synthetic GB day", synthetic_gb_day()),
    };
    let solver = Solver::new(&tt);
    let spec = MatrixSpec {
        origins: (0..tt.stations.len()).map(StationIdx::new).collect(),
        window: Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0)),
        stats: vec![Stat::Percentile(10.0), Stat::Percentile(50.0), Stat::Percentile(90.0)],
        options: Options::default(),
        boardings: false,
    };
    let t0 = Instant::now();
    let m = solver.matrix(&spec, &|_| {}).expect("valid matrix");
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "{name}: {} origins × {} stations × {} statistics = {} KiB of matrix, layout {} KiB; {:.2} s, {:.0} origins/s on {} threads",
        m.origins().len(),
        m.n_destinations(),
        m.stats().len(),
        m.heap_bytes() / 1024,
        solver.heap_bytes() / 1024,
        secs,
        m.origins().len() as f64 / secs,
        rayon::current_num_threads()
    );
}
