//! Explain stage: values of a verdict as a reader sees them in a notice, named by the policy's
//! own words (rungs as the ladder writes them with ASCII parentheses, dates `YYYY-MM-DD`, months
//! `YYYY-MM`).

use std::fmt::Write as _;

use crate::calendar::{Period, PeriodKind};
use crate::diag::Lang;
use crate::value::DurationUnit;
use crate::verdict::Value;

/// A duration as written in a policy.
pub fn duration_text(n: i64, unit: DurationUnit, lang: Lang) -> String {
    match (unit, lang) {
        (DurationUnit::Days, Lang::Zh) => format!("{n}天"),
        (DurationUnit::Workdays, Lang::Zh) => format!("{n}个工作日"),
        (DurationUnit::Months, Lang::Zh) => format!("{n}个月"),
        (DurationUnit::Days, Lang::En) => format!("{n} day{}", plural(n)),
        (DurationUnit::Workdays, Lang::En) => format!("{n} working day{}", plural(n)),
        (DurationUnit::Months, Lang::En) => format!("{n} month{}", plural(n)),
    }
}

/// English counts one thing in the singular: `1 day`, `2 days`.
fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A value as a reader sees it in a notice: no value `—`, a pending one `待定`.
pub fn to_text(v: &Value, lang: Lang) -> String {
    let mut out = String::new();
    write_value(&mut out, v, lang);
    out
}

/// Writes a value, as [`to_text`] gives it, at the end of `out`.
pub fn write_value(out: &mut String, v: &Value, lang: Lang) {
    let _ = match v {
        Value::Pending => write!(out, "{}", lang.pick("待定", "pending")),
        Value::None | Value::Absent => write!(out, "—"),
        Value::Bool(b) => write!(
            out,
            "{}",
            lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
        ),
        Value::Num(n) => write!(out, "{n}"),
        Value::Text(s) | Value::Name(s) => {
            out.push_str(s);
            Ok(())
        }
        Value::Date(d) => {
            write_date(out, *d);
            Ok(())
        }
        Value::Month(m) => write!(out, "{m}"),
        Value::Quarter(q) => write!(out, "{q}"),
        Value::Duration(n, u) => write!(out, "{}", duration_text(*n, *u, lang)),
        Value::Record(fs) => {
            let shown = fs.iter().filter(|(_, v)| !matches!(v, Value::Absent));
            for (i, (f, v)) in shown.enumerate() {
                if i > 0 {
                    out.push_str(lang.pick(",", ", "));
                }
                out.push_str(f);
                out.push(' ');
                write_value(out, v, lang);
            }
            Ok(())
        }
        Value::List(xs) => {
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push_str(lang.pick("、", ", "));
                }
                write_value(out, x, lang);
            }
            Ok(())
        }
        Value::Months { span, entries } => write!(out, "{}", months_text(*span, entries, lang)),
        Value::IntRange(a, b) => write!(out, "{a}..{b}"),
        Value::MonthRange(a, b) => write!(out, "{a}..{b}"),
        Value::QuarterRange(a, b) => write!(out, "{a}..{b}"),
        Value::DateRange(a, b) => write!(out, "{a}..{b}"),
        Value::Error(e) => write!(out, "{}", e.message(lang)),
    };
}

/// Writes a date as its `Display` gives it (`YYYY-MM-DD`), a year from 0 to 9999 without the
/// formatting machinery.
fn write_date(out: &mut String, d: crate::calendar::Date) {
    let (y, m, day) = d.ymd();
    let y = match u32::try_from(y) {
        Ok(y) if y <= 9999 => y,
        _ => {
            let _ = write!(out, "{d}");
            return;
        }
    };
    let digit = |n: u32| char::from_digit(n % 10, 10).unwrap_or('0');
    out.extend([y / 1000, y / 100, y / 10, y].map(digit));
    out.push('-');
    out.extend([m / 10, m].map(digit));
    out.push('-');
    out.extend([day / 10, day].map(digit));
}

/// A value seen while explaining: an absent input reads `未填`, no value `无`.
pub fn seen_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Absent => lang.pick("未填", "not given").to_string(),
        Value::None => lang.pick("无", "none").to_string(),
        other => to_text(other, lang),
    }
}

/// The most months a window lists one by one; a longer one is summarised, so that no record or
/// policy can make a notice list thousands of months.
pub const MAX_LISTED_MONTHS: usize = 36;

