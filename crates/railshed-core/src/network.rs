//! The network: stations, track, walking links and lines.

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::limits::{MAX_CALLS_PER_LINE, MAX_TRIPS_PER_LINE, number, thousands};
use crate::line::{Line, LineSpot, Service};
use crate::timetable::{Footpath, LineInfo, StopTime, Timetable, Trip};
use crate::{LineIdx, Station, StationIdx, TagIdx, Time};

/// A scheme tag: what a link or line belongs to (existing, HS2 Phase 1, NPR, TRU, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// Short name used in files, e.g. `npr-tfn`.
    pub name: String,
    /// Name for people, e.g. "Northern Powerhouse Rail (TfN full network)".
    pub label: String,
    /// Colour for maps, `#rrggbb`.
    pub color: String,
    /// Line speed of its track, km/h: no train may cover a stretch of it faster.
    pub max_kmh: f64,
}

impl Tag {
    /// The tag every network starts with: today's railway, up to 125 mph.
    pub fn existing() -> Tag {
        Tag {
            name: "existing".into(),
            label: "Existing network".into(),
            color: "#4d4d4d".into(),
            max_kmh: 201.0,
        }
    }
}

/// Track between two adjacent stations.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// Length in km.
    pub km: f64,
    /// What the track belongs to.
    pub tag: TagIdx,
    /// Line speed, km/h; `None` takes the tag's.
    pub max_kmh: Option<f64>,
}

/// A walking connection from one station to another.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    /// Where the walk starts.
    pub from: StationIdx,
    /// Where it ends.
    pub to: StationIdx,
    /// Walking time in seconds.
    pub secs: u32,
}

/// The track a line uses between two consecutive calls.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentTrack {
    /// The links, in running order.
    pub links: Vec<EdgeIndex>,
    /// Their total length in km.
    pub km: f64,
    /// The least time the track allows, at line speed throughout, in seconds.
    pub min_secs: f64,
}

/// A structural error: the network is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    /// A station id is taken.
    #[error("duplicate station id {0:?}")]
    DuplicateStation(String),
    /// A line id is taken.
    #[error("duplicate line id {0:?}")]
    DuplicateLine(String),
    /// A tag name is taken by a different tag.
    #[error("tag {0:?} is already defined differently")]
    DuplicateTag(String),
    /// No line has this id.
    #[error("no line {0:?} to withdraw")]
    UnknownLine(String),
    /// A link or walk from a station to itself.
    #[error("link from station {0:?} to itself")]
    SelfLink(String),
    /// A line that is not well formed.
    #[error("line {id:?}: {why}")]
    MalformedLine {
        /// The line.
        id: String,
        /// What is wrong.
        why: LineFault,
    },
}

/// What makes a line structurally malformed ([`NetworkError::MalformedLine`]),
/// found before it is added to a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFault {
    /// Fewer than two calls.
    TooFewCalls,
    /// More calls than [`MAX_CALLS_PER_LINE`].
    TooManyCalls {
        /// Its calls.
        calls: usize,
    },
    /// More trips a day in one direction than [`MAX_TRIPS_PER_LINE`].
    TooManyTrips,
    /// Not one running time between each two consecutive calls.
    RunningTimes {
        /// Its calls.
        calls: usize,
        /// Its running times.
        runs: usize,
    },
    /// A call at a station index the network does not have.
    UnknownStation(StationIdx),
    /// A tag index the network does not have.
    UnknownTag(TagIdx),
}

impl std::fmt::Display for LineFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            LineFault::TooFewCalls => f.write_str("has fewer than two calls"),
            LineFault::TooManyCalls { calls } => write!(
                f,
                "has {} calls, more than the limit of {}",
                thousands(calls),
                thousands(MAX_CALLS_PER_LINE)
            ),
            LineFault::TooManyTrips => write!(
                f,
                "runs more than {} trips a day in one direction, the limit",
                thousands(MAX_TRIPS_PER_LINE)
            ),
            LineFault::RunningTimes { calls, runs } => {
                write!(f, "has {calls} calls but {runs} running times (expected {})", calls.saturating_sub(1))
            }
            LineFault::UnknownStation(s) => write!(f, "calls at unknown station index {}", s.0),
            LineFault::UnknownTag(t) => write!(f, "has unknown tag index {}", t.0),
        }
    }
}

