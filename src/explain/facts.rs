//! Explain stage: the facts behind a notice's clause in plain terms (the months and grades
//! counted, the values seen, what is missing and by how much), written straight into the
//! notice's buffer, each fact said once.

use std::fmt::Write as _;

use crate::calendar::Period;
use crate::diag::Lang;
use crate::eval::Tri;
use crate::verdict::plan::Part;
use crate::verdict::reading::{Entry, Grades, Kind, Reading};
use crate::verdict::{Condition, Evidence, Shortfall, Value};

use super::format::{to_text, write_value};
use super::why::shortfall_plain_of;

/// Facts being written at the end of a buffer: where each one kept so far lies.
struct Facts<'o> {
    out: &'o mut String,
    /// Each fact: where its separator starts, where it starts, where it ends.
    spans: Vec<(usize, usize, usize)>,
    sep: &'static str,
}

impl Facts<'_> {
    /// Writes a fact after those before it.
    fn push(&mut self, write: impl FnOnce(&mut String)) {
        let at = self.out.len();
        if !self.spans.is_empty() {
            self.out.push_str(self.sep);
        }
        let start = self.out.len();
        write(self.out);
        self.spans.push((at, start, self.out.len()));
    }

    /// Adds to the last fact, when there is one from the `first`th on (the facts of the
    /// condition at hand); false when there is none.
    fn extend_last(&mut self, first: usize, write: impl FnOnce(&mut String)) -> bool {
        if self.spans.len() <= first {
            return false;
        }
        write(self.out);
        let end = self.out.len();
        if let Some(last) = self.spans.last_mut() {
            last.2 = end;
        }
        true
    }

    /// The text of a fact.
    fn text(&self, span: (usize, usize, usize)) -> &str {
        self.out.get(span.1..span.2).unwrap_or_default()
    }

    /// Drops the facts from the `first`th on that were already said.
    fn dedup_from(&mut self, first: usize) {
        let mut i = first;
        while let Some(&span) = self.spans.get(i) {
            let said = self
                .spans
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|s| self.text(*s) == self.text(span));
            if !said {
                i += 1;
                continue;
            }
            let (at, _, end) = span;
            self.out.replace_range(at..end, "");
            self.spans.remove(i);
            for s in self.spans.iter_mut().skip(i) {
                *s = (s.0 - (end - at), s.1 - (end - at), s.2 - (end - at));
            }
        }
    }
}

/// Writes the facts behind conditions, in plain terms, each said once, as one sentence
/// (`2026年1月至6月考核:…;没有 C、D。`); false, with nothing written, when there are none.
pub(super) fn write_facts<'c>(
    out: &mut String,
    conditions: impl Iterator<Item = &'c Condition>,
    lang: Lang,
) -> bool {
    let mut facts = Facts::new(out, lang);
    for c in conditions.filter(|c| !c.scope) {
        let first = facts.spans.len();
        evidence_facts(&c.evidence, lang, &mut facts);
        let met = c.holds == Some(true) && matches!(c.evidence, Evidence::Grades { .. });
        let short = c.shortfall.as_ref();
        let short = short.map(|s| (s, c.measures_subject.as_deref()));
        facts.close(first, met.then_some(c.text.as_str()), short, lang);
    }
    facts.end(lang)
}

/// Writes the facts behind the conditions `parts` read straight from the evaluation, as
/// [`write_facts`] writes them from the conditions' reports (`failing_only`: only the parts
/// that do not hold); whether any were written, and the kind of evidence of the last part.
pub(super) fn write_facts_live<'p>(
    out: &mut String,
    reading: &Reading<'_, '_>,
    parts: impl Iterator<Item = &'p Part>,
    failing_only: bool,
    lang: Lang,
) -> (bool, Kind) {
    let mut facts = Facts::new(out, lang);
    let mut kind = Kind::None;
    for c in parts.filter(|c| !c.scope) {
        let holds = reading.holds(c.id);
        if failing_only && holds == Tri::True {
            continue;
        }
        let first = facts.spans.len();
        kind = reading.evidence(
            c.id,
            holds,
            &mut Sink {
                facts: &mut facts,
                lang,
            },
        );
        let text = (holds == Tri::True && kind == Kind::Grades).then(|| reading.text(c.id));
        let short = (holds == Tri::False)
            .then(|| reading.shortfall(c.id))
            .flatten();
        let short = short.as_ref().map(|(s, subject)| (s, subject.as_deref()));
        facts.close(first, text.as_deref(), short, lang);
    }
    (facts.end(lang), kind)
}

/// The facts of a condition read straight from the evaluation, written as they come.
struct Sink<'f, 'o> {
    facts: &'f mut Facts<'o>,
    lang: Lang,
}

