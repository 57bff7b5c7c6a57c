//! Runs many one-to-all queries on the synthetic GB day (or the CIF day), for
//! profilers: `profile_queries [REPETITIONS] [synthetic|cif]` after
//! `cargo build --release -p railshed-benches --example profile_queries`.

use railshed_benches::{cif_gb_day, spread_origins, synthetic_gb_day};
use railshed_core::Time;
use railshed_solver::{Options, Solver, Source};

fn main() {
    let tt = match std::env::args().nth(2).as_deref() {
        Some("cif") => cif_gb_day().expect("the shared CIF sample"),
        _ => synthetic_gb_day(),
    };
    let solver = Solver::new(&tt);
    let mut scratch = solver.scratch();
    let origins = spread_origins(tt.stations.len(), 100);
    let mut sum = 0u64;
    let reps: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(30);
    for _ in 0..reps {
        for &o in &origins {
            let res = solver
                .earliest_arrival(
                    &mut scratch,
                    &[Source { station: o, time: Time::hms(8, 0, 0) }],
                    Options::default(),
                )
                .unwrap();
            sum += u64::from(res.arrival(o).0);
        }
    }
    std::hint::black_box(sum);
}
