//! Sharded comparisons: `compare --shard I/N` then `merge` gives the bytes of
//! the unsharded run, for any N and thread count; a shard run again gives
//! the same bytes; a folder of parts that is not one whole run is refused in
//! one line with exit status 2.

use std::path::{Path, PathBuf};

mod support;

use support::cli::railshed;

fn ok(args: &[&str], threads: &str) {
    let out = railshed(args, threads);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// The comparison every test shards: one scheme against today.
const RUN: &[&str] = &["compare", "npr-tfn"];

fn shard(dir: &Path, i: u32, n: u32, format: &str, threads: &str) {
    let spec = format!("{i}/{n}");
    let mut args = RUN.to_vec();
    args.extend(["--quiet", "--shard", &spec, "--part-format", format, "--out", dir.to_str().unwrap()]);
    ok(&args, threads);
}

fn shards(dir: &Path, n: u32, format: &str) {
    for i in 0..n {
        // Parts computed on different numbers of threads merge all the same.
        shard(dir, i, n, format, if i % 2 == 0 { "1" } else { "2" });
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn sharded_then_merged_equals_unsharded_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let mut args = RUN.to_vec();
    args.extend(["--quiet", "--out", path(&whole)]);
    ok(&args, "2");
    let table = tmp.path().join("whole.parquet");
    let mut args = RUN.to_vec();
    args.extend(["--quiet", "--out", path(&table)]);
    ok(&args, "2");
    let expect = files(&whole);
    let expect_table = std::fs::read(&table).unwrap();
    for (n, format) in [(1, "parquet"), (3, "csv"), (7, "parquet")] {
        let parts = tmp.path().join(format!("parts-{n}"));
        shards(&parts, n, format);
        assert_eq!(files(&parts).len(), 2 * n as usize);
        let merged = tmp.path().join(format!("merged-{n}"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged)], "2");
        for ((name, got), (want_name, want)) in files(&merged).iter().zip(&expect) {
            assert_eq!(name, want_name);
            assert!(got == want, "N = {n} ({format} parts): {name} differs from the unsharded run's");
        }
        assert_eq!(files(&merged).len(), expect.len());
        let merged_table = tmp.path().join(format!("merged-{n}.parquet"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged_table)], "1");
        assert!(
            std::fs::read(&merged_table).unwrap() == expect_table,
            "N = {n}: the Parquet zone × hub table differs"
        );
        let merged_csv = tmp.path().join(format!("merged-{n}.csv"));
        ok(&["--quiet", "merge", path(&parts), "--out", path(&merged_csv)], "1");
        assert!(
            std::fs::read(&merged_csv).unwrap() == std::fs::read(whole.join("zone_hub_times.csv")).unwrap()
        );
    }
}

#[test]
fn a_shard_run_again_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    shard(&a, 1, 3, "parquet", "1");
    shard(&b, 1, 3, "parquet", "2");
    assert_eq!(files(&a), files(&b));
    let before = files(&a);
    shard(&a, 1, 3, "parquet", "2");
    assert_eq!(files(&a), before);
}

/// Three parts of the run, made once and copied for each case.
fn parts(tmp: &Path) -> PathBuf {
    let dir = tmp.join("parts");
    shards(&dir, 3, "csv");
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for (name, bytes) in files(from) {
        std::fs::write(to.join(name), bytes).unwrap();
    }
}

/// `merge` of `dir` (changed by `setup`) fails with exit status 2 and one
/// line containing `expect`, and writes nothing.
fn check_refused(tmp: &Path, good: &Path, case: &str, setup: impl FnOnce(&Path), expect: &str) {
    let dir = tmp.join(case);
    copy(good, &dir);
    setup(&dir);
    let out_dir = tmp.join(format!("{case}-out"));
    let out = railshed(&["merge", path(&dir), "--out", path(&out_dir)], "2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{case}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{case}: {stderr}");
    assert!(stderr.contains(expect), "{case}: {stderr:?} lacks {expect:?}");
    assert!(!out_dir.exists(), "{case}: wrote {}", out_dir.display());
}

