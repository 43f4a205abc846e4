//! Editor support: what an editor asks of a policy as it is being typed (diagnostics, the
//! outline, what a word refers to and where it is used, what can be typed next), as data. The
//! words of hovers are made where they are rendered (the language server in the CLI).

mod hover;
pub mod lex;
pub mod symbols;

use crate::check::Loader;
use crate::diag::Diagnostic;
use crate::program::Program;
use crate::source::{PolicySource, Span};
use crate::syntax::ast;

pub use hover::{Effect, EffectKind, Hover, PatternTerm};
pub use lex::Word;
pub use symbols::{Symbol, SymbolKind};

/// One version of a policy's text, parsed and checked as far as it goes.
pub struct Analysis {
    source: PolicySource,
    tree: Option<ast::Policy>,
    program: Option<Program>,
    diagnostics: Vec<Diagnostic>,
    symbols: Vec<Symbol>,
}

impl Analysis {
    /// Parses and checks `text`; the calendar and other files are read through `loader`.
    pub fn new(name: &str, text: &str, loader: &dyn Loader, lang: crate::diag::Lang) -> Self {
        let source = PolicySource::new(name, text);
        // The tree of what parsed, even where other parts have syntax errors.
        let tree = Some(crate::syntax::parse_recovering(text).policy);
        let (program, diagnostics) = match crate::compile(name, text, loader) {
            Ok(c) => {
                let warnings = crate::explain::diagnostics::warnings(&c.warnings, lang);
                (Some(c.program), warnings)
            }
            Err(f) => (None, f.diagnostics(lang)),
        };
        let symbols = tree.as_ref().map(symbols::outline).unwrap_or_default();
        Analysis {
            source,
            tree,
            program,
            diagnostics,
            symbols,
        }
    }

    /// The text and name.
    pub fn source(&self) -> &PolicySource {
        &self.source
    }

    /// Every error and warning of the file.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The checked program, when the file has no errors.
    pub fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }

    /// The outline: declarations in file order, with their children.
    pub fn outline(&self) -> &[Symbol] {
        &self.symbols
    }

    /// The word at a byte offset, narrowed to the dotted part under it unless the whole word
    /// is a clause id.
    pub fn word_at(&self, offset: usize) -> Option<Word> {
        let word = lex::word_at(&self.source.text, offset)?;
        if self.find(&word.text, offset).is_some() {
            return Some(word);
        }
        Some(lex::segment_at(&word, offset))
    }

    /// The declaration a word refers to; `at` picks the nearest decision's own outcome field
    /// where several decisions have one of the same name.
    fn find(&self, name: &str, at: usize) -> Option<&Symbol> {
        let all = symbols::flatten(&self.symbols);
        let inside = |s: &&Symbol| {
            self.symbols.iter().any(|d| {
                d.kind == SymbolKind::Decision
                    && d.full.start <= at
                    && at <= d.full.end
                    && d.children.iter().any(|c| std::ptr::eq(c, *s))
            })
        };
        let named = |s: &&&Symbol| s.name == name;
        let rank = |s: &Symbol| match s.kind {
            SymbolKind::Rule | SymbolKind::Clause => 0,
            SymbolKind::Param | SymbolKind::Let => 1,
            SymbolKind::Outcome => 2,
            SymbolKind::Field => 3,
            _ => 4,
        };
        all.iter()
            .filter(named)
            .min_by_key(|s| (!inside(s), rank(s)))
            .copied()
            .or_else(|| self.rung_major(name))
    }

    /// For a rung written `大级(小级)`, its 大级's declaration.
    fn rung_major(&self, name: &str) -> Option<&Symbol> {
        let (major, _) = split_rung(name)?;
        symbols::flatten(&self.symbols)
            .into_iter()
            .find(|s| s.kind == SymbolKind::Major && s.name == major)
    }

    /// Where the word at `offset` is declared.
    pub fn definition(&self, offset: usize) -> Option<Span> {
        let w = self.word_at(offset)?;
        self.find(&w.text, offset).map(|s| s.span)
    }

    /// Every place the word at `offset` is written, its declaration first.
    pub fn references(&self, offset: usize) -> Vec<Span> {
        let Some(w) = self.word_at(offset) else {
            return Vec::new();
        };
        let Some(decl) = self.find(&w.text, offset) else {
            return Vec::new();
        };
        let name = decl.name.clone();
        let mut out = vec![decl.span];
        for word in lex::words(&self.source.text) {
            if word.span == decl.span {
                continue;
            }
            if word.text == name {
                out.push(word.span);
            } else if !word.quoted && word.text.contains('.') {
                let mut start = word.span.start;
                for part in word.text.split('.') {
                    if part == name {
                        out.push(Span::new(start, start + part.len()));
                    }
                    start += part.len() + 1;
                }
            } else if word.quoted && split_rung(&word.text).is_some_and(|(m, _)| m == name) {
                out.push(Span::new(word.span.start, word.span.start + name.len()));
            }
        }
        out
    }

    /// What the word at `offset` is, as data for a hover.
    pub fn hover(&self, offset: usize) -> Option<(Span, Hover)> {
        hover::hover(self, offset)
    }

    /// Names that can be typed here: declared names, and rungs as `「大级(小级)」`.
    pub fn completion_names(&self) -> Vec<(String, SymbolKind)> {
        let mut out: Vec<(String, SymbolKind)> = Vec::new();
        for s in symbols::flatten(&self.symbols) {
            if matches!(s.kind, SymbolKind::Policy | SymbolKind::Minor) {
                continue;
            }
            if !out.iter().any(|(n, _)| *n == s.name) {
                out.push((s.name.clone(), s.kind));
            }
            if s.kind == SymbolKind::Major {
                for m in &s.children {
                    out.push((format!("「{}({})」", s.name, m.name), SymbolKind::Minor));
                }
            }
        }
        out
    }

    /// Whether the file writes its keywords in English (else Chinese).
    pub fn english_keywords(&self) -> bool {
        let words = lex::words(&self.source.text);
        let count = |list: &[&str]| {
            words
                .iter()
                .filter(|w| !w.quoted && list.contains(&w.text.as_str()))
                .count()
        };
        count(&["decision", "rule", "when", "then", "record", "param"])
            > count(&["决定", "规则", "当", "则", "记录", "参数"])
    }
}

/// `中(二)级客服(一般)` → (`中(二)级客服`, `一般`); the last parenthesised part is the 小级.
pub fn split_rung(name: &str) -> Option<(&str, &str)> {
    let inner = name.strip_suffix(')').or_else(|| name.strip_suffix('）'))?;
    let open = inner.rfind(['(', '（'])?;
    let major = inner.get(..open)?;
    let minor = inner.get(open..)?.trim_start_matches(['(', '（']);
    (!major.is_empty() && !minor.is_empty()).then_some((major, minor))
}

/// The language's keywords in one spelling (English, or Chinese), from the table the parser's
/// recovery and the checker read (`syntax::keywords`, held to the grammar by its tests), so the
/// list cannot drift from them.
pub fn keywords(english: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for k in crate::syntax::keywords::KEYWORDS {
        for s in k.spellings {
            if s.is_ascii() == english && !out.contains(s) {
                out.push(s);
            }
        }
    }
    out
}

/// The built-in functions' names, Chinese and English, from the checker's own table, the group
/// functions of roster decisions included.
pub fn builtins() -> Vec<(&'static str, &'static str)> {
    crate::check::builtin_names().collect()
}

#[cfg(test)]
mod tests;
