//! One GTFS file as a CSV table, with errors that name the file, the line
//! and the field.
//!
//! Real feeds carry a UTF-8 byte-order mark, CRLF line ends, quoted fields,
//! spaces around values and headers, extra columns and short rows; all are
//! accepted. A column the importer needs that is missing is an error naming
//! the header line.

use csv::StringRecord;
use serde::Deserialize;

use crate::Error;
use crate::archive::Archive;

/// A file of a feed, read into memory.
pub(crate) struct Table {
    /// `feed.zip/stops.txt`, for messages.
    pub(crate) label: String,
    data: Vec<u8>,
}

/// Reading the rows of a [`Table`].
pub(crate) struct Rows<'a> {
    table: &'a Table,
    reader: csv::Reader<&'a [u8]>,
    headers: StringRecord,
}

impl Table {
    /// The file `name` of the feed, if present.
    pub(crate) fn load(archive: &mut Archive, name: &str) -> Result<Option<Table>, Error> {
        let Some(entry) = archive.find(name)? else { return Ok(None) };
        let label = archive.label(&entry);
        let mut data = archive.read(&entry)?;
        if data.starts_with(b"\xEF\xBB\xBF") {
            data.drain(..3);
        }
        Ok(Some(Table { label, data }))
    }

    /// The file `name`, which the feed must have.
    pub(crate) fn require(archive: &mut Archive, name: &str) -> Result<Table, Error> {
        Table::load(archive, name)?.ok_or_else(|| {
            Error::invalid(
                crate::archive::display(&archive.path),
                "",
                "",
                format!("missing required file {name}"),
            )
        })
    }

    /// The rows, after checking the header has every column in `required`.
    pub(crate) fn rows(&self, required: &[&str]) -> Result<Rows<'_>, Error> {
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(self.data.as_slice());
        let headers = reader.headers().map_err(|e| self.csv_error(&e))?.clone();
        for col in required {
            if !headers.iter().any(|h| h == *col) {
                return Err(Error::invalid(&self.label, "line 1", "", format!("missing column {col}")));
            }
        }
        Ok(Rows { table: self, reader, headers })
    }

    fn csv_error(&self, e: &csv::Error) -> Error {
        let line = e.position().map_or_else(|| "line 1".to_owned(), |p| format!("line {}", p.line()));
        Error::invalid(&self.label, line, "", e.to_string())
    }
}

impl Rows<'_> {
    /// Reads the next row into `rec`; false at the end.
    pub(crate) fn next(&mut self, rec: &mut StringRecord) -> Result<bool, Error> {
        self.reader.read_record(rec).map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { pos, err } => Error::invalid(
                &self.table.label,
                format!("line {}", pos.as_ref().map_or(0, |p| p.line())),
                field_label(self.headers.get(err.field()).unwrap_or("?")),
                "is not UTF-8 text",
            ),
            _ => self.table.csv_error(&e),
        })
    }

    /// The row as a `T`, fields matched by column name.
    pub(crate) fn de<'r, T: Deserialize<'r>>(&'r self, rec: &'r StringRecord) -> Result<T, Error> {
        rec.deserialize(Some(&self.headers)).map_err(|e| {
            let (field, message) = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    (err.field().and_then(|i| self.headers.get(i as usize)), err.kind().to_string())
                }
                _ => (None, e.to_string()),
            };
            self.error(rec, field.unwrap_or(""), message)
        })
    }

    /// An error at this row, in `field` (empty: the row as a whole), naming
    /// the row's object (`trip "T1"`) unless the message already does.
    pub(crate) fn error(&self, rec: &StringRecord, field: &str, message: impl Into<String>) -> Error {
        let message = message.into();
        let mut object = self.object(rec).filter(|(_, id)| !message.contains(&format!("{id:?}")));
        let object = match (object.take(), field_label(field)) {
            (Some((kind, id)), f) if f.is_empty() => format!("{kind} {id:?}"),
            (Some((kind, id)), f) => format!("{kind} {id:?}, {f}"),
            (None, f) => f,
        };
        Error::invalid(&self.table.label, line_of(rec), object, message)
    }

    /// What a row of this file describes, by its key column.
    fn object<'r>(&self, rec: &'r StringRecord) -> Option<(&'static str, &'r str)> {
        let file = self.table.label.rsplit(['/', '\\']).next().unwrap_or_default().to_ascii_lowercase();
        let (kind, column) = match file.as_str() {
            "stops.txt" => ("stop", "stop_id"),
            "routes.txt" => ("route", "route_id"),
            "trips.txt" | "stop_times.txt" | "frequencies.txt" => ("trip", "trip_id"),
            "calendar.txt" | "calendar_dates.txt" => ("service", "service_id"),
            "transfers.txt" => ("stop", "from_stop_id"),
            "agency.txt" => ("agency", "agency_id"),
            _ => return None,
        };
        let i = self.headers.iter().position(|h| h == column)?;
        rec.get(i).filter(|v| !v.is_empty()).map(|v| (kind, v))
    }
}

/// `line N` of a record.
pub(crate) fn line_of(rec: &StringRecord) -> String {
    format!("line {}", rec.position().map_or(0, |p| p.line()))
}

fn field_label(field: &str) -> String {
    if field.is_empty() { String::new() } else { format!("field {field}") }
}

/// A value that must be present and non-empty.
pub(crate) fn required<'r>(
    rows: &Rows<'_>,
    rec: &StringRecord,
    field: &str,
    v: Option<&'r str>,
) -> Result<&'r str, Error> {
    match v {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(rows.error(rec, field, "is empty")),
    }
}

/// A small non-negative integer field; `None` when empty.
pub(crate) fn uint(
    rows: &Rows<'_>,
    rec: &StringRecord,
    field: &str,
    v: Option<&str>,
) -> Result<Option<u32>, Error> {
    match v {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<u32>()
            .map(Some)
            .map_err(|_| rows.error(rec, field, format!("{s:?} is not a whole number"))),
    }
}

/// A decimal field; `None` when empty.
pub(crate) fn float(
    rows: &Rows<'_>,
    rec: &StringRecord,
    field: &str,
    v: Option<&str>,
) -> Result<Option<f64>, Error> {
    match v {
        None | Some("") => Ok(None),
        Some(s) => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(rows.error(rec, field, format!("{s:?} is not a number"))),
        },
    }
}
