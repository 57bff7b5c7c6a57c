//! A bounded load run of the web app (`railshed serve`): the server of
//! `railshed-web` on a free loopback port in this process, four
//! comparisons computed once (not timed), then 500 requests from 16
//! concurrent clients, each over its own connection, mixing those cached
//! comparisons and fresh ones (one in ten: a scenario document of its own,
//! so a new computation). The server's defaults, except that a request may
//! wait two minutes for a computation rather than ten seconds: this
//! measures latency with a full queue, where `tests/serve.rs` checks the
//! 503 beyond the wait. Every answer must be 200; it prints p50, p90, p99
//! and the largest latency of each kind, and the peak resident memory of
//! the process (server and clients). Before the run, the first comparison
//! alone gives the memory of one fresh computation: the peak resident set
//! while it runs over the resident set before it.
//!
//! `cargo run --profile bench -p railshed-benches --example serve_load`
//! (`-- REQUESTS CLIENTS` to change the counts). A benchmark, not a test:
//! figures on a shared machine are noisy; compare ratios.

#![allow(clippy::print_stdout)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("a count"));
    let (requests, clients) = (args.next().unwrap_or(500), args.next().unwrap_or(16));
    let mut config =
        railshed_web::Config::new(SocketAddr::from(([127, 0, 0, 1], 0)), env!("CARGO_PKG_VERSION"));
    config.queue_wait = Duration::from_secs(120);
    let (jobs, wait) = (config.jobs, config.queue_wait);
    let server = railshed_web::Server::bind(config).expect("a free port on loopback");
    let addr = server.local_addr();
    let stopper = server.stopper();
    let serving = std::thread::spawn(move || server.run());

    let cached = [
        r#"{"scenarios": ["today", "npr-tfn"]}"#.to_owned(),
        r#"{"scenarios": ["today", "hs2-full"]}"#.to_owned(),
        r#"{"scenarios": ["npr-irp"], "settings": {"measures": ["door-to-door", "station"]}}"#.to_owned(),
        r#"{"scenarios": ["today", "tru"]}"#.to_owned(),
    ];
    // Memory of one fresh comparison: the peak resident set while the first is computed, over the
    // resident set before it (the server bound, its embedded data ready; the peak reset first).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmRSS:");
    let t = Instant::now();
    assert_eq!(post(addr, "/api/compare", &cached[0]), 200);
    println!(
        "one fresh comparison ({}): {:.1} s, peak resident memory {} MiB over {} MiB before it",
        cached[0],
        t.elapsed().as_secs_f64(),
        status_kib("VmHWM:").saturating_sub(before) / 1024,
        before / 1024
    );
    let t = Instant::now();
    for body in &cached {
        assert_eq!(post(addr, "/api/compare", body), 200, "{body}");
    }
    println!(
        "four comparisons (the first cached above) computed in {:.1} s before the run",
        t.elapsed().as_secs_f64()
    );
    let next = AtomicUsize::new(0);
    let latencies: Mutex<Vec<(bool, Duration, u16)>> = Mutex::new(Vec::with_capacity(requests));
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= requests {
                        break;
                    }
                    let fresh = i % 10 == 9;
                    let body = if fresh {
                        // A scheme and a description of its own: a new cache key, a new computation.
                        let scheme = ["tru", "npr-irp", "lm-2026", "hs2-phase1"][(i / 10) % 4];
                        format!(
                            r#"{{"scenarios": ["today", {{"format": "railshed-scenario/1", "name": "Load {i}", "description": "request {i}", "modifications": [{{"type": "add_overlay", "scheme": "{scheme}"}}]}}]}}"#
                        )
                    } else {
                        cached[i % cached.len()].clone()
                    };
                    let path = if i.is_multiple_of(3) { "/api/zone-times?hub=leeds" } else { "/api/compare" };
                    let t = Instant::now();
                    let status = post(addr, path, &body);
                    latencies.lock().unwrap().push((fresh, t.elapsed(), status));
                }
            });
        }
    });
    let total = t0.elapsed();
    stopper.stop();
    serving.join().expect("the server stops");

    let all = latencies.into_inner().unwrap();
    let errors: Vec<u16> = all.iter().map(|l| l.2).filter(|&s| s != 200).collect();
    println!(
        "{requests} requests from {clients} clients in {:.1} s ({:.0} requests/s), {jobs} computations at once (queue wait {} s)",
        total.as_secs_f64(),
        requests as f64 / total.as_secs_f64(),
        wait.as_secs()
    );
    for (name, pick) in [("all", None), ("cached", Some(false)), ("fresh", Some(true))] {
        let mut ms: Vec<f64> = all
            .iter()
            .filter(|l| pick.is_none_or(|f| l.0 == f))
            .map(|l| l.1.as_secs_f64() * 1000.0)
            .collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        println!(
            "{name:>7}: {:>3} requests, p50 {:>7.1} ms, p90 {:>7.1} ms, p99 {:>7.1} ms, max {:>7.1} ms",
            ms.len(),
            at(0.50),
            at(0.90),
            at(0.99),
            ms[ms.len() - 1]
        );
    }
    println!("peak resident memory of the run: {} MiB (VmHWM)", status_kib("VmHWM:") / 1024);
    assert!(errors.is_empty(), "{} requests failed: {errors:?}", errors.len());
}

/// One POST on its own connection; the status.
fn post(addr: SocketAddr, path: &str, body: &str) -> u16 {
    let mut s = TcpStream::connect(addr).expect("the server accepts");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("request sent");
    s.write_all(body.as_bytes()).expect("body sent");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("response read");
    let head = String::from_utf8_lossy(&raw[..raw.len().min(32)]).into_owned();
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// A figure of this process's memory in KiB (Linux): `VmRSS:` the
/// resident set, `VmHWM:` its peak since the start or the last reset
/// (writing 5 to `/proc/self/clear_refs`).
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
