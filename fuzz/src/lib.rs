//! What each fuzz target does with its input, shared with the regression
//! test (`tests/fuzz_regressions.rs`) so a crashing input is replayed
//! through exactly the code that found it.
//!
//! Every function takes the fuzzer's bytes, goes through the public
//! entry points the command-line tool uses (the `railshed` library for
//! scenarios, `railshed-io` for files), carries on with
//! what was accepted the way a command would (applying overlays and
//! modifications, then [`solve`]) and ignores errors: bad input must give
//! an error, never a panic, a hang or a memory blow-up, and what is
//! accepted must be a timetable the solver can take.
#![allow(unreachable_pub)]

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use railshed_core::{Network, StationIdx, Time};
use railshed_io::network::{self, Kind, Parsed};
use railshed_io::scenario::ScenarioSource;
use railshed_io::timetable::{self, ImportSettings};
use railshed_io::{Date, Error, embedded};

/// The embedded default network and scheme overlays, parsed once.
fn defaults() -> &'static (Network, Vec<Parsed>) {
    static DEFAULTS: OnceLock<(Network, Vec<Parsed>)> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        (
            embedded::default_network().expect("embedded network"),
            embedded::schemes().expect("embedded schemes"),
        )
    })
}

/// Compiles the network's timetable, which must satisfy
/// [`railshed_core::Timetable::check`] (the solver's precondition), and
/// runs a forward and a reverse search from and to its first station.
pub fn solve(net: &Network) {
    let tt = net.compile();
    if let Err(e) = tt.check() {
        panic!("accepted input gives a timetable the solver cannot take: {e}");
    }
    if tt.stations.is_empty() {
        return;
    }
    let solver = railshed_solver::Solver::new(&tt);
    let mut scratch = solver.scratch();
    let station = StationIdx(0);
    let options = railshed_solver::Options::default();
    let source = railshed_solver::Source { station, time: Time::hms(6, 0, 0) };
    let arrivals = solver.earliest_arrival(&mut scratch, &[source], options).expect("a valid query");
    for s in 0..tt.stations.len() {
        arrivals.arrival(StationIdx(s as u32));
    }
    let target = railshed_solver::Access { station, secs: 0 };
    solver.latest_departure(&mut scratch, &[target], Time::hms(23, 0, 0), options).expect("a valid query");
}

/// `network_json`: a network or overlay file. A network is built, solved
/// and written back; an overlay is applied to the default network with the
/// schemes it requires and solved.
pub fn network_json(data: &[u8]) {
    // The tool reads files as UTF-8 before parsing (`railshed_io::read_text`).
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(parsed) = network::parse("fuzz.json", text) else { return };
    match parsed.kind {
        Kind::Network => {
            if let Ok(net) = parsed.to_network() {
                solve(&net);
                network::to_json_string(&net);
            }
        }
        Kind::Overlay => {
            let (default, schemes) = defaults();
            let mut net = default.clone();
            if embedded::apply_overlay(&mut net, &parsed, schemes).is_ok() {
                solve(&net);
            }
        }
    }
}

/// The files a fuzzed scenario can see: itself as `fuzz.json` (the input
/// being run), and the small test network as `tiny.json`.
struct Fuzzed;

const TINY_NETWORK: &str = include_str!("../../tests/data/tiny.json");

thread_local! {
    /// The scenario being run.
    static INPUT: RefCell<String> = const { RefCell::new(String::new()) };
    /// The library's loader over [`Fuzzed`], made once (it parses the
    /// embedded schemes and network once).
    static LOADER: railshed::Loader =
        railshed::Loader::with_files(Box::new(Fuzzed)).expect("embedded schemes");
}

impl ScenarioSource for Fuzzed {
    fn read(&self, path: &Path) -> Result<String, Error> {
        match path.to_str() {
            Some("fuzz.json") => Ok(INPUT.with(|i| i.borrow().clone())),
            Some("tiny.json") => Ok(TINY_NETWORK.to_owned()),
            _ => Err(Error::Io { path: path.to_owned(), error: std::io::ErrorKind::NotFound.into() }),
        }
    }
}

/// `scenario_json`: a scenario file (which may extend itself or name
/// `tiny.json` as its base network) with the embedded schemes, loaded and
/// built by the library as `railshed compare` does; the network is then
/// solved.
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    INPUT.with(|i| *i.borrow_mut() = text.to_owned());
    LOADER.with(|loader| {
        let Ok(s) = loader.scenario("fuzz.json") else { return };
        if let Ok(net) = loader.network(&s) {
            solve(&net);
        }
    });
}

/// Splits `data` into files: each starts after a line `=== NAME` and runs
/// to the next such line (bytes before the first are ignored).
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(b"=== ") {
            let name = String::from_utf8_lossy(name).trim_end_matches(['\r', '\n']).to_owned();
            files.push((name, Vec::new()));
        } else if let Some((_, content)) = files.last_mut() {
            content.extend_from_slice(line);
        }
    }
    files
}

