//! Journey-time solver over a railshed [`Timetable`]: RAPTOR one-to-all,
//! departure windows (range RAPTOR) with percentiles, travel times minute
//! by minute (a connection scan with a lane per minute), reverse
//! (arrive-by) search and travel-time matrices on all cores.
//!
//! ```
//! use railshed_core::{Footpath, LineIdx, LineInfo, Station, StationIdx, StopTime, Time, Timetable, Trip};
//! use railshed_solver::{Options, Solver, Source};
//!
//! // A: 08:00 → B: 08:30, one trip.
//! let st = |station: u32, t: Time| StopTime {
//!     station: StationIdx(station), arr: t, dep: t, pickup: true, dropoff: true,
//! };
//! let tt = Timetable {
//!     stations: vec![Station::new("A", "A", -1.5, 53.8), Station::new("B", "B", -2.2, 53.5)],
//!     footpaths: vec![],
//!     lines: vec![LineInfo { id: "l".into(), name: "L".into(), operator: "".into(), tag: "existing".into() }],
//!     trips: vec![Trip { line: LineIdx(0), id: "t".into(), first: 0, len: 2 }],
//!     stop_times: vec![st(0, Time::hms(8, 0, 0)), st(1, Time::hms(8, 30, 0))],
//! };
//! let solver = Solver::new(&tt);
//! let mut scratch = solver.scratch();
//! let from = [Source { station: StationIdx(0), time: Time::hms(7, 55, 0) }];
//! let result = solver.earliest_arrival(&mut scratch, &from, Options::default()).unwrap();
//! assert_eq!(result.arrival(StationIdx(1)), Time::hms(8, 30, 0));
//! assert_eq!(result.boardings(StationIdx(1)), Some(1));
//! ```
//!
//! # Semantics
//!
//! Every query in this crate answers exactly these rules.
//!
//! - Stops are stations ([`StationIdx`]). A query has one or more sources
//!   (a station and a time); a source needs no change time.
//! - Boarding a trip at station `S` after arriving at `S` by another trip
//!   requires `arrival + S.min_change <= departure`. Staying on the same trip
//!   needs nothing.
//! - After a footpath `A → B` arriving at `B` at time `t` (`t` = the arrival
//!   at `A` by trip, or the source's time, plus the walking seconds),
//!   boarding at `B` requires only `t <= departure`: the walk covers the
//!   change. Footpaths are not chained: at most one after each trip or
//!   after the source, as in standard RAPTOR.
//! - No boarding where `pickup` is false; no alighting where `dropoff` is false.
//! - The earliest arrival at a station is the minimum over arriving by trip
//!   (alighting) and arriving on foot. Its **boardings** is the minimum
//!   number of trips boarded among journeys achieving that earliest arrival
//!   (RAPTOR's first round to reach it). A limit on boardings
//!   ([`Options::max_boardings`], RAPTOR's rounds) restricts journeys to at
//!   most that many trips.
//! - Times are `u32` seconds ([`Time`]); unreachable is [`Time::NEVER`].
//!
//! Reverse searches ([`Solver::latest_departure`],
//! [`Solver::reverse_profiles`]) answer the same rules backwards: the latest
//! time to leave each station and still reach one of the targets, plus that
//! target's egress seconds, by the deadline. Leaving a station means boarding
//! a trip there (no change time) or walking one footpath to board elsewhere
//! (the walk's start is the departure); boardings are the fewest trips among
//! journeys achieving the latest departure.
//!
//! Departure windows ([`Solver::profiles`]) give, for every station, the
//! Pareto set of (departure, arrival, boardings) over the window, from which
//! the travel time at each minute follows: for minute `m`, the arrival of
//! the best journey leaving at or after `m`, minus `m` (walking alone
//! counts). See [`profile`] for the algorithm. [`Solver::travel_profiles`]
//! (and [`Solver::reverse_travel_profiles`]) give the same travel times
//! and fastest journeys from the Pareto set of (departure, arrival) alone,
//! for less work; matrices use them. [`Solver::minute_travel_times`] gives
//! the travel time of every minute alone, without entries or boardings
//! (see [`minutes`]).
//!
//! # Performance
//!
//! [`Solver::new`] lays the timetable out for scanning (see
//! [`layout`] and `ARCHITECTURE.md`). Queries take a
//! [`Scratch`], one per thread, which holds every buffer a query needs, so a
//! warmed-up query allocates nothing. Results are identical for any number
//! of threads.
//!
//! **Architecture invariant:** no IO.

