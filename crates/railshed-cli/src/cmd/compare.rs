//! `railshed compare`: the main job. Evaluates scenarios and prints a
//! before/after table; writes CSV, JSON and GeoJSON on request.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use railshed_core::Network;
use railshed_io::embedded;
use railshed_io::scenario::{Base, Scenario};
use railshed_scenario::compare::{Comparison, HubName, Run};
use railshed_scenario::hubs::HubDef;
use railshed_scenario::run::{Context, evaluate};
use railshed_scenario::zones::spread_jobs;

use railshed_report::figure::{ordinal, signed, thousands};

use crate::output::{Format, bad_input, did_you_mean, note, print, print_csv, progress};
use crate::scenarios;

#[derive(clap::Args)]
#[command(after_help = "\
With no scenario, runs the flagship comparison on the embedded network: today vs HS2 (full) vs NPR
(TfN full network) vs HS2 + NPR + TRU. With one scenario, compares it with its base; with several,
compares each with the first. A scenario is a file or the name of a shipped one (see scenarios/).

--format table (default) prints the before/after tables; json the railshed-result/1 JSON (as
result.json of --out); csv the same figures as the tables, one per row, with the header
indicator,from,to,sector,minutes,scenario,value,change:
  catchment          population within `minutes` of hub `from`
  network_effect     population within `minutes` of at least N of the network-effect cities
  jobs_within        jobs within `minutes`, population-weighted mean over zones
  effective_density  effective density of `sector`, population-weighted mean over zones
  journey_minutes    fastest journey from hub `from` to hub `to`, station to station
  journey_changes    its changes
value is empty where there is no journey; change is value minus the reference's (the first
scenario's), empty for the reference itself. --hubs limits the table and CSV to some hubs (their
catchments and journeys); the JSON and the files of --out, --report and --maps have them all.

Examples:
  railshed compare
  railshed compare scenarios/npr-irp.json
  railshed compare today tru npr-irp lm-2026 --out out/
  railshed compare --format json > result.json
  railshed compare --format csv --hubs leeds,manchester > leeds-manchester.csv
  railshed compare --report out/report.html --maps out/maps/
  railshed compare today npr-tfn --zones my-zones.csv --hubs-file my-hubs.json")]
