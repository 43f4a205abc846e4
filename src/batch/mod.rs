//! Batch stage: a stream of records → a verdict or a record error per record, in input order,
//! with the tally (records in = verdicts + errors). Nothing is printed here; the command line
//! chooses formats and writes.
//!
//! The unit of work is [`evaluate`]: one item of the reader, one evaluator, one date, a view
//! that turns the live evaluation into what the caller keeps. [`Batch`] runs it over a reader
//! in order; [`run`] runs it on several threads (`rung eval --jobs`), each worker with its own
//! [`Evaluator`], and gives the items back in input order. `rung test`, `rung snapshot` and
//! `rung diff` call it too.
//!
//! The evaluation itself allocates nothing once the evaluator is warm; what the view builds
//! (an owned [`RecordVerdict`], a rendered notice) is the caller's choice.
//!
//! ```
//! use rung::{compile, diag::Lang, check::MemoryLoader, calendar::Date};
//! use rung::batch::{Batch, Item};
//! use rung::records::{self, Encoding, Format};
//!
//! let policy = "记录 员工 { 工号: 文本 标识  分数: 整数 }\n决定 考核 { 通过: 布尔 = 分数 >= 60 }";
//! let checked = compile("demo.rung", policy, &MemoryLoader::new()).map_err(|_| "policy")?;
//! let input = "{\"工号\": \"E1\", \"分数\": 75}\n{\"工号\": \"E2\", \"分数\": \"七十\"}\n";
//! let records = records::read(checked.program.schema(), Format::JsonLines, Encoding::Utf8, input.as_bytes(), Lang::Zh)
//!     .map_err(|_| "input")?;
//! let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
//! let mut batch = Batch::verdicts(&checked.program, as_of, records, Default::default());
//! let items: Vec<_> = batch.by_ref().collect();
//! assert!(matches!(&items[0], Item::Verdict(v) if v.id == "E1"));
//! assert!(matches!(&items[1], Item::Unread(e) if e.field.as_deref() == Some("分数")));
//! let tally = batch.tally();
//! assert_eq!((tally.read, tally.evaluated, tally.failed), (2, 1, 1));
//! # Ok::<(), &str>(())
//! ```

mod chunked;
mod handoff;
mod parallel;
pub mod roster;
mod text;

pub use parallel::{all_cores, run};
pub use text::{run_text, Out};

use std::ops::Range;

use crate::calendar::Date;
use crate::eval::roster::Standing;
use crate::eval::{self, EvalError, Evaluator};
use crate::program::Program;
use crate::records::{ReadRecord, RecordError, Records};
use crate::verdict::{self, Options, RecordVerdict, Warning};

/// What became of one record.
#[derive(Clone, Debug, PartialEq)]
pub enum Item<T> {
    /// The record's verdict, as the view made it.
    Verdict(T),
    /// The record could not be read.
    Unread(RecordError),
    /// The record was read, but its evaluation failed.
    Failed {
        /// The record's id.
        id: String,
        /// The line of the input where it starts.
        line: usize,
        /// What went wrong.
        error: EvalError,
    },
}

impl<T> Item<T> {
    /// Whether the record gave a verdict.
    pub fn is_verdict(&self) -> bool {
        matches!(self, Item::Verdict(_))
    }
}

/// The counts of a batch: `read == evaluated + failed`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records read (every item of the input).
    pub read: usize,
    /// Records that gave a verdict.
    pub evaluated: usize,
    /// Records that could not be read or evaluated.
    pub failed: usize,
}

impl Tally {
    /// Counts one item.
    pub fn count<T>(&mut self, item: &Item<T>) {
        self.read += 1;
        if item.is_verdict() {
            self.evaluated += 1;
        } else {
            self.failed += 1;
        }
    }
}

/// Evaluates one item of a reader on a date; `view` turns the evaluation (and the record as
/// read, with its notes) into what the caller keeps.
pub fn evaluate<T>(
    evaluator: &mut Evaluator<'_>,
    item: Result<ReadRecord, RecordError>,
    as_of: Date,
    view: &mut impl FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
) -> Item<T> {
    evaluate_at(evaluator, item, None, as_of, view)
}

