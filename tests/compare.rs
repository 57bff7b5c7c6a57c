//! `railshed compare`: the flagship table, its outputs, and that the result
//! is the same bytes for any number of threads.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn railshed(args: &[&str], threads: &str) -> Output {
    Command::cargo_bin("railshed")
        .unwrap()
        .current_dir(root())
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// The flagship comparison, on 1, 2 and 8 threads: the same table (a
/// golden snapshot) and byte-identical output files.
#[test]
fn flagship_comparison_is_golden_and_independent_of_threads() {
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut tables = Vec::new();
    for (threads, dir) in ["1", "2", "8"].iter().zip(&dirs) {
        let out = railshed(&["compare", "--out", dir.path().to_str().unwrap()], threads);
        tables.push(stdout(&out));
    }
    insta::assert_snapshot!("flagship", tables[0]);
    // The README shows this very output.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let pasted = readme
        .split("<!-- compare-output -->\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```\n<!-- /compare-output -->").next())
        .expect("README has the compare output between its markers");
    assert_eq!(pasted, tables[0], "README.md's pasted compare output is out of date");
    assert_eq!(tables[0], tables[1]);
    assert_eq!(tables[0], tables[2]);
    let one = files(dirs[0].path());
    assert_eq!(
        one.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "hub_times.csv",
            "hubs.csv",
            "network_effect.csv",
            "result.json",
            "zone_hub_times.csv",
            "zones.csv",
            "zones.geojson"
        ]
    );
    assert!(files(dirs[1].path()) == one, "2 threads differ from 1");
    assert!(files(dirs[2].path()) == one, "8 threads differ from 1");

    // The result JSON has the documented shape.
    let json: serde_json::Value = serde_json::from_slice(&one[3].1).unwrap();
    assert_eq!(json["format"], "railshed-result/1");
    let scenarios = json["scenarios"].as_array().unwrap();
    let names: Vec<&str> = scenarios.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Today", "HS2 (full)", "NPR (TfN full network)", "HS2 + NPR + TRU"]);
    for s in scenarios {
        assert_eq!(s["zones_population_total"], 15_545_190);
        let leeds = s["hubs"].as_array().unwrap().iter().find(|h| h["name"] == "Leeds").unwrap();
        for t in ["30", "45", "60", "90", "120"] {
            assert!(leeds["catchment"][t].as_u64().is_some(), "catchment {t}");
        }
        let ne = &s["network_effect"][0];
        assert_eq!(
            (ne["n"].as_u64(), ne["k"].as_u64(), ne["minutes"].as_f64()),
            (Some(4), Some(6), Some(60.0))
        );
        assert!(ne["population"].as_u64().is_some());
        let times = s["hub_times"].as_array().unwrap();
        assert_eq!(times.len(), 16 * 15); // every ordered pair of the 16 embedded hubs
        assert!(
            times.iter().any(|t| t["from"] == "leeds" && t["to"] == "manchester" && t["minutes"].is_u64())
        );
    }
    // NPR brings more people within an hour of Leeds than today.
    let leeds60 = |i: usize| {
        scenarios[i]["hubs"].as_array().unwrap().iter().find(|h| h["name"] == "Leeds").unwrap()["catchment"]["60"]
            .as_u64()
            .unwrap()
    };
    assert!(leeds60(2) > leeds60(0));

    // The zones open in QGIS: one point per zone.
    let geo: geojson::FeatureCollection = String::from_utf8(one[6].1.clone()).unwrap().parse().unwrap();
    assert_eq!(geo.features.len(), 1968);
}

/// One scenario is compared with its base, unmodified.
#[test]
fn one_scenario_is_compared_with_its_base() {
    let out = railshed(&["compare", "tests/data/scenario/tiny-faster.json", "--format", "json"], "2");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> =
        json["scenarios"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Base (tests/data/scenario/../tiny.json)", "Tiny: faster trains"]);
}

#[test]
fn unknown_scenario_names_get_suggestions() {
    let out = railshed(&["compare", "npr-tfm"], "2");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim_end(),
        "error: npr-tfm: no such file or shipped scenario (did you mean npr-tfn?)"
    );
}
