//! The embedded zones of the North, their jobs, and the hubs.
//!
//! - `networks/zones/msoa21_north.csv`: the 1,968 Census 2021 MSOAs of the
//!   North with usual residents and population-weighted centroids (derived by
//!   `networks/zones/derive_zones.py`, which documents how the 52 MSOAs new
//!   in 2021 are placed and how counts are reconciled to the Census total);
//! - `networks/zones/msoa21_ew.csv`: the 7,264 Census 2021 MSOAs of England
//!   and Wales (59,597,541 people), placed the same way (derived by
//!   `networks/zones/derive_zones_ew.py`), the `england-wales` preset;
//! - `networks/zones/ltla_workers.csv`: Census 2021 workplace-based counts by
//!   local authority (all 331 of England and Wales), the jobs proxy;
//! - `networks/hubs.json` (`railshed-hubs/1`): cities as sets of stations
//!   with egress times.

use railshed_scenario::hubs::{HubDef, HubStationDef};
use railshed_scenario::zones::{JobsByLad, Zone};
use serde::Deserialize;

use crate::Error;
use crate::network::from_json;

/// The embedded zone table.
pub const ZONES_CSV: (&str, &str) =
    ("networks/zones/msoa21_north.csv", include_str!("../../../networks/zones/msoa21_north.csv"));
/// The embedded zone table of England and Wales.
pub const ZONES_EW_CSV: (&str, &str) =
    ("networks/zones/msoa21_ew.csv", include_str!("../../../networks/zones/msoa21_ew.csv"));
/// The embedded zone sets by preset name, for `--zones NAME`: the North
/// (the default) and England and Wales.
pub const ZONE_PRESETS: &[(&str, (&str, &str))] = &[("north", ZONES_CSV), ("england-wales", ZONES_EW_CSV)];

/// The embedded zone table (file name, text) of a preset name, if it is one.
pub fn zone_preset(name: &str) -> Option<(&'static str, &'static str)> {
    ZONE_PRESETS.iter().find(|(n, _)| *n == name).map(|(_, z)| *z)
}

/// The embedded workplace counts.
pub const WORKERS_CSV: (&str, &str) =
    ("networks/zones/ltla_workers.csv", include_str!("../../../networks/zones/ltla_workers.csv"));
/// The embedded hubs.
pub const HUBS_JSON: (&str, &str) = ("networks/hubs.json", include_str!("../../../networks/hubs.json"));

/// The format string of hubs files.
pub const HUBS_FORMAT: &str = "railshed-hubs/1";

/// A CSV error at `line`, naming the column at fault where there is one.
fn csv_error(file: &str, headers: &csv::StringRecord, line: u64, e: &csv::Error) -> Error {
    let csv::ErrorKind::Deserialize { err, .. } = e.kind() else {
        return Error::invalid(file, format!("line {line}"), "", e.to_string());
    };
    if let csv::DeserializeErrorKind::Message(m) = err.kind()
        && let Some(name) = m.strip_prefix("missing field ")
    {
        return Error::invalid(file, "line 1", "", format!("missing column {name}"));
    }
    let column = err.field().and_then(|i| headers.get(i as usize));
    let object = column.map(|c| format!("column {c}")).unwrap_or_default();
    Error::invalid(file, format!("line {line}"), object, err.kind().to_string())
}

/// Reads the rows of a CSV text, calling `row` with each row and the line
/// it starts on (which differs from the record number when a quoted field
/// spans lines). Errors name the file, the line and the column.
fn for_each_row<R: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    mut row: impl FnMut(R, u64) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(file, &csv::StringRecord::new(), 1, &e))?.clone();
    let mut rec = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut rec);
        let line = rec.position().map_or(1, csv::Position::line);
        if !more.map_err(|e| csv_error(file, &headers, e.position().map_or(line, csv::Position::line), &e))? {
            return Ok(());
        }
        row(rec.deserialize(Some(&headers)).map_err(|e| csv_error(file, &headers, line, &e))?, line)?;
    }
}

