//! `railshed validate`: check network and overlay files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_io::embedded;
use railshed_io::network::{Kind, Parsed};

use crate::input::parse_path;
use crate::output::print;
use crate::scenarios;

#[derive(clap::Args)]
#[command(after_help = "\
Each problem is printed on one line of stderr as FILE: PLACE: OBJECT: MESSAGE, where PLACE is a JSON
path or LINE:COLUMN. Overlays are checked against the base network (--network, default the embedded
network of the North) with the schemes they require applied first, found among the embedded schemes
and the files given.

Examples:
  railshed validate networks/north.json networks/schemes/*.json
  railshed validate --network my-network.json my-scheme.json

Exit status: 0 when every file is valid, 2 when any is not.")]
pub(crate) struct Args {
    /// Network, overlay and scenario files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Base network for overlays (default: the embedded network of the North).
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    // A scenario is checked by building its network: its base with every modification applied.
    let mut problems: Vec<String> = Vec::new();
    let mut parsed: Vec<(PathBuf, Parsed)> = Vec::new();
    let mut scenario_files = Vec::new();
    for path in &args.files {
        if is_scenario(path) {
            scenario_files.push(path.clone());
            continue;
        }
        match parse_path(path) {
            Ok(p) => parsed.push((path.clone(), p)),
            Err(e) => problems.extend(e.problems()),
        }
    }
    let base = match &args.network {
        Some(path) => parse_path(path).and_then(|p| p.to_network()),
        None => embedded::default_network(),
    };
    let mut available = embedded::schemes().unwrap_or_default();
    available.extend(parsed.iter().map(|(_, p)| p.clone()));
    let mut report = String::new();
    for (path, p) in &parsed {
        let result = match p.kind {
            Kind::Network => p.to_network().map(|n| {
                format!(
                    "{}: ok: network, {} stations, {} lines",
                    path.display(),
                    n.stations().len(),
                    n.lines().len()
                )
            }),
            Kind::Overlay => match &base {
                Err(e) => Err(railshed_io::Error::invalid(
                    path.display().to_string(),
                    "",
                    "",
                    format!("cannot check the overlay: the base network is invalid: {e}"),
                )),
                Ok(base) => {
                    let mut net = base.clone();
                    embedded::apply_overlay(&mut net, p, &available).map(|()| {
                        format!(
                            "{}: ok: overlay {:?}, network then has {} stations, {} lines",
                            path.display(),
                            p.scheme().unwrap_or_default(),
                            net.stations().len(),
                            net.lines().len()
                        )
                    })
                }
            },
        };
        match result {
            Ok(line) => report.push_str(&(line + "\n")),
            Err(e) => problems.extend(e.problems()),
        }
    }
    let schemes = embedded::schemes()?;
    for path in &scenario_files {
        let checked = scenarios::load(&path.display().to_string(), &schemes).and_then(|s| {
            let net = scenarios::network(&s)?;
            Ok(format!(
                "{}: ok: scenario {:?}, {} modifications, network then has {} stations, {} lines",
                path.display(),
                s.name,
                s.steps.len(),
                net.stations().len(),
                net.lines().len()
            ))
        });
        match checked {
            Ok(line) => report.push_str(&(line + "\n")),
            Err(e) => match e.downcast_ref::<railshed_io::Error>() {
                Some(io) => problems.extend(io.problems()),
                None => problems.push(format!("{e:#}")),
            },
        }
    }
    print(&report)?;
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    for p in &problems {
        writeln!(err, "{p}")?;
    }
    Ok(ExitCode::from(2))
}

/// Whether a file says it is a scenario (`"format": "railshed-scenario/..."`).
fn is_scenario(path: &std::path::Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Head {
        format: String,
    }
    let Ok(bytes) = std::fs::read(path) else { return false };
    match serde_json::from_slice::<Head>(&bytes) {
        Ok(h) => h.format.starts_with("railshed-scenario/"),
        // Malformed JSON: go by what it says it is.
        Err(_) => String::from_utf8_lossy(&bytes).contains("\"railshed-scenario/"),
    }
}
