//! Explain stage: the notice an employee reads. Per person: the name and id, then only the
//! decisions that concern them, each as the result, the clauses that decided it quoted in the
//! regulation's words, and the facts behind them in plain terms (the months and grades counted,
//! the dates, what is missing and by how much). No expression of the policy, no yes/no flag, no
//! empty value: those are for the audit trail ([`super::text`]).
//!
//! Which decisions concern a person (see docs/output.md, "Notices"): not one whose `仅当` does
//! not hold (不适用); not one that was not reached for a missing required input; and not one
//! that was not triggered (未触发): no clause took effect on a fact about the person (a grade, a
//! date, a complaint, a score) — a decision settled by who the person is alone (入职定级 by the
//! type of hire) or one no clause took up (降级 without a C). A decision asked for by name is
//! always shown.

use std::fmt::Write as _;

use crate::calendar::Period;
use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{Condition, DecisionVerdict, Evidence, RecordVerdict, RuleStatus, RuleTrace};
use crate::verdict::{Status, Value};

use super::format::to_text;
use super::why::shortfall_plain;

/// Who the notice is for: the record's id and, where the record gives one, a name.
pub struct Person<'a> {
    /// The id.
    pub id: &'a str,
    /// The name.
    pub name: Option<&'a str>,
}

/// Whether a decision concerns the person (the rule in the module's documentation).
pub fn concerns(d: &DecisionVerdict) -> Concern {
    if d.status == Status::NotApplicable {
        return Concern::NotApplicable;
    }
    let traces = d.trace.as_deref().unwrap_or(&[]);
    if !traces.is_empty() && traces.iter().all(|t| t.status == RuleStatus::NotReached) {
        return Concern::NotReached;
    }
    let factual = |c: &Condition| !c.scope && !c.context;
    let triggered = traces.iter().any(|t| match t.status {
        RuleStatus::Fired => t.conditions.iter().chain(&t.requires).any(factual),
        RuleStatus::Unmet | RuleStatus::Pending => true,
        _ => false,
    });
    // A roster decision concerns everyone who was in contention for a quota.
    let contended = d
        .roster
        .as_ref()
        .is_some_and(|r| r.quotas.iter().any(|q| q.rank.is_some()));
    if triggered || contended || d.status == Status::Pending {
        Concern::Concerns
    } else {
        Concern::NotTriggered
    }
}

/// What [`concerns`] finds, asked of the evaluation itself, before any trace is built: a
/// notice builds the trace of only the decisions it shows ([`crate::verdict::of_traced`]). A
/// decision over the roster is said to concern the person (its trace is built, and
/// [`concerns`] decides on it).
pub fn concerns_live(v: &crate::eval::Verdict<'_>, di: usize) -> Concern {
    use crate::eval::Tri;
    let p = v.program();
    let Some(d) = p.decisions.get(di) else {
        return Concern::NotTriggered;
    };
    if d.roster.is_some() {
        return Concern::Concerns;
    }
    let applies = v.applies(di);
    if applies == Tri::False {
        return Concern::NotApplicable;
    }
    let statuses: Vec<RuleStatus> = d
        .rules
        .iter()
        .map(|r| crate::verdict::rule_status(v, *r).0)
        .collect();
    if !statuses.is_empty() && statuses.iter().all(|s| *s == RuleStatus::NotReached) {
        return Concern::NotReached;
    }
    let triggered = d.rules.iter().zip(&statuses).any(|(r, s)| match s {
        RuleStatus::Fired => crate::verdict::on_facts(v, *r),
        RuleStatus::Unmet | RuleStatus::Pending => true,
        _ => false,
    });
    if triggered || !v.missing_names(di).is_empty() {
        Concern::Concerns
    } else {
        Concern::NotTriggered
    }
}

/// Whether a notice shows a decision: asked for by name, or (none asked) it concerns the
/// person.
pub fn shows(v: &crate::eval::Verdict<'_>, di: usize, asked: &[String]) -> bool {
    if asked.is_empty() {
        concerns_live(v, di) == Concern::Concerns
    } else {
        v.program()
            .decisions
            .get(di)
            .is_some_and(|d| asked.contains(&d.name))
    }
}

