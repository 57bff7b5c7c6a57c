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
