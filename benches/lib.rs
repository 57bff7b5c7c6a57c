//! Shared fixtures for the criterion benchmarks in `benches/`.
//!
//! Run them with `cargo bench -p railshed-benches`.
//!
//! [`synthetic_gb_day`] makes a timetable the size of a day of the real GB
//! railway (about 1,900 stations, 5,700 trips and 67,000 stop times), until
//! the CIF import can give the real one: stations scattered over Great
//! Britain's bounding box, track joining each to its nearest neighbours,
//! stopping lines snaking through every station and trunk lines along
//! shortest paths (2 to 30 calls, about 12 on average), a third of the long
//! ones with semi-fast variants that skip stops, running both ways through a
//! 16-hour day at headways chosen so the day has about 5,700 trips. It is
//! deterministic. [`cif_gb_day`] is the real day, from the shared data.

mod metro;
mod scaled;

use std::path::{Path, PathBuf};

pub use metro::synthetic_metro;
pub use scaled::scaled;

use railshed_core::{Footpath, LineIdx, LineInfo, Station, StationIdx, StopTime, Time, Timetable, Trip};

/// A file of the shared data beside the repository (`../shared/data`).
pub fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data").join(path)
}

/// The real GB rail day: the RDG CIF sample for Saturday 21 March 2020
/// (about 2,600 stations, 5,700 trips, 67,000 stop times), when the shared
/// data is there.
pub fn cif_gb_day() -> Option<Timetable> {
    let path = shared("timetable/rdg_cif_ttisf585_sample.zip");
    if !path.exists() {
        return None;
    }
    let date = railshed_io::Date::parse_iso("2020-03-21")?;
    let imported =
        railshed_io::timetable::import(&path, &railshed_io::timetable::ImportSettings::new(date)).ok()?;
    Some(imported.network.compile())
}

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Stations of the synthetic timetable.
pub const SYNTHETIC_STATIONS: usize = 1_900;

