//! Hand-built cases, one rule each, on inline timetables.
//!
//! `check` runs a query and compares every station's earliest arrival and
//! boardings (and, for reachable stations, a journey) with the expected text;
//! every case is also checked against the brute-force reference.

mod common;

use common::{NEVER, fmt_time, ref_arrivals, st, timetable};
use railshed_core::{Time, Timetable};
use railshed_solver::{Access, Leg, MinuteMethod, Options, SCAN_MIN_DEPARTURES, Solver, Source, Window};

/// Runs a forward query from `from` ("A 08:00" or "A 08:00, B 08:10") with
/// an optional boarding limit; `expect` has one line per station:
/// `ID ARRIVAL BOARDINGS` or `ID -`, then the journey to the last station
/// as `| leg` lines.
fn check(tt_text: &str, from: &str, max: Option<u32>, expect: &str) {
    let tt = timetable(tt_text);
    let sources: Vec<Source> = from
        .split(',')
        .map(|s| {
            let (id, t) = s.trim().split_once(' ').unwrap();
            Source { station: st(&tt, id), time: Time::parse(t).unwrap() }
        })
        .collect();
    let solver = Solver::new(&tt);
    let mut scratch = solver.scratch();
    let options = Options { max_boardings: max };
    let res = solver.earliest_arrival(&mut scratch, &sources, options).unwrap();
    let mut got = String::new();
    for (i, s) in tt.stations.iter().enumerate() {
        let a = res.arrival(railshed_core::StationIdx::new(i));
        match res.boardings(railshed_core::StationIdx::new(i)) {
            Some(k) => got.push_str(&format!("{} {} {k}\n", s.id, a)),
            None => got.push_str(&format!("{} -\n", s.id)),
        }
    }
    let last = railshed_core::StationIdx::new(tt.stations.len() - 1);
    if let Some(j) = res.journey(last) {
        got.push_str(&describe(&tt, &j.legs));
    }
    let expect: String =
        expect.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| format!("{l}\n")).collect();
    assert_eq!(got, expect, "\nquery from {from} on\n{tt_text}");

    // The reference agrees.
    let src: Vec<(usize, u32)> = sources.iter().map(|s| (s.station.idx(), s.time.0)).collect();
    let want = ref_arrivals(&tt, &src, max.map(|k| k as usize));
    for (i, (a, k)) in want.into_iter().enumerate() {
        let s = railshed_core::StationIdx::new(i);
        assert_eq!((fmt_time(a), k), (fmt_time(res.arrival(s).0), res.boardings(s)), "reference at {i}");
    }
}

fn describe(tt: &Timetable, legs: &[Leg]) -> String {
    let mut out = String::new();
    for leg in legs {
        match leg {
            Leg::Ride { trip, from, to, departure, arrival, .. } => out.push_str(&format!(
                "| ride {} {} {} → {} {}\n",
                tt.trips[trip.idx()].id,
                tt.stations[from.idx()].id,
                departure.hhmm(),
                tt.stations[to.idx()].id,
                arrival.hhmm()
            )),
            Leg::Walk { from, to, departure, arrival } => out.push_str(&format!(
                "| walk {} {} → {} {}\n",
                tt.stations[from.idx()].id,
                departure.hhmm(),
                tt.stations[to.idx()].id,
                arrival.hhmm()
            )),
        }
    }
    out
}

#[test]
fn min_change_time_is_respected_at_interchanges() {
    let tt = "station A
              station B 5
              station C
              trip t1 A@08:00 B@08:30
              trip t2 B@08:34 C@08:50
              trip t3 B@08:35 C@08:55";
    check(
        tt,
        "A 07:55",
        None,
        "A 07:55:00 0
         B 08:30:00 1
         C 08:55:00 2
         | ride t1 A 08:00 → B 08:30
         | ride t3 B 08:35 → C 08:55",
    );
}

#[test]
fn staying_seated_needs_no_change_time() {
    let tt = "station A
              station B 10
              station C
              trip t1 A@08:00 B@08:30-08:31 C@09:00";
    check(
        tt,
        "A 08:00",
        None,
        "A 08:00:00 0
         B 08:30:00 1
         C 09:00:00 1
         | ride t1 A 08:00 → C 09:00",
    );
}

