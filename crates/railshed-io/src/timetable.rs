//! Real timetables in: a GTFS feed or a CIF archive, for one service date,
//! as a [`Network`].
//!
//! Both formats end up the same way, so every command, the solver and the
//! scenario runner work on an imported timetable unchanged:
//!
//! - stations (GTFS parent stations, CIF stations grouped by CRS) with their
//!   minimum change times, or [`ImportSettings::default_change_secs`] where the
//!   data states none;
//! - walks between stations;
//! - track links (tag `existing`, straight-line km) between consecutive calls;
//! - lines: groups of trips with the same route, stations, times relative to
//!   the first departure and pickup/drop-off flags, each run by
//!   [`Service::Departures`] carrying the real trip ids.
//!
//! The line model has no dwell at the first and last call: a trip's first
//! arrival is its first departure and its last departure its last arrival.
//! Lines are added with [`Network::add_line`] (structural checks only), not
//! [`Network::check_line`]: real data has zero running times and tracks no
//! railshed network knows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use railshed_core::{Call, Departure, Line, Network, Service, StationIdx, StopTime, TagIdx, Time};

use crate::archive::{Archive, display};
pub use crate::archive::{MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};
use crate::{Date, Error};

/// The minimum change time used at a station whose data states none, in
/// minutes: five, RDG's default for stations without a specific figure in
/// the master station names file, and [`railshed_core::Station::new`]'s, so
/// an imported feed and the railshed network treat a change alike.
pub const DEFAULT_CHANGE_MIN: u32 = 5;

/// How to import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSettings {
    /// The service date.
    pub date: Date,
    /// Minimum change time at stations whose data states none, seconds.
    pub default_change_secs: u32,
    /// GTFS: every stop and platform is a station of its own, not grouped
    /// into its parent station. A CIF archive is refused with it: its
    /// stations are TIPLOCs grouped by CRS, with no stops to keep apart.
    pub platforms: bool,
}

impl ImportSettings {
    /// Import for `date` with the default change time.
    pub fn new(date: Date) -> ImportSettings {
        ImportSettings { date, default_change_secs: DEFAULT_CHANGE_MIN * 60, platforms: false }
    }
}

/// What a timetable file is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// A GTFS feed (zip or folder).
    Gtfs,
    /// An RDG CIF timetable archive (zip with `.mca` and `.msn`).
    Cif,
}

impl Format {
    /// `GTFS` or `CIF`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Gtfs => "GTFS",
            Format::Cif => "CIF",
        }
    }
}

/// Counts describing an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The format read.
    pub format: Format,
    /// The service date.
    pub date: Date,
    /// Stations in the network.
    pub stations: usize,
    /// Stations whose minimum change time the data states.
    pub change_times: usize,
    /// Routes with trips on the date (CIF: operator, origin and destination).
    pub routes: usize,
    /// Lines (trips grouped by route, stations and relative times).
    pub lines: usize,
    /// Trips on the date.
    pub trips: usize,
    /// Their stop times.
    pub stop_times: usize,
    /// Walks between stations (one per direction).
    pub walks: usize,
    /// Records left out, by reason (each reason names what it counts).
    pub dropped: BTreeMap<String, usize>,
}

impl Summary {
    pub(crate) fn new(format: Format, date: Date) -> Summary {
        Summary {
            format,
            date,
            stations: 0,
            change_times: 0,
            routes: 0,
            lines: 0,
            trips: 0,
            stop_times: 0,
            walks: 0,
            dropped: BTreeMap::new(),
        }
    }

    /// Counts `n` more records dropped for `reason`.
    pub(crate) fn drop(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.dropped.entry(reason.to_owned()).or_default() += n;
        }
    }
}

/// An imported timetable.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The network.
    pub network: Network,
    /// What was read and what was left out.
    pub summary: Summary,
    /// SHA-256 (lower-case hex) of the input, made from the bytes the
    /// import read, for provenance: of a zip archive, its bytes; of a
    /// folder (or files given in memory), each regular file in name order
    /// as its name, a NUL byte, then its bytes (files the import does not
    /// use are read once, for the hash alone).
    pub sha256: String,
}

