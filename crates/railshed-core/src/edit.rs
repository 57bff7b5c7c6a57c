//! Editing a network in place: the operations scenario modifications are made of.
//!
//! Each operation either succeeds or leaves the network unchanged. Timings
//! are not re-checked here: callers that want the rules of
//! [`Network::check_line`] applied to an edited line call it themselves.

use petgraph::graph::NodeIndex;

use crate::limits::{MAX_CALLS_PER_LINE, MAX_STATIONS, MAX_STOP_TIMES, MAX_TRIPS_PER_LINE, thousands};
use crate::line::{Call, Departure, Line, Service};
use crate::network::{Network, Walk, haversine_km};
use crate::{Station, StationIdx, Time};

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// No line has this id (messages leave the line to the caller to name).
    #[error("no such line")]
    UnknownLine(String),
    /// The line does not call at the station.
    #[error("does not call at {station}")]
    NotOnLine {
        /// The line.
        line: String,
        /// The station's id.
        station: String,
    },
    /// The line does not run directly between the two stations.
    #[error("does not run directly between {a} and {b}")]
    NotConsecutive {
        /// The line.
        line: String,
        /// Station id.
        a: String,
        /// Station id.
        b: String,
    },
    /// No track joins the two stations directly.
    #[error("no link between {0} and {1}")]
    NoLink(String, String),
    /// A number out of its range.
    #[error("{0}")]
    OutOfRange(String),
    /// A station id is taken.
    #[error("duplicate station id {0:?}")]
    DuplicateStation(String),
    /// The edit would take the network past one of [`crate::limits`].
    #[error("{0}")]
    Limit(String),
}

/// A window of the service day: `[from, to)`.
pub type TimeSpan = (Time, Time);

fn in_window(t: Time, w: Option<TimeSpan>) -> bool {
    w.is_none_or(|(from, to)| from <= t && t < to)
}

/// The service as explicit departures (ids kept where given).
fn explicit(service: &Service) -> Vec<Departure> {
    match service {
        Service::Departures(d) => d.clone(),
        Service::Headway(_) => {
            let mut times: Vec<Time> = service.expand().into_iter().map(|(t, _)| t).collect();
            times.sort();
            times.dedup();
            times.into_iter().map(|time| Departure { time, id: None }).collect()
        }
    }
}

/// A service run every `60/tph` minutes over a window; see [`Network::set_frequency`].
fn retime(service: &Service, tph: f64, window: Option<TimeSpan>) -> Service {
    let deps = explicit(service);
    let Some(last) = deps.last().map(|d| d.time) else { return service.clone() };
    let (from, to) = window.unwrap_or((deps[0].time, last.plus(1)));
    let start = deps.iter().map(|d| d.time).find(|&t| from <= t && t < to).unwrap_or(from);
    let headway = 3600.0 / tph;
    let mut out: Vec<Departure> = deps.into_iter().filter(|d| !in_window(d.time, Some((from, to)))).collect();
    let mut k = 0u32;
    loop {
        let t = Time(start.secs() + (k as f64 * headway).round() as u32);
        if t >= to {
            break;
        }
        out.push(Departure { time: t, id: None });
        k += 1;
    }
    out.sort_by_key(|d| d.time);
    out.dedup_by_key(|d| d.time);
    Service::Departures(out)
}

impl Network {
    fn line_index(&self, id: &str) -> Result<usize, EditError> {
        self.line_position(id).ok_or_else(|| EditError::UnknownLine(id.to_owned()))
    }

    /// Removes the trips of a line departing (from their first call) within
    /// `window`, in both directions; removes the line when none are left.
    /// Returns the number of trips removed.
    pub fn remove_trips(&mut self, line: &str, window: TimeSpan) -> Result<usize, EditError> {
        let i = self.line_index(line)?;
        let l = &mut self.lines_mut()[i];
        let mut removed = 0;
        let mut keep = |service: &Service| {
            let deps = explicit(service);
            let before = deps.len();
            let kept: Vec<Departure> =
                deps.into_iter().filter(|d| !in_window(d.time, Some(window))).collect();
            removed += before - kept.len();
            kept
        };
        let outbound = keep(&l.outbound);
        let inbound = l.inbound.as_ref().map(&mut keep);
        if outbound.is_empty() && inbound.as_ref().is_none_or(Vec::is_empty) {
            self.withdraw_line(line).expect("line exists");
            return Ok(removed);
        }
        let l = &mut self.lines_mut()[i];
        l.outbound = Service::Departures(outbound);
        l.inbound = inbound.map(Service::Departures);
        Ok(removed)
    }

