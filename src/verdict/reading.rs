//! Verdict stage: a record's evaluation read rule by rule for a writer that keeps no trace (a
//! notice written straight from the evaluation): each rule's status, the parts of its
//! condition and requirement (`verdict::plan`), and the evidence behind a condition handed to
//! the writer piece by piece as [`evidence`](super::evidence::evidence) would report it, all
//! through one context for the record's probes.

use std::borrow::Cow;

use crate::eval::{Tri, Verdict};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Program};

use super::evidence::{evidence, grades, seen_value, shortfall_of, tri, Probe};
pub(crate) use super::evidence::{Entry, Grades};
use super::kinds::{is_const, is_scope, is_valued, quoted_ref};
use super::plan::{self, RulePlan};
use super::{Evidence, RuleStatus, Shortfall, Value};

/// Takes the evidence behind a condition, piece by piece, in the order a report lists it.
pub(crate) trait Sink {
    /// A value seen (a part of a comparison that is not a constant): the expression as the
    /// policy writes it and its value (an [`Evidence::Values`] entry).
    fn seen(&mut self, expr: &str, value: &Value);
    /// A window's grades and what counted toward a pattern (an [`Evidence::Grades`]).
    fn grades(&mut self, g: &Grades<'_>);
    /// Evidence of any other kind, whole.
    fn evidence(&mut self, e: &Evidence);
    /// Where the sink stands, for [`Sink::alternative`].
    fn mark(&self) -> usize;
    /// The evidence since `mark` was that of the alternative of a `或` that holds, `holds` (an
    /// [`Evidence::Alternative`]).
    fn alternative(&mut self, mark: usize, holds: &str);
}

/// What kind of evidence a condition has, as far as a notice asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// None.
    None,
    /// A window's grades ([`Evidence::Grades`]).
    Grades,
    /// Values seen ([`Evidence::Values`]); `absent`: each of them absent or without a value.
    Values {
        /// Whether every value seen is absent or has no value.
        absent: bool,
    },
    /// Any other.
    Other,
}

impl Kind {
    fn of(e: &Evidence) -> Kind {
        match e {
            Evidence::None => Kind::None,
            Evidence::Grades { .. } => Kind::Grades,
            Evidence::Values { seen } => Kind::Values {
                absent: seen.iter().all(|s| absent(&s.value)),
            },
            _ => Kind::Other,
        }
    }
}

fn absent(v: &Value) -> bool {
    matches!(v, Value::None | Value::Absent)
}

/// A record's evaluation, read for a notice.
pub(crate) struct Reading<'v, 'a> {
    probe: Probe<'v, 'a>,
}

impl<'v, 'a> Reading<'v, 'a> {
    /// Reads `v`.
    pub(crate) fn new(v: &'v Verdict<'a>) -> Self {
        Reading {
            probe: Probe::new(v),
        }
    }

    /// The evaluation.
    pub(crate) fn verdict(&self) -> &'v Verdict<'a> {
        self.probe.verdict()
    }

    /// The program.
    pub(crate) fn program(&self) -> &'a Program {
        self.probe.program()
    }

    /// What became of rule `r`.
    pub(crate) fn status(&self, r: usize) -> RuleStatus {
        super::trace::status(&self.probe, r).0
    }

    /// What explanations read of rule `r`.
    pub(crate) fn plan(&self, r: usize) -> &'a RulePlan {
        plan::of(self.program(), r)
    }

    /// Whether a notice leaves unsaid why rule `r` did not fire (see `trace::untold`).
    pub(crate) fn untold(&self, r: usize) -> bool {
        super::trace::untold(&self.probe, r)
    }

    /// Whether a condition holds for the record.
    pub(crate) fn holds(&self, id: ExprId) -> Tri {
        tri(&self.probe, id)
    }

    /// The first of `parts` that does not hold (or is pending).
    pub(crate) fn first_failing<'p>(&self, parts: &'p [plan::Part]) -> Option<&'p plan::Part> {
        super::trace::first_failing(&self.probe, parts)
    }

    /// A node's text as the policy writes it, on one line.
    pub(crate) fn text(&self, id: ExprId) -> Cow<'a, str> {
        quoted_ref(self.program(), id)
    }

    /// How far a condition that does not hold fell short, and what the alternative measured
    /// compares or counts (see [`super::Condition::measures_subject`]).
    pub(crate) fn shortfall(&self, id: ExprId) -> Option<(Shortfall, Option<String>)> {
        shortfall_of(&self.probe, id)
    }

    /// Hands the evidence behind condition `id` (whose truth is `holds`) to `sink`, as
    /// [`evidence`] reports it; what kind it is.
    pub(crate) fn evidence(&self, id: ExprId, holds: Tri, sink: &mut impl Sink) -> Kind {
        walk(&self.probe, id, holds, sink)
    }
}

