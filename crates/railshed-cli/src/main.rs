//! `railshed`: the command-line tool.
//!
//! Exit status: 0 on success, 2 when the input is at fault (a bad file, an
//! unknown station, a bad argument), 1 for anything else.

fn main() -> std::process::ExitCode {
    railshed_cli::cli::main()
}
