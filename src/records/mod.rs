//! Records stage: reads employee records from JSON, JSON Lines, CSV, tab-separated text (UTF-8,
//! UTF-16 with a byte order mark, or GBK) or a workbook's sheet (`.xlsx`, `.xls`, `.ods`) into
//! typed [`Record`]s, checked against the policy's [`Schema`]. Every record of the input yields one item, a record or the error that
//! names its line, id and field, so the counts add up; JSON Lines and CSV stream, so memory does
//! not grow with the roster.
//!
//! Nothing is lost by splitting the input wrongly: lines end at LF, CRLF or CR; a CSV row with
//! a stray `"` is reported alone and the lines after it are read as rows; a broken element of a
//! JSON array is reported with every record it swallowed; a value holding bytes that are not
//! text in the encoding makes its record an error, wherever in the input it is; a JSON key
//! written twice is an error. A CSV record's line is its spreadsheet row, as Excel numbers it
//! even where a cell holds line breaks.
//!
//! A regular JSON record is read straight into its typed fields by the schema, without a JSON
//! tree; any other is read through the tree, which reports what is wrong: both give the same
//! records, warnings and errors ([`Records::set_direct`]).
//!
//! A CSV file's first row names the columns:
//! - a field by its name: `工号`, `当前职级`;
//! - a month of a month-keyed map: `考核.2026-07` (also `考核.2026-7`, `考核.2026.7`,
//!   `考核．2026-07`);
//! - a field of a sub-record: `上次晋级.日期`, `上次晋级.原职级`;
//! - a field of the n-th item of a list of sub-records: `投诉.1.日期`, `投诉.1.原因` (also
//!   `投诉[1].日期`);
//! - a whole sub-record, list or map as JSON text in one cell: column `考核` with
//!   `{"2026-01": "A"}`.
//!
//! An empty cell is absent; a sub-record or list item whose cells are all empty is absent; a
//! map or list with columns but no filled cell is empty. A column that names no field is
//! ignored with a notice (and a "did you mean"); a header that lacks a required field, or has
//! a column naming a field that cannot be read (`考核.202603`), is an error of the whole file.
//! Every problem of a record is reported ([`RecordError::problems`]); in a table each names
//! its column's letter and header, and in a workbook its sheet.
//!
//! ```
//! use rung::records::{read, Encoding, Format};
//! # let policy = "等级 考核等级 = S > A > B > C > D\n\
//! #   记录 员工 { 工号: 文本 标识\n 入职日期: 日期\n 考核: 映射[月份, 考核等级] }\n";
//! # let loader = rung::check::MemoryLoader::new();
//! # let checked = rung::compile("p.rung", policy, &loader).unwrap();
//! # let schema = checked.program.schema();
//! let csv = "工号,入职日期,考核.2026-01,考核.2026-02\n\
//!            E1001,2025/3/1,A,S\n\
//!            E1002,2025-13-01,B,\n";
//! let (mut ids, mut errors) = (Vec::new(), Vec::new());
//! for item in read(schema, Format::Csv, Encoding::Auto, csv.as_bytes(), rung::diag::Lang::En)? {
//!     match item {
//!         Ok(r) => ids.push(r.record.id),
//!         Err(e) => errors.push(format!("line {} ({}): {e}", e.line, e.id.as_deref().unwrap_or(""))),
//!     }
//! }
//! assert_eq!(ids, ["E1001"]);
//! assert_eq!(errors, ["line 3 (E1002): `入职日期` must be a date, found `2025-13-01`"]);
//! # Ok::<(), rung::records::RecordError>(())
//! ```

mod chunks;
mod convert;
mod csv;
mod dedupe;
mod direct;
mod encoding;
mod error;
mod json;
mod lines;
mod parse;
mod print;
mod probe;
mod reads;
mod sheet;
mod split;
mod table;
#[cfg(test)]
mod tests;
mod words;

use std::io::{BufReader, Read};

use crate::diag::Lang;
use crate::program::Schema;
use crate::value::Record;

use json::Entry;

pub use chunks::{Chunk, ChunkReader, Given};
pub use dedupe::{FirstSeen, Gate, Key, SeenIds, Skipped};
pub use reads::{decisions_reading, Reads};

use convert::Converter;
use direct::Direct;
use encoding::Decoded;

pub use error::{
    column_letters, BadColumn, Expected, MissingColumn, NameKind, Place, RecordError,
    RecordErrorKind, UnknownName,
};

/// The format of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// An array of records, or one record (`.json`).
    Json,
    /// One record per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A header row, then one record per row (`.csv`).
    Csv,
    /// As CSV, with cells separated by tabs (`.tsv`, and `.txt` as Excel saves "Unicode 文本":
    /// UTF-16 with a byte order mark).
    Tsv,
    /// A workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`): one sheet read as a CSV.
    Workbook,
}

