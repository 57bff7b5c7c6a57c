//! CIF import: inline records laid out by column, printed trips compared as text.

use std::io::Write;

use railshed_core::TripIdx;

use crate::Date;
use crate::timetable::{ImportSettings, import};

/// An 80-character record with `text` placed at 1-based columns.
fn rec(fields: &[(usize, &str)]) -> String {
    let mut line = vec![b' '; 80];
    for (col, text) in fields {
        line[col - 1..col - 1 + text.len()].copy_from_slice(text.as_bytes());
    }
    String::from_utf8(line).unwrap()
}

fn hd() -> String {
    rec(&[(1, "HDTPS.UCFCATE.PD200320"), (23, "2003202201DFTTISW"), (47, "FA200320210321")])
}

fn bs(uid: &str, from: &str, to: &str, days: &str, status: &str, cat: &str, stp: &str) -> String {
    rec(&[(1, "BSN"), (4, uid), (10, from), (16, to), (22, days), (30, status), (31, cat), (80, stp)])
}

fn bx(atoc: &str) -> String {
    rec(&[(1, "BX"), (12, atoc)])
}

fn lo(tiploc: &str, work: &str, public: &str, act: &str) -> String {
    rec(&[(1, "LO"), (3, tiploc), (11, work), (16, public), (30, act)])
}

fn li(tiploc: &str, arr: &str, dep: &str, pass: &str, pub_arr: &str, pub_dep: &str, act: &str) -> String {
    rec(&[(1, "LI"), (3, tiploc), (11, arr), (16, dep), (21, pass), (26, pub_arr), (30, pub_dep), (43, act)])
}

fn lt(tiploc: &str, work: &str, public: &str, act: &str) -> String {
    rec(&[(1, "LT"), (3, tiploc), (11, work), (16, public), (26, act)])
}

fn msn_station(
    name: &str,
    status: &str,
    tiploc: &str,
    crs: &str,
    east: &str,
    north: &str,
    mct: &str,
) -> String {
    let mut line = rec(&[
        (1, "A"),
        (6, name),
        (36, status),
        (37, tiploc),
        (50, crs),
        (53, east),
        (59, north),
        (64, mct),
    ]);
    line.push_str("  ");
    line
}

fn msn() -> String {
    [
        "A                             FILE-SPEC=05 1.00 20/03/20 18.05.35   590            ".to_owned(),
        msn_station("LEEDS", "2", "LEEDS", "LDS", "14298", "64333", "10"),
        msn_station("LEEDS SUBSIDIARY", "9", "LEEDS10", "LDS", "14298", "64333", "10"),
        msn_station("HUDDERSFIELD", "2", "HDRSFLD", "HUD", "14143", "64167", " 4"),
        msn_station("MANCHESTER VICTORIA", "2", "MNCRVIC", "MCV", "13840", "63990", " 5"),
        msn_station("SALFORD CENTRAL", "0", "SLFDORD", "SFD", "13830", "63980", " 3"),
        "End of File".to_owned(),
    ]
    .join("\r\n")
}

/// A TransPennine train from Leeds at `hh`:00 to Manchester Victoria,
/// calling at Huddersfield and passing Salford Central.
fn tpe(uid: &str, from: &str, to: &str, days: &str, stp: &str, hh: &str) -> Vec<String> {
    vec![
        bs(uid, from, to, days, "P", "XX", stp),
        bx("TP"),
        lo("LEEDS", &format!("{hh}00 "), &format!("{hh}00"), "TB"),
        li(
            "HDRSFLD",
            &format!("{hh}17H"),
            &format!("{hh}19 "),
            "     ",
            &format!("{hh}18"),
            &format!("{hh}19"),
            "T",
        ),
        li("SLFDORD", "     ", "     ", &format!("{hh}45 "), "0000", "0000", ""),
        lt("MNCRVIC", &format!("{hh}50 "), &format!("{hh}50"), "TF"),
    ]
}

/// Imports an archive of `mca` records (after the header), the station
/// file and a fixed links file for `date`, and prints what came of it.
fn check(mca: &[Vec<String>], date: &str, expect: &str) {
    let mut lines = vec![hd()];
    lines.extend(mca.iter().flatten().cloned());
    lines.push(rec(&[(1, "ZZ")]));
    check_files(
        &[
            ("t.mca", lines.join("\r\n")),
            ("t.msn", msn()),
            ("t.flf", "ADDITIONAL LINK: WALK BETWEEN MCV AND SFD IN   7 MINUTES\r\nEND\r\n".into()),
        ],
        date,
        expect,
    );
}

