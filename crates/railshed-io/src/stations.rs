//! The embedded GB station table.
//!
//! `networks/stations.csv`: every GB National Rail station with its CRS
//! code, name, TIPLOCs, NaPTAN position, RDG interchange status and minimum
//! change time, and ONS local authority. Network files refer to these
//! stations by CRS code.

use std::collections::HashMap;
use std::sync::OnceLock;

use railshed_core::{Interchange, Station};

use crate::Error;

/// The table as embedded in the binary.
pub const STATIONS_CSV: &str = include_str!("../../../networks/stations.csv");

/// Name under which problems with the embedded table are reported.
pub const STATIONS_FILE: &str = "networks/stations.csv";

/// Stations by CRS code.
#[derive(Debug, Default)]
pub struct StationTable {
    stations: Vec<Station>,
    by_crs: HashMap<String, usize>,
}

impl StationTable {
    /// The embedded table, parsed once.
    pub fn embedded() -> &'static StationTable {
        static TABLE: OnceLock<StationTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            StationTable::parse(STATIONS_FILE, STATIONS_CSV).expect("embedded station table is valid")
        })
    }

    /// Parses a station table in the embedded table's CSV layout.
    pub fn parse(file: &str, text: &str) -> Result<StationTable, Error> {
        #[derive(serde::Deserialize)]
        struct Row {
            crs: String,
            name: String,
            tiploc: String,
            other_tiplocs: String,
            lat: f64,
            lon: f64,
            interchange_status: u8,
            min_change_min: u32,
            lad_cd: String,
        }
        let mut table = StationTable::default();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| Error::invalid(file, format!("line {line}"), "", e.to_string()))?;
            let interchange = Interchange::from_code(row.interchange_status).ok_or_else(|| {
                Error::invalid(
                    file,
                    format!("line {line}"),
                    format!("station {:?}", row.crs),
                    format!("unknown interchange status {}", row.interchange_status),
                )
            })?;
            let mut tiplocs = vec![row.tiploc];
            tiplocs.extend(row.other_tiplocs.split(';').filter(|t| !t.is_empty()).map(str::to_owned));
            let station = Station {
                id: row.crs.clone(),
                name: row.name,
                crs: Some(row.crs.clone()),
                tiplocs,
                pos: geo::Point::new(row.lon, row.lat),
                min_change: row.min_change_min * 60,
                interchange,
                lad: (!row.lad_cd.is_empty()).then_some(row.lad_cd),
            };
            if table.by_crs.insert(row.crs.clone(), table.stations.len()).is_some() {
                return Err(Error::invalid(
                    file,
                    format!("line {line}"),
                    format!("station {:?}", row.crs),
                    "duplicate CRS code",
                ));
            }
            table.stations.push(station);
        }
        Ok(table)
    }

    /// The station with this CRS code.
    pub fn get(&self, crs: &str) -> Option<&Station> {
        self.by_crs.get(crs).map(|&i| &self.stations[i])
    }

    /// All stations, in file order.
    pub fn all(&self) -> &[Station] {
        &self.stations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_has_gb_stations() {
        let t = StationTable::embedded();
        assert!(t.all().len() > 2500);
        let leeds = t.get("LDS").unwrap();
        assert_eq!(leeds.name, "Leeds");
        assert_eq!(leeds.tiplocs[0], "LEEDS");
        assert_eq!(leeds.interchange, Interchange::Medium);
        assert_eq!(leeds.lad.as_deref(), Some("E08000035"));
        assert!((leeds.lat() - 53.79).abs() < 0.01);
    }
}