/// Calls `f` on each part of `id` split at `op` (as `kinds::conjuncts` lists them) until it
/// returns true; whether it did.
fn any_part(p: &Program, id: ExprId, op: BinOp, f: &mut impl FnMut(ExprId) -> bool) -> bool {
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Binary(o, a, b)) if *o == op => {
            any_part(p, *a, op, f) || any_part(p, *b, op, f)
        }
        _ => f(id),
    }
}

/// The evidence of [`evidence`], handed to `sink` instead of built: the values seen and the
/// parts of `且` and `或` walked in place; other kinds built as [`evidence`] builds them.
fn walk(v: &Probe<'_, '_>, id: ExprId, holds_now: Tri, sink: &mut impl Sink) -> Kind {
    let p = v.program();
    let Some(node) = p.node(id) else {
        return Kind::None;
    };
    match &node.kind {
        NodeKind::Binary(op, a, b) if is_valued(*op) => {
            seen(v, [*a, *b].into_iter().filter(|x| !is_const(p, *x)), sink)
        }
        NodeKind::Has(a) => seen(v, [*a].into_iter(), sink),
        NodeKind::Binary(BinOp::And, _, _) if holds_now == Tri::False => {
            // The part that failed is the reason.
            let mut failed = None;
            any_part(p, id, BinOp::And, &mut |c| {
                let no = tri(v, c) == Tri::False;
                if no {
                    failed = Some(c);
                }
                no
            });
            match failed.map(|f| walk(v, f, Tri::False, sink)) {
                None => Kind::None,
                // `Evidence::Failed`: the part, without values.
                Some(Kind::None) => Kind::Other,
                Some(k) => k,
            }
        }
        NodeKind::Binary(BinOp::And, _, _) => {
            let mut any = false;
            any_part(p, id, BinOp::And, &mut |c| {
                if !is_scope(p, c) {
                    any |= walk(v, c, tri(v, c), sink) != Kind::None;
                }
                false
            });
            if any {
                Kind::Other
            } else {
                Kind::None
            }
        }
        NodeKind::Binary(BinOp::Or, _, _) if holds_now == Tri::True => {
            let mut first = None;
            any_part(p, id, BinOp::Or, &mut |a| {
                let yes = tri(v, a) == Tri::True;
                if yes {
                    first = Some(a);
                }
                yes
            });
            let Some(first) = first else {
                return Kind::None;
            };
            let mark = sink.mark();
            walk(v, first, Tri::True, sink);
            sink.alternative(mark, &quoted_ref(p, first));
            Kind::Other
        }
        NodeKind::Binary(BinOp::Or, _, _) => {
            let mut any = false;
            any_part(p, id, BinOp::Or, &mut |a| {
                any |= walk(v, a, tri(v, a), sink) != Kind::None;
                false
            });
            if any {
                Kind::Other
            } else {
                Kind::None
            }
        }
        NodeKind::Slot(s) => match p.lets.iter().find(|l| l.slot == *s) {
            Some(l) => walk(v, l.expr, holds_now, sink),
            None => Kind::None,
        },
        NodeKind::Meets(w, alts) => match grades(v, *w, alts) {
            Some(g) => {
                sink.grades(&g);
                Kind::Grades
            }
            None => whole(v, id, holds_now, sink),
        },
        NodeKind::HasNo(..) | NodeKind::Not(_) | NodeKind::Quant(..) => {
            whole(v, id, holds_now, sink)
        }
        _ => Kind::None,
    }
}

/// The evidence of `id`, built as [`evidence`] builds it and handed to `sink` whole.
fn whole(v: &Probe<'_, '_>, id: ExprId, holds_now: Tri, sink: &mut impl Sink) -> Kind {
    let e = evidence(v, id, holds_now);
    sink.evidence(&e);
    Kind::of(&e)
}

/// The values of `parts`, each handed to `sink` as seen.
fn seen(v: &Probe<'_, '_>, parts: impl Iterator<Item = ExprId>, sink: &mut impl Sink) -> Kind {
    let mut kind = Kind::None;
    for x in parts {
        let value = seen_value(v, x);
        let now = absent(&value);
        kind = match kind {
            Kind::Values { absent } => Kind::Values {
                absent: absent && now,
            },
            _ => Kind::Values { absent: now },
        };
        sink.seen(&quoted_ref(v.program(), x), &value);
    }
    kind
}
