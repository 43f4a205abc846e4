//! Records stage: decodes the input to UTF-8 as it streams: UTF-8 with or without a byte order
//! mark, UTF-16 with one (Excel's "Unicode 文本"), or GB18030 (which covers GBK, as Excel saves
//! CSV on Chinese Windows). A few bytes that are not valid in the encoding are replaced with
//! `\u{fffd}` wherever they are, so that the record holding them is reported; only input that is
//! mostly not text in the encoding fails as a whole.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, GB18030, UTF_8};

use super::error::{RecordError, RecordErrorKind};
use super::Encoding;

/// How much of the input the encoding is guessed from.
const SNIFF: usize = 64 * 1024;

/// A reader giving the UTF-8 text of a byte stream in another (or the same) encoding.
pub(super) struct Decoded<R> {
    inner: R,
    /// Bytes read but not yet decoded.
    raw: Vec<u8>,
    eof: bool,
    /// None while the encoding is unknown because only ASCII has been seen.
    decoder: Option<Decoder>,
    /// Whether the decoder has been told the input ended.
    finished: bool,
    /// Decoded text not yet handed out (decoded into its spare room, which is not zeroed
    /// first).
    out: String,
    out_pos: usize,
    /// Whether malformed bytes were replaced with U+FFFD.
    replaced: bool,
}

impl<R: Read> Decoded<R> {
    /// Reads the first chunk and settles the encoding. Fails when the first chunk is not text
    /// in the encoding asked for (or, for `Auto`, in either).
    pub(super) fn new(inner: R, encoding: Encoding) -> Result<Self, RecordError> {
        let mut d = Decoded {
            inner,
            raw: Vec::with_capacity(SNIFF),
            eof: false,
            decoder: None,
            finished: false,
            out: String::new(),
            out_pos: 0,
            replaced: false,
        };
        d.read_upto(SNIFF)
            .map_err(|e| RecordError::file(RecordErrorKind::Io(crate::sys::IoFailure::new(&e))))?;
        let decode_error = |tried| RecordError::file(RecordErrorKind::Decode { tried });
        d.decoder = match encoding {
            Encoding::Utf8 if is_text(UTF_8, &d.raw, d.eof) => {
                Some(UTF_8.new_decoder_with_bom_removal())
            }
            Encoding::Utf8 => return Err(decode_error("UTF-8")),
            Encoding::Gb18030 if is_text(GB18030, &d.raw, d.eof) => {
                Some(GB18030.new_decoder_without_bom_handling())
            }
            Encoding::Gb18030 => return Err(decode_error("GB18030")),
            Encoding::Auto => match encoding_rs::Encoding::for_bom(&d.raw) {
                Some((enc, _)) => Some(enc.new_decoder_with_bom_removal()),
                None if d.raw.is_ascii() && !d.eof => None,
                None => {
                    let from = d.raw.iter().take_while(|b| b.is_ascii()).count();
                    let dec = d.sniff(from).map_err(|e| {
                        RecordError::file(RecordErrorKind::Io(crate::sys::IoFailure::new(&e)))
                    })?;
                    match dec {
                        Some(dec) => Some(dec),
                        None => return Err(decode_error("UTF-8 or GB18030")),
                    }
                }
            },
        };
        Ok(d)
    }

