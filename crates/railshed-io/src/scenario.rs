//! The scenario file format (`railshed-scenario/1`) and the result format.
//!
//! Documented for users in `scenarios/README.md`. A scenario names a base
//! (the embedded default network, a network file, or an imported
//! timetable), optionally a parent scenario it extends, an ordered list of
//! modifications, and settings for the indicators. Paths are relative to
//! the file that holds them.

use std::path::{Path, PathBuf};

use railshed_core::{Anchor, TimeSpan};
use railshed_scenario::hubs::HubDef;
use railshed_scenario::modify::Modification;
use railshed_scenario::settings::Settings;
use serde::Deserialize;

use crate::network::{
    AtPath, Kind, LineJson, Parsed, StationJson, ValueError, from_json, line_from_json, minutes, parse,
    station_from_json, time,
};
use crate::settings::SettingsJson;
use crate::stations::StationTable;
use crate::{Error, Problem};

/// The format string of scenario files.
pub const SCENARIO_FORMAT: &str = "railshed-scenario/1";

/// How deep `extends` may nest: a scenario and up to 32 ancestors.
const MAX_DEPTH: usize = 32;

/// How many modifications a scenario may make, its parents' included.
pub const MAX_MODIFICATIONS: usize = 1_000;

/// A scenario file as serde sees it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioJson {
    format: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    base: Option<BaseJson>,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    modifications: Vec<ModJson>,
    #[serde(default)]
    settings: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum BaseJson {
    /// `"default"`: the embedded network of the North.
    Named(String),
    /// `{"network": "file.json"}` or `{"timetable": "feed.zip", "date": "2020-03-21"}`.
    File(BaseFileJson),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseFileJson {
    #[serde(default)]
    network: Option<String>,
    #[serde(default)]
    timetable: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ModJson {
    AddOverlay {
        #[serde(default)]
        scheme: Option<String>,
        #[serde(default)]
        file: Option<String>,
        #[serde(default)]
        anchor: Option<String>,
    },
    AddLine {
        line: Box<LineJson>,
    },
    RemoveLine {
        line: String,
    },
    RemoveTrips {
        line: String,
        from: String,
        to: String,
    },
    ChangeFrequency {
        line: String,
        tph: f64,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        to: Option<String>,
    },
    ChangeRunningTimes {
        line: String,
        #[serde(default)]
        factor: Option<f64>,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        to: Option<String>,
        #[serde(default)]
        run_min: Option<Vec<f64>>,
    },
    ChangeDwell {
        line: String,
        dwell_min: f64,
        #[serde(default)]
        stations: Option<Vec<String>>,
    },
    AddStation {
        station: StationJson,
        between: [String; 2],
        #[serde(default)]
        lines: Vec<String>,
        #[serde(default = "one")]
        dwell_min: f64,
        #[serde(default = "one")]
        stop_penalty_min: f64,
    },
    CloseStation {
        station: String,
    },
}

fn one() -> f64 {
    1.0
}

/// What a scenario starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The embedded default network.
    Default,
    /// A network file.
    Network(PathBuf),
    /// An imported timetable for a date.
    Timetable {
        /// GTFS zip or folder, or CIF zip.
        path: PathBuf,
        /// `YYYY-MM-DD`.
        date: String,
    },
}

/// One modification, with where it was written.
#[derive(Debug, Clone)]
pub struct Step {
    /// The scenario file.
    pub file: String,
    /// JSON path in it.
    pub path: String,
    /// The modification.
    pub modification: Modification,
}

impl Step {
    /// A problem applying this step, located.
    pub fn error(&self, e: &railshed_scenario::modify::ModifyError) -> Error {
        Error::Invalid {
            problems: vec![Problem {
                file: self.file.clone(),
                location: self.path.clone(),
                object: e.object.clone(),
                message: e.message.clone(),
            }],
        }
    }
}

/// A scenario with its parents resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name for people.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The file it came from.
    pub file: String,
    /// The names of its ancestors, root first, then its own.
    pub lineage: Vec<String>,
    /// The file of the scenario it extends, if any.
    pub parent: Option<String>,
    /// The overlay files its chain names by `add_overlay {file}`, in order.
    pub overlays: Vec<String>,
    /// What it starts from.
    pub base: Base,
    /// Its parents' modifications, then its own, in order.
    pub steps: Vec<Step>,
    /// The number of `steps` that come from its parents.
    pub inherited_steps: usize,
    /// Indicator settings (its parents' with its own on top).
    pub settings: Settings,
}

