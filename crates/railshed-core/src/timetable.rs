//! The compiled timetable of one service day.

use crate::{LineIdx, Station, StationIdx, Time, TripIdx};

/// A walking connection between two stations, in seconds.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Footpath {
    /// Where the walk starts.
    pub from: StationIdx,
    /// Where it ends.
    pub to: StationIdx,
    /// Walking time in seconds.
    pub secs: u32,
}

/// What a trip belongs to: a line of the network, or a route of an imported feed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LineInfo {
    /// Line id (GTFS `route_id` for imported feeds).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Operator.
    pub operator: String,
    /// Scheme tag name (`existing`, `npr-tfn`, ...).
    pub tag: String,
}

/// One trip: a run of [`StopTime`]s.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Trip {
    /// The line it belongs to.
    pub line: LineIdx,
    /// Trip id (generated, GTFS `trip_id` or CIF train UID).
    pub id: String,
    /// Index of its first stop time in [`Timetable::stop_times`].
    pub first: u32,
    /// Number of stop times; at least two.
    pub len: u32,
}

/// A trip's call at a station.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct StopTime {
    /// Where.
    pub station: StationIdx,
    /// Arrival.
    pub arr: Time,
    /// Departure; not before `arr`.
    pub dep: Time,
    /// Passengers may board.
    pub pickup: bool,
    /// Passengers may alight.
    pub dropoff: bool,
}

/// A service day's timetable in dense arrays, whatever it was made from
/// (a railshed network, GTFS or CIF).
///
/// Invariants: every index is in range; every trip has at least two stop
/// times; within a trip `arr <= dep` at each call and `dep` of one call is
/// not after `arr` of the next; every time is at most [`Time::MAX_SERVICE`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timetable {
    /// Stations; index `i` is `StationIdx(i)`.
    pub stations: Vec<Station>,
    /// Walking connections, sorted by (from, to).
    pub footpaths: Vec<Footpath>,
    /// Lines; index `i` is `LineIdx(i)`.
    pub lines: Vec<LineInfo>,
    /// Trips; index `i` is `TripIdx(i)`.
    pub trips: Vec<Trip>,
    /// Stop times of all trips, trip after trip.
    pub stop_times: Vec<StopTime>,
}

impl Timetable {
    /// The stop times of a trip.
    pub fn stop_times_of(&self, trip: TripIdx) -> &[StopTime] {
        let t = &self.trips[trip.idx()];
        &self.stop_times[t.first as usize..(t.first + t.len) as usize]
    }

    /// The first invariant violation, if any, naming the trip or footpath.
    pub fn check(&self) -> Result<(), TimetableError> {
        let n = self.stations.len();
        for f in &self.footpaths {
            if f.from.idx() >= n || f.to.idx() >= n {
                return Err(TimetableError::FootpathStation { from: f.from.0, to: f.to.0 });
            }
        }
        for (i, trip) in self.trips.iter().enumerate() {
            let trip_id = || trip.id.clone();
            if trip.line.idx() >= self.lines.len() {
                return Err(TimetableError::MissingLine { trip: trip_id() });
            }
            if trip.len < 2 || (trip.first as usize + trip.len as usize) > self.stop_times.len() {
                return Err(TimetableError::StopTimeRange { trip: trip_id() });
            }
            let st = self.stop_times_of(TripIdx::new(i));
            for (k, s) in st.iter().enumerate() {
                if s.station.idx() >= n {
                    return Err(TimetableError::MissingStation { trip: trip_id() });
                }
                if s.dep < s.arr || s.dep > Time::MAX_SERVICE {
                    return Err(TimetableError::DepartsBeforeArrival { trip: trip_id(), call: k });
                }
                if k > 0 && s.arr < st[k - 1].dep {
                    return Err(TimetableError::BackInTime { trip: trip_id(), call: k });
                }
            }
        }
        Ok(())
    }
}

/// An invariant of a compiled [`Timetable`] that does not hold (a bug in
/// what built it), naming the footpath or trip.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimetableError {
    /// A footpath between station indices, one of them out of range.
    #[error("footpath {from}→{to} refers to a missing station")]
    FootpathStation {
        /// Its station index at one end.
        from: u32,
        /// Its station index at the other.
        to: u32,
    },
    /// A trip's line index is out of range.
    #[error("trip {trip:?} refers to a missing line")]
    MissingLine {
        /// The trip's id.
        trip: String,
    },
    /// A trip has fewer than two stop times, or runs past the end of them.
    #[error("trip {trip:?} has a bad stop-time range")]
    StopTimeRange {
        /// The trip's id.
        trip: String,
    },
    /// A trip calls at a station index out of range.
    #[error("trip {trip:?} calls at a missing station")]
    MissingStation {
        /// The trip's id.
        trip: String,
    },
    /// A call departs before it arrives, or after the end of the service day.
    #[error("trip {trip:?} departs before it arrives at call {call}")]
    DepartsBeforeArrival {
        /// The trip's id.
        trip: String,
        /// The call, from 0.
        call: usize,
    },
    /// A call arrives before the previous one departs.
    #[error("trip {trip:?} goes back in time at call {call}")]
    BackInTime {
        /// The trip's id.
        trip: String,
        /// The call, from 0.
        call: usize,
    },
}
