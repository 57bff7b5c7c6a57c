//! Travel times at every minute of a window, by one connection scan with a
//! lane per minute, or from travel profiles.
//!
//! Minute `k` of a window starting at `start` is the query "leave the
//! origins at `start + 60 k`". Every hop of every trip (a *connection*) is
//! read once, by departure. Each station keeps, for every lane, the earliest
//! arrival by a trip and the earliest time a next trip may leave there
//! (`ready`: the arrival by trip plus the change time, on foot after one, or
//! from an origin); each trip keeps how many lanes are aboard. Lanes hold
//! seconds after the window's first minute as `u16`, so the rows of a large
//! city's network stay in the second-level cache; a time more than about 18
//! hours after it ends the scan, and travel profiles answer instead.
//!
//! What makes this cheap is that leaving later never arrives earlier (the
//! scan's labels are the earliest arrivals using the connections read so
//! far, and any journey leaving at a later minute is one an earlier minute
//! can take too). So every station's rows are non-decreasing along the
//! lanes, and the lanes aboard a trip, or ready to board at a station by
//! some time, are always the first `j` ones. Each row's first and last
//! values are also kept apart, in arrays small enough for the first-level
//! cache, so most connections are decided without reading a row: the lanes
//! aboard the trip grow to those ready at its start (walked from the lanes
//! already aboard), and its arrival lowers the lanes aboard that arrive later
//! (a suffix, walked from the end), then, over those lanes only and without
//! comparing first, `ready` there and one footpath away (the other lanes
//! arrived there earlier, and walked on then). Arrivals on foot after a trip
//! follow from the final arrivals by trip, in one pass at the end
//! (footpaths are not chained). The scan stops once no connection left can
//! lower any station's arrival in the last lane, the latest of its row
//! (checked every `max(stations, 1024)` connections once the last minute
//! has left).
//!
//! The scan answers the crate's rules (see the crate docs) with no limit on
//! boardings, and only when reading connections in order of departure (then
//! arrival, then along each trip) sees every journey: it cannot when a hop
//! taking no time arrives where another trip's hop taking no time leaves in
//! the same second (or one footpath of no seconds away). For those
//! timetables, for a limit on boardings, and for windows whose lanes would
//! not fit [`MAX_LANE_VALUES`], the minutes are read from travel profiles
//! (range RAPTOR) instead: the same answers.
//!
//! **Which is cheaper.** The scan reads every connection from the window's
//! start until the last station settles; range RAPTOR runs once per
//! departure from the origins. So the scan pays on frequent networks and
//! loses on sparse ones, where it reads the whole evening for a few remote
//! stations. Measured 07:00–09:00 from 50 origins (`minute_density` in
//! `benches/examples`, per query, best of three, scan against travel
//! profiles): the synthetic metro, 17.5 connections per station and hour,
//! 0.99 ms against 1.82 ms; with every 2nd trip (8.7) 0.60 against 0.90 ms;
//! every 3rd (5.8) 0.44 against 0.59 ms; every 4th (4.3) 0.37 against
//! 0.46 ms; every 8th (2.1) 0.24 against 0.25 ms; the GB rail day (1.7)
//! 0.52 against 0.31 ms; the default network of the North (5.3), whose
//! trips run long and far, 0.29 against 0.27 ms, and its all-stations
//! matrix 309 against 273 ms. Density alone does not decide it (the North
//! loses at a density where the thinned metro gains), so
//! [`MinuteMethod::Auto`] scans only where the window has at least
//! [`SCAN_MIN_DEPARTURES`] connections per station and hour, clear of the
//! North (whose scenarios add trips): travel profiles take up to a third
//! longer on the thinned metros between, against 13 % lost on the North's
//! matrix with a lower bound.

use railshed_core::{StationIdx, Time};