impl Format {
    /// The format a file name's extension says, if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path).extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            "tsv" | "txt" | "tab" => Some(Format::Tsv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Workbook),
            _ => None,
        }
    }
}

/// The text encoding of an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// A byte order mark if there is one, else UTF-8 if the text is valid UTF-8, else GB18030
    /// (which covers GBK, as Excel saves CSV on Chinese Windows).
    #[default]
    Auto,
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// GB18030 or GBK.
    Gb18030,
}

/// A record read, with the notes on it (in the language asked for).
#[derive(Clone, Debug, PartialEq)]
pub struct ReadRecord {
    /// The typed record.
    pub record: Record,
    /// What was noticed but not an error, such as a key that is not a field.
    pub warnings: Vec<String>,
}

/// Reads one record from a JSON value already in memory (as an HR system that embeds rung holds
/// it), by the same rules as a record of a JSON input. Its line is 0 and, without an id, it is
/// named `#1`.
///
/// ```
/// # let policy = "等级 考核等级 = S > A > B > C > D\n\
/// #   记录 员工 { 工号: 文本 标识\n 入职日期: 日期\n 考核: 映射[月份, 考核等级] }\n";
/// # let loader = rung::check::MemoryLoader::new();
/// # let checked = rung::compile("p.rung", policy, &loader).unwrap();
/// # let schema = checked.program.schema();
/// let value = serde_json::json!({"工号": "E1001", "入职日期": "2025-03-01", "考核": {"2026-01": "A"}});
/// let read = rung::records::from_json(schema, &value, rung::diag::Lang::En)?;
/// assert_eq!(read.record.id, "E1001");
/// let bad = serde_json::json!({"工号": "E1002", "入职日期": "2025-13-01", "考核": {}});
/// let e = rung::records::from_json(schema, &bad, rung::diag::Lang::En).unwrap_err();
/// assert_eq!(e.to_string(), "`入职日期` must be a date, found `2025-13-01`");
/// # Ok::<(), rung::records::RecordError>(())
/// ```
pub fn from_json(
    schema: &Schema,
    value: &serde_json::Value,
    lang: Lang,
) -> Result<ReadRecord, RecordError> {
    let conv = Converter {
        schema,
        lang,
        csv: false,
    };
    conv.record(json::Parsed::new(0, (value.clone(), Vec::new())), 1)
}

/// How to read an input, beside its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The text encoding (not used for a workbook).
    pub encoding: Encoding,
    /// The sheet of a workbook to read, by name; None for the first.
    pub sheet: Option<String>,
    /// The language of notes and warnings.
    pub lang: Lang,
}

impl Options {
    /// Detect the encoding, read the first sheet, notes in `lang`.
    pub fn new(lang: Lang) -> Self {
        Options {
            encoding: Encoding::Auto,
            sheet: None,
            lang,
        }
    }
}

/// Reads records from `input`. Fails only when the input as a whole cannot be read: it is not
/// text in the encoding, a `.json` file holds neither records nor an array, a table's header
/// lacks a required field or has a column that cannot be read, or a workbook has no such
/// sheet. Every other problem is an item of the iterator.
pub fn read<'s, R: Read + Send + 's>(
    schema: &'s Schema,
    format: Format,
    encoding: Encoding,
    input: R,
    lang: Lang,
) -> Result<Records<'s>, RecordError> {
    let options = Options {
        encoding,
        ..Options::new(lang)
    };
    read_with(schema, format, input, &options)
}

