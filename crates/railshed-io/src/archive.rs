//! Reading the files of a timetable: a zip archive or a folder.
//!
//! Feeds are found by file name alone, whatever folder inside the archive
//! they sit in, case-insensitively; a name that two entries share is an
//! error rather than a guess.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::Error;

/// A zip archive or a folder of files.
pub(crate) struct Archive {
    /// The path as given, for messages.
    pub(crate) path: PathBuf,
    kind: Kind,
    /// Entry names (full paths inside the archive or folder), in order.
    entries: Vec<String>,
}

enum Kind {
    Zip(zip::ZipArchive<File>),
    Dir,
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
        let file = File::open(path).map_err(io)?;
        let zip = zip::ZipArchive::new(file).map_err(|e| {
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
        Ok(Archive { path: path.to_owned(), kind: Kind::Zip(zip), entries })
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
            Kind::Zip(zip) => {
                let bad = |e: &dyn std::fmt::Display| {
                    Error::invalid(label.clone(), "", "", format!("cannot be read from the archive ({e})"))
                };
                let mut file = zip.by_name(entry).map_err(|e| bad(&e))?;
                let mut bytes = Vec::with_capacity(file.size().min(1 << 28) as usize);
                file.read_to_end(&mut bytes).map_err(|e| bad(&e))?;
                Ok(bytes)
            }
        }
    }
}

/// The last component of an entry path.
fn base_name(entry: &str) -> &str {
    entry.rsplit(['/', '\\']).next().unwrap_or(entry)
}

/// A path for messages.
pub(crate) fn display(path: &Path) -> String {
    path.display().to_string()
}
