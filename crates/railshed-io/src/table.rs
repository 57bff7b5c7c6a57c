//! Column tables as CSV or Parquet: the zone × hub table of `compare`, and
//! the per-zone part files of sharded runs.
//!
//! A [`Table`] is a list of named columns of one kind each: whole numbers,
//! text, or numbers that may be missing. It is written as CSV (RFC 4180 by
//! the `csv` crate; numbers printed so that they read back exactly, a
//! missing number empty) or as Parquet (feature `parquet`: plain Parquet 1
//! with no compression, row groups of [`ROW_GROUP_ROWS`] rows, readable by
//! DuckDB, pyarrow and polars without options). Both are deterministic: the
//! same rows give the same bytes (Parquet's `created_by` is a fixed string,
//! no time is written, and row groups are cut at fixed row numbers, so a
//! table written whole and one written in pieces by a [`ParquetWriter`] are
//! the same file). Which one is chosen by the extension of the path
//! ([`TableFormat::of`]).

use std::io::Write;
use std::ops::Range;

use crate::Error;

/// The rows of a Parquet row group: a Parquet table is cut into row groups
/// of this many rows, the last one shorter (one row group, possibly empty,
/// for a table no longer than this). A writer holds at most one row group
/// in memory, and readers of the file can read it a row group at a time.
pub const ROW_GROUP_ROWS: usize = 1 << 18;

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

    /// Moves the rows of `other` (of the same kind) to the end of this
    /// column; `false`, and nothing moved, when the kinds differ.
    fn append(&mut self, other: Column) -> bool {
        match (self, other) {
            (Column::Int(a), Column::Int(b)) => a.extend(b),
            (Column::Text(a), Column::Text(b)) => a.extend(b),
            (Column::Float(a), Column::Float(b)) => a.extend(b),
            _ => return false,
        }
        true
    }

    /// Removes the first `n` rows.
    fn drop_front(&mut self, n: usize) {
        match self {
            Column::Int(v) => drop(v.drain(..n)),
            Column::Text(v) => drop(v.drain(..n)),
            Column::Float(v) => drop(v.drain(..n)),
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

    /// The names and kinds of the columns, in order.
    pub fn schema(&self) -> Vec<(&str, Kind)> {
        self.columns.iter().map(|(n, c)| (n.as_str(), c.kind())).collect()
    }

    /// Calls `f` with each row group of the Parquet table in the bytes of
    /// `file` (written by [`Table::to_bytes`] or a [`ParquetWriter`]), in
    /// order, after checking it has the columns of `schema`: a large file
    /// is read without holding all its rows at once.
    pub fn for_each_parquet_row_group(
        file: &str,
        bytes: &[u8],
        schema: &[(&str, Kind)],
        f: &mut dyn FnMut(Table) -> Result<(), Error>,
    ) -> Result<(), Error> {
        #[cfg(feature = "parquet")]
        return pq::read_groups(file, bytes, schema, f);
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (file, bytes, schema, f);
            Err(no_parquet())
        }
    }

    /// The number of rows of each row group of the Parquet file in `bytes`,
    /// read from its footer (no rows are read).
    pub fn parquet_row_groups(file: &str, bytes: &[u8]) -> Result<Vec<usize>, Error> {
        #[cfg(feature = "parquet")]
        return pq::row_groups(file, bytes);
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (file, bytes);
            Err(no_parquet())
        }
    }

    /// The table as a Parquet file: what a [`ParquetWriter`] given all its
    /// rows writes.
    fn to_parquet(&self) -> Result<Vec<u8>, Error> {
        let mut w = ParquetWriter::new(Vec::new(), &self.schema())?;
        w.write_rows(self, 0..self.rows())?;
        w.finish()
    }

    fn from_parquet(file: &str, bytes: &[u8], schema: &[(&str, Kind)]) -> Result<Table, Error> {
        let mut columns: Vec<Column> = schema.iter().map(|&(_, k)| Column::empty(k)).collect();
        Table::for_each_parquet_row_group(file, bytes, schema, &mut |t| {
            for (acc, (_, c)) in columns.iter_mut().zip(t.columns) {
                acc.append(c);
            }
            Ok(())
        })?;
        Ok(Table { columns: schema.iter().map(|(n, _)| n.to_string()).zip(columns).collect() })
    }
}

