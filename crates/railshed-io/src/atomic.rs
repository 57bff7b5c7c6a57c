//! Writing outputs so that an interrupted run leaves either the old output
//! or the new one, whole.
//!
//! The semantics, for every output path railshed is given:
//!
//! - **A regular file** (or a name not there yet) is written to a temporary
//!   file beside it, flushed, and renamed into place.
//! - **A symbolic link** is followed: its final target is replaced the same
//!   way, and the link stays a link.
//! - **A device, FIFO, socket or descriptor alias** (`/dev/null`,
//!   `/dev/stdout`, `/proc/self/fd/N`, a named pipe) is written to directly,
//!   never renamed over.
//! - **An output folder** (`compare --out`, `--maps`, `export gtfs --out`)
//!   is a set ([`DirSet`]): written into a temporary folder beside it and
//!   exchanged with the old one in one atomic step (Linux `renameat2`
//!   `RENAME_EXCHANGE`; elsewhere the old folder is renamed aside first, and
//!   the next run puts it back if the run stopped between the two renames).
//!   The folder is never missing and never holds a mix of two runs. A set
//!   that owns only some names (`compare --out`) carries every other entry
//!   of the old folder over; a set that owns the whole folder (`--maps`, a
//!   GTFS folder) refuses to replace a folder holding files of other kinds.
//!
//! Temporary names are `.NAME.HASH.PID.tmp` (NAME shortened so the whole
//! stays within 255 bytes; HASH identifies the full name): a run removes
//! those of the same output left by processes no longer running (a `kill
//! -9`), so none survive the next run.
//!
//! [`check`] tells, before any computing, whether an output can be written:
//! the folder exists (or can be created) and is writable, the name fits.
//!
//! **For tests only:** with `RAILSHED_FAULT_AFTER_WRITES=N` in the
//! environment, the process panics right after its `N`th completed write
//! (a file renamed into place, or a folder set exchanged), as a run
//! interrupted there would stop; tests use it to check what such a run
//! leaves behind.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;

/// The environment variable of the fault injection (for tests only).
pub const FAULT_AFTER_WRITES: &str = "RAILSHED_FAULT_AFTER_WRITES";

/// The longest file name (in bytes) of the file systems railshed writes to.
pub const MAX_NAME_BYTES: usize = 255;

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

/// What an output path is: what [`check`] checks before computing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One file.
    File,
    /// A folder written as a set that owns only these names (other entries
    /// of an existing folder are kept).
    Names(&'static [&'static str]),
    /// A folder written as a set that owns all of it; an existing folder may
    /// hold only regular files with these extensions.
    Whole(&'static [&'static str]),
}

/// Where a file is written: directly (a device, a FIFO, a descriptor
/// alias) or by replacing a regular file at this (symlink-resolved) path.
#[derive(Debug)]
enum Target {
    Direct(PathBuf),
    Replace(PathBuf),
}

/// Follows symbolic links to the path finally named (which need not exist).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Whether `path`, as written, names an open descriptor (`/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): written to directly even when the
/// descriptor is a regular file.
fn descriptor_alias(path: &Path) -> bool {
    let s = path.to_string_lossy();
    matches!(s.as_ref(), "/dev/stdout" | "/dev/stderr")
        || s.starts_with("/dev/fd/")
        || s.starts_with("/proc/self/fd/")
        || s.starts_with("/proc/thread-self/fd/")
}

fn target(path: &Path) -> std::io::Result<Target> {
    if descriptor_alias(path) {
        return Ok(Target::Direct(path.to_owned()));
    }
    let resolved = resolve_links(path)?;
    match std::fs::metadata(&resolved) {
        Ok(m) if m.is_dir() => Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder")),
        Ok(m) if !m.is_file() => Ok(Target::Direct(resolved)),
        _ => Ok(Target::Replace(resolved)),
    }
}

/// The folder holding `path` (`.` for a bare name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// 64-bit FNV-1a of `bytes`: a stable short name for a long one.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The prefix of every temporary name for the output `name`:
/// `.NAME.HASH.` with NAME cut (at a character boundary) to fit.
fn temp_prefix(name: &OsStr) -> String {
    let full = name.to_string_lossy();
    let mut cut = full.len().min(200);
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.{:08x}.", &full[..cut], fnv(name.as_encoded_bytes()) as u32)
}

