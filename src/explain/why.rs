//! Explain stage: why a condition holds or not. Probes the verdict for the values behind each
//! condition: the window's grades and what counted toward a pattern, the dates compared, and for
//! a failed condition how far it fell short.

use crate::diag::Lang;
use crate::eval::{Tri, Value, Verdict};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Quantifier};
use crate::program::{Program, Type};

use super::format::{days_text, grades_text, to_text};

/// What a condition came to for a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The condition as the policy writes it.
    pub text: String,
    /// Whether it holds.
    pub holds: Tri,
    /// The values behind it.
    pub detail: Option<String>,
    /// How far a failed condition fell short.
    pub shortfall: Option<String>,
    /// Whether it only says whom the rule is for (a post, a type of hire).
    pub scope: bool,
    /// Whether it only tests that an input was given or a flag set.
    pub flag: bool,
    /// Whether it is context (a ladder bracket, another outcome) rather than a reason.
    pub context: bool,
}

/// The conjuncts of a condition (`a 且 b 且 c` → a, b, c).
pub fn conjuncts(p: &Program, id: ExprId, out: &mut Vec<ExprId>) {
    split(p, id, BinOp::And, out);
}

/// The alternatives of a condition (`a 或 b 或 c` → a, b, c).
fn disjuncts(p: &Program, id: ExprId, out: &mut Vec<ExprId>) {
    split(p, id, BinOp::Or, out);
}

/// The operands of a chain of one operator.
fn split(p: &Program, id: ExprId, op: BinOp, out: &mut Vec<ExprId>) {
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Binary(o, a, b)) if *o == op => {
            split(p, *a, op, out);
            split(p, *b, op, out);
        }
        _ => out.push(id),
    }
}

/// The policy's text for a node, on one line.
pub fn source_text(p: &Program, id: ExprId) -> String {
    let t = p.text(id);
    let t = t
        .trim()
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    let balanced = t.matches(['(', '（']).count() == t.matches([')', '）']).count();
    let t = if balanced { t } else { p.text(id).trim() };
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a condition only says whom a rule is for: an enum field compared with constants.
pub fn is_scope(p: &Program, id: ExprId) -> bool {
    let Some(n) = p.node(id) else {
        return false;
    };
    match &n.kind {
        NodeKind::Binary(BinOp::Eq | BinOp::Ne | BinOp::In | BinOp::NotIn, a, b) => {
            let side = |x: ExprId| p.node(x).map(|n| (&n.kind, &n.ty));
            matches!(
                (side(*a), side(*b)),
                (
                    Some((NodeKind::Field(_) | NodeKind::Slot(_), Type::Enum(_))),
                    Some((NodeKind::Const(_), _))
                ) | (
                    Some((NodeKind::Const(_), _)),
                    Some((NodeKind::Field(_) | NodeKind::Slot(_), Type::Enum(_)))
                )
            )
        }
        NodeKind::Binary(BinOp::And | BinOp::Or, a, b) => is_scope(p, *a) && is_scope(p, *b),
        NodeKind::Not(a) => is_scope(p, *a),
        NodeKind::Slot(s) => p
            .lets
            .iter()
            .find(|l| l.slot == *s)
            .is_some_and(|l| is_scope(p, l.expr)),
        _ => false,
    }
}

/// Whether a condition is context rather than a reason: a bracket on the ladder
/// (`当前职级 < 「中(二)级客服(一般)」`) or a test of another outcome (`资格`, `小级数 > 0`),
/// which is explained where that outcome is set.
pub fn is_context(p: &Program, id: ExprId) -> bool {
    let rung = |x: ExprId| {
        matches!(
            p.node(x).map(|n| (&n.kind, &n.ty)),
            Some((NodeKind::Field(_) | NodeKind::Slot(_), Type::Rung(_)))
        )
    };
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Binary(
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne,
            a,
            b,
        )) => {
            (rung(*a) && is_const(p, *b))
                || (is_const(p, *a) && rung(*b))
                || is_derived(p, *a)
                || is_derived(p, *b)
        }
        Some(NodeKind::Not(a)) => is_context(p, *a),
        _ => is_derived(p, id),
    }
}

