//! Shared test support: inline timetables, random timetables, and a
//! brute-force reference solver (a time-expanded graph searched with
//! petgraph's Dijkstra) implementing the crate's semantics independently of
//! RAPTOR.

#![allow(dead_code, unreachable_pub, clippy::needless_range_loop)]

use std::collections::HashMap;

use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, NodeIndex};
use proptest::prelude::*;
use railshed_core::{
    Footpath, LineIdx, LineInfo, Station, StationIdx, StopTime, Time, Timetable, Trip, TripIdx,
};

pub const NEVER: u32 = u32::MAX;

/// Parses an inline timetable, one item a line:
///
/// ```text
/// station A 5                 # id and minimum change minutes (default 0)
/// trip t1 A@08:00 B@08:30-08:32 C@09:00
/// trip t2 A@08:10/np B@08:40/nd   # np: no pickup, nd: no drop-off
/// walk A C 20                 # one way, minutes
/// ```
///
/// Stations named in trips or walks but not declared get a change time of 0.
pub fn timetable(text: &str) -> Timetable {
    let mut tt = Timetable::default();
    let mut idx: HashMap<String, StationIdx> = HashMap::new();
    fn station(tt: &mut Timetable, idx: &mut HashMap<String, StationIdx>, id: &str, mct: u32) -> StationIdx {
        *idx.entry(id.to_owned()).or_insert_with(|| {
            let mut s = Station::new(id, id, -1.5 - tt.stations.len() as f64 * 0.01, 53.8);
            s.min_change = mct;
            tt.stations.push(s);
            StationIdx::new(tt.stations.len() - 1)
        })
    }
    tt.lines.push(LineInfo {
        id: "l".into(),
        name: "Line".into(),
        operator: String::new(),
        tag: "existing".into(),
    });
    for line in text.lines() {
        let line = line.split('#').next().unwrap().trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            ["station", id] => {
                station(&mut tt, &mut idx, id, 0);
            }
            ["station", id, mct] => {
                station(&mut tt, &mut idx, id, mct.parse::<u32>().unwrap() * 60);
            }
            ["walk", a, b, min] => {
                let from = station(&mut tt, &mut idx, a, 0);
                let to = station(&mut tt, &mut idx, b, 0);
                tt.footpaths.push(Footpath { from, to, secs: min.parse::<u32>().unwrap() * 60 });
            }
            ["trip", id, calls @ ..] => {
                let first = tt.stop_times.len() as u32;
                for call in calls {
                    let mut parts = call.split('@');
                    let st = station(&mut tt, &mut idx, parts.next().unwrap(), 0);
                    let rest = parts.next().unwrap();
                    let (times, flags) = rest.split_once('/').unwrap_or((rest, ""));
                    let (arr, dep) = match times.split_once('-') {
                        Some((a, d)) => (Time::parse(a).unwrap(), Time::parse(d).unwrap()),
                        None => (Time::parse(times).unwrap(), Time::parse(times).unwrap()),
                    };
                    tt.stop_times.push(StopTime {
                        station: st,
                        arr,
                        dep,
                        pickup: !flags.contains("np"),
                        dropoff: !flags.contains("nd"),
                    });
                }
                tt.trips.push(Trip {
                    line: LineIdx(0),
                    id: (*id).to_owned(),
                    first,
                    len: tt.stop_times.len() as u32 - first,
                });
            }
            _ => panic!("bad timetable line {line:?}"),
        }
    }
    tt.footpaths.sort_by_key(|f| (f.from, f.to));
    tt.check().unwrap();
    tt
}

/// Index of the station with this id.
pub fn st(tt: &Timetable, id: &str) -> StationIdx {
    StationIdx::new(tt.stations.iter().position(|s| s.id == id).unwrap_or_else(|| panic!("no station {id}")))
}

/// Formats a time or "-" for never.
pub fn fmt_time(t: u32) -> String {
    if t == NEVER { "-".into() } else { Time(t).to_string() }
}

// ---------------------------------------------------------------------------
// Random timetables.

/// The raw material of a random timetable.
#[derive(Clone, Debug)]
pub struct Spec {
    pub mct: Vec<u32>,
    pub patterns: Vec<Vec<(usize, bool, bool)>>,
    /// Per trip: pattern, start (seconds), hop times, dwells.
    pub trips: Vec<(usize, u32, Vec<u32>, Vec<u32>)>,
    pub walks: Vec<(usize, usize, u32)>,
}

