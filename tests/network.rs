//! The network model end to end: files in, overlays, compiling, files out.

use std::path::Path;

use railshed_core::{Network, Time, Timetable};
use railshed_io::embedded;
use railshed_io::network::{parse, to_json_string};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap()
}

fn network(file: &str, text: &str) -> Network {
    parse(file, text).and_then(|p| p.to_network()).unwrap_or_else(|e| panic!("{}", e.problems().join("\n")))
}

/// Writing a network and reading it back changes nothing.
fn check_round_trip(net: &Network) {
    let text = to_json_string(net);
    let back = network("round-trip.json", &text);
    assert_eq!(back.stations(), net.stations());
    assert_eq!(back.walks(), net.walks());
    assert_eq!(back.lines(), net.lines());
    assert_eq!(back.tags(), net.tags());
    let links = |n: &Network| {
        let g = n.graph();
        g.edge_indices()
            .map(|e| {
                let (a, b) = g.edge_endpoints(e).unwrap();
                (a.index(), b.index(), g[e].clone())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(links(&back), links(net));
    assert_eq!(back.compile(), net.compile());
    // And writing it again gives the same text.
    assert_eq!(to_json_string(&back), text);
}

#[test]
fn json_round_trip_is_lossless() {
    check_round_trip(&network("tiny.json", &read("tests/data/tiny.json")));
    check_round_trip(&embedded::default_network().unwrap());
    let mut all = embedded::default_network().unwrap();
    let schemes = embedded::schemes().unwrap();
    let names: Vec<&str> = schemes.iter().filter_map(|p| p.scheme()).collect();
    // Every scheme that stacks with the others.
    for name in names {
        let mut with = all.clone();
        if embedded::apply_schemes(&mut with, &[name], &schemes).is_ok() {
            all = with;
        }
    }
    check_round_trip(&all);
}

fn departures(tt: &Timetable, line: &str) -> Vec<String> {
    let l = tt.lines.iter().position(|l| l.id == line).unwrap();
    tt.trips
        .iter()
        .filter(|t| t.line.idx() == l)
        .map(|t| format!("{}@{}", t.id, tt.stop_times[t.first as usize].dep.hhmm()))
        .collect()
}

#[test]
fn headway_lines_compile_to_the_right_trips() {
    let text = r#"{
      "format": "railshed-network/1", "name": "t",
      "stations": ["LDS", "HUD", "MAN"],
      "links": [{"path": ["LDS", "HUD", "MAN"]}],
      "lines": [{
        "id": "l", "name": "L", "calls": ["LDS", "HUD", "MAN"], "run_min": [18, 31], "dwell_min": 2,
        "service": {"headway": [
          {"from": "06:00", "to": "07:00", "tph": 4, "offset_min": 5},
          {"from": "07:00", "to": "08:30", "tph": 2}
        ]},
        "return": {"offset_min": 10}
      }]
    }"#;
    let tt = network("t.json", text).compile();
    tt.check().unwrap();
    assert_eq!(
        departures(&tt, "l"),
        [
            "l/o06:05@06:05",
            "l/o06:20@06:20",
            "l/o06:35@06:35",
            "l/o06:50@06:50",
            "l/o07:00@07:00",
            "l/o07:30@07:30",
            "l/o08:00@08:00",
            "l/i06:15@06:15",
            "l/i06:30@06:30",
            "l/i06:45@06:45",
            "l/i07:00@07:00",
            "l/i07:10@07:10",
            "l/i07:40@07:40",
            "l/i08:10@08:10",
        ]
    );
    // Outbound: 18 min to HUD, 2 min dwell, 31 min on; inbound the reverse.
    let first = tt.stop_times_of(railshed_core::TripIdx(0));
    let times: Vec<(Time, Time)> = first.iter().map(|s| (s.arr, s.dep)).collect();
    assert_eq!(
        times,
        [
            (Time::hms(6, 5, 0), Time::hms(6, 5, 0)),
            (Time::hms(6, 23, 0), Time::hms(6, 25, 0)),
            (Time::hms(6, 56, 0), Time::hms(6, 56, 0)),
        ]
    );
    let inbound = tt.stop_times_of(railshed_core::TripIdx(7));
    assert_eq!(inbound[0].station, tt.stop_times[2].station);
    assert_eq!((inbound[1].arr, inbound[1].dep), (Time::hms(6, 46, 0), Time::hms(6, 48, 0)));
    assert_eq!(inbound[2].arr, Time::hms(7, 6, 0));
}

const BASE: &str = r#"{
  "format": "railshed-network/1", "name": "base",
  "stations": ["LDS", "HUD", "MAN"],
  "links": [{"path": ["LDS", "HUD", "MAN"]}],
  "lines": [
    {"id": "fast", "name": "Fast", "calls": ["LDS", "HUD", "MAN"], "run_min": [18, 31],
     "service": {"tph": 2, "from": "06:00", "to": "08:00"}},
    {"id": "slow", "name": "Slow", "calls": ["LDS", "HUD"], "run_min": [25],
     "service": {"tph": 1, "from": "06:00", "to": "08:00"}, "return": false}
  ]
}"#;

const NEW_LINE: &str = r##"{
  "format": "railshed-overlay/1", "name": "new line",
  "tag": {"name": "new", "label": "New line", "color": "#e31a1c", "max_kmh": 250},
  "links": [{"path": ["LDS", "MAN"]}],
  "lines": [{"id": "express", "name": "Express", "calls": ["LDS", "MAN"], "run_min": [30],
             "service": {"tph": 4, "from": "06:00", "to": "08:00"}, "replaces": ["fast"]}]
}"##;