impl crate::verdict::reading::Sink for Sink<'_, '_> {
    fn seen(&mut self, expr: &str, value: &Value) {
        if plain(expr) {
            self.facts.push(|out| fact(out, expr, value, self.lang));
        }
    }

    fn evidence(&mut self, e: &Evidence) {
        evidence_facts(e, self.lang, self.facts);
    }

    fn grades(&mut self, g: &Grades<'_>) {
        self.facts.push(|out| grades_fact(out, g, self.lang));
    }

    fn mark(&self) -> usize {
        self.facts.spans.len()
    }

    fn alternative(&mut self, mark: usize, holds: &str) {
        alternative(self.facts, mark, holds, self.lang);
    }
}

impl<'o> Facts<'o> {
    fn new(out: &'o mut String, lang: Lang) -> Self {
        Facts {
            out,
            spans: Vec::new(),
            sep: lang.pick(";", "; "),
        }
    }

    /// Ends the facts of a condition, the `first`th on: the pattern it met, when it met one
    /// (`met`: the condition's text, `前6个月 达到 3A 或 1S+1A`), and how far it fell short;
    /// then drops the facts already said.
    fn close(
        &mut self,
        first: usize,
        met: Option<&str>,
        short: Option<(&Shortfall, Option<&str>)>,
        lang: Lang,
    ) {
        // `前6个月 达到 3A 或 1S+1A`: the patterns are the regulation's own words.
        let pattern = met.and_then(|text| {
            text.split_once(" 达到 ")
                .or_else(|| text.split_once(" meets "))
                .map(|(_, p)| p.trim())
                .filter(|p| p.split(' ').all(|w| plain(w) || w.contains('+')))
        });
        if let Some(p) = pattern {
            self.extend_last(first, |out| {
                let p = match lang {
                    Lang::Zh => p.replace(" or ", " 或 "),
                    Lang::En => p.replace(" 或 ", " or "),
                };
                meeting(out, &p, lang);
            });
        }
        if let Some((s, subject)) = short {
            let short = shortfall_plain_of(subject, s, lang);
            let extended = self.extend_last(first, |out| {
                out.push_str(lang.pick(",", ", "));
                out.push_str(&short);
            });
            if !extended {
                self.push(|out| out.push_str(&short));
            }
        }
        self.dedup_from(first);
    }

    /// Ends the sentence; false, with nothing written, when there are no facts.
    fn end(self, lang: Lang) -> bool {
        if self.spans.is_empty() {
            return false;
        }
        self.out.push_str(lang.pick("。", "."));
        true
    }
}

/// `,达到 3A 的要求`.
fn meeting(out: &mut String, p: &str, lang: Lang) {
    let _ = match lang {
        Lang::Zh => write!(out, ",达到 {p} 的要求"),
        Lang::En => write!(out, ", meeting {p}"),
    };
}

/// Whether an expression of the policy is a plain name a reader knows (a field, a definition).
fn plain(expr: &str) -> bool {
    !expr.is_empty() && expr.chars().all(|c| word(c) || c == '_' || c == '.')
}

/// `char::is_alphanumeric`, answered without the Unicode tables for ASCII and the CJK
/// ideographs a policy's names are mostly written in (every one of them is a letter).
fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// Writes `items` joined by `sep`, each by `write`.
fn joined<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    sep: &str,
    mut write: impl FnMut(&mut String, T),
) {
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        write(out, x);
    }
}

