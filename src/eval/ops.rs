//! Eval stage: arithmetic on numbers, dates, months, durations and rungs, and the built-in
//! functions (working days on the policy's calendar among them).

use crate::calendar::{Date, Month, Quarter};
use crate::program::ir::{Builtin, ExprId};
use crate::program::{BinOp, Program, Type};
use crate::value::{DurationUnit, Num};

use super::expr::{either_missing, Ctx};
use super::value::{Missing, Value};
use super::{EvalErrorKind, Fault};

type R<'a> = Result<Value<'a>, Fault>;

/// `l op r` for an arithmetic operator: unknown where either side is, none where either has no
/// value, else [`arith`]. Walking (`Ctx::strict`) and the compiled node both compute it here.
#[inline]
pub(super) fn arithmetic<'a>(
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
    if !l.is_present() || !r.is_present() {
        return Ok(Value::None);
    }
    arith(ctx, id, op, l, r, top)
}

/// The top rung of a rung type's ladder (0 for another type), as [`arith`] takes it.
pub(super) fn ladder_top(program: &Program, ty: &Type) -> u16 {
    match ty {
        Type::Rung(lad) => program.schema.ladder(*lad).map_or(0, |d| d.top()),
        _ => 0,
    }
}

/// `l op r` for present values of checked types; `top` is the ladder's top rung.
pub(super) fn arith<'a>(
    ctx: &mut Ctx<'a>,
    id: ExprId,
    op: BinOp,
    l: Value<'a>,
    r: Value<'a>,
    top: u16,
) -> R<'a> {
    let overflow = |ctx: &Ctx<'a>| ctx.fail(id, EvalErrorKind::Overflow);
    let sign = if op == BinOp::Sub { -1 } else { 1 };
    Ok(match (l, r) {
        (Value::Num(a), Value::Num(b)) => Value::Num(
            match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::Div => {
                    if b == Num::ZERO {
                        return Err(ctx.fail(id, EvalErrorKind::DivideByZero));
                    }
                    a.checked_div(b)
                }
                _ => None,
            }
            .ok_or_else(|| overflow(ctx))?,
        ),
        (Value::Date(d), Value::Dur(n, unit)) => {
            let n = n.checked_mul(sign).ok_or_else(|| overflow(ctx))?;
            Value::Date(shift_date(ctx, d, n, unit).ok_or_else(|| overflow(ctx))?)
        }
        (Value::Month(m), Value::Dur(n, _)) => {
            let n = n.checked_mul(sign).ok_or_else(|| overflow(ctx))?;
            Value::Month(m.checked_add(n).ok_or_else(|| overflow(ctx))?)
        }
        (Value::Quarter(q), Value::Dur(n, _)) => {
            // A quarter moves by whole quarters: 3 months, or a year's 12.
            if n % 3 != 0 {
                return Err(ctx.fail(id, EvalErrorKind::NotWholeQuarters { months: n }));
            }
            let n = (n / 3).checked_mul(sign).ok_or_else(|| overflow(ctx))?;
            Value::Quarter(q.checked_add(n).ok_or_else(|| overflow(ctx))?)
        }
        (Value::Dur(a, u), Value::Dur(b, _)) => Value::Dur(
            if op == BinOp::Sub {
                a.checked_sub(b)
            } else {
                a.checked_add(b)
            }
            .ok_or_else(|| overflow(ctx))?,
            u,
        ),
        (Value::Dur(n, u), Value::Num(k)) | (Value::Num(k), Value::Dur(n, u)) => {
            let k = k.as_int().ok_or_else(|| overflow(ctx))?;
            Value::Dur(n.checked_mul(k).ok_or_else(|| overflow(ctx))?, u)
        }
        (Value::Rung(a), Value::Num(n)) => {
            Value::Rung(step_rung(a, n, op, top).ok_or_else(|| overflow(ctx))?)
        }
        (Value::Rung(a), Value::Rung(b)) => num(i64::from(a) - i64::from(b)),
        (Value::Date(a), Value::Date(b)) => num(b.days_until(a)),
        (Value::Month(a), Value::Month(b)) => num(i64::from(b.months_until(a))),
        (Value::Quarter(a), Value::Quarter(b)) => num(i64::from(b.quarters_until(a))),
        _ => return Err(ctx.fail(id, EvalErrorKind::Internal("operands of an unchecked type"))),
    })
}

