//! Departure windows: range RAPTOR (rRAPTOR) and the profiles it yields.
//!
//! A range query over the window `[start, end]` runs RAPTOR once at `end`
//! (journeys leaving at or after the end of the window, so the minutes just
//! before it see them) and then once at every distinct time in
//! `[start, end)` at which a journey can leave the origins (a trip's
//! departure from an origin, or from a station one footpath away minus the
//! walk), latest first, **without resetting the labels**: a journey found
//! for a later departure is still available to an earlier one, so each run
//! only explores what is new. After each round of a run, every station
//! whose arrival with that many trips improved, and beats fewer trips,
//! becomes a profile entry: the Pareto set of (departure, arrival, trips).
//!
//! Travel profiles ([`crate::Solver::travel_profiles`]) keep one label per
//! station (the best of any round, per field: trip arrival, walk arrival,
//! ready time) instead of one per round, so a run only goes on from what
//! beats every later departure with any number of trips, and nothing is
//! carried up the rounds. After each run, every station whose arrival fell
//! (by a trip) becomes an entry, with the round it fell in: the Pareto set
//! of (departure, arrival), each with the fewest trips achieving it. A
//! journey that beat no later departure is beaten by one leaving later
//! and arriving no later, so travel times at every instant, and the
//! fastest journey with its trips, are those of the full profiles.
//!
//! Reverse profiles are forward profiles on the mirrored layout (see
//! [`crate::layout`]); [`Profile`] converts back.

use railshed_core::{StationIdx, Time};

use crate::layout::{Layout, MIRROR, StopRoute};
use crate::raptor::{Found, Mode, NEVER, Scratch};
use crate::stats::{self, Stat};
use crate::{SolveError, Window};

/// One Pareto-optimal journey of a profile: leave at `departure`, arrive at
/// `arrival`, boarding `boardings` trips. No other entry of the same
/// profile leaves at the same time or later, arrives at the same time or
/// earlier and boards no more trips.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProfileEntry {
    /// When the journey leaves the origin (forward profiles: the time the
    /// traveller must be at the origin station, plus its access time).
    pub departure: Time,
    /// When it reaches the destination.
    pub arrival: Time,
    /// Trips boarded (at least one; journeys on foot alone are [`Profile::walk_secs`]).
    pub boardings: u32,
}

/// An entry in forward form (mirrored times for reverse profiles).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) dep: u32,
    pub(crate) arr: u32,
    pub(crate) rounds: u32,
}

/// Profiles of every station, in forward form, held in a [`Scratch`].
#[derive(Clone, Debug, Default)]
pub(crate) struct ProfileBuf {
    /// CSR offsets, one per station plus one.
    pub(crate) offsets: Vec<u32>,
    /// Entries of each station by departure, earliest first.
    pub(crate) entries: Vec<Entry>,
    /// `suffix[i]`: earliest arrival among the station's entries from `i` on.
    pub(crate) suffix: Vec<u32>,
    /// Seconds to reach each station on foot alone (0 at an origin), or [`NEVER`].
    pub(crate) walk: Vec<u32>,
    /// The window in forward form.
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// Which profile entries a range query keeps.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Pareto-optimal in departure, arrival and trips (labels per round).
    Rounds,
    /// Pareto-optimal in departure and arrival, each with the fewest trips
    /// achieving it (one label per station): the same travel time at every
    /// instant, the same fastest journey, much less work.
    Fastest,
}

