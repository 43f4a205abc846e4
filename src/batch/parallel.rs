//! Batch stage: a reader's records evaluated on several threads, handed back in input order.
//!
//! A reader thread reads and hands chunks of records to the workers; each worker has its own
//! [`Evaluator`] and view and turns a chunk into items; the calling thread puts the items back
//! in input order and gives them, one by one, to the caller's sink (which need not be `Send`:
//! it may hold standard output). Only so many chunks are in flight at once (the reader takes a
//! credit for each and gets it back when the chunk has been given to the sink), so memory stays
//! bounded whatever the roster's size, and what the sink sees — the items and what the reader
//! noted while reading each — is the same for any number of threads.
//!
//! ```
//! use rung::{compile, diag::Lang, check::MemoryLoader, calendar::Date};
//! use rung::batch::{self, Item};
//! use rung::records::{self, Encoding, Format};
//!
//! let policy = "记录 员工 { 工号: 文本 标识  分数: 整数 }\n决定 考核 { 通过: 布尔 = 分数 >= 60 }";
//! let checked = compile("demo.rung", policy, &MemoryLoader::new()).map_err(|_| "policy")?;
//! let input: String = (0..500).map(|i| format!("{{\"工号\": \"E{i}\", \"分数\": {}}}\n", i % 100)).collect();
//! let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
//! let mut ids = Vec::new();
//! let mut records = records::read(checked.program.schema(), Format::JsonLines, Encoding::Utf8, input.as_bytes(), Lang::Zh)
//!     .map_err(|_| "input")?;
//! let jobs = std::num::NonZeroUsize::new(4).ok_or("jobs")?;
//! let view = || |v: &rung::eval::Verdict<'_>, _: &records::ReadRecord| v.record().id.clone();
//! let tally = batch::run(&checked.program, as_of, &mut records, None, jobs, &view, |_| (), |(), item| {
//!     if let Item::Verdict(id) = item {
//!         ids.push(id.clone());
//!     }
//!     Ok::<(), ()>(())
//! }).map_err(|_| "sink")?;
//! assert_eq!(tally.evaluated, 500);
//! assert_eq!(ids.first().map(String::as_str), Some("E0"));
//! assert_eq!(ids.last().map(String::as_str), Some("E499"));
//! # Ok::<(), &str>(())
//! ```

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::calendar::Date;
use crate::eval::{self, Evaluator};
use crate::program::Program;
use crate::records::{ReadRecord, RecordError, Records};

use crate::eval::roster::Standing;

use super::roster::Ranking;
use super::{evaluate_at, Item, Step, Tally};

/// How many records a worker takes at a time: enough that handing them over costs little
/// beside their evaluation, few enough that the first verdicts come out soon.
const CHUNK: usize = 64;

/// How many chunks may be in flight (read, not yet given to the sink) per worker.
const IN_FLIGHT_PER_JOB: usize = 4;

/// A record as read, with what the reader noted while reading it and its place in the
/// roster decisions' groups.
type Read<N> = (N, Option<Standing>, Result<ReadRecord, RecordError>);

/// The number of threads to evaluate on: every core the system offers, or one if it cannot
/// tell.
pub fn all_cores() -> NonZeroUsize {
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// Evaluates every record of `records` on `jobs` threads and shows each item to `sink` in
/// input order (the batch drops it afterwards, on the thread that made it), with what `note`
/// returned right after the record was read (the reader's notes on the input found so far,
/// repeats it skipped). `make_view` makes each worker's view. With more than one job,
/// `records` and `note` run on a reader thread of their own (or, for JSON Lines, on the
/// calling thread); with one, nothing is spawned. Stops at the first error of the sink and
/// returns it.
///
/// With a `ranking` (a roster's decisions over groups, ranked in earlier passes), each record
/// read is evaluated with its standing; the position counts the records read, and is left at
/// the next one for the next input.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one batch, each its own kind"
)]
pub fn run<'s, T, N, V, M, E>(
    program: &Program,
    as_of: Date,
    records: &mut Records<'s>,
    ranking: Option<(&Ranking<'_>, &mut usize)>,
    jobs: NonZeroUsize,
    make_view: &M,
    note: impl FnMut(&mut Records<'s>) -> N + Send,
    mut sink: impl FnMut(N, &Item<T>) -> Result<(), E>,
) -> Result<Tally, E>
where
    T: Send,
    N: Send,
    M: Fn() -> V + Sync,
    V: FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
{
    let make = || {
        let mut view = make_view();
        move |v: &eval::Verdict<'_>, r: &ReadRecord, _: &mut Vec<u8>| view(v, r)
    };
    let give = |step: Step<'_, N, T>| match step {
        Step::Item { note, item, .. } => sink(note, item),
        Step::Written(_) => Ok(()),
    };
    drive(program, as_of, records, ranking, jobs, &make, note, give)
}

