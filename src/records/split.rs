//! Records stage: splits CSV (or tab-separated) text into rows of cells as Excel reads it. A
//! cell that starts with `"` is quoted: it may hold delimiters, doubled quotes and line breaks.
//! Rows end at LF, CRLF or CR outside quotes, and each is one spreadsheet row, however many
//! lines its cells span. A quoted cell that is not closed within Excel's limit of a cell, or a
//! row spanning lines that turns out broken, is given up alone: the lines after its first are
//! read again as rows, so that one stray `"` does not swallow the rest of the file.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use super::lines::LineReader;

/// The most characters a cell holds in Excel: a quoted cell longer than this is not closed.
const MAX_CELL: usize = 32_767;

/// A row as split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Row {
    /// Its spreadsheet row number (1-based; blank lines are rows too).
    pub(super) row: usize,
    /// Its cells, trimmed.
    pub(super) cells: Vec<String>,
    /// The 1-based column of a quoted cell that spans lines, if one does.
    pub(super) spans: Option<usize>,
    /// A quoted cell was not closed (by the end of the input or Excel's limit of a cell), or a
    /// cell spanning lines had text after its closing quote: the row is broken.
    pub(super) broken: bool,
}

/// The rows of a text.
pub(super) struct Splitter<R> {
    lines: LineReader<R>,
    delimiter: char,
    /// Lines to read again after a broken row, with their numbers.
    replay: VecDeque<(usize, String)>,
    /// The lines after the first of the last row read.
    taken: Vec<(usize, String)>,
    /// The last row's number.
    row: usize,
    buf: String,
}

impl<R: BufRead> Splitter<R> {
    pub(super) fn new(input: R, delimiter: char) -> Self {
        Splitter {
            lines: LineReader::new(input),
            delimiter,
            replay: VecDeque::new(),
            taken: Vec::new(),
            row: 0,
            buf: String::new(),
        }
    }

    pub(super) fn get_ref(&self) -> &R {
        self.lines.get_ref()
    }

    /// The last row's number (0 before the first).
    pub(super) fn row(&self) -> usize {
        self.row
    }

    /// The next physical line and its number.
    fn line(&mut self) -> io::Result<Option<(usize, String)>> {
        if let Some(l) = self.replay.pop_front() {
            return Ok(Some(l));
        }
        if !self.lines.read_line(&mut self.buf)? {
            return Ok(None);
        }
        Ok(Some((self.lines.line(), std::mem::take(&mut self.buf))))
    }

    /// Gives up the last row after its first line: the lines after it are read again as rows.
    pub(super) fn resync(&mut self) {
        for l in self.taken.drain(..).rev() {
            self.replay.push_front(l);
        }
    }

    /// The next row, or None at the end of the input.
    pub(super) fn next_row(&mut self) -> io::Result<Option<Row>> {
        self.taken.clear();
        let Some((_, first)) = self.line()? else {
            return Ok(None);
        };
        self.row += 1;
        let mut state = State::new(self.delimiter, self.row);
        let mut text = first;
        loop {
            state.line(&text);
            if !state.quoted {
                break;
            }
            state.row.spans.get_or_insert(state.row.cells.len() + 1);
            let more = if state.chars > MAX_CELL {
                None
            } else {
                self.line()?
            };
            let Some(next) = more else {
                state.row.broken = true;
                state.quoted = false;
                break;
            };
            state.cell.push('\n');
            state.chars += 1;
            text = next.1.clone();
            self.taken.push(next);
        }
        state.finish_cell();
        Ok(Some(state.row))
    }
}

/// Splitting a row, line by line.
struct State {
    delimiter: char,
    row: Row,
    cell: String,
    /// Inside a quoted cell.
    quoted: bool,
    /// At the start of a cell (nothing read for it yet).
    fresh: bool,
    /// After the closing quote of a cell.
    closed: bool,
    /// The characters of the cell so far.
    chars: usize,
}

impl State {
    fn new(delimiter: char, row: usize) -> Self {
        State {
            delimiter,
            row: Row {
                row,
                ..Row::default()
            },
            cell: String::new(),
            quoted: false,
            fresh: true,
            closed: false,
            chars: 0,
        }
    }

    fn finish_cell(&mut self) {
        self.row.cells.push(self.cell.trim().to_string());
        self.cell.clear();
        self.fresh = true;
        self.closed = false;
        self.chars = 0;
    }

    /// Reads one physical line of the row.
    fn line(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if self.quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        self.cell.push('"');
                    } else {
                        self.quoted = false;
                        self.closed = true;
                    }
                } else {
                    self.cell.push(c);
                    self.chars += 1;
                }
            } else if c == self.delimiter {
                self.finish_cell();
            } else if c == '"' && self.fresh {
                self.quoted = true;
                self.fresh = false;
            } else {
                if self.closed && self.row.spans.is_some() && !c.is_whitespace() {
                    self.row.broken = true;
                }
                self.fresh = false;
                self.cell.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: char, resync_broken: bool) -> Vec<Row> {
        let mut s = Splitter::new(text.as_bytes(), delimiter);
        let mut out = Vec::new();
        while let Ok(Some(r)) = s.next_row() {
            if r.broken && resync_broken {
                s.resync();
            }
            out.push(r);
        }
        out
    }

    fn cells(rows: &[Row]) -> Vec<(usize, Vec<&str>)> {
        rows.iter()
            .map(|r| (r.row, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn quoted_cells_hold_delimiters_quotes_and_line_breaks() {
        let text = "a,\"b,\"\"c\"\"\",d\r\n\"x\ny\", 2 ,\n\n3\tq";
        let r = rows(text, ',', true);
        assert_eq!(
            cells(&r),
            [
                (1, vec!["a", "b,\"c\"", "d"]),
                (2, vec!["x\ny", "2", ""]),
                (3, vec![""]),
                (4, vec!["3\tq"]),
            ]
        );
        assert_eq!(r[1].spans, Some(1));
        assert!(r.iter().all(|r| !r.broken));
        let r = rows("a\tb c\t\"d\te\"\r", '\t', true);
        assert_eq!(cells(&r), [(1, vec!["a", "b c", "d\te"])]);
        // A quote inside a cell is text.
        assert_eq!(
            cells(&rows("a b\"c,d", ',', true)),
            [(1, vec!["a b\"c", "d"])]
        );
    }

    #[test]
    fn a_stray_quote_breaks_its_row_only() {
        let text = "E1,\"张三,客服\rE2,李四,客服\rE3,王五,客服\r";
        let r = rows(text, ',', true);
        assert!(r[0].broken);
        assert_eq!(
            cells(&r[1..]),
            [
                (2, vec!["E2", "李四", "客服"]),
                (3, vec!["E3", "王五", "客服"])
            ]
        );
        // Closed by a later stray quote, with text after it: broken too.
        let text = "E1,\"张三,客服\nE2,\"李四\",客服\nE3,王五,客服\n";
        let r = rows(text, ',', true);
        assert!(r[0].broken);
        assert_eq!(r.len(), 3);
        assert!(!r[1].broken && !r[2].broken);
    }

    #[test]
    fn an_unclosed_cell_stops_at_excels_limit() {
        let text = format!("E1,\"x\n{}\nE2,y\n", "z".repeat(MAX_CELL + 10));
        let r = rows(&text, ',', true);
        assert!(r[0].broken);
        assert_eq!(r.len(), 3);
        assert_eq!(r[2].cells, ["E2", "y"]);
    }
}