/// The temporary name of this process for `name`, ending in `.kind`.
fn temp_name(name: &OsStr, kind: &str) -> OsString {
    OsString::from(format!("{}{}.{kind}", temp_prefix(name), std::process::id()))
}

/// Whether process `pid` is still running (assumed so where that cannot
/// be told).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") { Path::new("/proc").join(pid.to_string()).exists() } else { true }
}

/// Removes the temporary files and folders of `name` in `dir` left by
/// processes no longer running; puts back a folder set aside (`.old`) if
/// its run stopped before the new one went into place.
fn clean_stale(dir: &Path, name: &OsStr) {
    let prefix = temp_prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(prefix.as_str())) else { continue };
        let Some((pid, kind)) = rest.split_once('.') else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !matches!(kind, "tmp" | "old") || alive(pid) {
            continue;
        }
        let path = e.path();
        let target = dir.join(name);
        if kind == "old" && std::fs::symlink_metadata(&target).is_err() {
            let _ = std::fs::rename(&path, &target);
            continue;
        }
        let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |error| Error::Io { path: path.to_owned(), error }
}

/// An output that cannot be written, as bad input (exit status 2).
fn refuse(path: &Path, why: impl Into<String>) -> Error {
    Error::invalid(path.display().to_string(), "", "", why)
}

/// A folder that cannot be written in, as bad input.
fn unwritable(path: &Path, dir: &Path, e: &std::io::Error) -> Error {
    refuse(path, format!("cannot write in the folder {}: {e}", dir.display()))
}

/// Checks, before any computing, that `path` can be written as `kind`:
/// its name fits, its folder exists or can be created and is writable, and
/// (for a folder set) it is not a file, not `.` or `/`, and holds nothing
/// the set may not replace. Creates no file that stays: a writability probe
/// is removed at once (the missing folders of a folder set are created).
pub fn check(path: &Path, kind: Output) -> Result<(), Error> {
    let io = io_error(path);
    if path.as_os_str().is_empty() {
        return Err(refuse(path, "an empty output path"));
    }
    if let Some(long) = path.components().find_map(|c| match c {
        Component::Normal(n) if n.len() > MAX_NAME_BYTES => Some(n),
        _ => None,
    }) {
        return Err(refuse(
            path,
            format!(
                "a name of {} bytes is longer than the file-system limit of {MAX_NAME_BYTES}: {}",
                long.len(),
                crate::elide(&long.to_string_lossy(), 60)
            ),
        ));
    }
    match kind {
        Output::File => {
            let Target::Replace(resolved) = target(path).map_err(io)? else { return Ok(()) };
            writable(path, &parent(&resolved), resolved.file_name().unwrap_or_default())
        }
        Output::Names(_) | Output::Whole(_) => {
            let resolved = set_path(path)?;
            match std::fs::metadata(&resolved) {
                Ok(m) if !m.is_dir() => {
                    return Err(refuse(path, "is not a folder: name a folder to write into"));
                }
                Ok(_) => {
                    if let Output::Whole(exts) = kind {
                        foreign(&resolved, exts)?;
                    }
                }
                Err(_) => {}
            }
            writable(path, &parent(&resolved), resolved.file_name().unwrap_or_default())
        }
    }
}

/// Checks every output given (see [`check`]), in order.
pub fn check_all(outputs: &[(Option<&Path>, Output)]) -> Result<(), Error> {
    outputs.iter().filter_map(|(p, k)| p.map(|p| (p, *k))).try_for_each(|(p, k)| check(p, k))
}

/// The figures of `compare --maps`: a folder of SVG (and PNG) files.
pub const MAPS: Output = Output::Whole(&["svg", "png"]);

/// A GTFS folder (`export gtfs --out DIR`): replaced whole, and only over
/// a folder of `.txt` files.
pub const GTFS_DIR: Output = Output::Whole(&["txt"]);

/// Checks that `name` can be created in `dir`, or (when `dir` does not
/// exist yet) that its nearest existing ancestor is a writable folder.
fn writable(path: &Path, dir: &Path, name: &OsStr) -> Result<(), Error> {
    let mut existing = dir.to_owned();
    let mut name = name.to_owned();
    loop {
        match std::fs::metadata(&existing) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => return Err(refuse(path, format!("{} is not a folder", existing.display()))),
            Err(_) => {
                name = existing.file_name().unwrap_or_default().to_owned();
                existing = match existing.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                    _ => PathBuf::from("."),
                };
            }
        }
    }
    probe(&existing, &name).map_err(|e| unwritable(path, &existing, &e))
}

