//! `railshed serve` through HTTP on loopback: the binary started with
//! `--bind 127.0.0.1:0`, its printed address read, requests made over TCP
//! by a small HTTP/1.1 client; then the page in headless Chromium, driven
//! through its controls over the DevTools protocol (`support::cdp`).
//!
//! The API's answers are compared byte for byte with what `railshed
//! compare` prints for the same inputs.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use railshed::Measure;
use serde_json::{Value, json};
use support::cdp::Browser;

/// A running `railshed serve`, stopped when dropped.
struct App {
    child: Child,
    addr: String,
}

impl App {
    fn start(extra: &[&str]) -> App {
        App::start_in(Path::new("."), extra)
    }

    /// `railshed serve` started in the folder `dir`.
    fn start_in(dir: &Path, extra: &[&str]) -> App {
        let mut child = Command::cargo_bin("railshed")
            .unwrap()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        App { child, addr }
    }

    fn port(&self) -> &str {
        self.addr.rsplit(':').next().unwrap()
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &format!("127.0.0.1:{}", self.port()), None)
    }

    fn post(&self, path: &str, body: &Value) -> Reply {
        let body = serde_json::to_vec(body).unwrap();
        self.request("POST", path, &format!("localhost:{}", self.port()), Some(&body))
    }

    /// One request on its own connection.
    fn request(&self, method: &str, path: &str, host: &str, body: Option<&[u8]>) -> Reply {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        let body = body.unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        // The server may answer (413) and close before reading all of it.
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        Reply::parse(&raw)
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
        let head = String::from_utf8_lossy(&raw[..end]);
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body);
        }
        Reply { status, headers, body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// The `error` of a JSON error answer.
    fn error(&self) -> String {
        self.json()["error"].as_str().unwrap().to_owned()
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 4 + n..];
    }
}

/// `railshed ARGS` in `dir`: stdout, stderr and the exit code.
fn railshed(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("railshed").unwrap().args(args).current_dir(dir).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// An upload of the scenario file `name` with `text`, and the same file
/// written into `dir` for the command line.
fn upload(dir: &Path, name: &str, text: &str) -> Value {
    std::fs::write(dir.join(name), text).unwrap();
    json!({"name": name, "text": text})
}

const MY_SCENARIO: &str = r#"{
  "format": "railshed-scenario/1",
  "name": "NPR without TRU",
  "description": "A test scenario.",
  "extends": "scenarios/npr-irp.json",
  "settings": {"thresholds_min": [45, 60, 90]}
}
"#;

#[test]
fn the_api_answers_what_the_command_line_prints() {
    let app = App::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The command line reads the shipped scenario an upload extends from disk, the server from the binary.
    std::fs::create_dir(d.join("scenarios")).unwrap();
    std::fs::write(d.join("scenarios/npr-irp.json"), include_str!("../scenarios/npr-irp.json")).unwrap();

    let list = app.get("/api/scenarios");
    assert_eq!(list.status, 200);
    let list = list.json();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["today", "hs2-phase1", "hs2-full", "npr-irp", "npr-tfn", "lm-2026", "tru", "hs2-npr-tru"]
    );
    assert_eq!(list[4]["title"], "NPR (TfN full network)");
    assert_eq!(list[4]["flagship"], true);
    assert!(list[4]["description"].as_str().unwrap().starts_with("Northern Powerhouse Rail"));

    // Names and settings: the JSON and the CSV of railshed compare.
    let body =
        json!({"scenarios": ["today", "npr-tfn"], "settings": {"measures": ["door-to-door", "station"]}});
    let args = ["compare", "today", "npr-tfn", "--measures", "door-to-door,station", "--quiet"];
    let api = app.post("/api/compare", &body);
    assert_eq!(api.status, 200, "{}", api.text());
    assert_eq!(api.header("content-type"), Some("application/json"));
    let (cli, _, code) = railshed(d, &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0);
    assert!(api.text() == cli, "the API's JSON differs from the command line's");
    let csv = app.post("/api/csv", &body);
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-disposition"), Some("attachment; filename=\"comparison.csv\""));
    let (cli_csv, _, _) = railshed(d, &[&args[..], &["--format", "csv"]].concat());
    assert!(csv.text() == cli_csv, "the API's CSV differs from the command line's");
    // The same body with its keys in another order: the cached bytes.
    let again =
        json!({"settings": {"measures": ["door-to-door", "station"]}, "scenarios": ["today", "npr-tfn"]});
    assert_eq!(app.post("/api/compare", &again).body, api.body);

    // A scenario document, read as the file scenario-2.json.
    let doc = json!({"format": "railshed-scenario/1", "name": "TRU", "description": "d",
        "modifications": [{"type": "add_overlay", "scheme": "tru"}]});
    std::fs::write(d.join("scenario-2.json"), serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let api = app.post("/api/compare", &json!({"scenarios": ["today", doc]}));
    assert_eq!(api.status, 200, "{}", api.text());
    let (cli, _, _) = railshed(d, &["compare", "today", "scenario-2.json", "--format", "json"]);
    assert!(api.text() == cli, "a document's comparison differs from the command line's");

    // An uploaded file that extends a shipped scenario, against its parent.
    let mine = upload(d, "mine.json", MY_SCENARIO);
    let api = app.post("/api/compare", &json!({"scenarios": [mine], "settings": {"against": "parent"}}));
    assert_eq!(api.status, 200, "{}", api.text());
    let (cli, _, _) = railshed(d, &["compare", "mine.json", "--against", "parent", "--format", "json"]);
    assert!(api.text() == cli, "an upload's comparison differs from the command line's");
}

