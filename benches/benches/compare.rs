//! The flagship comparison: today, HS2 (full), NPR (TfN) and HS2 + NPR + TRU
//! evaluated on the embedded network, as `railshed compare` does with no
//! arguments (networks built from their scenarios, then every indicator).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_core::Network;
use railshed_io::embedded::{self, Embedded};
use railshed_io::scenario::{self, Scenario};
use railshed_scenario::run::{Context, evaluate};
use railshed_scenario::zones::spread_jobs;

fn network(s: &Scenario) -> Network {
    let mut net = embedded::default_network().unwrap();
    for step in &s.steps {
        step.modification.apply(&mut net).unwrap();
    }
    net
}

fn flagship(c: &mut Criterion) {
    let schemes = embedded::schemes().unwrap();
    let scenarios: Vec<Scenario> = embedded::FLAGSHIP
        .iter()
        .map(|f| scenario::load(Path::new(f), &Embedded, &schemes).unwrap())
        .collect();
    let (zones, jobs, hubs) = railshed_io::zones::embedded().unwrap();
    let ctx = Context { jobs: spread_jobs(&zones, &jobs), zones, hubs };
    let settings = scenarios[0].settings.clone();
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    group.bench_function("flagship, four scenarios", |b| {
        b.iter(|| {
            for s in &scenarios {
                evaluate(&network(s), &ctx, &settings).unwrap();
            }
        })
    });
    let today = network(&scenarios[0]);
    group.bench_function("one scenario (today)", |b| b.iter(|| evaluate(&today, &ctx, &settings).unwrap()));
    group.finish();
}

criterion_group!(benches, flagship);
criterion_main!(benches);
