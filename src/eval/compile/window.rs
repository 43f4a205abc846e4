//! Eval stage: quantifiers over a window of a map whose condition tests the map at the
//! variable against a constant (`任一 m 属于 前6个月 满足 考核[m] <= C`, or that test leading
//! a conjunction): the test is read off the map's entries in one pass, and the rest of the
//! condition is computed only for the periods that pass it.
//! It computes what [`Ctx::quantify_over`] computes: the same steps, the same values, the same
//! errors.

use crate::calendar::Period;
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Quantifier};
use crate::value::{FieldValue, PeriodMap};

use super::super::expr::{Ctx, Tally};
use super::super::limits;
use super::super::value::{Tri, Value};
use super::super::{EvalErrorKind, Fault};
use super::args::{field, Arg, Operand};
use super::{Compiler, Op, EQUAL, GREATER, LESS};

/// `map[m] op k` for the quantifier's variable `m`, a record field `map`, an ordered `op` and
/// a constant `k` with a place on its order.
#[derive(Clone, Copy)]
struct Test {
    /// The map field.
    field: usize,
    /// The orderings of the entry against `k` that pass.
    want: u8,
    /// `k`'s place on its order.
    y: i64,
}

impl Test {
    /// Whether an entry's value passes (as the compiled comparison decides it on the value
    /// read: one without a place on an order, or none, fails).
    #[inline]
    fn passes(self, v: Option<&FieldValue>) -> bool {
        let x = match v {
            Some(FieldValue::Grade(g)) => Some(i64::from(*g)),
            Some(v) => Value::of(v).ordinal(),
            None => None,
        };
        x.is_some_and(|x| {
            let bit = match x.cmp(&self.y) {
                std::cmp::Ordering::Less => LESS,
                std::cmp::Ordering::Equal => EQUAL,
                std::cmp::Ordering::Greater => GREATER,
            };
            self.want & bit != 0
        })
    }
}

impl Compiler<'_> {
    /// A quantifier, with the map test of its condition read off the map when it has one.
    pub(super) fn quant(&mut self, q: Quantifier, depth: u16, list: ExprId, cond: ExprId) -> Op {
        let test = self.map_test(depth, cond);
        let (items, whole) = (self.operand(list), self.operand(cond));
        let Some((test, rest)) = test else {
            return Box::new(move |ctx: &mut Ctx<'_>| {
                let v = items.get(ctx)?;
                ctx.quantify_over(q, depth, list, v, |ctx| whole.get(ctx))
            });
        };
        // The condition's other conjuncts, in order: where the test passes, the condition is
        // theirs.
        let rest: Vec<Operand> = rest.into_iter().map(|p| self.operand(p)).collect();
        Box::new(move |ctx: &mut Ctx<'_>| {
            let v = items.get(ctx)?;
            if let (Value::Window(map, lo, hi), Value::Map(at)) = (v, field(ctx, test.field)) {
                let w = Window { map, lo, hi, at };
                return ctx.quantify_window(q, depth, list, w, test, &rest);
            }
            ctx.quantify_over(q, depth, list, v, |ctx| whole.get(ctx))
        })
    }

    /// The map test that decides the condition `cond` of a quantifier binding depth `depth`
    /// whenever it fails, with the condition's other conjuncts: the condition itself, or the
    /// first conjunct of a conjunction that is such a test, every conjunct before it reading
    /// only leaves (so that skipping them skips no step, no error and no definition's
    /// computation).
    fn map_test(&self, depth: u16, cond: ExprId) -> Option<(Test, Vec<ExprId>)> {
        let program = self.program;
        let kind = |id: ExprId| program.node(id).map(|n| &n.kind);
        // The conjuncts, leftmost first, as the compiled `且` takes them.
        let mut parts = Vec::new();
        let mut left = cond;
        while let Some(NodeKind::Binary(BinOp::And, l, r)) = kind(left) {
            parts.push(*r);
            left = *l;
        }
        parts.push(left);
        parts.reverse();
        for (i, part) in parts.iter().enumerate() {
            if let Some(NodeKind::Binary(op, a, b)) = kind(*part) {
                let want = super::wanted(*op);
                let at = match kind(*a) {
                    Some(NodeKind::Index(m, v)) => match (kind(*m), kind(*v)) {
                        (Some(NodeKind::Field(f)), Some(NodeKind::Local(d))) if *d == depth => {
                            Some(*f)
                        }
                        _ => None,
                    },
                    _ => None,
                };
                let y = match self.leaf(*b) {
                    Some(super::Leaf::Const(k)) if k.is_present() => k.ordinal(),
                    _ => None,
                };
                if let (Some(want), Some(field), Some(y)) = (want, at, y) {
                    let rest = (parts.iter().enumerate())
                        .filter(|(j, _)| *j != i)
                        .map(|(_, p)| *p)
                        .collect();
                    return Some((Test { field, want, y }, rest));
                }
            }
            if !self.pure(*part) {
                return None;
            }
        }
        None
    }

    /// Whether a node reads only leaves (constants, fields, variables, the date) through
    /// operations that neither fail nor take steps.
    fn pure(&self, id: ExprId) -> bool {
        let Some(node) = self.program.node(id) else {
            return false;
        };
        match &node.kind {
            NodeKind::Const(_)
            | NodeKind::Param(_)
            | NodeKind::Field(_)
            | NodeKind::Local(_)
            | NodeKind::AsOf => true,
            NodeKind::Has(a) | NodeKind::Not(a) | NodeKind::Member(a, _) => self.pure(*a),
            NodeKind::Index(a, b) => self.pure(*a) && self.pure(*b),
            NodeKind::Binary(op, a, b) => {
                // Arithmetic can overflow, and a range can be too long.
                let simple = !matches!(
                    op,
                    BinOp::Range | BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div
                );
                simple && self.pure(*a) && self.pure(*b)
            }
            _ => false,
        }
    }
}

