//! Evaluating a scenario's network: the solver queries behind the indicators.
//!
//! For one network: compile it, lay it out for the solver, and compute
//! - the legs between every zone and the stations trains call at;
//! - for every hub, reverse range queries over the arrival window (the
//!   latest departure from every station to reach the hub's centre by each
//!   minute);
//! - for every station, a forward range query over the departure window,
//!   reduced to the mean and percentile travel times and the changes of the
//!   fastest journey to every station;
//! - for every pair of hubs, the fastest journey over the hub-times window.
//!
//! Queries run in parallel (rayon), each into its own slot of the result, so
//! the outcome is the same for any number of threads.

use railshed_core::{Network, StationIdx, Time};
use railshed_solver::{Access, Options, Solver, Stat, Window};
use rayon::prelude::*;

use crate::access::Leg;
use crate::compare::NetworkSummary;
use crate::hubs::{Hub, HubDef};
use crate::indicators::{HubTime, Indicators, Inputs, LatestDepartures, StationMatrix, UNREACHED};
use crate::settings::{Settings, Windows};
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
}

/// Why a scenario could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The compiled timetable breaks an invariant (a bug in what built it).
    #[error("the compiled timetable is invalid: {0}")]
    Timetable(String),
    /// The settings are invalid.
    #[error("settings: {0}")]
    Settings(String),
    /// A query was refused.
    #[error("solver: {0}")]
    Solve(#[from] railshed_solver::SolveError),
}

/// Seconds to whole minutes (half up) for a `u16` matrix.
fn minutes(secs: u32) -> u16 {
    u16::try_from((secs + 30) / 60).unwrap_or(UNREACHED - 1).min(UNREACHED - 1)
}

/// Evaluates one network: its summary and every indicator.
pub fn evaluate(
    net: &Network,
    ctx: &Context,
    settings: &Settings,
) -> Result<(NetworkSummary, Indicators), RunError> {
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
    let hubs: Vec<Hub> = ctx.hubs.iter().map(|h| h.resolve(net)).collect();

    let latest = latest_departures(&solver, &hubs, &windows)?;
    let matrix = station_matrix(&solver, n, &windows, settings.percentile)?;
    let hub_times = hub_times(&solver, &hubs, &windows)?;
    let indicators = Inputs {
        zones: &ctx.zones,
        jobs: &ctx.jobs,
        legs: &legs,
        hubs: &hubs,
        latest: &latest,
        matrix: &matrix,
        hub_times,
        settings,
    }
    .compute();
    let summary = NetworkSummary {
        stations: n,
        served: served.iter().filter(|&&s| s).count(),
        lines: net.lines().len(),
        trips: tt.trips.len(),
    };
    Ok((summary, indicators))
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
                let profiles = solver.reverse_profiles(scratch, &targets, window, Options::default())?;
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

/// Mean and percentile travel times, and changes of the fastest journey,
/// between every pair of stations over the departure window.
fn station_matrix(
    solver: &Solver,
    n: usize,
    w: &Windows,
    percentile: f64,
) -> Result<StationMatrix, RunError> {
    let window = Window::new(w.depart.0, w.depart.1);
    let stats = [Stat::Mean, Stat::Percentile(percentile)];
    let rows: Vec<(Vec<u16>, Vec<u16>, Vec<u8>)> = (0..n)
        .into_par_iter()
        .map_init(
            || solver.scratch(),
            |scratch, origin| {
                let source = [Access { station: StationIdx::new(origin), secs: 0 }];
                let profiles = solver.profiles(scratch, &source, window, Options::default())?;
                let mut mean = vec![UNREACHED; n];
                let mut pct = vec![UNREACHED; n];
                let mut changes = vec![0u8; n];
                for dest in 0..n {
                    let p = profiles.get(StationIdx::new(dest));
                    let v = p.summary(&stats)?;
                    if let Some(m) = v[0] {
                        mean[dest] = minutes(m);
                    }
                    if let Some(m) = v[1] {
                        pct[dest] = minutes(m);
                    }
                    changes[dest] = fastest(&p).map_or(0, |(_, b)| b.saturating_sub(1).min(255) as u8);
                }
                Ok((mean, pct, changes))
            },
        )
        .collect::<Result<_, RunError>>()?;
    let mut m = StationMatrix {
        n,
        mean: Vec::with_capacity(n * n),
        percentile: Vec::with_capacity(n * n),
        changes: Vec::with_capacity(n * n),
    };
    for (mean, pct, ch) in rows {
        m.mean.extend(mean);
        m.percentile.extend(pct);
        m.changes.extend(ch);
    }
    Ok(m)
}

/// The fastest journey of a profile: seconds and boardings (walking alone:
/// no boardings), the fewest boardings among equally fast ones.
fn fastest(p: &railshed_solver::Profile<'_>) -> Option<(u32, u32)> {
    let by_train = p
        .entries()
        .into_iter()
        .map(|e| (e.arrival.secs().saturating_sub(e.departure.secs()), e.boardings))
        .min();
    match (by_train, p.walk_secs()) {
        (Some(t), Some(w)) if w <= t.0 => Some((w, 0)),
        (Some(t), _) => Some(t),
        (None, Some(w)) => Some((w, 0)),
        (None, None) => None,
    }
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
                let profiles = solver.profiles(scratch, &sources, window, Options::default())?;
                Ok(others
                    .map(|to| {
                        let best = to.stations.iter().filter_map(|&(s, _)| fastest(&profiles.get(s))).min();
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