    /// The encoding's name once settled, and whether malformed bytes were replaced.
    pub(super) fn replaced(&self) -> Option<&'static str> {
        self.replaced.then(|| {
            self.decoder
                .as_ref()
                .map_or("UTF-8", |d| d.encoding().name())
        })
    }

    /// Guesses the encoding from the bytes at `from` on (the first that is not ASCII), reading
    /// up to a chunk more, and more until they tell: a character cut at the end of the chunk
    /// could be the start of either encoding's.
    fn sniff(&mut self, from: usize) -> io::Result<Option<Decoder>> {
        self.read_upto(from + SNIFF)?;
        while !self.eof && !telling(self.raw.get(from..).unwrap_or(&[])) {
            self.read_once(16)?;
        }
        Ok(guess(self.raw.get(from..).unwrap_or(&[]), self.eof))
    }

    /// Reads until `raw` holds `want` bytes or the input ends.
    fn read_upto(&mut self, want: usize) -> io::Result<()> {
        while self.raw.len() < want && !self.eof {
            self.read_once(want - self.raw.len())?;
        }
        Ok(())
    }

    /// One read of at most `max` bytes into `raw`.
    fn read_once(&mut self, max: usize) -> io::Result<()> {
        let start = self.raw.len();
        self.raw.resize(start + max, 0);
        let got = match self
            .inner
            .read(self.raw.get_mut(start..).unwrap_or_default())
        {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => 0,
            Err(e) => {
                self.raw.truncate(start);
                return Err(e);
            }
        };
        self.raw.truncate(start + got);
        if got == 0 && max > 0 {
            self.eof = true;
        }
        Ok(())
    }

    /// Decodes what has been read (reading more first if nothing is waiting) into `out`.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        if self.raw.is_empty() && !self.eof {
            self.read_once(SNIFF)?;
        }
        if self.decoder.is_none() {
            // Only ASCII so far, which reads the same in both encodings: pass it on, and
            // settle the encoding on the first chunk that is not ASCII.
            let ascii = self.raw.iter().take_while(|b| b.is_ascii()).count();
            let text = self
                .raw
                .get(..ascii)
                .and_then(|a| std::str::from_utf8(a).ok());
            self.out.push_str(text.unwrap_or_default());
            self.raw.drain(..ascii);
            if self.raw.is_empty() && !self.eof {
                return Ok(());
            }
            let dec = self.sniff(0)?;
            self.decoder = Some(dec.unwrap_or_else(|| GB18030.new_decoder_without_bom_handling()));
        }
        let Some(dec) = self.decoder.as_mut() else {
            return Ok(());
        };
        if self.finished {
            return Ok(());
        }
        let last = self.eof;
        let need = dec
            .max_utf8_buffer_length(self.raw.len())
            .ok_or_else(|| io::Error::new(io::ErrorKind::OutOfMemory, "input chunk too large"))?;
        self.out.reserve(need);
        let (_, read, replaced) = dec.decode_to_string(&self.raw, &mut self.out, last);
        self.raw.drain(..read);
        self.replaced |= replaced;
        self.finished = last && self.raw.is_empty();
        Ok(())
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if self.finished || (self.eof && self.raw.is_empty() && self.decoder.is_none()) {
                return Ok(0);
            }
            self.refill()?;
        }
        let waiting = self.out.as_bytes().get(self.out_pos..).unwrap_or(&[]);
        let n = waiting.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), waiting.get(..n)) {
            to.copy_from_slice(from);
        }
        self.out_pos += n;
        Ok(n)
    }
}

/// UTF-8 if the bytes are UTF-8, else GB18030 if they are GB18030, else the one of the two
/// with fewer malformed sequences, unless even that one is mostly not text.
fn guess(bytes: &[u8], eof: bool) -> Option<Decoder> {
    let utf8 = malformed(UTF_8, bytes, eof);
    if utf8 == 0 {
        return Some(UTF_8.new_decoder_with_bom_removal());
    }
    let gb = malformed(GB18030, bytes, eof);
    if gb == 0 {
        return Some(GB18030.new_decoder_without_bom_handling());
    }
    let (enc, errors) = if utf8 <= gb {
        (UTF_8, utf8)
    } else {
        (GB18030, gb)
    };
    (!mostly_not_text(bytes, errors)).then(|| enc.new_decoder_without_bom_handling())
}

/// Whether the bytes hold a whole character that is not ASCII, or are not UTF-8.
fn telling(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(s) => !s.is_ascii(),
        Err(e) => {
            e.error_len().is_some() || !bytes.get(..e.valid_up_to()).is_some_and(<[u8]>::is_ascii)
        }
    }
}

/// Whether the bytes are text in `enc`, allowing a character cut at the end of a chunk and a
/// few malformed bytes.
fn is_text(enc: &'static encoding_rs::Encoding, bytes: &[u8], eof: bool) -> bool {
    !mostly_not_text(bytes, malformed(enc, bytes, eof))
}

/// Whether `errors` malformed sequences are too many for a text with a stray byte or two (at
/// least 3, and more than a quarter of the bytes that are not ASCII), or the bytes hold control
/// characters as a binary file does (at least 3, and more than one in a hundred bytes).
fn mostly_not_text(bytes: &[u8], errors: usize) -> bool {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let controls = bytes
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c'))
        .count();
    (errors >= 3 && errors * 4 > non_ascii) || (controls >= 3 && controls * 100 > bytes.len())
}