/// Where scenario files and the files they name are read from.
pub trait ScenarioSource {
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> Result<String, Error>;

    /// Whether there is a file at `path` (by default: whether it reads).
    fn exists(&self, path: &Path) -> bool {
        self.read(path).is_ok()
    }
}

/// The file system.
pub struct Files;

impl ScenarioSource for Files {
    fn read(&self, path: &Path) -> Result<String, Error> {
        crate::read_text(path)
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// Checks that the network-effect cities of a scenario's settings are
/// among `hubs` (the hubs it is evaluated with); `file` is the scenario's.
pub fn check_cities(file: &str, settings: &Settings, hubs: &[HubDef]) -> Result<(), Error> {
    let mut problems = Vec::new();
    let named = settings.names_definitions();
    for (k, def) in settings.definitions().iter().enumerate() {
        for (i, city) in def.cities.iter().enumerate() {
            if hubs.iter().any(|h| &h.id == city) {
                continue;
            }
            let known: Vec<&str> = hubs.iter().map(|h| h.id.as_str()).collect();
            let close = railshed_core::closest(city, known.iter().copied());
            let hint = if close.is_empty() {
                format!("known: {}", known.join(", "))
            } else {
                format!("did you mean {}?", close.join(", "))
            };
            let place = if named { format!("network_effects[{k}]") } else { "network_effect".to_owned() };
            problems.push(Problem {
                file: file.to_owned(),
                location: format!("$.settings.{place}.cities[{i}]"),
                object: format!("hub {city:?}"),
                message: format!("unknown hub ({hint})"),
            });
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid { problems }) }
}

/// Reads a scenario file and its parents. Overlays named by scheme are
/// found in `schemes`, with the schemes they require. The network-effect
/// cities are not checked here, as the hubs are not known yet: see
/// [`check_cities`]. The error lists every problem [`check`] finds.
pub fn load(path: &Path, source: &dyn ScenarioSource, schemes: &[Parsed]) -> Result<Scenario, Error> {
    let checked = check(path, source, schemes)?;
    if checked.problems.is_empty() {
        Ok(checked.scenario)
    } else {
        Err(Error::Invalid { problems: checked.problems })
    }
}

/// A scenario read as far as it could be, with every problem found reading
/// it: what `validate` reports.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The scenario, with the modifications that could be read (and the
    /// default settings if its settings are invalid).
    pub scenario: Scenario,
    /// Every problem found: the base, each modification, each setting.
    pub problems: Vec<Problem>,
    /// How many of the scenario's steps can be applied to check them too:
    /// all of them, unless its base or an overlay could not be read, when
    /// the steps after it might fail only for that (none, for the base).
    pub applicable: usize,
}

/// Reads a scenario file and its parents as [`load`] does, but reports
/// every problem of the base, the modifications and the settings, rather
/// than stopping at the first. A file that cannot be read or parsed, a
/// wrong format, an `extends` cycle or chain too deep, or too many
/// modifications stop it (the error).
pub fn check(path: &Path, source: &dyn ScenarioSource, schemes: &[Parsed]) -> Result<Checked, Error> {
    let mut chain: Vec<(PathBuf, ScenarioJson)> = Vec::new();
    let mut next = Some(path.to_owned());
    while let Some(p) = next.take() {
        let file = p.display().to_string();
        if let Some(i) = chain.iter().position(|(q, _)| *q == p) {
            let cycle: Vec<String> =
                chain[i..].iter().map(|(q, _)| q.display().to_string()).chain([file]).collect();
            return Err(Error::invalid(
                chain[i].0.display().to_string(),
                "$.extends",
                "",
                format!("scenarios extend each other in a cycle: {}", cycle.join(" → ")),
            ));
        }
        crate::error::extends_depth(chain.last().map(|(q, _)| q.as_path()), chain.len(), MAX_DEPTH)?;
        let text = match source.read(&p) {
            Ok(t) => t,
            // A parent that cannot be read is reported where it is named.
            Err(e) if !chain.is_empty() => {
                let (child, _) = chain.last().expect("not empty");
                return Err(Error::invalid(child.display().to_string(), "$.extends", "", e.to_string()));
            }
            Err(e) => return Err(e),
        };
        let json: ScenarioJson = from_json(&file, &text)?;
        if json.format != SCENARIO_FORMAT {
            return Err(Error::invalid(
                file,
                "$.format",
                "",
                format!("unknown format {:?} (expected {SCENARIO_FORMAT:?})", json.format),
            ));
        }
        match (&json.extends, &json.base) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    file,
                    "$.base",
                    "",
                    "a scenario that extends another takes its base",
                ));
            }
            (Some(parent), None) => next = Some(relative(&p, parent)),
            _ => {}
        }
        chain.push((p, json));
    }
    chain.reverse();

    let (root_path, root) = &chain[0];
    let mut problems: Vec<Problem> = Vec::new();
    let mut applicable = None;
    let base = match base_of(root_path, root) {
        Ok(base) => base,
        Err(Error::Invalid { problems: p }) => {
            problems.extend(p);
            applicable = Some(0);
            Base::Default
        }
        Err(e) => return Err(e),
    };
    let mut steps = Vec::new();
    let mut settings = serde_json::Value::Object(Default::default());
    let mut inherited_steps = 0;
    let mut modifications = 0;
    let mut overlays = Vec::new();
    for (k, (p, json)) in chain.iter().enumerate() {
        if k + 1 == chain.len() {
            inherited_steps = steps.len();
        }
        let file = p.display().to_string();
        if modifications + json.modifications.len() > MAX_MODIFICATIONS {
            return Err(Error::invalid(
                &file,
                format!("$.modifications[{}]", MAX_MODIFICATIONS - modifications),
                "",
                format!(
                    "more than {} modifications (its parents' included), the limit",
                    railshed_core::limits::thousands(MAX_MODIFICATIONS)
                ),
            ));
        }
        modifications += json.modifications.len();
        for (i, m) in json.modifications.iter().enumerate() {
            let at = format!("$.modifications[{i}]");
            if let ModJson::AddOverlay { file: Some(f), scheme: None, .. } = m {
                overlays.push(relative(p, f).display().to_string());
            }
            match modification(p, m, source, schemes) {
                Ok(mods) => steps.extend(mods.into_iter().map(|modification| Step {
                    file: file.clone(),
                    path: at.clone(),
                    modification,
                })),
                // Every modification is read, so that every problem is reported.
                Err(ModAt { path: sub, error }) => {
                    let msg = error.to_string();
                    if matches!(m, ModJson::AddOverlay { .. }) {
                        applicable.get_or_insert(steps.len());
                    }
                    // The object, unless the message names it already.
                    let object = object(m);
                    let named = object.split_once(' ').is_some_and(|(_, id)| msg.contains(id));
                    problems.push(Problem {
                        file: file.clone(),
                        location: format!("{at}{sub}"),
                        object: if named { String::new() } else { object },
                        message: msg,
                    });
                }
            }
        }
        if let Some(s) = &json.settings {
            merge(&mut settings, s);
        }
    }
    let (leaf_path, leaf) = chain.last().expect("not empty");
    let file = leaf_path.display().to_string();
    let settings = settings_from(&file, settings, &mut problems);
    let applicable = applicable.unwrap_or(steps.len());
    let scenario = Scenario {
        name: leaf.name.clone(),
        description: leaf.description.clone(),
        file,
        lineage: chain.iter().map(|(_, j)| j.name.clone()).collect(),
        parent: chain.len().checked_sub(2).map(|i| chain[i].0.display().to_string()),
        overlays,
        base,
        steps,
        inherited_steps,
        settings,
    };
    Ok(Checked { scenario, problems, applicable })
}

