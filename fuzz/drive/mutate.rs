//! Inputs for the driver: fresh bytes for the generator, and the seed corpus mutated byte by
//! byte, line by line and with the language's own tokens.

use std::path::Path;

/// A seeded pseudo-random source (splitmix64): a run is repeated by its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A length, small far more often than large (up to `max`).
    pub fn len(&mut self, max: usize) -> usize {
        let bits = 1 + self.below(usize::BITS as usize - max.leading_zeros() as usize);
        self.below(1 << bits).min(max)
    }
}

/// Words and values worth splicing in: keywords, punctuation and edge values of the language
/// and of the record formats.
const TOKENS: &[&str] = &[
    "制度 ",
    "日历 ",
    "记录 ",
    "决定 ",
    "规则 ",
    "参数 ",
    "定义 ",
    "等级 ",
    "阶梯 ",
    "类型 ",
    "当 ",
    "则 ",
    "且 ",
    "或 ",
    "非 ",
    "若 ",
    "否则 ",
    "任一 ",
    "所有 ",
    "计数 ",
    "首个 ",
    "属于 ",
    "满足 ",
    "达到 ",
    "无 ",
    "有 ",
    "优先于 ",
    "参见 ",
    "原文 ",
    "出处 ",
    "自定 ",
    "取大",
    "取小",
    " .. ",
    "??",
    "「",
    "」",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "=",
    "\"",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "#",
    "个月",
    "天",
    "个工作日",
    "年",
    "月份(",
    "较大(",
    "9999-12-31",
    "0000-01-01",
    "0001-01",
    "2026-02-29",
    "9223372036854",
    "-1",
    "0",
    "2000000000",
    "0.000001",
    "99999999999999999999",
    "1e308",
    "NaN",
    "null",
    "true",
    "[[[[[[[[",
    "((((((((",
    "非 非 非 非 ",
    "- - - - ",
    "\u{feff}",
    "\u{fffd}",
    "\x00",
    "\u{3000}",
    "\"\"",
    "\\\"",
    "\\u0000",
    "{\"工号\": \"E1\"}",
    ",,,,",
    "\"a\nb\"",
];

/// Mutates `data` in place with a few stacked edits; `pool` gives other inputs to splice from.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, pool: &[Vec<u8>], max: usize) {
    for _ in 0..1 + rng.len(7) {
        edit(rng, data, pool);
    }
    data.truncate(max);
}

fn edit(rng: &mut Rng, data: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let n = data.len();
    match rng.below(14) {
        0 if n > 0 => {
            let i = rng.below(n);
            if let Some(b) = data.get_mut(i) {
                *b ^= 1 << rng.below(8);
            }
        }
        1 if n > 0 => {
            let i = rng.below(n);
            if let Some(b) = data.get_mut(i) {
                *b = rng.next() as u8;
            }
        }
        2 => {
            let at = rng.below(n + 1);
            let bytes: Vec<u8> = (0..1 + rng.len(8)).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
        3 if n > 0 => {
            let at = rng.below(n);
            let end = (at + 1 + rng.len(64)).min(n);
            data.drain(at..end);
        }
        4 if n > 0 => {
            // A run of the input repeated (deep nesting, long lines, many records).
            let at = rng.below(n);
            let end = (at + 1 + rng.len(32)).min(n);
            let chunk: Vec<u8> = data.get(at..end).unwrap_or_default().to_vec();
            let most = if rng.one_in(8) { 512 } else { 4 };
            let times = 1 + rng.len(most);
            let to = rng.below(n + 1);
            let repeated: Vec<u8> = chunk
                .iter()
                .copied()
                .cycle()
                .take(chunk.len() * times)
                .collect();
            data.splice(to..to, repeated);
        }
        5 | 6 => {
            let token = TOKENS.get(rng.below(TOKENS.len())).copied().unwrap_or("");
            let at = boundary(data, rng.below(n + 1));
            data.splice(at..at, token.bytes());
        }
        7 => lines(rng, data),
        8 => lines(rng, data),
        9 if !pool.is_empty() => {
            // Splice: a piece of another input.
            let other = pool
                .get(rng.below(pool.len()))
                .map_or(&[][..], Vec::as_slice);
            if !other.is_empty() {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.len(256)).min(other.len());
                let at = rng.below(n + 1);
                data.splice(
                    at..at,
                    other.get(from..end).unwrap_or_default().iter().copied(),
                );
            }
        }
        10 => number(rng, data),
        11 if n > 0 => data.truncate(rng.below(n)),
        12 if n > 1 => {
            // Swap two bytes far apart.
            let (a, b) = (rng.below(n), rng.below(n));
            data.swap(a, b);
        }
        _ => {
            let at = boundary(data, rng.below(n + 1));
            let token = TOKENS.get(rng.below(TOKENS.len())).copied().unwrap_or("");
            let end = boundary(data, (at + 1 + rng.len(16)).min(n));
            if at <= end {
                data.splice(at..end, token.bytes());
            }
        }
    }
}

/// The nearest UTF-8 character start at or after `i`, so that tokens go between characters.
fn boundary(data: &[u8], mut i: usize) -> usize {
    while data.get(i).is_some_and(|b| b & 0xC0 == 0x80) {
        i += 1;
    }
    i.min(data.len())
}

/// Line edits: a line dropped, doubled, moved or joined with the next.
fn lines(rng: &mut Rng, data: &mut Vec<u8>) {
    let mut ls: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = ls.len();
    let i = rng.below(n);
    match rng.below(4) {
        0 if n > 1 => {
            ls.remove(i);
        }
        1 => {
            let line = ls.get(i).cloned().unwrap_or_default();
            let most = if rng.one_in(16) { 2000 } else { 3 };
            for _ in 0..1 + rng.len(most) {
                ls.insert(i, line.clone());
            }
        }
        2 => {
            let j = rng.below(n);
            ls.swap(i, j);
        }
        _ if i + 1 < n => {
            let next = ls.remove(i + 1);
            if let Some(line) = ls.get_mut(i) {
                line.extend_from_slice(&next);
            }
        }
        _ => {}
    }
    *data = ls.join(&b'\n');
}

/// A run of digits replaced by an edge value.
fn number(rng: &mut Rng, data: &mut Vec<u8>) {
    let n = data.len();
    let start = rng.below(n + 1);
    let Some(at) = data
        .get(start..)
        .and_then(|d| d.iter().position(u8::is_ascii_digit))
    else {
        return;
    };
    let at = start + at;
    let end = at
        + data
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    let edge = [
        "0",
        "1",
        "9999",
        "10000",
        "2147483648",
        "4294967296",
        "9223372036854775807",
        "18446744073709551616",
        "99999999999999999999999",
        "00",
        "12",
        "13",
        "31",
        "32",
        "29",
    ];
    let value = edge.get(rng.below(edge.len())).copied().unwrap_or("0");
    data.splice(at..end, value.bytes());
}

/// The seed inputs of a target: every file in `dir` (none if it does not exist).
pub fn corpus(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}
