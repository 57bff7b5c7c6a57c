//! Sharded comparisons: one comparison split over the zones into parts that
//! run anywhere (a Slurm array, a Kubernetes Indexed Job, a loop of
//! processes), then merged into exactly the outputs of an unsharded run.
//!
//! Shard `I` of `N` ([`Shard`]) evaluates every scenario for the origin
//! zones `⌊Z·I/N⌋..⌊Z·(I+1)/N⌋` of the `Z` zones in use (every zone is
//! still a destination; see `railshed_scenario::run::evaluate_zones`), and
//! gives two files ([`PartFiles`]):
//!
//! - the part, `part-0000I-of-0000N.parquet` (or `.csv`): the per-zone
//!   results, long — `scenario,zone,zone_code,indicator,key,value`, where
//!   `indicator` is `minutes` (door-to-door minutes to hub `key`, empty
//!   when not reached), `cities_reached` (of the network-effect cities,
//!   within `key` minutes), `jobs_within` (within `key` minutes) or
//!   `effective_density` (of sector `key`);
//! - its manifest, `part-0000I-of-0000N.json` ([`MANIFEST_FORMAT`]): the
//!   request, the version, the SHA-256 of every input (the provenance of the
//!   report), the settings, the shard and its zones, the part's name, format
//!   and SHA-256, and per scenario what is not per zone: the network's
//!   summary, the journeys between hubs (the same in every part) and the
//!   catchments and network effect of the part's zones under every measure
//!   and with every term switched off (integers).
//!
//! [`merge`] reads a folder of parts, checks that every manifest agrees
//! (the same request, version, inputs, settings and shard count), that
//! every part `0..N` is there once and nothing else is, and that each part
//! has its recorded hash, zones and rows; it reloads the request (scenarios,
//! zones and hubs, no evaluation), checks the inputs' hashes again, then
//! reduces: per-zone results are placed at their zones, and catchments and
//! the network effect are added up in part order (integer sums, so equal to
//! the single run's). The result is an [`Outcome`] whose outputs are those
//! of the unsharded run, byte for byte.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use railshed_io::table::{Column, Kind, Table, TableFormat};
use railshed_scenario::compare::NetworkSummary;
use railshed_scenario::indicators::{Figures, HubTime, Indicators, Off, Reach};
use railshed_scenario::run::evaluate_zones;
use railshed_scenario::settings::Measure;
use serde_json::{Value, json};

use crate::compare::{Against, Outcome, Plan, Request};
use crate::error::{Error, Result};
use crate::text::{Format, Printed};

/// The format string of shard manifests.
pub const MANIFEST_FORMAT: &str = "railshed-shard/1";

/// The columns of a part.
pub const PART_COLUMNS: &[(&str, Kind)] = &[
    ("scenario", Kind::Int),
    ("zone", Kind::Int),
    ("zone_code", Kind::Text),
    ("indicator", Kind::Text),
    ("key", Kind::Text),
    ("value", Kind::Float),
];

/// The most parts a run is split into.
pub const MAX_SHARDS: u32 = 99_999;

/// Part `index` of `count` (counted from 0), as `--shard I/N` gives it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 0.
    pub index: u32,
    /// How many parts.
    pub count: u32,
}

