//! Loading scenarios by name or path, and building their networks.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use railshed_core::Network;
use railshed_io::Date;
use railshed_io::embedded::{self, Embedded};
use railshed_io::network::Parsed;
use railshed_io::scenario::{self, Base, Files, Scenario, ScenarioSource};
use railshed_io::timetable::{self, ImportSettings, Imported};

use crate::error::{Error, Result};

/// Loads scenarios (files on disk, or the shipped ones by name) and the
/// networks they start from, keeping the text of every file it reads so
/// that provenance hashes the bytes the run used, read once.
pub struct Loader {
    schemes: Vec<Parsed>,
    /// Where scenario files, overlay files and base network files are
    /// read from (the file system unless told otherwise).
    files: Box<dyn ScenarioSource>,
    /// Every text file read, by the name it was read as.
    read: RefCell<BTreeMap<String, String>>,
    /// The SHA-256 of every timetable imported, by the name it was read as,
    /// made by the import from the bytes it read.
    imported: RefCell<BTreeMap<String, String>>,
    /// The embedded network, parsed once.
    default: OnceCell<Network>,
}

/// A [`ScenarioSource`] that records what it reads in the loader.
struct Recording<'a> {
    inner: &'a dyn ScenarioSource,
    loader: &'a Loader,
}

impl ScenarioSource for Recording<'_> {
    fn read(&self, path: &Path) -> Result<String, railshed_io::Error> {
        let text = self.inner.read(path)?;
        self.loader.read.borrow_mut().insert(path.display().to_string(), text.clone());
        Ok(text)
    }
}

impl Loader {
    /// A loader of files on disk, with the embedded schemes.
    pub fn new() -> Result<Loader> {
        Loader::with_files(Box::new(Files))
    }

    /// A loader reading scenario, overlay and network files from `files`
    /// (a test harness, an in-memory store) rather than the file system.
    pub fn with_files(files: Box<dyn ScenarioSource>) -> Result<Loader> {
        Ok(Loader {
            schemes: embedded::schemes()?,
            files,
            read: RefCell::default(),
            imported: RefCell::default(),
            default: OnceCell::new(),
        })
    }

    /// The embedded schemes, which scenarios name by `add_overlay {scheme}`.
    pub fn schemes(&self) -> &[Parsed] {
        &self.schemes
    }

    /// The text of a file read so far, by the name it was read as.
    pub fn text(&self, name: &str) -> Option<String> {
        self.read.borrow().get(name).cloned()
    }

    /// The SHA-256 (lower-case hex) of a timetable imported so far, by the
    /// name it was read as: made as it was read ([`Imported::sha256`]).
    pub fn timetable_sha256(&self, name: &str) -> Option<String> {
        self.imported.borrow().get(name).cloned()
    }

    /// Loads a scenario named by a path, or by the name of a shipped
    /// scenario (`npr-tfn` or `scenarios/npr-tfn.json` when no such file
    /// is on disk), for use with the embedded hubs: its network-effect
    /// cities must be among them.
    pub fn scenario(&self, name: &str) -> Result<Scenario> {
        let s = self.scenario_unchecked(name)?;
        let (_, _, hubs) = railshed_io::zones::embedded()?;
        railshed_io::scenario::check_cities(&s.file, &s.settings, &hubs)?;
        Ok(s)
    }

    /// Loads a scenario as [`Loader::scenario`] does, leaving its
    /// network-effect cities for the caller to check against the hubs it
    /// uses ([`railshed_io::scenario::check_cities`]).
    pub fn scenario_unchecked(&self, name: &str) -> Result<Scenario> {
        let (path, embedded) = self.find(name)?;
        if embedded {
            self.scenario_from(&path, &Embedded)
        } else {
            self.scenario_from(&path, self.files.as_ref())
        }
    }

