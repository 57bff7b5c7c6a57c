//! Reading the files of a timetable: a zip archive or a folder, on disk or
//! in memory.
//!
//! Feeds are found by file name alone, whatever folder inside the archive
//! they sit in, case-insensitively; a name that two entries share is an
//! error rather than a guess.
//!
//! An import hashes its input (SHA-256, for provenance) from the bytes it
//! reads, so nothing is read twice: a zip archive is read once, whole,
//! through the hash into memory (its compressed size) and its entries are
//! read from there; a folder's files are streamed as the importer reads
//! them and hashed in name order, each as its name, a NUL byte, then its
//! bytes. A file read before its turn in name order is held until its turn
//! (a feed's small tables, never `stop_times.txt`, which comes before
//! `stops.txt`, `transfers.txt` and `trips.txt`); a file the importer does
//! not use is read once, for the hash alone, when its turn comes.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Error;

/// A zip archive or a folder of files, or files held in memory.
pub(crate) struct Archive {
    /// The path as given, for messages.
    pub(crate) path: PathBuf,
    kind: Kind,
    /// Entry names (full paths inside the archive or folder), in order.
    entries: Vec<String>,
    /// Bytes read so far, bounded by [`MAX_TOTAL_BYTES`].
    read: u64,
    /// The SHA-256 of the input, as far as it has been read.
    hash: Hash,
    /// Entries the importer has looked up: it reads them, so a folder's
    /// hash waits for them rather than reading them ahead of it.
    found: RefCell<HashSet<String>>,
}

/// The SHA-256 of an archive's input.
enum Hash {
    /// Not asked for (the archive is only looked at).
    None,
    /// Known from the bytes read at opening (a zip archive, files in memory).
    Done([u8; 32]),
    /// A folder's, made as its files are read.
    Dir(DirHash),
}

/// A folder's hash in the making: its regular files in name order (as
/// [`std::fs::metadata`] sees them, links followed), hashed up to `next`.
struct DirHash {
    hasher: Sha256,
    /// File names, in name order.
    files: Vec<OsString>,
    /// The first file not hashed yet.
    next: usize,
    /// Files read ahead of their turn, by index.
    held: BTreeMap<usize, Vec<u8>>,
    /// A stream the importer left before its end: the hash is unknown.
    failed: Option<Error>,
}

