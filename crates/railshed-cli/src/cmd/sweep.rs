//! `railshed sweep`: a scenario with values of its modifications varied,
//! one row per variant.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed::shard::Shard;
use railshed::sweep::{SweepPlan, sweep_shard};

use crate::cmd::compare::PartFormat;
use crate::output::{info, progress};

#[derive(clap::Args)]
#[command(after_help = "\
Reads a railshed-sweep/1 file (scenarios/README.md, \"Sweeps\"): a scenario, settings over its own,
and parameters, each a field of one of the scenario's modifications (tph of a change_frequency,
factor of a change_running_times, enabled of any) with its values or a range; the variants are the
grid of those values (the first parameter varying slowest) or an explicit list. Evaluates the
scenario as written and then every variant, one after the other (each on every core), and writes
one row per variant: variant, each parameter's value (1 and 0 for enabled), trips, the network
effect per time limit, each hub's catchment per threshold and the mean jobs within each time, each
with its change from the scenario as written (…_change), whole numbers as `compare --format csv`
gives them.

--out DIR writes sweep.csv and its manifest sweep.json (railshed-sweep-result/1: the request, the
version, the SHA-256 of every input, the settings, the columns); --out FILE.parquet or FILE.csv
writes the table alone. With --shard I/N, only part I of N of the variants is run, into the folder
of parts --out; `railshed merge` makes exactly the unsharded files.

Examples:
  railshed sweep tests/data/scenario/tiny-sweep.json --out sweep/
  railshed sweep my-sweep.json --out sweep.parquet --threads 2
  railshed sweep my-sweep.json --shard 2/8 --out parts/     (then: railshed merge parts/ --out sweep/)")]
pub(crate) struct Args {
    /// The sweep file (railshed-sweep/1).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write: a folder (sweep.csv and sweep.json), a table as FILE.parquet or FILE.csv, or,
    /// with --shard, the folder of parts.
    #[arg(long, value_name = "DIR|FILE.parquet|FILE.csv")]
    out: PathBuf,
    /// Run only part I of N (I from 0) of the variants, writing part-0000I-of-0000N.parquet (or .csv) and
    /// its manifest part-0000I-of-0000N.json into --out; `railshed merge` makes the whole.
    #[arg(long, value_name = "I/N", value_parser = crate::cmd::compare::parse_shard)]
    shard: Option<Shard>,
    /// With --shard: the format of the part.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = PartFormat::Parquet, requires = "shard")]
    part_format: PartFormat,
    /// Worker threads (default: one per core; at most 256). Results are the same for any number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    // Bad thread counts are refused before any work.
    railshed::sweep::check_threads(args.threads)?;
    match args.shard {
        Some(shard) => {
            for ext in [args.part_format.table().extension(), "json"] {
                let part = args.out.join(format!("{}.{ext}", shard.stem()));
                railshed_io::atomic::check(&part, railshed_io::atomic::Output::File)?;
            }
        }
        None => railshed::sweep::check_out(&args.out)?,
    }
    let version = env!("CARGO_PKG_VERSION");
    let work = || -> Result<()> {
        let plan = SweepPlan::new(&args.file)?;
        let count = args.shard.map_or(plan.variants(), |s| s.range(plan.variants()).len());
        let bar = progress(Some(count as u64), "{bar:40} {pos}/{len} variants, {per_sec}, eta {eta}");
        match args.shard {
            Some(shard) => {
                let files = sweep_shard(plan, shard, args.part_format.table(), version, &mut |n| {
                    bar.set_position(n as u64)
                })?;
                bar.finish_and_clear();
                files.write_into(&args.out)?;
                info(&format!(
                    "part {shard}: wrote {} and {} in {}",
                    files.part_name,
                    files.manifest_name,
                    args.out.display()
                ));
            }
            None => {
                let all = 0..plan.variants();
                let swept = plan.run(all, version, &mut |n| bar.set_position(n as u64))?;
                bar.finish_and_clear();
                railshed::sweep::write(&args.out, &swept)?;
                info(&format!("wrote {} variants into {}", swept.table.rows(), args.out.display()));
            }
        }
        Ok(())
    };
    railshed::sweep::with_threads(args.threads, || Ok(work()))??;
    Ok(ExitCode::SUCCESS)
}
