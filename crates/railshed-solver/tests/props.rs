//! Property tests on random timetables: RAPTOR, range RAPTOR, reverse
//! search and matrices give exactly the brute-force reference's answers.
//!
//! `PROPTEST_CASES` sets the number of cases of every property (the
//! defaults below keep a debug `cargo test` quick).

mod common;

use std::collections::HashMap;
use std::sync::OnceLock;

use common::{NEVER, Spec, build, departure_candidates, ref_latest, reference, spec};
use proptest::prelude::*;
use railshed_core::{StationIdx, Time, Timetable};
use railshed_solver::{
    Access, Journey, Leg, MatrixSpec, MinuteMethod, Options, ProfileEntry, Solver, Source, Stat, Window,
};

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

fn limit() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![Just(None), (0u32..=3).prop_map(Some)]
}

/// One or two origins (a station index, taken modulo the stations) with
/// their access seconds: none, or half a minute to three minutes.
fn places() -> impl Strategy<Value = Vec<(usize, u32)>> {
    prop::collection::vec((0usize..6, prop_oneof![Just(0u32), (1u32..=6).prop_map(|h| h * 30)]), 1..=2)
}

/// How [`squeeze`] changes a timetable: half the time not at all.
fn squeezes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![Just(Vec::new()), prop::collection::vec(0u8..3, 1..12)]
}

/// Checks `j` is a journey by the rules from `sources` to `dest`.
fn valid_journey(tt: &Timetable, sources: &[(usize, u32)], dest: usize, j: &Journey) -> Result<(), String> {
    let mut at = j.origin.idx();
    let mut time = sources
        .iter()
        .filter(|s| s.0 == at)
        .map(|s| s.1)
        .min()
        .ok_or("journey starts away from the sources")?;
    let mut last_ride = false;
    let mut last_walk = false;
    for leg in &j.legs {
        match *leg {
            Leg::Ride { trip, from, to, departure, arrival, board_call, alight_call } => {
                let st = tt.stop_times_of(trip);
                let (b, a) = (&st[board_call as usize], &st[alight_call as usize]);
                if from.idx() != at || b.station != from || a.station != to || board_call >= alight_call {
                    return Err(format!("ride {leg:?} does not fit its trip or follow on"));
                }
                if !b.pickup || !a.dropoff || b.dep != departure || a.arr != arrival {
                    return Err(format!("ride {leg:?}: pickup/drop-off or times wrong"));
                }
                let ready = if last_ride { time + tt.stations[at].min_change } else { time };
                if departure.0 < ready {
                    return Err(format!("ride {leg:?} leaves before {ready}"));
                }
                at = to.idx();
                time = arrival.0;
                last_ride = true;
                last_walk = false;
            }
            Leg::Walk { from, to, departure, arrival } => {
                if last_walk || from.idx() != at || departure.0 < time {
                    return Err(format!("walk {leg:?} does not follow on"));
                }
                if !tt
                    .footpaths
                    .iter()
                    .any(|f| f.from == from && f.to == to && f.secs == arrival.0 - departure.0)
                {
                    return Err(format!("walk {leg:?} has no footpath"));
                }
                at = to.idx();
                time = arrival.0;
                last_walk = true;
                last_ride = false;
            }
        }
    }
    if at != dest || time != j.arrival.0 {
        return Err("journey does not end at the destination at its arrival".into());
    }
    let rides = j.legs.iter().filter(|l| matches!(l, Leg::Ride { .. })).count() as u32;
    if rides != j.boardings {
        return Err("boardings miscounted".into());
    }
    Ok(())
}

