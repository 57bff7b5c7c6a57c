//! `railshed merge`: the parts of a sharded comparison, matrix or sweep made whole.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed_io::table::TableFormat;

use railshed::shard::Merged;

use crate::output::{bad_input, info};

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

Examples:
  railshed merge parts/ --out out/
  railshed merge parts/ --out zone-hub.parquet
  railshed merge mparts/ --out matrix.parquet
  railshed merge sparts/ --out sweep/
  (parts/ from: for i in 0 1 2; do railshed compare today npr-tfn --shard $i/3 --out parts/; done)")]
pub(crate) struct Args {
    /// The folder of parts.
    #[arg(value_name = "DIR")]
    parts: PathBuf,
    /// The merged outputs: a folder, or the zone × hub table (or the sweep's table) as FILE.parquet or
    /// FILE.csv.
    #[arg(long, value_name = "DIR|FILE.parquet|FILE.csv")]
    out: PathBuf,
}

/// Whether `--out` names the zone × hub table rather than a folder.
fn table(out: &std::path::Path) -> bool {
    let ext = out.extension().and_then(|x| x.to_str()).unwrap_or_default();
    TableFormat::of(out) == TableFormat::Parquet || ext.eq_ignore_ascii_case("csv")
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let version = env!("CARGO_PKG_VERSION");
    let as_table = table(&args.out);
    if as_table {
        railshed_io::atomic::check(&args.out, railshed_io::atomic::Output::File)?;
    } else {
        railshed_io::atomic::check(
            &args.out,
            railshed_io::atomic::Output::Names(railshed_io::results::FILES),
        )?;
    }
    match railshed::shard::merge(&args.parts, version)? {
        Merged::Compare(outcome) => {
            let c = &outcome.comparison;
            if as_table {
                railshed_io::results::write_zone_hub(&args.out, c)?;
            } else {
                railshed_io::results::write_all(&args.out, c, version)?;
            }
            info(&format!(
                "merged {} zones of {} scenarios into {}",
                c.zones.len(),
                c.runs.len(),
                args.out.display()
            ));
        }
        Merged::Sweep(swept) => {
            railshed::sweep::write(&args.out, &swept)?;
            info(&format!("merged the rows of {} variants into {}", swept.table.rows(), args.out.display()));
        }
        Merged::Matrix { format, bytes, origins } => {
            if !as_table || TableFormat::of(&args.out) != format {
                return Err(bad_input(format!(
                    "--out {}: the parts are a {} matrix: name a .{} file",
                    args.out.display(),
                    format.extension(),
                    format.extension()
                )));
            }
            railshed_io::atomic::write(&args.out, &bytes)?;
            info(&format!("merged the rows of {origins} origins into {}", args.out.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
