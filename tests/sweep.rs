//! Scenario sweeps: `railshed sweep` expands a `railshed-sweep/1` file in
//! the documented order, gives one row per variant whose figures are those
//! `railshed compare` gives for the same scenario, the same bytes on any
//! number of threads and, sharded then merged, the bytes of the unsharded
//! run; bad sweeps are refused in one line with exit status 2, writing
//! nothing.

use std::path::Path;
use std::process::Output;

mod support;

use support::cli::{railshed, root};

fn ok(args: &[&str], threads: &str) -> Output {
    let out = railshed(args, threads);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
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

/// The 2 × 3 grid every test runs: two frequencies, three running-time factors.
const SWEEP: &str = "tests/data/scenario/tiny-sweep.json";

/// A CSV as its header and rows of cells.
fn csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    (header, lines.map(split).collect())
}

/// The cell of column `name` in `row`.
fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

#[test]
fn a_grid_gives_one_row_per_variant_in_the_documented_order() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&out)], "2");
    let names: Vec<String> = files(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["sweep.csv", "sweep.json"]);
    let (header, rows) = csv(&std::fs::read_to_string(out.join("sweep.csv")).unwrap());
    assert_eq!(header[..5], ["variant", "tph", "speed", "trips", "trips_change"]);
    let params: Vec<[&str; 3]> = rows.iter().map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()]).collect();
    // The first parameter varies slowest; the range gives 0.8, 0.9, 1.
    assert_eq!(
        params,
        [
            ["0", "2", "0.8"],
            ["1", "2", "0.9"],
            ["2", "2", "1"],
            ["3", "4", "0.8"],
            ["4", "4", "0.9"],
            ["5", "4", "1"]
        ]
    );
    for name in ["network_effect_60", "catchment_leeds_30", "catchment_manchester_90", "jobs_within_60"] {
        assert!(header.iter().any(|h| h == name), "no column {name}");
        assert!(header.iter().any(|h| *h == format!("{name}_change")), "no change of {name}");
    }
    // Variant 4 is the scenario as written: nothing changes.
    for (h, v) in header.iter().zip(&rows[4]) {
        if h.ends_with("_change") {
            assert_eq!(v, "0", "{h} of the scenario itself");
        }
    }
    // Half the trains of the fast line at two an hour; faster trains reach more people.
    assert!(cell(&header, &rows[0], "trips_change").starts_with('-'));
    let leeds = |r: usize| cell(&header, &rows[r], "catchment_leeds_90").parse::<i64>().unwrap();
    assert!(leeds(3) > leeds(4) && leeds(4) > leeds(5), "{} {} {}", leeds(3), leeds(4), leeds(5));
    // The manifest describes the run and hashes the table.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "railshed-sweep-result/1");
    assert_eq!(manifest["run"]["command"], "sweep");
    assert_eq!(manifest["run"]["variants"], 6);
    assert_eq!(manifest["table"]["rows"], 6);
    assert_eq!(manifest["run"]["settings"]["thresholds_min"], serde_json::json!([30.0, 60.0, 90.0]));
    let roles: Vec<&str> =
        manifest["run"]["inputs"].as_array().unwrap().iter().map(|i| i["role"].as_str().unwrap()).collect();
    assert!(roles.starts_with(&["sweep", "network", "scenario"]), "{roles:?}");
}

#[test]
fn a_list_switches_modifications_on_and_off() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("list.json");
    let scenario = root().join("tests/data/scenario/tiny-faster.json");
    std::fs::write(
        &file,
        format!(
            r#"{{"format": "railshed-sweep/1", "name": "list", "scenario": "{}",
                "parameters": [{{"name": "faster", "modification": 0, "field": "enabled"}},
                               {{"name": "tph", "modification": 1, "field": "tph"}}],
                "list": [{{"faster": false, "tph": 4}}, {{"faster": true, "tph": 4}}, {{"faster": true, "tph": 6}}]}}"#,
            scenario.display()
        ),
    )
    .unwrap();
    let table = tmp.path().join("list.csv");
    ok(&["--quiet", "sweep", path(&file), "--out", path(&table)], "2");
    let (header, rows) = csv(&std::fs::read_to_string(&table).unwrap());
    assert_eq!(header[..3], ["variant", "faster", "tph"]);
    assert_eq!(rows.len(), 3);
    assert_eq!([&rows[0][1], &rows[1][1]], ["0", "1"]);
    assert_eq!(cell(&header, &rows[1], "catchment_leeds_60_change"), "0");
    let leeds = |r: usize| cell(&header, &rows[r], "catchment_leeds_90_change").parse::<i64>().unwrap();
    assert!(leeds(0) < 0, "slower trains reach fewer: {}", leeds(0));
    assert!(cell(&header, &rows[2], "trips_change").parse::<i64>().unwrap() > 0);
}