use crate::layout::{DROPOFF, Layout, PICKUP};
use crate::profile::{self, Keep, ProfileBuf};
use crate::raptor::{NEVER, Scratch};
use crate::stats::{self, Stat};
use crate::{SolveError, Window};

/// Lanes times stations above which a window is answered by range RAPTOR
/// instead of the scan (three `u16` arrays of this many values: 24 MiB).
pub const MAX_LANE_VALUES: usize = 1 << 22;

/// Connections per station and hour of the window from which
/// [`MinuteMethod::Auto`] scans (see the module docs for the measurements).
pub const SCAN_MIN_DEPARTURES: f64 = 6.0;

/// How [`crate::Solver::minute_travel_times_by`] answers; the answers are
/// the same, only the cost differs.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum MinuteMethod {
    /// The scan on frequent networks (see [`SCAN_MIN_DEPARTURES`]), travel
    /// profiles otherwise.
    #[default]
    Auto,
    /// The connection scan wherever it can answer.
    Scan,
    /// Travel profiles (range RAPTOR).
    Profiles,
}

/// [`Conn::trip`]: one may board at the hop's start.
const BOARD: u32 = 1 << 31;
/// [`Conn::trip`]: one may alight at the hop's end.
const ALIGHT: u32 = 1 << 30;
/// [`Conn::trip`]: the trip bits.
const TRIP: u32 = ALIGHT - 1;

/// The hop of a trip from one stop to the next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Conn {
    /// Departure from `from`.
    dep: u32,
    /// Arrival at `to`.
    arr: u32,
    from: u32,
    to: u32,
    /// The layout trip (numbered across routes), with [`BOARD`] and
    /// [`ALIGHT`] on top.
    trip: u32,
}

/// The connections of a forward layout, by departure, then arrival, then
/// along each trip; built on the first minute query of a solver.
#[derive(Clone, Debug, Default)]
pub(crate) struct Connections {
    conns: Vec<Conn>,
    /// Per station, one more than the latest arrival there by a trip, or 0.
    arrive_before: Vec<u32>,
    n_trips: usize,
    /// Whether a scan in this order sees every journey (see the module docs).
    exact: bool,
}

impl Connections {
    /// The connections of `layout`. Hops where nobody may board or alight
    /// are left out: a trip's lanes aboard carry past them.
    pub(crate) fn build(layout: &Layout) -> Connections {
        let n = layout.n_stations();
        let mut conns = Vec::new();
        let mut n_trips = 0u32;
        for route in &layout.routes {
            for trip in 0..route.n_trips {
                let t = n_trips + trip;
                assert!(t < ALIGHT, "too many trips for a connection scan");
                for p in 0..route.n_stops - 1 {
                    let i = (route.stop_start + p) as usize;
                    let board = layout.flags[i] & PICKUP != 0;
                    let alight = layout.flags[i + 1] & DROPOFF != 0;
                    if !board && !alight {
                        continue;
                    }
                    let bits = if board { BOARD } else { 0 } | if alight { ALIGHT } else { 0 };
                    conns.push(Conn {
                        dep: layout.dep_at(route, trip, p),
                        arr: layout.arr_at(route, trip, p + 1),
                        from: layout.stops[i],
                        to: layout.stops[i + 1],
                        trip: t | bits,
                    });
                }
            }
            n_trips += route.n_trips;
        }
        // Stable: a trip's hops with equal times stay in the trip's order.
        conns.sort_by_key(|c| (c.dep, c.arr, c.trip & TRIP));
        let mut arrive_before = vec![0u32; n];
        for c in conns.iter().filter(|c| c.trip & ALIGHT != 0) {
            let a = &mut arrive_before[c.to as usize];
            *a = (*a).max(c.arr + 1);
        }
        // A hop taking no time that arrives where (or one footpath of no
        // seconds from where) another trip's hop taking no time leaves in the
        // same second: the order within the second decides, so no scan order
        // is safe.
        let mut zero: Vec<(u32, u32, u32)> = conns
            .iter()
            .filter(|c| c.arr == c.dep && c.trip & BOARD != 0)
            .map(|c| (c.dep, c.from, c.trip & TRIP))
            .collect();
        zero.sort_unstable();
        let leaves = |t: u32, s: u32, trip: u32| {
            let i = zero.partition_point(|z| (z.0, z.1) < (t, s));
            zero[i..].iter().take_while(|z| (z.0, z.1) == (t, s)).any(|z| z.2 != trip)
        };
        let exact = !conns.iter().filter(|c| c.arr == c.dep && c.trip & ALIGHT != 0).any(|c| {
            let trip = c.trip & TRIP;
            leaves(c.arr, c.to, trip)
                || layout.footpaths(c.to as usize).any(|(b, w)| w == 0 && leaves(c.arr, b, trip))
        });
        Connections { conns, arrive_before, n_trips: n_trips as usize, exact }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.conns.len() * std::mem::size_of::<Conn>() + self.arrive_before.len() * 4
    }
}