/// Imports a timetable held in memory for `date` and solves what it gives.
fn import(files: Vec<(String, Vec<u8>)>, date: Date) {
    if let Ok(imported) = timetable::import_files("fuzz", files, &ImportSettings::new(date)) {
        solve(&imported.network);
    }
}

/// The service date of the GTFS and CIF test data.
fn date() -> Date {
    Date::new(2020, 3, 20).expect("a date")
}

/// `gtfs`: a GTFS feed, either a zip archive (input starting `PK`) or a set
/// of files split out of the input by `=== NAME` lines (see
/// [`split_files`]), imported for 2020-03-20 and solved.
pub fn gtfs(data: &[u8]) {
    if data.starts_with(b"PK") {
        if let Ok(imported) =
            timetable::import_zip_bytes("fuzz.zip", data.to_vec(), &ImportSettings::new(date()))
        {
            solve(&imported.network);
        }
    } else {
        import(split_files(data), date());
    }
}

const MINI_MCA: &[u8] = include_bytes!("../fixtures/mini.mca");
const MINI_MSN: &[u8] = include_bytes!("../fixtures/mini.msn");
const MINI_FLF: &[u8] = include_bytes!("../fixtures/mini.flf");

/// `cif`: CIF schedule records (the `.mca` file) with the station and
/// fixed links files of the test archive, imported for 2020-03-20.
pub fn cif(data: &[u8]) {
    import(
        vec![
            ("fuzz.mca".to_owned(), data.to_vec()),
            ("mini.msn".to_owned(), MINI_MSN.to_vec()),
            ("mini.flf".to_owned(), MINI_FLF.to_vec()),
        ],
        date(),
    );
}

/// `msn_flf_alf`: the station, fixed links and additional links files of a
/// CIF archive, split out of the input by `=== NAME` lines (`=== x.msn`,
/// `=== x.flf`, `=== x.alf`), with the schedules of the test archive,
/// imported for 2020-03-20.
pub fn msn_flf_alf(data: &[u8]) {
    let mut files = split_files(data);
    files.push(("mini.mca".to_owned(), MINI_MCA.to_vec()));
    import(files, date());
}

/// `hubs_zones`: the files of `compare --hubs-file` and `--zones`, split out
/// of the input by `=== hubs.json`, `=== zones.csv` and `=== jobs.csv`
/// lines (an input without such lines is tried as each). What is accepted
/// must hold what the checks promise: at most the limit of zones and hubs,
/// no zone code or hub id twice, every hub with a station.
pub fn hubs_zones(data: &[u8]) {
    use railshed_io::zones;
    let mut files = split_files(data);
    if files.is_empty() {
        files = ["hubs.json", "zones.csv", "jobs.csv"].map(|n| (n.to_owned(), data.to_vec())).to_vec();
    }
    for (name, bytes) in files {
        // The tool reads these files as UTF-8 text (`railshed_io::read_text`).
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        match name.as_str() {
            "hubs.json" => {
                if let Ok(hubs) = zones::parse_hubs("hubs.json", text) {
                    assert!(hubs.len() <= zones::MAX_HUBS, "more hubs than the limit accepted");
                    let ids: std::collections::HashSet<&str> = hubs.iter().map(|h| h.id.as_str()).collect();
                    assert_eq!(ids.len(), hubs.len(), "a hub id twice accepted");
                    assert!(hubs.iter().all(|h| !h.stations.is_empty()), "a hub without stations accepted");
                }
            }
            "zones.csv" => {
                if let Ok(z) = zones::parse_zones("zones.csv", text) {
                    assert!(!z.is_empty() && z.len() <= zones::MAX_ZONES, "zone count outside the limits");
                    let codes: std::collections::HashSet<&str> = z.iter().map(|z| z.code.as_str()).collect();
                    assert_eq!(codes.len(), z.len(), "a zone code twice accepted");
                }
            }
            "jobs.csv" => {
                let _ = zones::parse_jobs("jobs.csv", text);
            }
            _ => {}
        }
    }
}

/// The command line: the input's lines are the arguments after the program
/// name (bytes as they come, not necessarily UTF-8), parsed by the
/// binary's own definitions without running any command. Every error but
/// help and version must render as exactly one line of at most
/// [`railshed_cli::MAX_ERROR_CHARS`] characters, as the binary prints it.
pub fn args(data: &[u8]) {
    use std::os::unix::ffi::OsStringExt;
    let argv = std::iter::once(std::ffi::OsString::from("railshed"))
        .chain(data.split(|&b| b == b'\n').map(|a| std::ffi::OsString::from_vec(a.to_vec())));
    let Err(e) = railshed_cli::cli::parse_from(argv) else { return };
    if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) {
        return;
    }
    let line = railshed_cli::argument_error_line(&e.render().to_string());
    assert!(!line.contains(['\n', '\r']), "an error of more than one line: {line:?}");
    let n = line.chars().count();
    assert!(n <= railshed_cli::MAX_ERROR_CHARS, "an error line of {n} characters: {line:?}");
    assert!(line.starts_with("error: ") && n > "error: ".len(), "an empty error: {line:?}");
}
