//! Editor support: what a word under the cursor is, as data — a rule with its sentence and
//! effects, a parameter with its value and provenance, a rung's place on its ladder, a grade
//! pattern's terms. The language server renders it.

use crate::program::ir::NodeKind;
use crate::program::{Combine, Provenance, Type};
use crate::source::Span;
use crate::syntax::ast::{ItemKind, Member};

use super::{split_rung, Analysis, SymbolKind};

/// What a hover shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Hover {
    /// A rule: its ids, title, sentence, decision, condition and effects.
    Rule {
        /// Its clause ids.
        ids: Vec<String>,
        /// Its title.
        title: String,
        /// The clause's original sentence.
        source: Option<String>,
        /// Its decision.
        decision: String,
        /// Its condition as written.
        when: Option<String>,
        /// What it sets, caps, floors or requires.
        effects: Vec<Effect>,
    },
    /// A clause kept as cited text.
    Clause {
        /// Its id.
        id: String,
        /// Its title.
        title: String,
        /// Its sentence.
        source: Option<String>,
    },
    /// A parameter.
    Param {
        /// Its name.
        name: String,
        /// Its type, when the policy checks.
        ty: Option<Type>,
        /// Its value as written.
        value: String,
        /// Where the value comes from.
        provenance: Option<Provenance>,
    },
    /// A definition.
    Let {
        /// Its name.
        name: String,
        /// Its type, when the policy checks.
        ty: Option<Type>,
        /// Its expression as written.
        value: String,
    },
    /// A record field.
    Field {
        /// Its name.
        name: String,
        /// Its type, when the policy checks.
        ty: Option<Type>,
        /// Whether it may be absent.
        optional: bool,
        /// Where it is declared.
        declared: Span,
    },
    /// An outcome field.
    Outcome {
        /// Its decision.
        decision: String,
        /// Its name.
        name: String,
        /// Its type, when the policy checks.
        ty: Option<Type>,
        /// How its rules combine.
        combine: Option<Combine>,
        /// The rules that set it, by first id.
        rules: Vec<String>,
    },
    /// A rung of a ladder.
    Rung {
        /// The ladder.
        ladder: String,
        /// The rung.
        rung: String,
        /// Its place, 1 = lowest.
        position: usize,
        /// How many rungs the ladder has.
        count: usize,
    },
    /// A level of a scale.
    Grade {
        /// The scale.
        scale: String,
        /// The level.
        level: String,
        /// All levels, best first.
        levels: Vec<String>,
    },
    /// A grade pattern such as `2A(或1S)`.
    Pattern {
        /// As written.
        text: String,
        /// Its alternatives: it holds when every term of one alternative holds.
        alternatives: Vec<Vec<PatternTerm>>,
    },
    /// A built-in function (`星期`, `组内名次` …), by its two names.
    Builtin {
        /// Its Chinese name.
        zh: String,
        /// Its English name.
        en: String,
    },
    /// A keyword (`排名`, `合计`, `名额` …): every spelling of it, English first.
    Keyword {
        /// Its spellings.
        spellings: Vec<String>,
    },
    /// Any other declaration.
    Other {
        /// Its name.
        name: String,
        /// What it is.
        kind: SymbolKind,
    },
}

/// A term of a grade pattern: at least `count` grades at `level` or better.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternTerm {
    /// How many.
    pub count: u32,
    /// The lowest level that counts.
    pub level: String,
    /// Whether a better level counts too (false only for the best level).
    pub or_better: bool,
}

/// What a rule does to an outcome field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    /// The field.
    pub field: String,
    /// How.
    pub kind: EffectKind,
    /// The value as written.
    pub value: String,
}

/// The kinds of effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectKind {
    /// `=`.
    Set,
    /// `不超过`.
    AtMost,
    /// `不低于`.
    AtLeast,
    /// `要求`.
    Require,
}

