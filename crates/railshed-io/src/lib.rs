//! railshed file formats.
//!
//! - [`network`]: the network and overlay JSON format (`railshed-network/1`,
//!   `railshed-overlay/1`), read into [`railshed_core::Overlay`]s and written
//!   back from a [`railshed_core::Network`];
//! - [`stations`]: the embedded GB station table (RDG, NaPTAN, ONS);
//! - [`embedded`]: the default network of the North and its scheme overlays;
//! - [`geojson`]: stations and track as RFC 7946 GeoJSON;
//! - [`timetable`]: real timetables in, [`gtfs`] or [`cif`], for one date,
//!   as a network; [`gtfs`] also writes a network's timetable out;
//! - [`atomic`]: writing output files so a failed run leaves nothing half-written.
//!
//! **Architecture invariant:** this crate is the only library that touches
//! the file system; it maps formats into the core model and back, and no
//! format type leaks past it.

mod archive;
pub mod atomic;
pub mod cif;
mod date;
pub mod embedded;
mod error;
pub mod geojson;
pub mod gtfs;
pub mod network;
pub mod results;
pub mod scenario;
pub mod stations;
pub mod timetable;
pub mod zones;

pub use date::Date;
pub use error::{Error, Problem};

/// Reads a file as UTF-8 text (a byte-order mark is kept for the parser to
/// skip), naming it on failure.
pub fn read_text(path: &std::path::Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), error: source })?;
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            path.display().to_string(),
            format!("byte {}", e.utf8_error().valid_up_to()),
            "",
            "not UTF-8 text",
        )
    })
}
