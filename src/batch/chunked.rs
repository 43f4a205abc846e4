//! Batch stage: a JSON Lines input evaluated on several threads, chunk by chunk. The calling
//! thread cuts the input into chunks of whole lines ([`Records::next_chunk`]) and hands them to
//! the workers, which read, evaluate and render their records; it then takes the items back in
//! input order, passes each read record through the reader's gate (ids given twice,
//! `--strict`) as reading in one pass would have, and gives them to the sink. Reading thus runs
//! on every worker, and the calling thread, which only cuts and writes, mostly waits.
//!
//! Only so many chunks are in flight at once (cut, not yet given to the sink), so memory stays
//! bounded whatever the roster's size.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::calendar::Date;
use crate::eval::{self, Evaluator};
use crate::program::Program;
use crate::records::{Chunk, ChunkReader, Given, Key, ReadRecord, Records};

use super::parallel::work;
use super::{evaluate_at, Item};

/// How many bytes of input a chunk holds (whole lines, so a little more): a few hundred
/// records, enough that handing a chunk over costs little beside its reading and evaluation.
const CHUNK_BYTES: usize = 64 * 1024;

/// How many chunks may be in flight (cut, not yet given to the sink) per worker: one being
/// worked on, one waiting.
const IN_FLIGHT_PER_JOB: usize = 2;

/// A chunk's items, each with what the gate checks of a record read, and the fields its
/// records gave a value.
struct Done<T> {
    items: Vec<(Option<Key>, Item<T>)>,
    given: Given,
}

/// Evaluates a JSON Lines input's records on `jobs` worker threads, chunk by chunk (see the
/// module's documentation), and gives each item to `give` in input order with what `note`
/// returned right before. Stops at the first error of `give` and returns it.
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
    give: &mut impl FnMut(N, Item<T>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    M: Fn() -> V + Sync,
    V: FnMut(&eval::Verdict<'_>, &ReadRecord) -> T,
{
    let limit = jobs.get() * IN_FLIGHT_PER_JOB;
    // Whether the reader checks records across the input, and whether strictly.
    let strict = records.gate_mut().map(|g| g.strict);
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Chunk)>(limit);
    let work_rx = &Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Done<T>)>();
    let stop = &AtomicBool::new(false);
    let outcome = std::thread::scope(|scope| {
        for _ in 0..jobs.get() {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut evaluator = Evaluator::new(program);
                let mut view = make_view();
                work(work_rx, &done_tx, stop, |chunk: Chunk| {
                    let mut items = Vec::with_capacity(chunk.items());
                    let given = reader.read(&chunk, |r| {
                        let key = strict.and_then(|s| r.as_ref().ok().map(|r| Key::of(r, s)));
                        let out = evaluate_at(&mut evaluator, r, None, as_of, &mut view);
                        items.push((key, out));
                    });
                    Done { items, given }
                });
            });
        }
        drop(done_tx);
        let given = in_order(records, limit, &work_tx, &done_rx, note, give);
        stop.store(true, Ordering::Relaxed);
        drop(work_tx);
        given
    });
    outcome?;
    // What is left after the last chunk: the error that stopped the reading, if any, and the
    // notes on the input's end.
    let mut evaluator = None;
    let mut view = None;
    while let Some(item) = records.next() {
        let n = note(records);
        let evaluator = evaluator.get_or_insert_with(|| Evaluator::new(program));
        let view = view.get_or_insert_with(make_view);
        give(n, evaluate_at(evaluator, item, None, as_of, view))?;
    }
    Ok(())
}

/// Here, on the calling thread: cuts chunks while fewer than `limit` are in flight, and gives
/// the items of those evaluated back in input order, each read record through the gate.
fn in_order<'s, T, N, E>(
    records: &mut Records<'s>,
    limit: usize,
    work_tx: &mpsc::SyncSender<(usize, Chunk)>,
    done_rx: &mpsc::Receiver<(usize, Done<T>)>,
    note: &mut impl FnMut(&mut Records<'s>) -> N,
    give: &mut impl FnMut(N, Item<T>) -> Result<(), E>,
) -> Result<(), E> {
    let (mut sent, mut next, mut cut) = (0, 0, false);
    let mut waiting = BTreeMap::new();
    loop {
        while !cut && sent - next < limit {
            let chunk = records.next_chunk(CHUNK_BYTES);
            match chunk.map(|c| work_tx.send((sent, c))) {
                Some(Ok(())) => sent += 1,
                _ => cut = true,
            }
        }
        if next == sent {
            return Ok(());
        }
        let Ok((seq, done)) = done_rx.recv() else {
            // No worker is left (none should stop before the chunks are cut).
            return Ok(());
        };
        waiting.insert(seq, done);
        while let Some(done) = waiting.remove(&next) {
            next += 1;
            records.add_given(&done.given);
            for (key, item) in done.items {
                let item = match records.pass(key.as_ref()) {
                    Some(Ok(())) => item,
                    Some(Err(e)) => Item::Unread(e),
                    // Skipped as the repeat of a record seen before: noted by the gate.
                    None => continue,
                };
                let n = note(records);
                give(n, item)?;
            }
        }
    }
}