    /// Runs a line at `tph` trains per hour, in both directions, over
    /// `window` (default: from its first to just after its last departure in
    /// each direction). Departures outside the window are kept; inside it,
    /// trains run every `60/tph` minutes from the first departure in the
    /// window (or the window's start when there was none). Refused when the
    /// line's new trips take the network past
    /// [`MAX_STOP_TIMES`](crate::limits::MAX_STOP_TIMES).
    pub fn set_frequency(&mut self, line: &str, tph: f64, window: Option<TimeSpan>) -> Result<(), EditError> {
        if !(tph.is_finite() && tph > 0.0 && tph <= 60.0) {
            return Err(EditError::OutOfRange(format!(
                "trains per hour must be in (0, 60], not {}",
                crate::limits::number(tph)
            )));
        }
        let i = self.line_index(line)?;
        let l = &self.lines()[i];
        let outbound = retime(&l.outbound, tph, window);
        let inbound = l.inbound.as_ref().map(|s| retime(s, tph, window));
        let trips = outbound.count_up_to(MAX_TRIPS_PER_LINE)
            + inbound.as_ref().map_or(0, |s| s.count_up_to(MAX_TRIPS_PER_LINE));
        let before = l.stop_times_up_to(MAX_TRIPS_PER_LINE);
        self.check_stop_times(before, trips.saturating_mul(l.calls.len()))?;
        let l = &mut self.lines_mut()[i];
        l.outbound = outbound;
        l.inbound = inbound;
        Ok(())
    }

    /// Refuses an edit that replaces `before` stop times a day with `after`
    /// when it takes the network past [`MAX_STOP_TIMES`]. The network's
    /// total is counted only when the edit adds stop times.
    fn check_stop_times(&self, before: usize, after: usize) -> Result<(), EditError> {
        if after > before && self.stop_times().saturating_sub(before).saturating_add(after) > MAX_STOP_TIMES {
            return Err(EditError::Limit(format!(
                "would bring the network past {} stop times a day, the limit",
                thousands(MAX_STOP_TIMES)
            )));
        }
        Ok(())
    }

    /// Multiplies every running time of a line by `factor` (rounded to the
    /// second, at least one second).
    pub fn scale_running_times(&mut self, line: &str, factor: f64) -> Result<(), EditError> {
        if !(factor.is_finite() && factor > 0.0 && factor <= 10.0) {
            return Err(EditError::OutOfRange(format!(
                "running-time factor must be in (0, 10], not {}",
                crate::limits::number(factor)
            )));
        }
        let i = self.line_index(line)?;
        for r in &mut self.lines_mut()[i].run {
            *r = ((*r as f64 * factor).round() as u32).max(1);
        }
        Ok(())
    }

    /// Sets the running times of the section of a line from station `from`
    /// to station `to` (in outbound order): `run` has one entry per pair of
    /// consecutive calls in the section.
    pub fn set_section_times(
        &mut self,
        line: &str,
        from: StationIdx,
        to: StationIdx,
        run: &[u32],
    ) -> Result<(), EditError> {
        let i = self.line_index(line)?;
        let l = &self.lines()[i];
        let pos = |s: StationIdx| {
            l.calls.iter().position(|c| c.station == s).ok_or_else(|| EditError::NotOnLine {
                line: line.to_owned(),
                station: self.station(s).id.clone(),
            })
        };
        let (a, b) = (pos(from)?, pos(to)?);
        if b <= a {
            return Err(EditError::OutOfRange(format!(
                "section {}–{} runs against the line's outbound order",
                self.station(from).id,
                self.station(to).id
            )));
        }
        if run.len() != b - a {
            return Err(EditError::OutOfRange(format!(
                "section {}–{} has {} running times, {} given",
                self.station(from).id,
                self.station(to).id,
                b - a,
                run.len()
            )));
        }
        if run.contains(&0) {
            return Err(EditError::OutOfRange("running times must be positive".into()));
        }
        self.lines_mut()[i].run[a..b].copy_from_slice(run);
        Ok(())
    }

