//! The `railshed` Python package's native module, `railshed._railshed`:
//! networks, journeys and matrices (`Network`) and comparisons
//! (`compare`) over the `railshed` library, with tables handed over
//! through the Arrow C data interface (the `arrow` module). The Python part
//! (`python/railshed/__init__.py`) wraps them in the documented API.
//!
//! Every computation runs with the GIL released; results are the same as
//! the command line's, which calls the same library functions.

use std::sync::Mutex;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyTuple};
use railshed::matrix::{MatrixRequest, MatrixResult};
use railshed::network::{NetworkSpec, Prepared};
use railshed::route::{RouteRequest, When};
use railshed::shard::{Merged, PartFiles, Shard};
use railshed::sweep::{SweepPlan, Swept};
use railshed::{Against, Comparison, ErrorKind, Measure, Outcome, Render, Request, SETTINGS_ORIGIN};
use railshed_core::Time;
use railshed_io::Date;
use railshed_io::table::TableFormat;
use railshed_solver::{UNREACHABLE, Window};

mod arrow;

use arrow::{Column, Exported, Num, Table};

pyo3::create_exception!(
    _railshed,
    InputError,
    PyValueError,
    "Bad input: a file, name or argument railshed cannot use. The message is the command line's one-line error; \
     `file`, `position` and `object` name the file, the place in it and the object at fault, where known (else None)."
);

/// The longest message, as the command line prints it after `error: `.
const MAX_MESSAGE_CHARS: usize = 400 - "error: ".len();

/// The message and its causes on one line, as the command line prints it.
fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    let flat = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    railshed_io::elide(&flat, MAX_MESSAGE_CHARS).into_owned()
}

/// An `InputError` with this message and no file, position or object.
fn input_error(py: Python<'_>, message: &str) -> PyErr {
    input_error_at(py, message, None, None, None)
}

fn input_error_at(
    py: Python<'_>,
    message: &str,
    file: Option<String>,
    position: Option<String>,
    object: Option<String>,
) -> PyErr {
    let err = InputError::new_err(message.to_owned());
    let value = err.value(py);
    for (name, v) in [("file", file), ("position", position), ("object", object)] {
        // Setting an attribute on a fresh exception object does not fail
        // but for lack of memory, when the exception itself is the answer.
        let _ = value.setattr(name, v.filter(|s| !s.is_empty()));
    }
    err
}

/// A library error as a Python exception: `InputError` for bad input,
/// `RuntimeError` otherwise.
fn to_py(py: Python<'_>, e: &railshed::Error) -> PyErr {
    let message = one_line(e);
    if e.kind() != ErrorKind::BadInput {
        return PyRuntimeError::new_err(message);
    }
    match e {
        railshed::Error::Io(railshed_io::Error::Invalid { problems }) => {
            let p = &problems[0];
            input_error_at(
                py,
                &message,
                Some(p.file.clone()),
                Some(p.location.clone()),
                Some(p.object.clone()),
            )
        }
        railshed::Error::Io(railshed_io::Error::Io { path, .. }) => {
            input_error_at(py, &message, Some(path.display().to_string()), None, None)
        }
        _ => input_error(py, &message),
    }
}

/// A time `HH:MM` or `HH:MM:SS` (past 24:00 after midnight).
fn time(py: Python<'_>, what: &str, text: &str) -> PyResult<Time> {
    Time::parse(text).map_err(|e| input_error(py, &format!("{what}: {e}")))
}

/// A table ready to cross into Python through the Arrow PyCapsule protocol
/// (`__arrow_c_array__`); `pyarrow.record_batch(batch)` imports it once.
#[pyclass(module = "railshed._railshed", name = "ArrowBatch")]
struct ArrowBatch {
    table: Mutex<Option<Table>>,
}

impl ArrowBatch {
    fn new(table: Table) -> ArrowBatch {
        ArrowBatch { table: Mutex::new(Some(table)) }
    }
}

#[pymethods]
impl ArrowBatch {
    /// The table as a pair of PyCapsules (`arrow_schema`, `arrow_array`):
    /// a struct array whose fields are the columns. It can be exported once.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema; // the table's own types are the only ones offered
        let table = self
            .table
            .lock()
            .map_err(|_| PyRuntimeError::new_err("the table's lock is poisoned"))?
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this table was exported already"))?;
        let (schema, array) = table.export();
        let schema = PyCapsule::new_with_value_and_destructor(
            py,
            Exported(schema),
            c"arrow_schema",
            |s: Exported<arrow::FfiSchema>, _| s.release(),
        )?;
        let array = PyCapsule::new_with_value_and_destructor(
            py,
            Exported(array),
            c"arrow_array",
            |a: Exported<arrow::FfiArray>, _| a.release(),
        )?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    /// Rows of the table (0 once exported).
    fn __len__(&self) -> usize {
        self.table.lock().ok().and_then(|t| t.as_ref().map(Table::rows)).unwrap_or(0)
    }
}

