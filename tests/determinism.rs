//! Determinism and atomic outputs: the same bytes for any number of
//! threads, and a run interrupted after a write leaves every file whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Runs `railshed` in the repository root with these environment variables.
fn railshed(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::cargo_bin("railshed").unwrap();
    cmd.current_dir(root()).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Temporary files of atomic writes (`.NAME.PID.tmp`) or folders set aside.
fn leftovers(files: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    files
        .keys()
        .filter(|k| {
            let name = Path::new(k).file_name().unwrap().to_string_lossy();
            name.starts_with('.') || name.ends_with(".tmp") || name.ends_with(".old")
        })
        .collect()
}

/// A comparison small enough to run often, with every kind of output file:
/// the --out tables (CSV, JSON, GeoJSON), the HTML report and the SVG figures.
fn compare_args(dir: &Path) -> Vec<String> {
    let d = dir.display();
    ["compare", "today", "tru", "--out", &format!("{d}"), "--report", &format!("{d}/report.html")]
        .into_iter()
        .map(str::to_owned)
        .chain(["--maps".to_owned(), format!("{d}/maps")])
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The all-stations matrix and a comparison's files are byte-identical on
/// 1, 2 and 8 threads.
#[test]
fn outputs_are_the_same_bytes_on_any_number_of_threads() {
    let mut matrices = Vec::new();
    let mut comparisons = Vec::new();
    for threads in ["1", "2", "8"] {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("matrix.csv");
        let out = railshed(
            &[
                "matrix",
                "--from",
                "all",
                "--window",
                "07:00-09:00",
                "--percentiles",
                "10,50,90",
                "--out",
                csv.to_str().unwrap(),
            ],
            &[("RAYON_NUM_THREADS", threads)],
        );
        ok(&out);
        matrices.push(std::fs::read(&csv).unwrap());

        let args = compare_args(&dir.path().join("compare"));
        let out = railshed(&strs(&args), &[("RAYON_NUM_THREADS", threads)]);
        ok(&out);
        comparisons.push((out.stdout, tree(&dir.path().join("compare"))));
    }
    let text = String::from_utf8(matrices[0].clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("origin,destination,p10,p50,p90"));
    let stations = 572;
    assert_eq!(lines.count(), stations * stations, "every origin and destination");
    assert!(matrices[1] == matrices[0], "the matrix on 2 threads differs from 1");
    assert!(matrices[2] == matrices[0], "the matrix on 8 threads differs from 1");

    let (table, files) = &comparisons[0];
    for name in ["result.json", "zones.csv", "zones.geojson", "zone_hub_times.csv", "report.html"] {
        assert!(files.contains_key(name), "{name} written");
    }
    assert!(files.keys().any(|k| k.starts_with("maps/") && k.ends_with(".svg")));
    for (threads, (t, f)) in ["2", "8"].iter().zip(&comparisons[1..]) {
        assert!(t == table, "the table on {threads} threads differs from 1");
        assert_eq!(f.keys().collect::<Vec<_>>(), files.keys().collect::<Vec<_>>());
        for (name, bytes) in f {
            assert!(bytes == &files[name], "{name} on {threads} threads differs from 1");
        }
    }
}

/// Runs the comparison into `dir` with a fault injected after `n` writes:
/// the process fails, having written something.
fn interrupted(dir: &Path, n: usize) {
    let args = compare_args(dir);
    let out = railshed(&strs(&args), &[("RAILSHED_FAULT_AFTER_WRITES", &n.to_string())]);
    assert_eq!(out.status.code(), Some(1), "the injected fault stops the run as an internal error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("fault injected after write {n}")), "{err}");
}

/// A run interrupted after a write leaves every file whole: each holds its
/// earlier bytes or its complete new ones, and no temporary file remains.
#[test]
fn an_interrupted_run_leaves_every_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let args = compare_args(&out_dir);
    ok(&railshed(&strs(&args), &[]));
    let complete = tree(&out_dir);
    assert!(complete.len() > 10, "{:?}", complete.keys());
    assert!(leftovers(&complete).is_empty());

    // Again over the same files, interrupted after the first write and
    // after the report (the 7 files of --out, then report.html).
    for n in [1, 8] {
        // Mark every file as "old", so a file rewritten can be told apart.
        for name in complete.keys() {
            let mut old = complete[name].clone();
            old.extend_from_slice(b"\nold");
            std::fs::write(out_dir.join(name), old).unwrap();
        }
        interrupted(&out_dir, n);
        let after = tree(&out_dir);
        assert!(leftovers(&after).is_empty(), "left behind: {:?}", leftovers(&after));
        assert_eq!(after.keys().collect::<Vec<_>>(), complete.keys().collect::<Vec<_>>());
        let mut rewritten = 0;
        for (name, bytes) in &after {
            if bytes == &complete[name] {
                rewritten += 1;
            } else {
                assert!(
                    bytes.ends_with(b"\nold") && bytes[..bytes.len() - 4] == complete[name][..],
                    "{name} is neither its old bytes nor its complete new ones"
                );
            }
        }
        assert_eq!(rewritten, n, "the writes before the fault, and no more");
    }

    // A first run interrupted leaves only complete files.
    for n in [1, 9] {
        let fresh = dir.path().join(format!("fresh-{n}"));
        interrupted(&fresh, n);
        let after = tree(&fresh);
        assert!(leftovers(&after).is_empty(), "left behind: {:?}", leftovers(&after));
        assert_eq!(after.len(), n, "{:?}", after.keys());
        for (name, bytes) in &after {
            assert!(bytes == &complete[name], "{name} is not complete");
        }
    }
}

/// A GTFS folder goes into place whole: the write is counted once the
/// folder is renamed into place, and nothing is left beside it.
#[test]
fn a_gtfs_folder_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed");
    let f = feed.to_str().unwrap();
    let args = ["export", "gtfs", "--date", "2026-05-18", "--out", f];
    ok(&railshed(&args, &[]));
    let complete = tree(&feed);
    assert!(complete.contains_key("stop_times.txt"), "{:?}", complete.keys());
    std::fs::write(feed.join("stale.txt"), "from before").unwrap();
    let out = railshed(&args, &[("RAILSHED_FAULT_AFTER_WRITES", "1")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("fault injected after write 1"));
    assert!(tree(&feed) == complete, "the new folder, whole, in place of the old one");
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["feed"], "nothing left beside it");
}
