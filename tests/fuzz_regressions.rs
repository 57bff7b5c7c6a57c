//! Inputs the fuzz targets (fuzz/) found crashing, hanging or blowing up
//! memory, and small tricky inputs cut from the test data, replayed through
//! the code of the targets: each must give an error or a result, never a
//! panic. Files live in tests/data/fuzz/<target>/.

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod harness;

/// Runs every file of tests/data/fuzz/<target>/ through `run`; returns how many.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).expect("readable input");
        let name = file.file_name().expect("file name").to_string_lossy().into_owned();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{target}: {name} panics");
        }
    }
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files.len()
}

#[test]
fn network_json() {
    replay("network_json", harness::network_json);
}

#[test]
fn scenario_json() {
    replay("scenario_json", harness::scenario_json);
}

#[test]
fn gtfs() {
    replay("gtfs", harness::gtfs);
}

#[test]
fn cif() {
    replay("cif", harness::cif);
}

#[test]
fn msn_flf_alf() {
    replay("msn_flf_alf", harness::msn_flf_alf);
}

#[test]
fn hubs_zones() {
    replay("hubs_zones", harness::hubs_zones);
}

#[test]
fn args() {
    replay("args", harness::args);
}

#[test]
fn split_files_by_name_lines() {
    let files = harness::split_files(b"ignored\n=== a.txt\nx,y\n1,2\n=== b.txt\r\n=== c.txt\nz");
    let got: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (n.as_str(), c.as_slice())).collect();
    assert_eq!(got, [("a.txt", &b"x,y\n1,2\n"[..]), ("b.txt", &b""[..]), ("c.txt", &b"z"[..])]);
}
