//! Verdict stage: what kind of condition a node is, as explanations sort them (whom a rule is
//! for, a flag, context rather than a reason), and the policy's text for a node.

use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Program, Type};

/// The conjuncts of a condition (`a 且 b 且 c` → a, b, c).
pub(super) fn conjuncts(p: &Program, id: ExprId, out: &mut Vec<ExprId>) {
    split(p, id, BinOp::And, out);
}

pub(super) fn disjuncts(p: &Program, id: ExprId, out: &mut Vec<ExprId>) {
    split(p, id, BinOp::Or, out);
}

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
    p.quoted(id, || quote(p, id))
}

/// The policy's text for a node, on one line, borrowed from the program once made.
pub(super) fn quoted_ref(p: &Program, id: ExprId) -> std::borrow::Cow<'_, str> {
    p.quoted_ref(id, || quote(p, id))
}

fn quote(p: &Program, id: ExprId) -> String {
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

/// Whether a node is another outcome field that rules set (a consequence explained where it is
/// set). An outcome computed by its own expression alone (a sum, a table's entry, a rank) is a
/// fact about the person, unless that expression reads an outcome that rules set.
fn is_derived(p: &Program, id: ExprId) -> bool {
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Slot(s)) if !p.lets.iter().any(|l| l.slot == *s) => derived_slot(p, *s, 0),
        _ => false,
    }
}

/// How deep [`derived_slot`] follows outcomes computed from others.
const DEPTH: usize = 32;

fn derived_slot(p: &Program, slot: usize, depth: usize) -> bool {
    let Some(f) = p
        .decisions
        .iter()
        .flat_map(|d| &d.fields)
        .find(|f| f.slot == slot)
    else {
        // Not an outcome field: a step's result, explained where it is made.
        return true;
    };
    if !f.setters.is_empty() || !f.bounds.is_empty() || f.is_requirement() {
        return true;
    }
    depth < DEPTH && f.default.is_some_and(|e| reads_derived(p, e, depth + 1))
}

/// Whether an expression reads, directly or through definitions, an outcome that rules set.
fn reads_derived(p: &Program, id: ExprId, depth: usize) -> bool {
    let Some(n) = p.node(id) else {
        return false;
    };
    match &n.kind {
        NodeKind::Slot(s) => match p.lets.iter().find(|l| l.slot == *s) {
            Some(l) => depth < DEPTH && reads_derived(p, l.expr, depth + 1),
            None => derived_slot(p, *s, depth),
        },
        kind => kind
            .operands()
            .into_iter()
            .any(|x| reads_derived(p, x, depth)),
    }
}

/// Whether an operator compares, tests membership or computes (its evidence: the values of
/// the parts that are not constants).
pub(super) fn is_valued(op: BinOp) -> bool {
    matches!(
        op,
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
            | BinOp::Div
    )
}

/// Whether a node is a constant or a parameter.
pub(super) fn is_const(p: &Program, id: ExprId) -> bool {
    matches!(
        p.node(id).map(|n| &n.kind),
        Some(NodeKind::Const(_) | NodeKind::Param(_))
    )
}

/// Whether a failed condition only says an optional input was not given or a flag not set.
pub fn is_flag(p: &Program, id: ExprId) -> bool {
    matches!(
        p.node(id).map(|n| (&n.kind, &n.ty)),
        Some((NodeKind::Has(_), _) | (NodeKind::Field(_), Type::Bool))
    )
}