mod footpaths;
mod journey;
pub mod layout;
mod matrix;
pub mod minutes;
pub mod profile;
mod raptor;
mod stats;

use railshed_core::{StationIdx, Time, Timetable};

pub use footpaths::{TooManyFootpaths, close_footpaths};
pub use journey::{Journey, Leg};
use layout::{Layout, MIRROR};
pub use matrix::{Matrix, MatrixSpec, UNREACHABLE};
pub use minutes::{MAX_LANE_VALUES, MinuteMethod, MinuteTimes, SCAN_MIN_DEPARTURES};
use profile::Keep;
pub use profile::{Profile, ProfileEntry, Profiles};
pub use raptor::Scratch;
use raptor::{Mode, NEVER};
pub use stats::Stat;

/// The latest time a query may name: twice [`Time::MAX_SERVICE`].
pub const MAX_QUERY_TIME: Time = Time(2 * Time::MAX_SERVICE.0);

/// Why a query cannot be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// A station index not of the timetable.
    #[error("station index {station} is out of range: the timetable has {stations} stations")]
    Station {
        /// The index given.
        station: u32,
        /// How many stations there are.
        stations: usize,
    },
    /// A query without sources or targets.
    #[error("a query needs at least one source or target station")]
    NoStations,
    /// A time past [`MAX_QUERY_TIME`], or access or egress seconds past
    /// [`Time::MAX_SERVICE`].
    #[error("time {0} is out of range (at most {MAX_QUERY_TIME}; access and egress at most 72 hours)")]
    Time(Time),
    /// A window that ends before it starts or is empty.
    #[error("window {start}–{end} is empty: it must end after it starts")]
    Window {
        /// Start given.
        start: Time,
        /// End given.
        end: Time,
    },
    /// A percentile outside `[0, 100]`.
    #[error("percentile {0} is outside 0–100")]
    Percentile(f64),
}

/// Where and when a query starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// The station.
    pub station: StationIdx,
    /// The time the traveller is there, ready to leave.
    pub time: Time,
}

/// A station with access (forward profiles) or egress (reverse searches)
/// seconds: the time between the traveller's real origin or destination and
/// the station.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Access {
    /// The station.
    pub station: StationIdx,
    /// Seconds of access (before the station) or egress (after it).
    pub secs: u32,
}

/// A window of departure times (forward) or arrival times (reverse), both
/// ends included: `start < end`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// First minute.
    pub start: Time,
    /// End.
    pub end: Time,
}

impl Window {
    /// The window from `start` to `end`.
    pub fn new(start: Time, end: Time) -> Window {
        Window { start, end }
    }
}

/// Query options.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// At most this many trips per journey (RAPTOR rounds); `None`: no limit.
    pub max_boardings: Option<u32>,
}

impl Options {
    /// Options limiting journeys to `k` trips.
    pub fn with_max_boardings(k: u32) -> Options {
        Options { max_boardings: Some(k) }
    }

    pub(crate) fn max_rounds(self) -> usize {
        self.max_boardings.map_or(usize::MAX, |k| k as usize)
    }
}

/// A timetable laid out for journey planning, forward and mirrored (for
/// reverse searches). Immutable and `Sync`: share one among threads, each
/// with its own [`Scratch`].
#[derive(Clone, Debug)]
pub struct Solver {
    pub(crate) fwd: Layout,
    pub(crate) rev: Layout,
    /// The forward connections, laid out by the first minute query.
    conns: std::sync::OnceLock<minutes::Connections>,
}

impl Solver {
    /// Lays out `tt`, which must satisfy [`Timetable::check`].
    pub fn new(tt: &Timetable) -> Solver {
        Solver {
            fwd: Layout::build(tt, false),
            rev: Layout::build(tt, true),
            conns: std::sync::OnceLock::new(),
        }
    }

    /// Number of stations.
    pub fn n_stations(&self) -> usize {
        self.fwd.n_stations()
    }

    /// Number of routes (FIFO groups of trips with one calling pattern).
    pub fn n_routes(&self) -> usize {
        self.fwd.routes.len()
    }

    /// Bytes held by the two layouts (and the connections, once a minute
    /// query has laid them out).
    pub fn heap_bytes(&self) -> usize {
        self.fwd.heap_bytes() + self.rev.heap_bytes() + self.conns.get().map_or(0, |c| c.heap_bytes())
    }

