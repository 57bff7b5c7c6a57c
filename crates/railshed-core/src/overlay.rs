//! Overlays: stations, track, walks and lines to add, and lines to withdraw.
//!
//! An overlay refers to stations and lines by their string ids; applying it
//! resolves them. A network file is an overlay applied to an empty network.

use crate::Station;
use crate::limits::{MAX_LINES, MAX_STATIONS, MAX_STOP_TIMES, MAX_TRIPS_PER_LINE, thousands};
use crate::line::{Call, Line, LineSpot, Service};
use crate::network::{Network, Tag, Walk, is_in_great_britain};

/// Track to add: consecutive stations of `path` are linked.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSpec {
    /// Station ids, at least two.
    pub path: Vec<String>,
    /// Length in km (only for a path of two stations); default: the straight line.
    pub km: Option<f64>,
    /// Tag name.
    pub tag: String,
    /// Line speed, km/h; default: the tag's.
    pub max_kmh: Option<f64>,
}

/// A walking connection to add.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkSpec {
    /// Station id.
    pub from: String,
    /// Station id.
    pub to: String,
    /// Walking time, seconds.
    pub secs: u32,
    /// Also from `to` to `from`.
    pub both_ways: bool,
}

/// A call of a line to add.
#[derive(Clone, Debug, PartialEq)]
pub struct CallSpec {
    /// Station id.
    pub station: String,
    /// Dwell, seconds.
    pub dwell: u32,
    /// Passengers may board.
    pub pickup: bool,
    /// Passengers may alight.
    pub dropoff: bool,
}

/// A line to add.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSpec {
    /// Unique id.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Operator.
    pub operator: String,
    /// Tag name.
    pub tag: String,
    /// Calls in outbound order.
    pub calls: Vec<CallSpec>,
    /// Running seconds between consecutive calls.
    pub run: Vec<u32>,
    /// Outbound departures.
    pub outbound: Service,
    /// Inbound departures, if the line runs both ways.
    pub inbound: Option<Service>,
    /// Lines this one replaces: withdrawn before it is added.
    pub replaces: Vec<String>,
    /// Where the figures come from.
    pub source: String,
}

impl LineSpec {
    /// Seconds from the departure from the first call to the arrival at the
    /// last: running plus the dwells at the calls between.
    pub fn journey_secs(&self) -> u32 {
        let between = self.calls.len().saturating_sub(1);
        self.run.iter().sum::<u32>() + self.calls.iter().take(between).skip(1).map(|c| c.dwell).sum::<u32>()
    }
}

/// Which times a line that replaces another keeps when the two take
/// different times end to end (an upgrade re-timing today's trains).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Anchor {
    /// The departures as the overlay writes them: a re-timed train leaves
    /// its first call when the train it replaces did, and reaches later
    /// calls earlier.
    #[default]
    First,
    /// Each train reaches its last call when the train it replaces did (in
    /// both directions): the departures are shifted by the difference of
    /// the two journey times.
    Last,
}

/// A station an overlay uses.
#[derive(Clone, Debug, PartialEq)]
pub enum StationSpec {
    /// A station of a shared table (the embedded GB station table): when
    /// the network already has a station with its id (an imported timetable
    /// may place it a few metres away), the network's own is used.
    Known(Station),
    /// A station the overlay defines: skipped when the network has an
    /// identical one; a different station with the same id is an error.
    New(Station),
}

impl StationSpec {
    /// The station.
    pub fn station(&self) -> &Station {
        match self {
            StationSpec::Known(s) | StationSpec::New(s) => s,
        }
    }
}

/// A set of changes to a network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Name for people.
    pub name: String,
    /// Tags that must already be in the network (the overlays it builds on).
    pub requires: Vec<String>,
    /// Tags it defines.
    pub tags: Vec<Tag>,
    /// Stations it uses, added unless the network has them.
    pub stations: Vec<StationSpec>,
    /// Track it adds.
    pub links: Vec<LinkSpec>,
    /// Walking connections it adds.
    pub walks: Vec<WalkSpec>,
    /// Ids of lines it withdraws.
    pub withdraw: Vec<String>,
    /// Lines it adds.
    pub lines: Vec<LineSpec>,
}