/// Lower-case hex of a digest.
fn hex(digest: &[u8]) -> String {
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

enum Kind {
    Zip(zip::ZipArchive<File>),
    ZipBytes(zip::ZipArchive<Cursor<Vec<u8>>>),
    Dir,
    /// Files held in memory, in the order of `entries`.
    Files(Vec<Vec<u8>>),
}

impl Archive {
    fn new(path: PathBuf, kind: Kind, entries: Vec<String>, hash: Hash) -> Archive {
        Archive { path, kind, entries, read: 0, hash, found: RefCell::default() }
    }

    /// Opens a zip archive or a folder to look at (nothing is hashed).
    pub(crate) fn open(path: &Path) -> Result<Archive, Error> {
        if let Some(entries) = dir_entries(path)? {
            return Ok(Archive::new(path.to_owned(), Kind::Dir, entries, Hash::None));
        }
        crate::regular_file(path)?;
        let file = File::open(path).map_err(|source| Error::Io { path: path.to_owned(), error: source })?;
        let (zip, entries) = open_zip(path, file)?;
        Ok(Archive::new(path.to_owned(), Kind::Zip(zip), entries, Hash::None))
    }

    /// Opens a zip archive or a folder to import, hashing what is read: a
    /// zip archive is read once, whole, into memory through the hash (an
    /// archive over [`MAX_TOTAL_BYTES`] is refused); a folder's files are
    /// hashed as they are read ([`Archive::finish`] gives the hash).
    pub(crate) fn open_hashed(path: &Path) -> Result<Archive, Error> {
        let io = |source| Error::Io { path: path.to_owned(), error: source };
        if let Some(entries) = dir_entries(path)? {
            let mut files: Vec<OsString> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter_map(|p| p.file_name().map(|n| n.to_owned()))
                .collect();
            files.sort();
            let hash = DirHash { hasher: Sha256::new(), files, next: 0, held: BTreeMap::new(), failed: None };
            return Ok(Archive::new(path.to_owned(), Kind::Dir, entries, Hash::Dir(hash)));
        }
        crate::regular_file(path)?;
        let file = File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let name = display(path);
        if size > MAX_TOTAL_BYTES {
            return Err(crate::too_large(&name, size, MAX_TOTAL_BYTES));
        }
        let mut reader = Hashing { inner: file.take(MAX_TOTAL_BYTES + 1), hasher: Sha256::new() };
        let mut bytes = Vec::with_capacity(size as usize);
        reader.read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > MAX_TOTAL_BYTES {
            return Err(crate::too_large(&name, bytes.len() as u64, MAX_TOTAL_BYTES));
        }
        let digest = reader.hasher.finalize().into();
        let (zip, entries) = open_zip(path, Cursor::new(bytes))?;
        Ok(Archive::new(path.to_owned(), Kind::ZipBytes(zip), entries, Hash::Done(digest)))
    }

    /// A zip archive held in memory, called `name` in messages; its hash is
    /// that of `bytes`.
    pub(crate) fn from_zip_bytes(name: &str, bytes: Vec<u8>) -> Result<Archive, Error> {
        let path = PathBuf::from(name);
        let digest = Sha256::digest(&bytes).into();
        let (zip, entries) = open_zip(&path, Cursor::new(bytes))?;
        Ok(Archive::new(path, Kind::ZipBytes(zip), entries, Hash::Done(digest)))
    }

    /// Files held in memory, (name, content), as an archive called `name`;
    /// its hash is a folder's of these files.
    pub(crate) fn from_files(name: &str, files: Vec<(String, Vec<u8>)>) -> Archive {
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by(|&a, &b| files[a].0.cmp(&files[b].0));
        let mut hasher = Sha256::new();
        for i in order {
            hasher.update(files[i].0.as_bytes());
            hasher.update([0]);
            hasher.update(&files[i].1);
        }
        let digest = hasher.finalize().into();
        let (entries, contents) = files.into_iter().unzip();
        Archive::new(PathBuf::from(name), Kind::Files(contents), entries, Hash::Done(digest))
    }

    /// The SHA-256 (lower-case hex) of the whole input: for a folder, the
    /// files not read yet are read now, once, for the hash alone.
    pub(crate) fn finish(mut self) -> Result<String, Error> {
        match &mut self.hash {
            Hash::None => unreachable!("finish is called on archives opened to import"),
            Hash::Done(digest) => Ok(hex(digest)),
            Hash::Dir(h) => {
                h.advance(&self.path, None, &HashSet::new())?;
                Ok(hex(&std::mem::take(&mut h.hasher).finalize()))
            }
        }
    }

    /// Whether this is a folder rather than an archive.
    pub(crate) fn is_dir(&self) -> bool {
        matches!(self.kind, Kind::Dir)
    }

    /// The entry whose file name is `name` (case-insensitively), if exactly one.
    pub(crate) fn find(&self, name: &str) -> Result<Option<String>, Error> {
        self.find_by(|base| base.eq_ignore_ascii_case(name), name)
    }

    /// The entry whose file name ends with `suffix` (case-insensitively), if exactly one.
    pub(crate) fn find_suffix(&self, suffix: &str) -> Result<Option<String>, Error> {
        let lower = suffix.to_ascii_lowercase();
        self.find_by(|base| base.to_ascii_lowercase().ends_with(&lower), &format!("*{suffix}"))
    }

    fn find_by(&self, matches: impl Fn(&str) -> bool, what: &str) -> Result<Option<String>, Error> {
        let hits: Vec<&String> = self.entries.iter().filter(|e| matches(base_name(e))).collect();
        match hits.as_slice() {
            [] => Ok(None),
            [one] => {
                self.found.borrow_mut().insert((*one).clone());
                Ok(Some((*one).clone()))
            }
            many => Err(Error::invalid(
                display(&self.path),
                "",
                "",
                format!(
                    "holds several files named {what} ({}): keep one",
                    many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }

    /// The name of an entry for messages: `feed.zip/stops.txt`.
    pub(crate) fn label(&self, entry: &str) -> String {
        format!("{}/{entry}", display(&self.path))
    }

    /// The bytes of an entry. An entry larger than [`MAX_ENTRY_BYTES`] is
    /// refused from its stated size before anything is read, and no more
    /// than the limit is ever read (a zip entry may understate its size).
    pub(crate) fn read(&mut self, entry: &str) -> Result<Vec<u8>, Error> {
        let label = self.label(entry);
        let limit = Limit { entry: MAX_ENTRY_BYTES, left: MAX_TOTAL_BYTES - self.read };
        let bytes = self.read_limited(entry, &label, limit)?;
        self.read += bytes.len() as u64;
        if let Hash::Dir(h) = &mut self.hash
            && let Some(i) = h.index(entry)
            && h.next <= i
        {
            h.advance(&self.path, Some(i), &self.found.borrow())?;
            if h.next == i {
                h.start(i);
                h.hasher.update(&bytes);
                h.next += 1;
            } else {
                h.held.insert(i, bytes.clone());
            }
        }
        Ok(bytes)
    }

    /// An entry as a stream, bounded like [`Archive::read`]: an entry whose
    /// stated size is over a limit is refused before anything is read, and
    /// the stream fails with the same message once it passes a limit (a zip
    /// entry may understate its size). What it reads counts towards the
    /// whole timetable's budget. A leading UTF-8 byte-order mark is skipped.
    pub(crate) fn stream(&mut self, entry: &str) -> Result<Box<dyn Read + '_>, Error> {
        let label = self.label(entry);
        let left = MAX_TOTAL_BYTES - self.read;
        let counted = &mut self.read;
        let (reader, size): (Box<dyn Read + '_>, u64) = match &mut self.kind {
            Kind::Dir => {
                let path = self.path.join(entry);
                let io = |source| Error::Io { path: path.clone(), error: source };
                crate::regular_file(&path)?;
                let file = File::open(&path).map_err(io)?;
                let size = file.metadata().map_err(io)?.len();
                let index = match &self.hash {
                    Hash::Dir(h) => h.index(entry),
                    _ => None,
                };
                match (&mut self.hash, index) {
                    (Hash::Dir(h), Some(i)) if h.next <= i => {
                        h.advance(&self.path, Some(i), &self.found.borrow())?;
                        let hold = h.next < i;
                        if !hold {
                            h.start(i);
                        }
                        (Box::new(Tee { inner: file, hash: h, index: i, hold, path, done: false }), size)
                    }
                    _ => (Box::new(file), size),
                }
            }
            Kind::Zip(zip) => open_zip_entry(zip, entry, &label)?,
            Kind::ZipBytes(zip) => open_zip_entry(zip, entry, &label)?,
            Kind::Files(contents) => {
                let i = self
                    .entries
                    .iter()
                    .position(|e| e == entry)
                    .ok_or_else(|| Error::invalid(&label, "", "", "no such file"))?;
                let bytes = contents[i].as_slice();
                (Box::new(bytes), bytes.len() as u64)
            }
        };
        check_stated(size, Limit { entry: MAX_ENTRY_BYTES, left }, &label)?;
        let limit = MAX_ENTRY_BYTES.min(left);
        let capped = Capped { inner: reader, limit, size, read: 0, counted };
        skip_bom(capped).map_err(|e| stream_error(&label, e))
    }

    fn read_limited(&mut self, entry: &str, label: &str, limit: Limit) -> Result<Vec<u8>, Error> {
        let label = label.to_owned();
        match &mut self.kind {
            Kind::Dir => {
                let path = self.path.join(entry);
                let io = |source| Error::Io { path: path.clone(), error: source };
                crate::regular_file(&path)?;
                let file = File::open(&path).map_err(io)?;
                let size = file.metadata().map_err(io)?.len();
                read_capped(file, size, limit, &label).map_err(|e| e.unwrap_or_else(io))
            }
            Kind::Zip(zip) => read_zip(zip, entry, &label, limit),
            Kind::ZipBytes(zip) => read_zip(zip, entry, &label, limit),
            Kind::Files(contents) => {
                let i = self
                    .entries
                    .iter()
                    .position(|e| e == entry)
                    .ok_or_else(|| Error::invalid(&label, "", "", "no such file"))?;
                let bytes = &contents[i];
                read_capped(bytes.as_slice(), bytes.len() as u64, limit, &label)
                    .map_err(|e| e.unwrap_or_else(|e| Error::invalid(&label, "", "", e.to_string())))
            }
        }
    }
}

/// Opens a zip archive and lists its files.
fn open_zip<R: Read + Seek>(path: &Path, reader: R) -> Result<(zip::ZipArchive<R>, Vec<String>), Error> {
    let zip = zip::ZipArchive::new(reader).map_err(|e| {
        Error::invalid(display(path), "", "", format!("not a readable zip archive or folder ({e})"))
    })?;
    let mut entries = Vec::new();
    for name in zip.file_names() {
        let name = name.map_err(|e| {
            Error::invalid(display(path), "", "", format!("has an unreadable file name ({e})"))
        })?;
        if !name.ends_with('/') {
            entries.push(name.into_owned());
        }
    }
    Ok((zip, entries))
}

/// The bytes of a zip entry.
fn read_zip<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    entry: &str,
    label: &str,
    limit: Limit,
) -> Result<Vec<u8>, Error> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::invalid(label, "", "", format!("cannot be read from the archive ({e})"))
    };
    let file = zip.by_name(entry).map_err(|e| bad(&e))?;
    let size = file.size();
    read_capped(file, size, limit, label).map_err(|e| e.unwrap_or_else(|e| bad(&e)))
}

/// A zip entry as a reader, with its stated size.
fn open_zip_entry<'a, R: Read + Seek>(
    zip: &'a mut zip::ZipArchive<R>,
    entry: &str,
    label: &str,
) -> Result<(Box<dyn Read + 'a>, u64), Error> {
    let file = zip
        .by_name(entry)
        .map_err(|e| Error::invalid(label, "", "", format!("cannot be read from the archive ({e})")))?;
    let size = file.size();
    Ok((Box::new(file), size))
}

