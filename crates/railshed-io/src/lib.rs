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
//! - [`scenario`]: the scenario format (`railshed-scenario/1`), read with
//!   its `extends` chain through a [`scenario::ScenarioSource`];
//! - [`sweep`]: the scenario sweep format (`railshed-sweep/1`);
//! - [`zones`]: zones (CSV), workplace counts and hubs (`railshed-hubs/1`),
//!   embedded or from files;
//! - [`boundaries`]: local-authority and region outlines for maps;
//! - [`centres`]: centre sets (`railshed-centre-sets/1`), network-effect
//!   definitions by name;
//! - [`results`]: a comparison as the `railshed-result/1` JSON, CSV tables
//!   and zone GeoJSON;
//! - [`parts`]: the folder of a sharded run, listed and read back;
//! - [`table`]: column tables as CSV or Parquet (feature `parquet`): the
//!   zone × hub table and the part files of sharded runs;
//! - [`atomic`]: writing output files so a failed run leaves nothing half-written.
//!
//! **Architecture invariant:** this crate is the only library that touches
//! the file system; it maps formats into the domain (core and scenario
//! types) and back, and no format type leaks past it. It depends on the
//! domain only, never on `railshed-report`.

mod archive;
pub mod atomic;
pub mod boundaries;
pub mod centres;
pub mod cif;
mod date;
pub mod embedded;
mod error;
pub mod geojson;
pub mod gtfs;
pub mod network;
pub mod parts;
pub mod results;
pub mod scenario;
pub mod settings;
pub mod stations;
pub mod sweep;
pub mod table;
pub mod timetable;
pub mod zones;

pub use date::Date;
pub use error::{Error, Problem};

/// The largest text file read (network, overlay, scenario JSON): 64 MiB.
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// Reads a file as UTF-8 text (a byte-order mark is kept for the parser to
/// skip), naming it on failure. A file larger than [`MAX_TEXT_BYTES`] is
/// refused from its size before anything is read.
pub fn read_text(path: &std::path::Path) -> Result<String, Error> {
    let io = |source| Error::Io { path: path.to_owned(), error: source };
    regular_file(path)?;
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let name = path.display().to_string();
    if size > MAX_TEXT_BYTES {
        return Err(too_large(&name, size, MAX_TEXT_BYTES));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_TEXT_BYTES + 1), &mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(&name, bytes.len() as u64, MAX_TEXT_BYTES));
    }
    text_from_utf8(&name, bytes)
}

/// Refuses an input that is not a regular file (a FIFO, a device, a
/// socket) before opening it: opening a FIFO would wait for a writer
/// forever, and a device has no end. A folder is left to the caller.
pub fn regular_file(path: &std::path::Path) -> Result<(), Error> {
    let meta =
        std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_owned(), error: source })?;
    if meta.is_file() || meta.is_dir() {
        return Ok(());
    }
    Err(Error::invalid(
        path.display().to_string(),
        "",
        "",
        "is not a regular file (a FIFO, device or socket): give a file",
    ))
}

/// `bytes` as text, or an error giving the line and column of the first
/// byte that is not UTF-8 (and saying so when the file is UTF-16).
pub(crate) fn text_from_utf8(file: &str, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Error::invalid(file, "1:1", "", "is UTF-16 text, not UTF-8: save it as UTF-8");
        }
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Error::invalid(
            file,
            format!("{line}:{column}"),
            "",
            format!("not UTF-8 text (byte {at} is 0x{:02X})", bytes[at]),
        )
    })
}

/// `text` cut in the middle to at most about `max` characters
/// (`start…end`), so a huge value cannot make a huge message.
pub fn elide(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let n = text.chars().count();
    if n <= max {
        return text.into();
    }
    let keep = max.saturating_sub(1) / 2;
    let head: String = text.chars().take(keep).collect();
    let tail: String = text.chars().skip(n - keep).collect();
    format!("{head}…{tail}").into()
}

/// A file or entry over a size limit.
pub(crate) fn too_large(file: &str, size: u64, limit: u64) -> Error {
    Error::invalid(file, "", "", format!("is {}, larger than the limit of {}", mib(size), mib(limit)))
}

/// Bytes in MiB for messages (`65.0 MiB`, `9,536.7 MiB`).
pub(crate) fn mib(bytes: u64) -> String {
    let m = bytes as f64 / f64::from(1 << 20);
    let whole = m.trunc() as usize;
    format!("{}.{} MiB", railshed_core::limits::thousands(whole), ((m.fract() * 10.0).floor() as u32).min(9))
}