/// Date `d` moved by `n` (signed) of `unit`; none where it leaves the dates `YYYY-MM-DD` can
/// write (past 9999-12-31 or before year 0), which is an overflow. Uncovered years crossed in
/// working days are recorded on `ctx`.
#[inline]
pub(super) fn shift_date(ctx: &mut Ctx<'_>, d: Date, n: i64, unit: DurationUnit) -> Option<Date> {
    let out = match unit {
        DurationUnit::Days => d.add_days(n),
        DurationUnit::Months => d.add_months(n),
        DurationUnit::Workdays => {
            let cal = &ctx.program.calendar;
            cal.add_workdays(d, n, &mut ctx.uncovered)
        }
    };
    out.filter(|d| d.in_range())
}

/// Rung `a` moved by `n` (`op`: `-` down, else up); a ladder has ends, so moving past them
/// stops at the lowest or the `top` rung. None for a number that is not whole, or an overflow.
#[inline]
pub(super) fn step_rung(a: u16, n: Num, op: BinOp, top: u16) -> Option<u16> {
    let n = n.as_int()?;
    let moved = if op == BinOp::Sub {
        i64::from(a).checked_sub(n)
    } else {
        i64::from(a).checked_add(n)
    }?;
    Some(u16::try_from(moved.clamp(0, i64::from(top))).unwrap_or(top))
}

fn num<'a>(n: i64) -> Value<'a> {
    Num::from_int(n).map_or(Value::None, Value::Num)
}

impl<'a> Ctx<'a> {
    pub(super) fn call(&mut self, id: ExprId, b: Builtin, args: &[ExprId]) -> R<'a> {
        let mut vals: [Value<'a>; 16] = [Value::None; 16];
        let mut missing = Missing::default();
        for (slot, a) in vals.iter_mut().zip(args) {
            *slot = self.eval(*a)?;
            if let Value::Missing(m) = slot {
                missing = missing.union(*m);
            }
        }
        if !missing.is_empty() {
            return Ok(Value::Missing(missing));
        }
        let vals = vals.get(..args.len()).unwrap_or(&vals);
        self.apply(id, b, args, vals)
    }

