//! The earliest journey between two stations (`railshed route`): leaving
//! at or after a time, or arriving by one, as text, CSV rows or the JSON
//! document of `route --format json`.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use railshed_core::{StationIdx, Time};
use railshed_solver::{Access, Journey, Leg, Options, Source};
use serde_json::{Value, json};

use crate::error::Result;
use crate::network::Prepared;

/// What a journey is asked for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// Leaving at or after this time: the earliest arrival, with the
    /// fewest trains among those arriving then.
    Depart(Time),
    /// Arriving by this time, leaving as late as possible (then arriving
    /// as early as it can from there).
    ArriveBy(Time),
}

impl When {
    /// Where a journey's time counts from: the time asked for, or the
    /// journey's departure when arriving by a time.
    fn start(self, j: &Journey) -> Time {
        match self {
            When::Depart(t) => t,
            When::ArriveBy(_) => j.departure,
        }
    }
}

/// A journey to plan.
#[derive(Clone, Debug)]
pub struct RouteRequest {
    /// The origin, by id, CRS code, TIPLOC or (a unique part of a) name.
    pub from: String,
    /// The destination, named the same ways.
    pub to: String,
    /// When to travel.
    pub when: When,
    /// At most this many changes between trains.
    pub max_transfers: Option<u32>,
}

/// A planned journey, or none, on the network it was planned on.
pub struct Route<'a> {
    /// The network.
    pub prepared: &'a Prepared,
    /// The origin station.
    pub from: StationIdx,
    /// The destination station.
    pub to: StationIdx,
    /// When it was asked for.
    pub when: When,
    /// The journey, if there is one.
    pub journey: Option<Journey>,
    /// The time the query took.
    pub query: Duration,
}

/// Plans the journey `req` asks for on `p`.
pub fn route<'a>(p: &'a Prepared, req: &RouteRequest) -> Result<Route<'a>> {
    let from = p.station(&req.from)?;
    let to = p.station(&req.to)?;
    let t0 = Instant::now();
    let mut scratch = p.solver.scratch();
    let options = Options { max_boardings: req.max_transfers.map(|n| n.saturating_add(1)) };
    let depart = match req.when {
        When::Depart(t) => Some(t),
        When::ArriveBy(t) => {
            // The latest departure that arrives in time, then the journey leaving then.
            let target = [Access { station: to, secs: 0 }];
            p.solver.latest_departure(&mut scratch, &target, t, options)?.departure(from)
        }
    };
    let journey = match depart {
        Some(t) => p
            .solver
            .earliest_arrival(&mut scratch, &[Source { station: from, time: t }], options)?
            .journey(to),
        None => None,
    };
    Ok(Route { prepared: p, from, to, when: req.when, journey, query: t0.elapsed() })
}

fn minutes(secs: u32) -> String {
    let m = secs.div_ceil(60);
    if m >= 60 { format!("{} h {:02} min", m / 60, m % 60) } else { format!("{m} min") }
}

/// The columns of [`Route::csv_rows`] (`railshed route --format csv`).
pub const CSV_HEADER: &[&str] = &[
    "leg",
    "mode",
    "from",
    "from_name",
    "to",
    "to_name",
    "departure",
    "arrival",
    "minutes",
    "line",
    "line_name",
    "operator",
    "trip",
];

