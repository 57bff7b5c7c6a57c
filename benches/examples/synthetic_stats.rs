//! Prints the size of the synthetic GB-day timetable and times a few
//! queries, for quick checks outside criterion:
//! `cargo run --release -p railshed-benches --example synthetic_stats`.

#![allow(clippy::print_stdout)]

use std::time::Instant;

use railshed_benches::{spread_origins, synthetic_gb_day};
use railshed_core::Time;
use railshed_solver::{Access, Options, Solver, Source, Window};

fn main() {
    let t0 = Instant::now();
    let tt = synthetic_gb_day();
    let gen_time = t0.elapsed();
    let lens: Vec<u32> = tt.trips.iter().map(|t| t.len).collect();
    println!(
        "stations {} trips {} stop times {} footpaths {} lines {} (mean {:.1} calls per trip, max {}), generated in {:?}",
        tt.stations.len(),
        tt.trips.len(),
        tt.stop_times.len(),
        tt.footpaths.len(),
        tt.lines.len(),
        lens.iter().sum::<u32>() as f64 / lens.len() as f64,
        lens.iter().max().unwrap(),
        gen_time
    );
    println!("line components: {}", line_components(&tt));
    let t0 = Instant::now();
    let solver = Solver::new(&tt);
    println!(
        "layout: {} routes, {} KiB, built in {:?}",
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
        reached += (0..tt.stations.len())
            .filter(|&s| res.arrival(railshed_core::StationIdx::new(s)) != Time::NEVER)
            .count();
    }
    println!("100 one-to-all: {:?}; mean reached {}", t0.elapsed(), reached / 100);
    let t0 = Instant::now();
    let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
    let mut entries = 0;
    for &o in &origins[..10] {
        let p =
            solver.profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, Options::default()).unwrap();
        entries += p.n_entries();
    }
    println!("10 range queries 07:00-09:00: {:?}; mean entries {}", t0.elapsed(), entries / 10);
}

#[allow(dead_code)]
fn line_components(tt: &railshed_core::Timetable) -> usize {
    let n = tt.stations.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for t in 0..tt.trips.len() {
        let st = tt.stop_times_of(railshed_core::TripIdx::new(t));
        for w in st.windows(2) {
            let (a, b) = (find(&mut parent, w[0].station.idx()), find(&mut parent, w[1].station.idx()));
            parent[a] = b;
        }
    }
    (0..n).filter(|&x| find(&mut parent, x) == x).count()
}