    /// The forward connections of the minute scan, laid out on first use.
    pub(crate) fn connections(&self) -> &minutes::Connections {
        self.conns.get_or_init(|| minutes::Connections::build(&self.fwd))
    }

    /// Fresh buffers for queries on this solver (one per thread).
    pub fn scratch(&self) -> Scratch {
        Scratch::new(self.n_stations(), self.n_routes())
    }

    fn check_station(&self, s: StationIdx) -> Result<(), SolveError> {
        if s.idx() < self.n_stations() {
            Ok(())
        } else {
            Err(SolveError::Station { station: s.0, stations: self.n_stations() })
        }
    }

    fn check_time(t: Time) -> Result<(), SolveError> {
        if t <= MAX_QUERY_TIME { Ok(()) } else { Err(SolveError::Time(t)) }
    }

    fn check_secs(secs: u32) -> Result<(), SolveError> {
        if secs <= Time::MAX_SERVICE.0 { Ok(()) } else { Err(SolveError::Time(Time(secs))) }
    }

    fn check_window(&self, w: Window) -> Result<Window, SolveError> {
        Self::check_time(w.start)?;
        Self::check_time(w.end)?;
        if w.end <= w.start {
            return Err(SolveError::Window { start: w.start, end: w.end });
        }
        Ok(w)
    }

    fn check_accesses(&self, list: &[Access]) -> Result<(), SolveError> {
        if list.is_empty() {
            return Err(SolveError::NoStations);
        }
        for a in list {
            self.check_station(a.station)?;
            Self::check_secs(a.secs)?;
        }
        Ok(())
    }

