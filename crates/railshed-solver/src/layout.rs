//! The scan-friendly layout of a [`Timetable`].
//!
//! A `Layout` groups trips into *routes*: trips with the same sequence of
//! stations and the same pickup/drop-off pattern, sorted by departure and
//! split wherever one trip would overtake another, so that within a route
//! the arrival and departure times at every stop never decrease from one trip
//! to the next (FIFO). Everything is struct-of-arrays with dense `u32`
//! indices:
//!
//! - `routes`: one small `Route` record per route (where its stops, trips
//!   and times start), so one cache line tells the scan everything;
//! - `stops` / `flags`: the stations and pickup/drop-off bits of each
//!   route's stops, route after route;
//! - `arr`: arrival times **trip-major** (a trip's times are contiguous, for
//!   the scan along a trip); `dep`: departure times **stop-major** (one stop's
//!   departures of all trips are contiguous and sorted, for the binary search
//!   of the earliest trip to board);
//! - station → (route, position, last departure there) and footpaths in CSR
//!   form; the last departure lets a round skip a route it cannot board.
//!
//! The same builder makes the *mirrored* layout used by reverse searches:
//! time runs backwards (`t' = MIRROR - t`), every trip's stops are reversed,
//! pickup and drop-off swap and footpaths point the other way. A latest-
//! departure search is then exactly an earliest-arrival search on the mirror.

use std::collections::HashMap;

use railshed_core::{Time, Timetable, TripIdx};

/// Passengers may board at this route stop.
pub(crate) const PICKUP: u8 = 1;
/// Passengers may alight at this route stop.
pub(crate) const DROPOFF: u8 = 2;

/// Times are mirrored around this instant in the reverse layout. Far above
/// [`Time::MAX_SERVICE`] (so every mirrored time of a valid timetable is
/// positive) and far below `u32::MAX` (so adding change and walk times never
/// overflows).
pub(crate) const MIRROR: u32 = 4 * Time::MAX_SERVICE.0;

/// Trips of one calling pattern: the pattern ((station, flags) per stop), each
/// trip's (arrival, departure) per stop, and the trips.
type Group = (Vec<(u32, u8)>, Vec<Vec<(u32, u32)>>, Vec<TripIdx>);

/// A route through a station, as the station's list has it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct StopRoute {
    /// The route.
    pub(crate) route: u32,
    /// Position of the station among the route's stops.
    pub(crate) pos: u32,
    /// One more than the route's last departure here, or 0 where nobody may
    /// board: a traveller ready at `t` can board some trip here iff
    /// `t < board_before`. Lets a round skip routes it cannot board.
    pub(crate) board_before: u32,
}

/// Where one route's data lives in the flat arrays of a [`Layout`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    /// First stop in `Layout::stops` / `Layout::flags`.
    pub(crate) stop_start: u32,
    /// Number of stops (at least two).
    pub(crate) n_stops: u32,
    /// First trip in `Layout::trip_idx`.
    pub(crate) trip_start: u32,
    /// Number of trips (at least one).
    pub(crate) n_trips: u32,
    /// First time in `Layout::arr` and `Layout::dep` (`n_stops * n_trips` of each).
    pub(crate) time_start: u32,
}

/// A timetable laid out for RAPTOR (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// Minimum change time per station, seconds.
    pub(crate) min_change: Vec<u32>,
    pub(crate) routes: Vec<Route>,
    /// Station of each route stop.
    pub(crate) stops: Vec<u32>,
    /// [`PICKUP`] | [`DROPOFF`] bits of each route stop.
    pub(crate) flags: Vec<u8>,
    /// The timetable trip of each layout trip.
    pub(crate) trip_idx: Vec<TripIdx>,
    /// Arrivals, trip-major within each route: `time_start + trip * n_stops + stop`.
    pub(crate) arr: Vec<u32>,
    /// Departures, stop-major within each route: `time_start + stop * n_trips + trip`.
    pub(crate) dep: Vec<u32>,
    /// CSR offsets (one per station, plus one) into `station_routes`.
    pub(crate) station_route_start: Vec<u32>,
    /// The routes through each station.
    pub(crate) station_routes: Vec<StopRoute>,
    /// CSR offsets (one per station, plus one) into `board_routes`.
    pub(crate) board_start: Vec<u32>,
    /// The routes through each station that someone may board there (the
    /// entries of `station_routes` with `board_before > 0`), latest
    /// `board_before` first: what a round marks, without the entries it
    /// could only skip.
    pub(crate) board_routes: Vec<StopRoute>,
    /// CSR offsets (one per station, plus one) into `fp_to` / `fp_secs`.
    pub(crate) fp_start: Vec<u32>,
    /// Footpath destination stations.
    pub(crate) fp_to: Vec<u32>,
    /// Footpath walking times, seconds.
    pub(crate) fp_secs: Vec<u32>,
}

