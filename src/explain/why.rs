//! Explain stage: the words for why a condition holds or not, made from the verdict's typed
//! evidence: the window's grades and what counted, the values compared, how far it fell short.

use crate::diag::Lang;
use crate::verdict::{Amount, Condition, Evidence, Shortfall, Unit};

use super::format::{seen_text, to_text};

/// `是` / `否` / `待定`.
pub fn tri_text(holds: Option<bool>, lang: Lang) -> &'static str {
    match holds {
        Some(true) => lang.pick("是", "yes"),
        Some(false) => lang.pick("否", "no"),
        None => lang.pick("待定", "pending"),
    }
}

/// The values behind a condition, in words; none when there is nothing to show.
pub fn detail(e: &Evidence, lang: Lang) -> Option<String> {
    let sep = lang.pick(",", ", ");
    match e {
        Evidence::None => None,
        Evidence::Values { seen } => {
            let parts: Vec<String> = seen
                .iter()
                .map(|s| {
                    let v = seen_text(&s.value, lang);
                    lang.fmt(
                        format_args!("{} 为 {v}", s.expr),
                        format_args!("{} is {v}", s.expr),
                    )
                })
                .collect();
            Some(parts.join(sep))
        }
        Evidence::Grades { window, counted } => {
            let tallies: Vec<String> = counted
                .iter()
                .map(|c| {
                    let (name, n) = (&c.level, c.count);
                    if c.or_better {
                        lang.fmt(
                            format_args!("{name}及以上 {n} 个"),
                            format_args!("{n} at {name} or better"),
                        )
                    } else {
                        lang.fmt(format_args!("{name} {n} 个"), format_args!("{n} × {name}"))
                    }
                })
                .collect();
            let grades = to_text(window, lang);
            Some(lang.fmt(
                format_args!("{grades} —— {}", tallies.join(",")),
                format_args!("{grades} — {}", tallies.join(", ")),
            ))
        }
        Evidence::PendingWindow => Some(lang.pick("待定", "pending").to_string()),
        Evidence::Excluded { levels, found } => Some(if found.is_empty() {
            lang.fmt(
                format_args!("没有 {}", levels.join("、")),
                format_args!("no {}", levels.join(", ")),
            )
        } else {
            let bad: Vec<String> = found
                .iter()
                .map(|g| format!("{} {}", g.month, g.level))
                .collect();
            lang.fmt(
                format_args!("有 {}", bad.join("、")),
                format_args!("found {}", bad.join(", ")),
            )
        }),
        Evidence::All { parts } => {
            // Facts such as `转正日期 为 …` are said once.
            let mut facts: Vec<String> = Vec::new();
            for d in parts.iter().filter_map(|p| detail(p, lang)) {
                for fact in d.split(sep) {
                    if !facts.iter().any(|x| x == fact) {
                        facts.push(fact.to_string());
                    }
                }
            }
            (!facts.is_empty()).then(|| facts.join(sep))
        }
        Evidence::Failed { part } => Some(lang.fmt(
            format_args!("{part} 不成立"),
            format_args!("{part} does not hold"),
        )),
        Evidence::Alternative { holds, evidence } => {
            let d = detail(evidence, lang);
            Some(lang.fmt(
                format_args!(
                    "{holds} 成立{}",
                    d.as_ref().map(|d| format!("({d})")).unwrap_or_default()
                ),
                format_args!(
                    "{holds} holds{}",
                    d.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
                ),
            ))
        }
        Evidence::Alternatives { parts } => {
            let parts: Vec<String> = parts.iter().filter_map(|p| detail(p, lang)).collect();
            (!parts.is_empty()).then(|| parts.join(lang.pick(";", "; ")))
        }
        Evidence::Negated { operand, holds } => Some(lang.fmt(
            format_args!("{operand} 为 {}", tri_text(*holds, lang)),
            format_args!("{operand} is {}", tri_text(*holds, lang)),
        )),
        Evidence::Found { first, value } => {
            let shown = to_text(value, lang);
            Some(if *first {
                lang.fmt(
                    format_args!("最早为 {shown}"),
                    format_args!("first: {shown}"),
                )
            } else {
                lang.fmt(format_args!("如 {shown}"), format_args!("e.g. {shown}"))
            })
        }
        Evidence::NotFound { list, condition } => Some(lang.fmt(
            format_args!("{list} 中没有满足 {condition} 的"),
            format_args!("nothing in {list} meets {condition}"),
        )),
    }
}

