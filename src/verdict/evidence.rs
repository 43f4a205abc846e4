//! Verdict stage: why a condition holds or not, as data. Probes the evaluation for the values
//! behind each condition: the window's grades and what counted toward a pattern, the values
//! compared, and for a failed condition how far it fell short.

use std::cell::RefCell;
use std::ops::Deref;

use crate::calendar::Period;
use crate::eval::{self, Prober, Tri, Verdict};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Quantifier};
use crate::program::{Program, Type};
use crate::value::{FieldValue, Num};

use super::kinds::{
    conjuncts, disjuncts, is_const, is_context, is_flag, is_scope, is_valued, source_text,
};
use super::value::{grade_ref, inner, level_name, level_ref};
use super::{Amount, Condition, Counted, Evidence, Graded, Seen, Shortfall, Unit, Value};

/// A verdict probed for an explanation: every probe without locals through one context
/// ([`Verdict::prober`]), so that a definition computed for one probe is not computed again
/// for the next; the verdict's other questions as [`Verdict`] answers them.
pub(super) struct Probe<'v, 'a> {
    verdict: &'v Verdict<'a>,
    prober: RefCell<Prober<'v, 'a>>,
}

impl<'v, 'a> Probe<'v, 'a> {
    pub(super) fn new(verdict: &'v Verdict<'a>) -> Self {
        Probe {
            verdict,
            prober: RefCell::new(verdict.prober()),
        }
    }

    /// The evaluation.
    pub(super) fn verdict(&self) -> &'v Verdict<'a> {
        self.verdict
    }

    /// The value of a node, as [`Verdict::probe`] gives it.
    pub(super) fn probe(
        &self,
        id: ExprId,
        locals: &[eval::Value<'a>],
    ) -> Result<eval::Value<'a>, eval::EvalError> {
        if locals.is_empty() {
            if let Ok(mut p) = self.prober.try_borrow_mut() {
                return p.probe(id);
            }
        }
        self.verdict.probe(id, locals)
    }
}

impl<'a> Deref for Probe<'_, 'a> {
    type Target = Verdict<'a>;

    fn deref(&self) -> &Verdict<'a> {
        self.verdict
    }
}

/// A condition's truth for the record (an evaluation error counts as false).
pub(super) fn tri(v: &Probe<'_, '_>, id: ExprId) -> Tri {
    v.probe(id, &[]).map_or(Tri::False, eval::Value::tri)
}

/// A truth value as data: `None` when pending.
pub(super) fn holds(t: Tri) -> Option<bool> {
    match t {
        Tri::True => Some(true),
        Tri::False => Some(false),
        Tri::Unknown(_) => None,
    }
}

/// A node's value as seen in an explanation: an absent input is [`Value::Absent`].
pub(super) fn seen_value(v: &Probe<'_, '_>, id: ExprId) -> Value {
    let p = v.program();
    let ty = p.node(id).map_or(Type::Error, |n| n.ty.clone());
    match v.probe(id, &[]) {
        Ok(eval::Value::Missing(_))
            if matches!(p.node(id).map(|n| &n.kind), Some(NodeKind::Field(_))) =>
        {
            Value::Absent
        }
        Ok(x) => Value::of(p, &ty, x),
        Err(e) => Value::Error(e.kind),
    }
}

fn seen(v: &Probe<'_, '_>, id: ExprId) -> Seen {
    Seen {
        expr: source_text(v.program(), id),
        value: seen_value(v, id),
    }
}

/// Reports one condition.
pub(super) fn condition(v: &Probe<'_, '_>, id: ExprId) -> Condition {
    let p = v.program();
    let t = tri(v, id);
    let short = if t == Tri::False {
        how_short(v, id, false)
    } else {
        None
    };
    let part = short.as_ref().and_then(|(_, part)| *part);
    let measures = part.map(|part| source_text(p, part));
    let measures_subject = part.and_then(|part| subject(p, part));
    Condition {
        text: source_text(p, id),
        holds: holds(t),
        evidence: evidence(v, id, t),
        shortfall: short.map(|(s, _)| s),
        measures,
        measures_subject,
        scope: is_scope(p, id),
        flag: is_flag(p, id),
        context: is_context(p, id),
    }
}

