//! Command-line behaviour fixed along with the `railshed` library: exit
//! statuses, failing before the work, plurals, `--against`, `--stats` units.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn railshed(args: &[&str]) -> Output {
    Command::cargo_bin("railshed").unwrap().current_dir(root()).args(args).output().unwrap()
}

/// Runs `args`, which must fail as bad input: status 2 and one line of
/// stderr containing `expect`.
fn check_bad(args: &[&str], expect: &str) {
    let out = railshed(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(expect), "{args:?}: {err}");
}

/// `--out` naming a file is bad input (it was an internal error), found
/// before the evaluation; nothing is written.
#[test]
fn out_naming_a_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("result");
    std::fs::write(&file, "keep").unwrap();
    check_bad(&["-q", "compare", "today", "--out", file.to_str().unwrap()], "is not a folder");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

/// `--png` in a railshed built without PNG support fails at once, before
/// anything (the files of `--out`) is written.
#[cfg(not(feature = "png"))]
#[test]
fn png_without_the_feature_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (out, maps) = (dir.path().join("out"), dir.path().join("maps"));
    let args =
        ["-q", "compare", "today", "--out", out.to_str().unwrap(), "--maps", maps.to_str().unwrap(), "--png"];
    check_bad(&args, "--png: this railshed was built without PNG support");
    assert!(!out.exists() && !maps.exists(), "nothing is written");
}

/// `validate` counts modifications in words that agree with the number.
#[test]
fn validate_pluralises_modifications() {
    let dir = tempfile::tempdir().unwrap();
    let check = |modifications: &str, expect: &str| {
        let path = dir.path().join("s.json");
        let text = format!(
            r#"{{"format": "railshed-scenario/1", "name": "S", "modifications": [{modifications}]}}"#
        );
        std::fs::write(&path, text).unwrap();
        let out = railshed(&["validate", path.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(expect), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    };
    check("", "0 modifications,");
    check(r#"{"type": "close_station", "station": "LDS"}"#, "1 modification,");
    let two = r#"{"type": "close_station", "station": "LDS"}, {"type": "close_station", "station": "YRK"}"#;
    check(two, "2 modifications,");
}

/// `compare X --against parent` compares X with the scenario it extends;
/// `--stats` gives milliseconds, as every other command does.
#[test]
fn compare_against_parent_with_stats_in_milliseconds() {
    let out =
        railshed(&["-q", "compare", "hs2-npr-tru", "--against", "parent", "--hubs", "leeds", "--stats"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The scope box, then the scenarios compared.
    assert!(stdout.starts_with("+---"), "{stdout}");
    assert!(stdout.lines().any(|l| l == "HS2 (full) vs HS2 + NPR + TRU"), "{stdout}");
    let stats = stderr.lines().last().unwrap_or_default();
    assert!(stats.starts_with("load ") && stats.ends_with(" ms"), "{stats}");
    assert!(!stats.contains(" s,"), "{stats}");
    let help = String::from_utf8_lossy(&railshed(&["compare", "--help"]).stdout).into_owned();
    assert!(help.contains("[default: base]") && help.contains("- parent: The scenario it extends"), "{help}");
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = railshed(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `route --arrive-by`: the journey arrives in time, and none leaving a
/// minute later does.
#[test]
fn route_arrive_by() {
    for (from, to, by) in [("LDS", "MAN", "09:00"), ("YRK", "NCL", "18:30"), ("LIV", "HUL", "12:00")] {
        let j = json(&["route", from, to, "--arrive-by", by, "--format", "json"]);
        assert_eq!(j["arrive_by"], format!("{by}:00"));
        let (departure, arrival) = (j["departure"].as_str().unwrap(), j["arrival"].as_str().unwrap());
        assert!(arrival <= format!("{by}:00").as_str(), "{from} {to}: {arrival}");
        let secs = |t: &str| t.split(':').fold(0u32, |acc, x| acc * 60 + x.parse::<u32>().unwrap());
        let later = secs(departure) + 60;
        let later = format!("{:02}:{:02}:{:02}", later / 3600, later / 60 % 60, later % 60);
        let next = json(&["route", from, to, "--depart", &later, "--format", "json"]);
        assert!(next["arrival"].as_str().unwrap() > format!("{by}:00").as_str(), "{from} {to} at {later}");
    }
    let text = railshed(&["route", "LDS", "MAN", "--arrive-by", "09:00"]);
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .starts_with("Leeds (LDS) to Manchester Piccadilly (MAN), arriving by 09:00\n")
    );
}

/// `network lines` lists every line with the id scenarios name it by.
#[test]
fn network_lines() {
    let out = railshed(&["network", "lines", "--scheme", "tru", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("id,name,operator,calls,from,to,tph,tag"));
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    let hull = rows.iter().find(|r| r[0] == "tru-man-hul").expect("a TRU line");
    assert_eq!((hull[4], hull[5], hull[7]), ("MAN", "HUL", "tru"));
    assert!(rows.iter().all(|r| r[3].parse::<usize>().unwrap() >= 2 && r[6].parse::<usize>().unwrap() >= 1));
    let all = json(&["network", "lines", "--format", "json"]);
    let ids: Vec<&str> = all.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert!(ids.len() > 10 && unique.len() == ids.len(), "{ids:?}");
    let table = railshed(&["network", "lines"]);
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("id "));
}

/// `validate` recognises every railshed format by its `"format"` (and
/// zones by `.csv`), and reports every problem of a scenario rather than
/// the first.
#[test]
fn validate_recognises_formats_and_reports_every_problem() {
    let out = railshed(&[
        "validate",
        "networks/hubs.json",
        "networks/zones/msoa21_north.csv",
        "scenarios/tru.json",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("networks/hubs.json: ok: hubs, 16 hubs"), "{stdout}");
    assert!(stdout.contains("networks/zones/msoa21_north.csv: ok: zones, 1968 zones"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    std::fs::write(
        &path,
        r#"{"format": "railshed-scenario/1", "name": "S", "modifications": [
            {"type": "change_frequency", "line": "no-such-line", "tph": 4},
            {"type": "close_station", "station": "LDS"},
            {"type": "close_station", "station": "QQQ"}]}"#,
    )
    .unwrap();
    let out = railshed(&["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].ends_with(r#"$.modifications[0]: line "no-such-line": no such line"#), "{stderr}");
    assert!(lines[1].ends_with(r#"$.modifications[2]: station "QQQ": unknown station"#), "{stderr}");

    // Settings and modification problems found while reading are reported together.
    std::fs::write(
        &path,
        r#"{"format": "railshed-scenario/1", "name": "S", "modifications": [
            {"type": "remove_trips", "line": "x", "from": "25:99", "to": "10:00"},
            {"type": "change_dwell", "line": "x", "dwell_min": -1}],
            "settings": {"percentile": 150}}"#,
    )
    .unwrap();
    let out = railshed(&["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert!(stderr.contains("$.settings.percentile"), "{stderr}");
}