/// Recognises a timetable by its content: a folder or zip holding
/// `stop_times.txt` is GTFS; a zip holding a `.mca` or `.cif` schedule file
/// is CIF.
pub fn detect(path: &Path) -> Result<Format, Error> {
    detect_archive(&Archive::open(path)?)
}

fn detect_archive(archive: &Archive) -> Result<Format, Error> {
    if archive.find("stop_times.txt")?.is_some() {
        return Ok(Format::Gtfs);
    }
    if !archive.is_dir() && (archive.find_suffix(".mca")?.is_some() || archive.find_suffix(".cif")?.is_some())
    {
        return Ok(Format::Cif);
    }
    Err(Error::invalid(
        display(&archive.path),
        "",
        "",
        "is neither a GTFS feed (no stop_times.txt) nor a CIF archive (no .mca or .cif file)",
    ))
}

/// Imports a GTFS feed or CIF archive for one service date. The input is
/// read once: a zip archive whole into memory (its compressed size, at most
/// [`MAX_TOTAL_BYTES`]), a folder's files as streams; [`Imported::sha256`]
/// is made from those bytes.
pub fn import(path: &Path, options: &ImportSettings) -> Result<Imported, Error> {
    import_archive(Archive::open_hashed(path)?, options)
}

/// Imports a GTFS feed or CIF archive held in memory as a zip archive,
/// called `name` in messages.
pub fn import_zip_bytes(name: &str, bytes: Vec<u8>, options: &ImportSettings) -> Result<Imported, Error> {
    import_archive(Archive::from_zip_bytes(name, bytes)?, options)
}

/// Imports a GTFS feed or CIF archive held in memory as files, (file name,
/// content) pairs, called `name` in messages. Files are recognised as in
/// an archive: a set with a `.mca` or `.cif` file and no `stop_times.txt`
/// is CIF.
pub fn import_files(
    name: &str,
    files: Vec<(String, Vec<u8>)>,
    options: &ImportSettings,
) -> Result<Imported, Error> {
    import_archive(Archive::from_files(name, files), options)
}

fn import_archive(mut archive: Archive, options: &ImportSettings) -> Result<Imported, Error> {
    let (network, summary) = match detect_archive(&archive)? {
        Format::Gtfs => crate::gtfs::import(&mut archive, options)?,
        Format::Cif => crate::cif::import(&mut archive, options)?,
    };
    Ok(Imported { network, summary, sha256: archive.finish()? })
}

// ---------------------------------------------------------------------------
// Building the network from trips, shared by both formats.

/// A route: what trips are grouped under before their patterns split them.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) operator: String,
}

/// A trip on the service date, times absolute, in running order.
#[derive(Clone, Debug)]
pub(crate) struct TripIn {
    /// Index into the routes.
    pub(crate) route: usize,
    pub(crate) id: String,
    /// At least two calls; `arr <= dep` at each and no call before the previous.
    pub(crate) calls: Vec<StopTime>,
}

