//! The default network of the North and its scheme overlays, embedded in the
//! binary so railshed works with no files on disk.

use railshed_core::Network;

use crate::Error;
use crate::network::{Kind, Parsed, parse};

/// An embedded file: the path it has in the repository, and its text.
#[derive(Copy, Clone, Debug)]
pub struct EmbeddedFile {
    /// Path in the repository, used in messages.
    pub file: &'static str,
    /// Contents.
    pub text: &'static str,
}

macro_rules! embed {
    ($path:literal) => {
        EmbeddedFile { file: $path, text: include_str!(concat!("../../../", $path)) }
    };
}

/// The default network: today's principal services in the North.
pub const NETWORK: EmbeddedFile = embed!("networks/north.json");

/// Documented sets of hubs for the network effect (`railshed-centre-sets/1`,
/// read by [`crate::centres`]).
pub const CENTRE_SETS: EmbeddedFile = embed!("networks/centre_sets.json");

/// The scheme overlays, in the order they are listed.
pub const SCHEMES: &[EmbeddedFile] = &[
    embed!("networks/schemes/hs2-phase1.json"),
    embed!("networks/schemes/hs2-phase2a.json"),
    embed!("networks/schemes/hs2-phase2b-west.json"),
    embed!("networks/schemes/hs2-phase2b-east.json"),
    embed!("networks/schemes/npr-irp.json"),
    embed!("networks/schemes/npr-tfn.json"),
    embed!("networks/schemes/lm-2026.json"),
    embed!("networks/schemes/tru.json"),
];

/// The shipped scenarios, in the order they are listed.
pub const SCENARIOS: &[EmbeddedFile] = &[
    embed!("scenarios/today.json"),
    embed!("scenarios/hs2-phase1.json"),
    embed!("scenarios/hs2-full.json"),
    embed!("scenarios/npr-irp.json"),
    embed!("scenarios/npr-tfn.json"),
    embed!("scenarios/lm-2026.json"),
    embed!("scenarios/tru.json"),
    embed!("scenarios/hs2-npr-tru.json"),
];

/// The scenarios of the flagship comparison: today, HS2 (full), NPR (TfN
/// full network), and HS2 + NPR + TRU.
pub const FLAGSHIP: &[&str] = &[
    "scenarios/today.json",
    "scenarios/hs2-full.json",
    "scenarios/npr-tfn.json",
    "scenarios/hs2-npr-tru.json",
];

/// The embedded files (network, schemes, scenarios) as a
/// [`crate::scenario::ScenarioSource`], by their paths in the repository.
pub struct Embedded;

impl crate::scenario::ScenarioSource for Embedded {
    fn read(&self, path: &std::path::Path) -> Result<String, Error> {
        let want = path.to_string_lossy().replace('\\', "/");
        let want = want.trim_start_matches("./");
        std::iter::once(&NETWORK)
            .chain(SCHEMES)
            .chain(SCENARIOS)
            .find(|s| s.file == want)
            .map(|s| s.text.to_owned())
            .ok_or_else(|| Error::invalid(want, "", "", "no such embedded file"))
    }
}

/// The default network.
pub fn default_network() -> Result<Network, Error> {
    parse(NETWORK.file, NETWORK.text)?.to_network()
}

/// Every embedded scheme overlay, parsed.
pub fn schemes() -> Result<Vec<Parsed>, Error> {
    SCHEMES.iter().map(|s| parse(s.file, s.text)).collect()
}

/// Applies the named overlays to `net`, each after the overlays it
/// requires (found among `available` by scheme tag), each once.
pub fn apply_schemes(net: &mut Network, names: &[&str], available: &[Parsed]) -> Result<(), Error> {
    fn visit<'a>(
        name: &str,
        available: &'a [Parsed],
        net: &Network,
        stack: &mut Vec<String>,
        order: &mut Vec<&'a Parsed>,
    ) -> Result<(), Error> {
        if net.tag_named(name).is_some() || order.iter().any(|p| p.scheme() == Some(name)) {
            return Ok(());
        }
        let Some(parsed) = available.iter().find(|p| p.kind == Kind::Overlay && p.scheme() == Some(name))
        else {
            let known: Vec<&str> = available.iter().filter_map(Parsed::scheme).collect();
            return Err(Error::invalid(
                "",
                "",
                format!("scheme {name:?}"),
                format!("unknown scheme (known: {})", known.join(", ")),
            ));
        };
        if stack.iter().any(|s| s == name) {
            // Named where the requirement closing the cycle is written: in
            // the overlay last on the stack.
            let names: Vec<&str> = stack.iter().map(String::as_str).collect();
            let last = available.iter().find(|p| p.scheme() == names.last().copied());
            let (file, at) = last.map_or((String::new(), String::new()), |p| {
                let i = p.overlay.requires.iter().position(|r| r == name).unwrap_or(0);
                (p.file().to_owned(), format!("$.requires[{i}]"))
            });
            return Err(Error::invalid(
                file,
                at,
                format!("scheme {name:?}"),
                format!("schemes require each other in a cycle: {} → {name}", names.join(" → ")),
            ));
        }
        stack.push(name.to_owned());
        for req in &parsed.overlay.requires {
            visit(req, available, net, stack, order)?;
        }
        stack.pop();
        order.push(parsed);
        Ok(())
    }
    let mut order = Vec::new();
    for name in names {
        visit(name, available, net, &mut Vec::new(), &mut order)?;
    }
    for parsed in order {
        parsed.apply_to(net)?;
    }
    Ok(())
}

/// Applies a parsed overlay to `net` after the schemes it requires (found
/// among `available`); a requirement that names no known scheme is reported
/// at its place in the overlay's file.
pub fn apply_overlay(net: &mut Network, parsed: &Parsed, available: &[Parsed]) -> Result<(), Error> {
    for (i, name) in parsed.overlay.requires.iter().enumerate() {
        if net.tag_named(name).is_some() {
            continue;
        }
        if !available.iter().any(|p| p.scheme() == Some(name.as_str())) {
            let known: Vec<&str> = available.iter().filter_map(Parsed::scheme).collect();
            return Err(Error::invalid(
                parsed.file(),
                format!("$.requires[{i}]"),
                format!("overlay {:?}", parsed.overlay.name),
                format!("requires unknown scheme {name:?} (known: {})", known.join(", ")),
            ));
        }
        apply_schemes(net, &[name.as_str()], available)?;
    }
    parsed.apply_to(net)
}