/// The message of a stream that passed its limit, carried in an
/// [`std::io::Error`] through the CSV reader.
#[derive(Debug)]
pub(crate) struct OverLimit(pub(crate) String);

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OverLimit {}

/// The error for a failed read of the entry `label`: its limit message,
/// or why reading failed.
pub(crate) fn stream_error(label: &str, e: std::io::Error) -> Error {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<OverLimit>()) {
        Some(over) => Error::invalid(label, "", "", over.0.clone()),
        None => Error::invalid(label, "", "", format!("cannot be read ({e})")),
    }
}

/// A reader that fails once more than `limit` bytes have passed, and adds
/// what it reads to `counted`.
struct Capped<'a, R> {
    inner: R,
    limit: u64,
    /// The stated size, for the message.
    size: u64,
    read: u64,
    counted: &'a mut u64,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte past the limit shows the entry is over it.
        let room = (self.limit + 1 - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        *self.counted += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other(OverLimit(format!(
                "holds more than the limit of {} (its stated size was {} bytes)",
                crate::mib(self.limit),
                self.size
            ))));
        }
        Ok(n)
    }
}

/// `reader` without a leading UTF-8 byte-order mark.
fn skip_bom<'a>(mut reader: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
    let mut head = [0u8; 3];
    let mut n = 0;
    while n < 3 {
        match reader.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let keep = if head[..n] == *b"\xEF\xBB\xBF" { Vec::new() } else { head[..n].to_vec() };
    Ok(Box::new(Cursor::new(keep).chain(reader)))
}

