//! GTFS: import a feed for one service date, export a network's timetable.
//!
//! Import reads `stops.txt` (stops grouped into stations by
//! `parent_station`, or each a station with [`ImportSettings::platforms`]; a
//! `parent_station` naming a stop the feed lacks is counted in the summary
//! and the stop kept as its own station), `agency.txt`, `routes.txt`, `trips.txt`,
//! `stop_times.txt`, `calendar.txt` and `calendar_dates.txt`,
//! `frequencies.txt` and `transfers.txt`:
//!
//! - times past 24:00 are kept; intermediate stops without times are
//!   interpolated by `shape_dist_traveled` or else by straight-line distance;
//! - `pickup_type`/`drop_off_type` 1 forbid boarding/alighting; 2 and 3
//!   (arrange by phone, coordinate with driver) allow it;
//! - frequencies are expanded: with `exact_times=1` at `start_time + k ×
//!   headway_secs` before `end_time`, as the spec fixes them; with
//!   `exact_times=0` the feed promises a headway but no times, and railshed
//!   places departures mid-interval (`start_time + headway/2 + k ×
//!   headway_secs`), the mean of the uniformly random phase other
//!   planners draw;
//! - `transfers.txt`: a row between stops of one station (a stop to itself
//!   above all) with `min_transfer_time` states that station's minimum change
//!   time (the largest such row wins: railshed has one per station); a row
//!   of type 0, 1 or 2 between stations is a walk taking `min_transfer_time`
//!   or, when it gives none, the straight line at [`WALK_KMH`], at least a
//!   minute (the quickest row between two stations wins); type 3 between
//!   stations removes the walk. Route- and trip-specific rows are counted
//!   and left out.
//!
//! `csv` with serde reading borrowed fields was chosen over the
//! `gtfs-structures` crate: it reads every file in one pass without
//! copying strings, and lets every error name the file, the line and the
//! field, where `gtfs-structures` reports many problems without a line.

mod export;
mod table;

use std::collections::{HashMap, HashSet};

use railshed_core::limits::{MAX_CALLS_PER_LINE, MAX_STOP_TIMES, thousands};
use railshed_core::{Network, Station, StationIdx, StopTime, Time, Walk, haversine_km};
use serde::Deserialize;

pub use export::{Feed, export, write_dir, write_zip};
use table::{Table, float, required, uint};

use crate::archive::Archive;
use crate::date::WEEKDAYS;
use crate::timetable::{Format, ImportSettings, Route, Summary, TripIn, build};
use crate::{Date, Error};

/// Walking speed over the straight line for transfers that give no time,
/// km/h: 5 km/h on foot over a route a quarter longer than the straight line.
pub const WALK_KMH: f64 = 4.0;

pub(crate) fn import(archive: &mut Archive, options: &ImportSettings) -> Result<(Network, Summary), Error> {
    let date = options.date;
    let mut summary = Summary::new(Format::Gtfs, date);
    // Every file is found before any is read, so a missing one is reported
    // first; each is then parsed as it is read, one at a time.
    let stops_e = table::required_entry(archive, "stops.txt")?;
    let routes_e = table::required_entry(archive, "routes.txt")?;
    let trips_e = table::required_entry(archive, "trips.txt")?;
    let stop_times_e = table::required_entry(archive, "stop_times.txt")?;
    let calendar_e = table::entry(archive, "calendar.txt")?;
    let calendar_dates_e = table::entry(archive, "calendar_dates.txt")?;
    if calendar_e.is_none() && calendar_dates_e.is_none() {
        return Err(Error::invalid(
            crate::archive::display(&archive.path),
            "",
            "",
            "missing required file calendar.txt or calendar_dates.txt (one at least)",
        ));
    }
    let agency_e = table::entry(archive, "agency.txt")?;
    let frequencies_e = table::entry(archive, "frequencies.txt")?;
    let transfers_e = table::entry(archive, "transfers.txt")?;
    let a = &mut *archive;

    let mut net = Network::new(format!("GTFS {} on {date}", crate::archive::display(&a.path)));
    let stops = read_stops(Table::open(a, &stops_e)?, options.platforms, &mut net, &mut summary)?;
    let agencies = match &agency_e {
        Some(e) => read_agencies(Table::open(a, e)?)?,
        None => HashMap::new(),
    };
    let (routes, route_idx) = read_routes(Table::open(a, &routes_e)?, &agencies)?;
    let mut services = HashSet::new();
    if let Some(e) = &calendar_e {
        read_calendar(Table::open(a, e)?, date, &mut services)?;
    }
    if let Some(e) = &calendar_dates_e {
        read_calendar_dates(Table::open(a, e)?, date, &mut services)?;
    }
    let trips = read_trips(Table::open(a, &trips_e)?, &route_idx, &services)?;
    summary.drop(&format!("trips not running on {date}"), trips.list.iter().filter(|t| !t.active).count());
    let frequencies = match &frequencies_e {
        Some(e) => read_frequencies(Table::open(a, e)?, &trips)?,
        None => HashMap::new(),
    };
    let trips_in =
        read_stop_times(Table::open(a, &stop_times_e)?, &stops, &trips, &frequencies, &mut summary)?;

    let mut stated = vec![false; net.stations().len()];
    if let Some(e) = &transfers_e {
        read_transfers(Table::open(a, e)?, &stops, &mut net, &mut stated, &mut summary)?;
    }
    for (i, &s) in stated.iter().enumerate() {
        if !s {
            net.set_min_change(StationIdx::new(i), options.default_change_secs);
        }
    }
    summary.change_times = stated.iter().filter(|&&s| s).count();
    let source = format!("GTFS {}", crate::archive::display(&archive.path));
    let file = crate::archive::display(&archive.path);
    let network = build(net, &routes, trips_in, (&file, &source), &mut summary)?;
    Ok((network, summary))
}