/// A network prepared for journey planning (see the Python class
/// `railshed.Network`).
#[pyclass(module = "railshed._railshed", name = "Network", frozen)]
struct Network {
    prepared: Prepared,
    /// What it was prepared from, recorded in a matrix shard's manifest.
    spec: NetworkSpec,
}

#[pymethods]
impl Network {
    #[new]
    #[pyo3(signature = (network=None, schemes=Vec::new(), overlays=Vec::new(), timetable=None, date=None, default_change_time=None))]
    fn new(
        py: Python<'_>,
        network: Option<String>,
        schemes: Vec<String>,
        overlays: Vec<String>,
        timetable: Option<String>,
        date: Option<String>,
        default_change_time: Option<u32>,
    ) -> PyResult<Network> {
        if network.is_some() && timetable.is_some() {
            return Err(input_error(py, "give a network or a timetable, not both"));
        }
        let date = match date {
            Some(d) => Some(
                Date::parse_iso(&d)
                    .ok_or_else(|| input_error(py, &format!("{d:?} is not a date YYYY-MM-DD")))?,
            ),
            None => None,
        };
        if timetable.is_none() && default_change_time.is_some() {
            return Err(input_error(py, "default_change_time applies to a timetable only"));
        }
        let spec = NetworkSpec {
            network: network.map(Into::into),
            schemes,
            overlays: overlays.into_iter().map(Into::into).collect(),
            timetable: timetable.map(Into::into),
            date,
            default_change_time,
        };
        if spec.timetable.is_some() && spec.date.is_none() {
            return Err(input_error(py, "a timetable needs a date YYYY-MM-DD"));
        }
        let prepared = py.detach(|| spec.prepare()).map_err(|e| to_py(py, &e))?;
        Ok(Network { prepared, spec })
    }

    /// The station table: id, name, crs, tiploc, tiplocs (space-separated),
    /// lat, lon, min_change_s, interchange (an RDG interchange point), lad.
    fn stations(&self) -> ArrowBatch {
        let mut cols = [
            Column::utf8("id"),
            Column::utf8("name"),
            Column::utf8("crs"),
            Column::utf8("tiploc"),
            Column::utf8("tiplocs"),
            Column::f64("lat"),
            Column::f64("lon"),
            Column::i64("min_change_s"),
            Column::bool("interchange"),
            Column::utf8("lad"),
        ];
        for s in self.prepared.stations() {
            cols[0].push_str(Some(&s.id));
            cols[1].push_str(Some(&s.name));
            cols[2].push_str(s.crs.as_deref());
            cols[3].push_str(s.tiplocs.first().map(String::as_str));
            cols[4].push_str(Some(&s.tiplocs.join(" ")));
            cols[5].push_num(Some(Num::Float(s.pos.y())));
            cols[6].push_num(Some(Num::Float(s.pos.x())));
            cols[7].push_num(Some(Num::Int(i64::from(s.min_change))));
            cols[8].push_num(Some(Num::Bool(s.interchange.is_interchange())));
            cols[9].push_str(s.lad.as_deref());
        }
        ArrowBatch::new(Table { columns: cols.into() })
    }

    /// The journey as the JSON text of `railshed route --format json`.
    #[pyo3(signature = (origin, destination, depart=None, arrive_by=None, max_transfers=None))]
    fn route(
        &self,
        py: Python<'_>,
        origin: String,
        destination: String,
        depart: Option<String>,
        arrive_by: Option<String>,
        max_transfers: Option<u32>,
    ) -> PyResult<String> {
        let when = match (depart, arrive_by) {
            (Some(t), None) => When::Depart(time(py, "depart", &t)?),
            (None, Some(t)) => When::ArriveBy(time(py, "arrive_by", &t)?),
            (Some(_), Some(_)) => return Err(input_error(py, "give depart or arrive_by, not both")),
            (None, None) => return Err(input_error(py, "give depart=TIME or arrive_by=TIME")),
        };
        let req = RouteRequest { from: origin, to: destination, when, max_transfers };
        let p = &self.prepared;
        py.detach(|| railshed::route::route(p, &req).map(|r| r.to_json_string())).map_err(|e| to_py(py, &e))
    }

