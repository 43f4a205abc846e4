//! Eval stage: evaluating an expression node for one record, in three-valued logic.

use crate::calendar::{Date, Month, Period, Uncovered};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Quantifier};
use crate::program::{Program, Type};
use crate::value::{FieldValue, Num, Record};

use super::value::{Missing, Tri, Value};
use super::{limits, EvalError, EvalErrorKind, Fault};

/// What an expression reads: the program, the record, the date, and the values computed so far.
pub struct Ctx<'a> {
    pub(crate) program: &'a Program,
    pub(crate) record: &'a Record,
    pub(crate) as_of: Date,
    pub(crate) slots: Vec<Value<'a>>,
    /// Definitions not computed yet (they are computed on first use).
    pub(crate) lazy: Vec<bool>,
    pub(crate) locals: Vec<Value<'a>>,
    pub(crate) uncovered: Uncovered,
    /// Quantifier steps taken so far (bounded by [`super::limits::MAX_STEPS`]).
    pub(crate) steps: u64,
    /// The record's place in the roster decisions' groups, when the roster batch ranked them.
    pub(crate) standing: Option<&'a super::roster::Standing>,
    /// The program compiled for fast evaluation; none when explanations probe the tree.
    pub(crate) code: Option<&'a super::compile::Code>,
    /// Grade counts of the windows counted so far in this record's evaluation (none: not
    /// kept).
    pub(crate) counted: Option<Box<super::compile::Counted>>,
    /// The record-independent nodes' values on the evaluation date.
    pub(crate) memo: super::memo::Memo,
    /// What compiled conditions leave besides their truth value.
    pub(crate) cond: super::compile::CondState,
}

type R<'a> = Result<Value<'a>, Fault>;

impl<'a> Ctx<'a> {
    pub(crate) fn fail(&self, id: ExprId, kind: EvalErrorKind) -> Fault {
        let span = self.program.node(id).map(|n| n.span).unwrap_or_default();
        Box::new(EvalError {
            kind,
            span,
            place: Box::new(super::Place {
                expr: super::excerpt(&self.program.source.text, span),
                ..super::Place::default()
            }),
        })
    }

