//! A synthetic high-frequency network: a metro grid with 2–5 minute
//! headways and a bus layer, sized like a large city's subway (about 800
//! stops and 200,000 stop times), generated deterministically.
//!
//! - **Metro**: 5 east–west and 5 north–south lines across a 24 × 24 grid
//!   of blocks (800 m each), stopping at every corner: 225 stations, the 25
//!   crossings shared. Each line runs both ways from 06:00 to 23:00 every 2
//!   to 5 minutes (fixed per line), 90 s between stations and 20 s dwells;
//!   change time 90 s (120 s at crossings).
//! - **Buses**: 40 routes of 10 to 18 stops meandering through the blocks
//!   between the metro lines (a stop in the middle of each block it passes),
//!   each stop its own (as feeds often have one stop per route and
//!   direction): about 560 stops. Both ways every 12 to 20 minutes from
//!   06:30 to 22:30, 2 minutes a stop; change time 30 s.
//! - **Walks**: between bus stops in the same block (1 minute) and from each
//!   bus stop to the metro stations at its block's corners (4 minutes), both
//!   ways.

use std::collections::HashMap;

use railshed_core::{Footpath, LineIdx, LineInfo, Station, StationIdx, StopTime, Time, Timetable, Trip};

use crate::Rng;

/// Blocks on each side of the grid (metro stations at corners 0..=GRID).
const GRID: i32 = 24;

/// Adds the trips of one direction of a line: `stops` every `headway`
/// seconds from `first` to `last`, `hop` seconds between stops and `dwell`
/// at intermediate ones.
struct Run<'a> {
    line: LineIdx,
    stops: &'a [StationIdx],
    first: u32,
    last: u32,
    headway: u32,
    hop: u32,
    dwell: u32,
}

fn add_trips(tt: &mut Timetable, run: &Run<'_>) {
    let mut t0 = run.first;
    while t0 <= run.last {
        let start = tt.stop_times.len() as u32;
        let mut t = t0;
        for (i, &s) in run.stops.iter().enumerate() {
            let dep = if i == 0 || i + 1 == run.stops.len() { t } else { t + run.dwell };
            tt.stop_times.push(StopTime {
                station: s,
                arr: Time(t),
                dep: Time(dep),
                pickup: true,
                dropoff: true,
            });
            t = dep + run.hop;
        }
        let n = tt.trips.len();
        tt.trips.push(Trip {
            line: run.line,
            id: format!("T{n}"),
            first: start,
            len: run.stops.len() as u32,
        });
        t0 += run.headway;
    }
}

