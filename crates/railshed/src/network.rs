//! One network to plan journeys on: the embedded network of the North, a
//! network file or an imported timetable, with schemes and overlays
//! applied, compiled and laid out for the solver once. `route`, `matrix`
//! and `isochrone` start here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use railshed_core::{Lookup, Network, Station, StationIdx, Timetable};
use railshed_io::network::{Kind, Parsed, parse};
use railshed_io::{Date, embedded};
use railshed_report::InputHash;
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

/// The hash of an input read (its role, its name and the SHA-256 of the
/// bytes read).
fn input(role: &str, name: String, bytes: &[u8]) -> InputHash {
    InputHash { role: role.into(), name, sha256: railshed_report::html::sha256_hex(bytes) }
}

impl NetworkSpec {
    /// The network this describes, schemes and overlays applied.
    pub fn load(&self) -> Result<Network> {
        Ok(self.load_hashed()?.0)
    }

    /// The network this describes, schemes and overlays applied, with the
    /// SHA-256 of each file it is read from, made from the bytes read (the
    /// embedded network is named, hashed from its text): the network or
    /// timetable, then each overlay.
    pub fn load_hashed(&self) -> Result<(Network, Vec<InputHash>)> {
        let mut inputs = Vec::new();
        let mut net = match (&self.timetable, &self.network, self.date) {
            (Some(path), _, Some(date)) => {
                let imported = import_timetable(path, date, self.default_change_time)?;
                inputs.push(InputHash {
                    role: "network".into(),
                    name: path.display().to_string(),
                    sha256: imported.sha256,
                });
                imported.network
            }
            (Some(_), _, None) => return Err(Error::bad_input("--timetable needs --date YYYY-MM-DD")),
            (None, Some(path), _) => {
                let name = path.display().to_string();
                let text = railshed_io::read_text(path)?;
                let net = parse(&name, &text)?.to_network()?;
                inputs.push(input("network", name, text.as_bytes()));
                net
            }
            (None, None, _) => {
                inputs.push(input(
                    "network",
                    embedded::NETWORK.file.into(),
                    embedded::NETWORK.text.as_bytes(),
                ));
                embedded::default_network()?
            }
        };
        if self.schemes.is_empty() && self.overlays.is_empty() {
            return Ok((net, inputs)); // no embedded schemes to parse
        }
        let mut available = embedded::schemes()?;
        let mut overlays: Vec<Parsed> = Vec::with_capacity(self.overlays.len());
        for path in &self.overlays {
            let name = path.display().to_string();
            let text = railshed_io::read_text(path)?;
            overlays.push(parse(&name, &text)?);
            inputs.push(input("overlay", name, text.as_bytes()));
        }
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
        Ok((net, inputs))
    }

    /// Loads the network, compiles its timetable and lays it out for the
    /// solver, recording the hashes of its inputs ([`Prepared::inputs`]).
    pub fn prepare(&self) -> Result<Prepared> {
        let t0 = Instant::now();
        let (net, inputs) = self.load_hashed()?;
        let load = t0.elapsed();
        Ok(Prepared { inputs, ..Prepared::new(&net, load) })
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
    /// The SHA-256 of each file the network was read from, as
    /// [`NetworkSpec::load_hashed`] gives them; empty when the network was
    /// given ([`Prepared::new`]).
    pub inputs: Vec<InputHash>,
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
        Prepared { timetable, solver, lookup, load, compile, inputs: Vec::new() }
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
