//! Loading scenarios and building their networks.

use std::path::Path;

use anyhow::Result;
use railshed_core::Network;
use railshed_io::embedded::{self, Embedded};
use railshed_io::network::Parsed;
use railshed_io::scenario::{self, Base, Files, Scenario};

use crate::input::parse_path;
use crate::output::bad_input;

/// Loads a scenario named by a path, or by the name of a shipped scenario
/// (`npr-tfn` or `scenarios/npr-tfn.json` when no such file is on disk).
pub(crate) fn load(name: &str, schemes: &[Parsed]) -> Result<Scenario> {
    let path = Path::new(name);
    if path.exists() {
        return Ok(scenario::load(path, &Files, schemes)?);
    }
    let embedded_path =
        if name.ends_with(".json") { name.to_owned() } else { format!("scenarios/{name}.json") };
    if embedded::SCENARIOS.iter().any(|s| s.file == embedded_path) {
        return Ok(scenario::load(Path::new(&embedded_path), &Embedded, schemes)?);
    }
    let known: Vec<&str> = embedded::SCENARIOS
        .iter()
        .map(|s| s.file.trim_start_matches("scenarios/").trim_end_matches(".json"))
        .collect();
    let stem = name.trim_start_matches("scenarios/").trim_end_matches(".json");
    let close = railshed_core::closest(stem, known.iter().copied());
    let hint = if close.is_empty() {
        format!("shipped: {}", known.join(", "))
    } else {
        format!("did you mean {}?", close.join(", "))
    };
    Err(bad_input(format!("{name}: no such file or shipped scenario ({hint})")))
}

/// The network of a scenario's base.
pub(crate) fn base_network(s: &Scenario) -> Result<Network> {
    Ok(match &s.base {
        Base::Default => embedded::default_network()?,
        Base::Network(path) => parse_path(path)?.to_network()?,
        Base::Timetable { path, date } => crate::input::timetable_network(path, date)?,
    })
}

/// Applies the scenario's modifications from `from` on (0: all of them) to `net`.
pub(crate) fn apply(s: &Scenario, net: &mut Network, from: usize) -> Result<()> {
    for step in &s.steps[from..] {
        step.modification.apply(net).map_err(|e| step.error(&e))?;
    }
    Ok(())
}

/// The scenario's network: its base with every modification applied.
pub(crate) fn network(s: &Scenario) -> Result<Network> {
    let mut net = base_network(s)?;
    apply(s, &mut net, 0)?;
    Ok(net)
}
