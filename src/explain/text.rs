//! Explain stage: verdicts as a notice an HR officer can hand out. For each decision: the
//! outcome; each clause that decided it, quoted, with the values behind it; for a "no", the
//! first unmet condition and how far it fell short. `--explain` adds every other rule.
//! Rendered from the verdict's data (built with its trace); the policy gives the clauses' words.

use std::fmt::Write as _;

use crate::calendar::Date;
use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{
    Condition, DecisionVerdict, Effect, RecordVerdict, RuleStatus, RuleTrace, Status, Value,
};

use super::format::{seen_text, to_text};
use super::why::{detail, detail_or_fails, shortfall_words, tri_text};
use super::words::warning;

/// One record's verdict as a notice. The verdict must carry its trace
/// ([`crate::verdict::Options::trace`]); `explain` adds every rule that did not decide.
pub fn notice(p: &Program, v: &RecordVerdict, as_of: Date, lang: Lang, explain: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.fmt(
            format_args!("━━ {} ━━ {} · 评估日期 {as_of}", v.id, p.name),
            format_args!("━━ {} ━━ {} · as of {as_of}", v.id, p.name),
        )
    );
    for (di, d) in v.decisions.iter().enumerate() {
        decision(&mut out, p, di, d, lang, explain);
    }
    super::process::text(&mut out, &v.processes, lang);
    for w in &v.warnings {
        let _ = writeln!(out, "{}{}", lang.pick("注意:", "note: "), warning(w, lang));
    }
    out
}

/// One decision of a verdict as its part of the notice (the verdict must carry its trace).
pub fn decision_notice(p: &Program, v: &RecordVerdict, di: usize, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(d) = v.decisions.get(di) {
        decision(&mut out, p, di, d, lang, false);
    }
    out
}

/// A rule's ids and title: `8.4.1.2.B 中(二)级以下晋级2个小级`.
pub(super) fn rule_head(t: &RuleTrace, lang: Lang) -> String {
    format!("{} {}", t.ids.join(lang.pick("、", ", ")), t.title)
}

fn decision(
    out: &mut String,
    p: &Program,
    di: usize,
    d: &DecisionVerdict,
    lang: Lang,
    explain: bool,
) {
    // A verdict may hold a selection of the decisions (`--decision`): find its own by name.
    let di = p
        .decisions
        .iter()
        .position(|x| x.name == d.name)
        .unwrap_or(di);
    let def = p.decisions.get(di);
    let title = def.and_then(|d| d.title.as_deref()).unwrap_or(&d.name);
    if let (Status::NotApplicable, Some(c)) = (d.status, &d.applies_when) {
        let why = detail_or_fails(c, lang);
        let _ = writeln!(
            out,
            "【{title}】{}",
            lang.fmt(
                format_args!("不适用 —— {why}"),
                format_args!("does not apply — {why}")
            )
        );
        return;
    }
    let traces: &[RuleTrace] = d.trace.as_deref().unwrap_or(&[]);
    let unreached =
        traces.iter().all(|t| t.status == RuleStatus::NotReached) && !d.missing.is_empty();
    if unreached {
        let _ = writeln!(
            out,
            "【{title}】{}",
            lang.fmt(
                format_args!("待定:缺少 {}", d.missing.join("、")),
                format_args!("pending: {} missing", d.missing.join(", "))
            )
        );
        return;
    }
    let optional = |name: &str| {
        def.and_then(|d| d.fields.iter().find(|f| f.name == name))
            .is_some_and(|f| f.optional)
    };
    let shown: Vec<String> = d
        .outcome
        .0
        .iter()
        .filter(|(name, v)| !(optional(name) && matches!(v, Value::None)))
        .map(|(name, v)| format!("{name}{}{}", lang.pick(":", ": "), to_text(v, lang)))
        .collect();
    let _ = writeln!(out, "【{title}】{}", shown.join(lang.pick(";", "; ")));
    for g in d.grounds.iter().filter(|g| g.rules.len() > 1) {
        let n = g.rules.len();
        let _ = writeln!(
            out,
            "  {}",
            lang.fmt(
                format_args!("{} 的依据共 {n} 条:{}", g.field, g.rules.join("、")),
                format_args!("{}: {n} grounds apply: {}", g.field, g.rules.join(", ")),
            )
        );
    }
    if !d.missing.is_empty() {
        let pending: Vec<&str> = d
            .outcome
            .0
            .iter()
            .filter(|(_, v)| matches!(v, Value::Pending))
            .map(|(n, _)| n.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            lang.fmt(
                format_args!(
                    "待定:缺少 {},{} 暂无法确定",
                    d.missing.join("、"),
                    pending.join("、")
                ),
                format_args!(
                    "pending: {} missing, so {} cannot be decided yet",
                    d.missing.join(", "),
                    pending.join(", ")
                ),
            )
        );
    }
    super::roster::audit(out, p, di, d, lang);
    for t in traces.iter().filter(|t| t.status == RuleStatus::Fired) {
        fired(out, p, t, lang);
    }
    for c in d.computed.as_deref().unwrap_or(&[]) {
        let mut line = format!(
            "  {} {} = {} → {}",
            lang.pick("计算", "computed"),
            c.field,
            c.expr,
            to_text(&c.value, lang)
        );
        if let Some(d) = detail(&c.evidence, lang) {
            let _ = write!(
                line,
                "{}",
                lang.fmt(format_args!("({d})"), format_args!(" ({d})"))
            );
        }
        let _ = writeln!(out, "{line}");
    }
    for t in traces.iter().filter(|t| t.status == RuleStatus::Unmet) {
        heading(out, p, t, lang.pick("不符合", "not met:"), lang);
        for c in t.requires.iter().filter(|c| c.holds != Some(true)) {
            evidence(out, c, lang);
        }
    }
    super::unapplied::not_applied(out, p, di, traces, lang, explain);
}