/// The answer to bad input is 400 with the command line's one-line message.
fn check_refused(app: &App, dir: &Path, scenarios: Value, args: &[&str]) {
    let api = app.post("/api/compare", &json!({ "scenarios": scenarios }));
    let (out, err, code) = railshed(dir, &[&["compare"], args, &["--format", "json"]].concat());
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(api.status, 400, "{}", api.text());
    assert_eq!(format!("error: {}\n", api.error()), err);
}

#[test]
fn bad_input_answers_400_with_the_command_line_message() {
    let app = App::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("scenarios")).unwrap();
    std::fs::write(d.join("scenarios/npr-irp.json"), include_str!("../scenarios/npr-irp.json")).unwrap();
    let broken = upload(
        d,
        "broken.json",
        "{\n  \"format\": \"railshed-scenario/1\",\n  \"name\": \"x\"\n  \"base\": 1\n}\n",
    );
    check_refused(&app, d, json!([broken]), &["broken.json"]);
    let station = upload(
        d,
        "station.json",
        r#"{"format": "railshed-scenario/1", "name": "x", "description": "",
            "modifications": [{"type": "close_station", "station": "NOWHERE"}]}"#,
    );
    check_refused(&app, d, json!([station]), &["station.json"]);
    // Scenarios compared together need the same settings.
    let mine = upload(d, "mine.json", MY_SCENARIO);
    check_refused(&app, d, json!(["today", mine]), &["today", "mine.json"]);
    check_refused(&app, d, json!(["nowhere"]), &["nowhere"]);

    // Nothing from disk: not a file the scenario extends, nor a base network.
    let outside = json!({"name": "outside.json",
        "text": r#"{"format": "railshed-scenario/1", "name": "x", "extends": "../Cargo.toml"}"#});
    let api = app.post("/api/compare", &json!({ "scenarios": [outside] }));
    assert_eq!(api.status, 400);
    assert!(api.error().contains("railshed serve reads no file from disk"), "{}", api.error());
    let base = json!({"format": "railshed-scenario/1", "name": "x", "base": {"network": "/etc/hostname"}});
    let api = app.post("/api/compare", &json!({ "scenarios": [base] }));
    assert_eq!(api.status, 400);
    assert!(api.error().contains("which railshed serve does not read"), "{}", api.error());
    let api = app.post("/api/compare", &json!({"settings": {"zones": "/etc/hostname"}}));
    assert_eq!(api.status, 400);
    assert_eq!(
        api.error(),
        "request body: $.settings.zones: one of north, england-wales (railshed serve reads no zone file)"
    );
}

#[test]
fn requests_are_checked_before_any_work() {
    let app = App::start(&[]);
    let port = app.port();
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        let ok = app.request("GET", "/api/scenarios", &format!("{host}:{port}"), None);
        assert_eq!(ok.status, 200, "{host}");
    }
    for host in ["evil.example:".to_owned() + port, "localhost:1".into(), "localhost".into(), "".into()] {
        let refused = app.request("GET", "/", &host, None);
        assert_eq!(refused.status, 403, "Host {host:?}");
    }
    let huge = vec![b' '; railshed_web::MAX_BODY_BYTES + 1];
    let r = app.request("POST", "/api/compare", &format!("localhost:{port}"), Some(&huge));
    assert_eq!(r.status, 413);
    assert_eq!(app.request("DELETE", "/api/compare", &format!("localhost:{port}"), None).status, 405);
    assert_eq!(app.get("/api/compare").status, 405);
    assert_eq!(app.get("/etc/passwd").status, 404);
    assert_eq!(app.post("/api/compare", &json!({"scenario": []})).status, 400);

    let page = app.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.header("content-security-policy").unwrap().contains("connect-src 'self'"));
    let html = page.text();
    // No address outside this server (the SVG namespace is a name, not a fetch).
    let svg_ns = html.matches("http://www.w3.org/2000/svg").count();
    assert!(
        !html.contains("https://") && html.matches("http://").count() == svg_ns,
        "the page links outside"
    );
    let map = app.get("/api/map").json();
    assert_eq!(map["zones"].as_array().unwrap().len(), 1968);
    assert_eq!(map["boundaries"]["features"].as_array().unwrap().len(), 72);
    assert_eq!(map["hubs"][0]["id"], "liverpool");
}

