//! Explain stage: verdicts as a notice an HR officer can hand out. For each decision: the
//! outcome; each clause that decided it, quoted, with the values behind it; for a "no", the
//! first unmet condition and how far it fell short. `--explain` adds every other rule.

use std::fmt::Write as _;

use crate::diag::Lang;
use crate::eval::{Tri, Value, Verdict};
use crate::program::ir::{NodeKind, OutFieldDef};
use crate::program::Program;

use super::format::to_text;
use super::report::{report, RuleReport, RuleStatus};
use super::why::{source_text, tri_text, value_text, Condition};

/// One record's verdict as a notice.
pub fn verdict(v: &Verdict<'_>, lang: Lang, explain: bool) -> String {
    let p = v.program();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.fmt(
            format!("━━ {} ━━ {} · 评估日期 {}", v.id(), p.name, v.as_of()),
            format!("━━ {} ━━ {} · as of {}", v.id(), p.name, v.as_of()),
        )
    );
    for di in 0..p.decisions.len() {
        decision(&mut out, v, di, lang, explain);
    }
    for w in v.warnings() {
        let _ = writeln!(
            out,
            "{}{}",
            lang.pick("注意:", "note: "),
            w.message(p, lang)
        );
    }
    out
}

fn rule_head(p: &Program, r: usize, lang: Lang) -> String {
    let Some(rule) = p.rules.get(r) else {
        return String::new();
    };
    let ids = rule.ids.join(lang.pick("、", ", "));
    format!("{ids} {}", rule.title)
}

fn quote(p: &Program, r: usize) -> Option<String> {
    p.rules
        .get(r)
        .and_then(|x| x.source.as_ref())
        .map(|s| format!("「{s}」"))
}

fn decision(out: &mut String, v: &Verdict<'_>, di: usize, lang: Lang, explain: bool) {
    let p = v.program();
    let Some(d) = p.decisions.get(di) else {
        return;
    };
    let title = d.title.as_deref().unwrap_or(&d.name);
    if let (Tri::False, Some(a)) = (v.applies(di), d.applies) {
        let c = super::why::condition(v, a, lang);
        let why = c.detail.unwrap_or_else(|| {
            lang.fmt(
                format!("{} 不成立", c.text),
                format!("{} does not hold", c.text),
            )
        });
        let _ = writeln!(
            out,
            "【{title}】{}",
            lang.fmt(
                format!("不适用 —— {why}"),
                format!("does not apply — {why}")
            )
        );
        return;
    }
    let missing = v.missing_names(di);
    let unreached = d.rules.iter().all(|r| v.rule(*r).fires.is_none()) && !missing.is_empty();
    if unreached {
        let _ = writeln!(
            out,
            "【{title}】{}",
            lang.fmt(
                format!("待定:缺少 {}", missing.join("、")),
                format!("pending: {} missing", missing.join(", "))
            )
        );
        return;
    }
    let shown: Vec<String> = d
        .fields
        .iter()
        .enumerate()
        .filter(|(fi, f)| !(f.optional && matches!(v.value(di, *fi), Value::None)))
        .map(|(fi, f)| {
            format!(
                "{}{}{}",
                f.name,
                lang.pick(":", ": "),
                to_text(p, &f.ty, v.value(di, fi), lang)
            )
        })
        .collect();
    let _ = writeln!(out, "【{title}】{}", shown.join(lang.pick(";", "; ")));
    if !missing.is_empty() {
        let pending: Vec<&str> = d
            .fields
            .iter()
            .enumerate()
            .filter(|(fi, _)| matches!(v.value(di, *fi), Value::Missing(_)))
            .map(|(_, f)| f.name.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            lang.fmt(
                format!(
                    "待定:缺少 {},{} 暂无法确定",
                    missing.join("、"),
                    pending.join("、")
                ),
                format!(
                    "pending: {} missing, so {} cannot be decided yet",
                    missing.join(", "),
                    pending.join(", ")
                ),
            )
        );
    }
    let reports: Vec<RuleReport> = d.rules.iter().map(|r| report(v, *r, lang)).collect();
    for rep in reports.iter().filter(|r| r.status == RuleStatus::Fired) {
        fired(out, v, rep, lang);
    }
    computed(out, v, di, lang);
    for rep in reports.iter().filter(|r| r.status == RuleStatus::Unmet) {
        heading(out, p, rep.rule, lang.pick("不符合", "not met:"), lang);
        for c in rep.required.iter().filter(|c| c.holds != Tri::True) {
            evidence(out, c, lang);
        }
    }
    not_applied(out, v, di, &reports, lang, explain);
}

