//! Journeys: the legs behind an earliest arrival.
//!
//! Queries store no parent pointers (that would slow every query down);
//! a journey is recovered afterwards from the final labels, walking back
//! from the destination: an arrival by trip at round `k` was made by some
//! trip of a route through the station arriving at exactly that time, boarded
//! at an earlier stop whose `ready` label of round `k - 1` is no later than
//! the trip's departure there; an arrival on foot came from a source, or
//! from a footpath after a trip arrival of the same round. Labels only ever
//! fall to values that such a step achieves, so the walk back always ends at
//! a source, with as many trips as the destination's boardings.

use railshed_core::{StationIdx, Time, TripIdx};

use crate::Solver;
use crate::layout::{DROPOFF, PICKUP, StopRoute};
use crate::raptor::{NEVER, Scratch};

/// One leg of a [`Journey`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Leg {
    /// Riding a trip.
    Ride {
        /// The timetable trip.
        trip: TripIdx,
        /// Where it is boarded.
        from: StationIdx,
        /// Where it is left.
        to: StationIdx,
        /// Its departure where boarded.
        departure: Time,
        /// Its arrival where left.
        arrival: Time,
        /// Position of the boarding call among the trip's stop times.
        board_call: u32,
        /// Position of the alighting call among the trip's stop times.
        alight_call: u32,
    },
    /// Walking a footpath.
    Walk {
        /// Where the walk starts.
        from: StationIdx,
        /// Where it ends.
        to: StationIdx,
        /// When it starts.
        departure: Time,
        /// When it ends (`departure` plus the footpath's seconds).
        arrival: Time,
    },
}

impl Leg {
    /// When the leg starts.
    pub fn departure(&self) -> Time {
        match self {
            Leg::Ride { departure, .. } | Leg::Walk { departure, .. } => *departure,
        }
    }

    /// When the leg ends.
    pub fn arrival(&self) -> Time {
        match self {
            Leg::Ride { arrival, .. } | Leg::Walk { arrival, .. } => *arrival,
        }
    }
}

/// A journey achieving a station's earliest arrival with the fewest trips.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Journey {
    /// The source it starts from.
    pub origin: StationIdx,
    /// When it leaves the source: the first leg's departure (a first walk
    /// leaves just in time for the trip after it), or the source's time when
    /// there are no legs.
    pub departure: Time,
    /// When it reaches the destination.
    pub arrival: Time,
    /// Trips boarded (the number of [`Leg::Ride`]s).
    pub boardings: u32,
    /// The legs in order.
    pub legs: Vec<Leg>,
}

enum Step {
    Trip(usize, usize, u32),
    Walk(usize, usize, u32),
}

/// The journey to `dest` behind the labels of the last forward query in `scratch`.
pub(crate) fn reconstruct(solver: &Solver, scratch: &Scratch, dest: usize) -> Option<Journey> {
    let fwd = &solver.fwd;
    let top = scratch.top();
    let arrival = scratch.label(top, dest).arrival();
    if arrival == NEVER {
        return None;
    }
    let k = (0..=top).find(|&k| scratch.label(k, dest).arrival() == arrival)?;
    let mut legs = Vec::new();
    let mut step = if scratch.label(k, dest).walk == arrival {
        Step::Walk(dest, k, arrival)
    } else {
        Step::Trip(dest, k, arrival)
    };
    let origin = loop {
        match step {
            Step::Walk(s, k, a) => {
                if scratch.sources.iter().any(|&(x, t)| x as usize == s && t == a) {
                    break s;
                }
                // A footpath from a source?
                let from_source = scratch.sources.iter().find_map(|&(x, t)| {
                    fwd.footpaths(x as usize)
                        .find(|&(to, w)| to as usize == s && t.saturating_add(w) == a)
                        .map(|(_, w)| (x as usize, t, w))
                });
                if let Some((x, t, _)) = from_source {
                    legs.push(walk(x, s, t, a));
                    break x;
                }
                // A footpath after a trip (the mirror's footpaths are the incoming ones).
                let (x, tx) = solver.rev.footpaths(s).find_map(|(x, w)| {
                    let tx = scratch.label(k, x as usize).trip;
                    (tx != NEVER && tx.saturating_add(w) == a).then_some((x as usize, tx))
                })?;
                legs.push(walk(x, s, tx, a));
                step = Step::Trip(x, k, tx);
            }
            Step::Trip(s, k, a) => {
                let (leg, board, d) = find_ride(solver, scratch, s, k, a)?;
                legs.push(leg);
                let l = scratch.label(k - 1, board);
                step = if l.trip != NEVER && l.trip.saturating_add(fwd.min_change[board]) <= d {
                    Step::Trip(board, k - 1, l.trip)
                } else {
                    Step::Walk(board, k - 1, l.walk)
                };
            }
        }
    };
    legs.reverse();
    // A first walk leaves just in time for the trip after it.
    if let [Leg::Walk { departure, arrival, .. }, Leg::Ride { departure: ride, .. }, ..] = legs.as_mut_slice()
    {
        let secs = arrival.0 - departure.0;
        *departure = Time(ride.0 - secs);
        *arrival = *ride;
    }
    let start = scratch.sources.iter().filter(|&&(x, _)| x as usize == origin).map(|&(_, t)| t).min();
    let departure = legs.first().map(Leg::departure).or(start.map(Time))?;
    let boardings = legs.iter().filter(|l| matches!(l, Leg::Ride { .. })).count() as u32;
    Some(Journey { origin: StationIdx::new(origin), departure, arrival: Time(arrival), boardings, legs })
}

fn walk(from: usize, to: usize, dep: u32, arr: u32) -> Leg {
    Leg::Walk {
        from: StationIdx::new(from),
        to: StationIdx::new(to),
        departure: Time(dep),
        arrival: Time(arr),
    }
}

/// A trip arriving at `s` at exactly `a`, boarded where round `k - 1` was
/// ready in time: the leg, the boarding station and the departure there.
fn find_ride(solver: &Solver, scratch: &Scratch, s: usize, k: usize, a: u32) -> Option<(Leg, usize, u32)> {
    let fwd = &solver.fwd;
    for &StopRoute { route: r, pos: p, .. } in fwd.routes_at(s) {
        let route = &fwd.routes[r as usize];
        if fwd.flags[(route.stop_start + p) as usize] & DROPOFF == 0 {
            continue;
        }
        for t in 0..route.n_trips {
            if fwd.arr_at(route, t, p) != a {
                continue;
            }
            for j in (0..p).rev() {
                if fwd.flags[(route.stop_start + j) as usize] & PICKUP == 0 {
                    continue;
                }
                let board = fwd.stops[(route.stop_start + j) as usize] as usize;
                let d = fwd.dep_at(route, t, j);
                if scratch.label(k - 1, board).ready <= d {
                    let leg = Leg::Ride {
                        trip: fwd.trip_idx[(route.trip_start + t) as usize],
                        from: StationIdx::new(board),
                        to: StationIdx::new(s),
                        departure: Time(d),
                        arrival: Time(a),
                        board_call: j,
                        alight_call: p,
                    };
                    return Some((leg, board, d));
                }
            }
        }
    }
    None
}