pub(crate) struct Args {
    /// Scenario files or names of shipped scenarios; the first is the reference.
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<String>,
    /// Write result.json, CSV tables, zones.geojson and zone_hub_times.csv into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// What to print on stdout: before/after tables, CSV, or the railshed-result/1 JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Only these hubs (ids or names, separated by commas) in the printed table or CSV.
    #[arg(long, value_name = "HUBS", value_delimiter = ',')]
    hubs: Vec<String>,
    /// Zones from this CSV instead of the embedded MSOAs of the North (columns msoa21_cd, msoa21_nm,
    /// lad21_cd, population, lat, lon; jobs come from the embedded workplace counts by lad21_cd).
    #[arg(long, value_name = "FILE.csv")]
    zones: Option<PathBuf>,
    /// Hubs from this `railshed-hubs/1` file instead of the embedded cities; each needs a station in
    /// every scenario's network, and the network-effect cities must be among them.
    #[arg(long, value_name = "FILE.json")]
    hubs_file: Option<PathBuf>,
    /// Write a self-contained HTML report (tables, maps, charts, assumptions, input hashes) to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write every map and chart of the report as an SVG file into this folder.
    #[arg(long, value_name = "DIR")]
    maps: Option<PathBuf>,
    /// With --maps, write each figure as PNG too (needs railshed built with `--features png`).
    #[arg(long, requires = "maps")]
    png: bool,
    /// Print the time spent loading, building and evaluating to stderr.
    #[arg(long)]
    stats: bool,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let t0 = Instant::now();
    railshed_io::atomic::check_all(&railshed_io::results::outputs(&args.out, &args.report, &args.maps))?;
    let schemes = embedded::schemes()?;
    let names: Vec<String> = if args.scenarios.is_empty() {
        embedded::FLAGSHIP.iter().map(|s| s.to_string()).collect()
    } else {
        args.scenarios.clone()
    };
    let mut list: Vec<Scenario> =
        names.iter().map(|n| scenarios::load(n, &schemes)).collect::<Result<_>>()?;
    if list.len() == 1 {
        list.insert(0, base_of(&list[0]));
    }
    let settings = list[0].settings.clone();
    if let Some(other) = list.iter().find(|s| s.settings != settings) {
        return Err(bad_input(format!(
            "{}: its settings differ from those of {}: scenarios compared together need the same settings",
            other.file, list[0].file
        )));
    }
    let (mut zones, jobs_by_lad, mut hub_defs) = railshed_io::zones::embedded()?;
    let mut inputs = Inputs::default();
    if let Some(path) = &args.zones {
        let (file, text) = (path.display().to_string(), railshed_io::read_text(path)?);
        zones = railshed_io::zones::parse_zones(&file, &text)?;
        inputs.zones = Some((file, text));
    }
    if let Some(path) = &args.hubs_file {
        let (file, text) = (path.display().to_string(), railshed_io::read_text(path)?);
        hub_defs = railshed_io::zones::parse_hubs(&file, &text)?;
        for (i, city) in settings.network_effect.cities.iter().enumerate() {
            if !hub_defs.iter().any(|h| &h.id == city) {
                let ids = hub_defs.iter().map(|h| h.id.as_str());
                return Err(bad_input(format!(
                    "{file}: $.hubs: hub {city:?}: missing, yet {} names it at $.settings.network_effect.cities[{i}]{}",
                    list[0].file,
                    did_you_mean(city, ids)
                )));
            }
        }
        inputs.hubs = Some((file, text));
    }
    let jobs = spread_jobs(&zones, &jobs_by_lad);
    let shown = shown_hubs(&args.hubs, &hub_defs)?;
    let ctx = Context { zones, jobs, hubs: hub_defs };
    let t_load = t0.elapsed();

