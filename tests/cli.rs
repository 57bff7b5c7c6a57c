//! Tests that drive the real `railshed` binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root (tests run there, so paths in messages are relative).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn railshed(args: &[&str]) -> Output {
    Command::cargo_bin("railshed").unwrap().current_dir(root()).args(args).output().unwrap()
}

fn stderr_first_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn bad_networks_are_reported_one_line_each() {
    let mut checked = Vec::new();
    // Validating a broken file exits with 2 and prints exactly `expect` first.
    let mut check_bad = |file: &str, expect: &str| {
        let path = format!("tests/data/bad/network/{file}");
        let out = railshed(&["validate", "--network", "tests/data/tiny.json", &path]);
        assert_eq!(out.status.code(), Some(2), "{file}: exit status");
        assert_eq!(stderr_first_line(&out), format!("{path}: {expect}"), "{file}");
        checked.push(file.to_owned());
    };
    check_bad("malformed-json.json", "5:1: malformed JSON: expected `,` or `]`");
    check_bad("empty.json", "1:0: malformed JSON: EOF while parsing a value");
    check_bad("not-utf8.json", "byte 45: not UTF-8 text");
    check_bad(
        "unknown-format.json",
        r#"$.format: unknown format "railshed-network/9" (expected "railshed-network/1" or "railshed-overlay/1")"#,
    );
    check_bad(
        "unknown-field.json",
        "38:10: $.colour: unknown field `colour`, expected one of `format`, `name`, `description`, `tag`, \
         `requires`, `tags`, `stations`, `links`, `walks`, `withdraw`, `lines`, `notes`",
    );
    check_bad(
        "wrong-type.json",
        r#"27:25: $.lines[0].run_min: invalid type: string "18, 31", expected a sequence"#,
    );
    check_bad(
        "unknown-station-ref.json",
        r#"$.stations[3]: station "ZZZ": unknown station: not in the embedded station table (give it inline)"#,
    );
    check_bad("unknown-station-call.json", r#"$.lines[0].calls[2]: line "x": unknown station "MCV""#);
    check_bad("link-unknown-station.json", r#"$.links[0].path[2]: link LDS–HUD–QQQ: unknown station "QQQ""#);
    check_bad("duplicate-station.json", r#"$.stations[3]: station "LDS": duplicate station id"#);
    check_bad("duplicate-line.json", r#"$.lines[1].id: line "x": duplicate line id"#);
    check_bad("twice-in-a-row.json", r#"$.lines[0].calls[2]: line "x": calls at HUD twice in a row"#);
    check_bad(
        "zero-running-time.json",
        r#"$.lines[0].run_min[0]: line "x": running time from LDS to HUD must be positive"#,
    );
    check_bad("negative-dwell.json", r#"$.lines[0].dwell_min: line "x": -1 minutes must not be negative"#);
    check_bad(
        "decreasing-departures.json",
        r#"$.lines[0].service.departures[2]: line "x": departure 07:30 is not after the one before it (08:00)"#,
    );
    check_bad(
        "bad-time.json",
        r#"$.lines[0].service.departures[1]: line "x": time "25:7x" is not of the form HH:MM or HH:MM:SS"#,
    );
    check_bad(
        "negative-tph.json",
        r#"$.lines[0].service: line "x": trains per hour must be positive, not -2"#,
    );
    check_bad(
        "period-backwards.json",
        r#"$.lines[0].service.headway[0]: line "x": period ends at 06:00 before it starts at 09:00"#,
    );
    check_bad(
        "too-fast.json",
        r#"$.lines[0].run_min[0]: line "x": LDS to HUD in 2 min implies 675 km/h over the 22.5 km straight line, above 400 km/h"#,
    );
    check_bad(
        "too-slow.json",
        r#"$.lines[0].run_min[1]: line "x": HUD to MAN in 600 min implies 3.5 km/h over the 35.1 km straight line, below 5 km/h"#,
    );
    check_bad(
        "no-track.json",
        r#"$.lines[0].run_min[2]: line "x": no track between MAN and YRK: the line uses infrastructure that does not exist"#,
    );
    check_bad(
        "faster-than-track.json",
        r#"$.lines[0].run_min[0]: line "x": LDS to HUD in 5 min is faster than the track allows (22.5 km needs at least 6.7 min)"#,
    );
    check_bad(
        "outside-gb.json",
        r#"$.stations[3]: station "XPA": position 48.88000, 2.35500 (lat, lon) is outside Great Britain"#,
    );
    check_bad(
        "run-count-mismatch.json",
        r#"$.lines[0]: line "x": has 3 calls but 1 running times (expected 2)"#,
    );
    check_bad("unknown-tag.json", r#"$.lines[0]: line "x": unknown tag "hs9""#);
    check_bad("network-withdraws.json", r#"$.withdraw: "withdraw" is only allowed in overlays"#);
    check_bad("overlay-without-tag.json", "$.tag: an overlay must define its scheme tag");
    check_bad(
        "overlay-withdraws-unknown.json",
        r#"$.withdraw[0]: line "no-such-line": no line "no-such-line" to withdraw"#,
    );
    check_bad(
        "overlay-replaces-unknown.json",
        r#"$.lines[0].replaces[0]: line "y": replaces line "nope", which does not exist"#,
    );
    check_bad(
        "overlay-requires-missing.json",
        r#"$.requires[0]: overlay "bad overlay": requires unknown scheme "hs9-phase7" (known: hs2-phase1, hs2-phase2a, hs2-phase2b-west, hs2-phase2b-east, npr-irp, npr-tfn, lm-2026, tru, new)"#,
    );

    // Every file of the corpus has a case.
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/data/bad/network"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    checked.sort();
    assert_eq!(files, checked);
}

#[test]
fn shipped_networks_validate() {
    let mut args = vec!["validate".to_owned(), "networks/north.json".to_owned()];
    for entry in std::fs::read_dir(root().join("networks/schemes")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        args.push(format!("networks/schemes/{name}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = railshed(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), args.len() - 1);
}

#[test]
fn network_info_summarises_the_default_network() {
    let out = railshed(&["network", "info"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("stations")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("existing")), "{text}");

    let out = railshed(&["network", "info", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["stations"].as_u64().unwrap() > 0);
    assert_eq!(json["schemes"][0]["tag"], "existing");
}

#[test]
fn network_info_names_an_unknown_scheme() {
    let out = railshed(&["network", "info", "--scheme", "hs3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_first_line(&out).starts_with(r#"error: scheme "hs3": unknown scheme (known: hs2-phase1,"#)
    );
}

#[test]
fn missing_file_is_bad_input() {
    let out = railshed(&["network", "info", "--network", "tests/data/no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_first_line(&out).starts_with("error: tests/data/no-such-file.json: "));
}

#[test]
fn export_writes_geojson_that_parses() {
    let dir = tempfile::tempdir().unwrap();
    let geo = dir.path().join("n.geojson");
    let json = dir.path().join("n.json");
    let out = railshed(&[
        "network",
        "export",
        "--network",
        "tests/data/tiny.json",
        "--geojson",
        geo.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fc: geojson::FeatureCollection = std::fs::read_to_string(&geo).unwrap().parse().unwrap();
    let kinds: Vec<&str> =
        fc.features.iter().map(|f| f.property("kind").unwrap().as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "station").count(), 4);
    assert_eq!(kinds.iter().filter(|k| **k == "link").count(), 3);
    assert_eq!(kinds.iter().filter(|k| **k == "line").count(), 2);
    // The exported network file validates and describes the same network.
    let out = railshed(&["validate", json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Nothing but the two outputs was left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn export_needs_an_output() {
    let out = railshed(&["network", "export"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr_first_line(&out), "error: nothing to export: give --geojson FILE and/or --json FILE");
}
