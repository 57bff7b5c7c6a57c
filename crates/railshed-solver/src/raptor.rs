//! The RAPTOR rounds and the reusable per-thread [`Scratch`].
//!
//! Labels are kept **per round, per station**, struct-of-arrays
//! (`trip[round * n + station]`, and so for `walk` and `ready`): a route scan
//! reads `ready` of the previous round and `trip` of the current one, two
//! dense arrays of `4 n` bytes that stay in the first-level cache. A
//! station's [`Label`] in a round is three times:
//!
//! - `trip`: earliest arrival by alighting from a trip, with at most `round` trips;
//! - `walk`: earliest arrival on foot (a footpath after a trip, or a source,
//!   or a footpath from a source), with at most `round` trips;
//! - `ready`: earliest time a next trip may leave, `min(trip + min_change, walk)`.
//!
//! Invariant between runs: each field never increases with the round (a
//! journey with `k` trips also has at most `k + 1`), for the rounds in use.
//! A run opens a new round by copying the previous one; a round already in
//! use (kept from a later departure of a range query, rRAPTOR) first takes
//! the minimum with the previous round at the stations whose labels in the
//! previous round this run changed (directly or so carried up), and so do
//! the rounds above the last one a run reaches, until a round takes nothing.
//!
//! A range run records its profile entries as it goes: once round `k` is
//! settled its labels are final for the run, so a station whose arrival
//! round `k` lowered is an entry if that arrival beats round `k - 1`'s. (An
//! arrival only carried up from round `k - 1` equals it; one the run left
//! alone was recorded by the later departure that set it.)
//!
//! A travel-profile run ([`Mode::Best`]) keeps one label per station (round
//! 0's arrays): every round reads and writes them, an arrival counts only
//! if it beats the best of any round and any later departure, and rounds
//! are never opened or carried up. Boarding in round `k` still uses only
//! stations marked in round `k - 1`, whose `ready` the scan does not change
//! (`ready` is recomputed after the scan).
//!
//! Round `k` scans the routes through stations whose `ready` improved in round
//! `k - 1` and boards using `ready` of round `k - 1` **at those stations
//! only**: at any other station that value was already tried when it was set
//! (the route was scanned then, and what it gave is in the labels), so
//! switching to an earlier trip there cannot improve anything. By the same
//! argument, at a station whose `ready` improved from `o` (already tried) to
//! `r`, only routes with a departure in `[r, o)` are marked: on the others
//! the earliest trip catchable is the one `o` caught. In a range query this
//! is what keeps a run from rescanning every route through the origin for
//! the one that has a new departure. It then relaxes the footpaths
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
    /// Earliest arrival by either means.
    #[inline]
    pub(crate) fn arrival(self) -> u32 {
        self.trip.min(self.walk)
    }
}

/// Changed (some field) in the current round of a range run.
const CHANGED: u8 = 2;
const MARKED: u8 = 4;
const TRIP_IMPROVED: u8 = 8;
const IMPROVED: u8 = 16;
/// Marked in the previous round: the only stations where boarding can find
/// anything new in this one.
const PREV: u8 = 32;
/// Arrival lowered in the current round of a range run.
const ARRIVAL: u8 = 64;