#[test]
fn the_same_bytes_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a.parquet"), tmp.path().join("b.parquet"), tmp.path().join("c"));
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&a), "--threads", "1"], "2");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&b), "--threads", "2"], "1");
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(), "Parquet tables differ");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&c)], "1");
    let d = tmp.path().join("d");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&d)], "2");
    assert_eq!(files(&c), files(&d));
}

#[test]
fn sharded_then_merged_equals_unsharded_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&whole)], "2");
    let table = tmp.path().join("whole.parquet");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&table)], "2");
    let expect = files(&whole);
    for (n, format) in [(1u32, "parquet"), (3, "csv"), (7, "parquet")] {
        let parts = tmp.path().join(format!("parts-{n}"));
        for i in 0..n {
            let spec = format!("{i}/{n}");
            let threads = if i % 2 == 0 { "1" } else { "2" };
            let args =
                ["--quiet", "sweep", SWEEP, "--shard", &spec, "--part-format", format, "--out", path(&parts)];
            ok(&args, threads);
        }
        assert_eq!(files(&parts).len(), 2 * n as usize);
        let merged = tmp.path().join(format!("merged-{n}"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged)], "2");
        assert_eq!(files(&merged), expect, "N = {n} ({format} parts): differs from the unsharded run");
        let merged_table = tmp.path().join(format!("merged-{n}.parquet"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged_table)], "1");
        assert!(std::fs::read(&merged_table).unwrap() == std::fs::read(&table).unwrap(), "N = {n}: Parquet");
        let merged_csv = tmp.path().join(format!("merged-{n}.csv"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged_csv)], "1");
        assert!(std::fs::read(&merged_csv).unwrap() == std::fs::read(whole.join("sweep.csv")).unwrap());
        if n == 1 {
            // A sweep's merge writes files only: without --out, or with --report, it is refused.
            let report = tmp.path().join("report.html");
            for args in [
                vec!["merge", path(&parts)],
                vec!["merge", path(&parts), "--out", path(&merged), "--report", path(&report)],
            ] {
                let out = railshed(&args, "1");
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
                assert!(stderr.contains("the parts are a sweep's"), "{args:?}: {stderr}");
            }
            assert!(!report.exists());
        }
        if n == 3 {
            // A part changed since is refused.
            let part = parts.join("part-00001-of-00003.csv");
            let text = std::fs::read_to_string(&part).unwrap();
            std::fs::write(&part, text.replacen(",4,", ",6,", 1)).unwrap();
            let out = railshed(&["merge", path(&parts), "--out", path(&tmp.path().join("never"))], "1");
            assert_eq!(out.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&out.stderr).contains("its SHA-256 is not the one"));
            assert!(!tmp.path().join("never").exists());
        }
    }
}