/// Runs a range query on `layout` from `origins` ((station, access
/// seconds), forward form) over `[start, end]` (forward form) into
/// `scratch.prof`.
pub(crate) fn range(
    layout: &Layout,
    scratch: &mut Scratch,
    origins: &[(u32, u32)],
    (start, end): (u32, u32),
    max_rounds: usize,
    keep: Keep,
) {
    scratch.reset(layout);
    let n = layout.n_stations();
    let prof = &mut scratch.prof;
    prof.start = start;
    prof.end = end;
    prof.walk.clear();
    prof.walk.resize(n, NEVER);
    for &(s, off) in origins {
        let w = &mut prof.walk[s as usize];
        *w = (*w).min(off);
        for (b, secs) in layout.footpaths(s as usize) {
            let w = &mut prof.walk[b as usize];
            *w = (*w).min(off.saturating_add(secs));
        }
    }

    // Every time in [start, end) a journey can leave: latest first, once each.
    let deps = &mut scratch.departures;
    deps.clear();
    for &(s, off) in origins {
        push_departures(layout, s as usize, off, start, end, deps);
        for (b, secs) in layout.footpaths(s as usize) {
            push_departures(layout, b as usize, off.saturating_add(secs), start, end, deps);
        }
    }
    deps.sort_unstable_by(|a, b| b.cmp(a));
    deps.dedup();

    // One label per station is only sound without a trip limit: under one,
    // a later departure's label reached with more trips can hide an earlier
    // departure's label with fewer, from which the limit still allows a trip
    // more. Travel profiles with a limit are full profiles, thinned.
    let per_round = keep == Keep::Rounds || max_rounds != usize::MAX;
    let mut sources = std::mem::take(&mut scratch.sources);
    let departures = std::mem::take(&mut scratch.departures);
    for t in std::iter::once(end).chain(departures.iter().copied()) {
        sources.clear();
        sources.extend(origins.iter().map(|&(s, off)| (s, t.saturating_add(off))));
        let mode = if per_round { Mode::Rounds(t) } else { Mode::Best(t) };
        scratch.run(layout, &sources, max_rounds, mode);
    }
    scratch.sources = sources;
    scratch.departures = departures;
    if per_round && keep == Keep::Fastest {
        fastest_only(&mut scratch.found);
    }
    group(&scratch.found, n, &mut scratch.prof);
}

/// Keeps, of full-profile improvements (latest departure first), those
/// Pareto-optimal in departure and arrival alone, each with the fewest
/// trips achieving it: what travel profiles keep.
fn fastest_only(found: &mut Vec<Found>) {
    // By station, latest departure first, then earliest arrival, then fewest trips.
    found.sort_unstable_by(|a, b| {
        (a.station, b.dep, a.arr, a.rounds).cmp(&(b.station, a.dep, b.arr, b.rounds))
    });
    let mut best = (u32::MAX, NEVER);
    found.retain(|f| {
        if best.0 != f.station {
            best = (f.station, NEVER);
        }
        let keep = f.arr < best.1;
        best.1 = best.1.min(f.arr);
        keep
    });
}

/// Pushes `d - delta` for each departure `d` at `station` with
/// `d - delta` in `[start, end)`.
fn push_departures(layout: &Layout, station: usize, delta: u32, start: u32, end: u32, out: &mut Vec<u32>) {
    let (Some(lo), Some(hi)) = (start.checked_add(delta), end.checked_add(delta)) else { return };
    for &StopRoute { route: r, pos: p, .. } in layout.boardable_at(station) {
        let route = &layout.routes[r as usize];
        let nt = route.n_trips as usize;
        let first = route.time_start as usize + p as usize * nt;
        let col = &layout.dep[first..first + nt];
        let a = col.partition_point(|&d| d < lo);
        let b = col.partition_point(|&d| d < hi);
        out.extend(col[a..b].iter().map(|&d| d - delta));
    }
}

/// Groups the improvements (found latest departure first) by station,
/// earliest departure first, and computes the suffix minima.
fn group(found: &[Found], n: usize, prof: &mut ProfileBuf) {
    prof.offsets.clear();
    prof.offsets.resize(n + 1, 0);
    for f in found {
        prof.offsets[f.station as usize + 1] += 1;
    }
    for i in 0..n {
        prof.offsets[i + 1] += prof.offsets[i];
    }
    prof.entries.clear();
    prof.entries.resize(found.len(), Entry { dep: 0, arr: 0, rounds: 0 });
    // Fill each station's slice from its end: found is latest departure first.
    let mut fill: Vec<u32> = Vec::new();
    std::mem::swap(&mut fill, &mut prof.suffix); // reuse as a cursor buffer
    fill.clear();
    fill.extend_from_slice(&prof.offsets[1..]);
    for f in found {
        let c = &mut fill[f.station as usize];
        *c -= 1;
        prof.entries[*c as usize] = Entry { dep: f.dep, arr: f.arr, rounds: f.rounds };
    }
    fill.clear();
    fill.resize(found.len(), NEVER);
    for s in 0..n {
        let (a, b) = (prof.offsets[s] as usize, prof.offsets[s + 1] as usize);
        let mut best = NEVER;
        for i in (a..b).rev() {
            best = best.min(prof.entries[i].arr);
            fill[i] = best;
        }
    }
    prof.suffix = fill;
}