/// Not reached, in a lane.
const NONE16: u16 = u16::MAX;
/// The latest lane value: seconds after the window's first minute.
const MAX16: u32 = NONE16 as u32 - 1;

/// The lanes of a minute query, held in a [`Scratch`]: `lanes` values per
/// station, station after station, in seconds after the window's first
/// minute (`u16`, so that the three arrays of a large city's network stay
/// in the second-level cache; [`NONE16`] where not reached).
#[derive(Clone, Debug, Default)]
pub(crate) struct LaneBuf {
    /// Lanes (minutes) per station.
    lanes: usize,
    /// The window's first minute.
    start: u32,
    /// Earliest arrival by a trip.
    trip: Lanes,
    /// Earliest arrival on foot after a trip.
    walk: Vec<u16>,
    /// Earliest time a next trip may leave.
    ready: Lanes,
    /// Per station, seconds on foot alone from the origins (access included).
    alone: Vec<u32>,
    /// Per layout trip, the lanes aboard (the first ones).
    aboard: Vec<u16>,
    /// Whether the last query was answered by the scan.
    scanned: bool,
}

impl LaneBuf {
    pub(crate) fn heap_bytes(&self) -> usize {
        (self.trip.capacity() + self.walk.capacity() + self.ready.capacity()) * 2
            + self.aboard.capacity() * 2
            + self.alone.capacity() * 4
    }

    /// Walking alone from `origins` ((station, access seconds)): one
    /// footpath at most.
    fn walk_alone(&mut self, layout: &Layout, origins: &[(u32, u32)]) {
        self.alone.clear();
        self.alone.resize(layout.n_stations(), NEVER);
        for &(s, off) in origins {
            let w = &mut self.alone[s as usize];
            *w = (*w).min(off);
            for (b, secs) in layout.footpaths(s as usize) {
                let w = &mut self.alone[b as usize];
                *w = (*w).min(off.saturating_add(secs));
            }
        }
    }

    /// Arrival (by a trip, or on foot after one) at station `s` in lane `k`
    /// (after a scan).
    #[inline]
    fn ride(&self, s: usize, k: usize) -> u32 {
        let i = s * self.lanes + k;
        match self.trip.vals[i].min(self.walk[i]) {
            NONE16 => NEVER,
            a => self.start + u32::from(a),
        }
    }

    /// Station `s`'s lanes as runs `(a, b, arr)` of lanes `a..=b` arriving
    /// at `arr` (by a trip or on foot after one; [`NEVER`] where neither), in
    /// order (the rows are non-decreasing, so a run is a stretch of equal
    /// values).
    fn runs_into(&self, s: usize, runs: &mut Vec<(u32, u32, u32)>) {
        runs.clear();
        let row = s * self.lanes..(s + 1) * self.lanes;
        let (trip, walk) = (&self.trip.vals[row.clone()], &self.walk[row]);
        let arrival = |a: u16| if a == NONE16 { NEVER } else { self.start + u32::from(a) };
        let (mut first, mut cur) = (0, trip[0].min(walk[0]));
        for (k, (&t, &w)) in trip.iter().zip(walk).enumerate().skip(1) {
            let a = t.min(w);
            if a != cur {
                runs.push((first, k as u32 - 1, arrival(cur)));
                (first, cur) = (k as u32, a);
            }
        }
        runs.push((first, self.lanes as u32 - 1, arrival(cur)));
    }
}

