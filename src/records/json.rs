//! Records stage: JSON input. JSON Lines streams one record per line (ended by LF, CRLF or CR);
//! a `.json` file is read whole and split into its array's elements by a small scanner, so that
//! one bad element is reported on its own line, with the records it swallowed, and the others
//! go on.

use std::collections::VecDeque;
use std::io::{BufRead, Read};

use serde_json::Value;

use super::direct::{Direct, DirectRecord};
use super::error::{RecordError, RecordErrorKind};
use super::lines::LineReader;
use super::parse::parse;

/// A record as parsed, before it is checked against the schema.
#[derive(Debug)]
pub(super) struct Parsed {
    /// The line (or spreadsheet row) where it starts.
    pub(super) line: usize,
    /// Its JSON value (a CSV row's cells as an object of strings).
    pub(super) value: Value,
    /// Problems found while parsing, each with its field's path: keys written twice, cells
    /// holding an error value. They are reported with the record's other problems.
    pub(super) found: Vec<(String, RecordErrorKind)>,
}

impl Parsed {
    pub(super) fn new(line: usize, (value, dups): (Value, Vec<String>)) -> Self {
        let found = dups
            .into_iter()
            .map(|d| (d, RecordErrorKind::DuplicateKey))
            .collect();
        Parsed { line, value, found }
    }
}

/// A raw record, or the error that stands for it.
pub(super) type Raw = Result<Parsed, RecordError>;

/// A JSON record as taken from the input: read straight into the schema, or parsed into a tree
/// to be converted.
pub(super) enum Entry {
    /// Read directly, on its line.
    Direct(usize, DirectRecord),
    /// Parsed.
    Tree(Parsed),
}

/// The record that `text` holds, read directly if it can be, else parsed.
fn entry(direct: Option<&Direct<'_>>, text: &str, line: usize) -> Result<Entry, serde_json::Error> {
    if let Some(record) = direct.and_then(|d| d.read(text)) {
        return Ok(Entry::Direct(line, record));
    }
    parse(text).map(|v| Entry::Tree(Parsed::new(line, v)))
}

/// The parsed record of an entry read with no direct reader.
fn tree(e: Result<Entry, RecordError>) -> Raw {
    match e {
        Ok(Entry::Tree(p)) => Ok(p),
        Ok(Entry::Direct(line, _)) => Err(RecordError::at(
            line,
            RecordErrorKind::Internal("a record read directly"),
        )),
        Err(e) => Err(e),
    }
}

/// Records of a JSON Lines input, one per non-blank line.
pub(super) struct Lines<R> {
    reader: LineReader<R>,
    /// The key field's name, to find a malformed record's id.
    key: Option<String>,
}

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R, key: Option<String>) -> Self {
        Lines {
            reader: LineReader::new(reader),
            key,
        }
    }

    pub(super) fn get_ref(&self) -> &R {
        self.reader.get_ref()
    }

    /// The key field's name.
    pub(super) fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        self.next_with(None).map(tree)
    }
}

impl<R: BufRead> Lines<R> {
    /// The next record, read directly where `direct` can.
    pub(super) fn next_with(
        &mut self,
        direct: Option<&Direct<'_>>,
    ) -> Option<Result<Entry, RecordError>> {
        loop {
            match self.reader.advance() {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return Some(Err(RecordError::at(self.reader.line() + 1, io(e)))),
            }
            let line = self.reader.line();
            let text = self.reader.text();
            if let Some(entry) = line_entry(direct, self.key.as_deref(), &text, line) {
                return Some(entry);
            }
        }
    }

    /// The next chunk of whole lines, of at least `size` bytes unless the input ends, with
    /// the number of lines before it; None once nothing is left. The input is decoded text,
    /// cut at ASCII bytes: each line is checked to be UTF-8 where it is read.
    pub(super) fn next_chunk(&mut self, size: usize) -> Option<(Vec<u8>, usize)> {
        let before = self.reader.line();
        let mut text = Vec::with_capacity(size + size / 4);
        if !self.reader.read_lines(size, &mut text) {
            return None;
        }
        Some((text, before))
    }
}