/// A timetable the size of a GB rail day (see the crate docs).
pub fn synthetic_gb_day() -> Timetable {
    let mut rng = Rng::new(0x5EED_2024);
    let n = SYNTHETIC_STATIONS;
    let mut tt = Timetable::default();
    let mut pos = Vec::with_capacity(n);
    for i in 0..n {
        let (lon, lat) = (-5.5 + 7.2 * rng.unit(), 50.2 + 8.3 * rng.unit());
        let mut s = Station::new(format!("S{i:04}"), format!("Synthetic {i}"), lon, lat);
        s.min_change = if i % 20 == 0 { 600 } else { 300 };
        tt.stations.push(s);
        pos.push((lon * 0.6, lat)); // roughly isotropic at British latitudes
    }
    let dist = |a: usize, b: usize| ((pos[a].0 - pos[b].0).powi(2) + (pos[a].1 - pos[b].1).powi(2)).sqrt();

    // Track: each station to its 3 nearest, then components joined.
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        let mut near: Vec<(f64, usize)> = (0..n).filter(|&b| b != a).map(|b| (dist(a, b), b)).collect();
        near.select_nth_unstable_by(3, |x, y| x.0.total_cmp(&y.0));
        for &(_, b) in &near[..3] {
            if !adj[a].contains(&b) {
                adj[a].push(b);
                adj[b].push(a);
            }
        }
    }
    loop {
        let comp = components(&adj);
        let Some(other) = comp.iter().position(|&c| c != comp[0]) else { break };
        let (_, a, b) = (0..n)
            .filter(|&a| comp[a] == comp[other])
            .flat_map(|a| (0..n).filter(|&b| comp[b] == comp[0]).map(move |b| (a, b)))
            .map(|(a, b)| (dist(a, b), a, b))
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .expect("two components");
        adj[a].push(b);
        adj[b].push(a);
    }

    // Lines: first snakes through stations no line serves yet (so every
    // station is served), then trunk lines along shortest paths.
    let mut served = vec![false; n];
    let mut line_paths: Vec<Vec<usize>> = Vec::new();
    while let Some(first) = served.iter().position(|s| !s) {
        // Prefer an unserved station next to a served one, so lines connect.
        let start = (0..n).find(|&a| !served[a] && adj[a].iter().any(|&b| served[b])).unwrap_or(first);
        let want = 4 + rng.below(11) + rng.below(9); // 4..=22
        // Attach to the served network where possible.
        let mut path: Vec<usize> = adj[start].iter().copied().filter(|&b| served[b]).take(1).collect();
        path.push(start);
        served[start] = true;
        while path.len() < want {
            let a = path[path.len() - 1];
            let next = adj[a]
                .iter()
                .copied()
                .filter(|b| !path.contains(b))
                .min_by_key(|&b| (served[b], (dist(a, b) * 1e6) as u64));
            let Some(b) = next else { break };
            served[b] = true;
            path.push(b);
        }
        let a = path[path.len() - 1];
        if let Some(b) = adj[a].iter().copied().find(|&b| served[b] && !path.contains(&b)) {
            path.push(b);
        }
        if path.len() >= 2 {
            line_paths.push(path);
        } else {
            // An isolated leftover: join it to its nearest neighbour's line.
            line_paths.push(vec![start, adj[start][0]]);
        }
    }
    let snakes = line_paths.len();
    while line_paths.len() < snakes + snakes / 5 {
        let want = 10 + rng.below(21); // 10..=30
        let path = bfs_path(&adj, rng.below(n), want, &mut rng);
        if path.len() >= 2 {
            line_paths.push(path);
        }
    }

    // Headways so the day has about 5,700 trips over a 16-hour span.
    let base_headway = 960.0 * 2.0 * line_paths.len() as f64 / 5_700.0 * 1.1;
    // Services: both ways, through the day, with semi-fast variants.
    for (l, path) in line_paths.iter().enumerate() {
        let headway = ([0.5, 1.0, 1.0, 1.0, 2.0][rng.below(5)] * base_headway).round().max(10.0) as u32 * 60;
        let first = 5 * 3600 + 30 * 60 + rng.below(60) as u32 * 60;
        let last = first + 16 * 3600;
        let hops: Vec<u32> =
            path.windows(2).map(|w| 120 + (dist(w[0], w[1]) * 3000.0) as u32 / 60 * 60).collect();
        let semi_fast = path.len() >= 8 && rng.below(3) == 0;
        tt.lines.push(LineInfo {
            id: format!("L{l}"),
            name: format!("Synthetic line {l}"),
            operator: "Synthetic".into(),
            tag: "existing".into(),
        });
        for inbound in [false, true] {
            let offset = rng.below(headway as usize / 60) as u32 * 60;
            let mut dep = first + offset;
            let mut k = 0;
            while dep < last {
                // Every other train of a semi-fast line skips every other intermediate stop.
                let skip = semi_fast && k % 2 == 1;
                let mut order: Vec<usize> = (0..path.len()).collect();
                if inbound {
                    order.reverse();
                }
                let firsts = tt.stop_times.len() as u32;
                let mut t = dep;
                for (j, &p) in order.iter().enumerate() {
                    if j > 0 {
                        let h = hops[p.min(order[j - 1])];
                        t += if skip { h * 4 / 5 } else { h };
                    }
                    let terminal = j == 0 || j + 1 == order.len();
                    if skip && !terminal && j % 2 == 1 {
                        continue;
                    }
                    let dwell = if terminal { 0 } else { 60 };
                    tt.stop_times.push(StopTime {
                        station: StationIdx::new(path[p]),
                        arr: Time(t),
                        dep: Time(t + dwell),
                        pickup: true,
                        dropoff: true,
                    });
                    t += dwell;
                }
                let len = tt.stop_times.len() as u32 - firsts;
                tt.trips.push(Trip {
                    line: LineIdx::new(l),
                    id: format!("L{l}/{}{k}", if inbound { 'i' } else { 'o' }),
                    first: firsts,
                    len,
                });
                dep += headway;
                k += 1;
            }
        }
    }

    // Footpaths between close stations.
    for (a, near) in adj.iter().enumerate() {
        for &b in near {
            let d = dist(a, b);
            if d < 0.02 {
                tt.footpaths.push(Footpath {
                    from: StationIdx::new(a),
                    to: StationIdx::new(b),
                    secs: 300 + (d * 30_000.0) as u32,
                });
            }
        }
    }
    tt.footpaths.sort_by_key(|f| (f.from, f.to));
    tt.footpaths.dedup_by_key(|f| (f.from, f.to));
    debug_assert!(tt.check().is_ok());
    tt
}

fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    let mut comp = vec![usize::MAX; adj.len()];
    for s in 0..adj.len() {
        if comp[s] != usize::MAX {
            continue;
        }
        let mut stack = vec![s];
        comp[s] = s;
        while let Some(a) = stack.pop() {
            for &b in &adj[a] {
                if comp[b] == usize::MAX {
                    comp[b] = s;
                    stack.push(b);
                }
            }
        }
    }
    comp
}

/// A shortest path from `start` to a station about `want - 1` hops away.
fn bfs_path(adj: &[Vec<usize>], start: usize, want: usize, rng: &mut Rng) -> Vec<usize> {
    let mut parent = vec![usize::MAX; adj.len()];
    let mut depth = vec![usize::MAX; adj.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    depth[start] = 0;
    let mut ring = Vec::new();
    while let Some(a) = queue.pop_front() {
        if depth[a] + 1 == want {
            ring.push(a);
        }
        for &b in &adj[a] {
            if depth[b] == usize::MAX {
                depth[b] = depth[a] + 1;
                parent[b] = a;
                queue.push_back(b);
            }
        }
    }
    let end = if ring.is_empty() {
        (0..adj.len()).filter(|&s| depth[s] != usize::MAX).max_by_key(|&s| depth[s]).unwrap_or(start)
    } else {
        ring[rng.below(ring.len())]
    };
    let mut path = vec![end];
    while path[path.len() - 1] != start {
        path.push(parent[path[path.len() - 1]]);
    }
    path.reverse();
    path
}

/// `count` origins spread evenly over the stations.
pub fn spread_origins(n_stations: usize, count: usize) -> Vec<StationIdx> {
    (0..count).map(|i| StationIdx::new(i * n_stations / count)).collect()
}