/// One of a station's non-decreasing rows of lanes, station after station,
/// with each row's first and last value beside (small enough to stay in the
/// first-level cache, so that most connections are decided without reading
/// the row).
#[derive(Clone, Debug, Default)]
struct Lanes {
    vals: Vec<u16>,
    lo: Vec<u16>,
    hi: Vec<u16>,
}

impl Lanes {
    fn capacity(&self) -> usize {
        self.vals.capacity() + self.lo.capacity() + self.hi.capacity()
    }

    /// `n` rows of `lanes` lanes, all unreached.
    fn reset(&mut self, n: usize, lanes: usize) {
        for v in [&mut self.vals, &mut self.lo, &mut self.hi] {
            v.clear();
        }
        self.vals.resize(n * lanes, NONE16);
        self.lo.resize(n, NONE16);
        self.hi.resize(n, NONE16);
    }

    /// The lanes aboard a trip carrying the first `j` (`j < lanes`) once
    /// those of row `s` holding at most `t` board too: `j`, or more where
    /// they reach past it (the row is non-decreasing, so they are its first
    /// lanes).
    #[inline(always)]
    fn count_le(&self, s: usize, lanes: usize, j: usize, t: u16) -> usize {
        if self.hi[s] <= t {
            return lanes;
        }
        if self.lo[s] > t {
            return j;
        }
        // Walked from `j` (a walk loads ahead where a binary search waits
        // for each comparison): most often no lane is gained; when some are,
        // about a dozen on the metro, so they are counted sixteen at a time
        // (vectorised) before the last few one by one.
        let row = &self.vals[s * lanes..(s + 1) * lanes];
        if row[j] > t {
            return j;
        }
        let mut k = j + 1;
        while k + 16 <= lanes {
            let chunk: &[u16; 16] = row[k..k + 16].try_into().expect("16 lanes");
            let ready = usize::from(chunk.iter().map(|&x| u16::from(x <= t)).sum::<u16>());
            k += ready;
            if ready < 16 {
                return k;
            }
        }
        while row[k] <= t {
            k += 1;
        }
        k
    }

    /// Lowers the first `j` lanes of row `s` to at most `t` (seconds after the
    /// first minute), keeping the row non-decreasing: the lanes above `t`
    /// are a suffix of them, walked from the end. The first lane lowered,
    /// if any; [`TooLate`] if one would be and `t` does not fit.
    #[inline(always)]
    fn lower(&mut self, s: usize, lanes: usize, j: usize, t: u32) -> Result<Option<usize>, TooLate> {
        let row = &mut self.vals[s * lanes..][..j];
        let t = match u16::try_from(t) {
            Ok(t) if t != NONE16 => t,
            _ => return too_late(row).map(|_| None),
        };
        if self.hi[s] <= t || row[j - 1] <= t {
            return Ok(None);
        }
        let mut first = 0;
        if self.lo[s] > t {
            row.fill(t);
            self.lo[s] = t;
        } else {
            for (k, x) in row.iter_mut().enumerate().rev() {
                if *x <= t {
                    first = k + 1;
                    break;
                }
                *x = t;
            }
        }
        if j == lanes {
            self.hi[s] = t;
        }
        Ok(Some(first))
    }