/// The most zones a zone file may hold: every MSOA of England and Wales
/// (7,264 + 408) fits. The zone-to-zone indicators (jobs within reach,
/// effective density) grow with the square of the zones, so this is set
/// where one scenario still takes seconds, not hours (see
/// `networks/README.md`, "Limits").
pub const MAX_ZONES: usize = 10_000;

/// Reads zones: a CSV with at least `msoa21_cd`, `msoa21_nm`, `lad21_cd`,
/// `population`, `lat` and `lon`.
pub fn parse_zones(file: &str, text: &str) -> Result<Vec<Zone>, Error> {
    #[derive(Deserialize)]
    struct Row {
        msoa21_cd: String,
        msoa21_nm: String,
        lad21_cd: String,
        population: u32,
        lat: f64,
        lon: f64,
    }
    if let Some((i, _)) = text.lines().enumerate().nth(MAX_ZONES + 1) {
        return Err(Error::invalid(
            file,
            format!("line {}", i + 1),
            "",
            format!("more than {} zones, the limit", railshed_core::limits::thousands(MAX_ZONES)),
        ));
    }
    let mut zones = Vec::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for_each_row(file, text, |r: Row, line| {
        if let Some(first) = seen.insert(r.msoa21_cd.clone(), line) {
            return Err(Error::invalid(
                file,
                format!("line {line}"),
                format!("zone {:?}", crate::elide(&r.msoa21_cd, 60)),
                format!("duplicate zone code (first on line {first}): each zone may be listed once"),
            ));
        }
        let pos = geo::Point::new(r.lon, r.lat);
        if !railshed_core::is_in_great_britain(pos) {
            return Err(Error::invalid(
                file,
                format!("line {line}"),
                format!("zone {:?}", r.msoa21_cd),
                "centroid is outside Great Britain",
            ));
        }
        zones.push(Zone {
            code: r.msoa21_cd,
            name: r.msoa21_nm,
            lad: r.lad21_cd,
            population: r.population,
            pos,
        });
        Ok(())
    })?;
    if zones.is_empty() {
        return Err(Error::invalid(file, "", "", "no zones"));
    }
    Ok(zones)
}

/// Reads workplace counts by local authority.
pub fn parse_jobs(file: &str, text: &str) -> Result<JobsByLad, Error> {
    #[derive(Deserialize)]
    struct Row {
        ltla21_cd: String,
        workplace_based_count_incl_wfh: u64,
    }
    let mut jobs = JobsByLad::new();
    for_each_row(file, text, |r: Row, line| {
        if jobs.contains_key(&r.ltla21_cd) {
            return Err(Error::invalid(
                file,
                format!("line {line}"),
                format!("local authority {:?}", crate::elide(&r.ltla21_cd, 60)),
                "listed twice",
            ));
        }
        jobs.insert(r.ltla21_cd, r.workplace_based_count_incl_wfh);
        Ok(())
    })?;
    Ok(jobs)
}

/// The most hubs a hubs file may hold: the hub-to-hub times grow with the
/// square of the hubs, the zone-to-hub times with zones × hubs.
pub const MAX_HUBS: usize = 100;

/// A hubs file as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HubsJson {
    format: String,
    #[allow(dead_code)]
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    notes: Vec<String>,
    hubs: Vec<HubJson>,
}

/// A hub as written in the hubs file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HubJson {
    id: String,
    name: String,
    stations: Vec<HubStationJson>,
}

/// A station of a hub as written in the hubs file: minutes from the
/// station to the city's centre.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HubStationJson {
    station: String,
    egress_min: f64,
}

impl From<HubJson> for HubDef {
    fn from(h: HubJson) -> HubDef {
        HubDef {
            id: h.id,
            name: h.name,
            stations: h
                .stations
                .into_iter()
                .map(|s| HubStationDef { station: s.station, egress_min: s.egress_min })
                .collect(),
        }
    }
}

