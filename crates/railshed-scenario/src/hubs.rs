//! Hubs: cities as sets of stations, each with an egress time to the centre.

use railshed_core::{Network, StationIdx};

/// A station of a hub, as defined (by the hubs file, read by
/// `railshed-io`).
#[derive(Clone, Debug, PartialEq)]
pub struct HubStationDef {
    /// Station id.
    pub station: String,
    /// Minutes from the station to the city's centre.
    pub egress_min: f64,
}

/// A hub as defined, before it is resolved against a network.
#[derive(Clone, Debug, PartialEq)]
pub struct HubDef {
    /// Short id, e.g. `manchester`.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Its stations.
    pub stations: Vec<HubStationDef>,
}

/// A hub resolved against a network.
#[derive(Clone, Debug, PartialEq)]
pub struct Hub {
    /// Short id.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Stations of the network that belong to it, with egress seconds;
    /// empty when the network has none of them.
    pub stations: Vec<(StationIdx, u32)>,
}

impl HubDef {
    /// The hub's stations that `net` has.
    pub fn resolve(&self, net: &Network) -> Hub {
        Hub {
            id: self.id.clone(),
            name: self.name.clone(),
            stations: self
                .stations
                .iter()
                .filter_map(|s| {
                    net.station_by_id(&s.station).map(|i| (i, (s.egress_min * 60.0).round().max(0.0) as u32))
                })
                .collect(),
        }
    }
}
