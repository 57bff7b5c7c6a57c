//! Evaluating a scenario's network: the solver queries behind the indicators.
//!
//! For one network: compile it, lay it out for the solver, and compute
//! - the legs between every zone and the stations trains call at;
//! - for every hub, reverse range queries over the arrival window (the
//!   latest departure from every station to reach the hub's centre by each
//!   minute), and the same to reach any of its stations with no egress
//!   (for the station measure and the explanation of where time goes);
//! - for every hub station, when the `gjt` measure is asked for, a reverse
//!   range query over the arrival window and the two hours before it, whose
//!   journeys (by number of trains) give the least generalised cost of
//!   reaching the hub from every station by each minute;
//! - for every station, a forward range query over the departure window,
//!   reduced to the mean and percentile travel times and the changes of the
//!   fastest journey to every station;
//! - for every pair of hubs, the fastest journey over the hub-times window.
//!
//! Queries run in parallel (rayon), each into its own slot of the result, so
//! the outcome is the same for any number of threads.

use std::ops::Range;

use railshed_core::{Network, StationIdx, Time};
use railshed_solver::{Access, MatrixSpec, Options, Solver, Stat, Window};
use rayon::prelude::*;

use crate::access::{Leg, station_legs};
use crate::compare::NetworkSummary;
use crate::hubs::{Hub, HubDef};
use crate::indicators::{
    GjtCosts, HubTime, Indicators, Inputs, LatestDepartures, StationMatrix, UNREACHED, gjt_row,
};
use crate::settings::{Gjt, Measure, Settings, Windows};
use crate::zones::Zone;

/// What stays the same across the scenarios of a comparison.
#[derive(Clone, Debug)]
pub struct Context {
    /// Zones.
    pub zones: Vec<Zone>,
    /// Jobs per zone.
    pub jobs: Vec<f64>,
    /// Hubs as defined (resolved against each scenario's network).
    pub hubs: Vec<HubDef>,
    /// The measures to report catchments and the network effect under
    /// (besides `settings.measure`, which gives the per-zone results).
    pub measures: Vec<Measure>,
    /// Whether to work out where the time goes (each figure with terms of
    /// the journey switched off). Off, the explanations are empty and the
    /// queries only they need are not run.
    pub explain: bool,
}

/// Why a scenario could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The compiled timetable breaks an invariant (a bug in what built it).
    #[error("the compiled timetable is invalid: {0}")]
    Timetable(railshed_core::TimetableError),
    /// The settings are invalid.
    #[error("settings: {0}")]
    Settings(crate::settings::SettingsError),
    /// The origin zones asked for are not a range of the zones.
    #[error("origin zones {}..{} out of the {zones} zones", origins.start, origins.end)]
    Origins {
        /// The range asked for.
        origins: Range<usize>,
        /// How many zones there are.
        zones: usize,
    },
    /// A query was refused.
    #[error("solver: {0}")]
    Solve(#[from] railshed_solver::SolveError),
}

/// Evaluates one network: its summary and every indicator.
pub fn evaluate(
    net: &Network,
    ctx: &Context,
    settings: &Settings,
) -> Result<(NetworkSummary, Indicators), RunError> {
    evaluate_zones(net, ctx, settings, 0..ctx.zones.len())
}

