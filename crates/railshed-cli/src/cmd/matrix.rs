//! `railshed matrix`: travel-time matrices over a departure window.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed::matrix::MatrixRequest;
use railshed_solver::Window;

use crate::input::{NetworkArgs, parse_window, print_stats};
use crate::output::{info, progress};
use railshed_io::table::TableFormat;

#[derive(clap::Args)]
#[command(after_help = "\
For each origin and each minute of the window, the travel time to every station is that of the
journey arriving first among those leaving at or after that minute (waiting included); the
statistics are taken over the minutes of the window (percentiles by nearest rank). Cells are
whole minutes, empty where there is no journey (for the mean: where any minute has none).

Layouts: long (default) has one row per origin and destination and one column per statistic;
wide has one row per origin and statistic and one column per destination.

Examples:
  railshed matrix --from all --window 07:00-09:00 --percentiles 10,50,90 --out matrix.csv
  railshed matrix --from LDS,MAN,YRK --mean --best --layout wide --out am-peak.csv
  railshed matrix --from all --scheme npr-tfn --percentiles 50 --out npr.csv --threads 2
  railshed matrix --from all --percentiles 10,50,90 --out matrix.parquet
  railshed matrix --from all --shard 2/8 --out parts/      (then: railshed merge parts/ --out matrix.parquet)")]
pub(crate) struct Args {
    /// Origins: station ids, CRS codes, TIPLOCs or names separated by commas, or "all".
    #[arg(long, value_name = "STOPS")]
    from: String,
    /// Window of departures.
    #[arg(long, value_name = "HH:MM-HH:MM", value_parser = parse_window, default_value = "07:00-09:00")]
    window: Window,
    /// Percentiles of travel time over the window (0–100, any number of them).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    percentiles: Vec<f64>,
    /// Also the mean travel time.
    #[arg(long)]
    mean: bool,
    /// Also the best (shortest) travel time.
    #[arg(long)]
    best: bool,
    /// At most this many changes between trains.
    #[arg(long, value_name = "N")]
    max_transfers: Option<u32>,
    /// File to write: Parquet for a path ending in .parquet (long layout), CSV otherwise; with
    /// --shard, the folder of parts.
    #[arg(long, value_name = "FILE|DIR")]
    out: PathBuf,
    /// Run only part I of N (I from 0) of the origins, writing part-0000I-of-0000N.parquet (or .csv)
    /// and its manifest into the folder --out; `railshed merge` makes the whole file.
    #[arg(long, value_name = "I/N", value_parser = crate::cmd::compare::parse_shard)]
    shard: Option<railshed::shard::Shard>,
    /// With --shard: the format of the part (and of the merged file).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = crate::cmd::compare::PartFormat::Parquet, requires = "shard")]
    part_format: crate::cmd::compare::PartFormat,
    /// Table layout.
    #[arg(long, value_enum, default_value_t = Layout::Long)]
    layout: Layout,
    /// Worker threads (default: one per core; at most 256).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print the time spent loading, compiling and querying to stderr.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    net: NetworkArgs,
}

#[derive(Copy, Clone, clap::ValueEnum)]
enum Layout {
    Long,
    Wide,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let format = TableFormat::of(&args.out);
    match args.shard {
        Some(shard) => {
            for ext in [args.part_format.table().extension(), "json"] {
                let part = args.out.join(format!("{}.{ext}", shard.stem()));
                railshed_io::atomic::check(&part, railshed_io::atomic::Output::File)?;
            }
        }
        None => railshed_io::atomic::check(&args.out, railshed_io::atomic::Output::File)?,
    }
    let layout = match args.layout {
        Layout::Long => railshed::matrix::Layout::Long,
        Layout::Wide => railshed::matrix::Layout::Wide,
    };
    let part_format = args.shard.map(|_| args.part_format.table());
    if layout == railshed::matrix::Layout::Wide && part_format.unwrap_or(format) == TableFormat::Parquet {
        return Err(crate::output::bad_input(
            "--layout wide: a Parquet matrix is long (one row per origin and destination): use --layout long or CSV",
        ));
    }
    let req = MatrixRequest {
        from: args.from.clone(),
        window: args.window,
        percentiles: args.percentiles.clone(),
        mean: args.mean,
        best: args.best,
        max_transfers: args.max_transfers,
        threads: args.threads,
    };
    req.stats()?; // bad numbers fail before the network is loaded
    let p = args.net.prepare()?;
    if let Some(shard) = args.shard {
        let format = args.part_format.table();
        let bar = progress(None, "{spinner} {pos} origins, {per_sec}");
        let files = railshed::matrix::matrix_shard(
            &p,
            &args.net.spec(),
            &req,
            layout,
            shard,
            format,
            env!("CARGO_PKG_VERSION"),
            &|_| bar.inc(1),
        )?;
        bar.finish_and_clear();
        files.write_into(&args.out)?;
        info(&format!(
            "part {shard}: wrote {} and {} in {}",
            files.part_name,
            files.manifest_name,
            args.out.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let origins = req.origins(&p)?;
    let bar = progress(Some(origins.len() as u64), "{bar:40} {pos}/{len} origins, {per_sec}, eta {eta}");
    let m = railshed::matrix::matrix(&p, &req, &|_| bar.inc(1))?;
    bar.finish_and_clear();
    match format {
        TableFormat::Csv => railshed_io::atomic::write_with(&args.out, |out| m.write_csv(out, layout))?,
        TableFormat::Parquet => railshed_io::atomic::write_with(&args.out, |out| {
            m.write_parquet(out).map(drop).map_err(|e| std::io::Error::other(e.to_string()))
        })?,
    }
    if args.stats {
        print_stats(&p, m.query)?;
    }
    Ok(ExitCode::SUCCESS)
}
