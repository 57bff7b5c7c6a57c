//! Indicators: what a scenario changes for people.
//!
//! The inputs are station-level travel times from the solver; this module
//! adds the access and egress legs of zones and aggregates over population
//! and jobs. Every loop runs in a fixed order, so results do not depend on
//! the number of threads that computed the inputs.
//!
//! - **Hub catchments**: for each zone and hub, the door-to-door travel time
//!   to arrive at the hub's centre by each minute of the arrival window
//!   (leaving home as late as possible), at a chosen percentile over the
//!   window; the population within each threshold.
//! - **Network effect**: the population within `T` minutes of at least `N`
//!   of `K` cities (the same zone-to-hub times).
//! - **Measures and where the time goes**: catchments and the network
//!   effect under each [`Measure`] asked for (door to door, or station to
//!   station), each with the same figures recomputed with one term of the
//!   journey (access, waiting, egress) switched off at a time and with all
//!   of them off (the train alone), so a reader sees which term keeps
//!   people out.
//! - **Jobs within `T`**: for each zone, the jobs whose zone it reaches within
//!   `T` minutes door to door (percentile travel time over the departure
//!   window), or on foot or by feeder alone.
//! - **Effective density**: for each zone and sector, `Σ_j jobs_j / gjt_ij^α`,
//!   where the generalised journey time is the mean door-to-door time over
//!   the departure window (which includes waiting for the first train) plus
//!   an interchange penalty per change; a zone's own jobs count at an
//!   intra-zonal time.
//! - **Hub-to-hub times**: the fastest station-to-station journey between two
//!   hubs over the day, with its changes.

use std::ops::Range;

use railshed_core::{Time, haversine_km};
use railshed_solver::ProfileEntry;
use rayon::prelude::*;

use crate::access::Leg;
use crate::hubs::Hub;
use crate::settings::{Gjt, Measure, Settings, Terms};
use crate::zones::Zone;

/// Minutes in a `u16` travel-time matrix that mean "not reached".
pub const UNREACHED: u16 = u16::MAX;

/// Station-to-station travel times over a departure window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StationMatrix {
    /// Number of stations (rows and columns).
    pub n: usize,
    /// Mean travel time over the window, minutes, row-major (from × to).
    pub mean: Vec<u16>,
    /// Travel time at the settings' percentile over the window, minutes.
    pub percentile: Vec<u16>,
    /// Changes (boardings − 1) of the fastest journey.
    pub changes: Vec<u8>,
}

/// For one hub: for each station and each minute of the arrival window, the
/// latest departure from the station that reaches the hub's centre by then.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatestDepartures {
    /// Arrival deadlines, one a minute across the window.
    pub deadlines: Vec<Time>,
    /// `latest[station][k]`: latest departure to arrive by `deadlines[k]`.
    pub latest: Vec<Vec<Option<Time>>>,
}

/// For one hub, the least generalised cost of reaching it from each station
/// by each deadline (the `gjt` measure).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GjtCosts {
    /// Arrival deadlines, one a minute across the window.
    pub deadlines: Vec<Time>,
    /// `cost[station][k]`: the least generalised seconds from leaving the
    /// station to the deadline `deadlines[k]` at the hub's centre (see
    /// [`gjt_row`]); `None` when no journey arrives in time.
    pub cost: Vec<Vec<Option<f64>>>,
}

/// A fastest journey between two hubs.
#[derive(Clone, Debug, PartialEq)]
pub struct HubTime {
    /// Hub id.
    pub from: String,
    /// Hub id.
    pub to: String,
    /// Minutes, station to station; `None` if no journey.
    pub minutes: Option<u32>,
    /// Changes of that journey.
    pub changes: Option<u32>,
}

/// Everything the indicators need about one scenario.
pub struct Inputs<'a> {
    /// Zones.
    pub zones: &'a [Zone],
    /// Jobs per zone (same order as `zones`).
    pub jobs: &'a [f64],
    /// Legs between each zone and its stations (same order as `zones`).
    pub legs: &'a [Vec<Leg>],
    /// Hubs, resolved against the scenario's network.
    pub hubs: &'a [Hub],
    /// Latest departures to each hub's centre (same order as `hubs`).
    pub latest: &'a [LatestDepartures],
    /// Legs of the station measure: each zone's stations within the
    /// station radius (or its nearest), at no time (same order as `zones`).
    pub station_legs: &'a [Vec<Leg>],
    /// Latest departures to any station of each hub, with no egress.
    pub latest_at_stations: &'a [LatestDepartures],
    /// Generalised costs to each hub (the `gjt` measure; empty when not asked for).
    pub gjt: &'a [GjtCosts],
    /// The same to any station of each hub, with no egress (for the
    /// explanation of the `gjt` measure; empty when not asked for).
    pub gjt_at_stations: &'a [GjtCosts],
    /// The measures to report catchments and the network effect under.
    pub measures: &'a [Measure],
    /// Whether to work out where the time goes (otherwise each
    /// [`Reach::explain`] is empty, and `latest_at_stations` is needed only
    /// by measures that count no egress).
    pub explain: bool,
    /// Station matrix over the departure window.
    pub matrix: &'a StationMatrix,
    /// Hub-to-hub fastest journeys.
    pub hub_times: Vec<HubTime>,
    /// Parameters.
    pub settings: &'a Settings,
}