    /// A slot's value, its definition computed on first use.
    #[inline]
    pub(super) fn slot(&mut self, s: usize) -> R<'a> {
        if self.lazy.get(s).copied().unwrap_or(false) {
            if let Some(flag) = self.lazy.get_mut(s) {
                *flag = false;
            }
            let v = match self.code.and_then(|c| c.slot_root(s)) {
                Some(root) => Some(root.run(self)?),
                None => match self.program.slot_lets.get(s) {
                    Some(Some(e)) => Some(self.eval(*e)?),
                    _ => None,
                },
            };
            if let (Some(v), Some(slot)) = (v, self.slots.get_mut(s)) {
                *slot = v;
                return Ok(v);
            }
        }
        Ok(self.slots.get(s).copied().unwrap_or(Value::None))
    }

    /// A slot's value if it is computed already.
    #[inline]
    pub(super) fn settled(&self, s: usize) -> Option<Value<'a>> {
        match self.lazy.get(s) {
            Some(false) => self.slots.get(s).copied(),
            _ => None,
        }
    }

    /// Fills a definition's slot with its value, computed elsewhere.
    #[inline]
    pub(super) fn settle(&mut self, s: usize, v: Value<'a>) {
        if let (Some(flag), Some(slot)) = (self.lazy.get_mut(s), self.slots.get_mut(s)) {
            if *flag {
                *flag = false;
                *slot = v;
            }
        }
    }

    /// A group function: from the record's standing; unknown before the roster is ranked, and
    /// for a record outside any group (its group field missing).
    fn group(&self, d: usize, g: crate::program::roster::GroupFn) -> Value<'a> {
        use crate::program::roster::GroupFn;
        let Some(place) = self.standing.and_then(|s| s.place(d)) else {
            return Value::Missing(Missing::default());
        };
        if let Some(m) = place.outside() {
            return Value::Missing(m);
        }
        let int = |n: u32| Num::from_int(i64::from(n)).map_or(Value::None, Value::Num);
        match g {
            GroupFn::Size => int(place.size),
            GroupFn::Rank => match place.rank {
                Some(r) => int(r),
                None => Value::Missing(place.unranked),
            },
            GroupFn::Mean(i) => match place.means.get(i).and_then(|m| m.value) {
                Some(n) => Value::Num(n),
                None => Value::None,
            },
        }
    }

    /// The value of a node: by its compiled form when the evaluator made one, else by walking
    /// the tree (explanations probe the tree).
    #[inline]
    pub fn eval(&mut self, id: ExprId) -> R<'a> {
        if let Some(root) = self.code.and_then(|c| c.op(id)) {
            return root.run(self);
        }
        self.walk(id)
    }

    /// The truth value of a node (none is false), as a rule's condition is read: its value
    /// made a [`Tri`], without making the value when its compiled form gives a truth.
    #[inline]
    pub(crate) fn tri(&mut self, id: ExprId) -> Result<Tri, Fault> {
        match self.code.and_then(|c| c.op(id)) {
            Some(root) => root.tri(self),
            None => self.walk_tri(id),
        }
    }

    /// The truth value of a node walked.
    #[inline(never)]
    fn walk_tri(&mut self, id: ExprId) -> Result<Tri, Fault> {
        self.walk(id).map(Value::tri)
    }

    /// The value of a node, computed from its children's values.
    pub(super) fn walk(&mut self, id: ExprId) -> R<'a> {
        let program = self.program;
        let Some(node) = program.node(id) else {
            return Err(self.fail(id, EvalErrorKind::Internal("no such node")));
        };
        Ok(match &node.kind {
            NodeKind::Group(d, g) => self.group(*d, *g),
            NodeKind::Const(v) => Value::of(v),
            NodeKind::Field(i) => match self.record.fields.get(*i) {
                Some(FieldValue::Absent) | None => Value::Missing(Missing::field(*i)),
                Some(v) => Value::of(v),
            },
            NodeKind::Slot(s) => self.slot(*s)?,
            NodeKind::Param(p) => program
                .params
                .get(*p)
                .map_or(Value::None, |p| Value::of(&p.value)),
            NodeKind::Local(d) => self
                .locals
                .get(usize::from(*d))
                .copied()
                .unwrap_or(Value::None),
            NodeKind::AsOf => Value::Date(self.as_of),
            NodeKind::Member(a, i) => match self.eval(*a)? {
                Value::Struct(fs) => fs.get(usize::from(*i)).map_or(Value::None, Value::of),
                v @ Value::Missing(_) => v,
                _ => Value::None,
            },
            NodeKind::Index(a, b) => {
                let (m, k) = (self.eval(*a)?, self.eval(*b)?);
                index(m, k)
            }
            NodeKind::Not(a) => (!self.eval(*a)?.tri()).value(),
            NodeKind::Neg(a) => match self.eval(*a)? {
                Value::Num(n) => Value::Num(
                    n.checked_neg()
                        .ok_or_else(|| self.fail(id, EvalErrorKind::Overflow))?,
                ),
                v => v,
            },
            NodeKind::Has(a) => Value::Bool(self.eval(*a)?.is_present()),
            NodeKind::Binary(op, a, b) => self.binary(id, *op, *a, *b, &node.ty)?,
            NodeKind::Meets(w, alts) => {
                let v = self.eval(*w)?;
                if let Value::Missing(m) = v {
                    return Ok(Value::Missing(m));
                }
                Value::Bool(meets(&grade_counts(v), alts))
            }
            NodeKind::HasNo(w, mask) => {
                let v = self.eval(*w)?;
                if let Value::Missing(m) = v {
                    return Ok(Value::Missing(m));
                }
                Value::Bool(has_none(&grade_counts(v), *mask))
            }
            NodeKind::Quant(q, depth, list, cond) => self.quantify(*q, *depth, *list, *cond)?,
            NodeKind::If(c, a, b) => match self.eval(*c)?.tri() {
                Tri::True => self.eval(*a)?,
                Tri::False => self.eval(*b)?,
                Tri::Unknown(m) => Value::Missing(m),
            },
            NodeKind::Call(b, args) => self.call(id, *b, args)?,
            NodeKind::Lookup(t, key) => self.lookup(id, *t, *key)?,
            NodeKind::Agg(agg, depth, list, filter, value) => {
                self.aggregate(id, *agg, *depth, *list, *filter, *value, &node.ty)?
            }
        })
    }

    fn binary(&mut self, id: ExprId, op: BinOp, a: ExprId, b: ExprId, ty: &Type) -> R<'a> {
        match op {
            BinOp::And => {
                let l = self.eval(a)?.tri();
                if l == Tri::False {
                    return Ok(Value::Bool(false));
                }
                return Ok(l.and(self.eval(b)?.tri()).value());
            }
            BinOp::Or => {
                let l = self.eval(a)?.tri();
                if l == Tri::True {
                    return Ok(Value::Bool(true));
                }
                return Ok(l.or(self.eval(b)?.tri()).value());
            }
            BinOp::Otherwise => {
                let l = self.eval(a)?;
                return if l.is_present() { Ok(l) } else { self.eval(b) };
            }
            _ => {}
        }
        let (l, r) = (self.eval(a)?, self.eval(b)?);
        self.strict(id, op, l, r, ty)
    }

    /// A binary operation that reads both operands, on their values.
    #[inline]
    pub(super) fn strict(
        &mut self,
        id: ExprId,
        op: BinOp,
        l: Value<'a>,
        r: Value<'a>,
        ty: &Type,
    ) -> R<'a> {
        if let Some(m) = either_missing(l, r) {
            return Ok(m);
        }
        if let Some(v) = compare(op, l, r) {
            return Ok(v);
        }
        Ok(match op {
            BinOp::Range => {
                let range = match (l, r) {
                    (Value::Num(x), Value::Num(y)) => match (x.as_int(), y.as_int()) {
                        (Some(x), Some(y)) => Value::IntRange(x, y),
                        _ => Value::None,
                    },
                    (Value::Month(x), Value::Month(y)) => Value::MonthRange(x, y),
                    (Value::Quarter(x), Value::Quarter(y)) => Value::QuarterRange(x, y),
                    (Value::Date(x), Value::Date(y)) => Value::DateRange(x, y),
                    _ => Value::None,
                };
                let len = match range {
                    Value::IntRange(x, y) => limits::range_len(x, y),
                    Value::MonthRange(x, y) => {
                        limits::range_len(i64::from(x.raw()), i64::from(y.raw()))
                    }
                    Value::QuarterRange(x, y) => {
                        limits::range_len(i64::from(x.raw()), i64::from(y.raw()))
                    }
                    Value::DateRange(x, y) => {
                        limits::range_len(i64::from(x.raw()), i64::from(y.raw()))
                    }
                    _ => 0,
                };
                if len > limits::MAX_RANGE {
                    let limit = limits::MAX_RANGE;
                    return Err(self.fail(id, EvalErrorKind::RangeTooLarge { len, limit }));
                }
                range
            }
            _ => {
                let top = super::ops::ladder_top(self.program, ty);
                super::ops::arithmetic(self, id, op, l, r, top)?
            }
        })
    }

    fn quantify(&mut self, q: Quantifier, depth: u16, list: ExprId, cond: ExprId) -> R<'a> {
        let items = self.eval(list)?;
        self.quantify_over(q, depth, list, items, |ctx| ctx.eval(cond))
    }

    /// A quantifier over the elements of `items` (the value of node `list`), `cond` giving
    /// whether an element meets it.
    #[inline]
    pub(super) fn quantify_over(
        &mut self,
        q: Quantifier,
        depth: u16,
        list: ExprId,
        items: Value<'a>,
        cond: impl Fn(&mut Ctx<'a>) -> R<'a>,
    ) -> R<'a> {
        if let Value::Missing(m) = items {
            return Ok(Value::Missing(m));
        }
        let depth = usize::from(depth);
        let mut tally = Tally::new(q);
        let mut each = |ctx: &mut Ctx<'a>, item: Value<'a>| -> Result<bool, Fault> {
            ctx.locals.truncate(depth);
            ctx.locals.push(item);
            let t = cond(ctx)?.tri();
            ctx.locals.truncate(depth);
            Ok(tally.add(t, item))
        };
        each_item(self, list, items, &mut each)?;
        Ok(tally.value())
    }
}

