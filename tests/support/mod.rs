//! What the tests share: running the `railshed` binary from the repository
//! root (`cli`), and headless Chromium for the tests that open pages
//! (tests/browser.rs, tests/serve.rs).
//!
//! Chromium is found at `$RAILSHED_CHROMIUM`, else `/usr/bin/chromium`, else
//! as `chromium`, `chromium-browser` or `google-chrome` on the `PATH`
//! (`.ci/test` installs it when it is missing). A test fails, rather than
//! skips, without one.

// Each test binary uses a part of it.
#![allow(dead_code)]

pub(crate) mod cdp;
pub(crate) mod cli;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser to use.
pub(crate) fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("RAILSHED_CHROMIUM") {
        return PathBuf::from(p);
    }
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.is_file() {
        return fixed.to_owned();
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found: run the tests with .ci/test (which installs it), install it, or set RAILSHED_CHROMIUM"
    );
}

/// How Chromium runs in every test: headless, no sandbox (as root in CI),
/// no GPU, nothing fetched but the pages asked for.
pub(crate) const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--no-proxy-server",
];

/// What Chromium wrote.
pub(crate) struct Output {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs headless Chromium with a fresh profile (folder `profile`) on
/// `args`, for at most two minutes; its output goes through files beside
/// the profile, so a large DOM cannot fill a pipe.
pub(crate) fn browse(profile: &Path, args: &[&str]) -> Output {
    let (out, err) = (profile.with_extension("stdout"), profile.with_extension("stderr"));
    let mut child = Command::new(chromium())
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("Chromium starts");
    let start = Instant::now();
    while child.try_wait().expect("Chromium can be waited for").is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Chromium took over two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Output { stdout: read(&out), stderr: read(&err) }
}

/// Checks that a screenshot has the size asked for and is not blank: over
/// 3% of its pixels inked, and over 50 colours.
pub(crate) fn assert_not_blank(png_file: &Path, size: (u32, u32)) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), size);
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    for p in pixels.chunks(channels) {
        if p[..3].iter().any(|&v| v < 235) {
            inked += 1;
        }
        colours.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
    }
    let share = inked as f64 / (info.width * info.height) as f64;
    assert!(share > 0.03, "the screenshot is nearly blank: {:.1}% inked", share * 100.0);
    assert!(colours.len() > 50, "the screenshot has only {} colours", colours.len());
}