/// [`evaluate`] with the record's standing in the roster decisions' groups
/// ([`roster::Ranking::standing`]); without one, roster decisions are pending.
pub fn evaluate_at<T>(
    evaluator: &mut Evaluator<'_>,
    item: Result<ReadRecord, RecordError>,
    standing: Option<&Standing>,
    as_of: Date,
    view: &mut impl FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
) -> Item<T> {
    match item {
        Err(e) => Item::Unread(e),
        Ok(read) => {
            match evaluator.with_standing(&read.record, as_of, standing, |v| view(v, &read)) {
                Ok(t) => Item::Verdict(t),
                Err(error) => Item::Failed {
                    id: read.record.id.clone(),
                    line: read.record.line,
                    error,
                },
            }
        }
    }
}

/// What the calling thread of a batch gives, in input order: each record's item, with what
/// the reader noted right after reading it and where the text its view wrote lies in the text
/// of its chunk; then, once all its items are given, that text whole.
pub(crate) enum Step<'a, N, T> {
    /// A record's item.
    Item {
        /// What the reader noted.
        note: N,
        /// The item.
        item: &'a Item<T>,
        /// The text of the record's chunk (so far).
        text: &'a [u8],
        /// Where the record's text lies in it.
        at: Range<usize>,
    },
    /// A chunk's items are all given: its text, whole.
    Written(&'a [u8]),
}

/// The owned verdict of an evaluation, with the reader's notes on the record as warnings.
pub fn owned(v: &eval::Verdict<'_>, read: &ReadRecord, options: Options) -> RecordVerdict {
    let mut verdict = verdict::of(v, options);
    verdict.warnings.extend(
        read.warnings
            .iter()
            .map(|n| Warning::Record { message: n.clone() }),
    );
    verdict
}

/// The view that builds owned verdicts.
pub type OwnedView = Box<dyn FnMut(&eval::Verdict<'_>, &ReadRecord) -> RecordVerdict>;

/// A reader's records evaluated one by one, in input order.
pub struct Batch<'p, 's, F> {
    evaluator: Evaluator<'p>,
    records: Records<'s>,
    as_of: Date,
    view: F,
    tally: Tally,
    /// The roster's ranking and the position of the next record read among all read.
    ranking: Option<(&'p roster::Ranking<'p>, usize)>,
}

impl<'p, 's> Batch<'p, 's, OwnedView> {
    /// A batch giving owned verdicts.
    pub fn verdicts(
        program: &'p Program,
        as_of: Date,
        records: Records<'s>,
        options: Options,
    ) -> Self {
        Batch::new(
            program,
            as_of,
            records,
            Box::new(move |v: &eval::Verdict<'_>, r: &ReadRecord| owned(v, r, options)),
        )
    }
}

impl<'p, 's, T, F> Batch<'p, 's, F>
where
    F: FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
{
    /// A batch with a view of its own.
    pub fn new(program: &'p Program, as_of: Date, records: Records<'s>, view: F) -> Self {
        Batch {
            evaluator: Evaluator::new(program),
            records,
            as_of,
            view,
            tally: Tally::default(),
            ranking: None,
        }
    }

    /// Gives each record its standing in the roster decisions from a ranking built over the
    /// same records ([`roster::Ranking`]); `first` is the position of this reader's first
    /// record among all the records ranked (0 for the first input).
    pub fn ranked(mut self, ranking: &'p roster::Ranking<'p>, first: usize) -> Self {
        self.ranking = Some((ranking, first));
        self
    }

    /// The position of the next record among all those ranked (after this reader's last
    /// record, where the next input's count starts).
    pub fn next_position(&self) -> usize {
        self.ranking.map_or(0, |(_, seq)| seq)
    }

    /// The counts so far.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// The reader's notes on the input as a whole, as found so far.
    pub fn notices(&self) -> &[String] {
        self.records.notices()
    }

    /// The reader, to ask what else it found (fields absent from the input, repeats skipped).
    pub fn records_mut(&mut self) -> &mut Records<'s> {
        &mut self.records
    }
}

impl<T, F> Iterator for Batch<'_, '_, F>
where
    F: FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
{
    type Item = Item<T>;

    fn next(&mut self) -> Option<Item<T>> {
        let item = self.records.next()?;
        let standing = match (&mut self.ranking, &item) {
            (Some((ranking, seq)), Ok(_)) => {
                let standing = ranking.standing(*seq);
                *seq += 1;
                Some(standing)
            }
            _ => None,
        };
        let out = evaluate_at(
            &mut self.evaluator,
            item,
            standing.as_ref(),
            self.as_of,
            &mut self.view,
        );
        self.tally.count(&out);
        Some(out)
    }
}
