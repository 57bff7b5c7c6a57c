//! Solver benchmarks: one-to-all queries, range queries and matrices on a
//! synthetic timetable the size of a GB rail day, on the real GB day (the
//! RDG CIF sample, when the shared data is there) and on the default network.
//!
//! Goals (see ARCHITECTURE.md for the figures measured):
//! - 100 one-to-all earliest-arrival queries: ≤ 15 ms on one thread, ≤ 8 ms on two;
//! - a range query 07:00–09:00, one origin: ≤ 10× a single query;
//! - the all-stations matrix 07:00–09:00 on the default network: speed-up ≥ 1.8× on two threads.

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_benches::{cif_gb_day, spread_origins, synthetic_gb_day};
use railshed_core::{StationIdx, Time, Timetable};
use railshed_io::embedded;
use railshed_solver::{Access, MatrixSpec, Options, Solver, Source, Stat, Window};
use rayon::prelude::*;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool")
}

fn window() -> Window {
    Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0))
}

/// 100 one-to-all queries at 08:00 from origins spread over the stations.
fn one_to_all(c: &mut Criterion, name: &str, tt: &Timetable) {
    let solver = Solver::new(tt);
    let origins = spread_origins(tt.stations.len(), 100);
    let mut group = c.benchmark_group(name);
    group.bench_function("layout", |b| b.iter(|| Solver::new(tt)));
    let at = Time::hms(8, 0, 0);
    group.bench_function("100 one-to-all, 1 thread", |b| {
        let mut scratch = solver.scratch();
        b.iter(|| {
            let mut sum = 0u64;
            for &o in &origins {
                let res = solver.earliest_arrival(
                    &mut scratch,
                    &[Source { station: o, time: at }],
                    Options::default(),
                );
                sum += u64::from(res.expect("valid query").arrival(StationIdx(0)).0);
            }
            sum
        })
    });
    let two = pool(2);
    // One warm scratch per half of the origins, as a long-running worker would have.
    let mut halves: Vec<_> = (0..2).map(|_| solver.scratch()).collect();
    group.bench_function("100 one-to-all, 2 threads", |b| {
        b.iter(|| {
            two.install(|| {
                halves
                    .par_iter_mut()
                    .zip(origins.par_chunks(origins.len().div_ceil(2)))
                    .map(|(scratch, chunk)| {
                        let mut sum = 0u64;
                        for &o in chunk {
                            let res = solver.earliest_arrival(
                                scratch,
                                &[Source { station: o, time: at }],
                                Options::default(),
                            );
                            sum += u64::from(res.expect("valid query").arrival(StationIdx(0)).0);
                        }
                        sum
                    })
                    .sum::<u64>()
            })
        })
    });
    group.bench_function("1 one-to-all", |b| {
        let mut scratch = solver.scratch();
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % origins.len();
            let res = solver.earliest_arrival(
                &mut scratch,
                &[Source { station: origins[i], time: at }],
                Options::default(),
            );
            res.expect("valid query").arrival(StationIdx(0))
        })
    });
    group.bench_function("1 range 07:00-09:00", |b| {
        let mut scratch = solver.scratch();
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % origins.len();
            let p = solver.profiles(
                &mut scratch,
                &[Access { station: origins[i], secs: 0 }],
                window(),
                Options::default(),
            );
            p.expect("valid query").n_entries()
        })
    });
    group.bench_function("1 reverse range 08:00-09:00", |b| {
        let mut scratch = solver.scratch();
        let mut i = 0;
        let w = Window::new(Time::hms(8, 0, 0), Time::hms(9, 0, 0));
        b.iter(|| {
            i = (i + 1) % origins.len();
            let p = solver.reverse_profiles(
                &mut scratch,
                &[Access { station: origins[i], secs: 0 }],
                w,
                Options::default(),
            );
            p.expect("valid query").n_entries()
        })
    });
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    one_to_all(c, "synthetic GB day", &synthetic_gb_day());
}

/// The real GB day (RDG CIF sample, 2020-03-21), when the shared data is there.
fn cif(c: &mut Criterion) {
    if let Some(tt) = cif_gb_day() {
        one_to_all(c, "CIF GB day", &tt);
    }
}

fn default_network(c: &mut Criterion) {
    let tt = embedded::default_network().expect("embedded network").compile();
    one_to_all(c, "default network", &tt);
    let solver = Solver::new(&tt);
    let spec = MatrixSpec {
        origins: (0..tt.stations.len()).map(StationIdx::new).collect(),
        window: window(),
        stats: vec![Stat::Percentile(10.0), Stat::Percentile(50.0), Stat::Percentile(90.0)],
        options: Options::default(),
        boardings: false,
    };
    let mut group = c.benchmark_group("default network matrix");
    for threads in [1, 2] {
        let p = pool(threads);
        group.bench_function(format!("all stations 07:00-09:00, {threads} thread(s)"), |b| {
            b.iter(|| p.install(|| solver.matrix(&spec, &|_| {}).expect("valid matrix")))
        });
    }
    // As the scenario's station matrix runs it (travel profiles).
    let with = MatrixSpec { boardings: true, ..spec.clone() };
    let p = pool(1);
    group.bench_function("all stations 07:00-09:00 with boardings, 1 thread(s)", |b| {
        b.iter(|| p.install(|| solver.matrix(&with, &|_| {}).expect("valid matrix")))
    });
    group.finish();
}

fn synthetic_matrix(c: &mut Criterion) {
    let tt = synthetic_gb_day();
    let solver = Solver::new(&tt);
    let spec = MatrixSpec {
        origins: spread_origins(tt.stations.len(), 40),
        window: window(),
        stats: vec![Stat::Percentile(10.0), Stat::Percentile(50.0), Stat::Percentile(90.0)],
        options: Options::default(),
        boardings: false,
    };
    let mut group = c.benchmark_group("synthetic GB day matrix");
    group.sample_size(10);
    for threads in [1, 2] {
        let p = pool(threads);
        group.bench_function(format!("40 origins × all 07:00-09:00, {threads} thread(s)"), |b| {
            b.iter(|| p.install(|| solver.matrix(&spec, &|_| {}).expect("valid matrix")))
        });
    }
    group.finish();
}

criterion_group!(benches, synthetic, cif, default_network, synthetic_matrix);
criterion_main!(benches);