#[test]
fn a_source_needs_no_change_time() {
    let tt = "station A 10
              station B
              trip t1 A@08:00 B@08:30";
    check(tt, "A 08:00", None, "A 08:00:00 0\nB 08:30:00 1\n| ride t1 A 08:00 → B 08:30");
}

#[test]
fn a_walk_covers_the_change() {
    // D has a 10-minute change time, but walking from B covers it.
    let tt = "station A
              station B 10
              station C
              station D 10
              trip t1 A@08:00 B@08:30
              trip t2 D@08:33 C@08:40
              walk B D 3";
    check(
        tt,
        "A 08:00",
        None,
        "A 08:00:00 0
         B 08:30:00 1
         C 08:40:00 2
         D 08:33:00 1
         | ride t1 A 08:00 → B 08:30
         | walk B 08:30 → D 08:33",
    );
    let tt = "station A
              station B 10
              station D 10
              station C
              trip t1 A@08:00 B@08:30
              trip t2 D@08:33 C@08:40
              walk B D 3";
    check(
        tt,
        "A 08:00",
        None,
        "A 08:00:00 0
         B 08:30:00 1
         D 08:33:00 1
         C 08:40:00 2
         | ride t1 A 08:00 → B 08:30
         | walk B 08:30 → D 08:33
         | ride t2 D 08:33 → C 08:40",
    );
}

#[test]
fn walks_from_the_source_and_to_the_destination() {
    let tt = "station A
              station B
              station C
              station D
              trip t1 B@08:30 C@08:50
              walk A B 10
              walk C D 5";
    check(
        tt,
        "A 08:00",
        None,
        "A 08:00:00 0
         B 08:10:00 0
         C 08:50:00 1
         D 08:55:00 1
         | walk A 08:20 → B 08:30
         | ride t1 B 08:30 → C 08:50
         | walk C 08:50 → D 08:55",
    );
}

#[test]
fn footpaths_are_not_chained() {
    let tt = "station A
              station B
              station C
              walk A B 2
              walk B C 2";
    check(tt, "A 08:00", None, "A 08:00:00 0\nB 08:02:00 0\nC -");
}

#[test]
fn no_boarding_where_pickup_is_forbidden() {
    let tt = "station A
              station B
              station C
              trip t1 A@08:00/np B@08:30 C@08:40";
    check(tt, "A 07:00", None, "A 07:00:00 0\nB -\nC -");
    check(tt, "B 08:00", None, "A -\nB 08:00:00 0\nC 08:40:00 1\n| ride t1 B 08:30 → C 08:40");
}

#[test]
fn no_alighting_where_drop_off_is_forbidden() {
    let tt = "station A
              station B
              station C
              trip t1 A@08:00 B@08:30/nd C@08:40
              walk B C 1";
    // B cannot be reached, and so neither the walk from it.
    check(tt, "A 07:00", None, "A 07:00:00 0\nB -\nC 08:40:00 1\n| ride t1 A 08:00 → C 08:40");
}

#[test]
fn trips_after_midnight() {
    let tt = "station A
              station B 5
              station C
              trip t1 A@23:50 B@24:20
              trip t2 B@24:30 C@25:00";
    check(
        tt,
        "A 23:45",
        None,
        "A 23:45:00 0
         B 24:20:00 1
         C 25:00:00 2
         | ride t1 A 23:50 → B 24:20
         | ride t2 B 24:30 → C 25:00",
    );
}

#[test]
fn unreachable_stops() {
    let tt = "station A
              station B
              station C
              trip t1 A@08:00 B@08:30
              trip t2 C@08:00 A@08:30";
    check(tt, "A 08:01", None, "A 08:01:00 0\nB -\nC -");
    check(tt, "A 08:00", None, "A 08:00:00 0\nB 08:30:00 1\nC -");
}

