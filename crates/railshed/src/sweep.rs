//! Scenario sweeps (`railshed sweep`): one scenario with some values of its
//! modifications varied, every variant evaluated and compared with the
//! scenario as written.
//!
//! [`SweepPlan::new`] reads a `railshed-sweep/1` file
//! ([`railshed_io::sweep`]), loads its scenario, puts the sweep's settings
//! over the scenario's, checks that every parameter names a modification
//! of the scenario's own that has its field, and checks the zones and hubs
//! (the embedded ones) as `compare` does, before any evaluation.
//! [`SweepPlan::run`] evaluates the scenario as written (the reference) and
//! then each variant of a range, one after the other, each with the
//! comparison pipeline's evaluation (parallel inside, on rayon, and the
//! same for any number of threads), and makes for each variant the
//! comparison of the reference and the variant ([`Comparison::new`]), whose
//! figures and changes are those `railshed compare` prints for the two.
//!
//! The result is one row per variant ([`SweepPlan::columns`]): `variant`
//! (its index, from 0, in the order of the file: the grid with the first
//! parameter varying slowest, or the list), each parameter's value (a
//! number, or 1 and 0 for `enabled`), then `trips`, the network effect per
//! time limit (`network_effect_60`, or `network_effect_ID_60` per
//! definition when the settings name several in `network_effects`), each hub's catchment per threshold
//! (`catchment_leeds_60`) and the population-weighted mean of jobs within
//! each time (`jobs_within_30`), each followed by its change from the
//! reference (`…_change`): whole numbers, under the `measure` setting.
//!
//! Sharded ([`sweep_shard`]), part `I` of `N` evaluates the variants
//! `⌊V·I/N⌋..⌊V·(I+1)/N⌋` (and the reference, which every part needs for
//! the changes) and writes its rows with a `railshed-shard/1` manifest;
//! `railshed::shard::merge` joins the rows of the parts in order, giving
//! the table of the unsharded run, byte for byte.

use std::ops::Range;
use std::path::Path;
use std::time::Instant;

use railshed_io::scenario::{Scenario, Step};
use railshed_io::sweep::SweepFile;
use railshed_io::table::{Column, Kind, Table, TableFormat};
use railshed_scenario::compare::{Comparison, NetworkSummary, whole};
use railshed_scenario::sweep::{Field, Value};
use serde_json::{Value as Json, json};

use crate::compare::{Plan, Request};
use crate::error::{Error, Result};
use crate::load::{Loader, Networks};
use crate::shard::{Manifest, Merged, PartFiles, Shard, empty_indicators};

/// The format string of the manifest beside an unsharded sweep's table.
pub const RESULT_FORMAT: &str = "railshed-sweep-result/1";

/// The name a sweep given as a JSON document ([`SweepPlan::from_document`])
/// goes by in messages and in the record of its run.
pub const DOCUMENT_ORIGIN: &str = "sweep";

/// The files of `railshed sweep --out DIR`: the table and its manifest.
pub const FILES: &[&str] = &["sweep.csv", "sweep.json"];

/// A sweep read and checked, ready to run.
pub struct SweepPlan {
    plan: Plan,
    sweep: SweepFile,
    /// The text of the sweep file, for its hash.
    text: String,
    /// The sweep document when it was given as JSON rather than a file
    /// ([`SweepPlan::from_document`]), recorded in the manifests.
    document: Option<Json>,
    /// The scenario as written, with the sweep's settings.
    base: Scenario,
    /// Per parameter, the positions in `base.steps` of the steps it changes.
    targets: Vec<Vec<usize>>,
    /// The first step any parameter changes: the steps before it are
    /// built once for every variant.
    first: usize,
}

/// A sweep's rows, and what describes the run.
pub struct Swept {
    /// One row per variant of the range run (or, merged, of all).
    pub table: Table,
    /// The run: command, version, request, inputs' hashes, settings,
    /// variants and columns (what the manifests record).
    pub run: Json,
}

