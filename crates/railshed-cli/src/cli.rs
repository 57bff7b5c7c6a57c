//! The command line: its definitions ([`Cli`], [`command`]) and running it
//! ([`main`]).

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Transport connectivity simulator for the North of England.
#[derive(Parser)]
#[command(name = "railshed", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
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
  railshed compare --shard 0/4 --out parts/  ... one part of four; railshed merge parts/ --out out/
  railshed sweep my-sweep.json --out sweep/  every variant of a scenario sweep, one row each
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
  railshed serve                             the web app on http://127.0.0.1:8080/

Results go to stdout (--format table, csv or json where a command prints them) or to files;
progress bars and diagnostics go to stderr (--quiet for none but errors). Outputs are checked
(folder writable, name length) before any computing. Every file is written to a temporary file
beside it and renamed into place (through a symlink, its target); a device, FIFO or /dev/stdout
is written to directly. An output folder (compare --out, --maps, export gtfs --out, sweep --out) is
replaced as a set in one step, so an interrupted run leaves the whole old set or the whole new one.";

#[derive(Subcommand)]
enum Command {
    /// Compare scenarios: commuter catchments, the network effect, jobs, effective density, journey times.
    Compare(crate::cmd::compare::Args),
    /// Merge the parts of a sharded comparison, matrix or sweep (--shard) into the outputs of one run.
    Merge(crate::cmd::merge::Args),
    /// Sweep a scenario: values of its modifications varied, one row of figures per variant.
    Sweep(crate::cmd::sweep::Args),
    /// Summarise or export a network.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed network info
  railshed network info --scheme npr-tfn --format csv
  railshed network export --geojson north.geojson"
    )]
    Network(crate::cmd::network::NetworkCommand),
    /// Check network and overlay files; report every problem.
    Validate(crate::cmd::validate::Args),
    /// The earliest journey between two stations.
    Route(crate::cmd::route::Args),
    /// Travel-time matrix from many origins over a departure window (CSV).
    Matrix(crate::cmd::matrix::Args),
    /// Stations reached within a time, in bands (GeoJSON).
    Isochrone(crate::cmd::isochrone::Args),
    /// Earliest arrival in seconds at every stop from one or many origins at one time (CSV).
    Query(crate::cmd::query::Args),
    /// Summarise a real timetable (GTFS or CIF) for one date.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed timetable info feed.zip --date 2023-06-13
  railshed timetable info ttisf585.zip --date 2020-03-21 --format json"
    )]
    Timetable(crate::cmd::timetable::TimetableCommand),
    /// Write a network's timetable in another format.
    #[command(
        subcommand,
        after_help = "\
Examples:
  railshed export gtfs --date 2026-05-18 --out north-gtfs.zip
  railshed export gtfs --scenario npr-irp --date 2026-05-18 --out npr-irp/"
    )]
    Export(crate::cmd::export::ExportCommand),
    /// The local web app: a page and a JSON API over the library (loopback only unless told otherwise).
    #[cfg(feature = "serve")]
    Serve(crate::cmd::serve::Args),
}

/// The command line, with the exit status at the end of every command's help.
pub fn command() -> clap::Command {
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

/// Parses `args` (the program name first) as the binary does: the
/// definitions of [`Cli`] with the exit status in every command's help.
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    command().try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m))
}

/// Runs the command line of this process: parses it, runs the command and
/// reports an error in one line; the exit status of the binary.
pub fn main() -> ExitCode {
    let parsed = parse_from(std::env::args_os());
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                _ => crate::output::argument_error(&e.render().to_string()),
            };
        }
    };
    crate::output::set_quiet(cli.quiet);
    // A panic is a bug, not bad input: its message is already on stderr
    // (the default hook); unwinding removes temporary files, and the exit
    // status is the documented 1 rather than Rust's 101.
    let run = std::panic::catch_unwind(|| match cli.command {
        Command::Compare(a) => crate::cmd::compare::run(&a),
        Command::Merge(a) => crate::cmd::merge::run(&a),
        Command::Sweep(a) => crate::cmd::sweep::run(&a),
        Command::Network(c) => crate::cmd::network::run(c),
        Command::Validate(a) => crate::cmd::validate::run(&a),
        Command::Route(a) => crate::cmd::route::run(&a),
        Command::Matrix(a) => crate::cmd::matrix::run(&a),
        Command::Isochrone(a) => crate::cmd::isochrone::run(&a),
        Command::Query(a) => crate::cmd::query::run(&a),
        Command::Timetable(c) => crate::cmd::timetable::run(c),
        Command::Export(c) => crate::cmd::export::run(c),
        #[cfg(feature = "serve")]
        Command::Serve(a) => crate::cmd::serve::run(&a),
    });
    match run {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => crate::output::report(&e),
        Err(_) => ExitCode::FAILURE,
    }
}
