//! What the fuzz targets share: the generator of `tests/gen` driven by the fuzzer's bytes, and
//! the three targets as functions, run by the libFuzzer binaries and by the driver alike.

#[path = "../../tests/gen/mod.rs"]
pub mod gen;

#[path = "targets.rs"]
pub mod targets;

/// The fuzzer's bytes as the generator's choices; when they run out, every choice is 0.
pub struct Bytes<'a>(pub &'a [u8]);

impl gen::Choose for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        let n = n.max(1);
        let (value, rest) = match self.0 {
            [] => (0, &[][..]),
            [a, rest @ ..] if n <= 256 => (usize::from(*a), rest),
            [a, b, rest @ ..] => (usize::from(*a) << 8 | usize::from(*b), rest),
            [a] => (usize::from(*a), &[][..]),
        };
        self.0 = rest;
        value % n
    }
}