    /// Sets the dwell of a line at its intermediate calls: at all of them,
    /// or only at the stations given.
    pub fn set_dwell(&mut self, line: &str, dwell: u32, at: Option<&[StationIdx]>) -> Result<(), EditError> {
        let i = self.line_index(line)?;
        if let Some(stations) = at {
            for &s in stations {
                let l = &self.lines()[i];
                let n = l.calls.len();
                if !l.calls[1..n - 1].iter().any(|c| c.station == s) {
                    return Err(EditError::NotOnLine {
                        line: line.to_owned(),
                        station: format!("{} (as an intermediate call)", self.station(s).id),
                    });
                }
            }
        }
        let l = &mut self.lines_mut()[i];
        let n = l.calls.len();
        for c in &mut l.calls[1..n - 1] {
            if at.is_none_or(|s| s.contains(&c.station)) {
                c.dwell = dwell;
            }
        }
        Ok(())
    }

    /// Opens a new station on the track between `a` and `b`, which must be
    /// linked directly: the station is linked to both (with the link's tag;
    /// lengths split in proportion to the straight lines), and each listed
    /// line that runs directly between `a` and `b` calls there. Its running
    /// time between `a` and `b` is split in proportion to the straight-line
    /// distances, and the call adds `dwell` plus `stop_penalty` seconds (for
    /// braking and accelerating) to the journey. Refused when it would take
    /// the network past a limit of [`crate::limits`]: its stations, the calls
    /// of a listed line, or its stop times a day (each trip of a listed line
    /// gains one).
    pub fn add_station_on_link(
        &mut self,
        station: Station,
        a: StationIdx,
        b: StationIdx,
        lines: &[&str],
        dwell: u32,
        stop_penalty: u32,
    ) -> Result<StationIdx, EditError> {
        if self.station_by_id(&station.id).is_some() {
            return Err(EditError::DuplicateStation(station.id));
        }
        if self.stations().len() >= MAX_STATIONS {
            return Err(EditError::Limit(format!(
                "would bring the network past {} stations, the limit",
                thousands(MAX_STATIONS)
            )));
        }
        let link = self
            .graph()
            .edges_connecting(NodeIndex::new(a.idx()), NodeIndex::new(b.idx()))
            .next()
            .map(|e| e.weight().clone())
            .ok_or_else(|| EditError::NoLink(self.station(a).id.clone(), self.station(b).id.clone()))?;
        let (da, db) =
            (haversine_km(self.station(a).pos, station.pos), haversine_km(station.pos, self.station(b).pos));
        let share = if da + db > 0.0 { da / (da + db) } else { 0.5 };
        // Check every line first, so a failure changes nothing.
        let mut edits = Vec::with_capacity(lines.len());
        for &id in lines {
            let i = self.line_index(id)?;
            let l = &self.lines()[i];
            let j = l
                .calls
                .windows(2)
                .position(|w| {
                    (w[0].station, w[1].station) == (a, b) || (w[0].station, w[1].station) == (b, a)
                })
                .ok_or_else(|| EditError::NotConsecutive {
                    line: id.to_owned(),
                    a: self.station(a).id.clone(),
                    b: self.station(b).id.clone(),
                })?;
            if l.calls.len() >= MAX_CALLS_PER_LINE {
                return Err(EditError::Limit(format!(
                    "would give line {id:?} more than {} calls, the limit",
                    thousands(MAX_CALLS_PER_LINE)
                )));
            }
            edits.push((i, j));
        }
        // Each trip of each line listed gains a stop time.
        let added = (edits.iter())
            .map(|&(i, _)| {
                let l = &self.lines()[i];
                l.outbound.count_up_to(MAX_TRIPS_PER_LINE)
                    + l.inbound.as_ref().map_or(0, |s| s.count_up_to(MAX_TRIPS_PER_LINE))
            })
            .fold(0, usize::saturating_add);
        self.check_stop_times(0, added)?;
        let s = self.add_station(station).map_err(|e| EditError::DuplicateStation(e.to_string()))?;
        self.add_link(a, s, Some(link.km * share), link.tag, link.max_kmh).expect("distinct stations");
        self.add_link(s, b, Some(link.km * (1.0 - share)), link.tag, link.max_kmh)
            .expect("distinct stations");
        for (i, j) in edits {
            let l = &mut self.lines_mut()[i];
            let first_is_a = l.calls[j].station == a;
            let share_first = if first_is_a { share } else { 1.0 - share };
            let total = l.run[j] + stop_penalty;
            let first = ((total as f64 * share_first).round() as u32).clamp(1, total.max(2) - 1);
            l.run[j] = first;
            l.run.insert(j + 1, total - first);
            l.calls.insert(j + 1, Call { station: s, dwell, pickup: true, dropoff: true });
        }
        Ok(s)
    }