/// What [`concerns`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// The decision concerns the person.
    Concerns,
    /// Its `仅当` does not hold (不适用).
    NotApplicable,
    /// A required input is missing: it was not reached.
    NotReached,
    /// No clause took effect on a fact about the person (未触发).
    NotTriggered,
}

/// One person's notice. `asked`: the decisions asked for by name (each shown whatever
/// [`concerns`] says); empty: those that concern the person. The verdict must carry its trace.
pub fn notice(
    p: &Program,
    v: &RecordVerdict,
    who: &Person<'_>,
    as_of: crate::calendar::Date,
    asked: &[String],
    lang: Lang,
) -> String {
    let mut out = String::new();
    write_notice(&mut out, p, v, who, as_of, asked, lang);
    out
}

/// Writes one person's notice, as [`notice`] gives it, at the end of `out`.
pub fn write_notice(
    out: &mut String,
    p: &Program,
    v: &RecordVerdict,
    who: &Person<'_>,
    as_of: crate::calendar::Date,
    asked: &[String],
    lang: Lang,
) {
    write_heading(out, p, who, as_of, lang);
    out.push('\n');
    let mut shown = 0;
    for (di, d) in v.decisions.iter().enumerate() {
        if in_notice(d, asked) {
            out.push('\n');
            paragraph(p, di, d, lang).write_text(out, lang);
            shown += 1;
        }
    }
    if shown == 0 {
        let _ = writeln!(out, "\n{}", nothing(lang));
    }
}

/// Writes one person's notice straight from the evaluation, as [`write_notice`] writes it
/// from the verdict of [`crate::verdict::of_traced`]: only the decisions it shows are built
/// ([`crate::verdict::for_notice`]), one at a time, and no verdict for the record.
pub fn write_live(
    out: &mut String,
    v: &crate::eval::Verdict<'_>,
    who: &Person<'_>,
    as_of: crate::calendar::Date,
    asked: &[String],
    lang: Lang,
) {
    let p = v.program();
    write_heading(out, p, who, as_of, lang);
    out.push('\n');
    let mut shown = 0;
    for di in (0..p.decisions.len()).filter(|di| shows(v, *di, asked)) {
        let d = crate::verdict::for_notice(v, di);
        out.push('\n');
        paragraph(p, di, &d, lang).write_text(out, lang);
        shown += 1;
    }
    if shown == 0 {
        let _ = writeln!(out, "\n{}", nothing(lang));
    }
}

/// The notice's first lines: whom it is for, the policy and the date.
pub fn heading(p: &Program, who: &Person<'_>, as_of: crate::calendar::Date, lang: Lang) -> String {
    let mut out = String::new();
    write_heading(&mut out, p, who, as_of, lang);
    out
}

fn write_heading(
    out: &mut String,
    p: &Program,
    who: &Person<'_>,
    as_of: crate::calendar::Date,
    lang: Lang,
) {
    let id = who.id;
    let _ = match (who.name, lang) {
        (Some(n), Lang::Zh) => write!(out, "{n}(工号 {id})"),
        (Some(n), Lang::En) => write!(out, "{n} (id {id})"),
        (None, Lang::Zh) => write!(out, "工号 {id}"),
        (None, Lang::En) => write!(out, "id {id}"),
    };
    let (y, m, d) = as_of.ymd();
    let _ = match lang {
        Lang::Zh => write!(out, ":\n根据《{}》,{y}年{m}月{d}日的评定结果如下。", p.name),
        Lang::En => write!(out, ":\nYour results under {} as of {as_of}.", p.name),
    };
}

/// What a notice says when no decision concerns the person.
pub fn nothing(lang: Lang) -> &'static str {
    lang.pick(
        "本次评定没有涉及您的事项。",
        "Nothing in this evaluation concerns you.",
    )
}

