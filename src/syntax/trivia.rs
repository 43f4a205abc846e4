//! Syntax stage: one lexical pass over the source, before pest sees it: the comments and blank
//! lines (kept for `rung fmt`), and the places where brackets, conditionals and quantifiers nest
//! deeper than [`MAX_NESTING`] (pest recurses once per level, so such text never reaches it).

use crate::limits::MAX_NESTING;

use super::ast::Comment;
use super::span::Span;

/// What the lexical pass found.
#[derive(Debug, Default)]
pub(super) struct Trivia {
    /// Every `#` comment, in file order.
    pub comments: Vec<Comment>,
    /// The byte offset of every blank line outside strings.
    pub blank_lines: Vec<usize>,
    /// Where nesting first passes the limit, at most once per item.
    pub too_deep: Vec<usize>,
}

/// Words that open a construct whose last part runs on: `若 … 则 … 否则 …` and quantifiers.
const NESTING_WORDS: &[&str] = &[
    "若", "if", "任一", "any", "所有", "all", "计数", "count", "首个", "first",
];

/// Words that cannot stand inside an expression: nesting cannot run across them.
const BOUNDARY_WORDS: &[&str] = &[
    "规则",
    "rule",
    "原文",
    "source",
    "参见",
    "see",
    "当",
    "when",
    "优先于",
    "overrides",
    "仅当",
    "需要",
    "要求",
    "requires",
];

/// Words that start a top-level item: everything open before them is closed.
const ITEM_WORDS: &[&str] = &[
    "制度",
    "policy",
    "日历",
    "calendar",
    "等级",
    "scale",
    "阶梯",
    "ladder",
    "类型",
    "type",
    "记录",
    "record",
    "参数",
    "param",
    "定义",
    "let",
    "条款",
    "clause",
    "决定",
    "decision",
    "流程",
    "process",
    "试用期",
    "probation",
];

/// A bracket (or the top level) and the nesting words counted inside it since its last
/// separator.
struct Frame {
    /// Whether the bracket counts as a level (the outermost `{` of an item does not).
    counts: bool,
    /// Nesting words since the last separator.
    words: usize,
}

struct Depth {
    frames: Vec<Frame>,
    /// Whether this item already passed the limit (reported once per item).
    reported: bool,
}

impl Depth {
    fn level(&self) -> usize {
        self.frames
            .iter()
            .map(|f| usize::from(f.counts) + f.words)
            .sum()
    }

    fn reset_item(&mut self) {
        self.frames.clear();
        self.frames.push(Frame {
            counts: false,
            words: 0,
        });
        self.reported = false;
    }

    fn top(&mut self) -> Option<&mut Frame> {
        self.frames.last_mut()
    }

    fn note(&mut self, at: usize, out: &mut Vec<usize>) {
        if !self.reported && self.level() > MAX_NESTING {
            self.reported = true;
            out.push(at);
        }
    }
}

/// Scans the source once.
pub(super) fn scan(src: &str) -> Trivia {
    let mut t = Trivia::default();
    let mut depth = Depth {
        frames: Vec::new(),
        reported: false,
    };
    depth.reset_item();
    let mut line_start = 0;
    let mut line_blank = true;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                if line_blank {
                    t.blank_lines.push(line_start);
                }
                line_start = i + 1;
                line_blank = true;
                continue;
            }
            c if c.is_whitespace() || c == '\u{FEFF}' => continue,
            _ => {}
        }
        line_blank = false;
        match c {
            '#' => {
                let end = src
                    .get(i..)
                    .and_then(|rest| rest.find(['\n', '\r']))
                    .map_or(src.len(), |n| i + n);
                let text = src.get(i + 1..end).unwrap_or("").to_string();
                t.comments.push(Comment {
                    text,
                    span: Span::new(i, end),
                });
                while chars.next_if(|(j, _)| *j < end).is_some() {}
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '“' => while chars.next().is_some_and(|(_, c)| c != '”') {},
            '「' | '`' => {
                let close = if c == '「' { '」' } else { '`' };
                while chars
                    .next_if(|(_, c)| *c != '\n')
                    .is_some_and(|(_, c)| c != close)
                {}
            }
            '(' | '（' | '[' | '{' => {
                let counts = c != '{' || depth.frames.len() > 1;
                depth.frames.push(Frame { counts, words: 0 });
                depth.note(i, &mut t.too_deep);
            }
            ')' | '）' | ']' | '}' if depth.frames.len() > 1 => {
                depth.frames.pop();
            }
            ',' | '，' | '、' | ';' | '；' | ':' | '：' => {
                if let Some(f) = depth.top() {
                    f.words = 0;
                }
            }
            c if is_word(c) => {
                let mut end = i + c.len_utf8();
                while let Some((j, d)) = chars.next_if(|(_, d)| is_word(*d)) {
                    end = j + d.len_utf8();
                }
                let word = src.get(i..end).unwrap_or("");
                if ITEM_WORDS.contains(&word) {
                    depth.reset_item();
                } else if BOUNDARY_WORDS.contains(&word) {
                    if let Some(f) = depth.top() {
                        f.words = 0;
                    }
                } else if NESTING_WORDS.contains(&word) {
                    if let Some(f) = depth.top() {
                        f.words += 1;
                    }
                    depth.note(i, &mut t.too_deep);
                }
            }
            _ => {}
        }
    }
    t
}

/// A character that may continue a name. Every such character is one pest's `XID_CONTINUE`
/// accepts, so this pass splits words at least where pest does: a keyword it misses would also
/// be no keyword to pest, and one it sees in a longer name only makes it count too high.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
