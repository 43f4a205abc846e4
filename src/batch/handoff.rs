//! Batch stage: where the calling thread and the workers of a chunked batch meet. One lock
//! guards the queue of work, the results not yet taken and the results spent; a thread waits
//! (and is woken) only when it has nothing else to do: a worker when the queue is empty, the
//! calling thread when the next result in order is the one a worker is on. Every other
//! hand-over is a lock taken and released, with no system call unless the lock is contended.
//!
//! A result spent (given to the sink) goes back to the worker that made it, to be reused or
//! dropped there: memory freed by another thread than the one that took it makes glibc's malloc take
//! the taker's arena lock, on which the two threads then wait for each other (that, not the
//! hand-overs, was most of what two jobs spent in system calls).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How many spent results a worker keeps for reuse: about as many as it has in flight, so
/// that it seldom makes a result's buffers anew (a large buffer freed goes back to the system,
/// and is paid again in page faults when the next one is filled).
pub(super) const KEPT: usize = 4;

/// Work queued in order (each piece with its sequence number) and the results made of it.
pub(super) struct Handoff<W, R> {
    state: Mutex<State<W, R>>,
    /// Signalled when work is queued or the queue closed: the workers wait on it.
    work: Condvar,
    /// Signalled when the result the calling thread waits for is in: it waits on it.
    done: Condvar,
}

struct State<W, R> {
    queue: VecDeque<(usize, W)>,
    /// Results from the workers, by sequence number, each with the worker that made it, not
    /// yet taken.
    done: BTreeMap<usize, (R, usize)>,
    /// Per worker: the results it made that have been spent, for it to drop.
    spent: Vec<VecDeque<R>>,
    /// No more work will be queued: the workers leave once the queue is empty.
    closed: bool,
    /// How many workers wait for work.
    idle: usize,
    /// The sequence number of the result the calling thread waits for, if it waits.
    waits_for: Option<usize>,
    /// A worker stopped without finishing its work (it panicked).
    broken: bool,
}

/// What the calling thread got from [`Handoff::exchange`].
pub(super) struct Turn<W> {
    /// Work to do here (the oldest queued), given when no result was ready.
    pub take: Option<(usize, W)>,
    /// How much work is left queued.
    pub queued: usize,
    /// A worker stopped without finishing its work: nothing more will come.
    pub broken: bool,
}

/// A result ready to give: made here (None) or by a worker.
pub(super) type Ready<R> = (R, Option<usize>);

impl<W, R> Handoff<W, R> {
    /// A hand-over for `workers` workers, with room for `spent` results spent per worker
    /// before its queue of them grows.
    pub(super) fn new(workers: usize, spent: usize) -> Self {
        Handoff {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                done: BTreeMap::new(),
                spent: (0..workers)
                    .map(|_| VecDeque::with_capacity(spent))
                    .collect(),
                closed: false,
                idle: 0,
                waits_for: None,
                broken: false,
            }),
            work: Condvar::new(),
            done: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<W, R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Worker number `me`: takes work until the queue is empty and closed, puts in what `each`
    /// makes of it, and drops its results once spent, all but a few kept for `each` to reuse
    /// (it is given those spent and kept).
    pub(super) fn work(&self, me: usize, mut each: impl FnMut(W, &mut Vec<R>) -> R) {
        let _leaving = Leaving(self);
        let mut spent = Vec::new();
        let mut state = self.lock();
        loop {
            if let Some(mine) = state.spent.get_mut(me) {
                spent.extend(mine.drain(..));
            }
            if let Some((seq, w)) = state.queue.pop_front() {
                drop(state);
                let result = each(w, &mut spent);
                spent.truncate(KEPT);
                state = self.lock();
                state.done.insert(seq, (result, me));
                if state.waits_for == Some(seq) {
                    state.waits_for = None;
                    self.done.notify_one();
                }
                continue;
            }
            if spent.len() > KEPT {
                drop(state);
                spent.truncate(KEPT);
                state = self.lock();
                continue;
            }
            if state.closed {
                return;
            }
            state.idle += 1;
            state = self
                .work
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.idle -= 1;
        }
    }

    /// The calling thread: queues `fresh` (and, if `last`, closes the queue), hands the results
    /// `spent` back to the workers that made them, then moves into `ready` the results from
    /// `next` on, in order, that are in (put in by a worker, or `here`). When none is: takes
    /// the oldest work queued; with none queued, returns empty-handed if `can_queue` (more work
    /// can be cut), or else waits for result `next`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one hand-over, both ways, under one lock"
    )]
    pub(super) fn exchange(
        &self,
        fresh: &mut Vec<(usize, W)>,
        last: bool,
        spent: &mut Vec<(R, usize)>,
        mut next: usize,
        here: &mut BTreeMap<usize, R>,
        ready: &mut Vec<Ready<R>>,
        can_queue: bool,
    ) -> Turn<W> {
        let mut state = self.lock();
        self.queue(&mut state, fresh, last);
        for (r, by) in spent.drain(..) {
            if let Some(theirs) = state.spent.get_mut(by) {
                theirs.push_back(r);
            }
        }
        loop {
            loop {
                if let Some(r) = here.remove(&next) {
                    ready.push((r, None));
                } else if let Some((r, by)) = state.done.remove(&next) {
                    ready.push((r, Some(by)));
                } else {
                    break;
                }
                next += 1;
            }
            let mut turn = Turn {
                take: None,
                queued: state.queue.len(),
                broken: state.broken,
            };
            if !ready.is_empty() || state.broken {
                return turn;
            }
            turn.take = state.queue.pop_front();
            if turn.take.is_some() || can_queue {
                turn.queued = state.queue.len();
                return turn;
            }
            state.waits_for = Some(next);
            state = self
                .done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waits_for = None;
        }
    }

    /// The calling thread: queues `fresh` (and, if `last`, closes the queue); returns how much
    /// work is queued.
    pub(super) fn push(&self, fresh: &mut Vec<(usize, W)>, last: bool) -> usize {
        let mut state = self.lock();
        self.queue(&mut state, fresh, last);
        state.queue.len()
    }

    /// Queues `fresh` and wakes as many idle workers.
    fn queue(&self, state: &mut State<W, R>, fresh: &mut Vec<(usize, W)>, last: bool) {
        let added = fresh.len();
        state.queue.extend(fresh.drain(..));
        if last {
            state.closed = true;
        }
        let wake = if last {
            state.idle
        } else {
            added.min(state.idle)
        };
        for _ in 0..wake {
            self.work.notify_one();
        }
    }

    /// Closes the queue; with `discard`, drops the work still queued. Wakes the workers that
    /// wait, so that they leave.
    pub(super) fn close(&self, discard: bool) {
        let mut state = self.lock();
        state.closed = true;
        if discard {
            state.queue.clear();
        }
        if state.idle > 0 {
            self.work.notify_all();
        }
    }
}

/// A worker's leaving: if it is by a panic, the calling thread must not wait for its result.
struct Leaving<'a, W, R>(&'a Handoff<W, R>);

impl<W, R> Drop for Leaving<'_, W, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut state = self.0.lock();
            state.broken = true;
            self.0.done.notify_all();
        }
    }
}