    /// The matrix in long layout: origin, destination, one int32 column of
    /// whole minutes per statistic (null where there is no journey).
    #[pyo3(signature = (origins, start, end, percentiles, mean, best, max_transfers=None, threads=None))]
    #[allow(clippy::too_many_arguments)] // the Python signature, one argument each
    fn matrix(
        &self,
        py: Python<'_>,
        origins: String,
        start: String,
        end: String,
        percentiles: Vec<f64>,
        mean: bool,
        best: bool,
        max_transfers: Option<u32>,
        threads: Option<usize>,
    ) -> PyResult<ArrowBatch> {
        let req = matrix_request(py, origins, &start, &end, percentiles, mean, best, max_transfers, threads)?;
        let p = &self.prepared;
        py.detach(|| railshed::matrix::matrix(p, &req, &|_| {}).map(|m| ArrowBatch::new(matrix_table(&m))))
            .map_err(|e| to_py(py, &e))
    }

    /// Shard `index` of `count` of the matrix (its origins split as
    /// `railshed matrix --shard I/N` splits them), long layout: the part
    /// and its manifest, written into `dir` when given (the manifest last),
    /// and returned as `(part_name, part_bytes, manifest_name, manifest)`.
    #[pyo3(signature = (origins, start, end, percentiles, mean, best, index, count, dir=None, part_format="parquet", max_transfers=None, threads=None))]
    #[allow(clippy::too_many_arguments)] // the Python signature, one argument each
    fn matrix_shard<'py>(
        &self,
        py: Python<'py>,
        origins: String,
        start: String,
        end: String,
        percentiles: Vec<f64>,
        mean: bool,
        best: bool,
        index: u32,
        count: u32,
        dir: Option<String>,
        part_format: &str,
        max_transfers: Option<u32>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let req = matrix_request(py, origins, &start, &end, percentiles, mean, best, max_transfers, threads)?;
        let shard = shard(py, index, count)?;
        let format = part_format_of(py, part_format)?;
        let dir = dir.map(std::path::PathBuf::from);
        check_part(py, dir.as_deref(), shard, format)?;
        let (p, spec) = (&self.prepared, &self.spec);
        let files = py
            .detach(|| {
                let files = railshed::matrix::matrix_shard(
                    p,
                    spec,
                    &req,
                    railshed::matrix::Layout::Long,
                    shard,
                    format,
                    env!("CARGO_PKG_VERSION"),
                    &|_| {},
                )?;
                write_part(dir.as_deref(), &files)?;
                Ok(files)
            })
            .map_err(|e| to_py(py, &e))?;
        part_tuple(py, files)
    }
}

/// A matrix request from the Python arguments.
#[allow(clippy::too_many_arguments)] // the Python signature, one argument each
fn matrix_request(
    py: Python<'_>,
    origins: String,
    start: &str,
    end: &str,
    percentiles: Vec<f64>,
    mean: bool,
    best: bool,
    max_transfers: Option<u32>,
    threads: Option<usize>,
) -> PyResult<MatrixRequest> {
    let window = Window::new(time(py, "window", start)?, time(py, "window", end)?);
    if window.end <= window.start {
        return Err(input_error(
            py,
            &format!("window {:?} must end after it starts", format!("{start}-{end}")),
        ));
    }
    Ok(MatrixRequest { from: origins, window, percentiles, mean, best, max_transfers, threads })
}

/// Part `index` of `count`.
fn shard(py: Python<'_>, index: u32, count: u32) -> PyResult<Shard> {
    Shard::parse(&format!("{index}/{count}")).map_err(|e| to_py(py, &e))
}

fn part_format_of(py: Python<'_>, text: &str) -> PyResult<TableFormat> {
    match text {
        "parquet" => Ok(TableFormat::Parquet),
        "csv" => Ok(TableFormat::Csv),
        other => Err(input_error(py, &format!("part_format {other:?}: expected \"parquet\" or \"csv\""))),
    }
}

/// Checks, before any work, that a part and its manifest can be written
/// into `dir`.
fn check_part(
    py: Python<'_>,
    dir: Option<&std::path::Path>,
    shard: Shard,
    format: TableFormat,
) -> PyResult<()> {
    let Some(dir) = dir else { return Ok(()) };
    for ext in [format.extension(), "json"] {
        railshed_io::atomic::check(
            &dir.join(format!("{}.{ext}", shard.stem())),
            railshed_io::atomic::Output::File,
        )
        .map_err(|e| to_py(py, &e.into()))?;
    }
    Ok(())
}

/// Writes a part into `dir`, its manifest last (as `--shard` does: a part
/// is complete once its manifest is there).
fn write_part(dir: Option<&std::path::Path>, files: &PartFiles) -> railshed::Result<()> {
    match dir {
        Some(dir) => files.write_into(dir),
        None => Ok(()),
    }
}