    /// Where the scenario `name` is: its path, and whether it is a shipped
    /// (embedded) one rather than a file.
    fn find(&self, name: &str) -> Result<(PathBuf, bool)> {
        let path = Path::new(name);
        if self.files.exists(path) {
            return Ok((path.to_owned(), false));
        }
        let embedded_path =
            if name.ends_with(".json") { name.to_owned() } else { format!("scenarios/{name}.json") };
        if embedded::SCENARIOS.iter().any(|s| s.file == embedded_path) {
            return Ok((PathBuf::from(embedded_path), true));
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
        Err(Error::bad_input(format!("{name}: no such file or shipped scenario ({hint})")))
    }

    /// Checks the scenario `name` (as [`Loader::scenario`] finds it) and
    /// reports every problem it can rather than the first: those of its
    /// base, each modification and each setting, each network-effect city
    /// not among the embedded hubs, and each modification that does not
    /// apply to its network (each skipped, so that one bad modification
    /// does not hide the next). What `validate` reports.
    ///
    /// The network is the scenario's, when its base could be built. The
    /// error is for what stops the check: a file that cannot be read or
    /// parsed, an `extends` chain that cannot be followed.
    pub fn check(&self, name: &str) -> Result<(scenario::Checked, Option<Network>)> {
        let (path, embedded) = self.find(name)?;
        let source: &dyn ScenarioSource = if embedded { &Embedded } else { self.files.as_ref() };
        let recording = Recording { inner: source, loader: self };
        let mut checked = scenario::check(&path, &recording, &self.schemes)?;
        let (_, _, hubs) = railshed_io::zones::embedded()?;
        let s = &checked.scenario;
        if let Err(railshed_io::Error::Invalid { problems }) =
            railshed_io::scenario::check_cities(&s.file, &s.settings, &hubs)
        {
            checked.problems.extend(problems);
        }
        if checked.applicable == 0 && checked.problems.iter().any(|p| p.location.starts_with("$.base")) {
            return Ok((checked, None));
        }
        let mut net = match self.base_network(s) {
            Ok(net) => net,
            Err(Error::Io(railshed_io::Error::Invalid { problems })) => {
                checked.problems.extend(problems);
                return Ok((checked, None));
            }
            Err(e) => return Err(e),
        };
        let mut problems = Vec::new();
        for step in &s.steps[..checked.applicable] {
            if let Err(e) = step.modification.apply(&mut net)
                && let railshed_io::Error::Invalid { problems: p } = step.error(&e)
            {
                problems.extend(p);
            }
        }
        // In the order of the file: a modification's problems where it is.
        checked.problems.extend(problems);
        checked.problems.sort_by_key(|p| order(&s.steps, p));
        Ok((checked, Some(net)))
    }

    /// Loads the scenario at `path` from `source` (files or the embedded ones).
    pub fn scenario_from(&self, path: &Path, source: &dyn ScenarioSource) -> Result<Scenario> {
        let recording = Recording { inner: source, loader: self };
        Ok(scenario::load(path, &recording, &self.schemes)?)
    }

    /// The network of a scenario's base.
    pub fn base_network(&self, s: &Scenario) -> Result<Network> {
        Ok(match &s.base {
            Base::Default => {
                if self.default.get().is_none() {
                    let _ = self.default.set(embedded::default_network()?);
                }
                self.default.get().expect("set above").clone()
            }
            Base::Network(path) => {
                let name = path.display().to_string();
                let text = self.files.read(path)?;
                let parsed = railshed_io::network::parse(&name, &text)?;
                self.read.borrow_mut().insert(name, text);
                parsed.to_network()?
            }
            Base::Timetable { path, date } => {
                let date = Date::parse_iso(date).ok_or_else(|| {
                    Error::bad_input(format!(
                        "{}: timetable date {date:?} is not a date YYYY-MM-DD",
                        path.display()
                    ))
                })?;
                let imported = import_timetable(path, date, None)?;
                self.imported.borrow_mut().insert(path.display().to_string(), imported.sha256);
                imported.network
            }
        })
    }

    /// The scenario's network: its base with every modification applied.
    pub fn network(&self, s: &Scenario) -> Result<Network> {
        let mut net = self.base_network(s)?;
        apply(s, &mut net, 0)?;
        Ok(net)
    }
}

/// Where a problem of a scenario comes, to list them in the order of the
/// files: the base, then each modification by its index (in the chain's
/// order), then the settings. Sorting by it is stable, so problems at the
/// same place keep their order.
fn order(steps: &[scenario::Step], p: &railshed_io::Problem) -> (u8, usize, usize) {
    let index = |loc: &str| -> Option<usize> {
        loc.strip_prefix("$.modifications[")?.split(']').next()?.parse().ok()
    };
    if p.location.starts_with("$.base") || p.location.starts_with("$.extends") {
        return (0, 0, 0);
    }
    match index(&p.location) {
        Some(i) => {
            // The chain's files in order: where this file's steps start.
            let file = steps.iter().position(|s| s.file == p.file).unwrap_or(steps.len());
            (1, file, i)
        }
        None => (2, 0, 0),
    }
}

/// Imports a GTFS feed or CIF archive for `date`, with this minimum change
/// time at stations whose data states none (default: RDG's 5 minutes).
pub fn import_timetable(path: &Path, date: Date, default_change_min: Option<u32>) -> Result<Imported> {
    let mut settings = ImportSettings::new(date);
    if let Some(min) = default_change_min {
        settings.default_change_secs = min.saturating_mul(60);
    }
    Ok(timetable::import(path, &settings)?)
}

/// Applies the scenario's modifications from `from` on (0: all of them) to `net`.
pub fn apply(s: &Scenario, net: &mut Network, from: usize) -> Result<()> {
    for step in &s.steps[from..] {
        step.modification.apply(net).map_err(|e| step.error(&e))?;
    }
    Ok(())
}

/// Scenario networks, built once each: a scenario whose parent (or base)
/// was built already starts from it, so nothing that did not change is
/// rebuilt.
#[derive(Default)]
pub struct Networks {
    /// Keyed by the base and the places of the steps applied.
    built: HashMap<String, Network>,
}

impl Networks {
    fn key(s: &Scenario, steps: usize) -> String {
        let mut k = format!("{:?}", s.base);
        for step in &s.steps[..steps] {
            let _ = write!(k, "|{}#{}", step.file, step.path);
        }
        k
    }

    /// The network of the first `steps` steps of `s` (all of them:
    /// `s.steps.len()`), from the longest prefix built so far.
    pub fn build_prefix(&mut self, loader: &Loader, s: &Scenario, steps: usize) -> Result<Network> {
        let full = Self::key(s, steps);
        if let Some(net) = self.built.get(&full) {
            return Ok(net.clone());
        }
        // The longest prefix built so far: the parent's network, or the base.
        let start = [s.inherited_steps.min(steps), 0]
            .into_iter()
            .find(|&k| self.built.contains_key(&Self::key(s, k)));
        let (mut net, from) = match start {
            Some(k) => (self.built[&Self::key(s, k)].clone(), k),
            None => {
                let base = loader.base_network(s)?;
                self.built.insert(Self::key(s, 0), base.clone());
                (base, 0)
            }
        };
        for step in &s.steps[from..steps] {
            step.modification.apply(&mut net).map_err(|e| step.error(&e))?;
        }
        self.built.insert(full, net.clone());
        Ok(net)
    }

    /// The scenario's network.
    pub fn build(&mut self, loader: &Loader, s: &Scenario) -> Result<Network> {
        self.build_prefix(loader, s, s.steps.len())
    }
}
