//! Running the `railshed` binary from the repository root, for the tests
//! of its commands.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root, where the commands run.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `railshed ARGS` run from the repository root on `threads` worker
/// threads (`RAYON_NUM_THREADS`).
pub(crate) fn railshed(args: &[&str], threads: &str) -> Output {
    Command::cargo_bin("railshed")
        .unwrap()
        .current_dir(root())
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .unwrap()
}

/// `railshed ARGS` run from the repository root with the default number of
/// worker threads.
pub(crate) fn railshed_default_threads(args: &[&str]) -> Output {
    Command::cargo_bin("railshed").unwrap().current_dir(root()).args(args).output().unwrap()
}

/// Peak resident memory of the children waited for so far, in MiB.
#[allow(unsafe_code)] // one libc call; std has no getrusage
pub(crate) fn children_max_rss_mib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes only into the struct it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    // ru_maxrss is in KiB on Linux.
    usage.ru_maxrss / 1024
}

/// `railshed ARGS` run from the repository root, with the processor time
/// (user and system) it used: a bound on "at once" that holds on a busy
/// machine, where wall time does not.
#[allow(unsafe_code, clippy::zombie_processes)] // one libc call, wait4, which also reaps the child
pub(crate) fn railshed_with_cpu(args: &[String]) -> (Output, std::time::Duration) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("railshed"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).unwrap();
        v
    });
    let mut stderr = Vec::new();
    child.stderr.take().unwrap().read_to_end(&mut stderr).unwrap();
    let stdout = reader.join().unwrap();
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes only into the status and struct it is given; the
    // child is ours and not yet waited for.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4 failed");
    let secs = |t: libc::timeval| {
        std::time::Duration::from_secs(u64::try_from(t.tv_sec).unwrap())
            + std::time::Duration::from_micros(u64::try_from(t.tv_usec).unwrap())
    };
    let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
    (Output { status: std::process::ExitStatus::from_raw(status), stdout, stderr }, cpu)
}

/// A copy of the mini GTFS feed (tests/data/timetable/mini_gtfs) in the
/// folder `dir`, with `stops` more stops, `X0`, `X1`, …, served by no trip:
/// a feed of many stations, for the limits of matrices.
pub(crate) fn mini_feed_with_stops(dir: &Path, stops: u32) -> PathBuf {
    std::fs::create_dir(dir).unwrap();
    for e in std::fs::read_dir(root().join("tests/data/timetable/mini_gtfs")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let mut text = std::fs::read_to_string(dir.join("stops.txt")).unwrap();
    for i in 0..stops {
        text += &format!("X{i},Stop {i},{:.6},-1.5,,\n", 53.0 + f64::from(i) * 1e-4);
    }
    std::fs::write(dir.join("stops.txt"), text).unwrap();
    dir.to_owned()
}
