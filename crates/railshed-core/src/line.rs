//! Lines: service patterns over stations.

use crate::{StationIdx, TagIdx, Time};

/// One call of a line at a station.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Where the train calls.
    pub station: StationIdx,
    /// Seconds between arrival and departure. Zero at the first and last call.
    pub dwell: u32,
    /// Passengers may board here.
    pub pickup: bool,
    /// Passengers may alight here.
    pub dropoff: bool,
}

impl Call {
    /// A call with no dwell where passengers may board and alight.
    pub fn at(station: StationIdx) -> Call {
        Call { station, dwell: 0, pickup: true, dropoff: true }
    }
}

/// One departure of an explicit timetable.
#[derive(Clone, Debug, PartialEq)]
pub struct Departure {
    /// Departure time from the first call.
    pub time: Time,
    /// The trip id to use (GTFS `trip_id`, CIF train UID); generated if absent.
    pub id: Option<String>,
}

/// A headway: trains per hour over a period of the day.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadwayPeriod {
    /// First possible departure.
    pub from: Time,
    /// Departures happen strictly before this.
    pub to: Time,
    /// Trains per hour; the headway is `3600 / tph` seconds.
    pub tph: f64,
    /// Seconds after `from` of the first departure (the phase).
    pub offset: u32,
}

impl HeadwayPeriod {
    /// Departure times, deterministically: `from + offset + round(k * 3600 / tph)`
    /// for `k = 0, 1, ...` while before `to`.
    pub fn departures(&self) -> impl Iterator<Item = Time> + '_ {
        let headway = if self.tph > 0.0 && self.tph.is_finite() { 3600.0 / self.tph } else { f64::INFINITY };
        let start = self.from.secs() as f64 + self.offset as f64;
        let end = self.to.secs() as f64;
        (0u32..)
            .map(move |k| start + (k as f64 * headway).round())
            .take_while(move |&t| t < end && t.is_finite())
            .map(|t| Time(t as u32))
    }
}

/// When a line's trains depart from its first call.
#[derive(Clone, Debug, PartialEq)]
pub enum Service {
    /// Regular intervals over one or more periods.
    Headway(Vec<HeadwayPeriod>),
    /// An explicit list of departures, in increasing order.
    Departures(Vec<Departure>),
}

impl Service {
    /// All departure times with their ids where given, in the order stated.
    pub fn expand(&self) -> Vec<(Time, Option<&str>)> {
        match self {
            Service::Headway(periods) => {
                periods.iter().flat_map(|p| p.departures().map(|t| (t, None))).collect()
            }
            Service::Departures(deps) => deps.iter().map(|d| (d.time, d.id.as_deref())).collect(),
        }
    }

    /// The number of departures, counted lazily up to `limit + 1` (so an
    /// absurd service costs no more than the limit to count).
    pub fn count_up_to(&self, limit: usize) -> usize {
        match self {
            Service::Headway(periods) => {
                let mut n = 0;
                for p in periods {
                    n += p.departures().take(limit + 1 - n).count();
                    if n > limit {
                        break;
                    }
                }
                n
            }
            Service::Departures(deps) => deps.len().min(limit + 1),
        }
    }

    /// The same service `secs` later (negative: earlier, saturating at
    /// midnight); departures keep their ids.
    pub fn shifted(&self, secs: i64) -> Service {
        let shift = |t: Time| Time((t.secs() as i64 + secs).clamp(0, Time::MAX_SERVICE.secs() as i64) as u32);
        match self {
            Service::Headway(periods) => Service::Headway(
                periods
                    .iter()
                    .map(|p| HeadwayPeriod { from: shift(p.from), to: shift(p.to), ..p.clone() })
                    .collect(),
            ),
            Service::Departures(deps) => Service::Departures(
                deps.iter().map(|d| Departure { time: shift(d.time), id: d.id.clone() }).collect(),
            ),
        }
    }

    /// The same service with every departure id dropped (ids are then generated).
    pub fn without_ids(&self) -> Service {
        match self {
            Service::Headway(_) => self.clone(),
            Service::Departures(deps) => {
                Service::Departures(deps.iter().map(|d| Departure { time: d.time, id: None }).collect())
            }
        }
    }
}

/// A line: an ordered list of calls with running times, run by a [`Service`]
/// outbound and, optionally, in the reverse order inbound.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Unique id within a network.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Train operator.
    pub operator: String,
    /// The scheme the line belongs to.
    pub tag: TagIdx,
    /// Calls in outbound order; at least two.
    pub calls: Vec<Call>,
    /// Running seconds between consecutive calls: `calls.len() - 1` entries.
    pub run: Vec<u32>,
    /// Departures from the first call.
    pub outbound: Service,
    /// Departures from the last call, running the calls in reverse.
    pub inbound: Option<Service>,
    /// Where the figures come from.
    pub source: String,
}