/// What a quantifier's elements gave so far: the fields that left its condition unknown, how
/// many met it, the first that met it, and whether one decided it.
pub(super) struct Tally<'a> {
    q: Quantifier,
    unknown: Missing,
    count: i64,
    found: Option<Value<'a>>,
    decided: Option<bool>,
}

impl<'a> Tally<'a> {
    #[inline]
    pub(super) fn new(q: Quantifier) -> Self {
        Tally {
            q,
            unknown: Missing::default(),
            count: 0,
            found: None,
            decided: None,
        }
    }

    /// Takes an element's condition: whether the quantifier looks at the next element.
    #[inline]
    pub(super) fn add(&mut self, t: Tri, item: Value<'a>) -> bool {
        match (self.q, t) {
            (_, Tri::Unknown(m)) => {
                self.unknown = self.unknown.union(m);
                true
            }
            (Quantifier::Any, Tri::True) => {
                self.decided = Some(true);
                false
            }
            (Quantifier::All, Tri::False) => {
                self.decided = Some(false);
                false
            }
            (Quantifier::Count, Tri::True) => {
                self.count += 1;
                true
            }
            (Quantifier::First, Tri::True) => {
                self.found = Some(item);
                false
            }
            _ => true,
        }
    }

    /// The quantifier's value.
    #[inline]
    pub(super) fn value(self) -> Value<'a> {
        let unknown = (!self.unknown.is_empty()).then_some(Value::Missing(self.unknown));
        match self.q {
            Quantifier::Any => match self.decided {
                Some(true) => Value::Bool(true),
                _ => unknown.unwrap_or(Value::Bool(false)),
            },
            Quantifier::All => match self.decided {
                Some(false) => Value::Bool(false),
                _ => unknown.unwrap_or(Value::Bool(true)),
            },
            Quantifier::Count => {
                unknown.unwrap_or_else(|| Num::from_int(self.count).map_or(Value::None, Value::Num))
            }
            Quantifier::First => unknown.or(self.found).unwrap_or(Value::None),
        }
    }
}

