//! Importing real timetables: the RDG CIF sample for its busiest day and the
//! largest shared GTFS feed, parsed and compiled. Goal: the CIF sample in
//! under 2 s on one core.
//!
//! The data sits beside the repository in `../shared/data`.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_io::Date;
use railshed_io::timetable::{ImportSettings, import};

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data").join(path)
}

fn import_and_compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    let cases = [
        ("CIF sample 2020-03-21", "timetable/rdg_cif_ttisf585_sample.zip", "2020-03-21"),
        ("GTFS Newport bus 2023-06-13", "gtfs/newport_bus_20230613_gtfs.zip", "2023-06-13"),
    ];
    for (name, file, day) in cases {
        let path = shared(file);
        let options = ImportSettings::new(Date::parse_iso(day).expect("valid date"));
        group.bench_function(format!("{name}: import"), |b| b.iter(|| import(&path, &options).unwrap()));
        group.bench_function(format!("{name}: import + compile"), |b| {
            b.iter(|| import(&path, &options).unwrap().network.compile())
        });
    }
    group.finish();
}

criterion_group!(benches, import_and_compile);
criterion_main!(benches);
