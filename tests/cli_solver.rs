//! The `route`, `matrix` and `isochrone` commands, run as a user would.

use assert_cmd::Command;

fn railshed() -> Command {
    Command::cargo_bin("railshed").expect("the railshed binary")
}

fn stdout(args: &[&str]) -> String {
    let out = railshed().args(args).output().unwrap();
    assert!(out.status.success(), "railshed {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn is_clock(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 8 && s.as_bytes()[2] == b':' && s.as_bytes()[5] == b':')
}

#[test]
fn route_prints_a_journey() {
    let text = stdout(&["route", "Leeds", "Manchester Piccadilly", "--depart", "08:00"]);
    assert!(
        text.starts_with("Leeds (LDS) to Manchester Piccadilly (MAN), leaving at or after 08:00"),
        "{text}"
    );
    assert!(text.contains("\narrive "), "{text}");
}

#[test]
fn route_as_json() {
    let text = stdout(&["route", "LDS", "MAN", "--depart", "08:00", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["from"]["id"], "LDS");
    assert_eq!(v["to"]["id"], "MAN");
    assert!(is_clock(&v["departure"]) && is_clock(&v["arrival"]), "{v}");
    assert!(v["departure"].as_str() >= Some("08:00:00"));
    let legs = v["legs"].as_array().unwrap();
    assert!(!legs.is_empty());
    let rides = legs.iter().filter(|l| l["mode"] == "ride").count() as u64;
    assert_eq!(v["boardings"].as_u64(), Some(rides));
    assert_eq!(legs.last().unwrap()["to"]["id"], "MAN");
    assert_eq!(legs.last().unwrap()["arrival"], v["arrival"]);
}

#[test]
fn route_without_a_journey_gives_nulls() {
    let text = stdout(&["route", "LDS", "MAN", "--depart", "71:00", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(v["arrival"].is_null() && v["departure"].is_null() && v["boardings"].is_null(), "{v}");
    assert_eq!(v["legs"], serde_json::json!([]));
    assert!(stdout(&["route", "LDS", "MAN", "--depart", "71:00"]).contains("no journey"));
}

#[test]
fn route_reports_unknown_stations_and_bad_times() {
    let out = railshed().args(["route", "Leedz", "MAN", "--depart", "08:00"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean Leeds (LDS)?"));
    let out = railshed().args(["route", "LDS", "MAN", "--depart", "8h"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn route_stats_go_to_stderr() {
    let out = railshed().args(["route", "LDS", "YRK", "--depart", "08:00", "--stats"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("load ") && err.contains("compile ") && err.contains("query "), "{err}");
}

#[test]
fn matrix_long_and_wide() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.csv");
    railshed()
        .args([
            "matrix",
            "--from",
            "all",
            "--window",
            "07:00-09:00",
            "--percentiles",
            "10,50,90",
            "--mean",
            "--best",
        ])
        .arg("--out")
        .arg(&long)
        .assert()
        .success();
    let text = std::fs::read_to_string(&long).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("origin,destination,p10,p50,p90,mean,best"));
    assert!(text.contains("\nLDS,LDS,0,0,0,0,0\n"), "{text}");
    let wide = dir.path().join("wide.csv");
    railshed()
        .args(["matrix", "--from", "LDS,YRK", "--layout", "wide"])
        .arg("--out")
        .arg(&wide)
        .assert()
        .success();
    let text = std::fs::read_to_string(&wide).unwrap();
    assert!(text.starts_with("origin,statistic,"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("LDS,p50,"), "{text}");
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn matrix_rejects_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.csv");
    for args in [
        &["matrix", "--from", "all", "--percentiles", "101"][..],
        &["matrix", "--from", "Nowhere"][..],
        &["matrix", "--from", "all", "--window", "09:00-07:00"][..],
    ] {
        let o = railshed().args(args).arg("--out").arg(&out).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    assert!(!out.exists());
}

#[test]
fn isochrone_writes_geojson_bands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iso.geojson");
    railshed()
        .args(["isochrone", "--from", "LDS", "--depart", "08:00", "--max", "90", "--step", "15", "--stats"])
        .arg("--out")
        .arg(&path)
        .assert()
        .success();
    let fc: geojson::FeatureCollection = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let props: Vec<_> = fc.features.iter().map(|f| f.properties.clone().unwrap()).collect();
    let origin = props.iter().find(|p| p["id"] == "LDS").expect("the origin is in");
    assert_eq!(origin["band"], 15);
    for p in &props {
        let minutes = p["minutes"].as_f64().unwrap();
        let band = p["band"].as_f64().unwrap();
        assert!(
            minutes <= 90.0 && minutes <= band && band - minutes < 15.0 + 1e-9 && band % 15.0 == 0.0,
            "{p:?}"
        );
    }
}

#[test]
fn help_has_examples() {
    for cmd in ["route", "matrix", "isochrone"] {
        let text = stdout(&[cmd, "--help"]);
        assert!(text.contains("Examples:"), "{cmd} --help");
    }
}
