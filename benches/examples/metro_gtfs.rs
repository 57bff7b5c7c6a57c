//! Writes the synthetic metro and bus network ([`railshed_benches::synthetic_metro`])
//! as a GTFS feed running on 2024-01-15, so other engines can be run on it:
//! `cargo run --release -p railshed-benches --example metro_gtfs -- metro.zip`.

use std::path::PathBuf;

use railshed_benches::synthetic_metro;
use railshed_io::Date;
use railshed_io::gtfs::{export, write_zip};

fn main() -> Result<(), railshed_io::Error> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "metro.zip".into()));
    let date = Date::parse_iso("2024-01-15").expect("a date");
    write_zip(&out, &export(&synthetic_metro(), date))
}
