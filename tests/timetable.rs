//! Real timetables in and out: the shared GTFS feeds and the RDG CIF sample
//! import with known counts and journeys, a CIF → GTFS → import round trip
//! keeps every trip, stop time and transfer, and malformed inputs exit 2
//! with one line naming the file and line.
//!
//! The shared data sits beside the repository (`../shared/data`); the
//! fixtures of `tests/data/` are small hand-made feeds (see DATA-LICENSES.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use railshed_core::{Timetable, TripIdx};
use railshed_io::Date;
use railshed_io::timetable::{ImportSettings, Summary, import};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared(path: &str) -> PathBuf {
    repo().join("../shared/data").join(path)
}

const CIF_SAMPLE: &str = "timetable/rdg_cif_ttisf585_sample.zip";
const CIF_DATE: &str = "2020-03-21";

fn date(d: &str) -> Date {
    Date::parse_iso(d).unwrap()
}

fn railshed() -> Command {
    let mut cmd = Command::cargo_bin("railshed").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// The counts of an import, one line.
fn counts(s: &Summary) -> String {
    format!(
        "stations {} routes {} lines {} trips {} stop_times {} walks {} change_times {}",
        s.stations, s.routes, s.lines, s.trips, s.stop_times, s.walks, s.change_times
    )
}

fn check_import(path: &Path, day: &str, expect: &str) {
    let imported = import(path, &ImportSettings::new(date(day))).unwrap();
    let tt = imported.network.compile();
    tt.check().unwrap();
    assert_eq!(counts(&imported.summary), expect, "{}", path.display());
    assert_eq!(tt.trips.len(), imported.summary.trips);
    assert_eq!(tt.stop_times.len(), imported.summary.stop_times);
}

#[test]
fn shared_gtfs_feeds_import() {
    let cases = [
        (
            "gtfs/newport_bus_20230613_gtfs.zip",
            "2023-06-13",
            "stations 1813 routes 16 lines 88 trips 176 stop_times 7765 walks 0 change_times 0",
        ),
        (
            "gtfs/tfgm_metrolink_2014_test_subset_gtfs.zip",
            "2014-11-20",
            "stations 178 routes 1 lines 2 trips 3 stop_times 20 walks 0 change_times 0",
        ),
        (
            "scheme_gtfs/NPR_service_GTFS.zip",
            "2019-06-03",
            "stations 6 routes 51 lines 102 trips 102 stop_times 612 walks 0 change_times 0",
        ),
        (
            "scheme_gtfs/HS2_Manc_GTFS.zip",
            "2019-06-03",
            "stations 10 routes 51 lines 102 trips 102 stop_times 510 walks 0 change_times 0",
        ),
        (
            "scheme_gtfs/HS2_Leeds_GTFS.zip",
            "2019-06-03",
            "stations 11 routes 51 lines 102 trips 102 stop_times 408 walks 0 change_times 0",
        ),
        (
            "scheme_gtfs/HS2_Brum_GTFS.zip",
            "2019-06-03",
            "stations 9 routes 51 lines 102 trips 102 stop_times 306 walks 0 change_times 0",
        ),
    ];
    for (file, day, expect) in cases {
        check_import(&shared(file), day, expect);
    }
}

/// The RDG CIF sample on its busiest day, Saturday 21 March 2020.
#[test]
fn cif_sample_imports_with_known_counts() {
    let imported = import(&shared(CIF_SAMPLE), &ImportSettings::new(date(CIF_DATE))).unwrap();
    let s = &imported.summary;
    assert_eq!(
        counts(s),
        "stations 1898 routes 747 lines 2255 trips 5675 stop_times 66769 walks 68 change_times 1898"
    );
    let dropped: Vec<String> = s.dropped.iter().map(|(r, n)| format!("{n} {r}")).collect();
    assert_eq!(
        dropped,
        [
            "110 additional walking links not valid on 2020-03-21",
            "2848 buses (train status B/5 or category BR/BS)",
            "5 calls at TIPLOCs with no station in the station file",
            "4720 links by modes other than walking (metro, tube, bus, ferry, transfer)",
            "8992 schedules not running on 2020-03-21",
            "59 schedules replaced on 2020-03-21 by a short-term plan (STP O, N or C)",
            "4 ships (train status S/4 or category SS)",
            "2422 trains cancelled on 2020-03-21 (STP C)",
        ]
    );
    let tt = imported.network.compile();
    tt.check().unwrap();
    // Stations carry CRS and TIPLOCs, so people can name them either way.
    let lookup = railshed_core::Lookup::new(&tt.stations);
    let leeds = lookup.find("LEEDS").unwrap();
    assert_eq!(tt.stations[leeds.idx()].id, "LDS");
    assert_eq!(lookup.find("lds").unwrap(), leeds);
    assert_eq!(lookup.find("Leeds").unwrap(), leeds);
    assert_eq!(tt.stations[leeds.idx()].min_change, 600);
}

/// Minutes of every direct trip of `operator` from `from` to `to` (by
/// CRS) on the day, departure to arrival at public times, sorted.
fn direct_minutes(tt: &Timetable, operator: &str, from: &str, to: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, trip) in tt.trips.iter().enumerate() {
        if tt.lines[trip.line.idx()].operator != operator {
            continue;
        }
        let st = tt.stop_times_of(TripIdx::new(i));
        let at = |crs: &str| st.iter().position(|s| tt.stations[s.station.idx()].id == crs);
        if let (Some(a), Some(b)) = (at(from), at(to))
            && a < b
            && st[a].pickup
            && st[b].dropoff
        {
            out.push((st[b].arr.secs() - st[a].dep.secs()) / 60);
        }
    }
    out.sort_unstable();
    out
}

