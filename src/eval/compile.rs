//! Eval stage: the program compiled once per evaluator into a closure per expression node, each
//! calling its children's closures directly and reading its leaves (constants, parameters,
//! fields, slots, variables) in place.
//! It computes exactly what walking the tree computes ([`Ctx::walk`], which explanations still
//! use, and which the few nodes without a compiled form fall back to for themselves).

use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Program};
use crate::value::FieldValue;

use super::expr::{index, Ctx};
use super::memo::Independent;
use super::value::{Missing, Value};
use super::Fault;

mod args;
mod compare;
mod cond;
mod counted;
mod typed;
mod window;

use args::{field, Arg, Operand};
pub(crate) use cond::CondState;
use cond::{AsCond, AsValue, Root, T};
pub use counted::Counted;
use counted::{uncounted_has_none, uncounted_meets};

type R<'a> = Result<Value<'a>, Fault>;

/// A compiled expression node, owned by its parent (or, for a root, by [`Code`]).
pub(crate) type Op = Box<dyn for<'a> Fn(&mut Ctx<'a>) -> R<'a> + Send + Sync>;

/// No root: the node is read by its compiled parent (a node evaluated by id all the same is
/// walked, its children by id in turn: the same values).
const NO_ROOT: u16 = u16::MAX;

/// A program's expression nodes compiled: the roots (the nodes evaluated by id: conditions,
/// definitions, the children of nodes walked), each owning its compiled children.
pub struct Code {
    /// Per node id, its place in `roots`, or [`NO_ROOT`].
    index: Vec<u16>,
    /// The roots, densely, in node order.
    roots: Vec<Root>,
    /// How many values are computed once per evaluation date.
    memos: usize,
    /// Per slot: whether computing its definition may take quantifier steps.
    stepping: Vec<bool>,
    /// Per slot: the place in `roots` of its definition's expression, or [`NO_ROOT`] (so that
    /// a definition read first is computed without looking up its expression's id).
    slot_roots: Vec<u16>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({} roots)", self.roots.len())
    }
}

impl Code {
    /// Compiles every expression node of a program.
    pub(crate) fn new(program: &Program) -> Code {
        let n = program.nodes.len();
        let mut c = Compiler {
            program,
            roots: std::iter::repeat_with(|| None).take(n).collect(),
            claimed: vec![false; n],
            memo_ids: vec![None; n],
            independent: Independent::new(program),
            memos: 0,
        };
        // Parents before their children where ids grow upwards: a child claimed by its parent
        // is compiled once, into it.
        for i in (0..n).rev() {
            let Ok(id) = u32::try_from(i).map(ExprId::new) else {
                continue;
            };
            if !c.claimed.get(i).copied().unwrap_or(true) {
                let root = if c.is_cond(id) {
                    Root::T(c.cond_node::<AsCond>(id))
                } else {
                    Root::V(c.get(id))
                };
                if let Some(slot) = c.roots.get_mut(i) {
                    *slot = Some(root);
                }
            }
        }
        let mut index = vec![NO_ROOT; n];
        let mut roots = Vec::new();
        for (i, (op, claimed)) in c.roots.into_iter().zip(&c.claimed).enumerate() {
            if let (Some(op), false) = (op, claimed) {
                if let (Some(at), Ok(k)) = (index.get_mut(i), u16::try_from(roots.len())) {
                    if k != NO_ROOT {
                        *at = k;
                        roots.push(op);
                    }
                }
            }
        }
        let stepping = (0..program.slots)
            .map(|s| c.independent.stepping(s))
            .collect();
        let slot_roots = (program.slot_lets.iter())
            .map(|e| {
                e.and_then(|e| index.get(e.index()).copied())
                    .unwrap_or(NO_ROOT)
            })
            .collect();
        Code {
            index,
            roots,
            memos: c.memos,
            stepping,
            slot_roots,
        }
    }

    /// The compiled form of a slot's definition (none: no definition, or walk it).
    #[inline]
    pub(crate) fn slot_root(&self, s: usize) -> Option<&Root> {
        let k = self.slot_roots.get(s)?;
        self.roots.get(usize::from(*k))
    }

    /// Whether computing a definition's slot may take quantifier steps.
    pub(crate) fn stepping(&self, slot: usize) -> bool {
        self.stepping.get(slot).copied().unwrap_or(true)
    }

    /// How many values are computed once per evaluation date.
    pub(crate) fn memos(&self) -> usize {
        self.memos
    }

    /// The compiled form of a node evaluated by id (none: walk it).
    #[inline]
    pub(crate) fn op(&self, id: ExprId) -> Option<&Root> {
        let k = self.index.get(id.index())?;
        self.roots.get(usize::from(*k))
    }
}