/// Settings from their merged JSON, every problem added to `problems` as
/// `$.settings.…` of `file`. Settings that do not deserialize are left at
/// the defaults; those that do are kept even when out of range, so that the
/// cities are checked.
fn settings_from(file: &str, json: serde_json::Value, problems: &mut Vec<Problem>) -> Settings {
    // Settings that do not deserialize, or whose times do not parse, are
    // left at the defaults; those that do are kept even when out of range,
    // so that the cities are checked.
    let mut bad = |setting: String, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            location: format!("$.settings.{setting}"),
            object: String::new(),
            message,
        })
    };
    match serde_path_to_error::deserialize::<_, SettingsJson>(json) {
        Ok(json) => match json.to_settings() {
            Ok(settings) => {
                if let Err(e) = settings.check() {
                    e.problems.into_iter().for_each(|p| bad(p.setting, p.message));
                }
                settings
            }
            Err(e) => {
                e.problems.into_iter().for_each(|p| bad(p.setting, p.message));
                Settings::default()
            }
        },
        Err(e) => {
            bad(e.path().to_string(), e.inner().to_string());
            Settings::default()
        }
    }
}

/// `settings` with `top` on top, as a scenario's own `settings` go on top
/// of those of the scenario it extends: objects merged key by key, any
/// other value (a number, a list, a time) replaced. `top` is read and
/// checked as a scenario file's `settings` are, and its problems are
/// reported as those of a file named `origin` (for instance `settings`,
/// the argument that gave it): `settings: $.settings.percentile: ...`.
pub fn override_settings(
    origin: &str,
    settings: &Settings,
    top: &serde_json::Value,
) -> Result<Settings, Error> {
    if !top.is_object() {
        return Err(Error::invalid(origin, "$.settings", "", "expected an object of settings"));
    }
    let mut json = crate::settings::to_json(settings);
    merge(&mut json, top);
    let mut problems = Vec::new();
    let settings = settings_from(origin, json, &mut problems);
    if problems.is_empty() { Ok(settings) } else { Err(Error::Invalid { problems }) }
}