/// A station's profile borrowed from a buffer, in forward form.
#[derive(Copy, Clone, Debug)]
pub(crate) struct RawProfile<'a> {
    pub(crate) entries: &'a [Entry],
    pub(crate) suffix: &'a [u32],
    pub(crate) walk: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl ProfileBuf {
    pub(crate) fn raw(&self, s: usize) -> RawProfile<'_> {
        let r = self.offsets[s] as usize..self.offsets[s + 1] as usize;
        RawProfile {
            entries: &self.entries[r.clone()],
            suffix: &self.suffix[r],
            walk: self.walk[s],
            start: self.start,
            end: self.end,
        }
    }
}

impl RawProfile<'_> {
    /// Number of minutes in the window: `start`, `start + 60`, … before `end`.
    pub(crate) fn n_minutes(&self) -> usize {
        (self.end - self.start).div_ceil(60) as usize
    }

    /// Travel time leaving at `m` (forward form), or [`NEVER`].
    pub(crate) fn travel(&self, m: u32) -> u32 {
        let i = self.entries.partition_point(|e| e.dep < m);
        let ride = match self.suffix.get(i) {
            Some(&a) => a - m,
            None => NEVER,
        };
        ride.min(self.walk)
    }

    /// The fastest journey, `(seconds, boardings)`: the shortest ride of an
    /// entry (fewest boardings among equally short ones), or walking alone
    /// (no boardings) when it is no longer; `None` when there is neither.
    pub(crate) fn fastest(&self) -> Option<(u32, u32)> {
        let ride = self.entries.iter().map(|e| (e.arr - e.dep, e.rounds)).min();
        match ride {
            Some(r) if r.0 < self.walk => Some(r),
            _ if self.walk != NEVER => Some((self.walk, 0)),
            _ => None,
        }
    }

    /// Travel times of every minute of the window into `out` (in order).
    pub(crate) fn minutes_into(&self, out: &mut Vec<u32>) {
        out.clear();
        let mut i = 0;
        for j in 0..self.n_minutes() {
            let m = self.start + 60 * j as u32;
            while i < self.entries.len() && self.entries[i].dep < m {
                i += 1;
            }
            let ride = match self.suffix.get(i) {
                Some(&a) => a - m,
                None => NEVER,
            };
            out.push(ride.min(self.walk));
        }
    }
}

/// The profiles of every station from a range query: for each station, the
/// Pareto set of journeys over the window, and the time to walk there alone.
///
/// Forward profiles ([`crate::Solver::profiles`]) describe journeys **from**
/// the origins **to** each station, leaving in the window; reverse profiles
/// ([`crate::Solver::reverse_profiles`]) describe journeys **from** each
/// station **to** the targets, arriving in the window.
#[derive(Clone, Debug)]
pub struct Profiles {
    buf: ProfileBuf,
    reverse: bool,
    window: Window,
}

impl Profiles {
    pub(crate) fn new(buf: ProfileBuf, reverse: bool, window: Window) -> Profiles {
        Profiles { buf, reverse, window }
    }

    /// Whether these are reverse (arrive-by) profiles.
    pub fn is_reverse(&self) -> bool {
        self.reverse
    }

    /// The window of departures (forward) or arrivals (reverse).
    pub fn window(&self) -> Window {
        self.window
    }

    /// Number of stations.
    pub fn len(&self) -> usize {
        self.buf.walk.len()
    }

