//! A disk that fills up in the middle of a write: the file size limit of
//! the process (`ulimit -f`, with SIGXFSZ ignored so a write past it fails
//! with "File too large" as a full disk fails with "No space left") stops
//! the write. The run fails in one line with exit status 1, the temporary
//! file or folder is removed, and the old output stays as it was.

use std::path::{Path, PathBuf};
use std::process::Output;

/// Runs railshed with `args` under a file size limit of `kib` KiB.
fn railshed_limited(kib: u32, args: &[&str]) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {kib} && exec \"$0\" \"$@\"");
    std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_railshed"))
        .args(args)
        .output()
        .unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// The failure: one line on stderr naming the output, exit status 1.
fn check_failed(out: &Output, names_output: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(names_output) && err.contains("File too large"), "{err}");
}

#[test]
fn a_file_cut_short_leaves_the_old_one_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("north.geojson");
    std::fs::write(&path, "old").unwrap();
    let out = railshed_limited(8, &["network", "export", "--geojson", path.to_str().unwrap()]);
    check_failed(&out, "north.geojson");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(names(dir.path()), ["north.geojson"]);
    // With room, the same run writes it.
    let out = railshed_limited(1 << 20, &["network", "export", "--geojson", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&path).unwrap().len() > 8 << 10);
}

#[test]
fn a_folder_cut_short_leaves_the_old_set_and_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("north-gtfs");
    let arg = format!("{}/", set.display());
    let export = ["export", "gtfs", "--date", "2026-05-18", "--out", arg.as_str()];
    let out = railshed_limited(1 << 20, &export);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before: Vec<(String, Vec<u8>)> =
        names(&set).into_iter().map(|n| (n.clone(), std::fs::read(set.join(&n)).unwrap())).collect();
    assert!(before.iter().any(|(n, _)| n == "stop_times.txt"), "{before:?}");
    let out = railshed_limited(8, &export);
    check_failed(&out, "north-gtfs");
    let after: Vec<(String, Vec<u8>)> =
        names(&set).into_iter().map(|n| (n.clone(), std::fs::read(set.join(&n)).unwrap())).collect();
    assert!(after == before, "the old set changed");
    assert_eq!(names(dir.path()), ["north-gtfs"]);
}
