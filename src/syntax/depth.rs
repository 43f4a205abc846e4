//! Syntax stage: the nesting and chain limits, checked on each built expression without
//! recursion, so that later stages can walk the tree safely.

use crate::limits::{MAX_CHAIN, MAX_NESTING};

use super::ast::{BinOp, Expr, ExprKind};
use super::error::{SyntaxError, SyntaxErrorKind};

/// Operators that fold into one flat chain: a run of them is one level, however long.
fn chain_class(op: BinOp) -> Option<u8> {
    match op {
        BinOp::Or => Some(0),
        BinOp::And => Some(1),
        BinOp::Add | BinOp::Sub => Some(2),
        BinOp::Mul | BinOp::Div => Some(3),
        BinOp::Otherwise => Some(4),
        _ => None,
    }
}

/// The first place where an expression nests deeper than [`MAX_NESTING`] levels, or where its
/// tree, chains counted operand by operand, gets deeper than [`MAX_CHAIN`].
pub(super) fn check(root: &Expr) -> Option<SyntaxError> {
    // Each entry: the node, its nesting level, and its depth in the tree.
    let mut stack: Vec<(&Expr, usize, usize)> = vec![(root, 1, 1)];
    while let Some((e, level, depth)) = stack.pop() {
        if level > MAX_NESTING {
            return Some(SyntaxError {
                span: e.span,
                kind: SyntaxErrorKind::TooDeep(MAX_NESTING),
            });
        }
        let too_long = || {
            Some(SyntaxError {
                span: e.span,
                kind: SyntaxErrorKind::TooLong(MAX_CHAIN),
            })
        };
        if depth > MAX_CHAIN {
            return too_long();
        }
        let next = level + 1;
        match &e.node {
            ExprKind::Binary(op, ..) if chain_class(*op).is_some() => {
                let class = chain_class(*op);
                let mut spine = depth;
                let mut cur = e;
                while let ExprKind::Binary(op, l, r) = &cur.node {
                    if chain_class(*op) != class {
                        break;
                    }
                    spine += 1;
                    if spine > MAX_CHAIN {
                        return too_long();
                    }
                    stack.push((r, next, spine));
                    cur = l;
                }
                stack.push((cur, next, spine));
            }
            ExprKind::Member(..) | ExprKind::Index(..) => {
                let mut spine = depth;
                let mut cur = e;
                loop {
                    spine += 1;
                    if spine > MAX_CHAIN {
                        return too_long();
                    }
                    match &cur.node {
                        ExprKind::Member(base, _) => cur = base,
                        ExprKind::Index(base, i) => {
                            stack.push((i, next, spine));
                            cur = base;
                        }
                        _ => break,
                    }
                }
                stack.push((cur, next, spine));
            }
            ExprKind::Binary(_, l, r) => {
                stack.push((l, next, depth + 1));
                stack.push((r, next, depth + 1));
            }
            ExprKind::Call(_, args) | ExprKind::List(args) => {
                stack.extend(args.iter().map(|a| (a, next, depth + 1)));
            }
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Has(x) => {
                stack.push((x, next, depth + 1))
            }
            ExprKind::Meets(x, _) | ExprKind::HasNo(x, _) => stack.push((x, next, depth + 1)),
            ExprKind::Quantified(_, _, list, cond) => {
                stack.push((list, next, depth + 1));
                stack.push((cond, next, depth + 1));
            }
            ExprKind::Aggregate(_, _, list, filter, value) => {
                stack.push((list, next, depth + 1));
                if let Some(f) = filter {
                    stack.push((f, next, depth + 1));
                }
                stack.push((value, next, depth + 1));
            }
            ExprKind::If(c, a, b) => {
                stack.push((c, next, depth + 1));
                stack.push((a, next, depth + 1));
                stack.push((b, next, depth + 1));
            }
            ExprKind::Number(_)
            | ExprKind::Percent(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Date(_)
            | ExprKind::Month(_)
            | ExprKind::Quarter(_)
            | ExprKind::Duration(..)
            | ExprKind::Name(_) => {}
        }
    }
    None
}
