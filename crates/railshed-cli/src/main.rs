//! `railshed`: the command-line tool.
//!
//! Exit status: 0 on success, 2 when the input is at fault (a bad file, an
//! unknown station, a bad argument), 1 for anything else.

mod cmd;
mod input;
mod output;
mod report;
mod scenarios;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Transport connectivity simulator for the North of England.
#[derive(Parser)]
#[command(name = "railshed", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  railshed compare                           today vs HS2 vs NPR vs HS2 + NPR + TRU: the flagship table
  railshed compare scenarios/npr-irp.json --out out/
  railshed network info                      summary of the embedded network of the North
  railshed network info --scheme npr-tfn     ... with Northern Powerhouse Rail (TfN)
  railshed network export --geojson north.geojson
  railshed validate networks/north.json networks/schemes/*.json
  railshed route Leeds \"Manchester Piccadilly\" --depart 08:00
  railshed matrix --from all --window 07:00-09:00 --percentiles 10,50,90 --out matrix.csv
  railshed isochrone --from LDS --depart 08:00 --max 90 --step 15 --out leeds.geojson
  railshed timetable info ttisf585.zip --date 2020-03-21
  railshed network info --timetable gtfs.zip --date 2023-06-13
  railshed export gtfs --scheme npr-tfn --date 2026-05-18 --out npr.zip

Exit status: 0 ok; 2 bad input (a bad file, argument or name, reported in one line naming the file,
the place in it and the object); 1 anything else. Results go to stdout or files, progress and
diagnostics to stderr.";

#[derive(Subcommand)]
enum Command {
    /// Compare scenarios: commuter catchments, the network effect, jobs, effective density, journey times.
    Compare(cmd::compare::Args),
    /// Summarise or export a network.
    #[command(subcommand)]
    Network(cmd::network::NetworkCommand),
    /// Check network and overlay files; report every problem.
    Validate(cmd::validate::Args),
    /// The earliest journey between two stations.
    Route(cmd::route::Args),
    /// Travel-time matrix from many origins over a departure window (CSV).
    Matrix(cmd::matrix::Args),
    /// Stations reached within a time, in bands (GeoJSON).
    Isochrone(cmd::isochrone::Args),
    /// Summarise a real timetable (GTFS or CIF) for one date.
    #[command(subcommand)]
    Timetable(cmd::timetable::TimetableCommand),
    /// Write a network's timetable in another format.
    #[command(subcommand)]
    Export(cmd::export::ExportCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let result = match cli.command {
        Command::Compare(a) => cmd::compare::run(&a),
        Command::Network(c) => cmd::network::run(c),
        Command::Validate(a) => cmd::validate::run(&a),
        Command::Route(a) => cmd::route::run(&a),
        Command::Matrix(a) => cmd::matrix::run(&a),
        Command::Isochrone(a) => cmd::isochrone::run(&a),
        Command::Timetable(c) => cmd::timetable::run(c),
        Command::Export(c) => cmd::export::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => output::report(&e),
    }
}
