//! `railshed merge`: the parts of a sharded comparison, matrix or sweep made whole.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_io::table::TableFormat;

use railshed::shard::Merged;

use crate::cmd::compare::{drawing_flag, print_comparison};
use crate::output::{bad_input, info};
use railshed::text::shown_hubs;

#[derive(clap::Args)]
#[command(after_help = "\
Reads the folder of parts that `railshed compare --shard I/N --out DIR`, `railshed matrix --shard
I/N --out DIR` or `railshed sweep FILE --shard I/N --out DIR` wrote (part-0000I-of-0000N.json manifests and their .parquet or .csv parts), checks
that every manifest belongs to the same run (request, version, input hashes, settings, shard count),
that every part 0..N is there once and nothing else is, and that each part has the hash its
manifest records; then writes exactly what the unsharded run writes: for a comparison, with --out
DIR the folder of `compare --out DIR`, with --out FILE.parquet or FILE.csv the zone × hub table; for
a matrix, the file of `matrix --out FILE` (.parquet for Parquet parts, .csv for CSV parts); for a
sweep, with --out DIR the folder of `sweep --out DIR` (sweep.csv and sweep.json), with --out
FILE.parquet or FILE.csv the table. Run it where the shards ran (the same sweep, scenario, zone and
hub files at the same paths): it reloads them and checks their hashes.

A comparison's merge also prints on stdout what the unsharded `compare` prints: the before/after
tables, or what the shards' --format, --hubs and --explain asked for (their manifests record them),
byte for byte; --out is then optional. --report and --maps [--png] write the report and figures of
the whole comparison (a shard refuses them: it has part of the zones).

Examples:
  railshed merge parts/ --out out/
  railshed merge parts/ --out zone-hub.parquet
  railshed merge mparts/ --out matrix.parquet
  railshed merge sparts/ --out sweep/
  railshed merge parts/ --report report.html --maps maps/
  (parts/ from: for i in 0 1 2; do railshed compare today npr-tfn --shard $i/3 --out parts/; done)")]
pub(crate) struct Args {
    /// The folder of parts.
    #[arg(value_name = "DIR")]
    parts: PathBuf,
    /// The merged outputs: a folder, or the zone × hub table (or the sweep's table) as FILE.parquet or
    /// FILE.csv. Needed for a matrix's or a sweep's parts.
    #[arg(long, value_name = "DIR|FILE.parquet|FILE.csv")]
    out: Option<PathBuf>,
    /// For a comparison: write its self-contained HTML report to this file (as `compare --report`).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// For a comparison: write every map and chart of the report as an SVG file into this folder (as
    /// `compare --maps`).
    #[arg(long, value_name = "DIR")]
    maps: Option<PathBuf>,
    /// With --maps, write each figure as PNG too (needs railshed built with `--features png`).
    #[arg(long, requires = "maps")]
    png: bool,
}

/// Whether `--out` names the zone × hub table rather than a folder.
fn table(out: &std::path::Path) -> bool {
    let ext = out.extension().and_then(|x| x.to_str()).unwrap_or_default();
    TableFormat::of(out) == TableFormat::Parquet || ext.eq_ignore_ascii_case("csv")
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let version = env!("CARGO_PKG_VERSION");
    if args.png && !cfg!(feature = "png") {
        return Err(bad_input(
            "--png: this railshed was built without PNG support (build it with `--features png`)",
        ));
    }
    // Bad output paths are found before the work, not after it.
    let as_table = args.out.as_deref().is_some_and(table);
    let out_dir = args.out.clone().filter(|_| !as_table);
    railshed_io::atomic::check_all(&railshed_io::results::outputs(&out_dir, &args.report, &args.maps))?;
    if let Some(file) = args.out.as_deref().filter(|_| as_table) {
        railshed_io::atomic::check(file, railshed_io::atomic::Output::File)?;
    }
    let merged = railshed::shard::merge(&args.parts, version)?;
    let what = match &merged {
        Merged::Compare(..) => None,
        Merged::Matrix { .. } => Some("a matrix"),
        Merged::Sweep(_) => Some("a sweep"),
    };
    if let (Some(what), Some(flag)) = (what, drawing_flag(args.report.is_some(), args.maps.is_some())) {
        return Err(bad_input(format!("{flag}: the parts are {what}'s; {flag} is for a comparison's")));
    }
    match merged {
        Merged::Compare(outcome, printed) => {
            let c = &outcome.comparison;
            let shown = shown_hubs(&c.hubs, &printed.hubs)?;
            match &args.out {
                Some(file) if as_table => railshed_io::results::write_zone_hub(file, c)?,
                Some(dir) => {
                    railshed_io::results::write_all(dir, c, version)?;
                }
                None => {}
            }
            if args.report.is_some() || args.maps.is_some() {
                crate::report::write(
                    &outcome,
                    args.report.as_deref(),
                    args.maps.as_deref(),
                    args.png,
                    version,
                )?;
            }
            print_comparison(c, &printed, &shown, version)?;
            let into = args.out.as_ref().map(|o| format!(" into {}", o.display())).unwrap_or_default();
            info(&format!("merged {} zones of {} scenarios{into}", c.zones.len(), c.runs.len()));
        }
        Merged::Sweep(swept) => {
            let out = args.out.as_deref().ok_or_else(|| {
                bad_input("--out: the parts are a sweep's: name a folder, FILE.parquet or FILE.csv to write")
            })?;
            railshed::sweep::write(out, &swept)?;
            info(&format!("merged the rows of {} variants into {}", swept.table.rows(), out.display()));
        }
        Merged::Matrix { format, bytes, origins } => {
            let ext = format.extension();
            let out =
                args.out.as_deref().filter(|out| as_table && TableFormat::of(out) == format).ok_or_else(
                    || {
                        let named = args.out.as_ref().map(|o| format!("--out {}", o.display()));
                        bad_input(format!(
                            "{}: the parts are a {ext} matrix: name a .{ext} file",
                            named.unwrap_or_else(|| "--out".to_owned())
                        ))
                    },
                )?;
            railshed_io::atomic::write(out, &bytes)?;
            info(&format!("merged the rows of {origins} origins into {}", out.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