struct Compiler<'p> {
    program: &'p Program,
    /// Nodes compiled as roots, until a parent claims them.
    roots: Vec<Option<Root>>,
    /// Per node: read by a compiled parent (so not a root).
    claimed: Vec<bool>,
    /// Per node: its place in the memo, once given (a node claimed twice is compiled twice).
    memo_ids: Vec<Option<usize>>,
    independent: Independent<'p>,
    memos: usize,
}

/// A stored value that borrows nothing, as an inline operand.
pub(super) fn inline(v: &FieldValue) -> Option<Value<'static>> {
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

fn constant(v: Value<'static>) -> Op {
    Box::new(move |_: &mut Ctx<'_>| Ok(v))
}

/// A node evaluated by walking the tree (its children compiled).
fn walk(id: ExprId) -> Op {
    Box::new(move |ctx: &mut Ctx<'_>| ctx.walk(id))
}

impl Compiler<'_> {
    /// Node `id` compiled, for a parent that reads it: taken from the roots if compiled
    /// there already.
    fn claim(&mut self, id: ExprId) -> Op {
        self.mark(id);
        match self.roots.get_mut(id.index()).and_then(Option::take) {
            Some(root) => root.into_op(),
            None => self.get(id),
        }
    }

    /// Marks node `id` as read by a compiled parent.
    fn mark(&mut self, id: ExprId) {
        if let Some(c) = self.claimed.get_mut(id.index()) {
            *c = true;
        }
    }

    fn get(&mut self, id: ExprId) -> Op {
        let op = self.node(id);
        // Computed once per date, or once per date for each member of the enum field it
        // reads (then `entries` a member, and one for the field absent).
        let (by, entries) = if self.independent.worth(id) {
            (None, 1)
        } else if let Some((f, members)) = self.independent.keyed(id) {
            (Some((f, members)), members + 1)
        } else {
            return op;
        };
        let k = match self.memo_ids.get(id.index()).copied().flatten() {
            Some(k) => k,
            None => {
                let k = self.memos;
                self.memos += entries;
                if let Some(m) = self.memo_ids.get_mut(id.index()) {
                    *m = Some(k);
                }
                k
            }
        };
        let inner = op;
        let own = match self.program.node(id).map(|n| &n.kind) {
            Some(NodeKind::Slot(s)) => Some(*s),
            _ => None,
        };
        match (own, by) {
            // A definition's value also fills its slot, as computing it would.
            (Some(s), by) => Box::new(move |ctx: &mut Ctx<'_>| {
                if let Some(v) = ctx.settled(s) {
                    return Ok(v);
                }
                let v = match by {
                    None => ctx.memoized(k, Some(s), &inner)?,
                    Some((f, n)) => ctx.memoized_by(k, f, n, Some(s), &inner)?,
                };
                ctx.settle(s, v);
                Ok(v)
            }),
            (None, None) => Box::new(move |ctx: &mut Ctx<'_>| ctx.memoized(k, None, &inner)),
            (None, Some((f, n))) => {
                Box::new(move |ctx: &mut Ctx<'_>| ctx.memoized_by(k, f, n, None, &inner))
            }
        }
    }

    fn node(&mut self, id: ExprId) -> Op {
        let program = self.program;
        let Some(node) = program.node(id) else {
            return walk(id);
        };
        if self.is_cond(id) {
            return self.cond_node::<AsValue>(id);
        }
        match &node.kind {
            NodeKind::Const(v) => inline(v).map_or_else(|| walk(id), constant),
            NodeKind::Param(p) => program
                .params
                .get(*p)
                .and_then(|p| inline(&p.value))
                .map_or_else(|| walk(id), constant),
            NodeKind::Field(i) => {
                let i = *i;
                Box::new(move |ctx: &mut Ctx<'_>| Ok(field(ctx, i)))
            }
            NodeKind::Slot(s) => {
                let s = *s;
                Box::new(move |ctx: &mut Ctx<'_>| ctx.slot(s))
            }
            NodeKind::Local(d) => {
                let d = usize::from(*d);
                Box::new(move |ctx: &mut Ctx<'_>| {
                    Ok(ctx.locals.get(d).copied().unwrap_or(Value::None))
                })
            }
            NodeKind::AsOf => Box::new(|ctx: &mut Ctx<'_>| Ok(Value::Date(ctx.as_of))),
            NodeKind::Member(a, i) => {
                let (a, i) = (self.operand(*a), usize::from(*i));
                Box::new(move |ctx: &mut Ctx<'_>| {
                    Ok(match a.get(ctx)? {
                        Value::Struct(fs) => fs.get(i).map_or(Value::None, Value::of),
                        v @ Value::Missing(_) => v,
                        _ => Value::None,
                    })
                })
            }
            NodeKind::Index(a, b) => {
                let (a, b) = (self.operand(*a), self.operand(*b));
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let m = a.get(ctx)?;
                    let k = b.get(ctx)?;
                    Ok(index(m, k))
                })
            }
            // Memoized (else compiled as conditions above): their value forms read as one.
            NodeKind::Not(_) | NodeKind::Has(_) => self.cond_node::<AsValue>(id),
            NodeKind::Binary(op, a, b) => self.binary(id, *op, *a, *b),
            NodeKind::Meets(w, alts) => {
                let (w, alts) = (self.operand(*w), alts.clone());
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let v = w.get(ctx)?;
                    if let Value::Missing(m) = v {
                        return Ok(Value::Missing(m));
                    }
                    Ok(Value::Bool(match ctx.counted.as_deref_mut() {
                        Some(c) => c.meets(v, &alts),
                        None => uncounted_meets(v, &alts),
                    }))
                })
            }
            NodeKind::HasNo(w, mask) => {
                let (w, mask) = (self.operand(*w), *mask);
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let v = w.get(ctx)?;
                    if let Value::Missing(m) = v {
                        return Ok(Value::Missing(m));
                    }
                    Ok(Value::Bool(match ctx.counted.as_deref_mut() {
                        Some(c) => c.has_none(v, mask),
                        None => uncounted_has_none(v, mask),
                    }))
                })
            }
            NodeKind::Quant(q, depth, list, cond) => self.quant(*q, *depth, *list, *cond),
            NodeKind::If(c, a, b) => {
                let (c, a, b) = (self.part(*c), self.operand(*a), self.operand(*b));
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let t = c.get(ctx);
                    match t {
                        T::True => a.get(ctx),
                        T::False => b.get(ctx),
                        T::Unknown | T::Fault => cond::value(ctx, t),
                    }
                })
            }
            NodeKind::Call(b, args) if args.len() <= ARGS => {
                let ops: Vec<Operand> = args.iter().map(|a| self.operand(*a)).collect();
                let ops = match typed::call(*b, ops) {
                    Ok(op) => return op,
                    Err(ops) => ops,
                };
                let (b, args) = (*b, args.clone());
                Box::new(move |ctx: &mut Ctx<'_>| {
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
        if cond::gives_truth(op) {
            return self.cond_node::<AsValue>(id);
        }
        match op {
            BinOp::Otherwise => {
                let (a, b) = (self.operand(a), self.operand(b));
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let l = a.get(ctx)?;
                    if l.is_present() {
                        Ok(l)
                    } else {
                        b.get(ctx)
                    }
                })
            }
            BinOp::Range => {
                let (a, b) = (self.operand(a), self.operand(b));
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let l = a.get(ctx)?;
                    let r = b.get(ctx)?;
                    ctx.strict(id, op, l, r, &ty)
                })
            }
            // Arithmetic: as `Ctx::strict` does it, the ladder's top taken once; the common
            // cases by their operands' types.
            _ => {
                let types = (
                    program.node(a).map(|n| &n.ty),
                    program.node(b).map(|n| &n.ty),
                );
                let (a, b) = (self.operand(a), self.operand(b));
                let top = super::ops::ladder_top(program, &ty);
                let (a, b) = match types {
                    (Some(lt), Some(rt)) => {
                        match typed::arithmetic(id, op, (a, lt), (b, rt), top) {
                            Ok(op) => return op,
                            Err(ab) => ab,
                        }
                    }
                    _ => (a, b),
                };
                Box::new(move |ctx: &mut Ctx<'_>| {
                    let l = a.get(ctx)?;
                    let r = b.get(ctx)?;
                    super::ops::arithmetic(ctx, id, op, l, r, top)
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
            let leaf = match kind(id) {
                Some(NodeKind::Field(i)) => Some(Operand::F(*i)),
                Some(NodeKind::Slot(s)) => Some(Operand::S(*s)),
                Some(NodeKind::Local(d)) => Some(Operand::L(usize::from(*d))),
                Some(NodeKind::AsOf) => Some(Operand::D),
                Some(NodeKind::Index(a, b)) => match (kind(*a), kind(*b)) {
                    (Some(NodeKind::Field(i)), Some(NodeKind::Local(d))) => {
                        let fl = Operand::FL(*i, usize::from(*d));
                        self.mark(*a);
                        self.mark(*b);
                        Some(fl)
                    }
                    _ => None,
                },
                _ => match self.leaf(id) {
                    Some(Leaf::Const(k)) => Some(Operand::K(k)),
                    _ => None,
                },
            };
            if let Some(leaf) = leaf {
                self.mark(id);
                return leaf;
            }
        }
        Operand::Op(self.claim(id))
    }
}

const LESS: u8 = 1;
const EQUAL: u8 = 2;
const GREATER: u8 = 4;

/// The orderings that pass an ordered comparison (none for another operator).
fn wanted(op: BinOp) -> Option<u8> {
    match op {
        BinOp::Lt => Some(LESS),
        BinOp::Le => Some(LESS | EQUAL),
        BinOp::Gt => Some(GREATER),
        BinOp::Ge => Some(GREATER | EQUAL),
        _ => None,
    }
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
}

/// The most arguments of a built-in call with a compiled form.
const ARGS: usize = 4;