/// The paragraphs of a person's notice: the decisions asked for by name, or (none asked) those
/// that concern the person, in the policy's order.
pub fn paragraphs(p: &Program, v: &RecordVerdict, asked: &[String], lang: Lang) -> Vec<Paragraph> {
    v.decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| in_notice(d, asked))
        .map(|(di, d)| paragraph(p, di, d, lang))
        .collect()
}

/// Whether a notice shows a decision's paragraph: asked for by name, or (none asked) it
/// concerns the person.
fn in_notice(d: &DecisionVerdict, asked: &[String]) -> bool {
    if asked.is_empty() {
        concerns(d) == Concern::Concerns
    } else {
        asked.contains(&d.name)
    }
}

/// A decision's paragraph in a notice, as sentences: its title, the result, what is missing,
/// and the clauses that decided it with the facts behind them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// The decision's title (or name).
    pub title: String,
    /// The result (`结果:小级数为2;…。`), or why there is none (`本项评定不适用于您。`).
    pub result: Option<String>,
    /// For fields where every ground applies (`全部`): how many grounds each has.
    pub grounds: Vec<String>,
    /// What is missing, when part of the result cannot be decided yet.
    pub missing: Option<String>,
    /// The clauses that took effect, were not met, or were not reached, in the policy's order.
    pub clauses: Vec<Clause>,
}

/// A clause in a notice's paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// `依据第 8.4.1.2.B 条(标题)`.
    pub head: String,
    /// The clause's sentence, as the regulation writes it.
    pub source: Option<String>,
    /// The facts behind it in plain terms, as one sentence; empty when there are none.
    pub facts: String,
}

impl Paragraph {
    /// The reason in short: each clause's head and facts, without the regulation's sentence;
    /// the result's line when no clause is named.
    pub fn short(&self, lang: Lang) -> String {
        if self.clauses.is_empty() {
            return self.result.clone().unwrap_or_default();
        }
        let parts: Vec<String> = self
            .clauses
            .iter()
            .map(|c| match c.facts.is_empty() {
                true => c.head.clone(),
                false => format!("{}{}{}", c.head, lang.pick(":", ": "), c.facts),
            })
            .collect();
        parts.join(lang.pick(" ", " "))
    }
}

impl Paragraph {
    /// The paragraph as a notice's text: the title in 【】, then a line each.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write_text(&mut out, lang);
        out
    }

    /// Writes the paragraph, as [`Paragraph::text`] gives it, at the end of `out`.
    pub fn write_text(&self, out: &mut String, lang: Lang) {
        let line = |out: &mut String, parts: &[&str]| {
            parts.iter().for_each(|p| out.push_str(p));
            out.push('\n');
        };
        line(out, &["【", &self.title, "】"]);
        for l in self.result.iter().chain(&self.grounds).chain(&self.missing) {
            line(out, &[l]);
        }
        for c in &self.clauses {
            out.push_str("· ");
            out.push_str(&c.head);
            if let Some(s) = &c.source {
                line(out, &[lang.pick(":", ": "), "「", s, "」"]);
            } else {
                out.push('\n');
            }
            if !c.facts.is_empty() {
                line(out, &["  ", &c.facts]);
            }
        }
    }
}