impl Swept {
    /// The table as CSV and the `sweep.json` manifest beside it, the two
    /// files of `railshed sweep --out DIR` ([`FILES`]).
    pub fn files(&self) -> Result<[Vec<u8>; 2]> {
        let csv = self.table.to_bytes(TableFormat::Csv)?;
        let manifest = json!({
            "format": RESULT_FORMAT,
            "run": self.run,
            "table": {"file": FILES[0], "rows": self.table.rows(), "sha256": railshed_report::html::sha256_hex(&csv)},
        });
        let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
        Ok([csv, text.into_bytes()])
    }
}

impl SweepPlan {
    /// Reads the sweep file at `path` and everything it names, and checks
    /// them, before any evaluation.
    pub fn new(path: &Path) -> Result<SweepPlan> {
        let t0 = Instant::now();
        let file = path.display().to_string();
        let text = railshed_io::read_text(path)?;
        SweepPlan::load(file, text, None, t0)
    }

    /// A sweep given as a JSON document rather than a file (the Python
    /// package's `railshed.sweep(dict)`): read and checked as a file named
    /// [`DOCUMENT_ORIGIN`] in the working folder would be (a relative
    /// `scenario` is relative to the working folder), its errors naming
    /// `sweep`. Sharded, the manifests carry the document, so that `merge`
    /// reads it from them.
    pub fn from_document(document: &Json) -> Result<SweepPlan> {
        let t0 = Instant::now();
        let text = serde_json::to_string(document).expect("a JSON value serialises");
        SweepPlan::load(DOCUMENT_ORIGIN.to_owned(), text, Some(document.clone()), t0)
    }

    fn load(file: String, text: String, document: Option<Json>, t0: Instant) -> Result<SweepPlan> {
        let sweep = railshed_io::sweep::parse(&file, &text)?;
        let loader = Loader::new()?;
        // A file beside the sweep, else a shipped scenario by name (`npr-tfn`).
        let path = &sweep.scenario_path;
        let shipped = |p: &str| railshed_io::embedded::SCENARIOS.iter().any(|s| s.file == p);
        let by_name = !sweep.scenario.contains('/') && !sweep.scenario.ends_with(".json");
        let name = if Path::new(path).exists() || shipped(path) || !by_name {
            path.clone()
        } else {
            sweep.scenario.clone()
        };
        let mut base = loader.scenario_unchecked(&name).map_err(|e| match e.kind() {
            crate::ErrorKind::BadInput => Error::bad_input(format!("{file}: $.scenario: {e}")),
            crate::ErrorKind::Internal => e,
        })?;
        base.settings = railshed_io::sweep::settings(&sweep, &base.settings)?;
        let targets = targets(&sweep, &base)?;
        let first = targets.iter().flatten().copied().min().unwrap_or(base.steps.len());
        let plan = Plan::with_scenarios(&Request::default(), loader, vec![base.clone()], t0)?;
        Ok(SweepPlan { plan, sweep, text, document, base, targets, first })
    }

    /// The number of variants.
    pub fn variants(&self) -> usize {
        self.sweep.sweep.variants.len()
    }

    /// The columns of the rows, in order (see the module documentation).
    pub fn columns(&self) -> Vec<(String, Kind)> {
        let s = &self.base.settings;
        let mut out = vec![("variant".to_owned(), Kind::Int)];
        for p in &self.sweep.sweep.parameters {
            let kind = if p.field == Field::Enabled { Kind::Int } else { Kind::Float };
            out.push((p.name.clone(), kind));
        }
        let mut figure = |name: String| {
            out.push((format!("{name}_change"), Kind::Int));
            out.insert(out.len() - 1, (name, Kind::Int));
        };
        figure("trips".to_owned());
        let named = s.names_definitions();
        for d in s.definitions() {
            for m in &d.minutes {
                if named {
                    figure(format!("network_effect_{}_{}", d.id, key(*m)));
                } else {
                    figure(format!("network_effect_{}", key(*m)));
                }
            }
        }
        for h in self.plan.hubs() {
            for t in &s.thresholds_min {
                figure(format!("catchment_{}_{}", h.id, key(*t)));
            }
        }
        for m in &s.jobs_minutes {
            figure(format!("jobs_within_{}", key(*m)));
        }
        out
    }

