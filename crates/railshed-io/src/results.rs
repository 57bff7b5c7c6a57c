//! Comparison results as files: the `railshed-result/2` JSON, CSV tables,
//! GeoJSON of zones and the long zone × hub travel-time table.
//!
//! The JSON is documented in `scenarios/README.md`; scripts read it, so a
//! change to its shape needs a new format version.
//!
//! The zone × hub table is CSV in the folder of `compare --out`, which
//! DuckDB and QGIS read directly (`read_csv_auto('zone_hub_times.csv')`);
//! [`zone_hub_table`] gives it as a [`Table`] for a Parquet file
//! (`compare --out FILE.parquet`).

use std::path::Path;

use railshed_scenario::compare::{Comparison, tenths};
use railshed_scenario::indicators::Figures;
use serde_json::{Value, json};

use crate::Error;
use crate::atomic;
use crate::table::{Column, Table, TableFormat};

/// The format string of result files.
///
/// `railshed-result/2` added the measure: a top-level `measures` list, and
/// per scenario one `hubs` entry per measure and hub and one
/// `network_effect` entry per measure and time limit, each with its
/// `measure` and an `explain` object (the figure with terms of the journey
/// switched off); the settings gained `measure` and `station_radius_km`.
/// With several network-effect definitions (the `network_effects`
/// setting), each `network_effect` entry also names its `definition`; a
/// run with the one default definition has no such field, so its files are
/// as before.
pub const RESULT_FORMAT: &str = "railshed-result/2";

/// A threshold as a JSON key: `60` for whole minutes, `62.5` otherwise.
fn key(minutes: f64) -> String {
    if minutes.fract() == 0.0 { format!("{}", minutes as i64) } else { format!("{minutes}") }
}

/// Rounds to one decimal for output.
fn round1(v: f64) -> f64 {
    tenths(v)
}

/// The comparison as a `railshed-result/2` JSON value.
pub fn to_json(c: &Comparison, version: &str) -> Value {
    let s = &c.settings;
    let definitions = s.definitions();
    let scenarios: Vec<Value> = c
        .runs
        .iter()
        .enumerate()
        .map(|(r, run)| {
            let ind = &run.indicators;
            let (mut hubs, mut network_effect) = (Vec::new(), Vec::new());
            for mi in 0..c.measures().len() {
                let reach = c.reach(r, mi);
                let catchment = |f: &Figures, h: usize| -> serde_json::Map<String, Value> {
                    s.thresholds_min
                        .iter()
                        .enumerate()
                        .map(|(t, &m)| (key(m), json!(f.catchment[h][t])))
                        .collect()
                };
                for (h, hub) in c.hubs.iter().enumerate() {
                    let explain: serde_json::Map<String, Value> = reach
                        .explain
                        .iter()
                        .map(|(off, f)| (off.id().to_owned(), json!(catchment(f, h))))
                        .collect();
                    hubs.push(json!({
                        "id": hub.id,
                        "name": hub.name,
                        "measure": reach.measure.id(),
                        "catchment": catchment(&reach.figures, h),
                        "explain": explain,
                    }));
                }
                for (d, def) in definitions.iter().enumerate() {
                    for (t, &m) in def.minutes.iter().enumerate() {
                        let explain: serde_json::Map<String, Value> = reach
                            .explain
                            .iter()
                            .map(|(off, f)| (off.id().to_owned(), json!(f.network_effect[d][t])))
                            .collect();
                        let mut entry = json!({
                            "measure": reach.measure.id(),
                            "n": def.n,
                            "k": def.cities.len(),
                            "cities": def.cities,
                            "minutes": m,
                            "population": reach.figures.network_effect[d][t],
                            "explain": explain,
                        });
                        if s.names_definitions() {
                            entry["definition"] = json!(def.id);
                        }
                        network_effect.push(entry);
                    }
                }
            }
            let hub_times: Vec<Value> = ind
                .hub_times
                .iter()
                .map(|t| json!({"from": t.from, "to": t.to, "minutes": t.minutes, "changes": t.changes}))
                .collect();
            let jobs_within: serde_json::Map<String, Value> = s
                .jobs_minutes
                .iter()
                .enumerate()
                .map(|(k, &m)| (key(m), json!(round1(c.jobs_within_mean(r, k)))))
                .collect();
            let density: serde_json::Map<String, Value> = s
                .effective_density
                .sectors
                .iter()
                .enumerate()
                .map(|(k, sector)| (sector.name.clone(), json!(round1(c.effective_density_mean(r, k)))))
                .collect();
            json!({
                "name": run.name,
                "file": run.file,
                "lineage": run.lineage,
                "network": {
                    "stations": run.network.stations,
                    "stations_served": run.network.served,
                    "lines": run.network.lines,
                    "trips": run.network.trips,
                },
                "zones_population_total": c.population(),
                "hubs": hubs,
                "network_effect": network_effect,
                "hub_times": hub_times,
                "jobs_within_population_mean": jobs_within,
                "effective_density_population_mean": density,
            })
        })
        .collect();
    json!({
        "format": RESULT_FORMAT,
        "railshed_version": version,
        "settings": crate::settings::to_json(s),
        "measures": c.measures().iter().map(|m| m.id()).collect::<Vec<_>>(),
        "zones": c.zones.len(),
        "zones_population_total": c.population(),
        "scenarios": scenarios,
    })
}

