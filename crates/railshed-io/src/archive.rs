//! Reading the files of a timetable: a zip archive or a folder, on disk or
//! in memory.
//!
//! Feeds are found by file name alone, whatever folder inside the archive
//! they sit in, case-insensitively; a name that two entries share is an
//! error rather than a guess.

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

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
}

enum Kind {
    Zip(zip::ZipArchive<File>),
    ZipBytes(zip::ZipArchive<Cursor<Vec<u8>>>),
    Dir,
    /// Files held in memory, in the order of `entries`.
    Files(Vec<Vec<u8>>),
}

impl Archive {
    /// Opens a zip archive or a folder.
    pub(crate) fn open(path: &Path) -> Result<Archive, Error> {
        let io = |source| Error::Io { path: path.to_owned(), error: source };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            let mut entries = Vec::new();
            for e in std::fs::read_dir(path).map_err(io)? {
                let e = e.map_err(io)?;
                if e.file_type().map_err(io)?.is_file() {
                    entries.push(e.file_name().to_string_lossy().into_owned());
                }
            }
            entries.sort();
            return Ok(Archive { path: path.to_owned(), kind: Kind::Dir, entries, read: 0 });
        }
        crate::regular_file(path)?;
        let (zip, entries) = open_zip(path, File::open(path).map_err(io)?)?;
        Ok(Archive { path: path.to_owned(), kind: Kind::Zip(zip), entries, read: 0 })
    }

    /// A zip archive held in memory, called `name` in messages.
    pub(crate) fn from_zip_bytes(name: &str, bytes: Vec<u8>) -> Result<Archive, Error> {
        let path = PathBuf::from(name);
        let (zip, entries) = open_zip(&path, Cursor::new(bytes))?;
        Ok(Archive { path, kind: Kind::ZipBytes(zip), entries, read: 0 })
    }

    /// Files held in memory, (name, content), as an archive called `name`.
    pub(crate) fn from_files(name: &str, files: Vec<(String, Vec<u8>)>) -> Archive {
        let (entries, contents) = files.into_iter().unzip();
        Archive { path: PathBuf::from(name), kind: Kind::Files(contents), entries, read: 0 }
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
            [one] => Ok(Some((*one).clone())),
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
                (Box::new(file), size)
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

/// SHA-256 (lower-case hex) of an input on disk, read as a stream in
/// blocks, never whole: a file's bytes, or for a folder each regular file
/// in name order as its name, a NUL byte, then its bytes.
pub fn sha256_path(path: &Path) -> Result<String, Error> {
    use sha2::Digest;
    let io = |p: &Path| {
        let p = p.to_owned();
        move |source| Error::Io { path: p, error: source }
    };
    let mut hasher = sha2::Sha256::new();
    let feed = |file: &Path, hasher: &mut sha2::Sha256| -> Result<(), Error> {
        crate::regular_file(file)?;
        let mut f = File::open(file).map_err(io(file))?;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = std::io::Read::read(&mut f, &mut buf).map_err(io(file))?;
            if n == 0 {
                return Ok(());
            }
            hasher.update(&buf[..n]);
        }
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io(path))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            hasher.update(f.file_name().unwrap_or_default().as_encoded_bytes());
            hasher.update([0]);
            feed(&f, &mut hasher)?;
        }
    } else {
        feed(path, &mut hasher)?;
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
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

    /// Hashes are computed on streams, and equal the hash of the whole bytes
    /// (a folder: each file's name, NUL, bytes, in name order).
    #[test]
    fn hashes_files_and_folders_as_streams() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("b.txt"), &big).unwrap();
        std::fs::write(dir.path().join("a.txt"), b"stops").unwrap();
        let hex = |bytes: &[u8]| {
            use sha2::Digest;
            sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        assert_eq!(super::sha256_path(&dir.path().join("b.txt")).unwrap(), hex(&big));
        let mut whole = b"a.txt\0stops".to_vec();
        whole.extend(b"b.txt\0");
        whole.extend(&big);
        assert_eq!(super::sha256_path(dir.path()).unwrap(), hex(&whole));
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