/// Whether a node is another outcome field (a consequence the notice explains where it is set).
fn is_derived(p: &Program, id: ExprId) -> bool {
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Slot(s)) => !p.lets.iter().any(|l| l.slot == *s),
        _ => false,
    }
}

fn is_const(p: &Program, id: ExprId) -> bool {
    matches!(
        p.node(id).map(|n| &n.kind),
        Some(NodeKind::Const(_) | NodeKind::Param(_))
    )
}

/// A node's value as text: an absent input reads `未填`, no value `无`.
pub fn value_text(v: &Verdict<'_>, id: ExprId, lang: Lang) -> String {
    let p = v.program();
    let ty = p.node(id).map_or(Type::Error, |n| n.ty.clone());
    match v.probe(id, &[]) {
        Ok(Value::Missing(_))
            if matches!(p.node(id).map(|n| &n.kind), Some(NodeKind::Field(_))) =>
        {
            lang.pick("未填", "not given").to_string()
        }
        Ok(Value::None) => lang.pick("无", "none").to_string(),
        Ok(x) => to_text(p, &ty, x, lang),
        Err(e) => e.message(lang),
    }
}

/// Reports one condition.
pub fn condition(v: &Verdict<'_>, id: ExprId, lang: Lang) -> Condition {
    let p = v.program();
    let holds = v.probe(id, &[]).map_or(Tri::False, Value::tri);
    let mut c = Condition {
        text: source_text(p, id),
        holds,
        detail: detail(v, id, holds, lang),
        shortfall: None,
        scope: is_scope(p, id),
        flag: is_flag(p, id),
        context: is_context(p, id),
    };
    if holds == Tri::False {
        c.shortfall = how_short(v, id, lang);
    }
    c
}

/// How far a failed condition fell short: the pattern's missing grades, the comparison's gap,
/// or, inside `或`, `且` and definitions, the first part's that has one.
fn how_short(v: &Verdict<'_>, id: ExprId, lang: Lang) -> Option<String> {
    let p = v.program();
    let fails = |x: ExprId| v.probe(x, &[]).map_or(Tri::False, Value::tri) == Tri::False;
    match p.node(id).map(|n| &n.kind)? {
        NodeKind::Meets(w, alts) => pattern(v, *w, alts, lang).1,
        NodeKind::Binary(op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge), a, b) => {
            shortfall(v, *op, *a, *b, lang)
        }
        NodeKind::Binary(BinOp::Or, _, _) => {
            let mut alts = Vec::new();
            disjuncts(p, id, &mut alts);
            alts.into_iter().find_map(|a| how_short(v, a, lang))
        }
        NodeKind::Binary(BinOp::And, _, _) => {
            let mut parts = Vec::new();
            conjuncts(p, id, &mut parts);
            parts
                .into_iter()
                .filter(|x| fails(*x))
                .find_map(|x| how_short(v, x, lang))
        }
        NodeKind::Slot(s) => p
            .lets
            .iter()
            .find(|l| l.slot == *s)
            .and_then(|l| how_short(v, l.expr, lang)),
        _ => None,
    }
}

