//! Eval stage: the program compiled once per evaluator into a closure per expression node, each
//! calling its children's closures directly and reading its leaves (constants, parameters,
//! fields, slots, variables) in place.
//! It computes exactly what walking the tree computes ([`Ctx::walk`], which explanations still
//! use, and which the few nodes without a compiled form fall back to for themselves).

use std::sync::Arc;

use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Program};
use crate::value::FieldValue;

use super::expr::{compare, either_missing, grade_counts, has_none, index, meets, Ctx};
use super::memo::Independent;
use super::value::{Missing, Tri, Value};
use super::Fault;

mod args;
mod counted;

use args::{by_kind, field, Arg, Operand, D, F, FL, K, L, S};
pub use counted::Counted;

type R<'a> = Result<Value<'a>, Fault>;

/// A compiled expression node.
pub(crate) type Op = Arc<dyn for<'a> Fn(&mut Ctx<'a>) -> R<'a> + Send + Sync>;

/// A program's expression nodes compiled, by node id.
pub struct Code {
    ops: Vec<Option<Op>>,
    /// How many nodes are computed once per evaluation date.
    memos: usize,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({} nodes)", self.ops.len())
    }
}

impl Code {
    /// Compiles every expression node of a program.
    pub(crate) fn new(program: &Program) -> Code {
        let n = program.nodes.len();
        let mut c = Compiler {
            program,
            ops: vec![None; n],
            independent: Independent::new(program),
            memos: 0,
        };
        for i in 0..n {
            if let Ok(i) = u32::try_from(i) {
                c.get(ExprId::new(i));
            }
        }
        Code {
            ops: c.ops,
            memos: c.memos,
        }
    }

    /// How many nodes are computed once per evaluation date.
    pub(crate) fn memos(&self) -> usize {
        self.memos
    }

    /// The compiled form of a node.
    #[inline]
    pub(crate) fn op(&self, id: ExprId) -> Option<&Op> {
        self.ops.get(id.index()).and_then(Option::as_ref)
    }
}

struct Compiler<'p> {
    program: &'p Program,
    ops: Vec<Option<Op>>,
    independent: Independent<'p>,
    memos: usize,
}

/// A stored value that borrows nothing, as an inline operand.
fn inline(v: &FieldValue) -> Option<Value<'static>> {
    Some(match v {
        FieldValue::Absent => Value::None,
        FieldValue::Bool(b) => Value::Bool(*b),
        FieldValue::Num(n) => Value::Num(*n),
        FieldValue::Date(d) => Value::Date(*d),
        FieldValue::Month(m) => Value::Month(*m),
        FieldValue::Quarter(q) => Value::Quarter(*q),
        FieldValue::Duration(n, u) => Value::Dur(*n, *u),
        FieldValue::Enum(i) => Value::Enum(*i),
        FieldValue::Grade(g) => Value::Grade(*g),
        FieldValue::Rung(r) => Value::Rung(*r),
        FieldValue::Major(m) => Value::Major(*m),
        FieldValue::Text(_) | FieldValue::Struct(_) | FieldValue::List(_) | FieldValue::Map(_) => {
            return None
        }
    })
}

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

