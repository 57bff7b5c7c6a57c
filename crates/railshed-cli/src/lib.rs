//! The railshed command line as a library: the argument definitions and
//! their parsing ([`cli`]), the one-line rendering of argument errors
//! ([`argument_error_line`]) and the commands. The `railshed` binary is one
//! call to [`cli::main`]; the fuzz target `args` parses arbitrary command
//! lines with [`cli::parse_from`] without running any command.

pub mod cli;
mod cmd;
mod input;
mod output;
mod report;

pub use output::{MAX_ERROR_CHARS, argument_error_line};