pub(super) fn hover(a: &Analysis, offset: usize) -> Option<(Span, Hover)> {
    let word = a.word_at(offset)?;
    if let Some(h) = pattern_at(a, offset) {
        return Some(h);
    }
    if let Some(sym) = a.find(&word.text, offset) {
        let h = match sym.kind {
            SymbolKind::Rule => rule(a, &word.text),
            SymbolKind::Clause => clause(a, &word.text),
            SymbolKind::Param | SymbolKind::Let => declared_value(a, &word.text, sym.kind),
            SymbolKind::Field => Some(field(a, &sym.name, sym.span)),
            SymbolKind::Outcome => outcome(a, &sym.name, sym.full),
            SymbolKind::Grade => grade(a, &sym.name),
            SymbolKind::Major if word.quoted => rung(a, &word.text),
            _ => None,
        };
        let h = h.unwrap_or(Hover::Other {
            name: sym.name.clone(),
            kind: sym.kind,
        });
        return Some((word.span, h));
    }
    if word.quoted || split_rung(&word.text).is_some() {
        return rung(a, &word.text).map(|h| (word.span, h));
    }
    let called = a
        .source()
        .text
        .get(word.span.end..)
        .is_some_and(|rest| rest.trim_start().starts_with(['(', '（']));
    word_of_language(&word.text, called).map(|h| (word.span, h))
}

/// A word of the language rather than of the policy: a built-in function (preferred where the
/// word is called, as `max(` is the function and `max` alone the combination) or a keyword.
fn word_of_language(word: &str, called: bool) -> Option<Hover> {
    let builtin = || {
        crate::check::builtin_names()
            .find(|(zh, en)| *zh == word || *en == word)
            .map(|(zh, en)| Hover::Builtin {
                zh: zh.to_string(),
                en: en.to_string(),
            })
    };
    let keyword = || {
        let all = crate::syntax::keywords::KEYWORDS;
        // A word of a two-word keyword (`ranked` of `ranked by`) stands for it.
        all.iter()
            .find(|k| k.spellings.contains(&word))
            .or_else(|| {
                all.iter().find(|k| {
                    k.spellings
                        .iter()
                        .any(|s| s.split(' ').next() == Some(word))
                })
            })
            .map(|k| Hover::Keyword {
                spellings: k.spellings.iter().map(|s| s.to_string()).collect(),
            })
    };
    if called {
        builtin().or_else(keyword)
    } else {
        keyword().or_else(builtin)
    }
}

fn rule(a: &Analysis, id: &str) -> Option<Hover> {
    let p = a.program()?;
    let r = p.rule_by_id(id)?;
    let def = p.rules.get(r)?;
    let decision = p.decisions.get(def.decision)?;
    let mut effects = Vec::new();
    for f in &decision.fields {
        let push = |kind, value| Effect {
            field: f.name.clone(),
            kind,
            value: p.text(value).to_string(),
        };
        effects.extend(
            f.setters
                .iter()
                .filter(|s| s.rule == r)
                .map(|s| push(EffectKind::Set, s.value)),
        );
        effects.extend(f.bounds.iter().filter(|b| b.rule == r).map(|b| {
            let kind = if b.at_most {
                EffectKind::AtMost
            } else {
                EffectKind::AtLeast
            };
            push(kind, b.value)
        }));
        effects.extend(
            f.requirements
                .iter()
                .filter(|q| q.rule == r)
                .map(|q| push(EffectKind::Require, q.cond)),
        );
    }
    Some(Hover::Rule {
        ids: def.ids.clone(),
        title: def.title.clone(),
        source: def.source.clone(),
        decision: decision.name.clone(),
        when: def.when.map(|w| p.text(w).to_string()),
        effects,
    })
}

fn clause(a: &Analysis, id: &str) -> Option<Hover> {
    let p = a.program()?;
    let c = p.clauses.iter().find(|c| c.id == id)?;
    Some(Hover::Clause {
        id: c.id.clone(),
        title: c.title.clone(),
        source: c.source.clone(),
    })
}

/// A parameter or definition: its value as written comes from the tree, its type from the
/// program.
fn declared_value(a: &Analysis, name: &str, kind: SymbolKind) -> Option<Hover> {
    let tree = a.tree.as_ref()?;
    let text = &a.source.text;
    let slice = |s: Span| text.get(s.start..s.end).unwrap_or("").to_string();
    for item in &tree.items {
        match &item.node {
            ItemKind::Param(d) if kind == SymbolKind::Param && d.name.node == name => {
                let def = a
                    .program()
                    .and_then(|p| p.params.iter().find(|x| x.name == name));
                return Some(Hover::Param {
                    name: name.to_string(),
                    ty: def.map(|d| d.ty.clone()),
                    value: slice(d.value.span),
                    provenance: def.and_then(|d| d.provenance.clone()),
                });
            }
            ItemKind::Let(d) if kind == SymbolKind::Let && d.name.node == name => {
                let ty = a
                    .program()
                    .and_then(|p| p.lets.iter().find(|x| x.name == name))
                    .map(|d| d.ty.clone());
                return Some(Hover::Let {
                    name: name.to_string(),
                    ty,
                    value: slice(d.value.span),
                });
            }
            _ => {}
        }
    }
    None
}