#[test]
fn the_boarding_limit_restricts_journeys() {
    let tt = "station A
              station B
              station C
              trip slow A@08:00 C@10:00
              trip f1 A@08:05 B@08:20
              trip f2 B@08:30 C@09:00";
    let all =
        "A 07:00:00 0\nB 08:20:00 1\nC 09:00:00 2\n| ride f1 A 08:05 → B 08:20\n| ride f2 B 08:30 → C 09:00";
    check(tt, "A 07:00", None, all);
    check(tt, "A 07:00", Some(2), all);
    check(tt, "A 07:00", Some(1), "A 07:00:00 0\nB 08:20:00 1\nC 10:00:00 1\n| ride slow A 08:00 → C 10:00");
    check(tt, "A 07:00", Some(0), "A 07:00:00 0\nB -\nC -");
}

#[test]
fn boardings_are_the_fewest_among_earliest_journeys() {
    let tt = "station A
              station B
              station C
              trip direct A@08:00 C@09:00
              trip f1 A@08:05 B@08:20
              trip f2 B@08:30 C@09:00";
    check(tt, "A 07:00", None, "A 07:00:00 0\nB 08:20:00 1\nC 09:00:00 1\n| ride direct A 08:00 → C 09:00");
}

#[test]
fn overtaking_trips_of_one_pattern() {
    // The fast train leaves later and arrives first.
    let tt = "station A
              station B
              station C
              trip slow A@08:00 B@08:30 C@09:30
              trip fast A@08:10 B@08:25 C@08:50";
    check(tt, "A 08:00", None, "A 08:00:00 0\nB 08:25:00 1\nC 08:50:00 1\n| ride fast A 08:10 → C 08:50");
}

#[test]
fn several_sources() {
    let tt = "station A
              station B
              station C
              trip t1 A@08:00 C@09:00
              trip t2 B@08:30 C@08:45";
    check(
        tt,
        "A 07:00, B 08:20",
        None,
        "A 07:00:00 0\nB 08:20:00 0\nC 08:45:00 1\n| ride t2 B 08:30 → C 08:45",
    );
}

fn solver(text: &str) -> (Timetable, Solver) {
    let tt = timetable(text);
    let s = Solver::new(&tt);
    (tt, s)
}

#[test]
fn latest_departure_mirrors_the_rules() {
    let (tt, solver) = solver(
        "station A
         station B 5
         station C
         trip t1 A@08:00 B@08:30
         trip t2 A@08:10 B@08:40
         trip t3 B@08:36 C@08:50
         trip t4 B@08:45 C@09:05",
    );
    let mut scratch = solver.scratch();
    let c = st(&tt, "C");
    let targets = [Access { station: c, secs: 0 }];
    let res =
        solver.latest_departure(&mut scratch, &targets, Time::hms(9, 0, 0), Options::default()).unwrap();
    // t2 reaches B at 08:40, too late for t3 (needs 08:41); t1 then t3 works.
    assert_eq!(res.departure(st(&tt, "A")), Some(Time::hms(8, 0, 0)));
    assert_eq!(res.boardings(st(&tt, "A")), Some(2));
    assert_eq!(res.departure(st(&tt, "B")), Some(Time::hms(8, 36, 0)));
    assert_eq!(res.departure(c), Some(Time::hms(9, 0, 0)));
    assert_eq!(res.boardings(c), Some(0));
    // With egress of ten minutes nothing from A makes it by 09:00.
    let targets = [Access { station: c, secs: 600 }];
    let res =
        solver.latest_departure(&mut scratch, &targets, Time::hms(9, 0, 0), Options::default()).unwrap();
    assert_eq!(res.departure(st(&tt, "A")), Some(Time::hms(8, 0, 0)));
    let res =
        solver.latest_departure(&mut scratch, &targets, Time::hms(8, 59, 0), Options::default()).unwrap();
    assert_eq!(res.departure(st(&tt, "A")), None);
    assert_eq!(res.departure(c), Some(Time::hms(8, 49, 0)));
}

