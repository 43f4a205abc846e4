//! Eval stage: the grade counts of the windows a record's evaluation has counted, kept for
//! the record so that a window read by many patterns is counted once.

use crate::calendar::{Month, Period};
use crate::value::FieldValue;

use super::super::expr::{grade_counts, has_none, meets};
use super::super::value::Value;

/// How many windows a record's evaluation keeps the grade counts of.
const COUNTED: usize = 4;

/// The grade counts of the windows a record's evaluation has counted, the oldest replaced
/// first: a policy reads its few windows (the last six months, the last year) many times.
pub struct Counted {
    keys: [(usize, Period, Period); COUNTED],
    len: usize,
    next: usize,
    /// For each window, how many grades at each rank or better.
    above: [[u32; 64]; COUNTED],
    /// For each window, one past the worst rank it holds (every count from there on is zero).
    tops: [usize; COUNTED],
}

impl Default for Counted {
    fn default() -> Self {
        let m = Period::Month(Month::from_raw(0));
        Counted {
            keys: [(0, m, m); COUNTED],
            len: 0,
            next: 0,
            above: [[0; 64]; COUNTED],
            tops: [0; COUNTED],
        }
    }
}

impl Counted {
    /// Forgets every window (for the next record).
    pub(crate) fn reset(&mut self) {
        self.len = 0;
        self.next = 0;
    }

    /// How many grades at each rank or better a window holds (none for another value).
    fn above(&mut self, v: Value<'_>) -> Option<&[u32; 64]> {
        let Value::Window(map, lo, hi) = v else {
            return None;
        };
        let key = (std::ptr::from_ref(map) as usize, lo, hi);
        let keys = self.keys.get(..self.len).unwrap_or(&[]);
        let i = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                let i = self.next;
                self.next = (self.next + 1) % COUNTED;
                self.len = (self.len + 1).min(COUNTED);
                if let (Some(k), Some(a), Some(top)) = (
                    self.keys.get_mut(i),
                    self.above.get_mut(i),
                    self.tops.get_mut(i),
                ) {
                    *k = key;
                    // Counted in place, then summed from the worst rank up. Only the ranks
                    // below `top` can be other than zero.
                    a.get_mut(..*top).unwrap_or(&mut []).fill(0);
                    *top = 0;
                    for (_, g) in map.range(lo, hi) {
                        if let FieldValue::Grade(g) = g {
                            let g = usize::from(*g);
                            if let Some(c) = a.get_mut(g) {
                                *c += 1;
                                *top = (*top).max(g + 1);
                            }
                        }
                    }
                    let mut sum = 0u32;
                    for a in a.get_mut(..*top).unwrap_or(&mut []).iter_mut().rev() {
                        sum = sum.wrapping_add(*a);
                        *a = sum;
                    }
                }
                i
            }
        };
        self.above.get(i)
    }

    /// Whether the grades of `v` meet one of a pattern's alternatives.
    pub(super) fn meets(&mut self, v: Value<'_>, alts: &[Vec<(u32, u8)>]) -> bool {
        match self.above(v) {
            Some(above) => alts.iter().any(|alt| {
                alt.iter()
                    .all(|&(need, rank)| above.get(usize::from(rank)).copied().unwrap_or(0) >= need)
            }),
            None => uncounted_meets(v, alts),
        }
    }

    /// Whether `v` holds none of the grades whose ranks are set in `mask`.
    pub(super) fn has_none(&mut self, v: Value<'_>, mask: u64) -> bool {
        match self.above(v) {
            Some(above) => {
                let mut rest = mask;
                while rest != 0 {
                    let r = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    let here = above.get(r).copied().unwrap_or(0);
                    let next = above.get(r + 1).copied().unwrap_or(0);
                    if here != next {
                        return false;
                    }
                }
                true
            }
            None => uncounted_has_none(v, mask),
        }
    }
}

/// Whether the grades of `v` meet one of a pattern's alternatives, counted afresh (no counts
/// kept, or not a window): out of the compiled nodes' way.
#[cold]
#[inline(never)]
pub(super) fn uncounted_meets(v: Value<'_>, alts: &[Vec<(u32, u8)>]) -> bool {
    meets(&grade_counts(v), alts)
}

/// Whether `v` holds none of the grades whose ranks are set in `mask`, counted afresh.
#[cold]
#[inline(never)]
pub(super) fn uncounted_has_none(v: Value<'_>, mask: u64) -> bool {
    has_none(&grade_counts(v), mask)
}