/// `依据 8.4.1.2.B 标题` and the clause's sentence under it.
fn heading(out: &mut String, p: &Program, rule: usize, word: &str, lang: Lang) {
    let _ = writeln!(out, "  {word} {}", rule_head(p, rule, lang));
    if let Some(q) = quote(p, rule) {
        let _ = writeln!(out, "    {q}");
    }
}

fn fired(out: &mut String, v: &Verdict<'_>, rep: &RuleReport, lang: Lang) {
    let p = v.program();
    heading(out, p, rep.rule, lang.pick("依据", "by"), lang);
    for c in rep.when.iter().chain(&rep.required).filter(|c| !c.scope) {
        evidence(out, c, lang);
    }
    // Computed values (`建议截止日期 = 转正日期 + 5个工作日`) and caps show their result.
    let Some(d) = p
        .rules
        .get(rep.rule)
        .and_then(|r| p.decisions.get(r.decision))
    else {
        return;
    };
    for f in &d.fields {
        for s in f.setters.iter().filter(|s| s.rule == rep.rule) {
            if !matches!(p.node(s.value).map(|n| &n.kind), Some(NodeKind::Const(_))) {
                let _ = writeln!(
                    out,
                    "    · {} = {} → {}",
                    f.name,
                    source_text(p, s.value),
                    value_text(v, s.value, lang)
                );
            }
        }
        for b in f.bounds.iter().filter(|b| b.rule == rep.rule) {
            let op = if b.at_most {
                lang.pick("不超过", "at most")
            } else {
                lang.pick("不低于", "at least")
            };
            // The value the cap or floor changed: what the winning rule (or the default) gave.
            let before = f
                .setters
                .iter()
                .find(|s| v.rule(s.rule).contributed)
                .map(|s| s.value)
                .or(f.default)
                .map(|e| value_text(v, e, lang));
            let mut line = format!("    · {} {op} {}", f.name, source_text(p, b.value));
            if !matches!(p.node(b.value).map(|n| &n.kind), Some(NodeKind::Const(_))) {
                let _ = write!(line, " → {}", value_text(v, b.value, lang));
            }
            if let Some(before) = before {
                let _ = write!(
                    line,
                    "{}",
                    lang.fmt(format!("(原为 {before})"), format!(" (was {before})"))
                );
            }
            let _ = writeln!(out, "{line}");
        }
    }
}

/// Fields no rule set whose value is computed from others (`目标职级 = 当前职级 + 小级数`).
fn computed(out: &mut String, v: &Verdict<'_>, di: usize, lang: Lang) {
    let p = v.program();
    let Some(d) = p.decisions.get(di) else {
        return;
    };
    for (fi, f) in d.fields.iter().enumerate() {
        let Some(e) = f.default else {
            continue;
        };
        let set_by_rule = f.setters.iter().any(|s| v.rule(s.rule).contributed);
        let constant = matches!(p.node(e).map(|n| &n.kind), Some(NodeKind::Const(_)));
        if set_by_rule || constant || !v.value(di, fi).is_present() {
            continue;
        }
        let value = to_text(p, &f.ty, v.value(di, fi), lang);
        let mut line = format!(
            "  {} {} = {} → {value}",
            lang.pick("计算", "computed"),
            f.name,
            source_text(p, e)
        );
        if let Some(d) = super::why::condition(v, e, lang).detail {
            let _ = write!(line, "{}", lang.fmt(format!("({d})"), format!(" ({d})")));
        }
        let _ = writeln!(out, "{line}");
    }
}

