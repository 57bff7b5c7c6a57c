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
        if name.ends_with(".json") {
            args.push(format!("networks/schemes/{name}"));
        }
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

/// Reads CSV text into its header and rows.
fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn stdout_ok(args: &[&str]) -> Vec<u8> {
    let out = railshed(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// `--format csv` prints a header and one row per record, wherever results are printed.
#[test]
fn csv_output_has_a_header_and_rows() {
    let (header, rows) = parse_csv(&stdout_ok(&["network", "info", "--scheme", "tru", "--format", "csv"]));
    assert_eq!(header, ["scheme", "label", "links", "km", "lines", "trips_per_day"]);
    assert_eq!(rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["existing", "tru"]);
    assert!(rows[0][5].parse::<u32>().unwrap() > 3000, "{rows:?}");

    let (header, rows) =
        parse_csv(&stdout_ok(&["route", "LDS", "MAN", "--depart", "08:00", "--format", "csv"]));
    assert_eq!(
        header[..9],
        ["leg", "mode", "from", "from_name", "to", "to_name", "departure", "arrival", "minutes"]
    );
    assert_eq!(rows[0][..3], ["1", "ride", "LDS"]);
    assert_eq!(rows.last().unwrap()[4], "MAN");

    let (header, rows) =
        parse_csv(&stdout_ok(&["validate", "networks/north.json", "scenarios/tru.json", "--format", "csv"]));
    assert_eq!(header, ["file", "valid", "detail"]);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r[1] == "true"), "{rows:?}");
    let out = railshed(&["validate", "tests/data/bad/network/empty.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["valid"], false);
    assert_eq!(json["files"][0]["problems"].as_array().unwrap().len(), 1);

    // The comparison of today and TRU, Leeds only.
    let (header, rows) =
        parse_csv(&stdout_ok(&["compare", "today", "tru", "--format", "csv", "--hubs", "Leeds"]));
    assert_eq!(
        header,
        ["indicator", "from", "to", "sector", "minutes", "measure", "scenario", "value", "change"]
    );
    let count = |indicator: &str| rows.iter().filter(|r| r[0] == indicator).count();
    // 5 thresholds, 2 network-effect times, 2 job times, 4 sectors, 15 journeys to and from Leeds; 2 scenarios each.
    assert_eq!(count("catchment"), 5 * 2);
    assert_eq!(count("network_effect"), 2 * 2);
    assert_eq!(count("jobs_within"), 2 * 2);
    assert_eq!(count("effective_density"), 4 * 2);
    assert_eq!(count("journey_minutes"), 15 * 2);
    assert_eq!(count("journey_changes"), 15 * 2);
    assert_eq!(rows.len(), 86);
    // Hubs are keyed by id, as in the CSV files of --out.
    assert!(rows.iter().filter(|r| r[0] == "catchment").all(|r| r[1] == "leeds"));
    let leeds60: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "catchment" && r[4] == "60").collect();
    assert_eq!(leeds60[0][5], "door-to-door");
    assert_eq!(leeds60[0][6], "Today");
    assert_eq!(leeds60[0][8], "", "no change for the reference");
    let (today, tru): (i64, i64) = (leeds60[0][7].parse().unwrap(), leeds60[1][7].parse().unwrap());
    assert_eq!(leeds60[1][8], (tru - today).to_string());
}

/// Timetable summaries print as CSV too.
#[test]
fn timetable_info_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("north");
    let feed = feed.to_str().unwrap();
    stdout_ok(&["--quiet", "export", "gtfs", "--date", "2026-05-18", "--out", feed]);
    let (header, rows) =
        parse_csv(&stdout_ok(&["timetable", "info", feed, "--date", "2026-05-18", "--format", "csv"]));
    assert_eq!(header, ["item", "value"]);
    let items: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        items[..9],
        ["format", "date", "stations", "change_times", "routes", "lines", "trips", "stop_times", "walks"]
    );
    assert_eq!(rows[0][1], "GTFS");
    assert_eq!(rows[6][1], "4454");
}

