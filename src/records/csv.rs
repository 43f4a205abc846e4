//! Records stage: CSV and tab-separated input, split into rows as Excel reads them and read
//! through the header's columns (see `table`).

use std::io::{BufReader, Read};

use crate::diag::Lang;
use crate::program::schema::Schema;

use super::error::{RecordError, RecordErrorKind};
use super::json::{Parsed, Raw};
use super::split::Splitter;
use super::table::Table;

/// The records of a CSV input, one per row after the header.
pub(super) struct Rows<R> {
    splitter: Splitter<BufReader<R>>,
    /// The columns; None for an empty input.
    pub(super) table: Option<Table>,
    done: bool,
}

impl<R: Read> Rows<R> {
    /// Reads the header (the first row that is not blank). Column problems become notices; a
    /// header that names no field at all is an error. An empty input has no records.
    pub(super) fn new(
        input: R,
        delimiter: char,
        schema: &Schema,
        lang: Lang,
        notices: &mut Vec<String>,
    ) -> Result<Self, RecordError> {
        let mut splitter = Splitter::new(BufReader::new(input), delimiter);
        let header = loop {
            match splitter.next_row() {
                Ok(Some(r)) if r.cells.iter().all(String::is_empty) => {}
                Ok(r) => break r,
                Err(e) => {
                    return Err(RecordError::file(RecordErrorKind::Io(
                        crate::sys::IoFailure::new(&e),
                    )))
                }
            }
        };
        let table = match header {
            Some(h) => Some(Table::new(&h.cells, 0, schema, lang, notices)?),
            None => None,
        };
        Ok(Rows {
            splitter,
            table,
            done: false,
        })
    }

    /// The encoding's reader, for its notes.
    pub(super) fn source(&self) -> &R {
        self.splitter.get_ref().get_ref()
    }
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        let table = self.table.as_ref()?;
        while !self.done {
            let row = match self.splitter.next_row() {
                Ok(Some(row)) => row,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let kind = RecordErrorKind::Io(crate::sys::IoFailure::new(&e));
                    return Some(Err(RecordError::at(self.splitter.row() + 1, kind)));
                }
            };
            if row.cells.iter().all(String::is_empty) {
                continue;
            }
            let wrong_count = row.cells.len() != table.width();
            if let (Some(column), true) = (row.spans, row.broken || wrong_count) {
                // Most likely a stray quote: give up this row alone and read on after its
                // first line. The cells before the quote's are as written.
                self.splitter.resync();
                let before = row.cells.get(..column.saturating_sub(1)).unwrap_or(&[]);
                return Some(Err(RecordError {
                    id: table.id(before),
                    ..RecordError::at(row.row, RecordErrorKind::UnclosedQuote { column })
                }));
            }
            if wrong_count {
                return Some(Err(RecordError {
                    id: table.id(&row.cells),
                    ..RecordError::at(
                        row.row,
                        RecordErrorKind::CellCount {
                            found: row.cells.len(),
                            expected: table.width(),
                        },
                    )
                }));
            }
            let value = table.object(&row.cells);
            return Some(Ok(Parsed::new(row.row, (value, Vec::new()))));
        }
        None
    }
}
