//! Syntax stage: after a syntax error, resume at the next item or rule so that every syntax
//! error of a file is reported at once.

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser as _;

use crate::limits::MAX_NESTING;

use super::ast::{Item, ItemKind, Member};
use super::error::{Expected, SyntaxError, SyntaxErrorKind};
use super::parser::{self, span, Rule, RungParser};
use super::shift;
use super::span::{Span, Spanned};

use super::keywords::{spellings, spellings_of, Role};

/// What parsing one piece (an item, a decision's head, a member) gave.
enum Piece<'i> {
    /// The piece's pair and the absolute position after it.
    Parsed(Pair<'i, Rule>, usize),
    /// A syntax error.
    Failed(pest::error::Error<Rule>),
    /// The piece runs into text that nests too deep (the position where it does).
    TooDeep(usize),
}

/// Parses one piece at `pos` with `rule`. Pest never sees text past the next place that nests
/// too deep: the piece is parsed from a slice that ends there.
fn piece<'i>(src: &'i str, pos: usize, too_deep: &[usize], entry: Rule) -> Piece<'i> {
    let deep = too_deep.iter().copied().find(|d| *d >= pos);
    let end = deep.unwrap_or(src.len());
    let input = src.get(pos..end).unwrap_or("");
    match RungParser::parse(entry, input) {
        Ok(mut pairs) => match pairs.next() {
            Some(p) => {
                let after = pos + span(&p).end.max(1);
                match deep {
                    Some(d) if skip_trivia(src, after) >= d => Piece::TooDeep(d),
                    _ => Piece::Parsed(p, after),
                }
            }
            None => Piece::TooDeep(end),
        },
        Err(e) => {
            let at = pos + location(&e);
            match deep {
                Some(d) if skip_trivia(src, at) >= d => Piece::TooDeep(d),
                _ => Piece::Failed(e),
            }
        }
    }
}