/// The record of one line of JSON Lines (numbered `line`), read directly where `direct` can;
/// None for a blank line. `key` names the key field, to find a malformed record's id.
pub(super) fn line_entry(
    direct: Option<&Direct<'_>>,
    key: Option<&str>,
    buf: &str,
    line: usize,
) -> Option<Result<Entry, RecordError>> {
    let text = buf.trim();
    if text.is_empty() {
        return None;
    }
    let offset = buf.len() - buf.trim_start().len();
    Some(match entry(direct, text, line) {
        Ok(entry) => Ok(entry),
        Err(e) => Err(RecordError {
            id: find_id(text, key),
            ..malformed(&e, buf, offset, line)
        }),
    })
}

/// Records of a `.json` file: the elements of its top-level array, or the objects it holds
/// one after another (a single object, or JSON Lines saved as `.json`).
pub(super) struct Elements {
    text: String,
    pos: usize,
    /// Whether the elements are in an array (separated by commas, closed by `]`).
    array: bool,
    /// The line of `counted`, and the byte up to which lines are counted.
    line: usize,
    counted: usize,
    done: bool,
    /// A note on the array's end, once reached.
    pub(super) trailing: Option<Trailing>,
    /// The key field's name, to find a malformed record's id.
    key: Option<String>,
    /// Errors for the records a broken element swallowed, given out after it.
    pending: VecDeque<RecordError>,
}

/// Something wrong at the end of a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Trailing {
    /// The input ends before the array's `]`.
    Unclosed,
    /// Text after the array's `]`, ignored; its line.
    After(usize),
}

impl Elements {
    /// Reads the whole input. Fails when it is neither an array nor an object.
    pub(super) fn new(mut input: impl Read, key: Option<String>) -> Result<Self, RecordError> {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|e| RecordError::file(io(e)))?;
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        let start = text.len() - text.trim_start().len();
        let array = match text.get(start..).and_then(|t| t.chars().next()) {
            None | Some('{') => false,
            Some('[') => true,
            Some(c) => {
                let found = match c {
                    '"' => "a string",
                    't' | 'f' => "a boolean",
                    'n' => "null",
                    '-' | '0'..='9' => "a number",
                    _ => "something else",
                };
                return Err(RecordError::file(RecordErrorKind::NotRecords { found }));
            }
        };
        Ok(Elements {
            pos: start + usize::from(array),
            text,
            array,
            line: 1,
            counted: 0,
            done: false,
            trailing: None,
            key,
            pending: VecDeque::new(),
        })
    }

    /// The line of a byte offset (offsets asked for never decrease).
    fn line_at(&mut self, at: usize) -> usize {
        let upto = self.text.get(self.counted..at).unwrap_or("");
        self.line += upto.bytes().filter(|b| *b == b'\n').count();
        self.counted = at.max(self.counted);
        self.line
    }

    /// Skips whitespace (and, in an array, stray commas) from `pos`.
    fn skip(&mut self) {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let skipped = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || (self.array && c == ','))
                .len();
        self.pos += skipped;
    }

    /// The end of the value starting at `start`: the byte after it (after a closing bracket at
    /// depth 0, or, in an array, at a comma or `]` at depth 0). A string cannot hold a line
    /// break, so one that is not closed ends at its line's end. With `resync`, for an element
    /// already known to be broken, a later line that opens an object no further in than the
    /// element's own opening line starts the next element.
    fn value_end(&self, start: usize, resync: bool) -> usize {
        let bytes = self.text.as_bytes();
        let indent = if resync { self.indent(start) } else { None };
        let (mut depth, mut in_string, mut escape) = (0usize, false, false);
        let mut i = start;
        while let Some(&b) = bytes.get(i) {
            if b == b'\n' {
                in_string = false;
                escape = false;
                if let (Some(ind), true) = (indent, depth > 0) {
                    let rest = self.text.get(i + 1..).unwrap_or("");
                    let code = rest.trim_start_matches([' ', '\t']);
                    if code.starts_with('{') && rest.len() - code.len() <= ind {
                        return i + 1;
                    }
                }
            } else if in_string {
                match b {
                    _ if escape => escape = false,
                    b'\\' => escape = true,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' if depth == 0 => return i,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 && !self.array {
                            return i + 1;
                        }
                    }
                    b',' if depth == 0 && self.array => return i,
                    b if depth == 0 && !self.array && b.is_ascii_whitespace() => return i,
                    _ => {}
                }
            }
            i += 1;
        }
        i
    }

    /// The indentation of an element that opens an object at the start of its line.
    fn indent(&self, start: usize) -> Option<usize> {
        let head = self.text.get(..start)?;
        let lead = head.get(head.rfind('\n').map_or(0, |i| i + 1)..)?;
        let opens = self.text.as_bytes().get(start) == Some(&b'{');
        (opens && lead.trim().is_empty()).then_some(lead.len())
    }

    /// The errors for records that a broken element starting at `start` swallowed, found by
    /// their key (after the element's own): each is lost, and reported on its line.
    fn swallowed(&mut self, start: usize, end: usize, line: usize) -> usize {
        let Some(key) = self.key.clone() else {
            return 0;
        };
        let slice = self.text.get(start..end).unwrap_or("").to_string();
        let quoted = format!("\"{key}\"");
        let found: Vec<usize> = slice
            .match_indices(&quoted)
            .map(|(i, _)| i)
            .filter(|i| {
                let after = slice.get(i + quoted.len()..).unwrap_or("");
                after.trim_start().starts_with(':')
            })
            .skip(1)
            .collect();
        for at in &found {
            let id = find_id(slice.get(*at..).unwrap_or(""), Some(&key));
            let at = self.line_at(start + at);
            self.pending.push_back(RecordError {
                id,
                ..RecordError::at(at, RecordErrorKind::Swallowed { by: line })
            });
        }
        found.len()
    }
}