/// Adds links and lines for `trips` to `net` (which has its stations and
/// walks), fills the counts of `summary` and returns the network. A pattern
/// (trips with the same stations and relative times) running more trips a
/// day than [`railshed_core::limits::MAX_TRIPS_PER_LINE`] is refused, naming
/// `file`, its route and its first trip.
pub(crate) fn build(
    mut net: Network,
    routes: &[Route],
    mut trips: Vec<TripIn>,
    (file, source): (&str, &str),
    summary: &mut Summary,
) -> Result<Network, Error> {
    let existing = TagIdx(0);
    trips.sort_by(|a, b| (a.route, a.calls[0].dep, &a.id).cmp(&(b.route, b.calls[0].dep, &b.id)));

    struct Pattern {
        route: usize,
        calls: Vec<Call>,
        run: Vec<u32>,
        departures: Vec<Departure>,
    }
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut by_key: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut key = Vec::new();
    for trip in &trips {
        let start = trip.calls[0].dep;
        let n = trip.calls.len();
        let offset = |t: Time| t.secs().saturating_sub(start.secs());
        key.clear();
        key.push(trip.route as u32);
        for (k, c) in trip.calls.iter().enumerate() {
            let arr = if k == 0 { 0 } else { offset(c.arr) };
            let dep = if k == n - 1 { arr } else { offset(c.dep) };
            key.extend([c.station.0, arr, dep, u32::from(c.pickup) | u32::from(c.dropoff) << 1]);
        }
        let p = match by_key.get(&key) {
            Some(&p) => p,
            None => {
                let mut calls = Vec::with_capacity(n);
                let mut run = Vec::with_capacity(n - 1);
                for (k, chunk) in key[1..].chunks_exact(4).enumerate() {
                    let (arr, dep) = (chunk[1], chunk[2]);
                    if k > 0 {
                        run.push(arr.saturating_sub(key[1 + 4 * (k - 1) + 2]));
                    }
                    calls.push(Call {
                        station: StationIdx(chunk[0]),
                        dwell: dep.saturating_sub(arr),
                        pickup: chunk[3] & 1 != 0,
                        dropoff: chunk[3] & 2 != 0,
                    });
                }
                patterns.push(Pattern { route: trip.route, calls, run, departures: Vec::new() });
                by_key.insert(key.clone(), patterns.len() - 1);
                patterns.len() - 1
            }
        };
        patterns[p].departures.push(Departure { time: start, id: Some(trip.id.clone()) });
        summary.stop_times += n;
    }
    summary.trips = trips.len();

    // Line ids: the route id when the route has one pattern, else route/1, route/2, ...
    let mut per_route: HashMap<usize, usize> = HashMap::new();
    for p in &patterns {
        *per_route.entry(p.route).or_default() += 1;
    }
    summary.routes = per_route.len();
    summary.lines = patterns.len();
    // Counted before any line is built.
    let limit = railshed_core::limits::MAX_LINES;
    if patterns.len() > limit {
        return Err(Error::invalid(
            file,
            "",
            "",
            format!(
                "{} lines (trips grouped by route, stations and relative times), more than the limit of {}",
                railshed_core::limits::thousands(patterns.len()),
                railshed_core::limits::thousands(limit)
            ),
        ));
    }
    let mut seen_in_route: HashMap<usize, usize> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    for p in patterns {
        let route = &routes[p.route];
        let k = seen_in_route.entry(p.route).or_default();
        *k += 1;
        let mut id = if per_route[&p.route] == 1 { route.id.clone() } else { format!("{}/{k}", route.id) };
        if used.contains(&id) {
            let base = id.clone();
            id = (2..).map(|n| format!("{base}~{n}")).find(|c| !used.contains(c)).expect("unbounded");
        }
        used.insert(id.clone());
        let limit = railshed_core::limits::MAX_TRIPS_PER_LINE;
        if p.departures.len() > limit {
            let first = p.departures[0].id.as_deref().unwrap_or_default();
            return Err(Error::invalid(
                file,
                "",
                format!("route {:?}, trip {:?}", crate::elide(&route.id, 60), crate::elide(first, 60)),
                format!(
                    "{} trips a day run the same stations at the same relative times, more than the limit of {}",
                    railshed_core::limits::thousands(p.departures.len()),
                    railshed_core::limits::thousands(limit)
                ),
            ));
        }
        for w in p.calls.windows(2) {
            if w[0].station != w[1].station {
                net.add_link(w[0].station, w[1].station, None, existing, None).expect("distinct stations");
            }
        }
        let line = Line {
            id,
            name: route.name.clone(),
            operator: route.operator.clone(),
            tag: existing,
            calls: p.calls,
            run: p.run,
            outbound: Service::Departures(p.departures),
            inbound: None,
            source: source.to_owned(),
        };
        let id = line.id.clone();
        net.add_line(line).map_err(|e| {
            Error::invalid(
                file,
                "",
                format!("route {:?}", crate::elide(&route.id, 60)),
                format!("line {id:?}: {e}"),
            )
        })?;
    }
    summary.stations = net.stations().len();
    summary.walks = net.walks().len();
    Ok(net)
}

#[cfg(test)]
mod tests {
    use railshed_core::Station;

    use super::*;

