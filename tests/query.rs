//! `railshed query`: its answers equal the solver's on the test feeds, and
//! with `--change-time 0 --platforms --footpaths closed` a brute-force
//! reference's on random feeds; timings and bad input.

#[path = "../crates/railshed-solver/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use railshed_core::{StationIdx, Time, Timetable};
use railshed_io::Date;
use railshed_io::timetable::{ImportSettings, import};
use railshed_solver::{Solver, Source, close_footpaths};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn railshed() -> Command {
    let mut cmd = Command::cargo_bin("railshed").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// Runs `railshed query ARGS`, which must succeed; its stdout.
fn query(args: &[&str]) -> String {
    let out = railshed().arg("query").args(args).output().unwrap();
    assert!(out.status.success(), "query {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The CSV the solver's own answers make for `origins` (ids) at `depart`.
fn expected(tt: &Timetable, origins: &[&str], depart: Time, boardings: bool) -> String {
    let solver = Solver::new(tt);
    let mut scratch = solver.scratch();
    let mut ids: Vec<(&str, usize)> =
        tt.stations.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    ids.sort();
    let mut origins = origins.to_vec();
    origins.sort();
    let mut out = String::from("origin_stop_id,stop_id,arrival_seconds");
    out += if boardings { ",boardings\n" } else { "\n" };
    for o in origins {
        let i = ids.iter().find(|x| x.0 == o).unwrap().1;
        let res = solver
            .earliest_arrival(
                &mut scratch,
                &[Source { station: StationIdx::new(i), time: depart }],
                Default::default(),
            )
            .unwrap();
        for &(id, s) in &ids {
            let a = res.arrival(StationIdx::new(s));
            if a == Time::NEVER {
                continue;
            }
            out += &format!("{o},{id},{}", a.0);
            if boardings {
                out += &format!(",{}", res.boardings(StationIdx::new(s)).unwrap());
            }
            out += "\n";
        }
    }
    out
}

/// A feed (relative to the repository), date, query arguments, and how the
/// expected timetable differs from the import: platforms, change minutes,
/// closed footpaths.
struct Case<'a> {
    feed: &'a str,
    date: &'a str,
    origins: &'a [&'a str],
    depart: &'a str,
    platforms: bool,
    change: Option<u32>,
    closed: bool,
    boardings: bool,
}

/// Runs the CLI on a case and compares with the solver on the same timetable.
fn check(c: &Case<'_>) {
    let mut options = ImportSettings::new(Date::parse_iso(c.date).unwrap());
    options.platforms = c.platforms;
    let mut tt = import(&repo().join(c.feed), &options).unwrap().network.compile();
    if let Some(min) = c.change {
        tt.stations.iter_mut().for_each(|s| s.min_change = min * 60);
    }
    if c.closed {
        tt.footpaths = close_footpaths(tt.stations.len(), &tt.footpaths, usize::MAX).unwrap();
    }
    let depart = Time::parse(c.depart).unwrap();
    let from = c.origins.join(",");
    let mut args = vec!["--timetable", c.feed, "--date", c.date, "--from", &from, "--depart", c.depart];
    let change = c.change.map(|m| m.to_string());
    if let Some(m) = &change {
        args.extend(["--change-time", m]);
    }
    if c.platforms {
        args.push("--platforms");
    }
    if c.closed {
        args.extend(["--footpaths", "closed"]);
    }
    if c.boardings {
        args.push("--boardings");
    }
    let got = query(&args);
    assert!(got.lines().count() > c.origins.len(), "{args:?} reached nothing:\n{got}");
    assert_eq!(got, expected(&tt, c.origins, depart, c.boardings), "{args:?}");
}

const BASE: Case<'static> = Case {
    feed: "tests/data/timetable/mini_gtfs",
    date: "2020-03-20",
    origins: &["LDS"],
    depart: "07:00",
    platforms: false,
    change: None,
    closed: false,
    boardings: false,
};

