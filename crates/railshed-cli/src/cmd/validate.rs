//! `railshed validate`: check network and overlay files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_io::Problem;
use railshed_io::embedded;
use railshed_io::network::{Kind, Parsed};

use crate::input::parse_path;
use crate::output::{Format, print, print_csv};

#[derive(clap::Args)]
#[command(after_help = "\
Each problem is printed on one line of stderr as FILE: PLACE: OBJECT: MESSAGE, where PLACE is a JSON
path or LINE:COLUMN. A file is recognised by its \"format\": railshed-network/1, railshed-overlay/1,
railshed-scenario/1 or railshed-hubs/1; a .csv file is read as zones (as compare --zones takes them).
Overlays are checked against the base network (--network, default the embedded network of the North)
with the schemes they require applied first, found among the embedded schemes and the files given. A
scenario is checked by building its network: every modification is read and applied, and each one
that fails is reported (and skipped) rather than stopping at the first, with every setting out of
range. Every problem of a file is listed, up to 100 (then a line FILE: and N more problems). Every
file is checked even when one fails; the exit status is 2 when any is invalid.

--format table (default) prints a line FILE: ok: SUMMARY on stdout for each valid file; csv one
row per valid file and per problem, with the header file,valid,detail (detail: the summary, or the
problem's line); json {\"files\": [{file, valid, summary, problems}]} (summary null when invalid).
Problems go to stderr in every format.

Examples:
  railshed validate networks/north.json networks/schemes/*.json
  railshed validate --network my-network.json my-scheme.json
  railshed validate scenarios/*.json --format csv")]
pub(crate) struct Args {
    /// Network, overlay, scenario, hubs and zone (.csv) files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Base network for overlays (default: the embedded network of the North).
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
    /// Output format for the files' results.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// What checking one file found: a one-line summary, or its problems.
struct Checked {
    file: String,
    result: Result<String, Vec<String>>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    // A scenario is checked by building its network: its base with every modification applied.
    let mut checked: Vec<Checked> = Vec::new();
    let mut parsed: Vec<(PathBuf, Parsed, Vec<Problem>)> = Vec::new();
    let mut scenario_files = Vec::new();
    for path in &args.files {
        match format_of(path) {
            Some(FileKind::Scenario) => {
                scenario_files.push(path.clone());
                continue;
            }
            Some(FileKind::Hubs) => {
                let result = railshed_io::read_text(path)
                    .and_then(|text| railshed_io::zones::parse_hubs(&path.display().to_string(), &text))
                    .map(|hubs| format!("hubs, {} hub{}", hubs.len(), plural(hubs.len())));
                checked.push(Checked {
                    file: path.display().to_string(),
                    result: result.map_err(|e| e.problems()),
                });
                continue;
            }
            Some(FileKind::Zones) => {
                let result = railshed_io::read_text(path)
                    .and_then(|text| railshed_io::zones::parse_zones(&path.display().to_string(), &text))
                    .map(|zones| {
                        let people: u64 = zones.iter().map(|z| u64::from(z.population)).sum();
                        format!("zones, {} zone{}, {people} people", zones.len(), plural(zones.len()))
                    });
                checked.push(Checked {
                    file: path.display().to_string(),
                    result: result.map_err(|e| e.problems()),
                });
                continue;
            }
            None => {}
        }
        let file = path.display().to_string();
        match railshed_io::read_text(path).and_then(|text| railshed_io::network::parse_checked(&file, &text))
        {
            Ok((p, problems)) => parsed.push((path.clone(), p, problems)),
            Err(e) => checked.push(Checked { file, result: Err(e.problems()) }),
        }
    }
    let base = match &args.network {
        Some(path) => parse_path(path).and_then(|p| p.to_network()),
        None => embedded::default_network(),
    };
    let mut available = embedded::schemes().unwrap_or_default();
    available.extend(parsed.iter().map(|(_, p, _)| p.clone()));
    for (path, p, read_problems) in &parsed {
        let result = match p.kind {
            Kind::Network => p
                .to_network()
                .map(|n| format!("network, {} stations, {} lines", n.stations().len(), n.lines().len())),
            Kind::Overlay => match &base {
                Err(e) => Err(railshed_io::Error::invalid(
                    path.display().to_string(),
                    "",
                    "",
                    format!("cannot check the overlay: the base network is invalid: {e}"),
                )),
                Ok(base) => {
                    let mut net = base.clone();
                    embedded::apply_overlay(&mut net, p, &available).map(|()| {
                        format!(
                            "overlay {:?}, network then has {} stations, {} lines",
                            p.scheme().unwrap_or_default(),
                            net.stations().len(),
                            net.lines().len()
                        )
                    })
                }
            },
        };
        // Problems reading the file first, then those applying what was read
        // (less any that only follow from what was left out).
        let result = match (result, read_problems.is_empty()) {
            (Ok(summary), true) => Ok(summary),
            (result, _) => {
                let mut problems: Vec<String> = read_problems.iter().map(ToString::to_string).collect();
                match result {
                    Err(railshed_io::Error::Invalid { problems: more }) => problems
                        .extend(more.iter().filter(|m| !p.follows_from_unread(m)).map(ToString::to_string)),
                    Err(e) => problems.extend(e.problems()),
                    Ok(_) => {}
                }
                Err(problems)
            }
        };
        checked.push(Checked { file: path.display().to_string(), result });
    }
    let loader = railshed::Loader::new()?;
    for path in &scenario_files {
        let result = match loader.check(&path.display().to_string()) {
            Ok((c, net)) if c.problems.is_empty() => {
                let s = &c.scenario;
                let (stations, lines) = net.map_or((0, 0), |n| (n.stations().len(), n.lines().len()));
                Ok(format!(
                    "scenario {:?}, {} modification{}, network then has {stations} stations, {lines} lines",
                    s.name,
                    s.steps.len(),
                    plural(s.steps.len()),
                ))
            }
            Ok((c, _)) => Err(c.problems.iter().map(ToString::to_string).collect()),
            Err(railshed::Error::Io(io)) => Err(io.problems()),
            Err(e) => Err(vec![e.to_string()]),
        };
        checked.push(Checked { file: path.display().to_string(), result });
    }
    for c in &mut checked {
        if let Err(problems) = &mut c.result
            && problems.len() > MAX_PROBLEMS
        {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(format!("{}: and {more} more problem{}", c.file, plural(more)));
        }
    }
    match args.format {
        Format::Table => {
            let mut report = String::new();
            for c in &checked {
                if let Ok(summary) = &c.result {
                    report.push_str(&format!("{}: ok: {summary}\n", c.file));
                }
            }
            print(&report)?;
        }
        Format::Csv => {
            let mut rows: Vec<[String; 3]> = Vec::new();
            for c in &checked {
                match &c.result {
                    Ok(summary) => rows.push([c.file.clone(), "true".into(), summary.clone()]),
                    Err(problems) => {
                        rows.extend(problems.iter().map(|p| [c.file.clone(), "false".into(), p.clone()]))
                    }
                }
            }
            print_csv(&["file", "valid", "detail"], rows)?;
        }
        Format::Json => {
            let files: Vec<serde_json::Value> = checked
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "file": c.file,
                        "valid": c.result.is_ok(),
                        "summary": c.result.as_ref().ok(),
                        "problems": c.result.as_ref().err().cloned().unwrap_or_default(),
                    })
                })
                .collect();
            print(&(serde_json::to_string_pretty(&serde_json::json!({ "files": files }))? + "\n"))?;
        }
    }
    let problems: Vec<&String> = checked.iter().filter_map(|c| c.result.as_ref().err()).flatten().collect();
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    for p in &problems {
        writeln!(err, "{p}")?;
    }
    Ok(ExitCode::from(2))
}

/// The most problems listed for one file; the rest are counted.
const MAX_PROBLEMS: usize = 100;

/// The formats read by something other than the network parser.
enum FileKind {
    Scenario,
    Hubs,
    Zones,
}

/// "s" unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What a file says it is (its `"format"`; a `.csv` file holds zones);
/// `None` for networks and overlays, and for anything else, which the
/// network parser reports.
fn format_of(path: &std::path::Path) -> Option<FileKind> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return Some(FileKind::Zones);
    }
    #[derive(serde::Deserialize)]
    struct Head {
        format: String,
    }
    // Read as any input (size and kind checked first); one that cannot be
    // read is reported when it is parsed.
    let text = railshed_io::read_text(path).ok()?;
    let says = |prefix: &str| match serde_json::from_str::<Head>(&text) {
        Ok(h) => h.format.starts_with(prefix),
        // Malformed JSON: go by what it says it is.
        Err(_) => text.contains(&format!("\"{prefix}")),
    };
    if says("railshed-scenario/") {
        Some(FileKind::Scenario)
    } else if says("railshed-hubs/") {
        Some(FileKind::Hubs)
    } else {
        None
    }
}