    /// A built-in function on its arguments' values, none of them unknown.
    pub(super) fn apply(
        &mut self,
        id: ExprId,
        b: Builtin,
        args: &[ExprId],
        vals: &[Value<'a>],
    ) -> R<'a> {
        let first = vals.first().copied().unwrap_or(Value::None);
        let month = |v: Value<'a>| match v {
            Value::Date(d) => Some(d.month()),
            Value::Month(m) => Some(m),
            _ => None,
        };
        let quarter = |v: Value<'a>| match v {
            Value::Quarter(q) => Some(q),
            v => month(v).map(Quarter::of_month),
        };
        let cal = &self.program.calendar;
        Ok(match b {
            Builtin::Year | Builtin::QuarterNumber if matches!(first, Value::Quarter(_)) => {
                let Some(q) = quarter(first) else {
                    return Ok(Value::None);
                };
                match b {
                    Builtin::Year => num(i64::from(q.year())),
                    _ => num(i64::from(q.number())),
                }
            }
            Builtin::QuarterOf => match (first, vals.get(1)) {
                (Value::Num(y), Some(Value::Num(n))) => {
                    let q = y
                        .as_int()
                        .zip(n.as_int())
                        .and_then(|(y, n)| Some((i32::try_from(y).ok()?, u32::try_from(n).ok()?)))
                        .and_then(|(y, n)| Quarter::from_yq(y, n));
                    match q {
                        Some(q) => Value::Quarter(q),
                        None => {
                            let (year, number) = (y.to_string(), n.to_string());
                            let kind = EvalErrorKind::NoSuchQuarter { year, number };
                            return Err(self.fail(id, kind));
                        }
                    }
                }
                (v, _) => quarter(v).map_or(Value::None, Value::Quarter),
            },
            Builtin::QuarterNumber => {
                quarter(first).map_or(Value::None, |q| num(i64::from(q.number())))
            }
            Builtin::MonthOf
            | Builtin::MonthNumber
            | Builtin::Year
            | Builtin::MonthStart
            | Builtin::MonthEnd => {
                let Some(m) = month(first) else {
                    return Ok(Value::None);
                };
                of_month(b, m)
            }
            Builtin::Day => match first {
                Value::Date(d) => num(i64::from(d.ymd().2)),
                _ => Value::None,
            },
            Builtin::WorkdayIndex => match first {
                Value::Date(d) => num(i64::from(cal.workday_index(d, &mut self.uncovered))),
                _ => Value::None,
            },
            Builtin::IsWorkday => match first {
                Value::Date(d) => Value::Bool(cal.is_workday(d, &mut self.uncovered)),
                _ => Value::None,
            },
            Builtin::NthWorkday => match (
                first,
                vals.get(1).and_then(|v| match v {
                    Value::Num(n) => n.as_int().and_then(|n| u32::try_from(n).ok()),
                    _ => None,
                }),
            ) {
                (Value::Month(m), Some(k)) => cal
                    .nth_workday(m, k, &mut self.uncovered)
                    .map_or(Value::None, Value::Date),
                _ => Value::None,
            },
            Builtin::MonthsBetween | Builtin::DaysBetween => match (first, vals.get(1)) {
                (Value::Date(a), Some(Value::Date(c))) => {
                    if b == Builtin::MonthsBetween {
                        num(i64::from(a.months_until(*c)))
                    } else {
                        num(a.days_until(*c))
                    }
                }
                _ => Value::None,
            },
            Builtin::Max | Builtin::Min => pick(b, vals),
            Builtin::MajorOf => match first {
                Value::Rung(r) => {
                    let lad = match self
                        .program
                        .node(args.first().copied().unwrap_or(id))
                        .map(|n| &n.ty)
                    {
                        Some(crate::program::Type::Rung(l)) => self.program.schema.ladder(*l),
                        _ => None,
                    };
                    lad.and_then(|l| l.rungs.get(usize::from(r)))
                        .map_or(Value::None, |rd| Value::Major(rd.major))
                }
                _ => Value::None,
            },
            Builtin::Len => match first {
                Value::List(xs) => num(i64::try_from(xs.len()).unwrap_or(i64::MAX)),
                v @ (Value::Window(..) | Value::Map(_)) => num(count_entries(v)),
                _ => Value::None,
            },
            Builtin::Round => match first {
                Value::Num(x) => {
                    let places = vals.get(1).and_then(|v| match v {
                        Value::Num(n) => n.as_int(),
                        _ => None,
                    });
                    let rounded = round(x, places.unwrap_or(0));
                    Value::Num(rounded.ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?)
                }
                _ => Value::None,
            },
            Builtin::Abs => match first {
                Value::Num(x) if x < Num::ZERO => Value::Num(
                    x.checked_neg()
                        .ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?,
                ),
                v @ Value::Num(_) => v,
                _ => Value::None,
            },
            Builtin::Weekday => match first {
                Value::Date(d) => num(i64::from(d.weekday())),
                _ => Value::None,
            },
            Builtin::Festival => match (first, vals.get(1)) {
                (Value::Text(name), Some(Value::Num(y))) => {
                    match y.as_int().and_then(|y| i32::try_from(y).ok()) {
                        Some(year) => cal
                            .festival_date(name, year, &mut self.uncovered)
                            .map_or(Value::None, Value::Date),
                        None => Value::None,
                    }
                }
                _ => Value::None,
            },
            Builtin::Quotient | Builtin::Remainder => match (first, vals.get(1)) {
                (Value::Num(a), Some(Value::Num(d))) => {
                    if *d == Num::ZERO {
                        return Err(self.fail(id, EvalErrorKind::DivideByZero));
                    }
                    let (q, r) = floor_div(i128::from(a.raw()), i128::from(d.raw()));
                    let out = if b == Builtin::Quotient {
                        i64::try_from(q).ok().and_then(Num::from_int)
                    } else {
                        i64::try_from(r).ok().map(Num::from_raw)
                    };
                    Value::Num(out.ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?)
                }
                _ => Value::None,
            },
            Builtin::RoundInt | Builtin::Floor | Builtin::Ceil => match first {
                Value::Num(x) => {
                    let raw = i128::from(x.raw());
                    let unit = i128::from(Num::SCALE);
                    let whole = match b {
                        Builtin::Floor => floor_div(raw, unit).0,
                        Builtin::Ceil => -floor_div(-raw, unit).0,
                        _ => match round(x, 0) {
                            Some(n) => i128::from(n.raw()) / unit,
                            None => return Err(self.fail(id, EvalErrorKind::Overflow)),
                        },
                    };
                    let out = i64::try_from(whole).ok().and_then(Num::from_int);
                    Value::Num(out.ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?)
                }
                _ => Value::None,
            },
        })
    }
}

