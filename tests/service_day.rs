//! The service day of today's network against the RDG CIF sample: trains
//! reach the North's cities as early, and as often in the morning peak, as
//! the real timetable's.
//!
//! The sample (`../shared/data/timetable/`) is part of the national
//! timetable, so it is used as a floor, on its busiest day (Saturday 21 March
//! 2020), for the operators it covers in full enough: Northern and
//! TransPennine Express. Both sides count only those operators' trains (the
//! model's lines whose operator is one of the two).
//!
//! Definitions (also in `networks/README.md`, "Service day"):
//!
//! - a **hub** is one of the eight cities below with its stations (as in
//!   `networks/hubs.json`); a **principal station** is a station of a hub;
//! - a train **serves** an ordered pair of different hubs (from, to) if it
//!   picks up at a station of `from` and later sets down at a station of
//!   `to`; a **corridor** is a pair that at least two trains of the day serve
//!   (a single train is an odd working, such as a late-evening extension,
//!   not a service);
//! - the **first arrival** at a principal station S of `to` on a corridor is
//!   the earliest arrival from 05:00 at S of a train serving the corridor
//!   that sets down at S (overnight trains, which both have, do not count);
//! - the **peak arrivals** into `to` on a corridor are the trains serving it
//!   whose arrival at their first station of `to` after the pick-up is from
//!   07:00 up to (not including) 09:00.
//!
//! For every corridor the sample has, the model must have the corridor, its
//! first arrival at every principal station the sample reaches on it must be
//! no more than 10 minutes later than the sample's, and it must have at least
//! as many peak arrivals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use railshed_core::{Time, Timetable, TripIdx};
use railshed_io::Date;
use railshed_io::embedded;
use railshed_io::timetable::{ImportSettings, import};

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(path)
}

const CIF_SAMPLE: &str = "timetable/rdg_cif_ttisf585_sample.zip";
const CIF_DATE: &str = "2020-03-21";

/// The operators the sample covers.
const OPERATORS: &[&str] = &["Northern", "TransPennine Express"];

/// The eight northern hubs and their stations.
const HUBS: &[(&str, &[&str])] = &[
    ("Liverpool", &["LIV", "LVC", "MRF", "LVJ"]),
    ("Manchester", &["MAN", "MCV", "MCO", "DGT"]),
    ("Leeds", &["LDS"]),
    ("Bradford", &["BDI", "BDQ"]),
    ("Sheffield", &["SHF"]),
    ("Hull", &["HUL"]),
    ("York", &["YRK"]),
    ("Newcastle", &["NCL"]),
];

/// First arrivals are counted from this time of day (seconds).
const MORNING: u32 = 5 * 3600;

/// The morning peak: arrivals from 07:00 up to 09:00.
const PEAK: (u32, u32) = (7 * 3600, 9 * 3600);

/// Trains a day that make a pair of hubs a corridor.
const MIN_TRAINS: u32 = 2;

/// Tolerance of the first arrivals.
const LATE_SECS: u32 = 10 * 60;

fn hub_of(station: &str) -> Option<&'static str> {
    HUBS.iter().find(|(_, stations)| stations.contains(&station)).map(|(hub, _)| *hub)
}

