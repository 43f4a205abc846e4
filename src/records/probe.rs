//! Records stage: names (a record's keys, an enum's members, a scale's levels, a ladder's rungs)
//! matched against text by their length and their first and last eight bytes before their
//! text, so that telling one short name from another compares no memory.

/// The first and the last eight bytes of a text, as numbers (a text shorter than eight bytes:
/// itself, padded with zeros, twice).
fn ends(b: &[u8]) -> (u64, u64) {
    match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => {
            let mut a = [0u8; 8];
            for (to, from) in a.iter_mut().zip(b) {
                *to = *from;
            }
            let v = u64::from_le_bytes(a);
            (v, v)
        }
    }
}

/// A text prepared for matching: a name, or a text to match against names.
#[derive(Clone, Debug)]
pub(super) struct Probe<T> {
    len: usize,
    head: u64,
    tail: u64,
    text: T,
}

impl<T: AsRef<str>> Probe<T> {
    pub(super) fn new(text: T) -> Self {
        let b = text.as_ref().as_bytes();
        let (head, tail) = ends(b);
        Probe {
            len: b.len(),
            head,
            tail,
            text,
        }
    }

    /// Whether the two texts are the same. Up to sixteen bytes, the ends cover the whole text.
    pub(super) fn is<U: AsRef<str>>(&self, other: &Probe<U>) -> bool {
        self.len == other.len
            && self.head == other.head
            && self.tail == other.tail
            && (self.len <= 16 || self.text.as_ref() == other.text.as_ref())
    }
}

/// Names, each with its value (an index or a rank), found by their text; of a name given
/// twice, the first.
#[derive(Clone, Debug, Default)]
pub(super) struct Names(Vec<(Probe<Box<str>>, u16)>);

impl Names {
    /// The names of `texts` with their values; one whose value is None is left out.
    pub(super) fn new<T: AsRef<str>>(texts: impl IntoIterator<Item = (T, Option<u16>)>) -> Self {
        Names(
            texts
                .into_iter()
                .filter_map(|(t, v)| Some((Probe::new(Box::from(t.as_ref())), v?)))
                .collect(),
        )
    }

    /// The value of the name `text` is, if any.
    pub(super) fn get(&self, text: &str) -> Option<u16> {
        let p = Probe::new(text);
        self.0.iter().find(|(n, _)| n.is(&p)).map(|(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_a_name_exactly_when_they_are_equal() {
        let texts = [
            "",
            "A",
            "S",
            "AB",
            "ABCDEFG",
            "ABCDEFGH",
            "ABCDEFGHI",
            "客服",
            "客服部",
            "中(一)级客服(良好)",
            "中(一)级客服(优秀)",
            "中(二)级客服(良好)",
            "0123456789abcdef",
            "0123456789abcdeg",
            "0123456789abcdefg",
            "0123456789Xbcdefg",
            "A\0",
            "A\0\0",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(Probe::new(a).is(&Probe::new(b)), a == b, "{a:?} {b:?}");
            }
        }
        let names = Names::new([("S", Some(4)), ("A", Some(3)), ("S", Some(9)), ("B", None)]);
        assert_eq!(names.get("S"), Some(4));
        assert_eq!(names.get("A"), Some(3));
        assert_eq!(names.get("B"), None);
        assert_eq!(names.get("s"), None);
    }
}
