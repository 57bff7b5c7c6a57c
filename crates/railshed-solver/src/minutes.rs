//! Travel times at every minute of a window, by one connection scan with a
//! lane per minute, or from travel profiles.
//!
//! Minute `k` of a window starting at `start` is the query "leave the
//! origins at `start + 60 k`". Every hop of every trip (a *connection*) is
//! read once, by departure. Lanes hold seconds after the window's first
//! minute as `u16`; a time more than about 18 hours after it ends the scan,
//! and travel profiles answer instead.
//!
//! What makes this cheap is that leaving later never arrives earlier (any
//! journey leaving at a later minute is one an earlier minute can take
//! too). So the lanes that have arrived at a station by some time, that are
//! ready to leave it, or that are aboard a trip, are always the first `j`
//! ones, and the scan keeps counts rather than rows: per station, the lanes
//! arrived by trip and the lanes ready to leave; per trip, the lanes
//! aboard. A connection's trip takes on the lanes ready where it leaves (a
//! maximum, without a branch); if it carries lanes that have not arrived
//! where it arrives, they arrive: at once when no connection read later
//! arrives there earlier and no arrival there is still queued (on most
//! networks, every connection), else queued for its second. The seconds
//! happen in order, each before the connections leaving then: an arrival
//! writes its time into the lanes newly arrived (in each station's row of
//! arrivals by trip, the only rows kept) and queues those lanes as ready to
//! leave there after the change time, and one footpath away after the walk;
//! lanes made ready raise the station's count. The queue is a ring of
//! seconds longer than any hop plus any change or footpath, with a bit per
//! second so that quiet seconds are skipped. Lanes leaving on foot from the
//! origins are counted at departures (lane `k` leaves `60 k` seconds after
//! the first). Arrivals on foot after a trip follow from the final arrivals
//! by trip, in one pass at the end (footpaths are not chained). The scan
//! stops once no connection left can lower any station's arrival in the
//! last lane (checked every 64 connections once the last minute has left,
//! from the latest last-lane arrival over the stations every lane has
//! reached and the latest arrival by trip at the others, kept as they fill).
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
//! start until the last station settles, and pays for every second where
//! something arrives or becomes ready; range RAPTOR runs once per departure
//! from the origins. So the scan pays on frequent networks and loses on
//! sparse ones, where it reads the whole evening for a few remote stations.
//! Measured 07:00–09:00 from 50 origins (`minute_density` in
//! `benches/examples`, per query, best of three, two runs, scan against
//! travel profiles): the synthetic metro, 17.5 connections per station and
//! hour, 0.88–0.96 ms against 1.8–2.0 ms; with every 2nd trip (8.7)
//! 0.62–0.70 against 0.89–0.93 ms; every 3rd (5.8) 0.50–0.56 against
//! 0.59–0.60 ms; every 4th (4.3) 0.44–0.48 against 0.46 ms; every 6th
//! (2.9) 0.35–0.40 against 0.33 ms; every 8th (2.1) 0.30–0.34 against
//! 0.25 ms; the GB rail day (1.7) 0.39–0.43 against 0.31 ms; the default
//! network of the North (5.3) 0.21 against 0.27 ms (a later run, on a
//! slower day, with arrivals counted when read: the metro 0.92 against
//! 2.13 ms, every 6th trip 0.35 against 0.37 ms, every 8th 0.30 against
//! 0.30 ms, the GB rail day 0.41 against 0.37 ms). So
//! [`MinuteMethod::Auto`] scans where the window has at least
//! [`SCAN_MIN_DEPARTURES`] connections per station and hour.

use railshed_core::{StationIdx, Time};

use crate::layout::{DROPOFF, Layout, PICKUP};
use crate::profile::{self, Keep, ProfileBuf};
use crate::raptor::{NEVER, Scratch};
use crate::stats::{self, Stat};
use crate::{SolveError, Window};

/// Lanes times stations above which a window is answered by range RAPTOR
/// instead of the scan (two `u16` arrays of about this many values: 16 MiB).
pub const MAX_LANE_VALUES: usize = 1 << 22;

/// Connections per station and hour of the window from which
/// [`MinuteMethod::Auto`] scans (see the module docs for the measurements).
pub const SCAN_MIN_DEPARTURES: f64 = 4.0;

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
/// [`Conn::trip`]: no hop read after it arrives at its end earlier (so that
/// its arrival can be counted when it is read).
const IN_ORDER: u32 = 1 << 29;
/// [`Conn::trip`]: the trip bits.
const TRIP: u32 = IN_ORDER - 1;