impl Route<'_> {
    /// The journey leg by leg, for people to read.
    pub fn text(&self) -> String {
        let p = self.prepared;
        let mut s = String::new();
        let asked = match self.when {
            When::Depart(t) => format!("leaving at or after {}", t.hhmm()),
            When::ArriveBy(t) => format!("arriving by {}", t.hhmm()),
        };
        let _ = writeln!(s, "{} to {}, {asked}", p.label(self.from), p.label(self.to));
        let Some(j) = &self.journey else {
            let _ = writeln!(s, "no journey");
            return s;
        };
        for leg in &j.legs {
            match leg {
                Leg::Ride { trip, from, to, departure, arrival, .. } => {
                    let t = &p.timetable.trips[trip.idx()];
                    let line = &p.timetable.lines[t.line.idx()];
                    let _ = writeln!(
                        s,
                        "  {}  {:<34} train  {} ({})",
                        departure.hhmm(),
                        p.label(*from),
                        line.name,
                        t.id
                    );
                    let _ = writeln!(s, "  {}  {:<34} arrive", arrival.hhmm(), p.label(*to));
                }
                Leg::Walk { from, to, departure, arrival } => {
                    let _ = writeln!(
                        s,
                        "  {}  {:<34} walk {} to {}",
                        departure.hhmm(),
                        p.label(*from),
                        minutes(arrival.0 - departure.0),
                        p.label(*to)
                    );
                }
            }
        }
        let changes = j.boardings.saturating_sub(1);
        let _ = writeln!(
            s,
            "arrive {} after {} ({} train{}, {} change{})",
            j.arrival,
            minutes(j.arrival.0 - self.when.start(j).0),
            j.boardings,
            if j.boardings == 1 { "" } else { "s" },
            changes,
            if changes == 1 { "" } else { "s" }
        );
        s
    }

    fn station(&self, s: StationIdx) -> Value {
        let st = &self.prepared.timetable.stations[s.idx()];
        json!({"id": st.id, "name": st.name})
    }

    /// The JSON document of `railshed route --format json`: from and to
    /// (`{id, name}`), depart_after (or arrive_by), departure and arrival
    /// (`"HH:MM:SS"`, or null when there is no journey), duration_min,
    /// boardings and legs.
    pub fn to_json(&self) -> Value {
        let p = self.prepared;
        let j = self.journey.as_ref();
        let legs: Vec<Value> = j
            .map(|j| {
                j.legs
                    .iter()
                    .map(|leg| match leg {
                        Leg::Ride { trip, from, to, departure, arrival, board_call, alight_call } => {
                            let t = &p.timetable.trips[trip.idx()];
                            let line = &p.timetable.lines[t.line.idx()];
                            let calls: Vec<Value> = p.timetable.stop_times_of(*trip)
                                [*board_call as usize..=*alight_call as usize]
                                .iter()
                                .map(|c| {
                                    json!({"station": self.station(c.station), "arrival": c.arr.to_string(),
                                           "departure": c.dep.to_string()})
                                })
                                .collect();
                            json!({
                                "mode": "ride", "from": self.station(*from), "to": self.station(*to),
                                "departure": departure.to_string(), "arrival": arrival.to_string(),
                                "line": line.id, "line_name": line.name, "operator": line.operator,
                                "trip": t.id, "calls": calls,
                            })
                        }
                        Leg::Walk { from, to, departure, arrival } => json!({
                            "mode": "walk", "from": self.station(*from), "to": self.station(*to),
                            "departure": departure.to_string(), "arrival": arrival.to_string(),
                            "minutes": f64::from(arrival.0 - departure.0) / 60.0,
                        }),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut out = json!({
            "from": self.station(self.from),
            "to": self.station(self.to),
        });
        match self.when {
            When::Depart(t) => out["depart_after"] = json!(t.to_string()),
            When::ArriveBy(t) => out["arrive_by"] = json!(t.to_string()),
        }
        out["departure"] = json!(j.map(|j| j.departure.to_string()));
        out["arrival"] = json!(j.map(|j| j.arrival.to_string()));
        out["duration_min"] = json!(j.map(|j| f64::from(j.arrival.0 - self.when.start(j).0) / 60.0));
        out["boardings"] = json!(j.map(|j| j.boardings));
        out["legs"] = json!(legs);
        out
    }

    /// [`Route::to_json`] as `route --format json` prints it: pretty, with
    /// a final line break.
    pub fn to_json_string(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_json()).unwrap_or_default();
        s.push('\n');
        s
    }

    /// One row per leg, in the columns of [`CSV_HEADER`]; none when there
    /// is no journey.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let p = self.prepared;
        let Some(j) = &self.journey else { return Vec::new() };
        let st = |s: StationIdx| {
            let st = &p.timetable.stations[s.idx()];
            (st.id.clone(), st.name.clone())
        };
        j.legs
            .iter()
            .enumerate()
            .map(|(k, leg)| {
                let (mode, from, to, departure, arrival, ride) = match leg {
                    Leg::Ride { trip, from, to, departure, arrival, .. } => {
                        let t = &p.timetable.trips[trip.idx()];
                        let line = &p.timetable.lines[t.line.idx()];
                        let ride = [line.id.clone(), line.name.clone(), line.operator.clone(), t.id.clone()];
                        ("ride", *from, *to, *departure, *arrival, ride)
                    }
                    Leg::Walk { from, to, departure, arrival } => {
                        ("walk", *from, *to, *departure, *arrival, Default::default())
                    }
                };
                let ((from_id, from_name), (to_id, to_name)) = (st(from), st(to));
                let mut row = vec![
                    (k + 1).to_string(),
                    mode.to_owned(),
                    from_id,
                    from_name,
                    to_id,
                    to_name,
                    departure.to_string(),
                    arrival.to_string(),
                    (f64::from(arrival.0 - departure.0) / 60.0).to_string(),
                ];
                row.extend(ride);
                row
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkSpec;

    fn request(from: &str, to: &str, when: When) -> RouteRequest {
        RouteRequest { from: from.to_owned(), to: to.to_owned(), when, max_transfers: None }
    }

    /// The first line of the text of the journey asked for, and the start
    /// of its last line (or the error).
    fn check(p: &Prepared, req: &RouteRequest, first: &str, last_starts: &str) {
        let text = match route(p, req) {
            Ok(r) => r.text(),
            Err(e) => format!("error: {e}\n"),
        };
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], first, "{text}");
        assert!(lines[lines.len() - 1].starts_with(last_starts), "{text}");
    }

    #[test]
    fn journeys_and_bad_names() {
        let p = NetworkSpec::default().prepare().unwrap();
        let t = |s| Time::parse(s).unwrap();
        let r = route(&p, &request("LDS", "MAN", When::Depart(t("08:00")))).unwrap();
        let j = r.to_json();
        assert_eq!(j["from"]["id"], "LDS");
        assert_eq!(j["depart_after"], "08:00:00");
        assert_eq!(j["legs"].as_array().map(Vec::len), Some(r.csv_rows().len()));
        let arrival = r.journey.as_ref().map(|j| j.arrival).unwrap();
        check(
            &p,
            &request("LDS", "MAN", When::ArriveBy(arrival)),
            &format!("Leeds (LDS) to Manchester Piccadilly (MAN), arriving by {}", arrival.hhmm()),
            &format!("arrive {arrival}"),
        );
        check(
            &p,
            &request("LDS", "MAN", When::ArriveBy(t("04:00"))),
            "Leeds (LDS) to Manchester Piccadilly (MAN), arriving by 04:00",
            "arrive 0",
        );
        assert_eq!(
            route(&p, &request("Nowhere", "MAN", When::Depart(t("08:00")))).err().map(|e| e.kind()),
            Some(crate::ErrorKind::BadInput)
        );
    }
}
