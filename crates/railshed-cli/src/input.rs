//! The one way into a network, shared by every command.

use std::path::{Path, PathBuf};

use anyhow::Result;
use railshed_core::Network;
use railshed_io::network::{Kind, Parsed, parse};
use railshed_io::{Error, embedded};

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
}

/// Reads and parses a network or overlay file.
pub(crate) fn parse_path(path: &Path) -> Result<Parsed, Error> {
    parse(&path.display().to_string(), &railshed_io::read_text(path)?)
}

impl NetworkArgs {
    /// The network these arguments describe.
    pub(crate) fn load(&self) -> Result<Network> {
        let mut net = match &self.network {
            Some(path) => parse_path(path)?.to_network()?,
            None => embedded::default_network()?,
        };
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

/// The network of an imported timetable for one service date.
pub(crate) fn import_timetable(path: &Path, date: &str) -> Result<Network> {
    Err(crate::output::bad_input(format!(
        "{}: timetable bases ({date}) are read once the GTFS/CIF importer is in this build",
        path.display()
    )))
}