/// A Parquet table written as its rows arrive: plain Parquet 1 with no
/// compression, the writer named `railshed` (a fixed string, so the bytes
/// do not depend on the version of the `parquet` crate that wrote them),
/// row groups of [`ROW_GROUP_ROWS`] rows. However the rows are handed to
/// it, the same rows give the same bytes, those of [`Table::to_bytes`]; it
/// holds at most one row group (and the file written so far, when writing
/// to memory).
pub struct ParquetWriter<W: Write + Send> {
    names: Vec<String>,
    /// Rows not yet written: fewer than a row group.
    pending: Vec<Column>,
    group_rows: usize,
    groups: usize,
    #[cfg(feature = "parquet")]
    file: parquet::file::writer::SerializedFileWriter<W>,
    #[cfg(not(feature = "parquet"))]
    _out: std::marker::PhantomData<W>,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer of a table with the columns of `schema` into `out`.
    pub fn new(out: W, schema: &[(&str, Kind)]) -> Result<ParquetWriter<W>, Error> {
        ParquetWriter::with_group_rows(out, schema, ROW_GROUP_ROWS)
    }

    fn with_group_rows(
        out: W,
        schema: &[(&str, Kind)],
        group_rows: usize,
    ) -> Result<ParquetWriter<W>, Error> {
        Ok(ParquetWriter {
            names: schema.iter().map(|(n, _)| n.to_string()).collect(),
            pending: schema.iter().map(|&(_, k)| Column::empty(k)).collect(),
            group_rows: group_rows.max(1),
            groups: 0,
            #[cfg(feature = "parquet")]
            file: pq::writer(out, schema).map_err(pq::error)?,
            #[cfg(not(feature = "parquet"))]
            _out: no_writer(out)?,
        })
    }

    /// Adds the rows of `t`, which has the writer's columns.
    pub fn push(&mut self, t: Table) -> Result<(), Error> {
        self.check(&t)?;
        for (acc, (_, c)) in self.pending.iter_mut().zip(t.columns) {
            acc.append(c);
        }
        let mut written = 0;
        let rows = self.pending.first().map_or(0, Column::len);
        while rows - written >= self.group_rows {
            self.write_group(None, written..written + self.group_rows)?;
            written += self.group_rows;
        }
        for c in &mut self.pending {
            c.drop_front(written);
        }
        Ok(())
    }

    /// Adds rows `rows` of `t`, which has the writer's columns, without
    /// taking `t`.
    pub fn write_rows(&mut self, t: &Table, rows: Range<usize>) -> Result<(), Error> {
        self.check(t)?;
        let mut at = rows.start;
        if self.pending.first().is_some_and(|c| c.len() == 0) {
            while rows.end - at >= self.group_rows {
                self.write_group(Some(t), at..at + self.group_rows)?;
                at += self.group_rows;
            }
        }
        if at < rows.end {
            let rest = Table {
                columns: t.columns.iter().map(|(n, c)| (n.clone(), c.slice(at..rows.end))).collect(),
            };
            self.push(rest)?;
        }
        Ok(())
    }

    /// Writes the rows left and the footer, and gives back the output.
    pub fn finish(mut self) -> Result<W, Error> {
        let rows = self.pending.first().map_or(0, Column::len);
        if rows > 0 || self.groups == 0 {
            self.write_group(None, 0..rows)?;
        }
        #[cfg(feature = "parquet")]
        return self.file.into_inner().map_err(pq::error);
        #[cfg(not(feature = "parquet"))]
        Err(no_parquet())
    }

    fn check(&self, t: &Table) -> Result<(), Error> {
        let same = t.columns.len() == self.names.len()
            && t.columns
                .iter()
                .zip(&self.names)
                .zip(&self.pending)
                .all(|(((n, c), name), p)| n == name && c.kind() == p.kind());
        if same {
            Ok(())
        } else {
            let names: Vec<&str> = t.columns.iter().map(|(n, _)| n.as_str()).collect();
            Err(Error::invalid(
                "",
                "",
                "Parquet",
                format!("rows with columns {} where {} were expected", names.join(","), self.names.join(",")),
            ))
        }
    }