    /// Earliest arrival at every station from `sources` (one-to-all RAPTOR).
    pub fn earliest_arrival<'s>(
        &'s self,
        scratch: &'s mut Scratch,
        sources: &[Source],
        options: Options,
    ) -> Result<Arrivals<'s>, SolveError> {
        if sources.is_empty() {
            return Err(SolveError::NoStations);
        }
        for s in sources {
            self.check_station(s.station)?;
            Self::check_time(s.time)?;
        }
        scratch.reset(&self.fwd);
        let mut src = std::mem::take(&mut scratch.sources);
        src.clear();
        src.extend(sources.iter().map(|s| (s.station.0, s.time.0)));
        scratch.run(&self.fwd, &src, options.max_rounds(), Mode::Plain);
        scratch.sources = src;
        Ok(Arrivals { solver: self, scratch })
    }

    /// The latest departure from every station that reaches one of
    /// `targets` (plus its egress seconds) by `arrive_by` (one-to-all
    /// reverse RAPTOR on the mirrored timetable).
    pub fn latest_departure<'s>(
        &'s self,
        scratch: &'s mut Scratch,
        targets: &[Access],
        arrive_by: Time,
        options: Options,
    ) -> Result<Departures<'s>, SolveError> {
        self.check_accesses(targets)?;
        Self::check_time(arrive_by)?;
        scratch.reset(&self.rev);
        let mut src = std::mem::take(&mut scratch.sources);
        src.clear();
        src.extend(targets.iter().map(|a| (a.station.0, MIRROR - arrive_by.0 + a.secs)));
        scratch.run(&self.rev, &src, options.max_rounds(), Mode::Plain);
        scratch.sources = src;
        Ok(Departures { scratch })
    }

    /// Profiles of journeys from `origins` (each with access seconds: a
    /// journey "leaving at `t`" is at the station at `t + secs`) to every
    /// station, leaving in `window` (range RAPTOR). Journeys leaving after
    /// the window's end count for its last minutes (see [`Profile::entries`]).
    /// The result is copied out of the scratch (the one allocation of the
    /// call); [`Solver::matrix`] reduces profiles in place instead.
    pub fn profiles(
        &self,
        scratch: &mut Scratch,
        origins: &[Access],
        window: Window,
        options: Options,
    ) -> Result<Profiles, SolveError> {
        self.check_accesses(origins)?;
        let w = self.check_window(window)?;
        let list: Vec<(u32, u32)> = origins.iter().map(|a| (a.station.0, a.secs)).collect();
        profile::range(&self.fwd, scratch, &list, (w.start.0, w.end.0), options.max_rounds(), Keep::Rounds);
        Ok(Profiles::new(scratch.prof.clone(), false, w))
    }

    /// [`Solver::profiles`] for travel times only: each station's entries
    /// are the Pareto set of (departure, arrival) alone, each with the
    /// fewest trips achieving it, so [`Profile::travel_time_at`],
    /// [`Profile::minutes`], [`Profile::summary`], [`Profile::fastest`] and
    /// [`Profile::walk_secs`] answer exactly as for [`Solver::profiles`]
    /// (with the same trip limit), while an entry beaten by a later
    /// departure with more trips is left out. Much cheaper on frequent
    /// networks (one label per station instead of one per round; see
    /// [`profile`]).
    pub fn travel_profiles(
        &self,
        scratch: &mut Scratch,
        origins: &[Access],
        window: Window,
        options: Options,
    ) -> Result<Profiles, SolveError> {
        self.check_accesses(origins)?;
        let w = self.check_window(window)?;
        let list: Vec<(u32, u32)> = origins.iter().map(|a| (a.station.0, a.secs)).collect();
        profile::range(&self.fwd, scratch, &list, (w.start.0, w.end.0), options.max_rounds(), Keep::Fastest);
        Ok(Profiles::new(scratch.prof.clone(), false, w))
    }

    /// Travel times from `origins` (each with access seconds) to every
    /// station at every minute of `window` (see [`MinuteTimes`]): what
    /// [`Solver::travel_profiles`] gives minute by minute, without the
    /// profiles' entries and boardings. On frequent networks by one
    /// connection scan with a lane per minute, cheaper there than travel
    /// profiles, otherwise from travel profiles ([`MinuteMethod::Auto`]; see
    /// [`minutes`]). The connections are laid out on the first call (20
    /// bytes a hop).
    ///
    /// ```
    /// use railshed_core::{LineIdx, LineInfo, Station, StationIdx, StopTime, Time, Timetable, Trip};
    /// use railshed_solver::{Access, Options, Solver, Window};
    ///
    /// // A: 08:00 → B: 08:30 and A: 08:10 → B: 08:35.
    /// let st = |station: u32, t: Time| StopTime {
    ///     station: StationIdx(station), arr: t, dep: t, pickup: true, dropoff: true,
    /// };
    /// let tt = Timetable {
    ///     stations: vec![Station::new("A", "A", -1.5, 53.8), Station::new("B", "B", -2.2, 53.5)],
    ///     footpaths: vec![],
    ///     lines: vec![LineInfo { id: "l".into(), name: "L".into(), operator: "".into(), tag: "existing".into() }],
    ///     trips: vec![
    ///         Trip { line: LineIdx(0), id: "t1".into(), first: 0, len: 2 },
    ///         Trip { line: LineIdx(0), id: "t2".into(), first: 2, len: 2 },
    ///     ],
    ///     stop_times: vec![
    ///         st(0, Time::hms(8, 0, 0)), st(1, Time::hms(8, 30, 0)),
    ///         st(0, Time::hms(8, 10, 0)), st(1, Time::hms(8, 35, 0)),
    ///     ],
    /// };
    /// let solver = Solver::new(&tt);
    /// let mut scratch = solver.scratch();
    /// let from = [Access { station: StationIdx(0), secs: 0 }];
    /// let w = Window::new(Time::hms(7, 58, 0), Time::hms(8, 2, 0));
    /// let times = solver.minute_travel_times(&mut scratch, &from, w, Options::default()).unwrap();
    /// // 07:58 and 08:00 catch the 08:00; 08:01 waits for the 08:10.
    /// let b = StationIdx(1);
    /// assert_eq!(times.n_minutes(), 4);
    /// assert_eq!(times.travel_time(b, 0), Some(32 * 60));
    /// assert_eq!(times.travel_time(b, 2), Some(30 * 60));
    /// assert_eq!(times.travel_time(b, 3), Some(34 * 60));
    /// ```
    pub fn minute_travel_times<'s>(
        &'s self,
        scratch: &'s mut Scratch,
        origins: &[Access],
        window: Window,
        options: Options,
    ) -> Result<MinuteTimes<'s>, SolveError> {
        self.minute_travel_times_by(scratch, origins, window, options, MinuteMethod::Auto)
    }

    /// [`Solver::minute_travel_times`] by the given method (the same
    /// answers; [`MinuteTimes::by_scan`] says which answered).
    pub fn minute_travel_times_by<'s>(
        &'s self,
        scratch: &'s mut Scratch,
        origins: &[Access],
        window: Window,
        options: Options,
        method: MinuteMethod,
    ) -> Result<MinuteTimes<'s>, SolveError> {
        self.check_accesses(origins)?;
        let w = self.check_window(window)?;
        let list: Vec<(u32, u32)> = origins.iter().map(|a| (a.station.0, a.secs)).collect();
        minutes::minutes(&self.fwd, self.connections(), scratch, &list, w, options.max_rounds(), method);
        Ok(MinuteTimes::new(scratch, w))
    }

    /// Reverse profiles: journeys from every station to `targets` (each
    /// with egress seconds), arriving (egress included) in `window`. For each
    /// station, the Pareto set of (departure, arrival, boardings), so "arrive
    /// by `m`" travel times are exact for every minute of the window.
    pub fn reverse_profiles(
        &self,
        scratch: &mut Scratch,
        targets: &[Access],
        window: Window,
        options: Options,
    ) -> Result<Profiles, SolveError> {
        self.check_accesses(targets)?;
        let w = self.check_window(window)?;
        let list: Vec<(u32, u32)> = targets.iter().map(|a| (a.station.0, a.secs)).collect();
        let span = (MIRROR - w.end.0, MIRROR - w.start.0);
        profile::range(&self.rev, scratch, &list, span, options.max_rounds(), Keep::Rounds);
        Ok(Profiles::new(scratch.prof.clone(), true, w))
    }

    /// [`Solver::reverse_profiles`] for travel times only, as
    /// [`Solver::travel_profiles`] is to [`Solver::profiles`]: the Pareto
    /// set of (departure, arrival) alone, each with the fewest trips.
    pub fn reverse_travel_profiles(
        &self,
        scratch: &mut Scratch,
        targets: &[Access],
        window: Window,
        options: Options,
    ) -> Result<Profiles, SolveError> {
        self.check_accesses(targets)?;
        let w = self.check_window(window)?;
        let list: Vec<(u32, u32)> = targets.iter().map(|a| (a.station.0, a.secs)).collect();
        let span = (MIRROR - w.end.0, MIRROR - w.start.0);
        profile::range(&self.rev, scratch, &list, span, options.max_rounds(), Keep::Fastest);
        Ok(Profiles::new(scratch.prof.clone(), true, w))
    }
}

