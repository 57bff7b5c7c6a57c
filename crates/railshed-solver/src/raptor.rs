//! The RAPTOR rounds and the reusable per-thread [`Scratch`].
//!
//! Labels are kept **per station, per round**, the rounds of one station
//! contiguous (`labels[station * stride + round]`), each a [`Label`] of three
//! times:
//!
//! - `trip`: earliest arrival by alighting from a trip, with at most `round` trips;
//! - `walk`: earliest arrival on foot (a footpath after a trip, or a source,
//!   or a footpath from a source), with at most `round` trips;
//! - `ready`: earliest time a next trip may leave, `min(trip + min_change, walk)`.
//!
//! Invariant: each field never increases with the round (a journey with `k`
//! trips also has at most `k + 1`). An improvement at round `k` is written
//! to every higher round at once (the loop stops at the first round that is
//! already as good), so there is no copying of rounds, and labels stay valid
//! across the runs of a range query (rRAPTOR), which run from the latest
//! departure to the earliest without resetting.
//!
//! Round `k` scans the routes through stations whose `ready` improved in round
//! `k - 1`, boards using `ready` of round `k - 1`, then relaxes the footpaths
//! of stations whose `trip` improved (footpaths are not chained), then
//! recomputes `ready` and marks the stations for round `k + 1`.

use crate::layout::{DROPOFF, Layout, PICKUP};

/// Not reached.
pub(crate) const NEVER: u32 = u32::MAX;
/// No route position / no trip.
const NONE: u32 = u32::MAX;

/// The labels of one station in one round (see the module docs).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label {
    pub(crate) trip: u32,
    pub(crate) walk: u32,
    pub(crate) ready: u32,
}

impl Label {
    const NEVER: Label = Label { trip: NEVER, walk: NEVER, ready: NEVER };

    /// Earliest arrival by either means.
    #[inline]
    pub(crate) fn arrival(self) -> u32 {
        self.trip.min(self.walk)
    }
}

const DIRTY: u8 = 1;
const IN_RUN: u8 = 2;
const MARKED: u8 = 4;
const TRIP_IMPROVED: u8 = 8;
const IMPROVED: u8 = 16;

/// One improvement found by a range query: at station `station`, a journey
/// departing at `dep` arrives at `arr` with `rounds` trips (forward form).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) station: u32,
    pub(crate) dep: u32,
    pub(crate) arr: u32,
    pub(crate) rounds: u32,
}

/// Reusable buffers for queries: labels, marks, candidate lists and profile
/// buffers. Make one per thread with [`crate::Solver::scratch`]; after the
/// first few queries a query allocates nothing.
///
/// A scratch made for one solver works with another (it resizes itself),
/// but each result borrows the scratch it was computed in.
#[derive(Clone, Debug)]
pub struct Scratch {
    n: usize,
    n_routes: usize,
    /// Rounds stored per station (round 0 included).
    pub(crate) stride: usize,
    pub(crate) labels: Vec<Label>,
    flags: Vec<u8>,
    /// Stations with any label set since the last reset.
    dirty: Vec<u32>,
    /// Stations whose labels changed in the current run.
    run_touched: Vec<u32>,
    /// Arrivals before the current run, `stride` per `run_touched` station.
    snap: Vec<u32>,
    snapshot: bool,
    marked: Vec<u32>,
    trip_improved: Vec<u32>,
    improved: Vec<u32>,
    route_first: Vec<u32>,
    marked_routes: Vec<u32>,
    /// Sources of the last query, (station, time), in forward form.
    pub(crate) sources: Vec<(u32, u32)>,
    /// Round limit of the last query.
    pub(crate) max_rounds: usize,
    /// Improvements found by a range query.
    pub(crate) found: Vec<Found>,
    /// Candidate departure times of a range query.
    pub(crate) departures: Vec<u32>,
    /// Profile buffers (see `profile.rs`).
    pub(crate) prof: crate::profile::ProfileBuf,
    /// Per-minute travel times of one destination (matrix).
    pub(crate) minutes: Vec<u32>,
}

impl Scratch {
    /// Buffers for a layout of `n` stations and `n_routes` routes.
    pub(crate) fn new(n: usize, n_routes: usize) -> Scratch {
        let stride = 8;
        Scratch {
            n,
            n_routes,
            stride,
            labels: vec![Label::NEVER; n * stride],
            flags: vec![0; n],
            dirty: Vec::new(),
            run_touched: Vec::new(),
            snap: Vec::new(),
            snapshot: false,
            marked: Vec::new(),
            trip_improved: Vec::new(),
            improved: Vec::new(),
            route_first: vec![NONE; n_routes],
            marked_routes: Vec::new(),
            sources: Vec::new(),
            max_rounds: 0,
            found: Vec::new(),
            departures: Vec::new(),
            prof: crate::profile::ProfileBuf::default(),
            minutes: Vec::new(),
        }
    }