/// The values behind a condition.
fn detail(v: &Verdict<'_>, id: ExprId, holds: Tri, lang: Lang) -> Option<String> {
    let p = v.program();
    let node = p.node(id)?;
    let is = |x: ExprId| {
        lang.fmt(
            format!("{} 为 {}", source_text(p, x), value_text(v, x, lang)),
            format!("{} is {}", source_text(p, x), value_text(v, x, lang)),
        )
    };
    match &node.kind {
        NodeKind::Meets(w, alts) => Some(pattern(v, *w, alts, lang).0),
        NodeKind::HasNo(w, mask) => Some(offending(v, *w, *mask, lang)),
        // Comparisons, membership and arithmetic: the values of the parts that are not constants.
        NodeKind::Binary(
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::NotIn
            | BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::Div,
            a,
            b,
        ) => {
            let parts: Vec<String> = [a, b]
                .into_iter()
                .filter(|x| !is_const(p, **x))
                .map(|x| is(*x))
                .collect();
            (!parts.is_empty()).then(|| parts.join(lang.pick(",", ", ")))
        }
        NodeKind::Has(a) => Some(is(*a)),
        NodeKind::Binary(BinOp::And, _, _) => {
            let mut ids = Vec::new();
            conjuncts(p, id, &mut ids);
            if holds == Tri::False {
                // The part that failed is the reason; the parts that held are not.
                let failed = ids
                    .into_iter()
                    .find(|c| v.probe(*c, &[]).map_or(Tri::False, Value::tri) == Tri::False)?;
                return detail(v, failed, Tri::False, lang).or_else(|| {
                    let t = source_text(p, failed);
                    Some(lang.fmt(format!("{t} 不成立"), format!("{t} does not hold")))
                });
            }
            let mut parts: Vec<String> = Vec::new();
            for c in ids.into_iter().filter(|c| !is_scope(p, *c)) {
                let t = v.probe(c, &[]).map_or(Tri::False, Value::tri);
                let Some(d) = detail(v, c, t, lang) else {
                    continue;
                };
                // Facts such as `转正日期 为 …` are said once.
                for fact in d.split(lang.pick(",", ", ")) {
                    if !parts.iter().any(|x| x == fact) {
                        parts.push(fact.to_string());
                    }
                }
            }
            (!parts.is_empty()).then(|| parts.join(lang.pick(",", ", ")))
        }
        NodeKind::Binary(BinOp::Or, _, _) => {
            let mut alts = Vec::new();
            disjuncts(p, id, &mut alts);
            let tri = |x: ExprId| v.probe(x, &[]).map_or(Tri::False, Value::tri);
            if holds == Tri::True {
                let first = alts.into_iter().find(|a| tri(*a) == Tri::True)?;
                let d = detail(v, first, Tri::True, lang);
                Some(lang.fmt(
                    format!(
                        "{} 成立{}",
                        source_text(p, first),
                        d.as_ref().map(|d| format!("({d})")).unwrap_or_default()
                    ),
                    format!(
                        "{} holds{}",
                        source_text(p, first),
                        d.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
                    ),
                ))
            } else {
                let parts: Vec<String> = alts
                    .into_iter()
                    .filter_map(|a| detail(v, a, tri(a), lang))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(lang.pick(";", "; ")))
            }
        }
        NodeKind::Not(a) => {
            let t = v.probe(*a, &[]).map_or(Tri::False, Value::tri);
            detail(v, *a, t, lang).or_else(|| {
                Some(lang.fmt(
                    format!("{} 为 {}", source_text(p, *a), tri_text(t, lang)),
                    format!("{} is {}", source_text(p, *a), tri_text(t, lang)),
                ))
            })
        }
        NodeKind::Slot(s) => {
            let l = p.lets.iter().find(|l| l.slot == *s)?;
            let d = detail(v, l.expr, holds, lang)?;
            (d != source_text(p, id)).then_some(d)
        }
        NodeKind::Quant(q @ (Quantifier::Any | Quantifier::First), _, list, cond) => {
            match witness(v, *q, *list, *cond, lang) {
                Some(w) => Some(w),
                None => Some(lang.fmt(
                    format!(
                        "{} 中没有满足 {} 的",
                        source_text(p, *list),
                        source_text(p, *cond)
                    ),
                    format!(
                        "nothing in {} meets {}",
                        source_text(p, *list),
                        source_text(p, *cond)
                    ),
                )),
            }
        }
        _ => None,
    }
}

