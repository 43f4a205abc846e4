//! Diagnostics: cutting very long source lines down to the part around a diagnostic's labels
//! before miette draws them. A long pasted 原文 followed by a mistake would otherwise fill the
//! screen, and miette's renderer cannot draw a label more than 65,535 columns into a line.

use crate::source::Span;

/// The most characters of one line that a drawn diagnostic shows.
pub const MAX_LINE_CHARS: usize = 100;
/// Characters kept before the first label on a cut line.
const BEFORE: usize = 30;
/// What stands for the text cut from a line.
const ELLIPSIS: &str = "…";

/// The text a diagnostic is drawn against, with its spans moved to match.
#[derive(Debug)]
pub struct Clipped {
    /// The lines of the original text up to the last one drawn; lines that are not drawn are
    /// left empty (so line numbers stay), long drawn lines are cut around the labels.
    pub text: String,
    /// The labels' spans in `text`, in the order given.
    pub spans: Vec<Span>,
    /// For each cut line: where it starts in `text` and how many characters were cut from its
    /// front beyond the ellipsis, so that columns can be given as in the original.
    pub shifts: Vec<(usize, usize)>,
}

/// One line of the original text: its content's byte range.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.trim_end_matches('\n').len();
        out.push(Line { start, end });
        start += piece.len();
    }
    if out.is_empty() || text.ends_with('\n') {
        out.push(Line { start, end: start });
    }
    out
}

/// The index of the line holding byte `offset`.
fn line_of(lines: &[Line], offset: usize) -> usize {
    lines
        .partition_point(|l| l.start <= offset)
        .saturating_sub(1)
}

/// The byte offset of character `n` of `s` (its length when `s` is shorter).
fn char_byte(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Cuts the lines a diagnostic with these spans would draw (each label's line and one line of
/// context either side), when one of them is longer than [`MAX_LINE_CHARS`]; `None` when the
/// text can be drawn as it is.
pub fn clip(text: &str, spans: &[Span]) -> Option<Clipped> {
    let all = lines(text);
    let touched: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.start, s.end])
        .map(|o| line_of(&all, o.min(text.len())))
        .collect();
    let first = touched.iter().min().copied()?.saturating_sub(1);
    let last = (touched.iter().max().copied()? + 1).min(all.len().saturating_sub(1));
    let drawn = all.get(first..=last)?;
    let long = |l: &Line| {
        text.get(l.start..l.end)
            .is_some_and(|s| s.chars().count() > MAX_LINE_CHARS)
    };
    if !drawn.iter().any(long) {
        return None;
    }
    let mut out = String::new();
    let mut shifts = Vec::new();
    // Per original line: (start in `out`, kept byte range of the original, ellipsis before).
    let mut kept: Vec<(usize, usize, usize, bool)> = Vec::with_capacity(last + 1);
    for (i, l) in all.iter().enumerate().take(last + 1) {
        let at = out.len();
        if i < first {
            kept.push((at, l.start, l.start, false));
            out.push('\n');
            continue;
        }
        let content = text.get(l.start..l.end).unwrap_or("");
        let count = content.chars().count();
        if count <= MAX_LINE_CHARS {
            kept.push((at, l.start, l.end, false));
            out.push_str(content);
        } else {
            // The window starts a little before the first label that starts on this line.
            let anchor = spans
                .iter()
                .map(|s| s.start)
                .filter(|&o| l.start <= o && o <= l.end)
                .min()
                .map_or(0, |o| text.get(l.start..o).map_or(0, |s| s.chars().count()));
            let from = anchor.saturating_sub(BEFORE).min(count - MAX_LINE_CHARS);
            let (lo, hi) = (
                char_byte(content, from),
                char_byte(content, from + MAX_LINE_CHARS),
            );
            let cut_front = from > 0;
            if cut_front {
                out.push_str(ELLIPSIS);
                shifts.push((at, from - 1));
            }
            kept.push((at, l.start + lo, l.start + hi, cut_front));
            out.push_str(content.get(lo..hi).unwrap_or(""));
            if hi < content.len() {
                out.push_str(ELLIPSIS);
            }
        }
        if i < last {
            out.push('\n');
        }
    }
    let map = |o: usize| -> usize {
        let i = line_of(&all, o.min(text.len()));
        match kept.get(i) {
            Some(&(at, lo, hi, cut)) => {
                let front = if cut { ELLIPSIS.len() } else { 0 };
                at + front + o.clamp(lo, hi) - lo
            }
            None => out.len(),
        }
    };
    let spans = spans
        .iter()
        .map(|s| {
            let start = map(s.start);
            Span::new(start, map(s.end).max(start))
        })
        .collect();
    Some(Clipped {
        text: out,
        spans,
        shifts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_drawn_as_they_are() {
        assert!(clip("a\nbc\n", &[Span::new(2, 3)]).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_label_and_keeps_its_line_number() {
        let long = "长".repeat(70_000);
        let text = format!("第一行\n\"{long}\" 错\n末行\n");
        let at = text.find(" 错").unwrap_or(0) + 1;
        let c = clip(&text, &[Span::new(at, at + "错".len())]).unwrap_or_else(|| panic!("cut"));
        let drawn: Vec<&str> = c.text.lines().collect();
        assert_eq!(drawn.len(), 3);
        assert_eq!(drawn[0], "第一行");
        assert!(drawn[1].starts_with('…') && drawn[1].chars().count() <= MAX_LINE_CHARS + 2);
        assert_eq!(drawn[2], "末行");
        let s = c.spans[0];
        assert_eq!(c.text.get(s.start..s.end), Some("错"));
        assert_eq!(c.shifts.len(), 1);
    }

    #[test]
    fn lines_far_from_the_labels_are_left_empty() {
        let long = "x".repeat(1000);
        let text = format!("{long}\na\nb\n{long} y\n");
        let at = text.rfind('y').unwrap_or(0);
        let c = clip(&text, &[Span::new(at, at + 1)]).unwrap_or_else(|| panic!("cut"));
        let drawn: Vec<&str> = c.text.lines().collect();
        assert_eq!(drawn[0], "");
        assert_eq!(drawn[2], "b");
        assert!(drawn[3].ends_with(" y"));
        assert_eq!(c.text.get(c.spans[0].start..c.spans[0].end), Some("y"));
    }
}