/// The indicators of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicators {
    /// `zone_hub[z][h]`: door-to-door minutes from zone `z` to hub `h` at the
    /// percentile of the arrival window; `None` if not reached in time.
    pub zone_hub: Vec<Vec<Option<f64>>>,
    /// `catchment[h][t]`: population within `settings.thresholds_min[t]` of hub `h`.
    pub catchment: Vec<Vec<u64>>,
    /// `network_effect[d][t]`: population within `minutes[t]` of at least
    /// `n` of the `cities` of definition `d` of [`Settings::definitions`].
    pub network_effect: Vec<Vec<u64>>,
    /// `cities_reached[z][t]`: how many of the cities of the first
    /// definition zone `z` reaches within its `minutes[t]`.
    pub cities_reached: Vec<Vec<u8>>,
    /// `jobs_within[z][t]`: jobs reachable within `settings.jobs_minutes[t]`.
    pub jobs_within: Vec<Vec<f64>>,
    /// `effective_density[z][s]`: for sector `settings.sectors[s]`.
    pub effective_density: Vec<Vec<f64>>,
    /// Fastest journeys between hubs.
    pub hub_times: Vec<HubTime>,
    /// Catchments and the network effect under each measure asked for, with
    /// where the time goes. `zone_hub`, `catchment`, `network_effect` and
    /// `cities_reached` above are those of `settings.measure`.
    pub by_measure: Vec<Reach>,
}

/// Catchments and the network effect of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// `catchment[h][t]`: population within `settings.thresholds_min[t]` of hub `h`.
    pub catchment: Vec<Vec<u64>>,
    /// `network_effect[d][t]`: population within `minutes[t]` of at least
    /// `n` of the cities of definition `d` of [`Settings::definitions`].
    pub network_effect: Vec<Vec<u64>>,
}

/// A term of the journey switched off, or all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Off {
    /// No access leg: the zone's stations at no time.
    Access,
    /// No waiting: the best time of the window rather than its percentile.
    Waiting,
    /// No egress leg: any of the city's stations, at no time.
    Egress,
    /// Only the train: every term off.
    All,
}

impl Off {
    /// The key in JSON and CSV: `without_access`, `without_waiting`,
    /// `without_egress`, `train_only`.
    pub fn id(self) -> &'static str {
        match self {
            Off::Access => "without_access",
            Off::Waiting => "without_waiting",
            Off::Egress => "without_egress",
            Off::All => "train_only",
        }
    }

    /// The label in tables.
    pub fn label(self) -> &'static str {
        match self {
            Off::Access => "without access",
            Off::Waiting => "without waiting",
            Off::Egress => "without egress",
            Off::All => "train only",
        }
    }

    /// `terms` with this switched off.
    pub fn apply(self, terms: Terms) -> Terms {
        match self {
            Off::Access => Terms { access: false, ..terms },
            Off::Waiting => Terms { waiting: false, ..terms },
            Off::Egress => Terms { egress: false, ..terms },
            Off::All => Terms { access: false, waiting: false, egress: false },
        }
    }

    /// What a measure's explanation lists: each term it counts switched
    /// off alone, then all of them when it counts more than one.
    pub fn for_measure(measure: Measure) -> Vec<Off> {
        let t = measure.terms();
        let mut offs: Vec<Off> =
            [(t.access, Off::Access), (t.waiting, Off::Waiting), (t.egress, Off::Egress)]
                .into_iter()
                .filter_map(|(on, off)| on.then_some(off))
                .collect();
        if offs.len() > 1 {
            offs.push(Off::All);
        }
        offs
    }
}