    /// Lowers lanes `from..j` of row `s` to at most `t`, the minimum lane by
    /// lane, without looking first: the caller knows that the lanes before
    /// `from` hold at most `t`, so the row stays non-decreasing.
    /// [`TooLate`] if a lane would be lowered and `t` does not fit.
    #[inline(always)]
    fn lower_from(&mut self, s: usize, lanes: usize, from: usize, j: usize, t: u32) -> Result<(), TooLate> {
        let t = match u16::try_from(t) {
            Ok(t) if t != NONE16 => t,
            _ => return too_late(&self.vals[s * lanes..][from..j]).map(|_| ()),
        };
        for x in &mut self.vals[s * lanes..][from..j] {
            *x = (*x).min(t);
        }
        if from == 0 {
            self.lo[s] = self.lo[s].min(t);
        }
        if j == lanes {
            self.hi[s] = self.hi[s].min(t);
        }
        Ok(())
    }

    /// Sets row `s` (unreached) to `f(k)` in lane `k`, non-decreasing.
    fn set(&mut self, s: usize, lanes: usize, f: impl Fn(usize) -> u16) {
        for (k, x) in self.vals[s * lanes..(s + 1) * lanes].iter_mut().enumerate() {
            *x = f(k);
        }
        self.lo[s] = f(0);
        self.hi[s] = f(lanes - 1);
    }
}

/// The scan met a time too late for a lane (see [`MAX16`]).
struct TooLate;

/// Lowering `row` by a time past [`MAX16`]: fine unless a lane is unreached.
#[cold]
fn too_late(row: &[u16]) -> Result<bool, TooLate> {
    if row.last() == Some(&NONE16) { Err(TooLate) } else { Ok(false) }
}

/// The scan (see the module docs) from `origins` ((station, access seconds))
/// for `lanes` minutes from `start`, into `buf`; [`TooLate`] if a time
/// more than [`MAX16`] seconds after `start` would be kept.
fn scan(
    layout: &Layout,
    conns: &Connections,
    buf: &mut LaneBuf,
    origins: &[(u32, u32)],
    start: u32,
    lanes: usize,
) -> Result<(), TooLate> {
    let n = layout.n_stations();
    let last = lanes - 1;
    buf.lanes = lanes;
    buf.start = start;
    buf.scanned = true;
    buf.trip.reset(n, lanes);
    buf.ready.reset(n, lanes);
    buf.walk.clear();
    buf.walk.resize(n * lanes, NONE16);
    buf.walk_alone(layout, origins);
    buf.aboard.clear();
    buf.aboard.resize(conns.n_trips, 0);
    let mut earliest = NEVER;
    for s in 0..n {
        let w = buf.alone[s];
        if w != NEVER {
            earliest = earliest.min(start.saturating_add(w));
            if w.saturating_add(60 * last as u32) > MAX16 {
                return Err(TooLate);
            }
            buf.ready.set(s, lanes, |k| (w + 60 * k as u32) as u16);
        }
    }
    let LaneBuf { trip: arr, walk, ready, aboard, .. } = buf;
    let first = conns.conns.partition_point(|c| c.dep < earliest);
    let every = n.max(1024);
    // Not before the last lane leaves: until then most stations wait for it.
    let mut check = conns.conns[first..].partition_point(|c| c.dep < start + 60 * last as u32);
    for (i, c) in conns.conns[first..].iter().enumerate() {
        if i == check {
            // Nothing left can lower an arrival once every station's last
            // lane arrives by now, or nothing arrives there any more.
            let bound = (0..n)
                .map(|s| match arr.hi[s] {
                    NONE16 => conns.arrive_before[s],
                    a => (start + u32::from(a)).min(conns.arrive_before[s]),
                })
                .max()
                .unwrap_or(0);
            if c.dep >= bound {
                break;
            }
            check += every;
        }
        let t = (c.trip & TRIP) as usize;
        let mut j = aboard[t] as usize;
        if c.trip & BOARD != 0 && j < lanes {
            // The lanes ready here by the departure are the first ones.
            let dep = (c.dep - start).min(MAX16) as u16;
            let k = ready.count_le(c.from as usize, lanes, j, dep);
            if k > j {
                j = k;
                aboard[t] = k as u16;
            }
        }
        if j == 0 || c.trip & ALIGHT == 0 {
            continue;
        }
        let v = c.to as usize;
        let a = c.arr - start;
        let Some(m) = arr.lower(v, lanes, j, a)? else {
            continue;
        };
        // Only the lanes lowered here can be lowered by walking on from here
        // (the others were, when they arrived): no need to look first.
        ready.lower_from(v, lanes, m, j, a.saturating_add(layout.min_change[v]))?;
        for (w, secs) in layout.footpaths(v) {
            ready.lower_from(w as usize, lanes, m, j, a.saturating_add(secs))?;
        }
    }
    // Walks after trips, from the final arrivals by trip (footpaths are not chained).
    for v in 0..n {
        let from = &arr.vals[v * lanes..(v + 1) * lanes];
        let latest = match from.iter().rposition(|&a| a != NONE16) {
            Some(k) => u32::from(from[k]),
            None => continue,
        };
        for (w, secs) in layout.footpaths(v) {
            if latest.saturating_add(secs) > MAX16 {
                return Err(TooLate);
            }
            let secs = secs as u16;
            let to = &mut walk[w as usize * lanes..(w as usize + 1) * lanes];
            for (x, &a) in to.iter_mut().zip(from) {
                *x = (*x).min(a.saturating_add(secs));
            }
        }
    }
    Ok(())
}

