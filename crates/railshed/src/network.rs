//! One network to plan journeys on: the embedded network of the North, a
//! network file or an imported timetable, with schemes and overlays
//! applied, compiled and laid out for the solver once. `route`, `matrix`
//! and `isochrone` start here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use railshed_core::{Lookup, Network, Station, StationIdx, Timetable};
use railshed_io::network::{Kind, Parsed, parse};
use railshed_io::{Date, embedded};
use railshed_solver::Solver;

use crate::error::{Error, Result};
use crate::load::import_timetable;

/// Which network to use: the embedded default, a network file or an
/// imported timetable, with embedded schemes and overlay files applied.
#[derive(Clone, Debug, Default)]
pub struct NetworkSpec {
    /// A network file to use instead of the embedded network of the North.
    pub network: Option<PathBuf>,
    /// Embedded schemes to apply, with the schemes they require.
    pub schemes: Vec<String>,
    /// Overlay files to apply after the schemes, in order.
    pub overlays: Vec<PathBuf>,
    /// A real timetable to use instead of a network: a GTFS feed (zip or
    /// folder) or an RDG CIF archive (zip), recognised by content. Needs
    /// [`NetworkSpec::date`].
    pub timetable: Option<PathBuf>,
    /// The service date of [`NetworkSpec::timetable`].
    pub date: Option<Date>,
    /// Minimum change time, in minutes, at imported stations whose data
    /// states none (default: 5, RDG's default minimum change time).
    pub default_change_time: Option<u32>,
}

/// Reads and parses a network or overlay file.
pub fn parse_path(path: &Path) -> Result<Parsed, railshed_io::Error> {
    parse(&path.display().to_string(), &railshed_io::read_text(path)?)
}

impl NetworkSpec {
    /// The network this describes, schemes and overlays applied.
    pub fn load(&self) -> Result<Network> {
        let mut net = match (&self.timetable, &self.network, self.date) {
            (Some(path), _, Some(date)) => import_timetable(path, date, self.default_change_time)?.network,
            (Some(_), _, None) => return Err(Error::bad_input("--timetable needs --date YYYY-MM-DD")),
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
                return Err(railshed_io::Error::invalid(
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

    /// Loads the network, compiles its timetable and lays it out for the
    /// solver.
    pub fn prepare(&self) -> Result<Prepared> {
        let t0 = Instant::now();
        let net = self.load()?;
        let load = t0.elapsed();
        Ok(Prepared::new(&net, load))
    }
}

/// A network loaded and laid out for journey planning, with the time each
/// step took.
pub struct Prepared {
    /// The compiled timetable: stations, lines and trips.
    pub timetable: Timetable,
    /// The journey planner over it.
    pub solver: Solver,
    /// Stations by id, CRS code, TIPLOC or name.
    pub lookup: Lookup,
    /// The time loading the network took.
    pub load: Duration,
    /// The time compiling and laying it out took.
    pub compile: Duration,
}

impl Prepared {
    /// Compiles a network and lays it out for the solver; `load` is the
    /// time it took to load.
    pub fn new(net: &Network, load: Duration) -> Prepared {
        let t0 = Instant::now();
        let timetable = net.compile();
        let solver = Solver::new(&timetable);
        let lookup = Lookup::new(&timetable.stations);
        let compile = t0.elapsed();
        Prepared { timetable, solver, lookup, load, compile }
    }

    /// The station a user named (by id, CRS code, TIPLOC or a unique part
    /// of its name), or a bad-input error with suggestions.
    pub fn station(&self, query: &str) -> Result<StationIdx> {
        self.lookup.find(query).map_err(|e| Error::bad_input(e.to_string()))
    }

    /// The station table, in index order (the destinations of a matrix).
    pub fn stations(&self) -> &[Station] {
        &self.timetable.stations
    }

    /// "Name (ID)" of a station.
    pub fn label(&self, s: StationIdx) -> String {
        let st = &self.timetable.stations[s.idx()];
        format!("{} ({})", st.name, st.id)
    }
}
