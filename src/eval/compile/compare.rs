//! Eval stage: comparisons and membership tests compiled, in either form (a condition or a
//! value): against a constant on an order by its position taken once, `x 属于 [enum members]`
//! as a bit test, else both operands read in place.

use crate::program::ir::{ExprId, NodeKind};
use crate::program::BinOp;
use crate::value::FieldValue;

use super::super::expr::{compare, Ctx};
use super::super::value::Value;
use super::args::{by_kind, field, Arg, Operand, D, F, FL, K, L, S};
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
                return match self.operand(a) {
                    Operand::F(i) => W::wrap(member_field(negated, i, mask)),
                    a => by_kind!(a, a => W::wrap(member(negated, a, mask))),
                };
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
                    if let Operand::F(i) = a {
                        let fast =
                            by_field_kind!(k, KIND => W::wrap(ordered_field::<KIND>(want, i, y)));
                        if let Some(out) = fast {
                            return out;
                        }
                    }
                    return by_kind!(a, a => W::wrap(ordered(want, a, y)));
                }
                (Some(y), None, BinOp::Eq | BinOp::Ne) if plain => {
                    let ne = op == BinOp::Ne;
                    if let Operand::F(i) = a {
                        let fast =
                            by_field_kind!(k, KIND => W::wrap(equal_field::<KIND>(ne, i, k, y)));
                        if let Some(out) = fast {
                            return out;
                        }
                    }
                    return by_kind!(a, a => W::wrap(equal(ne, a, k, y)));
                }
                _ => {}
            }
        }
        W::wrap(both(op, a, b))
    }
}

/// `a 属于 [enum members]` (or, `negated`, `a 不属于 …`) for the members in `mask`.
fn member<A: Arg>(
    negated: bool,
    a: A,
    mask: u64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match a.get(ctx) {
        Ok(v) => is_member(ctx, negated, v, mask),
        Err(e) => fault(ctx, e),
    })
}

#[inline(always)]
fn is_member(ctx: &mut Ctx<'_>, negated: bool, v: Value<'_>, mask: u64) -> T {
    match v {
        Value::Missing(m) => unknown(ctx, m),
        Value::Enum(e) => truth(has(mask, e) != negated),
        Value::None => T::False,
        _ => truth(negated),
    }
}

#[inline(always)]
fn has(mask: u64, e: u16) -> bool {
    e < 64 && mask & (1u64 << e) != 0
}

/// [`member`] of a record field: an enum member read straight from the field.
fn member_field(
    negated: bool,
    i: usize,
    mask: u64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match ctx.record.fields.get(i) {
        Some(FieldValue::Enum(e)) => truth(has(mask, *e) != negated),
        _ => {
            let v = field(ctx, i);
            is_member(ctx, negated, v, mask)
        }
    })
}

// The kinds of constant whose fields' positions are read straight from the field.
const NUM: u8 = 0;
const DATE: u8 = 1;
const MONTH: u8 = 2;
const QUARTER: u8 = 3;
const GRADE: u8 = 4;
const RUNG: u8 = 5;
const MAJOR: u8 = 6;
const ENUM: u8 = 7;
const BOOL: u8 = 8;

/// `Some($body)` with `$k` bound to the kind of constant `$c` as a `const`, or none for a
/// constant of another kind.
macro_rules! by_field_kind {
    ($c:expr, $k:ident => $body:expr) => {
        match $c {
            Value::Num(_) => {
                const $k: u8 = NUM;
                Some($body)
            }
            Value::Date(_) => {
                const $k: u8 = DATE;
                Some($body)
            }
            Value::Month(_) => {
                const $k: u8 = MONTH;
                Some($body)
            }
            Value::Quarter(_) => {
                const $k: u8 = QUARTER;
                Some($body)
            }
            Value::Grade(_) => {
                const $k: u8 = GRADE;
                Some($body)
            }
            Value::Rung(_) => {
                const $k: u8 = RUNG;
                Some($body)
            }
            Value::Major(_) => {
                const $k: u8 = MAJOR;
                Some($body)
            }
            Value::Enum(_) => {
                const $k: u8 = ENUM;
                Some($body)
            }
            Value::Bool(_) => {
                const $k: u8 = BOOL;
                Some($body)
            }
            _ => None,
        }
    };
}
use by_field_kind;

