//! An imported timetable is read once, and the hash provenance records is
//! of the bytes read: for a GTFS folder and a zip of it, through a
//! comparison's provenance and a sharded matrix's manifest.
//!
//! The bytes read are those the kernel counts for this process (`rchar` in
//! `/proc/self/io`, every read call's bytes): this file holds one test, so
//! nothing else in the process reads meanwhile.

use std::io::Write;
use std::path::{Path, PathBuf};

use railshed::matrix::{Layout, MatrixRequest, matrix_shard};
use railshed::network::NetworkSpec;
use railshed::shard::Shard;
use railshed::{Request, compare};
use railshed_io::Date;
use railshed_io::table::TableFormat;
use railshed_report::html::sha256_hex;
use railshed_solver::Window;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Bytes this process has read so far.
fn rchar() -> u64 {
    let io = std::fs::read_to_string("/proc/self/io").unwrap();
    io.lines().find_map(|l| l.strip_prefix("rchar: ")).unwrap().trim().parse().unwrap()
}

/// The mini feed with a trip that never runs and about 8 MB of its stop
/// times (parsed by the import, so read in full), as a folder in `dir`;
/// with the files as (name, bytes) in name order.
fn feed(dir: &Path) -> (PathBuf, Vec<(String, Vec<u8>)>) {
    let src = root().join("tests/data/timetable/mini_gtfs");
    let out = dir.join("feed");
    std::fs::create_dir(&out).unwrap();
    let mut files = Vec::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let mut bytes = std::fs::read(src.join(&name)).unwrap();
        if name == "trips.txt" {
            bytes.extend(b"R1,NEVER,IDLE\n");
        }
        if name == "stop_times.txt" {
            bytes.extend("IDLE,08:00:00,08:01:00,HUD,1\n".repeat(300_000).as_bytes());
        }
        std::fs::write(out.join(&name), &bytes).unwrap();
        files.push((name, bytes));
    }
    files.sort();
    (out, files)
}

/// The files as a zip archive, stored uncompressed (so the import reads
/// most of the archive's bytes).
fn zip(files: &[(String, Vec<u8>)], path: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_timetable_is_read_once_and_hashed_as_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, files) = feed(dir.path());
    let archive = dir.path().join("feed.zip");
    zip(&files, &archive);
    // A folder: each file in name order as its name, NUL, its bytes.
    let mut whole = Vec::new();
    for (name, bytes) in &files {
        whole.extend(name.as_bytes());
        whole.push(0);
        whole.extend(bytes);
    }
    let zip_bytes = std::fs::read(&archive).unwrap();
    let size = |bytes: &[u8]| bytes.len() as u64;
    let inputs = [
        (folder, sha256_hex(&whole), files.iter().map(|(_, b)| size(b)).sum::<u64>()),
        (archive, sha256_hex(&zip_bytes), size(&zip_bytes)),
    ];
    let date = "2020-03-20";

    for (feed, sha256, bytes) in inputs {
        let name = feed.display().to_string();
        // Read once: at least every byte, far less than twice them (the
        // scenario file and the rest are a few kB).
        let once = |read: u64, what: &str| {
            assert!(
                read >= bytes && read < bytes + bytes / 4,
                "{what} of {name}: {read} bytes read, {bytes} in the feed"
            );
        };

        let scenario = dir.path().join("s.json");
        let text = format!(
            r#"{{"format": "railshed-scenario/1", "name": "S", "base": {{"timetable": {name:?}, "date": "{date}"}}, "modifications": []}}"#
        );
        std::fs::write(&scenario, text).unwrap();
        let before = rchar();
        let outcome = compare(&Request::new([scenario.to_str().unwrap()]), &mut |_| {}).unwrap();
        let provenance = outcome.provenance("test").unwrap();
        once(rchar() - before, "compare");
        let networks: Vec<(&str, &str)> = provenance
            .inputs
            .iter()
            .filter(|i| i.role == "network")
            .map(|i| (i.name.as_str(), i.sha256.as_str()))
            .collect();
        assert_eq!(networks, [(name.as_str(), sha256.as_str())]);

        let before = rchar();
        let spec = NetworkSpec {
            timetable: Some(feed.clone()),
            date: Date::parse_iso(date),
            ..NetworkSpec::default()
        };
        let p = spec.prepare().unwrap();
        let request = MatrixRequest {
            from: "LDS".into(),
            window: Window::new(
                railshed_core::Time::parse("07:00").unwrap(),
                railshed_core::Time::parse("09:00").unwrap(),
            ),
            percentiles: vec![],
            mean: false,
            best: true,
            max_transfers: None,
            threads: Some(1),
        };
        let part = matrix_shard(
            &p,
            &spec,
            &request,
            Layout::Long,
            Shard { index: 0, count: 1 },
            TableFormat::Csv,
            "test",
            &|_| {},
        )
        .unwrap();
        once(rchar() - before, "matrix");
        let manifest: serde_json::Value = serde_json::from_str(&part.manifest).unwrap();
        assert_eq!(
            manifest["run"]["inputs"],
            serde_json::json!([{"role": "network", "name": name, "sha256": sha256}])
        );
    }
}
