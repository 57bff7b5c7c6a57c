//! Loading and compiling the default network.

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_io::embedded;

fn load_and_compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("network");
    group.bench_function("load default network", |b| b.iter(|| embedded::default_network().unwrap()));
    let net = embedded::default_network().unwrap();
    group.bench_function("compile default network", |b| b.iter(|| net.compile()));
    let schemes = embedded::schemes().unwrap();
    group.bench_function("load default network + all schemes", |b| {
        b.iter(|| {
            let mut net = embedded::default_network().unwrap();
            let names = ["hs2-phase2b-west", "hs2-phase2b-east", "npr-tfn", "tru"];
            embedded::apply_schemes(&mut net, &names, &schemes).unwrap();
            net
        })
    });
    group.finish();
}

criterion_group!(benches, load_and_compile);
criterion_main!(benches);
