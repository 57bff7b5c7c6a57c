//! Writing output files atomically.
//!
//! Every file railshed writes goes to a temporary file in the same
//! directory, is flushed, and is renamed into place: a run that fails part
//! way leaves earlier outputs intact and no half-written file behind.
//!
//! **For tests only:** with `RAILSHED_FAULT_AFTER_WRITES=N` in the
//! environment, the process panics right after its `N`th completed write
//! (a file renamed into place, or a GTFS folder), as a run interrupted
//! there would stop; tests use it to check what such a run leaves behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;

/// The environment variable of the fault injection (for tests only).
pub const FAULT_AFTER_WRITES: &str = "RAILSHED_FAULT_AFTER_WRITES";

/// Writes completed so far by this process.
static COMPLETED: AtomicUsize = AtomicUsize::new(0);

/// Counts a completed write of `path`; panics if the fault injection asks
/// for it now.
pub(crate) fn completed(path: &Path) {
    static FAULT_AFTER: OnceLock<Option<usize>> = OnceLock::new();
    let limit = *FAULT_AFTER.get_or_init(|| std::env::var(FAULT_AFTER_WRITES).ok()?.trim().parse().ok());
    let n = COMPLETED.fetch_add(1, Ordering::SeqCst) + 1;
    if limit.is_some_and(|limit| n >= limit) {
        panic!("{FAULT_AFTER_WRITES}: fault injected after write {n} ({})", path.display());
    }
}

/// Writes `path` atomically with what `fill` writes.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.to_owned(), error: source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut out = std::io::BufWriter::new(file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)?;
    completed(path);
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_with(path, |out| out.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write(&path, b"old").unwrap();
        let err = write_with(&path, |out| {
            out.write_all(b"partial")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