/// Reads records from `input` as [`read`] does, with a workbook's sheet chosen in `options`.
pub fn read_with<'s, R: Read + Send + 's>(
    schema: &'s Schema,
    format: Format,
    input: R,
    options: &Options,
) -> Result<Records<'s>, RecordError> {
    let lang = options.lang;
    let conv = Converter {
        schema,
        lang,
        csv: matches!(format, Format::Csv | Format::Tsv | Format::Workbook),
    };
    let mut notices = Vec::new();
    if format == Format::Workbook {
        let sheet = options.sheet.as_deref();
        let rows =
            sheet::SheetRows::new(input, sheet, schema, lang, &mut notices).map_err(|e| {
                RecordError {
                    place: sheet.map(|s| {
                        Box::new(Place {
                            sheet: Some(s.to_string()),
                            column: None,
                        })
                    }),
                    ..e
                }
            })?;
        return Ok(Records {
            conv,
            source: Source::Sheet(Box::new(rows)),
            notices,
            count: 0,
            ahead: 0,
            done: false,
            given: Vec::new(),
            gate: None,
            direct: None,
        });
    }
    let input = Box::new(input) as Box<dyn Read + Send + 's>;
    let mut decoded = Decoded::new(input, options.encoding)?;
    let key = schema
        .record()
        .zip(schema.key)
        .and_then(|(def, k)| def.fields.get(k))
        .map(|f| f.name.clone());
    let source = match format {
        Format::JsonLines => Source::Lines(json::Lines::new(BufReader::new(decoded), key)),
        Format::Json => {
            let elements = json::Elements::new(&mut decoded, key)?;
            notice_replaced(decoded.replaced(), lang, &mut notices);
            Source::Json(elements)
        }
        Format::Csv | Format::Tsv | Format::Workbook => Source::Csv(Box::new(csv::Rows::new(
            decoded,
            if format == Format::Tsv { '\t' } else { ',' },
            schema,
            lang,
            &mut notices,
        )?)),
    };
    let direct = matches!(format, Format::Json | Format::JsonLines)
        .then(|| Direct::new(schema))
        .flatten();
    Ok(Records {
        conv,
        source,
        notices,
        count: 0,
        ahead: 0,
        done: false,
        given: Vec::new(),
        gate: None,
        direct,
    })
}

/// The records of an input, in order: one item per record.
pub struct Records<'s> {
    conv: Converter<'s>,
    source: Source<'s>,
    notices: Vec<String>,
    count: usize,
    /// Items cut into chunks and not yet given ([`Records::next_chunk`]).
    ahead: usize,
    done: bool,
    /// For each top-level field, whether some record gave it a value.
    given: Vec<bool>,
    /// The checks across inputs, if set.
    gate: Option<Gate>,
    /// The schema prepared for reading JSON records directly; None for a table, or when off.
    direct: Option<Direct<'s>>,
}

type Input<'s> = Decoded<Box<dyn Read + Send + 's>>;

enum Source<'s> {
    Lines(json::Lines<BufReader<Input<'s>>>),
    Json(json::Elements),
    Csv(Box<csv::Rows<Input<'s>>>),
    Sheet(Box<sheet::SheetRows>),
}

impl Records<'_> {
    /// Notes on the input as a whole: CSV columns that are not fields, bytes that could not be
    /// decoded, the end of a JSON array. Notes found while reading are added as they are found.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// How many items have been given so far (records and errors).
    pub fn count(&self) -> usize {
        self.count
    }

    fn note_end(&mut self) {
        let lang = self.conv.lang;
        let replaced = match &self.source {
            Source::Lines(l) => l.get_ref().get_ref().replaced(),
            Source::Csv(r) => r.source().replaced(),
            Source::Sheet(_) => None,
            Source::Json(e) => {
                match e.trailing {
                    Some(json::Trailing::Unclosed) => self.notices.push(lang.fmt(
                        "JSON 数组缺少结尾的 `]`",
                        "the JSON array is not closed with `]`",
                    )),
                    Some(json::Trailing::After(line)) => self.notices.push(lang.fmt(
                        format!("JSON 数组结束后的内容(第 {line} 行起)已忽略"),
                        format!("the text after the JSON array (from line {line}) is ignored"),
                    )),
                    None => {}
                }
                None
            }
        };
        notice_replaced(replaced, lang, &mut self.notices);
    }
}

fn notice_replaced(encoding: Option<&str>, lang: Lang, notices: &mut Vec<String>) {
    if let Some(enc) = encoding {
        notices.push(lang.fmt(
            format!("输入中有不符合 {enc} 编码的字节,含有它们的记录已报错"),
            format!("some bytes are not valid {enc}; the records holding them are reported"),
        ));
    }
}

impl Iterator for Records<'_> {
    type Item = Result<ReadRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let item = self.next_read()?;
            let Some(gate) = self.gate.as_mut() else {
                return Some(item);
            };
            match item {
                Ok(read) => match gate.pass(read) {
                    Some(item) => return Some(item),
                    None => continue,
                },
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Records<'_> {
    /// The next item, before the gate.
    fn next_read(&mut self) -> Option<Result<ReadRecord, RecordError>> {
        if self.done {
            return None;
        }
        let direct = self.direct.as_ref();
        let raw = match &mut self.source {
            Source::Lines(l) => l.next_with(direct),
            Source::Json(e) => e.next_with(direct),
            Source::Csv(r) => r.next().map(|r| r.map(Entry::Tree)),
            Source::Sheet(r) => r.next().map(|r| r.map(Entry::Tree)),
        };
        let Some(raw) = raw else {
            self.done = true;
            self.note_end();
            return None;
        };
        self.count += 1;
        if matches!(&raw, Err(e) if matches!(e.kind, RecordErrorKind::Io(_))) {
            // The rest of the input cannot be read.
            self.done = true;
            self.note_end();
        }
        let item = finish(&self.conv, &mut self.given, raw, self.count);
        Some(item.map_err(|e| self.place(e)))
    }
}