/// A CSV table: the header row, then `rows`, quoted where a field needs
/// it (RFC 4180, by the `csv` crate).
fn table<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for row in rows {
        w.write_record(row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 fields")
}

/// An optional value, empty when absent.
fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// Hub catchments, long: `hub,hub_name,threshold_min,measure,scenario,population,change`
/// (change against the first scenario). Hubs are keyed by id, with the
/// name beside it.
pub fn hubs_csv(c: &Comparison) -> String {
    let mut rows = Vec::new();
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (h, hub) in c.hubs.iter().enumerate() {
            for (t, &m) in c.settings.thresholds_min.iter().enumerate() {
                let cells = c.cells(|r| Some(c.reach(r, mi).figures.catchment[h][t] as i64));
                for (run, cell) in c.runs.iter().zip(cells) {
                    rows.push([
                        hub.id.clone(),
                        hub.name.clone(),
                        key(m),
                        measure.id().to_owned(),
                        run.name.clone(),
                        opt(cell.value),
                        cell.change.unwrap_or(0).to_string(),
                    ]);
                }
            }
        }
    }
    table(&["hub", "hub_name", "threshold_min", "measure", "scenario", "population", "change"], rows)
}

/// The network-effect indicator, long:
/// `n,k,minutes,measure,scenario,population,change`, with a first column
/// `definition` (its id) when the settings give `network_effects`.
pub fn network_effect_csv(c: &Comparison) -> String {
    let named = c.settings.names_definitions();
    let mut rows = Vec::new();
    for (mi, measure) in c.measures().into_iter().enumerate() {
        for (d, def) in c.settings.definitions().iter().enumerate() {
            for (t, &m) in def.minutes.iter().enumerate() {
                let cells = c.cells(|r| Some(c.reach(r, mi).figures.network_effect[d][t] as i64));
                for (run, cell) in c.runs.iter().zip(cells) {
                    let mut row = Vec::with_capacity(8);
                    if named {
                        row.push(def.id.clone());
                    }
                    row.extend([
                        def.n.to_string(),
                        def.cities.len().to_string(),
                        key(m),
                        measure.id().to_owned(),
                        run.name.clone(),
                        opt(cell.value),
                        cell.change.unwrap_or(0).to_string(),
                    ]);
                    rows.push(row);
                }
            }
        }
    }
    let header = ["definition", "n", "k", "minutes", "measure", "scenario", "population", "change"];
    table(&header[usize::from(!named)..], rows)
}

/// Fastest hub-to-hub journeys, long (hubs keyed by id).
pub fn hub_times_csv(c: &Comparison) -> String {
    let mut rows = Vec::new();
    for run in &c.runs {
        for t in &run.indicators.hub_times {
            rows.push([t.from.clone(), t.to.clone(), run.name.clone(), opt(t.minutes), opt(t.changes)]);
        }
    }
    table(&["from", "to", "scenario", "minutes", "changes"], rows)
}

