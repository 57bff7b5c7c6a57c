//! One shard of a national comparison: today's network evaluated for a
//! sixteenth of the zones of England and Wales (every zone still a
//! destination), and for a shard of a few zones (the fixed cost every shard
//! pays: hub queries, legs of every zone). Throughput is in zone-origins
//! (one zone evaluated for one scenario); `docs/scale.md` projects national
//! runs from these figures.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use railshed::shard::Shard;
use railshed::{Networks, Plan, Request};
use railshed_scenario::run::{Context, evaluate_zones};
use railshed_scenario::zones::spread_jobs;

fn shard(c: &mut Criterion) {
    let plan = Plan::new(&Request::new(["today"])).unwrap();
    let loader = railshed::Loader::new().unwrap();
    let today = Networks::default().build(&loader, &plan.scenarios()[1]).unwrap();
    let settings = plan.scenarios()[0].settings.clone();
    let (_, jobs, hubs) = railshed_io::zones::embedded().unwrap();
    let (file, text) = railshed_io::zones::zone_preset("england-wales").unwrap();
    let zones = railshed_io::zones::parse_zones(file, text).unwrap();
    let measures = vec![settings.measure];
    let ctx = Context { jobs: spread_jobs(&zones, &jobs), zones, hubs, measures, explain: true };
    let mut group = c.benchmark_group("shard");
    group.sample_size(10);
    for count in [16, 1000] {
        let range = Shard { index: 0, count }.range(ctx.zones.len());
        group.throughput(Throughput::Elements(range.len() as u64));
        group.bench_function(format!("england-wales, today, shard 0/{count} ({} zones)", range.len()), |b| {
            b.iter(|| evaluate_zones(&today, &ctx, &settings, range.clone()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, shard);
criterion_main!(benches);
