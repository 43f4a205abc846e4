//! Batch stage: a batch whose views write text (notices, JSON Lines), given to a writer in
//! input order. Each worker writes the text of a whole chunk of verdicts into one buffer; the
//! calling thread writes runs of whole verdicts from it, a run for each stretch of records
//! where the sink wrote nothing of its own (no note, no error), instead of copying verdict by
//! verdict. The bytes written are the same as writing each record's text in turn.
//!
//! ```
//! use rung::{compile, diag::Lang, check::MemoryLoader, calendar::Date};
//! use rung::batch::{self, Item};
//! use rung::records::{self, Encoding, Format};
//! use std::io::Write;
//!
//! let policy = "记录 员工 { 工号: 文本 标识  分数: 整数 }\n决定 考核 { 通过: 布尔 = 分数 >= 60 }";
//! let checked = compile("demo.rung", policy, &MemoryLoader::new()).map_err(|_| "policy")?;
//! let input: String = (0..500).map(|i| format!("{{\"工号\": \"E{i}\", \"分数\": {}}}\n", i % 100)).collect();
//! let input = input.replace("\"E7\", \"分数\": 7", "\"E7\", \"分数\": \"七\"");
//! let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
//! let mut records = records::read(checked.program.schema(), Format::JsonLines, Encoding::Utf8, input.as_bytes(), Lang::Zh)
//!     .map_err(|_| "input")?;
//! let jobs = std::num::NonZeroUsize::new(2).ok_or("jobs")?;
//! let view = || |v: &rung::eval::Verdict<'_>, _: &records::ReadRecord, text: &mut Vec<u8>| {
//!     text.extend_from_slice(v.record().id.as_bytes());
//!     text.push(b'\n');
//! };
//! let mut out = Vec::new();
//! let tally = batch::run_text(&checked.program, as_of, &mut records, None, jobs, &view, |_| (), &mut out, |(), item, text| {
//!     match item {
//!         Item::Verdict(()) => text.keep(),
//!         _ => text.writer()?.write_all(b"error\n"),
//!     }
//! }).map_err(|_: std::io::Error| "output")?;
//! assert_eq!(tally.evaluated, 499);
//! let out = String::from_utf8(out).map_err(|_| "utf-8")?;
//! assert_eq!(out.lines().take(9).collect::<Vec<_>>(), ["E0", "E1", "E2", "E3", "E4", "E5", "E6", "error", "E8"]);
//! assert_eq!(out.lines().last(), Some("E499"));
//! # Ok::<(), &str>(())
//! ```

use std::io;
use std::num::NonZeroUsize;
use std::ops::Range;

use crate::calendar::Date;
use crate::eval;
use crate::program::Program;
use crate::records::{ReadRecord, Records};

use super::parallel::drive;
use super::roster::Ranking;
use super::{Item, Step, Tally};

/// A record's text as the sink sees it: kept, to be written after everything before it, or
/// left out; the writer is there for what the sink writes of its own.
pub struct Out<'a, W> {
    writer: &'a mut W,
    /// The text of the record's chunk.
    text: &'a [u8],
    /// Where the record's text lies in it.
    at: Range<usize>,
    /// The text kept and not yet written.
    run: &'a mut Range<usize>,
}

impl<W: io::Write> Out<'_, W> {
    /// The record's text, as its view wrote it.
    pub fn text(&self) -> &[u8] {
        self.text.get(self.at.clone()).unwrap_or_default()
    }

    /// Keeps the record's text: it is written after everything written or kept before it.
    pub fn keep(&mut self) -> io::Result<()> {
        if self.run.end != self.at.start {
            self.write_run()?;
            *self.run = self.at.start..self.at.start;
        }
        self.run.end = self.at.end;
        Ok(())
    }

    /// The writer, for what the sink writes here: the text kept before is written first.
    pub fn writer(&mut self) -> io::Result<&mut W> {
        self.write_run()?;
        Ok(self.writer)
    }

    fn write_run(&mut self) -> io::Result<()> {
        let run = std::mem::replace(self.run, self.at.start..self.at.start);
        self.writer
            .write_all(self.text.get(run).unwrap_or_default())
    }
}

/// [`run`](super::run) with views that write each verdict's text (`make_view`'s views are
/// given a buffer to append to), written to `writer`: for each item, `sink` gets what `note`
/// returned and the item's [`Out`], and either keeps the text or writes what it will through
/// [`Out::writer`]. Stops at the first error and returns it.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one batch, each its own kind"
)]
pub fn run_text<'s, T, N, V, M, W, E>(
    program: &Program,
    as_of: Date,
    records: &mut Records<'s>,
    ranking: Option<(&Ranking<'_>, &mut usize)>,
    jobs: NonZeroUsize,
    make_view: &M,
    note: impl FnMut(&mut Records<'s>) -> N + Send,
    writer: &mut W,
    mut sink: impl FnMut(N, &Item<T>, &mut Out<'_, W>) -> Result<(), E>,
) -> Result<Tally, E>
where
    T: Send,
    N: Send,
    M: Fn() -> V + Sync,
    V: FnMut(&eval::Verdict<'_>, &ReadRecord, &mut Vec<u8>) -> T,
    W: io::Write,
    E: From<io::Error>,
{
    // The text kept and not yet written, in the text of the chunk being given.
    let mut run = 0..0;
    let give = |step: Step<'_, N, T>| match step {
        Step::Item {
            note,
            item,
            text,
            at,
        } => {
            let mut out = Out {
                writer: &mut *writer,
                text,
                at,
                run: &mut run,
            };
            sink(note, item, &mut out)
        }
        Step::Written(text) => {
            let kept = std::mem::replace(&mut run, 0..0);
            writer.write_all(text.get(kept).unwrap_or_default())?;
            Ok(())
        }
    };
    drive(
        program, as_of, records, ranking, jobs, make_view, note, give,
    )
}
