//! Reporting errors and writing results.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// An error the user's input caused: reported in one line, exit status 2.
#[derive(Debug)]
pub(crate) struct BadInput(pub(crate) String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Shorthand for a [`BadInput`] error.
pub(crate) fn bad_input(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(msg.into()))
}

/// Prints an error on one line of stderr and gives the exit status:
/// 2 for bad input, 0 for a closed pipe, 1 otherwise.
pub(crate) fn report(e: &anyhow::Error) -> ExitCode {
    if let Some(io) = e.downcast_ref::<std::io::Error>()
        && io.kind() == std::io::ErrorKind::BrokenPipe
    {
        return ExitCode::SUCCESS;
    }
    let bad = e.downcast_ref::<BadInput>().is_some()
        || e.downcast_ref::<railshed_io::Error>().is_some_and(railshed_io::Error::is_bad_input)
        || e.downcast_ref::<railshed::Error>().is_some_and(|e| e.kind() == railshed::ErrorKind::BadInput);
    let msg = format!("{e:#}");
    let _ = writeln!(std::io::stderr(), "error: {}", one_line(&msg));
    ExitCode::from(if bad { 2 } else { 1 })
}

/// The longest error line printed, in characters, `error: ` included: a
/// longer message is cut in the middle, keeping its start (the file and
/// place) and its end.
pub const MAX_ERROR_CHARS: usize = 400;

/// `msg` on one line that with `error: ` before it is at most
/// [`MAX_ERROR_CHARS`] characters: line breaks and runs of spaces become
/// one space, and a long middle is elided.
pub(crate) fn one_line(msg: &str) -> String {
    let flat = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    railshed_io::elide(&flat, MAX_ERROR_CHARS - "error: ".len()).into_owned()
}

/// A command-line error as clap renders it (the error, a tip, the usage)
/// in one line of at most [`MAX_ERROR_CHARS`] characters, `error: ` first:
/// the error with its details, then where to look for help.
pub fn argument_error_line(rendered: &str) -> String {
    let paragraphs: Vec<&str> = rendered.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let first = paragraphs.first().copied().unwrap_or("error: bad arguments");
    let first = first.trim().strip_prefix("error:").unwrap_or(first);
    let usage = paragraphs.iter().find_map(|p| p.trim().strip_prefix("Usage:")).map(str::trim);
    let help = match usage {
        Some(u) => format!(" (usage: {u}; see --help)"),
        None => " (see --help)".to_owned(),
    };
    format!("error: {}", one_line(&format!("{}{help}", first.trim())))
}

/// Reports a command-line error in one line ([`argument_error_line`]).
/// Exit status 2.
pub(crate) fn argument_error(rendered: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "{}", argument_error_line(rendered));
    ExitCode::from(2)
}

/// Writes `text` to stdout.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes one line of diagnostics asked for (`--stats` timings) to stderr.
pub(crate) fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Writes one line saying what was done to stderr, unless `--quiet`.
pub(crate) fn info(line: &str) {
    if !quiet() {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

/// Set by `--quiet`: no progress bars or notes on stderr.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences progress bars and notes (`--quiet`); errors are still reported.
pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A progress bar (or, without `len`, a spinner) on stderr with this
/// indicatif template: the one way commands show progress. Hidden with
/// `--quiet`, and (by indicatif) when stderr is not a terminal.
pub(crate) fn progress(len: Option<u64>, template: &str) -> ProgressBar {
    if quiet() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

/// What to print on stdout: the same results as a table (or text), CSV or JSON.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns for people to read.
    #[default]
    #[value(alias = "text")]
    Table,
    /// Comma-separated values with a header row (RFC 4180).
    Csv,
    /// One JSON document.
    Json,
}

impl From<Format> for railshed::text::Format {
    fn from(f: Format) -> railshed::text::Format {
        match f {
            Format::Table => railshed::text::Format::Table,
            Format::Csv => railshed::text::Format::Csv,
            Format::Json => railshed::text::Format::Json,
        }
    }
}

/// Writes a CSV table (a header row, then `rows`) to stdout.
pub(crate) fn print_csv<R, S>(header: &[&str], rows: impl IntoIterator<Item = R>) -> anyhow::Result<()>
where
    R: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    print(&String::from_utf8(w.into_inner().map_err(|e| e.into_error())?)?)
}