fn evidence_facts(e: &Evidence, lang: Lang, facts: &mut Facts<'_>) {
    match e {
        Evidence::None | Evidence::Failed { .. } | Evidence::NotFound { .. } => {}
        Evidence::Values { seen } => {
            for s in seen.iter().filter(|s| plain(&s.expr)) {
                facts.push(|out| fact(out, &s.expr, &s.value, lang));
            }
        }
        Evidence::Grades { window, counted } => facts.push(|out| {
            window_text(out, window, lang);
            let counted = counted
                .iter()
                .map(|c| (c.level.as_str(), c.or_better, c.count));
            counted_text(out, counted, lang);
        }),
        Evidence::PendingWindow => facts.push(|out| {
            out.push_str(lang.pick(
                "考核月份尚无法确定",
                "the months to count are not known yet",
            ));
        }),
        Evidence::Excluded { levels, found } => facts.push(|out| {
            if found.is_empty() {
                out.push_str(lang.pick("没有 ", "no "));
                joined(out, levels, lang.pick("、", " or "), |out, l| {
                    out.push_str(l)
                });
            } else {
                out.push_str(lang.pick("有 ", ""));
                joined(out, found, lang.pick("、", ", "), |out, g| match lang {
                    Lang::Zh => {
                        month_text(out, g.month, lang);
                        let _ = write!(out, " {}", g.level);
                    }
                    Lang::En => {
                        let _ = write!(out, "{} in {}", g.level, g.month);
                    }
                });
            }
        }),
        Evidence::All { parts } | Evidence::Alternatives { parts } => {
            for p in parts {
                evidence_facts(p, lang, facts);
            }
        }
        Evidence::Alternative { holds, evidence } => {
            let before = facts.spans.len();
            evidence_facts(evidence, lang, facts);
            alternative(facts, before, holds, lang);
        }
        Evidence::Negated { operand, holds } => {
            if plain(operand) {
                let v = match holds {
                    Some(b) => Value::Bool(*b),
                    None => Value::Pending,
                };
                facts.push(|out| fact(out, operand, &v, lang));
            }
        }
        Evidence::Found { value, .. } => facts.push(|out| match value {
            Value::Month(m) => month_text(out, Period::Month(*m), lang),
            Value::Quarter(q) => month_text(out, Period::Quarter(*q), lang),
            Value::Record(fields) => out.push_str(&record_text(fields, lang)),
            v => write_value(out, v, lang),
        }),
    }
}

/// Ends the facts of the alternative of a `或` that holds, `holds`, the `before`th on: the
/// pattern it met (`前6个月 达到 3A`: the pattern is the regulation's own word), looked for only
/// where the alternative said a fact.
fn alternative(facts: &mut Facts<'_>, before: usize, holds: &str, lang: Lang) {
    if facts.spans.len() <= before {
        return;
    }
    let pattern = holds
        .split_once(" 达到 ")
        .or_else(|| holds.split_once(" meets "))
        .map(|(_, p)| p.trim())
        .filter(|p| plain(p) || p.contains('+'));
    if let Some(p) = pattern {
        facts.extend_last(before, |out| meeting(out, p, lang));
    }
}

