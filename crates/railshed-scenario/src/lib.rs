//! Scenarios and what they change: zones, access to stations, hubs and the
//! indicators compared before and after.
//!
//! - [`boundaries`]: local-authority and region outlines, for maps;
//! - [`zones`]: population zones (Census 2021 MSOAs) and the jobs spread over them;
//! - [`access`]: the legs between zone centroids and stations;
//! - [`hubs`]: cities as sets of stations with egress times;
//! - [`modify`]: scenario modifications applied to a network in memory;
//! - [`settings`]: every parameter of the indicators, with documented defaults;
//! - [`sweep`]: a scenario's modifications with some of their values varied;
//! - [`run`]: evaluating one network: the solver queries behind the indicators;
//! - [`indicators`]: zone-level results from the station-level ones;
//! - [`isochrone`]: stations reached from a place, through access legs;
//! - [`compare`]: several runs compared with the first, with the figures
//!   every output shows derived once.
//!
//! **Architecture invariant:** no IO; every result is deterministic and
//! independent of the number of threads (sums are taken in a fixed order).

pub mod access;
pub mod boundaries;
pub mod compare;
pub mod hubs;
pub mod indicators;
pub mod isochrone;
pub mod modify;
pub mod run;
pub mod settings;
pub mod sweep;
pub mod zones;