#[test]
fn a_folder_that_is_not_one_whole_run_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let good = parts(tmp.path());
    // Another run's part: the same shard of another comparison.
    let other = tmp.path().join("other");
    let spec = "1/3";
    ok(
        &["compare", "hs2-full", "--quiet", "--shard", spec, "--part-format", "csv", "--out", path(&other)],
        "2",
    );
    let rm = |name: &'static str| move |d: &Path| std::fs::remove_file(d.join(name)).unwrap();
    check_refused(tmp.path(), &good, "missing", rm("part-00001-of-00003.json"), "part 1 of 3 is missing");
    check_refused(
        tmp.path(),
        &good,
        "missing-last",
        rm("part-00002-of-00003.json"),
        "part 2 of 3 is missing",
    );
    check_refused(
        tmp.path(),
        &good,
        "missing-data",
        rm("part-00000-of-00003.csv"),
        "part-00000-of-00003.csv: No such file",
    );
    check_refused(
        tmp.path(),
        &good,
        "foreign",
        |d| {
            for ext in ["csv", "json"] {
                let name = format!("part-00001-of-00003.{ext}");
                std::fs::copy(other.join(&name), d.join(&name)).unwrap();
            }
        },
        "a part of another run than",
    );
    check_refused(
        tmp.path(),
        &good,
        "another-count",
        |d| {
            std::fs::write(d.join("part-00000-of-00002.json"), b"{}").unwrap();
        },
        "$.format: not railshed-shard/1",
    );
    check_refused(
        tmp.path(),
        &good,
        "duplicate",
        |d| {
            std::fs::copy(d.join("part-00000-of-00003.json"), d.join("part-00002-of-00003.json")).unwrap();
        },
        "part 0/3 under the name of part 2/3",
    );
    check_refused(
        tmp.path(),
        &good,
        "changed",
        |d| {
            let p = d.join("part-00001-of-00003.csv");
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, text + "0,0,x,minutes,leeds,1\n").unwrap();
        },
        "its SHA-256 is not the one",
    );
    check_refused(
        tmp.path(),
        &good,
        "stray",
        |d| {
            std::fs::write(d.join("notes.txt"), b"x").unwrap();
        },
        "notes.txt: not a part of this run",
    );
    check_refused(
        tmp.path(),
        &good,
        "empty",
        |d| {
            for (name, _) in files(d) {
                std::fs::remove_file(d.join(name)).unwrap();
            }
        },
        "no part manifests",
    );
}

#[test]
fn bad_shard_specs_are_refused_before_any_work() {
    for (spec, expect) in [
        ("3/3", "I counts from 0 and must be less than N"),
        ("0/0", "N must be between 1 and 99999"),
        ("x", "give it as I/N"),
    ] {
        let out = railshed(&["compare", "--shard", spec, "--out", "/nonexistent-dir/parts"], "1");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{spec}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{spec}: {stderr}");
        assert!(stderr.contains(expect), "{spec}: {stderr}");
    }
    let out = railshed(&["compare", "--shard", "0/2"], "1");
    assert_eq!(out.status.code(), Some(2));
}

/// `matrix` of every station over a short window, with these extra arguments.
fn matrix_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--quiet",
        "matrix",
        "--from",
        "all",
        "--window",
        "07:00-07:20",
        "--percentiles",
        "10,50",
        "--best",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn sharded_then_merged_matrix_equals_unsharded_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    for (layout, file, part_format) in
        [("long", "m.parquet", "parquet"), ("long", "m.csv", "csv"), ("wide", "w.csv", "csv")]
    {
        let whole = tmp.path().join(file);
        ok(&matrix_args(&["--layout", layout, "--out", path(&whole)]), "2");
        let expect = std::fs::read(&whole).unwrap();
        for n in [1u32, 3, 7] {
            let parts = tmp.path().join(format!("{file}-parts-{n}"));
            for i in 0..n {
                let spec = format!("{i}/{n}");
                let threads = if i % 2 == 0 { "1" } else { "2" };
                let args = [
                    "--layout",
                    layout,
                    "--shard",
                    &spec,
                    "--part-format",
                    part_format,
                    "--out",
                    path(&parts),
                ];
                ok(&matrix_args(&args), threads);
            }
            let merged = tmp.path().join(format!("{n}-{file}"));
            ok(&["--quiet", "merge", path(&parts), "--out", path(&merged)], "2");
            assert!(
                std::fs::read(&merged).unwrap() == expect,
                "{file}, N = {n}: differs from the unsharded matrix"
            );
            if n == 3 {
                // A shard run again gives the same bytes.
                let before = files(&parts);
                let args = [
                    "--layout",
                    layout,
                    "--shard",
                    "1/3",
                    "--part-format",
                    part_format,
                    "--out",
                    path(&parts),
                ];
                ok(&matrix_args(&args), "2");
                assert_eq!(files(&parts), before);
                // A part missing is refused.
                std::fs::remove_file(parts.join("part-00002-of-00003.json")).unwrap();
                let out = railshed(&["merge", path(&parts), "--out", path(&merged)], "1");
                assert_eq!(out.status.code(), Some(2));
                assert!(String::from_utf8_lossy(&out.stderr).contains("part 2 of 3 is missing"));
            }
        }
    }
    let out = railshed(&matrix_args(&["--layout", "wide", "--out", "/tmp/never-written.parquet"]), "1");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a Parquet matrix is long"));
}

