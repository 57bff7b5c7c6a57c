//! Several network-effect definitions per run (`compare --centre-set`): each
//! definition is computed for every measure and equals a run of it alone;
//! custom cities of a hubs file work; unknown ids are refused in one line;
//! a sharded run with two definitions merges into the unsharded one's bytes;
//! a run with no definition asked for has the outputs it always had.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod support;

use support::cli::{railshed_default_threads as railshed, root};

fn ok(args: &[&str]) -> Output {
    let out = railshed(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--quiet", "--format", "json"]);
    serde_json::from_slice(&ok(&all).stdout).unwrap()
}

/// Each scenario's network-effect entries, as (definition, measure, minutes, population).
fn entries(v: &Value) -> Vec<Vec<(String, String, f64, u64)>> {
    v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["network_effect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["definition"].as_str().unwrap_or("").to_owned(),
                        e["measure"].as_str().unwrap().to_owned(),
                        e["minutes"].as_f64().unwrap(),
                        e["population"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
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

const TWO: &str = "npp-key-economic-centres,tfn-2018-four-cities";

#[test]
fn two_definitions_in_one_run_equal_two_separate_runs() {
    let measures = ["--measures", "door-to-door,station"];
    let mut both = vec!["compare", "npr-tfn", "--centre-set", TWO];
    both.extend(measures);
    let both = entries(&json(&both));
    for id in TWO.split(',') {
        let mut alone = vec!["compare", "npr-tfn", "--centre-set", id];
        alone.extend(measures);
        let alone = entries(&json(&alone));
        let picked: Vec<Vec<_>> =
            both.iter().map(|s| s.iter().filter(|e| e.0 == id).cloned().collect()).collect();
        assert_eq!(picked, alone, "{id}");
        // Two measures, two time limits.
        assert_eq!(alone[0].len(), 4, "{id}");
    }
    // The definitions differ (the four cities of TfN's claim are all needed).
    assert_ne!(
        both[1].iter().filter(|e| e.0 == "npp-key-economic-centres").map(|e| e.3).collect::<Vec<_>>(),
        both[1].iter().filter(|e| e.0 == "tfn-2018-four-cities").map(|e| e.3).collect::<Vec<_>>()
    );
    // The embedded default set is the default definition under another id.
    let default = entries(&json(&["compare", "npr-tfn"]));
    let npp = entries(&json(&["compare", "npr-tfn", "--centre-set", "npp-key-economic-centres"]));
    let strip = |v: &[Vec<(String, String, f64, u64)>]| -> Vec<Vec<(String, f64, u64)>> {
        v.iter().map(|s| s.iter().map(|e| (e.1.clone(), e.2, e.3)).collect()).collect()
    };
    assert!(default[0].iter().all(|e| e.0.is_empty()), "no definition field by default");
    assert_eq!(strip(&default), strip(&npp));
}

#[test]
fn each_definition_has_its_block_row_and_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let table = ok(&["compare", "npr-tfn", "--quiet", "--centre-set", TWO, "--out", out.to_str().unwrap()]);
    let text = String::from_utf8(table.stdout).unwrap();
    for id in TWO.split(',') {
        assert!(text.contains(&format!("({id}): people within reach")), "{text}");
    }
    let csv = std::fs::read_to_string(out.join("network_effect.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("definition,n,k,minutes,measure,scenario,population,change"));
    assert!(lines.clone().any(|l| l.starts_with("tfn-2018-four-cities,4,4,60,door-to-door,")), "{csv}");
    assert_eq!(lines.count(), 2 * 2 * 2);
    let result: Value = serde_json::from_slice(&std::fs::read(out.join("result.json")).unwrap()).unwrap();
    let ids: Vec<&str> = result["settings"]["network_effects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, TWO.split(',').collect::<Vec<_>>());
    let rows = ok(&["compare", "npr-tfn", "--quiet", "--centre-set", TWO, "--format", "csv"]);
    let rows = String::from_utf8(rows.stdout).unwrap();
    assert!(
        rows.lines().any(|l| l.starts_with("network_effect,,npp-key-economic-centres,,60,door-to-door,"))
    );
}

#[test]
fn a_run_with_no_definition_asked_for_keeps_its_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&["compare", "npr-tfn", "--quiet", "--out", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(out.join("network_effect.csv")).unwrap();
    assert!(csv.starts_with("n,k,minutes,measure,scenario,population,change\n"), "{csv}");
    let text = std::fs::read_to_string(out.join("result.json")).unwrap();
    assert!(!text.contains("definition") && !text.contains("network_effects"));
}

#[test]
fn custom_cities_of_a_hubs_file_work() {
    let tmp = tempfile::tempdir().unwrap();
    // The embedded hubs (but those of HS2's stations) and one more: Leeds
    // and Bradford as one city.
    let mut hubs: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("networks/hubs.json")).unwrap()).unwrap();
    let list = hubs["hubs"].as_array_mut().unwrap();
    // Hubs at stations only HS2 builds have none in today's network.
    list.retain(|h| !h["id"].as_str().unwrap().contains("hs2"));
    let stations: Vec<Value> = ["leeds", "bradford"]
        .iter()
        .flat_map(|id| list.iter().find(|h| h["id"] == *id).unwrap()["stations"].as_array().unwrap().clone())
        .collect();
    list.push(serde_json::json!({"id": "west-yorkshire", "name": "West Yorkshire", "stations": stations}));
    let hubs_file = tmp.path().join("hubs.json");
    std::fs::write(&hubs_file, serde_json::to_string(&hubs).unwrap()).unwrap();
    let sets = serde_json::json!({
        "format": "railshed-centre-sets/1",
        "name": "Custom",
        "sets": [
            {"id": "wy-man", "name": "West Yorkshire and Manchester", "hubs": ["west-yorkshire", "manchester"],
             "min_count": 2, "source": "test"},
            {"id": "leeds-man", "name": "Leeds and Manchester", "hubs": ["leeds", "manchester"],
             "min_count": 2, "source": "test"}
        ]
    });
    let sets_file = tmp.path().join("sets.json");
    std::fs::write(&sets_file, serde_json::to_string(&sets).unwrap()).unwrap();
    let (h, s) = (hubs_file.to_str().unwrap(), sets_file.to_str().unwrap());
    let v = json(&[
        "compare",
        "npr-tfn",
        "--hubs-file",
        h,
        "--centre-sets",
        s,
        "--centre-set",
        "wy-man,leeds-man",
    ]);
    let e = entries(&v);
    let pop = |r: usize, id: &str, m: f64| e[r].iter().find(|x| x.0 == id && x.2 == m).unwrap().3;
    for r in 0..2 {
        for m in [60.0, 90.0] {
            // Reaching Leeds is reaching West Yorkshire, not always the other way round.
            assert!(pop(r, "wy-man", m) >= pop(r, "leeds-man", m));
        }
        assert!(pop(r, "wy-man", 90.0) > 0);
    }
    let first = &v["scenarios"][0]["network_effect"][0];
    assert_eq!(first["cities"], serde_json::json!(["west-yorkshire", "manchester"]));
    // Without the hubs file, the custom city is unknown: one line, exit status 2.
    let out = railshed(&["compare", "today", "--centre-sets", s, "--centre-set", "wy-man"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(r#"$.sets[0].hubs[0]: centre set "wy-man": unknown hub "west-yorkshire""#), "{err}");
}

#[test]
fn unknown_centre_set_ids_are_refused_in_one_line() {
    for (ids, expect) in [
        (
            "npp-key-economic-centre",
            r#"error: networks/centre_sets.json: $.sets: centre set "npp-key-economic-centre": no such centre set (did you mean npp-key-economic-centres?)"#,
        ),
        ("nowhere", r#"centre set "nowhere": no such centre set (known: npp-key-economic-centres, "#),
        (
            "tfn-2018-four-cities,tfn-2018-four-cities",
            r#"centre set "tfn-2018-four-cities": asked for twice"#,
        ),
    ] {
        let out = railshed(&["compare", "today", "--centre-set", ids]);
        assert_eq!(out.status.code(), Some(2), "{ids}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expect), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn sharded_then_merged_with_two_definitions_equals_unsharded() {
    let tmp = tempfile::tempdir().unwrap();
    let run = ["compare", "npr-tfn", "--quiet", "--centre-set", TWO];
    let whole = tmp.path().join("whole");
    let mut args = run.to_vec();
    args.extend(["--out", whole.to_str().unwrap()]);
    ok(&args);
    let parts = tmp.path().join("parts");
    for i in 0..3 {
        let spec = format!("{i}/3");
        let mut args = run.to_vec();
        args.extend(["--shard", &spec, "--part-format", "csv", "--out", parts.to_str().unwrap()]);
        ok(&args);
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(parts.join("part-00001-of-00003.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["run"]["request"]["centre_sets"],
        serde_json::json!(TWO.split(',').collect::<Vec<_>>())
    );
    assert_eq!(manifest["run"]["settings"]["network_effects"].as_array().map(Vec::len), Some(2));
    let merged = tmp.path().join("merged");
    ok(&["--quiet", "merge", parts.to_str().unwrap(), "--out", merged.to_str().unwrap()]);
    let (got, want) = (files(&merged), files(&whole));
    assert_eq!(got.len(), want.len());
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{name} differs from the unsharded run's");
    }
}
