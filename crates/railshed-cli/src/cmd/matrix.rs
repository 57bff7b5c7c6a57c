//! `railshed matrix`: travel-time matrices over a departure window.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use railshed::matrix::MatrixRequest;
use railshed_solver::Window;

use crate::input::{NetworkArgs, parse_window, print_stats};
use crate::output::progress;

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
  railshed matrix --from all --scheme npr-tfn --percentiles 50 --out npr.csv --threads 2")]
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
    /// CSV file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
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
    railshed_io::atomic::check(&args.out, railshed_io::atomic::Output::File)?;
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
    let origins = req.origins(&p)?;
    let bar = progress(Some(origins.len() as u64), "{bar:40} {pos}/{len} origins, {per_sec}, eta {eta}");
    let m = railshed::matrix::matrix(&p, &req, &|_| bar.inc(1))?;
    bar.finish_and_clear();
    let layout = match args.layout {
        Layout::Long => railshed::matrix::Layout::Long,
        Layout::Wide => railshed::matrix::Layout::Wide,
    };
    railshed_io::atomic::write_with(&args.out, |out| m.write_csv(out, layout))?;
    if args.stats {
        print_stats(&p, m.query)?;
    }
    Ok(ExitCode::SUCCESS)
}
