//! Batch stage: a JSON Lines input evaluated on several threads, chunk by chunk. The calling
//! thread cuts the input into chunks of whole lines ([`Records::next_chunk`]) and queues them
//! for the workers, which read, evaluate and render their records; it then takes the items
//! back in input order, passes each read record through the reader's gate (ids given twice,
//! `--strict`) as reading in one pass would have, and gives them to the sink. With `--jobs N`
//! there are N − 1 workers: the calling thread is the N-th, and takes a chunk itself whenever
//! it has nothing to write, so that it waits only when the next chunk to write is the one a
//! worker is on (see [`super::handoff`] for how the threads meet).
//!
//! Only so many chunks are in flight at once (cut, not yet given to the sink), so memory stays
//! bounded whatever the roster's size.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::Range;

use crate::calendar::Date;
use crate::eval::{self, Evaluator};
use crate::program::Program;
use crate::records::{Chunk, ChunkReader, Given, Key, ReadRecord, Records};

use super::handoff::{Handoff, KEPT};
use super::parallel::evaluate_into;
use super::{Item, Step};

/// How many bytes of input a chunk holds (whole lines, so a little more): a few hundred
/// records, enough that handing a chunk over costs little beside its reading and evaluation.
const CHUNK_BYTES: usize = 64 * 1024;

/// How many chunks may be in flight (cut, not yet given to the sink) per job: one being
/// worked on, one queued, one evaluated and waiting for those before it.
const IN_FLIGHT_PER_JOB: usize = 3;

/// How many chunks the calling thread keeps queued per worker, so that a worker finds the
/// next one ready while the calling thread writes or evaluates a chunk of its own.
const QUEUED_PER_WORKER: usize = 2;

/// A chunk's items, each with what the gate checks of a record read and where the text its
/// view wrote lies in the chunk's; that text; and the fields its records gave a value.
pub(super) struct Done<T> {
    items: Vec<(Option<Key>, Item<T>, Range<usize>)>,
    /// The text of the chunk's verdicts, one after another, to be written in runs.
    text: Vec<u8>,
    given: Given,
    /// The chunk read, dropped by the calling thread, which cut it.
    chunk: Option<Chunk>,
}

