//! The folder of a sharded run: listing its files and reading them whole.
//!
//! Every shard writes its part and its manifest into one folder (each file
//! atomically, see [`crate::atomic`]); `railshed merge` lists the folder and
//! reads them back.

use std::path::Path;

use crate::Error;

/// The largest part or manifest read: 2 GiB (a part of the zones of
/// England and Wales in one piece is about 40 MiB).
pub const MAX_PART_BYTES: u64 = 2 << 30;

/// The names of the files in `dir`, sorted; hidden entries (temporary files
/// of writes under way start with a dot) are left out.
pub fn list(dir: &Path) -> Result<Vec<String>, Error> {
    let io = |error| Error::Io { path: dir.to_owned(), error };
    let meta = std::fs::metadata(dir).map_err(io)?;
    if !meta.is_dir() {
        return Err(Error::invalid(
            dir.display().to_string(),
            "",
            "",
            "is not a folder of parts: give the folder the shards wrote",
        ));
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let name = entry.map_err(io)?.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Reads a file whole, refusing one larger than [`MAX_PART_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |error| Error::Io { path: path.to_owned(), error };
    crate::regular_file(path)?;
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_PART_BYTES {
        return Err(crate::too_large(&path.display().to_string(), size, MAX_PART_BYTES));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_PART_BYTES + 1), &mut bytes).map_err(io)?;
    Ok(bytes)
}
