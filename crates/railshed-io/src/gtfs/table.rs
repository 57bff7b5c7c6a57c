//! One GTFS file as a CSV table, with errors that name the file, the line
//! and the field.
//!
//! Real feeds carry a UTF-8 byte-order mark, CRLF line ends, quoted fields,
//! spaces around values and headers, extra columns and short rows; all are
//! accepted. A column the importer needs that is missing is an error naming
//! the header line.

use std::io::Read;

use csv::StringRecord;
use serde::Deserialize;

use crate::Error;
use crate::archive::Archive;

/// A file of a feed, read as a stream: rows are parsed as they are read,
/// so memory grows with what the importer keeps, not with the file.
pub(crate) struct Table<'a> {
    /// `feed.zip/stops.txt`, for messages.
    pub(crate) label: String,
    reader: Box<dyn Read + 'a>,
}

/// Reading the rows of a [`Table`].
pub(crate) struct Rows<'a> {
    label: String,
    reader: csv::Reader<Box<dyn Read + 'a>>,
    headers: StringRecord,
}

/// Where a feed's files are: found before any is read, so a missing
/// required file is reported first, then opened one at a time.
pub(crate) fn entry(archive: &Archive, name: &str) -> Result<Option<String>, Error> {
    archive.find(name)
}

/// The entry for `name`, which the feed must have.
pub(crate) fn required_entry(archive: &Archive, name: &str) -> Result<String, Error> {
    archive.find(name)?.ok_or_else(|| {
        Error::invalid(
            crate::archive::display(&archive.path),
            "",
            "",
            format!("missing required file {name}"),
        )
    })
}

impl Table<'_> {
    /// Opens the entry `entry` (from [`entry`] or [`required_entry`]).
    pub(crate) fn open<'a>(archive: &'a mut Archive, entry: &str) -> Result<Table<'a>, Error> {
        let label = archive.label(entry);
        let reader = archive.stream(entry)?;
        Ok(Table { label, reader })
    }
}

impl<'a> Table<'a> {
    /// The rows, after checking the header has every column in `required`.
    pub(crate) fn rows(self, required: &[&str]) -> Result<Rows<'a>, Error> {
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(self.reader);
        let label = self.label;
        let headers = reader.headers().map_err(|e| csv_error(&label, e))?.clone();
        for col in required {
            if !headers.iter().any(|h| h == *col) {
                return Err(Error::invalid(&label, "line 1", "", format!("missing column {col}")));
            }
        }
        Ok(Rows { label, reader, headers })
    }
}

/// An error of the CSV reader: a read past a limit or a failed read, or
/// malformed CSV at a line.
fn csv_error(label: &str, e: csv::Error) -> Error {
    let line = e.position().map_or_else(|| "line 1".to_owned(), |p| format!("line {}", p.line()));
    let message = crate::elide(&e.to_string(), 200).into_owned();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => crate::archive::stream_error(label, io),
        _ => Error::invalid(label, line, "", message),
    }
}

impl Rows<'_> {
    /// Reads the next row into `rec`; false at the end.
    pub(crate) fn next(&mut self, rec: &mut StringRecord) -> Result<bool, Error> {
        self.reader.read_record(rec).map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { pos, err } => Error::invalid(
                &self.label,
                format!("line {}", pos.as_ref().map_or(0, |p| p.line())),
                field_label(&crate::elide(self.headers.get(err.field()).unwrap_or("?"), 60)),
                "is not UTF-8 text",
            ),
            _ => csv_error(&self.label, e),
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
        // Values are quoted short where messages are built; this bounds
        // any built elsewhere (a time's own parse error quotes it whole).
        let message = crate::elide(&message.into(), 240).into_owned();
        let mut object = self.object(rec).filter(|(_, id)| !message.contains(&quoted(id)));
        let object = match (object.take(), field_label(field)) {
            (Some((kind, id)), f) if f.is_empty() => format!("{kind} {}", quoted(id)),
            (Some((kind, id)), f) => format!("{kind} {}, {f}", quoted(id)),
            (None, f) => f,
        };
        Error::invalid(&self.label, line_of(rec), object, message)
    }

    /// What a row of this file describes, by its key column.
    fn object<'r>(&self, rec: &'r StringRecord) -> Option<(&'static str, &'r str)> {
        let file = self.label.rsplit(['/', '\\']).next().unwrap_or_default().to_ascii_lowercase();
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

/// A value of the feed quoted for a message, a long middle elided: a
/// field may be as long as the file, a message never more than a line.
pub(crate) fn quoted(v: &str) -> String {
    format!("{:?}", crate::elide(v, 60))
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
            .map_err(|_| rows.error(rec, field, format!("{} is not a whole number", quoted(s)))),
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
            _ => Err(rows.error(rec, field, format!("{} is not a number", quoted(s)))),
        },
    }
}