const UPGRADE: &str = r##"{
  "format": "railshed-overlay/1", "name": "upgrade",
  "tag": {"name": "upgrade", "label": "Upgrade", "color": "#33a02c", "max_kmh": 250},
  "requires": ["new"],
  "withdraw": ["express", "slow"],
  "lines": [{"id": "express2", "name": "Faster express", "calls": ["LDS", "MAN"], "run_min": [25],
             "service": {"tph": 6, "from": "06:00", "to": "08:00"}}]
}"##;

#[test]
fn overlays_apply_in_order_and_withdraw_what_they_say() {
    let base = network("base.json", BASE);
    let new_line = parse("new.json", NEW_LINE).unwrap();
    let upgrade = parse("upgrade.json", UPGRADE).unwrap();
    let ids = |n: &Network| n.lines().iter().map(|l| l.id.clone()).collect::<Vec<_>>();

    let mut net = base.clone();
    new_line.apply_to(&mut net).unwrap();
    assert_eq!(ids(&net), ["slow", "express"]);
    upgrade.apply_to(&mut net).unwrap();
    assert_eq!(ids(&net), ["express2"]);
    assert_eq!(net.compile().trips.len(), 2 * 12);

    // The other order is refused, naming what is missing, and changes nothing.
    let mut net = base.clone();
    let err = upgrade.apply_to(&mut net).unwrap_err();
    assert_eq!(
        err.problems()[0],
        r#"upgrade.json: $.requires[0]: overlay "upgrade": requires scheme "new", which is not applied: apply it first"#
    );
    assert_eq!(ids(&net), ["fast", "slow"]);

    // Applying an overlay twice fails on its own lines and changes nothing.
    let mut net = base;
    new_line.apply_to(&mut net).unwrap();
    let before = ids(&net);
    let err = new_line.apply_to(&mut net).unwrap_err();
    assert_eq!(
        err.problems()[0],
        r#"new.json: $.lines[0].replaces[0]: line "express": replaces line "fast", which does not exist"#
    );
    assert_eq!(ids(&net), before);
}

#[test]
fn embedded_schemes_apply_with_what_they_require() {
    let schemes = embedded::schemes().unwrap();
    for p in &schemes {
        let name = p.scheme().unwrap();
        let mut net = embedded::default_network().unwrap();
        embedded::apply_schemes(&mut net, &[name], &schemes)
            .unwrap_or_else(|e| panic!("{name}: {}", e.problems().join("\n")));
        assert!(net.tag_named(name).is_some());
        for req in &p.overlay.requires {
            assert!(net.tag_named(req).is_some(), "{name} requires {req}");
        }
        net.compile().check().unwrap();
    }
}

/// The fastest scheduled direct train from `from` to `to` leaving between
/// 06:00 and 22:00, in minutes.
fn fastest_direct(tt: &Timetable, from: &str, to: &str) -> Option<f64> {
    let id = |s: &str| tt.stations.iter().position(|x| x.id == s).unwrap_or_else(|| panic!("no station {s}"));
    let (a, b) = (id(from), id(to));
    let window = Time::hms(6, 0, 0)..=Time::hms(22, 0, 0);
    (0..tt.trips.len())
        .filter_map(|t| {
            let st = tt.stop_times_of(railshed_core::TripIdx::new(t));
            let i = st.iter().position(|s| s.station.idx() == a && s.pickup)?;
            let j = st[i..].iter().position(|s| s.station.idx() == b && s.dropoff)? + i;
            window.contains(&st[i].dep).then(|| f64::from(st[j].arr.secs() - st[i].dep.secs()) / 60.0)
        })
        .min_by(f64::total_cmp)
}