fn check_files(files: &[(&str, String)], date: &str, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cif.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let got = match import(&path, &ImportSettings::new(Date::parse_iso(date).unwrap())) {
        Ok(imported) => {
            let tt = imported.network.compile();
            let mut out = String::new();
            for (i, trip) in tt.trips.iter().enumerate() {
                let calls: Vec<String> = tt
                    .stop_times_of(TripIdx::new(i))
                    .iter()
                    .map(|s| {
                        let flags = match (s.pickup, s.dropoff) {
                            (true, true) => "",
                            (true, false) => "^",
                            (false, true) => "v",
                            (false, false) => "x",
                        };
                        let st = &tt.stations[s.station.idx()].id;
                        if s.arr == s.dep {
                            format!("{st}{flags} {}", s.arr)
                        } else {
                            format!("{st}{flags} {}-{}", s.arr, s.dep)
                        }
                    })
                    .collect();
                let line = &tt.lines[trip.line.idx()];
                out += &format!("{} [{} {}]: {}\n", trip.id, line.id, line.operator, calls.join(", "));
            }
            for s in &tt.stations {
                out += &format!(
                    "station {} {:?} {:?} {} min {:.3},{:.3}\n",
                    s.id,
                    s.name,
                    s.tiplocs,
                    s.min_change / 60,
                    s.lat(),
                    s.lon()
                );
            }
            for f in &tt.footpaths {
                out += &format!(
                    "walk {}->{} {}s\n",
                    tt.stations[f.from.idx()].id,
                    tt.stations[f.to.idx()].id,
                    f.secs
                );
            }
            for (reason, n) in &imported.summary.dropped {
                out += &format!("dropped {n} {reason}\n");
            }
            out
        }
        Err(e) => e.to_string().replace(&dir.path().display().to_string(), "DIR"),
    };
    assert_eq!(got.trim(), expect.trim(), "\n{got}");
}

#[test]
fn permanent_schedule_with_public_and_working_times() {
    check(
        &[tpe("C10000", "200101", "201231", "1111110", "P", "08")],
        "2020-03-20",
        r#"
C10000 [TP:LDS-MCV TransPennine Express]: LDS^ 08:00:00, HUD 08:18:00-08:19:00, MCVv 08:50:00
station LDS "Leeds" ["LEEDS", "LEEDS10"] 10 min 53.795,-1.549
station HUD "Huddersfield" ["HDRSFLD"] 4 min 53.647,-1.785
station MCV "Manchester Victoria" ["MNCRVIC"] 5 min 53.487,-2.243
"#,
    );
}

#[test]
fn short_term_plans_replace_the_permanent_schedule() {
    let trains = [
        tpe("C10000", "200101", "201231", "1111110", "P", "08"),
        tpe("C10000", "200321", "200321", "0000010", "O", "09"),
        tpe("C20000", "200101", "201231", "1111110", "P", "10"),
        vec![bs("C20000", "200321", "200321", "0000010", " ", "  ", "C")],
    ];
    check(
        &trains,
        "2020-03-21",
        r#"
C10000 [TP:LDS-MCV TransPennine Express]: LDS^ 09:00:00, HUD 09:18:00-09:19:00, MCVv 09:50:00
station LDS "Leeds" ["LEEDS", "LEEDS10"] 10 min 53.795,-1.549
station HUD "Huddersfield" ["HDRSFLD"] 4 min 53.647,-1.785
station MCV "Manchester Victoria" ["MNCRVIC"] 5 min 53.487,-2.243
dropped 2 schedules replaced on 2020-03-21 by a short-term plan (STP O, N or C)
dropped 1 trains cancelled on 2020-03-21 (STP C)
"#,
    );
    check(
        &trains,
        "2020-03-20",
        r#"
C10000 [TP:LDS-MCV TransPennine Express]: LDS^ 08:00:00, HUD 08:18:00-08:19:00, MCVv 08:50:00
C20000 [TP:LDS-MCV TransPennine Express]: LDS^ 10:00:00, HUD 10:18:00-10:19:00, MCVv 10:50:00
station LDS "Leeds" ["LEEDS", "LEEDS10"] 10 min 53.795,-1.549
station HUD "Huddersfield" ["HDRSFLD"] 4 min 53.647,-1.785
station MCV "Manchester Victoria" ["MNCRVIC"] 5 min 53.487,-2.243
dropped 2 schedules not running on 2020-03-20
"#,
    );
}

