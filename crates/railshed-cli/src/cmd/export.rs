//! `railshed export gtfs`: a network's timetable for one date as a GTFS feed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::input::NetworkArgs;
use crate::output::bad_input;

#[derive(clap::Subcommand)]
pub(crate) enum ExportCommand {
    /// Write the compiled timetable as a GTFS feed (a folder, or a zip when OUT ends in .zip).
    #[command(after_help = "\
Examples:
  railshed export gtfs --date 2026-05-18 --out north-gtfs.zip
  railshed export gtfs --scheme npr-tfn --date 2026-05-18 --out npr-gtfs/
  railshed export gtfs --timetable ttisf585.zip --date 2020-03-21 --out cif-as-gtfs.zip
  railshed export gtfs --scenario scenarios/hs2-npr-tru.json --date 2026-05-18 --out hs2-npr-tru.zip
  railshed export gtfs --scenario npr-irp --date 2026-05-18 --out npr-irp/")]
    Gtfs(GtfsArgs),
}

#[derive(clap::Args)]
pub(crate) struct GtfsArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Export a scenario's network (a scenario file or the name of a shipped
    /// scenario) instead of --network/--scheme/--overlay/--timetable.
    #[arg(long, value_name = "SCENARIO", conflicts_with_all = ["network", "schemes", "overlays", "timetable"])]
    scenario: Option<String>,
    /// Where to write: a folder, or a zip archive if the name ends in .zip.
    #[arg(long, value_name = "DIR|ZIP")]
    out: PathBuf,
}

pub(crate) fn run(cmd: ExportCommand) -> Result<ExitCode> {
    match cmd {
        ExportCommand::Gtfs(a) => {
            let Some(date) = a.net.date else {
                return Err(bad_input(
                    "export gtfs needs --date YYYY-MM-DD: the day the feed's calendar runs",
                ));
            };
            let zip = a.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            let kind = if zip { railshed_io::atomic::Output::File } else { railshed_io::atomic::GTFS_DIR };
            railshed_io::atomic::check(&a.out, kind)?;
            let net = match &a.scenario {
                Some(name) => {
                    let loader = railshed::Loader::new()?;
                    loader.network(&loader.scenario(name)?)?
                }
                None => a.net.load()?,
            };
            let tt = net.compile();
            let feed = railshed_io::gtfs::export(&tt, date);
            if zip {
                railshed_io::gtfs::write_zip(&a.out, &feed)?;
            } else {
                railshed_io::gtfs::write_dir(&a.out, &feed)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