#[test]
fn answers_equal_the_solvers_on_the_test_feeds() {
    let newport = "../shared/data/gtfs/newport_bus_20230613_gtfs.zip";
    let metrolink = "../shared/data/gtfs/tfgm_metrolink_2014_test_subset_gtfs.zip";
    let cif = "../shared/data/timetable/rdg_cif_ttisf585_sample.zip";
    let cases = [
        BASE,
        Case { boardings: true, ..BASE },
        Case { origins: &["LDS1", "HUD"], platforms: true, change: Some(0), closed: true, ..BASE },
        Case { feed: "tests/data/timetable/mini_cif.zip", origins: &["LDS", "MCV"], boardings: true, ..BASE },
        Case { feed: cif, date: "2020-03-21", origins: &["LDS", "MAN", "YRK"], depart: "08:00", ..BASE },
        Case {
            feed: cif,
            date: "2020-03-21",
            origins: &["KGX"],
            depart: "08:00",
            change: Some(0),
            closed: true,
            boardings: true,
            ..BASE
        },
        Case { feed: newport, date: "2023-06-13", origins: &[], depart: "08:00", ..BASE },
        Case { feed: metrolink, date: "2014-11-20", origins: &[], depart: "06:00:30", ..BASE },
    ];
    for c in cases {
        if c.origins.is_empty() {
            // The first stops of the first three trips leaving after the time.
            let tt = import(&repo().join(c.feed), &ImportSettings::new(Date::parse_iso(c.date).unwrap()))
                .unwrap()
                .network
                .compile();
            let depart = Time::parse(c.depart).unwrap();
            let mut firsts: Vec<(Time, &str)> = (0..tt.trips.len())
                .map(|i| tt.stop_times_of(railshed_core::TripIdx::new(i))[0])
                .filter(|st| st.dep >= depart)
                .map(|st| (st.dep, tt.stations[st.station.idx()].id.as_str()))
                .collect();
            firsts.sort();
            let mut served: Vec<&str> = Vec::new();
            for (_, id) in firsts {
                if !served.contains(&id) && served.len() < 3 {
                    served.push(id);
                }
            }
            check(&Case { origins: &served, ..c });
            // With --platforms the stops are named as the feed names them.
            let mut options = ImportSettings::new(Date::parse_iso(c.date).unwrap());
            options.platforms = true;
            let tt = import(&repo().join(c.feed), &options).unwrap().network.compile();
            let mut firsts: Vec<(Time, &str)> = (0..tt.trips.len())
                .map(|i| tt.stop_times_of(railshed_core::TripIdx::new(i))[0])
                .filter(|st| st.dep >= depart)
                .map(|st| (st.dep, tt.stations[st.station.idx()].id.as_str()))
                .collect();
            firsts.sort();
            let served: Vec<&str> = firsts.iter().map(|f| f.1).take(1).collect();
            check(&Case {
                origins: &served,
                platforms: true,
                change: Some(0),
                closed: true,
                boardings: true,
                ..c
            });
        } else {
            check(&c);
        }
    }
}

#[test]
fn from_a_file_and_from_all() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("origins.txt");
    std::fs::write(&list, "MAN\n\nLDS\nLDS\n").unwrap();
    let at = format!("@{}", list.display());
    let args = ["--timetable", BASE.feed, "--date", BASE.date, "--depart", "07:00", "--from"];
    let by_file = query(&[&args[..], &[at.as_str()]].concat());
    assert_eq!(by_file, query(&[&args[..], &["LDS,MAN"]].concat()));
    let all = query(&[&args[..], &["all"]].concat());
    assert_eq!(all, query(&[&args[..], &["HUD,LDS,MAN,MCV"]].concat()));
    assert!(all.starts_with("origin_stop_id,stop_id,arrival_seconds\nHUD,HUD,25200\n"), "{all}");
}

