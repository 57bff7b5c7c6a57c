//! How cost grows: one-to-all at 08:00 and the 07:00–09:00 range query on
//! the synthetic GB day scaled 1×, 4× and 16× ([`railshed_benches::scaled`]:
//! stations, trips and stop times multiplied, copies joined by walks). The
//! memory of each size (timetable, both layouts, one scratch after a range
//! query) is printed on stderr before its benchmarks.

#![allow(clippy::print_stderr)]

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_benches::{scaled, spread_origins, synthetic_gb_day};
use railshed_core::Time;
use railshed_solver::{Access, Options, Solver, Source, Window};

fn scaling(c: &mut Criterion) {
    let day = synthetic_gb_day();
    for k in [1, 4, 16] {
        let tt = scaled(&day, k);
        let solver = Solver::new(&tt);
        let origins = spread_origins(day.stations.len(), 20);
        let w = Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0));
        let mut scratch = solver.scratch();
        let mut entries = 0;
        for &o in &origins {
            entries += solver
                .profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, Options::default())
                .expect("valid query")
                .n_entries();
        }
        let tt_bytes = tt.stations.len() * std::mem::size_of::<railshed_core::Station>()
            + tt.trips.len() * std::mem::size_of::<railshed_core::Trip>()
            + tt.stop_times.len() * std::mem::size_of::<railshed_core::StopTime>()
            + tt.footpaths.len() * std::mem::size_of::<railshed_core::Footpath>();
        eprintln!(
            "{k}× GB day: {} stations, {} trips, {} stop times, {} routes; timetable {:.1} MB, layouts {:.1} MB, \
             scratch {:.1} MB; {} profile entries per range query",
            tt.stations.len(),
            tt.trips.len(),
            tt.stop_times.len(),
            solver.n_routes(),
            tt_bytes as f64 / 1e6,
            solver.heap_bytes() as f64 / 1e6,
            scratch.heap_bytes() as f64 / 1e6,
            entries / origins.len(),
        );
        let mut group = c.benchmark_group(format!("{k}x GB day"));
        group.sample_size(20);
        group.bench_function("1 one-to-all at 08:00", |b| {
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
        group.bench_function("1 range 07:00-09:00", |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % origins.len();
                let from = [Access { station: origins[i], secs: 0 }];
                solver.profiles(&mut scratch, &from, w, Options::default()).expect("valid query").n_entries()
            })
        });
        group.bench_function("1 travel range 07:00-09:00", |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % origins.len();
                let from = [Access { station: origins[i], secs: 0 }];
                solver
                    .travel_profiles(&mut scratch, &from, w, Options::default())
                    .expect("valid query")
                    .n_entries()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
