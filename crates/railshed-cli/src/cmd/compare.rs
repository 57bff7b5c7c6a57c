//! `railshed compare`: the main job. Evaluates scenarios and prints a
//! before/after table; writes CSV, JSON and GeoJSON on request.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use railshed::shard::{Shard, compare_shard_printed};
use railshed::text::{CSV_HEADER, Printed, csv_rows, explain_table, shown_hubs, table};
use railshed::{Against, Measure, Plan, Request};
use railshed_io::table::TableFormat;

use crate::output::{Format, bad_input, info, note, print, print_csv, progress};

#[derive(clap::Args)]
#[command(after_help = "\
With no scenario, runs the flagship comparison on the embedded network: today vs HS2 (full) vs NPR
(TfN full network) vs HS2 + NPR + TRU. With one scenario, compares it with its base (--against base,
the default) or with the scenario it extends (--against parent, evaluated with its settings); with
several, compares each with the first. A scenario is a file or the name of a shipped one (see
scenarios/).

--measures door-to-door,station gives catchments and the network effect under each measure, side by
side (default: the scenarios' `measure` setting, door-to-door unless they set it): door-to-door counts
the access leg, waiting, the train and the egress to the city's centre; station counts from the
stations within `station_radius_km` (2 km) of a zone to any station of the city, waiting and the
train (the promoters' convention); gjt counts the generalised journey time: door to door with the
access and egress legs and waiting weighted and a penalty per change (the `gjt` setting: ×2, ×2 and
10 minutes by default). --explain adds where the time goes: each figure with access, waiting and
egress switched off in turn, and with the train alone.

--centre-set ID[,ID...] replaces the scenarios' network-effect definition with one per centre set
(networks/centre_sets.json, or the sets of a --centre-sets file): its hubs, which must be among the
hubs in use (embedded or --hubs-file), and its min_count, within the scenarios' time limits (60 and
90 minutes by default); every output then gives a block, entry or row per definition, named by id.

--format table (default) prints the before/after tables; json the railshed-result/2 JSON (as
result.json of --out; it always has the explanation); csv the same figures as the tables, one per
row, with the header indicator,from,to,sector,minutes,measure,scenario,value,change:
  catchment          population within `minutes` of hub `from`
  network_effect     population within `minutes` of at least N of the network-effect cities
  jobs_within        jobs within `minutes`, population-weighted mean over zones
  effective_density  effective density of `sector`, population-weighted mean over zones
  journey_minutes    fastest journey from hub `from` to hub `to`, station to station
  journey_changes    its changes
from and to are hub ids, as in every CSV railshed writes (with --centre-set, or the `network_effects`
setting, to is the network-effect definition's id on network_effect rows); measure is set on catchment and
network_effect rows (door-to-door, station or gjt), empty on the others. value is empty where there
is no journey; change is value minus the reference's (the first scenario's), empty for the
reference itself. --hubs limits the table and CSV to some hubs (their catchments and journeys); the
JSON and the files of --out, --report and --maps have them all.

With --shard I/N, --format, --hubs and --explain are recorded in the part's manifest and `railshed
merge` prints with them what the unsharded run prints; --report and --maps are refused (a part has
some of the zones): give them to `railshed merge`.

Examples:
  railshed compare
  railshed compare scenarios/npr-irp.json
  railshed compare today tru npr-irp lm-2026 --out out/
  railshed compare today npr-tfn --out zone-hub.parquet
  railshed compare today npr-tfn --zones england-wales --shard 3/16 --out parts/   (then: railshed merge parts/ --out out/)
  railshed compare --format json > result.json
  railshed compare --measures door-to-door,station --explain
  railshed compare --measures door-to-door,station,gjt
  railshed compare --centre-set npp-key-economic-centres,tfn-2018-four-cities,npr-network-centres
  railshed compare --format csv --hubs leeds,manchester > leeds-manchester.csv
  railshed compare --report out/report.html --maps out/maps/
  railshed compare today npr-tfn --zones my-zones.csv --hubs-file my-hubs.json")]
pub(crate) struct Args {
    /// Scenario files or names of shipped scenarios; the first is the reference.
    #[arg(value_name = "SCENARIO")]
    scenarios: Vec<String>,
    /// Write result.json, CSV tables, zones.geojson and zone_hub_times.csv into this folder; or, for
    /// a path ending in .parquet, the zone × hub table (zone, hub, scenario, minutes) as Parquet; or,
    /// with --shard, this shard's part and manifest into this folder of parts.
    #[arg(long, value_name = "DIR|FILE.parquet")]
    out: Option<PathBuf>,
    /// Run only part I of N (I from 0) of the zones, writing part-0000I-of-0000N.parquet (or .csv) and
    /// its manifest part-0000I-of-0000N.json into --out; `railshed merge` makes the whole.
    #[arg(long, value_name = "I/N", requires = "out", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// With --shard: the format of the part.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = PartFormat::Parquet, requires = "shard")]
    part_format: PartFormat,
    /// What to print on stdout: before/after tables, CSV, or the railshed-result/2 JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Only these hubs (ids or names, separated by commas) in the printed table or CSV.
    #[arg(long, value_name = "HUBS", value_delimiter = ',')]
    hubs: Vec<String>,
    /// Zones: `england-wales` (the embedded MSOAs of England and Wales), `north` (the default), or a CSV
    /// (columns msoa21_cd, msoa21_nm, lad21_cd, population, lat, lon; jobs come from the embedded workplace
    /// counts by lad21_cd).
    #[arg(long, value_name = "FILE.csv|PRESET")]
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
    /// With one scenario: compare it with its base network, or with the scenario it extends.
    #[arg(long, value_enum, default_value_t = Reference::Base)]
    against: Reference,
    /// Measures for catchments and the network effect, side by side (separated by commas).
    #[arg(long, value_enum, value_name = "MEASURES", value_delimiter = ',')]
    measures: Vec<MeasureArg>,
    /// Also print where the time goes: each catchment and network effect with access, waiting and
    /// egress switched off in turn, and with the train alone.
    #[arg(long)]
    explain: bool,
    /// Network-effect definitions from these centre sets (ids, separated by commas), each computed
    /// for every measure, in place of the scenarios' (their time limits are kept): the embedded sets
    /// of networks/centre_sets.json, or those of --centre-sets.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    centre_set: Vec<String>,
    /// With --centre-set: a `railshed-centre-sets/1` file to take the sets from instead.
    #[arg(long, value_name = "FILE.json", requires = "centre_set")]
    centre_sets: Option<PathBuf>,
    /// Print the time spent loading, building and evaluating to stderr (milliseconds).
    #[arg(long)]
    stats: bool,
}

/// The format of a shard's part.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PartFormat {
    /// Parquet.
    Parquet,
    /// CSV.
    Csv,
}

impl PartFormat {
    pub(crate) fn table(self) -> TableFormat {
        match self {
            PartFormat::Parquet => TableFormat::Parquet,
            PartFormat::Csv => TableFormat::Csv,
        }
    }
}

/// The first of `--report` and `--maps` given, which draw the whole
/// comparison.
pub(crate) fn drawing_flag(report: bool, maps: bool) -> Option<&'static str> {
    [("--report", report), ("--maps", maps)].into_iter().find_map(|(flag, given)| given.then_some(flag))
}

/// Prints what `railshed compare` prints for `c` (and `railshed merge` for
/// the merged comparison): the tables, the CSV rows or the result JSON, as
/// `printed` asks, with the hubs `shown`.
pub(crate) fn print_comparison(
    c: &railshed::Comparison,
    printed: &Printed,
    shown: &[bool],
    version: &str,
) -> Result<()> {
    match printed.format {
        railshed::text::Format::Table if printed.explain => {
            print(&(table(c, shown) + &explain_table(c, shown)))
        }
        railshed::text::Format::Table => print(&table(c, shown)),
        railshed::text::Format::Csv => print_csv(CSV_HEADER, csv_rows(c, shown)),
        railshed::text::Format::Json => {
            let json = railshed_io::results::to_json(c, version);
            print(&(serde_json::to_string_pretty(&json)? + "\n"))
        }
    }
}

pub(crate) fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text).map_err(|e| e.to_string())
}

/// A measure of zone-to-city times.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
enum MeasureArg {
    /// Access, waiting, train and egress to the city's centre.
    DoorToDoor,
    /// Station to station (the promoters' convention): waiting and the train.
    Station,
    /// Generalised journey time: door to door, weighted, with a penalty per change.
    Gjt,
}

/// What a single scenario is compared with.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Reference {
    /// Its base network, unmodified.
    Base,
    /// The scenario it extends (its base if it extends none).
    Parent,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let t0 = Instant::now();
    if args.png && !cfg!(feature = "png") {
        return Err(bad_input(
            "--png: this railshed was built without PNG support (build it with `--features png`)",
        ));
    }
    let table_out =
        args.out.as_deref().filter(|p| args.shard.is_none() && TableFormat::of(p) == TableFormat::Parquet);
    // Bad output paths are found before the work, not after it.
    if let Some(shard) = args.shard {
        // The report and the maps draw the whole comparison, and their
        // paths are the merge's to choose.
        if let Some(flag) = drawing_flag(args.report.is_some(), args.maps.is_some()) {
            return Err(bad_input(format!(
                "{flag} with --shard: a shard has part of the zones; pass {flag} to `railshed merge`, which writes it from the whole run"
            )));
        }
        let dir = args.out.as_deref().expect("--shard requires --out");
        for ext in [args.part_format.table().extension(), "json"] {
            railshed_io::atomic::check(
                &dir.join(format!("{}.{ext}", shard.stem())),
                railshed_io::atomic::Output::File,
            )?;
        }
    } else if let Some(file) = table_out {
        railshed_io::atomic::check_all(&railshed_io::results::outputs(&None, &args.report, &args.maps))?;
        railshed_io::atomic::check(file, railshed_io::atomic::Output::File)?;
    } else {
        railshed_io::atomic::check_all(&railshed_io::results::outputs(&args.out, &args.report, &args.maps))?;
    }
    let request = Request {
        scenarios: args.scenarios.clone(),
        against: match args.against {
            Reference::Base => Against::Base,
            Reference::Parent => Against::Parent,
        },
        zones: args.zones.clone(),
        hubs: args.hubs_file.clone(),
        measures: args
            .measures
            .iter()
            .map(|m| match m {
                MeasureArg::DoorToDoor => Measure::DoorToDoor,
                MeasureArg::Station => Measure::Station,
                MeasureArg::Gjt => Measure::Gjt,
            })
            .collect(),
        // The JSON (printed, or result.json of --out) and the report always
        // carry where the time goes; the tables only with --explain.
        explain: args.explain
            || args.out.is_some()
            || args.report.is_some()
            || args.maps.is_some()
            || matches!(args.format, Format::Json),
        centre_sets: args.centre_set.clone(),
        centre_sets_file: args.centre_sets.clone(),
        // The scenarios' own settings.
        settings: None,
    };
    // How the result is printed: by this run, or by the merge of its parts.
    let printed = Printed { format: args.format.into(), hubs: args.hubs.clone(), explain: args.explain };
    if let Some(shard) = args.shard {
        let dir = args.out.as_deref().expect("--shard requires --out");
        let bar = progress(None, "{spinner} {msg}");
        let version = env!("CARGO_PKG_VERSION");
        let files = compare_shard_printed(
            &request,
            shard,
            args.part_format.table(),
            version,
            &printed,
            &mut |name| bar.set_message(name.to_owned()),
        )?;
        bar.finish_and_clear();
        files.write_into(dir)?;
        info(&format!(
            "part {shard}: wrote {} and {} in {}",
            files.part_name,
            files.manifest_name,
            dir.display()
        ));
        if args.stats {
            note(&format!("total {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let plan = Plan::new(&request)?;
    let shown = shown_hubs(&plan.hubs(), &args.hubs)?;
    let bar = progress(Some(plan.scenarios().len() as u64), "{spinner} {pos}/{len} {msg}");
    let mut started = false;
    let outcome = plan.run(&mut |name| {
        if std::mem::replace(&mut started, true) {
            bar.inc(1);
        }
        bar.set_message(name.to_owned());
    })?;
    bar.finish_and_clear();
    let comparison = &outcome.comparison;
    let version = env!("CARGO_PKG_VERSION");
    if let Some(file) = table_out {
        railshed_io::results::write_zone_hub(file, comparison)?;
    } else if let Some(dir) = &args.out {
        railshed_io::results::write_all(dir, comparison, version)?;
    }
    let t = Instant::now();
    if args.report.is_some() || args.maps.is_some() {
        crate::report::write(&outcome, args.report.as_deref(), args.maps.as_deref(), args.png, version)?;
    }
    let t_report = t.elapsed();
    print_comparison(comparison, &printed, &shown, version)?;
    if args.stats {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let timings = &outcome.timings;
        note(&format!(
            "load {:.1} ms, build networks {:.1} ms, evaluate {:.1} ms, report {:.1} ms, total {:.1} ms",
            ms(timings.load),
            ms(timings.build),
            ms(timings.evaluate),
            ms(t_report),
            ms(t0.elapsed())
        ));
    }
    Ok(ExitCode::SUCCESS)
}