fn amount_text(a: &Amount, lang: Lang) -> String {
    let n = to_text(&a.amount, lang);
    // English counts one thing in the singular ("short by 1 month").
    let s = if n == "1" { "" } else { "s" };
    match &a.unit {
        Unit::Days => lang.fmt(format_args!("{n} 天"), format_args!("{n} day{s}")),
        Unit::Months => lang.fmt(format_args!("{n} 个月"), format_args!("{n} month{s}")),
        Unit::Quarters => lang.fmt(format_args!("{n} 个季度"), format_args!("{n} quarter{s}")),
        Unit::Steps => lang.fmt(format_args!("{n} 个小级"), format_args!("{n} step{s}")),
        Unit::Number => n,
        Unit::Grades { level, or_better } => {
            if *or_better {
                lang.fmt(
                    format_args!("{level}及以上还差 {n} 个"),
                    format_args!("{n} more at {level} or better"),
                )
            } else {
                lang.fmt(
                    format_args!("{level} 还差 {n} 个"),
                    format_args!("{n} more × {level}"),
                )
            }
        }
    }
}

/// How far a condition is from holding, in words.
pub fn shortfall_text(s: &Shortfall, lang: Lang) -> String {
    match s {
        Shortfall::Equal => lang.pick("恰好相等", "exactly equal").to_string(),
        Shortfall::Short { amounts } => {
            // A pattern's missing grades say "还差" themselves.
            if amounts
                .iter()
                .all(|a| matches!(a.unit, Unit::Grades { .. }))
            {
                let parts: Vec<String> = amounts.iter().map(|a| amount_text(a, lang)).collect();
                return parts.join(lang.pick(",", ", "));
            }
            let parts: Vec<String> = amounts.iter().map(|a| amount_text(a, lang)).collect();
            let amount = parts.join(lang.pick(",", ", "));
            lang.fmt(
                format_args!("还差 {amount}"),
                format_args!("short by {amount}"),
            )
        }
        Shortfall::Over { amount } => {
            let amount = amount_text(amount, lang);
            lang.fmt(
                format_args!("超出 {amount}"),
                format_args!("over by {amount}"),
            )
        }
    }
}

/// How far a condition is from holding, in words, naming the alternative of a `或` the gap
/// is measured on: `还差 5(按 最低分 >= 60 计)`.
pub fn shortfall_words(c: &Condition, s: &Shortfall, lang: Lang) -> String {
    let short = shortfall_text(s, lang);
    match &c.measures {
        Some(part) => lang.fmt(
            format_args!("{short}(按 {part} 计)"),
            format_args!("{short} (on {part})"),
        ),
        None => short,
    }
}

/// The same for a notice, which quotes no expression of the policy: the alternative is named by
/// what it compares or counts (`还差 3 个小级(就 目标职级 而言)`).
pub fn shortfall_plain(c: &Condition, s: &Shortfall, lang: Lang) -> String {
    shortfall_plain_of(c.measures_subject.as_deref(), s, lang)
}

/// A shortfall in plain words, as [`shortfall_plain`] says it, for a condition whose
/// alternative measured compares or counts `subject`.
pub(super) fn shortfall_plain_of(subject: Option<&str>, s: &Shortfall, lang: Lang) -> String {
    let short = shortfall_text(s, lang);
    match subject {
        Some(subject) => lang.fmt(
            format_args!("{short}(就 {subject} 而言)"),
            format_args!("{short} (as to {subject})"),
        ),
        None => short,
    }
}

/// A condition's detail, with a default saying it does not hold.
pub fn detail_or_fails(c: &Condition, lang: Lang) -> String {
    detail(&c.evidence, lang).unwrap_or_else(|| {
        lang.fmt(
            format_args!("{} 不成立", c.text),
            format_args!("{} does not hold", c.text),
        )
    })
}