/// What the alternative a shortfall measures compares or counts (its left side), when that is a
/// plain name (`目标职级`, `前6个月`).
fn subject(p: &Program, part: ExprId) -> Option<String> {
    match p.node(part).map(|n| &n.kind) {
        Some(NodeKind::Binary(_, a, _) | NodeKind::Meets(a, _)) => Some(source_text(p, *a)),
        _ => None,
    }
    .filter(|s| {
        s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    })
}

/// How far a condition that does not hold (`holds` false) fell short, with what the
/// alternative measured compares or counts, as [`condition`] reports them.
pub(super) fn shortfall_of(v: &Probe<'_, '_>, id: ExprId) -> Option<(Shortfall, Option<String>)> {
    let (short, part) = how_short(v, id, false)?;
    Some((short, part.and_then(|part| subject(v.program(), part))))
}

/// How far a failed condition fell short: the pattern's missing grades, the comparison's gap,
/// or, inside `或`, `且` and definitions, the first part's that has one. Below a `或`
/// (`in_or`), the part measured is named with it: the gap is that alternative's only.
fn how_short(v: &Probe<'_, '_>, id: ExprId, in_or: bool) -> Option<(Shortfall, Option<ExprId>)> {
    let p = v.program();
    let own = |s: Option<Shortfall>| s.map(|s| (s, in_or.then_some(id)));
    match p.node(id).map(|n| &n.kind)? {
        NodeKind::Meets(w, alts) => own(pattern_short(v, *w, alts)),
        NodeKind::Binary(op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge), a, b) => {
            own(shortfall(v, *op, *a, *b))
        }
        NodeKind::Binary(BinOp::Or, _, _) => {
            let mut alts = Vec::new();
            disjuncts(p, id, &mut alts);
            alts.into_iter().find_map(|a| how_short(v, a, true))
        }
        NodeKind::Binary(BinOp::And, _, _) => {
            let mut parts = Vec::new();
            conjuncts(p, id, &mut parts);
            parts
                .into_iter()
                .filter(|x| tri(v, *x) == Tri::False)
                .find_map(|x| how_short(v, x, in_or))
        }
        NodeKind::Slot(s) => p
            .lets
            .iter()
            .find(|l| l.slot == *s)
            .and_then(|l| how_short(v, l.expr, in_or)),
        _ => None,
    }
}