fn constant(v: Value<'static>) -> Op {
    Arc::new(move |_: &mut Ctx<'_>| Ok(v))
}

/// A node evaluated by walking the tree (its children compiled).
fn walk(id: ExprId) -> Op {
    Arc::new(move |ctx: &mut Ctx<'_>| ctx.walk(id))
}

impl Compiler<'_> {
    fn get(&mut self, id: ExprId) -> Op {
        if let Some(Some(op)) = self.ops.get(id.index()) {
            return op.clone();
        }
        let mut op = self.node(id);
        if self.independent.worth(id) {
            let (k, inner) = (self.memos, op);
            self.memos += 1;
            op = match self.program.node(id).map(|n| &n.kind) {
                // A definition's value also fills its slot, as computing it would.
                Some(NodeKind::Slot(s)) => {
                    let s = *s;
                    Arc::new(move |ctx: &mut Ctx<'_>| {
                        if let Some(v) = ctx.settled(s) {
                            return Ok(v);
                        }
                        let v = ctx.memoized(k, Some(s), &inner)?;
                        ctx.settle(s, v);
                        Ok(v)
                    })
                }
                _ => Arc::new(move |ctx: &mut Ctx<'_>| ctx.memoized(k, None, &inner)),
            };
        }
        if let Some(slot) = self.ops.get_mut(id.index()) {
            *slot = Some(op.clone());
        }
        op
    }

    fn node(&mut self, id: ExprId) -> Op {
        let program = self.program;
        let Some(node) = program.node(id) else {
            return walk(id);
        };
        match &node.kind {
            NodeKind::Const(v) => inline(v).map_or_else(|| walk(id), constant),
            NodeKind::Param(p) => program
                .params
                .get(*p)
                .and_then(|p| inline(&p.value))
                .map_or_else(|| walk(id), constant),
            NodeKind::Field(i) => {
                let i = *i;
                Arc::new(move |ctx: &mut Ctx<'_>| Ok(field(ctx, i)))
            }
            NodeKind::Slot(s) => {
                let s = *s;
                Arc::new(move |ctx: &mut Ctx<'_>| ctx.slot(s))
            }
            NodeKind::Local(d) => {
                let d = usize::from(*d);
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    Ok(ctx.locals.get(d).copied().unwrap_or(Value::None))
                })
            }
            NodeKind::AsOf => Arc::new(|ctx: &mut Ctx<'_>| Ok(Value::Date(ctx.as_of))),
            NodeKind::Member(a, i) => {
                let (a, i) = (self.operand(*a), usize::from(*i));
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    Ok(match a.get(ctx)? {
                        Value::Struct(fs) => fs.get(i).map_or(Value::None, Value::of),
                        v @ Value::Missing(_) => v,
                        _ => Value::None,
                    })
                })
            }
            NodeKind::Index(a, b) => {
                let (a, b) = (self.operand(*a), self.operand(*b));
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let m = a.get(ctx)?;
                    let k = b.get(ctx)?;
                    Ok(index(m, k))
                })
            }
            NodeKind::Not(a) => {
                let a = self.operand(*a);
                Arc::new(move |ctx: &mut Ctx<'_>| Ok((!a.get(ctx)?.tri()).value()))
            }
            NodeKind::Has(a) => match self.leaf(*a) {
                Some(Leaf::Field(i)) => Arc::new(move |ctx: &mut Ctx<'_>| {
                    Ok(Value::Bool(!matches!(
                        ctx.record.fields.get(i),
                        Some(FieldValue::Absent) | None
                    )))
                }),
                _ => {
                    let a = self.operand(*a);
                    Arc::new(move |ctx: &mut Ctx<'_>| Ok(Value::Bool(a.get(ctx)?.is_present())))
                }
            },
            NodeKind::Binary(op, a, b) => self.binary(id, *op, *a, *b),
            NodeKind::Meets(w, alts) => {
                let (w, alts) = (self.operand(*w), alts.clone());
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let v = w.get(ctx)?;
                    if let Value::Missing(m) = v {
                        return Ok(Value::Missing(m));
                    }
                    Ok(Value::Bool(match ctx.counted.as_deref_mut() {
                        Some(c) => c.meets(v, &alts),
                        None => meets(&grade_counts(v), &alts),
                    }))
                })
            }
            NodeKind::HasNo(w, mask) => {
                let (w, mask) = (self.operand(*w), *mask);
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let v = w.get(ctx)?;
                    if let Value::Missing(m) = v {
                        return Ok(Value::Missing(m));
                    }
                    Ok(Value::Bool(match ctx.counted.as_deref_mut() {
                        Some(c) => c.has_none(v, mask),
                        None => has_none(&grade_counts(v), mask),
                    }))
                })
            }
            NodeKind::Quant(q, depth, list, cond) => {
                let (items, cond) = (self.operand(*list), self.operand(*cond));
                let (q, depth, list) = (*q, *depth, *list);
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let v = items.get(ctx)?;
                    ctx.quantify_over(q, depth, list, v, |ctx| cond.get(ctx))
                })
            }
            NodeKind::If(c, a, b) => {
                let (c, a, b) = (self.operand(*c), self.operand(*a), self.operand(*b));
                Arc::new(move |ctx: &mut Ctx<'_>| match c.get(ctx)?.tri() {
                    Tri::True => a.get(ctx),
                    Tri::False => b.get(ctx),
                    Tri::Unknown(m) => Ok(Value::Missing(m)),
                })
            }
            NodeKind::Call(b, args) if args.len() <= ARGS => {
                let ops: Vec<Operand> = args.iter().map(|a| self.operand(*a)).collect();
                let (b, args) = (*b, args.clone());
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let mut vals = [Value::None; ARGS];
                    let mut missing = Missing::default();
                    for (slot, op) in vals.iter_mut().zip(&ops) {
                        *slot = op.get(ctx)?;
                        if let Value::Missing(m) = slot {
                            missing = missing.union(*m);
                        }
                    }
                    if !missing.is_empty() {
                        return Ok(Value::Missing(missing));
                    }
                    ctx.apply(id, b, &args, vals.get(..ops.len()).unwrap_or(&vals))
                })
            }
            NodeKind::Neg(_)
            | NodeKind::Lookup(..)
            | NodeKind::Call(..)
            | NodeKind::Agg(..)
            | NodeKind::Group(..) => walk(id),
        }
    }

    fn binary(&mut self, id: ExprId, op: BinOp, a: ExprId, b: ExprId) -> Op {
        let program = self.program;
        let Some(ty) = program.node(id).map(|n| n.ty.clone()) else {
            return walk(id);
        };
        // `x 属于 [enum members]`: a bit test.
        if let (BinOp::In | BinOp::NotIn, Some(NodeKind::Const(list))) =
            (op, program.node(b).map(|n| &n.kind))
        {
            if let Some(mask) = enum_mask(list) {
                let a = self.operand(a);
                let negated = op == BinOp::NotIn;
                return Arc::new(move |ctx: &mut Ctx<'_>| {
                    Ok(match a.get(ctx)? {
                        m @ Value::Missing(_) => m,
                        Value::Enum(e) => {
                            let found = e < 64 && mask & (1u64 << e) != 0;
                            Value::Bool(found != negated)
                        }
                        Value::None => Value::Bool(false),
                        _ => Value::Bool(negated),
                    })
                });
            }
        }
        let (a_id, b_id) = (a, b);
        match op {
            // `a 且 b 且 c …` nests to the left: one loop over the parts, stopping where the
            // nested form stops.
            BinOp::And => {
                let parts = self.chain(op, a_id, b_id);
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let mut acc = Tri::True;
                    for part in &parts {
                        if acc == Tri::False {
                            return Ok(Value::Bool(false));
                        }
                        acc = acc.and(part.get(ctx)?.tri());
                    }
                    Ok(acc.value())
                })
            }
            BinOp::Or => {
                let parts = self.chain(op, a_id, b_id);
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let mut acc = Tri::False;
                    for part in &parts {
                        if acc == Tri::True {
                            return Ok(Value::Bool(true));
                        }
                        acc = acc.or(part.get(ctx)?.tri());
                    }
                    Ok(acc.value())
                })
            }
            BinOp::Otherwise => {
                let (a, b) = (self.operand(a_id), self.operand(b_id));
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let l = a.get(ctx)?;
                    if l.is_present() {
                        Ok(l)
                    } else {
                        b.get(ctx)
                    }
                })
            }
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::NotIn => {
                let (a, b) = (self.operand(a_id), self.operand(b_id));
                // Against a constant with a place on its order: its position taken once.
                if let Operand::K(k) = b {
                    let y = k.ordinal().filter(|_| k.is_present());
                    let want = match op {
                        BinOp::Lt => Some(LESS),
                        BinOp::Le => Some(LESS | EQUAL),
                        BinOp::Gt => Some(GREATER),
                        BinOp::Ge => Some(GREATER | EQUAL),
                        _ => None,
                    };
                    let plain = !matches!(k, Value::Text(_) | Value::Dur(..));
                    match (y, want, op) {
                        (Some(y), Some(want), _) => return by_kind!(a, a => ordered(want, a, y)),
                        (Some(y), None, BinOp::Eq | BinOp::Ne) if plain => {
                            let ne = op == BinOp::Ne;
                            return by_kind!(a, a => equal(ne, a, k, y));
                        }
                        _ => {}
                    }
                }
                by_kind!(a, a => by_kind!(b, b => comparison(op, a, b)))
            }
            _ => {
                let (a, b) = (self.operand(a_id), self.operand(b_id));
                Arc::new(move |ctx: &mut Ctx<'_>| {
                    let l = a.get(ctx)?;
                    let r = b.get(ctx)?;
                    ctx.strict(id, op, l, r, &ty)
                })
            }
        }
    }

    /// How a parent reads node `id`: in place when it is a leaf (a constant, a field, a slot
    /// not computed once per date, a variable, the date, a field at a variable), else by
    /// calling its compiled form.
    fn operand(&mut self, id: ExprId) -> Operand {
        let program = self.program;
        let kind = |id: ExprId| program.node(id).map(|n| &n.kind);
        if !self.independent.worth(id) {
            match kind(id) {
                Some(NodeKind::Field(i)) => return Operand::F(*i),
                Some(NodeKind::Slot(s)) => return Operand::S(*s),
                Some(NodeKind::Local(d)) => return Operand::L(usize::from(*d)),
                Some(NodeKind::AsOf) => return Operand::D,
                Some(NodeKind::Index(a, b)) => {
                    if let (Some(NodeKind::Field(i)), Some(NodeKind::Local(d))) =
                        (kind(*a), kind(*b))
                    {
                        return Operand::FL(*i, usize::from(*d));
                    }
                }
                _ => {}
            }
            if let Some(Leaf::Const(k)) = self.leaf(id) {
                return Operand::K(k);
            }
        }
        Operand::Op(self.get(id))
    }
}

