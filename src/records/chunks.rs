//! Records stage: a JSON Lines input cut into chunks of whole lines, each read on its own (on
//! another thread, `rung eval --jobs`) with the same records, warnings, errors, line numbers
//! and ordinals as reading the input in one pass. The input is decoded where it is cut; what
//! is checked across records in order (ids given twice, [`super::Gate`]) is left to the caller,
//! record by record, in input order ([`super::Key`]).

use std::borrow::Cow;

use super::convert::Converter;
use super::direct::Direct;
use super::json::line_entry;
use super::lines::Split;
use super::{finish, Key, ReadRecord, RecordError, Records, Source};

/// Whole lines of a JSON Lines input, with their place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Decoded text, not yet checked to be UTF-8: each line is checked where it is read (on a
    /// worker), as reading line by line does.
    text: Vec<u8>,
    /// The lines before it.
    line: usize,
    /// The items (records and errors) before it.
    ordinal: usize,
    /// The items it holds (one per line that is not blank).
    items: usize,
}

impl Chunk {
    /// How many items (records and errors) reading it gives.
    pub fn items(&self) -> usize {
        self.items
    }
}

/// Reads the records of chunks, as the input's reader would have: it may be shared between
/// threads.
pub struct ChunkReader<'s> {
    conv: Converter<'s>,
    direct: Option<Direct<'s>>,
    key: Option<String>,
}

/// The fields that the records of a chunk gave a value, for the input's reader to add up
/// ([`Records::add_given`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Given(Vec<bool>);

impl ChunkReader<'_> {
    /// Reads the records of a chunk, in order, giving each item to `each`.
    pub fn read(
        &self,
        chunk: &Chunk,
        mut each: impl FnMut(Result<ReadRecord, RecordError>),
    ) -> Given {
        let mut given = Vec::new();
        let mut ordinal = chunk.ordinal;
        for (i, line) in Split::new(&chunk.text).enumerate() {
            // The input is decoded text: a bad byte (were there one) reads as U+FFFD.
            let line_text = match simdutf8::basic::from_utf8(line) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(line),
            };
            let number = chunk.line + i + 1;
            let direct = self.direct.as_ref();
            let Some(raw) = line_entry(direct, self.key.as_deref(), &line_text, number) else {
                continue;
            };
            ordinal += 1;
            each(finish(&self.conv, &mut given, raw, ordinal));
        }
        Given(given)
    }
}

/// Whether a line holds nothing but white space, as reading it line by line tells.
fn blank(line: &[u8]) -> bool {
    match line.iter().find(|b| !matches!(b, b' ' | b'\t')) {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => String::from_utf8_lossy(line).trim().is_empty(),
    }
}

impl<'s> Records<'s> {
    /// For a JSON Lines input, a reader of its chunks ([`Records::next_chunk`]); None for any
    /// other format, which is read record by record.
    pub fn chunk_reader(&self) -> Option<ChunkReader<'s>> {
        let Source::Lines(lines) = &self.source else {
            return None;
        };
        Some(ChunkReader {
            conv: self.conv,
            direct: self.direct.clone(),
            key: lines.key().map(str::to_string),
        })
    }

    /// The next chunk of whole lines of a JSON Lines input, of at least `size` bytes unless the
    /// input ends; None at the end of the input, or when it cannot be read further, or for any
    /// other format. Each item of a chunk is counted as given by [`Records::pass`], in input
    /// order; what is left after the last chunk (the error that stopped the reading, the notes
    /// on the input's end) comes from the iterator.
    pub fn next_chunk(&mut self, size: usize) -> Option<Chunk> {
        if self.done {
            return None;
        }
        let Source::Lines(lines) = &mut self.source else {
            return None;
        };
        let (text, line) = lines.next_chunk(size)?;
        let items = Split::new(&text).filter(|l| !blank(l)).count();
        let ordinal = self.count + self.ahead;
        self.ahead += items;
        Some(Chunk {
            text,
            line,
            ordinal,
            items,
        })
    }

    /// Counts the next item of the chunks as given, in input order, and passes a record read
    /// through the gate as reading it here would have; `key` is what the gate checks of it
    /// (None for an error). `Some(Ok(()))`: the item goes on; `Some(Err)`: the error it
    /// becomes; None: the record is skipped as a repeat (and noted by the gate).
    pub fn pass(&mut self, key: Option<&Key>) -> Option<Result<(), RecordError>> {
        self.count += 1;
        self.ahead = self.ahead.saturating_sub(1);
        match (key, self.gate.as_mut()) {
            (Some(key), Some(gate)) => gate.check(key),
            _ => Some(Ok(())),
        }
    }

    /// Adds the fields given a value in a chunk read ([`ChunkReader::read`]).
    pub fn add_given(&mut self, given: &Given) {
        if self.given.len() < given.0.len() {
            self.given.resize(given.0.len(), false);
        }
        for (g, new) in self.given.iter_mut().zip(&given.0) {
            *g |= *new;
        }
    }
}