    /// Writes rows `rows` of `t` (of the pending rows when `None`) as one
    /// row group.
    fn write_group(&mut self, t: Option<&Table>, rows: Range<usize>) -> Result<(), Error> {
        self.groups += 1;
        #[cfg(feature = "parquet")]
        {
            let columns: Vec<&Column> = match t {
                Some(t) => t.columns.iter().map(|(_, c)| c).collect(),
                None => self.pending.iter().collect(),
            };
            pq::write_group(&mut self.file, &columns, rows).map_err(pq::error)
        }
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (t, rows);
            Err(no_parquet())
        }
    }
}

impl Column {
    /// Rows `rows` as a new column.
    fn slice(&self, rows: Range<usize>) -> Column {
        match self {
            Column::Int(v) => Column::Int(v[rows].to_vec()),
            Column::Text(v) => Column::Text(v[rows].to_vec()),
            Column::Float(v) => Column::Float(v[rows].to_vec()),
        }
    }
}

#[cfg(not(feature = "parquet"))]
fn no_writer<W>(_out: W) -> Result<std::marker::PhantomData<W>, Error> {
    Err(no_parquet())
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
    use std::io::Write;
    use std::ops::Range;
    use std::sync::Arc;

    use parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
    use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;

    use super::{Column, Kind, ROW_GROUP_ROWS, Table};
    use crate::Error;

    pub(super) fn error(e: parquet::errors::ParquetError) -> Error {
        Error::invalid("", "", "Parquet", e.to_string())
    }

    pub(super) fn writer<W: Write + Send>(
        out: W,
        schema: &[(&str, Kind)],
    ) -> parquet::errors::Result<SerializedFileWriter<W>> {
        let fields = schema
            .iter()
            .map(|&(name, kind)| {
                let b = match kind {
                    Kind::Int => Type::primitive_type_builder(name, Physical::INT64)
                        .with_repetition(Repetition::REQUIRED),
                    Kind::Text => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                        .with_repetition(Repetition::REQUIRED)
                        .with_logical_type(Some(LogicalType::String))
                        .with_converted_type(ConvertedType::UTF8),
                    Kind::Float => Type::primitive_type_builder(name, Physical::DOUBLE)
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
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        SerializedFileWriter::new(out, schema, Arc::new(props))
    }

    /// Writes rows `rows` of `columns` as one row group.
    pub(super) fn write_group<W: Write + Send>(
        w: &mut SerializedFileWriter<W>,
        columns: &[&Column],
        rows: Range<usize>,
    ) -> parquet::errors::Result<()> {
        let mut rg = w.next_row_group()?;
        let mut columns = columns.iter();
        while let Some(mut cw) = rg.next_column()? {
            let c = columns.next().expect("a column per field");
            match c {
                Column::Int(v) => {
                    cw.typed::<Int64Type>().write_batch(&v[rows.clone()], None, None)?;
                }
                Column::Text(v) => {
                    let values: Vec<ByteArray> =
                        v[rows.clone()].iter().map(|s| ByteArray::from(s.as_str())).collect();
                    cw.typed::<ByteArrayType>().write_batch(&values, None, None)?;
                }
                Column::Float(v) => {
                    let v = &v[rows.clone()];
                    let values: Vec<f64> = v.iter().flatten().copied().collect();
                    let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    cw.typed::<DoubleType>().write_batch(&values, Some(&levels), None)?;
                }
            }
            cw.close()?;
        }
        rg.close()?;
        Ok(())
    }

    /// The `rows` values of one column chunk, as a column of `kind`.
    fn read_column(reader: ColumnReader, kind: Kind, rows: usize) -> Result<Column, String> {
        /// Reads all `rows` records: values, and definition levels when the
        /// column may be missing.
        fn all<T: parquet::data_type::DataType>(
            mut r: ColumnReaderImpl<T>,
            rows: usize,
            levels: Option<&mut Vec<i16>>,
        ) -> Result<Vec<T::T>, String> {
            let mut values = Vec::with_capacity(rows);
            let mut levels = levels;
            let mut read = 0;
            while read < rows {
                let (records, _, _) = r
                    .read_records(rows - read, levels.as_deref_mut(), None, &mut values)
                    .map_err(|e| e.to_string())?;
                if records == 0 {
                    return Err(format!("{read} rows where the row group has {rows}"));
                }
                read += records;
            }
            Ok(values)
        }
        let required = |n: usize| {
            if n == rows { Ok(()) } else { Err(format!("{n} values for {rows} rows: missing values")) }
        };
        match (reader, kind) {
            (ColumnReader::Int64ColumnReader(r), Kind::Int) => {
                let v = all(r, rows, None)?;
                required(v.len())?;
                Ok(Column::Int(v))
            }
            (ColumnReader::ByteArrayColumnReader(r), Kind::Text) => {
                let v = all(r, rows, None)?;
                required(v.len())?;
                let text = v
                    .iter()
                    .map(|b| b.as_utf8().map(str::to_owned).map_err(|e| e.to_string()))
                    .collect::<Result<Vec<String>, String>>()?;
                Ok(Column::Text(text))
            }
            (ColumnReader::DoubleColumnReader(r), Kind::Float) => {
                let mut levels = Vec::with_capacity(rows);
                let values = all(r, rows, Some(&mut levels))?;
                if levels.is_empty() {
                    // A column that cannot be missing has no levels.
                    required(values.len())?;
                    return Ok(Column::Float(values.into_iter().map(Some).collect()));
                }
                if levels.len() != rows || levels.iter().filter(|&&l| l > 0).count() != values.len() {
                    return Err(format!(
                        "{} levels and {} values for {rows} rows",
                        levels.len(),
                        values.len()
                    ));
                }
                let mut values = values.into_iter();
                Ok(Column::Float(levels.iter().map(|&l| if l > 0 { values.next() } else { None }).collect()))
            }
            (_, kind) => Err(format!("not of kind {kind:?}")),
        }
    }

    pub(super) fn row_groups(file: &str, bytes: &[u8]) -> Result<Vec<usize>, Error> {
        let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes))
            .map_err(|e| Error::invalid(file, "", "", format!("not a railshed Parquet table: {e}")))?;
        Ok(reader.metadata().row_groups().iter().map(|g| g.num_rows().max(0) as usize).collect())
    }

    pub(super) fn read_groups(
        file: &str,
        bytes: &[u8],
        schema: &[(&str, Kind)],
        f: &mut dyn FnMut(Table) -> Result<(), Error>,
    ) -> Result<(), Error> {
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
        for g in 0..reader.num_row_groups() {
            let group = reader.get_row_group(g).map_err(|e| bad(e.to_string()))?;
            let rows = usize::try_from(group.metadata().num_rows()).map_err(|e| bad(e.to_string()))?;
            let mut columns = Vec::with_capacity(schema.len());
            for (c, &(name, kind)) in schema.iter().enumerate() {
                let reader = group.get_column_reader(c).map_err(|e| bad(e.to_string()))?;
                let column = read_column(reader, kind, rows)
                    .map_err(|e| bad(format!("row group {g}: column {name}: {e}")))?;
                columns.push((name.to_owned(), column));
            }
            f(Table { columns })?;
        }
        Ok(())
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

    /// Ten rows, the first nine of which are three copies of the sample.
    #[cfg(feature = "parquet")]
    fn ten() -> Table {
        let s = sample();
        let mut t = Table::new(vec![
            ("zone", Column::Int(Vec::new())),
            ("name", Column::Text(Vec::new())),
            ("minutes", Column::Float(Vec::new())),
        ]);
        for _ in 0..3 {
            for (acc, (_, c)) in t.columns.iter_mut().zip(s.columns.clone()) {
                acc.1.append(c);
            }
        }
        for (acc, (_, c)) in t.columns.iter_mut().zip(sample().columns) {
            acc.1.append(c.slice(0..1));
        }
        t
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_is_the_same_however_its_rows_arrive() {
        let t = ten();
        assert_eq!(t.rows(), 10);
        // Row groups of three rows: the whole table at once, rows handed
        // over in pieces of other sizes, and a mix of both.
        let whole = {
            let mut w = ParquetWriter::with_group_rows(Vec::new(), &t.schema(), 3).unwrap();
            w.write_rows(&t, 0..10).unwrap();
            w.finish().unwrap()
        };
        for cuts in [vec![0, 1, 3, 7, 10], vec![0, 5, 10], vec![0, 10], vec![0, 2, 2, 4, 6, 8, 10]] {
            let mut pushed = ParquetWriter::with_group_rows(Vec::new(), &t.schema(), 3).unwrap();
            let mut mixed = ParquetWriter::with_group_rows(Vec::new(), &t.schema(), 3).unwrap();
            for (k, w) in cuts.windows(2).enumerate() {
                let piece = Table {
                    columns: t.columns.iter().map(|(n, c)| (n.clone(), c.slice(w[0]..w[1]))).collect(),
                };
                pushed.push(piece.clone()).unwrap();
                if k % 2 == 0 {
                    mixed.write_rows(&t, w[0]..w[1]).unwrap();
                } else {
                    mixed.push(piece).unwrap();
                }
            }
            assert_eq!(pushed.finish().unwrap(), whole, "{cuts:?}");
            assert_eq!(mixed.finish().unwrap(), whole, "{cuts:?}");
        }
        // Read a row group at a time: groups of 3, 3, 3 and 1 rows, which
        // are the table's rows in order.
        let mut sizes = Vec::new();
        let mut back = Table::new(t.schema().iter().map(|&(n, k)| (n, Column::empty(k))).collect());
        Table::for_each_parquet_row_group("t.parquet", &whole, SCHEMA, &mut |g| {
            sizes.push(g.rows());
            for (acc, (_, c)) in back.columns.iter_mut().zip(g.columns) {
                assert!(acc.1.append(c));
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(sizes, [3, 3, 3, 1]);
        assert_eq!(Table::parquet_row_groups("t.parquet", &whole).unwrap(), [3, 3, 3, 1]);
        assert_eq!(back, t);
        assert_eq!(Table::from_bytes("t.parquet", &whole, TableFormat::Parquet, SCHEMA).unwrap(), t);
        // With the default row groups, one group: the bytes of to_bytes.
        let mut w = ParquetWriter::new(Vec::new(), SCHEMA).unwrap();
        w.push(Table { columns: t.columns.iter().map(|(n, c)| (n.clone(), c.slice(0..4))).collect() })
            .unwrap();
        w.write_rows(&t, 4..10).unwrap();
        assert_eq!(w.finish().unwrap(), t.to_bytes(TableFormat::Parquet).unwrap());
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_writer_refuses_rows_of_other_columns_and_writes_empty_tables() {
        let mut w = ParquetWriter::new(Vec::new(), SCHEMA).unwrap();
        let err = w.push(Table::new(vec![("zone", Column::Int(vec![1]))])).unwrap_err();
        assert_eq!(err.to_string(), "Parquet: rows with columns zone where zone,name,minutes were expected");
        let swapped = Table::new(vec![
            ("zone", Column::Int(vec![1])),
            ("name", Column::Float(vec![None])),
            ("minutes", Column::Float(vec![None])),
        ]);
        assert!(w.write_rows(&swapped, 0..1).is_err());
        // Nothing was written: an empty table, as Table::to_bytes writes it.
        let empty = Table::new(SCHEMA.iter().map(|&(n, k)| (n, Column::empty(k))).collect());
        let bytes = w.finish().unwrap();
        assert_eq!(bytes, empty.to_bytes(TableFormat::Parquet).unwrap());
        assert_eq!(Table::from_bytes("t", &bytes, TableFormat::Parquet, SCHEMA).unwrap(), empty);
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_with_other_columns_is_refused() {
        let bytes = sample().to_parquet().unwrap();
        let err = Table::from_bytes("t.parquet", &bytes, TableFormat::Parquet, &SCHEMA[..2]).unwrap_err();
        assert!(err.to_string().starts_with("t.parquet: not a railshed Parquet table: columns"), "{err}");
        let kinds = [("zone", Kind::Int), ("name", Kind::Float), ("minutes", Kind::Float)];
        let err = Table::from_bytes("t.parquet", &bytes, TableFormat::Parquet, &kinds).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.parquet: not a railshed Parquet table: row group 0: column name: not of kind Float"
        );
        let err = Table::from_bytes("t.parquet", b"PAR1 nonsense", TableFormat::Parquet, SCHEMA).unwrap_err();
        assert!(err.to_string().starts_with("t.parquet: not a railshed Parquet table"), "{err}");
    }
}
