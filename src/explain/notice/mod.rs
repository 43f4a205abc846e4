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

use std::borrow::Borrow;
use std::fmt::Write as _;

use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{Condition, DecisionVerdict, Evidence, RecordVerdict, RuleStatus, RuleTrace};
use crate::verdict::{Status, Value};

use super::facts::write_facts;
use super::format::write_value;

mod live;

pub use live::write_live;

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
    if v.applies(di) == Tri::False {
        return Concern::NotApplicable;
    }
    let statuses: Vec<RuleStatus> = d
        .rules
        .iter()
        .map(|r| crate::verdict::rule_status(v, *r).0)
        .collect();
    concern_of(v, di, &d.rules, &statuses)
}

/// What [`concerns`] finds of a decision over the record alone (decision `di`, its rules and
/// each one's status), asked of the evaluation.
fn concern_of(
    v: &crate::eval::Verdict<'_>,
    di: usize,
    rules: &[usize],
    statuses: &[RuleStatus],
) -> Concern {
    if v.applies(di) == crate::eval::Tri::False {
        return Concern::NotApplicable;
    }
    if !statuses.is_empty() && statuses.iter().all(|s| *s == RuleStatus::NotReached) {
        return Concern::NotReached;
    }
    let triggered = rules.iter().zip(statuses).any(|(r, s)| match s {
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
            write_paragraph(out, p, di, d, lang);
            shown += 1;
        }
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
    let mut para = Paragraph {
        title: title(p, di, d).to_string(),
        result: None,
        grounds: Vec::new(),
        missing: None,
        clauses: Vec::new(),
    };
    if let Some(line) = unsettled(d, lang) {
        para.result = Some(line);
        return para;
    }
    let mut result = String::new();
    para.result = write_result(&mut result, outcome(d), lang).then_some(result);
    para.grounds = grounds(p, di, d, lang);
    para.missing = missing(&d.missing, lang);
    for t in d.trace.as_deref().unwrap_or(&[]) {
        let Some(told) = told(p, d, t, lang) else {
            continue;
        };
        let mut facts = String::new();
        if !write_facts(&mut facts, told.conditions(), lang) && told.needs_facts {
            continue;
        }
        let mut head = String::new();
        told.write_head(&mut head, lang);
        let source = p.rules.get(t.index).and_then(|r| r.source.clone());
        para.clauses.push(Clause {
            head,
            source,
            facts,
        });
    }
    para
}

/// Writes a decision's paragraph at the end of `out`, as [`Paragraph::write_text`] writes
/// the one [`paragraph`] gives, without making it.
pub fn write_paragraph(out: &mut String, p: &Program, di: usize, d: &DecisionVerdict, lang: Lang) {
    out.push('【');
    out.push_str(title(p, di, d));
    out.push_str("】\n");
    if let Some(line) = unsettled(d, lang) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    if write_result(out, outcome(d), lang) {
        out.push('\n');
    }
    for l in grounds(p, di, d, lang)
        .iter()
        .chain(&missing(&d.missing, lang))
    {
        out.push_str(l);
        out.push('\n');
    }
    for t in d.trace.as_deref().unwrap_or(&[]) {
        let Some(told) = told(p, d, t, lang) else {
            continue;
        };
        let clause = out.len();
        write_clause(out, told.rule, told.word, lang);
        let facts = out.len();
        out.push_str("  ");
        if write_facts(out, told.conditions(), lang) {
            out.push('\n');
        } else if told.needs_facts {
            out.truncate(clause);
        } else {
            out.truncate(facts);
        }
    }
}

/// The decision's title (or name).
fn title<'a>(p: &'a Program, di: usize, d: &'a DecisionVerdict) -> &'a str {
    let def = p.decisions.get(di);
    def.and_then(|d| d.title.as_deref()).unwrap_or(&d.name)
}

/// The one line of a decision that does not apply or was not reached.
fn unsettled(d: &DecisionVerdict, lang: Lang) -> Option<String> {
    unsettled_line(concerns(d), &d.missing, lang)
}

/// The one line of a decision that does not apply or was not reached (`concern`), with the
/// missing inputs.
fn unsettled_line<S: Borrow<str>>(concern: Concern, missing: &[S], lang: Lang) -> Option<String> {
    match concern {
        Concern::NotApplicable => Some(
            lang.pick("本项评定不适用于您。", "This does not apply to you.")
                .to_string(),
        ),
        Concern::NotReached => Some(lang.fmt(
            format_args!("尚无法评定:缺少{}。", missing.join("、")),
            format_args!("Not yet decided: {} not given.", missing.join(", ")),
        )),
        _ => None,
    }
}

/// A decision's outcome fields with their values.
fn outcome(d: &DecisionVerdict) -> impl Iterator<Item = (&str, &Value)> {
    d.outcome.0.iter().map(|(name, v)| (name.as_str(), v))
}

/// Writes the result's line (`结果:小级数为2;…。`) from the outcome's fields without its end
/// of line; false, with nothing written, when no outcome has a value to show.
fn write_result<'n, V: Borrow<Value>>(
    out: &mut String,
    fields: impl Iterator<Item = (&'n str, V)>,
    lang: Lang,
) -> bool {
    let mark = out.len();
    out.push_str(lang.pick("结果:", "Result: "));
    let shown =
        fields.filter(|(_, v)| !matches!(v.borrow(), Value::None | Value::Absent | Value::Bool(_)));
    let mut any = false;
    for (name, v) in shown {
        if any {
            out.push_str(lang.pick(";", "; "));
        }
        any = true;
        out.push_str(name);
        match v.borrow() {
            Value::Pending => out.push_str(lang.pick("待定", ": pending")),
            v => {
                out.push_str(lang.pick("为", ": "));
                write_value(out, v, lang);
            }
        }
    }
    if any {
        out.push_str(lang.pick("。", "."));
    } else {
        out.truncate(mark);
    }
    any
}

/// For fields where every ground applies (`全部`), how many grounds each has; and a roster
/// decision's place in the group.
fn grounds(p: &Program, di: usize, d: &DecisionVerdict, lang: Lang) -> Vec<String> {
    let mut lines = ground_lines(super::format::grounds(d), lang);
    // A roster decision: the place in the group, after the result.
    lines.extend(super::roster::notice(p, di, d, lang));
    lines
}

/// For fields where every ground applies (`全部`), how many grounds each has (the fields with
/// the same grounds together).
fn ground_lines(groups: Vec<(Vec<&str>, usize)>, lang: Lang) -> Vec<String> {
    groups
        .into_iter()
        .map(|(fields, n)| {
            lang.fmt(
                format_args!(
                    "{}有以下 {n} 项依据,每一项均足以单独成立:",
                    fields.join("、")
                ),
                format_args!(
                    "{}: all {n} of the following grounds apply, each sufficient on its own:",
                    fields.join(", ")
                ),
            )
        })
        .collect()
}

/// What is missing, when part of the result cannot be decided yet.
fn missing<S: Borrow<str>>(missing: &[S], lang: Lang) -> Option<String> {
    (!missing.is_empty()).then(|| {
        lang.fmt(
            format_args!("尚缺{},部分结果暂无法确定。", missing.join("、")),
            format_args!(
                "{} not given: part of the result cannot be decided yet.",
                missing.join(", ")
            ),
        )
    })
}

/// A clause a paragraph tells: the rule, the word before it and the conditions whose facts
/// it gives.
struct Told<'d> {
    rule: Option<&'d crate::program::ir::RuleDef>,
    word: &'static str,
    first: &'d [Condition],
    then: &'d [Condition],
    /// Only the conditions that do not hold (the requirements not met).
    failing_only: bool,
    /// Told only with facts (a clause not reached).
    needs_facts: bool,
}