fn location(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

fn too_deep_error(at: usize) -> SyntaxError {
    SyntaxError {
        span: Span::new(at, at),
        kind: SyntaxErrorKind::TooDeep(MAX_NESTING),
    }
}

/// The single child of a recovery entry point (`item_only` → `item`, …).
fn inner(p: Pair<'_, Rule>) -> Option<Pair<'_, Rule>> {
    p.into_inner().find(|c| c.as_rule() != Rule::COMMENT)
}

/// Parses item by item (and member by member inside decisions), keeping every item that
/// parses, with its spans in the whole file, and collecting every error.
pub(super) fn recover(
    src: &str,
    too_deep: &[usize],
    items: &mut Vec<Item>,
    errors: &mut Vec<SyntaxError>,
) {
    let before = errors.len();
    let mut pos = 0;
    loop {
        pos = skip_trivia(src, pos);
        if pos >= src.len() {
            break;
        }
        let rest = src.get(pos..).unwrap_or("");
        if starts_with_keyword(rest, spellings_of("k_decision").iter().copied()) {
            match piece(src, pos, too_deep, Rule::head_only) {
                Piece::Parsed(p, after) => {
                    let head_at = pos;
                    let head = inner(p).map(parser::decision_head);
                    let (end, members) = decision_body(src, after, head_at, too_deep, errors);
                    pos = end;
                    match head {
                        Some(Ok(mut d)) => {
                            shift::head(&mut d, head_at);
                            d.members = members;
                            let at = Span::new(head_at, end.min(src.len()));
                            items.push(Spanned::new(ItemKind::Decision(d), at));
                        }
                        Some(Err(mut e)) => {
                            e.span = Span::new(e.span.start + head_at, e.span.end + head_at);
                            errors.push(e);
                        }
                        None => {}
                    }
                }
                Piece::Failed(e) => {
                    let at = push(errors, src, pos, &e);
                    pos = resync(src, at, pos, false);
                }
                Piece::TooDeep(at) => {
                    errors.push(too_deep_error(at));
                    pos = resync(src, at, pos, false);
                }
            }
            continue;
        }
        match piece(src, pos, too_deep, Rule::item_only) {
            Piece::Parsed(p, after) => {
                let mut found = Vec::new();
                if let Some(mut item) = inner(p).and_then(|i| parser::item(i, &mut found)) {
                    shift::item(&mut item, pos);
                    items.push(item);
                }
                errors.extend(found.into_iter().map(|e| moved(e, pos)));
                pos = after;
            }
            Piece::Failed(e) => {
                let at = push(errors, src, pos, &e);
                pos = resync(src, at, pos, false);
            }
            Piece::TooDeep(at) => {
                errors.push(too_deep_error(at));
                pos = resync(src, at, pos, false);
            }
        }
    }
    if errors.len() == before {
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
}

fn moved(mut e: SyntaxError, by: usize) -> SyntaxError {
    e.span = Span::new(e.span.start + by, e.span.end + by);
    e
}

/// Parses the members of a decision up to its `}`; returns the position after it and the
/// members that parsed.
fn decision_body(
    src: &str,
    mut pos: usize,
    head_at: usize,
    too_deep: &[usize],
    errors: &mut Vec<SyntaxError>,
) -> (usize, Vec<Member>) {
    let mut members = Vec::new();
    loop {
        pos = skip_trivia(src, pos);
        let rest = src.get(pos..).unwrap_or("");
        if rest.is_empty()
            || (starts_with_keyword(rest, spellings(Role::Item)) && at_line_start(src, pos))
        {
            let head = src.get(head_at..).unwrap_or("");
            errors.push(SyntaxError {
                span: Span::new(head_at, head_at + keyword_len(head)),
                kind: SyntaxErrorKind::UnclosedDecision,
            });
            return (pos, members);
        }
        if rest.starts_with('}') {
            return (pos + 1, members);
        }
        match piece(src, pos, too_deep, Rule::member_only) {
            Piece::Parsed(p, after) => {
                let mut found = Vec::new();
                if let Some(mut m) = inner(p).and_then(|m| parser::member(m, &mut found)) {
                    shift::member(&mut m, pos);
                    members.push(m);
                }
                errors.extend(found.into_iter().map(|e| moved(e, pos)));
                pos = after;
            }
            Piece::Failed(e) => {
                let at = push(errors, src, pos, &e);
                pos = resync(src, at, pos, true);
            }
            Piece::TooDeep(at) => {
                errors.push(too_deep_error(at));
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
    let at = base + location(e);
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
    if let Some(kind) = bad_rule_id(src, at) {
        let end = at + found.as_ref().map_or(0, |f| f.len());
        errors.push(SyntaxError {
            span: Span::new(at, end),
            kind,
        });
        return at;
    }
    let previous = word_before(src, at);
    let starts_line = line_before(src, at).trim().is_empty();
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

/// A rule id with a character ids do not allow (`规则 C3-C7`): the text before `at` on its
/// line is `规则` and ids, and the id runs on into the character at `at`.
fn bad_rule_id(src: &str, at: usize) -> Option<SyntaxErrorKind> {
    let line = line_before(src, at).trim_start();
    let ids = line
        .strip_prefix("规则")
        .or_else(|| line.strip_prefix("rule"))?;
    if !ids.starts_with(char::is_whitespace) || ids.ends_with(char::is_whitespace) {
        return None;
    }
    let id_char = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let ids = ids.trim_start();
    if ids.is_empty()
        || !ids
            .chars()
            .all(|c| id_char(c) || matches!(c, ',' | '，' | '、' | ' '))
    {
        return None;
    }
    let rest = src.get(at..)?;
    let ch = rest.chars().next()?;
    if ch.is_whitespace() || matches!(ch, '"' | '“' | '「' | ',' | '，' | '、') {
        return None;
    }
    let tail: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '「' | ',' | '，' | '、'))
        .take(24)
        .collect();
    let head: String = ids
        .chars()
        .rev()
        .take_while(|c| id_char(*c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(SyntaxErrorKind::BadRuleId {
        id: format!("{head}{tail}"),
        ch,
    })
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
        let rest = src.get(pos..).unwrap_or("");
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
    let this_line = line_before(src, at);
    let line_start = at - this_line.len();
    let mut pos = if line_start > from && this_line.trim().is_empty() {
        line_start
    } else {
        match src.get(at..).and_then(|rest| rest.find('\n')) {
            Some(n) => at + n + 1,
            None => return src.len(),
        }
    };
    while pos < src.len() {
        let line = src
            .get(pos..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        let line_end = pos + line.len();
        let trimmed = line.trim_start();
        let start = pos + (line.len() - trimmed.len());
        if starts_with_keyword(trimmed, spellings(Role::Item))
            && (!in_decision || line.len() == trimmed.len())
        {
            return start;
        }
        if in_decision
            && (starts_with_keyword(trimmed, spellings_of("k_rule").iter().copied())
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
        && line
            .get(head.len()..)
            .unwrap_or("")
            .trim_start()
            .starts_with([':', '：'])
        && head.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn starts_with_keyword(s: &str, mut keywords: impl Iterator<Item = &'static str>) -> bool {
    keywords.any(|k| {
        s.strip_prefix(k).is_some_and(|rest| {
            !rest
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

fn at_line_start(src: &str, pos: usize) -> bool {
    pos == 0 || src.get(..pos).is_some_and(|before| before.ends_with('\n'))
}

/// The text from the start of `at`'s line up to `at`.
fn line_before(src: &str, at: usize) -> &str {
    let before = src.get(..at).unwrap_or("");
    before.rsplit('\n').next().unwrap_or(before)
}

fn keyword_len(s: &str) -> usize {
    s.find(char::is_whitespace).unwrap_or(s.len())
}