/// How much text the one-job batch gathers before it gives it whole.
const TEXT_BYTES: usize = 64 * 1024;

/// [`run`] with views that also write text: gives the items (and the texts) as [`Step`]s.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one batch, each its own kind"
)]
pub(super) fn drive<'s, T, N, V, M, E>(
    program: &Program,
    as_of: Date,
    records: &mut Records<'s>,
    mut ranking: Option<(&Ranking<'_>, &mut usize)>,
    jobs: NonZeroUsize,
    make_view: &M,
    mut note: impl FnMut(&mut Records<'s>) -> N + Send,
    mut sink: impl FnMut(Step<'_, N, T>) -> Result<(), E>,
) -> Result<Tally, E>
where
    T: Send,
    N: Send,
    M: Fn() -> V + Sync,
    V: FnMut(&eval::Verdict<'_>, &ReadRecord, &mut Vec<u8>) -> T,
{
    let mut tally = Tally::default();
    let mut give = |step: Step<'_, N, T>| {
        if let Step::Item { item, .. } = &step {
            tally.count(*item);
        }
        sink(step)
    };
    if jobs.get() > 1 && ranking.is_none() {
        if let Some(reader) = records.chunk_reader() {
            let (note, give) = (&mut note, &mut give);
            super::chunked::run(
                program, as_of, records, &reader, jobs, make_view, note, give,
            )?;
            return Ok(tally);
        }
    }
    // Its standing in the roster, for a record read.
    let mut standing = |item: &Result<ReadRecord, RecordError>| {
        let (ranking, seq) = ranking.as_mut().filter(|_| item.is_ok())?;
        let standing = ranking.standing(**seq);
        **seq += 1;
        Some(standing)
    };
    if jobs.get() == 1 {
        let mut evaluator = Evaluator::new(program);
        let mut view = make_view();
        let mut text = Vec::new();
        while let Some(item) = records.next() {
            let note = note(records);
            let at = standing(&item);
            let (item, at) = evaluate_into(
                &mut evaluator,
                item,
                at.as_ref(),
                as_of,
                &mut view,
                &mut text,
            );
            let text_now = &text;
            give(Step::Item {
                note,
                item: &item,
                text: text_now,
                at,
            })?;
            if text.len() >= TEXT_BYTES {
                give(Step::Written(&text))?;
                text.clear();
            }
        }
        give(Step::Written(&text))?;
        return Ok(tally);
    }
    let limit = jobs.get() * IN_FLIGHT_PER_JOB;
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<Read<N>>)>(jobs.get());
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Evaluated<N, T>)>();
    // One credit per chunk that may be in flight: the reader takes one before it reads a
    // chunk, and gets it back once the chunk has been given to the sink.
    let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(limit);
    for _ in 0..limit {
        if credit_tx.send(()).is_err() {
            break;
        }
    }
    let work_rx = &work_rx;
    let stop = &AtomicBool::new(false);
    let give = &mut give;
    let outcome = std::thread::scope(move |scope| {
        for _ in 0..jobs.get() {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut evaluator = Evaluator::new(program);
                let mut view = make_view();
                work(work_rx, &done_tx, stop, |chunk: Vec<Read<N>>| {
                    let mut text = Vec::new();
                    let items = chunk
                        .into_iter()
                        .map(|(n, at, r)| {
                            let at = at.as_ref();
                            let e = &mut evaluator;
                            let (out, at) = evaluate_into(e, r, at, as_of, &mut view, &mut text);
                            (n, out, at)
                        })
                        .collect::<Vec<_>>();
                    Evaluated { items, text }
                });
            });
        }
        drop(done_tx);
        // The reader: chunks of records in input order, each with its sequence number.
        let reader = scope.spawn(move || {
            let mut sent = 0;
            while credit_rx.recv().is_ok() && !stop.load(Ordering::Relaxed) {
                let mut chunk = Vec::with_capacity(CHUNK);
                while chunk.len() < CHUNK {
                    let Some(item) = records.next() else { break };
                    let n = note(records);
                    chunk.push((n, standing(&item), item));
                }
                if chunk.is_empty() || work_tx.send((sent, chunk)).is_err() {
                    break;
                }
                sent += 1;
            }
        });
        // Here: the items back in input order, to the sink, a credit back per chunk given.
        let mut order = Order::default();
        let given = (|| {
            while let Ok(done) = done_rx.recv() {
                let next = order.next;
                order.take(done, give)?;
                for _ in next..order.next {
                    // Once the reader has finished, no credit is wanted.
                    let _ = credit_tx.try_send(());
                }
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        drop(credit_tx);
        drop(done_rx);
        let _ = reader.join();
        given
    });
    outcome.map(|()| tally)
}

/// Evaluates one item of a reader with a view that writes text into `text`: the item, and
/// where its text lies (nothing, unless it gave a verdict).
pub(super) fn evaluate_into<T>(
    evaluator: &mut Evaluator<'_>,
    item: Result<ReadRecord, RecordError>,
    standing: Option<&Standing>,
    as_of: Date,
    view: &mut impl FnMut(&eval::Verdict<'_>, &ReadRecord, &mut Vec<u8>) -> T,
    text: &mut Vec<u8>,
) -> (Item<T>, Range<usize>) {
    let start = text.len();
    let mut write = |v: &eval::Verdict<'_>, r: &ReadRecord| view(v, r, text);
    let out = evaluate_at(evaluator, item, standing, as_of, &mut write);
    if !out.is_verdict() {
        text.truncate(start);
    }
    (out, start..text.len())
}

/// A chunk evaluated on the reader-thread path: its items, each with what the reader noted
/// and where its text lies, and the text.
struct Evaluated<N, T> {
    items: Vec<(N, Item<T>, Range<usize>)>,
    text: Vec<u8>,
}

/// A worker: takes work (with its sequence number) until there is no more, and sends back
/// what `each` makes of it, until the receiver has gone. Once `stop` is set, the work still
/// sent is taken and dropped, so that no sender is left waiting.
pub(super) fn work<W, R>(
    work_rx: &Mutex<mpsc::Receiver<(usize, W)>>,
    done_tx: &mpsc::Sender<(usize, R)>,
    stop: &AtomicBool,
    mut each: impl FnMut(W) -> R,
) {
    loop {
        let next = match work_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok((seq, w)) = next else { break };
        if stop.load(Ordering::Relaxed) {
            continue;
        }
        if done_tx.send((seq, each(w))).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The chunks evaluated out of order, waiting for those before them.
struct Order<N, T> {
    /// The next chunk to give to the sink.
    next: usize,
    waiting: BTreeMap<usize, Evaluated<N, T>>,
}

impl<N, T> Default for Order<N, T> {
    fn default() -> Self {
        Order {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<N, T> Order<N, T> {
    /// Takes an evaluated chunk and gives the sink every chunk now in order.
    fn take<E>(
        &mut self,
        (seq, chunk): (usize, Evaluated<N, T>),
        give: &mut impl FnMut(Step<'_, N, T>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.waiting.insert(seq, chunk);
        while let Some(Evaluated { items, text }) = self.waiting.remove(&self.next) {
            self.next += 1;
            for (note, item, at) in items {
                let text = &text;
                give(Step::Item {
                    note,
                    item: &item,
                    text,
                    at,
                })?;
            }
            give(Step::Written(&text))?;
        }
        Ok(())
    }
}
