//! Explain stage: in a notice, the rules that did not decide: those whose field was left at its
//! default, with the first condition that failed (grouped when several rules failed alike), and
//! with `--explain` every other rule and what became of it.

use std::fmt::Write as _;

use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{Condition, RuleStatus, RuleTrace};

use super::text::rule_head;
use super::why::{detail, shortfall_words, tri_text};

/// Fields left at their default, and why their rules did not apply.
pub(super) fn not_applied(
    out: &mut String,
    p: &Program,
    di: usize,
    traces: &[RuleTrace],
    lang: Lang,
    explain: bool,
) {
    let Some(d) = p.decisions.get(di) else {
        return;
    };
    let took_effect = |r: usize| {
        traces
            .iter()
            .find(|t| t.index == r)
            .is_some_and(|t| t.status == RuleStatus::Fired)
    };
    // The rules setting a field that no rule set (it kept its default).
    let targets_default = |t: &RuleTrace| {
        d.fields.iter().any(|f| {
            !f.setters.is_empty()
                && f.setters.iter().all(|s| !took_effect(s.rule))
                && f.setters.iter().any(|s| s.rule == t.index)
        })
    };
    // Rules that failed alike: the same condition text, evidence and shortfall.
    let mut groups: Vec<(Vec<&str>, &Condition)> = Vec::new();
    for t in traces {
        let interesting = match t.status {
            RuleStatus::NotFired | RuleStatus::Pending => explain || targets_default(t),
            RuleStatus::Shadowed | RuleStatus::Overridden | RuleStatus::Within => explain,
            _ => false,
        };
        if !interesting {
            continue;
        }
        let head = rule_head(t, lang);
        match t.status {
            RuleStatus::Shadowed => {
                let _ = writeln!(
                    out,
                    "  ○ {}",
                    lang.fmt(
                        format_args!("{head} 条件满足,但取了其他规则的结果"),
                        format_args!("{head}: held, but another rule's value was taken")
                    )
                );
                continue;
            }
            RuleStatus::Within => {
                let _ = writeln!(
                    out,
                    "  ○ {}",
                    lang.fmt(
                        format_args!("{head} 条件满足,但结果未超出限制"),
                        format_args!("{head}: held, but the value was within its limit")
                    )
                );
                continue;
            }
            RuleStatus::Overridden => {
                let by = t.overridden_by.as_deref().unwrap_or("");
                let _ = writeln!(
                    out,
                    "  ○ {}",
                    lang.fmt(
                        format_args!("{head} 被 {by} 排除"),
                        format_args!("{head}: overridden by {by}")
                    )
                );
                continue;
            }
            _ => {}
        }
        let Some(c) = t.first_failure() else {
            continue;
        };
        if (c.scope || c.flag || c.context) && !explain {
            continue;
        }
        let alike = |g: &&mut (Vec<&str>, &Condition)| {
            g.1.text == c.text && g.1.evidence == c.evidence && g.1.shortfall == c.shortfall
        };
        match groups.iter_mut().find(alike) {
            Some(g) => g.0.push(&t.rule),
            None => groups.push((vec![&t.rule], c)),
        }
    }
    for (ids, c) in groups {
        let word = if c.holds == Some(false) {
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
        match detail(&c.evidence, lang) {
            Some(d) => {
                let _ = write!(line, " —— {d}");
            }
            None => {
                let _ = write!(line, " —— {}", tri_text(c.holds, lang));
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
}
