//! `rung lsp`: quick fixes where the help is mechanical — a "did you mean" rename, 「」 around
//! a name with brackets, a full-width operator to its half-width form.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit};

use rung::diag::{Diagnostic, Lang};
use rung::ide::{Analysis, SymbolKind};
use rung::source::Span;

use super::convert;

/// The quick fixes for the diagnostics inside the requested range.
#[allow(
    clippy::mutable_key_type,
    reason = "the protocol's WorkspaceEdit is keyed by Uri, whose cache clippy sees as mutable"
)]
pub fn actions(a: &Analysis, p: &CodeActionParams, lang: Lang) -> Vec<CodeActionOrCommand> {
    let source = a.source();
    let want = (
        convert::offset(source, p.range.start),
        convert::offset(source, p.range.end),
    );
    let mut out = Vec::new();
    for d in a.diagnostics() {
        if d.span.end < want.0 || d.span.start > want.1 {
            continue;
        }
        for (title, span, new_text) in fixes(a, d, lang) {
            let diagnostic = convert::diagnostic(d, source, &p.text_document.uri);
            let edit = TextEdit {
                range: convert::range(source, span),
                new_text,
            };
            let changes = HashMap::from([(p.text_document.uri.clone(), vec![edit])]);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(lsp_types::WorkspaceEdit {
                    changes: Some(changes),
                    ..lsp_types::WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The mechanical fixes of one diagnostic: (title, span to replace, new text).
fn fixes(a: &Analysis, d: &Diagnostic, lang: Lang) -> Vec<(String, Span, String)> {
    let text = &a.source().text;
    let mut out = Vec::new();
    if let Some(name) = d.suggestion.as_deref() {
        let title = lang.fmt(format!("改为 `{name}`"), format!("change to `{name}`"));
        out.push((title, d.span, name.to_string()));
    }
    if let Some((span, name)) = bracketed_name(a, d.span.start) {
        let title = lang.fmt(
            format!("给 `{name}` 加上 「」"),
            format!("quote `{name}` with 「」"),
        );
        out.push((title, span, format!("「{name}」")));
    }
    let at = text.get(d.span.start..).and_then(|r| r.chars().next());
    if let Some((wide, narrow)) = at.and_then(half_width) {
        let span = Span::new(d.span.start, d.span.start + wide.len_utf8());
        let title = lang.fmt(
            format!("把全角的 `{wide}` 改为 `{narrow}`"),
            format!("change the full-width `{wide}` to `{narrow}`"),
        );
        out.push((title, span, narrow.to_string()));
    }
    out
}

/// A rung name with brackets written without quotes at `start` (`中(二)级客服(一般)`), when the
/// policy's ladder has it.
fn bracketed_name(a: &Analysis, start: usize) -> Option<(Span, String)> {
    let text = &a.source().text;
    let rest = text.get(start..)?;
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || "()（）_".contains(c)))
        .map_or(rest.len(), |(i, _)| i);
    let run = rest.get(..len)?;
    if !run.contains(['(', '（']) || text.get(..start)?.ends_with('「') {
        return None;
    }
    let rungs = a
        .completion_names()
        .into_iter()
        .filter(|(_, k)| matches!(k, SymbolKind::Minor | SymbolKind::Major))
        .map(|(n, _)| {
            n.trim_start_matches('「')
                .trim_end_matches('」')
                .to_string()
        });
    // The longest rung the run starts with.
    let norm = |s: &str| s.replace('（', "(").replace('）', ")");
    let best = rungs
        .filter(|r| r.contains('('))
        .filter(|r| norm(run).starts_with(&norm(r)))
        .max_by_key(String::len)?;
    let end = start
        + run
            .char_indices()
            .nth(best.chars().count())
            .map_or(run.len(), |(i, _)| i);
    Some((Span::new(start, end), text.get(start..end)?.to_string()))
}

/// The half-width form of a full-width operator or bracket.
fn half_width(c: char) -> Option<(char, char)> {
    let narrow = match c {
        '＞' => '>',
        '＜' => '<',
        '＝' => '=',
        '＋' => '+',
        '－' => '-',
        '＊' => '*',
        '／' => '/',
        '，' => ',',
        '：' => ':',
        '？' => '?',
        '［' => '[',
        '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '％' => '%',
        _ => return None,
    };
    Some((c, narrow))
}