/// The folder a set replaces: symlinks followed; `.`, `..` and `/` refused.
fn set_path(path: &Path) -> Result<PathBuf, Error> {
    let resolved = resolve_links(path).map_err(io_error(path))?;
    match resolved.components().next_back() {
        Some(Component::Normal(_)) => Ok(resolved),
        _ => Err(refuse(
            path,
            "cannot replace this folder as a whole (the current, parent or root folder): name a folder inside it, such as out/",
        )),
    }
}

/// Refuses a folder a whole set would replace when it holds anything but
/// regular files with these extensions.
fn foreign(dir: &Path, exts: &[&str]) -> Result<(), Error> {
    for e in std::fs::read_dir(dir).map_err(io_error(dir))?.flatten() {
        let p = e.path();
        let ok = e.file_type().is_ok_and(|t| t.is_file())
            && p.extension().and_then(OsStr::to_str).is_some_and(|x| exts.contains(&x));
        if !ok {
            return Err(refuse(
                dir,
                format!(
                    "holds {}, which is not an output railshed writes there; the folder is replaced as a whole, so remove it or name another folder",
                    crate::elide(&e.file_name().to_string_lossy(), 80)
                ),
            ));
        }
    }
    Ok(())
}

/// Creates and removes this process's temporary file for `name` in `dir`.
fn probe(dir: &Path, name: &OsStr) -> std::io::Result<()> {
    let tmp = dir.join(temp_name(name, "tmp"));
    let result = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(b"railshed"));
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Writes `path` with what `fill` writes: atomically for a regular file
/// (through a symlink to its target), directly for a device, FIFO or
/// descriptor alias.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = io_error(path);
    match target(path).map_err(&io)? {
        Target::Direct(p) => {
            let regular = std::fs::metadata(&p).is_ok_and(|m| m.is_file());
            let file = std::fs::OpenOptions::new().write(true).append(regular).open(&p).map_err(&io)?;
            let mut out = std::io::BufWriter::new(file);
            fill(&mut out).and_then(|()| out.flush()).map_err(&io)?;
        }
        Target::Replace(p) => {
            let dir = parent(&p);
            let name = p.file_name().unwrap_or_default().to_owned();
            std::fs::create_dir_all(&dir).map_err(&io)?;
            clean_stale(&dir, &name);
            let tmp = dir.join(temp_name(&name, "tmp"));
            let result = (|| {
                let file = std::fs::File::create(&tmp)?;
                let mut out = std::io::BufWriter::new(file);
                fill(&mut out)?;
                let file = out.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                std::fs::rename(&tmp, &p)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result.map_err(io)?;
        }
    }
    completed(path);
    Ok(())
}

/// Writes `bytes` to `path` (see [`write_with`]).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_with(path, |out| out.write_all(bytes))
}

/// An output folder written as a set: files go into a temporary folder
/// beside it, and [`DirSet::commit`] puts the whole set in place at once.
/// Dropped without a commit, the temporary folder is removed.
#[derive(Debug)]
pub struct DirSet {
    target: PathBuf,
    staging: PathBuf,
    kind: Output,
    done: bool,
}

impl DirSet {
    /// Starts a set for the folder `path` (checked as by [`check`]).
    pub fn begin(path: &Path, kind: Output) -> Result<DirSet, Error> {
        check(path, kind)?;
        let target = set_path(path)?;
        let dir = parent(&target);
        let name = target.file_name().unwrap_or_default().to_owned();
        clean_stale(&dir, &name);
        let staging = dir.join(temp_name(&name, "tmp"));
        std::fs::create_dir_all(&dir).map_err(io_error(path))?;
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir(&staging).map_err(io_error(path))?;
        Ok(DirSet { target, staging, kind, done: false })
    }

