//! Scenarios end to end: modifications, the indicators on a tiny network
//! computed by hand, and what adding or removing a line may do.

use std::path::Path;

use proptest::prelude::*;
use railshed_core::{Network, StationIdx, Time};
use railshed_io::network::parse;
use railshed_scenario::hubs::{HubDef, HubStationDef};
use railshed_scenario::modify::Modification;
use railshed_scenario::run::{Context, evaluate};
use railshed_scenario::settings::{EffectiveDensity, Measure, NetworkEffect, Sector, Settings};
use railshed_scenario::zones::Zone;
use railshed_solver::{Options, Solver, Source};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap()
}

fn tiny() -> Network {
    parse("tiny.json", &read("tests/data/tiny.json")).unwrap().to_network().unwrap()
}

/// The tiny network (Leeds – Huddersfield – Manchester; fast trains twice
/// an hour from 06:00 taking 50 minutes, back from 06:15; a one-way stopper
/// to Victoria) with three zones: one at Leeds station (1,000 people, 1,000
/// jobs), one at Manchester Piccadilly (2,000 people, 4,000 jobs), one far
/// away in Cumbria (500 people, no jobs); hubs Manchester (Piccadilly, 5
/// minutes' egress) and Leeds (3 minutes).
fn context(net: &Network) -> (Context, Settings) {
    let at = |code: &str, station: &str, population| {
        let s = net.station(net.station_by_id(station).unwrap());
        Zone { code: code.into(), name: code.into(), lad: "L".into(), population, pos: s.pos }
    };
    let mut far = at("Z3", "LDS", 500);
    far.pos = geo::Point::new(-3.0, 54.6);
    let hub = |id: &str, station: &str, egress_min| HubDef {
        id: id.into(),
        name: id.into(),
        stations: vec![HubStationDef { station: station.into(), egress_min }],
    };
    let ctx = Context {
        zones: vec![at("Z1", "LDS", 1000), at("Z2", "MAN", 2000), far],
        jobs: vec![1000.0, 4000.0, 0.0],
        hubs: vec![hub("m", "MAN", 5.0), hub("l", "LDS", 3.0)],
        measures: vec![Measure::DoorToDoor],
        explain: true,
    };
    let settings = Settings {
        thresholds_min: vec![30.0, 60.0],
        network_effect: NetworkEffect { n: 1, cities: vec!["m".into()], minutes: vec![60.0] },
        jobs_minutes: vec![30.0, 60.0],
        effective_density: EffectiveDensity {
            sectors: vec![Sector { name: "all".into(), alpha: 1.0 }],
            ..EffectiveDensity::default()
        },
        ..Settings::default()
    };
    (ctx, settings)
}

#[test]
fn indicators_on_a_tiny_network_equal_hand_computed_values() {
    let net = tiny();
    let (ctx, settings) = context(&net);
    let (summary, ind) = evaluate(&net, &ctx, &settings).unwrap();
    assert_eq!((summary.stations, summary.served, summary.lines, summary.trips), (4, 4, 2, 81));

    // Z1 → Manchester, to arrive by each minute 08:00–09:00 (Piccadilly 5
    // minutes before): the 07:00 train for 08:00–08:24 (60, 61 … 84 min), the
    // 07:30 for 08:25–08:54 (55 … 84), the 08:00 for 08:55–09:00 (55 … 60):
    // the median of the 61 is 69. Z2 is at Piccadilly: 5 minutes. Z1 → Leeds:
    // 3 minutes. Z2 → Leeds by the 06:45, 07:15 and 07:45 back: median 68.
    assert_eq!(ind.zone_hub, [[Some(69.0), Some(3.0)], [Some(5.0), Some(68.0)], [None, None]]);
    assert_eq!(ind.catchment, [[2000, 2000], [1000, 1000]]);
    assert_eq!(ind.network_effect, [[2000]]);
    assert_eq!(ind.cities_reached, [[0], [1], [0]]);

    // Leeds → Piccadilly leaving 07:00–08:59: waits of 0–29 minutes four
    // times over, plus the 50-minute ride: median 64, mean 64.5 (65). Back,
    // trains from 07:15 every half hour: the same. Both over 60: each zone
    // reaches its own jobs only.
    assert_eq!(ind.jobs_within, [[1000.0, 1000.0], [4000.0, 4000.0], [0.0, 0.0]]);
    let ed: Vec<f64> = ind.effective_density.iter().map(|e| (e[0] * 1000.0).round() / 1000.0).collect();
    let expect = [1000.0 / 10.0 + 4000.0 / 65.0, 4000.0 / 10.0 + 1000.0 / 65.0, 0.0];
    assert_eq!(ed, expect.map(|v: f64| (v * 1000.0).round() / 1000.0));

    let times: Vec<(String, String, Option<u32>, Option<u32>)> =
        ind.hub_times.iter().map(|t| (t.from.clone(), t.to.clone(), t.minutes, t.changes)).collect();
    assert_eq!(
        times,
        [("m".into(), "l".into(), Some(50), Some(0)), ("l".into(), "m".into(), Some(50), Some(0))]
    );
}

