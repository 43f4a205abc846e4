//! Eval stage: comparisons and membership tests compiled, in either form (a condition or a
//! value): against a constant on an order by its position taken once, `x 属于 [enum members]`
//! as a bit test, else both operands read in place.

use crate::program::ir::{ExprId, NodeKind};
use crate::program::BinOp;
use crate::value::FieldValue;

use super::super::expr::{compare, Ctx};
use super::super::value::Value;
use super::args::{by_kind, Arg, Operand, D, F, FL, K, L, S};
use super::cond::{cond, fault, truth, unknown, Form, T};
use super::{wanted, Compiler, EQUAL, GREATER, LESS};

/// The enum members of a constant list, as a bit mask, when it holds only enum members below 64.
fn enum_mask(v: &FieldValue) -> Option<u64> {
    let FieldValue::List(xs) = v else {
        return None;
    };
    xs.iter().try_fold(0u64, |mask, x| match x {
        FieldValue::Enum(i) if *i < 64 => Some(mask | (1u64 << i)),
        _ => None,
    })
}

impl Compiler<'_> {
    /// `a op b` for a comparison or membership test `op`, in form `W`.
    pub(super) fn comparison<W: Form>(&mut self, op: BinOp, a: ExprId, b: ExprId) -> W::Out {
        let program = self.program;
        // `x 属于 [enum members]`: a bit test.
        if let (BinOp::In | BinOp::NotIn, Some(NodeKind::Const(list))) =
            (op, program.node(b).map(|n| &n.kind))
        {
            if let Some(mask) = enum_mask(list) {
                self.mark(b);
                let negated = op == BinOp::NotIn;
                return by_kind!(self.operand(a), a => W::wrap(member(negated, a, mask)));
            }
        }
        let (a, b) = (self.operand(a), self.operand(b));
        // Against a constant with a place on its order: its position taken once.
        if let Operand::K(k) = b {
            let y = k.ordinal().filter(|_| k.is_present());
            let want = wanted(op);
            let plain = !matches!(k, Value::Text(_) | Value::Dur(..));
            match (y, want, op) {
                (Some(y), Some(want), _) => {
                    return by_kind!(a, a => W::wrap(ordered(want, a, y)));
                }
                (Some(y), None, BinOp::Eq | BinOp::Ne) if plain => {
                    let ne = op == BinOp::Ne;
                    return by_kind!(a, a => W::wrap(equal(ne, a, k, y)));
                }
                _ => {}
            }
        }
        by_kind!(a, a => by_kind!(b, b => W::wrap(both(op, a, b))))
    }
}

/// `a 属于 [enum members]` (or, `negated`, `a 不属于 …`) for the members in `mask`.
fn member<A: Arg>(
    negated: bool,
    a: A,
    mask: u64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match a.get(ctx) {
        Ok(Value::Missing(m)) => unknown(ctx, m),
        Ok(Value::Enum(e)) => {
            let found = e < 64 && mask & (1u64 << e) != 0;
            truth(found != negated)
        }
        Ok(Value::None) => T::False,
        Ok(_) => truth(negated),
        Err(e) => fault(ctx, e),
    })
}

/// An operand's value, unless it is unknown or an error (then the condition's result).
#[inline(always)]
fn known<'a, A: Arg>(a: &A, ctx: &mut Ctx<'a>) -> Result<Value<'a>, T> {
    match a.get(ctx) {
        Ok(Value::Missing(m)) => Err(unknown(ctx, m)),
        Ok(l) => Ok(l),
        Err(e) => Err(fault(ctx, e)),
    }
}

/// `a < k`, `a <= k`, `a > k` or `a >= k` for a constant `k` at position `y` on its order,
/// `want` the orderings that hold: as [`compare`] does it.
fn ordered<A: Arg>(
    want: u8,
    a: A,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| {
        let l = match known(&a, ctx) {
            Ok(l) => l,
            Err(t) => return t,
        };
        // A value with a position is present.
        truth(l.ordinal().is_some_and(|x| {
            let bit = match x.cmp(&y) {
                std::cmp::Ordering::Less => LESS,
                std::cmp::Ordering::Equal => EQUAL,
                std::cmp::Ordering::Greater => GREATER,
            };
            want & bit != 0
        }))
    })
}

/// `a = k` or (`ne`) `a ≠ k` for a constant `k` at position `y` on its order, neither text nor
/// a duration: as [`compare`] does it.
fn equal<A: Arg>(
    ne: bool,
    a: A,
    k: Value<'static>,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| {
        let l = match known(&a, ctx) {
            Ok(l) => l,
            Err(t) => return t,
        };
        let k: Value<'_> = k;
        let same =
            std::mem::discriminant(&l) == std::mem::discriminant(&k) && l.ordinal() == Some(y);
        truth(l.is_present() && same != ne)
    })
}

/// A comparison or membership test, both operands read in place.
fn both<A: Arg, B: Arg>(
    op: BinOp,
    a: A,
    b: B,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| {
        let l = match a.get(ctx) {
            Ok(l) => l,
            Err(e) => return fault(ctx, e),
        };
        let r = match b.get(ctx) {
            Ok(r) => r,
            Err(e) => return fault(ctx, e),
        };
        compared(ctx, op, l, r)
    })
}

/// `l op r` for a comparison or membership test: one copy for every operand kind's closure.
#[inline(never)]
fn compared(ctx: &mut Ctx<'_>, op: BinOp, l: Value<'_>, r: Value<'_>) -> T {
    match (l.missing(), r.missing()) {
        (Some(x), Some(y)) => unknown(ctx, x.union(y)),
        (Some(x), None) | (None, Some(x)) => unknown(ctx, x),
        _ => truth(matches!(compare(op, l, r), Some(Value::Bool(true)))),
    }
}
