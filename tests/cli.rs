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
fn shipped_scenarios_validate() {
    let mut args = vec!["validate".to_owned()];
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            args.push(format!("scenarios/{name}"));
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = railshed(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
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

/// Any scenario's timetable goes out as GTFS and comes back with the same trips.
#[test]
fn scenario_exports_as_gtfs() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("npr-irp.zip");
    let zip = zip.to_str().unwrap();
    let out = railshed(&["export", "gtfs", "--scenario", "npr-irp", "--date", "2026-05-18", "--out", zip]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let info = |args: &[&str]| -> serde_json::Value {
        let out = railshed(args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let feed = info(&["timetable", "info", zip, "--date", "2026-05-18", "--format", "json"]);
    let net = info(&["network", "info", "--scheme", "npr-irp", "--format", "json"]);
    let trips: u64 =
        net["schemes"].as_array().unwrap().iter().map(|s| s["trips_per_day"].as_u64().unwrap()).sum();
    assert_eq!(feed["trips"].as_u64(), Some(trips));
    assert_eq!(feed["stations"].as_u64(), net["stations"].as_u64());
}

/// Isochrones as areas, from a point, for a scenario and its base.
#[test]
fn isochrone_polygons_for_base_and_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("iso.geojson");
    let out_s = out.to_str().unwrap();
    let args = [
        "isochrone",
        "--at",
        "53.745,-2.005",
        "--depart",
        "07:30",
        "--max",
        "60",
        "--step",
        "20",
        "--polygons",
        "--scenario",
        "npr-tfn",
        "--out",
        out_s,
    ];
    let run = railshed(&args);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let fc: geojson::FeatureCollection = std::fs::read_to_string(&out).unwrap().parse().unwrap();
    let areas: Vec<(String, u64)> = fc
        .features
        .iter()
        .filter(|f| f.property("kind").unwrap() == "area")
        .map(|f| {
            (
                f.property("scenario").unwrap().as_str().unwrap().to_owned(),
                f.property("band").unwrap().as_u64().unwrap(),
            )
        })
        .collect();
    let expect: Vec<(String, u64)> = ["base", "NPR (TfN full network)"]
        .iter()
        .flat_map(|s| [20, 40, 60].map(|b| (s.to_string(), b)))
        .collect();
    assert_eq!(areas, expect);
    // Stations come too, each in its band.
    assert!(fc.features.iter().any(|f| f.property("kind").unwrap() == "station"
        && f.property("id").unwrap() == "HBD"
        && f.property("band").unwrap().as_u64() == Some(20)));

    let bad = railshed(&["isochrone", "--at", "48.0,2.0", "--depart", "07:30", "--out", out_s]);
    assert_eq!(bad.status.code(), Some(2));
}
