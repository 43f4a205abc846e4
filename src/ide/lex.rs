//! Editor support: a forgiving scan of a policy's text into the words an editor points at
//! (names, quoted names, clause ids), skipping strings and comments. It never fails, so it
//! works on a half-typed file.

use crate::source::Span;

/// A word of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word: a name, a clause id (`8.4.1.2.B`), or a quoted name without its quotes.
    pub text: String,
    /// Where it stands (inside the quotes for a quoted name).
    pub span: Span,
    /// Whether it was written in 「」 or backticks.
    pub quoted: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Every word of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        let next = i + c.len_utf8();
        let rest = text.get(next..).unwrap_or("");
        let line_end = rest.find('\n').map_or(text.len(), |n| next + n);
        i = match c {
            '#' => line_end,
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                text.get(next..line_end)
                    .and_then(|l| l.find(close))
                    .map_or(line_end, |n| next + n + close.len_utf8())
            }
            '「' | '`' => {
                let close = if c == '「' { '」' } else { '`' };
                match text.get(next..line_end).and_then(|l| l.find(close)) {
                    Some(n) => {
                        let end = next + n;
                        if let Some(t) = text.get(next..end) {
                            out.push(Word {
                                text: t.to_string(),
                                span: Span::new(next, end),
                                quoted: true,
                            });
                        }
                        end + close.len_utf8()
                    }
                    None => next,
                }
            }
            c if is_word_char(c) => {
                let len = rest
                    .char_indices()
                    .find(|&(_, d)| !is_word_char(d))
                    .map_or(rest.len(), |(n, _)| n);
                push_trimmed(text, i, next + len, &mut out);
                next + len
            }
            _ => next,
        };
    }
    out
}

/// Pushes a run of word characters without leading or trailing dots (`..` is an operator).
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Word>) {
    let Some(run) = text.get(start..end) else {
        return;
    };
    // A range `a..b` is two words.
    let mut offset = start;
    for part in run.split("..") {
        let lead = part.len() - part.trim_start_matches('.').len();
        let trimmed = part.trim_matches('.');
        if !trimmed.is_empty() {
            let s = offset + lead;
            out.push(Word {
                text: trimmed.to_string(),
                span: Span::new(s, s + trimmed.len()),
                quoted: false,
            });
        }
        offset += part.len() + 2;
    }
}

/// The word at a byte offset (touching it on either side), if any.
pub fn word_at(text: &str, offset: usize) -> Option<Word> {
    words(text)
        .into_iter()
        .find(|w| w.span.start <= offset && offset <= w.span.end)
}

/// The dot-separated part of a word under `offset` (`评审评分.直属上级` → `直属上级`).
pub fn segment_at(word: &Word, offset: usize) -> Word {
    if word.quoted || !word.text.contains('.') {
        return word.clone();
    }
    let mut start = word.span.start;
    for part in word.text.split('.') {
        let end = start + part.len();
        if offset <= end {
            return Word {
                text: part.to_string(),
                span: Span::new(start, end),
                quoted: false,
            };
        }
        start = end + 1;
    }
    word.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        words(src).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn names_ids_and_quoted_names_but_not_strings_or_comments() {
        let src = "规则 8.4.1.2.B \"晋级 2 个小级\" # 注释 x\n  当 前6个月 达到 3A 且 当前职级 < 「中(二)级客服(一般)」";
        assert_eq!(
            texts(src),
            [
                "规则",
                "8.4.1.2.B",
                "当",
                "前6个月",
                "达到",
                "3A",
                "且",
                "当前职级",
                "中(二)级客服(一般)"
            ]
        );
    }

    #[test]
    fn a_range_is_two_words_and_a_member_has_segments() {
        assert_eq!(
            texts("考核[a .. b] 月份(x)..y"),
            ["考核", "a", "b", "月份", "x", "y"]
        );
        let src = "评审评分.直属上级";
        let w = word_at(src, 1).unwrap();
        let offset = src.find('直').unwrap() + 1;
        assert_eq!(segment_at(&w, offset).text, "直属上级");
        assert_eq!(segment_at(&w, 0).text, "评审评分");
    }

    #[test]
    fn an_unclosed_quote_or_string_is_not_a_crash() {
        assert_eq!(texts("「未闭合 x"), ["未闭合", "x"]);
        assert_eq!(texts("\"未闭合\nx"), ["x"]);
    }
}