fn part_tuple(py: Python<'_>, files: PartFiles) -> PyResult<Bound<'_, PyTuple>> {
    let PartFiles { part_name, part, manifest_name, manifest } = files;
    PyTuple::new(
        py,
        [
            part_name.into_pyobject(py)?.into_any(),
            PyBytes::new(py, &part).into_any(),
            manifest_name.into_pyobject(py)?.into_any(),
            manifest.into_pyobject(py)?.into_any(),
        ],
    )
}

fn matrix_table(m: &MatrixResult<'_>) -> Table {
    let ids: Vec<&str> = m.prepared.stations().iter().map(|s| s.id.as_str()).collect();
    let mut origin = Column::utf8("origin");
    let mut destination = Column::utf8("destination");
    let mut stats: Vec<Column> = m.stat_names().iter().map(|n| Column::i32(n)).collect();
    for (row, o) in m.matrix.origins().iter().enumerate() {
        for id in &ids {
            origin.push_str(Some(ids[o.idx()]));
            destination.push_str(Some(id));
        }
        for (k, col) in stats.iter_mut().enumerate() {
            col.extend_i32(m.matrix.row(row, k).iter().map(|&v| (v != UNREACHABLE).then_some(i32::from(v))));
        }
    }
    let mut columns = vec![origin, destination];
    columns.extend(stats);
    Table { columns }
}

/// A comparison's outcome. `Outcome` is not `Send` only through its
/// loader's boxed file source; [`compare`] and [`merge`] make it with
/// `Loader::new`, whose source is the file system (a unit struct).
struct SendOutcome(Outcome);

// SAFETY: the only field of `Outcome` that is not `Send` is the loader's
// `Box<dyn ScenarioSource>`, and an outcome made by `railshed::compare` or
// `railshed::shard::merge` (the only ways `compare` and `merge` below make
// one, both through `Plan::new`, so `Loader::new`) holds the file-system
// source, a unit struct with no thread-bound state. The mutex in `Comparison` keeps
// the loader's `RefCell` to one thread at a time.
unsafe impl Send for SendOutcome {}

/// A comparison of scenarios (see the Python class `railshed.Comparison`).
#[pyclass(module = "railshed._railshed", name = "Comparison", frozen)]
struct PyComparison {
    outcome: Mutex<SendOutcome>,
}

fn key(minutes: f64) -> String {
    if minutes.fract() == 0.0 { format!("{}", minutes as i64) } else { format!("{minutes}") }
}

impl PyComparison {
    fn with<T>(&self, f: impl FnOnce(&Outcome) -> T) -> PyResult<T> {
        let guard =
            self.outcome.lock().map_err(|_| PyRuntimeError::new_err("the comparison's lock is poisoned"))?;
        Ok(f(&guard.0))
    }
}

fn catchments(c: &Comparison) -> Table {
    let mut cols = [
        Column::utf8("scenario"),
        Column::utf8("hub"),
        Column::utf8("hub_name"),
        Column::f64("minutes"),
        Column::utf8("measure"),
        Column::i64("population"),
        Column::i64("change"),
    ];
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (h, hub) in c.hubs.iter().enumerate() {
            for (t, &m) in c.settings.thresholds_min.iter().enumerate() {
                let cells = c.cells(|r| Some(c.reach(r, mi).figures.catchment[h][t] as i64));
                for (run, cell) in c.runs.iter().zip(cells) {
                    cols[0].push_str(Some(&run.name));
                    cols[1].push_str(Some(&hub.id));
                    cols[2].push_str(Some(&hub.name));
                    cols[3].push_num(Some(Num::Float(m)));
                    cols[4].push_str(Some(measure.id()));
                    cols[5].push_num(cell.value.map(Num::Int));
                    cols[6].push_num(Some(Num::Int(cell.change.unwrap_or(0))));
                }
            }
        }
    }
    Table { columns: cols.into() }
}

fn network_effect(c: &Comparison) -> Table {
    let mut cols = [
        Column::utf8("definition"),
        Column::utf8("scenario"),
        Column::i64("n"),
        Column::i64("k"),
        Column::f64("minutes"),
        Column::utf8("measure"),
        Column::i64("population"),
        Column::i64("change"),
    ];
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (d, ne) in c.settings.definitions().iter().enumerate() {
            for (t, &m) in ne.minutes.iter().enumerate() {
                let cells = c.cells(|r| Some(c.reach(r, mi).figures.network_effect[d][t] as i64));
                for (run, cell) in c.runs.iter().zip(cells) {
                    cols[0].push_str(Some(&ne.id));
                    cols[1].push_str(Some(&run.name));
                    cols[2].push_num(Some(Num::Int(ne.n as i64)));
                    cols[3].push_num(Some(Num::Int(ne.cities.len() as i64)));
                    cols[4].push_num(Some(Num::Float(m)));
                    cols[5].push_str(Some(measure.id()));
                    cols[6].push_num(cell.value.map(Num::Int));
                    cols[7].push_num(Some(Num::Int(cell.change.unwrap_or(0))));
                }
            }
        }
    }
    Table { columns: cols.into() }
}