    /// Variant `k` as a scenario: the scenario as written with the
    /// variant's values in place (and the modifications it switches off
    /// left out).
    pub fn scenario(&self, k: usize) -> Scenario {
        let values = &self.sweep.sweep.variants[k];
        let mut steps: Vec<Step> = Vec::with_capacity(self.base.steps.len());
        for (i, step) in self.base.steps.iter().enumerate() {
            let mut m = Some(step.modification.clone());
            for ((p, at), v) in self.sweep.sweep.parameters.iter().zip(&self.targets).zip(values) {
                if at.contains(&i) {
                    m = m.and_then(|m| p.field.set(&m, *v));
                }
            }
            if let Some(modification) = m {
                steps.push(Step { modification, ..step.clone() });
            }
        }
        Scenario { name: format!("{} ({})", self.base.name, self.label(k)), steps, ..self.base.clone() }
    }

    /// `name=value, …` of variant `k`, for messages.
    fn label(&self, k: usize) -> String {
        let values = &self.sweep.sweep.variants[k];
        let parts: Vec<String> =
            self.sweep.sweep.parameters.iter().zip(values).map(|(p, v)| format!("{}={v}", p.name)).collect();
        format!("variant {k}: {}", parts.join(", "))
    }

    /// Evaluates the reference and the variants `range`, giving their rows;
    /// `progress` hears the number of variants done after each.
    pub fn run(self, range: Range<usize>, version: &str, progress: &mut dyn FnMut(usize)) -> Result<Swept> {
        let columns = self.columns();
        let loader = self.plan.loader();
        let mut networks = Networks::default();
        // The reference, which every variant is compared with (not needed
        // by a part with no variants).
        let reference = if range.is_empty() {
            None
        } else {
            let net = networks.build(loader, &self.base)?;
            Some(self.plan.evaluate(&self.base, &net)?)
        };
        let prefix = networks.build_prefix(loader, &self.base, self.first)?;
        let (ctx, settings) = self.plan.context();
        let hubs = self.plan.hubs();
        let mut values: Vec<Column> = columns
            .iter()
            .map(|(_, kind)| match kind {
                Kind::Int => Column::Int(Vec::new()),
                Kind::Float => Column::Float(Vec::new()),
                Kind::Text => Column::Text(Vec::new()),
            })
            .collect();
        for (done, k) in range.enumerate() {
            let s = self.scenario(k);
            let mut net = prefix.clone();
            crate::load::apply(&s, &mut net, self.first).map_err(|e| match e.kind() {
                crate::ErrorKind::BadInput => {
                    Error::bad_input(format!("{}: {}: {e}", self.sweep.file, self.label(k)))
                }
                crate::ErrorKind::Internal => e,
            })?;
            let run = self.plan.evaluate(&s, &net)?;
            let c = Comparison::new(
                settings.clone(),
                ctx.zones.clone(),
                ctx.jobs.clone(),
                hubs.clone(),
                vec![reference.clone().expect("evaluated for a range with variants"), run],
            );
            let row = row(&c, k, &self.sweep.sweep.variants[k]);
            for (col, v) in values.iter_mut().zip(row) {
                match (col, v) {
                    (Column::Int(c), Cell::Int(v)) => c.push(v),
                    (Column::Float(c), Cell::Float(v)) => c.push(Some(v)),
                    _ => unreachable!("a row has the kinds of the columns"),
                }
            }
            progress(done + 1);
        }
        let table = Table::new(columns.iter().map(|(n, _)| n.as_str()).zip(values).collect());
        let summary =
            reference.map_or(NetworkSummary { stations: 0, served: 0, lines: 0, trips: 0 }, |r| r.network);
        let run = self.run_json(version, summary)?;
        Ok(Swept { table, run })
    }

