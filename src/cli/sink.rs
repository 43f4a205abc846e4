//! Where `rung eval` writes: a stream of text (notices, the audit trail, JSON Lines) to
//! standard output or a file, or a report (a workbook, an HTML page) gathered in memory and
//! written to its file at the end, with the problems met on the way beside the verdicts.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rung::batch::Item;
use rung::diag::Lang;
use rung::explain::report::{self, Problem, Report, Severity};
use rung::records::RecordError;

/// The form of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An Excel workbook.
    Xlsx,
    /// One HTML page.
    Html,
}

/// Where verdicts go.
pub enum Sink<'p> {
    /// Written as they come.
    Stream(BufWriter<Box<dyn Write>>),
    /// Gathered, then written whole to `out`.
    Report {
        /// The form.
        kind: Kind,
        /// The report so far.
        report: Box<Report<'p>>,
        /// Where it goes.
        out: BufWriter<Box<dyn Write>>,
    },
}

impl<'p> Sink<'p> {
    /// Writes text to a stream; a report takes no text.
    pub fn write_text(&mut self, text: &str) -> io::Result<()> {
        self.write_bytes(text.as_bytes())
    }

    /// Writes text already encoded (UTF-8) to a stream; a report takes no text.
    pub fn write_bytes(&mut self, text: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stream(out) => out.write_all(text),
            Sink::Report { .. } => Ok(()),
        }
    }

    /// The report being gathered, if this is one.
    pub fn report(&mut self) -> Option<&mut Report<'p>> {
        match self {
            Sink::Stream(_) => None,
            Sink::Report { report, .. } => Some(report),
        }
    }

    /// Notes a problem in a report (a stream says it on standard error instead).
    pub fn problem(&mut self, p: Problem) {
        if let Some(r) = self.report() {
            r.problem(p);
        }
    }

    /// Notes a warning about an input as a whole, or a record of it.
    pub fn warning(&mut self, input: &str, message: &str) {
        self.problem(Problem {
            severity: Some(Severity::Warning),
            file: Some(input.to_string()),
            message: message.to_string(),
            ..Problem::default()
        });
    }

    /// Notes an error about an input as a whole.
    pub fn file_error(&mut self, input: &str, message: &str, help: Option<String>) {
        self.problem(Problem {
            file: Some(input.to_string()),
            message: message.to_string(),
            help,
            ..Problem::default()
        });
    }

    /// Notes a record that could not be read or evaluated.
    pub fn item_error<T>(&mut self, input: &str, item: &Item<T>, lang: Lang) {
        let p = match item {
            Item::Verdict(_) => return,
            Item::Unread(e) => record_problem(input, e, lang),
            Item::Failed { id, line, error } => Problem {
                file: Some(input.to_string()),
                line: Some(*line),
                id: Some(id.clone()),
                message: error.message(lang),
                ..Problem::default()
            },
        };
        self.problem(p);
    }

    /// Writes out what is left: flushes a stream, lays out and writes a report.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stream(mut out) => out.flush(),
            Sink::Report {
                kind,
                report,
                mut out,
            } => {
                match kind {
                    Kind::Xlsx => {
                        let bytes = report::xlsx::write(&report).map_err(io::Error::other)?;
                        out.write_all(&bytes)?;
                    }
                    Kind::Html => out.write_all(report::html::write(&report).as_bytes())?,
                }
                out.flush()
            }
        }
    }
}

/// Text for a stream; a report takes none.
impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stream(out) => out.write(buf),
            Sink::Report { .. } => Ok(buf.len()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.write_bytes(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stream(out) => out.flush(),
            Sink::Report { .. } => Ok(()),
        }
    }
}

/// A record that could not be read, as a problem: each of its problems, with its place.
fn record_problem(input: &str, e: &RecordError, lang: Lang) -> Problem {
    let place = e.place.as_ref();
    let column = place.and_then(|p| p.column.clone());
    let mut field = e.field.clone();
    if e.problems().len() > 1 {
        let fields: Vec<&str> = e
            .problems()
            .iter()
            .filter_map(|p| p.field.as_deref())
            .collect();
        field = Some(fields.join(", "));
    }
    Problem {
        severity: Some(Severity::Error),
        file: Some(input.to_string()),
        line: Some(e.line),
        id: e.id.clone(),
        field,
        sheet: place.and_then(|p| p.sheet.clone()),
        column,
        message: e.message(lang),
        help: e.help(lang),
    }
}

/// How much output is gathered before it is written: a verdict in JSON is 1–2 KB, so a
/// write call carries a few dozen of them.
const BUFFER: usize = 64 * 1024;

/// Opens where the output goes: the file, or standard output.
pub fn open(path: Option<&Path>) -> io::Result<BufWriter<Box<dyn Write>>> {
    Ok(match path {
        None => BufWriter::with_capacity(BUFFER, Box::new(io::stdout().lock())),
        Some(path) => BufWriter::with_capacity(BUFFER, Box::new(File::create(path)?)),
    })
}