/// The object a modification is about, for messages: `line "x"`, `station "LDS"`.
fn object(m: &ModJson) -> String {
    match m {
        ModJson::AddOverlay { scheme: Some(s), .. } => format!("scheme {s:?}"),
        ModJson::AddOverlay { file: Some(f), .. } => format!("overlay {f:?}"),
        ModJson::AddOverlay { .. } => String::new(),
        ModJson::AddLine { line } => format!("line {:?}", line.id),
        ModJson::RemoveLine { line }
        | ModJson::RemoveTrips { line, .. }
        | ModJson::ChangeFrequency { line, .. }
        | ModJson::ChangeRunningTimes { line, .. }
        | ModJson::ChangeDwell { line, .. } => format!("line {line:?}"),
        ModJson::AddStation { station: StationJson::Ref(id), .. } => format!("station {id:?}"),
        ModJson::AddStation { station: StationJson::Inline(s), .. } => format!("station {:?}", s.id),
        ModJson::CloseStation { station } => format!("station {station:?}"),
    }
}

/// `name` relative to the folder of `file`.
pub(crate) fn relative(file: &Path, name: &str) -> PathBuf {
    let name = Path::new(name);
    if name.is_absolute() {
        return name.to_owned();
    }
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => name.to_owned(),
    }
}

