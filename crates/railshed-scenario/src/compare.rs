//! The results of comparing scenarios.

use crate::indicators::{Figures, Indicators, Reach};
use crate::settings::{Measure, Settings};
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
///
/// Made by [`Comparison::new`], which derives the figures every output
/// shows (population-weighted means; changes from the reference) once:
/// the tables, CSV, JSON, GeoJSON and HTML read them rather than
/// recomputing them, and round them with [`whole`] or [`tenths`].
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
    /// The figures derived from `runs`, one per run.
    means: Vec<Means>,
    /// Each later run's per-zone changes from the reference, by run then
    /// zone (none for the reference).
    zone_changes: Vec<Vec<ZoneChange>>,
}

/// A zone's headline indicators in a run minus the reference's, as the
/// per-zone outputs (GeoJSON) give them: differences of the unrounded
/// values, rounded with [`tenths`].
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneChange {
    /// Cities reached within each of `settings.network_effect.minutes`.
    pub cities_reached: Vec<i32>,
    /// Jobs within each of `settings.jobs_minutes`.
    pub jobs_within: Vec<f64>,
    /// Door-to-door minutes to each hub; none where either run has no
    /// journey.
    pub hub_minutes: Vec<Option<f64>>,
    /// How the door-to-door journey to each hub changed, unrounded (what
    /// the difference maps classify).
    pub hubs: Vec<HubChange>,
}

/// How a zone's door-to-door journey to a hub changed from the reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HubChange {
    /// Both runs have a journey: the minutes saved (the reference's minus
    /// the run's, unrounded; negative when slower).
    Saved(f64),
    /// Only the run has a journey.
    Gained,
    /// Only the reference has a journey.
    Lost,
    /// Neither has one.
    Neither,
}

impl HubChange {
    /// The change from `before` (the reference's minutes) to `after`.
    pub fn between(before: Option<f64>, after: Option<f64>) -> HubChange {
        match (before, after) {
            (Some(b), Some(a)) => HubChange::Saved(b - a),
            (None, Some(_)) => HubChange::Gained,
            (Some(_), None) => HubChange::Lost,
            (None, None) => HubChange::Neither,
        }
    }
}

/// A run's population-weighted means over the zones.
#[derive(Clone, Debug, PartialEq)]
struct Means {
    /// Jobs within each of `settings.jobs_minutes`.
    jobs_within: Vec<f64>,
    /// Effective density of each of `settings.effective_density.sectors`.
    effective_density: Vec<f64>,
}

/// A figure rounded to a whole number, as the tables and CSV show it.
pub fn whole(v: f64) -> i64 {
    v.round() as i64
}

/// A figure rounded to one decimal, as the JSON and GeoJSON give it.
pub fn tenths(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// One figure of a run as shown: the value and its change from the
/// reference's (none for the reference itself, or where either has no
/// value). Changes are taken between the shown (rounded) values, so a
/// table adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The run's value, if it has one.
    pub value: Option<i64>,
    /// The value minus the reference's, for runs after the first.
    pub change: Option<i64>,
}

impl Comparison {
    /// The comparison of `runs` (the reference first), deriving its figures.
    pub fn new(
        settings: Settings,
        zones: Vec<Zone>,
        jobs: Vec<f64>,
        hubs: Vec<HubName>,
        runs: Vec<Run>,
    ) -> Self {
        let mut runs = runs;
        for run in &mut runs {
            let ind = &mut run.indicators;
            if ind.by_measure.is_empty() {
                // Evaluated without measures: the figures of the setting's, unexplained.
                ind.by_measure.push(Reach {
                    measure: settings.measure,
                    figures: Figures {
                        catchment: ind.catchment.clone(),
                        network_effect: ind.network_effect.clone(),
                    },
                    zone_hub: ind.zone_hub.clone(),
                    explain: Vec::new(),
                });
            }
        }
        let mut c =
            Comparison { settings, zones, jobs, hubs, runs, means: Vec::new(), zone_changes: Vec::new() };
        c.means = c
            .runs
            .iter()
            .map(|run| {
                let ind = &run.indicators;
                Means {
                    jobs_within: (0..c.settings.jobs_minutes.len())
                        .map(|k| {
                            c.population_mean(
                                ind.jobs_within.iter().map(|z| z.get(k).copied().unwrap_or(0.0)),
                            )
                        })
                        .collect(),
                    effective_density: (0..c.settings.effective_density.sectors.len())
                        .map(|k| {
                            c.population_mean(
                                ind.effective_density.iter().map(|z| z.get(k).copied().unwrap_or(0.0)),
                            )
                        })
                        .collect(),
                }
            })
            .collect();
        c.zone_changes = c.runs.iter().skip(1).map(|run| zone_changes(&c.runs[0], run)).collect();
        c
    }

    /// Zone `z`'s changes in run `r` from the reference (none for the
    /// reference itself, run 0).
    pub fn zone_change(&self, r: usize, z: usize) -> Option<&ZoneChange> {
        self.zone_changes.get(r.checked_sub(1)?)?.get(z)
    }

