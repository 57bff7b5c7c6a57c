//! railshed as a library: the pipeline behind the `railshed` command.
//!
//! Load scenarios (files, or the shipped ones by name), build each
//! scenario's network once (a scenario starts from its parent's network
//! when that was built already), evaluate them with the zones and hubs in
//! use, and compare them. The result is a [`Comparison`] whose derived
//! figures (population-weighted means, changes from the reference,
//! rounding) are computed once and read by every output: the text tables
//! and CSV rows ([`text`]), the `railshed-result/2` JSON, CSV files and
//! GeoJSON ([`railshed_io::results`]) and the HTML report and its figures
//! ([`Outcome::render`]). Provenance hashes the bytes the run read, overlay
//! files named by scenarios included ([`Outcome::provenance`]).
//!
//! - [`compare()`]: a [`Request`] in, an [`Outcome`] out (or, to check the
//!   input before the work starts, [`Plan::new`] then [`Plan::run`]);
//! - [`Loader`]: scenarios by name or path, and their base networks;
//! - [`Networks`]: scenario networks built once each, from the longest
//!   prefix of their modifications built so far;
//! - [`lines()`]: a network's lines, for choosing one to modify;
//! - [`network`]: one network (embedded, a file or an imported timetable,
//!   schemes and overlays applied) prepared for journey planning, and its
//!   station table;
//! - [`route`]: the earliest journey between two stations, leaving at or
//!   after a time or arriving by one (`railshed route`);
//! - [`matrix`]: travel-time matrices over a window of departures
//!   (`railshed matrix`);
//! - [`shard`]: a comparison run in parts over the zones
//!   ([`shard::compare_shard`]) and merged ([`shard::merge`]) into exactly
//!   the outputs of one run;
//! - [`sweep`]: a scenario with values of its modifications varied, every
//!   variant evaluated and compared with it (`railshed sweep`), whole or in
//!   parts ([`sweep::sweep_shard`]) merged by [`shard::merge`];
//! - [`geometry`]: each zone's polygon (or centroid) for GIS tools;
//! - [`text`]: the before/after tables and the CSV rows of `railshed compare`;
//! - [`Error`]: the one error type, whose [`ErrorKind`] says whether the
//!   input is at fault.
//!
//! # Example
//!
//! The people within 60 minutes of Leeds, door to door, today and with
//! Northern Powerhouse Rail (the TfN network):
//!
//! ```
//! let outcome = railshed::compare(&railshed::Request::new(["today", "npr-tfn"]), &mut |_| {})?;
//! let c = &outcome.comparison;
//! let leeds = c.hubs.iter().position(|h| h.id == "leeds").expect("a shipped hub");
//! let hour = c.settings.thresholds_min.iter().position(|&m| m == 60.0).expect("a default threshold");
//! let before = c.runs[0].indicators.catchment[leeds][hour];
//! let after = c.runs[1].indicators.catchment[leeds][hour];
//! println!("Leeds, 60 minutes: {before} people today, {after} with NPR");
//! assert!(after > before);
//! # Ok::<(), railshed::Error>(())
//! ```
//!
//! **Architecture invariant:** this crate is the public API boundary of
//! railshed. The command-line tool, the benchmarks and the fuzz targets go
//! through it, and it holds the only copy of the pipeline; it reads files
//! only through `railshed-io` and writes none (callers write what it
//! returns, through `railshed_io::atomic`).

mod compare;
pub mod error;
pub mod geometry;
mod lines;
mod load;
pub mod matrix;
pub mod network;
mod report;
pub mod route;
pub mod shard;
pub mod sweep;
pub mod text;

pub use compare::{Against, Outcome, Plan, Request, SETTINGS_ORIGIN, Timings, compare, describe};
pub use error::{Error, ErrorKind, Result};
pub use lines::{LineSummary, lines};
pub use load::{Loader, Networks, apply, import_timetable};
pub use report::{Render, Rendered};

pub use railshed_io::scenario::{Base, Scenario};
pub use railshed_scenario::compare::{Cell, Comparison, Run};
pub use railshed_scenario::indicators::{Figures, Off, Reach};
pub use railshed_scenario::settings::Measure;
