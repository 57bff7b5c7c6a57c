//! The transitive closure of a timetable's footpaths.
//!
//! The solver takes at most one footpath after each trip (see the crate
//! documentation), as standard RAPTOR does; engines that walk any chain of
//! transfers answer the same question on the closed set, in which every
//! station reachable on foot is one footpath away, at the shortest walk.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use railshed_core::{Footpath, StationIdx};

/// The closed set would hold more footpaths than the limit given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("closing the footpaths gives more than {limit} walks (station {station} alone reaches {reached})")]
pub struct TooManyFootpaths {
    /// The limit given.
    pub limit: usize,
    /// The station whose walks passed it.
    pub station: u32,
    /// How many stations it reaches on foot.
    pub reached: usize,
}

/// Every pair of distinct stations joined by a chain of `footpaths`, with
/// the shortest chain's seconds, sorted by (from, to): the footpaths of
/// `n` stations closed transitively (Dijkstra from each station that has
/// one). At most `limit` footpaths are made.
pub fn close_footpaths(
    n: usize,
    footpaths: &[Footpath],
    limit: usize,
) -> Result<Vec<Footpath>, TooManyFootpaths> {
    let mut start = vec![0usize; n + 1];
    for f in footpaths {
        start[f.from.idx() + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut to = vec![(0u32, 0u32); footpaths.len()];
    for f in footpaths {
        to[fill[f.from.idx()]] = (f.to.0, f.secs);
        fill[f.from.idx()] += 1;
    }
    let mut dist = vec![u32::MAX; n];
    let mut seen: Vec<u32> = Vec::new();
    let mut heap = BinaryHeap::new();
    let mut out = Vec::new();
    for s in 0..n {
        if start[s] == start[s + 1] {
            continue;
        }
        dist[s] = 0;
        seen.push(s as u32);
        heap.push(Reverse((0u32, s as u32)));
        while let Some(Reverse((d, a))) = heap.pop() {
            if d > dist[a as usize] {
                continue;
            }
            for &(b, secs) in &to[start[a as usize]..start[a as usize + 1]] {
                let nd = d.saturating_add(secs);
                if nd < dist[b as usize] {
                    if dist[b as usize] == u32::MAX {
                        seen.push(b);
                    }
                    dist[b as usize] = nd;
                    heap.push(Reverse((nd, b)));
                }
            }
        }
        seen.sort_unstable();
        let reached = seen.len() - 1;
        if out.len() + reached > limit {
            return Err(TooManyFootpaths { limit, station: s as u32, reached });
        }
        for &b in &seen {
            if b as usize != s {
                out.push(Footpath { from: StationIdx::new(s), to: StationIdx(b), secs: dist[b as usize] });
            }
            dist[b as usize] = u32::MAX;
        }
        seen.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Closes "a-b secs" walks over `n` stations and prints them the same way.
    fn check(n: usize, walks: &str, limit: usize, expect: &str) {
        let footpaths: Vec<Footpath> = walks
            .split(',')
            .filter(|w| !w.trim().is_empty())
            .map(|w| {
                let (pair, secs) = w.trim().split_once(' ').unwrap();
                let (a, b) = pair.split_once('-').unwrap();
                Footpath {
                    from: StationIdx(a.parse().unwrap()),
                    to: StationIdx(b.parse().unwrap()),
                    secs: secs.parse().unwrap(),
                }
            })
            .collect();
        let got = match close_footpaths(n, &footpaths, limit) {
            Ok(list) => list
                .iter()
                .map(|f| format!("{}-{} {}", f.from.0, f.to.0, f.secs))
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn chains_become_single_walks_at_the_shortest_time() {
        check(4, "0-1 60, 1-2 60, 0-2 200, 2-3 30", 100, "0-1 60, 0-2 120, 0-3 150, 1-2 60, 1-3 90, 2-3 30");
    }

    #[test]
    fn walks_back_to_the_start_are_not_kept() {
        check(2, "0-1 60, 1-0 60", 100, "0-1 60, 1-0 60");
    }

    #[test]
    fn no_walks_close_to_none() {
        check(3, "", 100, "");
    }

    #[test]
    fn the_limit_is_kept() {
        check(
            4,
            "0-1 60, 1-2 60, 2-3 60",
            4,
            "closing the footpaths gives more than 4 walks (station 1 alone reaches 2)",
        );
    }
}