/// Recursively overlays `top` on `base` (objects merge key by key; anything else replaces).
pub(crate) fn merge(base: &mut serde_json::Value, top: &serde_json::Value) {
    match (base, top) {
        (serde_json::Value::Object(b), serde_json::Value::Object(t)) => {
            for (k, v) in t {
                merge(b.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, t) => *b = t.clone(),
    }
}

fn base_of(path: &Path, json: &ScenarioJson) -> Result<Base, Error> {
    let file = path.display().to_string();
    let bad = |m: &str| Error::invalid(&file, "$.base", "", m.to_owned());
    match &json.base {
        None => Ok(Base::Default),
        Some(BaseJson::Named(n)) if n == "default" => Ok(Base::Default),
        Some(BaseJson::Named(n)) => Err(bad(&format!(
            "unknown base {n:?}: give \"default\", {{\"network\": FILE}} or {{\"timetable\": FILE, \"date\": DATE}}"
        ))),
        Some(BaseJson::File(f)) => match (&f.network, &f.timetable, &f.date) {
            (Some(n), None, None) => {
                let to = relative(path, n);
                exists(&file, "$.base.network", &to)?;
                Ok(Base::Network(to))
            }
            (None, Some(t), Some(d)) => {
                let to = relative(path, t);
                exists(&file, "$.base.timetable", &to)?;
                if crate::date::Date::parse_iso(d).is_none() {
                    return Err(Error::invalid(
                        &file,
                        "$.base.date",
                        "",
                        format!("{d:?} is not a date YYYY-MM-DD"),
                    ));
                }
                Ok(Base::Timetable { path: to, date: d.clone() })
            }
            (None, Some(_), None) => Err(bad("a timetable base needs its date")),
            _ => Err(bad("give either network, or timetable and date")),
        },
    }
}

/// Checks that the file or folder a scenario refers to at `at` is there.
fn exists(file: &str, at: &str, path: &Path) -> Result<(), Error> {
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::invalid(file, at, "", format!("{}: {e}", path.display()))),
    }
}

/// What is wrong with one modification of a scenario file. Where it is
/// (the JSON path below the modification) is a [`ModAt`]; the reader adds
/// the file and the object, as a [`Problem`].
#[derive(Debug, thiserror::Error)]
pub enum ModError {
    /// A value (a time, a number of minutes, a station) is wrong.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A window that ends before it starts.
    #[error("{to} is not after {from}")]
    Window {
        /// Its start, as written.
        from: String,
        /// Its end, as written.
        to: String,
    },
    /// A scheme that is not shipped.
    #[error("unknown scheme {name:?} (known: {known})")]
    UnknownScheme {
        /// The name given.
        name: String,
        /// The shipped schemes, comma-separated.
        known: String,
    },
    /// An overlay file that cannot be read or is wrong (the error names it).
    #[error(transparent)]
    File(Box<Error>),
    /// A network file given as an overlay.
    #[error("{0} is not an overlay")]
    NotOverlay(String),
    /// `add_overlay` with both or neither of scheme and file.
    #[error("add_overlay takes exactly one of scheme and file")]
    OverlayForms,
    /// An `anchor` other than `first` and `last`.
    #[error("anchor {0:?}: want \"first\" (the default) or \"last\"")]
    Anchor(String),
    /// `add_line` with `replaces`.
    #[error("use remove_line before add_line")]
    Replaces,
    /// Only one end of a window.
    #[error("give both from and to, or neither")]
    HalfWindow,
    /// A running time not above zero.
    #[error("running times must be positive")]
    RunningTime,
    /// `change_running_times` in no form or in both.
    #[error("give either factor, or from, to and run_min")]
    RunningTimesForms,
    /// A station neither in the embedded table nor given inline.
    #[error("unknown station {0:?}")]
    UnknownStation(String),
    /// A new station outside Great Britain.
    #[error("position is outside Great Britain")]
    OutsideGreatBritain,
    /// Schemes requiring each other.
    #[error("schemes require each other in a cycle at {0:?}")]
    SchemeCycle(String),
    /// An overlay requiring a scheme that is not shipped.
    #[error("{file}: requires unknown scheme {name:?}")]
    UnknownRequired {
        /// The overlay's file.
        file: String,
        /// The scheme it requires.
        name: String,
    },
}

/// A [`ModError`] at a JSON path below the modification (`.line.calls[2]`;
/// empty for the modification itself).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {error}")]
pub struct ModAt {
    /// The JSON path below the modification.
    pub path: String,
    /// What is wrong there.
    pub error: ModError,
}

impl ModAt {
    fn new(path: impl Into<String>, error: impl Into<ModError>) -> ModAt {
        ModAt { path: path.into(), error: error.into() }
    }
}

