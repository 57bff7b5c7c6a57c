//! Range queries on a high-frequency network: one-to-all at 08:00 and the
//! 07:00–09:00 range query on the synthetic metro and bus network
//! ([`railshed_benches::synthetic_metro`]), beside the same on the real GB
//! rail day (the RDG CIF sample, when the shared data is there), so the
//! ratio range / single can be read for both: full profiles
//! (`Solver::profiles`, Pareto in departure, arrival and trips) and travel
//! profiles (`Solver::travel_profiles`, what matrices and catchments use)
//! and minute travel times (`Solver::minute_travel_times`: the travel time
//! of every minute, without entries or boardings, by one connection scan),
//! and a 50-origin matrix with and without the trips of fastest journeys.
//!
//! Goal: the range query at most 10× one query (see ARCHITECTURE.md).

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use railshed_benches::{cif_gb_day, spread_origins, synthetic_metro};
use railshed_core::{StationIdx, Time, Timetable};
use railshed_solver::{Access, MatrixSpec, Options, Scratch, Solver, Source, Stat, Window};

/// Benchmarks `query` over 07:00–09:00 from one origin, taken in turn from
/// `origins`.
fn window_query<R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    solver: &Solver,
    origins: &[StationIdx],
    mut query: impl FnMut(&mut Scratch, &[Access], Window) -> R,
) {
    group.bench_function(name, |b| {
        let mut scratch = solver.scratch();
        let mut i = 0;
        let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
        b.iter(|| {
            i = (i + 1) % origins.len();
            query(&mut scratch, &[Access { station: origins[i], secs: 0 }], w)
        })
    });
}

/// One query and one range query, origins taken in turn from 50 spread ones.
fn single_and_range(c: &mut Criterion, name: &str, tt: &Timetable) {
    let solver = Solver::new(tt);
    let origins = spread_origins(tt.stations.len(), 50);
    let mut group = c.benchmark_group(name);
    group.bench_function("1 one-to-all at 08:00", |b| {
        let mut scratch = solver.scratch();
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % origins.len();
            let from = [Source { station: origins[i], time: Time::hms(8, 0, 0) }];
            solver
                .earliest_arrival(&mut scratch, &from, Options::default())
                .expect("valid query")
                .arrival(origins[0])
        })
    });
    let opts = Options::default();
    window_query(&mut group, "1 range 07:00-09:00", &solver, &origins, |scratch, from, w| {
        solver.profiles(scratch, from, w, opts).expect("valid query").n_entries()
    });
    window_query(&mut group, "1 travel range 07:00-09:00", &solver, &origins, |scratch, from, w| {
        solver.travel_profiles(scratch, from, w, opts).expect("valid query").n_entries()
    });
    window_query(&mut group, "1 minute travel times 07:00-09:00", &solver, &origins, |scratch, from, w| {
        solver.minute_travel_times(scratch, from, w, opts).expect("valid query").travel_time(origins[0], 60)
    });
    // A matrix over the same window and origins (one thread), as `railshed
    // matrix` computes it (no boardings: the minute scan where it pays) and
    // as the scenario does (with the trips of each fastest journey: travel
    // profiles).
    for boardings in [false, true] {
        let spec = MatrixSpec {
            origins: origins.clone(),
            window: Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0)),
            stats: vec![Stat::Percentile(10.0), Stat::Percentile(50.0), Stat::Percentile(90.0)],
            options: Options::default(),
            boardings,
        };
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        let name = if boardings { "50-origin matrix with boardings" } else { "50-origin matrix" };
        group.sample_size(10);
        group.bench_function(name, |b| {
            b.iter(|| pool.install(|| solver.matrix(&spec, &|_| {}).expect("valid matrix").heap_bytes()))
        });
    }
    group.finish();
}

fn metro(c: &mut Criterion) {
    single_and_range(c, "synthetic metro", &synthetic_metro());
}

fn cif(c: &mut Criterion) {
    if let Some(tt) = cif_gb_day() {
        single_and_range(c, "CIF GB day", &tt);
    }
}

criterion_group!(benches, metro, cif);
criterion_main!(benches);