// ---------------------------------------------------------------------------
// stops.txt

/// A stop of the feed and the station it belongs to.
struct Stop {
    station: StationIdx,
    /// Its own position, or its station's.
    pos: geo::Point<f64>,
}

struct Stops {
    list: Vec<Stop>,
    by_id: HashMap<String, usize>,
}

impl Stops {
    fn get(&self, id: &str) -> Option<&Stop> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }
}

/// Reads the stops and makes the stations: parent stations and the stops
/// with no parent, or with `platforms` every stop and platform as it is
/// (entrances, nodes and boarding areas still belong to their parent). A
/// `parent_station` naming a stop the feed does not have is counted in
/// `summary` and the stop kept as its own station: the reference is lost,
/// not the stop, and no answer changes but the grouping.
/// The reason counted for each `parent_station` naming a missing stop.
pub const ORPHANS: &str = "parent_station references to missing stops (each stop kept as its own station)";

fn read_stops(
    t: Table<'_>,
    platforms: bool,
    net: &mut Network,
    summary: &mut Summary,
) -> Result<Stops, Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        stop_id: Option<&'a str>,
        #[serde(default)]
        stop_name: Option<&'a str>,
        #[serde(default)]
        stop_lat: Option<&'a str>,
        #[serde(default)]
        stop_lon: Option<&'a str>,
        #[serde(default)]
        location_type: Option<&'a str>,
        #[serde(default)]
        parent_station: Option<&'a str>,
    }
    struct Raw {
        id: String,
        name: String,
        pos: Option<geo::Point<f64>>,
        kind: u32,
        parent: Option<String>,
        line: String,
    }
    let label = t.label.clone();
    let mut rows = t.rows(&["stop_id"])?;
    let mut rec = csv::StringRecord::new();
    let mut raw: Vec<Raw> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let id = required(&rows, &rec, "stop_id", r.stop_id)?;
        let kind = uint(&rows, &rec, "location_type", r.location_type)?.unwrap_or(0);
        if kind > 4 {
            return Err(rows.error(&rec, "location_type", format!("unknown location type {kind}")));
        }
        let lat = float(&rows, &rec, "stop_lat", r.stop_lat)?;
        let lon = float(&rows, &rec, "stop_lon", r.stop_lon)?;
        let pos = match (lat, lon) {
            (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
                Some(geo::Point::new(lon, lat))
            }
            (Some(lat), Some(lon)) => {
                return Err(rows.error(&rec, "stop_lat", format!("{lat}, {lon} is not a position on Earth")));
            }
            _ => None,
        };
        let parent = r.parent_station.filter(|p| !p.is_empty() && kind != 1).map(str::to_owned);
        if by_id.insert(id.to_owned(), raw.len()).is_some() {
            return Err(rows.error(&rec, "stop_id", format!("duplicate stop {id}", id = table::quoted(id))));
        }
        raw.push(Raw {
            id: id.to_owned(),
            name: r.stop_name.unwrap_or(id).to_owned(),
            pos,
            kind,
            parent,
            line: table::line_of(&rec),
        });
    }
    let error = |r: &Raw, field: &str, message: String| {
        Error::invalid(&label, r.line.clone(), format!("field {field}"), message)
    };
    let mut orphans = 0;
    for r in &mut raw {
        if r.parent.as_deref().is_some_and(|p| !by_id.contains_key(p)) {
            r.parent = None;
            orphans += 1;
        }
    }
    summary.drop(ORPHANS, orphans);
    // Stations: parent stations, and stops, platforms or nodes with no parent
    // (with `platforms`, every stop and platform).
    let is_station =
        |r: &Raw| r.kind == 1 || (r.parent.is_none() && r.kind != 4) || (platforms && r.kind == 0);
    // Counted before any is built.
    let stations = raw.iter().filter(|r| is_station(r)).count();
    let limit = railshed_core::limits::MAX_STATIONS;
    if stations > limit {
        return Err(Error::invalid(
            &label,
            "",
            "",
            format!(
                "{} stations (parent stations and stops without one), more than the limit of {}",
                railshed_core::limits::thousands(stations),
                railshed_core::limits::thousands(limit)
            ),
        ));
    }
    let mut station_of: Vec<Option<StationIdx>> = vec![None; raw.len()];
    for (i, r) in raw.iter().enumerate() {
        if is_station(r) {
            let Some(pos) = r.pos else {
                return Err(error(r, "stop_lat", format!("stop {} has no position", table::quoted(&r.id))));
            };
            let idx = net
                .add_station(Station::new(r.id.clone(), r.name.clone(), pos.x(), pos.y()))
                .expect("stop ids are unique");
            station_of[i] = Some(idx);
        }
    }
    let mut list = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        // Up to two levels: boarding area → platform → station.
        let mut at = i;
        for _ in 0..2 {
            if station_of[at].is_some() {
                break;
            }
            let parent = raw[at].parent.as_deref().unwrap_or_default();
            at = *by_id.get(parent).ok_or_else(|| {
                error(
                    &raw[at],
                    "parent_station",
                    format!("unknown stop {parent}", parent = table::quoted(parent)),
                )
            })?;
        }
        let Some(station) = station_of[at] else {
            return Err(error(r, "parent_station", "is not a station or a stop with a station".into()));
        };
        list.push(Stop { station, pos: r.pos.unwrap_or(net.station(station).pos) });
    }
    Ok(Stops { list, by_id })
}