/// Whether a failed condition only says an optional input was not given or a flag not set.
pub fn is_flag(p: &Program, id: ExprId) -> bool {
    matches!(
        p.node(id).map(|n| (&n.kind, &n.ty)),
        Some((NodeKind::Has(_), _) | (NodeKind::Field(_), Type::Bool))
    )
}

/// `是` / `否` / `待定`.
pub fn tri_text(t: Tri, lang: Lang) -> &'static str {
    match t {
        Tri::True => lang.pick("是", "yes"),
        Tri::False => lang.pick("否", "no"),
        Tri::Unknown(_) => lang.pick("待定", "pending"),
    }
}

fn level_name(p: &Program, scale: u16, rank: u8) -> String {
    p.schema
        .scale(scale)
        .and_then(|s| s.level(rank))
        .unwrap_or("?")
        .to_string()
}

/// The grades of a window and how many counted toward each threshold of a pattern.
fn pattern(
    v: &Verdict<'_>,
    w: ExprId,
    alts: &[Vec<(u32, u8)>],
    lang: Lang,
) -> (String, Option<String>) {
    let p = v.program();
    let wty = p.node(w).map_or(Type::Error, |n| n.ty.clone());
    let scale = wty.grades_scale().unwrap_or(0);
    let Ok(window) = v.probe(w, &[]) else {
        return (String::new(), None);
    };
    if let Value::Missing(_) = window {
        return (lang.pick("待定", "pending").to_string(), None);
    }
    let counts = crate::eval::grade_counts_of(window);
    let top = p
        .schema
        .scale(scale)
        .map_or(0, |s| s.levels.len().saturating_sub(1));
    let mut ranks: Vec<u8> = alts.iter().flatten().map(|&(_, r)| r).collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    ranks.dedup();
    let tallies: Vec<String> = ranks
        .iter()
        .map(|&r| {
            let n = crate::eval::at_or_above_of(&counts, r);
            let name = level_name(p, scale, r);
            if usize::from(r) == top {
                lang.fmt(format!("{name} {n} 个"), format!("{n} × {name}"))
            } else {
                lang.fmt(
                    format!("{name}及以上 {n} 个"),
                    format!("{n} at {name} or better"),
                )
            }
        })
        .collect();
    let detail = lang.fmt(
        format!(
            "{} —— {}",
            grades_text(p, &wty, window, lang),
            tallies.join(",")
        ),
        format!(
            "{} — {}",
            grades_text(p, &wty, window, lang),
            tallies.join(", ")
        ),
    );
    let short = alts
        .iter()
        .filter_map(|alt| {
            let gaps: Vec<(u32, u8)> = alt
                .iter()
                .filter_map(|&(need, r)| {
                    let have = crate::eval::at_or_above_of(&counts, r);
                    (have < need).then(|| (need - have, r))
                })
                .collect();
            let total: u32 = gaps.iter().map(|g| g.0).max().unwrap_or(0);
            (!gaps.is_empty()).then_some((total, gaps))
        })
        .min_by_key(|(total, _)| *total)
        .map(|(_, gaps)| {
            let parts: Vec<String> = gaps
                .iter()
                .map(|&(gap, r)| {
                    let name = level_name(p, scale, r);
                    if usize::from(r) == top {
                        lang.fmt(
                            format!("{name} 还差 {gap} 个"),
                            format!("{gap} more × {name}"),
                        )
                    } else {
                        lang.fmt(
                            format!("{name}及以上还差 {gap} 个"),
                            format!("{gap} more at {name} or better"),
                        )
                    }
                })
                .collect();
            parts.join(lang.pick(",", ", "))
        });
    (detail, short)
}