/// Answers a minute query from travel profiles instead of the scan (see the
/// module docs), which [`MinuteTimes`] then reads.
fn from_profiles(
    layout: &Layout,
    scratch: &mut Scratch,
    origins: &[(u32, u32)],
    w: Window,
    max_rounds: usize,
) {
    let (start, end) = (w.start.0, w.end.0);
    profile::range(layout, scratch, origins, (start, end), max_rounds, Keep::Fastest);
    let buf = &mut scratch.lanes;
    buf.lanes = (end - start).div_ceil(60) as usize;
    buf.start = start;
    buf.scanned = false;
}

/// Runs a minute query on the forward `layout` (see [`crate::Solver::minute_travel_times`]).
pub(crate) fn minutes(
    layout: &Layout,
    conns: &Connections,
    scratch: &mut Scratch,
    origins: &[(u32, u32)],
    w: Window,
    max_rounds: usize,
    method: MinuteMethod,
) {
    let n = layout.n_stations();
    let lanes = (w.end.0 - w.start.0).div_ceil(60) as usize;
    let fits = lanes.saturating_mul(n) <= MAX_LANE_VALUES && lanes <= usize::from(u16::MAX);
    let wanted = match method {
        MinuteMethod::Scan => true,
        MinuteMethod::Profiles => false,
        MinuteMethod::Auto => {
            let (lo, hi) = (w.start.0, w.end.0);
            let count =
                conns.conns.partition_point(|c| c.dep < hi) - conns.conns.partition_point(|c| c.dep < lo);
            let station_hours = n as f64 * f64::from(hi - lo) / 3600.0;
            count as f64 >= SCAN_MIN_DEPARTURES * station_hours
        }
    };
    let scanned = wanted
        && max_rounds == usize::MAX
        && conns.exact
        && fits
        && scan(layout, conns, &mut scratch.lanes, origins, w.start.0, lanes).is_ok();
    if !scanned {
        from_profiles(layout, scratch, origins, w, max_rounds);
    }
}