/// One row per zone and scenario, the columns of `zones.csv` per scenario.
fn zones(c: &Comparison) -> Table {
    let s = &c.settings;
    let mut cols = vec![
        Column::utf8("scenario"),
        Column::utf8("zone"),
        Column::utf8("name"),
        Column::utf8("lad"),
        Column::i64("population"),
        Column::f64("jobs"),
        Column::f64("lat"),
        Column::f64("lon"),
    ];
    let fixed = cols.len();
    cols.extend(s.definitions()[0].minutes.iter().map(|&m| Column::i64(&format!("cities_{}", key(m)))));
    cols.extend(s.jobs_minutes.iter().map(|&m| Column::f64(&format!("jobs_{}", key(m)))));
    cols.extend(
        s.effective_density.sectors.iter().map(|x| Column::f64(&format!("ed_{}", x.name.replace(' ', "_")))),
    );
    cols.extend(c.hubs.iter().map(|hub| Column::f64(&format!("min_{}", hub.id))));
    for run in &c.runs {
        let ind = &run.indicators;
        for (z, zone) in c.zones.iter().enumerate() {
            cols[0].push_str(Some(&run.name));
            cols[1].push_str(Some(&zone.code));
            cols[2].push_str(Some(&zone.name));
            cols[3].push_str(Some(&zone.lad));
            cols[4].push_num(Some(Num::Int(i64::from(zone.population))));
            cols[5].push_num(Some(Num::Float(c.jobs[z])));
            cols[6].push_num(Some(Num::Float(zone.pos.y())));
            cols[7].push_num(Some(Num::Float(zone.pos.x())));
            let values = ind.cities_reached[z]
                .iter()
                .map(|&v| Some(Num::Int(i64::from(v))))
                .chain(ind.jobs_within[z].iter().map(|&v| Some(Num::Float(v))))
                .chain(ind.effective_density[z].iter().map(|&v| Some(Num::Float(v))))
                .chain(ind.zone_hub[z].iter().map(|v| v.map(Num::Float)));
            for (col, v) in cols[fixed..].iter_mut().zip(values) {
                col.push_num(v);
            }
        }
    }
    Table { columns: cols }
}

#[pymethods]
impl PyComparison {
    /// The JSON text `railshed compare --format json` prints.
    fn json(&self) -> PyResult<String> {
        self.with(|o| {
            let json = railshed_io::results::to_json(&o.comparison, env!("CARGO_PKG_VERSION"));
            serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
        })
    }

    /// Hub catchments, long: scenario, hub, hub_name, minutes, measure,
    /// population, change (from the first scenario; 0 for it).
    fn catchments(&self) -> PyResult<ArrowBatch> {
        self.with(|o| ArrowBatch::new(catchments(&o.comparison)))
    }

    /// The network effect, long: scenario, n, k, minutes, measure,
    /// population, change.
    fn network_effect(&self) -> PyResult<ArrowBatch> {
        self.with(|o| ArrowBatch::new(network_effect(&o.comparison)))
    }

    /// Per-zone indicators, one row per zone and scenario.
    fn zones(&self) -> PyResult<ArrowBatch> {
        self.with(|o| ArrowBatch::new(zones(&o.comparison)))
    }

    /// The zones as GeoJSON (the `zones.geojson` of `compare --out`).
    fn zones_geojson(&self) -> PyResult<String> {
        self.with(|o| railshed_io::results::zones_geojson(&o.comparison).to_string())
    }

    /// Each zone's geometry as GeoJSON text, in the order of the zones of
    /// `zones()`: its local authority's or region's polygon where the zone
    /// is one, else its centroid (`railshed::geometry::zone_geometries`).
    fn zone_geometries(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        self.with(|o| railshed::geometry::zone_geometries(&o.comparison.zones))?
            .map(|g| g.iter().map(|v| v.to_string()).collect())
            .map_err(|e| to_py(py, &e))
    }

    /// The scenarios' names, the reference first.
    fn scenario_names(&self) -> PyResult<Vec<String>> {
        self.with(|o| o.comparison.runs.iter().map(|r| r.name.clone()).collect())
    }