/// The hop of a trip from one stop to the next.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Conn {
    /// Departure from `from`.
    dep: u32,
    /// Arrival at `to`.
    arr: u32,
    from: u32,
    to: u32,
    /// The layout trip (numbered across routes), with [`BOARD`],
    /// [`ALIGHT`] and [`IN_ORDER`] on top.
    trip: u32,
}

/// The connections of a forward layout, by departure, then arrival, then
/// along each trip; built on the first minute query of a solver.
#[derive(Clone, Debug, Default)]
pub(crate) struct Connections {
    conns: Vec<Conn>,
    /// Per station, one more than the latest arrival there by a trip, or 0.
    arrive_before: Vec<u32>,
    /// The stations by `arrive_before`, latest first.
    by_arrive_before: Vec<u32>,
    /// Per station (from `after_start[s]` to `after_start[s + 1]`), where
    /// lanes arriving there by trip are ready to leave and after how many
    /// seconds: the station itself after the change, then each footpath.
    after: Vec<(u32, u32)>,
    after_start: Vec<u32>,
    n_trips: usize,
    /// Whether a scan in this order sees every journey (see the module docs).
    exact: bool,
    /// The longest hop and the longest change or footpath, in seconds.
    max_delay: u32,
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
                assert!(t < IN_ORDER, "too many trips for a connection scan");
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
        // Arrivals in order of reading, station by station.
        let mut first_later = vec![u32::MAX; n];
        for c in conns.iter_mut().rev().filter(|c| c.trip & ALIGHT != 0) {
            let f = &mut first_later[c.to as usize];
            if c.arr <= *f {
                c.trip |= IN_ORDER;
                *f = c.arr;
            }
        }
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
        let max_delay = conns.iter().map(|c| c.arr - c.dep).max().unwrap_or(0)
            + layout
                .min_change
                .iter()
                .copied()
                .chain((0..n).flat_map(|s| layout.footpaths(s).map(|(_, w)| w)))
                .max()
                .unwrap_or(0);
        let mut by_arrive_before: Vec<u32> = (0..n as u32).collect();
        by_arrive_before.sort_by_key(|&s| std::cmp::Reverse(arrive_before[s as usize]));
        let mut after = Vec::new();
        let mut after_start = vec![0];
        for s in 0..n {
            after.push((s as u32, layout.min_change[s]));
            after.extend(layout.footpaths(s));
            after_start.push(after.len() as u32);
        }
        Connections {
            conns,
            arrive_before,
            by_arrive_before,
            after,
            after_start,
            n_trips: n_trips as usize,
            exact,
            max_delay,
        }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.conns.len() * std::mem::size_of::<Conn>()
            + (self.arrive_before.len() + self.by_arrive_before.len() + self.after_start.len()) * 4
            + self.after.len() * 8
    }
}

/// Not reached, in a lane.
const NONE16: u16 = u16::MAX;
/// The latest lane value: seconds after the window's first minute.
const MAX16: u32 = NONE16 as u32 - 1;

/// The lanes of a minute query, held in a [`Scratch`]: `lanes` values per
/// station, station after station, in seconds after the window's first
/// minute (`u16`; [`NONE16`] where not reached).
#[derive(Clone, Debug, Default)]
pub(crate) struct LaneBuf {
    /// Lanes (minutes) per station.
    lanes: usize,
    /// The window's first minute.
    start: u32,
    /// Earliest arrival by a trip (and [`WRITE`] values past the last
    /// station's, written over with what they hold).
    trip: Vec<u16>,
    /// Earliest arrival on foot after a trip.
    walk: Vec<u16>,
    /// Per station, seconds on foot alone from the origins (access included).
    alone: Vec<u32>,
    /// Per layout trip, the lanes aboard (the first ones).
    aboard: Vec<u16>,
    /// Per station, the lanes ready to leave there by the scan's second.
    ready: Vec<u16>,
    /// Per station, the lanes arrived there by a trip by the scan's second.
    got: Vec<u16>,
    /// Per station, the latest second an arrival there was queued for.
    queued: Vec<u32>,
    /// Per second modulo their number, (station, lanes) arriving there by
    /// trip then.
    arrive: Ring,
    /// Per second modulo their number, (station, lanes) ready to leave
    /// there then.
    readied: Ring,
    /// The seconds when something is due in `arrive` or `readied`.
    busy: Busy,
    /// Whether the last scan ended early, leaving events in the rings.
    unsettled: bool,
    /// Whether the last query was answered by the scan.
    scanned: bool,
}