/// Evaluates one network for the origin zones `origins` (a range of zone
/// indices; every zone is still a destination): its summary and the
/// indicators of [`Inputs::compute_zones`]. Only the stations these zones
/// reach get a row of the station matrix, so a range costs about its share
/// of the matrix; the queries to and between hubs are made whole.
pub fn evaluate_zones(
    net: &Network,
    ctx: &Context,
    settings: &Settings,
    origins: Range<usize>,
) -> Result<(NetworkSummary, Indicators), RunError> {
    if origins.end > ctx.zones.len() || origins.start > origins.end {
        return Err(RunError::Origins { origins, zones: ctx.zones.len() });
    }
    let windows = settings.check().map_err(RunError::Settings)?;
    let tt = net.compile();
    tt.check().map_err(RunError::Timetable)?;
    let solver = Solver::new(&tt);
    let n = tt.stations.len();

    let mut served = vec![false; n];
    for st in &tt.stop_times {
        if st.pickup || st.dropoff {
            served[st.station.idx()] = true;
        }
    }
    let positions: Vec<_> = tt.stations.iter().map(|s| s.pos).collect();
    let legs: Vec<Vec<Leg>> =
        ctx.zones.par_iter().map(|z| settings.access.legs(z.pos, &positions, &served)).collect();
    // Only what the measures asked for (and their explanations) need is
    // computed: the station measure's legs, and the reverse queries to the
    // hubs' stations with no egress.
    let need = Needs::of(ctx, settings);
    let radius = settings.station_radius_km;
    let station_legs: Vec<Vec<Leg>> = if need.station_legs {
        ctx.zones.par_iter().map(|z| station_legs(z.pos, &positions, &served, radius)).collect()
    } else {
        Vec::new()
    };
    let hubs: Vec<Hub> = ctx.hubs.iter().map(|h| h.resolve(net)).collect();
    let latest = latest_departures(&solver, &hubs, &windows)?;
    let latest_at_stations = if need.at_stations {
        // The same hubs reached at any of their stations, with no egress.
        let at_stations: Vec<Hub> = hubs
            .iter()
            .map(|h| Hub { stations: h.stations.iter().map(|&(s, _)| (s, 0)).collect(), ..h.clone() })
            .collect();
        latest_departures(&solver, &at_stations, &windows)?
    } else {
        Vec::new()
    };
    let gjt = if need.gjt { gjt_costs(&solver, &hubs, &windows, &settings.gjt, true)? } else { Vec::new() };
    let gjt_at_stations = if need.gjt && ctx.explain {
        gjt_costs(&solver, &hubs, &windows, &settings.gjt, false)?
    } else {
        Vec::new()
    };
    // Only stations some origin zone reaches need a row: the others start no journey.
    let mut from = vec![false; n];
    for leg in legs[origins.clone()].iter().flatten() {
        from[leg.station.idx()] = true;
    }
    let matrix = station_matrix(&solver, &from, &windows, settings.percentile)?;
    let hub_times = hub_times(&solver, &hubs, &windows)?;
    let indicators = Inputs {
        zones: &ctx.zones,
        jobs: &ctx.jobs,
        legs: &legs,
        hubs: &hubs,
        latest: &latest,
        station_legs: &station_legs,
        latest_at_stations: &latest_at_stations,
        gjt: &gjt,
        gjt_at_stations: &gjt_at_stations,
        measures: &ctx.measures,
        explain: ctx.explain,
        matrix: &matrix,
        hub_times,
        settings,
    }
    .compute_zones(origins);
    let summary = NetworkSummary {
        stations: n,
        served: served.iter().filter(|&&s| s).count(),
        lines: net.lines().len(),
        trips: tt.trips.len(),
    };
    Ok((summary, indicators))
}

/// The inputs the measures asked for need beyond door to door.
struct Needs {
    /// The station measure's legs (each zone's stations within the radius).
    station_legs: bool,
    /// Reverse queries to the hubs' stations with no egress.
    at_stations: bool,
    /// Generalised costs (the `gjt` measure).
    gjt: bool,
}

impl Needs {
    fn of(ctx: &Context, settings: &Settings) -> Needs {
        let mut needs = Needs { station_legs: false, at_stations: false, gjt: false };
        for &m in ctx.measures.iter().chain([&settings.measure]) {
            let terms = m.terms();
            needs.station_legs |= m == Measure::Station;
            needs.gjt |= m == Measure::Gjt;
            // Without egress: the measure counts none, or an explanation
            // switches it off.
            needs.at_stations |= !terms.egress || ctx.explain;
        }
        needs
    }
}

/// For every hub, the latest departure from every station to reach its
/// centre by each deadline.
fn latest_departures(solver: &Solver, hubs: &[Hub], w: &Windows) -> Result<Vec<LatestDepartures>, RunError> {
    let (first, last) = (w.deadlines[0], *w.deadlines.last().expect("at least one deadline"));
    hubs.par_iter()
        .map_init(
            || solver.scratch(),
            |scratch, hub| {
                let n = solver.n_stations();
                if hub.stations.is_empty() {
                    return Ok(LatestDepartures {
                        deadlines: w.deadlines.clone(),
                        latest: vec![vec![None; w.deadlines.len()]; n],
                    });
                }
                let targets: Vec<Access> =
                    hub.stations.iter().map(|&(station, secs)| Access { station, secs }).collect();
                // A window of one minute at least, so a single deadline is a valid window.
                let window = Window::new(first, Time(last.secs().max(first.secs() + 60)));
                let profiles =
                    solver.reverse_travel_profiles(scratch, &targets, window, Options::default())?;
                let latest = (0..n)
                    .map(|s| {
                        let p = profiles.get(StationIdx::new(s));
                        w.deadlines
                            .iter()
                            .map(|&m| p.travel_time_at(m).and_then(|t| m.secs().checked_sub(t)).map(Time))
                            .collect()
                    })
                    .collect();
                Ok(LatestDepartures { deadlines: w.deadlines.clone(), latest })
            },
        )
        .collect()
}