/// Calls `f` on each element of a list, range, window or map (the value of node `list`), until
/// it returns false. Every element is a step of the record's budget.
pub(super) fn each_item<'a>(
    ctx: &mut Ctx<'a>,
    list: ExprId,
    items: Value<'a>,
    f: &mut impl FnMut(&mut Ctx<'a>, Value<'a>) -> Result<bool, Fault>,
) -> Result<(), Fault> {
    let mut f = |ctx: &mut Ctx<'a>, item: Value<'a>| {
        ctx.steps += 1;
        if ctx.steps > limits::MAX_STEPS {
            let limit = limits::MAX_STEPS;
            return Err(ctx.fail(list, EvalErrorKind::TooMuchWork { limit }));
        }
        f(ctx, item)
    };
    let f = &mut f;
    match items {
        Value::List(xs) => {
            for x in xs {
                if !f(ctx, Value::of(x))? {
                    break;
                }
            }
        }
        Value::Window(_, lo, hi) => {
            for raw in lo.raw()..=hi.raw() {
                if !f(ctx, Value::of_period(Period::from_raw(lo.kind(), raw)))? {
                    break;
                }
            }
        }
        Value::MonthRange(lo, hi) => {
            for raw in lo.raw()..=hi.raw() {
                if !f(ctx, Value::Month(Month::from_raw(raw)))? {
                    break;
                }
            }
        }
        Value::QuarterRange(lo, hi) => {
            for raw in lo.raw()..=hi.raw() {
                if !f(ctx, Value::Quarter(crate::calendar::Quarter::from_raw(raw)))? {
                    break;
                }
            }
        }
        Value::Map(m) => {
            for (k, _) in m.entries() {
                if !f(ctx, Value::of_period(*k))? {
                    break;
                }
            }
        }
        Value::IntRange(a, b) => {
            for n in a..=b {
                if !f(ctx, Num::from_int(n).map_or(Value::None, Value::Num))? {
                    break;
                }
            }
        }
        Value::DateRange(a, b) => {
            for raw in a.raw()..=b.raw() {
                if !f(ctx, Value::Date(Date::from_raw(raw)))? {
                    break;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

impl<'a> Ctx<'a> {
    /// The first element of `list` for which `cond` holds, with the element bound at depth 0.
    pub(crate) fn first_match(
        &mut self,
        list: ExprId,
        cond: ExprId,
    ) -> Result<Option<Value<'a>>, Fault> {
        let items = self.eval(list)?;
        let mut found = None;
        each_item(self, list, items, &mut |ctx: &mut Ctx<'a>, item| {
            ctx.locals.truncate(0);
            ctx.locals.push(item);
            let t = ctx.eval(cond)?.tri();
            ctx.locals.truncate(0);
            if t == Tri::True {
                found = Some(item);
                return Ok(false);
            }
            Ok(true)
        })?;
        Ok(found)
    }
}

/// A value as a map's key: a month, a quarter, or a whole number as a year.
fn key(v: Value<'_>) -> Option<Period> {
    match v {
        Value::Month(m) => Some(Period::Month(m)),
        Value::Quarter(q) => Some(Period::Quarter(q)),
        Value::Num(n) => n
            .as_int()
            .and_then(|y| i32::try_from(y).ok())
            .map(Period::Year),
        _ => None,
    }
}

/// A range as the keys of a window: months, quarters, or whole numbers as years.
fn key_range(v: Value<'_>) -> Option<(Period, Period)> {
    let year = |y: i64| i32::try_from(y).ok().map(Period::Year);
    match v {
        Value::MonthRange(a, b) => Some((Period::Month(a), Period::Month(b))),
        Value::QuarterRange(a, b) => Some((Period::Quarter(a), Period::Quarter(b))),
        // A range past the years a key can hold is clamped: no entry lies beyond them.
        Value::IntRange(a, b) => Some((
            year(a.clamp(i64::from(i32::MIN), i64::from(i32::MAX)))?,
            year(b.clamp(i64::from(i32::MIN), i64::from(i32::MAX)))?,
        )),
        _ => None,
    }
}

/// `map[key]`, `map[from .. to]`, `window[key]`, `window[from .. to]`.
pub(super) fn index<'a>(m: Value<'a>, k: Value<'a>) -> Value<'a> {
    match (m, k) {
        (Value::Missing(a), Value::Missing(b)) => Value::Missing(a.union(b)),
        (Value::Missing(a), _) | (_, Value::Missing(a)) => Value::Missing(a),
        (Value::Map(map), k) => match (key(k), key_range(k)) {
            (Some(k), _) => map.get(k).map_or(Value::None, Value::of),
            (None, Some((lo, hi))) => Value::Window(map, lo, hi),
            (None, None) => Value::None,
        },
        (Value::Window(map, a, b), k) => match (key(k), key_range(k)) {
            (Some(k), _) if a <= k && k <= b => map.get(k).map_or(Value::None, Value::of),
            (None, Some((lo, hi))) => Value::Window(map, a.max(lo), b.min(hi)),
            _ => Value::None,
        },
        _ => Value::None,
    }
}

/// Unknown when either operand is, with the fields both miss.
#[inline]
pub(super) fn either_missing<'a>(l: Value<'a>, r: Value<'a>) -> Option<Value<'a>> {
    match (l.missing(), r.missing()) {
        (Some(x), Some(y)) => Some(Value::Missing(x.union(y))),
        (Some(x), None) | (None, Some(x)) => Some(Value::Missing(x)),
        _ => None,
    }
}

/// A comparison or membership test of two values, neither unknown (none for another
/// operator).
#[inline]
pub(super) fn compare<'a>(op: BinOp, l: Value<'a>, r: Value<'a>) -> Option<Value<'a>> {
    let cmp = |ok: fn(std::cmp::Ordering) -> bool| -> Value<'a> {
        match (l.ordinal(), r.ordinal()) {
            (Some(x), Some(y)) if l.is_present() && r.is_present() => Value::Bool(ok(x.cmp(&y))),
            _ => Value::Bool(false),
        }
    };
    Some(match op {
        BinOp::Eq => Value::Bool(l.is_present() && r.is_present() && l.same(r)),
        BinOp::Ne => Value::Bool(l.is_present() && r.is_present() && !l.same(r)),
        BinOp::Lt => cmp(|o| o.is_lt()),
        BinOp::Le => cmp(|o| o.is_le()),
        BinOp::Gt => cmp(|o| o.is_gt()),
        BinOp::Ge => cmp(|o| o.is_ge()),
        BinOp::In => Value::Bool(contains(r, l)),
        BinOp::NotIn => Value::Bool(l.is_present() && !contains(r, l)),
        _ => return None,
    })
}

/// Whether a list, range, window or map holds a value.
pub(super) fn contains(haystack: Value<'_>, needle: Value<'_>) -> bool {
    if !needle.is_present() {
        return false;
    }
    match (haystack, needle) {
        (Value::List(xs), n) => xs.iter().any(|x| n.equals(x)),
        (Value::IntRange(a, b), Value::Num(n)) => n.as_int().is_some_and(|n| a <= n && n <= b),
        (Value::MonthRange(a, b), Value::Month(m)) => a <= m && m <= b,
        (Value::QuarterRange(a, b), Value::Quarter(q)) => a <= q && q <= b,
        (Value::Window(_, a, b), k) => key(k).is_some_and(|k| a <= k && k <= b),
        (Value::DateRange(a, b), Value::Date(d)) => a <= d && d <= b,
        (Value::Map(map), k) => key(k).is_some_and(|k| map.get(k).is_some()),
        _ => false,
    }
}

/// How many grades of each rank a window, map or list holds.
pub(crate) fn grade_counts(v: Value<'_>) -> [u32; 64] {
    let mut counts = [0u32; 64];
    let mut add = |f: &FieldValue| {
        if let FieldValue::Grade(g) = f {
            if let Some(c) = counts.get_mut(usize::from(*g)) {
                *c += 1;
            }
        }
    };
    match v {
        Value::Window(m, lo, hi) => m.range(lo, hi).iter().for_each(|(_, g)| add(g)),
        Value::Map(m) => m.entries().iter().for_each(|(_, g)| add(g)),
        Value::List(xs) => xs.iter().for_each(add),
        _ => {}
    }
    counts
}

/// Whether grade counts meet one of a pattern's alternatives.
#[inline]
pub(super) fn meets(counts: &[u32; 64], alts: &[Vec<(u32, u8)>]) -> bool {
    alts.iter().any(|alt| {
        alt.iter()
            .all(|&(need, rank)| at_or_above(counts, rank) >= need)
    })
}

/// Whether grade counts hold none of the grades whose ranks are set in `mask`.
#[inline]
pub(super) fn has_none(counts: &[u32; 64], mask: u64) -> bool {
    counts
        .iter()
        .enumerate()
        .all(|(r, &c)| mask & (1u64 << r) == 0 || c == 0)
}

/// How many grades are at `rank` or better.
pub(crate) fn at_or_above(counts: &[u32; 64], rank: u8) -> u32 {
    counts.iter().skip(usize::from(rank)).sum()
}
