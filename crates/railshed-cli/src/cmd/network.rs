//! `railshed network info` and `railshed network export`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_core::Network;

use crate::input::NetworkArgs;
use crate::output::{Format, bad_input, print, print_csv};

#[derive(clap::Subcommand)]
pub(crate) enum NetworkCommand {
    /// Counts of stations, links, lines and trips per day, by scheme.
    #[command(after_help = "\
--format table (default) prints the counts; json one object {name, stations,
interchange_stations, walks, schemes: [{tag, label, links, km, lines, trips_per_day}]}; csv the
table of schemes, one row per scheme, with the header scheme,label,links,km,lines,trips_per_day
(station and walk counts are in the table and the JSON).

Examples:
  railshed network info
  railshed network info --scheme hs2-phase2b-west --scheme npr-tfn
  railshed network info --network my-network.json --format json
  railshed network info --scheme npr-tfn --format csv > schemes.csv")]
    Info(InfoArgs),
    /// The lines: id (as scenarios name them), name, operator, calls, trains per hour, scheme tag.
    #[command(after_help = "\
tph is the most trains leaving the first call in any clock hour. --format table (default) prints
aligned columns; csv the header id,name,operator,calls,from,to,tph,tag and a row per line; json a
list of objects with the same keys.

Examples:
  railshed network lines
  railshed network lines --scheme npr-tfn --format csv > lines.csv")]
    Lines(LinesArgs),
    /// Write the network as GeoJSON (for QGIS) or as a network JSON file.
    #[command(after_help = "\
Examples:
  railshed network export --geojson north.geojson
  railshed network export --scheme npr-tfn --geojson npr.geojson --json npr-network.json")]
    Export(ExportArgs),
}