fn evidence(out: &mut String, c: &Condition, lang: Lang) {
    let mut line = format!("    · {}", c.text);
    match &c.detail {
        Some(d) => {
            let _ = write!(line, "{}{d}", lang.pick(":", ": "));
        }
        None => {
            let _ = write!(line, "{}{}", lang.pick(":", ": "), tri_text(c.holds, lang));
        }
    }
    if let Some(s) = &c.shortfall {
        let _ = write!(line, "{}{s}", lang.pick(",", ", "));
    }
    let _ = writeln!(out, "{line}");
}

/// Fields left at their default, and why their rules did not apply.
fn not_applied(
    out: &mut String,
    v: &Verdict<'_>,
    di: usize,
    reports: &[RuleReport],
    lang: Lang,
    explain: bool,
) {
    let p = v.program();
    let Some(d) = p.decisions.get(di) else {
        return;
    };
    let defaulted = |f: &OutFieldDef| {
        !f.setters.is_empty() && f.setters.iter().all(|s| !v.rule(s.rule).contributed)
    };
    let mut groups: Vec<(String, Vec<usize>, &Condition)> = Vec::new();
    for rep in reports {
        let targets_default = d
            .fields
            .iter()
            .any(|f| defaulted(f) && f.setters.iter().any(|s| s.rule == rep.rule));
        let interesting = match rep.status {
            RuleStatus::NotFired | RuleStatus::Pending => explain || targets_default,
            RuleStatus::Shadowed | RuleStatus::Overridden(_) | RuleStatus::Within => explain,
            _ => false,
        };
        if !interesting {
            continue;
        }
        match rep.status {
            RuleStatus::Shadowed => {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    lang.pick("○", "○"),
                    lang.fmt(
                        format!(
                            "{} 条件满足,但取了其他规则的结果",
                            rule_head(p, rep.rule, lang)
                        ),
                        format!(
                            "{}: held, but another rule's value was taken",
                            rule_head(p, rep.rule, lang)
                        )
                    )
                );
                continue;
            }
            RuleStatus::Within => {
                let head = rule_head(p, rep.rule, lang);
                let _ = writeln!(
                    out,
                    "  ○ {}",
                    lang.fmt(
                        format!("{head} 条件满足,但结果未超出限制"),
                        format!("{head}: held, but the value was within its limit")
                    )
                );
                continue;
            }
            RuleStatus::Overridden(o) => {
                let by = p.rules.get(o).map_or("", |x| x.id());
                let _ = writeln!(
                    out,
                    "  ○ {}",
                    lang.fmt(
                        format!("{} 被 {by} 排除", rule_head(p, rep.rule, lang)),
                        format!("{}: overridden by {by}", rule_head(p, rep.rule, lang))
                    )
                );
                continue;
            }
            _ => {}
        }
        let Some(c) = rep.first_failure() else {
            continue;
        };
        if (c.scope || c.flag || c.context) && !explain {
            continue;
        }
        let key = format!("{}|{:?}|{:?}", c.text, c.detail, c.shortfall);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(rep.rule),
            None => groups.push((key, vec![rep.rule], c)),
        }
    }
    for (_, rules, c) in groups {
        let ids: Vec<&str> = rules
            .iter()
            .filter_map(|r| p.rules.get(*r).map(|x| x.id()))
            .collect();
        let word = if c.holds == Tri::False {
            lang.pick("未适用", "not applied:")
        } else {
            lang.pick("待定", "pending:")
        };
        let mut line = format!(
            "  {word} {}{}{}",
            ids.join(lang.pick("、", ", ")),
            lang.pick(":", ": "),
            c.text
        );
        match &c.detail {
            Some(d) => {
                let _ = write!(line, " —— {d}");
            }
            None => {
                let _ = write!(line, " —— {}", tri_text(c.holds, lang));
            }
        }
        if let Some(s) = &c.shortfall {
            let _ = write!(line, "{}{s}", lang.pick(",", ", "));
        }
        let _ = writeln!(out, "{line}");
    }
}