/// Travel times from the origins to every station at every minute of a
/// window ([`crate::Solver::minute_travel_times`]), borrowed from the
/// scratch they were computed in.
///
/// Minute `k` leaves at `start + k min`, for every minute before the
/// window's end; its travel time to a station is that of the journey
/// arriving first among those leaving then or later (walking alone counts),
/// counted from the minute: exactly [`crate::Profile::minutes`] of the same
/// query, and exactly one-to-all earliest arrival leaving at that minute.
#[derive(Debug)]
pub struct MinuteTimes<'s> {
    buf: &'s LaneBuf,
    /// The travel profiles, when they answered.
    prof: &'s ProfileBuf,
    summary: &'s mut stats::Buf,
    window: Window,
}

impl<'s> MinuteTimes<'s> {
    pub(crate) fn new(scratch: &'s mut Scratch, window: Window) -> MinuteTimes<'s> {
        let Scratch { lanes, prof, summary, .. } = scratch;
        MinuteTimes { buf: lanes, prof, summary, window }
    }

    /// The window.
    pub fn window(&self) -> Window {
        self.window
    }

    /// Whether the connection scan answered (rather than travel profiles:
    /// see [`crate::minutes`]); the answers are the same either way.
    pub fn by_scan(&self) -> bool {
        self.buf.scanned
    }

    /// Number of minutes: `start`, `start + 1 min`, … before `end`.
    pub fn n_minutes(&self) -> usize {
        self.buf.lanes
    }

    /// Number of stations.
    pub fn len(&self) -> usize {
        if self.buf.scanned { self.buf.alone.len() } else { self.prof.walk.len() }
    }

    /// Whether there are no stations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Seconds from leaving at minute `minute` (an index, `0..n_minutes()`)
    /// to reaching `station`, `None` when no journey exists.
    ///
    /// # Panics
    /// If the station is not of the solver's timetable or the minute is past
    /// the window.
    pub fn travel_time(&self, station: StationIdx, minute: usize) -> Option<u32> {
        assert!(minute < self.buf.lanes, "minute {minute} is past the window's {}", self.buf.lanes);
        let t = self.time(station.idx(), minute);
        (t != NEVER).then_some(t)
    }

    /// [`MinuteTimes::travel_time`], [`NEVER`] for none.
    #[inline]
    fn time(&self, s: usize, minute: usize) -> u32 {
        if self.buf.scanned {
            let ride = self.buf.ride(s, minute);
            let ride = if ride == NEVER { NEVER } else { ride - (self.buf.start + 60 * minute as u32) };
            ride.min(self.buf.alone[s])
        } else {
            self.prof.raw(s).travel(self.buf.start + 60 * minute as u32)
        }
    }

    /// The minutes of the window with their travel times to `station`, as
    /// [`crate::Profile::minutes`] gives them.
    pub fn minutes(&self, station: StationIdx) -> Vec<(Time, Option<u32>)> {
        (0..self.buf.lanes)
            .map(|k| (Time(self.buf.start + 60 * k as u32), self.travel_time(station, k)))
            .collect()
    }

    /// The statistics of `station`'s per-minute travel times, in seconds,
    /// `None` where undefined (see [`Stat`]), as [`crate::Profile::summary`]
    /// gives them (reusing a buffer of the scratch, hence `&mut`).
    pub fn summary(&mut self, station: StationIdx, stats: &[Stat]) -> Result<Vec<Option<u32>>, SolveError> {
        stats::check(stats)?;
        let mut out = vec![0; stats.len()];
        self.summary_into(station.idx(), stats, &mut out);
        Ok(out.into_iter().map(|v| (v != NEVER).then_some(v)).collect())
    }

    /// [`MinuteTimes::summary`] into `out` ([`NEVER`] where undefined), stats checked.
    pub(crate) fn summary_into(&mut self, s: usize, stats: &[Stat], out: &mut [u32]) {
        if !self.buf.scanned {
            stats::compute(&self.prof.raw(s), self.summary, stats, out);
            return;
        }
        self.buf.runs_into(s, &mut self.summary.runs);
        stats::compute_runs(self.summary, self.buf.lanes, self.buf.start, self.buf.alone[s], stats, out);
    }
}