/// A problem with a line, found by [`Network::check_line`].
#[derive(Clone, Debug, PartialEq)]
pub struct LineProblem {
    /// Where in the line.
    pub at: LineSpot,
    /// What is wrong, naming the stations involved.
    pub message: String,
}

/// Great-circle distance between two WGS84 points, in km.
pub fn haversine_km(a: geo::Point<f64>, b: geo::Point<f64>) -> f64 {
    use geo::{Distance, Haversine};
    Haversine.distance(a, b) / 1000.0
}

/// Whether a WGS84 position lies in the box around Great Britain
/// (49.8°N–60.9°N, 8.7°W–1.8°E).
pub fn is_in_great_britain(p: geo::Point<f64>) -> bool {
    (49.8..=60.9).contains(&p.y()) && (-8.7..=1.8).contains(&p.x())
}

/// Speeds a line may imply between calls over the straight-line distance.
const MAX_STRAIGHT_KMH: f64 = 400.0;
const MIN_STRAIGHT_KMH: f64 = 5.0;

/// A railway network: the model every other crate works on.
///
/// Node `i` of the track graph is station `i`; stations are never removed.
#[derive(Clone, Debug)]
pub struct Network {
    /// Name for people.
    pub name: String,
    stations: Vec<Station>,
    by_id: HashMap<String, StationIdx>,
    graph: UnGraph<StationIdx, Link, u32>,
    tags: Vec<Tag>,
    walks: Vec<Walk>,
    /// Index of each walk by (from, to): adding a walk is O(1), not a scan.
    walk_at: HashMap<(StationIdx, StationIdx), usize>,
    lines: Vec<Line>,
    /// Index of each line by id: lookups and adds are O(1), not a scan.
    line_at: HashMap<String, usize>,
}

impl Default for Network {
    fn default() -> Self {
        Network::new("")
    }
}

impl Network {
    /// An empty network with the `existing` tag.
    pub fn new(name: impl Into<String>) -> Network {
        Network {
            name: name.into(),
            stations: Vec::new(),
            by_id: HashMap::new(),
            graph: UnGraph::default(),
            tags: vec![Tag::existing()],
            walks: Vec::new(),
            walk_at: HashMap::new(),
            lines: Vec::new(),
            line_at: HashMap::new(),
        }
    }

    // ---- tags ----

    /// All tags; index `i` is `TagIdx(i)`.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// The tag named `name`.
    pub fn tag_named(&self, name: &str) -> Option<TagIdx> {
        self.tags.iter().position(|t| t.name == name).map(TagIdx::new)
    }

    /// A tag.
    pub fn tag(&self, idx: TagIdx) -> &Tag {
        &self.tags[idx.idx()]
    }

    /// Adds a tag; adding an identical tag again returns the existing one.
    pub fn add_tag(&mut self, tag: Tag) -> Result<TagIdx, NetworkError> {
        match self.tag_named(&tag.name) {
            Some(i) if self.tags[i.idx()] == tag => Ok(i),
            Some(_) => Err(NetworkError::DuplicateTag(tag.name)),
            None => {
                self.tags.push(tag);
                Ok(TagIdx::new(self.tags.len() - 1))
            }
        }
    }

    // ---- stations ----

    /// All stations; index `i` is `StationIdx(i)`.
    pub fn stations(&self) -> &[Station] {
        &self.stations
    }

    /// A station.
    pub fn station(&self, idx: StationIdx) -> &Station {
        &self.stations[idx.idx()]
    }

    /// The station with this id.
    pub fn station_by_id(&self, id: &str) -> Option<StationIdx> {
        self.by_id.get(id).copied()
    }

    /// Adds a station.
    pub fn add_station(&mut self, station: Station) -> Result<StationIdx, NetworkError> {
        if self.by_id.contains_key(&station.id) {
            return Err(NetworkError::DuplicateStation(station.id));
        }
        let idx = StationIdx::new(self.stations.len());
        let node = self.graph.add_node(idx);
        debug_assert_eq!(node.index(), idx.idx());
        self.by_id.insert(station.id.clone(), idx);
        self.stations.push(station);
        Ok(idx)
    }