// ---------------------------------------------------------------------------
// agency.txt, routes.txt

fn read_agencies(t: Table<'_>) -> Result<HashMap<String, String>, Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        #[serde(default)]
        agency_id: Option<&'a str>,
        #[serde(default)]
        agency_name: Option<&'a str>,
    }
    let mut rows = t.rows(&[])?;
    let mut rec = csv::StringRecord::new();
    let mut out = HashMap::new();
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        out.insert(r.agency_id.unwrap_or("").to_owned(), r.agency_name.unwrap_or("").to_owned());
    }
    Ok(out)
}

fn read_routes(
    t: Table<'_>,
    agencies: &HashMap<String, String>,
) -> Result<(Vec<Route>, HashMap<String, usize>), Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        route_id: Option<&'a str>,
        #[serde(default)]
        agency_id: Option<&'a str>,
        #[serde(default)]
        route_short_name: Option<&'a str>,
        #[serde(default)]
        route_long_name: Option<&'a str>,
    }
    let mut rows = t.rows(&["route_id"])?;
    let mut rec = csv::StringRecord::new();
    let mut routes = Vec::new();
    let mut by_id = HashMap::new();
    let only_agency = if agencies.len() == 1 { agencies.values().next().cloned() } else { None };
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let id = required(&rows, &rec, "route_id", r.route_id)?;
        let operator = match r.agency_id.filter(|a| !a.is_empty()) {
            Some(a) => match agencies.get(a) {
                Some(name) => name.clone(),
                None if agencies.is_empty() => a.to_owned(),
                None => {
                    return Err(rows.error(
                        &rec,
                        "agency_id",
                        format!("unknown agency {a}", a = table::quoted(a)),
                    ));
                }
            },
            None => only_agency.clone().unwrap_or_default(),
        };
        let name = [r.route_short_name, r.route_long_name]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if by_id.insert(id.to_owned(), routes.len()).is_some() {
            return Err(rows.error(
                &rec,
                "route_id",
                format!("duplicate route {id}", id = table::quoted(id)),
            ));
        }
        routes.push(Route {
            id: id.to_owned(),
            name: if name.is_empty() { id.to_owned() } else { name },
            operator,
        });
    }
    Ok((routes, by_id))
}

// ---------------------------------------------------------------------------
// calendar.txt, calendar_dates.txt, trips.txt

