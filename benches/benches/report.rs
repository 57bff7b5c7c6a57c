//! Rendering the default report (the flagship comparison) from a ready
//! comparison: projecting the base map and zones, drawing every map and
//! chart, and writing the HTML. The comparison itself is computed once,
//! through the library's pipeline, before timing.

use criterion::{Criterion, criterion_group, criterion_main};
use railshed::{Render, Request};

fn render(c: &mut Criterion) {
    let outcome = railshed::compare(&Request::default(), &mut |_| {}).unwrap();
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("default report (project, draw, HTML)", |b| {
        b.iter(|| outcome.render(Render { html: true, figures: false }, "bench").unwrap())
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
