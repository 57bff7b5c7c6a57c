//! Rendering the default report (the flagship comparison) from a ready
//! `Comparison`: projecting the base map and zones, drawing every map and
//! chart, and writing the HTML. The comparison itself is computed once,
//! before timing.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use railshed_io::embedded::{self, Embedded};
use railshed_report::{Atlas, NetworkSketch, Options, Place, Provenance, Report, ScenarioText};
use railshed_scenario::compare::{Comparison, HubName, Run};
use railshed_scenario::run::{Context, evaluate};
use railshed_scenario::zones::spread_jobs;

/// The flagship comparison, its networks and the hubs' centres.
fn flagship() -> (Comparison, Vec<NetworkSketch>, Vec<Option<Place>>) {
    let schemes = embedded::schemes().unwrap();
    let (zones, jobs_by_lad, hubs) = railshed_io::zones::embedded().unwrap();
    let jobs = spread_jobs(&zones, &jobs_by_lad);
    let ctx = Context { zones, jobs, hubs };
    let mut runs = Vec::new();
    let mut sketches = Vec::new();
    let mut places = Vec::new();
    let mut settings = None;
    for file in embedded::FLAGSHIP {
        let s = railshed_io::scenario::load(Path::new(file), &Embedded, &schemes).unwrap();
        let mut net = embedded::default_network().unwrap();
        for step in &s.steps {
            step.modification.apply(&mut net).unwrap();
        }
        let settings = settings.get_or_insert_with(|| s.settings.clone());
        let (network, indicators) = evaluate(&net, &ctx, settings).unwrap();
        if places.is_empty() {
            places = ctx
                .hubs
                .iter()
                .map(|h| {
                    let i = net.station_by_id(&h.stations.first()?.station)?;
                    let p = net.stations()[i.idx()].pos;
                    Some(Place { name: h.name.clone(), lon: p.x(), lat: p.y() })
                })
                .collect();
        }
        sketches.push(NetworkSketch::from_network(&net));
        runs.push(Run { name: s.name, file: s.file, lineage: s.lineage, network, indicators });
    }
    let c = Comparison {
        settings: settings.unwrap(),
        hubs: ctx.hubs.iter().map(|h| HubName { id: h.id.clone(), name: h.name.clone() }).collect(),
        zones: ctx.zones,
        jobs: ctx.jobs,
        runs,
    };
    (c, sketches, places)
}

fn render(c: &mut Criterion) {
    let (comparison, sketches, places) = flagship();
    let boundaries = railshed_io::boundaries::embedded().unwrap();
    let texts = vec![ScenarioText::default(); comparison.runs.len()];
    let mut provenance = Provenance::new("bench");
    provenance.add("network", embedded::NETWORK.file, embedded::NETWORK.text.as_bytes());
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("default report (project, draw, HTML)", |b| {
        b.iter(|| {
            let atlas = Atlas::new(&boundaries, &comparison.zones).unwrap();
            let report = Report {
                comparison: &comparison,
                atlas: &atlas,
                networks: &sketches,
                places: &places,
                scenarios: &texts,
                provenance: &provenance,
                options: Options::default(),
            };
            report.html().unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