    /// Writes the HTML report (`compare --report FILE`), replacing the file
    /// whole or leaving it as it was.
    fn write_report(&self, py: Python<'_>, path: String) -> PyResult<()> {
        let outcome = &self.outcome;
        let result: Result<(), String> = py.detach(|| {
            let path = std::path::Path::new(&path);
            railshed_io::atomic::check(path, railshed_io::atomic::Output::File).map_err(|e| one_line(&e))?;
            let guard = outcome.lock().map_err(|_| "the comparison's lock is poisoned".to_owned())?;
            let rendered = guard
                .0
                .render(Render { html: true, figures: false }, env!("CARGO_PKG_VERSION"))
                .map_err(|e| one_line(&e))?;
            let html = rendered.html.unwrap_or_default();
            railshed_io::atomic::write(path, html.as_bytes()).map_err(|e| one_line(&e))
        });
        result.map_err(|m| input_error(py, &m))
    }
}

/// A comparison request from the Python arguments; `settings` is the JSON
/// text of the evaluation settings put on top of the scenarios' own.
#[allow(clippy::too_many_arguments)] // the Python arguments, one each
fn request(
    py: Python<'_>,
    scenarios: Vec<String>,
    against: &str,
    zones: Option<String>,
    hubs: Option<String>,
    measures: Vec<String>,
    settings: Option<String>,
    centre_sets: Vec<String>,
    centre_sets_file: Option<String>,
) -> PyResult<Request> {
    let against = match against {
        "base" => Against::Base,
        "parent" => Against::Parent,
        other => return Err(input_error(py, &format!("against {other:?}: expected \"base\" or \"parent\""))),
    };
    let measures = measures
        .iter()
        .map(|m| {
            Measure::from_id(m).ok_or_else(|| {
                input_error(py, &format!("measure {m:?}: expected \"door-to-door\", \"station\" or \"gjt\""))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let settings = match settings {
        Some(text) => Some(
            serde_json::from_str::<serde_json::Value>(&text)
                .map_err(|e| input_error(py, &format!("{SETTINGS_ORIGIN}: not JSON: {e}")))?,
        ),
        None => None,
    };
    // Like `railshed compare --format json`, the result carries where the
    // time goes.
    Ok(Request {
        scenarios,
        against,
        zones: zones.map(Into::into),
        hubs: hubs.map(Into::into),
        measures,
        explain: true,
        settings,
        centre_sets,
        centre_sets_file: centre_sets_file.map(Into::into),
    })
}

/// Runs a comparison (see the Python function `railshed.compare`).
#[pyfunction]
#[pyo3(signature = (scenarios, against="base", zones=None, hubs=None, measures=Vec::new(), settings=None, centre_sets=Vec::new(), centre_sets_file=None))]
#[allow(clippy::too_many_arguments)] // the Python signature, one argument each
fn compare(
    py: Python<'_>,
    scenarios: Vec<String>,
    against: &str,
    zones: Option<String>,
    hubs: Option<String>,
    measures: Vec<String>,
    settings: Option<String>,
    centre_sets: Vec<String>,
    centre_sets_file: Option<String>,
) -> PyResult<PyComparison> {
    let request =
        request(py, scenarios, against, zones, hubs, measures, settings, centre_sets, centre_sets_file)?;
    let outcome =
        py.detach(|| railshed::compare(&request, &mut |_| {}).map(SendOutcome)).map_err(|e| to_py(py, &e))?;
    Ok(PyComparison { outcome: Mutex::new(outcome) })
}

/// Shard `index` of `count` of a comparison (`railshed compare --shard
/// I/N`): the part and its manifest, written into `dir` when given (the
/// manifest last), and returned as `(part_name, part_bytes, manifest_name,
/// manifest)`.
#[pyfunction]
#[pyo3(signature = (scenarios, index, count, against="base", zones=None, hubs=None, measures=Vec::new(), settings=None, centre_sets=Vec::new(), centre_sets_file=None, dir=None, part_format="parquet"))]
#[allow(clippy::too_many_arguments)] // the Python signature, one argument each
fn compare_shard<'py>(
    py: Python<'py>,
    scenarios: Vec<String>,
    index: u32,
    count: u32,
    against: &str,
    zones: Option<String>,
    hubs: Option<String>,
    measures: Vec<String>,
    settings: Option<String>,
    centre_sets: Vec<String>,
    centre_sets_file: Option<String>,
    dir: Option<String>,
    part_format: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let request =
        request(py, scenarios, against, zones, hubs, measures, settings, centre_sets, centre_sets_file)?;
    let shard = shard(py, index, count)?;
    let format = part_format_of(py, part_format)?;
    let dir = dir.map(std::path::PathBuf::from);
    check_part(py, dir.as_deref(), shard, format)?;
    let files = py
        .detach(|| {
            let files = railshed::shard::compare_shard(
                &request,
                shard,
                format,
                env!("CARGO_PKG_VERSION"),
                &mut |_| {},
            )?;
            write_part(dir.as_deref(), &files)?;
            Ok(files)
        })
        .map_err(|e| to_py(py, &e))?;
    part_tuple(py, files)
}

/// The sweep a Python call names: a file's path, or a document (the JSON
/// text of a dict).
fn sweep_plan(path: Option<&str>, document: Option<&serde_json::Value>) -> railshed::Result<SweepPlan> {
    match (path, document) {
        (_, Some(document)) => SweepPlan::from_document(document),
        (Some(path), None) => SweepPlan::new(std::path::Path::new(path)),
        (None, None) => Err(railshed::Error::bad_input("give a sweep file or a sweep document")),
    }
}

/// The JSON text of a sweep document, read.
fn sweep_document(py: Python<'_>, document: Option<String>) -> PyResult<Option<serde_json::Value>> {
    document
        .map(|text| {
            serde_json::from_str(&text)
                .map_err(|e| input_error(py, &format!("{}: not JSON: {e}", railshed::sweep::DOCUMENT_ORIGIN)))
        })
        .transpose()
}

/// A sweep's rows and the record of its run (see the Python class
/// `railshed.Sweep`).
#[pyclass(module = "railshed._railshed", name = "Sweep", frozen)]
struct PySweep {
    swept: Swept,
}

#[pymethods]
impl PySweep {
    /// The rows: `variant`, the parameters, the figures and their changes
    /// (int64 for whole numbers, float64 for parameters' values).
    fn rows(&self) -> ArrowBatch {
        ArrowBatch::new(io_table(&self.swept.table))
    }

    /// The texts of `sweep.csv` and `sweep.json`, as `railshed sweep --out
    /// DIR` writes them.
    fn files<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let [csv, manifest] = self.swept.files().map_err(|e| to_py(py, &e))?;
        PyTuple::new(py, [PyBytes::new(py, &csv), PyBytes::new(py, &manifest)])
    }

    /// Writes the rows as `railshed sweep --out` does: a folder (`sweep.csv`
    /// and `sweep.json`), or the table alone as `FILE.parquet` or `FILE.csv`.
    fn write(&self, py: Python<'_>, out: String) -> PyResult<()> {
        let swept = &self.swept;
        py.detach(|| {
            let out = std::path::Path::new(&out);
            railshed::sweep::check_out(out)?;
            railshed::sweep::write(out, swept)
        })
        .map_err(|e| to_py(py, &e))
    }
}

/// A table of `railshed-io` as an Arrow table: whole numbers as int64,
/// numbers as float64 (null where missing), text as utf8.
fn io_table(t: &railshed_io::table::Table) -> Table {
    use railshed_io::table::Column as Io;
    let columns = t
        .columns
        .iter()
        .map(|(name, col)| match col {
            Io::Int(v) => {
                let mut c = Column::i64(name);
                v.iter().for_each(|&x| c.push_num(Some(Num::Int(x))));
                c
            }
            Io::Float(v) => {
                let mut c = Column::f64(name);
                v.iter().for_each(|&x| c.push_num(x.map(Num::Float)));
                c
            }
            Io::Text(v) => {
                let mut c = Column::utf8(name);
                v.iter().for_each(|x| c.push_str(Some(x)));
                c
            }
        })
        .collect();
    Table { columns }
}

/// Runs a whole sweep (`railshed sweep FILE`), from the file `path` or
/// the JSON text `document`, on `threads` worker threads.
#[pyfunction]
#[pyo3(signature = (path=None, document=None, threads=None))]
fn sweep(
    py: Python<'_>,
    path: Option<String>,
    document: Option<String>,
    threads: Option<usize>,
) -> PyResult<PySweep> {
    let document = sweep_document(py, document)?;
    let swept = py
        .detach(|| {
            railshed::sweep::with_threads(threads, || {
                let plan = sweep_plan(path.as_deref(), document.as_ref())?;
                let all = 0..plan.variants();
                plan.run(all, env!("CARGO_PKG_VERSION"), &mut |_| {})
            })
        })
        .map_err(|e| to_py(py, &e))?;
    Ok(PySweep { swept })
}

/// Shard `index` of `count` of a sweep (`railshed sweep FILE --shard
/// I/N`): the part and its manifest, written into `dir` when given (the
/// manifest last), and returned as `(part_name, part_bytes, manifest_name,
/// manifest)`.
#[pyfunction]
#[pyo3(signature = (index, count, path=None, document=None, threads=None, dir=None, part_format="parquet"))]
#[allow(clippy::too_many_arguments)] // the Python signature, one argument each
fn sweep_shard<'py>(
    py: Python<'py>,
    index: u32,
    count: u32,
    path: Option<String>,
    document: Option<String>,
    threads: Option<usize>,
    dir: Option<String>,
    part_format: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let document = sweep_document(py, document)?;
    let shard = shard(py, index, count)?;
    let format = part_format_of(py, part_format)?;
    let dir = dir.map(std::path::PathBuf::from);
    check_part(py, dir.as_deref(), shard, format)?;
    let files = py
        .detach(|| {
            railshed::sweep::with_threads(threads, || {
                let plan = sweep_plan(path.as_deref(), document.as_ref())?;
                let files = railshed::sweep::sweep_shard(
                    plan,
                    shard,
                    format,
                    env!("CARGO_PKG_VERSION"),
                    &mut |_| {},
                )?;
                write_part(dir.as_deref(), &files)?;
                Ok(files)
            })
        })
        .map_err(|e| to_py(py, &e))?;
    part_tuple(py, files)
}

/// What a merge gives, able to cross threads (see [`SendOutcome`]).
enum MergedFiles {
    Compare(Box<SendOutcome>),
    Matrix { format: TableFormat, bytes: Vec<u8> },
    Sweep(Box<Swept>),
}

/// Merges the folder of parts `dir` (`railshed merge DIR`). A comparison
/// gives `("compare", Comparison)`, its files written into the folder
/// `out` when given (those of `compare --out`); a matrix gives
/// `("matrix", (extension, bytes))`, the bytes of the unsharded `matrix
/// --out FILE` (Parquet or CSV, as the parts), also written to the file
/// `out` when given; a sweep gives `("sweep", Sweep)`, its rows and run,
/// written to `out` when given as `railshed sweep --out` writes them.
#[pyfunction]
#[pyo3(signature = (dir, out=None))]
fn merge<'py>(py: Python<'py>, dir: String, out: Option<String>) -> PyResult<Bound<'py, PyTuple>> {
    let version = env!("CARGO_PKG_VERSION");
    let (dir, out) = (std::path::PathBuf::from(dir), out.map(std::path::PathBuf::from));
    let merged = py
        .detach(|| -> railshed::Result<MergedFiles> {
            Ok(match railshed::shard::merge(&dir, version)? {
                Merged::Compare(outcome, _) => {
                    if let Some(out) = &out {
                        let names = railshed_io::atomic::Output::Names(railshed_io::results::FILES);
                        railshed_io::atomic::check(out, names)?;
                        railshed_io::results::write_all(out, &outcome.comparison, version)?;
                    }
                    MergedFiles::Compare(Box::new(SendOutcome(*outcome)))
                }
                Merged::Matrix { format, bytes, .. } => {
                    if let Some(out) = &out {
                        if TableFormat::of(out) != format {
                            return Err(railshed::Error::bad_input(format!(
                                "out {}: the parts are a {} matrix: name a .{} file",
                                out.display(),
                                format.extension(),
                                format.extension()
                            )));
                        }
                        railshed_io::atomic::write(out, &bytes)?;
                    }
                    MergedFiles::Matrix { format, bytes }
                }
                Merged::Sweep(swept) => {
                    if let Some(out) = &out {
                        railshed::sweep::check_out(out)?;
                        railshed::sweep::write(out, &swept)?;
                    }
                    MergedFiles::Sweep(swept)
                }
            })
        })
        .map_err(|e| to_py(py, &e))?;
    match merged {
        MergedFiles::Compare(outcome) => {
            let cmp = PyComparison { outcome: Mutex::new(*outcome) };
            PyTuple::new(py, ["compare".into_pyobject(py)?.into_any(), Bound::new(py, cmp)?.into_any()])
        }
        MergedFiles::Matrix { format, bytes } => {
            let file = PyTuple::new(
                py,
                [format.extension().into_pyobject(py)?.into_any(), PyBytes::new(py, &bytes).into_any()],
            )?;
            PyTuple::new(py, ["matrix".into_pyobject(py)?.into_any(), file.into_any()])
        }
        MergedFiles::Sweep(swept) => {
            let swept = PySweep { swept: *swept };
            PyTuple::new(py, ["sweep".into_pyobject(py)?.into_any(), Bound::new(py, swept)?.into_any()])
        }
    }
}

/// The native part of the `railshed` package.
#[pymodule]
fn _railshed(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add_class::<Network>()?;
    m.add_class::<PyComparison>()?;
    m.add_class::<ArrowBatch>()?;
    m.add_class::<PySweep>()?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(compare_shard, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_shard, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