impl From<AtPath> for ModAt {
    fn from(e: AtPath) -> ModAt {
        ModAt::new(e.path, e.error)
    }
}

type Located<T> = Result<T, ModAt>;

fn window(from: &str, to: &str) -> Located<TimeSpan> {
    let (a, b) =
        (time(from).map_err(|e| ModAt::new(".from", e))?, time(to).map_err(|e| ModAt::new(".to", e))?);
    if b <= a {
        return Err(ModAt::new(".to", ModError::Window { from: from.to_owned(), to: to.to_owned() }));
    }
    Ok((a, b))
}

/// The modifications one entry of a scenario file makes (an overlay brings
/// the schemes it requires first).
fn modification(
    file: &Path,
    m: &ModJson,
    source: &dyn ScenarioSource,
    schemes: &[Parsed],
) -> Located<Vec<Modification>> {
    let secs = |v: f64, at: &str| minutes(v).map_err(|e| ModAt::new(at, e));
    Ok(vec![match m {
        ModJson::AddOverlay { scheme, file: path, anchor } => {
            let anchor = match anchor.as_deref() {
                None | Some("first") => Anchor::First,
                Some("last") => Anchor::Last,
                Some(other) => return Err(ModAt::new(".anchor", ModError::Anchor(other.to_owned()))),
            };
            let parsed = match (scheme, path) {
                (Some(name), None) => {
                    schemes.iter().find(|p| p.scheme() == Some(name.as_str())).cloned().ok_or_else(|| {
                        let known: Vec<&str> = schemes.iter().filter_map(Parsed::scheme).collect();
                        ModAt::new(
                            ".scheme",
                            ModError::UnknownScheme { name: name.clone(), known: known.join(", ") },
                        )
                    })?
                }
                (None, Some(p)) => {
                    let p = relative(file, p);
                    let file = |e| ModAt::new(".file", ModError::File(Box::new(e)));
                    let text = source.read(&p).map_err(file)?;
                    let parsed = parse(&p.display().to_string(), &text).map_err(file)?;
                    if parsed.kind != Kind::Overlay {
                        return Err(ModAt::new(".file", ModError::NotOverlay(p.display().to_string())));
                    }
                    parsed
                }
                _ => return Err(ModAt::new("", ModError::OverlayForms)),
            };
            let mut out = Vec::new();
            required(&parsed, schemes, &mut out, &mut Vec::new())?;
            out.push(Modification::AddOverlay { overlay: parsed.overlay.clone(), anchor });
            return Ok(out);
        }
        ModJson::AddLine { line } => {
            if !line.replaces.is_empty() {
                return Err(ModAt::new(".line.replaces", ModError::Replaces));
            }
            Modification::AddLine(
                line_from_json(line, "existing").map_err(|e| ModAt::from(e.under(".line")))?,
            )
        }
        ModJson::RemoveLine { line } => Modification::RemoveLine(line.clone()),
        ModJson::RemoveTrips { line, from, to } => {
            Modification::RemoveTrips { line: line.clone(), window: window(from, to)? }
        }
        ModJson::ChangeFrequency { line, tph, from, to } => Modification::ChangeFrequency {
            line: line.clone(),
            tph: *tph,
            window: match (from, to) {
                (Some(f), Some(t)) => Some(window(f, t)?),
                (None, None) => None,
                _ => return Err(ModAt::new("", ModError::HalfWindow)),
            },
        },
        ModJson::ChangeRunningTimes { line, factor, from, to, run_min } => {
            match (factor, from, to, run_min) {
                (Some(f), None, None, None) => {
                    Modification::ScaleRunningTimes { line: line.clone(), factor: *f }
                }
                (None, Some(from), Some(to), Some(run)) => {
                    let mut out = Vec::with_capacity(run.len());
                    for (j, &v) in run.iter().enumerate() {
                        if v <= 0.0 {
                            return Err(ModAt::new(format!(".run_min[{j}]"), ModError::RunningTime));
                        }
                        out.push(secs(v, &format!(".run_min[{j}]"))?);
                    }
                    Modification::SetSectionTimes {
                        line: line.clone(),
                        from: from.clone(),
                        to: to.clone(),
                        run: out,
                    }
                }
                _ => return Err(ModAt::new("", ModError::RunningTimesForms)),
            }
        }
        ModJson::ChangeDwell { line, dwell_min, stations } => Modification::SetDwell {
            line: line.clone(),
            dwell: secs(*dwell_min, ".dwell_min")?,
            stations: stations.clone(),
        },
        ModJson::AddStation { station, between, lines, dwell_min, stop_penalty_min } => {
            let station = match station {
                StationJson::Ref(crs) => StationTable::embedded()
                    .get(crs)
                    .cloned()
                    .ok_or_else(|| ModAt::new(".station", ModError::UnknownStation(crs.clone())))?,
                StationJson::Inline(s) => station_from_json(s).map_err(|e| ModAt::new(".station", e))?,
            };
            if !railshed_core::is_in_great_britain(station.pos) {
                return Err(ModAt::new(".station", ModError::OutsideGreatBritain));
            }
            Modification::AddStation {
                station,
                between: (between[0].clone(), between[1].clone()),
                lines: lines.clone(),
                dwell: secs(*dwell_min, ".dwell_min")?,
                stop_penalty: secs(*stop_penalty_min, ".stop_penalty_min")?,
            }
        }
        ModJson::CloseStation { station } => Modification::CloseStation(station.clone()),
    }])
}