impl<'d> Told<'d> {
    fn conditions(&self) -> impl Iterator<Item = &'d Condition> + use<'d> {
        let failing_only = self.failing_only;
        self.first
            .iter()
            .chain(self.then)
            .filter(move |c| !failing_only || c.holds != Some(true))
    }

    /// `依据第 8.4.1.2.B 条(标题)`.
    fn write_head(&self, out: &mut String, lang: Lang) {
        write_head(out, self.rule, self.word, lang);
    }
}

/// A clause's line: its head and the regulation's sentence (`· 依据第 6.1 条(标题):「…」`).
fn write_clause(
    out: &mut String,
    rule: Option<&crate::program::ir::RuleDef>,
    word: &str,
    lang: Lang,
) {
    out.push_str("· ");
    write_head(out, rule, word, lang);
    if let Some(s) = rule.and_then(|r| r.source.as_deref()) {
        out.push_str(lang.pick(":", ": "));
        out.push('「');
        out.push_str(s);
        out.push('」');
    }
    out.push('\n');
}

/// A clause's head: the word before it, the rule's ids and title (`依据第 8.4.1.2.B 条(标题)`).
fn write_head(
    out: &mut String,
    rule: Option<&crate::program::ir::RuleDef>,
    word: &str,
    lang: Lang,
) {
    out.push_str(word);
    out.push_str(lang.pick("第 ", " clause "));
    let (ids, title) = rule.map_or((&[][..], ""), |r| (&r.ids[..], &r.title));
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push_str(lang.pick("、", ", "));
        }
        out.push_str(id);
    }
    out.push_str(lang.pick(" 条(", " ("));
    out.push_str(title);
    out.push(')');
}

/// The clause a paragraph tells of a rule: one that took effect, a requirement not met, or a
/// clause that could have given more and did not, for a reason about the person; none for
/// any other.
fn told<'d>(
    p: &'d Program,
    d: &'d DecisionVerdict,
    t: &'d RuleTrace,
    lang: Lang,
) -> Option<Told<'d>> {
    let told = |word, first, then, failing_only, needs_facts| Told {
        rule: p.rules.get(t.index),
        word,
        first,
        then,
        failing_only,
        needs_facts,
    };
    match t.status {
        RuleStatus::Fired => Some(told(
            lang.pick("依据", "Under"),
            &t.conditions,
            &t.requires,
            false,
            false,
        )),
        RuleStatus::Unmet => Some(told(
            lang.pick("未满足", "Not met:"),
            &[],
            &t.requires,
            true,
            false,
        )),
        RuleStatus::NotFired | RuleStatus::Pending => {
            // Not a clause for another post or rung. In a roster decision the place in the
            // group says why (the sentence above).
            if d.roster.is_some() {
                return None;
            }
            let c = t.first_failure()?;
            if c.scope
                || c.context
                || !sets_default(p, d, t)
                || ground_of_set(p, d, t)
                || decided_otherwise(p, d, t)
            {
                return None;
            }
            // An optional input or a definition with no value says nothing to the person.
            if let Evidence::Values { seen } = &c.evidence {
                if seen
                    .iter()
                    .all(|s| matches!(s.value, Value::None | Value::Absent))
                {
                    return None;
                }
            }
            Some(told(
                lang.pick("未达到", "Not reached:"),
                std::slice::from_ref(c),
                &[],
                false,
                true,
            ))
        }
        _ => None,
    }
}

/// Whether a rule that did not fire targets a field left as it was (nothing else gave it).
fn sets_default(p: &Program, d: &DecisionVerdict, t: &RuleTrace) -> bool {
    let ids = p.rules.get(t.index).map_or(&[][..], |r| &r.ids[..]);
    d.rules.is_empty() || !d.rules.iter().any(|r| ids.contains(r))
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