/// Refuses a stated size over the entry limit or what is left of the total.
fn check_stated(size: u64, limit: Limit, label: &str) -> Result<(), Error> {
    if size > limit.entry {
        return Err(crate::too_large(label, size, limit.entry));
    }
    if size > limit.left {
        return Err(Error::invalid(
            label,
            "",
            "",
            format!(
                "is {}, which with the files read before it passes the limit of {} for a whole timetable",
                crate::mib(size),
                crate::mib(MAX_TOTAL_BYTES)
            ),
        ));
    }
    Ok(())
}

/// The largest file of a timetable (a zip entry or a file in a folder): 1 GiB,
/// above the whole GB CIF timetable (about 600 MB).
pub const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// All the files read from one timetable together: 2 GiB. GTFS tables are
/// parsed as they are read, so this bounds the time spent on a feed whose
/// entries each stay under [`MAX_ENTRY_BYTES`]; the CIF station and links
/// files are read whole, so for them it also bounds memory (the schedules
/// file is parsed as it is read).
pub const MAX_TOTAL_BYTES: u64 = 2 << 30;

/// What one read may take: the entry limit, and what is left of the total.
#[derive(Clone, Copy)]
struct Limit {
    entry: u64,
    left: u64,
}

/// Reads at most the limit of bytes of `reader`, whose stated size is
/// `size`: `Err(Ok(e))` when over it, `Err(Err(io))` when reading fails.
fn read_capped(
    reader: impl Read,
    size: u64,
    limit: Limit,
    label: &str,
) -> Result<Vec<u8>, Result<Error, std::io::Error>> {
    check_stated(size, limit, label).map_err(Ok)?;
    let limit = limit.entry.min(limit.left);
    // The stated size may lie: reserve at most 64 MiB ahead of reading.
    let mut bytes = Vec::with_capacity(size.min(1 << 26) as usize);
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(Err)?;
    if bytes.len() as u64 > limit {
        return Err(Ok(Error::invalid(
            label,
            "",
            "",
            format!("holds more than the limit of {} (its stated size was {size} bytes)", crate::mib(limit)),
        )));
    }
    Ok(bytes)
}