    /// Whether there are no stations.
    pub fn is_empty(&self) -> bool {
        self.buf.walk.is_empty()
    }

    /// Total number of entries over all stations.
    pub fn n_entries(&self) -> usize {
        self.buf.entries.len()
    }

    /// The profile of one station.
    ///
    /// # Panics
    /// If the station is not of the solver's timetable.
    pub fn get(&self, station: StationIdx) -> Profile<'_> {
        Profile { raw: self.buf.raw(station.idx()), reverse: self.reverse, window: self.window }
    }
}

/// One station's profile (see [`Profiles`]).
#[derive(Copy, Clone, Debug)]
pub struct Profile<'a> {
    raw: RawProfile<'a>,
    reverse: bool,
    window: Window,
}

impl Profile<'_> {
    /// The Pareto-optimal journeys: forward, by departure, earliest first;
    /// reverse, by arrival, earliest first. For forward profiles, an entry
    /// departing at the window's end stands for the best journeys leaving at
    /// or after it; for reverse profiles, an entry arriving at the window's
    /// start stands for the best journeys arriving at or before it.
    pub fn entries(&self) -> Vec<ProfileEntry> {
        let conv = |e: &Entry| {
            if self.reverse {
                ProfileEntry {
                    departure: Time(MIRROR - e.arr),
                    arrival: Time(MIRROR - e.dep),
                    boardings: e.rounds,
                }
            } else {
                ProfileEntry { departure: Time(e.dep), arrival: Time(e.arr), boardings: e.rounds }
            }
        };
        if self.reverse {
            self.raw.entries.iter().rev().map(conv).collect()
        } else {
            self.raw.entries.iter().map(conv).collect()
        }
    }

    /// Seconds to make the journey on foot alone (access or egress included;
    /// `Some(0)` at an origin or target without access time), if possible.
    pub fn walk_secs(&self) -> Option<u32> {
        (self.raw.walk != NEVER).then_some(self.raw.walk)
    }

    /// The fastest journey of the profile: `(seconds, boardings)`, walking
    /// alone counting as no boardings, the fewest boardings among equally
    /// fast journeys; `None` when the station is not reached.
    pub fn fastest(&self) -> Option<(u32, u32)> {
        self.raw.fastest()
    }

    /// Travel time in seconds at minute `m`: forward, of the journey leaving
    /// at or after `m` that arrives first, counted from `m`; reverse, of the
    /// journey arriving at or before `m` that leaves last, counted to `m`.
    /// Walking alone counts. `None` when no journey exists, or when `m` lies
    /// outside the window (whose ends are included).
    pub fn travel_time_at(&self, m: Time) -> Option<u32> {
        if m < self.window.start || m > self.window.end {
            return None;
        }
        let mf = if self.reverse { MIRROR - m.0 } else { m.0 };
        let t = self.raw.travel(mf);
        (t != NEVER).then_some(t)
    }

    /// The minutes of the window with their travel times: forward, leaving at
    /// `start`, `start + 1 min`, … before `end`; reverse, arriving by `end`,
    /// `end - 1 min`, … after `start`.
    pub fn minutes(&self) -> Vec<(Time, Option<u32>)> {
        let mut out = Vec::new();
        self.raw.minutes_into(&mut out);
        out.iter()
            .enumerate()
            .map(|(j, &t)| {
                let m = if self.reverse {
                    self.window.end.0 - 60 * j as u32
                } else {
                    self.window.start.0 + 60 * j as u32
                };
                (Time(m), (t != NEVER).then_some(t))
            })
            .collect()
    }

    /// The statistics of the per-minute travel times ([`Profile::minutes`]),
    /// in seconds, `None` where undefined (see [`Stat`]).
    pub fn summary(&self, stats: &[Stat]) -> Result<Vec<Option<u32>>, SolveError> {
        stats::check(stats)?;
        let mut out = vec![0; stats.len()];
        stats::compute(&self.raw, &mut stats::Buf::default(), stats, &mut out);
        Ok(out.into_iter().map(|v| (v != NEVER).then_some(v)).collect())
    }
}