#[test]
fn a_variant_has_the_figures_compare_gives_for_the_same_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep.csv");
    ok(&["--quiet", "sweep", SWEEP, "--out", path(&out)], "2");
    let (header, rows) = csv(&std::fs::read_to_string(&out).unwrap());
    // Variant 0 (2 trains an hour, running times × 0.8) and the scenario
    // as written, as files with the sweep's settings.
    let tiny = root().join("tests/data/tiny.json");
    let scenario = |name: &str, factor: f64, tph: f64| {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(
            &file,
            format!(
                r#"{{"format": "railshed-scenario/1", "name": "{name}", "base": {{"network": "{}"}},
                    "modifications": [{{"type": "change_running_times", "line": "fast", "factor": {factor}}},
                                      {{"type": "change_frequency", "line": "fast", "tph": {tph}}}],
                    "settings": {{"thresholds_min": [30, 60, 90]}}}}"#,
                tiny.display()
            ),
        )
        .unwrap();
        file
    };
    let (reference, variant) = (scenario("written", 0.9, 4.0), scenario("variant", 0.8, 2.0));
    let compared = ok(&["--quiet", "compare", path(&reference), path(&variant), "--format", "csv"], "2");
    let text = String::from_utf8(compared.stdout).unwrap();
    let mut checked = 0;
    for line in
        text.lines().skip(1).filter(|l| l.ends_with(|c: char| c.is_ascii_digit()) && l.contains(",variant,"))
    {
        let f: Vec<&str> = line.split(',').collect();
        let column = match f[0] {
            "catchment" => format!("catchment_{}_{}", f[1], f[4]),
            "network_effect" => format!("network_effect_{}", f[4]),
            "jobs_within" => format!("jobs_within_{}", f[4]),
            _ => continue,
        };
        assert_eq!(cell(&header, &rows[0], &column), f[7], "{column}");
        assert_eq!(cell(&header, &rows[0], &format!("{column}_change")), f[8], "{column} change");
        checked += 1;
    }
    assert!(checked >= 20, "compared {checked} figures");
}

/// `sweep` of a file holding `text` fails with exit status 2 and one line
/// containing `expect`, writing nothing.
fn refused(tmp: &Path, case: &str, text: &str, expect: &str) {
    let file = tmp.join(format!("{case}.json"));
    std::fs::write(&file, text).unwrap();
    let out_dir = tmp.join(format!("{case}-out"));
    let out = railshed(&["sweep", path(&file), "--out", path(&out_dir)], "2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{case}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{case}: {stderr}");
    assert!(stderr.contains(expect), "{case}: {stderr:?} lacks {expect:?}");
    assert!(stderr.contains(&format!("{case}.json: ")), "{case}: {stderr:?} does not name the file");
    assert!(!out_dir.exists(), "{case}: wrote {}", out_dir.display());
}

#[test]
fn bad_sweeps_are_refused_in_one_line_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = root().join("tests/data/scenario/tiny-faster.json");
    let sweep = |params: &str| {
        format!(
            r#"{{"format": "railshed-sweep/1", "name": "x", "scenario": "{}", "parameters": [{params}]}}"#,
            scenario.display()
        )
    };
    let t = tmp.path();
    refused(
        t,
        "unknown-key",
        &sweep(r#"{"name": "a", "modification": 0, "field": "factor", "values": [0.9], "when": 1}"#),
        "unknown field `when`",
    );
    refused(
        t,
        "unknown-field",
        &sweep(r#"{"name": "a", "modification": 0, "field": "speed", "values": [0.9]}"#),
        "$.parameters[0].field: unknown field \"speed\"",
    );
    refused(
        t,
        "out-of-range",
        &sweep(r#"{"name": "a", "modification": 1, "field": "tph", "values": [4, 90]}"#),
        "$.parameters[0].values[1]: 90: tph takes",
    );
    refused(
        t,
        "names-nothing",
        &sweep(r#"{"name": "a", "modification": 5, "field": "tph", "values": [4]}"#),
        "$.parameters[0].modification: 5 names no modification",
    );
    refused(
        t,
        "wrong-field",
        &sweep(r#"{"name": "a", "modification": 0, "field": "tph", "values": [4]}"#),
        "$.parameters[0].field: tph is a field of change_frequency",
    );
    refused(
        t,
        "too-many",
        &sweep(
            r#"{"name": "a", "modification": 0, "field": "factor", "range": {"from": 0.01, "to": 10, "step": 0.01}},
               {"name": "b", "modification": 1, "field": "tph", "range": {"from": 0.5, "to": 60, "step": 0.5}}"#,
        ),
        "more than 100,000 variants, the limit",
    );
    refused(
        t,
        "too-fast",
        &sweep(r#"{"name": "a", "modification": 0, "field": "factor", "values": [0.9, 0.3]}"#),
        "variant 1: a=0.3: ",
    );
    refused(
        t,
        "no-scenario",
        r#"{"format": "railshed-sweep/1", "name": "x", "scenario": "nowhere.json", "parameters": [{"name": "a", "modification": 0, "field": "tph", "values": [2]}]}"#,
        "$.scenario: ",
    );
    refused(t, "not-json", "{\"format\": ", "malformed JSON");
}