/// The values behind a condition.
pub(super) fn evidence(v: &Probe<'_, '_>, id: ExprId, holds_now: Tri) -> Evidence {
    let p = v.program();
    let Some(node) = p.node(id) else {
        return Evidence::None;
    };
    match &node.kind {
        NodeKind::Meets(w, alts) => pattern(v, *w, alts),
        NodeKind::HasNo(w, mask) => excluded(v, *w, *mask),
        // Comparisons, membership and arithmetic: the values of the parts that are not constants.
        NodeKind::Binary(op, a, b) if is_valued(*op) => {
            let seen: Vec<Seen> = [a, b]
                .into_iter()
                .filter(|x| !is_const(p, **x))
                .map(|x| seen(v, *x))
                .collect();
            if seen.is_empty() {
                Evidence::None
            } else {
                Evidence::Values { seen }
            }
        }
        NodeKind::Has(a) => Evidence::Values {
            seen: vec![seen(v, *a)],
        },
        NodeKind::Binary(BinOp::And, _, _) => {
            let mut ids = Vec::new();
            conjuncts(p, id, &mut ids);
            if holds_now == Tri::False {
                // The part that failed is the reason; the parts that held are not.
                let Some(failed) = ids.into_iter().find(|c| tri(v, *c) == Tri::False) else {
                    return Evidence::None;
                };
                return match evidence(v, failed, Tri::False) {
                    Evidence::None => Evidence::Failed {
                        part: source_text(p, failed),
                    },
                    e => e,
                };
            }
            let parts: Vec<Evidence> = ids
                .into_iter()
                .filter(|c| !is_scope(p, *c))
                .map(|c| evidence(v, c, tri(v, c)))
                .filter(|e| !e.is_none())
                .collect();
            if parts.is_empty() {
                Evidence::None
            } else {
                Evidence::All { parts }
            }
        }
        NodeKind::Binary(BinOp::Or, _, _) => {
            let mut alts = Vec::new();
            disjuncts(p, id, &mut alts);
            if holds_now == Tri::True {
                let Some(first) = alts.into_iter().find(|a| tri(v, *a) == Tri::True) else {
                    return Evidence::None;
                };
                Evidence::Alternative {
                    holds: source_text(p, first),
                    evidence: Box::new(evidence(v, first, Tri::True)),
                }
            } else {
                let parts: Vec<Evidence> = alts
                    .into_iter()
                    .map(|a| evidence(v, a, tri(v, a)))
                    .filter(|e| !e.is_none())
                    .collect();
                if parts.is_empty() {
                    Evidence::None
                } else {
                    Evidence::Alternatives { parts }
                }
            }
        }
        NodeKind::Not(a) => {
            let t = tri(v, *a);
            match evidence(v, *a, t) {
                Evidence::None => Evidence::Negated {
                    operand: source_text(p, *a),
                    holds: holds(t),
                },
                e => e,
            }
        }
        NodeKind::Slot(s) => match p.lets.iter().find(|l| l.slot == *s) {
            Some(l) => evidence(v, l.expr, holds_now),
            None => Evidence::None,
        },
        NodeKind::Quant(q @ (Quantifier::Any | Quantifier::First), _, list, cond) => {
            let ety = p
                .node(*list)
                .and_then(|n| n.ty.element())
                .unwrap_or(Type::Error);
            match v.probe_first(*list, *cond).ok().flatten() {
                Some(found) => Evidence::Found {
                    first: *q == Quantifier::First,
                    value: Value::of(p, &ety, found),
                },
                None => Evidence::NotFound {
                    list: source_text(p, *list),
                    condition: source_text(p, *cond),
                },
            }
        }
        _ => Evidence::None,
    }
}

/// The grades of a window and how many counted toward each threshold of a pattern (for a
/// pattern not met, the grades it still needs: [`pattern_short`]).
fn pattern(v: &Probe<'_, '_>, w: ExprId, alts: &[Vec<(u32, u8)>]) -> Evidence {
    let p = v.program();
    let wty = p.node(w).map_or(Type::Error, |n| n.ty.clone());
    let scale = wty.grades_scale().unwrap_or(0);
    let Ok(window) = v.probe(w, &[]) else {
        return Evidence::None;
    };
    if let eval::Value::Missing(_) = window {
        return Evidence::PendingWindow;
    }
    let counts = eval::grade_counts_of(window);
    let counted = counted(p, scale, alts, &counts)
        .map(|(r, or_better, count)| Counted {
            level: level_name(p, scale, r),
            or_better,
            count,
        })
        .collect();
    Evidence::Grades {
        window: Value::of(p, &wty, window),
        counted,
    }
}

/// The grades a pattern not met still needs, as [`pattern`] finds them, without its evidence.
fn pattern_short(v: &Probe<'_, '_>, w: ExprId, alts: &[Vec<(u32, u8)>]) -> Option<Shortfall> {
    let p = v.program();
    let scale = p.node(w).and_then(|n| n.ty.grades_scale()).unwrap_or(0);
    match v.probe(w, &[]).ok()? {
        eval::Value::Missing(_) => None,
        window => short_of(p, scale, alts, &eval::grade_counts_of(window)),
    }
}