const LESS: u8 = 1;
const EQUAL: u8 = 2;
const GREATER: u8 = 4;

/// `a < k`, `a <= k`, `a > k` or `a >= k` for a constant `k` at position `y` on its order,
/// `want` the orderings that hold: as [`compare`] does it.
fn ordered<A: Arg>(want: u8, a: A, y: i64) -> Op {
    Arc::new(move |ctx: &mut Ctx<'_>| {
        let l = a.get(ctx)?;
        if let Value::Missing(_) = l {
            return Ok(l);
        }
        // A value with a position is present.
        Ok(Value::Bool(l.ordinal().is_some_and(|x| {
            let bit = match x.cmp(&y) {
                std::cmp::Ordering::Less => LESS,
                std::cmp::Ordering::Equal => EQUAL,
                std::cmp::Ordering::Greater => GREATER,
            };
            want & bit != 0
        })))
    })
}

/// `a = k` or (`ne`) `a ≠ k` for a constant `k` at position `y` on its order, neither text nor
/// a duration: as [`compare`] does it.
fn equal<A: Arg>(ne: bool, a: A, k: Value<'static>, y: i64) -> Op {
    Arc::new(move |ctx: &mut Ctx<'_>| {
        let l = a.get(ctx)?;
        if let Value::Missing(_) = l {
            return Ok(l);
        }
        let k: Value<'_> = k;
        let same =
            std::mem::discriminant(&l) == std::mem::discriminant(&k) && l.ordinal() == Some(y);
        Ok(Value::Bool(l.is_present() && same != ne))
    })
}

