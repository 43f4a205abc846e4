//! Records stage: the errors of reading records, each naming its line, record and field, as
//! facts; their words, in Chinese or English, are made in `words`.

use crate::calendar::PeriodKind;
use crate::value::Num;

/// A record that could not be read, or a file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The 1-based line where the record starts (0 for a problem of the whole input).
    pub line: usize,
    /// The record's id (its key field's value), when it could be read.
    pub id: Option<String>,
    /// The field, as a path: `上次晋级.日期`, `投诉[2].原因`, `考核.2026-07`.
    pub field: Option<String>,
    /// What went wrong.
    pub kind: RecordErrorKind,
    /// For a table (CSV or spreadsheet): its sheet, and the column of the field.
    pub place: Option<Box<Place>>,
}

/// Where in a table an error is, beside its row (the error's `line`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The sheet's name, for a spreadsheet.
    pub sheet: Option<String>,
    /// The column as a spreadsheet names it (`A`, `AB`), and its header.
    pub column: Option<(String, String)>,
}

/// A required field that no column of a table's header fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingColumn {
    /// The field.
    pub field: String,
    /// A column of the header that names no field but looks like this one (`现职级`).
    pub like: Option<String>,
}

/// A header cell that names a field but cannot be read as a column of it (`考核.202603`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadColumn {
    /// The column's letters.
    pub column: String,
    /// The header cell as written.
    pub header: String,
    /// The field it names.
    pub field: String,
    /// Why it cannot be read, in the language asked for.
    pub reason: String,
}

/// A column's letters as a spreadsheet shows them: 0 is `A`, 26 is `AA`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What kind of value a field expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Text.
    Text,
    /// A whole number.
    Int,
    /// A number.
    Number,
    /// 是 or 否.
    Bool,
    /// A date.
    Date,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A sub-record (a JSON object), by its type's name.
    Object(String),
    /// A list (a JSON array).
    List,
    /// A map keyed by months, quarters or years (a JSON object).
    Map(PeriodKind),
    /// A member of an enum, a grade or a rung, by the type's name.
    Name(String),
}

/// Whether an unknown name was meant as an enum member, a grade or a rung.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A member of an enum.
    Member,
    /// A grade of a scale.
    Grade,
    /// A rung of a ladder.
    Rung,
}

/// A name that is not a member of the enum, scale or ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// Member, grade or rung.
    pub kind: NameKind,
    /// The enum's, scale's or ladder's name.
    pub type_name: String,
    /// The value as written.
    pub value: String,
    /// The closest allowed name, if one is close.
    pub suggestion: Option<String>,
    /// Every allowed name.
    pub allowed: Vec<String>,
}

/// The kinds of record error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordErrorKind {
    /// The input could not be read.
    Io(crate::sys::IoFailure),
    /// The input is not text in the encoding chosen or detected.
    Decode {
        /// The encodings tried, as `UTF-8` or `UTF-8 or GB18030`.
        tried: &'static str,
    },
    /// A JSON record (or the JSON file) is not well-formed.
    Json {
        /// What serde_json found wrong, without its position.
        problem: Box<crate::sys::JsonProblem>,
        /// The 1-based line and column of the problem in the input.
        at: (usize, usize),
        /// The last line of the text given up with the record.
        until: usize,
        /// How many more records that text held (each reported as [`Swallowed`]).
        ///
        /// [`Swallowed`]: RecordErrorKind::Swallowed
        swallowed: usize,
    },
    /// A record inside the text of a broken JSON element: it could not be read.
    Swallowed {
        /// The line where the broken element starts.
        by: usize,
    },
    /// A key written twice in one object: which value was meant is not known.
    DuplicateKey,
    /// A value holding bytes that are not text in the input's encoding (shown as `\u{fffd}`).
    BadBytes {
        /// The value as decoded (shortened).
        found: String,
    },
    /// A CSV cell opened with `"` that is not closed on its row: the row is given up and the
    /// lines after it are read again as rows.
    UnclosedQuote {
        /// The 1-based column of the cell.
        column: usize,
    },
    /// A `.json` file that is neither an array of records nor one record.
    NotRecords {
        /// What it is instead.
        found: &'static str,
    },
    /// A record that is not a JSON object.
    NotObject {
        /// What it is instead.
        found: &'static str,
    },
    /// A CSV row could not be read.
    Csv(String),
    /// No column of the CSV header names a field of the record.
    NoColumns {
        /// The record's fields.
        fields: Vec<String>,
    },
    /// A table's header lacks required fields or has columns that cannot be read: no record
    /// of the file is read.
    Header {
        /// Required fields without a column.
        missing: Vec<MissingColumn>,
        /// Columns that name a field but cannot be read.
        bad: Vec<BadColumn>,
    },
    /// A CSV row with more or fewer cells than the header.
    CellCount {
        /// Cells in the row.
        found: usize,
        /// Columns in the header.
        expected: usize,
    },
    /// A required field is absent.
    Missing,
    /// A value of the wrong type.
    WrongType {
        /// What was expected.
        expected: Expected,
        /// The value as written (shortened).
        found: String,
    },
    /// A name that is not a member of the enum, scale or ladder.
    UnknownName(Box<UnknownName>),
    /// A number outside the field's declared range.
    OutOfRange {
        /// The number.
        value: Num,
        /// The smallest allowed.
        min: Option<Num>,
        /// The largest allowed.
        max: Option<Num>,
    },
    /// A key of a map that is not a period of the map's kind (a month, quarter or year).
    BadKey {
        /// The key as written.
        key: String,
        /// What the map is keyed by.
        kind: PeriodKind,
    },
    /// The input is not a workbook that can be read.
    NotWorkbook {
        /// The reader's description.
        detail: String,
    },
    /// The sheet asked for is not in the workbook (or the workbook has no sheet).
    NoSheet {
        /// The sheet asked for.
        name: Option<String>,
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    /// A spreadsheet cell holding an error value such as `#N/A`.
    CellError {
        /// The error as the spreadsheet shows it.
        value: String,
    },
    /// A record whose id an earlier record has (in this input or an earlier one).
    DuplicateId {
        /// The input of the first, as the caller named it.
        input: String,
        /// The first's line (or spreadsheet row).
        line: usize,
        /// Whether the two hold the same values.
        same: bool,
    },
    /// A warning made an error (`--strict`), in the language asked for.
    Warning(String),
    /// Several problems in one record, each with its field: all of them, in the record's order.
    Several(Box<[RecordError]>),
    /// A schema the reader does not understand (a bug in rung).
    Internal(&'static str),
}

impl RecordError {
    /// An error of the whole input.
    pub(crate) fn file(kind: RecordErrorKind) -> Self {
        RecordError {
            line: 0,
            id: None,
            field: None,
            kind,
            place: None,
        }
    }

    /// An error of the record starting at `line`.
    pub fn at(line: usize, kind: RecordErrorKind) -> Self {
        RecordError {
            line,
            id: None,
            field: None,
            kind,
            place: None,
        }
    }

    /// Each problem: the several of a record with several, else this one.
    pub fn problems(&self) -> &[RecordError] {
        match &self.kind {
            RecordErrorKind::Several(all) => all,
            _ => std::slice::from_ref(self),
        }
    }
}
