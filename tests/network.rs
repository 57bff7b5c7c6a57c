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