/// TransPennine Express journeys of Saturday 21 March 2020 in the sample
/// (a subset of the national timetable, during the first weeks of COVID-19
/// changes). Leeds → Manchester Victoria takes 51 minutes at best by
/// public times (the working times say 50.5: 10:00 to 10:50H).
#[test]
fn cif_sample_has_known_journey_times() {
    let tt = import(&shared(CIF_SAMPLE), &ImportSettings::new(date(CIF_DATE))).unwrap().network.compile();
    let tpe = "TransPennine Express";
    assert_eq!(direct_minutes(&tt, tpe, "LDS", "MCV"), [51, 51, 52, 53, 53, 53, 54, 55, 55]);
    assert_eq!(direct_minutes(&tt, tpe, "LIV", "MCV"), [35, 35, 35, 35, 35, 35, 37]);
    assert_eq!(direct_minutes(&tt, tpe, "YRK", "LDS"), [21, 22, 22, 22, 23, 23, 23, 24, 28]);
}

/// What a round trip must keep: every trip's stop times by trip id, each
/// station's change time and the walks.
#[derive(Debug, PartialEq)]
struct Contents {
    trips: BTreeMap<String, Vec<String>>,
    changes: BTreeMap<String, u32>,
    walks: Vec<String>,
}

fn contents(tt: &Timetable) -> Contents {
    let mut trips = BTreeMap::new();
    for (i, trip) in tt.trips.iter().enumerate() {
        let calls = tt
            .stop_times_of(TripIdx::new(i))
            .iter()
            .map(|s| {
                format!("{} {} {} {} {}", tt.stations[s.station.idx()].id, s.arr, s.dep, s.pickup, s.dropoff)
            })
            .collect();
        assert!(trips.insert(trip.id.clone(), calls).is_none(), "duplicate trip {}", trip.id);
    }
    let changes = tt.stations.iter().map(|s| (s.id.clone(), s.min_change)).collect();
    let walks = tt
        .footpaths
        .iter()
        .map(|f| format!("{}->{} {}", tt.stations[f.from.idx()].id, tt.stations[f.to.idx()].id, f.secs))
        .collect();
    Contents { trips, changes, walks }
}

/// The CIF sample imported, and the same exported as GTFS by the CLI and
/// imported again: both compiled timetables.
fn cif_round_trip() -> (Timetable, Timetable) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cif-as-gtfs.zip");
    railshed()
        .args(["export", "gtfs", "--date", CIF_DATE, "--timetable"])
        .arg(shared(CIF_SAMPLE))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let before = import(&shared(CIF_SAMPLE), &ImportSettings::new(date(CIF_DATE))).unwrap().network.compile();
    let after = import(&out, &ImportSettings::new(date(CIF_DATE))).unwrap().network.compile();
    (before, after)
}