pub fn build(spec: &Spec) -> Timetable {
    let mut tt = Timetable::default();
    for (i, &m) in spec.mct.iter().enumerate() {
        let mut s = Station::new(format!("S{i}"), format!("Station {i}"), -1.5 - i as f64 * 0.01, 53.8);
        s.min_change = m;
        tt.stations.push(s);
    }
    tt.lines.push(LineInfo {
        id: "l".into(),
        name: "Line".into(),
        operator: String::new(),
        tag: "existing".into(),
    });
    for (n, (p, start, hops, dwells)) in spec.trips.iter().enumerate() {
        let pat = &spec.patterns[*p];
        let first = tt.stop_times.len() as u32;
        let mut t = *start;
        for (i, &(s, pickup, dropoff)) in pat.iter().enumerate() {
            let arr = t;
            let dep = if i + 1 < pat.len() && i > 0 { arr + dwells[i] } else { arr };
            tt.stop_times.push(StopTime {
                station: StationIdx::new(s),
                arr: Time(arr),
                dep: Time(dep),
                pickup,
                dropoff,
            });
            if i < hops.len() {
                t = dep + hops[i];
            }
        }
        tt.trips.push(Trip { line: LineIdx(0), id: format!("t{n}"), first, len: pat.len() as u32 });
    }
    for &(a, b, secs) in &spec.walks {
        tt.footpaths.push(Footpath { from: StationIdx::new(a), to: StationIdx::new(b), secs });
    }
    tt.footpaths.sort_by_key(|f| (f.from, f.to, f.secs));
    tt.check().unwrap();
    tt
}

/// Base of random times: 08:00, or 23:50 so trips cross midnight.
pub fn base() -> impl Strategy<Value = u32> {
    prop_oneof![Just(8 * 3600), Just(23 * 3600 + 50 * 60)]
}

/// Random timetables: a few stations, patterns (with repeated stations,
/// pickup/drop-off restrictions), trips that may overtake, footpaths.
pub fn spec() -> impl Strategy<Value = (Spec, u32)> {
    (2usize..=6, base())
        .prop_flat_map(|(n, base)| {
            let mct =
                prop::collection::vec(prop_oneof![Just(0u32), Just(60), Just(120), Just(180), Just(90)], n);
            let call = (0..n, prop::bool::weighted(0.85), prop::bool::weighted(0.85));
            let pattern = prop::collection::vec(call, 2..=4).prop_map(|mut p| {
                // No station twice in a row.
                p.dedup_by_key(|c| c.0);
                if p.len() < 2 {
                    let other = (p[0].0 + 1) % 64;
                    p.push((other, true, true));
                }
                p
            });
            let patterns = prop::collection::vec(pattern, 1..=4);
            let walks = prop::collection::vec((0..n, 0..n, 1u32..=8), 0..=4);
            (mct, patterns, walks, Just(base), Just(n))
        })
        .prop_flat_map(|(mct, patterns, walks, base, n)| {
            let patterns: Vec<Vec<(usize, bool, bool)>> = patterns
                .into_iter()
                .map(|p| p.into_iter().map(|(s, a, b)| (s % n, a, b)).collect())
                .collect();
            let np = patterns.len();
            let lens: Vec<usize> = patterns.iter().map(Vec::len).collect();
            let trip = (0..np).prop_flat_map(move |p| {
                let len = lens[p];
                (
                    Just(p),
                    (0u32..=60).prop_map(move |h| base + h * 30), // half minutes too
                    prop::collection::vec((2u32..=24).prop_map(|h| h * 30), len - 1),
                    prop::collection::vec(prop_oneof![Just(0u32), Just(60), Just(120)], len),
                )
            });
            let trips = prop::collection::vec(trip, 1..=9);
            let walks: Vec<(usize, usize, u32)> = walks.into_iter().map(|(a, b, m)| (a, b, m * 60)).collect();
            (Just(mct), Just(patterns), trips, Just(walks), Just(base))
        })
        .prop_map(|(mct, patterns, trips, walks, base)| {
            // Drop consecutive duplicates created by `% n` folding.
            let patterns = patterns
                .into_iter()
                .map(|mut p| {
                    p.dedup_by_key(|c| c.0);
                    p
                })
                .collect::<Vec<_>>();
            let trips = trips
                .into_iter()
                .filter(|(p, ..)| patterns[*p].len() >= 2)
                .map(|(p, s, mut h, mut d)| {
                    h.truncate(patterns[p].len() - 1);
                    d.truncate(patterns[p].len());
                    (p, s, h, d)
                })
                .collect();
            (Spec { mct, patterns, trips, walks }, base)
        })
}