/// A decision's paragraph, whether or not it concerns the person.
pub fn paragraph(p: &Program, di: usize, d: &DecisionVerdict, lang: Lang) -> Paragraph {
    let def = p.decisions.get(di);
    let title = def.and_then(|d| d.title.as_deref()).unwrap_or(&d.name);
    let mut para = Paragraph {
        title: title.to_string(),
        result: None,
        grounds: Vec::new(),
        missing: None,
        clauses: Vec::new(),
    };
    match concerns(d) {
        Concern::NotApplicable => {
            para.result = Some(
                lang.pick("本项评定不适用于您。", "This does not apply to you.")
                    .to_string(),
            );
            return para;
        }
        Concern::NotReached => {
            para.result = Some(lang.fmt(
                format_args!("尚无法评定:缺少{}。", d.missing.join("、")),
                format_args!("Not yet decided: {} not given.", d.missing.join(", ")),
            ));
            return para;
        }
        _ => {}
    }
    let result: Vec<String> = d
        .outcome
        .0
        .iter()
        .filter(|(_, v)| !matches!(v, Value::None | Value::Absent | Value::Bool(_)))
        .map(|(name, v)| match v {
            Value::Pending => lang.fmt(format_args!("{name}待定"), format_args!("{name}: pending")),
            v => lang.fmt(
                format_args!("{name}为{}", to_text(v, lang)),
                format_args!("{name}: {}", to_text(v, lang)),
            ),
        })
        .collect();
    if !result.is_empty() {
        para.result = Some(format!(
            "{}{}",
            lang.pick("结果:", "Result: "),
            result.join(lang.pick(";", "; ")) + lang.pick("。", ".")
        ));
    }
    for (fields, n) in super::format::grounds(d) {
        para.grounds.push(lang.fmt(
            format_args!(
                "{}有以下 {n} 项依据,每一项均足以单独成立:",
                fields.join("、")
            ),
            format_args!(
                "{}: all {n} of the following grounds apply, each sufficient on its own:",
                fields.join(", ")
            ),
        ));
    }
    if !d.missing.is_empty() {
        para.missing = Some(lang.fmt(
            format_args!("尚缺{},部分结果暂无法确定。", d.missing.join("、")),
            format_args!(
                "{} not given: part of the result cannot be decided yet.",
                d.missing.join(", ")
            ),
        ));
    }
    // A roster decision: the place in the group, after the result.
    para.grounds.extend(super::roster::notice(p, di, d, lang));
    let traces = d.trace.as_deref().unwrap_or(&[]);
    for t in traces {
        match t.status {
            RuleStatus::Fired => {
                let facts = facts_of(t.conditions.iter().chain(&t.requires), lang);
                para.clauses
                    .push(clause(p, t, lang.pick("依据", "Under"), &facts, lang));
            }
            RuleStatus::Unmet => {
                let failing = t.requires.iter().filter(|c| c.holds != Some(true));
                let facts = facts_of(failing, lang);
                para.clauses
                    .push(clause(p, t, lang.pick("未满足", "Not met:"), &facts, lang));
            }
            RuleStatus::NotFired | RuleStatus::Pending => {
                // A clause that could have given more and did not, for a reason about the
                // person (not a clause for another post or rung).
                // In a roster decision the place in the group says why (the sentence above).
                if d.roster.is_some() {
                    continue;
                }
                let Some(c) = t.first_failure() else { continue };
                if c.scope
                    || c.context
                    || !sets_default(d, t)
                    || ground_of_set(p, d, t)
                    || decided_otherwise(p, d, t)
                {
                    continue;
                }
                // An optional input or a definition with no value says nothing to the person.
                if let Evidence::Values { seen } = &c.evidence {
                    if seen
                        .iter()
                        .all(|s| matches!(s.value, Value::None | Value::Absent))
                    {
                        continue;
                    }
                }
                let facts = facts_of(std::iter::once(c), lang);
                if facts.is_empty() {
                    continue;
                }
                para.clauses.push(clause(
                    p,
                    t,
                    lang.pick("未达到", "Not reached:"),
                    &facts,
                    lang,
                ));
            }
            _ => {}
        }
    }
    para
}

/// Whether a rule that did not fire targets a field left as it was (nothing else gave it).
fn sets_default(d: &DecisionVerdict, t: &RuleTrace) -> bool {
    d.rules.is_empty() || !d.rules.iter().any(|r| t.ids.contains(r))
}

/// Whether a rule sets a `全部` field that other grounds gave its value: a ground that does not
/// apply says nothing when others do.
fn ground_of_set(p: &Program, d: &DecisionVerdict, t: &RuleTrace) -> bool {
    let rule = t.index;
    let Some(def) = p.rules.get(rule).and_then(|r| p.decisions.get(r.decision)) else {
        return false;
    };
    def.fields.iter().any(|f| {
        f.setters.iter().any(|s| s.rule == rule) && d.grounds.iter().any(|g| g.field == f.name)
    })
}