/// Adds the service ids calendar.txt runs on `date` to `active`.
fn read_calendar(t: Table<'_>, date: Date, active: &mut HashSet<String>) -> Result<(), Error> {
    let mut rec = csv::StringRecord::new();
    let mut cols = vec!["service_id", "start_date", "end_date"];
    cols.extend(WEEKDAYS);
    let mut rows = t.rows(&cols)?;
    let day = WEEKDAYS[date.weekday()];
    while rows.next(&mut rec)? {
        let r: HashMap<&str, &str> = rows.de(&rec)?;
        let get = |f: &str| r.get(f).copied().unwrap_or("");
        let id = required(&rows, &rec, "service_id", Some(get("service_id")))?;
        let start = gtfs_date(&rows, &rec, "start_date", get("start_date"))?;
        let end = gtfs_date(&rows, &rec, "end_date", get("end_date"))?;
        if end < start {
            return Err(rows.error(&rec, "end_date", format!("{end} is before start_date {start}")));
        }
        let runs = match get(day) {
            "1" => true,
            "0" => false,
            other => {
                return Err(rows.error(
                    &rec,
                    day,
                    format!("{other} is not 0 or 1", other = table::quoted(other)),
                ));
            }
        };
        for d in WEEKDAYS {
            if !matches!(get(d), "0" | "1") {
                return Err(rows.error(&rec, d, format!("{} is not 0 or 1", table::quoted(get(d)))));
            }
        }
        if runs && start <= date && date <= end {
            active.insert(id.to_owned());
        }
    }
    Ok(())
}

/// Applies calendar_dates.txt's exceptions on `date` to `active`.
fn read_calendar_dates(t: Table<'_>, date: Date, active: &mut HashSet<String>) -> Result<(), Error> {
    let mut rec = csv::StringRecord::new();
    #[derive(Deserialize)]
    struct Row<'a> {
        service_id: Option<&'a str>,
        date: Option<&'a str>,
        exception_type: Option<&'a str>,
    }
    let mut rows = t.rows(&["service_id", "date", "exception_type"])?;
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let id = required(&rows, &rec, "service_id", r.service_id)?;
        let d = gtfs_date(&rows, &rec, "date", r.date.unwrap_or(""))?;
        match r.exception_type.unwrap_or("") {
            "1" if d == date => {
                active.insert(id.to_owned());
            }
            "2" if d == date => {
                active.remove(id);
            }
            "1" | "2" => {}
            other => {
                return Err(rows.error(
                    &rec,
                    "exception_type",
                    format!("{other} is not 1 or 2", other = table::quoted(other)),
                ));
            }
        }
    }
    Ok(())
}

fn gtfs_date(rows: &table::Rows<'_>, rec: &csv::StringRecord, field: &str, v: &str) -> Result<Date, Error> {
    Date::parse_yyyymmdd(v)
        .ok_or_else(|| rows.error(rec, field, format!("{v} is not a date YYYYMMDD", v = table::quoted(v))))
}

struct TripRow {
    route: usize,
    active: bool,
}

struct Trips {
    list: Vec<TripRow>,
    by_id: HashMap<String, usize>,
    ids: Vec<String>,
}

fn read_trips(
    t: Table<'_>,
    routes: &HashMap<String, usize>,
    services: &HashSet<String>,
) -> Result<Trips, Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        route_id: Option<&'a str>,
        service_id: Option<&'a str>,
        trip_id: Option<&'a str>,
    }
    let mut rows = t.rows(&["route_id", "service_id", "trip_id"])?;
    let mut rec = csv::StringRecord::new();
    let mut trips = Trips { list: Vec::new(), by_id: HashMap::new(), ids: Vec::new() };
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let id = required(&rows, &rec, "trip_id", r.trip_id)?;
        let route_id = required(&rows, &rec, "route_id", r.route_id)?;
        let service = required(&rows, &rec, "service_id", r.service_id)?;
        let &route = routes.get(route_id).ok_or_else(|| {
            rows.error(
                &rec,
                "route_id",
                format!("unknown route {route_id}", route_id = table::quoted(route_id)),
            )
        })?;
        if trips.by_id.insert(id.to_owned(), trips.list.len()).is_some() {
            return Err(rows.error(&rec, "trip_id", format!("duplicate trip {id}", id = table::quoted(id))));
        }
        trips.list.push(TripRow { route, active: services.contains(service) });
        trips.ids.push(id.to_owned());
    }
    Ok(trips)
}

// ---------------------------------------------------------------------------
// frequencies.txt

struct Frequency {
    start: Time,
    end: Time,
    headway: u32,
    exact: bool,
}