    /// Makes the buffers fit `layout` and clears every label.
    pub(crate) fn reset(&mut self, layout: &Layout) {
        if self.n != layout.n_stations() || self.n_routes != layout.routes.len() {
            *self = Scratch::new(layout.n_stations(), layout.routes.len());
            return;
        }
        for &s in &self.dirty {
            let base = s as usize * self.stride;
            self.labels[base..base + self.stride].fill(Label::NEVER);
            self.flags[s as usize] = 0;
        }
        self.dirty.clear();
        self.found.clear();
    }

    /// The rounds of station `s`.
    #[inline]
    pub(crate) fn rounds_of(&self, s: usize) -> &[Label] {
        &self.labels[s * self.stride..(s + 1) * self.stride]
    }

    /// The highest round the last query may use.
    #[inline]
    pub(crate) fn top(&self) -> usize {
        self.max_rounds.min(self.stride - 1)
    }

    /// Makes room for at least `rounds` rounds per station. New rounds start
    /// as copies of the last one (a journey with fewer trips qualifies).
    fn ensure_stride(&mut self, rounds: usize) {
        if rounds <= self.stride {
            return;
        }
        let old = self.stride;
        let new = rounds.max(2 * old);
        let widen = |v: &[u32], count: usize| -> Vec<u32> {
            let mut out = Vec::with_capacity(count * new);
            for chunk in v.chunks(old) {
                out.extend_from_slice(chunk);
                out.extend(std::iter::repeat_n(chunk[old - 1], new - old));
            }
            out
        };
        let mut labels = Vec::with_capacity(self.n * new);
        for chunk in self.labels.chunks(old) {
            labels.extend_from_slice(chunk);
            labels.extend(std::iter::repeat_n(chunk[old - 1], new - old));
        }
        self.labels = labels;
        self.snap = widen(&self.snap, self.run_touched.len());
        self.stride = new;
    }

    /// Records that station `s` is about to change in this run.
    #[inline]
    fn touch(&mut self, s: usize) {
        let f = self.flags[s];
        if f & IN_RUN == 0 {
            self.flags[s] = f | IN_RUN | DIRTY;
            self.run_touched.push(s as u32);
            if f & DIRTY == 0 {
                self.dirty.push(s as u32);
            }
            if self.snapshot {
                let base = s * self.stride;
                self.snap.extend(self.labels[base..base + self.stride].iter().map(|l| l.arrival()));
            }
        }
    }

    #[inline]
    fn improve_trip(&mut self, s: usize, k: usize, a: u32) {
        self.touch(s);
        let base = s * self.stride;
        for l in &mut self.labels[base + k..base + self.stride] {
            if l.trip <= a {
                break;
            }
            l.trip = a;
        }
        if self.flags[s] & TRIP_IMPROVED == 0 {
            self.flags[s] |= TRIP_IMPROVED;
            self.trip_improved.push(s as u32);
        }
    }

    #[inline]
    fn improve_walk(&mut self, s: usize, k: usize, a: u32) {
        if a >= self.labels[s * self.stride + k].walk {
            return;
        }
        self.touch(s);
        let base = s * self.stride;
        for l in &mut self.labels[base + k..base + self.stride] {
            if l.walk <= a {
                break;
            }
            l.walk = a;
        }
        if self.flags[s] & IMPROVED == 0 {
            self.flags[s] |= IMPROVED;
            self.improved.push(s as u32);
        }
    }

    /// Recomputes `ready` of the stations improved in round `k` and marks
    /// those whose `ready` improved for round `k + 1`.
    fn settle(&mut self, layout: &Layout, k: usize) {
        let mut lists = [std::mem::take(&mut self.trip_improved), std::mem::take(&mut self.improved)];
        for list in &mut lists {
            for &s in list.iter() {
                let s = s as usize;
                self.flags[s] &= !(TRIP_IMPROVED | IMPROVED);
                let base = s * self.stride;
                let l = self.labels[base + k];
                let r = l.trip.saturating_add(layout.min_change[s]).min(l.walk);
                if r < l.ready {
                    for l in &mut self.labels[base + k..base + self.stride] {
                        if l.ready <= r {
                            break;
                        }
                        l.ready = r;
                    }
                    if self.flags[s] & MARKED == 0 {
                        self.flags[s] |= MARKED;
                        self.marked.push(s as u32);
                    }
                }
            }
            list.clear();
        }
        let [a, b] = lists;
        self.trip_improved = a;
        self.improved = b;
    }