/// The last component of an entry path.
fn base_name(entry: &str) -> &str {
    entry.rsplit(['/', '\\']).next().unwrap_or(entry)
}

/// A path for messages.
pub(crate) fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The files of `path` if it is a folder (regular files, not following
/// links, in name order), else `None`.
fn dir_entries(path: &Path) -> Result<Option<Vec<String>>, Error> {
    let io = |source| Error::Io { path: path.to_owned(), error: source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        return Ok(None);
    }
    let mut entries = Vec::new();
    for e in std::fs::read_dir(path).map_err(io)? {
        let e = e.map_err(io)?;
        if e.file_type().map_err(io)?.is_file() {
            entries.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    entries.sort();
    Ok(Some(entries))
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

impl DirHash {
    /// The index of a folder's entry in name order.
    fn index(&self, entry: &str) -> Option<usize> {
        self.files.iter().position(|f| f.to_str() == Some(entry))
    }

    /// Starts hashing file `i` in its turn: its name and a NUL byte.
    fn start(&mut self, i: usize) {
        self.hasher.update(self.files[i].as_encoded_bytes());
        self.hasher.update([0]);
    }

    /// Hashes the files before `upto` (all of them: `None`) as far as it
    /// can: held files, and files the importer does not read (`found` are
    /// those it does), which are read now, once, for the hash alone. Stops
    /// at a file the importer has still to read.
    fn advance(&mut self, dir: &Path, upto: Option<usize>, found: &HashSet<String>) -> Result<(), Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let end = upto.unwrap_or(self.files.len());
        while self.next < end {
            let name = &self.files[self.next];
            if let Some(bytes) = self.held.remove(&self.next) {
                self.start(self.next);
                self.hasher.update(&bytes);
            } else if upto.is_none() || !name.to_str().is_some_and(|n| found.contains(n)) {
                let path = dir.join(name);
                let io = |source| Error::Io { path: path.clone(), error: source };
                crate::regular_file(&path)?;
                self.start(self.next);
                let mut reader = Hashing { inner: File::open(&path).map_err(io)?, hasher: Sha256::new() };
                std::mem::swap(&mut reader.hasher, &mut self.hasher);
                let copied = std::io::copy(&mut reader, &mut std::io::sink());
                std::mem::swap(&mut reader.hasher, &mut self.hasher);
                copied.map_err(io)?;
            } else {
                return Ok(());
            }
            self.next += 1;
        }
        Ok(())
    }
}

/// A folder's file as the importer streams it, hashed in its turn or held
/// until then.
struct Tee<'a> {
    inner: File,
    hash: &'a mut DirHash,
    index: usize,
    /// Held rather than hashed: files before it in name order are to come.
    hold: bool,
    path: PathBuf,
    done: bool,
}

impl Read for Tee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.take(&buf[..n]);
        Ok(n)
    }
}