    /// What describes the run: the same for every part of it.
    fn run_json(self, version: &str, reference: NetworkSummary) -> Result<Json> {
        let columns: Vec<Json> = self
            .columns()
            .into_iter()
            .map(|(n, k)| {
                json!([
                    n,
                    match k {
                        Kind::Int => "int",
                        Kind::Float => "float",
                        Kind::Text => "text",
                    }
                ])
            })
            .collect();
        let settings = railshed_io::settings::to_json(&self.base.settings);
        let variants = self.variants();
        let SweepPlan { plan, sweep, text, document, .. } = self;
        // The inputs the scenario's comparison reads, hashed as `compare`
        // hashes them (no evaluation: the network is built, not evaluated).
        let outcome =
            plan.execute(0..0, &mut |_| {}, &mut |_, _, _, _| Ok((reference.clone(), empty_indicators())))?;
        let provenance = outcome.provenance(version)?;
        let mut inputs = vec![
            json!({"role": "sweep", "name": sweep.file, "sha256": railshed_report::html::sha256_hex(text.as_bytes())}),
        ];
        inputs.extend(
            provenance.inputs.iter().map(|i| json!({"role": i.role, "name": i.name, "sha256": i.sha256})),
        );
        Ok(json!({
            "command": "sweep",
            "railshed_version": version,
            "request": match document {
                Some(document) => json!({"sweep": sweep.file, "document": document}),
                None => json!({"sweep": sweep.file}),
            },
            "inputs": inputs,
            "settings": settings,
            "variants": variants,
            "columns": columns,
        }))
    }
}

/// A threshold as a key: `60` for whole minutes, `62.5` otherwise.
fn key(m: f64) -> String {
    if m.fract() == 0.0 { format!("{}", m as i64) } else { format!("{m}") }
}

/// Per parameter of `sweep`, the steps of `base` it changes; every
/// parameter must name one of the scenario's own modifications, having its
/// field.
fn targets(sweep: &SweepFile, base: &Scenario) -> Result<Vec<Vec<usize>>> {
    let own = base.inherited_steps..base.steps.len();
    let mut count = 0;
    for k in own.clone() {
        if k == base.inherited_steps || base.steps[k].path != base.steps[k - 1].path {
            count += 1;
        }
    }
    let mut out = Vec::new();
    for (j, p) in sweep.sweep.parameters.iter().enumerate() {
        let path = format!("$.modifications[{}]", p.modification);
        let at: Vec<usize> = own.clone().filter(|&k| base.steps[k].path == path).collect();
        if at.is_empty() {
            let has = match count {
                0 => "none of its own".to_owned(),
                1 => "one of its own, 0".to_owned(),
                n => format!("{n} of its own, 0 to {}", n - 1),
            };
            return Err(Error::bad_input(format!(
                "{}: $.parameters[{j}].modification: {} names no modification of {} (it has {has}; its parents' are not counted)",
                sweep.file, p.modification, base.file
            )));
        }
        if p.field != Field::Enabled {
            let m = &base.steps[at[at.len() - 1]].modification;
            if at.len() != 1 || !p.field.applies_to(m) {
                let of = match p.field {
                    Field::Tph => "change_frequency",
                    Field::Factor => "change_running_times with a factor",
                    Field::Enabled => "every modification",
                };
                return Err(Error::bad_input(format!(
                    "{}: $.parameters[{j}].field: {} is a field of {of}, and modification {} of {} is not one ({})",
                    sweep.file,
                    p.field.id(),
                    p.modification,
                    base.file,
                    m.describe()
                )));
            }
        }
        out.push(at);
    }
    Ok(out)
}

/// One cell of a row.
enum Cell {
    Int(i64),
    Float(f64),
}

/// The row of variant `k` (with `values`) from the comparison `c` of the
/// reference and the variant, in the order of [`SweepPlan::columns`].
fn row(c: &Comparison, k: usize, values: &[Value]) -> Vec<Cell> {
    let s = &c.settings;
    let mut out = vec![Cell::Int(k as i64)];
    for v in values {
        out.push(match v {
            Value::Number(x) => Cell::Float(*x),
            Value::Enabled(b) => Cell::Int(i64::from(*b)),
        });
    }
    let mut figure = |v: &dyn Fn(usize) -> i64| {
        let cell = c.cells(|r| Some(v(r)))[1];
        out.push(Cell::Int(cell.value.unwrap_or(0)));
        out.push(Cell::Int(cell.change.unwrap_or(0)));
    };
    figure(&|r| c.runs[r].network.trips as i64);
    for (d, def) in s.definitions().iter().enumerate() {
        for k in 0..def.minutes.len() {
            figure(&|r| c.reach(r, 0).figures.network_effect[d][k] as i64);
        }
    }
    for h in 0..c.hubs.len() {
        for k in 0..s.thresholds_min.len() {
            figure(&|r| c.reach(r, 0).figures.catchment[h][k] as i64);
        }
    }
    for k in 0..s.jobs_minutes.len() {
        figure(&|r| whole(c.jobs_within_mean(r, k)));
    }
    out
}