/// Catchments and the network effect under one measure, and where the
/// time goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    /// The measure.
    pub measure: Measure,
    /// The figures under it.
    pub figures: Figures,
    /// `zone_hub[z][h]`: minutes from origin zone `z` to hub `h` under this
    /// measure, as [`Indicators::zone_hub`] gives them under the setting's
    /// (what maps of this measure draw); empty where only sums are kept
    /// (figures added up from shard parts).
    pub zone_hub: Vec<Vec<Option<f64>>>,
    /// The same figures with terms switched off (see [`Off::for_measure`]),
    /// or nothing when no explanation was asked for. Switching a term off never lengthens a time, so each is at least
    /// `figures`, and the train alone at least every other.
    pub explain: Vec<(Off, Figures)>,
}

/// Zone-to-hub times and what they give, for one set of terms.
struct Reached {
    zone_hub: Vec<Vec<Option<f64>>>,
    cities_reached: Vec<Vec<u8>>,
    figures: Figures,
}

/// The value at percentile `p` (0–100) of `values` by the nearest-rank
/// method (`p = 0` is the least); `None` stands for "not reached" and sorts
/// last. `values` must not be empty.
pub fn nearest_rank(values: &mut [Option<f64>], p: f64) -> Option<f64> {
    let n = values.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    // A selection, not a sort: only the value at the rank matters.
    let (_, &mut value, _) = values.select_nth_unstable_by(rank.clamp(1, n) - 1, |a, b| match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    value
}

impl Inputs<'_> {
    /// Computes every indicator.
    pub fn compute(&self) -> Indicators {
        self.compute_zones(0..self.zones.len())
    }

    /// Computes every indicator for the origin zones `origins` (a range of
    /// zone indices), every zone still being a destination: the per-zone
    /// results are those of these zones, in order, and catchments and the
    /// network effect count their population alone, so that the results of
    /// ranges covering the zones add up to those of [`Inputs::compute`]
    /// (integer sums; per-zone values are computed alike either way).
    pub fn compute_zones(&self, origins: Range<usize>) -> Indicators {
        assert!(origins.end <= self.zones.len(), "origin zones within the zones");
        let first = self.settings.measure;
        let primary = self.reached(first, first.terms(), &origins);
        let mut cache: Vec<((Measure, Terms), Figures)> =
            vec![((first, first.terms()), primary.figures.clone())];
        let figures = |cache: &mut Vec<((Measure, Terms), Figures)>, measure: Measure, terms: Terms| {
            if let Some((_, f)) = cache.iter().find(|(k, _)| *k == (measure, terms)) {
                return f.clone();
            }
            let f = self.reached(measure, terms, &origins).figures;
            cache.push(((measure, terms), f.clone()));
            f
        };
        let by_measure = self
            .measures
            .iter()
            .map(|&measure| {
                // Each measure's own times, kept for its maps; its figures cached for the explanations.
                let (own, zone_hub) = if measure == first {
                    (primary.figures.clone(), primary.zone_hub.clone())
                } else {
                    let r = self.reached(measure, measure.terms(), &origins);
                    cache.push(((measure, measure.terms()), r.figures.clone()));
                    (r.figures, r.zone_hub)
                };
                Reach {
                    measure,
                    figures: own,
                    zone_hub,
                    explain: if self.explain {
                        Off::for_measure(measure)
                            .into_iter()
                            .map(|off| (off, figures(&mut cache, measure, off.apply(measure.terms()))))
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        let (jobs_within, effective_density) = self.zone_to_zone(&origins);
        Indicators {
            zone_hub: primary.zone_hub,
            catchment: primary.figures.catchment,
            network_effect: primary.figures.network_effect,
            cities_reached: primary.cities_reached,
            jobs_within,
            effective_density,
            hub_times: self.hub_times.clone(),
            by_measure,
        }
    }

    /// Zone-to-hub times, catchments and the network effect from the
    /// stations of `measure` counting `terms`.
    fn reached(&self, measure: Measure, terms: Terms, origins: &Range<usize>) -> Reached {
        let zeroed: Vec<Vec<Leg>>;
        let legs = match (measure, terms.access) {
            (Measure::Station, _) => self.station_legs,
            (Measure::DoorToDoor | Measure::Gjt, true) => self.legs,
            (Measure::DoorToDoor | Measure::Gjt, false) => {
                zeroed =
                    self.legs.iter().map(|l| l.iter().map(|&leg| Leg { secs: 0, ..leg }).collect()).collect();
                &zeroed
            }
        };
        let percentile = if terms.waiting { self.settings.percentile } else { 0.0 };
        let zones = &self.zones[origins.clone()];
        let zone_hub: Vec<Vec<Option<f64>>> = if measure == Measure::Gjt {
            // Access legs weighted; switched off, the zone's stations at no time.
            let weight = if terms.access { self.settings.gjt.access_weight } else { 0.0 };
            let weighted: Vec<Vec<(Leg, f64)>> = self.legs[origins.clone()]
                .iter()
                .map(|l| l.iter().map(|&leg| (leg, f64::from(leg.secs) * weight)).collect())
                .collect();
            let costs = if terms.egress { self.gjt } else { self.gjt_at_stations };
            let first = origins.start;
            origins
                .clone()
                .into_par_iter()
                .map(|z| {
                    (0..self.hubs.len())
                        .map(|h| to_hub_gjt(&weighted[z - first], &costs[h], percentile))
                        .collect()
                })
                .collect()
        } else {
            let latest = if terms.egress { self.latest } else { self.latest_at_stations };
            origins
                .clone()
                .into_par_iter()
                .map(|z| (0..self.hubs.len()).map(|h| to_hub(&legs[z], &latest[h], percentile)).collect())
                .collect()
        };
        let s = self.settings;
        let catchment = (0..self.hubs.len())
            .map(|h| {
                s.thresholds_min
                    .iter()
                    .map(|&t| {
                        zones
                            .iter()
                            .zip(&zone_hub)
                            .filter(|(_, zh)| zh[h].is_some_and(|m| m <= t))
                            .map(|(z, _)| u64::from(z.population))
                            .sum()
                    })
                    .collect()
            })
            .collect();
        let mut first_reached = None;
        let mut network_effect = Vec::new();
        for def in s.definitions() {
            let cities: Vec<usize> =
                def.cities.iter().filter_map(|id| self.hubs.iter().position(|h| &h.id == id)).collect();
            let cities_reached: Vec<Vec<u8>> = zone_hub
                .iter()
                .map(|zh| {
                    def.minutes
                        .iter()
                        .map(|&t| cities.iter().filter(|&&h| zh[h].is_some_and(|m| m <= t)).count() as u8)
                        .collect()
                })
                .collect();
            network_effect.push(
                (0..def.minutes.len())
                    .map(|k| {
                        zones
                            .iter()
                            .zip(&cities_reached)
                            .filter(|(_, c)| u32::from(c[k]) >= def.n)
                            .map(|(z, _)| u64::from(z.population))
                            .sum()
                    })
                    .collect(),
            );
            first_reached.get_or_insert(cities_reached);
        }
        let cities_reached = first_reached.unwrap_or_default();
        Reached { zone_hub, cities_reached, figures: Figures { catchment, network_effect } }
    }

    /// Jobs within each threshold and effective density by sector, for every
    /// zone, in parallel over origin zones (each row is computed alone, so
    /// the result does not depend on the number of threads).
    fn zone_to_zone(&self, origins: &Range<usize>) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let s = self.settings;
        let m = self.matrix;
        let penalty = (s.effective_density.interchange_penalty_min * 60.0).round() as u32;
        let intrazonal = (s.effective_density.intrazonal_min * 60.0).round() as u32;
        let limits: Vec<u32> = s.jobs_minutes.iter().map(|&t| (t * 60.0).floor() as u32).collect();
        let decay =
            DecayTables::new(&s.effective_density.sectors.iter().map(|x| x.alpha).collect::<Vec<_>>());
        let near = self.nearby(origins);
        let rows: Vec<(Vec<f64>, Vec<f64>)> = origins
            .clone()
            .into_par_iter()
            .map_init(
                || vec![[FAR; 2]; m.n],
                |to, i| {
                    // Time at the percentile and generalised time (mean plus
                    // interchange penalties) from zone i to every station.
                    to.fill([FAR; 2]);
                    for leg in &self.legs[i] {
                        let row = leg.station.idx() * m.n;
                        for (t, slot) in to.iter_mut().enumerate() {
                            let (p, mean) = (m.percentile[row + t], m.mean[row + t]);
                            if p != UNREACHED {
                                slot[0] = slot[0].min(leg.secs + u32::from(p) * 60);
                            }
                            if mean != UNREACHED {
                                let g =
                                    leg.secs + u32::from(mean) * 60 + penalty * u32::from(m.changes[row + t]);
                                slot[1] = slot[1].min(g);
                            }
                        }
                    }
                    let mut within = vec![0.0; limits.len()];
                    let mut ed = vec![0.0; decay.alphas.len()];
                    let mut direct = near[i - origins.start].iter().peekable();
                    for j in 0..self.zones.len() {
                        let (mut time, mut gjt) = (FAR, FAR);
                        if i == j {
                            // A zone's own jobs: no trip at all, at the intra-zonal time.
                            (time, gjt) = (0, intrazonal);
                        } else {
                            if let Some(&(_, secs)) = direct.next_if(|(k, _)| *k as usize == j) {
                                (time, gjt) = (secs, secs);
                            }
                            for leg in &self.legs[j] {
                                let v = to[leg.station.idx()];
                                time = time.min(v[0] + leg.secs);
                                gjt = gjt.min(v[1] + leg.secs);
                            }
                        }
                        let jobs = self.jobs[j];
                        for (k, &limit) in limits.iter().enumerate() {
                            if time <= limit {
                                within[k] += jobs;
                            }
                        }
                        if gjt < FAR {
                            for (k, e) in ed.iter_mut().enumerate() {
                                *e += jobs * decay.weight(k, gjt);
                            }
                        }
                    }
                    (within, ed)
                },
            )
            .collect();
        rows.into_iter().unzip()
    }

    /// For every zone of `origins`, the other zones within one access leg
    /// of it (on foot or by feeder alone), in zone order, with the leg's
    /// seconds.
    fn nearby(&self, origins: &Range<usize>) -> Vec<Vec<(u32, u32)>> {
        let a = &self.settings.access;
        let reach_km = a.reach_km() * 1.01 + 0.1;
        let dlat = reach_km / 110.0;
        origins
            .clone()
            .into_par_iter()
            .map(|i| {
                let p = self.zones[i].pos;
                let dlon = reach_km / (110.0 * p.y().to_radians().cos().max(0.1));
                self.zones
                    .iter()
                    .enumerate()
                    .filter(|&(j, q)| {
                        j != i && (q.pos.y() - p.y()).abs() <= dlat && (q.pos.x() - p.x()).abs() <= dlon
                    })
                    .filter_map(|(j, q)| a.leg_secs(haversine_km(p, q.pos)).map(|secs| (j as u32, secs)))
                    .collect()
            })
            .collect()
    }
}

/// Minutes from a zone with `legs` to a hub with `latest` departures, at
/// `percentile` over the deadlines: for each deadline, the deadline minus
/// the latest time the zone can leave through any of its legs.
fn to_hub(legs: &[Leg], latest: &LatestDepartures, percentile: f64) -> Option<f64> {
    if latest.deadlines.is_empty() {
        return None;
    }
    let mut values: Vec<Option<f64>> = latest
        .deadlines
        .iter()
        .enumerate()
        .map(|(k, deadline)| {
            let leave = legs
                .iter()
                .filter_map(|leg| {
                    let dep = latest.latest.get(leg.station.idx())?.get(k).copied().flatten()?;
                    dep.secs().checked_sub(leg.secs)
                })
                .max()?;
            Some(f64::from(deadline.secs() - leave) / 60.0)
        })
        .collect();
    nearest_rank(&mut values, percentile)
}

/// Generalised minutes from a zone with `legs` (each with its weighted
/// seconds) to a hub with generalised `costs`, at `percentile` over the
/// deadlines: for each deadline, the least weighted leg plus the station's
/// cost.
fn to_hub_gjt(legs: &[(Leg, f64)], costs: &GjtCosts, percentile: f64) -> Option<f64> {
    if costs.deadlines.is_empty() {
        return None;
    }
    let mut values: Vec<Option<f64>> = (0..costs.deadlines.len())
        .map(|k| {
            legs.iter()
                .filter_map(|(leg, weighted)| Some(weighted + costs.cost.get(leg.station.idx())?[k]?))
                .min_by(f64::total_cmp)
                .map(|secs| secs / 60.0)
        })
        .collect();
    nearest_rank(&mut values, percentile)
}

/// Generalised costs from one station to a hub through one of its stations,
/// folded into `out` (the least so far, one per deadline).
///
/// The station's journeys to the hub's station are `entries` (Pareto-optimal
/// in departure, arrival and trips, by arrival, earliest first) and a walk
/// of `walk` seconds; `egress` seconds lead from that station to the hub's
/// centre. A journey leaving at `dep`, arriving at `arr` with `b` trips
/// costs, for a deadline `d` with `arr + egress ≤ d`,
///
/// ```text
/// (arr − dep) + wait_weight × (d − arr − egress) + access_weight × egress + penalty × (b − 1)
/// ```
///
/// (the ride, changes included, at weight 1; waiting at the destination
/// before the deadline; the egress; the interchanges); the walk costs
/// `access_weight × (walk + egress)` for every deadline. The least over the
/// journeys is taken over Pareto-optimal ones only: a journey that leaves
/// no later, arrives earlier and boards no more trains is always preferred.
pub fn gjt_row(
    entries: &[ProfileEntry],
    walk: Option<u32>,
    egress: u32,
    deadlines: &[Time],
    g: &Gjt,
    out: &mut [Option<f64>],
) {
    let (ww, aw) = (g.wait_weight, g.access_weight);
    let penalty = g.interchange_penalty_min * 60.0;
    let egress_f = f64::from(egress);
    let walk_cost = walk.map(|w| aw * (f64::from(w) + egress_f));
    // Entries by arrival: those arriving by a deadline are a prefix, and
    // the part of the cost that does not depend on the deadline is a
    // running minimum over it.
    let (mut next, mut best) = (0, f64::INFINITY);
    for (k, d) in deadlines.iter().enumerate() {
        while let Some(e) = entries.get(next) {
            if u64::from(e.arrival.secs()) + u64::from(egress) > u64::from(d.secs()) {
                break;
            }
            let (arr, dep) = (f64::from(e.arrival.secs()), f64::from(e.departure.secs()));
            let changes = f64::from(e.boardings.saturating_sub(1));
            best = best.min((1.0 - ww) * arr - dep + penalty * changes);
            next += 1;
        }
        let by_train = best.is_finite().then(|| best + ww * (f64::from(d.secs()) - egress_f) + aw * egress_f);
        let cost = match (by_train, walk_cost) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(c) = cost {
            out[k] = Some(out[k].map_or(c, |o: f64| o.min(c)));
        }
    }
}

/// "Not reached" for sums of seconds (room to add any leg without overflow).
const FAR: u32 = u32::MAX / 4;

/// `(g / 60)^-α` for generalised times `g` in whole seconds, tabulated up
/// to six hours (exact: `g` is a whole number of seconds), at least one
/// minute so no pair weighs without bound.
struct DecayTables {
    alphas: Vec<f64>,
    tables: Vec<Vec<f64>>,
}

impl DecayTables {
    const MAX: usize = 6 * 3600;

    fn new(alphas: &[f64]) -> DecayTables {
        let tables = alphas
            .iter()
            .map(|&alpha| (0..=Self::MAX).map(|g| (g.max(60) as f64 / 60.0).powf(-alpha)).collect())
            .collect();
        DecayTables { alphas: alphas.to_vec(), tables }
    }

    fn weight(&self, sector: usize, g: u32) -> f64 {
        match self.tables[sector].get(g as usize) {
            Some(&w) => w,
            None => (f64::from(g) / 60.0).powf(-self.alphas[sector]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{EffectiveDensity, NetworkEffect, NetworkEffectDefinition, Sector};
    use railshed_core::StationIdx;

    /// Two stations S0 and S1; a hub at S1 with a 5-minute egress; zone Z0
    /// (100 people, 1,000 jobs) 10 minutes from S0, Z1 (200 people, 3,000
    /// jobs) 5 minutes from S1, and Z2 (50 people) near neither, all far
    /// apart. A train leaves S0 at 08:20 and reaches S1 at 08:50.
    #[test]
    fn indicators_on_a_tiny_network_equal_hand_computed_values() {
        let zone = |code: &str, population, lat| Zone {
            code: code.into(),
            name: code.into(),
            lad: "L".into(),
            population,
            pos: geo::Point::new(-2.0, lat),
        };
        let zones = [zone("Z0", 100, 53.0), zone("Z1", 200, 54.0), zone("Z2", 50, 55.0)];
        let jobs = [1000.0, 3000.0, 0.0];
        let leg = |s, min: u32| Leg { station: StationIdx(s), secs: min * 60 };
        let legs = [vec![leg(0, 10)], vec![leg(1, 5)], vec![]];
        let hubs = [Hub { id: "h".into(), name: "H".into(), stations: vec![(StationIdx(1), 300)] }];
        let deadlines = vec![Time::hms(8, 58, 0), Time::hms(8, 59, 0), Time::hms(9, 0, 0)];
        let latest = [LatestDepartures {
            latest: vec![
                vec![Some(Time::hms(8, 20, 0)); 3],
                deadlines.iter().map(|d| Some(Time(d.secs() - 300))).collect(),
            ],
            deadlines: deadlines.clone(),
        }];
        // With no egress, the same train reaches S1 by every deadline, and
        // S1 is reached at the deadline itself.
        let latest_at_stations = [LatestDepartures {
            latest: vec![vec![Some(Time::hms(8, 20, 0)); 3], deadlines.iter().map(|&d| Some(d)).collect()],
            deadlines,
        }];
        // Under the station measure Z0 and Z1 count at their stations and
        // Z2, near none, at its nearest, S0.
        let station_legs = [vec![leg(0, 0)], vec![leg(1, 0)], vec![leg(0, 0)]];
        let matrix = StationMatrix {
            n: 2,
            mean: vec![0, 40, 35, 0],
            percentile: vec![0, 35, 30, 0],
            changes: vec![0, 0, 0, 0],
        };
        let settings = Settings {
            thresholds_min: vec![30.0, 60.0],
            network_effect: NetworkEffect { n: 1, cities: vec!["h".into()], minutes: vec![30.0, 60.0] },
            effective_density: EffectiveDensity {
                sectors: vec![Sector { name: "all".into(), alpha: 1.0 }],
                ..EffectiveDensity::default()
            },
            ..Settings::default()
        };
        let got = Inputs {
            zones: &zones,
            jobs: &jobs,
            legs: &legs,
            hubs: &hubs,
            latest: &latest,
            station_legs: &station_legs,
            latest_at_stations: &latest_at_stations,
            gjt: &[],
            gjt_at_stations: &[],
            measures: &[Measure::DoorToDoor, Measure::Station],
            explain: true,
            matrix: &matrix,
            hub_times: vec![],
            settings: &settings,
        }
        .compute();
        // Z0 leaves at 08:10 for every deadline: 48, 49 and 50 minutes; the median is 49.
        assert_eq!(got.zone_hub, [[Some(49.0)], [Some(10.0)], [None]]);
        assert_eq!(got.catchment, [[200, 300]]);
        assert_eq!(got.network_effect, [[200, 300]]);
        assert_eq!(got.cities_reached, [[0, 1], [1, 1], [0, 0]]);
        // Door to door and, with a term switched off: Z0 at 39 without
        // access (08:20 for deadlines 08:58 to 09:00), 48 without waiting
        // (the best deadline), 49 without egress (the train is early
        // anyway); Z1 at 5, 10, 5; Z2, with no station, never; the train
        // alone: 38, 0, none.
        let figures = |catchment: [u64; 2]| Figures {
            catchment: vec![catchment.to_vec()],
            network_effect: vec![catchment.to_vec()],
        };
        let d2d = &got.by_measure[0];
        assert_eq!((d2d.measure, &d2d.figures), (Measure::DoorToDoor, &figures([200, 300])));
        let explain: Vec<(Off, Figures)> = vec![
            (Off::Access, figures([200, 300])),
            (Off::Waiting, figures([200, 300])),
            (Off::Egress, figures([200, 300])),
            (Off::All, figures([200, 300])),
        ];
        assert_eq!(d2d.explain, explain);
        // Station to station: Z0 and Z2 at 39, Z1 at 0; without waiting, 38, 0, 38.
        let station = &got.by_measure[1];
        assert_eq!((station.measure, &station.figures), (Measure::Station, &figures([200, 350])));
        assert_eq!(station.explain, [(Off::Waiting, figures([200, 350]))]);
        // Each measure keeps its own times for its maps.
        assert_eq!(d2d.zone_hub, got.zone_hub);
        assert_eq!(station.zone_hub, [[Some(39.0)], [Some(0.0)], [Some(39.0)]]);
        // Z0 reaches Z1 in 10 + 35 + 5 = 50 minutes; Z1 reaches Z0 in 5 + 30 + 10 = 45.
        assert_eq!(got.jobs_within, [[1000.0, 4000.0], [3000.0, 4000.0], [0.0, 0.0]]);
        // Own jobs at 10 minutes; the others at the mean time plus access and egress.
        let ed: Vec<f64> = got.effective_density.iter().map(|e| (e[0] * 1000.0).round() / 1000.0).collect();
        assert_eq!(
            ed,
            [1000.0 / 10.0 + 3000.0 / 55.0, 3000.0 / 10.0 + 1000.0 / 50.0, 0.0]
                .map(|v: f64| (v * 1000.0).round() / 1000.0)
        );
        // Several definitions: each counted alike, in order; per-zone
        // cities are the first's.
        let def = |id: &str, n, minutes: &[f64]| NetworkEffectDefinition {
            id: id.into(),
            name: id.into(),
            n,
            cities: vec!["h".into()],
            minutes: minutes.to_vec(),
        };
        let several = Settings {
            network_effect: NetworkEffect::default(),
            network_effects: vec![def("a", 1, &[45.0]), def("b", 1, &[30.0, 60.0, 90.0])],
            ..settings
        };
        let got = Inputs {
            zones: &zones,
            jobs: &jobs,
            legs: &legs,
            hubs: &hubs,
            latest: &latest,
            station_legs: &station_legs,
            latest_at_stations: &latest_at_stations,
            gjt: &[],
            gjt_at_stations: &[],
            measures: &[Measure::DoorToDoor, Measure::Station],
            explain: false,
            matrix: &matrix,
            hub_times: vec![],
            settings: &several,
        }
        .compute();
        assert_eq!(got.network_effect, [vec![200], vec![200, 300, 300]]);
        assert_eq!(got.cities_reached, [[0], [1], [0]]);
        assert_eq!(got.by_measure[1].figures.network_effect, [vec![350], vec![200, 350, 350]]);
    }

    /// Generalised costs of one station's journeys to a hub station 5
    /// minutes from the centre, deadlines 08:58 to 09:00, waiting and the
    /// legs weighted 2, 10 minutes a change: a direct train 08:00–08:40,
    /// and a journey with one change 08:10–08:55.
    #[test]
    fn gjt_costs_are_hand_computed_values() {
        let entry = |dep: (u32, u32), arr: (u32, u32), boardings| ProfileEntry {
            departure: Time::hms(dep.0, dep.1, 0),
            arrival: Time::hms(arr.0, arr.1, 0),
            boardings,
        };
        let entries = [entry((8, 0), (8, 40), 1), entry((8, 10), (8, 55), 2)];
        let deadlines = [Time::hms(8, 58, 0), Time::hms(8, 59, 0), Time::hms(9, 0, 0)];
        let g = Gjt::default();
        let check = |walk: Option<u32>, expect_min: [Option<f64>; 3]| {
            let mut out = [None; 3];
            gjt_row(&entries, walk, 300, &deadlines, &g, &mut out);
            let got: Vec<Option<f64>> = out.iter().map(|c| c.map(|s| s / 60.0)).collect();
            assert_eq!(got, expect_min, "walk {walk:?}");
        };
        // By 08:58: the direct train, 40 minutes riding, 13 waiting (×2),
        // 5 of egress (×2): 76. By 08:59: 78. By 09:00 the change arrives
        // in time: 45 + 0 + 10 + 10 = 65, less than the direct train's 80.
        check(None, [Some(76.0), Some(78.0), Some(65.0)]);
        // A 30-minute walk to the hub's station: (30 + 5) × 2 = 70 for any deadline.
        check(Some(1800), [Some(70.0), Some(70.0), Some(65.0)]);
        // No journey arrives by the deadline, and no walk: unreached.
        let mut out = [None; 1];
        gjt_row(&entries, None, 300, &[Time::hms(8, 44, 0)], &g, &mut out);
        assert_eq!(out, [None]);
        // A second hub station folds in: the least cost stays.
        let mut out = [Some(60.0 * 60.0); 3];
        gjt_row(&entries, None, 300, &deadlines, &g, &mut out);
        assert_eq!(out, [Some(3600.0), Some(3600.0), Some(3600.0)]);

        // A zone 10 minutes from the station (20 weighted): 96, 98 and 85
        // minutes; the median is 96.
        let costs = GjtCosts {
            deadlines: deadlines.to_vec(),
            cost: vec![[76.0, 78.0, 65.0].map(|m| Some(m * 60.0)).to_vec()],
        };
        let leg = Leg { station: StationIdx(0), secs: 600 };
        assert_eq!(to_hub_gjt(&[(leg, 1200.0)], &costs, 50.0), Some(96.0));
        assert_eq!(to_hub_gjt(&[(leg, 1200.0)], &costs, 0.0), Some(85.0));
        assert_eq!(to_hub_gjt(&[], &costs, 50.0), None);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut v: Vec<Option<f64>> = [15.0, 20.0, 35.0, 40.0, 50.0].into_iter().map(Some).collect();
        assert_eq!(nearest_rank(&mut v, 0.0), Some(15.0));
        assert_eq!(nearest_rank(&mut v, 30.0), Some(20.0));
        assert_eq!(nearest_rank(&mut v, 40.0), Some(20.0));
        assert_eq!(nearest_rank(&mut v, 50.0), Some(35.0));
        assert_eq!(nearest_rank(&mut v, 100.0), Some(50.0));
        let mut v = vec![Some(10.0), None, Some(5.0), None];
        assert_eq!(nearest_rank(&mut v, 50.0), Some(10.0));
        assert_eq!(nearest_rank(&mut v, 51.0), None);
    }
}