impl Tee<'_> {
    fn take(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            self.done = true;
            if self.hold {
                self.hash.held.entry(self.index).or_default();
            } else {
                self.hash.next = self.index + 1;
            }
        } else if self.hold {
            self.hash.held.entry(self.index).or_default().extend_from_slice(bytes);
        } else {
            self.hash.hasher.update(bytes);
        }
    }
}

impl Drop for Tee<'_> {
    /// A file left before its end (an import that failed, as a successful
    /// one reads every file it opens to the end) leaves no hash: reading the
    /// rest here would delay the import's own error.
    fn drop(&mut self) {
        if !self.done {
            let error = std::io::Error::other("left before its end, so the input's hash is unknown");
            self.hash.failed = Some(Error::Io { path: self.path.clone(), error });
        }
    }
}

#[cfg(test)]
mod tests {
    /// Each read is bounded by the entry limit and by what is left of the
    /// whole timetable's budget; an archive counts what it has read.
    #[test]
    fn reads_are_bounded_by_the_entry_and_the_total() {
        let read = |data: &[u8], stated: u64, entry: u64, left: u64| {
            super::read_capped(data, stated, super::Limit { entry, left }, "f.txt")
                .map_err(|e| e.unwrap().to_string())
        };
        assert_eq!(read(b"abc", 3, 10, 10).unwrap(), b"abc");
        assert!(read(b"abc", 11, 10, 100).unwrap_err().contains("larger than the limit"));
        let e = read(b"abc", 3, 10, 2).unwrap_err();
        assert!(e.contains("with the files read before it passes the limit of 2,048.0 MiB"), "{e}");
        assert!(read(b"abcd", 1, 10, 3).unwrap_err().contains("holds more than the limit"));
        let mut a = super::Archive::from_files("feed", vec![("a.txt".into(), b"12345".to_vec())]);
        a.read("a.txt").unwrap();
        a.read("a.txt").unwrap();
        assert_eq!(a.read, 10);
    }

    /// A folder's hash is that of each regular file in name order (name,
    /// NUL, bytes), whatever order the importer reads them in: files read
    /// ahead of their turn are held, files it never reads are read for the
    /// hash alone.
    #[test]
    fn hashes_a_folder_in_name_order_as_it_is_read() {
        use std::io::Read as _;
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let files: [(&str, &[u8]); 5] =
            [("a.txt", b"stops"), ("b.txt", &big), ("c.txt", b""), ("d.txt", b"unread"), ("e.txt", b"last")];
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/x.txt"), b"not hashed").unwrap();
        let hex = |bytes: &[u8]| super::hex(&sha2::Sha256::digest(bytes));
        let mut whole = Vec::new();
        for (name, bytes) in files {
            whole.extend(name.as_bytes());
            whole.push(0);
            whole.extend(bytes);
        }

        let mut a = super::Archive::open_hashed(dir.path()).unwrap();
        for name in ["e.txt", "b.txt", "c.txt", "a.txt"] {
            assert_eq!(a.find(name).unwrap().as_deref(), Some(name));
        }
        let mut text = String::new();
        a.stream("e.txt").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "last");
        a.stream("b.txt").unwrap().read_to_end(&mut Vec::new()).unwrap();
        assert_eq!(a.read("c.txt").unwrap(), b"");
        a.stream("a.txt").unwrap().read_to_end(&mut Vec::new()).unwrap();
        assert_eq!(a.finish().unwrap(), hex(&whole));