/// Arrivals this long before the first deadline count for the `gjt`
/// measure: an earlier one waits longer than the longest threshold anyone
/// asks for, at any weight of at least 1 (reverse profiles stand for the
/// journeys arriving before their window by one arriving at its start).
const GJT_EARLY_SECS: u32 = 2 * 3600;

/// For every hub, the least generalised cost from every station to its
/// centre by each deadline: one reverse range query per hub station (to it
/// alone, so its egress is known), its journeys costed by [`gjt_row`];
/// with `egress` off, to any of its stations at no egress.
fn gjt_costs(
    solver: &Solver,
    hubs: &[Hub],
    w: &Windows,
    g: &Gjt,
    egress: bool,
) -> Result<Vec<GjtCosts>, RunError> {
    let (first, last) = (w.deadlines[0], *w.deadlines.last().expect("at least one deadline"));
    let window = Window::new(
        Time(first.secs().saturating_sub(GJT_EARLY_SECS)),
        Time(last.secs().max(first.secs() + 60)),
    );
    hubs.par_iter()
        .map_init(
            || solver.scratch(),
            |scratch, hub| {
                let n = solver.n_stations();
                let mut cost = vec![vec![None; w.deadlines.len()]; n];
                for &(station, secs) in &hub.stations {
                    let target = [Access { station, secs: 0 }];
                    let profiles = solver.reverse_profiles(scratch, &target, window, Options::default())?;
                    let egress_secs = if egress { secs } else { 0 };
                    for (s, row) in cost.iter_mut().enumerate() {
                        let p = profiles.get(StationIdx::new(s));
                        gjt_row(&p.entries(), p.walk_secs(), egress_secs, &w.deadlines, g, row);
                    }
                }
                Ok(GjtCosts { deadlines: w.deadlines.clone(), cost })
            },
        )
        .collect()
}

/// Mean and percentile travel times, and changes of the fastest journey,
/// from every station in `origins` (other rows stay unreached) to every
/// station over the departure window.
fn station_matrix(
    solver: &Solver,
    origins: &[bool],
    w: &Windows,
    percentile: f64,
) -> Result<StationMatrix, RunError> {
    let n = solver.n_stations();
    let spec = MatrixSpec {
        origins: (0..n).filter(|&s| origins[s]).map(StationIdx::new).collect(),
        window: Window::new(w.depart.0, w.depart.1),
        stats: vec![Stat::Mean, Stat::Percentile(percentile)],
        options: Options::default(),
        boardings: true,
    };
    let matrix = solver.matrix(&spec, &|_| {})?;
    let mut m = StationMatrix {
        n,
        mean: vec![UNREACHED; n * n],
        percentile: vec![UNREACHED; n * n],
        changes: vec![0; n * n],
    };
    for (row, origin) in spec.origins.iter().enumerate() {
        let cells = origin.idx() * n..(origin.idx() + 1) * n;
        m.mean[cells.clone()].copy_from_slice(matrix.row(row, 0));
        m.percentile[cells.clone()].copy_from_slice(matrix.row(row, 1));
        for (c, &b) in m.changes[cells]
            .iter_mut()
            .zip(matrix.fastest_boardings(row).expect("the spec asks for boardings"))
        {
            *c = if b == u8::MAX { 0 } else { b.saturating_sub(1) };
        }
    }
    Ok(m)
}

/// The fastest station-to-station journey between every ordered pair of
/// hubs over the hub-times window.
fn hub_times(solver: &Solver, hubs: &[Hub], w: &Windows) -> Result<Vec<HubTime>, RunError> {
    let window = Window::new(w.hub_times.0, w.hub_times.1);
    let rows: Vec<Vec<HubTime>> = hubs
        .par_iter()
        .map_init(
            || solver.scratch(),
            |scratch, from| {
                let others = hubs.iter().filter(|h| h.id != from.id);
                if from.stations.is_empty() {
                    return Ok(others
                        .map(|to| HubTime {
                            from: from.id.clone(),
                            to: to.id.clone(),
                            minutes: None,
                            changes: None,
                        })
                        .collect());
                }
                let sources: Vec<Access> =
                    from.stations.iter().map(|&(station, _)| Access { station, secs: 0 }).collect();
                let profiles = solver.travel_profiles(scratch, &sources, window, Options::default())?;
                Ok(others
                    .map(|to| {
                        let best = to.stations.iter().filter_map(|&(s, _)| profiles.get(s).fastest()).min();
                        HubTime {
                            from: from.id.clone(),
                            to: to.id.clone(),
                            minutes: best.map(|(secs, _)| (secs + 30) / 60),
                            changes: best.map(|(_, b)| b.saturating_sub(1)),
                        }
                    })
                    .collect())
            },
        )
        .collect::<Result<_, RunError>>()?;
    Ok(rows.into_iter().flatten().collect())
}