#[test]
fn profiles_give_travel_time_per_minute() {
    let (tt, solver) = solver(
        "station A
         station B
         trip t1 A@08:00 B@08:30
         trip t2 A@08:20 B@08:40
         trip t3 A@09:10 B@09:40",
    );
    let mut scratch = solver.scratch();
    let a = [Access { station: st(&tt, "A"), secs: 0 }];
    let w = Window::new(Time::hms(8, 0, 0), Time::hms(9, 0, 0));
    let p = solver.profiles(&mut scratch, &a, w, Options::default()).unwrap();
    let b = p.get(st(&tt, "B"));
    let entries: Vec<String> = b
        .entries()
        .iter()
        .map(|e| format!("{}→{} {}", e.departure.hhmm(), e.arrival.hhmm(), e.boardings))
        .collect();
    assert_eq!(entries, ["08:00→08:30 1", "08:20→08:40 1", "09:00→09:40 1"]);
    assert_eq!(b.travel_time_at(Time::hms(8, 0, 0)), Some(30 * 60));
    assert_eq!(b.travel_time_at(Time::hms(8, 1, 0)), Some(39 * 60));
    assert_eq!(b.travel_time_at(Time::hms(8, 20, 0)), Some(20 * 60));
    assert_eq!(b.travel_time_at(Time::hms(8, 21, 0)), Some(79 * 60));
    assert_eq!(b.travel_time_at(Time::hms(9, 0, 0)), Some(40 * 60));
    assert_eq!(b.travel_time_at(Time::hms(9, 1, 0)), None);
    assert_eq!(b.minutes().len(), 60);
    let s = b.summary(&[railshed_solver::Stat::Best, railshed_solver::Stat::Percentile(100.0)]).unwrap();
    assert_eq!(s, [Some(20 * 60), Some(79 * 60)]);
    assert_eq!(p.get(st(&tt, "A")).travel_time_at(Time::hms(8, 30, 0)), Some(0));
}

#[test]
fn reverse_profiles_give_departures_per_deadline() {
    let (tt, solver) = solver(
        "station A
         station B
         trip t1 A@08:00 B@08:30
         trip t2 A@08:20 B@08:40",
    );
    let mut scratch = solver.scratch();
    let b = [Access { station: st(&tt, "B"), secs: 120 }];
    let w = Window::new(Time::hms(8, 30, 0), Time::hms(9, 0, 0));
    let p = solver.reverse_profiles(&mut scratch, &b, w, Options::default()).unwrap();
    let a = p.get(st(&tt, "A"));
    let entries: Vec<String> = a
        .entries()
        .iter()
        .map(|e| format!("{}→{} {}", e.departure.hhmm(), e.arrival.hhmm(), e.boardings))
        .collect();
    // Arriving by 08:30 (the window's start stands for "at or before"): none; 08:32: t1; 08:42: t2.
    assert_eq!(entries, ["08:00→08:32 1", "08:20→08:42 1"]);
    assert_eq!(a.travel_time_at(Time::hms(8, 31, 0)), None);
    assert_eq!(a.travel_time_at(Time::hms(8, 32, 0)), Some(32 * 60));
    assert_eq!(a.travel_time_at(Time::hms(8, 41, 0)), Some(41 * 60));
    assert_eq!(a.travel_time_at(Time::hms(8, 42, 0)), Some(22 * 60));
    assert_eq!(a.travel_time_at(Time::hms(9, 0, 0)), Some(40 * 60));
    assert_eq!(p.get(st(&tt, "B")).walk_secs(), Some(120));
    assert_eq!(NEVER, u32::MAX);
}

/// Minute travel times of `from` over `window` by `method`: per station,
/// `ID m0 m1 …` in minutes (`-` where no journey), and whether the scan answered.
fn minute_table(
    tt: &Timetable,
    solver: &Solver,
    from: &str,
    w: Window,
    method: MinuteMethod,
) -> (String, bool) {
    let mut scratch = solver.scratch();
    let a = [Access { station: st(tt, from), secs: 0 }];
    let times = solver.minute_travel_times_by(&mut scratch, &a, w, Options::default(), method).unwrap();
    let mut out = String::new();
    for (i, s) in tt.stations.iter().enumerate() {
        out.push_str(&s.id);
        for k in 0..times.n_minutes() {
            match times.travel_time(railshed_core::StationIdx::new(i), k) {
                Some(secs) if secs % 60 == 0 => out.push_str(&format!(" {}", secs / 60)),
                Some(secs) => out.push_str(&format!(" {secs}s")),
                None => out.push_str(" -"),
            }
        }
        out.push('\n');
    }
    (out, times.by_scan())
}