    fn st(station: u32, arr: &str, dep: &str) -> StopTime {
        StopTime {
            station: StationIdx(station),
            arr: Time::parse(arr).unwrap(),
            dep: Time::parse(dep).unwrap(),
            pickup: true,
            dropoff: true,
        }
    }

    /// Builds from trips given as (route, id, calls) and prints the lines
    /// and the compiled trips.
    fn check(trips: Vec<(usize, &str, Vec<StopTime>)>, expect: &str) {
        let mut net = Network::new("t");
        for (i, name) in ["A", "B", "C"].iter().enumerate() {
            net.add_station(Station::new(*name, *name, -1.5 + i as f64 * 0.1, 53.8)).unwrap();
        }
        let routes = vec![
            Route { id: "R".into(), name: "Route R".into(), operator: "op".into() },
            Route { id: "S".into(), name: "Route S".into(), operator: "op".into() },
        ];
        let trips =
            trips.into_iter().map(|(route, id, calls)| TripIn { route, id: id.into(), calls }).collect();
        let mut summary = Summary::new(Format::Gtfs, Date::parse_iso("2020-03-21").unwrap());
        let net = build(net, &routes, trips, ("test", "test"), &mut summary).unwrap();
        let mut got = String::new();
        for line in net.lines() {
            let deps: Vec<String> =
                line.outbound.expand().iter().map(|(t, id)| format!("{}={t}", id.unwrap())).collect();
            got += &format!(
                "{} run {:?} dwell {:?}: {}\n",
                line.id,
                line.run,
                line.calls.iter().map(|c| c.dwell).collect::<Vec<_>>(),
                deps.join(" ")
            );
        }
        let tt = net.compile();
        for (i, trip) in tt.trips.iter().enumerate() {
            let times: Vec<String> = tt
                .stop_times_of(railshed_core::TripIdx::new(i))
                .iter()
                .map(|s| format!("{}@{}-{}", tt.stations[s.station.idx()].id, s.arr.hhmm(), s.dep.hhmm()))
                .collect();
            got += &format!("{} {}\n", trip.id, times.join(" "));
        }
        got += &format!(
            "links {} routes {} lines {} trips {} stop times {}",
            net.graph().edge_count(),
            summary.routes,
            summary.lines,
            summary.trips,
            summary.stop_times
        );
        assert_eq!(got.trim(), expect.trim());
    }

    #[test]
    fn imports_from_memory_as_from_disk() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/timetable");
        let options = ImportSettings::new(Date::parse_iso("2020-03-20").unwrap());