    /// Writes the file `name` of the set; gives its final path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
        let path = self.staging.join(name);
        let final_path = self.target.join(name);
        let result = (|| {
            let mut f = std::fs::File::create(&path)?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        result.map_err(io_error(&final_path))?;
        Ok(final_path)
    }

    /// Puts the set in place of the old folder in one step, carrying over
    /// the old entries it does not own; removes the old folder.
    pub fn commit(mut self) -> Result<(), Error> {
        let io = io_error(&self.target);
        if let Output::Names(owned) = self.kind
            && self.target.is_dir()
        {
            for e in std::fs::read_dir(&self.target).map_err(&io)?.flatten() {
                let name = e.file_name();
                let temporary = name
                    .to_str()
                    .is_some_and(|n| n.starts_with('.') && (n.ends_with(".tmp") || n.ends_with(".old")));
                if temporary
                    || owned.iter().any(|o| OsStr::new(o) == name)
                    || self.staging.join(&name).exists()
                {
                    continue;
                }
                copy_tree(&e.path(), &self.staging.join(&name)).map_err(&io)?;
            }
        }
        if let Ok(d) = std::fs::File::open(&self.staging) {
            let _ = d.sync_all();
        }
        self.exchange().map_err(&io)?;
        self.done = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        if let Ok(d) = std::fs::File::open(parent(&self.target)) {
            let _ = d.sync_all();
        }
        completed(&self.target);
        Ok(())
    }

    /// Puts the staging folder in place of the target; afterwards the
    /// staging path holds the old folder, if any.
    fn exchange(&self) -> std::io::Result<()> {
        if std::fs::symlink_metadata(&self.target).is_err() {
            return std::fs::rename(&self.staging, &self.target);
        }
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{CWD, RenameFlags, renameat_with};
            match renameat_with(CWD, &self.staging, CWD, &self.target, RenameFlags::EXCHANGE) {
                Ok(()) => return Ok(()),
                Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
                Err(e) => return Err(e.into()),
            }
        }
        // No atomic exchange here: set the old folder aside (put back by
        // the next run if this one stops before the second rename).
        let name = self.target.file_name().unwrap_or_default();
        let old = parent(&self.target).join(temp_name(name, "old"));
        std::fs::rename(&self.target, &old)?;
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            std::fs::rename(&old, &self.target)?;
            return Err(e);
        }
        std::fs::rename(&old, &self.staging)
    }
}