/// A stored value's position on its order when it is of kind `KIND` (as [`Value::ordinal`]
/// gives it): one test of the field's kind.
#[inline(always)]
fn pos<const KIND: u8>(v: &FieldValue) -> Option<i64> {
    match v {
        FieldValue::Num(n) if KIND == NUM => Some(n.raw()),
        FieldValue::Date(d) if KIND == DATE => Some(i64::from(d.raw())),
        FieldValue::Month(m) if KIND == MONTH => Some(i64::from(m.raw())),
        FieldValue::Quarter(q) if KIND == QUARTER => Some(i64::from(q.raw())),
        FieldValue::Grade(g) if KIND == GRADE => Some(i64::from(*g)),
        FieldValue::Rung(r) if KIND == RUNG => Some(i64::from(*r)),
        FieldValue::Major(m) if KIND == MAJOR => Some(i64::from(*m)),
        FieldValue::Enum(e) if KIND == ENUM => Some(i64::from(*e)),
        FieldValue::Bool(b) if KIND == BOOL => Some(i64::from(*b)),
        _ => None,
    }
}

/// Whether `x` and `y` are in one of the orderings `want`.
#[inline(always)]
fn holds(want: u8, x: i64, y: i64) -> bool {
    let bit = match x.cmp(&y) {
        std::cmp::Ordering::Less => LESS,
        std::cmp::Ordering::Equal => EQUAL,
        std::cmp::Ordering::Greater => GREATER,
    };
    want & bit != 0
}

/// [`ordered`] of record field `i` against a constant of kind `KIND`, read straight from the
/// field when it is of that kind.
fn ordered_field<const KIND: u8>(
    want: u8,
    i: usize,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(
        move |ctx: &mut Ctx<'_>| match ctx.record.fields.get(i).and_then(pos::<KIND>) {
            Some(x) => truth(holds(want, x, y)),
            None => ordered_by_value(ctx, want, field(ctx, i), y),
        },
    )
}

/// [`equal`] of record field `i` to a constant `k` of kind `KIND`, read straight from the field
/// when it is of that kind.
fn equal_field<const KIND: u8>(
    ne: bool,
    i: usize,
    k: Value<'static>,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| {
        match ctx.record.fields.get(i).and_then(pos::<KIND>) {
            // Of the constant's kind, so present and of its type.
            Some(x) => truth((x == y) != ne),
            None => equal_by_value(ctx, ne, field(ctx, i), k, y),
        }
    })
}

/// `a < k`, `a <= k`, `a > k` or `a >= k` for a constant `k` at position `y` on its order,
/// `want` the orderings that hold: as [`compare`] does it.
fn ordered<A: Arg>(
    want: u8,
    a: A,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match a.get(ctx) {
        Ok(l) => ordered_by_value(ctx, want, l, y),
        Err(e) => fault(ctx, e),
    })
}

#[inline(always)]
fn ordered_by_value(ctx: &mut Ctx<'_>, want: u8, l: Value<'_>, y: i64) -> T {
    if let Value::Missing(m) = l {
        return unknown(ctx, m);
    }
    // A value with a position is present.
    truth(l.ordinal().is_some_and(|x| holds(want, x, y)))
}

/// `a = k` or (`ne`) `a ≠ k` for a constant `k` at position `y` on its order, neither text nor
/// a duration: as [`compare`] does it.
fn equal<A: Arg>(
    ne: bool,
    a: A,
    k: Value<'static>,
    y: i64,
) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match a.get(ctx) {
        Ok(l) => equal_by_value(ctx, ne, l, k, y),
        Err(e) => fault(ctx, e),
    })
}

#[inline(always)]
fn equal_by_value(ctx: &mut Ctx<'_>, ne: bool, l: Value<'_>, k: Value<'static>, y: i64) -> T {
    if let Value::Missing(m) = l {
        return unknown(ctx, m);
    }
    let k: Value<'_> = k;
    let same = std::mem::discriminant(&l) == std::mem::discriminant(&k) && l.ordinal() == Some(y);
    truth(l.is_present() && same != ne)
}

/// A comparison or membership test, both operands read in place; one copy for operands of any
/// kind (a copy per pair of kinds cost more in instruction-cache misses than it saved).
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