    /// Changes the minimum change time of a station.
    pub fn set_min_change(&mut self, idx: StationIdx, secs: u32) {
        self.stations[idx.idx()].min_change = secs;
    }

    // ---- track ----

    /// The track graph: node `i` is station `i`.
    pub fn graph(&self) -> &UnGraph<StationIdx, Link, u32> {
        &self.graph
    }

    /// Adds track between two stations; its length defaults to the
    /// great-circle distance. Adding a link that exists with the same tag
    /// again changes nothing.
    pub fn add_link(
        &mut self,
        a: StationIdx,
        b: StationIdx,
        km: Option<f64>,
        tag: TagIdx,
        max_kmh: Option<f64>,
    ) -> Result<EdgeIndex, NetworkError> {
        if a == b {
            return Err(NetworkError::SelfLink(self.station(a).id.clone()));
        }
        let (na, nb) = (NodeIndex::new(a.idx()), NodeIndex::new(b.idx()));
        if let Some(e) = self.graph.edges_connecting(na, nb).find(|e| e.weight().tag == tag) {
            return Ok(e.id());
        }
        let km = km.unwrap_or_else(|| self.straight_km(a, b));
        Ok(self.graph.add_edge(na, nb, Link { km, tag, max_kmh }))
    }

    /// Straight-line distance between two stations, km.
    pub fn straight_km(&self, a: StationIdx, b: StationIdx) -> f64 {
        haversine_km(self.station(a).pos, self.station(b).pos)
    }

    /// The line speed of a link, km/h.
    pub fn link_kmh(&self, link: &Link) -> f64 {
        link.max_kmh.unwrap_or(self.tags[link.tag.idx()].max_kmh)
    }

