//! `--report` records the SHA-256 of every input, a timetable folder
//! included, hashed as a stream: a feed folder holding a large file the
//! importer never reads (a 256 MiB `shapes.txt`, sparse so it takes no disk)
//! is hashed in a small, fixed amount of memory, not read whole.
//!
//! The peak resident memory of the command is that of the largest child
//! this test process has waited for (`getrusage(RUSAGE_CHILDREN)`): this
//! file runs one command only, so the figure is that command's.

mod support;

use std::process::Command;
use support::cli::{children_max_rss_mib, mini_feed_with_stops};

/// The size of the file hashed but not imported.
const SHAPES_BYTES: u64 = 256 << 20;

/// The memory the command may take, in MiB: the comparison on the mini feed
/// and the report (34 MiB measured with a 3 GiB `shapes.txt`), far below
/// the file it hashes.
const MAX_RSS_MIB: i64 = 96;

#[test]
fn a_feed_folder_is_hashed_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let feed = mini_feed_with_stops(&dir.path().join("feed"), 0);
    std::fs::File::create(feed.join("shapes.txt")).unwrap().set_len(SHAPES_BYTES).unwrap();
    let scenario = dir.path().join("mini.json");
    std::fs::write(
        &scenario,
        r#"{"format": "railshed-scenario/1", "name": "mini", "base": {"timetable": "feed", "date": "2020-03-20"}, "modifications": []}"#,
    )
    .unwrap();
    let report = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_railshed"))
        .args(["--quiet", "compare"])
        .arg(&scenario)
        .arg("--report")
        .arg(&report)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    // The feed's row of the inputs table: its path, then its hash.
    let row = format!("<code>{}</code></td><td><code>", feed.display());
    let at = html.find(&row).unwrap_or_else(|| panic!("no row for {}", feed.display())) + row.len();
    let hash = &html[at..at + 64];
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{hash:?}");
    let rss = children_max_rss_mib();
    assert!(rss > 0 && rss <= MAX_RSS_MIB, "peak memory {rss} MiB, over {MAX_RSS_MIB} MiB");
}