    let progress = progress(Some(list.len() as u64), "{spinner} {pos}/{len} {msg}");
    let mut networks = Networks::default();
    let figures = args.report.is_some() || args.maps.is_some();
    let mut gathered = crate::report::Gathered::default();
    let mut runs = Vec::with_capacity(list.len());
    let (mut t_build, mut t_eval) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for s in &list {
        progress.set_message(s.name.clone());
        let t = Instant::now();
        let net = networks.build(s)?;
        t_build += t.elapsed();
        if let Some((file, _)) = &inputs.hubs {
            check_reachable(file, &ctx.hubs, &net, s)?;
        }
        if figures {
            gathered.add(&net, &ctx.hubs);
        }
        let t = Instant::now();
        let (summary, indicators) =
            evaluate(&net, &ctx, &settings).map_err(|e| anyhow::anyhow!("{}: {e}", s.file))?;
        t_eval += t.elapsed();
        runs.push(Run {
            name: s.name.clone(),
            file: s.file.clone(),
            lineage: s.lineage.clone(),
            network: summary,
            indicators,
        });
        progress.inc(1);
    }
    progress.finish_and_clear();
    let comparison = Comparison {
        settings,
        hubs: ctx.hubs.iter().map(|h| HubName { id: h.id.clone(), name: h.name.clone() }).collect(),
        zones: ctx.zones,
        jobs: ctx.jobs,
        runs,
    };
    let version = env!("CARGO_PKG_VERSION");
    if let Some(dir) = &args.out {
        railshed_io::results::write_all(dir, &comparison, version)?;
    }
    let t = Instant::now();
    if figures {
        let out = crate::report::Outputs {
            report: args.report.as_deref(),
            maps: args.maps.as_deref(),
            png: args.png,
            inputs: &inputs,
        };
        crate::report::write(&out, &comparison, &list, &schemes, &gathered, version)?;
    }
    let t_report = t.elapsed();
    match args.format {
        Format::Table => print(&table(&comparison, &shown))?,
        Format::Csv => print_csv(CSV_HEADER, csv_rows(&comparison, &shown))?,
        Format::Json => {
            let json = railshed_io::results::to_json(&comparison, version);
            print(&(serde_json::to_string_pretty(&json)? + "\n"))?;
        }
    }
    if args.stats {
        note(&format!(
            "load {:.3} s, build networks {:.3} s, evaluate {:.3} s, report {:.3} s, total {:.3} s",
            t_load.as_secs_f64(),
            t_build.as_secs_f64(),
            t_eval.as_secs_f64(),
            t_report.as_secs_f64(),
            t0.elapsed().as_secs_f64()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Zone and hub files given instead of the embedded ones: (file, text).
#[derive(Default)]
pub(crate) struct Inputs {
    pub(crate) zones: Option<(String, String)>,
    pub(crate) hubs: Option<(String, String)>,
}

/// Checks that every hub of a hubs file has a station in the scenario's network.
fn check_reachable(file: &str, hubs: &[HubDef], net: &Network, s: &Scenario) -> Result<()> {
    for (i, h) in hubs.iter().enumerate() {
        if h.resolve(net).stations.is_empty() {
            return Err(bad_input(format!(
                "{file}: $.hubs[{i}]: hub {:?}: unreachable: none of its stations is in the network of {}",
                h.id, s.file
            )));
        }
    }
    Ok(())
}

/// Which hubs `--hubs` names (all of them when it names none), as a flag per hub.
fn shown_hubs(names: &[String], hubs: &[railshed_scenario::hubs::HubDef]) -> Result<Vec<bool>> {
    let mut shown = vec![names.is_empty(); hubs.len()];
    for name in names {
        let name = name.trim();
        let Some(h) =
            hubs.iter().position(|h| h.id.eq_ignore_ascii_case(name) || h.name.eq_ignore_ascii_case(name))
        else {
            let ids = hubs.iter().map(|h| h.id.as_str());
            return Err(bad_input(format!("--hubs: unknown hub {name:?}{}", did_you_mean(name, ids))));
        };
        shown[h] = true;
    }
    Ok(shown)
}

/// The reference for a single scenario: its base, unmodified.
fn base_of(s: &Scenario) -> Scenario {
    let name = match &s.base {
        Base::Default => "Today".to_owned(),
        Base::Network(p) => format!("Base ({})", p.display()),
        Base::Timetable { path, date } => format!("Base ({} on {date})", path.display()),
    };
    Scenario {
        name: name.clone(),
        description: "The scenario's base, with no modifications.".into(),
        file: s.file.clone(),
        lineage: vec![name],
        base: s.base.clone(),
        steps: Vec::new(),
        inherited_steps: 0,
        settings: s.settings.clone(),
    }
}

/// Scenario networks, built once each: a scenario whose parent (or base) was
/// built already starts from it, so nothing that did not change is rebuilt.
#[derive(Default)]
struct Networks {
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

    fn build(&mut self, s: &Scenario) -> Result<Network> {
        let full = Self::key(s, s.steps.len());
        if let Some(net) = self.built.get(&full) {
            return Ok(net.clone());
        }
        // The longest prefix built so far: the parent's network, or the base.
        let start = [s.inherited_steps, 0].into_iter().find(|&k| self.built.contains_key(&Self::key(s, k)));
        let (mut net, from) = match start {
            Some(k) => (self.built[&Self::key(s, k)].clone(), k),
            None => {
                let base = scenarios::base_network(s)?;
                self.built.insert(Self::key(s, 0), base.clone());
                (base, 0)
            }
        };
        scenarios::apply(s, &mut net, from)?;
        self.built.insert(full, net.clone());
        Ok(net)
    }
}

/// A table with a header and right-aligned columns after the first `left` ones.
struct Table {
    rows: Vec<Vec<String>>,
    left: usize,
}

impl Table {
    fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width: Vec<usize> = (0..cols)
            .map(|c| self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let pad = width[c] - cell.chars().count();
                if c > 0 {
                    line.push_str("  ");
                }
                if c < self.left {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The before/after table printed by `railshed compare`, with the hubs `shown`.
fn table(c: &Comparison, shown: &[bool]) -> String {
    let s = &c.settings;
    let mut out = String::new();
    let names: Vec<&str> = c.runs.iter().map(|r| r.name.as_str()).collect();
    let _ = writeln!(out, "{}", names.join(" vs "));
    let window = if s.arrival_window_min == 60 {
        "hour".to_owned()
    } else {
        format!("{} minutes", s.arrival_window_min)
    };
    let statistic = if s.percentile == 50.0 {
        "the median".to_owned()
    } else {
        format!("the {} percentile", ordinal(s.percentile))
    };
    let _ = writeln!(
        out,
        "{} zones, {} people. Door-to-door times to arrive by {}: {statistic} over each minute of the {window} before.",
        thousands(c.zones.len() as u64),
        thousands(c.population()),
        s.arrive_by,
    );
    let header = |first: &[&str]| -> Vec<String> {
        let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        for (i, n) in names.iter().enumerate() {
            h.push(n.to_string());
            if i > 0 {
                h.push("change".into());
            }
        }
        h
    };
    let values = |row: &mut Vec<String>, v: &dyn Fn(usize) -> u64| {
        let reference = v(0);
        for r in 0..c.runs.len() {
            row.push(thousands(v(r)));
            if r > 0 {
                row.push(signed(v(r) as i64 - reference as i64));
            }
        }
    };

    let _ = writeln!(out, "\nPopulation within reach of each city");
    let mut t = Table { rows: vec![header(&["city", "minutes"])], left: 1 };
    for (h, hub) in c.hubs.iter().enumerate().filter(|&(h, _)| shown[h]) {
        for (k, &m) in s.thresholds_min.iter().enumerate() {
            let mut row = vec![if k == 0 { hub.name.clone() } else { String::new() }, format!("{m}")];
            values(&mut row, &|r| c.runs[r].indicators.catchment[h][k]);
            t.rows.push(row);
        }
    }
    out.push_str(&t.render());

    let ne = &s.network_effect;
    let city_names: Vec<&str> = ne
        .cities
        .iter()
        .map(|id| c.hubs.iter().find(|h| &h.id == id).map_or(id.as_str(), |h| h.name.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "\nNetwork effect: people within reach of at least {} of {} cities ({})",
        ne.n,
        ne.cities.len(),
        city_names.join(", ")
    );
    let mut t = Table { rows: vec![header(&["minutes"])], left: 0 };
    for (k, &m) in ne.minutes.iter().enumerate() {
        let mut row = vec![format!("{m}")];
        values(&mut row, &|r| c.runs[r].indicators.network_effect[k]);
        t.rows.push(row);
    }
    out.push_str(&t.render());

    let _ = writeln!(out, "\nJobs within reach and effective density (population-weighted means over zones)");
    let mut t = Table { rows: vec![header(&["indicator"])], left: 1 };
    for (k, &m) in s.jobs_minutes.iter().enumerate() {
        let mut row = vec![format!("jobs within {m} min")];
        values(&mut row, &|r| {
            c.population_mean(c.runs[r].indicators.jobs_within.iter().map(|z| z[k])).round() as u64
        });
        t.rows.push(row);
    }
    for (k, sector) in s.effective_density.sectors.iter().enumerate() {
        let mut row = vec![format!("effective density, {} (α {})", sector.name, sector.alpha)];
        values(&mut row, &|r| {
            c.population_mean(c.runs[r].indicators.effective_density.iter().map(|z| z[k])).round() as u64
        });
        t.rows.push(row);
    }
    out.push_str(&t.render());

    let _ = writeln!(
        out,
        "\nFastest journeys between cities, station to station, {}–{}: minutes (changes)",
        s.hub_times_window[0], s.hub_times_window[1]
    );
    let mut head = vec!["from".to_owned(), "to".to_owned()];
    head.extend(names.iter().map(|n| n.to_string()));
    let mut t = Table { rows: vec![head], left: 2 };
    for (i, a) in c.hubs.iter().enumerate() {
        for (_, b) in c.hubs.iter().enumerate().skip(i + 1).filter(|&(j, _)| shown[i] || shown[j]) {
            let mut row = vec![a.name.clone(), b.name.clone()];
            for run in &c.runs {
                let cell = run
                    .indicators
                    .hub_times
                    .iter()
                    .find(|t| t.from == a.id && t.to == b.id)
                    .and_then(|t| t.minutes.zip(t.changes))
                    .map_or("—".to_owned(), |(m, ch)| format!("{m} ({ch})"));
                row.push(cell);
            }
            t.rows.push(row);
        }
    }
    out.push_str(&t.render());
    out
}

/// The columns of `railshed compare --format csv`.
const CSV_HEADER: &[&str] = &["indicator", "from", "to", "sector", "minutes", "scenario", "value", "change"];

/// The figures of the table as CSV rows (see `CSV_HEADER`), with the hubs `shown`.
fn csv_rows(c: &Comparison, shown: &[bool]) -> Vec<[String; 8]> {
    let s = &c.settings;
    let mut rows = Vec::new();
    let mut push = |indicator: &str,
                    from: &str,
                    to: &str,
                    sector: &str,
                    minutes: String,
                    v: &dyn Fn(usize) -> Option<i64>| {
        let reference = v(0);
        for (r, run) in c.runs.iter().enumerate() {
            let value = v(r);
            let change = match (r, value, reference) {
                (1.., Some(a), Some(b)) => (a - b).to_string(),
                _ => String::new(),
            };
            rows.push([
                indicator.to_owned(),
                from.to_owned(),
                to.to_owned(),
                sector.to_owned(),
                minutes.clone(),
                run.name.clone(),
                value.map(|x| x.to_string()).unwrap_or_default(),
                change,
            ]);
        }
    };
    for (h, hub) in c.hubs.iter().enumerate().filter(|&(h, _)| shown[h]) {
        for (k, &m) in s.thresholds_min.iter().enumerate() {
            push("catchment", &hub.name, "", "", m.to_string(), &|r| {
                Some(c.runs[r].indicators.catchment[h][k] as i64)
            });
        }
    }
    for (k, &m) in s.network_effect.minutes.iter().enumerate() {
        push("network_effect", "", "", "", m.to_string(), &|r| {
            Some(c.runs[r].indicators.network_effect[k] as i64)
        });
    }
    for (k, &m) in s.jobs_minutes.iter().enumerate() {
        push("jobs_within", "", "", "", m.to_string(), &|r| {
            Some(c.population_mean(c.runs[r].indicators.jobs_within.iter().map(|z| z[k])).round() as i64)
        });
    }
    for (k, sector) in s.effective_density.sectors.iter().enumerate() {
        push("effective_density", "", "", &sector.name, String::new(), &|r| {
            Some(c.population_mean(c.runs[r].indicators.effective_density.iter().map(|z| z[k])).round() as i64)
        });
    }
    for (i, a) in c.hubs.iter().enumerate() {
        for (j, b) in c.hubs.iter().enumerate().skip(i + 1) {
            if !(shown[i] || shown[j]) {
                continue;
            }
            let time =
                |r: usize| c.runs[r].indicators.hub_times.iter().find(|t| t.from == a.id && t.to == b.id);
            push("journey_minutes", &a.name, &b.name, "", String::new(), &|r| {
                time(r).and_then(|t| t.minutes).map(i64::from)
            });
            push("journey_changes", &a.name, &b.name, "", String::new(), &|r| {
                time(r).and_then(|t| t.minutes.and(t.changes)).map(i64::from)
            });
        }
    }
    rows
}