/// `b` (`月份`, `月`, `年`, `月初` or `月末`) of a month.
pub(super) fn of_month<'a>(b: Builtin, m: Month) -> Value<'a> {
    match b {
        Builtin::MonthOf => Value::Month(m),
        Builtin::MonthNumber => num(i64::from(m.number())),
        Builtin::Year => num(i64::from(m.year())),
        Builtin::MonthStart => m.first_day().map_or(Value::None, Value::Date),
        _ => m.last_day().map_or(Value::None, Value::Date),
    }
}

/// `较大` (or, for another built-in, `较小`) of values none of them unknown: the greatest
/// (least) present one, none when none is.
pub(super) fn pick<'a>(b: Builtin, vals: &[Value<'a>]) -> Value<'a> {
    let present = vals.iter().copied().filter(|v| v.is_present());
    let pick = if b == Builtin::Max {
        present.max_by_key(|v| v.ordinal().unwrap_or(i64::MIN))
    } else {
        present.min_by_key(|v| v.ordinal().unwrap_or(i64::MAX))
    };
    pick.unwrap_or(Value::None)
}

/// The quotient rounded down and the remainder of `a / b` (`b` not 0): `a = b × q + r`.
fn floor_div(a: i128, b: i128) -> (i128, i128) {
    let (q, r) = (a / b, a % b);
    if r != 0 && ((r < 0) != (b < 0)) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

/// Entries of a window or map (whatever their values).
fn count_entries(v: Value<'_>) -> i64 {
    let n = match v {
        Value::Window(m, lo, hi) => m.range(lo, hi).len(),
        Value::Map(m) => m.entries().len(),
        _ => 0,
    };
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Rounds half away from zero to `places` decimals (0–6); `None` when the result is out of
/// range.
fn round(x: Num, places: i64) -> Option<Num> {
    let places = u32::try_from(places.clamp(0, 6)).unwrap_or(0);
    let unit = 10i128.pow(6 - places);
    let raw = i128::from(x.raw());
    let half = unit / 2;
    let rounded = if raw >= 0 {
        (raw + half) / unit
    } else {
        (raw - half) / unit
    };
    i64::try_from(rounded * unit).ok().map(Num::from_raw)
}
