//! Reporting errors and writing results.

use std::io::Write;
use std::process::ExitCode;

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
        || e.downcast_ref::<railshed_io::Error>().is_some_and(railshed_io::Error::is_bad_input);
    let msg = format!("{e:#}").replace('\n', " ");
    let _ = writeln!(std::io::stderr(), "error: {msg}");
    ExitCode::from(if bad { 2 } else { 1 })
}

/// Writes `text` to stdout.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes one line of diagnostics (timings, notes) to stderr.
pub(crate) fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
