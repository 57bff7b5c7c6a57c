//! `railshed compare`: the flagship table, its outputs, and that the result
//! is the same bytes for any number of threads.

use std::path::Path;
use std::process::Output;

mod support;

use support::cli::{railshed, root};

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
    assert_eq!(json["format"], "railshed-result/2");
    assert_eq!(json["measures"], serde_json::json!(["door-to-door"]));
    let scenarios = json["scenarios"].as_array().unwrap();
    let names: Vec<&str> = scenarios.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Today", "HS2 (full)", "NPR (TfN full network)", "HS2 + NPR + TRU"]);
    for s in scenarios {
        assert_eq!(s["zones_population_total"], 15_545_190);
        let leeds = s["hubs"].as_array().unwrap().iter().find(|h| h["name"] == "Leeds").unwrap();
        for t in ["30", "45", "60", "90", "120"] {
            assert!(leeds["catchment"][t].as_u64().is_some(), "catchment {t}");
        }
        assert_eq!(leeds["measure"], "door-to-door");
        let ne = &s["network_effect"][0];
        assert_eq!(ne["measure"], "door-to-door");
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

/// The population figures of a `railshed-result/2` scenario, by measure:
/// each catchment and network-effect entry as `(key, as measured, explain)`.
fn reach_entries(s: &serde_json::Value, measure: &str) -> Vec<(String, u64, serde_json::Value)> {
    let mut v = Vec::new();
    for ne in s["network_effect"].as_array().unwrap().iter().filter(|e| e["measure"] == measure) {
        let key = format!("network effect {}", ne["minutes"]);
        v.push((key, ne["population"].as_u64().unwrap(), ne["explain"].clone()));
    }
    for hub in s["hubs"].as_array().unwrap().iter().filter(|e| e["measure"] == measure) {
        for (t, value) in hub["catchment"].as_object().unwrap() {
            let explain: serde_json::Map<String, serde_json::Value> = hub["explain"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(off, figures)| (off.clone(), figures[t].clone()))
                .collect();
            v.push((format!("{} {t}", hub["id"]), value.as_u64().unwrap(), explain.into()));
        }
    }
    v
}

/// `--measures door-to-door,station` on the flagship: the station
/// convention gives a larger network effect than door to door in every
/// scenario (at least as large at every time limit, larger at 90
/// minutes), and where the time goes is consistent: switching a term of
/// the journey off never loses anyone, and the train alone reaches at
/// least as many as any single term switched off.
#[test]
fn measures_side_by_side_and_where_the_time_goes() {
    let out = railshed(&["compare", "--measures", "door-to-door,station", "--format", "json"], "2");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["measures"], serde_json::json!(["door-to-door", "station"]));
    for s in json["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let ne = |measure: &str| -> Vec<u64> {
            s["network_effect"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["measure"] == measure)
                .map(|e| e["population"].as_u64().unwrap())
                .collect()
        };
        let (d2d, station) = (ne("door-to-door"), ne("station"));
        assert_eq!(d2d.len(), 2, "{name}");
        assert!(d2d.iter().zip(&station).all(|(d, s)| s >= d), "{name}: {d2d:?} vs {station:?}");
        assert!(station[1] > d2d[1], "{name}: {d2d:?} vs {station:?}");
        assert_eq!(s["hubs"].as_array().unwrap().len(), 2 * 16, "{name}");

        for measure in ["door-to-door", "station"] {
            let offs: &[&str] = if measure == "station" {
                &["without_waiting"]
            } else {
                &["without_access", "without_waiting", "without_egress", "train_only"]
            };
            for (key, value, explain) in reach_entries(s, measure) {
                let explain = explain.as_object().unwrap();
                assert_eq!(explain.keys().map(String::as_str).collect::<Vec<_>>().len(), offs.len(), "{key}");
                let figure =
                    |off: &str| explain[off].as_u64().unwrap_or_else(|| panic!("{name} {key} {off}"));
                for off in offs {
                    assert!(
                        figure(off) >= value,
                        "{name}, {measure}, {key}: {off} {} < {value}",
                        figure(off)
                    );
                }
                if measure == "door-to-door" {
                    for off in &offs[..3] {
                        assert!(figure("train_only") >= figure(off), "{name}, {key}: train only < {off}");
                    }
                }
            }
        }
    }

    // The table has a block per measure, its heading naming it, and
    // --explain adds where the time goes.
    let out = railshed(
        &["compare", "today", "--measures", "station,door-to-door", "--explain", "--hubs", "leeds"],
        "2",
    );
    let table = stdout(&out);
    let station = table.find("Network effect, station to station").expect("a station block");
    let d2d = table.find("Network effect, door to door").expect("a door-to-door block");
    assert!(station < d2d, "the blocks follow the order asked for");
    // Today is compared with its base, also named Today: two blocks a measure.
    assert_eq!(table.matches("Where the time goes, Today, door to door").count(), 2, "{table}");
    assert_eq!(table.matches("Where the time goes, Today, station to station").count(), 2, "{table}");

    // CSV: a measure column, set on catchments and the network effect only.
    let out =
        railshed(&["compare", "today", "--measures", "station", "--format", "csv", "--hubs", "leeds"], "2");
    let csv = stdout(&out);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("indicator,from,to,sector,minutes,measure,scenario,value,change"));
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let expect = if matches!(fields[0], "catchment" | "network_effect") { "station" } else { "" };
        assert_eq!(fields[5], expect, "{line}");
    }

    let out = railshed(&["compare", "today", "--measures", "stations"], "2");
    assert_eq!(out.status.code(), Some(2));
}