/// Events by second, in a ring of seconds longer than any event is due
/// after it is known: a row of `width` (station, lanes) per second, one
/// array for all (so that the seconds ahead stay in cache), the rows made
/// wider when one overflows.
#[derive(Clone, Debug, Default)]
struct Ring {
    slots: Vec<(u32, u32)>,
    len: Vec<u32>,
    width: usize,
    mask: u32,
}

impl Ring {
    /// Empty, for events at most `size - 1` seconds ahead (`size` a power of two).
    fn reset(&mut self, size: usize) {
        if self.len.len() != size {
            self.len.clear();
            self.len.resize(size, 0);
            self.width = 8;
            self.slots.clear();
            self.slots.resize(size * self.width, (0, 0));
        }
        self.len.fill(0);
        self.mask = size as u32 - 1;
    }

    #[inline(always)]
    fn push(&mut self, t: u32, station: u32, lanes: u16) {
        let lanes = u32::from(lanes);
        let i = (t & self.mask) as usize;
        let n = self.len[i] as usize;
        if n == self.width {
            self.widen();
        }
        self.slots[i * self.width + n] = (station, lanes);
        self.len[i] = n as u32 + 1;
    }

    /// Rows twice as wide.
    #[cold]
    fn widen(&mut self) {
        let (old, width) = (self.width, self.width * 2);
        let mut slots = vec![(0, 0); self.len.len() * width];
        for (i, &n) in self.len.iter().enumerate() {
            slots[i * width..i * width + n as usize]
                .copy_from_slice(&self.slots[i * old..i * old + n as usize]);
        }
        (self.slots, self.width) = (slots, width);
    }

    /// The events of second `t` (emptied for `t + size`): `f(station,
    /// lanes)` for each.
    #[inline(always)]
    fn take<E>(&mut self, t: u32, mut f: impl FnMut(u32, u16) -> Result<(), E>) -> Result<(), E> {
        let i = (t & self.mask) as usize;
        let n = std::mem::take(&mut self.len[i]) as usize;
        for &(s, k) in &self.slots[i * self.width..i * self.width + n] {
            f(s, k as u16)?;
        }
        Ok(())
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 8 + self.len.capacity() * 4
    }
}

/// A bit per second of a ring of them: whether anything happens then.
#[derive(Clone, Debug, Default)]
struct Busy {
    bits: Vec<u64>,
    mask: u32,
}

impl Busy {
    /// None, for a ring of `size` seconds (a power of two).
    fn reset(&mut self, size: usize) {
        self.bits.clear();
        self.bits.resize(size.div_ceil(64), 0);
        self.mask = size as u32 - 1;
    }

    #[inline(always)]
    fn set(&mut self, t: u32) {
        let i = (t & self.mask) as usize;
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline(always)]
    fn clear(&mut self, t: u32) {
        let i = (t & self.mask) as usize;
        self.bits[i / 64] &= !(1 << (i % 64));
    }

    /// The first second from `from` (when nothing before it is set) to
    /// `until` that is set, if any.
    #[inline(always)]
    fn next(&self, from: u32, until: u32) -> Option<u32> {
        // Every second set is within the ring's length from `from`.
        let until = until.min(from.saturating_add(self.mask));
        let mut t = from;
        while t <= until {
            let i = (t & self.mask) as usize;
            let bits = self.bits[i / 64] >> (i % 64);
            if bits != 0 {
                let at = t + bits.trailing_zeros();
                return (at <= until).then_some(at);
            }
            // On to the next word (or round the ring).
            t = t.checked_add(64 - (i % 64) as u32)?;
        }
        None
    }
}

/// Lanes of a row written at once when a trip arrives (a masked write: the
/// lanes past those arriving are written with what they hold).
const WRITE: usize = 16;

