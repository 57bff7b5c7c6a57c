//! The one way into a network, shared by every command.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
pub(crate) use railshed::import_timetable;
use railshed::network::NetworkSpec;
pub(crate) use railshed::network::{Prepared, parse_path};
use railshed_core::{Network, Time};
use railshed_io::Date;
use railshed_solver::Window;

/// Which network to use: the embedded default, or a file, with schemes and overlays applied.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct NetworkArgs {
    /// Network file to use instead of the embedded network of the North.
    #[arg(long, value_name = "FILE")]
    pub(crate) network: Option<PathBuf>,
    /// Embedded scheme to apply, with the schemes it requires (repeatable):
    /// hs2-phase1, hs2-phase2a, hs2-phase2b-west, hs2-phase2b-east, npr-irp, npr-tfn, lm-2026, tru.
    #[arg(long = "scheme", value_name = "NAME")]
    pub(crate) schemes: Vec<String>,
    /// Overlay file to apply after the schemes (repeatable).
    #[arg(long = "overlay", value_name = "FILE")]
    pub(crate) overlays: Vec<PathBuf>,
    /// Real timetable to use instead of a network: a GTFS feed (zip or
    /// folder) or an RDG CIF archive (zip), recognised by content. Needs --date.
    #[arg(long, value_name = "PATH", conflicts_with = "network", requires = "date")]
    pub(crate) timetable: Option<PathBuf>,
    /// Service date of the timetable to import (and the date of exported GTFS).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) date: Option<Date>,
    /// Minimum change time, in minutes, at imported stations whose data
    /// states none (GTFS stops without a transfer to themselves) [default: 5,
    /// RDG's default minimum change time].
    #[arg(long, value_name = "MINUTES", requires = "timetable")]
    pub(crate) default_change_time: Option<u32>,
}

/// Reads `YYYY-MM-DD` for clap.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("{text:?} is not a date YYYY-MM-DD"))
}

impl NetworkArgs {
    /// The network these arguments describe, for the library.
    pub(crate) fn spec(&self) -> NetworkSpec {
        NetworkSpec {
            network: self.network.clone(),
            schemes: self.schemes.clone(),
            overlays: self.overlays.clone(),
            timetable: self.timetable.clone(),
            date: self.date,
            default_change_time: self.default_change_time,
        }
    }

    /// The network these arguments describe.
    pub(crate) fn load(&self) -> Result<Network> {
        Ok(self.spec().load()?)
    }

    /// Loads the network, compiles its timetable and lays it out for the solver.
    pub(crate) fn prepare(&self) -> Result<Prepared> {
        Ok(self.spec().prepare()?)
    }
}

/// Reads a clock time argument (`HH:MM` or `HH:MM:SS`, past 24:00 after midnight).
pub(crate) fn parse_time(text: &str) -> Result<Time, String> {
    Time::parse(text).map_err(|e| e.to_string())
}

/// Reads a window argument `HH:MM-HH:MM`.
pub(crate) fn parse_window(text: &str) -> Result<Window, String> {
    let (a, b) =
        text.split_once('-').ok_or_else(|| format!("window {text:?} is not of the form HH:MM-HH:MM"))?;
    let w = Window::new(parse_time(a)?, parse_time(b)?);
    if w.end <= w.start {
        return Err(format!("window {text:?} must end after it starts"));
    }
    Ok(w)
}

/// Prints the `--stats` timings of a command on `p` to stderr.
pub(crate) fn print_stats(p: &Prepared, query: Duration) -> Result<()> {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "load {:.1} ms, compile {:.1} ms ({} stations, {} trips, {} routes), query {:.1} ms",
        ms(p.load),
        ms(p.compile),
        p.timetable.stations.len(),
        p.timetable.trips.len(),
        p.solver.n_routes(),
        ms(query)
    )?;
    Ok(())
}
