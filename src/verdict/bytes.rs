//! Verdict stage: JSON text written straight into a byte buffer, byte for byte as serde_json
//! writes it: strings with nothing to escape copied whole (any other through serde_json),
//! whole numbers and dates without the formatting machinery, and a value
//! ([`Live`](super::Live)) by these where it is one of the common kinds.

use crate::calendar::Date;
use crate::eval;

use super::value::Live;

/// Writes `s` as a JSON string, escaped as serde_json escapes it.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(out, s);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// `s` as a JSON string, for fragments prepared once.
pub fn quoted(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    // Into memory, a string does not fail to serialise.
    let _ = write_str(&mut out, s);
    out
}

/// Writes a whole number as serde_json does (no sign for naught, `-` before a negative).
pub fn write_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_digits(out, n.unsigned_abs(), 1);
}

/// The decimal digits of `n`, at least `width` of them (leading zeros).
fn write_digits(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    while n > 0 || buf.len() - at < width {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            // A digit: n % 10 < 10.
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if at == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(at..).unwrap_or_default());
}

/// Writes a date as the JSON string `"YYYY-MM-DD"`, as its `Display` gives it.
pub fn write_date(out: &mut Vec<u8>, d: Date) {
    let (y, m, day) = d.ymd();
    match u64::try_from(y) {
        Ok(y) if y <= 9999 => {
            out.push(b'"');
            write_digits(out, y, 4);
            out.push(b'-');
            write_digits(out, u64::from(m), 2);
            out.push(b'-');
            write_digits(out, u64::from(day), 2);
            out.push(b'"');
        }
        // A year before 0 or after 9999: as `Display` writes it (no character to escape).
        _ => {
            use std::io::Write as _;
            let _ = write!(out, "\"{d}\"");
        }
    }
}

/// Writes a date, or null.
pub fn write_date_opt(out: &mut Vec<u8>, d: Option<Date>) {
    match d {
        Some(d) => write_date(out, d),
        None => out.extend_from_slice(b"null"),
    }
}

impl Live<'_> {
    /// Writes the value as it serialises, the common kinds (null, booleans, whole numbers,
    /// text, dates, names) straight into the buffer, the others through serde_json.
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self.value {
            eval::Value::Missing(_) | eval::Value::None => out.extend_from_slice(b"null"),
            eval::Value::Bool(true) => out.extend_from_slice(b"true"),
            eval::Value::Bool(false) => out.extend_from_slice(b"false"),
            eval::Value::Num(n) => match n.as_int() {
                Some(i) => write_int(out, i),
                None => return serde_json::to_writer(out, self),
            },
            eval::Value::Text(t) => return write_str(out, t),
            eval::Value::Date(d) => write_date(out, d),
            eval::Value::Enum(_)
            | eval::Value::Grade(_)
            | eval::Value::Rung(_)
            | eval::Value::Major(_) => match self.name() {
                Some(name) => return write_str(out, name),
                None => return serde_json::to_writer(out, self),
            },
            _ => return serde_json::to_writer(out, self),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_as_serde_json_writes_them() {
        for n in [0, 1, -1, 9, 10, 99, 100, 12345, i64::MAX, i64::MIN, -1000] {
            let mut out = Vec::new();
            write_int(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap(), "{n}");
        }
        for (y, m, d) in [
            (2026, 7, 3),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            let mut out = Vec::new();
            write_date(&mut out, date);
            assert_eq!(out, serde_json::to_vec(&date.to_string()).unwrap());
        }
    }

    #[test]
    fn strings_as_serde_json_escapes_them() {
        for s in [
            "",
            "a",
            "客服",
            "a\"b",
            "a\\b",
            "\u{0}\u{1f}\n\t",
            "\u{2028}😀",
            "\u{7f}",
        ] {
            let mut out = Vec::new();
            write_str(&mut out, s).unwrap();
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }
}
