//! Records stage: workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read with calamine. One
//! sheet, by name or the first, is read as a CSV is: its first row that is not blank is the
//! header, and each row after it a record on its spreadsheet row. A date cell gives its date,
//! a number its digits, a cell holding an error such as `#N/A` is an error of its record.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader};

use crate::diag::Lang;
use crate::program::schema::Schema;

use super::error::{RecordError, RecordErrorKind};
use super::json::{Parsed, Raw};
use super::table::Table;

/// The records of a sheet, one per row after the header.
pub(super) struct SheetRows {
    /// The sheet's name.
    pub(super) name: String,
    range: Range<Data>,
    /// The next row to read, relative to the range's start.
    next: usize,
    /// The columns; None for an empty sheet.
    pub(super) table: Option<Table>,
}

impl SheetRows {
    /// Opens the workbook and reads the header of the sheet named `sheet`, or of the first.
    pub(super) fn new(
        mut input: impl Read,
        sheet: Option<&str>,
        schema: &Schema,
        lang: Lang,
        notices: &mut Vec<String>,
    ) -> Result<Self, RecordError> {
        let mut bytes = Vec::new();
        input
            .read_to_end(&mut bytes)
            .map_err(|e| RecordError::file(RecordErrorKind::Io(crate::sys::IoFailure::new(&e))))?;
        let not_workbook = |e: calamine::Error| {
            RecordError::file(RecordErrorKind::NotWorkbook {
                detail: e.to_string(),
            })
        };
        let mut book =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(not_workbook)?;
        let sheets = book.sheet_names();
        let found = match sheet {
            Some(s) => sheets.iter().find(|n| n.as_str() == s.trim()),
            None => sheets.first(),
        };
        let Some(name) = found.cloned() else {
            return Err(RecordError::file(RecordErrorKind::NoSheet {
                name: sheet.map(str::to_string),
                sheets,
            }));
        };
        let range = book.worksheet_range(&name).map_err(not_workbook)?;
        let mut rows = SheetRows {
            name,
            range,
            next: 0,
            table: None,
        };
        while let Some((_, cells)) = rows.row() {
            let header: Vec<String> = cells.iter().map(|c| text(c).unwrap_or_default()).collect();
            if header.iter().any(|c| !c.is_empty()) {
                let first = rows.first_column();
                rows.table = Some(Table::new(&header, first, schema, lang, notices)?);
                break;
            }
        }
        Ok(rows)
    }

    /// The next row with its spreadsheet row number.
    fn row(&mut self) -> Option<(usize, Vec<Data>)> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return None;
        }
        let r = self.next;
        self.next += 1;
        let cells = (0..width)
            .map(|c| self.range.get((r, c)).cloned().unwrap_or(Data::Empty))
            .collect();
        let first = self.range.start().map_or(0, |(row, _)| row as usize);
        Some((first + r + 1, cells))
    }

    /// The first column's index in the sheet (0 for `A`).
    pub(super) fn first_column(&self) -> usize {
        self.range.start().map_or(0, |(_, col)| col as usize)
    }
}

impl Iterator for SheetRows {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        self.table.as_ref()?;
        loop {
            let (row, cells) = self.row()?;
            let table = self.table.as_ref()?;
            let mut texts = Vec::with_capacity(cells.len());
            let mut bad = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                match text(cell) {
                    Ok(t) => texts.push(t),
                    Err(value) => {
                        bad.extend(
                            table
                                .field_of(i)
                                .map(|f| (f, RecordErrorKind::CellError { value })),
                        );
                        texts.push(String::new());
                    }
                }
            }
            if texts.iter().all(String::is_empty) && bad.is_empty() {
                continue;
            }
            let mut parsed = Parsed::new(row, (table.object(&texts), Vec::new()));
            parsed.found = bad;
            return Some(Ok(parsed));
        }
    }
}

/// A cell as CSV text: a date as `2026-07-03` (with its time of day, if any), a whole number
/// without a decimal point; an error value is `Err` with the value as shown.
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// A number as written in a cell: whole numbers without `.0`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}
