//! The one way into a network, shared by every command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
pub(crate) use railshed::import_timetable;
use railshed_core::{Lookup, Network, StationIdx, Time, Timetable};
use railshed_io::network::{Kind, Parsed, parse};
use railshed_io::{Date, Error, embedded};
use railshed_solver::{Solver, Window};

use crate::output::bad_input;

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

/// Reads and parses a network or overlay file.
pub(crate) fn parse_path(path: &Path) -> Result<Parsed, Error> {
    parse(&path.display().to_string(), &railshed_io::read_text(path)?)
}

impl NetworkArgs {
    /// The network these arguments describe.
    pub(crate) fn load(&self) -> Result<Network> {
        let mut net = match (&self.timetable, &self.network, self.date) {
            (Some(path), _, Some(date)) => import_timetable(path, date, self.default_change_time)?.network,
            (Some(_), _, None) => return Err(bad_input("--timetable needs --date YYYY-MM-DD")),
            (None, Some(path), _) => parse_path(path)?.to_network()?,
            (None, None, _) => embedded::default_network()?,
        };
        if self.schemes.is_empty() && self.overlays.is_empty() {
            return Ok(net); // no embedded schemes to parse
        }
        let mut available = embedded::schemes()?;
        let overlays: Vec<Parsed> = self.overlays.iter().map(|p| parse_path(p)).collect::<Result<_, _>>()?;
        for (p, path) in overlays.iter().zip(&self.overlays) {
            if p.kind != Kind::Overlay {
                return Err(Error::invalid(
                    path.display().to_string(),
                    "$.format",
                    "",
                    "expected an overlay",
                )
                .into());
            }
        }
        let names: Vec<&str> = self.schemes.iter().map(String::as_str).collect();
        embedded::apply_schemes(&mut net, &names, &available)?;
        // User overlays may require embedded schemes or each other.
        available.extend(overlays.iter().cloned());
        for p in &overlays {
            embedded::apply_overlay(&mut net, p, &available)?;
        }
        Ok(net)
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

/// A network loaded and laid out for journey planning, with the time each step took.
pub(crate) struct Prepared {
    pub(crate) timetable: Timetable,
    pub(crate) solver: Solver,
    pub(crate) lookup: Lookup,
    pub(crate) load: Duration,
    pub(crate) compile: Duration,
}

impl Prepared {
    /// The station a user named, or a bad-input error with suggestions.
    pub(crate) fn station(&self, query: &str) -> Result<StationIdx> {
        self.lookup.find(query).map_err(|e| bad_input(e.to_string()))
    }

    /// "Name (ID)" of a station.
    pub(crate) fn label(&self, s: StationIdx) -> String {
        let st = &self.timetable.stations[s.idx()];
        format!("{} ({})", st.name, st.id)
    }

    /// Prints the `--stats` timings to stderr.
    pub(crate) fn print_stats(&self, query: Duration) -> Result<()> {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "load {:.1} ms, compile {:.1} ms ({} stations, {} trips, {} routes), query {:.1} ms",
            ms(self.load),
            ms(self.compile),
            self.timetable.stations.len(),
            self.timetable.trips.len(),
            self.solver.n_routes(),
            ms(query)
        )?;
        Ok(())
    }
}

impl NetworkArgs {
    /// Loads the network, compiles its timetable and lays it out for the solver.
    pub(crate) fn prepare(&self) -> Result<Prepared> {
        let t0 = Instant::now();
        let net = self.load()?;
        let load = t0.elapsed();
        Ok(Prepared::new(&net, load))
    }
}

impl Prepared {
    /// Compiles a network and lays it out for the solver; `load` is the time
    /// it took to load.
    pub(crate) fn new(net: &Network, load: Duration) -> Prepared {
        let t0 = Instant::now();
        let timetable = net.compile();
        let solver = Solver::new(&timetable);
        let lookup = Lookup::new(&timetable.stations);
        let compile = t0.elapsed();
        Prepared { timetable, solver, lookup, load, compile }
    }
}
