//! Records stage: finds a record id given twice, in one input or across several (the same
//! roster passed twice, a person on two sheets), and tells whether the two records are the same.
//! A [`Gate`] set on a reader applies it as records are read, with `--strict`'s rule too.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use crate::value::Record;

use super::error::{RecordError, RecordErrorKind};
use super::ReadRecord;

/// What a reader checks across inputs: an id given twice is an error naming both places, or,
/// with `dedupe`, the repeat of the same record is skipped (and listed); with `strict`, a
/// record with warnings is an error.
#[derive(Debug, Default)]
pub struct Gate {
    seen: SeenIds,
    /// The inputs' names, in order; the last is the one being read.
    names: Vec<String>,
    /// Evaluate a record given twice once.
    pub dedupe: bool,
    /// A record with warnings is an error.
    pub strict: bool,
    skipped: Vec<Skipped>,
}

/// A record skipped as the repeat of one seen before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its id.
    pub id: String,
    /// Its input and line.
    pub input: String,
    /// Its line (or spreadsheet row).
    pub line: usize,
    /// The input and line of the first.
    pub first: (String, usize),
}

impl Gate {
    /// A gate with no id seen yet.
    pub fn new(dedupe: bool, strict: bool) -> Self {
        Gate {
            dedupe,
            strict,
            ..Gate::default()
        }
    }

    /// Begins the next input, named as the caller names it.
    pub fn begin(&mut self, input: &str) {
        self.names.push(input.to_string());
    }

    /// The repeats skipped since last asked.
    pub fn take_skipped(&mut self) -> Vec<Skipped> {
        std::mem::take(&mut self.skipped)
    }

    /// A record read: passed on, made an error, or (None) skipped.
    pub(super) fn pass(&mut self, read: ReadRecord) -> Option<Result<ReadRecord, RecordError>> {
        let key = Key::of(&read, self.strict);
        match self.check(&key)? {
            Ok(()) => Some(Ok(read)),
            Err(e) => Some(Err(e)),
        }
    }

    /// Checks a record read elsewhere (on another thread, [`Key::of`]) as [`Records`] would
    /// have as it read it, in the same order: passed on (`Ok`), made an error, or (None)
    /// skipped.
    ///
    /// [`Records`]: super::Records
    pub fn check(&mut self, key: &Key) -> Option<Result<(), RecordError>> {
        let input = self.names.len().saturating_sub(1);
        let fail = |kind| RecordError {
            id: Some(key.id.clone()),
            ..RecordError::at(key.line, kind)
        };
        if let Some(first) = self.seen.see_print(input, &key.id, key.line, key.print) {
            let name = |i: usize| self.names.get(i).cloned().unwrap_or_default();
            if self.dedupe && first.same {
                self.skipped.push(Skipped {
                    id: key.id.clone(),
                    input: name(input),
                    line: key.line,
                    first: (name(first.input), first.line),
                });
                return None;
            }
            return Some(Err(fail(RecordErrorKind::DuplicateId {
                input: name(first.input),
                line: first.line,
                same: first.same,
            })));
        }
        if let Some(w) = &key.warning {
            return Some(Err(fail(RecordErrorKind::Warning(w.clone()))));
        }
        Some(Ok(()))
    }
}

/// What a [`Gate`] checks of a record: its id, line, a fingerprint of its values and, under
/// `--strict`, its first warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    id: String,
    line: usize,
    print: u64,
    warning: Option<String>,
}

impl Key {
    /// What a gate (`strict` or not) checks of a record read.
    pub fn of(read: &ReadRecord, strict: bool) -> Key {
        Key {
            id: read.record.id.clone(),
            line: read.record.line,
            print: super::print::fingerprint(&read.record.fields),
            warning: read.warnings.first().filter(|_| strict).cloned(),
        }
    }
}

/// Where a record was first seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstSeen {
    /// The input's index, as the caller counts its inputs.
    pub input: usize,
    /// The record's line (or spreadsheet row) in it.
    pub line: usize,
    /// Whether the record seen again holds the same values.
    pub same: bool,
}

