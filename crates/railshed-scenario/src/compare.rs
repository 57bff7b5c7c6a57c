//! The results of comparing scenarios.

use crate::indicators::Indicators;
use crate::settings::Settings;
use crate::zones::Zone;

/// Counts describing a scenario's network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkSummary {
    /// Stations in the network.
    pub stations: usize,
    /// Stations some train calls at.
    pub served: usize,
    /// Lines.
    pub lines: usize,
    /// Trips in the service day.
    pub trips: usize,
}

/// One scenario's results.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Name for people.
    pub name: String,
    /// The file it came from.
    pub file: String,
    /// Its ancestors' names, root first, then its own.
    pub lineage: Vec<String>,
    /// Its network.
    pub network: NetworkSummary,
    /// Its indicators.
    pub indicators: Indicators,
}

/// A hub as reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubName {
    /// Short id.
    pub id: String,
    /// Name for people.
    pub name: String,
}

/// Several scenarios evaluated with the same settings, zones and hubs; the
/// first is the reference the others are compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The settings every scenario was evaluated with.
    pub settings: Settings,
    /// Zones.
    pub zones: Vec<Zone>,
    /// Jobs per zone.
    pub jobs: Vec<f64>,
    /// Hubs, in the order of every per-hub result.
    pub hubs: Vec<HubName>,
    /// Results, the reference first.
    pub runs: Vec<Run>,
}

impl Comparison {
    /// Total population of the zones.
    pub fn population(&self) -> u64 {
        crate::zones::total_population(&self.zones)
    }

    /// The population-weighted mean of a per-zone value (zones in order).
    pub fn population_mean(&self, values: impl Iterator<Item = f64>) -> f64 {
        let mut sum = 0.0;
        for (z, v) in self.zones.iter().zip(values) {
            sum += f64::from(z.population) * v;
        }
        sum / self.population().max(1) as f64
    }
}