/// The months of a window graded at one of the excluded levels.
fn offending(v: &Verdict<'_>, w: ExprId, mask: u64, lang: Lang) -> String {
    let p = v.program();
    let wty = p.node(w).map_or(Type::Error, |n| n.ty.clone());
    let scale = wty.grades_scale().unwrap_or(0);
    let entries = match v.probe(w, &[]) {
        Ok(Value::Window(m, lo, hi)) => m.range(lo, hi),
        Ok(Value::Map(m)) => m.entries(),
        _ => return String::new(),
    };
    let bad: Vec<String> = entries
        .iter()
        .filter_map(|(m, g)| match g {
            crate::value::FieldValue::Grade(r) if mask & (1u64 << r) != 0 => {
                Some(format!("{m} {}", level_name(p, scale, *r)))
            }
            _ => None,
        })
        .collect();
    let names: Vec<String> = (0..64u8)
        .rev()
        .filter(|r| mask & (1u64 << r) != 0)
        .map(|r| level_name(p, scale, r))
        .collect();
    if bad.is_empty() {
        lang.fmt(
            format!("没有 {}", names.join("、")),
            format!("no {}", names.join(", ")),
        )
    } else {
        lang.fmt(
            format!("有 {}", bad.join("、")),
            format!("found {}", bad.join(", ")),
        )
    }
}

/// How far `a op b` is from holding.
fn shortfall(v: &Verdict<'_>, op: BinOp, a: ExprId, b: ExprId, lang: Lang) -> Option<String> {
    let (x, y) = (v.probe(a, &[]).ok()?, v.probe(b, &[]).ok()?);
    // A strict comparison needs one more unit where values are whole (counts, days, rungs).
    let unit = match v.program().node(a).map(|n| &n.ty) {
        Some(Type::Int) => crate::value::Num::SCALE,
        Some(Type::Number) => 0,
        _ => 1,
    };
    if op == BinOp::Lt && x.ordinal().is_some() && x.ordinal() == y.ordinal() {
        return Some(lang.pick("恰好相等", "exactly equal").to_string());
    }
    let gap = match op {
        BinOp::Ge => diff(y, x, 0),
        BinOp::Gt => diff(y, x, unit),
        BinOp::Le | BinOp::Lt => diff(x, y, 0),
        _ => None,
    }?;
    let amount = match x {
        Value::Date(_) => days_text(gap, lang),
        Value::Month(_) => lang.fmt(format!("{gap} 个月"), format!("{gap} months")),
        Value::Rung(_) => lang.fmt(format!("{gap} 个小级"), format!("{gap} steps")),
        Value::Num(_) => {
            let n = crate::value::Num::from_raw(gap);
            n.to_string()
        }
        _ => gap.to_string(),
    };
    Some(match op {
        BinOp::Ge | BinOp::Gt => lang.fmt(format!("还差 {amount}"), format!("short by {amount}")),
        _ => lang.fmt(format!("超出 {amount}"), format!("over by {amount}")),
    })
}

/// `to - from + extra` in the values' units (days, months, 小级, millionths of a number).
fn diff(to: Value<'_>, from: Value<'_>, extra: i64) -> Option<i64> {
    let d = to
        .ordinal()?
        .checked_sub(from.ordinal()?)?
        .checked_add(extra)?;
    (d > 0).then_some(d)
}

/// The first element that met a quantifier's condition.
fn witness(
    v: &Verdict<'_>,
    q: Quantifier,
    list: ExprId,
    cond: ExprId,
    lang: Lang,
) -> Option<String> {
    let p = v.program();
    let found = v.probe_first(list, cond).ok().flatten()?;
    let ety = p
        .node(list)
        .and_then(|n| n.ty.element())
        .unwrap_or(Type::Error);
    let shown = to_text(p, &ety, found, lang);
    Some(match q {
        Quantifier::First => lang.fmt(format!("最早为 {shown}"), format!("first: {shown}")),
        _ => lang.fmt(format!("如 {shown}"), format!("e.g. {shown}")),
    })
}