/// Runs the whole sweep at `path`: its rows and run; `progress` hears the
/// number of variants done.
pub fn sweep(path: &Path, version: &str, progress: &mut dyn FnMut(usize)) -> Result<Swept> {
    let plan = SweepPlan::new(path)?;
    let all = 0..plan.variants();
    plan.run(all, version, progress)
}

/// Checks a number of worker threads: at least 1, at most
/// [`MAX_THREADS`](crate::matrix::MAX_THREADS).
pub fn check_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        Some(0) => Err(Error::bad_input("--threads must be at least 1")),
        Some(n) if n > crate::matrix::MAX_THREADS => Err(Error::bad_input(format!(
            "--threads {n} is more than {}, the limit",
            crate::matrix::MAX_THREADS
        ))),
        _ => Ok(()),
    }
}

/// Runs `work` on a pool of `threads` worker threads (`None`: rayon's
/// current pool, one per core), as `railshed sweep --threads N` does; the
/// rows are the same for any number. The number is checked first
/// ([`check_threads`]).
pub fn with_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    check_threads(threads)?;
    match threads {
        None => work(),
        Some(n) => {
            rayon::ThreadPoolBuilder::new().num_threads(n).build().map_err(Error::Threads)?.install(work)
        }
    }
}

/// Runs part `shard` of the sweep `plan`, its part written as `format`,
/// with its `railshed-shard/1` manifest; `progress` hears the number of
/// the part's variants done.
pub fn sweep_shard(
    plan: SweepPlan,
    shard: Shard,
    format: TableFormat,
    version: &str,
    progress: &mut dyn FnMut(usize),
) -> Result<PartFiles> {
    let range = shard.range(plan.variants());
    let Swept { table, mut run } = plan.run(range.clone(), version, progress)?;
    run["part_format"] = json!(format.extension());
    let part = table.to_bytes(format)?;
    let part_name = format!("{}.{}", shard.stem(), format.extension());
    let manifest = json!({
        "format": crate::shard::MANIFEST_FORMAT,
        "run": run,
        "shard": {"index": shard.index, "count": shard.count, "variants": [range.start, range.end]},
        "part": {"file": part_name, "rows": table.rows(), "sha256": railshed_report::html::sha256_hex(&part)},
    });
    Ok(PartFiles {
        part_name,
        part,
        manifest_name: format!("{}.json", shard.stem()),
        manifest: serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n",
    })
}