/// How a run keeps its labels.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Fresh labels per round: a plain query.
    Plain,
    /// Labels per round kept across the runs of a range query, departing at
    /// the given time: entries Pareto-optimal in departure, arrival and
    /// trips.
    Rounds(u32),
    /// One label per station (the best of any round) kept across the runs of
    /// a range query, departing at the given time: entries Pareto-optimal in
    /// departure and arrival only, each with the fewest trips achieving it.
    Best(u32),
}

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
    /// Rounds allocated (round 0 included).
    rounds: usize,
    /// Rounds in use since the last reset (at least round 0).
    used: usize,
    trip: Vec<u32>,
    walk: Vec<u32>,
    ready: Vec<u32>,
    flags: Vec<u8>,
    /// Range run: stations whose labels in the current round changed in
    /// this run (directly or carried up from the round below).
    changed: Vec<u32>,
    /// The same for the round being opened (swapped with `changed`).
    changed_next: Vec<u32>,
    /// Range run: stations whose arrival the current round lowered.
    arrival_lowered: Vec<u32>,
    /// Labels are kept across runs (range queries): carry each run's
    /// changes up the rounds in use and record entries departing at `dep`.
    range: bool,
    /// One label per station, the best of any round (`Mode::Best`): round
    /// `k` reads and writes the labels of round 0.
    best: bool,
    /// Departure time of the current range run (forward form).
    dep: u32,
    /// The round being scanned.
    round: usize,
    /// `Mode::Best`: the round in which each station's arrival last fell.
    arrival_round: Vec<u32>,
    marked: Vec<u32>,
    prev_marked: Vec<u32>,
    trip_improved: Vec<u32>,
    improved: Vec<u32>,
    route_first: Vec<u32>,
    /// Per marked station, its `ready` of the round it was marked in from
    /// before it improved: the value already tried (see [`Scratch::run`]).
    tried: Vec<u32>,
    /// One bit per route marked for the current round.
    route_bits: Vec<u64>,
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
    /// Buffers for one destination's statistics (matrices).
    pub(crate) summary: crate::stats::Buf,
    /// Lanes of a minute query (see `minutes.rs`).
    pub(crate) lanes: crate::minutes::LaneBuf,
}

impl Scratch {
    /// Buffers for a layout of `n` stations and `n_routes` routes.
    pub(crate) fn new(n: usize, n_routes: usize) -> Scratch {
        let rounds = 8;
        Scratch {
            n,
            n_routes,
            rounds,
            used: 1,
            trip: vec![NEVER; n * rounds],
            walk: vec![NEVER; n * rounds],
            ready: vec![NEVER; n * rounds],
            flags: vec![0; n],
            changed: Vec::new(),
            changed_next: Vec::new(),
            arrival_lowered: Vec::new(),
            range: false,
            best: false,
            dep: 0,
            round: 0,
            arrival_round: vec![0; n],
            marked: Vec::new(),
            prev_marked: Vec::new(),
            trip_improved: Vec::new(),
            improved: Vec::new(),
            route_first: vec![NONE; n_routes],
            tried: vec![NEVER; n],
            route_bits: vec![0; n_routes.div_ceil(64)],
            sources: Vec::new(),
            max_rounds: 0,
            found: Vec::new(),
            departures: Vec::new(),
            prof: crate::profile::ProfileBuf::default(),
            summary: crate::stats::Buf::default(),
            lanes: crate::minutes::LaneBuf::default(),
        }
    }

    /// Bytes held by the buffers (labels of every round allocated, marks,
    /// lists and profile buffers), for the documentation of memory use.
    pub fn heap_bytes(&self) -> usize {
        let u32s = self.trip.capacity()
            + self.walk.capacity()
            + self.ready.capacity()
            + self.changed.capacity()
            + self.changed_next.capacity()
            + self.arrival_lowered.capacity()
            + self.arrival_round.capacity()
            + self.marked.capacity()
            + self.prev_marked.capacity()
            + self.trip_improved.capacity()
            + self.improved.capacity()
            + self.route_first.capacity()
            + self.tried.capacity()
            + self.departures.capacity()
            + self.prof.offsets.capacity()
            + self.prof.suffix.capacity()
            + self.prof.walk.capacity();
        u32s * 4
            + self.flags.capacity()
            + self.route_bits.capacity() * 8
            + self.sources.capacity() * 8
            + self.found.capacity() * std::mem::size_of::<Found>()
            + self.prof.entries.capacity() * std::mem::size_of::<crate::profile::Entry>()
            + self.summary.heap_bytes()
            + self.lanes.heap_bytes()
    }

    /// Makes the buffers fit `layout` and clears every label.
    pub(crate) fn reset(&mut self, layout: &Layout) {
        if self.n != layout.n_stations() || self.n_routes != layout.routes.len() {
            *self = Scratch::new(layout.n_stations(), layout.routes.len());
            return;
        }
        // Round 0 only: a round above is a copy of the one below when opened.
        self.trip[..self.n].fill(NEVER);
        self.walk[..self.n].fill(NEVER);
        self.ready[..self.n].fill(NEVER);
        self.used = 1;
        self.found.clear();
    }

    /// The label of station `s` in round `k` (rounds past those in use
    /// equal the last in use).
    #[inline]
    pub(crate) fn label(&self, k: usize, s: usize) -> Label {
        let i = k.min(self.used - 1) * self.n + s;
        Label { trip: self.trip[i], walk: self.walk[i], ready: self.ready[i] }
    }

