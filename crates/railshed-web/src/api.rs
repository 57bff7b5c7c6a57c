//! The JSON API: what a request body means, the comparisons it asks for,
//! and their answers.
//!
//! A `POST` body is a JSON object:
//!
//! ```json
//! {"scenarios": ["today", "npr-tfn"], "settings": {"measures": ["door-to-door"]}}
//! ```
//!
//! - `scenarios` (optional; none: the flagship comparison): at most
//!   [`MAX_SCENARIOS`], the first the reference, each one of
//!   - a string: the name of a shipped scenario (`npr-tfn`);
//!   - `{"name": "my.json", "text": "..."}`: an uploaded scenario file,
//!     read as `railshed compare my.json` reads it (its errors name
//!     `my.json`, with the file's lines);
//!   - any other object: a scenario document, read as a file named
//!     `scenario-N.json` (N its place in the list, from 1).
//!
//!   A scenario may extend an uploaded one by its name, or a shipped one
//!   as `scenarios/NAME.json`; it cannot name files on disk (a base
//!   network, an overlay file).
//! - `settings` (optional): `against` (`base`, the default, or `parent`),
//!   `measures` (a list of `door-to-door`, `station`, `gjt`) and `zones`
//!   (`north`, the default, or `england-wales`): the options of
//!   `railshed compare` of the same names.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use railshed::{Against, Loader, Measure, Outcome, Plan, Render, Request};
use railshed_io::embedded::{self, Embedded};
use railshed_io::scenario::ScenarioSource;
use serde_json::{Value, json};

use crate::Config;
use crate::cache::Lru;
use crate::permits::Permits;

/// The largest request body accepted, in bytes (1 MiB): larger ones
/// answer 413.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The most scenarios one request may compare.
pub const MAX_SCENARIOS: usize = 8;

/// An answer: status, type and body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    /// The file name to save the body as, for downloads.
    pub(crate) download: Option<&'static str>,
}

const JSON: &str = "application/json";

impl Answer {
    pub(crate) fn ok(content_type: &'static str, body: Vec<u8>) -> Answer {
        Answer { status: 200, content_type, body, download: None }
    }

    /// `{"error": message}` with this status.
    pub(crate) fn error(status: u16, message: &str) -> Answer {
        let body = serde_json::to_vec(&json!({ "error": message })).unwrap_or_default();
        Answer { status, content_type: JSON, body, download: None }
    }

    fn download(mut self, name: &'static str) -> Answer {
        self.download = Some(name);
        self
    }
}