#[test]
fn zone_times_and_the_report_follow_the_comparison() {
    let app = App::start(&[]);
    let body = json!({"scenarios": ["today", "npr-tfn"]});
    let times = app.post("/api/zone-times?hub=leeds", &body);
    assert_eq!(times.status, 200, "{}", times.text());
    let times = times.json();
    assert_eq!(times["scenarios"], json!(["Today", "NPR (TfN full network)"]));
    let (before, after) = (times["minutes"][0].as_array().unwrap(), times["minutes"][1].as_array().unwrap());
    assert_eq!((before.len(), after.len(), times["zones"].as_array().unwrap().len()), (1968, 1968, 1968));
    // The zones within 60 minutes of Leeds hold the catchment the JSON gives.
    let result = app.post("/api/compare", &body).json();
    for (r, minutes) in [before, after].into_iter().enumerate() {
        let within: f64 = minutes
            .iter()
            .zip(times["zones"].as_array().unwrap())
            .filter(|(m, _)| m.as_f64().is_some_and(|m| m <= 60.0))
            .map(|(_, z)| z[2].as_f64().unwrap())
            .sum();
        let hub =
            result["scenarios"][r]["hubs"].as_array().unwrap().iter().find(|h| h["id"] == "leeds").unwrap();
        let expect = hub["catchment"]["60"].as_f64().unwrap();
        // Minutes are given to a tenth: a zone at the edge may round across it.
        assert!((within - expect).abs() <= 0.01 * expect, "scenario {r}: {within} vs {expect}");
    }
    let bad = app.post("/api/zone-times?hub=atlantis", &body);
    assert_eq!(bad.status, 400);
    assert!(bad.error().starts_with("hub \"atlantis\": not a hub of this comparison"));

    let report = app.post("/api/report", &body);
    assert_eq!(report.status, 200);
    assert_eq!(report.header("content-disposition"), Some("attachment; filename=\"report.html\""));
    let html = report.text();
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"), "{}", &html[..100]);
    assert!(html.contains("NPR (TfN full network)"));
}

