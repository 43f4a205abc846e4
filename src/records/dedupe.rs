//! Records stage: finds a record id given twice, in one input or across several (the same
//! roster passed twice, a person on two sheets), and tells whether the two records are the same.
//! A [`Gate`] set on a reader applies it as records are read, with `--strict`'s rule too.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

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
            print: hash_of(&read.record.fields),
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
/// Kept compact, as a roster of a million records holds a million ids: the ids' text in one
/// arena, and a table from each id's hash to its entry. Ids are compared by their text, so two
/// ids with the same hash are still told apart (the second goes to a small exact map).
#[derive(Debug, Default)]
pub struct SeenIds {
    /// Every id's text, one after another.
    text: String,
    /// Per entry: where its id ends in `text`, its input, its line and its values' fingerprint.
    entries: Vec<Entry>,
    /// The entry of each id by the id's hash (the first id seen with that hash). The key is a
    /// hash already: the table uses it as it is.
    by_hash: HashMap<u64, u32, BuildHasherDefault<AsIs>>,
    /// Ids whose hash an earlier, different id already has: by their text.
    collided: HashMap<String, u32>,
}

/// The hasher of a table keyed by a hash: the key's own bits.
#[derive(Debug, Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used (the key is a `u64`); any other input is folded in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[derive(Debug)]
struct Entry {
    end: usize,
    input: usize,
    line: usize,
    print: u64,
}

/// A 64-bit hash of an id or of a record's values: foldhash with a fixed seed, several times
/// faster than the standard library's SipHash on the many small writes of a record's values,
/// and as good a spread (an id's hash only finds its candidate entry, whose text is then
/// compared; the values' fingerprint tells a repeat from a different record).
fn hash_of(v: impl Hash) -> u64 {
    const SEED: u64 = 0x7275_6e67_5f69_6473;
    foldhash::quality::FixedState::with_seed(SEED).hash_one(v)
}

impl SeenIds {
    /// No id seen yet.
    pub fn new() -> Self {
        SeenIds::default()
    }

    /// The id of entry `i`.
    fn id(&self, i: u32) -> Option<&str> {
        let i = usize::try_from(i).ok()?;
        let start = match i.checked_sub(1) {
            Some(prev) => self.entries.get(prev)?.end,
            None => 0,
        };
        self.text.get(start..self.entries.get(i)?.end)
    }

    /// The entry already holding `id`, if any.
    fn find(&self, id: &str, hash: u64) -> Option<u32> {
        let i = *self.by_hash.get(&hash)?;
        if self.id(i) == Some(id) {
            return Some(i);
        }
        self.collided.get(id).copied()
    }

    /// Notes a record of input `input`; if its id was seen before, where, and whether the
    /// values are the same.
    pub fn see(&mut self, input: usize, record: &Record) -> Option<FirstSeen> {
        let print = hash_of(&record.fields);
        self.see_print(input, &record.id, record.line, print)
    }

    /// [`SeenIds::see`] with the fingerprint of the record's values already taken.
    fn see_print(&mut self, input: usize, id: &str, line: usize, print: u64) -> Option<FirstSeen> {
        let hash = hash_of(id);
        if let Some(e) = self
            .find(id, hash)
            .and_then(|i| self.entries.get(usize::try_from(i).ok()?))
        {
            return Some(FirstSeen {
                input: e.input,
                line: e.line,
                same: e.print == print,
            });
        }
        // More than u32::MAX ids: the rest are not remembered (no repeat is found among them).
        let Ok(index) = u32::try_from(self.entries.len()) else {
            return None;
        };
        self.text.push_str(id);
        self.entries.push(Entry {
            end: self.text.len(),
            input,
            line,
            print,
        });
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(id.to_string(), index);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(index);
            }
        }
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
        // As if E2 hashed like E1: its hash already names E1's entry.
        seen.by_hash.insert(hash_of("E2"), 0);
        assert_eq!(seen.see(0, &record("E2", 3, true)), None);
        assert_eq!(seen.collided.len(), 1);
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