/// Where in an overlay a problem is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum OverlayPath {
    /// `requires[i]`
    Requires(usize),
    /// `tags[i]`
    Tag(usize),
    /// `stations[i]`
    Station(usize),
    /// `links[i]`, and the station at `path[j]` when known.
    Link(usize, Option<usize>),
    /// `walks[i]`
    Walk(usize),
    /// `withdraw[i]`
    Withdraw(usize),
    /// `lines[i]`, and where in it.
    Line(usize, LineSpot),
    /// `lines[i].replaces[j]`
    Replaces(usize, usize),
}

/// A problem found while applying an overlay.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{object}: {message}")]
pub struct OverlayError {
    /// Where in the overlay.
    pub at: OverlayPath,
    /// The object at fault, e.g. `line "tpe-north"` or `station "ZZZ"`.
    pub object: String,
    /// What is wrong.
    pub message: String,
}

impl Overlay {
    /// This overlay with each line that replaces a line of `net` anchored
    /// as `anchor` says ([`Anchor::First`]: unchanged). Under
    /// [`Anchor::Last`] a replacing line must start and end where the first
    /// line it replaces does (a line replacing a different route has no
    /// train of its own to keep the times of), and its departures move by
    /// that line's journey time less its own. Lines that replace nothing,
    /// or a line `net` does not have (applying reports it), are unchanged.
    pub fn anchored(&self, net: &Network, anchor: Anchor) -> Result<Overlay, OverlayError> {
        let mut out = self.clone();
        if anchor == Anchor::First {
            return Ok(out);
        }
        for (i, spec) in out.lines.iter_mut().enumerate() {
            let Some(old) = spec.replaces.first().and_then(|id| net.line(id)) else { continue };
            let id = |c: &Call| net.station(c.station).id.as_str();
            let theirs = (id(&old.calls[0]), id(&old.calls[old.calls.len() - 1]));
            let mine =
                (spec.calls.first().map_or("", |c| &c.station), spec.calls.last().map_or("", |c| &c.station));
            if mine != theirs {
                return Err(OverlayError {
                    at: OverlayPath::Line(i, LineSpot::Whole),
                    object: format!("line {:?}", spec.id),
                    message: format!(
                        "cannot keep the arrival times of line {:?}: it runs {}–{}, this line {}–{}",
                        old.id, theirs.0, theirs.1, mine.0, mine.1
                    ),
                });
            }
            let delta = i64::from(old.journey_secs()) - i64::from(spec.journey_secs());
            spec.outbound = spec.outbound.shifted(delta);
            spec.inbound = spec.inbound.as_ref().map(|s| s.shifted(delta));
        }
        Ok(out)
    }
}