fn read_frequencies(t: Table<'_>, trips: &Trips) -> Result<HashMap<usize, Vec<Frequency>>, Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        trip_id: Option<&'a str>,
        start_time: Option<&'a str>,
        end_time: Option<&'a str>,
        headway_secs: Option<&'a str>,
        #[serde(default)]
        exact_times: Option<&'a str>,
    }
    let label = t.label.clone();
    let mut rows = t.rows(&["trip_id", "start_time", "end_time", "headway_secs"])?;
    let mut rec = csv::StringRecord::new();
    let mut out: HashMap<usize, Vec<Frequency>> = HashMap::new();
    let mut lines: HashMap<usize, Vec<u64>> = HashMap::new();
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let id = required(&rows, &rec, "trip_id", r.trip_id)?;
        let &trip = trips.by_id.get(id).ok_or_else(|| {
            rows.error(&rec, "trip_id", format!("unknown trip {id}", id = table::quoted(id)))
        })?;
        let start = time(&rows, &rec, "start_time", r.start_time)?
            .ok_or_else(|| rows.error(&rec, "start_time", "is empty"))?;
        let end = time(&rows, &rec, "end_time", r.end_time)?
            .ok_or_else(|| rows.error(&rec, "end_time", "is empty"))?;
        let headway = match uint(&rows, &rec, "headway_secs", r.headway_secs)? {
            Some(h) if h > 0 => h,
            _ => return Err(rows.error(&rec, "headway_secs", "must be a positive number of seconds")),
        };
        let exact = match r.exact_times.unwrap_or("") {
            "" | "0" => false,
            "1" => true,
            other => {
                return Err(rows.error(
                    &rec,
                    "exact_times",
                    format!("{other} is not 0 or 1", other = table::quoted(other)),
                ));
            }
        };
        if end < start {
            return Err(rows.error(&rec, "end_time", format!("{end} is before start_time {start}")));
        }
        out.entry(trip).or_default().push(Frequency { start, end, headway, exact });
        lines.entry(trip).or_default().push(rec.position().map_or(0, |p| p.line()));
    }
    overlaps(&label, trips, &out, &lines)?;
    Ok(out)
}

/// Refuses two rows of one trip whose intervals overlap: each would run
/// the trip, doubling its departures there. Rows that only touch (one ends
/// where the next starts, `end_time` being exclusive) are fine.
fn overlaps(
    label: &str,
    trips: &Trips,
    freqs: &HashMap<usize, Vec<Frequency>>,
    lines: &HashMap<usize, Vec<u64>>,
) -> Result<(), Error> {
    let mut found: Option<(u64, Error)> = None;
    for (trip, rows) in freqs {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| (rows[i].start, lines[trip][i]));
        for w in order.windows(2) {
            let (a, b) = (&rows[w[0]], &rows[w[1]]);
            if b.start < a.end {
                let (la, lb) = (lines[trip][w[0]], lines[trip][w[1]]);
                let line = la.max(lb);
                if found.as_ref().is_none_or(|(l, _)| line < *l) {
                    let id = &trips.ids[*trip];
                    let e = Error::invalid(
                        label,
                        format!("line {line}"),
                        format!("trip {}", table::quoted(id)),
                        format!(
                            "its interval {}–{} overlaps {}–{} on line {}, which would run the trip twice",
                            if line == lb { b.start } else { a.start },
                            if line == lb { b.end } else { a.end },
                            if line == lb { a.start } else { b.start },
                            if line == lb { a.end } else { b.end },
                            la.min(lb)
                        ),
                    );
                    found = Some((line, e));
                }
            }
        }
    }
    found.map_or(Ok(()), |(_, e)| Err(e))
}

impl Frequency {
    /// Departures from the first stop.
    fn departures(&self) -> impl Iterator<Item = Time> + '_ {
        let first = if self.exact { self.start.secs() } else { self.start.secs() + self.headway / 2 };
        (0u32..)
            .map(move |k| first.saturating_add(k.saturating_mul(self.headway)))
            .take_while(move |&t| t < self.end.secs())
            .map(Time)
    }
}

fn time(
    rows: &table::Rows<'_>,
    rec: &csv::StringRecord,
    field: &str,
    v: Option<&str>,
) -> Result<Option<Time>, Error> {
    match v {
        None | Some("") => Ok(None),
        Some(s) => Time::parse(s).map(Some).map_err(|e| rows.error(rec, field, e.to_string())),
    }
}

// ---------------------------------------------------------------------------
// stop_times.txt

/// One row of stop_times.txt for a trip on the date.
struct Row {
    trip: u32,
    seq: u32,
    stop: u32,
    arr: Option<Time>,
    dep: Option<Time>,
    pickup: bool,
    dropoff: bool,
    dist: Option<f64>,
    line: u64,
}