impl Layout {
    /// Lays out `tt` (forward in time, or mirrored for reverse searches).
    pub(crate) fn build(tt: &Timetable, mirrored: bool) -> Layout {
        let n = tt.stations.len();
        let time = |t: Time| if mirrored { MIRROR - t.0 } else { t.0 };

        // Group trips by (stations, flags) in order of first appearance (deterministic).
        let mut group_of: HashMap<Vec<(u32, u8)>, usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for i in 0..tt.trips.len() {
            let trip = TripIdx::new(i);
            let st = tt.stop_times_of(trip);
            let mut key: Vec<(u32, u8)> = Vec::with_capacity(st.len());
            let mut times: Vec<(u32, u32)> = Vec::with_capacity(st.len());
            for s in st {
                let mut f = 0;
                let (board, alight) = if mirrored { (s.dropoff, s.pickup) } else { (s.pickup, s.dropoff) };
                if board {
                    f |= PICKUP;
                }
                if alight {
                    f |= DROPOFF;
                }
                key.push((s.station.0, f));
                times.push(if mirrored { (time(s.dep), time(s.arr)) } else { (time(s.arr), time(s.dep)) });
            }
            if mirrored {
                key.reverse();
                times.reverse();
            }
            // Nobody boards at the last stop or alights at the first.
            if let Some(last) = key.last_mut() {
                last.1 &= !PICKUP;
            }
            key[0].1 &= !DROPOFF;
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push((key, Vec::new(), Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(times);
            groups[g].2.push(trip);
        }

        let mut layout = Layout {
            min_change: tt.stations.iter().map(|s| s.min_change).collect(),
            routes: Vec::new(),
            stops: Vec::new(),
            flags: Vec::new(),
            trip_idx: Vec::new(),
            arr: Vec::new(),
            dep: Vec::new(),
            station_route_start: Vec::new(),
            station_routes: Vec::new(),
            board_start: Vec::new(),
            board_routes: Vec::new(),
            fp_start: Vec::new(),
            fp_to: Vec::new(),
            fp_secs: Vec::new(),
        };
        for (key, times, trips) in groups {
            // Sort by departure from the first stop, then by every time, then by trip.
            let mut order: Vec<usize> = (0..trips.len()).collect();
            order.sort_by(|&a, &b| times[a].cmp(&times[b]).then(trips[a].cmp(&trips[b])));
            // First fit into FIFO sub-routes: a trip joins the first sub-route whose
            // last trip it neither overtakes nor is overtaken by.
            let mut subs: Vec<Vec<usize>> = Vec::new();
            for &t in &order {
                let fits = |sub: &Vec<usize>| {
                    let last = &times[*sub.last().expect("sub-routes are never empty")];
                    last.iter().zip(&times[t]).all(|(l, c)| l.0 <= c.0 && l.1 <= c.1)
                };
                match subs.iter_mut().find(|s| fits(s)) {
                    Some(sub) => sub.push(t),
                    None => subs.push(vec![t]),
                }
            }
            for sub in subs {
                layout.push_route(&key, &times, &trips, &sub);
            }
        }

        // Station → (route, position), by counting sort on station.
        let mut count = vec![0u32; n + 1];
        for &s in &layout.stops {
            count[s as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        layout.station_route_start = count.clone();
        layout.station_routes = vec![StopRoute { route: 0, pos: 0, board_before: 0 }; layout.stops.len()];
        for (r, route) in layout.routes.iter().enumerate() {
            for p in 0..route.n_stops {
                let s = layout.stops[(route.stop_start + p) as usize] as usize;
                let board_before = if layout.flags[(route.stop_start + p) as usize] & PICKUP != 0 {
                    layout.dep_at(route, route.n_trips - 1, p) + 1
                } else {
                    0
                };
                layout.station_routes[count[s] as usize] =
                    StopRoute { route: r as u32, pos: p, board_before };
                count[s] += 1;
            }
        }

        // The boardable entries, station by station.
        layout.board_start = Vec::with_capacity(n + 1);
        layout.board_start.push(0);
        for s in 0..n {
            let r = layout.station_route_start[s] as usize..layout.station_route_start[s + 1] as usize;
            let from = layout.board_routes.len();
            layout.board_routes.extend(layout.station_routes[r].iter().filter(|sr| sr.board_before > 0));
            // Latest last departure first: a round stops at the first route it cannot board.
            layout.board_routes[from..]
                .sort_unstable_by_key(|sr| (std::cmp::Reverse(sr.board_before), sr.route));
            layout.board_start.push(layout.board_routes.len() as u32);
        }

        // Footpaths in CSR, reversed in the mirror.
        let mut paths: Vec<(u32, u32, u32)> = tt
            .footpaths
            .iter()
            .map(|f| if mirrored { (f.to.0, f.from.0, f.secs) } else { (f.from.0, f.to.0, f.secs) })
            .collect();
        paths.sort_unstable();
        layout.fp_start = vec![0; n + 1];
        for &(from, _, _) in &paths {
            layout.fp_start[from as usize + 1] += 1;
        }
        for i in 0..n {
            layout.fp_start[i + 1] += layout.fp_start[i];
        }
        layout.fp_to = paths.iter().map(|p| p.1).collect();
        layout.fp_secs = paths.iter().map(|p| p.2).collect();
        layout
    }

    fn push_route(&mut self, key: &[(u32, u8)], times: &[Vec<(u32, u32)>], trips: &[TripIdx], sub: &[usize]) {
        let n_stops = key.len();
        let route = Route {
            stop_start: self.stops.len() as u32,
            n_stops: n_stops as u32,
            trip_start: self.trip_idx.len() as u32,
            n_trips: sub.len() as u32,
            time_start: self.arr.len() as u32,
        };
        self.stops.extend(key.iter().map(|k| k.0));
        self.flags.extend(key.iter().map(|k| k.1));
        self.trip_idx.extend(sub.iter().map(|&t| trips[t]));
        for &t in sub {
            self.arr.extend(times[t].iter().map(|x| x.0));
        }
        for (stop, _) in key.iter().enumerate() {
            self.dep.extend(sub.iter().map(|&t| times[t][stop].1));
        }
        self.routes.push(route);
    }

    /// Number of stations.
    pub(crate) fn n_stations(&self) -> usize {
        self.min_change.len()
    }

    /// The routes through a station.
    #[inline]
    pub(crate) fn routes_at(&self, station: usize) -> &[StopRoute] {
        &self.station_routes
            [self.station_route_start[station] as usize..self.station_route_start[station + 1] as usize]
    }

    /// The routes someone may board at a station.
    #[inline]
    pub(crate) fn boardable_at(&self, station: usize) -> &[StopRoute] {
        &self.board_routes[self.board_start[station] as usize..self.board_start[station + 1] as usize]
    }

    /// The footpaths leaving a station: (to, seconds).
    #[inline]
    pub(crate) fn footpaths(&self, station: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let r = self.fp_start[station] as usize..self.fp_start[station + 1] as usize;
        self.fp_to[r.clone()].iter().copied().zip(self.fp_secs[r].iter().copied())
    }

    /// Whether some trip of the route leaves the station's stop `sr` at a
    /// time in `[from, to)`.
    #[inline]
    pub(crate) fn departs_in(&self, sr: &StopRoute, from: u32, to: u32) -> bool {
        let route = &self.routes[sr.route as usize];
        let nt = route.n_trips as usize;
        let first = route.time_start as usize + sr.pos as usize * nt;
        let col = &self.dep[first..first + nt];
        col.get(col.partition_point(|&d| d < from)).is_some_and(|&d| d < to)
    }

    /// Arrival of layout trip `trip` (index within its route) at stop `stop`.
    #[inline]
    pub(crate) fn arr_at(&self, route: &Route, trip: u32, stop: u32) -> u32 {
        self.arr[(route.time_start + trip * route.n_stops + stop) as usize]
    }

    /// Departure of layout trip `trip` (index within its route) at stop `stop`.
    #[inline]
    pub(crate) fn dep_at(&self, route: &Route, trip: u32, stop: u32) -> u32 {
        self.dep[(route.time_start + stop * route.n_trips + trip) as usize]
    }

    /// Bytes held by the arrays (for the documentation of memory use).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.min_change.len() * 4
            + self.routes.len() * std::mem::size_of::<Route>()
            + self.stops.len() * 4
            + self.flags.len()
            + self.trip_idx.len() * 4
            + (self.arr.len() + self.dep.len()) * 4
            + self.station_route_start.len() * 4
            + self.station_routes.len() * std::mem::size_of::<StopRoute>()
            + self.board_start.len() * 4
            + self.board_routes.len() * std::mem::size_of::<StopRoute>()
            + self.fp_start.len() * 4
            + (self.fp_to.len() + self.fp_secs.len()) * 4
    }
}
