//! `railshed validate` reports every problem of a file, not just the first:
//! each on its own line of stderr naming the file, the place in it and the
//! object, at most 100 a file (then how many more), with exit status 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Writes `text` as `name` in a temporary folder, validates it, and checks
/// that it fails with exactly the lines `expect` on stderr (`{f}` stands
/// for the file's path).
fn check(name: &str, text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let f = path.to_str().unwrap();
    let out =
        Command::cargo_bin("railshed").unwrap().current_dir(root()).args(["validate", f]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expect: Vec<String> = expect.iter().map(|l| l.replace("{f}", f)).collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expect, "{name}");
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(out.stdout.is_empty(), "{name}: nothing is ok");
}

/// A line of the network and overlay formats, calling at `calls`.
fn line(id: &str, calls: &str, run: &str, tph: u32) -> String {
    format!(
        r#"{{"id": "{id}", "name": "{id}", "operator": "o", "calls": [{calls}], "run_min": [{run}],
            "service": {{"tph": {tph}, "from": "07:00", "to": "09:00"}}}}"#
    )
}

#[test]
fn network_file_with_several_problems() {
    // Problems reading stations, walks and lines, then those applying the
    // rest; a line calling at a station left out is not reported again.
    let text = format!(
        r#"{{"format": "railshed-network/1", "name": "bad",
            "stations": ["LDS", "YRK", "XXX",
                {{"id": "XB", "name": "B", "lat": 53.8, "lon": -1.5, "min_change_min": -5, "interchange": 1}}],
            "walks": [{{"from": "LDS", "to": "YRK", "min": -3}}, {{"from": "LDS", "to": "QQQ", "min": 3}}],
            "lines": [{}, {}, {}, {}]}}"#,
        line("a", r#""LDS", "YRK""#, "-1", 2),
        line("b", r#""LDS", "NOPE""#, "20", 2),
        line("c", r#""LDS", "XB", "YRK""#, "20, 10", 2),
        line("d", r#""LDS", "YRK""#, "20, 10", 2),
    );
    check(
        "net.json",
        &text,
        &[
            r#"{f}: $.stations[2]: station "XXX": unknown station: not in the embedded station table (give it inline)"#,
            r#"{f}: $.stations[3]: station "XB": min_change_min: -5 minutes must not be negative"#,
            r#"{f}: $.walks[0].min: walk LDS–YRK: -3 minutes must not be negative"#,
            r#"{f}: $.lines[0].run_min[0]: line "a": running time from LDS to YRK must be positive"#,
            r#"{f}: $.walks[1]: walk LDS–QQQ: unknown station "QQQ""#,
            r#"{f}: $.lines[1].calls[1]: line "b": unknown station "NOPE""#,
            r#"{f}: $.lines[3]: line "d": has 2 calls but 2 running times (expected 1)"#,
        ],
    );
}

#[test]
fn overlay_file_with_several_problems() {
    let text = format!(
        r##"{{"format": "railshed-overlay/1", "name": "o",
            "tag": {{"name": "t", "label": "T", "color": "#ff0000", "max_kmh": 200}},
            "stations": [{{"id": "XA", "name": "A", "lat": 53.8, "lon": -1.5, "min_change_min": -2, "interchange": 1}}],
            "withdraw": ["no-such-line"],
            "lines": [{}, {}, {}]}}"##,
        line("t1", r#""LDS", "XA""#, "10", 2),
        line("t2", r#""LDS", "YRK""#, "10", 0),
        line("t3", r#""LDS", "YRK", "QQQ""#, "10, 5", 2),
    );
    check(
        "overlay.json",
        &text,
        &[
            r#"{f}: $.stations[0]: station "XA": min_change_min: -2 minutes must not be negative"#,
            r#"{f}: $.lines[1].service: line "t2": trains per hour must be positive, not 0"#,
            r#"{f}: $.withdraw[0]: line "no-such-line": no such line to withdraw"#,
            r#"{f}: $.lines[2].calls[2]: line "t3": unknown station "QQQ""#,
        ],
    );
}

#[test]
fn scenario_file_with_several_problems() {
    // Modifications that do not read and do not apply, settings out of
    // range and unknown cities, in the order of the file.
    check(
        "scenario.json",
        r#"{"format": "railshed-scenario/1", "name": "x", "modifications": [
            {"type": "remove_line", "line": "nope"},
            {"type": "change_frequency", "line": "zz", "tph": 2},
            {"type": "close_station", "station": "QQQ"},
            {"type": "change_dwell", "line": "q", "dwell_min": -1}],
            "settings": {"percentile": 175, "thresholds_min": [30, 30],
                         "network_effect": {"n": 2, "cities": ["leeds", "gondor", "hull"]}}}"#,
        &[
            r#"{f}: $.modifications[0]: line "nope": no such line"#,
            r#"{f}: $.modifications[1]: line "zz": no such line"#,
            r#"{f}: $.modifications[2]: station "QQQ": unknown station"#,
            r#"{f}: $.modifications[3].dwell_min: line "q": -1 minutes must not be negative"#,
            r#"{f}: $.settings.percentile: percentile must be between 0 and 100, not 175"#,
            r#"{f}: $.settings.thresholds_min[1]: thresholds_min[1]: 30 minutes is listed twice"#,
            r#"{f}: $.settings.network_effect.cities[1]: hub "gondor": unknown hub (did you mean london?)"#,
        ],
    );
    // A base that cannot be read: the modifications are read but not
    // applied (they would fail only for the missing base).
    check(
        "scenario.json",
        r#"{"format": "railshed-scenario/1", "name": "x", "base": {"network": "/no/such/network.json"},
            "modifications": [
                {"type": "remove_line", "line": "nope"},
                {"type": "change_dwell", "line": "q", "dwell_min": -1}],
            "settings": {"arrival_window_min": 100000}}"#,
        &[
            "{f}: $.base.network: /no/such/network.json: No such file or directory (os error 2)",
            r#"{f}: $.modifications[1].dwell_min: line "q": -1 minutes must not be negative"#,
            "{f}: $.settings.arrival_window_min: arrival_window_min: 100000 minutes is out of range",
        ],
    );
}

#[test]
fn at_most_100_problems_a_file() {
    let walks: Vec<String> =
        (0..150).map(|i| format!(r#"{{"from": "LDS", "to": "YRK", "min": -{}}}"#, i + 1)).collect();
    let text = format!(
        r#"{{"format": "railshed-network/1", "name": "bad", "stations": ["LDS", "YRK"], "walks": [{}]}}"#,
        walks.join(", ")
    );
    let mut expect: Vec<String> = (0..100)
        .map(|i| format!("{{f}}: $.walks[{i}].min: walk LDS–YRK: -{} minutes must not be negative", i + 1))
        .collect();
    expect.push("{f}: and 50 more problems".into());
    check("walks.json", &text, &expect.iter().map(String::as_str).collect::<Vec<_>>());
}