fn read_stop_times(
    t: Table<'_>,
    stops: &Stops,
    trips: &Trips,
    frequencies: &HashMap<usize, Vec<Frequency>>,
    summary: &mut Summary,
) -> Result<Vec<TripIn>, Error> {
    #[derive(Deserialize)]
    struct Raw<'a> {
        trip_id: Option<&'a str>,
        #[serde(default)]
        arrival_time: Option<&'a str>,
        #[serde(default)]
        departure_time: Option<&'a str>,
        stop_id: Option<&'a str>,
        stop_sequence: Option<&'a str>,
        #[serde(default)]
        pickup_type: Option<&'a str>,
        #[serde(default)]
        drop_off_type: Option<&'a str>,
        #[serde(default)]
        shape_dist_traveled: Option<&'a str>,
    }
    let label = t.label.clone();
    let mut rows = t.rows(&["trip_id", "stop_id", "stop_sequence"])?;
    let mut rec = csv::StringRecord::new();
    let mut kept: Vec<Row> = Vec::new();
    let flag = |rows: &table::Rows<'_>, rec: &csv::StringRecord, field: &str, v: Option<&str>| match v {
        None | Some("" | "0" | "2" | "3") => Ok(true),
        Some("1") => Ok(false),
        Some(other) => {
            Err(rows.error(rec, field, format!("{other} is not 0, 1, 2 or 3", other = table::quoted(other))))
        }
    };
    while rows.next(&mut rec)? {
        let r: Raw<'_> = rows.de(&rec)?;
        let trip_id = required(&rows, &rec, "trip_id", r.trip_id)?;
        let &trip = trips.by_id.get(trip_id).ok_or_else(|| {
            rows.error(&rec, "trip_id", format!("unknown trip {trip_id}", trip_id = table::quoted(trip_id)))
        })?;
        let stop_id = required(&rows, &rec, "stop_id", r.stop_id)?;
        let &stop = stops.by_id.get(stop_id).ok_or_else(|| {
            rows.error(&rec, "stop_id", format!("unknown stop {stop_id}", stop_id = table::quoted(stop_id)))
        })?;
        let seq = uint(&rows, &rec, "stop_sequence", r.stop_sequence)?
            .ok_or_else(|| rows.error(&rec, "stop_sequence", "is empty"))?;
        let arr = time(&rows, &rec, "arrival_time", r.arrival_time)?;
        let dep = time(&rows, &rec, "departure_time", r.departure_time)?;
        let pickup = flag(&rows, &rec, "pickup_type", r.pickup_type)?;
        let dropoff = flag(&rows, &rec, "drop_off_type", r.drop_off_type)?;
        let dist = float(&rows, &rec, "shape_dist_traveled", r.shape_dist_traveled)?;
        if trips.list[trip].active {
            let line = rec.position().map_or(0, |p| p.line());
            if kept.len() == MAX_STOP_TIMES {
                return Err(rows.error(
                    &rec,
                    "",
                    format!("more than {} stop times on the date, the limit", thousands(MAX_STOP_TIMES)),
                ));
            }
            kept.push(Row {
                trip: trip as u32,
                seq,
                stop: stop as u32,
                arr,
                dep,
                pickup,
                dropoff,
                dist,
                line,
            });
        }
    }
    kept.sort_by_key(|r| (r.trip, r.seq));
    let mut out = Vec::new();
    let err = |line: u64, field: &str, message: String| {
        Error::invalid(&label, format!("line {line}"), format!("field {field}"), message)
    };
    let mut short = 0;
    let mut total: usize = 0;
    for group in kept.chunk_by(|a, b| a.trip == b.trip) {
        let trip = group[0].trip as usize;
        let id = &trips.ids[trip];
        for w in group.windows(2) {
            if w[0].seq == w[1].seq {
                return Err(err(
                    w[1].line,
                    "stop_sequence",
                    format!("trip {id} has stop_sequence {} twice", w[1].seq, id = table::quoted(id)),
                ));
            }
        }
        if group.len() < 2 {
            short += 1;
            continue;
        }
        if group.len() > MAX_CALLS_PER_LINE {
            return Err(err(
                group[MAX_CALLS_PER_LINE].line,
                "stop_sequence",
                format!(
                    "trip {id} has more than {} stop times, the limit",
                    thousands(MAX_CALLS_PER_LINE),
                    id = table::quoted(id)
                ),
            ));
        }
        let mut wrapped = false;
        let calls = timed_calls(group, stops, id, &err, &mut wrapped)?;
        if wrapped {
            summary.drop("trips writing times after midnight as 00:xx, read as 24:xx (kept)", 1);
        }
        match frequencies.get(&trip) {
            None => {
                total += calls.len();
                out.push(TripIn { route: trips.list[trip].route, id: id.clone(), calls });
            }
            Some(freqs) => {
                // Counted before any trip is made, so that a feed past the
                // limit is refused at once, having allocated nothing for it.
                let repeats: usize = freqs.iter().map(|f| f.departures().count()).sum();
                total = total.saturating_add(repeats.saturating_mul(calls.len()));
                if total > MAX_STOP_TIMES {
                    return Err(err(
                        group[0].line,
                        "trip_id",
                        format!(
                            "trip {id} repeated by frequencies.txt brings the date past {} stop times, the limit",
                            thousands(MAX_STOP_TIMES),
                            id = table::quoted(id)
                        ),
                    ));
                }
                let start = calls[0].dep.secs();
                for f in freqs {
                    for dep in f.departures() {
                        // The first arrival may come before the first departure,
                        // and before the first frequency departure's start.
                        let shift = |t: Time| Time((t.secs() + dep.secs()).saturating_sub(start));
                        let shifted: Vec<StopTime> = calls
                            .iter()
                            .map(|c| StopTime { arr: shift(c.arr), dep: shift(c.dep), ..*c })
                            .collect();
                        if shifted.last().is_some_and(|c| c.dep > Time::MAX_SERVICE) {
                            summary.drop("frequency-based trips running past 72:00", 1);
                            continue;
                        }
                        out.push(TripIn {
                            route: trips.list[trip].route,
                            id: format!("{id}@{dep}"),
                            calls: shifted,
                        });
                    }
                }
            }
        }
    }
    summary.drop("trips with fewer than two stop times", short);
    Ok(out)
}

