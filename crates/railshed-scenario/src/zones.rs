//! Population zones and the jobs spread over them.

use std::collections::BTreeMap;

use geo::Point;

/// A zone: a 2021 MSOA, with its population-weighted centroid.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    /// ONS code.
    pub code: String,
    /// Name for people.
    pub name: String,
    /// Local authority district code.
    pub lad: String,
    /// Usual residents (Census 2021).
    pub population: u32,
    /// Centroid, WGS84 (x = longitude).
    pub pos: Point<f64>,
}

/// Jobs by local authority district (workplace-based counts).
pub type JobsByLad = BTreeMap<String, u64>;

/// Jobs per zone: each authority's jobs spread over its zones in proportion
/// to their population (the Census gives workplaces only by authority).
/// Authorities with jobs but no zones are left out; zones of authorities
/// without a count get none. Deterministic: sums run in zone order.
pub fn spread_jobs(zones: &[Zone], jobs: &JobsByLad) -> Vec<f64> {
    let mut lad_pop: BTreeMap<&str, u64> = BTreeMap::new();
    for z in zones {
        *lad_pop.entry(z.lad.as_str()).or_default() += u64::from(z.population);
    }
    zones
        .iter()
        .map(|z| match (jobs.get(&z.lad), lad_pop.get(z.lad.as_str())) {
            (Some(&j), Some(&p)) if p > 0 => j as f64 * f64::from(z.population) / p as f64,
            _ => 0.0,
        })
        .collect()
}

/// Total population of the zones.
pub fn total_population(zones: &[Zone]) -> u64 {
    zones.iter().map(|z| u64::from(z.population)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(code: &str, lad: &str, population: u32) -> Zone {
        Zone { code: code.into(), name: code.into(), lad: lad.into(), population, pos: Point::new(0.0, 0.0) }
    }

    #[test]
    fn jobs_follow_population_within_an_authority() {
        let zones = [zone("a", "L1", 100), zone("b", "L1", 300), zone("c", "L2", 50), zone("d", "L3", 10)];
        let jobs = JobsByLad::from([("L1".to_owned(), 1000), ("L2".to_owned(), 70), ("L9".to_owned(), 5)]);
        assert_eq!(spread_jobs(&zones, &jobs), [250.0, 750.0, 70.0, 0.0]);
        assert_eq!(total_population(&zones), 460);
    }
}