/// The stdout of a successful run.
fn stdout_of(args: &[&str], threads: &str) -> Vec<u8> {
    let out = railshed(args, threads);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Options that shape only what is printed (`--format`, `--hubs`,
/// `--explain`) are recorded by the shards and printed by the merge: what
/// `railshed merge` prints is what the unsharded `compare` with the same
/// options prints, byte for byte, for each of them and for none.
#[test]
fn the_merge_prints_what_the_unsharded_run_prints_with_the_shards_output_options() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &[],
        &["--format", "json", "--explain"],
        &["--format", "csv", "--hubs", "leeds,Manchester"],
        &["--explain", "--hubs", "york"],
    ];
    for (c, options) in cases.iter().enumerate() {
        let mut whole = RUN.to_vec();
        whole.push("--quiet");
        whole.extend_from_slice(options);
        let expect = stdout_of(&whole, "2");
        assert!(!expect.is_empty());
        let parts = tmp.path().join(format!("parts-{c}"));
        for i in 0..2 {
            let spec = format!("{i}/2");
            let mut args = whole.clone();
            args.extend(["--shard", &spec, "--out", path(&parts)]);
            let printed = stdout_of(&args, "1");
            assert!(printed.is_empty(), "{options:?}: a shard printed {}", String::from_utf8_lossy(&printed));
        }
        // With --out, and without: the merge prints the same.
        let merged = tmp.path().join(format!("merged-{c}"));
        let got = stdout_of(&["--quiet", "merge", path(&parts), "--out", path(&merged)], "2");
        assert!(
            got == expect,
            "{options:?}: the merge printed\n{}\nwhere the unsharded run printed\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expect)
        );
        assert!(merged.join("result.json").exists());
        assert_eq!(stdout_of(&["--quiet", "merge", path(&parts)], "1"), expect, "{options:?}: without --out");
    }
    // The recorded options are the run's: parts asked to print otherwise are of another run.
    let parts = tmp.path().join("mixed");
    let mut args = RUN.to_vec();
    args.extend(["--quiet", "--shard", "0/2", "--out", path(&parts)]);
    ok(&args, "1");
    let mut args = RUN.to_vec();
    args.extend(["--quiet", "--format", "json", "--shard", "1/2", "--out", path(&parts)]);
    ok(&args, "1");
    let out = railshed(&["merge", path(&parts)], "1");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a part of another run"));
}

/// A shard refuses `--report` and `--maps` at once (they draw the whole
/// comparison), saying to pass them to `railshed merge`, which writes them
/// as the unsharded run does; an unknown `--hubs` is refused before any
/// work, as without `--shard`.
#[test]
fn report_and_maps_belong_to_the_merge_and_hubs_are_checked_by_the_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = tmp.path().join("parts");
    for (flag, value) in [("--report", "r.html"), ("--maps", "maps")] {
        let target = tmp.path().join(value);
        let mut args = RUN.to_vec();
        args.extend(["--shard", "0/2", "--out", path(&parts), flag, path(&target)]);
        let out = railshed(&args, "1");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{flag}: {stderr}");
        assert!(stderr.contains(&format!("pass {flag} to `railshed merge`")), "{flag}: {stderr}");
        assert!(!target.exists() && !parts.exists(), "{flag}: something was written");
    }
    let mut args = RUN.to_vec();
    args.extend(["--hubs", "atlantis", "--shard", "0/2", "--out", path(&parts)]);
    let out = railshed(&args, "1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--hubs: unknown hub \"atlantis\""), "{stderr}");
    assert!(!parts.exists());

    // The merge writes the report and the figures of the unsharded run.
    let whole = tmp.path().join("whole");
    let mut args = RUN.to_vec();
    let (report, maps) = (whole.join("report.html"), whole.join("maps"));
    args.extend(["--quiet", "--report", path(&report), "--maps", path(&maps)]);
    ok(&args, "2");
    shards(&parts, 2, "parquet");
    let merged = tmp.path().join("merged");
    let (m_report, m_maps) = (merged.join("report.html"), merged.join("maps"));
    ok(&["--quiet", "merge", path(&parts), "--report", path(&m_report), "--maps", path(&m_maps)], "1");
    assert!(std::fs::read(&m_report).unwrap() == std::fs::read(&report).unwrap(), "the reports differ");
    let figures = files(&maps);
    assert!(!figures.is_empty());
    assert!(files(&m_maps) == figures, "the figures differ");

    // They are a comparison's: a matrix's parts refuse them, writing nothing.
    let mparts = tmp.path().join("mparts");
    ok(&matrix_args(&["--shard", "0/1", "--out", path(&mparts)]), "1");
    let m = tmp.path().join("m.parquet");
    let out = railshed(&["merge", path(&mparts), "--out", path(&m), "--report", path(&m_report)], "1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--report: the parts are a matrix's"), "{stderr}");
    assert!(!m.exists());
    let out = railshed(&["merge", path(&mparts)], "1");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out: the parts are a parquet matrix"));
}