/// Evaluates a JSON Lines input's records on `jobs` threads, chunk by chunk (see the module's
/// documentation), and gives each item to `give` in input order with what `note` returned
/// right before, and each chunk's text once its items are given. Stops at the first error of `give` and returns it.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one batch, each its own kind"
)]
pub(super) fn run<'s, T, N, V, M, E>(
    program: &Program,
    as_of: Date,
    records: &mut Records<'s>,
    reader: &ChunkReader<'s>,
    jobs: NonZeroUsize,
    make_view: &M,
    note: &mut impl FnMut(&mut Records<'s>) -> N,
    give: &mut impl FnMut(Step<'_, N, T>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    M: Fn() -> V + Sync,
    V: FnMut(&eval::Verdict<'_>, &ReadRecord, &mut Vec<u8>) -> T,
{
    // Whether the reader checks records across the input, and whether strictly.
    let strict = records.gate_mut().map(|g| g.strict);
    // A thread's evaluator and view, and how it reads, evaluates and renders a chunk, into
    // the buffers of a chunk it made before and that has been spent, if there is one.
    let start = || (Evaluator::new(program), make_view());
    let each =
        |(evaluator, view): &mut (Evaluator<'_>, V), chunk: Chunk, spent: &mut Vec<Done<T>>| {
            let (mut items, mut text) = match spent.pop() {
                Some(old) => (old.items, old.text),
                None => (Vec::new(), Vec::new()),
            };
            items.clear();
            text.clear();
            items.reserve(chunk.items());
            let given = reader.read(&chunk, |r| {
                let key = strict.and_then(|s| r.as_ref().ok().map(|r| Key::of(r, s)));
                let (item, at) = evaluate_into(evaluator, r, None, as_of, view, &mut text);
                items.push((key, item, at));
            });
            Done {
                items,
                text,
                given,
                chunk: Some(chunk),
            }
        };
    let workers = jobs.get() - 1;
    let handoff = &Handoff::new(workers, jobs.get() * IN_FLIGHT_PER_JOB);
    let outcome = std::thread::scope(|scope| {
        for me in 0..workers {
            scope.spawn(move || {
                let mut mine = start();
                handoff.work(me, |chunk, spent| each(&mut mine, chunk, spent));
            });
        }
        let mut mine = None;
        let mut own =
            |chunk: Chunk, spent: &mut Vec<_>| each(mine.get_or_insert_with(start), chunk, spent);
        let given = in_order(records, handoff, jobs, workers, &mut own, note, give);
        // Whether done or stopped: the workers leave once they have finished their chunk.
        handoff.close(true);
        given
    });
    outcome?;
    // What is left after the last chunk: the error that stopped the reading, if any, and the
    // notes on the input's end.
    let mut state = None;
    let mut text = Vec::new();
    while let Some(item) = records.next() {
        let note = note(records);
        let (evaluator, view) = state.get_or_insert_with(start);
        text.clear();
        let (item, at) = evaluate_into(evaluator, item, None, as_of, view, &mut text);
        let item = &item;
        give(Step::Item {
            note,
            item,
            text: &text,
            at,
        })?;
        give(Step::Written(&text))?;
    }
    Ok(())
}

/// Here, on the calling thread: cuts chunks while fewer than the limit are in flight, keeps
/// the workers' queue filled, gives the items of the chunks evaluated back in input order
/// (each read record through the gate), and evaluates a chunk itself (`own`) whenever it has
/// nothing to give.
fn in_order<'s, T, N, E>(
    records: &mut Records<'s>,
    handoff: &Handoff<Chunk, Done<T>>,
    jobs: NonZeroUsize,
    workers: usize,
    own: &mut impl FnMut(Chunk, &mut Vec<Done<T>>) -> Done<T>,
    note: &mut impl FnMut(&mut Records<'s>) -> N,
    give: &mut impl FnMut(Step<'_, N, T>) -> Result<(), E>,
) -> Result<(), E> {
    let mut cutter = Cutter {
        limit: jobs.get() * IN_FLIGHT_PER_JOB,
        queue_for: workers * QUEUED_PER_WORKER,
        sent: 0,
        cut: false,
    };
    let (mut next, mut queued) = (0, 0);
    // The chunks evaluated here, waiting for those before them.
    let mut here = BTreeMap::new();
    let (mut fresh, mut ready, mut spent) = (Vec::new(), Vec::new(), Vec::new());
    // The chunks evaluated here and spent, whose buffers the next one evaluated here reuses.
    let mut spent_here = Vec::new();
    loop {
        cutter.top_up(records, &mut fresh, next, queued);
        if cutter.cut && fresh.is_empty() && next == cutter.sent {
            return Ok(());
        }
        let can_cut = !cutter.cut && cutter.sent - next < cutter.limit;
        let last = cutter.cut;
        let turn = handoff.exchange(
            &mut fresh, last, &mut spent, next, &mut here, &mut ready, can_cut,
        );
        queued = turn.queued;
        if turn.broken {
            // A worker panicked: the scope's end reports it.
            return Ok(());
        }
        if let Some((seq, chunk)) = turn.take {
            // Keep the workers busy while this one is evaluated here.
            cutter.top_up(records, &mut fresh, next, queued);
            if !fresh.is_empty() || (cutter.cut && !last) {
                queued = handoff.push(&mut fresh, cutter.cut);
            }
            here.insert(seq, own(chunk, &mut spent_here));
        }
        for (mut done, by) in ready.drain(..) {
            next += 1;
            records.add_given(&done.given);
            for (key, item, at) in &done.items {
                let failed;
                let item = match records.pass(key.as_ref()) {
                    Some(Ok(())) => item,
                    Some(Err(e)) => {
                        failed = Item::Unread(e);
                        &failed
                    }
                    // Skipped as the repeat of a record seen before: noted by the gate.
                    None => continue,
                };
                let note = note(records);
                give(Step::Item {
                    note,
                    item,
                    text: &done.text,
                    at: at.clone(),
                })?;
            }
            give(Step::Written(&done.text))?;
            // The chunk is dropped here, where it was cut; the rest where it was made.
            drop(done.chunk.take());
            match by {
                Some(by) => spent.push((done, by)),
                None => {
                    spent_here.truncate(KEPT - 1);
                    spent_here.push(done);
                }
            }
        }
    }
}

/// Cuts the input into chunks while the window of chunks in flight, and the workers' queue,
/// have room.
struct Cutter {
    /// How many chunks may be in flight.
    limit: usize,
    /// How many chunks to keep queued for the workers.
    queue_for: usize,
    /// How many chunks have been cut.
    sent: usize,
    /// Whether the input has no more chunks.
    cut: bool,
}

impl Cutter {
    /// Cuts into `fresh` what there is room for, with `next` the next chunk to give and
    /// `queued` the chunks queued.
    fn top_up(
        &mut self,
        records: &mut Records<'_>,
        fresh: &mut Vec<(usize, Chunk)>,
        next: usize,
        queued: usize,
    ) {
        while !self.cut && self.sent - next < self.limit && queued + fresh.len() < self.queue_for {
            match records.next_chunk(CHUNK_BYTES) {
                Some(chunk) => {
                    fresh.push((self.sent, chunk));
                    self.sent += 1;
                }
                None => self.cut = true,
            }
        }
    }
}