/// The record of an entry taken from the input, the `ordinal`-th item (named so when it has
/// no id), marking in `given` the fields it gives a value.
fn finish(
    conv: &Converter<'_>,
    given: &mut Vec<bool>,
    raw: Result<Entry, RecordError>,
    ordinal: usize,
) -> Result<ReadRecord, RecordError> {
    match raw {
        Ok(Entry::Direct(line, read)) => {
            note_given_bits(conv.schema, given, read.given);
            let id = read.id.unwrap_or_else(|| format!("#{ordinal}"));
            Ok(ReadRecord {
                record: Record {
                    line,
                    id,
                    fields: read.fields,
                },
                warnings: Vec::new(),
            })
        }
        Ok(Entry::Tree(parsed)) => {
            note_given(conv.schema, given, &parsed.value);
            conv.record(parsed, ordinal)
        }
        Err(e) => Err(e),
    }
}

/// Marks the fields a record read directly gives a value (one bit per field).
fn note_given_bits(schema: &Schema, given: &mut Vec<bool>, bits: u128) {
    let Some(def) = schema.record() else {
        return;
    };
    if given.len() != def.fields.len() {
        given.resize(def.fields.len(), false);
    }
    let mut bits = bits;
    while bits != 0 {
        if let Some(g) = given.get_mut(bits.trailing_zeros() as usize) {
            *g = true;
        }
        bits &= bits - 1;
    }
}

/// Marks the fields a record gives a value.
fn note_given(schema: &Schema, given: &mut Vec<bool>, value: &serde_json::Value) {
    let (Some(def), serde_json::Value::Object(obj)) = (schema.record(), value) else {
        return;
    };
    given.resize(def.fields.len(), false);
    for (key, v) in obj {
        let empty = match v {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.trim().is_empty(),
            serde_json::Value::Array(a) => a.is_empty(),
            serde_json::Value::Object(o) => o.is_empty(),
            _ => false,
        };
        if let (false, Some(i)) = (empty, def.field(key)) {
            if let Some(g) = given.get_mut(i) {
                *g = true;
            }
        }
    }
}

impl Records<'_> {
    /// Sets the checks across inputs (ids given twice, `--strict`) for this input; take it back
    /// with [`Records::take_gate`] for the next input.
    pub fn set_gate(&mut self, mut gate: Gate, input: &str) {
        gate.begin(input);
        self.gate = Some(gate);
    }

    /// The gate set, to pass on to the next input.
    pub fn take_gate(&mut self) -> Option<Gate> {
        self.gate.take()
    }

    /// The gate set, to ask what it skipped.
    pub fn gate_mut(&mut self) -> Option<&mut Gate> {
        self.gate.as_mut()
    }

    /// Reads JSON records straight into the schema where they are regular (`on`, the default),
    /// or every one through a JSON tree (off). Both give the same records, warnings and errors:
    /// a record that is not regular is read through the tree either way. Tables are always
    /// read through the tree.
    pub fn set_direct(&mut self, on: bool) {
        let json = matches!(self.source, Source::Lines(_) | Source::Json(_));
        self.direct = (on && json)
            .then(|| Direct::new(self.conv.schema))
            .flatten();
    }

    /// The top-level fields (indexes into the record's fields) that no record read so far gave
    /// a value: once the input is read through, the fields absent from the whole input. Empty
    /// while no record has been read.
    pub fn absent_fields(&self) -> Vec<usize> {
        self.given
            .iter()
            .enumerate()
            .filter(|(_, g)| !**g)
            .map(|(i, _)| i)
            .collect()
    }

    /// In a table, the error's sheet and the column of its field (and of each of its several).
    fn place(&self, mut e: RecordError) -> RecordError {
        if let RecordErrorKind::Several(all) = &mut e.kind {
            let placed: Vec<RecordError> = std::mem::take(all)
                .into_vec()
                .into_iter()
                .map(|p| self.place(p))
                .collect();
            *all = placed.into();
        }
        let (table, sheet, first) = match &self.source {
            Source::Csv(r) => (r.table.as_ref(), None, 0),
            Source::Sheet(s) => (s.table.as_ref(), Some(s.name.clone()), s.first_column()),
            _ => return e,
        };
        let column = table
            .zip(e.field.as_deref())
            .and_then(|(t, f)| t.place(f))
            .map(|(i, header)| (column_letters(first + i), header.to_string()));
        if sheet.is_some() || column.is_some() {
            e.place = Some(Box::new(Place { sheet, column }));
        }
        e
    }
}