/// The default network with `schemes` applied matches a published journey
/// time within `tolerance` minutes (`schemes_published_times.csv`, row named).
fn check_published(schemes: &[&str], from: &str, to: &str, published: f64, tolerance: f64, row: &str) {
    let mut net = embedded::default_network().unwrap();
    embedded::apply_schemes(&mut net, schemes, &embedded::schemes().unwrap()).unwrap();
    let got =
        fastest_direct(&net.compile(), from, to).unwrap_or_else(|| panic!("no direct train {from}→{to}"));
    assert!(
        (got - published).abs() <= tolerance,
        "{schemes:?} {from}→{to}: fastest {got} min, published {published} ({row})"
    );
}

#[test]
fn default_network_matches_published_baselines() {
    check_published(&[], "LDS", "MAN", 55.0, 3.0, "Leeds,Manchester,BASELINE: today (2021 DfT figure)");
    check_published(
        &[],
        "LDS",
        "MCV",
        46.0,
        3.0,
        "Leeds,Manchester Victoria,BASELINE: TPE May 2018 timetable (fast)",
    );
    check_published(
        &[],
        "LIV",
        "MCV",
        33.0,
        3.0,
        "Liverpool Lime Street,Manchester Victoria,BASELINE: TPE May 2018",
    );
    check_published(&[], "LIV", "MAN", 50.0, 3.0, "Liverpool,Manchester Piccadilly,BASELINE (DfT 2024)");
    check_published(&[], "EUS", "MAN", 126.0, 3.0, "London,Manchester,BASELINE (2023)");
    check_published(&[], "EUS", "BHM", 81.0, 3.0, "London,Birmingham,BASELINE (2023)");
    check_published(&[], "BHM", "MAN", 86.0, 3.0, "Birmingham,Manchester,BASELINE (2023)");
    check_published(&[], "BHM", "LDS", 118.0, 3.0, "Birmingham,Leeds,BASELINE (2021)");
    check_published(&[], "KGX", "NCL", 171.0, 3.0, "London,Newcastle,BASELINE (2021)");
    check_published(&[], "KGX", "DAR", 142.0, 3.0, "London,Darlington,BASELINE (2021)");
    check_published(&[], "MCV", "BDI", 61.0, 3.0, "Manchester,Bradford,BASELINE (NPP 2018)");
    check_published(&[], "LIV", "MIA", 85.0, 3.0, "Liverpool,Manchester Airport,BASELINE (DfT 2026)");
}

#[test]
fn scheme_overlays_match_published_times() {
    check_published(&["npr-irp"], "LDS", "MAN", 33.0, 3.0, "Leeds,Manchester,NPR (IRP 2021 core pipeline)");
    check_published(
        &["npr-irp"],
        "LIV",
        "MAN",
        35.0,
        3.0,
        "Liverpool,Manchester,NPR Liverpool-Manchester new line (no IRP figure published; the 2024 figure)",
    );
    check_published(&["hs2-phase1"], "EUS", "CZS", 45.0, 3.0, "London,Birmingham,HS2 Phase 1");
    check_published(&["hs2-phase1"], "EUS", "MAN", 101.0, 3.0, "London,Manchester,HS2 Phase 1 only");
    check_published(&["hs2-phase2a"], "EUS", "CRE", 56.0, 3.0, "London,Crewe,HS2 Phase 2a");
    check_published(
        &["hs2-phase2b-west"],
        "EUS",
        "MAN",
        71.0,
        3.0,
        "London,Manchester,HS2 Phase 1+2a+2b western leg",
    );
    check_published(
        &["hs2-phase2b-west"],
        "EUS",
        "MAH",
        59.0,
        3.0,
        "London,Manchester Airport,HS2 Phase 2b western leg",
    );
    check_published(&["hs2-phase2b-east"], "EUS", "LDS", 81.0, 3.0, "London,Leeds,HS2 Phase 2b eastern leg");
    check_published(
        &["npr-tfn"],
        "LIV",
        "MAN",
        28.0,
        3.0,
        "Liverpool,Manchester,NPR (TfN Strategic Transport Plan draft 2018)",
    );
    check_published(&["npr-tfn"], "MAN", "BDX", 20.0, 3.0, "Manchester,Bradford,NPR (TfN/NPP 2018 vision)");
    check_published(
        &["lm-2026"],
        "LIV",
        "MAN",
        35.0,
        3.0,
        "Liverpool,Manchester,NPR Liverpool-Manchester new line",
    );
    check_published(&["tru"], "MAN", "LDS", 42.0, 3.0, "Manchester,Leeds,TransPennine Route Upgrade (TRU)");
}
