//! Records stage: splits decoded text into physical lines at `\n`, `\r\n` or a lone `\r` (as
//! old Mac exports end their lines), counting them as it goes; or cuts it into chunks of whole
//! lines for other threads to split ([`Split`]).

use std::borrow::Cow;
use std::io::{self, BufRead};

/// The lines of a text, without their ends.
pub(super) struct LineReader<R> {
    inner: R,
    /// Lines read so far: the 1-based number of the last line read.
    line: usize,
    /// The last line ended with `\r`: a `\n` right after it belongs to that end.
    after_cr: bool,
    bytes: Vec<u8>,
    /// An error met while reading whole lines, given by the next read.
    failed: Option<io::Error>,
}

impl<R: BufRead> LineReader<R> {
    pub(super) fn new(inner: R) -> Self {
        LineReader {
            inner,
            line: 0,
            after_cr: false,
            bytes: Vec::new(),
            failed: None,
        }
    }

    /// The number of the last line read (0 before the first).
    pub(super) fn line(&self) -> usize {
        self.line
    }

    pub(super) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Reads the next line into `buf` (replacing what it held); false at the end of the input.
    pub(super) fn read_line(&mut self, buf: &mut String) -> io::Result<bool> {
        buf.clear();
        if !self.next_line()? {
            return Ok(false);
        }
        // The input is decoded text, and a line ends only at an ASCII byte. The line's bytes
        // become `buf` without a copy; `buf`'s old storage takes the next line's bytes.
        let spare = std::mem::take(buf).into_bytes();
        *buf = match String::from_utf8(std::mem::replace(&mut self.bytes, spare)) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(true)
    }

    /// Reads the next line, to be taken with [`LineReader::text`]; false at the end of the
    /// input.
    pub(super) fn advance(&mut self) -> io::Result<bool> {
        self.next_line()
    }

    /// The line last read by [`LineReader::advance`]. The input is decoded text, so the line is
    /// valid UTF-8 (checked once more, with SIMD, as the type asks; were it not, its bad bytes
    /// would read as U+FFFD).
    pub(super) fn text(&self) -> Cow<'_, str> {
        match simdutf8::basic::from_utf8(&self.bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(&self.bytes),
        }
    }

    /// Reads the next line's bytes into `bytes`; false at the end of the input.
    fn next_line(&mut self) -> io::Result<bool> {
        self.bytes.clear();
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut any = false;
        loop {
            let avail = available(&mut self.inner, &mut self.after_cr)?;
            if avail.is_empty() {
                break;
            }
            any = true;
            match memchr::memchr2(b'\n', b'\r', avail) {
                Some(i) => {
                    self.bytes.extend_from_slice(avail.get(..i).unwrap_or(&[]));
                    self.after_cr = avail.get(i) == Some(&b'\r');
                    self.inner.consume(i + 1);
                    break;
                }
                None => {
                    let n = avail.len();
                    self.bytes.extend_from_slice(avail);
                    self.inner.consume(n);
                }
            }
        }
        if !any {
            return Ok(false);
        }
        self.line += 1;
        Ok(true)
    }
}

impl<R: BufRead> LineReader<R> {
    /// Appends whole lines, their ends included, to `out` until it holds at least `size` bytes
    /// or the input ends (the last line may then have no end), and counts them as read. A read
    /// that fails keeps what was read before it, drops the line it cut, and is given by the next
    /// call of [`LineReader::read_line`]. False once nothing is left.
    pub(super) fn read_lines(&mut self, size: usize, out: &mut Vec<u8>) -> bool {
        let start = out.len();
        loop {
            let avail = match available(&mut self.inner, &mut self.after_cr) {
                Ok(a) => a,
                Err(e) => {
                    // The line cut by the failure is lost, as when reading line by line.
                    let whole = out
                        .iter()
                        .rposition(|b| *b == b'\n' || *b == b'\r')
                        .map_or(start, |i| (i + 1).max(start));
                    out.truncate(whole);
                    self.failed = Some(e);
                    break;
                }
            };
            if avail.is_empty() {
                break;
            }
            // Cut after the last line end whose next byte is known: never between `\r` and `\n`.
            let cut = (out.len() + avail.len() >= size)
                .then(|| {
                    let known = avail.len().saturating_sub(1);
                    avail
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .into_iter()
                        .chain(avail.get(..known)?.iter().rposition(|b| *b == b'\r'))
                        .max()
                })
                .flatten();
            let take = cut.map_or(avail.len(), |i| i + 1);
            out.extend_from_slice(avail.get(..take).unwrap_or(&[]));
            self.inner.consume(take);
            if cut.is_some() {
                break;
            }
        }
        let lines = Split::new(out.get(start..).unwrap_or(&[])).count();
        self.line += lines;
        out.len() > start
    }
}