/// CIF → railshed → GTFS → railshed keeps the trips, their stop times and
/// the transfers (change times and walks), and so every journey: one-to-all
/// earliest arrivals (and boardings) from a dozen stations are identical.
#[test]
fn cif_round_trip_through_gtfs_keeps_trips_stop_times_and_transfers() {
    let (before, after) = cif_round_trip();
    let (b, a) = (contents(&before), contents(&after));
    assert_eq!(b.trips.len(), 5675);
    assert_eq!(b.walks.len(), 68);
    assert_eq!(a.trips, b.trips);
    assert_eq!(a.changes, b.changes);
    assert_eq!(a.walks, b.walks);
    assert_eq!(after.stop_times.len(), before.stop_times.len());

    use railshed_solver::{Options, Solver, Source};
    let arrivals = |tt: &Timetable, origin: &str, at: railshed_core::Time| {
        let solver = Solver::new(tt);
        let mut scratch = solver.scratch();
        let o = tt.stations.iter().position(|s| s.id == origin).unwrap();
        let source = [Source { station: railshed_core::StationIdx::new(o), time: at }];
        let res = solver.earliest_arrival(&mut scratch, &source, Options::default()).unwrap();
        let mut out: Vec<(String, u32, Option<u32>)> = (0..tt.stations.len())
            .map(|s| {
                let s = railshed_core::StationIdx::new(s);
                (tt.stations[s.idx()].id.clone(), res.arrival(s).0, res.boardings(s))
            })
            .collect();
        out.sort();
        out
    };
    let mut origins: Vec<String> = ["LDS", "MAN", "MCV", "LIV", "YRK", "HUD"].map(str::to_owned).to_vec();
    // And every 40th of the stations with a train at least every hour or so.
    let mut calls = vec![0usize; before.stations.len()];
    for st in &before.stop_times {
        calls[st.station.idx()] += 1;
    }
    let busy = (0..before.stations.len()).filter(|&s| calls[s] >= 20);
    origins.extend(busy.step_by(40).map(|s| before.stations[s].id.clone()));
    assert!(origins.len() >= 12);
    for (k, origin) in origins.iter().enumerate() {
        let at = railshed_core::Time::hms(6 + (k % 8) as u32, 17, 0);
        let (b, a) = (arrivals(&before, origin, at), arrivals(&after, origin, at));
        assert_eq!(a, b, "arrivals from {origin} at {at}");
        assert!(b.iter().filter(|x| x.1 != u32::MAX).count() > 1, "{origin} reaches somewhere");
    }
}

#[test]
fn every_network_command_takes_a_timetable() {
    let out = railshed()
        .args(["network", "info", "--timetable", "tests/data/timetable/mini_gtfs", "--date", "2020-03-20"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stations"], 4);
    assert_eq!(json["walks"], 2);
    assert_eq!(json["schemes"][0]["trips_per_day"], 2);
    assert_eq!(json["schemes"][0]["links"], 2);

    let out = railshed()
        .args(["network", "info", "--timetable", "tests/data/timetable/mini_cif.zip", "--date", "2020-03-20"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("stations       3"), "{text}");

    // Without a date, or with a bad one: exit 2.
    railshed().args(["network", "info", "--timetable", "tests/data/timetable/mini_gtfs"]).assert().code(2);
    railshed()
        .args(["network", "info", "--timetable", "tests/data/timetable/mini_gtfs", "--date", "2020-02-30"])
        .assert()
        .code(2);
}

#[test]
fn timetable_info_summarises() {
    let out = railshed()
        .args(["timetable", "info", "tests/data/timetable/mini_cif.zip", "--date", "2020-03-20"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "CIF");
    assert_eq!((json["trips"].as_u64(), json["stop_times"].as_u64()), (Some(1), Some(3)));
    assert_eq!(json["walks"], 2);
    assert_eq!(json["dropped"]["schedules replaced on 2020-03-20 by a short-term plan (STP O, N or C)"], 1);

    let out = railshed()
        .args(["timetable", "info", "tests/data/timetable/mini_gtfs", "--date", "2020-03-20"])
        .args(["--default-change-time", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("format            GTFS\n"), "{text}");
    assert!(text.contains("trips                2\n"), "{text}");
    assert!(text.contains("change times         1\n"), "{text}");
}

#[test]
fn exports_the_default_network_as_gtfs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("north");
    for _ in 0..2 {
        // Twice: the second run replaces the folder.
        railshed().args(["export", "gtfs", "--date", "2026-05-18", "--out"]).arg(&out).assert().success();
    }
    let names: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names,
        [
            "agency.txt",
            "calendar.txt",
            "feed_info.txt",
            "routes.txt",
            "stop_times.txt",
            "stops.txt",
            "transfers.txt",
            "trips.txt"
        ]
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary folder left behind");
    let net = railshed_io::embedded::default_network().unwrap();
    let before = net.compile();
    let after = import(&out, &ImportSettings::new(date("2026-05-18"))).unwrap().network.compile();
    assert_eq!(contents(&after), contents(&before));
    // Only the feed's date runs.
    let none = import(&out, &ImportSettings::new(date("2026-05-19"))).unwrap();
    assert_eq!(none.summary.trips, 0);

    railshed().args(["export", "gtfs", "--out"]).arg(&out).assert().code(2);
}