#[test]
fn passenger_trains_only_with_their_public_calls() {
    let trains = [
        // A Northern stopper over midnight on working times only, with a
        // set-down-only call, an operational stop and a half minute kept.
        vec![
            bs("N30000", "200101", "201231", "1111111", "P", "OO", "P"),
            bx("NT"),
            lo("MNCRVIC", "2350H", "0000", "TB"),
            li("SLFDORD", "2354 ", "2355 ", "     ", "0000", "0000", "OP"),
            li("HDRSFLD", "0020H", "0021 ", "     ", "0000", "0000", "D"),
            lt("LEEDS10", "0048 ", "0000", "TF"),
        ],
        // A rail replacement bus, a ship, a freight train and empty stock.
        vec![
            bs("B40000", "200101", "201231", "1111111", "5", "BR", "P"),
            lo("LEEDS", "0800 ", "0800", "TB"),
            lt("HDRSFLD", "0850 ", "0850", "TF"),
        ],
        vec![
            bs("S50000", "200101", "201231", "1111111", "S", "SS", "P"),
            lo("LEEDS", "0800 ", "0800", "TB"),
            lt("HDRSFLD", "0850 ", "0850", "TF"),
        ],
        vec![
            bs("F60000", "200101", "201231", "1111111", "F", "EF", "P"),
            lo("LEEDS", "0800 ", "    ", ""),
            lt("HDRSFLD", "0850 ", "    ", ""),
        ],
        vec![
            bs("E70000", "200101", "201231", "1111111", "P", "EE", "P"),
            lo("LEEDS", "0800 ", "0000", ""),
            lt("HDRSFLD", "0850 ", "0000", ""),
        ],
        // A train from Salford Central, so the walk to Victoria is kept;
        // it calls at a TIPLOC the station file does not know.
        vec![
            bs("N80000", "200101", "201231", "1111111", "P", "OO", "P"),
            bx("NT"),
            lo("SLFDORD", "0700 ", "0700", "TB"),
            li("NOWHERE", "0705 ", "0706 ", "     ", "0705", "0706", "T"),
            lt("HDRSFLD", "0740 ", "0740", "TF"),
        ],
    ];
    check(
        &trains,
        "2020-03-21",
        r#"
N30000 [NT:MCV-LDS Northern]: MCV^ 23:50:30, HUDv 24:20:30-24:21:00, LDSv 24:48:00
N80000 [NT:SFD-HUD Northern]: SFD^ 07:00:00, HUDv 07:40:00
station MCV "Manchester Victoria" ["MNCRVIC"] 5 min 53.487,-2.243
station HUD "Huddersfield" ["HDRSFLD"] 4 min 53.647,-1.785
station LDS "Leeds" ["LEEDS", "LEEDS10"] 10 min 53.795,-1.549
station SFD "Salford Central" ["SLFDORD"] 3 min 53.478,-2.258
walk MCV->SFD 420s
walk SFD->MCV 420s
dropped 1 buses (train status B/5 or category BR/BS)
dropped 1 calls at TIPLOCs with no station in the station file
dropped 1 freight and trip trains (train status F/2/T/3)
dropped 1 ships (train status S/4 or category SS)
dropped 1 trains of a category carrying no advertised passengers (EE)
"#,
    );
}