/// Per-zone indicators, wide: one row per zone, a column per scenario and indicator.
pub fn zones_csv(c: &Comparison) -> String {
    let s = &c.settings;
    let first = &s.definitions()[0];
    let mut header: Vec<String> =
        ["zone", "name", "lad", "population", "jobs", "lat", "lon"].map(str::to_owned).to_vec();
    for (r, _) in c.runs.iter().enumerate() {
        header.extend(first.minutes.iter().map(|&m| format!("s{r}_cities_{}", key(m))));
        header.extend(s.jobs_minutes.iter().map(|&m| format!("s{r}_jobs_{}", key(m))));
        header.extend(
            s.effective_density.sectors.iter().map(|x| format!("s{r}_ed_{}", x.name.replace(' ', "_"))),
        );
        header.extend(c.hubs.iter().map(|hub| format!("s{r}_min_{}", hub.id)));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = c.zones.iter().enumerate().map(|(z, zone)| {
        let mut row = vec![
            zone.code.clone(),
            zone.name.clone(),
            zone.lad.clone(),
            zone.population.to_string(),
            format!("{:.1}", c.jobs[z]),
            format!("{:.6}", zone.pos.y()),
            format!("{:.6}", zone.pos.x()),
        ];
        for run in &c.runs {
            let ind = &run.indicators;
            row.extend(ind.cities_reached[z].iter().map(|v| v.to_string()));
            row.extend(ind.jobs_within[z].iter().map(|v| format!("{v:.1}")));
            row.extend(ind.effective_density[z].iter().map(|v| format!("{v:.2}")));
            row.extend(ind.zone_hub[z].iter().map(|v| v.map_or(String::new(), |m| format!("{m:.1}"))));
        }
        row
    });
    table(&header, rows)
}

/// Door-to-door minutes from every zone to every hub, long:
/// `zone,hub,scenario,minutes` (empty when not reached in time; hubs keyed by id).
pub fn zone_hub_csv(c: &Comparison) -> String {
    let mut rows = Vec::new();
    for run in &c.runs {
        for (z, zone) in c.zones.iter().enumerate() {
            for (h, hub) in c.hubs.iter().enumerate() {
                let minutes = run.indicators.zone_hub[z][h].map_or(String::new(), |m| format!("{m:.1}"));
                rows.push([zone.code.clone(), hub.id.clone(), run.name.clone(), minutes]);
            }
        }
    }
    table(&["zone", "hub", "scenario", "minutes"], rows)
}

/// The zone × hub table of [`zone_hub_csv`] as columns, for Parquet:
/// `zone`, `hub`, `scenario` (text) and `minutes` (the number the CSV
/// prints, to one decimal; missing when not reached in time).
pub fn zone_hub_table(c: &Comparison) -> Table {
    let (mut zone, mut hub, mut scenario, mut minutes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in &c.runs {
        for (z, zn) in c.zones.iter().enumerate() {
            for (h, hb) in c.hubs.iter().enumerate() {
                zone.push(zn.code.clone());
                hub.push(hb.id.clone());
                scenario.push(run.name.clone());
                // The number the CSV prints, so both give the same values.
                let m = run.indicators.zone_hub[z][h].map(|m| format!("{m:.1}").parse().expect("a number"));
                minutes.push(m);
            }
        }
    }
    Table::new(vec![
        ("zone", Column::Text(zone)),
        ("hub", Column::Text(hub)),
        ("scenario", Column::Text(scenario)),
        ("minutes", Column::Float(minutes)),
    ])
}

/// Writes the zone × hub table to `path`: Parquet for a `.parquet` path
/// (as [`zone_hub_table`]), CSV otherwise (the bytes of
/// `zone_hub_times.csv`).
pub fn write_zone_hub(path: &Path, c: &Comparison) -> Result<(), Error> {
    let bytes = match TableFormat::of(path) {
        TableFormat::Csv => zone_hub_csv(c).into_bytes(),
        TableFormat::Parquet => zone_hub_table(c)
            .to_bytes(TableFormat::Parquet)
            .map_err(|e| e.in_file(&path.display().to_string()))?,
    };
    atomic::write(path, &bytes)
}

/// Zones as GeoJSON points with, for each later scenario, the reference
/// value, the scenario's and the difference of the headline indicators.
pub fn zones_geojson(c: &Comparison) -> geojson::FeatureCollection {
    let s = &c.settings;
    let first = &s.definitions()[0];
    let features = c
        .zones
        .iter()
        .enumerate()
        .map(|(z, zone)| {
            let mut p = serde_json::Map::new();
            p.insert("zone".into(), json!(zone.code));
            p.insert("name".into(), json!(zone.name));
            p.insert("lad".into(), json!(zone.lad));
            p.insert("population".into(), json!(zone.population));
            p.insert("jobs".into(), json!(round1(c.jobs[z])));
            for (r, run) in c.runs.iter().enumerate() {
                let ind = &run.indicators;
                let change = c.zone_change(r, z);
                for (t, &m) in first.minutes.iter().enumerate() {
                    p.insert(format!("s{r}_cities_{}", key(m)), json!(ind.cities_reached[z][t]));
                    if let Some(d) = change {
                        p.insert(format!("s{r}_cities_{}_change", key(m)), json!(d.cities_reached[t]));
                    }
                }
                for (t, &m) in s.jobs_minutes.iter().enumerate() {
                    p.insert(format!("s{r}_jobs_{}", key(m)), json!(round1(ind.jobs_within[z][t])));
                    if let Some(d) = change {
                        p.insert(format!("s{r}_jobs_{}_change", key(m)), json!(d.jobs_within[t]));
                    }
                }
                for (h, hub) in c.hubs.iter().enumerate() {
                    p.insert(format!("s{r}_min_{}", hub.id), json!(ind.zone_hub[z][h].map(round1)));
                    if let Some(d) = change {
                        p.insert(format!("s{r}_min_{}_change", hub.id), json!(d.hub_minutes[h]));
                    }
                }
            }
            geojson::Feature {
                geometry: Some(geojson::Geometry::new(geojson::GeometryValue::new_point([
                    (zone.pos.x() * 1e6).round() / 1e6,
                    (zone.pos.y() * 1e6).round() / 1e6,
                ]))),
                properties: Some(p),
                ..geojson::Feature::default()
            }
        })
        .collect();
    let mut foreign = serde_json::Map::new();
    foreign.insert(
        "scenarios".into(),
        json!(
            c.runs
                .iter()
                .enumerate()
                .map(|(r, run)| json!({"key": format!("s{r}"), "name": run.name}))
                .collect::<Vec<_>>()
        ),
    );
    geojson::FeatureCollection { bbox: None, features, foreign_members: Some(foreign) }
}

/// The files [`write_all`] writes into its folder.
pub const FILES: &[&str] = &[
    "result.json",
    "hubs.csv",
    "network_effect.csv",
    "hub_times.csv",
    "zones.csv",
    "zones.geojson",
    "zone_hub_times.csv",
];

/// The outputs of `compare` (`--out`, `--report`, `--maps`), for
/// [`atomic::check_all`] before computing.
pub fn outputs<'a>(
    out: &'a Option<std::path::PathBuf>,
    report: &'a Option<std::path::PathBuf>,
    maps: &'a Option<std::path::PathBuf>,
) -> [(Option<&'a Path>, atomic::Output); 3] {
    [
        (out.as_deref(), atomic::Output::Names(FILES)),
        (report.as_deref(), atomic::Output::File),
        (maps.as_deref(), atomic::MAPS),
    ]
}

/// Writes every output into `dir` (created if missing) as one set (see
/// [`atomic::DirSet`]): `result.json`, `hubs.csv`, `network_effect.csv`,
/// `hub_times.csv`, `zones.csv`, `zones.geojson`, `zone_hub_times.csv`.
/// Returns the paths written.
pub fn write_all(dir: &Path, c: &Comparison, version: &str) -> Result<Vec<std::path::PathBuf>, Error> {
    let set = atomic::DirSet::begin(dir, atomic::Output::Names(FILES))?;
    let json = serde_json::to_string_pretty(&to_json(c, version)).expect("result serialises") + "\n";
    let geo = serde_json::to_string(&zones_geojson(c)).expect("GeoJSON serialises") + "\n";
    let texts =
        [json, hubs_csv(c), network_effect_csv(c), hub_times_csv(c), zones_csv(c), geo, zone_hub_csv(c)];
    let mut written = Vec::with_capacity(FILES.len());
    for (name, text) in FILES.iter().zip(texts) {
        written.push(set.write(name, text.as_bytes())?);
    }
    set.commit()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(fields: &[&str], expect: &str) {
        assert_eq!(table(&["a", "b"], [fields]), format!("a,b\n{expect}\n"));
    }

    #[test]
    fn csv_fields_are_quoted_where_they_need_it() {
        check(&["plain", "Hull"], "plain,Hull");
        check(&["a,b", "say \"hi\""], "\"a,b\",\"say \"\"hi\"\"\"");
        check(&["two\nlines", "carriage\rreturn"], "\"two\nlines\",\"carriage\rreturn\"");
        check(&["", "x"], ",x");
    }
}