#[test]
fn excess_computations_answer_503_and_ctrl_c_stops_gracefully() {
    let app = App::start(&["--jobs", "1", "--queue-wait", "0"]);
    let bodies = [
        json!({}),
        json!({"scenarios": ["today", "tru"]}),
        json!({"scenarios": ["lm-2026"]}),
        json!({"scenarios": ["hs2-phase1"]}),
    ];
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let running: Vec<_> = bodies.iter().map(|b| s.spawn(|| app.post("/api/compare", b).status)).collect();
        running.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(statuses.contains(&200) && statuses.contains(&503), "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 503].contains(s)), "{statuses:?}");

    // SIGTERM while a computation runs: it is answered, then the server stops.
    let mut app = app;
    let addr = app.addr.clone();
    let slow = std::thread::spawn(move || {
        let port = addr.rsplit(':').next().unwrap().to_owned();
        let mut s = TcpStream::connect(&addr).unwrap();
        let body = br#"{"scenarios": ["today", "hs2-npr-tru"]}"#;
        let head = format!(
            "POST /api/compare HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw).status
    });
    std::thread::sleep(Duration::from_millis(300));
    let pid = app.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert_eq!(slow.join().unwrap(), 200);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = app.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "still running 30 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut err = String::new();
    app.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains("railshed serve: stopped"), "{err}");
}

/// Population of the zones within `limit` minutes in run `r` of a
/// zone-times answer, at least and at most: minutes are given to a tenth,
/// so a zone shown at the limit may be just beyond it.
fn within(times: &Value, r: usize, limit: f64) -> (f64, f64) {
    let sum = |limit: f64| -> f64 {
        times["minutes"][r]
            .as_array()
            .unwrap()
            .iter()
            .zip(times["zones"].as_array().unwrap())
            .filter(|(m, _)| m.as_f64().is_some_and(|m| m <= limit))
            .map(|(_, z)| z[2].as_f64().unwrap())
            .sum()
    };
    (sum(limit - 0.051), sum(limit + 0.051))
}

/// The catchment within `limit` minutes of `hub` under `measure` in run `r` of a result.
fn catchment(result: &Value, r: usize, hub: &str, measure: &str, limit: &str) -> u64 {
    let hubs = result["scenarios"][r]["hubs"].as_array().unwrap();
    let h = hubs.iter().find(|h| h["id"] == hub && h["measure"] == measure).unwrap();
    h["catchment"][limit].as_u64().unwrap()
}

#[test]
fn zone_times_follow_the_measure_asked_for() {
    let app = App::start(&[]);
    let body = json!({"scenarios": ["today", "npr-tfn"],
        "settings": {"measures": ["station", "door-to-door", "gjt"]}});
    let result = app.post("/api/compare", &body).json();
    let mut seen = Vec::new();
    for measure in ["door-to-door", "station", "gjt"] {
        let times = app.post(&format!("/api/zone-times?hub=leeds&measure={measure}"), &body);
        assert_eq!(times.status, 200, "{}", times.text());
        let times = times.json();
        assert_eq!(times["measure"], measure);
        for r in 0..2 {
            let ((least, most), expect) =
                (within(&times, r, 60.0), catchment(&result, r, "leeds", measure, "60") as f64);
            assert!(
                (least..=most).contains(&expect),
                "{measure}, scenario {r}: {expect} not in {least}..={most}"
            );
        }
        seen.push(times["minutes"].clone());
    }
    assert!(seen[0] != seen[1] && seen[1] != seen[2] && seen[0] != seen[2], "each measure has its own times");
    // Without a measure: the comparison's first.
    let first = app.post("/api/zone-times?hub=leeds", &body).json();
    assert_eq!((&first["measure"], &first["minutes"]), (&json!("station"), &seen[1]));
    // Only the comparison's measures.
    let one = json!({"scenarios": ["today", "npr-tfn"], "settings": {"measures": ["door-to-door"]}});
    let bad = app.post("/api/zone-times?hub=leeds&measure=gjt", &one);
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.error(),
        "measure \"gjt\": not a measure of this comparison (measures: door-to-door; settings.measures chooses them)"
    );
}

const SERVED: &str = r#"{
  "format": "railshed-scenario/1",
  "name": "TRU of my own",
  "description": "Served from the command line.",
  "modifications": [{"type": "add_overlay", "scheme": "tru"}]
}
"#;