fn field(a: &Analysis, name: &str, declared: Span) -> Hover {
    let def = a.program().and_then(|p| {
        p.schema
            .structs
            .iter()
            .flat_map(|s| s.fields.iter())
            .find(|f| f.name == name)
    });
    Hover::Field {
        name: name.to_string(),
        ty: def.map(|f| f.ty.clone()),
        optional: def.is_some_and(|f| f.optional),
        declared,
    }
}

fn outcome(a: &Analysis, name: &str, full: Span) -> Option<Hover> {
    let tree = a.tree.as_ref()?;
    let decision = tree.items.iter().find_map(|it| match &it.node {
        ItemKind::Decision(d) if it.span.start <= full.start && full.end <= it.span.end => Some(d),
        _ => None,
    })?;
    let dname = decision.name.node.clone();
    let def = a.program().and_then(|p| {
        let d = p.decisions.iter().find(|d| d.name == dname)?;
        let f = d.fields.iter().find(|f| f.name == name)?;
        Some((p, f))
    });
    let rules = match def {
        Some((p, f)) => f
            .setters
            .iter()
            .filter_map(|s| p.rules.get(s.rule).map(|r| r.id().to_string()))
            .collect(),
        None => decision
            .members
            .iter()
            .filter_map(|m| match m {
                Member::Rule(r) if r.effects.iter().any(|e| e.field.node == name) => {
                    r.ids.first().map(|i| i.node.clone())
                }
                _ => None,
            })
            .collect(),
    };
    Some(Hover::Outcome {
        decision: dname,
        name: name.to_string(),
        ty: def.map(|(_, f)| f.ty.clone()),
        combine: def.map(|(_, f)| f.combine),
        rules,
    })
}

fn grade(a: &Analysis, level: &str) -> Option<Hover> {
    let p = a.program()?;
    let s = p
        .schema
        .scales
        .iter()
        .find(|s| s.levels.iter().any(|l| l == level))?;
    Some(Hover::Grade {
        scale: s.name.clone(),
        level: level.to_string(),
        levels: s.levels.clone(),
    })
}

fn rung(a: &Analysis, name: &str) -> Option<Hover> {
    let p = a.program()?;
    p.schema.ladders.iter().find_map(|l| {
        let i = l.find(name)?;
        Some(Hover::Rung {
            ladder: l.name.clone(),
            rung: l.rung_name(i)?.to_string(),
            position: usize::from(i) + 1,
            count: l.rungs.len(),
        })
    })
}

/// The innermost grade pattern (`达到 …`) whose pattern text holds `offset`.
fn pattern_at(a: &Analysis, offset: usize) -> Option<(Span, Hover)> {
    let p = a.program()?;
    let mut best: Option<(Span, Hover)> = None;
    for node in &p.nodes {
        let NodeKind::Meets(w, alts) = &node.kind else {
            continue;
        };
        // The pattern is what follows the window and the keyword.
        let window = p.node(*w)?.span;
        let text = p.source.text.get(window.end..node.span.end).unwrap_or("");
        let lead = text.len() - text.trim_start().len();
        let kw = text.trim_start().find(char::is_whitespace).unwrap_or(0);
        let rest = text.get(lead + kw..).unwrap_or("");
        let start = window.end + lead + kw + (rest.len() - rest.trim_start().len());
        let span = Span::new(start, node.span.end);
        if !(span.start <= offset && offset <= span.end) {
            continue;
        }
        let scale = p
            .node(*w)?
            .ty
            .grades_scale()
            .and_then(|s| p.schema.scale(s));
        let alternatives = alts
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|&(count, rank)| PatternTerm {
                        count,
                        level: scale.and_then(|s| s.level(rank)).unwrap_or("?").to_string(),
                        or_better: scale.is_some_and(|s| s.level(rank.saturating_add(1)).is_some()),
                    })
                    .collect()
            })
            .collect();
        let h = Hover::Pattern {
            text: p
                .source
                .text
                .get(span.start..span.end)
                .unwrap_or("")
                .to_string(),
            alternatives,
        };
        if best.as_ref().is_none_or(|(b, _)| b.len() > span.len()) {
            best = Some((span, h));
        }
    }
    best
}