    /// The quickest track from `a` to `b` at line speed, if any connects them.
    pub fn track(&self, a: StationIdx, b: StationIdx) -> Option<SegmentTrack> {
        let (na, nb) = (NodeIndex::new(a.idx()), NodeIndex::new(b.idx()));
        let secs = |e: petgraph::graph::EdgeReference<'_, Link>| {
            let link = e.weight();
            link.km / self.link_kmh(link).max(1.0) * 3600.0
        };
        let (min_secs, nodes) = petgraph::algo::astar(&self.graph, na, |n| n == nb, secs, |_| 0.0)?;
        let mut links = Vec::with_capacity(nodes.len().saturating_sub(1));
        let mut km = 0.0;
        for w in nodes.windows(2) {
            // The quickest of parallel links between the two nodes.
            let e = self
                .graph
                .edges_connecting(w[0], w[1])
                .min_by(|x, y| secs(*x).total_cmp(&secs(*y)))
                .expect("path follows edges");
            km += e.weight().km;
            links.push(e.id());
        }
        Some(SegmentTrack { links, km, min_secs })
    }

    // ---- walks ----

    /// Walking connections.
    pub fn walks(&self) -> &[Walk] {
        &self.walks
    }

    /// Adds a walking connection, replacing any between the same stations in
    /// the same direction.
    pub fn add_walk(&mut self, walk: Walk) -> Result<(), NetworkError> {
        if walk.from == walk.to {
            return Err(NetworkError::SelfLink(self.station(walk.from).id.clone()));
        }
        match self.walk_at.get(&(walk.from, walk.to)) {
            Some(&i) => self.walks[i].secs = walk.secs,
            None => {
                self.walk_at.insert((walk.from, walk.to), self.walks.len());
                self.walks.push(walk);
            }
        }
        Ok(())
    }

    // ---- lines ----

    /// All lines.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The line with this id.
    pub fn line(&self, id: &str) -> Option<&Line> {
        self.line_at.get(id).map(|&i| &self.lines[i])
    }

    /// The position of the line with this id in [`Network::lines`].
    pub fn line_position(&self, id: &str) -> Option<usize> {
        self.line_at.get(id).copied()
    }

    /// All lines, to change them in place (their stations must stay valid,
    /// their ids must not change).
    pub(crate) fn lines_mut(&mut self) -> &mut [Line] {
        &mut self.lines
    }

    /// Keeps the walks `keep` accepts.
    pub(crate) fn retain_walks(&mut self, keep: impl FnMut(&Walk) -> bool) {
        self.walks.retain(keep);
        self.walk_at = self.walks.iter().enumerate().map(|(i, w)| ((w.from, w.to), i)).collect();
    }

    /// The line with this id, to change it (its id must not change).
    pub fn line_mut(&mut self, id: &str) -> Option<&mut Line> {
        self.line_at.get(id).map(|&i| &mut self.lines[i])
    }

    /// Adds a line after checking its structure (two or more calls, one
    /// running time between each pair, known stations and tag). Its timings
    /// are checked by [`Network::check_line`].
    pub fn add_line(&mut self, line: Line) -> Result<(), NetworkError> {
        if self.line(&line.id).is_some() {
            return Err(NetworkError::DuplicateLine(line.id));
        }
        match self.line_structure(&line) {
            Ok(()) => {
                self.line_at.insert(line.id.clone(), self.lines.len());
                self.lines.push(line);
                Ok(())
            }
            Err((_, why)) => Err(NetworkError::MalformedLine { id: line.id, why }),
        }
    }

    /// The structural problem of a line, located, that [`Network::add_line`]
    /// would refuse.
    pub(crate) fn line_structure(&self, line: &Line) -> Result<(), (LineSpot, LineFault)> {
        if line.calls.len() < 2 {
            return Err((LineSpot::Whole, LineFault::TooFewCalls));
        }
        if line.calls.len() > MAX_CALLS_PER_LINE {
            return Err((
                LineSpot::Call(MAX_CALLS_PER_LINE),
                LineFault::TooManyCalls { calls: line.calls.len() },
            ));
        }
        for (service, spot) in
            [(Some(&line.outbound), LineSpot::Period(0)), (line.inbound.as_ref(), LineSpot::Inbound)]
        {
            if service.is_some_and(|s| s.count_up_to(MAX_TRIPS_PER_LINE) > MAX_TRIPS_PER_LINE) {
                let spot = match (service, spot) {
                    (Some(Service::Departures(_)), LineSpot::Period(_)) => {
                        LineSpot::Departure(MAX_TRIPS_PER_LINE)
                    }
                    _ => spot,
                };
                return Err((spot, LineFault::TooManyTrips));
            }
        }
        if line.run.len() + 1 != line.calls.len() {
            return Err((
                LineSpot::Whole,
                LineFault::RunningTimes { calls: line.calls.len(), runs: line.run.len() },
            ));
        }
        if let Some(j) = line.calls.iter().position(|c| c.station.idx() >= self.stations.len()) {
            return Err((LineSpot::Call(j), LineFault::UnknownStation(line.calls[j].station)));
        }
        if line.tag.idx() >= self.tags.len() {
            return Err((LineSpot::Whole, LineFault::UnknownTag(line.tag)));
        }
        Ok(())
    }

    /// Removes the line with this id and returns it.
    pub fn withdraw_line(&mut self, id: &str) -> Result<Line, NetworkError> {
        let pos = self.line_at.remove(id).ok_or_else(|| NetworkError::UnknownLine(id.to_owned()))?;
        let line = self.lines.remove(pos);
        for l in &self.lines[pos..] {
            *self.line_at.get_mut(&l.id).expect("every line is indexed") -= 1;
        }
        Ok(line)
    }

    /// Stop times a day over all lines (each line counted up to the trip limit).
    pub fn stop_times(&self) -> usize {
        self.lines.iter().map(|l| l.stop_times_up_to(MAX_TRIPS_PER_LINE)).fold(0, usize::saturating_add)
    }

    /// Every problem with a line's timings and its use of track: calls at the
    /// same station twice in a row, non-positive running times, implied
    /// speeds over the straight line above 400 or below 5 km/h, no track
    /// between calls, running faster than the track allows, empty or
    /// decreasing services.
    pub fn check_line(&self, line: &Line) -> Vec<LineProblem> {
        let mut problems = Vec::new();
        let mut report = |at, message| problems.push(LineProblem { at, message });
        let name = |s: StationIdx| self.station(s).id.as_str();
        for (j, w) in line.calls.windows(2).enumerate() {
            let (a, b) = (w[0].station, w[1].station);
            if a == b {
                report(LineSpot::Call(j + 1), format!("calls at {} twice in a row", name(a)));
                continue;
            }
            let secs = line.run[j];
            if secs == 0 {
                report(
                    LineSpot::Run(j),
                    format!("running time from {} to {} must be positive", name(a), name(b)),
                );
                continue;
            }
            let km = self.straight_km(a, b);
            let kmh = km / (secs as f64 / 3600.0);
            if kmh > MAX_STRAIGHT_KMH {
                report(
                    LineSpot::Run(j),
                    format!(
                        "{} to {} in {} implies {kmh:.0} km/h over the {km:.1} km straight line, above {MAX_STRAIGHT_KMH:.0} km/h",
                        name(a),
                        name(b),
                        minutes(secs)
                    ),
                );
            } else if kmh < MIN_STRAIGHT_KMH {
                report(
                    LineSpot::Run(j),
                    format!(
                        "{} to {} in {} implies {kmh:.1} km/h over the {km:.1} km straight line, below {MIN_STRAIGHT_KMH:.0} km/h",
                        name(a),
                        name(b),
                        minutes(secs)
                    ),
                );
            }
            match self.track(a, b) {
                None => report(
                    LineSpot::Run(j),
                    format!(
                        "no track between {} and {}: the line uses infrastructure that does not exist",
                        name(a),
                        name(b)
                    ),
                ),
                Some(t) if (secs as f64) < t.min_secs - 30.0 => report(
                    LineSpot::Run(j),
                    format!(
                        "{} to {} in {} is faster than the track allows ({:.1} km needs at least {})",
                        name(a),
                        name(b),
                        minutes(secs),
                        t.km,
                        minutes(t.min_secs.ceil() as u32)
                    ),
                ),
                Some(_) => {}
            }
        }
        let last = line.calls.len() - 1;
        for (j, c) in line.calls.iter().enumerate() {
            if (j == 0 || j == last) && c.dwell != 0 {
                report(
                    LineSpot::Dwell(j),
                    format!("dwell at the terminal call {} must be 0", name(c.station)),
                );
            }
        }
        check_service(&line.outbound, false, line.journey_secs(), &mut report);
        if let Some(inbound) = &line.inbound {
            check_service(inbound, true, line.journey_secs(), &mut report);
        }
        problems
    }

    // ---- compiling ----

    /// Expands every line into trips for one service day.
    ///
    /// Trips are ordered by line (in network order), outbound before
    /// inbound, then by the service's order of departures; footpaths by
    /// (from, to). The result depends on nothing but the network.
    pub fn compile(&self) -> Timetable {
        let mut tt = Timetable {
            stations: self.stations.clone(),
            footpaths: self.walks.iter().map(|w| Footpath { from: w.from, to: w.to, secs: w.secs }).collect(),
            ..Timetable::default()
        };
        tt.footpaths.sort_by_key(|f| (f.from, f.to));
        for line in &self.lines {
            let line_idx = LineIdx::new(tt.lines.len());
            tt.lines.push(LineInfo {
                id: line.id.clone(),
                name: line.name.clone(),
                operator: line.operator.clone(),
                tag: self.tags[line.tag.idx()].name.clone(),
            });
            let directions = [(false, Some(&line.outbound)), (true, line.inbound.as_ref())];
            for (inbound, service) in directions {
                let Some(service) = service else { continue };
                let offsets = line.offsets(inbound);
                let calls = line.calls_in_order(inbound);
                for (dep, id) in service.expand() {
                    let first = tt.stop_times.len() as u32;
                    for (call, &(arr_off, dep_off)) in calls.iter().zip(&offsets) {
                        tt.stop_times.push(StopTime {
                            station: call.station,
                            arr: dep.plus(arr_off),
                            dep: dep.plus(dep_off),
                            pickup: call.pickup,
                            dropoff: call.dropoff,
                        });
                    }
                    let id = match id {
                        Some(id) => id.to_owned(),
                        None => trip_id(&line.id, inbound, dep),
                    };
                    tt.trips.push(Trip { line: line_idx, id, first, len: calls.len() as u32 });
                }
            }
        }
        tt
    }
}

