//! GTFS tables are parsed as they are read: a feed whose stop_times.txt
//! holds hundreds of MB of rows for a trip that does not run on the date
//! (a zip of a few MB) is read within a small, fixed amount of memory, the
//! figure written in networks/README.md "Limits".
//!
//! The peak resident memory of the command is that of the largest child
//! this test process has waited for (`getrusage(RUSAGE_CHILDREN)`): this
//! file runs one command only, so the figure is that command's.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::cli::children_max_rss_mib;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Bytes of stop_times.txt rows for the trip that does not run.
const IDLE_BYTES: u64 = 300 << 20;

/// The memory the command may take on that feed, in MiB: the import keeps
/// the two trips that run, so this is the program's own size and buffers
/// with the zip, read whole (about 13 MiB when measured), with room for the
/// allocator.
const MAX_RSS_MIB: i64 = 64;

/// The mini feed of tests/data/timetable/mini_gtfs as a zip, with a trip
/// `IDLE` on a service that never runs and `idle_bytes` of its stop times.
fn big_feed(path: &Path, idle_bytes: u64) {
    let src = repo().join("tests/data/timetable/mini_gtfs");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut names: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let mut text = std::fs::read_to_string(src.join(&name)).unwrap();
        zip.start_file(name.as_str(), options).unwrap();
        if name == "trips.txt" {
            text.push_str("R1,NEVER,IDLE\n");
        }
        zip.write_all(text.as_bytes()).unwrap();
        if name == "stop_times.txt" {
            let mut written = 0u64;
            // Rows of a trip not running are parsed and checked, not kept.
            let block = "IDLE,08:00:00,08:01:00,HUD,1\n".repeat(1 << 15);
            while written < idle_bytes {
                zip.write_all(block.as_bytes()).unwrap();
                written += block.len() as u64;
            }
        }
    }
    zip.finish().unwrap();
}

#[test]
fn a_feed_of_hundreds_of_mb_is_read_in_fixed_memory() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("big.zip");
    big_feed(&feed, IDLE_BYTES);
    let zipped = std::fs::metadata(&feed).unwrap().len();
    assert!(zipped < IDLE_BYTES / 50, "the zip is {zipped} bytes");
    let out = Command::new(env!("CARGO_BIN_EXE_railshed"))
        .args(["timetable", "info"])
        .arg(&feed)
        .args(["--date", "2020-03-20", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["trips"], 2, "{json}");
    assert_eq!(json["dropped"]["trips not running on 2020-03-20"], 1, "{json}");
    let rss = children_max_rss_mib();
    assert!(rss > 0 && rss <= MAX_RSS_MIB, "peak memory {rss} MiB, over {MAX_RSS_MIB} MiB");
}
