//! Column tables as CSV or Parquet: the zone × hub table of `compare`, and
//! the per-zone part files of sharded runs.
//!
//! A [`Table`] is a list of named columns of one kind each: whole numbers,
//! text, or numbers that may be missing. It is written as CSV (RFC 4180 by
//! the `csv` crate; numbers printed so that they read back exactly, a
//! missing number empty) or as Parquet (feature `parquet`: plain Parquet 1
//! with no compression, one row group, readable by DuckDB, pyarrow and
//! polars without options). Both are deterministic: the same table gives the
//! same bytes (Parquet's `created_by` is a fixed string, and no time is
//! written). Which one is chosen by the extension of the path
//! ([`TableFormat::of`]).

use crate::Error;

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Whole numbers (Parquet `INT64`).
    Int(Vec<i64>),
    /// Text (Parquet `BYTE_ARRAY`, UTF-8).
    Text(Vec<String>),
    /// Numbers, `None` where missing (Parquet optional `DOUBLE`).
    Float(Vec<Option<f64>>),
}

/// The kind of a column, for reading a table back.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// [`Column::Int`].
    Int,
    /// [`Column::Text`].
    Text,
    /// [`Column::Float`].
    Float,
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::Text(v) => v.len(),
            Column::Float(v) => v.len(),
        }
    }

    /// What the column holds.
    pub fn kind(&self) -> Kind {
        match self {
            Column::Int(_) => Kind::Int,
            Column::Text(_) => Kind::Text,
            Column::Float(_) => Kind::Float,
        }
    }

    fn empty(kind: Kind) -> Column {
        match kind {
            Kind::Int => Column::Int(Vec::new()),
            Kind::Text => Column::Text(Vec::new()),
            Kind::Float => Column::Float(Vec::new()),
        }
    }

    /// Row `i` as CSV text.
    fn cell(&self, i: usize) -> String {
        match self {
            Column::Int(v) => v[i].to_string(),
            Column::Text(v) => v[i].clone(),
            // Rust prints the shortest text that reads back as the same number.
            Column::Float(v) => v[i].map_or(String::new(), |x| x.to_string()),
        }
    }
}

/// Named columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The columns' names and values, in order.
    pub columns: Vec<(String, Column)>,
}

/// How a table is written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// CSV.
    Csv,
    /// Parquet.
    Parquet,
}

impl TableFormat {
    /// Parquet for a path ending in `.parquet`, CSV otherwise.
    pub fn of(path: &std::path::Path) -> TableFormat {
        match path.extension().and_then(|x| x.to_str()) {
            Some(x) if x.eq_ignore_ascii_case("parquet") => TableFormat::Parquet,
            _ => TableFormat::Csv,
        }
    }

    /// The file extension: `csv` or `parquet`.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }
}