/// Whether every field a rule sets was given its value by another rule that took effect: the
/// decision went another way (a direct promotion, where 8.3.3.B's review is not needed; two
/// steps by 3A, where 2S+2A's three are not at stake), so what this rule lacked says nothing.
fn decided_otherwise(p: &Program, d: &DecisionVerdict, t: &RuleTrace) -> bool {
    let rule = t.index;
    let Some(def) = p.rules.get(rule).and_then(|r| p.decisions.get(r.decision)) else {
        return false;
    };
    let took_effect = |r: usize| {
        p.rules
            .get(r)
            .is_some_and(|x| x.ids.iter().any(|id| d.rules.contains(id)))
    };
    let mut sets = def
        .fields
        .iter()
        .filter(|f| f.setters.iter().any(|s| s.rule == rule))
        .peekable();
    sets.peek().is_some()
        && sets.all(|f| {
            f.setters
                .iter()
                .any(|s| s.rule != rule && took_effect(s.rule))
        })
}

/// `依据第 8.4.1.2.B 条(标题)`, the clause's sentence and the facts under it.
fn clause(p: &Program, t: &RuleTrace, word: &str, facts: &[String], lang: Lang) -> Clause {
    let ids = t.ids.join(lang.pick("、", ", "));
    let source = p.rules.get(t.index).and_then(|r| r.source.clone());
    Clause {
        head: lang.fmt(
            format_args!("{word}第 {ids} 条({})", t.title),
            format_args!("{word} clause {ids} ({})", t.title),
        ),
        source,
        facts: if facts.is_empty() {
            String::new()
        } else {
            facts.join(lang.pick(";", "; ")) + lang.pick("。", ".")
        },
    }
}

/// The facts behind conditions, in plain terms, each said once.
fn facts_of<'c>(conditions: impl Iterator<Item = &'c Condition>, lang: Lang) -> Vec<String> {
    let mut facts: Vec<String> = Vec::new();
    for c in conditions.filter(|c| !c.scope) {
        let mut found = Vec::new();
        evidence_facts(&c.evidence, lang, &mut found);
        // `前6个月 达到 3A 或 1S+1A`: the patterns are the regulation's own words.
        let pattern = c
            .text
            .split_once(" 达到 ")
            .or_else(|| c.text.split_once(" meets "))
            .map(|(_, p)| p.trim())
            .filter(|p| p.split(' ').all(|w| plain(w) || w.contains('+')));
        if let (Some(p), Some(true), Evidence::Grades { .. }, Some(last)) =
            (pattern, c.holds, &c.evidence, found.last_mut())
        {
            let p = match lang {
                Lang::Zh => p.replace(" or ", " 或 "),
                Lang::En => p.replace(" 或 ", " or "),
            };
            let _ = write!(
                last,
                "{}",
                lang.fmt(
                    format_args!(",达到 {p} 的要求"),
                    format_args!(", meeting {p}")
                )
            );
        }
        if let Some(s) = &c.shortfall {
            let short = shortfall_plain(c, s, lang);
            match found.last_mut() {
                Some(last) => {
                    let _ = write!(last, "{}{short}", lang.pick(",", ", "));
                }
                None => found.push(short),
            }
        }
        for f in found {
            if !facts.contains(&f) {
                facts.push(f);
            }
        }
    }
    facts
}