        // Read in name order, nothing is held.
        let mut a = super::Archive::open_hashed(dir.path()).unwrap();
        a.find("a.txt").unwrap();
        a.stream("a.txt").unwrap().read_to_end(&mut Vec::new()).unwrap();
        match &a.hash {
            super::Hash::Dir(h) => assert!(h.next == 1 && h.held.is_empty()),
            _ => panic!("a folder"),
        }
        assert_eq!(a.finish().unwrap(), hex(&whole));

        // A stream left before its end leaves no hash.
        let mut a = super::Archive::open_hashed(dir.path()).unwrap();
        assert!(a.stream("b.txt").unwrap().read(&mut [0u8; 10]).unwrap() > 0);
        let err = a.finish().unwrap_err().to_string();
        assert!(err.contains("b.txt") && err.contains("left before its end"), "{err}");

        // A zip archive: the hash of its bytes; files in memory: a folder's.
        let zip = dir.path().join("feed.zip");
        std::fs::write(&zip, b"PK not really").unwrap();
        let err = super::Archive::open_hashed(&zip).err().unwrap();
        assert!(err.to_string().contains("not a readable zip archive"), "{err}");
        let mem = super::Archive::from_files(
            "mem",
            files.iter().rev().map(|(n, b)| (n.to_string(), b.to_vec())).collect(),
        );
        assert_eq!(mem.finish().unwrap(), hex(&whole));
    }

    use super::*;

    /// A stream fails once past its limit with the limit's message, counts
    /// what it read, and skips a byte-order mark only at its start.
    #[test]
    fn streams_stop_at_the_limit_and_skip_a_bom() {
        let mut counted = 0;
        let capped =
            Capped { inner: std::io::repeat(b'x'), limit: 1000, size: 10, read: 0, counted: &mut counted };
        let e = std::io::copy(&mut capped.take(5000), &mut std::io::sink()).unwrap_err();
        assert_eq!(
            stream_error("bomb.zip/stop_times.txt", e).to_string(),
            "bomb.zip/stop_times.txt: holds more than the limit of 0.0 MiB (its stated size was 10 bytes)"
        );
        assert_eq!(counted, 1001);
        let read = |bytes: &'static [u8]| {
            let mut out = Vec::new();
            skip_bom(bytes).unwrap().read_to_end(&mut out).unwrap();
            out
        };
        assert_eq!(read(b"\xEF\xBB\xBFstop_id\n\xEF\xBB\xBF"), b"stop_id\n\xEF\xBB\xBF");
        assert_eq!(read(b"\xEF\xBB"), b"\xEF\xBB");
        assert_eq!(read(b""), b"");
        let mut a = Archive::from_files("feed", vec![("a.txt".into(), b"\xEF\xBB\xBFab".to_vec())]);
        let mut text = String::new();
        a.stream("a.txt").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), a.read), ("ab", 5));
    }

    #[test]
    fn reading_stops_at_the_limit() {
        // A reader that would go on for ever, stating a small size (a zip bomb).
        let err = read_capped(
            std::io::repeat(0),
            10,
            Limit { entry: 1000, left: u64::MAX },
            "bomb.zip/stop_times.txt",
        )
        .unwrap_err()
        .unwrap();
        assert_eq!(
            err.to_string(),
            "bomb.zip/stop_times.txt: holds more than the limit of 0.0 MiB (its stated size was 10 bytes)"
        );
        let err = read_capped(
            std::io::empty(),
            10 << 30,
            Limit { entry: 1 << 30, left: u64::MAX },
            "big.zip/x.txt",
        )
        .unwrap_err()
        .unwrap();
        assert_eq!(err.to_string(), "big.zip/x.txt: is 10,240.0 MiB, larger than the limit of 1,024.0 MiB");
        assert_eq!(read_capped(&b"abc"[..], 3, Limit { entry: 3, left: 3 }, "ok").unwrap(), b"abc");
    }
}