impl Table {
    /// A table with these columns (all of the same length).
    pub fn new(columns: Vec<(&str, Column)>) -> Table {
        let n = columns.first().map_or(0, |(_, c)| c.len());
        assert!(columns.iter().all(|(_, c)| c.len() == n), "columns of one length");
        Table { columns: columns.into_iter().map(|(name, c)| (name.to_owned(), c)).collect() }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The table in `format`.
    pub fn to_bytes(&self, format: TableFormat) -> Result<Vec<u8>, Error> {
        match format {
            TableFormat::Csv => Ok(self.to_csv().into_bytes()),
            TableFormat::Parquet => self.to_parquet(),
        }
    }

    /// Reads a table written by [`Table::to_bytes`] in `format` from the
    /// bytes of `file`, checking it has the columns of `schema`, in order.
    pub fn from_bytes(
        file: &str,
        bytes: &[u8],
        format: TableFormat,
        schema: &[(&str, Kind)],
    ) -> Result<Table, Error> {
        match format {
            TableFormat::Csv => Table::from_csv(file, bytes, schema),
            TableFormat::Parquet => Table::from_parquet(file, bytes, schema),
        }
    }

    /// The table as CSV: a header, then one line per row.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|(n, _)| n)).expect("writing to memory");
        for i in 0..self.rows() {
            w.write_record(self.columns.iter().map(|(_, c)| c.cell(i))).expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 fields")
    }

    /// Reads a CSV table with the columns of `schema`.
    pub fn from_csv(file: &str, bytes: &[u8], schema: &[(&str, Kind)]) -> Result<Table, Error> {
        let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let header = r.headers().map_err(|e| Error::invalid(file, "line 1", "", e.to_string()))?.clone();
        let names: Vec<&str> = header.iter().collect();
        let want: Vec<&str> = schema.iter().map(|(n, _)| *n).collect();
        if names != want {
            return Err(Error::invalid(
                file,
                "line 1",
                "",
                format!("columns {} where {} were expected", names.join(","), want.join(",")),
            ));
        }
        let mut columns: Vec<Column> = schema.iter().map(|&(_, k)| Column::empty(k)).collect();
        for (row, record) in r.records().enumerate() {
            let line = format!("line {}", row + 2);
            let record = record.map_err(|e| Error::invalid(file, &line, "", e.to_string()))?;
            if record.len() != schema.len() {
                return Err(Error::invalid(
                    file,
                    &line,
                    "",
                    format!("{} fields, not {}", record.len(), schema.len()),
                ));
            }
            for ((col, field), (name, _)) in columns.iter_mut().zip(record.iter()).zip(schema) {
                let bad = || {
                    Error::invalid(
                        file,
                        &line,
                        format!("column {name}"),
                        format!("{field:?} is not a number"),
                    )
                };
                match col {
                    Column::Int(v) => v.push(field.parse().map_err(|_| bad())?),
                    Column::Text(v) => v.push(field.to_owned()),
                    Column::Float(v) => {
                        v.push(if field.is_empty() { None } else { Some(field.parse().map_err(|_| bad())?) })
                    }
                }
            }
        }
        Ok(Table { columns: schema.iter().map(|(n, _)| n.to_string()).zip(columns).collect() })
    }

    #[cfg(not(feature = "parquet"))]
    fn to_parquet(&self) -> Result<Vec<u8>, Error> {
        Err(no_parquet())
    }

    #[cfg(not(feature = "parquet"))]
    fn from_parquet(_file: &str, _bytes: &[u8], _schema: &[(&str, Kind)]) -> Result<Table, Error> {
        Err(no_parquet())
    }

    /// The table as a Parquet file: one row group, no compression, the
    /// writer named `railshed` (a fixed string, so the bytes do not depend
    /// on the version of the `parquet` crate that wrote them).
    #[cfg(feature = "parquet")]
    fn to_parquet(&self) -> Result<Vec<u8>, Error> {
        pq::write(self).map_err(|e| Error::invalid("", "", "Parquet", e.to_string()))
    }

    #[cfg(feature = "parquet")]
    fn from_parquet(file: &str, bytes: &[u8], schema: &[(&str, Kind)]) -> Result<Table, Error> {
        pq::read(file, bytes, schema)
    }
}

#[cfg(not(feature = "parquet"))]
fn no_parquet() -> Error {
    Error::invalid(
        "",
        "",
        "",
        "Parquet: this railshed was built without Parquet support (build it with the `parquet` feature); name a .csv file",
    )
}

#[cfg(feature = "parquet")]
mod pq {
    use std::sync::Arc;

    use parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::file::writer::SerializedFileWriter;
    use parquet::record::Field;
    use parquet::schema::types::Type;

    use super::{Column, Kind, Table};
    use crate::Error;

    pub(super) fn write(t: &Table) -> parquet::errors::Result<Vec<u8>> {
        let fields = t
            .columns
            .iter()
            .map(|(name, c)| {
                let b = match c {
                    Column::Int(_) => Type::primitive_type_builder(name, Physical::INT64)
                        .with_repetition(Repetition::REQUIRED),
                    Column::Text(_) => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                        .with_repetition(Repetition::REQUIRED)
                        .with_logical_type(Some(LogicalType::String))
                        .with_converted_type(ConvertedType::UTF8),
                    Column::Float(_) => Type::primitive_type_builder(name, Physical::DOUBLE)
                        .with_repetition(Repetition::OPTIONAL),
                };
                b.build().map(Arc::new)
            })
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build()?);
        let props = WriterProperties::builder()
            .set_created_by("railshed".to_owned())
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_max_row_group_row_count(Some(t.rows().max(1)))
            .build();
        let mut out = Vec::new();
        let mut w = SerializedFileWriter::new(&mut out, schema, Arc::new(props))?;
        let mut rg = w.next_row_group()?;
        let mut columns = t.columns.iter();
        while let Some(mut cw) = rg.next_column()? {
            let (_, c) = columns.next().expect("a column per field");
            match c {
                Column::Int(v) => {
                    cw.typed::<Int64Type>().write_batch(v, None, None)?;
                }
                Column::Text(v) => {
                    let values: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                    cw.typed::<ByteArrayType>().write_batch(&values, None, None)?;
                }
                Column::Float(v) => {
                    let values: Vec<f64> = v.iter().flatten().copied().collect();
                    let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    cw.typed::<DoubleType>().write_batch(&values, Some(&levels), None)?;
                }
            }
            cw.close()?;
        }
        rg.close()?;
        w.close()?;
        Ok(out)
    }

