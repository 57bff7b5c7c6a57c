//! Stations.

use geo::Point;

/// RDG interchange status of a station (the master station names file).
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub enum Interchange {
    /// 0: not an interchange point.
    #[default]
    None,
    /// 1: small interchange point.
    Small,
    /// 2: medium interchange point.
    Medium,
    /// 3: large interchange point.
    Large,
    /// 9: a subsidiary TIPLOC of another station.
    Subsidiary,
}

impl Interchange {
    /// From the RDG code (0, 1, 2, 3 or 9).
    pub fn from_code(code: u8) -> Option<Interchange> {
        Some(match code {
            0 => Interchange::None,
            1 => Interchange::Small,
            2 => Interchange::Medium,
            3 => Interchange::Large,
            9 => Interchange::Subsidiary,
            _ => return None,
        })
    }

    /// The RDG code.
    pub fn code(self) -> u8 {
        match self {
            Interchange::None => 0,
            Interchange::Small => 1,
            Interchange::Medium => 2,
            Interchange::Large => 3,
            Interchange::Subsidiary => 9,
        }
    }

    /// Whether RDG counts the station as an interchange point (status 1–3).
    pub fn is_interchange(self) -> bool {
        matches!(self, Interchange::Small | Interchange::Medium | Interchange::Large)
    }
}

/// A station (or, for imported bus and tram feeds, a stop with its platforms).
#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    /// The id users name it by: the CRS code for rail, the GTFS `stop_id` of
    /// the parent station otherwise. Unique within a network.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// CRS (three-letter) code, when it has one.
    pub crs: Option<String>,
    /// TIPLOCs, the principal one first.
    pub tiplocs: Vec<String>,
    /// WGS84 position (x = longitude, y = latitude).
    pub pos: Point<f64>,
    /// Minimum time to change between trains here, in seconds.
    pub min_change: u32,
    /// RDG interchange status.
    pub interchange: Interchange,
    /// ONS local authority district code, when known.
    pub lad: Option<String>,
}

impl Station {
    /// A station with the given id, name and position; no codes, a
    /// five-minute change time (the RDG default) and no interchange status.
    pub fn new(id: impl Into<String>, name: impl Into<String>, lon: f64, lat: f64) -> Station {
        Station {
            id: id.into(),
            name: name.into(),
            crs: None,
            tiplocs: Vec::new(),
            pos: Point::new(lon, lat),
            min_change: 300,
            interchange: Interchange::None,
            lad: None,
        }
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.pos.x()
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.pos.y()
    }
}