/// `依据 8.4.1.2.B 标题` and the clause's sentence under it.
pub(super) fn heading(out: &mut String, p: &Program, t: &RuleTrace, word: &str, lang: Lang) {
    let _ = writeln!(out, "  {word} {}", rule_head(t, lang));
    let source = p.rules.get(t.index).and_then(|r| r.source.as_ref());
    if let Some(s) = source {
        let _ = writeln!(out, "    「{s}」");
    }
}

fn fired(out: &mut String, p: &Program, t: &RuleTrace, lang: Lang) {
    heading(out, p, t, lang.pick("依据", "by"), lang);
    for c in t.conditions.iter().chain(&t.requires).filter(|c| !c.scope) {
        evidence(out, c, lang);
    }
    // Computed values (`建议截止日期 = 转正日期 + 5个工作日`) and caps show their result.
    for e in &t.effects {
        match e {
            Effect::Set { field, expr, value } => {
                let _ = writeln!(out, "    · {field} = {expr} → {}", seen_text(value, lang));
            }
            Effect::Bound {
                field,
                at_most,
                expr,
                value,
                before,
            } => {
                let op = if *at_most {
                    lang.pick("不超过", "at most")
                } else {
                    lang.pick("不低于", "at least")
                };
                let mut line = format!("    · {field} {op} {expr}");
                if let Some(v) = value {
                    let _ = write!(line, " → {}", seen_text(v, lang));
                }
                if let Some(b) = before {
                    let b = seen_text(b, lang);
                    let _ = write!(
                        line,
                        "{}",
                        lang.fmt(format_args!("(原为 {b})"), format_args!(" (was {b})"))
                    );
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
}

/// `· 条件:细节,差距`.
pub(super) fn evidence(out: &mut String, c: &Condition, lang: Lang) {
    let mut line = format!("    · {}", c.text);
    match detail(&c.evidence, lang) {
        Some(d) => {
            let _ = write!(line, "{}{d}", lang.pick(":", ": "));
        }
        None => {
            let _ = write!(line, "{}{}", lang.pick(":", ": "), tri_text(c.holds, lang));
        }
    }
    if let Some(s) = &c.shortfall {
        let _ = write!(
            line,
            "{}{}",
            lang.pick(",", ", "),
            shortfall_words(c, s, lang)
        );
    }
    let _ = writeln!(out, "{line}");
}