/// A window of monthly values, every month shown: `2026-01 A、2026-02 —、…`. A window longer
/// than [`MAX_LISTED_MONTHS`] is summarised: its bounds, its length and its first months that
/// have a value.
fn months_text(span: Option<(Period, Period)>, entries: &[(Period, Value)], lang: Lang) -> String {
    let Some((lo, hi)) = span else {
        return lang.pick("(无记录)", "(none)").to_string();
    };
    if hi < lo {
        return lang.pick("(没有月份)", "(no months)").to_string();
    }
    let (zh_unit, en_unit) = match lo.kind() {
        PeriodKind::Month => ("个月", "months"),
        PeriodKind::Quarter => ("个季度", "quarters"),
        PeriodKind::Year => ("年", "years"),
    };
    let sep = lang.pick("、", ", ");
    let months = u64::try_from(i64::from(hi.raw()) - i64::from(lo.raw()) + 1).unwrap_or(0);
    if months > MAX_LISTED_MONTHS as u64 {
        let inside: Vec<&(Period, Value)> = entries
            .iter()
            .filter(|(m, _)| lo <= *m && *m <= hi)
            .collect();
        let shown: Vec<String> = inside
            .iter()
            .take(MAX_LISTED_MONTHS)
            .map(|(m, x)| format!("{m} {}", to_text(x, lang)))
            .collect();
        let more = inside.len().saturating_sub(MAX_LISTED_MONTHS);
        let n = inside.len();
        let mut out = lang.fmt(
            format_args!("{lo} 至 {hi} 共 {months} {zh_unit},{n} {zh_unit}有记录"),
            format_args!("{lo} to {hi}, {months} {en_unit}, {n} with a value"),
        );
        if !shown.is_empty() {
            out.push_str(lang.pick(":", ": "));
            out.push_str(&shown.join(sep));
        }
        if more > 0 {
            out.push_str(&lang.fmt(
                format_args!("……另 {more} {zh_unit}"),
                format_args!(", … {more} more"),
            ));
        }
        return out;
    }
    let parts: Vec<String> = (lo.raw()..=hi.raw())
        .map(|raw| Period::from_raw(lo.kind(), raw))
        .map(|m| {
            let g = entries
                .binary_search_by_key(&m, |(k, _)| *k)
                .ok()
                .and_then(|i| entries.get(i))
                .map_or_else(|| "—".to_string(), |(_, x)| to_text(x, lang));
            format!("{m} {g}")
        })
        .collect();
    parts.join(sep)
}

/// The `全部` fields of a decision that several grounds gave, those with the same grounds
/// together, and how many grounds each group has.
pub(super) fn grounds(d: &crate::verdict::DecisionVerdict) -> Vec<(Vec<&str>, usize)> {
    let gs = d.grounds.iter();
    group_grounds(gs.map(|g| {
        (
            g.field.as_str(),
            g.rules.iter().map(String::as_str).collect(),
        )
    }))
}

/// The fields, each with the rules that gave it, that several grounds gave, those with the
/// same grounds together, and how many grounds each group has.
pub(super) fn group_grounds<'g>(
    fields: impl Iterator<Item = (&'g str, Vec<&'g str>)>,
) -> Vec<(Vec<&'g str>, usize)> {
    let mut out: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for (field, rules) in fields.filter(|(_, rules)| rules.len() > 1) {
        match out.iter_mut().find(|(_, r)| *r == rules) {
            Some((fields, _)) => fields.push(field),
            None => out.push((vec![field], rules)),
        }
    }
    out.into_iter().map(|(f, r)| (f, r.len())).collect()
}

#[cfg(test)]
mod tests {
    use crate::calendar::Date;

    /// A date written without the formatting machinery reads as its `Display` gives it.
    #[test]
    fn dates_are_written_as_they_display() {
        let dates = [
            (2026, 7, 3),
            (0, 1, 1),
            (9, 12, 31),
            (999, 2, 28),
            (9999, 12, 31),
        ];
        let far = [(10000, 1, 1), (-1, 6, 15), (-2026, 3, 9)];
        for (y, m, d) in dates.into_iter().chain(far) {
            let date = Date::from_ymd(y, m, d).unwrap();
            let mut out = String::new();
            super::write_date(&mut out, date);
            assert_eq!(out, date.to_string());
        }
    }
}
