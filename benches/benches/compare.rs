//! The flagship comparison: today, HS2 (full), NPR (TfN) and HS2 + NPR + TRU
//! evaluated on the embedded network, as `railshed compare` does with no
//! arguments (scenarios loaded, networks built, every indicator), through
//! the library's pipeline.

use criterion::{Criterion, criterion_group, criterion_main};
use railshed::{Networks, Plan, Request};
use railshed_scenario::run::{Context, evaluate};
use railshed_scenario::zones::spread_jobs;

fn flagship(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    group.bench_function("flagship, four scenarios", |b| {
        b.iter(|| railshed::compare(&Request::default(), &mut |_| {}).unwrap())
    });
    // One evaluation alone: the network built once, before timing.
    let plan = Plan::new(&Request::new(["today"])).unwrap();
    let loader = railshed::Loader::new().unwrap();
    let today = Networks::default().build(&loader, &plan.scenarios()[1]).unwrap();
    let settings = plan.scenarios()[0].settings.clone();
    let (zones, jobs, hubs) = railshed_io::zones::embedded().unwrap();
    let measures = vec![settings.measure];
    let ctx = Context { jobs: spread_jobs(&zones, &jobs), zones, hubs, measures, explain: false };
    group.bench_function("one scenario (today)", |b| b.iter(|| evaluate(&today, &ctx, &settings).unwrap()));
    group.finish();
}

criterion_group!(benches, flagship);
criterion_main!(benches);