impl LaneBuf {
    pub(crate) fn heap_bytes(&self) -> usize {
        (self.trip.capacity() + self.walk.capacity() + self.ready.capacity() + self.got.capacity()) * 2
            + self.aboard.capacity() * 2
            + self.queued.capacity() * 4
            + self.alone.capacity() * 4
            + self.busy.bits.capacity() * 8
            + self.arrive.heap_bytes()
            + self.readied.heap_bytes()
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
        match self.trip[i].min(self.walk[i]) {
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
        let (trip, walk) = (&self.trip[row.clone()], &self.walk[row]);
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

/// Connections read between two checks of whether the scan may end.
const CHECK_EVERY: usize = 64;

/// The scan met a time too late for a lane (see [`MAX16`]).
struct TooLate;

/// The longest ring of seconds a scan takes (36 hours): past it, travel
/// profiles answer.
const MAX_RING: usize = 1 << 17;

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
    // Rows of `lanes + WRITE` while scanning (see `Rows::arrive`).
    let stride = lanes + WRITE;
    buf.trip.clear();
    buf.trip.resize(n * stride, NONE16);
    buf.walk.clear();
    buf.walk.resize(n * lanes, NONE16);
    buf.walk_alone(layout, origins);
    buf.aboard.clear();
    buf.aboard.resize(conns.n_trips, 0);
    for v in [&mut buf.ready, &mut buf.got] {
        v.clear();
        v.resize(n, 0);
    }
    buf.queued.clear();
    buf.queued.resize(n, 0);
    // Longer than any hop and change or footpath after it, and whole words
    // of `Busy`.
    let size = (conns.max_delay as usize + 2).max(64).next_power_of_two();
    if size > MAX_RING {
        return Err(TooLate);
    }
    if buf.unsettled || buf.busy.bits.len() * 64 != size {
        buf.arrive.reset(size);
        buf.readied.reset(size);
        buf.busy.reset(size);
    }
    let mut earliest = NEVER;
    for &w in &buf.alone {
        if w != NEVER {
            if w.saturating_add(60 * last as u32) > MAX16 {
                return Err(TooLate);
            }
            earliest = earliest.min(start + w);
        }
    }
    if earliest == NEVER {
        buf.trip.truncate(n * lanes);
        return Ok(());
    }
    // Until the scan ends well, the rings may hold events.
    buf.unsettled = true;
    let LaneBuf { trip, walk, aboard, ready, got, queued, arrive, readied, busy, alone, unsettled, .. } = buf;
    let mut rows =
        Rows { conns, start, stride, lanes, trip, got, ready, readied, busy, now: earliest, settled: 0 };
    let all = &conns.conns[..];
    let mut i = all.partition_point(|c| c.dep < earliest);
    // Not checked before the last lane leaves: until then most stations wait for it.
    let mut check = i + all[i..].partition_point(|c| c.dep < start + 60 * last as u32);
    // The first station of `by_arrive_before` where not every lane has arrived.
    let mut open = 0;
    while i < all.len() {
        if i == check {
            // Nothing left can lower an arrival once every station's last
            // lane arrives by now, or nothing arrives there any more.
            let order = &conns.by_arrive_before;
            while open < n && usize::from(rows.got[order[open] as usize]) == lanes {
                open += 1;
            }
            let bound = rows.settled.max(order.get(open).map_or(0, |&s| conns.arrive_before[s as usize]));
            if all[i].dep >= bound {
                break;
            }
            check += CHECK_EVERY;
        }
        let until = check.min(all.len());
        for c in &all[i..until] {
            if c.dep >= rows.now {
                // What is due by the departure happens first.
                while let Some(t) = rows.busy.next(rows.now, c.dep) {
                    rows.second(arrive, t)?;
                }
                rows.now = c.dep + 1;
            }
            let ready = match c.trip & BOARD != 0 {
                true => {
                    // The lanes ready here by now: by trip, or on foot from the
                    // origins (lane `k` leaves `60 k` seconds after the first).
                    let u = c.from as usize;
                    match alone[u] {
                        NEVER => rows.ready[u],
                        w => match (c.dep - start).checked_sub(w) {
                            Some(after) => rows.ready[u].max((after / 60 + 1).min(lanes as u32) as u16),
                            None => rows.ready[u],
                        },
                    }
                }
                false => 0,
            };
            let t = (c.trip & TRIP) as usize;
            let j = aboard[t].max(ready);
            aboard[t] = j;
            // Lanes aboard that have not arrived there yet arrive then: at once
            // when no arrival there is still to come before it, else in their second.
            let v = c.to as usize;
            if c.trip & ALIGHT != 0 && j > rows.got[v] {
                if c.arr < rows.now || (c.trip & IN_ORDER != 0 && queued[v] < rows.now) {
                    rows.arrive(c.arr, c.to, j)?;
                } else {
                    rows.busy.set(c.arr);
                    arrive.push(c.arr, c.to, j);
                    queued[v] = queued[v].max(c.arr);
                }
            }
        }
        i = until;
    }
    // Every arrival still due, and what it makes ready (so that the rings
    // are left empty).
    rows.until(arrive, NEVER - 1)?;
    *unsettled = false;
    // The lanes not arrived at may hold what a write past them left there;
    // then the rows close up.
    for (v, &g) in got.iter().enumerate() {
        trip[v * stride + usize::from(g)..v * stride + lanes].fill(NONE16);
        trip.copy_within(v * stride..v * stride + lanes, v * lanes);
    }
    trip.truncate(n * lanes);
    // Walks after trips, from the final arrivals by trip (footpaths are not chained).
    for v in 0..n {
        let from = &trip[v * lanes..(v + 1) * lanes];
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

/// What a scan changes as its seconds happen.
struct Rows<'b> {
    conns: &'b Connections,
    start: u32,
    /// Values a row of `trip` takes: the lanes, then [`WRITE`] more.
    stride: usize,
    lanes: usize,
    /// [`LaneBuf::trip`], rows of `stride`.
    trip: &'b mut [u16],
    got: &'b mut [u16],
    ready: &'b mut [u16],
    readied: &'b mut Ring,
    busy: &'b mut Busy,
    /// Every second before it has happened.
    now: u32,
    /// The latest, over the stations where every lane has arrived, of the
    /// last lane's arrival (or the last arrival there, if earlier).
    settled: u32,
}

impl Rows<'_> {
    /// Lets every second up to `until` happen (`arrive`: the arrivals due).
    fn until(&mut self, arrive: &mut Ring, until: u32) -> Result<(), TooLate> {
        while let Some(t) = self.busy.next(self.now, until) {
            self.second(arrive, t)?;
        }
        self.now = self.now.max(until.saturating_add(1));
        Ok(())
    }

    /// Lets second `t` happen, the first from now when something does
    /// (`arrive`: the arrivals due).
    #[inline(always)]
    fn second(&mut self, arrive: &mut Ring, t: u32) -> Result<(), TooLate> {
        self.now = t + 1;
        self.busy.clear(t);
        let ready = &mut *self.ready;
        self.readied.take(t, |s, k| {
            ready[s as usize] = ready[s as usize].max(k);
            Ok::<(), TooLate>(())
        })?;
        arrive.take(t, |v, j| self.arrive(t, v, j))
    }

    /// The first `j` lanes ready to leave station `w` at second `at`.
    #[inline(always)]
    fn ready_at(&mut self, at: u32, w: u32, j: u16) {
        if at < self.now {
            self.ready[w as usize] = self.ready[w as usize].max(j);
        } else {
            self.busy.set(at);
            self.readied.push(at, w, j);
        }
    }

    /// The first `j` lanes arrive at station `v` by trip at second `t`
    /// (not before now): those not arrived yet take `t` in `trip`, and are
    /// ready to leave after the change, and one footpath away after the walk.
    #[inline(always)]
    fn arrive(&mut self, t: u32, v: u32, j: u16) -> Result<(), TooLate> {
        let v = v as usize;
        let had = usize::from(self.got[v]);
        let j16 = j;
        let j = usize::from(j);
        if j <= had {
            return Ok(());
        }
        let a = t - self.start;
        if a > MAX16 {
            return Err(TooLate);
        }
        let a = a as u16;
        // The lanes from `had` on are unreached (or hold what an earlier
        // arrival wrote past its own): [`WRITE`] of them are written at once,
        // the rest one by one.
        let from = v * self.stride + had;
        *<&mut [u16; WRITE]>::try_from(&mut self.trip[from..from + WRITE]).expect("a write of lanes") =
            [a; WRITE];
        if j - had > WRITE {
            self.trip[from + WRITE..v * self.stride + j].fill(a);
        }
        if j == self.lanes {
            self.settled = self.settled.max(t.min(self.conns.arrive_before[v]));
        }
        let j = j16;
        self.got[v] = j;
        let after = self.conns.after_start[v] as usize..self.conns.after_start[v + 1] as usize;
        for &(w, secs) in &self.conns.after[after] {
            self.ready_at(t + secs, w, j);
        }
        Ok(())
    }
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