/// The ids seen so far, each with where it was first seen and a fingerprint of its values.
///
/// Kept compact, as a roster of a million records holds a million ids (~35 bytes each beside
/// the id's text): the ids' text one after another in one arena, 16 bytes per entry (the values'
/// fingerprint, where its id ends in the arena, its line), and a table of entry numbers hashed
/// by their id's text (the hash is not stored: growing the table hashes the ids again). An id
/// is found by its hash and then compared by its text, so two ids with the same hash are still
/// told apart. What rarely needs more than 32 bits (an arena past 4 GiB, a line past
/// `u32::MAX`) is kept on the side, and the input of each entry as runs of entries.
#[derive(Debug, Default)]
pub struct SeenIds {
    /// Every id's text, one after another.
    text: String,
    entries: Vec<Entry>,
    /// The entries by their id's hash.
    table: hashbrown::HashTable<u32>,
    /// The entries at which the arena's length passed another multiple of 2³² (an entry
    /// as many times as its id passed one): where an entry's id ends is its `end` plus 2³²
    /// for each of these up to it.
    wraps: Vec<u32>,
    /// The lines of the entries whose line does not fit its `line` (which holds `u32::MAX`).
    long_lines: HashMap<u32, usize>,
    /// Runs of entries from one input: the first entry of each run and its input.
    inputs: Vec<(u32, usize)>,
}

/// An id seen, with the fingerprint of the first record's values.
#[derive(Debug)]
struct Entry {
    print: u64,
    /// Where its id ends in the arena, less 2³² for each wrap before (see `SeenIds::wraps`).
    end: u32,
    /// Its line, or `u32::MAX` if it is kept in `SeenIds::long_lines`.
    line: u32,
}

/// A 64-bit hash of an id: foldhash with a fixed seed, several times faster than the standard
/// library's SipHash, and as good a spread (an id's hash only finds its candidate entries,
/// whose text is then compared). A record's values are fingerprinted by `print`.
fn hash_of(v: impl Hash) -> u64 {
    const SEED: u64 = 0x7275_6e67_5f69_6473;
    foldhash::quality::FixedState::with_seed(SEED).hash_one(v)
}

/// Entry `i`'s id in the arena (a free function, so that the table can hash with it while
/// it grows).
fn id_of<'a>(text: &'a str, entries: &[Entry], wraps: &[u32], i: u32) -> Option<&'a str> {
    let end = |i: u32| -> Option<usize> {
        let wrapped = wraps.partition_point(|w| *w <= i);
        let end = u64::from(entries.get(usize::try_from(i).ok()?)?.end);
        usize::try_from((u64::try_from(wrapped).ok()? << 32) + end).ok()
    };
    let start = match i.checked_sub(1) {
        Some(prev) => end(prev)?,
        None => 0,
    };
    text.get(start..end(i)?)
}

impl SeenIds {
    /// No id seen yet.
    pub fn new() -> Self {
        SeenIds::default()
    }

    /// Notes a record of input `input`; if its id was seen before, where, and whether the
    /// values are the same.
    pub fn see(&mut self, input: usize, record: &Record) -> Option<FirstSeen> {
        let print = super::print::fingerprint(&record.fields);
        self.see_print(input, &record.id, record.line, print)
    }

    /// Where entry `i` was first seen, with its values' fingerprint.
    fn first(&self, i: u32) -> Option<(FirstSeen, u64)> {
        let e = self.entries.get(usize::try_from(i).ok()?)?;
        let run = self.inputs.partition_point(|(first, _)| *first <= i);
        let input = self.inputs.get(run.checked_sub(1)?)?.1;
        let line = match e.line {
            u32::MAX => *self.long_lines.get(&i)?,
            line => usize::try_from(line).ok()?,
        };
        let first = FirstSeen {
            input,
            line,
            same: false,
        };
        Some((first, e.print))
    }