/// The bytes waiting to be read (empty at the end of the input), past the `\n` of a `\r\n`
/// cut between two reads (`after_cr`: the last line read ended with `\r`).
fn available<'r, R: BufRead>(inner: &'r mut R, after_cr: &mut bool) -> io::Result<&'r [u8]> {
    loop {
        let first = match inner.fill_buf() {
            Ok(a) => a.first().copied(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if *after_cr && first.is_some() {
            *after_cr = false;
            if first == Some(b'\n') {
                inner.consume(1);
                continue;
            }
        }
        // What was filled is given again, without reading.
        return inner.fill_buf();
    }
}

/// The lines of a text cut into whole lines, without their ends.
pub(super) struct Split<'t> {
    rest: &'t [u8],
}

impl<'t> Split<'t> {
    pub(super) fn new(text: &'t [u8]) -> Self {
        Split { rest: text }
    }
}

impl<'t> Iterator for Split<'t> {
    type Item = &'t [u8];

    fn next(&mut self) -> Option<&'t [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let Some(end) = memchr::memchr2(b'\n', b'\r', self.rest) else {
            return Some(std::mem::take(&mut self.rest));
        };
        let (line, rest) = self.rest.split_at(end);
        let skip = match rest {
            [b'\r', b'\n', ..] => 2,
            _ => 1,
        };
        self.rest = rest.get(skip..).unwrap_or(&[]);
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, cap: usize) -> Vec<(usize, String)> {
        let mut r = LineReader::new(io::BufReader::with_capacity(cap, text.as_bytes()));
        let mut buf = String::new();
        let mut out = Vec::new();
        while r.read_line(&mut buf).unwrap_or(false) {
            out.push((r.line(), buf.clone()));
        }
        out
    }

    #[test]
    fn every_kind_of_line_end() {
        for cap in [1, 2, 3, 64] {
            let got = lines("a\nb\r\nc\rd\r\re", cap);
            let want: Vec<(usize, String)> = ["a", "b", "c", "d", "", "e"]
                .iter()
                .enumerate()
                .map(|(i, s)| (i + 1, s.to_string()))
                .collect();
            assert_eq!(got, want, "buffer of {cap}");
        }
        assert_eq!(lines("x\r\n", 1), [(1, "x".to_string())]);
        assert_eq!(lines("", 8), []);
        assert_eq!(lines("\n", 8), [(1, String::new())]);
    }

    #[test]
    fn lines_taken_as_text_are_the_lines_read_into_a_string() {
        for cap in [1, 3, 64] {
            let text = "甲\r\n{\"乙\": 1}\r\r丙";
            let mut r = LineReader::new(io::BufReader::with_capacity(cap, text.as_bytes()));
            let mut got = Vec::new();
            while r.advance().unwrap_or(false) {
                got.push((r.line(), r.text().into_owned()));
            }
            assert_eq!(got, lines(text, cap), "buffer of {cap}");
        }
        let mut r = LineReader::new(&b"a\xffb\n"[..]);
        assert!(r.advance().unwrap_or(false));
        assert_eq!(r.text(), "a\u{fffd}b");
    }
}