/// The calls of one trip with every time filled in and checked.
fn timed_calls(
    group: &[Row],
    stops: &Stops,
    id: &str,
    err: &impl Fn(u64, &str, String) -> Error,
    wrapped: &mut bool,
) -> Result<Vec<StopTime>, Error> {
    let n = group.len();
    for k in [0, n - 1] {
        if group[k].arr.is_none() && group[k].dep.is_none() {
            let which = if k == 0 { "first" } else { "last" };
            return Err(err(
                group[k].line,
                "arrival_time",
                format!("the {which} stop of trip {id} has no time", id = table::quoted(id)),
            ));
        }
    }
    let stop = |r: &Row| &stops.list[r.stop as usize];
    // Distance along the trip, for interpolating stops without times.
    let by_shape = group.iter().all(|r| r.dist.is_some());
    let mut along = Vec::with_capacity(n);
    let mut d = 0.0;
    for (k, r) in group.iter().enumerate() {
        if by_shape {
            d = r.dist.unwrap_or(0.0);
        } else if k > 0 {
            d += haversine_km(stop(&group[k - 1]).pos, stop(r).pos);
        }
        along.push(d);
    }
    let mut calls: Vec<StopTime> = Vec::with_capacity(n);
    let mut last_timed = 0;
    // Some feeds write times after midnight as 00:xx rather than 24:xx: a
    // time more than twelve hours before the one before it is read a day later.
    let (mut wrap, mut prev) = (0, 0);
    let mut unwrap = |t: Option<Time>, wrap: &mut u32| {
        t.map(|t| {
            let mut secs = t.secs() + *wrap;
            if secs + 12 * 3600 < prev {
                *wrap += 24 * 3600;
                secs += 24 * 3600;
                *wrapped = true;
            }
            prev = prev.max(secs);
            Time(secs)
        })
    };
    for (k, r) in group.iter().enumerate() {
        let (r_arr, r_dep) = (unwrap(r.arr, &mut wrap), unwrap(r.dep, &mut wrap));
        let (arr, dep) = match (r_arr, r_dep) {
            (Some(a), Some(d)) => (a, d),
            (Some(a), None) => (a, a),
            (None, Some(d)) => (d, d),
            (None, None) => {
                let next =
                    (k + 1..n).find(|&j| group[j].arr.is_some() || group[j].dep.is_some()).unwrap_or(n - 1);
                let t0 = calls[last_timed].dep.secs() as f64;
                let t1 = group[next].arr.or(group[next].dep).map_or(t0, |t| {
                    let t = (t.secs() + wrap) as f64;
                    if t + 12.0 * 3600.0 < t0 { t + 24.0 * 3600.0 } else { t }
                });
                let span = along[next] - along[last_timed];
                let frac = if span > 0.0 {
                    ((along[k] - along[last_timed]) / span).clamp(0.0, 1.0)
                } else {
                    (k - last_timed) as f64 / (next - last_timed) as f64
                };
                let t = Time((t0 + (t1 - t0) * frac).round().max(0.0) as u32);
                (t, t)
            }
        };
        if dep < arr {
            return Err(err(
                r.line,
                "departure_time",
                format!("trip {id} departs at {dep} before it arrives at {arr}", id = table::quoted(id)),
            ));
        }
        // Checked call by call: times read a day later again and again
        // would otherwise grow without bound.
        if dep > Time::MAX_SERVICE {
            return Err(err(
                r.line,
                "arrival_time",
                format!("trip {id} runs past 72:00:00", id = table::quoted(id)),
            ));
        }
        if let Some(prev) = calls.last()
            && arr < prev.dep
        {
            return Err(err(
                r.line,
                "arrival_time",
                format!(
                    "trip {id} arrives at {arr}, before it left the stop before at {}",
                    prev.dep,
                    id = table::quoted(id)
                ),
            ));
        }
        if r.arr.is_some() || r.dep.is_some() {
            last_timed = k;
        }
        calls.push(StopTime { station: stop(r).station, arr, dep, pickup: r.pickup, dropoff: r.dropoff });
    }
    Ok(calls)
}