        let dir = data.join("mini_gtfs");
        let mut files = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            files.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            ));
        }
        let (mem, disk) = (import_files("feed", files, &options).unwrap(), import(&dir, &options).unwrap());
        assert_eq!((mem.summary, mem.sha256), (disk.summary, disk.sha256));

        // The hash of an archive is that of its bytes, however it is given.
        let zip = data.join("mini_cif.zip");
        let bytes = std::fs::read(&zip).unwrap();
        let sha256 = {
            use sha2::Digest;
            sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let (mem, disk) =
            (import_zip_bytes("cif.zip", bytes, &options).unwrap(), import(&zip, &options).unwrap());
        assert_eq!((mem.summary, &mem.sha256), (disk.summary, &sha256));
        assert_eq!(disk.sha256, sha256);
        let err = import_zip_bytes("garbage.zip", b"PK garbage".to_vec(), &options).unwrap_err();
        assert!(err.to_string().starts_with("garbage.zip: not a readable zip archive"), "{err}");
    }

    #[test]
    fn groups_trips_with_equal_patterns() {
        check(
            vec![
                (0, "t2", vec![st(0, "09:00", "09:00"), st(1, "09:10", "09:12"), st(2, "09:30", "09:30")]),
                (0, "t1", vec![st(0, "08:00", "08:00"), st(1, "08:10", "08:12"), st(2, "08:30", "08:30")]),
                (0, "t3", vec![st(0, "10:00", "10:00"), st(1, "10:11", "10:12"), st(2, "10:30", "10:30")]),
                (1, "u1", vec![st(2, "07:00", "07:00"), st(1, "07:20", "07:20")]),
            ],
            "
R/1 run [600, 1080] dwell [0, 120, 0]: t1=08:00:00 t2=09:00:00
R/2 run [660, 1080] dwell [0, 60, 0]: t3=10:00:00
S run [1200] dwell [0, 0]: u1=07:00:00
t1 A@08:00-08:00 B@08:10-08:12 C@08:30-08:30
t2 A@09:00-09:00 B@09:10-09:12 C@09:30-09:30
t3 A@10:00-10:00 B@10:11-10:12 C@10:30-10:30
u1 C@07:00-07:00 B@07:20-07:20
links 2 routes 2 lines 3 trips 4 stop times 11",
        );
    }

    #[test]
    fn terminal_dwells_and_zero_running_times_are_kept_apart() {
        // A first arrival before the departure and a last departure after
        // the arrival are not part of the line model; zero running time is.
        check(
            vec![(0, "t", vec![st(0, "07:55", "08:00"), st(1, "08:00", "08:00"), st(2, "08:20", "08:25")])],
            "
R run [0, 1200] dwell [0, 0, 0]: t=08:00:00
t A@08:00-08:00 B@08:00-08:00 C@08:20-08:20
links 2 routes 1 lines 1 trips 1 stop times 3",
        );
    }

    /// Imported patterns are counted against the line limit before any
    /// line is built, for GTFS and CIF alike (both build through here):
    /// 1,000,000 patterns (one route, trips A–B–C at every pair of running
    /// times from 1 to 1,000 seconds) are built, one more is refused.
    #[test]
    fn patterns_are_counted_against_the_line_limit() {
        use railshed_core::limits::MAX_LINES;
        let t = std::time::Instant::now();
        let at = |secs: u32| StopTime {
            station: StationIdx(0),
            arr: Time(8 * 3600 + secs),
            dep: Time(8 * 3600 + secs),
            pickup: true,
            dropoff: true,
        };
        let trips = |extra: bool| {
            let mut trips: Vec<TripIn> = (0..MAX_LINES as u32)
                .map(|i| {
                    let (b, c) = (1 + i % 1_000, 1 + i / 1_000);
                    let calls = vec![
                        at(0),
                        StopTime { station: StationIdx(1), ..at(b) },
                        StopTime { station: StationIdx(2), ..at(b + c) },
                    ];
                    TripIn { route: 0, id: format!("t{i}"), calls }
                })
                .collect();
            if extra {
                trips.push(TripIn { route: 1, id: "one-more".into(), calls: vec![at(0), at(60)] });
                trips.last_mut().unwrap().calls[1].station = StationIdx(1);
            }
            trips
        };
        let net = || {
            let mut net = Network::new("t");
            for (i, name) in ["A", "B", "C"].iter().enumerate() {
                net.add_station(Station::new(*name, *name, -1.5 + i as f64 * 0.1, 53.8)).unwrap();
            }
            net
        };
        let routes = vec![
            Route { id: "R".into(), name: "Route R".into(), operator: "op".into() },
            Route { id: "S".into(), name: "Route S".into(), operator: "op".into() },
        ];
        let date = Date::parse_iso("2020-03-21").unwrap();
        let mut summary = Summary::new(Format::Gtfs, date);
        let err = build(net(), &routes, trips(true), ("feed/trips.txt", "feed"), &mut summary).unwrap_err();
        assert_eq!(
            err.to_string(),
            "feed/trips.txt: 1,000,001 lines (trips grouped by route, stations and relative times), \
             more than the limit of 1,000,000"
        );
        let refused = t.elapsed();
        let mut summary = Summary::new(Format::Cif, date);
        let built = build(net(), &routes, trips(false), ("x.mca", "x"), &mut summary).unwrap();
        assert_eq!((built.lines().len(), summary.lines, summary.trips), (MAX_LINES, MAX_LINES, MAX_LINES));
        assert_eq!(built.lines()[MAX_LINES - 1].id, "R/1000000");
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "1,000,001 patterns refused in {:.1} s, 1,000,000 built in {:.1} s\n",
                refused.as_secs_f64(),
                (t.elapsed() - refused).as_secs_f64()
            )
            .as_bytes(),
        );
    }
}
