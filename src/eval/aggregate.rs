//! Eval stage: aggregates (`合计`, `平均`, `最小`, `最大`) over a list, range, window or map. The
//! sum of nothing is 0; the average, least and greatest of nothing are unknown: pending on the
//! record fields the list is read from (no value when it reads none). Elements without a value
//! are skipped; one whose value or filter is pending makes the result pending.

use crate::program::ir::{ExprId, NodeKind};
use crate::program::{Aggregate, BinOp, Type};
use crate::value::Num;

use super::expr::{each_item, Ctx};
use super::value::{Missing, Tri, Value};
use super::{EvalErrorKind, Fault};

type R<'a> = Result<Value<'a>, Fault>;

/// What an aggregate has seen so far.
#[derive(Default)]
struct Acc<'a> {
    /// The sum (numbers in millionths, or a duration's amount), or the best value so far.
    sum: i64,
    best: Option<Value<'a>>,
    count: i64,
    unknown: Missing,
}

impl<'a> Ctx<'a> {
    /// The aggregate `agg` of node `value` over the elements of `list` that meet `filter`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn aggregate(
        &mut self,
        id: ExprId,
        agg: Aggregate,
        depth: u16,
        list: ExprId,
        filter: Option<ExprId>,
        value: ExprId,
        ty: &Type,
    ) -> R<'a> {
        let items = self.eval(list)?;
        if let Value::Missing(m) = items {
            return Ok(Value::Missing(m));
        }
        let depth = usize::from(depth);
        let mut acc = Acc::default();
        let mut overflow = false;
        each_item(self, list, items, &mut |ctx: &mut Ctx<'a>, item| {
            ctx.locals.truncate(depth);
            ctx.locals.push(item);
            let keep = match filter {
                Some(f) => ctx.eval(f)?.tri(),
                None => Tri::True,
            };
            let v = match keep {
                Tri::True => ctx.eval(value)?,
                Tri::False => Value::None,
                Tri::Unknown(m) => Value::Missing(m),
            };
            ctx.locals.truncate(depth);
            match v {
                Value::Missing(m) => acc.unknown = acc.unknown.union(m),
                Value::None => {}
                v => {
                    if !add(&mut acc, agg, v) {
                        overflow = true;
                        return Ok(false);
                    }
                }
            }
            Ok(true)
        })?;
        if overflow {
            return Err(self.fail(id, EvalErrorKind::Overflow));
        }
        if !acc.unknown.is_empty() {
            return Ok(Value::Missing(acc.unknown));
        }
        if acc.count == 0 {
            return Ok(match (agg, ty) {
                (Aggregate::Sum, Type::Duration(u)) => Value::Dur(0, *u),
                (Aggregate::Sum, _) => Value::Num(Num::ZERO),
                _ => {
                    let read = self.fields_read(list);
                    if read.is_empty() {
                        Value::None
                    } else {
                        Value::Missing(read)
                    }
                }
            });
        }
        Ok(match agg {
            Aggregate::Sum => match ty {
                Type::Duration(u) => Value::Dur(acc.sum, *u),
                _ => Value::Num(Num::from_raw(acc.sum)),
            },
            Aggregate::Average => {
                let n = Num::from_int(acc.count)
                    .ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?;
                Value::Num(
                    Num::from_raw(acc.sum)
                        .checked_div(n)
                        .ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?,
                )
            }
            Aggregate::Min | Aggregate::Max => acc.best.unwrap_or(Value::None),
        })
    }

    /// The top-level record fields that the list `id` is read from, through definitions: the
    /// fields whose entries the aggregate found none of.
    fn fields_read(&self, id: ExprId) -> Missing {
        let program = self.program;
        let mut out = Missing::default();
        let mut stack = vec![id];
        let mut seen = 0usize;
        while let Some(id) = stack.pop() {
            seen += 1;
            // Definitions read by several others are walked once per reading: bound the walk.
            if seen > 100_000 {
                break;
            }
            let Some(node) = program.node(id) else {
                continue;
            };
            match &node.kind {
                NodeKind::Field(f) => out = out.union(Missing::field(*f)),
                NodeKind::Slot(s) => {
                    if let Some(Some(e)) = program.slot_lets.get(*s) {
                        stack.push(*e);
                    }
                }
                // The collection, not the months or keys it is read at.
                NodeKind::Member(a, _) | NodeKind::Index(a, _) => stack.push(*a),
                NodeKind::If(_, b, c) | NodeKind::Binary(BinOp::Otherwise, b, c) => {
                    stack.extend([*b, *c]);
                }
                _ => {}
            }
        }
        out
    }
}

/// Adds a present value to the aggregate; false on overflow.
fn add<'a>(acc: &mut Acc<'a>, agg: Aggregate, v: Value<'a>) -> bool {
    let Some(count) = acc.count.checked_add(1) else {
        return false;
    };
    acc.count = count;
    match agg {
        Aggregate::Sum | Aggregate::Average => {
            let amount = match v {
                Value::Num(n) => n.raw(),
                Value::Dur(n, _) => n,
                _ => return true,
            };
            match acc.sum.checked_add(amount) {
                Some(s) => acc.sum = s,
                None => return false,
            }
        }
        Aggregate::Min | Aggregate::Max => {
            let better = match (acc.best.and_then(Value::ordinal), v.ordinal()) {
                (None, _) => true,
                (Some(b), Some(x)) => {
                    if agg == Aggregate::Min {
                        x < b
                    } else {
                        x > b
                    }
                }
                (Some(_), None) => false,
            };
            if better {
                acc.best = Some(v);
            }
        }
    }
    true
}