    /// The highest round the last query may use.
    #[inline]
    pub(crate) fn top(&self) -> usize {
        self.max_rounds.min(self.used - 1)
    }

    /// Makes round `k` ready for scanning (see the module docs).
    fn open_round(&mut self, k: usize) {
        let n = self.n;
        if k < self.used {
            // Only a range run reuses rounds; only stations whose round
            // `k - 1` this run changed can break the invariant.
            let prev_list = std::mem::take(&mut self.changed);
            let mut next = std::mem::take(&mut self.changed_next);
            next.clear();
            for &s in &prev_list {
                self.flags[s as usize] &= !CHANGED;
            }
            for &s in &prev_list {
                let s = s as usize;
                let (prev, cur) = ((k - 1) * n + s, k * n + s);
                let (t, w, r) = (self.trip[prev], self.walk[prev], self.ready[prev]);
                let mut moved = false;
                if t < self.trip[cur] {
                    self.trip[cur] = t;
                    moved = true;
                }
                if w < self.walk[cur] {
                    self.walk[cur] = w;
                    moved = true;
                }
                if r < self.ready[cur] {
                    self.ready[cur] = r;
                    moved = true;
                }
                if moved {
                    self.flags[s] |= CHANGED;
                    next.push(s as u32);
                }
            }
            self.changed = next;
            self.changed_next = prev_list;
            return;
        }
        if k >= self.rounds {
            let new = (k + 1).max(2 * self.rounds);
            self.trip.resize(new * n, NEVER);
            self.walk.resize(new * n, NEVER);
            self.ready.resize(new * n, NEVER);
            self.rounds = new;
        }
        self.trip.copy_within((k - 1) * n..k * n, k * n);
        self.walk.copy_within((k - 1) * n..k * n, k * n);
        self.ready.copy_within((k - 1) * n..k * n, k * n);
        self.used = k + 1;
    }

    /// Records that station `s` changes in the current round, and whether
    /// its arrival falls (range queries only: a plain query starts from
    /// fresh labels and records nothing).
    #[inline]
    fn note_change(&mut self, s: usize, arrival_lowered: bool) {
        let f = self.flags[s];
        if self.best {
            if arrival_lowered {
                if f & ARRIVAL == 0 {
                    self.flags[s] |= ARRIVAL;
                    self.arrival_lowered.push(s as u32);
                }
                self.arrival_round[s] = self.round as u32;
            }
            return;
        }
        if f & CHANGED == 0 {
            self.flags[s] |= CHANGED;
            self.changed.push(s as u32);
        }
        if arrival_lowered && f & ARRIVAL == 0 {
            self.flags[s] |= ARRIVAL;
            self.arrival_lowered.push(s as u32);
        }
    }

    /// The round whose labels round `k` uses: `k`, or 0 with one label per
    /// station.
    #[inline]
    fn slot(&self, k: usize) -> usize {
        if self.best { 0 } else { k }
    }

    /// Lowers the trip arrival at `s` in label round `k` (a [`Scratch::slot`]).
    #[inline]
    fn improve_trip(&mut self, s: usize, k: usize, a: u32) {
        if self.range {
            self.note_change(s, a < self.walk[k * self.n + s]);
        }
        self.trip[k * self.n + s] = a;
        if self.flags[s] & TRIP_IMPROVED == 0 {
            self.flags[s] |= TRIP_IMPROVED;
            self.trip_improved.push(s as u32);
        }
    }

    #[inline]
    fn improve_walk(&mut self, s: usize, k: usize, a: u32) {
        if a >= self.walk[k * self.n + s] {
            return;
        }
        if self.range {
            self.note_change(s, a < self.trip[k * self.n + s]);
        }
        self.walk[k * self.n + s] = a;
        if self.flags[s] & IMPROVED == 0 {
            self.flags[s] |= IMPROVED;
            self.improved.push(s as u32);
        }
    }

