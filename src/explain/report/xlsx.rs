//! Explain stage: a report as an Excel workbook (`.xlsx`). The first sheet holds the verdicts,
//! one row per person and one column per decision's status, outcome field, clauses and reason;
//! the second the problems (records that could not be read or evaluated, with their file, line,
//! field and column, and the warnings). Each sheet has its header row frozen, a filter on every
//! column, and columns as wide as their content (a Chinese character counts two).

use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::width::display_width;
use super::{Cell, Report};

/// The widest a column is made, in characters: longer text is cut off at the column's edge
/// and shows in full in the cell.
const MAX_WIDTH: usize = 60;

/// The workbook's bytes.
pub fn write(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    let lang = report.lang();
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");

    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("评定结果", "verdicts"))?;
    let columns = report.columns();
    let mut grid = Grid::new(sheet, columns.len());
    for (c, col) in columns.iter().enumerate() {
        grid.text(0, c, &report.header(*col), Some(&header))?;
    }
    for (r, person) in report.people().iter().enumerate() {
        let row = r + 1;
        for (c, col) in columns.iter().enumerate() {
            match report.cell(person, *col) {
                Cell::Empty => {}
                Cell::Text(t) => grid.text(row, c, &t, None)?,
                Cell::Reason(p) => grid.text(row, c, &p.short(lang), None)?,
                Cell::Number(n) => grid.number(row, c, n)?,
                Cell::Date(d) => {
                    let (y, m, day) = d.ymd();
                    let when = ExcelDateTime::from_ymd(
                        u16::try_from(y).unwrap_or(1900),
                        u8::try_from(m).unwrap_or(1),
                        u8::try_from(day).unwrap_or(1),
                    );
                    match when {
                        Ok(when) => {
                            grid.sheet.write_datetime_with_format(
                                cell_row(row)?,
                                cell_col(c)?,
                                &when,
                                &date,
                            )?;
                            grid.widen(c, 10);
                        }
                        // Outside Excel's calendar (before 1900): the date as text.
                        Err(_) => grid.text(row, c, &d.to_string(), None)?,
                    }
                }
            }
        }
    }
    grid.finish(report.people().len(), 1)?;

    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("问题", "problems"))?;
    let headers = report.problem_headers();
    let mut grid = Grid::new(sheet, headers.len());
    for (c, h) in headers.iter().enumerate() {
        grid.text(0, c, h, Some(&header))?;
    }
    for (r, p) in report.problems().iter().enumerate() {
        let row = r + 1;
        let (letter, head) = p.column.clone().unwrap_or_default();
        let texts = [
            Some(report.severity_word(p).to_string()),
            p.file.clone(),
            None,
            p.sheet.clone(),
            Some(letter),
            Some(head),
            p.id.clone(),
            p.field.clone(),
            Some(p.message.clone()),
            p.help.clone(),
        ];
        for (c, t) in texts.iter().enumerate() {
            match t {
                Some(t) if !t.is_empty() => grid.text(row, c, t, None)?,
                _ => {}
            }
        }
        if let Some(line) = p.line {
            grid.number(row, 2, line as f64)?;
        }
    }
    grid.finish(report.problems().len(), 0)?;
    book.save_to_buffer()
}

/// A sheet being filled, with the width each column needs.
struct Grid<'s> {
    sheet: &'s mut Worksheet,
    widths: Vec<usize>,
}

impl<'s> Grid<'s> {
    fn new(sheet: &'s mut Worksheet, columns: usize) -> Grid<'s> {
        Grid {
            sheet,
            widths: vec![0; columns],
        }
    }

    fn widen(&mut self, c: usize, w: usize) {
        if let Some(x) = self.widths.get_mut(c) {
            *x = (*x).max(w);
        }
    }

    fn text(&mut self, r: usize, c: usize, t: &str, f: Option<&Format>) -> Result<(), XlsxError> {
        let (row, col) = (cell_row(r)?, cell_col(c)?);
        match f {
            Some(f) => self.sheet.write_string_with_format(row, col, t, f)?,
            None => self.sheet.write_string(row, col, t)?,
        };
        // A header's filter button takes about two characters.
        self.widen(c, display_width(t) + if f.is_some() { 4 } else { 0 });
        Ok(())
    }

    fn number(&mut self, r: usize, c: usize, n: f64) -> Result<(), XlsxError> {
        self.sheet.write_number(cell_row(r)?, cell_col(c)?, n)?;
        self.widen(c, n.to_string().len());
        Ok(())
    }

    /// Freezes the header row (and `frozen` columns), filters every column, sets the widths.
    fn finish(self, rows: usize, frozen: u16) -> Result<(), XlsxError> {
        let last = cell_col(self.widths.len().saturating_sub(1))?;
        self.sheet.set_freeze_panes(1, frozen)?;
        self.sheet.autofilter(0, 0, cell_row(rows)?, last)?;
        for (c, w) in self.widths.iter().enumerate() {
            let w = (*w).clamp(4, MAX_WIDTH) + 1;
            self.sheet.set_column_width(cell_col(c)?, w as f64)?;
        }
        Ok(())
    }
}

fn cell_row(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)
}

fn cell_col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}