/// The grades a pattern not met still needs (the alternative closest to holding), from how
/// many grades the window has at each rank or better (`counts`).
fn short_of(
    p: &Program,
    scale: u16,
    alts: &[Vec<(u32, u8)>],
    counts: &[u32; 64],
) -> Option<Shortfall> {
    let top = top_rank(p, scale);
    alts.iter()
        .filter_map(|alt| {
            let gaps: Vec<(u32, u8)> = alt
                .iter()
                .filter_map(|&(need, r)| {
                    let have = eval::at_or_above_of(counts, r);
                    (have < need).then(|| (need - have, r))
                })
                .collect();
            let total: u32 = gaps.iter().map(|g| g.0).max().unwrap_or(0);
            (!gaps.is_empty()).then_some((total, gaps))
        })
        .min_by_key(|(total, _)| *total)
        .map(|(_, gaps)| Shortfall::Short {
            amounts: gaps
                .iter()
                .map(|&(gap, r)| Amount {
                    amount: Value::Num(Num::from_int(i64::from(gap)).unwrap_or(Num::ZERO)),
                    unit: Unit::Grades {
                        level: level_name(p, scale, r),
                        or_better: usize::from(r) != top,
                    },
                })
                .collect(),
        })
}

/// The highest rank of a scale.
fn top_rank(p: &Program, scale: u16) -> usize {
    p.schema
        .scale(scale)
        .map_or(0, |s| s.levels.len().saturating_sub(1))
}

/// The thresholds of a pattern's alternatives, best first, each once: its rank, whether
/// better levels count too (not for the scale's top), and how many of the window's grades
/// (`counts`) are at it or better.
fn counted<'c>(
    p: &Program,
    scale: u16,
    alts: &[Vec<(u32, u8)>],
    counts: &'c [u32; 64],
) -> impl Iterator<Item = (u8, bool, u32)> + 'c {
    let top = top_rank(p, scale);
    let mut ranks: Vec<u8> = alts.iter().flatten().map(|&(_, r)| r).collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    ranks.dedup();
    ranks
        .into_iter()
        .map(move |r| (r, usize::from(r) != top, eval::at_or_above_of(counts, r)))
}

/// A window's grades and what counted toward a pattern, borrowed from the evaluation: what
/// [`Evidence::Grades`] holds, for a writer that keeps no copy.
pub(crate) struct Grades<'a> {
    program: &'a Program,
    /// The type of the window's grades.
    ety: Type,
    /// The window's first and last months; none for a map without entries.
    pub(crate) span: Option<(Period, Period)>,
    entries: &'a [(Period, FieldValue)],
    /// Each threshold: its level, whether better levels count too, and how many counted.
    pub(crate) counted: Vec<(&'a str, bool, u32)>,
}

/// A month's grade in a [`Grades`].
pub(crate) enum Entry<'a> {
    /// A level, by name.
    Level(&'a str),
    /// Any other value, as [`Evidence::Grades`] holds it.
    Value(Value),
}

impl<'a> Grades<'a> {
    /// How many months from `lo` to `hi` have an entry.
    pub(crate) fn given(&self, (lo, hi): (Period, Period)) -> usize {
        let inside = |m: &Period| lo <= *m && *m <= hi;
        self.entries.iter().filter(|(m, _)| inside(m)).count()
    }

    /// The entry of month `m`, if it has one.
    pub(crate) fn entry(&self, m: Period) -> Option<Entry<'a>> {
        let (_, x) = self.entries.iter().find(|(k, _)| *k == m)?;
        let level = match x {
            FieldValue::Grade(g) => grade_ref(self.program, &self.ety, *g),
            _ => None,
        };
        Some(match level {
            Some(l) => Entry::Level(l),
            None => Entry::Value(Value::field(self.program, &self.ety, x)),
        })
    }
}

/// The grades of window `w` and what counted toward the pattern `alts`, as [`pattern`]
/// reports them in an [`Evidence::Grades`]; none where it reports anything else.
pub(super) fn grades<'a>(
    v: &Probe<'_, 'a>,
    w: ExprId,
    alts: &[Vec<(u32, u8)>],
) -> Option<Grades<'a>> {
    let p = v.program();
    let wty = p.node(w).map_or(Type::Error, |n| n.ty.clone());
    let scale = wty.grades_scale().unwrap_or(0);
    let window = v.probe(w, &[]).ok()?;
    let (span, entries) = match window {
        eval::Value::Window(m, lo, hi) => (Some((lo, hi)), m.range(lo, hi)),
        eval::Value::Map(m) => {
            let entries = m.entries();
            let span = entries.first().zip(entries.last()).map(|(a, b)| (a.0, b.0));
            (span, entries)
        }
        _ => return None,
    };
    let counts = eval::grade_counts_of(window);
    let counted = counted(p, scale, alts, &counts)
        .map(|(r, or_better, count)| (level_ref(p, scale, r), or_better, count))
        .collect();
    Some(Grades {
        program: p,
        ety: inner(&wty),
        span,
        entries,
        counted,
    })
}