    /// [`SeenIds::see`] with the fingerprint of the record's values already taken.
    fn see_print(&mut self, input: usize, id: &str, line: usize, print: u64) -> Option<FirstSeen> {
        let hash = hash_of(id);
        let (text, entries, wraps) = (&self.text, &self.entries, &self.wraps);
        let found = self
            .table
            .find(hash, |i| id_of(text, entries, wraps, *i) == Some(id));
        if let Some(i) = found {
            let (first, seen) = self.first(*i)?;
            return Some(FirstSeen {
                same: seen == print,
                ..first
            });
        }
        // More than u32::MAX - 1 ids: the rest are not remembered (no repeat is found among
        // them).
        let index = u32::try_from(self.entries.len())
            .ok()
            .filter(|i| *i < u32::MAX)?;
        let before = self.text.len() >> 32;
        self.text.push_str(id);
        for _ in before..self.text.len() >> 32 {
            self.wraps.push(index);
        }
        let line = match u32::try_from(line).ok().filter(|l| *l < u32::MAX) {
            Some(l) => l,
            None => {
                self.long_lines.insert(index, line);
                u32::MAX
            }
        };
        self.entries.push(Entry {
            print,
            // The arena's length, less the wraps counted in `wraps`.
            end: (self.text.len() & 0xffff_ffff) as u32,
            line,
        });
        if self.inputs.last().is_none_or(|(_, last)| *last != input) {
            self.inputs.push((index, input));
        }
        let (text, entries, wraps) = (&self.text, &self.entries, &self.wraps);
        self.table.insert_unique(hash, index, |i| {
            hash_of(id_of(text, entries, wraps, *i).unwrap_or_default())
        });
        None
    }

    /// How many ids have been seen.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no id has been seen.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::FieldValue;

    fn record(id: &str, line: usize, n: bool) -> Record {
        Record {
            line,
            id: id.to_string(),
            fields: vec![FieldValue::Bool(n)],
        }
    }

    #[test]
    fn an_id_seen_again_names_the_first_and_compares_the_values() {
        let mut seen = SeenIds::new();
        assert_eq!(seen.see(0, &record("E1", 2, true)), None);
        assert_eq!(seen.see(0, &record("E2", 3, true)), None);
        let again = |input, line, same| Some(FirstSeen { input, line, same });
        assert_eq!(seen.see(1, &record("E1", 2, true)), again(0, 2, true));
        assert_eq!(seen.see(1, &record("E1", 9, false)), again(0, 2, false));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn two_ids_with_one_hash_are_still_told_apart() {
        let mut seen = SeenIds::new();
        assert_eq!(seen.see(0, &record("E1", 2, true)), None);
        // As if E2 hashed like E1: E2's hash already finds E1's entry.
        let (text, entries, wraps) = (&seen.text, &seen.entries, &seen.wraps);
        seen.table.insert_unique(hash_of("E2"), 0, |i| {
            hash_of(id_of(text, entries, wraps, *i).unwrap_or_default())
        });
        assert_eq!(seen.see(0, &record("E2", 3, true)), None);
        assert_eq!(seen.table.len(), 3);
        let again = |line| {
            Some(FirstSeen {
                input: 0,
                line,
                same: true,
            })
        };
        assert_eq!(seen.see(1, &record("E2", 7, true)), again(3));
        assert_eq!(seen.see(1, &record("E1", 8, true)), again(2));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn inputs_and_long_lines_are_kept_for_each_id() {
        let mut seen = SeenIds::new();
        let long = usize::try_from(u64::from(u32::MAX) + 5).unwrap_or(usize::MAX);
        assert_eq!(seen.see(0, &record("甲", 2, true)), None);
        assert_eq!(seen.see(0, &record("乙", long, true)), None);
        assert_eq!(seen.see(3, &record("丙", 4, true)), None);
        assert_eq!(seen.see(3, &record("", 5, true)), None);
        assert_eq!(seen.see(1, &record("丁", 6, false)), None);
        let mut again = |id: &str| {
            seen.see(9, &record(id, 1, true))
                .map(|f| (f.input, f.line, f.same))
        };
        assert_eq!(again("甲"), Some((0, 2, true)));
        assert_eq!(again("乙"), Some((0, long, true)));
        assert_eq!(again("丙"), Some((3, 4, true)));
        assert_eq!(again(""), Some((3, 5, true)));
        assert_eq!(again("丁"), Some((1, 6, false)));
        assert_eq!(again("戊"), None);
        assert_eq!(seen.len(), 6);
    }

    #[test]
    fn many_ids_are_each_found_again() {
        let mut seen = SeenIds::new();
        for i in 0..5000 {
            assert_eq!(seen.see(0, &record(&format!("工号{i}"), i + 2, true)), None);
        }
        for i in (0..5000).step_by(7) {
            let first = seen.see(1, &record(&format!("工号{i}"), 1, true));
            assert_eq!(first.map(|f| f.line), Some(i + 2));
        }
        assert_eq!(seen.len(), 5000);
    }
}