    /// Closes a station: every line stops calling there (an intermediate
    /// call's running times are joined and its dwell dropped; a terminal call
    /// is cut off, and a line left with fewer than two calls is withdrawn),
    /// and its walks are removed. The station keeps its index and track.
    /// Returns the ids of the lines changed.
    pub fn close_station(&mut self, s: StationIdx) -> Vec<String> {
        let mut changed = Vec::new();
        let mut emptied = Vec::new();
        for l in self.lines_mut() {
            if !l.calls.iter().any(|c| c.station == s) {
                continue;
            }
            changed.push(l.id.clone());
            close_on_line(l, s);
            if l.calls.len() < 2 {
                emptied.push(l.id.clone());
            }
        }
        for id in emptied {
            self.withdraw_line(&id).expect("line exists");
        }
        self.retain_walks(|w: &Walk| w.from != s && w.to != s);
        changed
    }
}

/// Removes every call of `l` at `s`.
fn close_on_line(l: &mut Line, s: StationIdx) {
    while let Some(j) = l.calls.iter().position(|c| c.station == s) {
        let n = l.calls.len();
        if n <= 2 {
            l.calls.remove(j);
            break;
        }
        if j == 0 {
            // Outbound trains now start at the next call, when they used to leave it.
            let shift = l.run[0] + l.calls[1].dwell;
            l.calls.remove(0);
            l.run.remove(0);
            l.calls[0].dwell = 0;
            l.outbound = l.outbound.shifted(shift as i64);
        } else if j == n - 1 {
            // Inbound trains now start at the call before, when they used to leave it.
            let shift = l.run[n - 2] + l.calls[n - 2].dwell;
            l.calls.pop();
            l.run.pop();
            l.calls[n - 2].dwell = 0;
            l.inbound = l.inbound.as_ref().map(|s| s.shifted(shift as i64));
        } else {
            l.run[j - 1] += l.run[j];
            l.run.remove(j);
            l.calls.remove(j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::HeadwayPeriod;
    use crate::{TagIdx, TripIdx};

    /// A–B–C–D along a parallel of latitude, 10 km apart, and one line over
    /// them: 10 min between calls, 1 min dwells, twice an hour 06:00–08:00,
    /// inbound 15 minutes later.
    fn network() -> Network {
        let mut net = Network::new("t");
        let ids: Vec<StationIdx> = (0..4)
            .map(|i| {
                let name = ["A", "B", "C", "D"][i];
                net.add_station(Station::new(name, name, -2.0 + 0.15 * i as f64, 53.5)).unwrap()
            })
            .collect();
        for w in ids.windows(2) {
            net.add_link(w[0], w[1], None, TagIdx(0), None).unwrap();
        }
        let period =
            |offset| HeadwayPeriod { from: Time::hms(6, 0, 0), to: Time::hms(8, 0, 0), tph: 2.0, offset };
        net.add_line(Line {
            id: "l".into(),
            name: "L".into(),
            operator: "o".into(),
            tag: TagIdx(0),
            calls: ids.iter().map(|&s| Call { station: s, dwell: 60, pickup: true, dropoff: true }).collect(),
            run: vec![600; 3],
            outbound: Service::Headway(vec![period(0)]),
            inbound: Some(Service::Headway(vec![period(900)])),
            source: String::new(),
        })
        .unwrap();
        net
    }

    fn s(net: &Network, id: &str) -> StationIdx {
        net.station_by_id(id).unwrap()
    }

    /// Each trip as "first departure: station arrival/departure ...".
    fn trips(net: &Network) -> Vec<String> {
        let tt = net.compile();
        (0..tt.trips.len())
            .map(|i| {
                let st = tt.stop_times_of(TripIdx::new(i));
                let calls: Vec<String> = st
                    .iter()
                    .map(|c| format!("{}{}/{}", tt.stations[c.station.idx()].id, c.arr.hhmm(), c.dep.hhmm()))
                    .collect();
                calls.join(" ")
            })
            .collect()
    }

    #[test]
    fn removes_trips_in_a_window() {
        let mut net = network();
        assert_eq!(net.remove_trips("l", (Time::hms(6, 30, 0), Time::hms(7, 30, 0))).unwrap(), 4);
        let deps: Vec<String> = trips(&net).iter().map(|t| t[..6].to_owned()).collect();
        assert_eq!(deps, ["A06:00", "A07:30", "D06:15", "D07:45"]);
        assert_eq!(net.remove_trips("l", (Time::hms(0, 0, 0), Time::hms(30, 0, 0))).unwrap(), 4);
        assert!(net.lines().is_empty());
        assert_eq!(net.remove_trips("l", (Time(0), Time(1))), Err(EditError::UnknownLine("l".into())));
    }

    #[test]
    fn changes_frequency_in_a_window() {
        let mut net = network();
        net.set_frequency("l", 4.0, Some((Time::hms(7, 0, 0), Time::hms(8, 0, 0)))).unwrap();
        let deps: Vec<String> = trips(&net).iter().map(|t| t[..6].to_owned()).collect();
        assert_eq!(
            deps,
            [
                "A06:00", "A06:30", "A07:00", "A07:15", "A07:30", "A07:45", "D06:15", "D06:45", "D07:15",
                "D07:30", "D07:45"
            ]
        );
        assert!(net.set_frequency("l", 0.0, None).is_err());
    }

    #[test]
    fn changes_running_and_dwell_times() {
        let mut net = network();
        net.scale_running_times("l", 0.5).unwrap();
        assert_eq!(trips(&net)[0], "A06:00/06:00 B06:05/06:06 C06:11/06:12 D06:17/06:17");
        net.set_section_times("l", s(&net, "B"), s(&net, "D"), &[240, 180]).unwrap();
        net.set_dwell("l", 120, Some(&[s(&net, "C")])).unwrap();
        assert_eq!(trips(&net)[0], "A06:00/06:00 B06:05/06:06 C06:10/06:12 D06:15/06:15");
        assert!(net.set_section_times("l", s(&net, "D"), s(&net, "B"), &[1, 1]).is_err());
        assert!(net.set_section_times("l", s(&net, "B"), s(&net, "D"), &[1]).is_err());
        assert!(net.set_dwell("l", 0, Some(&[s(&net, "A")])).is_err());
    }

    #[test]
    fn opens_a_station_on_a_link() {
        let mut net = network();
        let x = Station::new("X", "X", -2.0 + 0.15 * 1.5, 53.5);
        let (b, c) = (s(&net, "B"), s(&net, "C"));
        net.add_station_on_link(x, b, c, &["l"], 60, 60).unwrap();
        // B–C's 10 minutes, plus a minute for stopping, split in half, plus the 1-minute dwell.
        assert_eq!(trips(&net)[0], "A06:00/06:00 B06:10/06:11 X06:16/06:17 C06:23/06:24 D06:34/06:34");
        assert_eq!(trips(&net)[4], "D06:15/06:15 C06:25/06:26 X06:31/06:32 B06:38/06:39 A06:49/06:49");
        assert!(net.track(b, s(&net, "X")).is_some());
        let y = Station::new("Y", "Y", -2.0, 53.6);
        assert_eq!(
            net.add_station_on_link(y, s(&net, "A"), c, &[], 60, 60),
            Err(EditError::NoLink("A".into(), "C".into()))
        );
    }

    /// Two stations 1 km apart and a line of `calls` calls between them,
    /// running once at 00:00.
    fn long_line(calls: usize) -> Network {
        let mut net = Network::new("t");
        let a = net.add_station(Station::new("A", "A", -1.55, 53.8)).unwrap();
        let b = net.add_station(Station::new("B", "B", -1.55, 53.809)).unwrap();
        net.add_link(a, b, None, TagIdx(0), None).unwrap();
        net.add_line(Line {
            id: "l".into(),
            name: "L".into(),
            operator: "o".into(),
            tag: TagIdx(0),
            calls: (0..calls)
                .map(|i| Call { station: [a, b][i % 2], dwell: 0, pickup: true, dropoff: true })
                .collect(),
            run: vec![30; calls - 1],
            outbound: Service::Departures(vec![Departure { time: Time(0), id: None }]),
            inbound: None,
            source: String::new(),
        })
        .unwrap();
        net
    }

    /// A minute's departures from 00:00 for `minutes` minutes.
    fn every_minute(minutes: u32) -> Option<TimeSpan> {
        Some((Time(0), Time(minutes * 60)))
    }

    /// A frequency change may bring the network to the stop-times limit,
    /// not past it: 4,000 trips of 5,000 calls are 20,000,000 stop times.
    #[test]
    fn frequency_changes_count_stop_times_at_the_limit() {
        let mut net = long_line(5_000);
        let before = net.clone();
        let err = net.set_frequency("l", 60.0, every_minute(4_001)).unwrap_err();
        assert_eq!(err.to_string(), "would bring the network past 20,000,000 stop times a day, the limit");
        assert_eq!(net.lines(), before.lines(), "unchanged");
        net.set_frequency("l", 60.0, every_minute(4_000)).unwrap();
        assert_eq!(net.stop_times(), MAX_STOP_TIMES);
        // Fewer trips are always allowed.
        net.set_frequency("l", 30.0, None).unwrap();
        assert_eq!(net.stop_times(), 2_000 * 5_000);
    }

    /// Opening a station counts the calls it adds to each line and the
    /// stop times it adds to each trip.
    #[test]
    fn opening_a_station_counts_calls_and_stop_times_at_the_limits() {
        let x = || Station::new("X", "X", -1.55, 53.8045);
        let open = |net: &mut Network| {
            let (a, b) = (net.station_by_id("A").unwrap(), net.station_by_id("B").unwrap());
            net.add_station_on_link(x(), a, b, &["l"], 0, 0)
        };
        // 9,999 calls: the station makes 10,000.
        let mut net = long_line(MAX_CALLS_PER_LINE - 1);
        open(&mut net).unwrap();
        assert_eq!(net.lines()[0].calls.len(), MAX_CALLS_PER_LINE);
        let mut net = long_line(MAX_CALLS_PER_LINE);
        let before = net.clone();
        assert_eq!(
            open(&mut net).unwrap_err().to_string(),
            "would give line \"l\" more than 10,000 calls, the limit"
        );
        assert_eq!((net.lines(), net.stations().len()), (before.lines(), before.stations().len()));
        // 4,000 trips of 4,999 calls: the station brings them to 20,000,000
        // stop times; of 5,000 calls, past it.
        let mut net = long_line(4_999);
        net.set_frequency("l", 60.0, every_minute(4_000)).unwrap();
        open(&mut net).unwrap();
        assert_eq!(net.stop_times(), MAX_STOP_TIMES);
        let mut net = long_line(5_000);
        net.set_frequency("l", 60.0, every_minute(4_000)).unwrap();
        assert_eq!(
            open(&mut net).unwrap_err().to_string(),
            "would bring the network past 20,000,000 stop times a day, the limit"
        );
    }

    /// A network of `MAX_STATIONS - 1` stations takes one more station on a
    /// link, and no other.
    #[test]
    fn opening_a_station_counts_stations_at_the_limit() {
        let t = std::time::Instant::now();
        let mut net = long_line(2);
        for i in net.stations().len()..MAX_STATIONS - 1 {
            net.add_station(Station::new(format!("s{i}"), "", -1.5, 53.0)).unwrap();
        }
        let (a, b) = (net.station_by_id("A").unwrap(), net.station_by_id("B").unwrap());
        let mid = |id: &str| Station::new(id, id, -1.55, 53.8045);
        net.add_station_on_link(mid("X"), a, b, &["l"], 0, 0).unwrap();
        assert_eq!(net.stations().len(), MAX_STATIONS);
        assert_eq!(
            net.add_station_on_link(mid("Y"), a, b, &[], 0, 0).unwrap_err().to_string(),
            "would bring the network past 1,000,000 stations, the limit"
        );
        assert_eq!(net.stations().len(), MAX_STATIONS);
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("1,000,000 stations built and checked in {:.1} s\n", t.elapsed().as_secs_f64())
                .as_bytes(),
        );
    }

    #[test]
    fn closes_stations() {
        let mut net = network();
        assert_eq!(net.close_station(s(&net, "B")), ["l"]);
        assert_eq!(trips(&net)[0], "A06:00/06:00 C06:20/06:21 D06:31/06:31");
        net.close_station(s(&net, "A"));
        // Trains now start at C when they used to leave it.
        assert_eq!(trips(&net)[0], "C06:21/06:21 D06:31/06:31");
        assert_eq!(trips(&net)[4], "D06:15/06:15 C06:25/06:25");
        net.close_station(s(&net, "D"));
        assert!(net.lines().is_empty());
    }
}
