//! Tables handed to Python through the Arrow C data interface
//! (<https://arrow.apache.org/docs/format/CDataInterface.html>): a
//! [`Table`] of named columns (utf8, int32, int64, float64, bool, each
//! nullable) is exported as one struct array, the layout of a record batch,
//! which `pyarrow.record_batch` imports through the PyCapsule protocol
//! (`__arrow_c_array__`) without copying a cell or making a Python object
//! per cell.
//!
//! The exporter owns every buffer it hands out: the release callbacks free
//! them, and the consumer calls them once (or the capsule's destructor
//! does, when nobody imported it).

use std::ffi::{CString, c_char, c_void};
use std::ptr;

/// `struct ArrowSchema` of the C data interface.
#[repr(C)]
pub(crate) struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

/// `struct ArrowArray` of the C data interface.
#[repr(C)]
pub(crate) struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

/// `ARROW_FLAG_NULLABLE`.
const NULLABLE: i64 = 2;

/// The values of one column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    /// Strings: the end of each in `data`, and their bytes.
    Utf8 { ends: Vec<usize>, data: Vec<u8> },
    /// 32-bit integers.
    I32(Vec<i32>),
    /// 64-bit integers.
    I64(Vec<i64>),
    /// 64-bit floats.
    F64(Vec<f64>),
    /// Booleans.
    Bool(Vec<bool>),
}

/// A named column: its values and, for each row, whether it holds one
/// (a null's value is a placeholder).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Column {
    name: String,
    values: Values,
    valid: Vec<bool>,
}

impl Column {
    fn new(name: &str, values: Values) -> Column {
        Column { name: name.to_owned(), values, valid: Vec::new() }
    }

    /// An empty string column.
    pub(crate) fn utf8(name: &str) -> Column {
        Column::new(name, Values::Utf8 { ends: Vec::new(), data: Vec::new() })
    }
    /// An empty int32 column.
    pub(crate) fn i32(name: &str) -> Column {
        Column::new(name, Values::I32(Vec::new()))
    }
    /// An empty int64 column.
    pub(crate) fn i64(name: &str) -> Column {
        Column::new(name, Values::I64(Vec::new()))
    }
    /// An empty float64 column.
    pub(crate) fn f64(name: &str) -> Column {
        Column::new(name, Values::F64(Vec::new()))
    }
    /// An empty bool column.
    pub(crate) fn bool(name: &str) -> Column {
        Column::new(name, Values::Bool(Vec::new()))
    }

    /// Rows so far.
    pub(crate) fn len(&self) -> usize {
        self.valid.len()
    }

    /// Appends a string (null: `None`). A column of another type gets a null.
    pub(crate) fn push_str(&mut self, v: Option<&str>) {
        if let Values::Utf8 { ends, data } = &mut self.values {
            data.extend_from_slice(v.unwrap_or("").as_bytes());
            ends.push(data.len());
            self.valid.push(v.is_some());
        } else {
            self.push_null();
        }
    }

    /// Appends an integer, a float or a bool to a column of that type
    /// (integers widen to float64 columns); anything else gets a null.
    pub(crate) fn push_num(&mut self, v: Option<Num>) {
        let ok = match (&mut self.values, v) {
            (Values::I32(x), Some(Num::Int(n))) => i32::try_from(n).map(|n| x.push(n)).is_ok(),
            (Values::I64(x), Some(Num::Int(n))) => {
                x.push(n);
                true
            }
            (Values::F64(x), Some(Num::Float(f))) => {
                x.push(f);
                true
            }
            (Values::F64(x), Some(Num::Int(n))) => {
                x.push(n as f64);
                true
            }
            (Values::Bool(x), Some(Num::Bool(b))) => {
                x.push(b);
                true
            }
            _ => false,
        };
        if ok {
            self.valid.push(true);
        } else {
            self.push_null();
        }
    }

    /// Appends a null.
    pub(crate) fn push_null(&mut self) {
        match &mut self.values {
            Values::Utf8 { ends, data } => ends.push(data.len()),
            Values::I32(x) => x.push(0),
            Values::I64(x) => x.push(0),
            Values::F64(x) => x.push(0.0),
            Values::Bool(x) => x.push(false),
        }
        self.valid.push(false);
    }