    /// Recomputes `ready` of the stations improved in round `k` and marks
    /// those whose `ready` improved for round `k + 1`.
    fn settle(&mut self, layout: &Layout, k: usize) {
        let kl = self.slot(k);
        let mut lists = [std::mem::take(&mut self.trip_improved), std::mem::take(&mut self.improved)];
        for list in &mut lists {
            for &s in list.iter() {
                let s = s as usize;
                self.flags[s] &= !(TRIP_IMPROVED | IMPROVED);
                let i = kl * self.n + s;
                let r = self.trip[i].saturating_add(layout.min_change[s]).min(self.walk[i]);
                if r < self.ready[i] {
                    if self.flags[s] & MARKED == 0 {
                        self.flags[s] |= MARKED;
                        self.marked.push(s as u32);
                        self.tried[s] = self.ready[i];
                    }
                    self.ready[i] = r;
                }
            }
            list.clear();
        }
        let [a, b] = lists;
        self.trip_improved = a;
        self.improved = b;
        if !self.range || self.best {
            return;
        }
        // Round `k` is final for this run: record its entries.
        for i in 0..self.arrival_lowered.len() {
            let s = self.arrival_lowered[i] as usize;
            self.flags[s] &= !ARRIVAL;
            if k == 0 {
                continue; // walking alone is reported apart
            }
            let (cur, prev) = (k * self.n + s, (k - 1) * self.n + s);
            let arr = self.trip[cur].min(self.walk[cur]);
            if arr < self.trip[prev].min(self.walk[prev]) {
                self.found.push(Found { station: s as u32, dep: self.dep, arr, rounds: k as u32 });
            }
        }
        self.arrival_lowered.clear();
    }