// ---------------------------------------------------------------------------
// transfers.txt

fn read_transfers(
    t: Table<'_>,
    stops: &Stops,
    net: &mut Network,
    stated: &mut [bool],
    summary: &mut Summary,
) -> Result<(), Error> {
    #[derive(Deserialize)]
    struct Row<'a> {
        from_stop_id: Option<&'a str>,
        to_stop_id: Option<&'a str>,
        transfer_type: Option<&'a str>,
        #[serde(default)]
        min_transfer_time: Option<&'a str>,
        #[serde(default)]
        from_route_id: Option<&'a str>,
        #[serde(default)]
        to_route_id: Option<&'a str>,
        #[serde(default)]
        from_trip_id: Option<&'a str>,
        #[serde(default)]
        to_trip_id: Option<&'a str>,
    }
    let mut rows = t.rows(&["from_stop_id", "to_stop_id", "transfer_type"])?;
    let mut rec = csv::StringRecord::new();
    let mut change: HashMap<StationIdx, u32> = HashMap::new();
    let mut walks: HashMap<(StationIdx, StationIdx), u32> = HashMap::new();
    let mut forbidden: HashSet<(StationIdx, StationIdx)> = HashSet::new();
    while rows.next(&mut rec)? {
        let r: Row<'_> = rows.de(&rec)?;
        let stop = |field: &str, v: Option<&str>| -> Result<&Stop, Error> {
            let id = required(&rows, &rec, field, v)?;
            stops
                .get(id)
                .ok_or_else(|| rows.error(&rec, field, format!("unknown stop {id}", id = table::quoted(id))))
        };
        let (from, to) = (stop("from_stop_id", r.from_stop_id)?, stop("to_stop_id", r.to_stop_id)?);
        let kind = uint(&rows, &rec, "transfer_type", r.transfer_type)?.unwrap_or(0);
        if kind > 3 {
            summary.drop("transfers of types 4 and 5 (in-seat transfers)", 1);
            continue;
        }
        let secs = uint(&rows, &rec, "min_transfer_time", r.min_transfer_time)?;
        if let Some(s) = secs
            && s > Time::MAX_SERVICE.secs()
        {
            return Err(rows.error(
                &rec,
                "min_transfer_time",
                format!("{s} seconds is longer than 72 hours, the longest a change or walk may take"),
            ));
        }
        if [r.from_route_id, r.to_route_id, r.from_trip_id, r.to_trip_id]
            .iter()
            .any(|v| v.is_some_and(|s| !s.is_empty()))
        {
            summary.drop("route- or trip-specific transfers", 1);
            continue;
        }
        if from.station == to.station {
            match (kind, secs) {
                (0..=2, Some(s)) => {
                    let e = change.entry(from.station).or_default();
                    *e = (*e).max(s);
                }
                _ => summary.drop("transfers within a station with no min_transfer_time", 1),
            }
            continue;
        }
        let pair = (from.station, to.station);
        if kind == 3 {
            forbidden.insert(pair);
            continue;
        }
        let secs = match secs {
            Some(s) => s,
            None => {
                let km = haversine_km(net.station(pair.0).pos, net.station(pair.1).pos);
                let secs = (km / WALK_KMH * 3600.0).round().max(60.0);
                if secs > f64::from(Time::MAX_SERVICE.secs()) {
                    summary.drop("walking transfers longer than 72 hours on foot", 1);
                    continue;
                }
                secs as u32
            }
        };
        let e = walks.entry(pair).or_insert(secs);
        *e = (*e).min(secs);
    }
    for (station, secs) in change {
        net.set_min_change(station, secs);
        stated[station.idx()] = true;
    }
    let mut walks: Vec<((StationIdx, StationIdx), u32)> =
        walks.into_iter().filter(|(p, _)| !forbidden.contains(p)).collect();
    walks.sort();
    for ((from, to), secs) in walks {
        net.add_walk(Walk { from, to, secs }).expect("stations differ");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