// ---------------------------------------------------------------------------
// The reference solver.

/// Earliest arrival at each station with at most k trips, for k = 0..=K,
/// from `sources` ((station, time)); `k_max: None` means no limit.
/// `result[s][k]`, cumulative in k.
pub fn reference(tt: &Timetable, sources: &[(usize, u32)], k_max: Option<usize>) -> Vec<Vec<u32>> {
    let kk = k_max.unwrap_or(tt.trips.len()).min(tt.trips.len());
    let n = tt.stations.len();
    let mut g: DiGraph<(), u32> = DiGraph::new();
    // Per node: (time, arrival event at station, layer).
    let mut info: Vec<(u32, Option<usize>, usize)> = Vec::new();
    let mut add = |g: &mut DiGraph<(), u32>, t: u32, event: Option<usize>, k: usize| {
        info.push((t, event, k));
        g.add_node(())
    };
    // Boarding chains: per layer and station, the distinct departure times with pickup.
    let mut deps: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, _) in tt.trips.iter().enumerate() {
        let st = tt.stop_times_of(TripIdx::new(i));
        for s in &st[..st.len() - 1] {
            if s.pickup {
                deps[s.station.idx()].push(s.dep.0);
            }
        }
    }
    for d in &mut deps {
        d.sort_unstable();
        d.dedup();
    }
    let mut board: Vec<Vec<Vec<NodeIndex>>> = Vec::new();
    for k in 0..=kk {
        let mut layer = Vec::new();
        for s in 0..n {
            let nodes: Vec<NodeIndex> = deps[s].iter().map(|&t| add(&mut g, t, None, k)).collect();
            for j in 1..nodes.len() {
                g.add_edge(nodes[j - 1], nodes[j], deps[s][j] - deps[s][j - 1]);
            }
            layer.push(nodes);
        }
        board.push(layer);
    }
    // Ready at `s` by `t` in layer `k`: an edge to the first boarding node at or after `t`.
    // (`from` happens at `at`; ready for departures from `t` on.)
    let link_ready = |g: &mut DiGraph<(), u32>, from: NodeIndex, at: u32, s: usize, t: u32, k: usize| {
        let j = deps[s].partition_point(|&d| d < t);
        if j < deps[s].len() {
            g.add_edge(from, board[k][s][j], deps[s][j] - at);
        }
    };
    let walks_from = |s: usize| tt.footpaths.iter().filter(move |f| f.from.idx() == s);
    for k in 1..=kk {
        for (i, _) in tt.trips.iter().enumerate() {
            let st = tt.stop_times_of(TripIdx::new(i));
            let mut prev_dep: Option<(NodeIndex, u32)> = None;
            for (p, s) in st.iter().enumerate() {
                let a = add(&mut g, s.arr.0, (p > 0 && s.dropoff).then_some(s.station.idx()), k);
                if let Some((d, t)) = prev_dep {
                    g.add_edge(d, a, s.arr.0 - t);
                }
                if p > 0 && s.dropoff {
                    link_ready(
                        &mut g,
                        a,
                        s.arr.0,
                        s.station.idx(),
                        s.arr.0 + tt.stations[s.station.idx()].min_change,
                        k,
                    );
                    for f in walks_from(s.station.idx()) {
                        let t = s.arr.0 + f.secs;
                        let w = add(&mut g, t, Some(f.to.idx()), k);
                        g.add_edge(a, w, f.secs);
                        link_ready(&mut g, w, t, f.to.idx(), t, k);
                    }
                }
                if p + 1 < st.len() {
                    let d = add(&mut g, s.dep.0, None, k);
                    g.add_edge(a, d, s.dep.0 - s.arr.0);
                    if s.pickup {
                        let j = deps[s.station.idx()].binary_search(&s.dep.0).unwrap();
                        g.add_edge(board[k - 1][s.station.idx()][j], d, 0);
                    }
                    prev_dep = Some((d, s.dep.0));
                }
            }
        }
    }
    let t0 = sources.iter().map(|s| s.1).min().unwrap();
    let root = add(&mut g, t0, None, 0);
    for &(s, t) in sources {
        let src = add(&mut g, t, Some(s), 0);
        g.add_edge(root, src, t - t0);
        link_ready(&mut g, src, t, s, t, 0);
        for f in walks_from(s) {
            let w = add(&mut g, t + f.secs, Some(f.to.idx()), 0);
            g.add_edge(src, w, f.secs);
            link_ready(&mut g, w, t + f.secs, f.to.idx(), t + f.secs, 0);
        }
    }
    let dist = dijkstra(&g, root, None, |e| *e.weight());
    let mut out = vec![vec![NEVER; kk + 1]; n];
    for (node, d) in dist {
        let (t, event, k) = info[node.index()];
        assert_eq!(t0 + d, t, "time-expanded graph weights must match event times");
        if let Some(s) = event {
            out[s][k] = out[s][k].min(t);
        }
    }
    for row in &mut out {
        for k in 1..row.len() {
            row[k] = row[k].min(row[k - 1]);
        }
    }
    out
}