#[derive(clap::Args)]
pub(crate) struct InfoArgs {
    /// Network file (same as --network).
    #[arg(value_name = "FILE", conflicts_with = "network")]
    file: Option<PathBuf>,
    #[command(flatten)]
    net: NetworkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct LinesArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Write stations, track and lines as GeoJSON (RFC 7946).
    #[arg(long, value_name = "FILE")]
    geojson: Option<PathBuf>,
    /// Write the network (with schemes and overlays applied) as a railshed-network/1 file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

pub(crate) fn run(cmd: NetworkCommand) -> Result<ExitCode> {
    match cmd {
        NetworkCommand::Info(mut a) => {
            if let Some(f) = a.file.take() {
                a.net.network = Some(f);
            }
            let net = a.net.load()?;
            let summary = Summary::of(&net);
            match a.format {
                Format::Table => print(&summary.table())?,
                Format::Json => print(&(serde_json::to_string_pretty(&summary.json())? + "\n"))?,
                Format::Csv => print_csv(
                    &["scheme", "label", "links", "km", "lines", "trips_per_day"],
                    summary.rows.iter().map(|r| {
                        [
                            r.tag.clone(),
                            r.label.clone(),
                            r.links.to_string(),
                            format!("{:.1}", r.km),
                            r.lines.to_string(),
                            r.trips.to_string(),
                        ]
                    }),
                )?,
            }
        }
        NetworkCommand::Lines(a) => {
            let lines = railshed::lines(&a.net.load()?);
            let row = |l: &railshed::LineSummary| {
                [
                    l.id.clone(),
                    l.name.clone(),
                    l.operator.clone(),
                    l.calls.to_string(),
                    l.ends.0.clone(),
                    l.ends.1.clone(),
                    l.tph.to_string(),
                    l.tag.clone(),
                ]
            };
            let header = ["id", "name", "operator", "calls", "from", "to", "tph", "tag"];
            match a.format {
                Format::Csv => print_csv(&header, lines.iter().map(row))?,
                Format::Json => {
                    let list: Vec<serde_json::Value> = lines
                        .iter()
                        .map(|l| {
                            serde_json::json!({"id": l.id, "name": l.name, "operator": l.operator,
                                "calls": l.calls, "from": l.ends.0, "to": l.ends.1, "tph": l.tph, "tag": l.tag})
                        })
                        .collect();
                    print(&(serde_json::to_string_pretty(&list)? + "\n"))?;
                }
                Format::Table => {
                    let rows: Vec<[String; 8]> = lines.iter().map(row).collect();
                    print(&columns(&header, &rows))?;
                }
            }
        }
        NetworkCommand::Export(a) => {
            if a.geojson.is_none() && a.json.is_none() {
                return Err(bad_input("nothing to export: give --geojson FILE and/or --json FILE"));
            }
            let file = railshed_io::atomic::Output::File;
            railshed_io::atomic::check_all(&[(a.geojson.as_deref(), file), (a.json.as_deref(), file)])?;
            let net = a.net.load()?;
            if let Some(path) = &a.geojson {
                let fc = railshed_io::geojson::network(&net);
                let text = serde_json::to_string(&fc)? + "\n";
                railshed_io::atomic::write(path, text.as_bytes())?;
            }
            if let Some(path) = &a.json {
                railshed_io::atomic::write(path, railshed_io::network::to_json_string(&net).as_bytes())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Rows in aligned columns under a header (numbers right-aligned).
fn columns(header: &[&str; 8], rows: &[[String; 8]]) -> String {
    let width: Vec<usize> = (0..8)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0))
        .collect();
    let numeric = |c: usize| matches!(header[c], "calls" | "tph");
    let mut out = String::new();
    let lines = std::iter::once(header.map(str::to_owned)).chain(rows.iter().cloned());
    for row in lines {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let w = width[c];
                if numeric(c) { format!("{cell:>w$}") } else { format!("{cell:<w$}") }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Per-scheme counts.
struct SchemeRow {
    tag: String,
    label: String,
    links: usize,
    km: f64,
    lines: usize,
    trips: usize,
}

struct Summary {
    name: String,
    stations: usize,
    interchanges: usize,
    walks: usize,
    rows: Vec<SchemeRow>,
}

impl Summary {
    fn of(net: &Network) -> Summary {
        let mut rows: Vec<SchemeRow> = net
            .tags()
            .iter()
            .map(|t| SchemeRow {
                tag: t.name.clone(),
                label: t.label.clone(),
                links: 0,
                km: 0.0,
                lines: 0,
                trips: 0,
            })
            .collect();
        for link in net.graph().edge_weights() {
            rows[link.tag.idx()].links += 1;
            rows[link.tag.idx()].km += link.km;
        }
        for line in net.lines() {
            rows[line.tag.idx()].lines += 1;
            rows[line.tag.idx()].trips += line.trips_per_day();
        }
        Summary {
            name: net.name.clone(),
            stations: net.stations().len(),
            interchanges: net.stations().iter().filter(|s| s.interchange.is_interchange()).count(),
            walks: net.walks().len(),
            rows,
        }
    }

    fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.name);
        let _ = writeln!(s, "stations  {:>6}  ({} RDG interchange points)", self.stations, self.interchanges);
        let _ = writeln!(s, "walks     {:>6}", self.walks);
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{:<18} {:>6} {:>9} {:>6} {:>10}  label",
            "scheme", "links", "km", "lines", "trips/day"
        );
        let (mut links, mut km, mut lines, mut trips) = (0, 0.0, 0, 0);
        for r in &self.rows {
            let _ = writeln!(
                s,
                "{:<18} {:>6} {:>9.1} {:>6} {:>10}  {}",
                r.tag, r.links, r.km, r.lines, r.trips, r.label
            );
            links += r.links;
            km += r.km;
            lines += r.lines;
            trips += r.trips;
        }
        let _ = writeln!(s, "{:<18} {:>6} {:>9.1} {:>6} {:>10}", "total", links, km, lines, trips);
        s
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "stations": self.stations,
            "interchange_stations": self.interchanges,
            "walks": self.walks,
            "schemes": self.rows.iter().map(|r| serde_json::json!({
                "tag": r.tag, "label": r.label, "links": r.links, "km": (r.km * 10.0).round() / 10.0,
                "lines": r.lines, "trips_per_day": r.trips,
            })).collect::<Vec<_>>(),
        })
    }
}
