//! Writing a compiled timetable as a GTFS feed for one date.
//!
//! Every station becomes a parent station (`location_type` 1, `stop_id` the
//! station id, `stop_code` its CRS) with one platform, `ID:p`, that the stop
//! times use. Each line is a route (`route_type` 2, rail), each trip keeps
//! its id, and one service runs on the date alone. `transfers.txt` states
//! each station's minimum change time as a transfer from its platform to
//! itself, and each walk as a transfer between platforms, both of type 2.
//! Importing the feed gives back the same trips, stop times and transfers.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use railshed_core::{Timetable, TripIdx};

use crate::date::WEEKDAYS;
use crate::{Date, Error};

/// The feed's files, in the order written: (file name, bytes).
pub type Feed = Vec<(&'static str, Vec<u8>)>;

/// The timetable as GTFS files for `date`.
pub fn export(tt: &Timetable, date: Date) -> Feed {
    let mut feed = Feed::new();
    let platform = |i: usize| format!("{}:p", tt.stations[i].id);

    let mut operators: Vec<&str> = tt.lines.iter().map(|l| l.operator.as_str()).collect();
    operators.sort_unstable();
    operators.dedup();
    let agency_id: HashMap<&str, String> =
        operators.iter().enumerate().map(|(i, o)| (*o, format!("A{}", i + 1))).collect();
    feed.push((
        "agency.txt",
        csv_bytes(
            &["agency_id", "agency_name", "agency_url", "agency_timezone"],
            operators.iter().map(|o| {
                let name = if o.is_empty() { "railshed" } else { o };
                vec![agency_id[o].clone(), name.to_owned(), REPOSITORY.to_owned(), "Europe/London".to_owned()]
            }),
        ),
    ));

    feed.push((
        "stops.txt",
        csv_bytes(
            &["stop_id", "stop_code", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"],
            tt.stations.iter().enumerate().flat_map(|(i, s)| {
                let (lat, lon) = (format!("{:.6}", s.lat()), format!("{:.6}", s.lon()));
                let code = s.crs.clone().unwrap_or_default();
                [
                    vec![
                        s.id.clone(),
                        code.clone(),
                        s.name.clone(),
                        lat.clone(),
                        lon.clone(),
                        "1".into(),
                        String::new(),
                    ],
                    vec![platform(i), code, s.name.clone(), lat, lon, "0".into(), s.id.clone()],
                ]
            }),
        ),
    ));

    feed.push((
        "routes.txt",
        csv_bytes(
            &["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
            tt.lines.iter().map(|l| {
                vec![
                    l.id.clone(),
                    agency_id[l.operator.as_str()].clone(),
                    String::new(),
                    l.name.clone(),
                    "2".into(),
                ]
            }),
        ),
    ));

    let service = format!("D{}", date.yyyymmdd());
    let mut used: HashSet<String> = HashSet::new();
    let trip_ids: Vec<String> = tt
        .trips
        .iter()
        .map(|t| {
            let mut id = t.id.clone();
            let mut n = 1;
            while used.contains(&id) {
                n += 1;
                id = format!("{}~{n}", t.id);
            }
            used.insert(id.clone());
            id
        })
        .collect();
    feed.push((
        "trips.txt",
        csv_bytes(
            &["route_id", "service_id", "trip_id"],
            tt.trips
                .iter()
                .zip(&trip_ids)
                .map(|(t, id)| vec![tt.lines[t.line.idx()].id.clone(), service.clone(), id.clone()]),
        ),
    ));

    feed.push((
        "stop_times.txt",
        csv_bytes(
            &[
                "trip_id",
                "arrival_time",
                "departure_time",
                "stop_id",
                "stop_sequence",
                "pickup_type",
                "drop_off_type",
            ],
            (0..tt.trips.len()).flat_map(|i| {
                let id = &trip_ids[i];
                tt.stop_times_of(TripIdx::new(i)).iter().enumerate().map(move |(k, s)| {
                    vec![
                        id.clone(),
                        s.arr.to_string(),
                        s.dep.to_string(),
                        platform(s.station.idx()),
                        (k + 1).to_string(),
                        if s.pickup { "0" } else { "1" }.to_owned(),
                        if s.dropoff { "0" } else { "1" }.to_owned(),
                    ]
                })
            }),
        ),
    ));

    let mut calendar = vec![service];
    calendar.extend((0..7).map(|d| if d == date.weekday() { "1" } else { "0" }.to_owned()));
    calendar.extend([date.yyyymmdd(), date.yyyymmdd()]);
    let mut cols = vec!["service_id"];
    cols.extend(WEEKDAYS);
    cols.extend(["start_date", "end_date"]);
    feed.push(("calendar.txt", csv_bytes(&cols, [calendar])));

    let changes = tt.stations.iter().enumerate().map(|(i, s)| (i, i, s.min_change));
    let walks = tt.footpaths.iter().map(|f| (f.from.idx(), f.to.idx(), f.secs));
    feed.push((
        "transfers.txt",
        csv_bytes(
            &["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"],
            changes
                .chain(walks)
                .map(|(a, b, secs)| vec![platform(a), platform(b), "2".into(), secs.to_string()]),
        ),
    ));

    feed.push((
        "feed_info.txt",
        csv_bytes(
            &["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date"],
            [vec!["railshed".into(), REPOSITORY.into(), "en".into(), date.yyyymmdd(), date.yyyymmdd()]],
        ),
    ));
    feed
}

const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    w.write_record(header).expect("in memory");
    for row in rows {
        w.write_record(&row).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// Writes the feed as a zip archive, atomically.
pub fn write_zip(path: &Path, feed: &Feed) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io { path: path.to_owned(), error: e };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in feed {
        zip.start_file(*name, options).map_err(|e| io(std::io::Error::other(e)))?;
        zip.write_all(bytes).map_err(io)?;
    }
    let bytes = zip.finish().map_err(|e| io(std::io::Error::other(e)))?.into_inner();
    crate::atomic::write(path, &bytes)
}

/// Writes the feed as a folder of files, as one set (see
/// [`crate::atomic::DirSet`]): the old folder is replaced whole, in one step.
pub fn write_dir(path: &Path, feed: &Feed) -> Result<(), Error> {
    let set = crate::atomic::DirSet::begin(path, crate::atomic::GTFS_DIR)?;
    for (file, bytes) in feed {
        set.write(file, bytes)?;
    }
    set.commit()
}