    /// Appends int32 values, null where `null` says so.
    pub(crate) fn extend_i32(&mut self, values: impl Iterator<Item = Option<i32>>) {
        if let Values::I32(x) = &mut self.values {
            for v in values {
                x.push(v.unwrap_or(0));
                self.valid.push(v.is_some());
            }
        }
    }
}

/// A number or a bool to append to a column.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum Num {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A bool.
    Bool(bool),
}

/// Named columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
}

impl Table {
    /// Rows (those of the first column; none without columns).
    pub(crate) fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Exports the table as a struct array (a record batch): its schema and
    /// its data, each owning what it points to until released.
    pub(crate) fn export(self) -> (FfiSchema, FfiArray) {
        let rows = self.rows();
        assert!(self.columns.iter().all(|c| c.len() == rows), "columns of unequal length");
        let (schemas, arrays): (Vec<FfiSchema>, Vec<FfiArray>) =
            self.columns.into_iter().map(export_column).unzip();
        let schema = schema("+s", "", 0, schemas);
        let array = array(rows, 0, vec![ptr::null()], Vec::new(), arrays);
        (schema, array)
    }
}

/// A buffer kept alive by its array.
enum Buffer {
    U8(Vec<u8>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F64(Vec<f64>),
}

impl Buffer {
    fn ptr(&self) -> *const c_void {
        match self {
            Buffer::U8(v) => v.as_ptr().cast(),
            Buffer::I32(v) => v.as_ptr().cast(),
            Buffer::I64(v) => v.as_ptr().cast(),
            Buffer::F64(v) => v.as_ptr().cast(),
        }
    }
}

/// Bits, least significant first, as Arrow packs validity and bools.
fn bitmap(bits: &[bool]) -> Vec<u8> {
    let mut out = vec![0u8; bits.len().div_ceil(8)];
    for (i, _) in bits.iter().enumerate().filter(|(_, b)| **b) {
        out[i / 8] |= 1 << (i % 8);
    }
    out
}

fn export_column(c: Column) -> (FfiSchema, FfiArray) {
    let rows = c.valid.len();
    let nulls = c.valid.iter().filter(|v| !**v).count();
    let validity = if nulls == 0 { None } else { Some(Buffer::U8(bitmap(&c.valid))) };
    let (format, data): (&str, Vec<Buffer>) = match c.values {
        Values::Utf8 { ends, data } => {
            let last = data.len();
            if i32::try_from(last).is_ok() {
                let offsets = std::iter::once(0).chain(ends.iter().map(|&e| e as i32)).collect();
                ("u", vec![Buffer::I32(offsets), Buffer::U8(data)])
            } else {
                let offsets = std::iter::once(0).chain(ends.iter().map(|&e| e as i64)).collect();
                ("U", vec![Buffer::I64(offsets), Buffer::U8(data)])
            }
        }
        Values::I32(v) => ("i", vec![Buffer::I32(v)]),
        Values::I64(v) => ("l", vec![Buffer::I64(v)]),
        Values::F64(v) => ("g", vec![Buffer::F64(v)]),
        Values::Bool(v) => ("b", vec![Buffer::U8(bitmap(&v))]),
    };
    let mut buffers = vec![validity];
    buffers.extend(data.into_iter().map(Some));
    let ptrs: Vec<*const c_void> =
        buffers.iter().map(|b| b.as_ref().map_or(ptr::null(), Buffer::ptr)).collect();
    let owned: Vec<Buffer> = buffers.into_iter().flatten().collect();
    (schema(format, &c.name, NULLABLE, Vec::new()), array(rows, nulls, ptrs, owned, Vec::new()))
}

/// What a schema's release frees.
struct SchemaPrivate {
    format: CString,
    name: CString,
    children: Vec<*mut FfiSchema>,
}

fn cstring(s: &str) -> CString {
    // A name with a NUL byte loses it rather than failing the export.
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

fn schema(format: &str, name: &str, flags: i64, children: Vec<FfiSchema>) -> FfiSchema {
    let mut private = Box::new(SchemaPrivate {
        format: cstring(format),
        name: cstring(name),
        children: children.into_iter().map(|c| Box::into_raw(Box::new(c))).collect(),
    });
    FfiSchema {
        format: private.format.as_ptr(),
        name: private.name.as_ptr(),
        metadata: ptr::null(),
        flags,
        n_children: private.children.len() as i64,
        children: private.children.as_mut_ptr(),
        dictionary: ptr::null_mut(),
        release: Some(release_schema),
        private_data: Box::into_raw(private).cast(),
    }
}

/// Frees a schema made by [`schema`] and its children, and marks it released.
unsafe extern "C" fn release_schema(s: *mut FfiSchema) {
    if s.is_null() {
        return;
    }
    // SAFETY: the consumer passes a schema this module made (or moved out
    // of one it made), which it has not released yet: `private_data` is the
    // `Box<SchemaPrivate>` leaked by `schema`, taken back exactly once here.
    let s = unsafe { &mut *s };
    let private = unsafe { Box::from_raw(s.private_data.cast::<SchemaPrivate>()) };
    for &child in &private.children {
        // SAFETY: each child was leaked by `schema` from a `Box` and is
        // owned by this parent alone; its own release frees its private
        // data, then the box is taken back once.
        unsafe {
            if let Some(release) = (*child).release {
                release(child);
            }
            drop(Box::from_raw(child));
        }
    }
    s.release = None;
    s.private_data = ptr::null_mut();
}

/// What an array's release frees.
struct ArrayPrivate {
    _buffers: Vec<Buffer>,
    ptrs: Vec<*const c_void>,
    children: Vec<*mut FfiArray>,
}

fn array(
    rows: usize,
    nulls: usize,
    ptrs: Vec<*const c_void>,
    buffers: Vec<Buffer>,
    children: Vec<FfiArray>,
) -> FfiArray {
    let mut private = Box::new(ArrayPrivate {
        _buffers: buffers,
        ptrs,
        children: children.into_iter().map(|c| Box::into_raw(Box::new(c))).collect(),
    });
    FfiArray {
        length: rows as i64,
        null_count: nulls as i64,
        offset: 0,
        n_buffers: private.ptrs.len() as i64,
        n_children: private.children.len() as i64,
        buffers: private.ptrs.as_mut_ptr(),
        children: private.children.as_mut_ptr(),
        dictionary: ptr::null_mut(),
        release: Some(release_array),
        private_data: Box::into_raw(private).cast(),
    }
}

/// Frees an array made by [`array`] and its children, and marks it released.
unsafe extern "C" fn release_array(a: *mut FfiArray) {
    if a.is_null() {
        return;
    }
    // SAFETY: as for `release_schema`: `private_data` is the
    // `Box<ArrayPrivate>` leaked by `array`, taken back exactly once.
    let a = unsafe { &mut *a };
    let private = unsafe { Box::from_raw(a.private_data.cast::<ArrayPrivate>()) };
    for &child in &private.children {
        // SAFETY: each child was leaked by `array` from a `Box` and is
        // owned by this parent alone.
        unsafe {
            if let Some(release) = (*child).release {
                release(child);
            }
            drop(Box::from_raw(child));
        }
    }
    a.release = None;
    a.private_data = ptr::null_mut();
}

/// An exported schema or array in a capsule: owned by the capsule until a
/// consumer moves it out (leaving `release` null), released with the
/// capsule otherwise.
pub(crate) struct Exported<T>(pub(crate) T);

// SAFETY: an exported schema or array owns every buffer it points to (no
// thread-bound or shared state): moving it to another thread is moving the
// owner of plain heap memory.
unsafe impl<T> Send for Exported<T> {}

impl Exported<FfiSchema> {
    /// Releases the schema unless a consumer took it.
    pub(crate) fn release(mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: not released yet (release is still set), made by this module.
            unsafe { release(&mut self.0) };
        }
    }
}

impl Exported<FfiArray> {
    /// Releases the array unless a consumer took it.
    pub(crate) fn release(mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: not released yet (release is still set), made by this module.
            unsafe { release(&mut self.0) };
        }
    }
}