impl Shard {
    /// The whole run as one part.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Reads `I/N` (`0 ≤ I < N ≤ 99999`).
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: &str| Error::bad_input(format!("--shard {text:?}: {why}"));
        let (i, n) = text.trim().split_once('/').ok_or_else(|| bad("give it as I/N, e.g. 0/16"))?;
        let index: u32 = i.trim().parse().map_err(|_| bad("I is not a whole number"))?;
        let count: u32 = n.trim().parse().map_err(|_| bad("N is not a whole number"))?;
        if count == 0 || count > MAX_SHARDS {
            return Err(bad(&format!("N must be between 1 and {MAX_SHARDS}")));
        }
        if index >= count {
            return Err(bad("I counts from 0 and must be less than N"));
        }
        Ok(Shard { index, count })
    }

    /// The items (zones, origins) of this part, of `n`: contiguous, in
    /// order, every item in exactly one part.
    pub fn range(self, n: usize) -> Range<usize> {
        let at = |i: u32| (n as u64 * u64::from(i) / u64::from(self.count)) as usize;
        at(self.index)..at(self.index + 1)
    }

    /// The name of its files without extension: `part-00003-of-00016`.
    pub fn stem(self) -> String {
        format!("part-{:05}-of-{:05}", self.index, self.count)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What one shard writes into the folder of parts.
#[derive(Clone, Debug)]
pub struct PartFiles {
    /// The part's file name (`part-00003-of-00016.parquet`).
    pub part_name: String,
    /// Its bytes.
    pub part: Vec<u8>,
    /// The manifest's file name (`part-00003-of-00016.json`).
    pub manifest_name: String,
    /// Its text.
    pub manifest: String,
}

impl PartFiles {
    /// Writes the part and then its manifest into the folder `dir`, each
    /// atomically: a part is complete once its manifest is there.
    pub fn write_into(&self, dir: &Path) -> Result<()> {
        railshed_io::atomic::write(&dir.join(&self.part_name), &self.part)?;
        railshed_io::atomic::write(&dir.join(&self.manifest_name), self.manifest.as_bytes())?;
        Ok(())
    }
}

/// Runs part `shard` of the comparison `request`, its part written as
/// `format`; `version` is recorded (and must be the merge's).
pub fn compare_shard(
    request: &Request,
    shard: Shard,
    format: TableFormat,
    version: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<PartFiles> {
    compare_shard_printed(request, shard, format, version, &Printed::default(), progress)
}

/// [`compare_shard`], recording in the manifest how the merged comparison
/// is printed (`compare --shard … --format … --hubs … --explain`; nothing
/// is recorded for the default, the full table), for `railshed merge` to
/// print it as the unsharded run does. The hubs are checked before any
/// work.
pub fn compare_shard_printed(
    request: &Request,
    shard: Shard,
    format: TableFormat,
    version: &str,
    printed: &Printed,
    progress: &mut dyn FnMut(&str),
) -> Result<PartFiles> {
    let plan = Plan::new(request)?;
    crate::text::shown_hubs(&plan.hubs(), &printed.hubs)?;
    let zones_total = plan.zone_count();
    let range = shard.range(zones_total);
    let outcome = plan.execute(range.clone(), progress, &mut |_, net, ctx, settings| {
        evaluate_zones(net, ctx, settings, range.clone())
    })?;
    let c = &outcome.comparison;
    let table = part_table(&outcome, range.start);
    let part = table.to_bytes(format)?;
    let part_name = format!("{}.{}", shard.stem(), format.extension());
    let scenarios: Vec<Value> = c
        .runs
        .iter()
        .map(|run| {
            let ind = &run.indicators;
            json!({
                "name": run.name,
                "network": {
                    "stations": run.network.stations,
                    "stations_served": run.network.served,
                    "lines": run.network.lines,
                    "trips": run.network.trips,
                },
                "hub_times": ind.hub_times.iter().map(|t| json!({"from": t.from, "to": t.to, "minutes": t.minutes, "changes": t.changes})).collect::<Vec<_>>(),
                "sums": {
                    "primary": figures_json(&Figures { catchment: ind.catchment.clone(), network_effect: ind.network_effect.clone() }),
                    "by_measure": ind.by_measure.iter().map(|r| json!({
                        "measure": r.measure.id(),
                        "figures": figures_json(&r.figures),
                        "explain": r.explain.iter().map(|(off, f)| json!({"off": off.id(), "figures": figures_json(f)})).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                },
            })
        })
        .collect();
    let manifest = json!({
        "format": MANIFEST_FORMAT,
        "run": run_json(request, &outcome, version, format, zones_total, printed)?,
        "shard": {"index": shard.index, "count": shard.count, "zones": [range.start, range.end]},
        "part": {"file": part_name, "rows": table.rows(), "sha256": railshed_report::html::sha256_hex(&part)},
        "scenarios": scenarios,
    });
    Ok(PartFiles {
        part_name,
        part,
        manifest_name: format!("{}.json", shard.stem()),
        manifest: serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n",
    })
}

/// What every part of one run shares: the command, the request, the
/// version, the inputs' hashes, the settings, the zones, the part format
/// and, when not the default, how the merged run is printed (`output`).
fn run_json(
    request: &Request,
    outcome: &Outcome,
    version: &str,
    format: TableFormat,
    zones_total: usize,
    printed: &Printed,
) -> Result<Value> {
    let provenance = outcome.provenance(version)?;
    let mut request_json = json!({
        "scenarios": request.scenarios,
        "against": match request.against { Against::Base => "base", Against::Parent => "parent" },
        "zones": request.zones.as_ref().map(|p| p.display().to_string()),
        "hubs": request.hubs.as_ref().map(|p| p.display().to_string()),
        "measures": request.measures.iter().map(|m| m.id()).collect::<Vec<_>>(),
    });
    // The centre sets, when asked for (their definitions are in the settings).
    if !request.centre_sets.is_empty() {
        request_json["centre_sets"] = json!(request.centre_sets);
        request_json["centre_sets_file"] =
            json!(request.centre_sets_file.as_ref().map(|p| p.display().to_string()));
    }
    let mut run = json!({
        "command": "compare",
        "railshed_version": version,
        "request": with_settings(request, request_json),
        "inputs": provenance.inputs.iter().map(|i| json!({"role": i.role, "name": i.name, "sha256": i.sha256})).collect::<Vec<_>>(),
        "settings": railshed_io::settings::to_json(&outcome.comparison.settings),
        "zones": zones_total,
        "part_format": format.extension(),
    });
    // Only when asked for, so that the manifests of other runs stay as
    // they were.
    if *printed != Printed::default() {
        run["output"] =
            json!({"format": printed.format.id(), "hubs": printed.hubs, "explain": printed.explain});
    }
    Ok(run)
}

/// How the merged comparison is printed, as the manifests record it.
fn printed_from(file: &str, v: &Value) -> Result<Printed> {
    let bad =
        |field: &str| Error::bad_input(format!("{file}: $.run.output.{field}: not as a shard writes it"));
    if v.is_null() {
        return Ok(Printed::default());
    }
    Ok(Printed {
        format: v["format"].as_str().and_then(Format::from_id).ok_or_else(|| bad("format"))?,
        hubs: v["hubs"]
            .as_array()
            .ok_or_else(|| bad("hubs"))?
            .iter()
            .map(|h| h.as_str().map(str::to_owned).ok_or_else(|| bad("hubs")))
            .collect::<Result<_>>()?,
        explain: v["explain"].as_bool().ok_or_else(|| bad("explain"))?,
    })
}

/// The request as a manifest records it: with `settings` only when the
/// request overrides the scenarios' settings, so that the manifests of
/// other runs stay as they were.
fn with_settings(request: &Request, mut value: Value) -> Value {
    if let (Some(top), Some(map)) = (&request.settings, value.as_object_mut()) {
        map.insert("settings".into(), top.clone());
    }
    value
}

fn figures_json(f: &Figures) -> Value {
    json!({"catchment": f.catchment, "network_effect": f.network_effect})
}

/// The per-zone results of a shard's outcome, long (see the module docs);
/// `first` is the index of its first zone among all zones.
fn part_table(outcome: &Outcome, first: usize) -> Table {
    let c = &outcome.comparison;
    let (mut scenario, mut zone, mut code, mut indicator, mut key, mut value) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let keys = Keys::new(c);
    for (r, run) in c.runs.iter().enumerate() {
        let ind = &run.indicators;
        for (z, zn) in c.zones.iter().enumerate() {
            let mut push = |what: &str, k: &str, v: Option<f64>| {
                scenario.push(r as i64);
                zone.push((first + z) as i64);
                code.push(zn.code.clone());
                indicator.push(what.to_owned());
                key.push(k.to_owned());
                value.push(v);
            };
            for (h, k) in keys.hubs.iter().enumerate() {
                push("minutes", k, ind.zone_hub[z][h]);
            }
            for (t, k) in keys.cities.iter().enumerate() {
                push("cities_reached", k, Some(f64::from(ind.cities_reached[z][t])));
            }
            for (t, k) in keys.jobs.iter().enumerate() {
                push("jobs_within", k, Some(ind.jobs_within[z][t]));
            }
            for (t, k) in keys.sectors.iter().enumerate() {
                push("effective_density", k, Some(ind.effective_density[z][t]));
            }
        }
    }
    Table::new(vec![
        ("scenario", Column::Int(scenario)),
        ("zone", Column::Int(zone)),
        ("zone_code", Column::Text(code)),
        ("indicator", Column::Text(indicator)),
        ("key", Column::Text(key)),
        ("value", Column::Float(value)),
    ])
}

/// The keys of the per-zone results: hub ids, minutes, sector names.
struct Keys {
    hubs: Vec<String>,
    cities: Vec<String>,
    jobs: Vec<String>,
    sectors: Vec<String>,
}

impl Keys {
    fn new(c: &railshed_scenario::compare::Comparison) -> Keys {
        let s = &c.settings;
        let minutes = |m: &f64| if m.fract() == 0.0 { format!("{}", *m as i64) } else { format!("{m}") };
        Keys {
            hubs: c.hubs.iter().map(|h| h.id.clone()).collect(),
            cities: s.definitions()[0].minutes.iter().map(minutes).collect(),
            jobs: s.jobs_minutes.iter().map(minutes).collect(),
            sectors: s.effective_density.sectors.iter().map(|x| x.name.clone()).collect(),
        }
    }

    /// Per indicator, the position of each key.
    fn positions(&self) -> HashMap<(&'static str, &str), usize> {
        let mut m = HashMap::new();
        for (what, keys) in [
            ("minutes", &self.hubs),
            ("cities_reached", &self.cities),
            ("jobs_within", &self.jobs),
            ("effective_density", &self.sectors),
        ] {
            for (i, k) in keys.iter().enumerate() {
                m.insert((what, k.as_str()), i);
            }
        }
        m
    }

    fn per_zone(&self) -> usize {
        self.hubs.len() + self.cities.len() + self.jobs.len() + self.sectors.len()
    }
}

/// A part's manifest, as read.
pub(crate) struct Manifest {
    /// Its path, for messages.
    pub(crate) file: String,
    /// Its JSON.
    pub(crate) value: Value,
    /// The part it says it is (and is named as).
    pub(crate) shard: Shard,
    /// The zones or origins of the part.
    pub(crate) zones: Range<usize>,
}

/// The parts of one run, as read and checked.
struct Parts {
    manifests: Vec<Manifest>,
    run: Value,
    format: TableFormat,
}

/// What a folder of parts merges into.
pub enum Merged {
    /// A comparison: the outcome of the unsharded run, and how the shards
    /// were asked to print it (`compare --format`, `--hubs`, `--explain`).
    Compare(Box<Outcome>, Printed),
    /// A matrix: the bytes of the unsharded `matrix --out` file.
    Matrix {
        /// The format of the parts, and so of the file.
        format: TableFormat,
        /// The file's bytes.
        bytes: Vec<u8>,
        /// Its origins.
        origins: usize,
    },
    /// A sweep: the rows of the unsharded run, and the run.
    Sweep(Box<crate::sweep::Swept>),
}

/// Merges the parts in `dir` into what the unsharded run gives (see the
/// module docs); `version` must be the shards'.
pub fn merge(dir: &Path, version: &str) -> Result<Merged> {
    let parts = collect(dir, version)?;
    match parts.run["command"].as_str() {
        Some("compare") => {
            let (outcome, printed) = merge_compare(dir, parts, version)?;
            Ok(Merged::Compare(Box::new(outcome), printed))
        }
        Some("matrix") => crate::matrix::merge_parts(dir, &parts.manifests, &parts.run, parts.format),
        Some("sweep") => crate::sweep::merge_parts(dir, &parts.manifests, &parts.run, parts.format, version),
        _ => Err(Error::bad_input(format!(
            "{}: $.run.command: not compare, matrix or sweep",
            parts.manifests[0].file
        ))),
    }
}

/// Reads the manifests in `dir` and checks they are the parts `0..N` of
/// one run, once each, with nothing else beside them.
fn collect(dir: &Path, version: &str) -> Result<Parts> {
    let names = railshed_io::parts::list(dir)?;
    let folder = dir.display().to_string();
    let mut manifests: Vec<Manifest> = Vec::new();
    let mut data_files = Vec::new();
    for name in &names {
        let Some((stem, ext)) = name.rsplit_once('.') else {
            return Err(foreign(&folder, name));
        };
        let shard = parse_stem(stem).ok_or_else(|| foreign(&folder, name))?;
        match ext {
            "json" => manifests.push(read_manifest(&dir.join(name), shard)?),
            "csv" | "parquet" => data_files.push(name.clone()),
            _ => return Err(foreign(&folder, name)),
        }
    }
    let Some(first) = manifests.first() else {
        return Err(Error::bad_input(format!(
            "{folder}: no part manifests (part-*-of-*.json): nothing to merge"
        )));
    };
    let count = first.shard.count;
    let run = first.value["run"].clone();
    for m in &manifests {
        if m.shard.count != count || m.value["run"] != run {
            return Err(Error::bad_input(format!(
                "{}: a part of another run than {} (its request, version, inputs, settings or shard count differ): merge the parts of one run only",
                m.file, first.file
            )));
        }
    }
    for (i, m) in manifests.iter().enumerate() {
        if m.shard.index as usize != i {
            return Err(Error::bad_input(format!(
                "{folder}: part {} of {count} is missing ({} expected): run that shard again",
                i,
                Shard { index: i as u32, count }.stem() + ".json"
            )));
        }
    }
    if manifests.len() != count as usize {
        return Err(Error::bad_input(format!(
            "{folder}: part {} of {count} is missing ({} expected): run that shard again",
            manifests.len(),
            Shard { index: manifests.len() as u32, count }.stem() + ".json"
        )));
    }
    let format = match run["part_format"].as_str() {
        Some("parquet") => TableFormat::Parquet,
        Some("csv") => TableFormat::Csv,
        _ => return Err(Error::bad_input(format!("{}: $.run.part_format: not csv or parquet", first.file))),
    };
    let expected: Vec<String> =
        manifests.iter().map(|m| format!("{}.{}", m.shard.stem(), format.extension())).collect();
    for name in &data_files {
        if !expected.contains(name) {
            return Err(foreign(&folder, name));
        }
    }
    let recorded = run["railshed_version"].as_str().unwrap_or_default();
    if recorded != version {
        return Err(Error::bad_input(format!(
            "{}: written by railshed {recorded}, merged by {version}: merge with the version that ran the shards",
            first.file
        )));
    }
    Ok(Parts { manifests, run, format })
}

/// The parts of a comparison merged into the outcome of the unsharded run.
fn merge_compare(dir: &Path, parts: Parts, version: &str) -> Result<(Outcome, Printed)> {
    let Parts { manifests, run, format } = parts;
    let first = &manifests[0];
    // The request again: scenarios, zones, hubs and settings, no evaluation.
    let request = request_from(&first.file, &run["request"])?;
    let printed = printed_from(&first.file, &run["output"])?;
    let plan = Plan::new(&request)?;
    crate::text::shown_hubs(&plan.hubs(), &printed.hubs)?;
    let zones_total = plan.zone_count();
    if run["zones"].as_u64() != Some(zones_total as u64) {
        return Err(Error::bad_input(format!(
            "{}: $.run.zones: the parts cover {} zones, the request now gives {zones_total}",
            first.file, run["zones"]
        )));
    }
    let mut next = 0;
    for m in &manifests {
        if m.zones != m.shard.range(zones_total) || m.zones.start != next {
            return Err(Error::bad_input(format!(
                "{}: $.shard.zones: not the zones of part {}",
                m.file, m.shard
            )));
        }
        next = m.zones.end;
    }

    // Per-zone results, placed at their zones.
    let names_of_runs: Vec<String> = plan.scenarios().iter().map(|s| s.name.clone()).collect();
    let mut merged = {
        let (ctx, settings) = plan.context();
        let keys = Keys {
            hubs: ctx.hubs.iter().map(|h| h.id.clone()).collect(),
            cities: settings.definitions()[0].minutes.iter().map(key).collect(),
            jobs: settings.jobs_minutes.iter().map(key).collect(),
            sectors: settings.effective_density.sectors.iter().map(|x| x.name.clone()).collect(),
        };
        let codes: Vec<&str> = ctx.zones.iter().map(|z| z.code.as_str()).collect();
        reduce(dir, &manifests, format, &keys, &codes, names_of_runs.len())?
    };
    for (r, name) in names_of_runs.iter().enumerate() {
        if manifests[0].value["scenarios"][r]["name"].as_str() != Some(name) {
            return Err(Error::bad_input(format!("{}: $.scenarios[{r}]: not scenario {name}", first.file)));
        }
    }
    let outcome = plan.execute(0..zones_total, &mut |_| {}, &mut |r, _, _, _| {
        let m = &manifests[0].value["scenarios"][r];
        let summary = NetworkSummary {
            stations: as_usize(&m["network"]["stations"]),
            served: as_usize(&m["network"]["stations_served"]),
            lines: as_usize(&m["network"]["lines"]),
            trips: as_usize(&m["network"]["trips"]),
        };
        Ok((summary, std::mem::replace(&mut merged[r], empty_indicators())))
    })?;
    // The inputs read now must be those the shards read.
    if run_json(&request, &outcome, version, format, zones_total, &printed)? != run {
        return Err(Error::bad_input(format!(
            "{}: the inputs differ from those the shards read (a scenario, zone or hub file changed since): run the shards again",
            first.file
        )));
    }
    Ok((outcome, printed))
}

/// A threshold as a key: `60` for whole minutes, `62.5` otherwise.
fn key(m: &f64) -> String {
    if m.fract() == 0.0 { format!("{}", *m as i64) } else { format!("{m}") }
}

fn as_usize(v: &Value) -> usize {
    v.as_u64().unwrap_or(0) as usize
}

pub(crate) fn empty_indicators() -> Indicators {
    Indicators {
        zone_hub: Vec::new(),
        catchment: Vec::new(),
        network_effect: Vec::new(),
        cities_reached: Vec::new(),
        jobs_within: Vec::new(),
        effective_density: Vec::new(),
        hub_times: Vec::new(),
        by_measure: Vec::new(),
    }
}

pub(crate) fn foreign(folder: &str, name: &str) -> Error {
    Error::bad_input(format!(
        "{folder}: {}: not a part of this run (a folder of parts holds part-I-of-N.json and .parquet or .csv files of one run only)",
        railshed_io::elide(name, 80)
    ))
}

/// `part-00003-of-00016` as its shard.
fn parse_stem(stem: &str) -> Option<Shard> {
    let rest = stem.strip_prefix("part-")?;
    let (i, n) = rest.split_once("-of-")?;
    if i.len() != 5 || n.len() != 5 {
        return None;
    }
    let shard = Shard { index: i.parse().ok()?, count: n.parse().ok()? };
    (shard.count >= 1 && shard.index < shard.count).then_some(shard)
}

/// Reads the part file `m` names in `dir` (named after its shard, as the
/// manifest must record it) and checks its bytes against the SHA-256 the
/// manifest records: its path, for messages, and its bytes.
pub(crate) fn read_part(dir: &Path, m: &Manifest, format: TableFormat) -> Result<(String, Vec<u8>)> {
    let name = format!("{}.{}", m.shard.stem(), format.extension());
    if m.value["part"]["file"].as_str() != Some(&name) {
        return Err(Error::bad_input(format!("{}: $.part.file: not {name}", m.file)));
    }
    let path = dir.join(&name);
    let file = path.display().to_string();
    let bytes = railshed_io::parts::read_bytes(&path)?;
    if m.value["part"]["sha256"].as_str() != Some(&railshed_report::html::sha256_hex(&bytes)) {
        return Err(Error::bad_input(format!(
            "{file}: its SHA-256 is not the one {} records: a part of another run, or changed since",
            m.file
        )));
    }
    Ok((file, bytes))
}

fn read_manifest(path: &Path, shard: Shard) -> Result<Manifest> {
    let file = path.display().to_string();
    let text = railshed_io::read_text(path)?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Error::bad_input(format!("{file}: {}:{}: not JSON: {e}", e.line(), e.column())))?;
    if value["format"] != MANIFEST_FORMAT {
        return Err(Error::bad_input(format!("{file}: $.format: not {MANIFEST_FORMAT}")));
    }
    let index = value["shard"]["index"].as_u64();
    let count = value["shard"]["count"].as_u64();
    if index != Some(u64::from(shard.index)) || count != Some(u64::from(shard.count)) {
        return Err(Error::bad_input(format!(
            "{file}: $.shard: part {}/{} under the name of part {shard}: a part renamed or copied",
            value["shard"]["index"], value["shard"]["count"]
        )));
    }
    let shard_items = &value["shard"];
    let items = ["origins", "variants", "zones"]
        .iter()
        .map(|k| &shard_items[*k])
        .find(|v| !v.is_null())
        .unwrap_or(&Value::Null);
    let zones = match items.as_array().map(|a| a.iter().map(Value::as_u64).collect::<Vec<_>>()) {
        Some(z) if z.len() == 2 && z[0].is_some() && z[1].is_some() => {
            z[0].unwrap_or(0) as usize..z[1].unwrap_or(0) as usize
        }
        _ => {
            return Err(Error::bad_input(format!(
                "{file}: $.shard: no pair of zone, origin or variant indices"
            )));
        }
    };
    Ok(Manifest { file, value, shard, zones })
}

fn request_from(file: &str, v: &Value) -> Result<Request> {
    let bad =
        |field: &str| Error::bad_input(format!("{file}: $.run.request.{field}: not as a shard writes it"));
    let strings = |field: &str| -> Result<Vec<String>> {
        v[field]
            .as_array()
            .ok_or_else(|| bad(field))?
            .iter()
            .map(|s| s.as_str().map(str::to_owned).ok_or_else(|| bad(field)))
            .collect()
    };
    let path = |field: &str| -> Result<Option<std::path::PathBuf>> {
        match &v[field] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.into())),
            _ => Err(bad(field)),
        }
    };
    Ok(Request {
        scenarios: strings("scenarios")?,
        against: match v["against"].as_str() {
            Some("base") => Against::Base,
            Some("parent") => Against::Parent,
            _ => return Err(bad("against")),
        },
        zones: path("zones")?,
        hubs: path("hubs")?,
        measures: strings("measures")?
            .iter()
            .map(|m| Measure::from_id(m).ok_or_else(|| bad("measures")))
            .collect::<Result<_>>()?,
        // A part always carries where the time goes, as `--out` does.
        explain: true,
        centre_sets: match &v["centre_sets"] {
            Value::Null => Vec::new(),
            _ => strings("centre_sets")?,
        },
        centre_sets_file: path("centre_sets_file")?,
        settings: match &v["settings"] {
            Value::Null => None,
            top @ Value::Object(_) => Some(top.clone()),
            _ => return Err(bad("settings")),
        },
    })
}

/// Reads every part and reduces them into each scenario's indicators.
fn reduce(
    dir: &Path,
    manifests: &[Manifest],
    format: TableFormat,
    keys: &Keys,
    codes: &[&str],
    runs: usize,
) -> Result<Vec<Indicators>> {
    let z = codes.len();
    let positions = keys.positions();
    let mut out: Vec<Indicators> = (0..runs)
        .map(|_| Indicators {
            zone_hub: vec![vec![None; keys.hubs.len()]; z],
            cities_reached: vec![vec![0; keys.cities.len()]; z],
            jobs_within: vec![vec![0.0; keys.jobs.len()]; z],
            effective_density: vec![vec![0.0; keys.sectors.len()]; z],
            ..empty_indicators()
        })
        .collect();
    let per_zone = keys.per_zone();
    let mut seen = vec![false; runs * z * per_zone];
    for m in manifests {
        let (file, bytes) = read_part(dir, m, format)?;
        let t = Table::from_bytes(&file, &bytes, format, PART_COLUMNS)?;
        let want = runs * m.zones.len() * per_zone;
        if t.rows() != want {
            return Err(Error::bad_input(format!("{file}: {} rows where {want} were expected", t.rows())));
        }
        let (
            Some(Column::Int(sc)),
            Some(Column::Int(zone)),
            Some(Column::Text(code)),
            Some(Column::Text(ind)),
            Some(Column::Text(k)),
            Some(Column::Float(val)),
        ) = (
            t.column("scenario"),
            t.column("zone"),
            t.column("zone_code"),
            t.column("indicator"),
            t.column("key"),
            t.column("value"),
        )
        else {
            return Err(Error::bad_input(format!("{file}: not a part table")));
        };
        for i in 0..t.rows() {
            let row = || format!("{file}: row {}", i + 1);
            let (r, zi) = (sc[i], zone[i]);
            if r < 0 || r as usize >= runs || zi < 0 || !m.zones.contains(&(zi as usize)) {
                return Err(Error::bad_input(format!(
                    "{}: scenario {r}, zone {zi}: not of this part",
                    row()
                )));
            }
            let (r, zi) = (r as usize, zi as usize);
            if code[i] != codes[zi] {
                return Err(Error::bad_input(format!(
                    "{}: zone {zi} is {}, not {}",
                    row(),
                    codes[zi],
                    code[i]
                )));
            }
            let what: &'static str = match ind[i].as_str() {
                "minutes" => "minutes",
                "cities_reached" => "cities_reached",
                "jobs_within" => "jobs_within",
                "effective_density" => "effective_density",
                other => return Err(Error::bad_input(format!("{}: unknown indicator {other:?}", row()))),
            };
            let Some(&p) = positions.get(&(what, k[i].as_str())) else {
                return Err(Error::bad_input(format!("{}: {what}: unknown key {:?}", row(), k[i])));
            };
            let offset = match what {
                "minutes" => 0,
                "cities_reached" => keys.hubs.len(),
                "jobs_within" => keys.hubs.len() + keys.cities.len(),
                _ => keys.hubs.len() + keys.cities.len() + keys.jobs.len(),
            };
            let slot = (r * z + zi) * per_zone + offset + p;
            if std::mem::replace(&mut seen[slot], true) {
                return Err(Error::bad_input(format!(
                    "{}: {what} {} of zone {} given twice",
                    row(),
                    k[i],
                    code[i]
                )));
            }
            let o = &mut out[r];
            let number = || val[i].ok_or_else(|| Error::bad_input(format!("{}: {what}: no value", row())));
            match what {
                "minutes" => o.zone_hub[zi][p] = val[i],
                "cities_reached" => o.cities_reached[zi][p] = number()? as u8,
                "jobs_within" => o.jobs_within[zi][p] = number()?,
                _ => o.effective_density[zi][p] = number()?,
            }
        }
    }
    // What is not per zone: journeys between hubs (the same in every part)
    // and the integer sums of catchments and the network effect, added up
    // in part order.
    for (r, o) in out.iter_mut().enumerate() {
        for (i, m) in manifests.iter().enumerate() {
            let s = &m.value["scenarios"][r];
            let at = |what: &str| format!("{}: $.scenarios[{r}].{what}", m.file);
            let hub_times =
                hub_times_from(&s["hub_times"]).ok_or_else(|| Error::bad_input(at("hub_times")))?;
            if i == 0 {
                o.hub_times = hub_times;
            } else if hub_times != o.hub_times
                || s["network"] != manifests[0].value["scenarios"][r]["network"]
            {
                return Err(Error::bad_input(format!(
                    "{}: not the network of {}",
                    at("hub_times"),
                    manifests[0].file
                )));
            }
            let primary =
                figures_from(&s["sums"]["primary"]).ok_or_else(|| Error::bad_input(at("sums.primary")))?;
            add(&mut o.catchment, &mut o.network_effect, &primary);
            let by: Vec<Reach> = s["sums"]["by_measure"]
                .as_array()
                .and_then(|a| a.iter().map(reach_from).collect())
                .ok_or_else(|| Error::bad_input(at("sums.by_measure")))?;
            if i == 0 {
                o.by_measure = by;
            } else {
                if by.len() != o.by_measure.len() {
                    return Err(Error::bad_input(at("sums.by_measure")));
                }
                for (acc, part) in o.by_measure.iter_mut().zip(by) {
                    if acc.measure != part.measure || acc.explain.len() != part.explain.len() {
                        return Err(Error::bad_input(at("sums.by_measure")));
                    }
                    add_figures(&mut acc.figures, &part.figures);
                    for ((off_a, fa), (off_b, fb)) in acc.explain.iter_mut().zip(&part.explain) {
                        if off_a != off_b {
                            return Err(Error::bad_input(at("sums.by_measure")));
                        }
                        add_figures(fa, fb);
                    }
                }
            }
        }
    }
    Ok(out)
}