impl Drop for DirSet {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Hard-links (or, failing that, copies) the tree at `from` to `to`, so
/// the old folder stays whole until the exchange.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let m = std::fs::symlink_metadata(from)?;
    if m.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return std::fs::copy(from, to).map(drop);
    }
    if m.is_dir() {
        std::fs::create_dir(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        }
        return Ok(());
    }
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        v.sort();
        v
    }

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

    #[test]
    fn names_up_to_the_limit_work_and_longer_ones_are_refused_at_check() {
        let dir = tempfile::tempdir().unwrap();
        for len in [245, 250, 255] {
            let path = dir.path().join("n".repeat(len - 4) + ".csv");
            check(&path, Output::File).unwrap();
            write(&path, b"x").unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"x");
            let set = dir.path().join("d".repeat(len));
            let s = DirSet::begin(&set, Output::Whole(&["txt"])).unwrap();
            s.write("a.txt", b"a").unwrap();
            s.commit().unwrap();
            assert_eq!(names(&set), ["a.txt"]);
        }
        let long = dir.path().join("n".repeat(256));
        let e = check(&long, Output::File).unwrap_err().to_string();
        assert!(e.contains("256 bytes is longer than the file-system limit of 255"), "{e}");
        assert!(e.len() < 300 + dir.path().as_os_str().len() + 256, "{e}");
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(names(dir.path()), ["link.csv", "real.csv"]);
    }

    #[test]
    fn a_device_is_written_not_replaced() {
        write(Path::new("/dev/null"), b"anything").unwrap();
        let m = std::fs::metadata("/dev/null").unwrap();
        assert!(!m.is_file(), "/dev/null is still a device");
        check(Path::new("/dev/null"), Output::File).unwrap();
    }

    #[test]
    fn a_fifo_is_written_directly() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(!std::fs::metadata(&fifo).unwrap().is_file());
    }

    #[test]
    fn a_set_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let maps = dir.path().join("maps");
        let s = DirSet::begin(&maps, Output::Whole(&["svg"])).unwrap();
        s.write("a.svg", b"1").unwrap();
        s.write("b.svg", b"1").unwrap();
        s.commit().unwrap();
        let s = DirSet::begin(&maps, Output::Whole(&["svg"])).unwrap();
        s.write("a.svg", b"2").unwrap();
        s.commit().unwrap();
        assert_eq!(names(&maps), ["a.svg"], "no stale figure from the older run");
        assert_eq!(names(dir.path()), ["maps"], "nothing left beside it");
        // Dropped uncommitted: the old set stays, no temporary folder.
        let s = DirSet::begin(&maps, Output::Whole(&["svg"])).unwrap();
        s.write("c.svg", b"3").unwrap();
        drop(s);
        assert_eq!(names(&maps), ["a.svg"]);
        assert_eq!(names(dir.path()), ["maps"]);
    }

    #[test]
    fn a_named_set_keeps_other_entries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("maps")).unwrap();
        std::fs::write(out.join("maps/x.svg"), "keep").unwrap();
        std::fs::write(out.join("report.html"), "keep").unwrap();
        std::fs::write(out.join("a.csv"), "old").unwrap();
        let s = DirSet::begin(&out, Output::Names(&["a.csv", "b.csv"])).unwrap();
        s.write("a.csv", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(names(&out), ["a.csv", "maps", "report.html"]);
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(out.join("maps/x.svg")).unwrap(), "keep");
    }

    #[test]
    fn a_whole_set_refuses_a_folder_of_other_files_and_the_current_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.doc"), "mine").unwrap();
        let e = DirSet::begin(dir.path(), Output::Whole(&["svg"])).unwrap_err();
        assert!(e.is_bad_input() && e.to_string().contains("holds notes.doc"), "{e}");
        for p in [".", "..", "/", "a/.."] {
            let e = check(Path::new(p), Output::Names(&["a.csv"])).unwrap_err();
            assert!(e.is_bad_input() && e.to_string().contains("cannot replace this folder"), "{p}: {e}");
        }
        let file = dir.path().join("notes.doc");
        let e = check(&file, Output::Whole(&["svg"])).unwrap_err();
        assert!(e.to_string().contains("is not a folder"), "{e}");
    }

    #[test]
    fn temporary_files_of_dead_runs_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let name = OsStr::new("out.csv");
        let stale = dir.path().join(format!("{}{dead}.tmp", temp_prefix(name)));
        std::fs::write(&stale, "half").unwrap();
        let set = dir.path().join(format!("{}{dead}.tmp", temp_prefix(OsStr::new("maps"))));
        std::fs::create_dir(&set).unwrap();
        write(&dir.path().join("out.csv"), b"x").unwrap();
        DirSet::begin(&dir.path().join("maps"), Output::Whole(&["svg"])).unwrap().commit().unwrap();
        assert_eq!(names(dir.path()), ["maps", "out.csv"]);
    }

    #[test]
    fn a_folder_set_aside_by_a_dead_run_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let old = dir.path().join(format!("{}{dead}.old", temp_prefix(OsStr::new("feed"))));
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("stops.txt"), "old").unwrap();
        check(&dir.path().join("feed"), Output::Whole(&["txt"])).unwrap();
        let s = DirSet::begin(&dir.path().join("feed"), Output::Whole(&["txt"])).unwrap();
        drop(s);
        assert_eq!(names(dir.path()), ["feed"]);
        assert_eq!(names(&dir.path().join("feed")), ["stops.txt"]);
    }

    #[test]
    fn check_refuses_a_file_as_a_folder_and_a_read_only_folder() {
        let dir = tempfile::tempdir().unwrap();
        check(&dir.path().join("new/out.csv"), Output::File).unwrap();
        check(&dir.path().join("new/set"), Output::Names(&["a.csv"])).unwrap();
        assert_eq!(names(dir.path()), Vec::<String>::new(), "a check creates nothing");
        std::fs::write(dir.path().join("file"), "").unwrap();
        let e = check(&dir.path().join("file/out.csv"), Output::File).unwrap_err();
        assert!(e.is_bad_input() && e.to_string().contains("is not a folder"), "{e}");
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        let mut perms = std::fs::metadata(&ro).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
        std::fs::set_permissions(&ro, perms).unwrap();
        // Root may write anywhere: the probe then succeeds, as the write would.
        let probe = std::fs::File::create(ro.join("probe")).is_ok();
        let _ = std::fs::remove_file(ro.join("probe"));
        let r = check(&ro.join("out.csv"), Output::File);
        assert_eq!(r.is_ok(), probe, "{r:?}");
        if let Err(e) = r {
            assert!(e.is_bad_input() && e.to_string().contains("cannot write in the folder"), "{e}");
        }
    }
}
