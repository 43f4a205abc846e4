//! Diff stage: a character diff of two sentences (a clause's 原文 before and after an edit), as
//! runs of kept, deleted and inserted text.

use serde::Serialize;

/// A run of a character diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum Piece {
    /// Text in both.
    Same(String),
    /// Text only in the old sentence.
    Del(String),
    /// Text only in the new sentence.
    Ins(String),
}

/// The longest sentences compared character by character; longer ones (the table grows with the
/// product of the lengths) are shown as one deletion and one insertion around their common
/// start and end.
const MAX_CHARS: usize = 2000;

/// The character diff of two texts: the longest common subsequence, with the common start and
/// end kept whole.
pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest_a = a.get(pre..).unwrap_or(&[]);
    let rest_b = b.get(pre..).unwrap_or(&[]);
    let suf = rest_a
        .iter()
        .rev()
        .zip(rest_b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = rest_a.get(..rest_a.len() - suf).unwrap_or(&[]);
    let mid_b = rest_b.get(..rest_b.len() - suf).unwrap_or(&[]);
    let mut ops: Vec<(u8, char)> = Vec::new();
    ops.extend(a.iter().take(pre).map(|c| (0, *c)));
    if mid_a.len().saturating_mul(mid_b.len()) <= MAX_CHARS * MAX_CHARS / 4 {
        lcs(mid_a, mid_b, &mut ops);
    } else {
        ops.extend(mid_a.iter().map(|c| (1, *c)));
        ops.extend(mid_b.iter().map(|c| (2, *c)));
    }
    ops.extend(rest_a.iter().skip(rest_a.len() - suf).map(|c| (0, *c)));
    let mut out: Vec<Piece> = Vec::new();
    for (op, c) in ops {
        match (op, out.last_mut()) {
            (0, Some(Piece::Same(s))) | (1, Some(Piece::Del(s))) | (2, Some(Piece::Ins(s))) => {
                s.push(c);
            }
            (0, _) => out.push(Piece::Same(c.to_string())),
            (1, _) => out.push(Piece::Del(c.to_string())),
            _ => out.push(Piece::Ins(c.to_string())),
        }
    }
    out
}

/// Appends the edit script of `a` into `b` (0 keep, 1 delete, 2 insert), deletions before
/// insertions where both are possible.
fn lcs(a: &[char], b: &[char], ops: &mut Vec<(u8, char)>) {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    // table[i * w + j]: the length of the LCS of a[i..] and b[j..].
    let mut table = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if a.get(i) == b.get(j) {
                at(&table, (i + 1) * w + j + 1) + 1
            } else {
                at(&table, (i + 1) * w + j).max(at(&table, i * w + j + 1))
            };
            if let Some(cell) = table.get_mut(i * w + j) {
                *cell = v;
            }
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                ops.push((0, *x));
                i += 1;
                j += 1;
            }
            (Some(x), Some(_)) if at(&table, (i + 1) * w + j) >= at(&table, i * w + j + 1) => {
                ops.push((1, *x));
                i += 1;
            }
            (_, Some(y)) => {
                ops.push((2, *y));
                j += 1;
            }
            (Some(x), None) => {
                ops.push((1, *x));
                i += 1;
            }
            (None, None) => break,
        }
    }
}

fn at(table: &[u32], i: usize) -> u32 {
    table.get(i).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_number_is_one_deletion_and_one_insertion() {
        let d = diff("前6个月考核成绩3A(含)以上", "前6个月考核成绩2A(含)以上");
        assert_eq!(
            d,
            vec![
                Piece::Same("前6个月考核成绩".into()),
                Piece::Del("3".into()),
                Piece::Ins("2".into()),
                Piece::Same("A(含)以上".into()),
            ]
        );
    }

    #[test]
    fn the_pieces_rebuild_both_texts() {
        let (a, b) = (
            "转正后的5个工作日内提出建议",
            "转正后10个工作日内,经理提出书面建议",
        );
        let d = diff(a, b);
        let old: String = d
            .iter()
            .filter_map(|p| match p {
                Piece::Same(s) | Piece::Del(s) => Some(s.as_str()),
                Piece::Ins(_) => None,
            })
            .collect();
        let new: String = d
            .iter()
            .filter_map(|p| match p {
                Piece::Same(s) | Piece::Ins(s) => Some(s.as_str()),
                Piece::Del(_) => None,
            })
            .collect();
        assert_eq!((old.as_str(), new.as_str()), (a, b));
    }
}