    /// The population-weighted mean of run `r`'s jobs within
    /// `settings.jobs_minutes[k]`.
    pub fn jobs_within_mean(&self, r: usize, k: usize) -> f64 {
        self.means[r].jobs_within[k]
    }

    /// The population-weighted mean of run `r`'s effective density for
    /// `settings.effective_density.sectors[k]`.
    pub fn effective_density_mean(&self, r: usize, k: usize) -> f64 {
        self.means[r].effective_density[k]
    }

    /// A figure of every run (by run index, already rounded), with its
    /// change from the reference's.
    pub fn cells(&self, value: impl Fn(usize) -> Option<i64>) -> Vec<Cell> {
        let reference = value(0);
        (0..self.runs.len())
            .map(|r| {
                let v = value(r);
                let change = match (r, v, reference) {
                    (1.., Some(a), Some(b)) => Some(a - b),
                    _ => None,
                };
                Cell { value: v, change }
            })
            .collect()
    }

    /// The measures every run gives catchments and the network effect
    /// under, in order (the reference's).
    pub fn measures(&self) -> Vec<Measure> {
        self.runs
            .first()
            .map_or_else(Vec::new, |run| run.indicators.by_measure.iter().map(|m| m.measure).collect())
    }

    /// Run `r`'s catchments and network effect under `measures()[m]`, with
    /// where the time goes.
    pub fn reach(&self, r: usize, m: usize) -> &Reach {
        &self.runs[r].indicators.by_measure[m]
    }

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

/// Every zone's changes in `run` from `reference`.
fn zone_changes(reference: &Run, run: &Run) -> Vec<ZoneChange> {
    let (a, b) = (&run.indicators, &reference.indicators);
    (0..a.cities_reached.len().min(b.cities_reached.len()))
        .map(|z| ZoneChange {
            cities_reached: a.cities_reached[z]
                .iter()
                .zip(&b.cities_reached[z])
                .map(|(&v, &w)| i32::from(v) - i32::from(w))
                .collect(),
            jobs_within: a.jobs_within[z].iter().zip(&b.jobs_within[z]).map(|(v, w)| tenths(v - w)).collect(),
            hub_minutes: a.zone_hub[z]
                .iter()
                .zip(&b.zone_hub[z])
                .map(|(v, w)| v.zip(*w).map(|(v, w)| tenths(v - w)))
                .collect(),
            hubs: a.zone_hub[z].iter().zip(&b.zone_hub[z]).map(|(v, w)| HubChange::between(*w, *v)).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!([whole(2.5), whole(-0.4), whole(1234.49)], [3, 0, 1234]);
        assert_eq!([tenths(0.05), tenths(12.34), tenths(-1.26)], [0.1, 12.3, -1.3]);
    }

    /// Per-zone changes are derived once, against the reference, from the
    /// unrounded values; the reference has none.
    #[test]
    fn zone_changes_are_derived_once() {
        let run = |name: &str, cities: u8, jobs: f64, minutes: Option<f64>| Run {
            name: name.into(),
            file: String::new(),
            lineage: Vec::new(),
            network: NetworkSummary { stations: 0, served: 0, lines: 0, trips: 0 },
            indicators: Indicators {
                zone_hub: vec![vec![minutes, Some(50.0)]],
                catchment: Vec::new(),
                network_effect: Vec::new(),
                cities_reached: vec![vec![cities]],
                jobs_within: vec![vec![jobs]],
                effective_density: vec![Vec::new()],
                hub_times: Vec::new(),
                by_measure: Vec::new(),
            },
        };
        let zone = Zone {
            code: "E1".into(),
            name: "one".into(),
            lad: "L".into(),
            population: 10,
            pos: geo::Point::new(-1.5, 53.8),
        };
        let c = Comparison::new(
            Settings::default(),
            vec![zone],
            vec![0.0],
            Vec::new(),
            vec![run("a", 2, 1000.04, Some(60.0)), run("b", 3, 1100.0, Some(42.36)), run("c", 1, 0.0, None)],
        );
        assert_eq!(c.zone_change(0, 0), None);
        let change = |r| c.zone_change(r, 0).cloned().unwrap();
        assert_eq!(
            change(1),
            ZoneChange {
                cities_reached: vec![1],
                jobs_within: vec![100.0],
                hub_minutes: vec![Some(-17.6), Some(0.0)],
                hubs: vec![HubChange::Saved(60.0 - 42.36), HubChange::Saved(0.0)],
            }
        );
        assert_eq!(
            change(2),
            ZoneChange {
                cities_reached: vec![-1],
                jobs_within: vec![-1000.0],
                hub_minutes: vec![None, Some(0.0)],
                hubs: vec![HubChange::Lost, HubChange::Saved(0.0)],
            }
        );
        assert_eq!(c.zone_change(3, 0), None);
        assert_eq!(HubChange::between(None, Some(1.0)), HubChange::Gained);
        assert_eq!(HubChange::between(None, None), HubChange::Neither);
    }
}