/// `转正日期为 2026-04-03`.
fn fact(out: &mut String, name: &str, v: &Value, lang: Lang) {
    out.push_str(name);
    out.push_str(lang.pick("为 ", " is "));
    match v {
        Value::Absent | Value::None => out.push_str(lang.pick("未填", "not given")),
        Value::Bool(b) => {
            out.push_str(lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" }));
        }
        v => write_value(out, v, lang),
    }
}

/// A sub-record a condition found, in plain words rather than its fields' names: the date first,
/// then what it says (`2026年4月12日:其他个人原因,成立`). A yes/no field reads as its name or
/// its negation, a number keeps its name, a name or text stands alone.
fn record_text(fields: &[(String, Value)], lang: Lang) -> String {
    let mut when = Vec::new();
    let mut what = Vec::new();
    for (name, v) in fields {
        let mut s = String::new();
        match v {
            Value::Date(d) => {
                match lang {
                    Lang::Zh => {
                        let (y, m, day) = d.ymd();
                        let _ = write!(s, "{y}年{m}月{day}日");
                    }
                    Lang::En => {
                        let _ = write!(s, "{d}");
                    }
                }
                when.push(s);
            }
            Value::Month(m) => {
                month_text(&mut s, Period::Month(*m), lang);
                when.push(s);
            }
            Value::Quarter(q) => {
                month_text(&mut s, Period::Quarter(*q), lang);
                when.push(s);
            }
            Value::Bool(true) => what.push(name.clone()),
            Value::Bool(false) => {
                what.push(lang.fmt(format_args!("未{name}"), format_args!("not {name}")));
            }
            Value::Num(_) => {
                fact(&mut s, name, v, lang);
                what.push(s);
            }
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
fn month_text(out: &mut String, m: Period, lang: Lang) {
    let _ = match (lang, m) {
        (Lang::Zh, Period::Month(m)) => write!(out, "{}年{}月", m.year(), m.number()),
        (Lang::Zh, Period::Quarter(q)) => write!(out, "{}年第{}季度", q.year(), q.number()),
        (Lang::Zh, Period::Year(y)) => write!(out, "{y}年"),
        (Lang::En, m) => write!(out, "{m}"),
    };
}

/// A period's year.
fn year(p: Period) -> i32 {
    match p {
        Period::Month(m) => m.year(),
        Period::Quarter(q) => q.year(),
        Period::Year(y) => y,
    }
}

/// `2026年1月至6月考核:A、S、B、A、A、B` (a month without a grade reads 无); likewise
/// `2026年第1季度至第4季度考核:…` and `2025年至2026年考核:…`.
fn window_text(out: &mut String, window: &Value, lang: Lang) {
    let Value::Months {
        span: Some((lo, hi)),
        entries,
    } = window
    else {
        out.push_str(lang.pick("没有考核记录", "no grades"));
        return;
    };
    let given = || entries.iter().filter(|(m, _)| lo <= m && m <= hi).count();
    let grade = |out: &mut String, m: Period| match entries.iter().find(|(k, _)| *k == m) {
        Some((_, g)) => {
            write_value(out, g, lang);
            true
        }
        None => false,
    };
    span_text(out, (*lo, *hi), given, grade, lang);
}

/// A window's grades from `lo` to `hi`, as [`window_text`] writes them: `given` counts the
/// months with a grade, `grade` writes a month's grade (false, with nothing written, for a
/// month without one).
fn span_text(
    out: &mut String,
    (lo, hi): (Period, Period),
    given: impl FnOnce() -> usize,
    mut grade: impl FnMut(&mut String, Period) -> bool,
    lang: Lang,
) {
    let span = |out: &mut String| match lang {
        Lang::Zh => {
            month_text(out, lo, lang);
            out.push('至');
            // Within one year, the end reads without its year: `6月`, `第4季度`.
            match (year(lo), hi) {
                (y, Period::Month(m)) if y == m.year() => {
                    let _ = write!(out, "{}月", m.number());
                }
                (y, Period::Quarter(q)) if y == q.year() => {
                    let _ = write!(out, "第{}季度", q.number());
                }
                _ => month_text(out, hi, lang),
            }
        }
        Lang::En => {
            let _ = write!(out, "{lo} to {hi}");
        }
    };
    let n = (hi.raw() - lo.raw() + 1).max(0);
    if n > 36 {
        let given = given();
        let (zh, en) = match lo {
            Period::Month(_) => ("个月", "months"),
            Period::Quarter(_) => ("个季度", "quarters"),
            Period::Year(_) => ("年", "years"),
        };
        span(out);
        let _ = match lang {
            Lang::Zh => write!(out, "共 {n} {zh},其中 {given} {zh}有考核"),
            Lang::En => write!(out, ": {n} {en}, {given} graded"),
        };
        return;
    }
    if lang == Lang::En {
        out.push_str("grades ");
    }
    span(out);
    out.push_str(lang.pick("考核:", ": "));
    let months = (lo.raw()..=hi.raw()).map(|raw| Period::from_raw(lo.kind(), raw));
    joined(out, months, lang.pick("、", ", "), |out, m| {
        if !grade(out, m) {
            out.push_str(lang.pick("无", "none"));
        }
    });
}

/// `…,其中 A 及以上 3 个、S 1 个`: how many counted toward each threshold (each a level, whether
/// better levels count too, and the count), after the window's grades; nothing when there
/// are none.
fn counted_text<'l>(
    out: &mut String,
    counted: impl IntoIterator<Item = (&'l str, bool, u32)>,
    lang: Lang,
) {
    let mut counted = counted.into_iter().peekable();
    if counted.peek().is_none() {
        return;
    }
    out.push_str(lang.pick(",其中 ", ", of which "));
    joined(
        out,
        counted,
        lang.pick("、", ", "),
        |out, (l, or_better, n)| {
            let _ = match (lang, or_better) {
                (Lang::Zh, true) => write!(out, "{l} 及以上 {n} 个"),
                (Lang::En, true) => write!(out, "{n} at {l} or better"),
                (Lang::Zh, false) => write!(out, "{l} {n} 个"),
                (Lang::En, false) => write!(out, "{n} × {l}"),
            };
        },
    );
}

/// The grades of a window read straight from the evaluation, as the facts of
/// [`Evidence::Grades`] say them.
fn grades_fact(out: &mut String, g: &Grades<'_>, lang: Lang) {
    match g.span {
        Some(span) => {
            let grade = |out: &mut String, m: Period| match g.entry(m) {
                Some(Entry::Level(l)) => {
                    out.push_str(l);
                    true
                }
                Some(Entry::Value(v)) => {
                    write_value(out, &v, lang);
                    true
                }
                None => false,
            };
            span_text(out, span, || g.given(span), grade, lang);
        }
        None => out.push_str(lang.pick("没有考核记录", "no grades")),
    }
    counted_text(out, g.counted.iter().copied(), lang);
}

#[cfg(test)]
mod tests {
    /// The shortcut in `word` answers as `char::is_alphanumeric` does.
    #[test]
    fn the_cjk_ideographs_are_letters() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
        for c in ['a', 'Z', '0', '_', '.', ' ', '(', '(', '「', 'é', '①'] {
            assert_eq!(super::word(c), c.is_alphanumeric(), "{c}");
        }
    }
}
