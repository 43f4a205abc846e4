//! Eval stage: the statutory checks on one record's probation (劳动合同法 第19条–第21条, 实施条例
//! 第15条), from the roles the policy's `试用期` declares. A check that fails is a warning in the
//! verdict; a check whose inputs the record does not give is not made.

use crate::calendar::Date;
use crate::law::{Band, PAY_FLOOR_PERCENT};
use crate::program::ir::ExprId;
use crate::program::process::{ProbationDef, Role};
use crate::program::BinOp;
use crate::value::Num;

use super::expr::Ctx;
use super::value::Value;
use super::{Fault, Warning};

/// A statutory check a record's probation fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LawWarning {
    /// 第19条: a probation where none may be agreed (a task, or a contract under 3 months).
    NotAllowed {
        /// The contract's band.
        band: Band,
        /// The probation's first day.
        start: Date,
        /// Its end.
        end: Date,
    },
    /// 第19条: a probation longer than the contract's band allows.
    TooLong {
        /// The contract's band.
        band: Band,
        /// The probation's first day.
        start: Date,
        /// Its agreed end.
        end: Date,
        /// The latest end the law allows.
        latest: Date,
    },
    /// 第19条: an extension past the contract's limit.
    ExtensionTooLong {
        /// The contract's band.
        band: Band,
        /// The probation's first day.
        start: Date,
        /// The extended end.
        extended: Date,
        /// The latest end the law allows.
        latest: Date,
    },
    /// 第19条: a second probation with the same employer.
    Second,
    /// 第20条, 实施条例 第15条: probation pay under 80% of the contracted pay (or of the post's
    /// lowest pay).
    PayBelowShare {
        /// The probation pay.
        pay: Num,
        /// The pay it is measured against.
        base: Num,
        /// 80% of it.
        floor: Num,
        /// True when `base` is the post's lowest pay, false for the contracted pay.
        post: bool,
    },
    /// 第20条: probation pay under the local minimum wage.
    BelowMinimumWage {
        /// The probation pay.
        pay: Num,
        /// The minimum wage.
        minimum: Num,
    },
    /// 第21条: a failed probation without reasons.
    NoReasons,
}

impl LawWarning {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            LawWarning::NotAllowed { .. } => "probation-not-allowed",
            LawWarning::TooLong { .. } => "probation-too-long",
            LawWarning::ExtensionTooLong { .. } => "extension-too-long",
            LawWarning::Second => "second-probation",
            LawWarning::PayBelowShare { .. } => "probation-pay-low",
            LawWarning::BelowMinimumWage { .. } => "below-minimum-wage",
            LawWarning::NoReasons => "failure-without-reasons",
        }
    }
}

fn role<'a>(ctx: &mut Ctx<'a>, def: &ProbationDef, r: Role) -> Result<Option<Value<'a>>, Fault> {
    match def.role(r) {
        Some(e) => Ok(Some(ctx.eval(e)?)),
        None => Ok(None),
    }
}

fn date(v: Option<Value<'_>>) -> Option<Date> {
    match v {
        Some(Value::Date(d)) => Some(d),
        _ => None,
    }
}

fn number(v: Option<Value<'_>>) -> Option<Num> {
    match v {
        Some(Value::Num(n)) => Some(n),
        _ => None,
    }
}

fn truth(v: Option<Value<'_>>) -> bool {
    matches!(v, Some(Value::Bool(true)))
}