/// `--measures door-to-door,gjt`: generalised journey time weighs every
/// term at least 1 and adds penalties, so it never brings anyone within a
/// threshold that door to door leaves out (every catchment and network
/// effect at most door to door's), its explanation switches off all four
/// terms, and each switched off never loses anyone. Its JSON, CSV and table
/// name the measure.
#[test]
fn generalised_journey_time_beside_door_to_door() {
    let out = railshed(&["compare", "today", "--measures", "door-to-door,gjt", "--format", "json"], "2");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["measures"], serde_json::json!(["door-to-door", "gjt"]));
    assert_eq!(
        json["settings"]["gjt"],
        serde_json::json!({"wait_weight": 2.0, "access_weight": 2.0, "interchange_penalty_min": 10.0})
    );
    for s in json["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let d2d = reach_entries(s, "door-to-door");
        let gjt = reach_entries(s, "gjt");
        assert_eq!(d2d.len(), gjt.len(), "{name}");
        let mut fewer = 0;
        for ((key, d, _), (gkey, g, explain)) in d2d.iter().zip(&gjt) {
            assert_eq!(key, gkey);
            assert!(g <= d, "{name}, {key}: gjt {g} > door to door {d}");
            fewer += usize::from(g < d);
            let explain = explain.as_object().unwrap();
            let offs = ["without_access", "without_waiting", "without_egress", "train_only"];
            assert_eq!(explain.len(), offs.len(), "{name}, {key}");
            for off in offs {
                assert!(explain[off].as_u64().unwrap() >= *g, "{name}, {key}, {off}");
            }
        }
        assert!(fewer > 0, "{name}: the weights change nothing");
    }

    let out = railshed(&["compare", "today", "--measures", "gjt", "--format", "csv", "--hubs", "leeds"], "2");
    let csv = stdout(&out);
    assert!(csv.lines().any(|l| l.starts_with("catchment,leeds,") && l.contains(",gjt,")), "{csv}");
    let out = railshed(&["compare", "today", "--measures", "gjt", "--hubs", "leeds"], "2");
    let table = stdout(&out);
    assert!(table.contains("Network effect, generalised journey time"), "{table}");
    assert!(table.contains("waiting ×2 and 10 minutes a change"), "{table}");
}