/// Earliest arrivals from a forward query ([`Solver::earliest_arrival`]).
#[derive(Debug)]
pub struct Arrivals<'s> {
    solver: &'s Solver,
    scratch: &'s Scratch,
}

impl Arrivals<'_> {
    /// Earliest arrival at `station`, [`Time::NEVER`] when unreachable.
    ///
    /// # Panics
    /// If the station is not of the timetable.
    pub fn arrival(&self, station: StationIdx) -> Time {
        Time(self.scratch.label(self.scratch.top(), station.idx()).arrival())
    }

    /// Fewest trips among journeys achieving the earliest arrival, `None`
    /// when unreachable (`Some(0)` at a source or on foot from one).
    pub fn boardings(&self, station: StationIdx) -> Option<u32> {
        boardings(self.scratch, station.idx())
    }

    /// A journey achieving the earliest arrival with the fewest trips.
    pub fn journey(&self, station: StationIdx) -> Option<Journey> {
        journey::reconstruct(self.solver, self.scratch, station.idx())
    }
}

/// Latest departures from a reverse query ([`Solver::latest_departure`]).
#[derive(Debug)]
pub struct Departures<'s> {
    scratch: &'s Scratch,
}

impl Departures<'_> {
    /// Latest departure from `station` that reaches the targets in time,
    /// `None` when none does.
    ///
    /// # Panics
    /// If the station is not of the timetable.
    pub fn departure(&self, station: StationIdx) -> Option<Time> {
        let a = self.scratch.label(self.scratch.top(), station.idx()).arrival();
        (a != NEVER).then(|| Time(MIRROR - a))
    }

    /// Fewest trips among journeys achieving the latest departure.
    pub fn boardings(&self, station: StationIdx) -> Option<u32> {
        boardings(self.scratch, station.idx())
    }
}

fn boardings(scratch: &Scratch, s: usize) -> Option<u32> {
    let best = scratch.label(scratch.top(), s).arrival();
    if best == NEVER {
        return None;
    }
    (0..=scratch.top()).find(|&k| scratch.label(k, s).arrival() == best).map(|k| k as u32)
}