/// The overlays `parsed` requires, in the order to apply them, each applied
/// only if its scheme is absent.
fn required(
    parsed: &Parsed,
    schemes: &[Parsed],
    out: &mut Vec<Modification>,
    stack: &mut Vec<String>,
) -> Located<()> {
    for name in &parsed.overlay.requires {
        if stack.contains(name) {
            return Err(ModAt::new("", ModError::SchemeCycle(name.clone())));
        }
        let Some(req) = schemes.iter().find(|p| p.scheme() == Some(name.as_str())) else {
            return Err(ModAt::new(
                "",
                ModError::UnknownRequired { file: parsed.file().to_owned(), name: name.clone() },
            ));
        };
        stack.push(name.clone());
        required(req, schemes, out, stack)?;
        stack.pop();
        if !out.iter().any(|m| matches!(m, Modification::RequireOverlay(o) if o.name == req.overlay.name)) {
            out.push(Modification::RequireOverlay(req.overlay.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_override_goes_on_top_of_the_settings_key_by_key() {
        let base = Settings { percentile: 40.0, ..Settings::default() };
        let top = json!({"thresholds_min": [50], "network_effect": {"n": 2}, "arrive_by": "08:30"});
        let s = override_settings("settings", &base, &top).unwrap();
        assert_eq!(s.thresholds_min, vec![50.0]);
        assert_eq!(s.network_effect.n, 2);
        // The rest of an object given in part is kept.
        assert_eq!(s.network_effect.cities, base.network_effect.cities);
        assert_eq!(s.arrive_by, railshed_core::Time::hms(8, 30, 0));
        assert_eq!(s.percentile, 40.0);
        assert_eq!(override_settings("settings", &base, &json!({})).unwrap(), base);
    }

    #[test]
    fn a_bad_override_is_reported_as_a_scenario_file_s_settings_are() {
        let base = Settings::default();
        let e = override_settings("settings", &base, &json!({"percentile": 140})).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("settings: $.settings.percentile: "), "{msg}");
        let e = override_settings("settings", &base, &json!({"thresholds": [30]})).unwrap_err();
        assert!(
            e.to_string().starts_with("settings: $.settings.thresholds: unknown field `thresholds`"),
            "{e}"
        );
        let e = override_settings("settings", &base, &json!({"jobs_minutes": "soon"})).unwrap_err();
        assert!(e.to_string().starts_with("settings: $.settings.jobs_minutes: "), "{e}");
        let e = override_settings("settings", &base, &json!([1])).unwrap_err();
        assert_eq!(e.to_string(), "settings: $.settings: expected an object of settings");
    }
}