/// A place within a line, for problem reports.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum LineSpot {
    /// The line as a whole.
    Whole,
    /// The id of the line.
    Id,
    /// The call at this position.
    Call(usize),
    /// The running time after the call at this position.
    Run(usize),
    /// The dwell at the call at this position.
    Dwell(usize),
    /// This headway period of the outbound service.
    Period(usize),
    /// This departure of the outbound service.
    Departure(usize),
    /// The inbound service.
    Inbound,
}

impl Line {
    /// Arrival and departure offsets, in seconds from the first departure,
    /// of every call, in running order (reversed when `inbound`).
    pub fn offsets(&self, inbound: bool) -> Vec<(u32, u32)> {
        let n = self.calls.len();
        let mut out = Vec::with_capacity(n);
        let mut t = 0u32;
        for k in 0..n {
            let (call, run_before) = if inbound {
                (n - 1 - k, if k == 0 { 0 } else { self.run[n - 1 - k] })
            } else {
                (k, if k == 0 { 0 } else { self.run[k - 1] })
            };
            t = t.saturating_add(run_before);
            let dwell = if k == 0 || k == n - 1 { 0 } else { self.calls[call].dwell };
            out.push((t, t.saturating_add(dwell)));
            t = t.saturating_add(dwell);
        }
        out
    }

    /// Calls in running order (reversed when `inbound`).
    pub fn calls_in_order(&self, inbound: bool) -> Vec<&Call> {
        if inbound { self.calls.iter().rev().collect() } else { self.calls.iter().collect() }
    }

    /// Seconds from the first departure to the last arrival.
    pub fn journey_secs(&self) -> u32 {
        self.offsets(false).last().map_or(0, |o| o.0)
    }

    /// Stop times per day, both directions, counted lazily up to `limit + 1`
    /// trips a direction.
    pub fn stop_times_up_to(&self, limit: usize) -> usize {
        let trips =
            self.outbound.count_up_to(limit) + self.inbound.as_ref().map_or(0, |s| s.count_up_to(limit));
        trips.saturating_mul(self.calls.len())
    }

    /// Trips per day, both directions.
    pub fn trips_per_day(&self) -> usize {
        self.outbound.expand().len() + self.inbound.as_ref().map_or(0, |s| s.expand().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, to: &str, tph: f64, offset_min: u32) -> HeadwayPeriod {
        HeadwayPeriod {
            from: Time::parse(from).unwrap(),
            to: Time::parse(to).unwrap(),
            tph,
            offset: offset_min * 60,
        }
    }

    fn check(p: HeadwayPeriod, expect: &str) {
        let got: Vec<String> = p.departures().map(|t| t.to_string()).collect();
        assert_eq!(got.join(" "), expect);
    }

    #[test]
    fn headway_expands_deterministically() {
        check(period("06:00", "08:00", 2.0, 10), "06:10:00 06:40:00 07:10:00 07:40:00");
        check(period("06:00", "07:00", 3.0, 0), "06:00:00 06:20:00 06:40:00");
        check(period("06:00", "06:00", 3.0, 0), "");
        check(period("23:30", "25:00", 1.0, 15), "23:45:00 24:45:00");
        // 7 trains an hour: 514.29 s apart, rounded to the second from the period start.
        check(
            period("06:00", "07:00", 7.0, 0),
            "06:00:00 06:08:34 06:17:09 06:25:43 06:34:17 06:42:51 06:51:26",
        );
        check(period("06:00", "07:00", 0.0, 0), "");
    }

    #[test]
    fn offsets_run_both_ways() {
        let call = |s, dwell| Call { station: StationIdx(s), dwell, pickup: true, dropoff: true };
        let line = Line {
            id: "l".into(),
            name: "l".into(),
            operator: "o".into(),
            tag: TagIdx(0),
            calls: vec![call(0, 0), call(1, 60), call(2, 120), call(3, 0)],
            run: vec![600, 300, 900],
            outbound: Service::Departures(vec![]),
            inbound: None,
            source: String::new(),
        };
        assert_eq!(line.offsets(false), vec![(0, 0), (600, 660), (960, 1080), (1980, 1980)]);
        assert_eq!(line.offsets(true), vec![(0, 0), (900, 1020), (1320, 1380), (1980, 1980)]);
        assert_eq!(line.journey_secs(), 1980);
    }
}