/// How many malformed sequences the bytes hold in `enc` (a character cut at the end of a chunk
/// is not one unless the input ends there).
fn malformed(enc: &'static encoding_rs::Encoding, bytes: &[u8], eof: bool) -> usize {
    let mut dec = enc.new_decoder_without_bom_handling();
    let Some(need) = dec.max_utf8_buffer_length_without_replacement(bytes.len()) else {
        return usize::MAX;
    };
    let mut out = vec![0; need];
    let mut rest = bytes;
    let mut errors = 0;
    loop {
        let (result, read, _) = dec.decode_to_utf8_without_replacement(rest, &mut out, eof);
        rest = rest.get(read..).unwrap_or(&[]);
        match result {
            DecoderResult::Malformed(..) => errors += 1,
            DecoderResult::InputEmpty | DecoderResult::OutputFull => return errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads everything through a reader that hands out `step` bytes at a time.
    fn decode(bytes: &[u8], encoding: Encoding, step: usize) -> Result<String, RecordError> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut d = Decoded::new(Trickle(bytes, step), encoding)?;
        let mut s = String::new();
        d.read_to_string(&mut s)
            .map_err(|e| RecordError::file(RecordErrorKind::Io(crate::sys::IoFailure::new(&e))))?;
        Ok(s)
    }

    #[test]
    fn detects_utf8_with_and_without_bom_and_gbk() {
        let text = "工号,姓名\nE1001,张三\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for (bytes, step) in [
            (text.as_bytes(), 1000),
            (text.as_bytes(), 1),
            (&bom[..], 2),
            (&gbk[..], 1000),
            (&gbk[..], 3),
        ] {
            assert_eq!(
                decode(bytes, Encoding::Auto, step).ok().as_deref(),
                Some(text)
            );
        }
        assert_eq!(
            decode(&gbk, Encoding::Gb18030, 7).ok().as_deref(),
            Some(text)
        );
        let err = decode(&gbk, Encoding::Utf8, 7).err().map(|e| e.kind);
        assert_eq!(err, Some(RecordErrorKind::Decode { tried: "UTF-8" }));
    }

    #[test]
    fn a_character_cut_at_the_chunk_end_is_not_a_reason_to_switch() {
        // The sniffed chunk ends in the middle of `张` (3 bytes in UTF-8).
        let mut text = "a".repeat(SNIFF - 1);
        text.push_str("张三\n");
        assert!(decode(text.as_bytes(), Encoding::Auto, SNIFF).ok() == Some(text.clone()));
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(decode(&gbk, Encoding::Auto, SNIFF).ok() == Some(text.clone()));
        assert!(decode(&gbk, Encoding::Auto, 1000).ok() == Some(text));
    }

    #[test]
    fn ascii_first_then_gbk_is_detected_late() {
        let text = format!("{}\n张三,李四\n", "x,".repeat(SNIFF));
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(decode(&gbk, Encoding::Auto, 4096).ok() == Some(text));
    }

    #[test]
    fn a_stray_byte_is_replaced_wherever_it_is() {
        for at in [3, SNIFF + 10] {
            let mut bytes = "工号,姓名\nE1001,张三\n".repeat(SNIFF / 10).into_bytes();
            bytes.insert(at, 0xff);
            let text = decode(&bytes, Encoding::Auto, 4096).unwrap_or_default();
            assert_eq!(text.matches('\u{fffd}').count(), 1, "at {at}");
            assert_eq!(text.matches("张三").count(), SNIFF / 10, "at {at}");
            let text = decode(&bytes, Encoding::Utf8, 4096).unwrap_or_default();
            assert_eq!(text.matches('\u{fffd}').count(), 1, "at {at}");
        }
        // An ASCII file with one stray byte.
        let text = decode(b"a,b\n\xff,c\n", Encoding::Auto, 100).unwrap_or_default();
        assert_eq!(text, "a,b\n\u{fffd},c\n");
    }

    #[test]
    fn garbage_is_a_file_error() {
        // Bytes as random as a compressed file's (an `.xlsx` is one).
        let mut x = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..2000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect();
        let err = decode(&bytes, Encoding::Auto, 10).err().map(|e| e.kind);
        assert_eq!(
            err,
            Some(RecordErrorKind::Decode {
                tried: "UTF-8 or GB18030"
            })
        );
    }
}