/// Misspelt hubs and scenarios get suggestions and exit status 2.
#[test]
fn did_you_mean_hubs_and_scenarios() {
    let out = railshed(&["compare", "today", "tru", "--hubs", "leeds,manchestr"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_first_line(&out),
        r#"error: --hubs: unknown hub "manchestr" (did you mean manchester?)"#
    );

    // A scenario naming an unknown hub among its network-effect cities.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-hub.json");
    std::fs::write(
        &path,
        r#"{"format": "railshed-scenario/1", "name": "Bad hub", "base": "default",
            "settings": {"network_effect": {"n": 1, "cities": ["leeds", "sheffeld"]}}}"#,
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let expect = format!(
        r#"{p}: $.settings.network_effect.cities[1]: hub "sheffeld": unknown hub (did you mean sheffield?)"#
    );
    let out = railshed(&["compare", p]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr_first_line(&out), format!("error: {expect}"));
    let out = railshed(&["validate", p]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr_first_line(&out), expect);

    for args in [
        &["compare", "today", "hs2-ful"][..],
        &["isochrone", "--scenario", "hs2-ful", "--from", "LDS", "--depart", "08:00", "--out", "x.geojson"],
        &["export", "gtfs", "--scenario", "hs2-ful", "--date", "2026-05-18", "--out", "x.zip"],
    ] {
        let out = railshed(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr_first_line(&out),
            "error: hs2-ful: no such file or shipped scenario (did you mean hs2-full?)",
            "{args:?}"
        );
    }
    // Stations, wherever they are named.
    for args in [
        &["route", "Leeds", "Manchster", "--depart", "08:00"][..],
        &["matrix", "--from", "LDS,Manchster", "--out", "x.csv"],
        &["isochrone", "--from", "Manchster", "--depart", "08:00", "--out", "x.geojson"],
    ] {
        let out = railshed(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_first_line(&out).starts_with(
                r#"error: unknown station "Manchster" (did you mean Manchester Piccadilly (MAN), "#
            ),
            "{args:?}: {}",
            stderr_first_line(&out)
        );
    }
}

/// Every command and subcommand has examples and the exit status in its help.
#[test]
fn every_help_has_examples_and_the_exit_status() {
    let commands: &[&[&str]] = &[
        &[],
        &["compare"],
        &["merge"],
        &["sweep"],
        &["network"],
        &["network", "info"],
        &["network", "export"],
        &["validate"],
        &["route"],
        &["matrix"],
        &["isochrone"],
        &["query"],
        &["timetable"],
        &["timetable", "info"],
        &["export"],
        &["export", "gtfs"],
        &["serve"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = String::from_utf8(stdout_ok(&args)).unwrap();
        assert!(help.contains("\nExamples:\n  railshed "), "{cmd:?} --help has no examples");
        assert!(help.contains("Exit status: 0 ok; 2 bad input"), "{cmd:?} --help has no exit status");
        assert!(help.contains("--quiet"), "{cmd:?} --help lacks --quiet");
    }
    // And every subcommand is in that list.
    let top = String::from_utf8(stdout_ok(&["--help"])).unwrap();
    let listed: Vec<&str> = top
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions are indented further than the names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    for c in listed {
        assert!(commands.iter().any(|cmd| cmd.first() == Some(&c)), "{c} is not checked");
    }
}

/// `--quiet` leaves nothing on stderr, where progress bars are otherwise
/// drawn (on a terminal: the run gets a pseudo-terminal from `script`).
#[test]
fn quiet_silences_progress() {
    assert!(Path::new("/usr/bin/script").exists(), "the test needs util-linux's script for a terminal");
    let bin = assert_cmd::cargo::cargo_bin("railshed");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let terminal = |quiet: &str| -> Vec<u8> {
        // Results go to files; only stderr is left on the terminal.
        let cmd = format!(
            "{bin} {quiet} matrix --from all --window 07:00-07:30 --out {d}/m.csv && \
             {bin} {quiet} compare today tru --out {d}/c --report {d}/c/report.html > {d}/table.txt",
            bin = bin.display()
        );
        let out = std::process::Command::new("/usr/bin/script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        out.stdout
    };
    let loud = terminal("");
    assert!(String::from_utf8_lossy(&loud).contains("origins"), "progress is drawn on a terminal");
    assert!(String::from_utf8_lossy(&loud).contains("1/2 Today"), "progress is drawn on a terminal");
    assert_eq!(String::from_utf8_lossy(&terminal("--quiet")), "", "--quiet draws nothing");
    assert_eq!(String::from_utf8_lossy(&terminal("-q")), "");
    // Errors are still reported.
    let out = railshed(&["--quiet", "route", "Leedz", "MAN", "--depart", "08:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_first_line(&out).starts_with("error: unknown station"));
}

#[test]
fn compare_with_own_zones_and_hubs() {
    let dir = tempfile::tempdir().unwrap();
    // Three zones: central Leeds, central Manchester and Whitby (no station nearby).
    let zones = dir.path().join("zones.csv");
    std::fs::write(
        &zones,
        "msoa21_cd,msoa21_nm,lad21_cd,population,lat,lon\n\
         Z1,Leeds centre,E08000035,10000,53.7960,-1.5479\n\
         Z2,Manchester centre,E08000003,20000,53.4808,-2.2426\n\
         Z3,Whitby,E06000065,5000,54.4858,-0.6206\n",
    )
    .unwrap();
    // The six network-effect cities only.
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("networks/hubs.json")).unwrap()).unwrap();
    let mut six = all.clone();
    let keep = ["liverpool", "manchester", "leeds", "sheffield", "hull", "newcastle"];
    six["hubs"] = all["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| keep.contains(&h["id"].as_str().unwrap()))
        .cloned()
        .collect();
    let hubs = dir.path().join("hubs.json");
    std::fs::write(&hubs, serde_json::to_string(&six).unwrap()).unwrap();

    let out = railshed(&[
        "compare",
        "today",
        "tru",
        "--zones",
        zones.to_str().unwrap(),
        "--hubs-file",
        hubs.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for run in json["scenarios"].as_array().unwrap() {
        let ids: Vec<&str> =
            run["hubs"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        assert_eq!(ids, keep);
    }
    assert_eq!(json["zones"].as_u64(), Some(3));
    assert_eq!(json["zones_population_total"].as_u64(), Some(35_000));
    let table = railshed(&["compare", "today", "--zones", zones.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("3 zones, 35,000 people"), "{text}");
    // Leeds' 30-minute catchment holds the Leeds zone, not Manchester's or Whitby's.
    let leeds = text.lines().find(|l| l.starts_with("Leeds ")).unwrap();
    assert!(leeds.contains("10,000"), "{leeds}");
}