/// The generated id of a trip: `LINE/oHH:MM` outbound, `LINE/iHH:MM` inbound,
/// with `:SS` when the departure is not on the minute.
fn trip_id(line: &str, inbound: bool, dep: Time) -> String {
    let dir = if inbound { 'i' } else { 'o' };
    if dep.secs().is_multiple_of(60) {
        format!("{line}/{dir}{}", dep.hhmm())
    } else {
        format!("{line}/{dir}{dep}")
    }
}

/// Seconds as minutes for messages: "12 min" or "12.5 min".
fn minutes(secs: u32) -> String {
    if secs.is_multiple_of(60) {
        format!("{} min", secs / 60)
    } else {
        format!("{:.1} min", secs as f64 / 60.0)
    }
}

fn check_service(service: &Service, inbound: bool, journey: u32, report: &mut impl FnMut(LineSpot, String)) {
    let dir = if inbound { "inbound " } else { "" };
    match service {
        Service::Headway(periods) => {
            if periods.is_empty() {
                let at = if inbound { LineSpot::Inbound } else { LineSpot::Whole };
                report(at, format!("{dir}service has no headway periods"));
            }
            for (k, p) in periods.iter().enumerate() {
                let at = if inbound { LineSpot::Inbound } else { LineSpot::Period(k) };
                if !(p.tph > 0.0 && p.tph.is_finite()) {
                    report(at, format!("{dir}trains per hour must be positive, not {}", number(p.tph)));
                } else if p.tph > 60.0 {
                    report(at, format!("{dir}trains per hour must be at most 60, not {}", number(p.tph)));
                } else if p.to <= p.from {
                    report(
                        at,
                        format!("{dir}period ends at {} before it starts at {}", p.to.hhmm(), p.from.hhmm()),
                    );
                } else if p.departures().next().is_none() {
                    report(at, format!("{dir}period {}–{} has no departures", p.from.hhmm(), p.to.hhmm()));
                } else if p.to.secs().saturating_add(journey) > Time::MAX_SERVICE.secs() {
                    report(at, format!("{dir}trains would run past 72:00"));
                }
            }
        }
        Service::Departures(deps) => {
            if deps.is_empty() {
                let at = if inbound { LineSpot::Inbound } else { LineSpot::Whole };
                report(at, format!("{dir}service has no departures"));
            }
            for (k, w) in deps.windows(2).enumerate() {
                if w[1].time <= w[0].time {
                    let at = if inbound { LineSpot::Inbound } else { LineSpot::Departure(k + 1) };
                    report(
                        at,
                        format!(
                            "{dir}departure {} is not after the one before it ({})",
                            w[1].time.hhmm(),
                            w[0].time.hhmm()
                        ),
                    );
                }
            }
            if let Some(last) = deps.last()
                && last.time.secs().saturating_add(journey) > Time::MAX_SERVICE.secs()
            {
                let at = if inbound { LineSpot::Inbound } else { LineSpot::Departure(deps.len() - 1) };
                report(at, format!("{dir}trains would run past 72:00"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Call, Departure, Station};

    fn line(id: String, a: StationIdx, b: StationIdx) -> Line {
        Line {
            id,
            name: String::new(),
            operator: String::new(),
            tag: TagIdx(0),
            calls: [a, b].map(|station| Call { station, dwell: 0, pickup: true, dropoff: true }).to_vec(),
            run: vec![60],
            outbound: Service::Departures(vec![Departure { time: Time::hms(8, 0, 0), id: None }]),
            inbound: None,
            source: String::new(),
        }
    }

    /// A malformed line is refused with a typed reason, whose message names
    /// what is wrong.
    #[test]
    fn malformed_lines_are_refused_with_a_reason() {
        let mut net = Network::new("t");
        let a = net.add_station(Station::new("A", "A", -1.5, 53.8)).unwrap();
        let b = net.add_station(Station::new("B", "B", -1.4, 53.8)).unwrap();
        let refuse = |net: &mut Network, change: &dyn Fn(&mut Line)| {
            let mut l = line("x".into(), a, b);
            change(&mut l);
            match net.add_line(l).unwrap_err() {
                e @ NetworkError::MalformedLine { .. } => {
                    let NetworkError::MalformedLine { why, .. } = &e else { unreachable!() };
                    (*why, e.to_string())
                }
                e => panic!("{e}"),
            }
        };
        type Change<'a> = &'a dyn Fn(&mut Line);
        let cases: [(Change<'_>, LineFault, &str); 6] = [
            (&|l| l.calls.truncate(1), LineFault::TooFewCalls, "has fewer than two calls"),
            (
                &|l| l.calls = vec![l.calls[0].clone(); MAX_CALLS_PER_LINE + 1],
                LineFault::TooManyCalls { calls: MAX_CALLS_PER_LINE + 1 },
                "has 10,001 calls, more than the limit of 10,000",
            ),
            (
                &|l| {
                    l.outbound = Service::Departures(vec![
                        Departure { time: Time::hms(8, 0, 0), id: None };
                        MAX_TRIPS_PER_LINE + 1
                    ])
                },
                LineFault::TooManyTrips,
                "runs more than 300,000 trips a day in one direction, the limit",
            ),
            (
                &|l| l.run.push(60),
                LineFault::RunningTimes { calls: 2, runs: 2 },
                "has 2 calls but 2 running times (expected 1)",
            ),
            (
                &|l| l.calls[1].station = StationIdx(7),
                LineFault::UnknownStation(StationIdx(7)),
                "calls at unknown station index 7",
            ),
            (&|l| l.tag = TagIdx(9), LineFault::UnknownTag(TagIdx(9)), "has unknown tag index 9"),
        ];
        for (change, fault, message) in cases {
            assert_eq!(refuse(&mut net, change), (fault, format!("line \"x\": {message}")));
        }
        assert!(net.lines().is_empty());
    }

    /// Lines and walks are found by hash, so 100,000 of each are added in
    /// linear time; the index stays right when lines are withdrawn.
    #[test]
    fn lookups_by_id_stay_right_at_scale() {
        let mut net = Network::new("t");
        let a = net.add_station(Station::new("A", "A", -1.5, 53.8)).unwrap();
        let b = net.add_station(Station::new("B", "B", -1.4, 53.8)).unwrap();
        let n = 100_000;
        for i in 0..n {
            net.add_line(line(format!("l{i}"), a, b)).unwrap();
        }
        assert!(matches!(net.add_line(line("l7".into(), a, b)), Err(NetworkError::DuplicateLine(_))));
        for i in (0..n).step_by(1_000) {
            assert_eq!(net.line(&format!("l{i}")).unwrap().id, format!("l{i}"));
        }
        net.withdraw_line("l10").unwrap();
        net.withdraw_line("l0").unwrap();
        assert!(net.line("l10").is_none());
        assert_eq!(net.line("l11").unwrap().id, "l11");
        assert_eq!(net.line_position("l99999"), Some(n - 3));
        net.line_mut("l5").unwrap().name = "five".into();
        assert_eq!(net.lines()[net.line_position("l5").unwrap()].name, "five");

        let stations: Vec<StationIdx> = (0..n)
            .map(|i| {
                net.add_station(Station::new(format!("S{i}"), "s", -1.5, 53.0 + i as f64 * 1e-5)).unwrap()
            })
            .collect();
        for w in stations.windows(2) {
            net.add_walk(Walk { from: w[0], to: w[1], secs: 60 }).unwrap();
        }
        net.add_walk(Walk { from: stations[0], to: stations[1], secs: 90 }).unwrap();
        assert_eq!(net.walks().len(), n - 1);
        assert_eq!(net.walks()[0].secs, 90, "replaced, not added");
    }
}
