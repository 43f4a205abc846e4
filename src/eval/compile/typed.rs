//! Eval stage: arithmetic and built-in calls compiled by their operands' checked types, each
//! common case a small closure calling one out-of-line helper that skips the general dispatch
//! of [`ops::arith`] and [`Ctx::apply`] (and gives exactly what they give).

use crate::program::ir::{Builtin, ExprId};
use crate::program::{BinOp, Type};
use crate::value::DurationUnit;

use super::super::expr::{either_missing, Ctx};
use super::super::ops;
use super::super::value::Value;
use super::args::{Arg, Operand};
use super::{Op, R};

/// `a op b` by its operands' types, or the operands back when no case fits.
pub(super) fn arithmetic(
    id: ExprId,
    op: BinOp,
    (a, lt): (Operand, &Type),
    (b, rt): (Operand, &Type),
    top: u16,
) -> Result<Op, (Operand, Operand)> {
    let sign = match op {
        BinOp::Add => 1,
        BinOp::Sub => -1,
        _ => return Err((a, b)),
    };
    match (lt, &b) {
        // A date or month moved by a constant duration (`转正日期 + 5个工作日`).
        (Type::Date | Type::Month, Operand::K(Value::Dur(n, unit))) => {
            let (unit, Some(n)) = (*unit, n.checked_mul(sign)) else {
                return Err((a, b));
            };
            Ok(Box::new(move |ctx: &mut Ctx<'_>| {
                let l = a.get(ctx)?;
                shift(ctx, id, l, n, unit)
            }))
        }
        // A rung moved along its ladder (`当前职级 - 1`).
        (Type::Rung(_), _) if matches!(rt, Type::Int | Type::Number) => {
            Ok(Box::new(move |ctx: &mut Ctx<'_>| {
                let l = a.get(ctx)?;
                let r = b.get(ctx)?;
                step(ctx, id, op, l, r, top)
            }))
        }
        _ => Err((a, b)),
    }
}

/// A date or month `l` moved by `n` (signed) of `unit`: as [`ops::arithmetic`] moves it.
#[inline(never)]
fn shift<'a>(ctx: &mut Ctx<'a>, id: ExprId, l: Value<'a>, n: i64, unit: DurationUnit) -> R<'a> {
    let out = match l {
        Value::Date(d) => ops::shift_date(ctx, d, n, unit).map(Value::Date),
        Value::Month(m) => m.checked_add(n).map(Value::Month),
        v @ (Value::Missing(_) | Value::None) => Some(v),
        // Not of the checked type: the general path (the duration as written).
        v => {
            let (op, n) = if n < 0 {
                (BinOp::Sub, n.wrapping_neg())
            } else {
                (BinOp::Add, n)
            };
            return ops::arithmetic(ctx, id, op, v, Value::Dur(n, unit), 0);
        }
    };
    out.ok_or_else(|| ctx.fail(id, super::super::EvalErrorKind::Overflow))
}

/// A rung `l` moved by a number `r`: as [`ops::arithmetic`] moves it.
#[inline(never)]
fn step<'a>(
    ctx: &mut Ctx<'a>,
    id: ExprId,
    op: BinOp,
    l: Value<'a>,
    r: Value<'a>,
    top: u16,
) -> R<'a> {
    if let Some(m) = either_missing(l, r) {
        return Ok(m);
    }
    let (Value::Rung(a), Value::Num(n)) = (l, r) else {
        return ops::arithmetic(ctx, id, op, l, r, top);
    };
    match ops::step_rung(a, n, op, top) {
        Some(m) => Ok(Value::Rung(m)),
        None => Err(ctx.fail(id, super::super::EvalErrorKind::Overflow)),
    }
}

/// A call of `b` on `args` by its arguments' types, or the arguments back when no case fits.
pub(super) fn call(b: Builtin, mut args: Vec<Operand>) -> Result<Op, Vec<Operand>> {
    match (b, args.len()) {
        // `月份(t.日期)`, `月初(评估日期)`: what the general path computes, on any value.
        (Builtin::MonthOf | Builtin::MonthNumber | Builtin::MonthStart | Builtin::MonthEnd, 1) => {
            let Some(a) = args.pop() else {
                return Err(args);
            };
            Ok(Box::new(move |ctx: &mut Ctx<'_>| {
                let v = a.get(ctx)?;
                Ok(month(b, v))
            }))
        }
        // `较大(a, b)`.
        (Builtin::Max | Builtin::Min, 2) => {
            let (Some(y), Some(x)) = (args.pop(), args.pop()) else {
                return Err(args);
            };
            Ok(Box::new(move |ctx: &mut Ctx<'_>| {
                let l = x.get(ctx)?;
                let r = y.get(ctx)?;
                Ok(either_missing(l, r).unwrap_or_else(|| ops::pick(b, &[l, r])))
            }))
        }
        _ => Err(args),
    }
}

/// `b` (a month's built-in) of `v`: as [`Ctx::apply`] computes it.
#[inline(never)]
fn month(b: Builtin, v: Value<'_>) -> Value<'_> {
    let m = match v {
        Value::Date(d) => d.month(),
        Value::Month(m) => m,
        v @ Value::Missing(_) => return v,
        _ => return Value::None,
    };
    ops::of_month(b, m)
}