/// No entry of a profile dominates another (or equals it).
fn pareto(entries: &[ProfileEntry]) -> Result<(), TestCaseError> {
    for (i, a) in entries.iter().enumerate() {
        for (j, b) in entries.iter().enumerate() {
            let dominates =
                a.departure >= b.departure && a.arrival <= b.arrival && a.boardings <= b.boardings;
            prop_assert!(i == j || !dominates, "{:?} dominates {:?}", a, b);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(2000))]

    /// One-to-all earliest arrival and boardings, and the journeys behind them.
    #[test]
    fn raptor_matches_the_reference(
        (spec, base) in spec(),
        sources in prop::collection::vec((0usize..6, 0u32..=100), 1..=2),
        max in limit(),
        how in squeezes(),
        reuse in any::<bool>(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        let n = tt.stations.len();
        let src: Vec<(usize, u32)> = sources.iter().map(|&(s, m)| (s % n, base - 600 + m * 30)).collect();
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        if reuse {
            // A scratch used before, by range queries either way, gives the same answers.
            let a = [Access { station: StationIdx::new(src[0].0), secs: 0 }];
            let w = Window::new(Time(base), Time(base + 1800));
            solver.profiles(&mut scratch, &a, w, Options::default()).unwrap();
            solver.reverse_profiles(&mut scratch, &a, w, Options::with_max_boardings(1)).unwrap();
        }
        let q: Vec<Source> = src.iter().map(|&(s, t)| Source { station: StationIdx::new(s), time: Time(t) }).collect();
        let res = solver.earliest_arrival(&mut scratch, &q, Options { max_boardings: max }).unwrap();
        let want = common::ref_arrivals(&tt, &src, max.map(|k| k as usize));
        for (s, &(arr, k)) in want.iter().enumerate() {
            let st = StationIdx::new(s);
            prop_assert_eq!((res.arrival(st).0, res.boardings(st)), (arr, k), "station {}", s);
            match res.journey(st) {
                Some(j) => {
                    prop_assert_eq!(j.arrival.0, arr);
                    prop_assert_eq!(Some(j.boardings), k);
                    if let Err(e) = valid_journey(&tt, &src, s, &j) {
                        prop_assert!(false, "journey to {}: {}: {:?}", s, e, j);
                    }
                }
                None => prop_assert_eq!(arr, NEVER),
            }
        }
    }

    /// Range RAPTOR: at every instant of the window, for every number of
    /// trips, the profile's best journey equals a single reference query.
    #[test]
    fn range_matches_single_queries(
        (spec, base) in spec(),
        origin in 0usize..6,
        access in prop_oneof![Just(0u32), (1u32..=6).prop_map(|h| h * 30)],
        start in 0u32..=40,
        len in 1u32..=30,
        max in limit(),
        how in squeezes(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        let origin = origin % tt.stations.len();
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        let w = Window::new(Time(base - 300 + start * 60), Time(base - 300 + (start + len) * 60));
        let profiles = solver
            .profiles(&mut scratch, &[Access { station: StationIdx::new(origin), secs: access }], w, Options { max_boardings: max })
            .unwrap();
        let mut instants: Vec<u32> = (w.start.0..=w.end.0).step_by(30).collect();
        instants.extend(departure_candidates(&tt, origin).into_iter().filter_map(|d| d.checked_sub(access)));
        instants.retain(|&t| t >= w.start.0 && t <= w.end.0);
        instants.sort_unstable();
        instants.dedup();
        let stats = [
            Stat::Percentile(0.0),
            Stat::Percentile(37.5),
            Stat::Percentile(50.0),
            Stat::Percentile(90.0),
            Stat::Percentile(100.0),
            Stat::Mean,
            Stat::Best,
        ];
        for s in 0..tt.stations.len() {
            let p = profiles.get(StationIdx::new(s));
            pareto(&p.entries())?;
            // Statistics in seconds equal those of the listed minutes.
            let values: Vec<u32> = p.minutes().iter().map(|m| m.1.unwrap_or(NEVER)).collect();
            let want: Vec<Option<u32>> =
                stats.iter().map(|&st| Some(naive_stat(&values, st)).filter(|&v| v != NEVER)).collect();
            prop_assert_eq!(p.summary(&stats).unwrap(), want, "statistics of station {}", s);
        }
        for t in instants {
            let want = reference(&tt, &[(origin, t + access)], max.map(|k| k as usize));
            for (s, row) in want.iter().enumerate() {
                let p = profiles.get(StationIdx::new(s));
                let entries = p.entries();
                let walk = p.walk_secs().map_or(NEVER, |w| t + w);
                for (k, &arr) in row.iter().enumerate() {
                    let ride = entries
                        .iter()
                        .filter(|e| e.departure.0 >= t && e.boardings as usize <= k)
                        .map(|e| e.arrival.0)
                        .min()
                        .unwrap_or(NEVER);
                    prop_assert_eq!(ride.min(walk), arr, "station {} leaving at {} with at most {} trips", s, Time(t), k);
                }
                let travel = p.travel_time_at(Time(t));
                let best = *row.last().unwrap();
                prop_assert_eq!(travel, (best != NEVER).then(|| best - t), "travel time to {} at {}", s, Time(t));
            }
        }
    }

    /// Latest departures and reverse profiles against brute force.
    #[test]
    fn reverse_matches_the_reference(
        (spec, base) in spec(),
        targets in prop::collection::vec((0usize..6, prop_oneof![Just(0u32), (1u32..=6).prop_map(|h| h * 30)]), 1..=2),
        start in 0u32..=60,
        len in 1u32..=20,
        max in limit(),
        how in squeezes(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        let n = tt.stations.len();
        let targets: Vec<(usize, u32)> = targets.iter().map(|&(s, e)| (s % n, e)).collect();
        let acc: Vec<Access> = targets.iter().map(|&(s, e)| Access { station: StationIdx::new(s), secs: e }).collect();
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        let opts = Options { max_boardings: max };
        let kmax = max.map(|k| k as usize);
        let mut cache = HashMap::new();
        let w = Window::new(Time(base + start * 60), Time(base + (start + len) * 60));

        // One deadline: the window's end.
        let want = ref_latest(&tt, &targets, w.end.0, kmax, &mut cache);
        let res = solver.latest_departure(&mut scratch, &acc, w.end, opts).unwrap();
        for (s, row) in want.iter().enumerate() {
            let best = *row.last().unwrap();
            let k = best.map(|b| row.iter().position(|&x| x == Some(b)).unwrap() as u32);
            let st = StationIdx::new(s);
            prop_assert_eq!((res.departure(st).map(|t| t.0), res.boardings(st)), (best, k), "station {}", s);
        }

        // Every deadline of a window.
        let profiles = solver.reverse_profiles(&mut scratch, &acc, w, opts).unwrap();
        for s in 0..n {
            pareto(&profiles.get(StationIdx::new(s)).entries())?;
        }
        for d in (w.start.0..=w.end.0).step_by(30) {
            let want = ref_latest(&tt, &targets, d, kmax, &mut cache);
            for (s, row) in want.iter().enumerate() {
                let p = profiles.get(StationIdx::new(s));
                let entries = p.entries();
                let walk = p.walk_secs().and_then(|w| d.checked_sub(w));
                for (k, &dep) in row.iter().enumerate() {
                    let ride = entries
                        .iter()
                        .filter(|e| e.arrival.0 <= d && e.boardings as usize <= k)
                        .map(|e| e.departure.0)
                        .max();
                    prop_assert_eq!(ride.max(walk), dep, "station {} arriving by {} with at most {} trips", s, Time(d), k);
                }
                let best = *row.last().unwrap();
                prop_assert_eq!(p.travel_time_at(Time(d)), best.map(|b| d - b), "travel time from {} by {}", s, Time(d));
            }
        }
    }
}

/// Travel profiles (`travel_profiles`, `reverse_travel_profiles`) against
/// full profiles from the same query: every entry is one of the full
/// profile's, none beats another on departure and arrival, and every
/// travel time, statistic, fastest journey and walk is the same.
fn same_travel_times(
    full: &railshed_solver::Profiles,
    fast: &railshed_solver::Profiles,
    n: usize,
    instants: &[u32],
) -> Result<(), TestCaseError> {
    let stats =
        [Stat::Percentile(0.0), Stat::Percentile(50.0), Stat::Percentile(90.0), Stat::Mean, Stat::Best];
    for s in 0..n {
        let (a, b) = (full.get(StationIdx::new(s)), fast.get(StationIdx::new(s)));
        let (ea, eb) = (a.entries(), b.entries());
        for e in &eb {
            prop_assert!(ea.contains(e), "station {}: {:?} is not a full profile entry", s, e);
        }
        for (i, x) in eb.iter().enumerate() {
            for (j, y) in eb.iter().enumerate() {
                let dominates = x.departure >= y.departure && x.arrival <= y.arrival;
                prop_assert!(i == j || !dominates, "station {}: {:?} beats {:?}", s, x, y);
            }
        }
        prop_assert_eq!(a.minutes(), b.minutes(), "minutes of station {}", s);
        prop_assert_eq!(a.fastest(), b.fastest(), "fastest to station {}", s);
        prop_assert_eq!(a.walk_secs(), b.walk_secs(), "walk to station {}", s);
        prop_assert_eq!(
            a.summary(&stats).unwrap(),
            b.summary(&stats).unwrap(),
            "statistics of station {}",
            s
        );
        for &m in instants {
            prop_assert_eq!(
                a.travel_time_at(Time(m)),
                b.travel_time_at(Time(m)),
                "station {} at {}",
                s,
                Time(m)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    /// Travel profiles answer every travel-time question as full profiles
    /// do, forward and reverse, with any trip limit, in a scratch used by
    /// either kind before.
    #[test]
    fn travel_profiles_match_full_profiles(
        (spec, base) in spec(),
        places in places(),
        start in 0u32..=40,
        len in 1u32..=30,
        max in limit(),
        how in squeezes(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        let n = tt.stations.len();
        let acc: Vec<Access> = places.iter().map(|&(s, e)| Access { station: StationIdx::new(s % n), secs: e }).collect();
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        let opts = Options { max_boardings: max };
        let w = Window::new(Time(base - 300 + start * 60), Time(base - 300 + (start + len) * 60));
        let mut instants: Vec<u32> = (w.start.0..=w.end.0).step_by(30).collect();
        for a in &acc {
            instants.extend(departure_candidates(&tt, a.station.idx()).into_iter().filter_map(|d| d.checked_sub(a.secs)));
        }
        instants.retain(|&t| t >= w.start.0 && t <= w.end.0);
        instants.sort_unstable();
        instants.dedup();
        let fast = solver.travel_profiles(&mut scratch, &acc, w, opts).unwrap();
        let full = solver.profiles(&mut scratch, &acc, w, opts).unwrap();
        same_travel_times(&full, &fast, n, &instants)?;
        let full = solver.reverse_profiles(&mut scratch, &acc, w, opts).unwrap();
        let fast = solver.reverse_travel_profiles(&mut scratch, &acc, w, opts).unwrap();
        same_travel_times(&full, &fast, n, &instants)?;
        // A scratch used by full profiles gives the same travel profiles.
        let again = solver.travel_profiles(&mut scratch, &acc, w, opts).unwrap();
        let fresh = solver.travel_profiles(&mut solver.scratch(), &acc, w, opts).unwrap();
        for s in 0..n {
            prop_assert_eq!(again.get(StationIdx::new(s)).entries(), fresh.get(StationIdx::new(s)).entries());
        }
    }
}

fn pools() -> &'static [rayon::ThreadPool] {
    static POOLS: OnceLock<Vec<rayon::ThreadPool>> = OnceLock::new();
    POOLS.get_or_init(|| {
        [1, 2, 8].iter().map(|&n| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap()).collect()
    })
}

/// Nearest-rank percentile, mean and best of per-minute travel times, naively.
fn naive_stat(values: &[u32], stat: Stat) -> u32 {
    let mut v = values.to_vec();
    v.sort_unstable();
    match stat {
        Stat::Best => v[0],
        Stat::Mean => {
            if v.contains(&NEVER) {
                NEVER
            } else {
                let sum: u64 = v.iter().map(|&x| u64::from(x)).sum();
                ((sum * 2 + v.len() as u64) / (2 * v.len() as u64)) as u32
            }
        }
        Stat::Percentile(p) => {
            let rank = ((p / 100.0 * v.len() as f64).ceil() as usize).max(1);
            v[rank.min(v.len()) - 1]
        }
    }
}

fn minutes(secs: u32) -> u16 {
    if secs == NEVER { u16::MAX } else { ((secs + 30) / 60) as u16 }
}

proptest! {
    #![proptest_config(config(300))]

    /// Matrices equal statistics of reference queries at every minute, for
    /// any number of threads.
    #[test]
    fn matrix_matches_the_reference_on_any_number_of_threads(
        (spec, base) in spec(),
        start in 0u32..=40,
        len in 1u32..=20,
        max in limit(),
        how in squeezes(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        let n = tt.stations.len();
        let solver = Solver::new(&tt);
        let stats = vec![Stat::Percentile(0.0), Stat::Percentile(50.0), Stat::Percentile(90.0), Stat::Percentile(100.0), Stat::Mean, Stat::Best];
        let w = Window::new(Time(base + start * 60), Time(base + (start + len) * 60));
        let ms = MatrixSpec {
            origins: (0..n).rev().map(StationIdx::new).collect(),
            window: w,
            stats: stats.clone(),
            options: Options { max_boardings: max },
            boardings: true,
        };
        let results: Vec<_> = pools().iter().map(|p| p.install(|| solver.matrix(&ms, &|_| {}).unwrap())).collect();
        prop_assert_eq!(&results[0], &results[1]);
        prop_assert_eq!(&results[0], &results[2]);
        let m = &results[0];
        // Without boardings (the minute scan where it pays): the same minutes.
        let lean = MatrixSpec { boardings: false, ..ms.clone() };
        let leans: Vec<_> = pools().iter().map(|p| p.install(|| solver.matrix(&lean, &|_| {}).unwrap())).collect();
        prop_assert_eq!(&leans[0], &leans[1]);
        prop_assert_eq!(&leans[0], &leans[2]);
        for row in 0..n {
            prop_assert_eq!(leans[0].fastest_boardings(row), None);
            for (k, stat) in stats.iter().enumerate() {
                prop_assert_eq!(leans[0].row(row, k), m.row(row, k), "statistic {} from row {}", stat, row);
            }
        }
        let mut scratch = solver.scratch();
        for (row, &o) in ms.origins.iter().enumerate() {
            // Boardings of the fastest journey agree with the origin's profiles.
            let profiles = solver.profiles(&mut scratch, &[Access { station: o, secs: 0 }], w, ms.options).unwrap();
            for d in 0..n {
                let want = profiles.get(StationIdx::new(d)).fastest().map_or(u8::MAX, |(_, b)| b.min(254) as u8);
                prop_assert_eq!(m.fastest_boardings(row).unwrap()[d], want, "fastest boardings from {} to {}", o.idx(), d);
            }
            let mut per_dest: Vec<Vec<u32>> = vec![Vec::new(); n];
            for t in (w.start.0..w.end.0).step_by(60) {
                let want = common::ref_arrivals(&tt, &[(o.idx(), t)], max.map(|k| k as usize));
                for (d, &(arr, _)) in want.iter().enumerate() {
                    per_dest[d].push(if arr == NEVER { NEVER } else { arr - t });
                }
            }
            for (k, &stat) in stats.iter().enumerate() {
                for (d, values) in per_dest.iter().enumerate() {
                    let want = minutes(naive_stat(values, stat));
                    prop_assert_eq!(m.row(row, k)[d], want, "{} from {} to {}", stat, o.idx(), d);
                }
            }
        }
    }
}

/// Makes some hops of `tt` take no time, and some stops have no dwell, as
/// `how` says stop by stop (cycled): 0, a hop of no time to the stop; 1,
/// that and leaving the stop when it arrives; else unchanged. Trips calling
/// at a station twice are left alone: a loop taking no time would let a
/// traveller board the trip again at a call it has already made, which the
/// rules leave undefined (RAPTOR may, a connection scan does not).
fn squeeze(tt: &mut Timetable, how: &[u8]) {
    if how.is_empty() {
        return;
    }
    for trip in &tt.trips {
        let f = trip.first as usize;
        let calls = &tt.stop_times[f..f + trip.len as usize];
        if calls.iter().enumerate().any(|(i, a)| calls[..i].iter().any(|b| b.station == a.station)) {
            continue;
        }
        for i in f + 1..f + trip.len as usize {
            let kind = how[i % how.len()];
            if kind <= 1 {
                tt.stop_times[i].arr = tt.stop_times[i - 1].dep;
            }
            if kind == 1 {
                tt.stop_times[i].dep = tt.stop_times[i].arr;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Minute travel times: each minute's equal a one-to-all reference query
    /// leaving at that minute, and their statistics equal those of the
    /// listed minutes and of travel profiles, whether the connection scan
    /// answers or (hops of no time meeting, a trip limit) travel profiles.
    #[test]
    fn minute_travel_times_match_the_reference(
        (spec, base) in spec(),
        places in places(),
        start in 0u32..=40,
        len in 1u32..=30,
        max in limit(),
        how in squeezes(),
        reuse in any::<bool>(),
    ) {
        let mut tt = build(&spec);
        squeeze(&mut tt, &how);
        prop_assert!(tt.check().is_ok());
        let n = tt.stations.len();
        let acc: Vec<Access> = places.iter().map(|&(s, e)| Access { station: StationIdx::new(s % n), secs: e }).collect();
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        let opts = Options { max_boardings: max };
        let w = Window::new(Time(base - 300 + start * 60), Time(base - 300 + (start + len) * 60));
        let profiles = solver.travel_profiles(&mut scratch, &acc, w, opts).unwrap();
        if reuse {
            // A scratch used by a longer minute query before gives the same answers.
            let long = Window::new(w.start, Time(w.end.0 + 3600));
            solver.minute_travel_times_by(&mut scratch, &acc[..1], long, Options::default(), MinuteMethod::Scan).unwrap();
        }
        let mut other = solver.scratch();
        let by_profiles = solver.minute_travel_times_by(&mut other, &acc, w, opts, MinuteMethod::Profiles).unwrap();
        prop_assert!(!by_profiles.by_scan());
        let mut times = solver.minute_travel_times_by(&mut scratch, &acc, w, opts, MinuteMethod::Scan).unwrap();
        prop_assert_eq!(times.n_minutes(), len as usize);
        prop_assert_eq!(times.len(), n);
        for k in 0..times.n_minutes() {
            let t = w.start.0 + 60 * k as u32;
            let src: Vec<(usize, u32)> = acc.iter().map(|a| (a.station.idx(), t + a.secs)).collect();
            let want = common::ref_arrivals(&tt, &src, max.map(|k| k as usize));
            for (s, &(arr, _)) in want.iter().enumerate() {
                let got = times.travel_time(StationIdx::new(s), k);
                prop_assert_eq!(got, (arr != NEVER).then(|| arr - t), "station {} leaving at {}", s, Time(t));
            }
        }
        let stats = [
            Stat::Percentile(0.0),
            Stat::Percentile(37.5),
            Stat::Percentile(50.0),
            Stat::Percentile(90.0),
            Stat::Percentile(100.0),
            Stat::Mean,
            Stat::Best,
        ];
        for s in 0..n {
            let st = StationIdx::new(s);
            let p = profiles.get(st);
            prop_assert_eq!(times.minutes(st), p.minutes(), "minutes of station {}", s);
            prop_assert_eq!(times.minutes(st), by_profiles.minutes(st), "minutes of station {} by profiles", s);
            let values: Vec<u32> = p.minutes().iter().map(|m| m.1.unwrap_or(NEVER)).collect();
            let want: Vec<Option<u32>> =
                stats.iter().map(|&x| Some(naive_stat(&values, x)).filter(|&v| v != NEVER)).collect();
            prop_assert_eq!(times.summary(st, &stats).unwrap(), want, "statistics of station {}", s);
        }
        if max.is_some() {
            prop_assert!(!times.by_scan(), "a trip limit is answered by profiles");
        }
    }
}

/// The minute property above sees both ways of answering: the scan, and
/// travel profiles where hops of no time meet.
#[test]
fn minute_queries_are_answered_both_ways() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let how = prop::collection::vec(0u8..3, 0..12);
    let (mut scanned, mut fallback) = (0, 0);
    for _ in 0..1000 {
        let (s, base): (Spec, u32) = spec().new_tree(&mut runner).unwrap().current();
        let h = how.new_tree(&mut runner).unwrap().current();
        let mut tt = build(&s);
        squeeze(&mut tt, &h);
        let solver = Solver::new(&tt);
        let mut scratch = solver.scratch();
        let a = [Access { station: StationIdx::new(0), secs: 0 }];
        let w = Window::new(Time(base - 300), Time(base + 1500));
        let times = solver
            .minute_travel_times_by(&mut scratch, &a, w, Options::default(), MinuteMethod::Scan)
            .unwrap();
        if times.by_scan() {
            scanned += 1;
        } else {
            fallback += 1;
        }
    }
    assert!(scanned > 500 && fallback > 10, "{scanned} by the scan, {fallback} by profiles");
}

/// The generator makes what it promises (overtaking, restrictions, walks).
#[test]
fn generated_timetables_are_valid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut overtaking = 0;
    for _ in 0..200 {
        let (s, _): (Spec, u32) = spec().new_tree(&mut runner).unwrap().current();
        let tt = build(&s);
        assert!(tt.check().is_ok());
        let solver = Solver::new(&tt);
        // More routes than patterns means some trips overtook others.
        if solver.n_routes() > s.patterns.len() {
            overtaking += 1;
        }
    }
    assert!(overtaking > 10, "only {overtaking} timetables with overtaking");
}
