//! A Parquet matrix is written a row group at a time: an all-stations
//! matrix of 2,304 stations (5,308,416 cells, more than the 5,000,000 a
//! Parquet matrix was limited to when it was built whole in memory at about
//! 230 bytes a cell) is written in a small, fixed amount of memory, in row
//! groups of `ROW_GROUP_ROWS` rows.
//!
//! The peak resident memory of the command is that of the largest child
//! this test process has waited for (`getrusage(RUSAGE_CHILDREN)`): this
//! file runs one command only, so the figure is that command's. The values
//! of such a file are checked against the CSV by DuckDB and pyarrow in
//! tests/parquet_readers.sh.

mod support;

use std::process::Command;

use railshed_io::table::{ROW_GROUP_ROWS, Table};
use support::cli::{children_max_rss_mib, mini_feed_with_stops};

/// The memory the command may take, in MiB: a row group of text and
/// numbers being written (about 100 MiB measured in a test build), with
/// room for the allocator. Built whole, the table took about 1,200 MiB.
const MAX_RSS_MIB: i64 = 250;

#[test]
fn a_parquet_matrix_of_five_million_cells_is_written_in_fixed_memory() {
    let dir = tempfile::tempdir().unwrap();
    let feed = mini_feed_with_stops(&dir.path().join("feed"), 2_300);
    let out = dir.path().join("m.parquet");
    let run = Command::new(env!("CARGO_BIN_EXE_railshed"))
        .args(["--quiet", "matrix", "--from", "all", "--timetable"])
        .arg(&feed)
        .args(["--date", "2020-03-20", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let rss = children_max_rss_mib();
    let bytes = std::fs::read(&out).unwrap();
    let groups = Table::parquet_row_groups("m.parquet", &bytes).unwrap();
    let cells = 2_304 * 2_304;
    assert_eq!(groups.iter().sum::<usize>(), cells);
    assert_eq!(groups.len(), cells.div_ceil(ROW_GROUP_ROWS));
    assert!(groups[..groups.len() - 1].iter().all(|&g| g == ROW_GROUP_ROWS), "{groups:?}");
    // 8.5 MB when measured: about 1.6 bytes a cell.
    assert!(bytes.len() < cells * 4, "{} bytes for {cells} cells", bytes.len());
    assert!(rss > 0 && rss <= MAX_RSS_MIB, "peak memory {rss} MiB, over {MAX_RSS_MIB} MiB");
}