#[test]
fn writes_the_file_and_times_the_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("a.csv");
    let out = railshed()
        .args([
            "query",
            "--timetable",
            BASE.feed,
            "--date",
            BASE.date,
            "--from",
            "LDS,MAN",
            "--depart",
            "07:00",
        ])
        .args(["--repeat", "5", "--stats", "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(written, expected_mini(&["LDS", "MAN"]));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    let timing = lines[0].strip_prefix("query: min ").unwrap();
    assert!(timing.ends_with(" ms (5 runs of 2 origins)"), "{err}");
    let figures: Vec<f64> =
        timing.split(" ms").take(3).map(|p| p.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    assert!(figures[0] <= figures[1] && figures[1] <= figures[2], "{err}");
    assert!(
        lines[1].starts_with("load ") && lines[1].contains(" ms, layout ") && lines[1].contains("query "),
        "{err}"
    );
}

fn expected_mini(origins: &[&str]) -> String {
    let tt = import(&repo().join(BASE.feed), &ImportSettings::new(Date::parse_iso(BASE.date).unwrap()))
        .unwrap()
        .network
        .compile();
    expected(&tt, origins, Time::hms(7, 0, 0), false)
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("a.csv");
    let out_arg = out_file.display().to_string();
    let feed = ["--timetable", BASE.feed, "--date", BASE.date];
    let cif = ["--timetable", "tests/data/timetable/mini_cif.zip", "--date", "2020-03-20"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--from", "LDZ", "--depart", "07:00"], "no stop \"LDZ\" in the network (did you mean LDS?)"),
        (vec!["--from", "@nowhere.txt", "--depart", "07:00"], "nowhere.txt"),
        (vec!["--from", "LDS", "--depart", "7 o'clock"], "--depart"),
        (vec!["--from", "LDS", "--depart", "07:00", "--repeat", "0"], "--repeat"),
        (vec!["--from", "LDS", "--depart", "07:00", "--footpaths", "chained"], "--footpaths"),
        (vec!["--from", "LDS", "--depart", "07:00", "--change-time", "5000"], "--change-time 5000"),
    ];
    for (args, expect) in cases {
        let out = railshed().arg("query").args(feed).args(&args).args(["--out", &out_arg]).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!out_file.exists(), "{args:?}");
    }
    let platform_cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&cif[..], &["--platforms"]].concat(),
            "mini_cif.zip: is a CIF archive: its stations are TIPLOCs grouped by CRS",
        ),
        (vec!["--platforms"], "--platforms needs a GTFS feed"),
        ([&feed[..], &["--platforms", "--scheme", "npr-tfn"]].concat(), "--platforms does not go with"),
    ];
    for (args, expect) in platform_cases {
        let out = railshed()
            .arg("query")
            .args(&args)
            .args(["--from", "LDS", "--depart", "07:00", "--out", &out_arg])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!out_file.exists(), "{args:?}");
    }
}

/// Floyd–Warshall over the walks, independently of the solver's closure.
fn closed_walks(tt: &Timetable) -> Vec<railshed_core::Footpath> {
    let n = tt.stations.len();
    let mut d = vec![vec![u64::MAX; n]; n];
    for f in &tt.footpaths {
        let e = &mut d[f.from.idx()][f.to.idx()];
        *e = (*e).min(u64::from(f.secs));
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if d[i][k] != u64::MAX && d[k][j] != u64::MAX {
                    d[i][j] = d[i][j].min(d[i][k] + d[k][j]);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, row) in d.iter().enumerate() {
        for (j, &secs) in row.iter().enumerate() {
            if i != j && secs != u64::MAX {
                out.push(railshed_core::Footpath {
                    from: StationIdx::new(i),
                    to: StationIdx::new(j),
                    secs: secs as u32,
                });
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A random timetable written as GTFS, queried with the options that
    /// answer other engines' question, equals the brute-force reference on
    /// the same timetable with no change times and closed footpaths.
    #[test]
    fn the_benchmark_question_matches_brute_force((spec, base) in common::spec(), origin in 0usize..6, offset in 0u32..=90) {
        let tt = common::build(&spec);
        let origin = origin % tt.stations.len();
        let depart = base - 30 * 60 + offset * 60;
        let dir = tempfile::tempdir().unwrap();
        let date = Date::parse_iso("2024-05-14").unwrap();
        railshed_io::gtfs::write_dir(&dir.path().join("feed"), &railshed_io::gtfs::export(&tt, date)).unwrap();

        let mut reference = tt.clone();
        reference.stations.iter_mut().for_each(|s| s.min_change = 0);
        reference.footpaths = closed_walks(&tt);
        let answers = common::ref_arrivals(&reference, &[(origin, depart)], None);
        let mut want: Vec<(String, String, u32, u32)> = Vec::new();
        let o = format!("{}:p", tt.stations[origin].id);
        for (s, &(a, k)) in answers.iter().enumerate() {
            if a != common::NEVER {
                want.push((o.clone(), format!("{}:p", tt.stations[s].id), a, k.unwrap()));
            }
        }
        want.sort();
        let mut text = String::from("origin_stop_id,stop_id,arrival_seconds,boardings\n");
        for (o, s, a, k) in &want {
            text += &format!("{o},{s},{a},{k}\n");
        }

        let feed = dir.path().join("feed").display().to_string();
        let got = query(&[
            "--timetable", &feed, "--date", "2024-05-14", "--from", &o, "--depart", &Time(depart).to_string(),
            "--change-time", "0", "--platforms", "--footpaths", "closed", "--boardings",
        ]);
        prop_assert_eq!(got, text);
    }
}