/// Runs every statutory check the policy's probation terms allow on the record in `ctx`.
#[inline(never)]
pub(super) fn check(ctx: &mut Ctx<'_>, warnings: &mut Vec<Warning>) -> Result<(), Fault> {
    let program = ctx.program;
    let Some(def) = &program.probation else {
        return Ok(());
    };
    let term = role(ctx, def, Role::ContractTerm)?;
    let band = if truth(role(ctx, def, Role::TaskBased)?) {
        Some(Band::TaskBased)
    } else {
        match term {
            Some(Value::Num(n)) => n.as_int().map(|m| Band::of(Some(m))),
            Some(Value::None) => Some(Band::OpenEnded),
            _ => None,
        }
    };
    let start = date(role(ctx, def, Role::Start)?);
    if let (Some(band), Some(start)) = (band, start) {
        length(ctx, def, band, start, term, warnings)?;
    }
    if truth(role(ctx, def, Role::Earlier)?) {
        warnings.push(Warning::Law(LawWarning::Second));
    }
    pay(ctx, def, warnings)?;
    if truth(role(ctx, def, Role::Failed)?) {
        let given = match role(ctx, def, Role::Reasons)? {
            Some(Value::Text(t)) => !t.trim().is_empty(),
            Some(Value::List(l)) => !l.is_empty(),
            Some(Value::None | Value::Missing(_)) | None => false,
            Some(_) => true,
        };
        if !given {
            warnings.push(Warning::Law(LawWarning::NoReasons));
        }
    }
    Ok(())
}

fn length<'a>(
    ctx: &mut Ctx<'a>,
    def: &ProbationDef,
    band: Band,
    start: Date,
    term: Option<Value<'a>>,
    warnings: &mut Vec<Warning>,
) -> Result<(), Fault> {
    let end = match date(role(ctx, def, Role::End)?) {
        Some(d) => Some(d),
        None => match def.role(Role::Length) {
            Some(e) => planned_end(ctx, e, start, term)?,
            None => None,
        },
    };
    let months = i64::from(band.limit_months());
    let latest = start.add_months(months).unwrap_or(start);
    let extended = date(role(ctx, def, Role::ExtendedTo)?);
    if months == 0 {
        let last = extended.or(end).filter(|e| *e > start);
        if let Some(end) = last {
            warnings.push(Warning::Law(LawWarning::NotAllowed { band, start, end }));
        }
        return Ok(());
    }
    if let Some(end) = end.filter(|e| *e > latest) {
        warnings.push(Warning::Law(LawWarning::TooLong {
            band,
            start,
            end,
            latest,
        }));
    }
    if let Some(extended) = extended.filter(|e| *e > latest) {
        warnings.push(Warning::Law(LawWarning::ExtensionTooLong {
            band,
            start,
            extended,
            latest,
        }));
    }
    Ok(())
}

/// The start plus the policy's length for this contract term.
fn planned_end<'a>(
    ctx: &mut Ctx<'a>,
    length: ExprId,
    start: Date,
    term: Option<Value<'a>>,
) -> Result<Option<Date>, Fault> {
    let saved = std::mem::take(&mut ctx.locals);
    let t = match term {
        Some(v @ Value::Num(_)) => v,
        _ => Value::None,
    };
    ctx.locals.push(t);
    ctx.locals.push(t);
    let v = ctx.eval(length);
    ctx.locals = saved;
    match v? {
        Value::Dur(n, u) => {
            match super::ops::arith(
                ctx,
                length,
                BinOp::Add,
                Value::Date(start),
                Value::Dur(n, u),
                0,
            )? {
                Value::Date(d) => Ok(Some(d)),
                _ => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

fn pay(ctx: &mut Ctx<'_>, def: &ProbationDef, warnings: &mut Vec<Warning>) -> Result<(), Fault> {
    let Some(pay) = number(role(ctx, def, Role::Pay)?) else {
        return Ok(());
    };
    let share = Num::from_int(PAY_FLOOR_PERCENT)
        .and_then(|p| p.checked_div(Num::from_int(100)?))
        .unwrap_or_default();
    for (r, post) in [(Role::ContractPay, false), (Role::PostLowestPay, true)] {
        let Some(base) = number(role(ctx, def, r)?) else {
            continue;
        };
        let Some(floor) = base.checked_mul(share) else {
            continue;
        };
        if pay < floor {
            warnings.push(Warning::Law(LawWarning::PayBelowShare {
                pay,
                base,
                floor,
                post,
            }));
        }
    }
    if let Some(minimum) = number(role(ctx, def, Role::MinimumWage)?) {
        if pay < minimum {
            warnings.push(Warning::Law(LawWarning::BelowMinimumWage { pay, minimum }));
        }
    }
    Ok(())
}
