//! Records stage: finds a record id given twice, in one input or across several (the same
//! roster passed twice, a person on two sheets), and tells whether the two records are the same.
//! A [`Gate`] set on a reader applies it as records are read, with `--strict`'s rule too.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

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
        let input = self.names.len().saturating_sub(1);
        let fail = |kind| RecordError {
            id: Some(read.record.id.clone()),
            ..RecordError::at(read.record.line, kind)
        };
        if let Some(first) = self.seen.see(input, &read.record) {
            let name = |i: usize| self.names.get(i).cloned().unwrap_or_default();
            if self.dedupe && first.same {
                self.skipped.push(Skipped {
                    id: read.record.id.clone(),
                    input: name(input),
                    line: read.record.line,
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
        if let (true, Some(w)) = (self.strict, read.warnings.first()) {
            return Some(Err(fail(RecordErrorKind::Warning(w.clone()))));
        }
        Some(Ok(read))
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
#[derive(Debug, Default)]
pub struct SeenIds {
    first: HashMap<String, (usize, usize, u64)>,
}

impl SeenIds {
    /// No id seen yet.
    pub fn new() -> Self {
        SeenIds::default()
    }

    /// Notes a record of input `input`; if its id was seen before, where, and whether the
    /// values are the same.
    pub fn see(&mut self, input: usize, record: &Record) -> Option<FirstSeen> {
        let mut h = DefaultHasher::new();
        format!("{:?}", record.fields).hash(&mut h);
        let print = h.finish();
        match self.first.get(&record.id) {
            Some(&(input, line, first)) => Some(FirstSeen {
                input,
                line,
                same: first == print,
            }),
            None => {
                self.first
                    .insert(record.id.clone(), (input, record.line, print));
                None
            }
        }
    }

    /// How many ids have been seen.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Whether no id has been seen.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
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
}