#[test]
fn faster_and_more_frequent_trains_bring_leeds_within_the_hour() {
    let mut net = tiny();
    Modification::ScaleRunningTimes { line: "fast".into(), factor: 0.9 }.apply(&mut net).unwrap();
    Modification::ChangeFrequency { line: "fast".into(), tph: 4.0, window: None }.apply(&mut net).unwrap();
    let (ctx, settings) = context(&net);
    let (_, ind) = evaluate(&net, &ctx, &settings).unwrap();
    // Every 15 minutes, 45 min 6 s to Piccadilly: to arrive by 08:00–09:00
    // takes 51–65 minutes; the median is 58.
    assert_eq!(ind.zone_hub[0][0], Some(58.0));
    assert_eq!(ind.catchment[0], [2000, 3000]);
}

/// Earliest arrivals at every station from each origin at a time.
fn arrivals(net: &Network, queries: &[(usize, u32)]) -> Vec<Vec<Time>> {
    let tt = net.compile();
    let solver = Solver::new(&tt);
    let mut scratch = solver.scratch();
    queries
        .iter()
        .map(|&(o, t)| {
            let source = [Source { station: StationIdx::new(o % tt.stations.len()), time: Time(t) }];
            let a = solver.earliest_arrival(&mut scratch, &source, Options::default()).unwrap();
            (0..tt.stations.len()).map(|s| a.arrival(StationIdx::new(s))).collect()
        })
        .collect()
}

/// A line along a random walk over the default network's track, as fast as
/// the track allows and then some.
fn random_line(net: &Network, start: usize, steps: &[usize], slack: f64, tph: f64) -> Option<Modification> {
    use railshed_core::{CallSpec, HeadwayPeriod, LineSpec, Service};
    let g = net.graph();
    let mut path = vec![petgraph::graph::NodeIndex::new(start % net.stations().len())];
    for &k in steps {
        let here = *path.last().unwrap();
        let next: Vec<_> = g.neighbors(here).filter(|n| !path.contains(n)).collect();
        if next.is_empty() {
            break;
        }
        path.push(next[k % next.len()]);
    }
    if path.len() < 2 {
        return None;
    }
    let mut run = Vec::new();
    for w in path.windows(2) {
        let t = net.track(StationIdx::new(w[0].index()), StationIdx::new(w[1].index()))?;
        let straight = net.straight_km(StationIdx::new(w[0].index()), StationIdx::new(w[1].index()));
        // Within the line speed of the track, and at least 5 km/h over the straight line.
        let secs = (t.min_secs * slack).ceil().max(60.0).min(straight / 5.0 * 3600.0);
        run.push(secs as u32);
    }
    let last = path.len() - 1;
    let calls = path
        .iter()
        .enumerate()
        .map(|(k, n)| CallSpec {
            station: net.stations()[n.index()].id.clone(),
            dwell: if k == 0 || k == last { 0 } else { 60 },
            pickup: true,
            dropoff: true,
        })
        .collect();
    let period = HeadwayPeriod { from: Time::hms(6, 0, 0), to: Time::hms(22, 0, 0), tph, offset: 0 };
    Some(Modification::AddLine(LineSpec {
        id: "random".into(),
        name: "Random".into(),
        operator: String::new(),
        tag: "existing".into(),
        calls,
        run,
        outbound: Service::Headway(vec![period.clone()]),
        inbound: Some(Service::Headway(vec![period])),
        replaces: Vec::new(),
        source: String::new(),
    }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Adding a line never makes any earliest arrival later.
    #[test]
    fn adding_a_line_never_delays_anyone(
        start in 0usize..10_000,
        steps in proptest::collection::vec(0usize..8, 1..8),
        slack in 1.05f64..2.0,
        tph in 0.5f64..6.0,
        queries in proptest::collection::vec((0usize..10_000, 6u32 * 3600..20 * 3600), 3),
    ) {
        let base = railshed_io::embedded::default_network().unwrap();
        let Some(m) = random_line(&base, start, &steps, slack, tph) else { return Ok(()) };
        let mut with = base.clone();
        m.apply(&mut with).unwrap();
        let (before, after) = (arrivals(&base, &queries), arrivals(&with, &queries));
        for (b, a) in before.iter().zip(&after) {
            for (s, (tb, ta)) in b.iter().zip(a).enumerate() {
                prop_assert!(ta <= tb, "station {s}: {} then {}", tb, ta);
            }
        }
    }

    /// Removing a line never makes any earliest arrival earlier.
    #[test]
    fn removing_a_line_never_speeds_anyone(
        line in 0usize..1000,
        queries in proptest::collection::vec((0usize..10_000, 6u32 * 3600..20 * 3600), 3),
    ) {
        let base = railshed_io::embedded::default_network().unwrap();
        let id = base.lines()[line % base.lines().len()].id.clone();
        let mut without = base.clone();
        Modification::RemoveLine(id).apply(&mut without).unwrap();
        let (before, after) = (arrivals(&base, &queries), arrivals(&without, &queries));
        for (b, a) in before.iter().zip(&after) {
            for (s, (tb, ta)) in b.iter().zip(a).enumerate() {
                prop_assert!(ta >= tb, "station {s}: {} then {}", tb, ta);
            }
        }
    }
}
