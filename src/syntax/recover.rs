//! Syntax stage: after a syntax error, resume at the next item or rule so that every syntax
//! error of a file is reported at once.

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use super::error::{Expected, SyntaxError, SyntaxErrorKind};
use super::parser::{span, Rule, RungParser};
use super::span::Span;

/// Keywords that start a top-level item.
const ITEM_KEYWORDS: &[&str] = &[
    "policy", "calendar", "scale", "ladder", "type", "record", "param", "let", "clause",
    "decision", "制度", "日历", "等级", "阶梯", "类型", "记录", "参数", "定义", "条款", "决定",
];
const DECISION_KEYWORDS: &[&str] = &["decision", "决定"];
const RULE_KEYWORDS: &[&str] = &["rule", "规则"];

/// Parses item by item (and rule by rule inside decisions), collecting every error.
pub(super) fn collect_errors(src: &str) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let mut pos = 0;
    loop {
        pos = skip_trivia(src, pos);
        if pos >= src.len() {
            break;
        }
        let rest = &src[pos..];
        if starts_with_keyword(rest, DECISION_KEYWORDS) {
            match RungParser::parse(Rule::head_only, rest) {
                Ok(pairs) => {
                    let head_at = pos;
                    pos += pairs.map(|p| span(&p).end).max().unwrap_or(0);
                    pos = decision_body(src, pos, head_at, &mut errors);
                }
                Err(e) => {
                    let at = push(&mut errors, src, pos, &e);
                    pos = resync(src, at, pos, false);
                }
            }
            continue;
        }
        match RungParser::parse(Rule::item_only, rest) {
            Ok(pairs) => pos += pairs.map(|p| span(&p).end).max().unwrap_or(1).max(1),
            Err(e) => {
                let at = push(&mut errors, src, pos, &e);
                pos = resync(src, at, pos, false);
            }
        }
    }
    if errors.is_empty() {
        // The whole-file parse failed, yet every piece parses: report the end of the file.
        errors.push(SyntaxError {
            span: Span::new(src.len(), src.len()),
            kind: SyntaxErrorKind::Unexpected {
                found: None,
                expected: vec![Expected::Item],
                previous: None,
                starts_line: true,
            },
        });
    }
    errors.dedup_by_key(|e| e.span.start);
    errors
}

/// Parses the members of a decision up to its `}`; returns the position after it.
fn decision_body(
    src: &str,
    mut pos: usize,
    head_at: usize,
    errors: &mut Vec<SyntaxError>,
) -> usize {
    loop {
        pos = skip_trivia(src, pos);
        let rest = &src[pos..];
        if rest.is_empty() || (starts_with_keyword(rest, ITEM_KEYWORDS) && at_line_start(src, pos))
        {
            errors.push(SyntaxError {
                span: Span::new(head_at, head_at + keyword_len(&src[head_at..])),
                kind: SyntaxErrorKind::UnclosedDecision,
            });
            return pos;
        }
        if rest.starts_with('}') {
            return pos + 1;
        }
        match RungParser::parse(Rule::member_only, rest) {
            Ok(pairs) => pos += pairs.map(|p| span(&p).end).max().unwrap_or(1).max(1),
            Err(e) => {
                let at = push(errors, src, pos, &e);
                pos = resync(src, at, pos, true);
            }
        }
    }
}

/// Records a pest error found while parsing `src[base..]`; returns its absolute position.
fn push(
    errors: &mut Vec<SyntaxError>,
    src: &str,
    base: usize,
    e: &pest::error::Error<Rule>,
) -> usize {
    let at = base
        + match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let mut expected: Vec<Expected> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|r| Expected::of_rule(*r))
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort();
    expected.dedup();
    let found = token_at(src, at);
    let previous = word_before(src, at);
    let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
    let starts_line = src[line_start..at].trim().is_empty();
    let end = at + found.as_ref().map_or(0, |f| f.len());
    errors.push(SyntaxError {
        span: Span::new(at, end),
        kind: SyntaxErrorKind::Unexpected {
            found,
            expected,
            previous,
            starts_line,
        },
    });
    at
}

/// The word just before `at` (skipping spaces), for hints about a keyword glued to a name.
fn word_before(src: &str, at: usize) -> Option<String> {
    let before = src.get(..at)?.trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let word: String = word.chars().rev().collect();
    (!word.is_empty()).then_some(word)
}

/// The word or symbol at `at`, for the message.
fn token_at(src: &str, at: usize) -> Option<String> {
    let rest = src.get(at..)?;
    let first = rest.chars().next()?;
    let word: String = if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .take(24)
            .collect()
    } else {
        first.to_string()
    };
    Some(word)
}

/// Skips whitespace and comments.
fn skip_trivia(src: &str, mut pos: usize) -> usize {
    loop {
        let rest = &src[pos..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            pos += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return pos;
        }
    }
}

/// The start of the line, after the failed piece's start `from`, that begins an item (or,
/// inside a decision, a rule, a `}` or an outcome field): the error's own line when it starts
/// there, else a later one.
fn resync(src: &str, at: usize, from: usize, in_decision: bool) -> usize {
    let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
    let mut pos = if line_start > from && src[line_start..at].trim().is_empty() {
        line_start
    } else {
        match src[at..].find('\n') {
            Some(n) => at + n + 1,
            None => return src.len(),
        }
    };
    while pos < src.len() {
        let line_end = src[pos..].find('\n').map_or(src.len(), |n| pos + n);
        let line = &src[pos..line_end];
        let trimmed = line.trim_start();
        let start = pos + (line.len() - trimmed.len());
        if starts_with_keyword(trimmed, ITEM_KEYWORDS)
            && (!in_decision || line.len() == trimmed.len())
        {
            return start;
        }
        if in_decision
            && (starts_with_keyword(trimmed, RULE_KEYWORDS)
                || trimmed.starts_with('}')
                || looks_like_field(trimmed))
        {
            return start;
        }
        pos = line_end + 1;
    }
    src.len()
}

fn looks_like_field(line: &str) -> bool {
    let head: String = line
        .chars()
        .take_while(|c| !matches!(c, ':' | '：' | '=' | ' '))
        .collect();
    !head.is_empty()
        && line[head.len()..].trim_start().starts_with([':', '：'])
        && head.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn starts_with_keyword(s: &str, keywords: &[&str]) -> bool {
    keywords.iter().any(|k| {
        s.starts_with(k)
            && !s[k.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

fn at_line_start(src: &str, pos: usize) -> bool {
    pos == 0 || src[..pos].ends_with('\n')
}

fn keyword_len(s: &str) -> usize {
    s.find(char::is_whitespace).unwrap_or(s.len())
}