/// The synthetic metro and bus network (see the module docs).
pub fn synthetic_metro() -> Timetable {
    let mut rng = Rng::new(0x4D37_2026);
    let mut tt = Timetable::default();
    let lon = |x: f64| -2.3 + x * 0.012;
    let lat = |y: f64| 53.4 + y * 0.0072;
    let rows: Vec<i32> = (0..5).map(|i| 2 + 5 * i).collect();
    let mut metro_at: HashMap<(i32, i32), StationIdx> = HashMap::new();
    let mut metro_station = |tt: &mut Timetable, x: i32, y: i32| -> StationIdx {
        *metro_at.entry((x, y)).or_insert_with(|| {
            let mut s = Station::new(
                format!("M{x:02}{y:02}"),
                format!("Metro {x},{y}"),
                lon(x.into()),
                lat(y.into()),
            );
            s.min_change = if rows.contains(&x) && rows.contains(&y) { 120 } else { 90 };
            tt.stations.push(s);
            StationIdx::new(tt.stations.len() - 1)
        })
    };
    let mut metro: Vec<Vec<StationIdx>> = Vec::new();
    for &r in &rows {
        metro.push((0..=GRID).map(|x| metro_station(&mut tt, x, r)).collect());
        metro.push((0..=GRID).map(|y| metro_station(&mut tt, r, y)).collect());
    }

    // Bus routes: self-avoiding random walks over blocks (x, y in 0..GRID).
    let mut in_block: HashMap<(i32, i32), Vec<StationIdx>> = HashMap::new();
    let mut buses: Vec<Vec<StationIdx>> = Vec::new();
    while buses.len() < 40 {
        let (mut x, mut y) = (rng.below(GRID as usize) as i32, rng.below(GRID as usize) as i32);
        let len = 10 + rng.below(9);
        let mut path = vec![(x, y)];
        let mut dir = rng.below(4);
        for _ in 0..400 {
            if path.len() >= len {
                break;
            }
            if rng.below(3) == 0 {
                dir = rng.below(4);
            }
            let (dx, dy) = [(1, 0), (-1, 0), (0, 1), (0, -1)][dir];
            let (nx, ny) = (x + dx, y + dy);
            if !(0..GRID).contains(&nx) || !(0..GRID).contains(&ny) || path.contains(&(nx, ny)) {
                dir = rng.below(4);
                continue;
            }
            (x, y) = (nx, ny);
            path.push((x, y));
        }
        if path.len() < 10 {
            continue;
        }
        let route = buses.len();
        let stops: Vec<StationIdx> = path
            .iter()
            .enumerate()
            .map(|(k, &(x, y))| {
                let id = format!("B{route:02}-{k:02}");
                let mut s = Station::new(id.clone(), id, lon(f64::from(x) + 0.5), lat(f64::from(y) + 0.5));
                s.min_change = 30;
                tt.stations.push(s);
                let idx = StationIdx::new(tt.stations.len() - 1);
                in_block.entry((x, y)).or_default().push(idx);
                idx
            })
            .collect();
        buses.push(stops);
    }

    for (i, stops) in metro.iter().enumerate() {
        let headway = [120, 180, 240, 300][i % 4];
        tt.lines.push(LineInfo {
            id: format!("M{i}"),
            name: format!("Metro {i}"),
            operator: String::new(),
            tag: "existing".into(),
        });
        let line = LineIdx(tt.lines.len() as u32 - 1);
        let back: Vec<StationIdx> = stops.iter().rev().copied().collect();
        for s in [stops.as_slice(), back.as_slice()] {
            let first = 6 * 3600 + rng.below(headway as usize) as u32;
            add_trips(&mut tt, &Run { line, stops: s, first, last: 23 * 3600, headway, hop: 90, dwell: 20 });
        }
    }
    for (i, stops) in buses.iter().enumerate() {
        let headway = 60 * (12 + rng.below(9) as u32);
        tt.lines.push(LineInfo {
            id: format!("B{i}"),
            name: format!("Bus {i}"),
            operator: String::new(),
            tag: "existing".into(),
        });
        let line = LineIdx(tt.lines.len() as u32 - 1);
        let back: Vec<StationIdx> = stops.iter().rev().copied().collect();
        for s in [stops.as_slice(), back.as_slice()] {
            let first = 6 * 3600 + 1800 + rng.below(headway as usize) as u32;
            add_trips(
                &mut tt,
                &Run { line, stops: s, first, last: 22 * 3600 + 1800, headway, hop: 120, dwell: 0 },
            );
        }
    }

    // Walks within a block and to its corners.
    let mut blocks: Vec<(&(i32, i32), &Vec<StationIdx>)> = in_block.iter().collect();
    blocks.sort();
    for (&(x, y), stops) in blocks {
        for &a in stops {
            for &b in stops {
                if a != b {
                    tt.footpaths.push(Footpath { from: a, to: b, secs: 60 });
                }
            }
            for corner in [(x, y), (x + 1, y), (x, y + 1), (x + 1, y + 1)] {
                if let Some(&m) = metro_at.get(&corner) {
                    tt.footpaths.push(Footpath { from: a, to: m, secs: 240 });
                    tt.footpaths.push(Footpath { from: m, to: a, secs: 240 });
                }
            }
        }
    }
    tt.footpaths.sort_by_key(|f| (f.from, f.to));
    tt.footpaths.dedup_by_key(|f| (f.from, f.to));
    tt.check().expect("a valid timetable");
    tt
}
