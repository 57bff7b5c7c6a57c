//! railshed as a local web app: one page and a small JSON API over the
//! [`railshed`] library, served by `railshed serve`.
//!
//! - `GET /`: the page (HTML with its script and style inline; it fetches
//!   nothing but this API);
//! - `GET /api/scenarios`: the shipped scenarios and the files served
//!   ([`Config::files`]): name, title, description;
//! - `GET /api/map`: what the map is drawn on: the local authorities of the
//!   North (GeoJSON), the zone points and the hubs;
//! - `POST /api/compare`: a comparison, answering exactly the JSON that
//!   `railshed compare ... --format json` prints for the same inputs;
//! - `POST /api/csv`: the same comparison as `--format csv` prints it;
//! - `POST /api/zone-times?hub=ID&measure=M`: each zone's minutes to
//!   that hub in each scenario under measure `M` (one of the comparison's;
//!   none: its first), for the catchment and difference maps;
//! - `POST /api/report`: the HTML report of the comparison.
//!
//! The body of every `POST` is `{"scenarios": [...], "settings": {...}}`
//! ([`api`]). Results are cached by the canonical bytes of the body
//! (a bounded LRU), and computations are bounded by a semaphore: a request
//! waits at most [`Config::queue_wait`] for one of [`Config::jobs`]
//! permits, then answers 503.
//!
//! Safe by default: the caller chooses the address (the command binds to
//! loopback unless told otherwise); a request whose `Host` header names
//! neither a loopback name with the bound port nor the bound address is
//! refused (403: no DNS rebinding); bodies over [`MAX_BODY_BYTES`] answer
//! 413; an uploaded scenario is validated as a file is, and bad input
//! answers 400 with the command line's one-line message; nothing is read
//! from disk (scenarios come from the request, the files the server was
//! given when it started, or the embedded ones).
//!
//! **Architecture invariant:** this crate is an edge over the facade: it
//! computes nothing itself, and every figure it serves comes from
//! [`railshed::Plan`] and the outputs of `railshed-io`.

pub mod api;
mod cache;
mod http;
mod permits;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub use api::{MAX_BODY_BYTES, MAX_SCENARIOS};

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on (port 0: any free port).
    pub bind: SocketAddr,
    /// Computations run at once; more wait for a permit.
    pub jobs: usize,
    /// How long a request waits for a computation permit before a 503.
    pub queue_wait: Duration,
    /// Comparisons kept in the cache.
    pub cache_entries: usize,
    /// Threads answering requests.
    pub threads: usize,
    /// The version written into results (as `railshed --version` gives it).
    pub version: String,
    /// How an error is worded on one line (the command line's wording,
    /// without its `error: ` prefix).
    pub error_line: fn(&(dyn std::error::Error + 'static)) -> String,
    /// Scenario files offered beside the shipped scenarios, as (name,
    /// text): the caller reads them; requests name them by `name`, and
    /// they may extend each other by it. Each is checked when the server
    /// is bound ([`Error::Served`]).
    pub files: Vec<(String, String)>,
}

impl Config {
    /// Defaults for an address: a computation per core, a 10-second
    /// queue, 32 cached comparisons, 16 threads.
    pub fn new(bind: SocketAddr, version: impl Into<String>) -> Config {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            bind,
            jobs: cores,
            queue_wait: Duration::from_secs(10),
            cache_entries: 32,
            threads: 16,
            version: version.into(),
            error_line: chain_line,
            files: Vec::new(),
        }
    }
}

/// An error with its causes on one line, separated by `: `.
fn chain_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        line.push_str(": ");
        line.push_str(&s.to_string());
        source = s.source();
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address could not be listened on.
    #[error("{addr}: cannot listen: {message}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        message: String,
    },
    /// The embedded data could not be read (an internal error).
    #[error("embedded data: {0}")]
    Embedded(#[from] railshed::Error),
    /// A file of [`Config::files`] is not a scenario `railshed compare`
    /// would take: the library's error, naming the file and the place.
    #[error("{0}")]
    Served(railshed::Error),
}

/// A server listening, not yet answering: [`Server::run`] answers until
/// [`Stopper::stop`].
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<api::State>,
    addr: SocketAddr,
    threads: usize,
    stopped: Arc<AtomicBool>,
}

/// Stops a running [`Server`] from another thread (a signal handler):
/// requests being answered are finished, then [`Server::run`] returns.
#[derive(Clone)]
pub struct Stopper {
    http: Arc<tiny_http::Server>,
    threads: usize,
    stopped: Arc<AtomicBool>,
}

impl Stopper {
    /// Asks the server to stop.
    pub fn stop(&self) {
        if !self.stopped.swap(true, Ordering::SeqCst) {
            for _ in 0..self.threads {
                self.http.unblock();
            }
        }
    }
}

impl Server {
    /// Listens on `config.bind` and prepares the embedded data.
    pub fn bind(config: Config) -> Result<Server, Error> {
        let state = api::State::new(&config)?;
        let http = tiny_http::Server::http(config.bind)
            .map_err(|e| Error::Bind { addr: config.bind, message: e.to_string() })?;
        let addr = http.server_addr().to_ip().unwrap_or(config.bind);
        let state = Arc::new(state.bound(addr));
        Ok(Server {
            http: Arc::new(http),
            state,
            addr,
            threads: config.threads.max(1),
            stopped: Arc::default(),
        })
    }

    /// The address listened on (with the port chosen, if port 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle that stops the server.
    pub fn stopper(&self) -> Stopper {
        Stopper { http: Arc::clone(&self.http), threads: self.threads, stopped: Arc::clone(&self.stopped) }
    }

    /// Answers requests until stopped; returns once the requests being
    /// answered are finished.
    pub fn run(self) {
        let workers: Vec<_> = (0..self.threads)
            .map(|_| {
                let (http, state, stopped) =
                    (Arc::clone(&self.http), Arc::clone(&self.state), Arc::clone(&self.stopped));
                std::thread::spawn(move || {
                    while !stopped.load(Ordering::SeqCst) {
                        match http.recv() {
                            Ok(request) => http::answer(&state, request),
                            // Unblocked by the stopper, or a connection that failed.
                            Err(_) if stopped.load(Ordering::SeqCst) => break,
                            Err(_) => continue,
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}