/// A comparison or membership test, its operands read in place.
fn comparison<A: Arg, B: Arg>(op: BinOp, a: A, b: B) -> Op {
    Arc::new(move |ctx: &mut Ctx<'_>| {
        let l = a.get(ctx)?;
        let r = b.get(ctx)?;
        if let Some(m) = either_missing(l, r) {
            return Ok(m);
        }
        Ok(compare(op, l, r).unwrap_or(Value::None))
    })
}

/// A node read in place by its parent.
enum Leaf {
    /// A constant or parameter that borrows nothing.
    Const(Value<'static>),
    /// A top-level record field.
    Field(usize),
}

impl Compiler<'_> {
    /// A constant, parameter or record field, to be read in place.
    fn leaf(&self, id: ExprId) -> Option<Leaf> {
        let program = self.program;
        match &program.node(id)?.kind {
            NodeKind::Const(v) => inline(v).map(Leaf::Const),
            NodeKind::Param(p) => inline(&program.params.get(*p)?.value).map(Leaf::Const),
            NodeKind::Field(i) => Some(Leaf::Field(*i)),
            _ => None,
        }
    }

    /// The parts of `a op b` where `a` is itself `… op …`, leftmost first, compiled.
    fn chain(&mut self, op: BinOp, a: ExprId, b: ExprId) -> Vec<Operand> {
        let mut parts = vec![b];
        let mut left = a;
        while let Some(NodeKind::Binary(o, l, r)) = self.program.node(left).map(|n| &n.kind) {
            if *o != op {
                break;
            }
            parts.push(*r);
            left = *l;
        }
        parts.push(left);
        parts.iter().rev().map(|p| self.operand(*p)).collect()
    }
}

/// The most arguments of a built-in call with a compiled form.
const ARGS: usize = 4;