/// The months of a window graded at one of the excluded levels.
fn excluded(v: &Probe<'_, '_>, w: ExprId, mask: u64) -> Evidence {
    let p = v.program();
    let wty = p.node(w).map_or(Type::Error, |n| n.ty.clone());
    let scale = wty.grades_scale().unwrap_or(0);
    let entries = match v.probe(w, &[]) {
        Ok(eval::Value::Window(m, lo, hi)) => m.range(lo, hi),
        Ok(eval::Value::Map(m)) => m.entries(),
        Ok(eval::Value::Missing(_)) => return Evidence::PendingWindow,
        _ => return Evidence::None,
    };
    let found = entries
        .iter()
        .filter_map(|(m, g)| match g {
            FieldValue::Grade(r) if mask & (1u64 << r) != 0 => Some(Graded {
                month: *m,
                level: level_name(p, scale, *r),
            }),
            _ => None,
        })
        .collect();
    let levels = (0..64u8)
        .rev()
        .filter(|r| mask & (1u64 << r) != 0)
        .map(|r| level_name(p, scale, r))
        .collect();
    Evidence::Excluded { levels, found }
}

/// How far `a op b` is from holding.
fn shortfall(v: &Probe<'_, '_>, op: BinOp, a: ExprId, b: ExprId) -> Option<Shortfall> {
    let (x, y) = (v.probe(a, &[]).ok()?, v.probe(b, &[]).ok()?);
    // A strict comparison needs one more unit where values are whole (counts, days, rungs).
    let step = match v.program().node(a).map(|n| &n.ty) {
        Some(Type::Int) => Num::SCALE,
        Some(Type::Number) => 0,
        _ => 1,
    };
    if op == BinOp::Lt && x.ordinal().is_some() && x.ordinal() == y.ordinal() {
        return Some(Shortfall::Equal);
    }
    let gap = match op {
        BinOp::Ge => diff(y, x, 0),
        BinOp::Gt => diff(y, x, step),
        BinOp::Le | BinOp::Lt => diff(x, y, 0),
        _ => None,
    }?;
    let whole = |n: i64| Value::Num(Num::from_int(n).unwrap_or(Num::ZERO));
    let amount = match x {
        eval::Value::Date(_) => Amount {
            amount: whole(gap),
            unit: Unit::Days,
        },
        eval::Value::Month(_) => Amount {
            amount: whole(gap),
            unit: Unit::Months,
        },
        eval::Value::Quarter(_) => Amount {
            amount: whole(gap),
            unit: Unit::Quarters,
        },
        eval::Value::Rung(_) => Amount {
            amount: whole(gap),
            unit: Unit::Steps,
        },
        eval::Value::Num(_) => Amount {
            amount: Value::Num(Num::from_raw(gap)),
            unit: Unit::Number,
        },
        _ => Amount {
            amount: whole(gap),
            unit: Unit::Number,
        },
    };
    Some(match op {
        BinOp::Ge | BinOp::Gt => Shortfall::Short {
            amounts: vec![amount],
        },
        _ => Shortfall::Over { amount },
    })
}

/// `to - from + extra` in the values' units (days, months, 小级, millionths of a number).
fn diff(to: eval::Value<'_>, from: eval::Value<'_>, extra: i64) -> Option<i64> {
    let d = to
        .ordinal()?
        .checked_sub(from.ordinal()?)?
        .checked_add(extra)?;
    (d > 0).then_some(d)
}