#[test]
fn serve_offers_the_files_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("scenarios")).unwrap();
    std::fs::write(d.join("scenarios/npr-irp.json"), include_str!("../scenarios/npr-irp.json")).unwrap();
    std::fs::write(d.join("served.json"), SERVED).unwrap();
    std::fs::write(d.join("mine.json"), MY_SCENARIO).unwrap();
    // A file that extends another file served.
    let child = r#"{"format": "railshed-scenario/1", "name": "On top", "description": "",
        "extends": "served.json", "modifications": [{"type": "add_overlay", "scheme": "lm-2026"}]}"#;
    std::fs::write(d.join("child.json"), child).unwrap();
    let app = App::start_in(d, &["served.json", "mine.json", "child.json"]);

    let list = app.get("/api/scenarios").json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 8 + 3);
    let files: Vec<(&str, &str)> = list
        .iter()
        .filter(|s| s["file"] == true)
        .map(|s| (s["name"].as_str().unwrap(), s["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [("child.json", "On top"), ("mine.json", "NPR without TRU"), ("served.json", "TRU of my own")]
    );
    assert!(list[..8].iter().all(|s| s["file"] == false));

    // Named in a request as the command line names them: the same JSON.
    for (scenarios, args) in [
        (json!(["today", "served.json"]), vec!["today", "served.json"]),
        (json!(["mine.json"]), vec!["mine.json"]),
        (json!(["today", "child.json"]), vec!["today", "child.json"]),
    ] {
        let api = app.post("/api/compare", &json!({ "scenarios": scenarios }));
        assert_eq!(api.status, 200, "{}", api.text());
        let (cli, err, code) = railshed(d, &[&["compare"], &args[..], &["--format", "json"]].concat());
        assert_eq!(code, 0, "{err}");
        assert!(api.text() == cli, "{args:?}: the API's JSON differs from the command line's");
    }
    // An upload cannot take a served file's name.
    let clash = app.post("/api/compare", &json!({"scenarios": [{"name": "served.json", "text": SERVED}]}));
    assert_eq!(clash.status, 400);
    assert!(clash.error().starts_with("served.json: the name of a file railshed serve was started with"));
    drop(app);

    // Bad files stop it before it listens, as railshed compare reports them: status 2, one line.
    std::fs::write(
        d.join("broken.json"),
        "{\n  \"format\": \"railshed-scenario/1\",\n  \"name\": \"x\"\n  \"base\": 1\n}\n",
    )
    .unwrap();
    let station = r#"{"format": "railshed-scenario/1", "name": "x", "description": "",
        "modifications": [{"type": "close_station", "station": "NOWHERE"}]}"#;
    std::fs::write(d.join("station.json"), station).unwrap();
    let outside = r#"{"format": "railshed-scenario/1", "name": "x", "extends": "other.json"}"#;
    std::fs::write(d.join("outside.json"), outside).unwrap();
    std::fs::write(d.join("other.json"), SERVED).unwrap();
    for file in ["broken.json", "station.json"] {
        let (out, err, code) = railshed(d, &["serve", "--bind", "127.0.0.1:0", "served.json", file]);
        let (_, cli_err, cli_code) = railshed(d, &["compare", file]);
        assert_eq!((code, out.as_str(), cli_code), (2, "", 2), "{err}");
        assert_eq!(err, cli_err, "{file}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let (out, err, code) = railshed(d, &["serve", "--bind", "127.0.0.1:0", "nowhere.json"]);
    assert_eq!((code, out.as_str(), err.as_str()), (2, "", "error: nowhere.json: no such file\n"));
    // A file it extends is read only when it is served too.
    let (out, err, code) = railshed(d, &["serve", "--bind", "127.0.0.1:0", "outside.json"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("railshed serve reads no file from disk"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// The library's comparison of `scenarios` under `measures`, through the facade.
fn library(scenarios: &[&str], measures: &[Measure]) -> railshed::Outcome {
    let request = railshed::Request {
        scenarios: scenarios.iter().map(|s| s.to_string()).collect(),
        measures: measures.to_vec(),
        ..railshed::Request::default()
    };
    railshed::compare(&request, &mut |_| {}).unwrap()
}

/// The last scenario's catchment of `hub` within `minutes` under `measure`.
fn figure(o: &railshed::Outcome, measure: Measure, hub: &str, minutes: f64) -> String {
    let c = &o.comparison;
    let m = c.measures().iter().position(|x| *x == measure).unwrap();
    let h = c.hubs.iter().position(|x| x.id == hub).unwrap();
    let t = c.settings.thresholds_min.iter().position(|x| *x == minutes).unwrap();
    c.reach(c.runs.len() - 1, m).figures.catchment[h][t].to_string()
}

/// Chooses `value` in the page's select `id` as a person does: the value
/// set, then its `change` event.
fn choose(b: &mut Browser, id: &str, value: &str) {
    let js = format!(
        "(function(){{var s=document.getElementById({id:?});s.value={value:?};\
         s.dispatchEvent(new Event('change',{{bubbles:true}}));return s.value;}})()"
    );
    assert_eq!(b.eval(&js), json!(value), "{value} is a choice of #{id}");
    b.wait_for(READY, 300);
}

const READY: &str = "document.body.getAttribute('data-state') === 'ready'";

fn headline(b: &mut Browser) -> String {
    let v = b.eval("document.getElementById('headline-value').getAttribute('data-value')");
    v.as_str().unwrap_or_else(|| panic!("no headline figure: {v}")).to_owned()
}

/// Clicks a download button and gives the bytes saved.
fn download(b: &mut Browser, dir: &Path, button: &str, name: &str) -> Vec<u8> {
    let before = b.events.len();
    b.click(button);
    let begun = b.wait_event("Browser.downloadWillBegin", 300, |p| p["suggestedFilename"] == name);
    let guid = begun["guid"].clone();
    b.wait_event("Browser.downloadProgress", 300, |p| p["guid"] == guid && p["state"] == "completed");
    assert!(b.events.len() > before);
    std::fs::read(dir.join(name)).unwrap()
}

const UPLOADED: &str = r#"{
  "format": "railshed-scenario/1",
  "name": "Uploaded TRU and HS2",
  "description": "Chosen in the page's file input.",
  "modifications": [{"type": "add_overlay", "scheme": "tru"}, {"type": "add_overlay", "scheme": "hs2-phase1"}]
}
"#;

#[test]
fn the_page_is_driven_through_its_controls_in_a_browser() {
    let app = App::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let mut b = Browser::start(&dir.path().join("profile"), 1280, 1000);
    b.browser_call(
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads, "eventsEnabled": true}),
    );
    b.navigate(&format!("http://localhost:{}/", app.port()));
    b.wait_for(READY, 300);

    // The page opens on the flagship pair, Leeds, 60 minutes, door to door.
    let npr = library(&["today", "npr-tfn"], &[Measure::DoorToDoor]);
    let first = headline(&mut b);
    assert_eq!(first, figure(&npr, Measure::DoorToDoor, "leeds", 60.0));
    let shot = b.screenshot();
    let png = dir.path().join("app.png");
    std::fs::write(&png, &shot).unwrap();
    support::assert_not_blank(&png, (1280, 1000));
    if let Some(keep) = std::env::var_os("RAILSHED_APP_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }

    // Another scenario and city in the controls: the headline changes to the library's figure.
    choose(&mut b, "after", "hs2-full");
    choose(&mut b, "hub", "newcastle");
    let hs2 = library(&["today", "hs2-full"], &[Measure::DoorToDoor, Measure::Gjt]);
    let shown = headline(&mut b);
    assert_ne!(shown, first);
    assert_eq!(shown, figure(&hs2, Measure::DoorToDoor, "newcastle", 60.0));
    choose(&mut b, "minutes", "90");
    assert_eq!(headline(&mut b), figure(&hs2, Measure::DoorToDoor, "newcastle", 90.0));
    // The measure: the headline and both maps follow it.
    choose(&mut b, "measure", "gjt");
    assert_eq!(headline(&mut b), figure(&hs2, Measure::Gjt, "newcastle", 90.0));
    for map in ["catchment", "difference"] {
        let drawn = b.eval(&format!("document.getElementById('{map}').getAttribute('data-measure')"));
        assert_eq!(drawn, "gjt", "the {map} map draws the measure chosen");
    }
    // The catchment map's zones within the limit hold the library's figure under that measure.
    let body = json!({"scenarios": ["today", "hs2-full"], "settings": {"measures": ["gjt"]}});
    let times = app.post("/api/zone-times?hub=newcastle&measure=gjt", &body).json();
    let (least, most) = within(&times, 1, 90.0);
    let drawn = b.eval("Number(document.getElementById('catchment').getAttribute('data-within'))");
    let expect: f64 = figure(&hs2, Measure::Gjt, "newcastle", 90.0).parse().unwrap();
    assert!((least..=most).contains(&drawn.as_f64().unwrap()), "{drawn} not in {least}..={most}");
    assert!((least..=most).contains(&expect), "{expect} not in {least}..={most}");
    let circles = b.eval("document.querySelectorAll('#catchment circle').length");
    assert!(circles.as_u64().unwrap() > 1900, "the catchment map draws the zones: {circles}");

    // Downloads: the bytes the API gives for the same choices.
    for (button, name, path) in [
        ("#get-json", "result.json", "/api/compare"),
        ("#get-csv", "comparison.csv", "/api/csv"),
        ("#get-report", "report.html", "/api/report"),
    ] {
        let saved = download(&mut b, &downloads, button, name);
        let api = app.post(path, &body);
        assert_eq!(api.status, 200);
        assert!(saved == api.body, "{name}: the download differs from the API's answer");
    }

    // A scenario file chosen in the file input: the library's figure for that file.
    let file = dir.path().join("uploaded.json");
    std::fs::write(&file, UPLOADED).unwrap();
    b.set_files("#upload", &[&file]);
    b.wait_for(&format!("document.getElementById('after').value === 'upload' && {READY}"), 300);
    let mine = library(&["today", file.to_str().unwrap()], &[Measure::Gjt]);
    assert_eq!(headline(&mut b), figure(&mine, Measure::Gjt, "newcastle", 90.0));
    let title = b.eval("document.getElementById('headline').textContent");
    assert!(title.as_str().unwrap().starts_with("Uploaded TRU and HS2: "), "{title}");

    assert_eq!(b.eval("document.getElementById('error').textContent"), "");
    let complaints = b.complaints();
    assert!(complaints.is_empty(), "the page complained: {complaints:#?}");
}