impl Network {
    /// Applies an overlay: tags, stations, links, walks, withdrawals, then
    /// lines (each withdrawing what it replaces first). Reports every problem;
    /// on any problem the network is left unchanged.
    pub fn apply(&mut self, overlay: &Overlay) -> Result<(), Vec<OverlayError>> {
        let missing: Vec<OverlayError> = (overlay.requires.iter().enumerate())
            .filter(|(_, name)| self.tag_named(name).is_none())
            .map(|(i, name)| OverlayError {
                at: OverlayPath::Requires(i),
                object: format!("overlay {:?}", overlay.name),
                message: format!("requires scheme {name:?}, which is not applied: apply it first"),
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        // Counted before anything is built: the network's stations and
        // lines and the overlay's together.
        for (have, adds, limit, what) in [
            (self.stations().len(), overlay.stations.len(), MAX_STATIONS, "stations"),
            (self.lines().len(), overlay.lines.len(), MAX_LINES, "lines"),
        ] {
            if have + adds > limit {
                let first = limit.saturating_sub(have);
                return Err(vec![OverlayError {
                    at: if what == "stations" {
                        OverlayPath::Station(first)
                    } else {
                        OverlayPath::Line(first, LineSpot::Whole)
                    },
                    object: format!("overlay {:?}", overlay.name),
                    message: format!(
                        "more than {} {what} (the network's {} included), the limit",
                        thousands(limit),
                        thousands(have)
                    ),
                }]);
            }
        }
        let mut net = self.clone();
        let mut errors = Vec::new();
        let mut err = |at, object: String, message: String| errors.push(OverlayError { at, object, message });

        for (i, tag) in overlay.tags.iter().enumerate() {
            if !(tag.max_kmh > 0.0 && tag.max_kmh.is_finite()) {
                err(OverlayPath::Tag(i), format!("tag {:?}", tag.name), "max_kmh must be positive".into());
            } else if let Err(e) = net.add_tag(tag.clone()) {
                err(OverlayPath::Tag(i), format!("tag {:?}", tag.name), e.to_string());
            }
        }
        for (i, spec) in overlay.stations.iter().enumerate() {
            let st = spec.station();
            let object = format!("station {:?}", st.id);
            if matches!(spec, StationSpec::Known(_)) && net.station_by_id(&st.id).is_some() {
                continue;
            }
            if !st.pos.x().is_finite() || !st.pos.y().is_finite() || !is_in_great_britain(st.pos) {
                err(
                    OverlayPath::Station(i),
                    object,
                    format!(
                        "position {:.5}, {:.5} (lat, lon) is outside Great Britain",
                        st.pos.y(),
                        st.pos.x()
                    ),
                );
                continue;
            }
            match net.station_by_id(&st.id) {
                Some(existing) if net.station(existing) == st => {}
                Some(_) => err(OverlayPath::Station(i), object, "duplicate station id".into()),
                None => {
                    net.add_station(st.clone()).expect("id checked free");
                }
            }
        }
        for (i, link) in overlay.links.iter().enumerate() {
            let object = format!("link {}", link.path.join("–"));
            let Some(tag) = net.tag_named(&link.tag) else {
                err(OverlayPath::Link(i, None), object, format!("unknown tag {:?}", link.tag));
                continue;
            };
            if link.path.len() < 2 {
                err(OverlayPath::Link(i, None), object, "a link needs at least two stations".into());
                continue;
            }
            if link.km.is_some() && link.path.len() != 2 {
                err(
                    OverlayPath::Link(i, None),
                    object,
                    "km may only be given for a link of two stations".into(),
                );
                continue;
            }
            if link.km.is_some_and(|km| !(km > 0.0 && km.is_finite())) {
                err(OverlayPath::Link(i, None), object, "km must be positive".into());
                continue;
            }
            if link.max_kmh.is_some_and(|v| !(v > 0.0 && v.is_finite())) {
                err(OverlayPath::Link(i, None), object, "max_kmh must be positive".into());
                continue;
            }
            let mut ids = Vec::with_capacity(link.path.len());
            for (j, id) in link.path.iter().enumerate() {
                match net.station_by_id(id) {
                    Some(s) => ids.push(s),
                    None => {
                        err(OverlayPath::Link(i, Some(j)), object.clone(), format!("unknown station {id:?}"))
                    }
                }
            }
            if ids.len() != link.path.len() {
                continue;
            }
            for (j, w) in ids.windows(2).enumerate() {
                if let Err(e) = net.add_link(w[0], w[1], link.km, tag, link.max_kmh) {
                    err(OverlayPath::Link(i, Some(j + 1)), object.clone(), e.to_string());
                }
            }
        }
        for (i, walk) in overlay.walks.iter().enumerate() {
            let object = format!("walk {}–{}", walk.from, walk.to);
            let (Some(from), Some(to)) = (net.station_by_id(&walk.from), net.station_by_id(&walk.to)) else {
                let missing = if net.station_by_id(&walk.from).is_none() { &walk.from } else { &walk.to };
                err(OverlayPath::Walk(i), object, format!("unknown station {missing:?}"));
                continue;
            };
            if walk.secs == 0 {
                err(OverlayPath::Walk(i), object, "walking time must be positive".into());
                continue;
            }
            let mut add = |from, to| net.add_walk(Walk { from, to, secs: walk.secs });
            let res = add(from, to).and_then(|()| if walk.both_ways { add(to, from) } else { Ok(()) });
            if let Err(e) = res {
                err(OverlayPath::Walk(i), object, e.to_string());
            }
        }
        for (i, id) in overlay.withdraw.iter().enumerate() {
            if net.withdraw_line(id).is_err() {
                err(OverlayPath::Withdraw(i), format!("line {id:?}"), "no such line to withdraw".into());
            }
        }
        let mut stop_times = net.stop_times();
        for (i, spec) in overlay.lines.iter().enumerate() {
            let object = format!("line {:?}", spec.id);
            let at = |spot| OverlayPath::Line(i, spot);
            for (j, id) in spec.replaces.iter().enumerate() {
                if net.withdraw_line(id).is_err() {
                    err(
                        OverlayPath::Replaces(i, j),
                        object.clone(),
                        format!("replaces line {id:?}, which does not exist"),
                    );
                }
            }
            if spec.id.is_empty() {
                err(at(LineSpot::Id), object, "line id must not be empty".into());
                continue;
            }
            if net.line(&spec.id).is_some() {
                err(at(LineSpot::Id), object, "duplicate line id".into());
                continue;
            }
            let Some(tag) = net.tag_named(&spec.tag) else {
                err(at(LineSpot::Whole), object, format!("unknown tag {:?}", spec.tag));
                continue;
            };
            let mut calls = Vec::with_capacity(spec.calls.len());
            for (j, c) in spec.calls.iter().enumerate() {
                match net.station_by_id(&c.station) {
                    Some(station) => {
                        calls.push(Call { station, dwell: c.dwell, pickup: c.pickup, dropoff: c.dropoff })
                    }
                    None => {
                        err(at(LineSpot::Call(j)), object.clone(), format!("unknown station {:?}", c.station))
                    }
                }
            }
            if calls.len() != spec.calls.len() {
                continue;
            }
            let line = Line {
                id: spec.id.clone(),
                name: spec.name.clone(),
                operator: spec.operator.clone(),
                tag,
                calls,
                run: spec.run.clone(),
                outbound: spec.outbound.clone(),
                inbound: spec.inbound.clone(),
                source: spec.source.clone(),
            };
            if let Err((spot, why)) = net.line_structure(&line) {
                err(at(spot), object, why.to_string());
                continue;
            }
            let problems = net.check_line(&line);
            if problems.is_empty() {
                stop_times = stop_times.saturating_add(line.stop_times_up_to(MAX_TRIPS_PER_LINE));
                if stop_times > MAX_STOP_TIMES {
                    err(
                        at(LineSpot::Whole),
                        object,
                        format!(
                            "brings the network past {} stop times a day, the limit",
                            thousands(MAX_STOP_TIMES)
                        ),
                    );
                    break;
                }
                net.add_line(line).expect("structure checked");
            } else {
                for p in problems {
                    err(at(p.at), object.clone(), p.message);
                }
            }
        }
        if errors.is_empty() {
            *self = net;
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::Departure;
    use crate::{StationIdx, TagIdx, Time};

    fn call(station: &str) -> CallSpec {
        CallSpec { station: station.into(), dwell: 0, pickup: true, dropoff: true }
    }

    /// Lines `first..first + n` from A to B in 2 minutes, once a day.
    fn lines(first: usize, n: usize) -> Vec<LineSpec> {
        (first..first + n)
            .map(|i| LineSpec {
                id: format!("new{i}"),
                name: String::new(),
                operator: String::new(),
                tag: "existing".into(),
                calls: vec![call("A"), call("B")],
                run: vec![120],
                outbound: Service::Departures(vec![Departure { time: Time::hms(8, 0, 0), id: None }]),
                inbound: None,
                replaces: Vec::new(),
                source: String::new(),
            })
            .collect()
    }

    /// New stations `first..first + n`, in Great Britain.
    fn stations(first: usize, n: usize) -> Vec<StationSpec> {
        (first..first + n)
            .map(|i| StationSpec::New(Station::new(format!("new{i}"), "", -1.5, 53.5)))
            .collect()
    }

    /// The network's stations and lines are counted with the overlay's: a
    /// network one short of each limit takes an overlay of one more station
    /// and one more line, and refuses one of two, naming the first past the
    /// limit and leaving the network unchanged.
    #[test]
    fn apply_counts_the_network_and_the_overlay_together_at_the_limits() {
        let t = std::time::Instant::now();
        let mut net = Network::new("big");
        let a = net.add_station(Station::new("A", "A", -1.55, 53.8)).unwrap();
        let b = net.add_station(Station::new("B", "B", -1.55, 53.809)).unwrap();
        net.add_link(a, b, None, TagIdx(0), None).unwrap();
        for i in 2..MAX_STATIONS - 1 {
            net.add_station(Station::new(format!("s{i}"), "", -1.5, 53.0)).unwrap();
        }
        let template = Line {
            id: String::new(),
            name: String::new(),
            operator: String::new(),
            tag: TagIdx(0),
            calls: [a, b].map(|station| Call { station, dwell: 0, pickup: true, dropoff: true }).to_vec(),
            run: vec![120],
            outbound: Service::Departures(vec![Departure { time: Time::hms(8, 0, 0), id: None }]),
            inbound: None,
            source: String::new(),
        };
        for i in 0..MAX_LINES - 1 {
            net.add_line(Line { id: format!("l{i}"), ..template.clone() }).unwrap();
        }
        let built = t.elapsed();
        let sizes = |net: &Network| (net.stations().len(), net.lines().len());
        assert_eq!(sizes(&net), (MAX_STATIONS - 1, MAX_LINES - 1));

        let refused =
            net.apply(&Overlay { name: "two".into(), stations: stations(0, 2), ..Overlay::default() });
        assert_eq!(
            refused.unwrap_err(),
            [OverlayError {
                at: OverlayPath::Station(1),
                object: "overlay \"two\"".into(),
                message: "more than 1,000,000 stations (the network's 999,999 included), the limit".into(),
            }]
        );
        let refused = net.apply(&Overlay { name: "two".into(), lines: lines(0, 2), ..Overlay::default() });
        assert_eq!(
            refused.unwrap_err(),
            [OverlayError {
                at: OverlayPath::Line(1, LineSpot::Whole),
                object: "overlay \"two\"".into(),
                message: "more than 1,000,000 lines (the network's 999,999 included), the limit".into(),
            }]
        );
        assert_eq!(sizes(&net), (MAX_STATIONS - 1, MAX_LINES - 1), "unchanged");

        let one = Overlay {
            name: "one".into(),
            stations: stations(0, 1),
            lines: lines(0, 1),
            ..Overlay::default()
        };
        net.apply(&one).unwrap();
        assert_eq!(sizes(&net), (MAX_STATIONS, MAX_LINES));
        assert_eq!(net.station_by_id("new0"), Some(StationIdx::new(MAX_STATIONS - 1)));
        // At the limits, even one more is refused.
        let more = |stations, lines| Overlay { name: "more".into(), stations, lines, ..Overlay::default() };
        assert!(net.apply(&more(stations(1, 1), Vec::new())).is_err());
        assert!(net.apply(&more(Vec::new(), self::lines(1, 1))).is_err());
        assert_eq!(sizes(&net), (MAX_STATIONS, MAX_LINES));
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "1,000,000 stations and lines built in {:.1} s, four overlays applied in {:.1} s\n",
                built.as_secs_f64(),
                (t.elapsed() - built).as_secs_f64()
            )
            .as_bytes(),
        );
    }

    /// A network of A–B–C with today's line "old" (20 + 2 + 30 minutes,
    /// 08:00 and 09:00 both ways) and an overlay replacing it with "new".
    fn retimed(calls: &[&str], run: &[u32]) -> (Network, Overlay) {
        let mut net = Network::new("abc");
        let mut lat = 53.4;
        let ids = ["A", "B", "C", "D"].map(|id| {
            lat += 0.1; // about 11 km apart
            net.add_station(Station::new(id, id, -1.5, lat)).unwrap()
        });
        for w in ids.windows(2) {
            net.add_link(w[0], w[1], None, TagIdx(0), None).unwrap();
        }
        let at = |h| Departure { time: Time::hms(h, 0, 0), id: None };
        let mut old_calls: Vec<Call> = ids[..3].iter().map(|&s| Call::at(s)).collect();
        old_calls[1].dwell = 120;
        net.add_line(Line {
            id: "old".into(),
            name: String::new(),
            operator: String::new(),
            tag: TagIdx(0),
            calls: old_calls,
            run: vec![1200, 1800],
            outbound: Service::Departures(vec![at(8), at(9)]),
            inbound: Some(Service::Departures(vec![at(8), at(9)])),
            source: String::new(),
        })
        .unwrap();
        let mut calls: Vec<CallSpec> = calls.iter().map(|s| call(s)).collect();
        if calls.len() > 2 {
            calls[1].dwell = 60;
        }
        let spec = LineSpec {
            id: "new".into(),
            tag: "existing".into(),
            calls,
            run: run.to_vec(),
            replaces: vec!["old".into()],
            outbound: Service::Departures(vec![at(8), at(9)]),
            inbound: Some(Service::Departures(vec![at(8), at(9)])),
            ..lines(0, 1).remove(0)
        };
        (net, Overlay { name: "upgrade".into(), lines: vec![spec], ..Overlay::default() })
    }

    fn times(service: &Service) -> Vec<Time> {
        service.expand().into_iter().map(|(t, _)| t).collect()
    }

    /// Anchored at the last call, a re-timed train reaches its last call
    /// when the train it replaces did, in both directions; anchored at the
    /// first (the default), the overlay is unchanged.
    #[test]
    fn anchored_at_the_last_call_keeps_the_arrivals() {
        let (net, overlay) = retimed(&["A", "B", "C"], &[900, 1500]);
        assert_eq!(overlay.anchored(&net, Anchor::First).unwrap(), overlay);
        let last = overlay.anchored(&net, Anchor::Last).unwrap();
        let spec = &last.lines[0];
        // Old: 52 minutes end to end; new: 15 + 1 + 25 = 41, so 11 minutes later.
        assert_eq!(net.line("old").unwrap().journey_secs(), 52 * 60);
        assert_eq!(spec.journey_secs(), 41 * 60);
        let later = [Time::hms(8, 11, 0), Time::hms(9, 11, 0)];
        assert_eq!(times(&spec.outbound), later);
        assert_eq!(times(spec.inbound.as_ref().unwrap()), later);
        let mut applied = net;
        applied.apply(&last).unwrap();
        let line = applied.line("new").unwrap();
        let arrival = |dep: Time| dep.secs() + line.journey_secs();
        assert_eq!(arrival(later[0]), Time::hms(8, 52, 0).secs(), "as the old train");
        // A slower line (55 minutes) leaves 3 minutes earlier.
        let (net, slower) = retimed(&["A", "C"], &[3300]);
        assert_eq!(
            times(&slower.anchored(&net, Anchor::Last).unwrap().lines[0].outbound)[0],
            Time::hms(7, 57, 0)
        );
    }

    /// A line that does not start and end where the line it replaces does
    /// has no train of its own to keep the times of: refused, naming both.
    #[test]
    fn anchored_at_the_last_call_needs_the_same_ends() {
        let (net, overlay) = retimed(&["A", "B", "D"], &[900, 1500]);
        let err = overlay.anchored(&net, Anchor::Last).unwrap_err();
        assert_eq!(err.at, OverlayPath::Line(0, LineSpot::Whole));
        assert_eq!(
            err.to_string(),
            "line \"new\": cannot keep the arrival times of line \"old\": it runs A–C, this line A–D"
        );
        assert!(overlay.anchored(&net, Anchor::First).is_ok());
    }
}