/// What a timetable offers on the hub-to-hub corridors.
#[derive(Debug, Default)]
struct Corridors {
    /// (from hub, principal station) → first arrival.
    first: BTreeMap<(&'static str, String), Time>,
    /// (from hub, to hub) → peak arrivals.
    peak: BTreeMap<(&'static str, &'static str), u32>,
    /// (from hub, to hub) → trains of the day.
    trains: BTreeMap<(&'static str, &'static str), u32>,
}

impl Corridors {
    fn is_corridor(&self, from: &'static str, to: &'static str) -> bool {
        self.trains.get(&(from, to)).is_some_and(|&n| n >= MIN_TRAINS)
    }
}

fn corridors(tt: &Timetable) -> Corridors {
    let mut out = Corridors::default();
    for (i, trip) in tt.trips.iter().enumerate() {
        if !OPERATORS.contains(&tt.lines[trip.line.idx()].operator.as_str()) {
            continue;
        }
        let st = tt.stop_times_of(TripIdx::new(i));
        let hubs: Vec<Option<&'static str>> =
            st.iter().map(|s| hub_of(&tt.stations[s.station.idx()].id)).collect();
        // Hubs picked up at so far, and the hubs each has already counted.
        let mut boarded: Vec<&'static str> = Vec::new();
        let mut counted: Vec<(&'static str, &'static str)> = Vec::new();
        for (j, s) in st.iter().enumerate() {
            let Some(hub) = hubs[j] else { continue };
            if s.dropoff {
                for &from in boarded.iter().filter(|&&from| from != hub) {
                    if s.arr.secs() >= MORNING {
                        let key = (from, tt.stations[s.station.idx()].id.clone());
                        let first = out.first.entry(key).or_insert(s.arr);
                        *first = (*first).min(s.arr);
                    }
                    if !counted.contains(&(from, hub)) {
                        counted.push((from, hub));
                        *out.trains.entry((from, hub)).or_default() += 1;
                        if (PEAK.0..PEAK.1).contains(&s.arr.secs()) {
                            *out.peak.entry((from, hub)).or_default() += 1;
                        } else {
                            out.peak.entry((from, hub)).or_default();
                        }
                    }
                }
            }
            if s.pickup && !boarded.contains(&hub) {
                boarded.push(hub);
            }
        }
    }
    out
}

fn sample() -> Corridors {
    let date = Date::parse_iso(CIF_DATE).unwrap();
    corridors(&import(&shared(CIF_SAMPLE), &ImportSettings::new(date)).unwrap().network.compile())
}

fn model() -> Corridors {
    corridors(&embedded::default_network().unwrap().compile())
}

/// Every way the model falls short of the sample, one line each.
fn shortfalls(model: &Corridors, sample: &Corridors) -> Vec<String> {
    let mut out = Vec::new();
    for ((from, at), real) in &sample.first {
        if !sample.is_corridor(from, hub_of(at).unwrap()) {
            continue;
        }
        match model.first.get(&(*from, at.clone())) {
            None => {
                out.push(format!("{from} → {at}: no direct train (sample: first arrives {})", real.hhmm()))
            }
            Some(t) if t.secs() > real.secs() + LATE_SECS => {
                out.push(format!("{from} → {at}: first arrives {} (sample: {})", t.hhmm(), real.hhmm()))
            }
            Some(_) => {}
        }
    }
    for ((from, to), real) in &sample.peak {
        if !sample.is_corridor(from, to) {
            continue;
        }
        let got = model.peak.get(&(*from, *to)).copied().unwrap_or(0);
        if got < *real {
            out.push(format!("{from} → {to}: {got} arrivals 07:00–09:00 (sample: {real})"));
        }
    }
    out
}

/// The sample's first arrivals quoted in `networks/README.md` ("Service day").
#[test]
fn sample_first_arrivals_are_as_quoted() {
    let sample = sample();
    let check = |from: &'static str, at: &str, expect: &str| {
        assert_eq!(sample.first[&(from, at.to_owned())].hhmm(), expect, "{from} → {at}");
    };
    check("Sheffield", "LDS", "06:31");
    check("Hull", "LDS", "16:24");
    check("Sheffield", "MAN", "07:02");
    check("Newcastle", "LDS", "06:28");
    // The definitions pick up every hub-to-hub corridor of the two operators.
    let corridors: Vec<String> = sample
        .trains
        .keys()
        .filter(|(f, t)| sample.is_corridor(f, t))
        .map(|(f, t)| format!("{f}→{t}"))
        .collect();
    assert_eq!(corridors.len(), 35, "{corridors:?}");
}

#[test]
fn model_reaches_the_hubs_no_later_and_no_less_often_than_the_sample() {
    let model = model();
    let sample = sample();
    let short = shortfalls(&model, &sample);
    assert!(short.is_empty(), "{} shortfalls:\n{}", short.len(), short.join("\n"));
}

/// The check itself: a model that starts late or runs less often than the
/// sample is caught, naming the corridor.
#[test]
fn shortfalls_are_named() {
    let first = |from: &'static str, at: &str, t: &str| ((from, at.to_owned()), Time::parse(t).unwrap());
    let sample = Corridors {
        first: BTreeMap::from([
            first("Sheffield", "LDS", "06:31"),
            first("Hull", "LDS", "07:39"),
            first("Hull", "YRK", "06:59"),
        ]),
        peak: BTreeMap::from([(("Sheffield", "Leeds"), 3), (("Hull", "Leeds"), 2), (("Hull", "York"), 1)]),
        trains: BTreeMap::from([(("Sheffield", "Leeds"), 19), (("Hull", "Leeds"), 3), (("Hull", "York"), 1)]),
    };
    let model = Corridors {
        first: BTreeMap::from([first("Sheffield", "LDS", "06:42")]),
        peak: BTreeMap::from([(("Sheffield", "Leeds"), 2)]),
        trains: BTreeMap::from([(("Sheffield", "Leeds"), 20)]),
    };
    assert_eq!(
        shortfalls(&model, &sample),
        [
            "Hull → LDS: no direct train (sample: first arrives 07:39)",
            "Sheffield → LDS: first arrives 06:42 (sample: 06:31)",
            "Hull → Leeds: 0 arrivals 07:00–09:00 (sample: 2)",
            "Sheffield → Leeds: 2 arrivals 07:00–09:00 (sample: 3)",
        ]
    );
    // Hull → York, served by one train, is not a corridor.
    assert!(shortfalls(&sample, &sample).is_empty());
}
