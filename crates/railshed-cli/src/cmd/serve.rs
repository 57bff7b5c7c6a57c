//! `railshed serve`: the local web app (the page and the JSON API of
//! `railshed-web`) until Ctrl-C.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use railshed_io::scenario::{Files, ScenarioSource};
use railshed_web::{Config, MAX_BODY_BYTES, MAX_SCENARIOS, Server};

use crate::output::{bad_input, note, one_line, print};

#[derive(clap::Args)]
#[command(after_help = "\
Serves one page and a small JSON API over the library: choose scenarios (the shipped ones, the
FILEs, or a scenario file uploaded in the page), a hub, a time limit and the measure, and see the
catchment and difference maps, the headline figures and the hub-to-hub table under that measure;
download the result JSON, the CSV and the HTML report. The results are those railshed compare
gives for the same inputs.

API (README.md, section railshed serve): GET /api/scenarios, GET /api/map, and POST /api/compare,
/api/csv, /api/zone-times?hub=ID&measure=M and /api/report with a body {\"scenarios\": [...],
\"settings\": {...}}.

Safe by default: it listens on loopback unless --bind says otherwise; it answers only requests whose
Host header is localhost, 127.0.0.1 or [::1] with its port, or the address it is bound to; bodies
over 1 MiB answer 413; a scenario upload is checked as a file is (400 with the one-line message of
railshed compare); at most --jobs comparisons run at once, and a request waits at most
--queue-wait seconds for one, then answers 503; it reads no file from disk but the FILEs, once, as
it starts (each checked as railshed compare FILE checks it; they may extend each other and the
shipped scenarios). Ctrl-C (SIGINT or SIGTERM) stops it once the requests being answered are done.

Examples:
  railshed serve                       then open http://127.0.0.1:8080/
  railshed serve --bind 127.0.0.1:0    any free port (printed)
  railshed serve mine.json             also offers the scenario file mine.json")]
pub(crate) struct Args {
    /// Scenario files to offer beside the shipped scenarios (read once, as the server starts).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Address to listen on (port 0: any free port). Another address than loopback makes the app
    /// reachable from other machines.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Comparisons computed at once (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Seconds a request waits for a computation to be free before answering 503.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    queue_wait: u64,
    /// Comparisons kept in memory, by request (least recently used dropped first).
    #[arg(long, value_name = "N", default_value_t = 32)]
    cache: usize,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let mut config = Config::new(args.bind, env!("CARGO_PKG_VERSION"));
    if let Some(jobs) = args.jobs {
        config.jobs = usize::from(jobs);
    }
    config.queue_wait = Duration::from_secs(args.queue_wait);
    config.cache_entries = args.cache;
    config.error_line = error_line;
    config.files = args.files.iter().map(|f| read(f)).collect::<Result<_>>()?;
    let server = Server::bind(config).map_err(|e| match e {
        railshed_web::Error::Bind { .. } => bad_input(format!("--bind {e}")),
        // As `railshed compare FILE` reports it: exit status 2, one line.
        railshed_web::Error::Served(e) => anyhow::Error::new(e),
        other => anyhow::Error::new(other),
    })?;
    let stopper = server.stopper();
    ctrlc::set_handler(move || stopper.stop())?;
    let addr = server.local_addr();
    if !addr.ip().is_loopback() {
        note(&format!("railshed serve: listening on {addr}, which other machines may reach"));
    }
    print(&format!(
        "railshed serve: listening on http://{addr}/ (bodies up to {MAX_BODY_BYTES} bytes, \
         {MAX_SCENARIOS} scenarios a request; Ctrl-C to stop)\n"
    ))?;
    server.run();
    note("railshed serve: stopped");
    Ok(ExitCode::SUCCESS)
}

/// A scenario file to serve: its name as given and its text, read as
/// `railshed compare` reads it.
fn read(file: &Path) -> Result<(String, String)> {
    let name = file.display().to_string();
    if !Files.exists(file) {
        return Err(bad_input(format!("{name}: no such file")));
    }
    Ok((name, Files.read(file)?))
}

/// An error of the library on one line, as `railshed compare` reports it
/// (without its `error: ` prefix): the error and its causes, separated by `: `.
fn error_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        line.push_str(": ");
        line.push_str(&s.to_string());
        source = s.source();
    }
    one_line(&line)
}