fn add(catchment: &mut Vec<Vec<u64>>, network_effect: &mut Vec<Vec<u64>>, f: &Figures) {
    add_nested(catchment, &f.catchment);
    add_nested(network_effect, &f.network_effect);
}

/// Adds `part` to `acc` item by item, `acc` growing to its shape.
fn add_nested(acc: &mut Vec<Vec<u64>>, part: &[Vec<u64>]) {
    if acc.is_empty() {
        *acc = vec![Vec::new(); part.len()];
    }
    for (acc, part) in acc.iter_mut().zip(part) {
        acc.resize(part.len(), 0);
        for (a, b) in acc.iter_mut().zip(part) {
            *a += b;
        }
    }
}

fn add_figures(acc: &mut Figures, part: &Figures) {
    add(&mut acc.catchment, &mut acc.network_effect, part);
}

fn figures_from(v: &Value) -> Option<Figures> {
    let list = |v: &Value| -> Option<Vec<u64>> { v.as_array()?.iter().map(Value::as_u64).collect() };
    Some(Figures {
        catchment: v["catchment"].as_array()?.iter().map(list).collect::<Option<_>>()?,
        network_effect: v["network_effect"].as_array()?.iter().map(list).collect::<Option<_>>()?,
    })
}

fn reach_from(v: &Value) -> Option<Reach> {
    let offs = [Off::Access, Off::Waiting, Off::Egress, Off::All];
    Some(Reach {
        measure: Measure::from_id(v["measure"].as_str()?)?,
        figures: figures_from(&v["figures"])?,
        zone_hub: Vec::new(),
        explain: v["explain"]
            .as_array()?
            .iter()
            .map(|e| {
                let off = offs.into_iter().find(|o| Some(o.id()) == e["off"].as_str())?;
                Some((off, figures_from(&e["figures"])?))
            })
            .collect::<Option<_>>()?,
    })
}

