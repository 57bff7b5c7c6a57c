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

/// Temporary files of atomic writes (`.NAME.PID.tmp`) or folders set aside,
/// and the files inside such folders.
fn leftovers(files: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    files
        .keys()
        .filter(|k| {
            Path::new(k).components().any(|c| {
                let name = c.as_os_str().to_string_lossy();
                name.starts_with('.') || name.ends_with(".tmp") || name.ends_with(".old")
            })
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

/// The groups of files a comparison writes, each put in place whole: the
/// --out set, the report, the --maps set.
fn group(name: &str) -> &'static str {
    if name == "report.html" {
        "report"
    } else if name.starts_with("maps/") {
        "maps"
    } else {
        "out"
    }
}

/// A run interrupted after a write leaves every output whole: the --out
/// folder and the --maps folder each hold the whole old set or the whole
/// new one, never a mix, and no temporary file remains.
#[test]
fn an_interrupted_run_leaves_every_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let args = compare_args(&out_dir);
    ok(&railshed(&strs(&args), &[]));
    let complete = tree(&out_dir);
    assert!(complete.len() > 10, "{:?}", complete.keys());
    assert!(leftovers(&complete).is_empty());

    // Again over the same files, interrupted after the first write (the
    // --out set) and after the second (the report).
    for n in [1, 2] {
        // Mark every file as "old", so a file rewritten can be told apart.
        for name in complete.keys() {
            let mut old = complete[name].clone();
            old.extend_from_slice(b"\nold");
            std::fs::write(out_dir.join(name), old).unwrap();
        }
        // A figure of an older run, gone once a new set of figures is in.
        std::fs::write(out_dir.join("maps/stale.svg"), b"\nold").unwrap();
        interrupted(&out_dir, n);
        let after = tree(&out_dir);
        assert!(leftovers(&after).is_empty(), "left behind: {:?}", leftovers(&after));
        let mut groups: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (name, bytes) in &after {
            let g = groups.entry(group(name)).or_default();
            if complete.get(name) == Some(bytes) {
                g.0 += 1;
            } else {
                assert!(
                    bytes.ends_with(b"\nold"),
                    "{name} is neither its old bytes nor its complete new ones"
                );
                g.1 += 1;
            }
        }
        for (g, (new, old)) in &groups {
            assert!(*new == 0 || *old == 0, "{g}: {new} new files beside {old} old ones");
        }
        let rewritten = groups.values().filter(|(new, _)| *new > 0).count();
        assert_eq!(rewritten, n, "the writes before the fault, and no more: {groups:?}");
        assert!(after.contains_key("maps/stale.svg"), "the old set of figures is still whole");
    }
    ok(&railshed(&strs(&args), &[]));
    assert!(tree(&out_dir) == complete, "a full run replaces the figures as a set: no stale one");

    // A first run interrupted leaves only complete files.
    for n in [1, 2] {
        let fresh = dir.path().join(format!("fresh-{n}"));
        interrupted(&fresh, n);
        let after = tree(&fresh);
        assert!(leftovers(&after).is_empty(), "left behind: {:?}", leftovers(&after));
        assert_eq!(after.len(), 7 + (n - 1), "{:?}", after.keys());
        for (name, bytes) in &after {
            assert!(bytes == &complete[name], "{name} is not complete");
        }
    }
}

/// A run killed outright (no clean-up at all) at any moment leaves the old
/// outputs or the new ones, each whole; the next run removes whatever
/// temporary files it left.
#[test]
fn a_killed_run_leaves_whole_outputs_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let args = compare_args(&out_dir);
    ok(&railshed(&strs(&args), &[]));
    let complete = tree(&out_dir);
    for ms in [50, 400, 1200, 2500] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("railshed"))
            .current_dir(root())
            .args(&args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        child.wait().unwrap();
        let after = tree(&out_dir);
        // A kill can leave a temporary file (the next run removes it, checked
        // below); every output in place is whole.
        let left = leftovers(&after);
        for (name, bytes) in after.iter().filter(|(name, _)| !left.contains(name)) {
            let Some(whole) = complete.get(name) else { panic!("{name} is not an output (kill at {ms} ms)") };
            assert!(bytes == whole, "{name} is not whole after a kill at {ms} ms");
        }
    }
    ok(&railshed(&strs(&args), &[]));
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["out"], "no temporary folder survives the next run");
    let after = tree(&out_dir);
    assert!(leftovers(&after).is_empty(), "left behind: {:?}", leftovers(&after));
    assert!(after == complete);
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

fn one_line_error(out: &Output, expect: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(expect), "{err}");
}

/// A device or a descriptor is written to, never replaced; a symlink is
/// followed.
#[test]
fn devices_and_descriptors_are_written_directly() {
    let args = ["matrix", "--from", "LDS", "--window", "08:00-08:10", "--out"];
    let out = railshed(&[&args[..], &["/dev/null"]].concat(), &[]);
    ok(&out);
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file(), "/dev/null is still a device");
    let out = railshed(&[&args[..], &["/dev/stdout"]].concat(), &[]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("origin,destination,"));
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    ok(&railshed(&[&args[..], &[link.to_str().unwrap()]].concat(), &[]));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("origin,destination,"));
}

/// Output names up to the file-system limit of 255 bytes work, for files
/// and folders; longer ones, a file where a folder should be, and the
/// current folder as a folder set are refused at once, in one line.
#[test]
fn output_names_and_folders_are_checked_before_computing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for len in [245, 255] {
        let file = d.join(format!("{}.csv", "m".repeat(len - 4)));
        let out = railshed(
            &["matrix", "--from", "LDS", "--window", "08:00-08:10", "--out", file.to_str().unwrap()],
            &[],
        );
        ok(&out);
        assert!(file.is_file());
        let feed = d.join("g".repeat(len));
        ok(&railshed(&["export", "gtfs", "--date", "2026-05-18", "--out", feed.to_str().unwrap()], &[]));
        assert!(feed.join("stops.txt").is_file());
    }
    let long = d.join("n".repeat(256));
    let out = railshed(&["compare", "today", "--out", long.to_str().unwrap()], &[]);
    one_line_error(&out, "a name of 256 bytes is longer than the file-system limit of 255");
    assert!(out.stderr.len() < 500, "the long name is elided");
    std::fs::write(d.join("file"), "").unwrap();
    let under_file = d.join("file/matrix.csv");
    let out = railshed(&["matrix", "--from", "all", "--out", under_file.to_str().unwrap()], &[]);
    one_line_error(&out, "is not a folder");
    for args in
        [&["compare", "today", "--out", "."][..], &["export", "gtfs", "--date", "2026-05-18", "--out", "."]]
    {
        one_line_error(&railshed(args, &[]), "cannot replace this folder as a whole");
    }
    let mine = d.join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.doc"), "mine").unwrap();
    let out = railshed(&["export", "gtfs", "--date", "2026-05-18", "--out", mine.to_str().unwrap()], &[]);
    one_line_error(&out, "holds notes.doc, which is not an output railshed writes there");
    assert_eq!(std::fs::read_to_string(mine.join("notes.doc")).unwrap(), "mine");
}