#[test]
fn reports_file_and_line() {
    let cases: &[(Vec<String>, &str)] = &[
        (
            vec![rec(&[(1, "BSNC10000")])[..79].to_owned()],
            "DIR/cif.zip/t.mca: line 2: record is 79 characters long, not 80",
        ),
        (
            vec![bs("C10000", "200101", "201231", "1111110", "P", "XX", "X")],
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": unknown STP indicator 'X' (expected C, N, O or P)",
        ),
        (
            vec![bs("C10000", "200101", "201231", "11111x0", "P", "XX", "P")],
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": days run \"11111x0\" is not seven days of 0 or 1",
        ),
        (
            vec![bs("C10000", "201301", "201231", "1111110", "P", "XX", "P")],
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": date runs from \"201301\" is not YYMMDD",
        ),
        (
            vec![
                bs("C10000", "200101", "201231", "1111111", "P", "XX", "P"),
                lo("LEEDS", "08x0 ", "0800", "TB"),
            ],
            "DIR/cif.zip/t.mca: line 3: train \"C10000\" at \"LEEDS\": time \"08x0 \" is not HHMM or HHMMH",
        ),
        (vec![rec(&[(1, "QQ")])], "DIR/cif.zip/t.mca: line 2: unknown record type \"QQ\""),
        (
            // Back by more than six hours every other call: a day later each time.
            [
                vec![
                    bs("C10000", "200101", "201231", "1111111", "P", "XX", "P"),
                    lo("LEEDS", "2300 ", "2300", "TB"),
                ],
                (0..5)
                    .map(|k| {
                        let t = if k % 2 == 0 { "1200" } else { "2300" };
                        li("LEEDS", &format!("{t} "), &format!("{t} "), "", t, t, "T")
                    })
                    .collect(),
            ]
            .concat(),
            "DIR/cif.zip/t.mca: line 8: train \"C10000\" at \"LEEDS\": runs past 72:00:00 (this call is at 84:00:00)",
        ),
        (
            vec![bs("C10000", "201231", "200101", "1111110", "P", "XX", "P")],
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": date runs to 2020-01-01 is before date runs from 2020-12-31",
        ),
        (
            [
                tpe("C10000", "200101", "201231", "1111111", "P", "08")[..5].to_vec(),
                tpe("C20000", "200101", "201231", "1111111", "P", "09"),
            ]
            .concat(),
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": has an origin (LO) but no terminus (LT)",
        ),
        (
            tpe("C10000", "200101", "201231", "1111111", "P", "08")[..5].to_vec(),
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": has an origin (LO) but no terminus (LT)",
        ),
        (
            [
                tpe("C10000", "200101", "201231", "1111111", "P", "08")[..3].to_vec(),
                vec![lo("HDRSFLD", "0817 ", "0817", "TB")],
            ]
            .concat(),
            "DIR/cif.zip/t.mca: line 5: train \"C10000\" at \"HDRSFLD\": a second origin (LO) in one schedule",
        ),
        (
            [
                tpe("C10000", "200101", "201231", "1111111", "P", "08"),
                vec![li("SLFDORD", "     ", "     ", "0855 ", "0000", "0000", "")],
            ]
            .concat(),
            "DIR/cif.zip/t.mca: line 8: train \"C10000\" at \"SLFDORD\": LI after the terminus (LT)",
        ),
        (
            vec![
                bs("C10000", "200101", "201231", "1111111", "P", "XX", "P"),
                lt("MNCRVIC", "0850 ", "0850", "TF"),
            ],
            "DIR/cif.zip/t.mca: line 3: train \"C10000\" at \"MNCRVIC\": LT before the origin (LO)",
        ),
        (
            // Broken schedules are refused even when they do not run on the date.
            [
                tpe("C10000", "210101", "210301", "1111111", "P", "08")[..5].to_vec(),
                tpe("C20000", "200101", "201231", "1111111", "P", "09"),
            ]
            .concat(),
            "DIR/cif.zip/t.mca: line 2: train \"C10000\": has an origin (LO) but no terminus (LT)",
        ),
    ];
    for (records, expect) in cases {
        check(std::slice::from_ref(records), "2020-03-21", expect);
    }
    let update = rec(&[(1, "HDTPS.UCFCATE.PD200320"), (47, "UA200320210321")]);
    check_files(
        &[("t.mca", update), ("t.msn", msn())],
        "2020-03-21",
        "DIR/cif.zip/t.mca: line 1: is an update extract (update indicator \"U\"); railshed reads full extracts (F)",
    );
    check_files(
        &[("t.mca", hd()), ("t.msn", msn())],
        "2022-01-01",
        "DIR/cif.zip/t.mca: line 1: the timetable covers 2020-03-20 to 2021-03-21, not 2022-01-01",
    );
    check_files(&[("t.mca", hd())], "2020-03-21", "DIR/cif.zip: missing required file *.msn");
}

/// The schedules file is parsed as it is read, record by record: line ends
/// (`\n`, `\r\n`, none after the last record) and line numbers as when the
/// file was read whole.
#[test]
fn schedules_are_parsed_as_they_are_read() {
    let check = |data: String, expect: &str| {
        let date = Date::parse_iso("2020-03-20").unwrap();
        let got = match super::parse_schedules("F.MCA", data.as_bytes(), date) {
            Ok(p) => format!("{} schedules", p.schedules.len()),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect, "{data:?}");
    };
    let train = [
        bs("C10001", "200101", "201231", "1111111", "P", "OO", "P"),
        lo("LEEDS", "0800 ", "0800", "TB"),
        lt("YORK", "0830 ", "0830", "TF"),
    ];
    check(format!("{}\n{}\n", hd(), train.join("\n")), "1 schedules");
    check(
        format!("{}\r\n{}\r\nZZ\r\n", hd(), train.join("\r\n")),
        "F.MCA: line 5: record is 2 characters long, not 80",
    );
    check(format!("{}\n\n", hd()), "F.MCA: line 2: record is 0 characters long, not 80");
    check(format!("{}\n{}", hd(), "X".repeat(81)), "F.MCA: line 2: record is 81 characters long, not 80");
    check(String::new(), "0 schedules");
}

#[test]
fn platforms_are_refused_naming_the_archive() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/timetable/mini_cif.zip");
    let mut options = ImportSettings::new(Date::parse_iso("2020-03-20").unwrap());
    assert!(import(&path, &options).is_ok());
    options.platforms = true;
    let err = import(&path, &options).unwrap_err().to_string();
    assert!(
        err.ends_with("mini_cif.zip: is a CIF archive: its stations are TIPLOCs grouped by CRS, so stops cannot be kept apart as platforms"),
        "{err}"
    );
}