/// Reads a hubs file: its hubs, checked (each error names the file, the
/// place and the hub), as the domain's [`HubDef`]s.
pub fn parse_hubs(file: &str, text: &str) -> Result<Vec<HubDef>, Error> {
    let json: HubsJson = from_json(file, text)?;
    crate::network::check_format(file, &json.format, HUBS_FORMAT)?;
    if json.hubs.len() > MAX_HUBS {
        return Err(Error::invalid(
            file,
            format!("$.hubs[{MAX_HUBS}]"),
            "",
            format!("more than {MAX_HUBS} hubs, the limit"),
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for (i, h) in json.hubs.iter().enumerate() {
        if !ids.insert(h.id.as_str()) {
            return Err(Error::invalid(
                file,
                format!("$.hubs[{i}].id"),
                format!("hub {:?}", h.id),
                "duplicate hub id",
            ));
        }
        if h.stations.is_empty() {
            return Err(Error::invalid(
                file,
                format!("$.hubs[{i}].stations"),
                format!("hub {:?}", h.id),
                "has no stations, so nothing could ever reach it",
            ));
        }
        if let Some(j) = h
            .stations
            .iter()
            .position(|s| !(s.egress_min.is_finite() && (0.0..=120.0).contains(&s.egress_min)))
        {
            return Err(Error::invalid(
                file,
                format!("$.hubs[{i}].stations[{j}].egress_min"),
                format!("hub {:?}", h.id),
                "egress time must be between 0 and 120 minutes",
            ));
        }
    }
    Ok(json.hubs.into_iter().map(HubDef::from).collect())
}

/// The embedded zones, jobs and hubs.
pub fn embedded() -> Result<(Vec<Zone>, JobsByLad, Vec<HubDef>), Error> {
    Ok((
        parse_zones(ZONES_CSV.0, ZONES_CSV.1)?,
        parse_jobs(WORKERS_CSV.0, WORKERS_CSV.1)?,
        parse_hubs(HUBS_JSON.0, HUBS_JSON.1)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_zones_hold_the_whole_north() {
        let (zones, jobs, hubs) = embedded().unwrap();
        assert_eq!(zones.len(), 1968);
        assert_eq!(railshed_scenario::zones::total_population(&zones), 15_545_190);
        assert_eq!(jobs["E08000035"], 395_095);
        assert!(hubs.iter().any(|h| h.id == "leeds"));
    }

    #[test]
    fn england_and_wales_preset_holds_everyone_with_jobs_for_every_zone() {
        let (file, text) = zone_preset("england-wales").unwrap();
        let zones = parse_zones(file, text).unwrap();
        assert_eq!(zones.len(), 7264);
        assert_eq!(railshed_scenario::zones::total_population(&zones), 59_597_541);
        let (north, jobs, _) = embedded().unwrap();
        assert!(zones.iter().all(|z| jobs.contains_key(&z.lad)), "a zone's authority has no workplace count");
        // The North's zones are the same zones, placed the same way.
        for z in &north {
            assert!(zones.iter().any(|e| e.code == z.code && e.pos == z.pos && e.population == z.population));
        }
        assert_eq!(zone_preset("north"), Some(ZONES_CSV));
        assert_eq!(zone_preset("wales"), None);
    }

    const HEADER: &str = "msoa21_cd,msoa21_nm,lad21_cd,population,lat,lon\n";

    #[test]
    fn zero_zones_are_refused() {
        for text in ["", HEADER] {
            let e = parse_zones("zones.csv", text).unwrap_err();
            assert_eq!(e.to_string(), "zones.csv: no zones");
        }
    }

    #[test]
    fn too_many_zones_are_refused_before_parsing() {
        let row = "E02000001,City of London 001,E09000001,8000,51.5,-0.09\n";
        let text = format!("{HEADER}{}", row.repeat(MAX_ZONES + 1));
        let t = std::time::Instant::now();
        let e = parse_zones("zones.csv", &text).unwrap_err();
        assert_eq!(e.to_string(), "zones.csv: line 10002: more than 10,000 zones, the limit");
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_hub_without_stations_is_refused() {
        let text = r#"{"format": "railshed-hubs/1", "name": "h", "hubs": [{"id": "nowhere", "name": "Nowhere", "stations": []}]}"#;
        let e = parse_hubs("hubs.json", text).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"hubs.json: $.hubs[0].stations: hub "nowhere": has no stations, so nothing could ever reach it"#
        );
    }
}