impl Iterator for Elements {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        self.next_with(None).map(tree)
    }
}

impl Elements {
    /// The next record, read directly where `direct` can.
    pub(super) fn next_with(
        &mut self,
        direct: Option<&Direct<'_>>,
    ) -> Option<Result<Entry, RecordError>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        self.skip();
        let start = self.pos;
        match self.text.as_bytes().get(start) {
            None => {
                self.done = true;
                self.trailing = self.array.then_some(Trailing::Unclosed);
                return None;
            }
            Some(b']') if self.array => {
                self.done = true;
                let after = self.text.get(start + 1..).unwrap_or("");
                let extra = after.len() - after.trim_start().len();
                if !after.trim().is_empty() {
                    self.trailing = Some(Trailing::After(self.line_at(start + 1 + extra)));
                }
                return None;
            }
            Some(_) => {}
        }
        let line = self.line_at(start);
        // A stray closing bracket ends nothing: take it with the element so it is reported.
        let end = self
            .value_end(start, false)
            .max(start + 1)
            .min(self.text.len());
        let slice = self.text.get(start..end).unwrap_or("");
        let e = match entry(direct, slice, line) {
            Ok(entry) => {
                self.pos = end;
                return Some(Ok(entry));
            }
            Err(e) => e,
        };
        let end = self.value_end(start, true).max(start + 1).min(end);
        self.pos = end;
        let slice = self.text.get(start..end).unwrap_or("");
        let id = find_id(slice, self.key.as_deref());
        let lines = slice.trim_end().matches('\n').count();
        // serde's error as it read the longer text, if it lies in the element.
        let e = match parse(slice) {
            Err(short) if e.line() > lines + 1 => short,
            _ => e,
        };
        let mut err = RecordError {
            id,
            ..malformed(&e, &self.text, start, line)
        };
        let lost = self.swallowed(start, end, line);
        if let RecordErrorKind::Json {
            until, swallowed, ..
        } = &mut err.kind
        {
            *until = line + lines;
            *swallowed = lost;
        }
        Some(Err(err))
    }
}

/// The error for a JSON text that serde_json rejected. `text[offset..]` is what was parsed,
/// starting on line `line`, where the record starts.
fn malformed(e: &serde_json::Error, text: &str, offset: usize, line: usize) -> RecordError {
    let problem = Box::new(crate::sys::JsonProblem::new(e));
    // serde counts the column in bytes; a reader counts characters.
    let parsed = text.get(offset..).unwrap_or("");
    let line_start = parsed
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = parsed.get(line_start..).unwrap_or("");
    let before = offset + line_start;
    // On the element's first line, count from the start of the line in the whole text.
    let lead = if e.line() <= 1 {
        let head = text.get(..before).unwrap_or("");
        head.rsplit('\n').next().map_or(0, |s| s.chars().count())
    } else {
        0
    };
    let byte_col = e.column().saturating_sub(1).min(line_text.len());
    let col = lead
        + line_text
            .char_indices()
            .take_while(|(i, _)| *i < byte_col)
            .count()
        + 1;
    RecordError::at(
        line,
        RecordErrorKind::Json {
            problem,
            at: (line + e.line().saturating_sub(1), col),
            until: line,
            swallowed: 0,
        },
    )
}