    /// One RAPTOR run from `sources` ((station, time) in the layout's time),
    /// on top of whatever labels the scratch holds (reset first for a plain
    /// query; keep them for the next earlier departure of a range query).
    /// In a range mode, records in `found` the profile entries of journeys
    /// departing at the mode's time (see the module docs and [`Mode`]); a
    /// plain run needs fresh labels.
    pub(crate) fn run(&mut self, layout: &Layout, sources: &[(u32, u32)], max_rounds: usize, mode: Mode) {
        (self.range, self.best, self.dep) = match mode {
            Mode::Plain => (false, false, 0),
            Mode::Rounds(dep) => (true, false, dep),
            Mode::Best(dep) => (true, true, dep),
        };
        self.max_rounds = max_rounds;
        self.round = 0;
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
            self.round = k;
            if !self.best {
                self.open_round(k);
            }
            let (kl, kp) = (self.slot(k), self.slot(k - 1));
            // Routes through marked stations, from the first marked position.
            std::mem::swap(&mut self.marked, &mut self.prev_marked);
            for i in 0..self.prev_marked.len() {
                let s = self.prev_marked[i] as usize;
                self.flags[s] = (self.flags[s] & !MARKED) | PREV;
                // Only routes some trip of which can still be boarded here,
                // and, where an earlier `ready` was already tried here (the
                // labels hold what boarding with it gives), only routes with
                // a departure between the two: otherwise the same trip.
                let ready = self.ready[kp * self.n + s];
                let tried = self.tried[s];
                for sr in layout.boardable_at(s) {
                    if ready >= sr.board_before {
                        break; // and so for the rest (latest first)
                    }
                    if tried != NEVER && !layout.departs_in(sr, ready, tried) {
                        continue;
                    }
                    let r = sr.route as usize;
                    self.route_first[r] = self.route_first[r].min(sr.pos);
                    self.route_bits[r / 64] |= 1 << (r % 64);
                }
            }
            // Routes in index order: the layout arrays are read front to back.
            for w in 0..self.route_bits.len() {
                let mut bits = std::mem::take(&mut self.route_bits[w]);
                while bits != 0 {
                    let r = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let p0 = std::mem::replace(&mut self.route_first[r], NONE);
                    if self.range {
                        self.scan_route(layout, r, p0, kl, kp);
                    } else {
                        self.scan_route_fresh(layout, r, p0, k);
                    }
                }
            }
            for &s in &self.prev_marked {
                self.flags[s as usize] &= !PREV;
            }
            self.prev_marked.clear();
            // One footpath after each improved trip arrival.
            for i in 0..self.trip_improved.len() {
                let s = self.trip_improved[i] as usize;
                let a = self.trip[kl * self.n + s];
                for (b, w) in layout.footpaths(s) {
                    self.improve_walk(b as usize, kl, a.saturating_add(w));
                }
            }
            self.settle(layout, k);
            k += 1;
        }
        for &s in &self.marked {
            self.flags[s as usize] &= !MARKED;
        }
        self.marked.clear();
        if self.best {
            // The entries of this run: each station's arrival is final.
            for i in 0..self.arrival_lowered.len() {
                let s = self.arrival_lowered[i] as usize;
                self.flags[s] &= !ARRIVAL;
                let rounds = self.arrival_round[s];
                if rounds > 0 {
                    let arr = self.trip[s].min(self.walk[s]);
                    self.found.push(Found { station: s as u32, dep: self.dep, arr, rounds });
                }
            }
            self.arrival_lowered.clear();
            return;
        }
        // Rounds in use above the last reached take this run's improvements.
        for j in k..self.used {
            if self.changed.is_empty() {
                break;
            }
            self.open_round(j);
        }
        for &s in &self.changed {
            self.flags[s as usize] &= !CHANGED;
        }
        self.changed.clear();
    }

    /// [`Scratch::scan_route`] for fresh labels (no run tracking), with the
    /// two rounds it uses borrowed once.
    #[inline]
    fn scan_route_fresh(&mut self, layout: &Layout, r: usize, p0: u32, k: usize) {
        let route = layout.routes[r];
        let ns = route.n_stops as usize;
        let nt = route.n_trips as usize;
        let stops = &layout.stops[route.stop_start as usize..route.stop_start as usize + ns];
        let flags = &layout.flags[route.stop_start as usize..route.stop_start as usize + ns];
        let times = route.time_start as usize..route.time_start as usize + ns * nt;
        let arr = &layout.arr[times.clone()];
        let dep = &layout.dep[times];
        let n = self.n;
        let trip_k = &mut self.trip[k * n..(k + 1) * n];
        let ready_prev = &self.ready[(k - 1) * n..k * n];
        let marks = &mut self.flags;
        let improved = &mut self.trip_improved;
        let mut trip = nt; // none
        let mut arr_trip: &[u32] = &[];
        for i in p0 as usize..ns {
            let s = stops[i] as usize;
            let f = flags[i];
            if f & DROPOFF != 0
                && let Some(&a) = arr_trip.get(i)
                && a < trip_k[s]
            {
                trip_k[s] = a;
                if marks[s] & TRIP_IMPROVED == 0 {
                    marks[s] |= TRIP_IMPROVED;
                    improved.push(s as u32);
                }
            }
            // Board an earlier trip if the one before the current leaves late enough.
            if trip > 0 && f & PICKUP != 0 && marks[s] & PREV != 0 {
                let ready = ready_prev[s];
                let base = i * nt;
                if dep[base + trip - 1] >= ready {
                    trip = dep[base..base + trip - 1].partition_point(|&d| d < ready);
                    arr_trip = &arr[trip * ns..(trip + 1) * ns];
                }
            }
        }
    }

    /// Scans route `r` from position `p0` into label round `k`, boarding
    /// with the `ready` times of label round `kp` (the rounds' slots).
    #[inline]
    fn scan_route(&mut self, layout: &Layout, r: usize, p0: u32, k: usize, kp: usize) {
        let route = layout.routes[r];
        let ns = route.n_stops as usize;
        let nt = route.n_trips as usize;
        let stops = &layout.stops[route.stop_start as usize..route.stop_start as usize + ns];
        let flags = &layout.flags[route.stop_start as usize..route.stop_start as usize + ns];
        let times = route.time_start as usize..route.time_start as usize + ns * nt;
        let arr = &layout.arr[times.clone()];
        let dep = &layout.dep[times];
        let n = self.n;
        let mut trip = nt; // none
        for i in p0 as usize..ns {
            let s = stops[i] as usize;
            let f = flags[i];
            if trip < nt && f & DROPOFF != 0 {
                let a = arr[trip * ns + i];
                if a < self.trip[k * n + s] {
                    self.improve_trip(s, k, a);
                }
            }
            if f & PICKUP != 0 && self.flags[s] & PREV != 0 {
                let ready = self.ready[kp * n + s];
                let col = &dep[i * nt..i * nt + trip];
                if let Some(&last) = col.last()
                    && last >= ready
                {
                    trip = col.partition_point(|&d| d < ready);
                }
            }
        }
    }
}
