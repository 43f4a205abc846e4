//! Records stage: splits decoded text into physical lines at `\n`, `\r\n` or a lone `\r` (as
//! old Mac exports end their lines), counting them as it goes.

use std::io::{self, BufRead};

/// The lines of a text, without their ends.
pub(super) struct LineReader<R> {
    inner: R,
    /// Lines read so far: the 1-based number of the last line read.
    line: usize,
    /// The last line ended with `\r`: a `\n` right after it belongs to that end.
    after_cr: bool,
    bytes: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    pub(super) fn new(inner: R) -> Self {
        LineReader {
            inner,
            line: 0,
            after_cr: false,
            bytes: Vec::new(),
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
        self.bytes.clear();
        buf.clear();
        let mut any = false;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            if self.after_cr {
                self.after_cr = false;
                if avail.first() == Some(&b'\n') {
                    self.inner.consume(1);
                    continue;
                }
            }
            any = true;
            match avail.iter().position(|b| *b == b'\n' || *b == b'\r') {
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
        // The input is decoded text, and a line ends only at an ASCII byte. The line's bytes
        // become `buf` without a copy; `buf`'s old storage takes the next line's bytes.
        let spare = std::mem::take(buf).into_bytes();
        *buf = match String::from_utf8(std::mem::replace(&mut self.bytes, spare)) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(true)
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
}
