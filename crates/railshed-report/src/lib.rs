//! Maps, charts and the HTML report of a railshed comparison.
//!
//! Everything here renders strings from data it is given:
//!
//! - [`atlas`]: the local-authority and region outlines ([`Boundaries`]) and
//!   the zones, projected once onto the British National Grid
//!   ([`projection`]) and fitted into a map panel ([`Atlas`]);
//! - [`sketch`]: what a map needs of a network ([`NetworkSketch`]);
//! - [`maps`]: the network, catchment, difference and network-effect maps
//!   as SVG;
//! - [`charts`]: catchment curves and hub-to-hub journey times as SVG;
//! - [`html`]: the self-contained HTML report ([`Report`]) with
//!   [`Provenance`] (the railshed version and a SHA-256 of every input);
//! - [`figure`]: a rendered map or chart ([`Figure`]) and number formatting;
//! - [`style`]: colours, classes and attribution shared by every figure;
//! - [`svg`]: the small SVG writer the figures use;
//! - [`text`]: text widths from font metrics, and a check that no text of a
//!   figure is clipped;
//! - `png` (cargo feature `png`): the same SVG rendered to PNG with resvg.
//!
//! Output is deterministic: the same inputs give the same bytes (no clock,
//! no randomness, sums and iteration in a fixed order).
//!
//! **Architecture invariant:** no IO. Boundaries, fonts and input hashes
//! come from the caller; nothing here reads a file, the clock or the
//! environment. It depends on the domain (core and scenario), not on
//! `railshed-io`, and neither do its tests.

pub mod atlas;
pub mod charts;
pub mod figure;
pub mod html;
pub mod maps;
#[cfg(feature = "png")]
pub mod png;
pub mod projection;
pub mod sketch;
pub mod style;
pub mod svg;
pub mod text;

pub use atlas::{Area, Atlas, Boundaries};
pub use figure::Figure;
pub use html::{InputHash, Provenance, Report, ReportOptions, ScenarioText};
pub use maps::Place;
pub use sketch::NetworkSketch;

/// What can go wrong while rendering.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A position could not be put on the National Grid.
    #[error("cannot project longitude {lon}, latitude {lat} onto the National Grid: {reason}")]
    Projection {
        /// Longitude, degrees.
        lon: f64,
        /// Latitude, degrees.
        lat: f64,
        /// Why.
        reason: String,
    },
    /// The boundaries have nothing to draw.
    #[error("the boundaries have no area to draw")]
    NoBoundaries,
    /// The comparison does not fit together (a table of the wrong length).
    #[error("inconsistent comparison: {0}")]
    Inconsistent(String),
    /// An SVG could not be rendered to PNG.
    #[error("cannot render {figure} as PNG: {reason}")]
    Png {
        /// The figure's id.
        figure: String,
        /// Why.
        reason: String,
    },
}
