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
            return Ok(Archive { path: path.to_owned(), kind: Kind::Dir, entries });
        }
        let (zip, entries) = open_zip(path, File::open(path).map_err(io)?)?;
        Ok(Archive { path: path.to_owned(), kind: Kind::Zip(zip), entries })
    }

    /// A zip archive held in memory, called `name` in messages.
    pub(crate) fn from_zip_bytes(name: &str, bytes: Vec<u8>) -> Result<Archive, Error> {
        let path = PathBuf::from(name);
        let (zip, entries) = open_zip(&path, Cursor::new(bytes))?;
        Ok(Archive { path, kind: Kind::ZipBytes(zip), entries })
    }

    /// Files held in memory, (name, content), as an archive called `name`.
    pub(crate) fn from_files(name: &str, files: Vec<(String, Vec<u8>)>) -> Archive {
        let (entries, contents) = files.into_iter().unzip();
        Archive { path: PathBuf::from(name), kind: Kind::Files(contents), entries }
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

    /// The bytes of an entry.
    pub(crate) fn read(&mut self, entry: &str) -> Result<Vec<u8>, Error> {
        let label = self.label(entry);
        match &mut self.kind {
            Kind::Dir => {
                let path = self.path.join(entry);
                std::fs::read(&path).map_err(|source| Error::Io { path, error: source })
            }
            Kind::Zip(zip) => read_zip(zip, entry, &label),
            Kind::ZipBytes(zip) => read_zip(zip, entry, &label),
            Kind::Files(contents) => {
                let i = self
                    .entries
                    .iter()
                    .position(|e| e == entry)
                    .ok_or_else(|| Error::invalid(label, "", "", "no such file"))?;
                Ok(contents[i].clone())
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
) -> Result<Vec<u8>, Error> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::invalid(label, "", "", format!("cannot be read from the archive ({e})"))
    };
    let mut file = zip.by_name(entry).map_err(|e| bad(&e))?;
    let mut bytes = Vec::with_capacity(file.size().min(1 << 28) as usize);
    file.read_to_end(&mut bytes).map_err(|e| bad(&e))?;
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