/// What the server knows: the embedded data, the cache, the permits.
pub(crate) struct State {
    pub(crate) addr: SocketAddr,
    version: String,
    error_line: fn(&(dyn std::error::Error + 'static)) -> String,
    scenarios: Vec<u8>,
    /// The scenario files the server was started with, by name.
    served: BTreeMap<String, String>,
    map: Vec<u8>,
    cache: Lru<Entry>,
    permits: Permits,
    queue_wait: Duration,
}

/// A comparison's answers, kept in the cache.
struct Entry {
    /// As `railshed compare --format json` prints it.
    json: String,
    /// As `railshed compare --format csv` prints it.
    csv: String,
    /// Hub ids, in the order of `minutes`.
    hubs: Vec<String>,
    /// The hubs and where they are drawn.
    places: Value,
    /// Zones: longitude, latitude, population.
    zones: Vec<[f64; 3]>,
    /// Scenario names, the reference first.
    names: Vec<String>,
    /// The measures of the comparison, in its order.
    measures: Vec<Measure>,
    /// `minutes[measure][run][zone * hubs + hub]` under each of `measures`
    /// (NaN: not reached).
    minutes: Vec<Vec<Vec<f32>>>,
    /// The HTML report, once asked for.
    report: OnceLock<String>,
}

impl State {
    /// The embedded data and the files served, made ready: each file
    /// served is checked as `railshed compare FILE` checks it (against the
    /// other files served and the shipped scenarios).
    pub(crate) fn new(config: &Config) -> Result<State, crate::Error> {
        let loader = Loader::new()?;
        let mut scenarios = Vec::new();
        for file in embedded::SCENARIOS {
            let s = loader.scenario_from(Path::new(file.file), &Embedded)?;
            let name = file.file.trim_start_matches("scenarios/").trim_end_matches(".json");
            scenarios.push(json!({
                "name": name,
                "title": s.name,
                "description": s.description,
                "flagship": embedded::FLAGSHIP.contains(&file.file),
                "file": false,
            }));
        }
        let mut served = BTreeMap::new();
        for (name, text) in &config.files {
            if served.insert(name.clone(), text.clone()).is_some() {
                return Err(crate::Error::Served(railshed::Error::bad_input(format!("{name}: given twice"))));
            }
        }
        for name in served.keys() {
            let files = || Loader::with_files(Box::new(Uploads { files: served.clone() }));
            let plan =
                Plan::with_loader(&Request::new([name.as_str()]), files()?).map_err(crate::Error::Served)?;
            let s = plan.scenarios().last().ok_or_else(|| {
                crate::Error::Served(railshed::Error::bad_input(format!("{name}: no scenario")))
            })?;
            // Its network too: a modification that does not apply fails here, not on the first request.
            files()?.network(s).map_err(crate::Error::Served)?;
            scenarios.push(json!({
                "name": name,
                "title": s.name,
                "description": s.description,
                "flagship": false,
                "file": true,
            }));
        }
        let (zones, _, hubs) = railshed_io::zones::embedded().map_err(railshed::Error::from)?;
        let boundaries: Value = serde_json::from_str(railshed_io::boundaries::LTLA_GEOJSON.1)
            .map_err(|e| railshed::Error::bad_input(format!("embedded boundaries: {e}")))?;
        let map = json!({
            "boundaries": boundaries,
            "zones": zones.iter().map(|z| json!([round4(z.pos.x()), round4(z.pos.y()), z.population])).collect::<Vec<_>>(),
            "hubs": hubs.iter().map(|h| json!({"id": h.id, "name": h.name})).collect::<Vec<_>>(),
        });
        Ok(State {
            addr: config.bind,
            version: config.version.clone(),
            error_line: config.error_line,
            scenarios: serde_json::to_vec(&scenarios).unwrap_or_default(),
            served,
            map: serde_json::to_vec(&map).unwrap_or_default(),
            cache: Lru::new(config.cache_entries),
            permits: Permits::new(config.jobs),
            queue_wait: config.queue_wait,
        })
    }

    /// The same state, for the address bound.
    pub(crate) fn bound(self, addr: SocketAddr) -> State {
        State { addr, ..self }
    }

    /// `GET /api/scenarios`.
    pub(crate) fn scenarios(&self) -> Answer {
        Answer::ok(JSON, self.scenarios.clone())
    }

    /// `GET /api/map`.
    pub(crate) fn map(&self) -> Answer {
        Answer::ok(JSON, self.map.clone())
    }

    /// `POST /api/compare`.
    pub(crate) fn compare(&self, body: &[u8]) -> Answer {
        self.with_entry(body, false, |e| {
            Answer::ok(JSON, e.json.clone().into_bytes()).download("result.json")
        })
    }

    /// `POST /api/csv`.
    pub(crate) fn csv(&self, body: &[u8]) -> Answer {
        self.with_entry(body, false, |e| {
            Answer::ok("text/csv; charset=utf-8", e.csv.clone().into_bytes()).download("comparison.csv")
        })
    }

    /// `POST /api/report`.
    pub(crate) fn report(&self, body: &[u8]) -> Answer {
        self.with_entry(body, true, |e| {
            let html = e.report.get().cloned().unwrap_or_default();
            Answer::ok("text/html; charset=utf-8", html.into_bytes()).download("report.html")
        })
    }

    /// `POST /api/zone-times?hub=ID&measure=M`: under measure `M` (one of
    /// the comparison's), or the comparison's first measure without one.
    pub(crate) fn zone_times(&self, body: &[u8], hub: &str, measure: Option<&str>) -> Answer {
        self.with_entry(body, false, |e| {
            let Some(h) = e.hubs.iter().position(|id| id == hub) else {
                return Answer::error(
                    400,
                    &format!("hub {hub:?}: not a hub of this comparison (hubs: {})", e.hubs.join(", ")),
                );
            };
            let ids: Vec<&str> = e.measures.iter().map(|m| m.id()).collect();
            let m = match measure {
                None => 0,
                Some(asked) => match ids.iter().position(|id| *id == asked) {
                    Some(m) => m,
                    None => {
                        return Answer::error(
                            400,
                            &format!(
                                "measure {asked:?}: not a measure of this comparison (measures: {}; \
                                 settings.measures chooses them)",
                                ids.join(", ")
                            ),
                        );
                    }
                },
            };
            let n = e.hubs.len();
            let minutes: Vec<Vec<Value>> = e.minutes[m]
                .iter()
                .map(|run| {
                    (0..e.zones.len())
                        .map(|z| {
                            let m = run.get(z * n + h).copied().unwrap_or(f32::NAN);
                            if m.is_nan() { Value::Null } else { json!((f64::from(m) * 10.0).round() / 10.0) }
                        })
                        .collect()
                })
                .collect();
            let v = json!({
                "hub": hub,
                "measure": ids[m],
                "hubs": e.places,
                "scenarios": e.names,
                "zones": e.zones,
                "minutes": minutes,
            });
            Answer::ok(JSON, serde_json::to_vec(&v).unwrap_or_default())
        })
    }

    /// Answers from the cached comparison of `body`, computing it first
    /// (within a permit) if it is not cached, or has no report and one is
    /// wanted.
    fn with_entry(&self, body: &[u8], report: bool, answer: impl FnOnce(&Entry) -> Answer) -> Answer {
        match self.entry(body, report) {
            Ok(e) => answer(&e),
            Err(a) => a,
        }
    }

    fn entry(&self, body: &[u8], report: bool) -> Result<Arc<Entry>, Answer> {
        let asked = parse(body)?;
        let ready = |e: &Arc<Entry>| !report || e.report.get().is_some();
        if let Some(e) = self.cache.get(&asked.key).filter(ready) {
            return Ok(e);
        }
        let _permit = self.permits.acquire(self.queue_wait).ok_or_else(|| {
            Answer::error(503, "busy: every computation permit is in use; try again in a moment")
        })?;
        let cached = self.cache.get(&asked.key);
        if let Some(e) = cached.clone().filter(ready) {
            return Ok(e);
        }
        let outcome = self.run(&asked)?;
        let entry = match cached {
            Some(e) => e,
            None => Arc::new(self.entry_of(&outcome)?),
        };
        if report {
            let rendered = outcome.render(Render { html: true, figures: false }, &self.version);
            let html = rendered.map_err(|e| self.failure(&e))?.html.unwrap_or_default();
            let _ = entry.report.set(html);
        }
        self.cache.insert(asked.key, Arc::clone(&entry));
        Ok(entry)
    }

    /// Runs the comparison asked for.
    fn run(&self, asked: &Asked) -> Result<Outcome, Answer> {
        let mut files = self.served.clone();
        for (name, text) in &asked.files {
            if files.insert(name.clone(), text.clone()).is_some() {
                return Err(Answer::error(
                    400,
                    &format!(
                        "{name}: the name of a file railshed serve was started with; upload it under another name"
                    ),
                ));
            }
        }
        let uploads = Uploads { files };
        let loader = Loader::with_files(Box::new(uploads)).map_err(|e| self.failure(&e))?;
        let request = Request {
            scenarios: asked.names.clone(),
            against: asked.against,
            zones: asked.zones.as_ref().map(PathBuf::from),
            hubs: None,
            measures: asked.measures.clone(),
            // The JSON, CSV and report carry where the time goes, as the
            // command line's `--format json` and `--report` do.
            explain: true,
            // The scenarios' own network-effect definitions.
            centre_sets: Vec::new(),
            centre_sets_file: None,
            // The scenarios' own settings.
            settings: None,
        };
        let plan = Plan::with_loader(&request, loader).map_err(|e| self.failure(&e))?;
        plan.run(&mut |_| {}).map_err(|e| self.failure(&e))
    }

    /// The answers kept of an outcome.
    fn entry_of(&self, outcome: &Outcome) -> Result<Entry, Answer> {
        let c = &outcome.comparison;
        let json = railshed_io::results::to_json(c, &self.version);
        let json =
            serde_json::to_string_pretty(&json).map_err(|e| Answer::error(500, &e.to_string()))? + "\n";
        let shown = vec![true; c.hubs.len()];
        let mut w = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: &dyn std::fmt::Display| Answer::error(500, &format!("CSV: {e}"));
        w.write_record(railshed::text::CSV_HEADER).map_err(|e| csv_error(&e))?;
        for row in railshed::text::csv_rows(c, &shown) {
            w.write_record(row).map_err(|e| csv_error(&e))?;
        }
        let csv = w.into_inner().map_err(|e| csv_error(&e))?;
        let csv = String::from_utf8(csv).map_err(|e| csv_error(&e))?;
        let places: Vec<Value> = c
            .hubs
            .iter()
            .zip(&outcome.places)
            .map(|(h, p)| match p {
                Some(p) => json!({"id": h.id, "name": h.name, "lon": round4(p.lon), "lat": round4(p.lat)}),
                None => json!({"id": h.id, "name": h.name}),
            })
            .collect();
        let measures = c.measures();
        let minutes = (0..measures.len())
            .map(|m| {
                c.runs
                    .iter()
                    .map(|run| {
                        // Each measure's own times, as the library kept them for its maps.
                        let times = run.indicators.by_measure.get(m).map(|r| &r.zone_hub);
                        times
                            .into_iter()
                            .flatten()
                            .flatten()
                            .map(|m| m.map_or(f32::NAN, |m| m as f32))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Ok(Entry {
            json,
            csv,
            hubs: c.hubs.iter().map(|h| h.id.clone()).collect(),
            places: Value::Array(places),
            zones: c
                .zones
                .iter()
                .map(|z| [round4(z.pos.x()), round4(z.pos.y()), f64::from(z.population)])
                .collect(),
            names: c.runs.iter().map(|r| r.name.clone()).collect(),
            measures,
            minutes,
            report: OnceLock::new(),
        })
    }

    /// The answer to an error of the library: 400 with the command line's
    /// one-line message for bad input, 500 otherwise.
    fn failure(&self, e: &railshed::Error) -> Answer {
        let status = if e.kind() == railshed::ErrorKind::BadInput { 400 } else { 500 };
        Answer::error(status, &(self.error_line)(e))
    }
}

/// Degrees to four decimals (about 10 m), for the map.
fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// A request body, understood.
#[derive(Debug, PartialEq)]
struct Asked {
    /// The canonical bytes of the body: the cache key.
    key: String,
    /// Scenario names and file names, as `railshed compare` takes them.
    names: Vec<String>,
    /// Uploaded files and documents by name.
    files: BTreeMap<String, String>,
    against: Against,
    measures: Vec<Measure>,
    zones: Option<String>,
}

/// Reads a request body; 400 with a one-line message if it is not one.
fn parse(body: &[u8]) -> Result<Asked, Answer> {
    let bad = |msg: String| Answer::error(400, &format!("request body: {msg}"));
    let value: Value = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
    let Value::Object(top) = &value else { return Err(bad("not a JSON object".into())) };
    for k in top.keys() {
        if k != "scenarios" && k != "settings" {
            return Err(bad(format!("$.{k}: unknown field (expected scenarios, settings)")));
        }
    }
    let mut key = String::new();
    canonical(&value, &mut key);
    let mut asked = Asked {
        key,
        names: Vec::new(),
        files: BTreeMap::new(),
        against: Against::Base,
        measures: Vec::new(),
        zones: None,
    };
    let empty = Vec::new();
    let list = match top.get("scenarios") {
        None => &empty,
        Some(Value::Array(list)) => list,
        Some(_) => return Err(bad("$.scenarios: not a list".into())),
    };
    if list.len() > MAX_SCENARIOS {
        return Err(bad(format!("$.scenarios: {} scenarios, at most {MAX_SCENARIOS} at once", list.len())));
    }
    for (i, s) in list.iter().enumerate() {
        let at = format!("$.scenarios[{i}]");
        let (name, text) = match s {
            Value::String(name) => {
                asked.names.push(name.clone());
                continue;
            }
            Value::Object(o) if o.contains_key("text") => {
                let name = o.get("name").and_then(Value::as_str).unwrap_or_default();
                let text = o.get("text").and_then(Value::as_str);
                let (Some(text), true) = (text, o.len() == 2) else {
                    return Err(bad(format!(
                        "{at}: an upload is {{\"name\": \"FILE.json\", \"text\": \"...\"}}"
                    )));
                };
                if !upload_name(name) {
                    return Err(bad(format!(
                        "{at}.name: {name:?}: a file name (letters, digits, '.', '-', '_') ending in .json"
                    )));
                }
                (name.to_owned(), text.to_owned())
            }
            Value::Object(_) => (
                format!("scenario-{}.json", i + 1),
                serde_json::to_string_pretty(s).map_err(|e| bad(e.to_string()))?,
            ),
            _ => {
                return Err(bad(format!("{at}: neither a scenario name, an upload nor a scenario document")));
            }
        };
        if let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(&text)
            && doc.get("base").is_some_and(Value::is_object)
        {
            return Err(Answer::error(
                400,
                &format!(
                    "{name}: $.base: a base network or timetable is a file on disk, which railshed serve does not read (only \"default\")"
                ),
            ));
        }
        if asked.files.insert(name.clone(), text).is_some() {
            return Err(bad(format!("{at}: {name}: given twice")));
        }
        asked.names.push(name);
    }
    let Some(settings) = top.get("settings") else { return Ok(asked) };
    let Value::Object(settings) = settings else { return Err(bad("$.settings: not an object".into())) };
    for (k, v) in settings {
        let at = format!("$.settings.{k}");
        match (k.as_str(), v) {
            ("against", Value::String(a)) if a == "base" => asked.against = Against::Base,
            ("against", Value::String(a)) if a == "parent" => asked.against = Against::Parent,
            ("against", _) => return Err(bad(format!("{at}: \"base\" or \"parent\""))),
            ("measures", Value::Array(list)) => {
                for m in list {
                    match m.as_str().and_then(Measure::from_id) {
                        Some(m) => asked.measures.push(m),
                        None => return Err(bad(format!("{at}: {m}: {MEASURES}"))),
                    }
                }
            }
            ("measures", _) => return Err(bad(format!("{at}: a list of {MEASURES}"))),
            ("zones", Value::String(z)) if railshed_io::zones::zone_preset(z).is_some() => {
                asked.zones = Some(z.clone());
            }
            ("zones", _) => {
                let presets: Vec<&str> = railshed_io::zones::ZONE_PRESETS.iter().map(|p| p.0).collect();
                return Err(bad(format!(
                    "{at}: one of {} (railshed serve reads no zone file)",
                    presets.join(", ")
                )));
            }
            _ => return Err(bad(format!("{at}: unknown setting (expected against, measures, zones)"))),
        }
    }
    Ok(asked)
}

/// The measures a request may name.
const MEASURES: &str = "\"door-to-door\", \"station\" or \"gjt\"";

/// Whether an upload's name is a plain file name ending in `.json`.
fn upload_name(name: &str) -> bool {
    name.len() <= 100
        && name.ends_with(".json")
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// `v` with the keys of every object sorted and no spaces: equal bodies
/// give equal bytes, whatever their key order or layout.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&o[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Scenario files for a request: its uploads and documents by name, then
/// the embedded files; nothing from disk.
struct Uploads {
    files: BTreeMap<String, String>,
}

impl ScenarioSource for Uploads {
    fn read(&self, path: &Path) -> Result<String, railshed_io::Error> {
        let name = path.to_string_lossy().replace('\\', "/");
        let name = name.trim_start_matches("./");
        if let Some(text) = self.files.get(name) {
            return Ok(text.clone());
        }
        Embedded.read(path).map_err(|_| {
            railshed_io::Error::invalid(
                name,
                "",
                "",
                "not an uploaded or shipped file (railshed serve reads no file from disk)",
            )
        })
    }

    fn exists(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().replace('\\', "/");
        self.files.contains_key(name.trim_start_matches("./"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expect: Result<(&[&str], &str), &str>) {
        match (parse(body.as_bytes()), expect) {
            (Ok(a), Ok((names, key))) => {
                assert_eq!(a.names, names, "{body}");
                assert_eq!(a.key, key, "{body}");
            }
            (Err(a), Err(msg)) => {
                assert_eq!(a.status, 400, "{body}");
                let v: Value = serde_json::from_slice(&a.body).unwrap();
                assert_eq!(v["error"], msg, "{body}");
            }
            (Ok(a), Err(_)) => panic!("{body}: accepted as {a:?}"),
            (Err(a), Ok(_)) => panic!("{body}: refused: {}", String::from_utf8_lossy(&a.body)),
        }
    }

    #[test]
    fn bodies() {
        check("{}", Ok((&[], "{}")));
        check(
            r#"{ "settings": {"against": "parent"}, "scenarios": ["today", "npr-tfn"] }"#,
            Ok((
                &["today", "npr-tfn"],
                r#"{"scenarios":["today","npr-tfn"],"settings":{"against":"parent"}}"#,
            )),
        );
        check(
            r#"{"scenarios": ["today", {"format": "railshed-scenario/1", "name": "X"}]}"#,
            Ok((
                &["today", "scenario-2.json"],
                r#"{"scenarios":["today",{"format":"railshed-scenario/1","name":"X"}]}"#,
            )),
        );
        check(
            r#"{"scenarios": [{"name": "mine.json", "text": "{}"}]}"#,
            Ok((&["mine.json"], r#"{"scenarios":[{"name":"mine.json","text":"{}"}]}"#)),
        );
        check("[1]", Err("request body: not a JSON object"));
        check("{", Err("request body: EOF while parsing an object at line 1 column 1"));
        check(
            r#"{"scenario": []}"#,
            Err("request body: $.scenario: unknown field (expected scenarios, settings)"),
        );
        check(r#"{"scenarios": "today"}"#, Err("request body: $.scenarios: not a list"));
        check(
            r#"{"scenarios": [1]}"#,
            Err("request body: $.scenarios[0]: neither a scenario name, an upload nor a scenario document"),
        );
        check(
            r#"{"scenarios": [{"name": "../etc/passwd.json", "text": ""}]}"#,
            Err(
                r#"request body: $.scenarios[0].name: "../etc/passwd.json": a file name (letters, digits, '.', '-', '_') ending in .json"#,
            ),
        );
        check(
            r#"{"scenarios": [{"name": "a.json", "text": ""}, {"name": "a.json", "text": ""}]}"#,
            Err("request body: $.scenarios[1]: a.json: given twice"),
        );
        check(
            r#"{"scenarios": [{"format": "railshed-scenario/1", "base": {"network": "/etc/passwd"}}]}"#,
            Err(
                r#"scenario-1.json: $.base: a base network or timetable is a file on disk, which railshed serve does not read (only "default")"#,
            ),
        );
        check(
            r#"{"settings": {"against": "other"}}"#,
            Err(r#"request body: $.settings.against: "base" or "parent""#),
        );
        check(
            r#"{"settings": {"measures": ["walk"]}}"#,
            Err(r#"request body: $.settings.measures: "walk": "door-to-door", "station" or "gjt""#),
        );
        check(
            r#"{"settings": {"zones": "/etc/passwd"}}"#,
            Err(
                "request body: $.settings.zones: one of north, england-wales (railshed serve reads no zone file)",
            ),
        );
        check(
            r#"{"settings": {"hubs": "x.json"}}"#,
            Err("request body: $.settings.hubs: unknown setting (expected against, measures, zones)"),
        );
        let nine = format!(r#"{{"scenarios": [{}]}}"#, ["\"today\""; 9].join(","));
        check(&nine, Err("request body: $.scenarios: 9 scenarios, at most 8 at once"));
    }

    #[test]
    fn uploads_read_no_disk() {
        let files = BTreeMap::from([("mine.json".to_owned(), "{}".to_owned())]);
        let u = Uploads { files };
        assert_eq!(u.read(Path::new("mine.json")).unwrap(), "{}");
        assert!(u.read(Path::new("scenarios/today.json")).is_ok());
        assert!(u.read(Path::new("Cargo.toml")).is_err());
        assert!(u.read(Path::new("/etc/hostname")).is_err());
        assert!(u.exists(Path::new("./mine.json")));
        assert!(!u.exists(Path::new("Cargo.toml")));
    }
}