    pub(super) fn read(file: &str, bytes: &[u8], schema: &[(&str, Kind)]) -> Result<Table, Error> {
        let bad =
            |what: String| Error::invalid(file, "", "", format!("not a railshed Parquet table: {what}"));
        let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes))
            .map_err(|e| bad(e.to_string()))?;
        let names: Vec<String> = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        let want: Vec<&str> = schema.iter().map(|(n, _)| *n).collect();
        if names != want {
            return Err(bad(format!("columns {} where {} were expected", names.join(","), want.join(","))));
        }
        let mut columns: Vec<Column> = schema.iter().map(|&(_, k)| Column::empty(k)).collect();
        for (i, row) in reader.get_row_iter(None).map_err(|e| bad(e.to_string()))?.enumerate() {
            let row = row.map_err(|e| bad(format!("row {i}: {e}")))?;
            for (c, ((name, field), col)) in row.get_column_iter().zip(columns.iter_mut()).enumerate() {
                let wrong =
                    || bad(format!("row {i}: column {name}: {field} is not of kind {:?}", schema[c].1));
                match (col, field) {
                    (Column::Int(v), Field::Long(x)) => v.push(*x),
                    (Column::Text(v), Field::Str(s)) => v.push(s.clone()),
                    (Column::Float(v), Field::Double(x)) => v.push(Some(*x)),
                    (Column::Float(v), Field::Null) => v.push(None),
                    _ => return Err(wrong()),
                }
            }
        }
        Ok(Table { columns: schema.iter().map(|(n, _)| n.to_string()).zip(columns).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table::new(vec![
            ("zone", Column::Int(vec![0, 1, 2])),
            ("name", Column::Text(vec!["Leeds 001".into(), "a,\"b\"".into(), String::new()])),
            ("minutes", Column::Float(vec![Some(0.1 + 0.2), None, Some(-1.5e-7)])),
        ])
    }

    const SCHEMA: &[(&str, Kind)] = &[("zone", Kind::Int), ("name", Kind::Text), ("minutes", Kind::Float)];

    fn check(format: TableFormat) {
        let t = sample();
        let bytes = t.to_bytes(format).unwrap();
        assert_eq!(bytes, t.to_bytes(format).unwrap(), "deterministic");
        let back = Table::from_bytes("t", &bytes, format, SCHEMA).unwrap();
        assert_eq!(back, t);
        assert_eq!(
            back.columns.iter().map(|(_, c)| c.kind()).collect::<Vec<_>>(),
            [Kind::Int, Kind::Text, Kind::Float]
        );
    }

    #[test]
    fn csv_reads_back_exactly() {
        check(TableFormat::Csv);
        assert_eq!(
            sample().to_csv(),
            "zone,name,minutes\n0,Leeds 001,0.30000000000000004\n1,\"a,\"\"b\"\"\",\n2,,-0.00000015\n"
        );
    }

    #[test]
    fn csv_with_other_columns_is_refused() {
        let err = Table::from_csv("t.csv", b"zone,minutes\n1,2\n", SCHEMA).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv: line 1: columns zone,minutes where zone,name,minutes were expected"
        );
        let err = Table::from_csv("t.csv", b"zone,name,minutes\nx,a,1\n", SCHEMA).unwrap_err();
        assert_eq!(err.to_string(), "t.csv: line 2: column zone: \"x\" is not a number");
    }

    #[test]
    fn format_by_extension() {
        assert_eq!(TableFormat::of("a/b.parquet".as_ref()), TableFormat::Parquet);
        assert_eq!(TableFormat::of("a/b.PARQUET".as_ref()), TableFormat::Parquet);
        assert_eq!(TableFormat::of("a/b.csv".as_ref()), TableFormat::Csv);
        assert_eq!(TableFormat::of("a/b".as_ref()), TableFormat::Csv);
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_reads_back_exactly() {
        check(TableFormat::Parquet);
        let bytes = sample().to_parquet().unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert!(bytes.windows(8).any(|w| w == b"railshed"), "fixed created_by");
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_with_other_columns_is_refused() {
        let bytes = sample().to_parquet().unwrap();
        let err = Table::from_bytes("t.parquet", &bytes, TableFormat::Parquet, &SCHEMA[..2]).unwrap_err();
        assert!(err.to_string().starts_with("t.parquet: not a railshed Parquet table: columns"), "{err}");
        let err = Table::from_bytes("t.parquet", b"PAR1 nonsense", TableFormat::Parquet, SCHEMA).unwrap_err();
        assert!(err.to_string().starts_with("t.parquet: not a railshed Parquet table"), "{err}");
    }
}