/// Earliest arrival and boardings per station from `reference` at limit `k_max`.
pub fn ref_arrivals(
    tt: &Timetable,
    sources: &[(usize, u32)],
    k_max: Option<usize>,
) -> Vec<(u32, Option<u32>)> {
    reference(tt, sources, k_max)
        .into_iter()
        .map(|row| {
            let best = *row.last().unwrap();
            let k = (best != NEVER).then(|| row.iter().position(|&a| a == best).unwrap() as u32);
            (best, k)
        })
        .collect()
}

/// Every time a journey can leave station `s` ready at `t` or later
/// needs: departures at `s` and one footpath away (minus the walk).
pub fn departure_candidates(tt: &Timetable, s: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let deps_at = |x: usize| {
        tt.trips
            .iter()
            .enumerate()
            .flat_map(move |(i, _)| {
                let st = tt.stop_times_of(TripIdx::new(i));
                let last = st.len() - 1;
                st.iter()
                    .enumerate()
                    .filter(move |(p, c)| *p < last && c.pickup && c.station.idx() == x)
                    .map(|(_, c)| c.dep.0)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<u32>>()
    };
    out.extend(deps_at(s));
    for f in tt.footpaths.iter().filter(|f| f.from.idx() == s) {
        out.extend(deps_at(f.to.idx()).into_iter().filter(|&d| d >= f.secs).map(|d| d - f.secs));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Brute-force reverse search: for each station, for each k, the latest
/// departure reaching some target `(station, egress)` by `deadline` with at
/// most k trips (`None`: none). Forward reference runs are cached in `cache`.
pub fn ref_latest(
    tt: &Timetable,
    targets: &[(usize, u32)],
    deadline: u32,
    k_max: Option<usize>,
    cache: &mut HashMap<(usize, u32), Vec<Vec<u32>>>,
) -> Vec<Vec<Option<u32>>> {
    let n = tt.stations.len();
    let kk = k_max.unwrap_or(tt.trips.len()).min(tt.trips.len());
    let mut out = vec![vec![None; kk + 1]; n];
    for s in 0..n {
        // (departure, true when it needs no trip: waiting at or walking to a target).
        let mut cands: Vec<(u32, bool)> =
            departure_candidates(tt, s).into_iter().map(|c| (c, false)).collect();
        for &(g, e) in targets {
            if g == s && e <= deadline {
                cands.push((deadline - e, true));
            }
            for f in tt.footpaths.iter().filter(|f| f.from.idx() == s && f.to.idx() == g) {
                if e + f.secs <= deadline {
                    cands.push((deadline - e - f.secs, true));
                }
            }
        }
        cands.retain(|&(c, _)| c <= deadline);
        cands.sort_unstable_by(|a, b| b.cmp(a));
        for (c, direct) in cands {
            let ok: Vec<bool> = if direct {
                vec![true; kk + 1]
            } else {
                let arr = cache.entry((s, c)).or_insert_with(|| reference(tt, &[(s, c)], None));
                (0..=kk)
                    .map(|k| {
                        targets.iter().any(|&(g, e)| {
                            let a = arr[g][k.min(arr[g].len() - 1)];
                            a != NEVER && a + e <= deadline
                        })
                    })
                    .collect()
            };
            for k in 0..=kk {
                if out[s][k].is_none() && ok[k] {
                    out[s][k] = Some(c);
                }
            }
            if out[s].iter().all(Option::is_some) {
                break;
            }
        }
    }
    out
}