fn hub_times_from(v: &Value) -> Option<Vec<HubTime>> {
    let opt = |v: &Value| -> Option<Option<u32>> {
        match v {
            Value::Null => Some(None),
            v => Some(Some(u32::try_from(v.as_u64()?).ok()?)),
        }
    };
    v.as_array()?
        .iter()
        .map(|t| {
            Some(HubTime {
                from: t["from"].as_str()?.to_owned(),
                to: t["to"].as_str()?.to_owned(),
                minutes: opt(&t["minutes"])?,
                changes: opt(&t["changes"])?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: std::result::Result<(u32, u32), &str>) {
        match (Shard::parse(text), expect) {
            (Ok(s), Ok((i, n))) => assert_eq!((s.index, s.count), (i, n)),
            (Err(e), Err(msg)) => assert_eq!(e.to_string(), msg),
            (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn shard_specs() {
        check("0/1", Ok((0, 1)));
        check("3/16", Ok((3, 16)));
        check(" 6 / 7 ", Ok((6, 7)));
        check("7/7", Err("--shard \"7/7\": I counts from 0 and must be less than N"));
        check("1/0", Err("--shard \"1/0\": N must be between 1 and 99999"));
        check("3", Err("--shard \"3\": give it as I/N, e.g. 0/16"));
        check("a/3", Err("--shard \"a/3\": I is not a whole number"));
        check("-1/3", Err("--shard \"-1/3\": I is not a whole number"));
    }

    #[test]
    fn zones_are_split_into_contiguous_ranges_covering_each_once() {
        for n in [0, 1, 2, 7, 1968, 7264] {
            for count in [1, 3, 7, 100] {
                let mut next = 0;
                for index in 0..count {
                    let r = Shard { index, count }.range(n);
                    assert_eq!(r.start, next);
                    assert!(r.len() <= n / count as usize + 1);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn names_of_parts() {
        let s = Shard { index: 3, count: 16 };
        assert_eq!(s.stem(), "part-00003-of-00016");
        assert_eq!(parse_stem("part-00003-of-00016"), Some(s));
        assert_eq!(parse_stem("part-00016-of-00016"), None);
        assert_eq!(parse_stem("part-3-of-16"), None);
        assert_eq!(parse_stem("result"), None);
    }
}
