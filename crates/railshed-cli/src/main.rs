//! `railshed`: the command-line tool.
//!
//! Exit status: 0 on success, 2 when the input is at fault (a bad file, an
//! unknown station, a bad argument), 1 for anything else.

mod cmd;
mod input;
mod output;
mod report;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Transport connectivity simulator for the North of England.
#[derive(Parser)]
#[command(name = "railshed", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress bars or notes on stderr (errors are still reported, and --stats still prints).
    #[arg(short, long, global = true)]
    quiet: bool,
}

/// The exit status, appended to the help of every command.
const EXIT_STATUS: &str = "\
Exit status: 0 ok; 2 bad input (a bad file, argument or name, reported in one line naming the file,
the place in it and the object); 1 internal error.";

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
  railshed query --timetable gtfs.zip --date 2023-06-13 --from @origins.txt --depart 08:00 --repeat 10
  railshed timetable info ttisf585.zip --date 2020-03-21
  railshed network info --timetable gtfs.zip --date 2023-06-13
  railshed export gtfs --scheme npr-tfn --date 2026-05-18 --out npr.zip
  railshed --quiet compare --format csv > flagship.csv

Results go to stdout (--format table, csv or json where a command prints them) or to files;
progress bars and diagnostics go to stderr (--quiet for none but errors). Outputs are checked
(folder writable, name length) before any computing. Every file is written to a temporary file
beside it and renamed into place (through a symlink, its target); a device, FIFO or /dev/stdout
is written to directly. An output folder (compare --out, --maps, export gtfs --out) is replaced
as a set in one step, so an interrupted run leaves the whole old set or the whole new one.";

#[derive(Subcommand)]
enum Command {
    /// Compare scenarios: commuter catchments, the network effect, jobs, effective density, journey times.
    Compare(cmd::compare::Args),
    /// Summarise or export a network.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed network info
  railshed network info --scheme npr-tfn --format csv
  railshed network export --geojson north.geojson"
    )]
    Network(cmd::network::NetworkCommand),
    /// Check network and overlay files; report every problem.
    Validate(cmd::validate::Args),
    /// The earliest journey between two stations.
    Route(cmd::route::Args),
    /// Travel-time matrix from many origins over a departure window (CSV).
    Matrix(cmd::matrix::Args),
    /// Stations reached within a time, in bands (GeoJSON).
    Isochrone(cmd::isochrone::Args),
    /// Earliest arrival in seconds at every stop from one or many origins at one time (CSV).
    Query(cmd::query::Args),
    /// Summarise a real timetable (GTFS or CIF) for one date.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed timetable info feed.zip --date 2023-06-13
  railshed timetable info ttisf585.zip --date 2020-03-21 --format json"
    )]
    Timetable(cmd::timetable::TimetableCommand),
    /// Write a network's timetable in another format.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed export gtfs --date 2026-05-18 --out north-gtfs.zip
  railshed export gtfs --scenario npr-irp --date 2026-05-18 --out npr-irp/"
    )]
    Export(cmd::export::ExportCommand),
}

/// The command line, with the exit status at the end of every command's help.
fn command() -> clap::Command {
    fn with_exit_status(c: clap::Command) -> clap::Command {
        let help = match c.get_after_help() {
            Some(h) => format!("{h}\n\n{EXIT_STATUS}"),
            None => EXIT_STATUS.to_owned(),
        };
        let names: Vec<String> = c.get_subcommands().map(|s| s.get_name().to_owned()).collect();
        let mut c = c.after_help(help);
        for name in names {
            c = c.mut_subcommand(name, with_exit_status);
        }
        c
    }
    with_exit_status(Cli::command())
}

fn main() -> ExitCode {
    let parsed = command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                _ => output::argument_error(&e.render().to_string()),
            };
        }
    };
    output::set_quiet(cli.quiet);
    // A panic is a bug, not bad input: its message is already on stderr
    // (the default hook); unwinding removes temporary files, and the exit
    // status is the documented 1 rather than Rust's 101.
    let run = std::panic::catch_unwind(|| match cli.command {
        Command::Compare(a) => cmd::compare::run(&a),
        Command::Network(c) => cmd::network::run(c),
        Command::Validate(a) => cmd::validate::run(&a),
        Command::Route(a) => cmd::route::run(&a),
        Command::Matrix(a) => cmd::matrix::run(&a),
        Command::Isochrone(a) => cmd::isochrone::run(&a),
        Command::Query(a) => cmd::query::run(&a),
        Command::Timetable(c) => cmd::timetable::run(c),
        Command::Export(c) => cmd::export::run(c),
    });
    match run {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => output::report(&e),
        Err(_) => ExitCode::FAILURE,
    }
}