/// The parts of a sharded sweep (checked by `railshed::shard::merge` to be
/// one whole run) as the rows of the unsharded run, after checking that
/// the sweep and its inputs are still those the parts were run with.
pub(crate) fn merge_parts(
    dir: &Path,
    manifests: &[Manifest],
    run: &Json,
    format: TableFormat,
    version: &str,
) -> Result<Merged> {
    let first = &manifests[0].file;
    let file = run["request"]["sweep"]
        .as_str()
        .ok_or_else(|| Error::bad_input(format!("{first}: $.run.request.sweep: not as a shard writes it")))?;
    // The sweep again, read and checked, not evaluated: the document the
    // manifests carry, else the file they name.
    let plan = match &run["request"]["document"] {
        Json::Null => SweepPlan::new(Path::new(file))?,
        document => SweepPlan::from_document(document)?,
    };
    let total = plan.variants();
    let columns = plan.columns();
    let mut expect = plan.run_json(version, NetworkSummary { stations: 0, served: 0, lines: 0, trips: 0 })?;
    expect["part_format"] = json!(format.extension());
    if &expect != run {
        return Err(Error::bad_input(format!(
            "{first}: the sweep or its inputs differ from those the shards read (a sweep, scenario, zone or hub file changed since): run the shards again"
        )));
    }
    let schema: Vec<(&str, Kind)> = columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
    let mut merged: Vec<Column> = columns
        .iter()
        .map(|(_, k)| match k {
            Kind::Int => Column::Int(Vec::new()),
            Kind::Float => Column::Float(Vec::new()),
            Kind::Text => Column::Text(Vec::new()),
        })
        .collect();
    let mut next = 0;
    for m in manifests {
        if m.zones != m.shard.range(total) || m.zones.start != next {
            return Err(Error::bad_input(format!(
                "{}: $.shard.variants: not the variants of part {}",
                m.file, m.shard
            )));
        }
        next = m.zones.end;
        let name = format!("{}.{}", m.shard.stem(), format.extension());
        if m.value["part"]["file"].as_str() != Some(&name) {
            return Err(Error::bad_input(format!("{}: $.part.file: not {name}", m.file)));
        }
        let path = dir.join(&name);
        let part = path.display().to_string();
        let bytes = railshed_io::parts::read_bytes(&path)?;
        if m.value["part"]["sha256"].as_str() != Some(&railshed_report::html::sha256_hex(&bytes)) {
            return Err(Error::bad_input(format!(
                "{part}: its SHA-256 is not the one {} records: a part of another run, or changed since",
                m.file
            )));
        }
        let t = Table::from_bytes(&part, &bytes, format, &schema)?;
        if t.rows() != m.zones.len() {
            return Err(Error::bad_input(format!(
                "{part}: {} rows where {} were expected",
                t.rows(),
                m.zones.len()
            )));
        }
        if let Some(Column::Int(v)) = t.column("variant")
            && v.iter().zip(m.zones.clone()).any(|(&a, b)| a != b as i64)
        {
            return Err(Error::bad_input(format!("{part}: its variants are not those of part {}", m.shard)));
        }
        for (acc, (_, col)) in merged.iter_mut().zip(t.columns) {
            match (acc, col) {
                (Column::Int(a), Column::Int(b)) => a.extend(b),
                (Column::Float(a), Column::Float(b)) => a.extend(b),
                (Column::Text(a), Column::Text(b)) => a.extend(b),
                _ => return Err(Error::bad_input(format!("{part}: not a sweep part"))),
            }
        }
    }
    let table = Table::new(schema.iter().map(|&(n, _)| n).zip(merged).collect());
    let mut run = run.clone();
    if let Some(o) = run.as_object_mut() {
        o.remove("part_format");
    }
    Ok(Merged::Sweep(Box::new(Swept { table, run })))
}

/// Whether `out` names a table file (`.parquet` or `.csv`) rather than a
/// folder.
fn is_table(out: &Path) -> bool {
    let ext = out.extension().and_then(|x| x.to_str()).unwrap_or_default();
    TableFormat::of(out) == TableFormat::Parquet || ext.eq_ignore_ascii_case("csv")
}

/// Writes a sweep's rows as `railshed sweep --out` does: the table alone
/// in the format of `out`'s extension (`.parquet` or `.csv`), or else the
/// folder of [`FILES`], replaced as a set.
pub fn write(out: &Path, swept: &Swept) -> Result<()> {
    if is_table(out) {
        railshed_io::atomic::write(out, &swept.table.to_bytes(TableFormat::of(out))?)?;
    } else {
        let set = railshed_io::atomic::DirSet::begin(out, railshed_io::atomic::Output::Names(FILES))?;
        for (name, bytes) in FILES.iter().zip(swept.files()?) {
            set.write(name, &bytes)?;
        }
        set.commit()?;
    }
    Ok(())
}

/// Checks, before any work, that [`write()`] can write to `out`.
pub fn check_out(out: &Path) -> Result<()> {
    if is_table(out) {
        railshed_io::atomic::check(out, railshed_io::atomic::Output::File)?;
    } else {
        railshed_io::atomic::check(out, railshed_io::atomic::Output::Names(FILES))?;
    }
    Ok(())
}