/// A window of a map, quantified over, and the map its condition's test reads.
#[derive(Clone, Copy)]
struct Window<'a> {
    map: &'a PeriodMap,
    lo: Period,
    hi: Period,
    at: &'a PeriodMap,
}

impl<'a> Ctx<'a> {
    /// A quantifier over the periods of a window, as [`Ctx::quantify_over`] computes it: the
    /// condition is false for the periods whose entry fails `test`, and for the others it is
    /// the conjunction of `rest`.
    fn quantify_window(
        &mut self,
        q: Quantifier,
        depth: u16,
        list: ExprId,
        w: Window<'a>,
        test: Test,
        rest: &[Operand],
    ) -> Result<Value<'a>, Fault> {
        let depth = usize::from(depth);
        let mut tally = Tally::new(q);
        let (lo, hi) = (i64::from(w.lo.raw()), i64::from(w.hi.raw()));
        if std::ptr::eq(w.map, w.at) && q != Quantifier::All {
            // Reading the window's own map, and only a period that passes counts: its entries
            // in the window, the periods between them (they fail) counted as steps in bulk.
            let mut counted = 0;
            let mut stopped = false;
            for (k, v) in w.map.range(w.lo, w.hi) {
                if !test.passes(Some(v)) {
                    continue;
                }
                self.step_to(&mut counted, i64::from(k.raw()) - lo + 1, list)?;
                let item = Value::of_period(*k);
                let t = self.conjunction(depth, item, rest)?;
                if !tally.add(t, item) {
                    stopped = true;
                    break;
                }
            }
            if !stopped {
                self.step_to(&mut counted, hi - lo + 1, list)?;
            }
            if hi >= lo {
                self.locals.truncate(depth);
            }
            return Ok(tally.value());
        }
        let kind = w.lo.kind();
        let mut visited = false;
        for raw in w.lo.raw()..=w.hi.raw() {
            self.steps += 1;
            if self.steps > limits::MAX_STEPS {
                let limit = limits::MAX_STEPS;
                return Err(self.fail(list, EvalErrorKind::TooMuchWork { limit }));
            }
            visited = true;
            let p = Period::from_raw(kind, raw);
            if !test.passes(w.at.get(p)) {
                // The condition is false: only `所有` stops there.
                if !tally.add(Tri::False, Value::None) {
                    break;
                }
                continue;
            }
            let item = Value::of_period(p);
            let t = self.conjunction(depth, item, rest)?;
            if !tally.add(t, item) {
                break;
            }
        }
        if visited {
            self.locals.truncate(depth);
        }
        Ok(tally.value())
    }

    /// Counts the steps of a window's periods up to the `upto`-th (`counted` of them counted
    /// already), failing as the step budget runs out (no step is observed in between).
    #[inline]
    fn step_to(&mut self, counted: &mut i64, upto: i64, list: ExprId) -> Result<(), Fault> {
        let more = u64::try_from(upto - *counted).unwrap_or(0);
        *counted = (*counted).max(upto);
        self.steps += more;
        if self.steps > limits::MAX_STEPS {
            let limit = limits::MAX_STEPS;
            return Err(self.fail(list, EvalErrorKind::TooMuchWork { limit }));
        }
        Ok(())
    }

    /// The conjunction of `parts` (all true: true) with `item` bound at `depth`, as the
    /// compiled `且` computes it.
    #[inline]
    fn conjunction(
        &mut self,
        depth: usize,
        item: Value<'a>,
        parts: &[Operand],
    ) -> Result<Tri, Fault> {
        if parts.is_empty() {
            return Ok(Tri::True);
        }
        self.locals.truncate(depth);
        self.locals.push(item);
        let mut acc = Tri::True;
        for part in parts {
            if acc == Tri::False {
                break;
            }
            acc = acc.and(part.get(self)?.tri());
        }
        self.locals.truncate(depth);
        Ok(acc)
    }
}