/// The id in a malformed record, if its key is written plainly: `"工号": "E1003"` or
/// `"工号": 1003`.
fn find_id(text: &str, key: Option<&str>) -> Option<String> {
    let quoted = format!("\"{}\"", key?);
    let rest = text.get(text.find(&quoted)? + quoted.len()..)?;
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let id = match rest.strip_prefix('"') {
        Some(s) => s.get(..s.find(['"', '\\'])?)?,
        None => rest.get(..rest.find(|c: char| !c.is_ascii_digit())?)?,
    };
    let id = id.trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn io(e: std::io::Error) -> RecordErrorKind {
    RecordErrorKind::Io(crate::sys::IoFailure::new(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element's line and JSON text, or the line of its error and the error's place.
    type Split = Vec<Result<(usize, String), (usize, (usize, usize))>>;

    fn elements(text: &str) -> Split {
        let Ok(els) = Elements::new(text.as_bytes(), None) else {
            return Vec::new();
        };
        els.map(|r| match r {
            Ok(p) => Ok((p.line, p.value.to_string())),
            Err(e) => match e.kind {
                RecordErrorKind::Json { at, .. } => Err((e.line, at)),
                _ => Err((e.line, (0, 0))),
            },
        })
        .collect()
    }

    #[test]
    fn splits_an_array_into_elements_on_their_lines() {
        let text = "[\n  {\"a\": \"x,]}\\\"\"},\n  {\"b\": [1, {\"c\": 2}]},\n  {\"d\": oops},\n  {\"e\": 1}\n]\n";
        assert_eq!(
            elements(text),
            vec![
                Ok((2, r#"{"a":"x,]}\""}"#.to_string())),
                Ok((3, r#"{"b":[1,{"c":2}]}"#.to_string())),
                Err((4, (4, 9))),
                Ok((5, r#"{"e":1}"#.to_string())),
            ]
        );
    }

    #[test]
    fn a_single_object_and_concatenated_objects() {
        assert_eq!(
            elements("{\"a\": 1}\n"),
            vec![Ok((1, r#"{"a":1}"#.to_string()))]
        );
        assert_eq!(
            elements("{\"a\": 1}\n\n{\"a\": 2}\n"),
            vec![
                Ok((1, r#"{"a":1}"#.to_string())),
                Ok((3, r#"{"a":2}"#.to_string()))
            ]
        );
        assert_eq!(elements("  \n"), vec![]);
    }

    #[test]
    fn the_end_of_the_array_is_checked() {
        let mut els = Elements::new("[{\"a\": 1},\n{\"a\": 2}".as_bytes(), None)
            .into_iter()
            .flatten();
        assert_eq!(els.by_ref().count(), 2);
        let mut els = Elements::new("[{\"a\": 1}]\n[2]".as_bytes(), None)
            .into_iter()
            .flatten();
        assert_eq!(els.by_ref().count(), 1);
        let Ok(mut els) = Elements::new("[{\"a\": 1}]\n\n[2]".as_bytes(), None) else {
            panic!("an array");
        };
        assert_eq!(els.by_ref().count(), 1);
        assert_eq!(els.trailing, Some(Trailing::After(3)));
        let Ok(mut els) = Elements::new("[{\"a\": 1},".as_bytes(), None) else {
            panic!("an array");
        };
        assert_eq!(els.by_ref().count(), 1);
        assert_eq!(els.trailing, Some(Trailing::Unclosed));
        assert!(Elements::new("\"text\"".as_bytes(), None).is_err());
    }

    #[test]
    fn json_lines_skip_blank_lines_and_name_the_bad_line() {
        let text = "{\"a\": 1}\n\n   \n{\"a\": }\n{\"工号\": x}\r\n";
        let lines: Vec<_> = Lines::new(text.as_bytes(), None)
            .map(|r| r.map(|p| p.line).map_err(|e| (e.line, e.kind)))
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], Ok(1));
        assert!(matches!(
            &lines[1],
            Err((4, RecordErrorKind::Json { at: (4, 7), .. }))
        ));
        // Columns count characters, not bytes.
        assert!(matches!(
            &lines[2],
            Err((5, RecordErrorKind::Json { at: (5, 8), .. }))
        ));
    }
}
