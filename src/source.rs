//! Ground floor: a policy's source text, byte spans into it, and line/column positions (in
//! characters for people, in UTF-16 units for editors). Every stage reads it; it reads none.

use std::sync::Arc;

/// A byte range in a policy's source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span holding both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// A policy's text and the name it is shown under.
#[derive(Clone, Debug)]
pub struct PolicySource {
    /// The file name shown in diagnostics.
    pub name: String,
    /// The text.
    pub text: Arc<str>,
}

impl PolicySource {
    /// A source from a name and text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        PolicySource {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column of a byte offset (columns count characters).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let upto = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let line = upto.matches('\n').count() + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// The 0-based line and UTF-16 column of a byte offset, as the Language Server Protocol
    /// counts them.
    pub fn line_utf16(&self, offset: usize) -> (usize, usize) {
        let upto = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let line = upto.matches('\n').count();
        let col = upto
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().map(char::len_utf16).sum());
        (line, col)
    }

    /// The byte offset of a 0-based line and UTF-16 column (clamped to the line and the text).
    pub fn offset_utf16(&self, line: usize, col: usize) -> usize {
        let text = &*self.text;
        let mut start = 0;
        for _ in 0..line {
            match text.get(start..).and_then(|r| r.find('\n')) {
                Some(n) => start += n + 1,
                None => return text.len(),
            }
        }
        let rest = text.get(start..).unwrap_or("");
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= col || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_round_trip_through_chinese_and_astral_text() {
        let s = PolicySource::new("p", "规则 1\n  当 𠀋x 达到 3A\n");
        let x = s.text.find('x').unwrap();
        assert_eq!(s.line_utf16(x), (1, 6));
        assert_eq!(s.offset_utf16(1, 6), x);
        assert_eq!(s.offset_utf16(0, 99), s.text.find('\n').unwrap());
        assert_eq!(s.offset_utf16(9, 0), s.text.len());
        assert_eq!(s.line_col(x), (2, 6));
    }
}
