//! Formatter: `rung fmt` writes a policy in its canonical layout from the syntax tree, keeping
//! every comment and the author's grouping by blank lines, the keyword language, and names and
//! strings exactly as written. The layout rules are in `docs/fmt.md`.

mod expr;
mod items;
mod words;

use std::collections::HashSet;

use crate::syntax::ast::{Comment, ItemKind, Policy};
use crate::syntax::{self, SyntaxError};

pub use words::Keywords;

/// The widest a line may be (in columns, a Chinese character counting two) before a long
/// condition or a list of effects is broken over several lines.
pub const WIDTH: usize = 100;

/// How to format.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The keyword language to write; by default the one most of the policy's items use.
    pub keywords: Option<Keywords>,
}

/// Formats a policy's text. A text with syntax errors is not formatted: its errors are
/// returned.
pub fn format(src: &str, options: Options) -> Result<String, Vec<SyntaxError>> {
    let parsed = syntax::parse_recovering(src);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let policy = parsed.policy;
    let kw = options.keywords.unwrap_or_else(|| language(src, &policy));
    let mut f = Fmt::new(src, kw, &policy);
    f.policy(&policy);
    Ok(f.finish())
}

/// The keyword language most items are written in (Chinese when tied).
pub fn language(src: &str, policy: &Policy) -> Keywords {
    let english = policy
        .items
        .iter()
        .filter(|i| {
            src.get(i.span.start..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_ascii_alphabetic())
        })
        .count();
    if english * 2 > policy.items.len() {
        Keywords::En
    } else {
        Keywords::Zh
    }
}

/// The columns a text takes in a terminal: two for wide (CJK) characters.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

fn wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// One output line: its text, a trailing comment, and the group of lines whose trailing
/// comments align (the fields of a record).
struct Line {
    text: String,
    comment: Option<String>,
    group: Option<usize>,
}

/// The formatter's state: the output so far and the comments not yet written.
pub(crate) struct Fmt<'a> {
    src: &'a str,
    kw: Keywords,
    comments: &'a [Comment],
    next: usize,
    blank: &'a [usize],
    lines: Vec<Line>,
    /// Where the last thing written ends in the source.
    last_end: usize,
    /// Nothing written yet in the current block (no blank line before the first).
    block_start: bool,
    /// The alignment group of the lines being written, if any.
    group: Option<usize>,
    groups: usize,
    /// Names the policy declares: a built-in's name among them is not translated.
    declared: HashSet<&'a str>,
}

impl<'a> Fmt<'a> {
    fn new(src: &'a str, kw: Keywords, policy: &'a Policy) -> Self {
        let mut declared = HashSet::new();
        for i in &policy.items {
            let name = match &i.node {
                ItemKind::Scale(d) => Some(&d.name),
                ItemKind::Ladder(d) => Some(&d.name),
                ItemKind::Type(d) => Some(&d.name),
                ItemKind::Param(d) => Some(&d.name),
                ItemKind::Table(d) => Some(&d.name),
                ItemKind::Let(d) => Some(&d.name),
                ItemKind::Decision(d) => Some(&d.name),
                ItemKind::Record(d) => {
                    declared.extend(d.fields.iter().map(|f| f.name.node.as_str()));
                    Some(&d.name)
                }
                _ => None,
            };
            declared.extend(name.map(|n| n.node.as_str()));
        }
        Fmt {
            src,
            kw,
            comments: &policy.comments,
            next: 0,
            blank: &policy.blank_lines,
            lines: Vec::new(),
            last_end: 0,
            block_start: true,
            group: None,
            groups: 0,
            declared,
        }
    }

    /// The source text of a span.
    fn text(&self, span: crate::syntax::Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// Before a construct that starts at `from` and whose first line ends at `to` in the
    /// source: the comments before `to` on their own lines, and a blank line where the author
    /// left one.
    fn start(&mut self, from: usize, to: usize, indent: usize) {
        self.comments_before(to, indent);
        self.gap(from);
    }

    /// The comments not yet written that start before `to`, each on its own line.
    fn comments_before(&mut self, to: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= to {
                break;
            }
            self.gap(c.span.start);
            self.lines.push(Line {
                text: format!("{}#{}", " ".repeat(indent), c.text.trim_end()),
                comment: None,
                group: None,
            });
            self.last_end = self.last_end.max(c.span.end);
            self.block_start = false;
            self.next += 1;
        }
    }

    /// A blank line when the source has one between the last thing written and `at`.
    fn gap(&mut self, at: usize) {
        let blank = self.blank.iter().any(|b| *b > self.last_end && *b < at);
        if blank && !self.block_start {
            self.lines.push(Line {
                text: String::new(),
                comment: None,
                group: None,
            });
        }
        self.block_start = false;
    }

    /// Writes a line for what ends at `end` in the source; a comment that follows it on the
    /// same source line stays at its end.
    fn line(&mut self, indent: usize, text: String, end: usize) {
        let mut line = Line {
            text: format!("{}{}", " ".repeat(indent), text.trim_end()),
            comment: None,
            group: self.group,
        };
        self.last_end = self.last_end.max(end);
        if let Some(c) = self.comments.get(self.next) {
            // Only separators and spaces, no line break, between the end and the comment.
            let between = self.src.get(end..c.span.start).unwrap_or("\n");
            let trailing = between.chars().all(|ch| {
                matches!(
                    ch,
                    ' ' | '\t' | '\u{3000}' | ',' | ';' | '，' | '；' | '、' | '{'
                )
            });
            if c.span.start >= end && trailing {
                line.comment = Some(c.text.trim_end().to_string());
                self.last_end = c.span.end;
                self.next += 1;
            }
        }
        self.lines.push(line);
        self.block_start = false;
    }

    /// The end of a block: the comments left before `end`, then its closing line.
    fn close(&mut self, end: usize, indent: usize, text: &str) {
        self.comments_before(end, indent + 2);
        self.line(indent, text.to_string(), end);
    }

    fn finish(mut self) -> String {
        self.start(self.src.len() + 1, self.src.len() + 1, 0);
        let mut out = String::new();
        let mut i = 0;
        while let Some(line) = self.lines.get(i) {
            // A run of lines of one group with comments aligns them one column after the
            // widest.
            let run: Vec<&Line> = self
                .lines
                .iter()
                .skip(i)
                .take_while(|l| {
                    line.group.is_some() && l.group == line.group && l.comment.is_some()
                })
                .collect();
            let column = run.iter().map(|l| width(&l.text)).max().unwrap_or(0) + 2;
            for l in run.iter().copied().chain((run.is_empty()).then_some(line)) {
                out.push_str(&l.text);
                if let Some(c) = &l.comment {
                    let pad = if run.is_empty() {
                        2
                    } else {
                        column - width(&l.text)
                    };
                    out.push_str(&" ".repeat(pad));
                    out.push('#');
                    out.push_str(c);
                }
                out.push('\n');
            }
            i += run.len().max(1);
        }
        out
    }
}