/// Whether an expression of the policy is a plain name a reader knows (a field, a definition).
fn plain(expr: &str) -> bool {
    !expr.is_empty()
        && expr
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

fn evidence_facts(e: &Evidence, lang: Lang, out: &mut Vec<String>) {
    match e {
        Evidence::None | Evidence::Failed { .. } | Evidence::NotFound { .. } => {}
        Evidence::Values { seen } => {
            for s in seen.iter().filter(|s| plain(&s.expr)) {
                out.push(fact(&s.expr, &s.value, lang));
            }
        }
        Evidence::Grades { window, counted } => {
            let mut line = window_text(window, lang);
            let tallies: Vec<String> = counted
                .iter()
                .map(|c| {
                    let (l, n) = (&c.level, c.count);
                    if c.or_better {
                        lang.fmt(
                            format_args!("{l} 及以上 {n} 个"),
                            format_args!("{n} at {l} or better"),
                        )
                    } else {
                        lang.fmt(format_args!("{l} {n} 个"), format_args!("{n} × {l}"))
                    }
                })
                .collect();
            if !tallies.is_empty() {
                let _ = write!(
                    line,
                    "{}",
                    lang.fmt(
                        format_args!(",其中 {}", tallies.join("、")),
                        format_args!(", of which {}", tallies.join(", "))
                    )
                );
            }
            out.push(line);
        }
        Evidence::PendingWindow => out.push(
            lang.pick(
                "考核月份尚无法确定",
                "the months to count are not known yet",
            )
            .to_string(),
        ),
        Evidence::Excluded { levels, found } => out.push(if found.is_empty() {
            lang.fmt(
                format_args!("没有 {}", levels.join("、")),
                format_args!("no {}", levels.join(" or ")),
            )
        } else {
            let bad: Vec<String> = found
                .iter()
                .map(|g| {
                    lang.fmt(
                        format_args!("{} {}", month_text(g.month, lang), g.level),
                        format_args!("{} in {}", g.level, g.month),
                    )
                })
                .collect();
            lang.fmt(format_args!("有 {}", bad.join("、")), bad.join(", "))
        }),
        Evidence::All { parts } | Evidence::Alternatives { parts } => {
            for p in parts {
                evidence_facts(p, lang, out);
            }
        }
        Evidence::Alternative { holds, evidence } => {
            let before = out.len();
            evidence_facts(evidence, lang, out);
            // `前6个月 达到 3A`: the pattern is the regulation's own word.
            let pattern = holds
                .split_once(" 达到 ")
                .or_else(|| holds.split_once(" meets "))
                .map(|(_, p)| p.trim());
            let grew = out.len() > before;
            if let (Some(p), Some(last), true) = (
                pattern.filter(|p| plain(p) || p.contains('+')),
                out.last_mut(),
                grew,
            ) {
                let _ = write!(
                    last,
                    "{}",
                    lang.fmt(
                        format_args!(",达到 {p} 的要求"),
                        format_args!(", meeting {p}")
                    )
                );
            }
        }
        Evidence::Negated { operand, holds } => {
            if plain(operand) {
                let v = match holds {
                    Some(b) => Value::Bool(*b),
                    None => Value::Pending,
                };
                out.push(fact(operand, &v, lang));
            }
        }
        Evidence::Found { value, .. } => out.push(match value {
            Value::Month(m) => month_text(Period::Month(*m), lang),
            Value::Quarter(q) => month_text(Period::Quarter(*q), lang),
            Value::Record(fields) => record_text(fields, lang),
            v => to_text(v, lang),
        }),
    }
}

/// `转正日期为 2026-04-03`.
fn fact(name: &str, v: &Value, lang: Lang) -> String {
    let shown = match v {
        Value::Absent | Value::None => lang.pick("未填", "not given").to_string(),
        Value::Bool(b) => lang
            .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
            .to_string(),
        v => to_text(v, lang),
    };
    lang.fmt(
        format_args!("{name}为 {shown}"),
        format_args!("{name} is {shown}"),
    )
}

/// A sub-record a condition found, in plain words rather than its fields' names: the date first,
/// then what it says (`2026年4月12日:其他个人原因,成立`). A yes/no field reads as its name or
/// its negation, a number keeps its name, a name or text stands alone.
fn record_text(fields: &[(String, Value)], lang: Lang) -> String {
    let mut when = Vec::new();
    let mut what = Vec::new();
    for (name, v) in fields {
        match v {
            Value::Date(d) => when.push(match lang {
                Lang::Zh => {
                    let (y, m, day) = d.ymd();
                    format!("{y}年{m}月{day}日")
                }
                Lang::En => d.to_string(),
            }),
            Value::Month(m) => when.push(month_text(Period::Month(*m), lang)),
            Value::Quarter(q) => when.push(month_text(Period::Quarter(*q), lang)),
            Value::Bool(true) => what.push(name.clone()),
            Value::Bool(false) => {
                what.push(lang.fmt(format_args!("未{name}"), format_args!("not {name}")))
            }
            Value::Num(_) => what.push(fact(name, v, lang)),
            Value::None | Value::Absent => {}
            v => what.push(to_text(v, lang)),
        }
    }
    let (when, what) = (
        when.join(lang.pick("、", ", ")),
        what.join(lang.pick(",", ", ")),
    );
    match (when.is_empty(), what.is_empty()) {
        (false, false) => lang.fmt(
            format_args!("{when}:{what}"),
            format_args!("{when}: {what}"),
        ),
        (true, _) => what,
        (false, true) => when,
    }
}

/// `2026年1月`, `2026年第1季度`, `2026年`.
fn month_text(m: Period, lang: Lang) -> String {
    match (lang, m) {
        (Lang::Zh, Period::Month(m)) => format!("{}年{}月", m.year(), m.number()),
        (Lang::Zh, Period::Quarter(q)) => format!("{}年第{}季度", q.year(), q.number()),
        (Lang::Zh, Period::Year(y)) => format!("{y}年"),
        (Lang::En, m) => m.to_string(),
    }
}

/// A period's year, and its place in the year as the notice names it after `至` (`6月`,
/// `第4季度`); none for a year.
fn within_year(p: Period) -> (i32, Option<String>) {
    match p {
        Period::Month(m) => (m.year(), Some(format!("{}月", m.number()))),
        Period::Quarter(q) => (q.year(), Some(format!("第{}季度", q.number()))),
        Period::Year(y) => (y, None),
    }
}

/// `2026年1月至6月考核:A、S、B、A、A、B` (a month without a grade reads 无); likewise
/// `2026年第1季度至第4季度考核:…` and `2025年至2026年考核:…`.
fn window_text(window: &Value, lang: Lang) -> String {
    let Value::Months {
        span: Some((lo, hi)),
        entries,
    } = window
    else {
        return lang.pick("没有考核记录", "no grades").to_string();
    };
    let short = match (within_year(*lo), within_year(*hi)) {
        ((a, _), (b, Some(rest))) if a == b && lang == Lang::Zh => Some(rest),
        _ => None,
    };
    let span = match short {
        Some(rest) => format!("{}至{rest}", month_text(*lo, lang)),
        None => lang.fmt(
            format_args!("{}至{}", month_text(*lo, lang), month_text(*hi, lang)),
            format_args!("{lo} to {hi}"),
        ),
    };
    let n = (hi.raw() - lo.raw() + 1).max(0);
    if n > 36 {
        let given = entries.iter().filter(|(m, _)| lo <= m && m <= hi).count();
        let (zh, en) = match lo {
            Period::Month(_) => ("个月", "months"),
            Period::Quarter(_) => ("个季度", "quarters"),
            Period::Year(_) => ("年", "years"),
        };
        return lang.fmt(
            format_args!("{span}共 {n} {zh},其中 {given} {zh}有考核"),
            format_args!("{span}: {n} {en}, {given} graded"),
        );
    }
    let grades: Vec<String> = (lo.raw()..=hi.raw())
        .map(|raw| Period::from_raw(lo.kind(), raw))
        .map(|m| {
            entries.iter().find(|(k, _)| *k == m).map_or_else(
                || lang.pick("无", "none").to_string(),
                |(_, g)| to_text(g, lang),
            )
        })
        .collect();
    lang.fmt(
        format_args!("{span}考核:{}", grades.join("、")),
        format_args!("grades {span}: {}", grades.join(", ")),
    )
}