    /// One RAPTOR run from `sources` ((station, time) in the layout's time),
    /// on top of whatever labels the scratch holds (reset first for a plain
    /// query; keep them for the next earlier departure of a range query).
    /// With `snapshot`, remembers each changed station's arrivals from before
    /// the run (for [`Scratch::collect`]).
    pub(crate) fn run(&mut self, layout: &Layout, sources: &[(u32, u32)], max_rounds: usize, snapshot: bool) {
        self.snapshot = snapshot;
        self.max_rounds = max_rounds;
        // Round 0: the sources, and one footpath from each.
        for &(s, t) in sources {
            self.improve_walk(s as usize, 0, t);
        }
        for &(s, t) in sources {
            for (b, w) in layout.footpaths(s as usize) {
                self.improve_walk(b as usize, 0, t.saturating_add(w));
            }
        }
        self.settle(layout, 0);
        let mut k = 1;
        while k <= max_rounds && !self.marked.is_empty() {
            self.ensure_stride(k + 1);
            // Routes through marked stations, from the first marked position.
            for i in 0..self.marked.len() {
                let s = self.marked[i] as usize;
                self.flags[s] &= !MARKED;
                for &(r, p) in layout.routes_at(s) {
                    let first = &mut self.route_first[r as usize];
                    if *first == NONE {
                        self.marked_routes.push(r);
                        *first = p;
                    } else if p < *first {
                        *first = p;
                    }
                }
            }
            self.marked.clear();
            for i in 0..self.marked_routes.len() {
                let r = self.marked_routes[i] as usize;
                let p0 = std::mem::replace(&mut self.route_first[r], NONE);
                self.scan_route(layout, r, p0, k);
            }
            self.marked_routes.clear();
            // One footpath after each improved trip arrival.
            for i in 0..self.trip_improved.len() {
                let s = self.trip_improved[i] as usize;
                let a = self.labels[s * self.stride + k].trip;
                for (b, w) in layout.footpaths(s) {
                    self.improve_walk(b as usize, k, a.saturating_add(w));
                }
            }
            self.settle(layout, k);
            k += 1;
        }
        for &s in &self.marked {
            self.flags[s as usize] &= !MARKED;
        }
        self.marked.clear();
        if !snapshot {
            for &s in &self.run_touched {
                self.flags[s as usize] &= !IN_RUN;
            }
            self.run_touched.clear();
        }
    }

    /// Scans route `r` from position `p0` in round `k`.
    #[inline]
    fn scan_route(&mut self, layout: &Layout, r: usize, p0: u32, k: usize) {
        let route = layout.routes[r];
        let ns = route.n_stops as usize;
        let nt = route.n_trips as usize;
        let stops = &layout.stops[route.stop_start as usize..route.stop_start as usize + ns];
        let flags = &layout.flags[route.stop_start as usize..route.stop_start as usize + ns];
        let times = route.time_start as usize..route.time_start as usize + ns * nt;
        let arr = &layout.arr[times.clone()];
        let dep = &layout.dep[times];
        let stride = self.stride;
        let mut trip = nt; // none
        for i in p0 as usize..ns {
            let s = stops[i] as usize;
            let f = flags[i];
            if trip < nt && f & DROPOFF != 0 {
                let a = arr[trip * ns + i];
                if a < self.labels[s * stride + k].trip {
                    self.improve_trip(s, k, a);
                }
            }
            if f & PICKUP != 0 {
                let ready = self.labels[s * stride + k - 1].ready;
                let col = &dep[i * nt..i * nt + trip];
                if let Some(&last) = col.last()
                    && last >= ready
                {
                    trip = col.partition_point(|&d| d < ready);
                }
            }
        }
    }

    /// After a run with `snapshot` at departure `dep`: records in `found`
    /// every (station, rounds) whose arrival improved on what later
    /// departures achieve and on fewer trips, skipping round 0 (walking
    /// alone is reported separately).
    pub(crate) fn collect(&mut self, dep: u32) {
        let top = self.top();
        for (i, &s) in self.run_touched.iter().enumerate() {
            let s = s as usize;
            self.flags[s] &= !IN_RUN;
            let rounds = &self.labels[s * self.stride..(s + 1) * self.stride];
            let snap = &self.snap[i * self.stride..(i + 1) * self.stride];
            let mut prev = rounds[0].arrival();
            for k in 1..=top {
                let a = rounds[k].arrival();
                if a < prev && a < snap[k] {
                    self.found.push(Found { station: s as u32, dep, arr: a, rounds: k as u32 });
                }
                prev = prev.min(a);
            }
        }
        self.run_touched.clear();
        self.snap.clear();
    }
}