#[test]
fn minute_scan_hands_over_a_time_too_late_for_a_lane() {
    // B is reached 19 hours after the window opens: past what a lane holds
    // (about 18 hours), so travel profiles answer, with the same times.
    let (tt, solver) = crate::solver(
        "station A
         station B
         station C
         trip t1 A@00:03 C@00:30
         trip t2 A@01:00 B@20:00",
    );
    let w = Window::new(Time::hms(0, 0, 0), Time::hms(0, 4, 0));
    let want = "A 0 0 0 0\nB 1200 1199 1198 1197\nC 30 29 28 27\n";
    let (by_scan, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Scan);
    assert!(!scanned, "a lane cannot hold 20:00");
    assert_eq!(by_scan, want);
    assert_eq!(minute_table(&tt, &solver, "A", w, MinuteMethod::Profiles).0, want);
    // Without the late trip the scan answers.
    let (tt, solver) = crate::solver("trip t1 A@00:03 C@00:30\ntrip t2 A@01:00 B@18:00");
    let (got, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Scan);
    assert!(scanned);
    assert_eq!(got, "A 0 0 0 0\nC 30 29 28 27\nB 1080 1079 1078 1077\n");
}

#[test]
fn minute_scan_hands_over_hops_of_no_time_that_meet() {
    // t1 reaches B at 08:00 in no time, where t2 leaves in no time in the
    // same second: the order within the second decides, so profiles answer.
    let text = "trip t1 A@08:00 B@08:00
                trip t2 B@08:00 C@08:00 D@08:10";
    let (tt, solver) = crate::solver(text);
    let w = Window::new(Time::hms(7, 59, 0), Time::hms(8, 1, 0));
    let (got, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Scan);
    assert!(!scanned);
    assert_eq!(got, "A 0 0\nB 1 0\nC 1 0\nD 11 10\n");
    // A dwell at B (t2 leaves a minute later) is fine for the scan.
    let (tt, solver) = crate::solver("trip t1 A@08:00 B@08:00\ntrip t2 B@08:01 C@08:01 D@08:10");
    let (got, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Scan);
    assert!(scanned);
    assert_eq!(got, "A 0 0\nB 1 0\nC 2 1\nD 11 10\n");
}

#[test]
fn minute_times_scan_frequent_networks_only() {
    // Every 5 minutes between two stations: 12 connections an hour each way,
    // 12 in all per station-hour, at least SCAN_MIN_DEPARTURES.
    let mut text = String::new();
    for m in (0..60).step_by(5) {
        text.push_str(&format!("trip a{m} A@08:{m:02} B@08:{:02}\n", m + 4));
        text.push_str(&format!("trip b{m} B@08:{m:02} A@08:{:02}\n", m + 4));
    }
    let (tt, solver) = crate::solver(&text);
    let w = Window::new(Time::hms(8, 0, 0), Time::hms(9, 0, 0));
    const { assert!(SCAN_MIN_DEPARTURES <= 24.0 / 2.0) };
    let (auto, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Auto);
    assert!(scanned, "frequent: the scan answers");
    assert_eq!(auto, minute_table(&tt, &solver, "A", w, MinuteMethod::Profiles).0);
    // Hourly: profiles answer.
    let (tt, solver) = crate::solver("trip a A@08:00 B@08:05\ntrip b B@08:30 A@08:35");
    let (auto, scanned) = minute_table(&tt, &solver, "A", w, MinuteMethod::Auto);
    assert!(!scanned, "sparse: profiles answer");
    assert_eq!(auto, minute_table(&tt, &solver, "A", w, MinuteMethod::Scan).0);
}
