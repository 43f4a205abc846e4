//! Eval stage: conditions compiled to return their truth in a register: `且`/`或`/`非` chains,
//! comparisons and `有 x` give a [`T`], the fields that made an unknown one unknown and an error
//! are left on the context ([`CondState`]), so that a chain runs without a value per part.

use crate::program::ir::{ExprId, NodeKind};
use crate::program::BinOp;
use crate::value::FieldValue;

use super::super::expr::Ctx;
use super::super::value::{Missing, Tri, Value};
use super::super::{EvalErrorKind, Fault};
use super::args::{by_kind, slot, Arg, Operand, D, F, FL, K, L, S};
use super::{Compiler, Leaf, Op, R};

/// A truth value in three-valued logic, or an error, small enough for a register. The fields
/// of an unknown one are in [`CondState::unknown`], the error in [`CondState::fault`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum T {
    False,
    True,
    Unknown,
    Fault,
}

/// What a condition leaves on the context besides its [`T`].
#[derive(Debug, Default)]
pub(crate) struct CondState {
    /// The missing fields of the last condition found unknown.
    unknown: Missing,
    /// The error of the last condition that failed, until its root takes it.
    fault: Option<Fault>,
}

/// A compiled condition node.
pub(crate) type Cond = Box<dyn for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync>;

/// Unknown, for want of the fields `m`.
#[inline(always)]
pub(super) fn unknown(ctx: &mut Ctx<'_>, m: Missing) -> T {
    ctx.cond.unknown = m;
    T::Unknown
}

/// An error, kept on the context for the root to return.
#[cold]
#[inline(never)]
pub(super) fn fault(ctx: &mut Ctx<'_>, e: Fault) -> T {
    ctx.cond.fault = Some(e);
    T::Fault
}

/// A truth value.
#[inline(always)]
pub(super) fn truth(b: bool) -> T {
    if b {
        T::True
    } else {
        T::False
    }
}

/// A value as a truth value (none is false), as [`Value::tri`] reads it.
#[inline(always)]
pub(super) fn of_value(ctx: &mut Ctx<'_>, v: Value<'_>) -> T {
    match v {
        Value::Bool(true) => T::True,
        Value::Missing(m) => unknown(ctx, m),
        _ => T::False,
    }
}

/// A node's result as a truth value.
#[inline(always)]
pub(super) fn of_result(ctx: &mut Ctx<'_>, r: R<'_>) -> T {
    match r {
        Ok(v) => of_value(ctx, v),
        Err(e) => fault(ctx, e),
    }
}

/// A truth value as the value the node's value form gives.
#[inline(always)]
pub(super) fn value<'a>(ctx: &mut Ctx<'a>, t: T) -> R<'a> {
    match t {
        T::True | T::False => Ok(Value::Bool(t == T::True)),
        T::Unknown => Ok(Value::Missing(ctx.cond.unknown)),
        T::Fault => Err(taken(ctx)),
    }
}

#[cold]
#[inline(never)]
fn taken(ctx: &mut Ctx<'_>) -> Fault {
    match ctx.cond.fault.take() {
        Some(e) => e,
        None => ctx.fail(
            ExprId::new(0),
            EvalErrorKind::Internal("a condition lost its error"),
        ),
    }
}

/// The two forms of a node with a condition form: its [`T`] as it is, or as a value.
pub(super) trait Form {
    type Out;
    fn wrap<C>(c: C) -> Self::Out
    where
        C: for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static;
}

/// The condition form.
pub(super) struct AsCond;
/// The value form.
pub(super) struct AsValue;

impl Form for AsCond {
    type Out = Cond;
    #[inline(always)]
    fn wrap<C>(c: C) -> Cond
    where
        C: for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static,
    {
        Box::new(c)
    }
}

impl Form for AsValue {
    type Out = Op;
    #[inline(always)]
    fn wrap<C>(c: C) -> Op
    where
        C: for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static,
    {
        Box::new(move |ctx: &mut Ctx<'_>| {
            let t = c(ctx);
            value(ctx, t)
        })
    }
}

/// A closure's signature fixed as a condition's.
#[inline(always)]
pub(super) fn cond<C>(c: C) -> C
where
    C: for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static,
{
    c
}

/// A part of a condition: a condition, a node with a value form only, or a slot read in place
/// (three kinds, so that reading one is two tests, not a jump through a table).
pub(super) enum Part {
    T(Cond),
    V(Op),
    S(usize),
}

impl Part {
    #[inline(always)]
    pub(super) fn get(&self, ctx: &mut Ctx<'_>) -> T {
        match self {
            Part::T(c) => c(ctx),
            Part::V(op) => {
                let r = op(ctx);
                of_result(ctx, r)
            }
            Part::S(s) => {
                let r = slot(ctx, *s);
                of_result(ctx, r)
            }
        }
    }
}

/// A root: a node evaluated by id, in either form.
pub(crate) enum Root {
    V(Op),
    T(Cond),
}

impl Root {
    /// The node's value.
    #[inline(always)]
    pub(crate) fn run<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        match self {
            Root::V(op) => op(ctx),
            Root::T(c) => {
                let t = c(ctx);
                value(ctx, t)
            }
        }
    }

    /// The node's truth value (none is false), as a rule's condition is read: the same as
    /// [`Root::run`]'s value made a [`Tri`], without making the value.
    #[inline]
    pub(crate) fn tri(&self, ctx: &mut Ctx<'_>) -> Result<Tri, Fault> {
        match self {
            Root::T(c) => match c(ctx) {
                T::True => Ok(Tri::True),
                T::False => Ok(Tri::False),
                T::Unknown => Ok(Tri::Unknown(ctx.cond.unknown)),
                T::Fault => Err(taken(ctx)),
            },
            Root::V(op) => op(ctx).map(Value::tri),
        }
    }

    /// As a value form.
    pub(super) fn into_op(self) -> Op {
        match self {
            Root::V(op) => op,
            Root::T(c) => Box::new(move |ctx: &mut Ctx<'_>| {
                let t = c(ctx);
                value(ctx, t)
            }),
        }
    }

    /// As a condition.
    fn into_cond(self) -> Cond {
        match self {
            Root::T(c) => c,
            Root::V(op) => Box::new(move |ctx: &mut Ctx<'_>| {
                let r = op(ctx);
                of_result(ctx, r)
            }),
        }
    }
}

/// Whether `a op b` is always a truth value or unknown: `且`, `或`, a comparison or a
/// membership test.
pub(super) fn gives_truth(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::And
            | BinOp::Or
            | BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::NotIn
    )
}

/// An operand read in place, as a condition.
fn read<A: Arg>(a: A) -> Cond {
    Box::new(move |ctx: &mut Ctx<'_>| {
        let r = a.get(ctx);
        of_result(ctx, r)
    })
}

impl Compiler<'_> {
    /// Whether node `id` is compiled as a condition: its value is always a truth value or
    /// unknown, and it is not computed once per date.
    pub(super) fn is_cond(&mut self, id: ExprId) -> bool {
        let cond = match self.program.node(id).map(|n| &n.kind) {
            Some(NodeKind::Binary(op, ..)) => gives_truth(*op),
            Some(NodeKind::Not(_) | NodeKind::Has(_)) => true,
            _ => false,
        };
        cond && !self.independent.worth(id) && self.independent.keyed(id).is_none()
    }

    /// How a condition reads node `id`.
    pub(super) fn part(&mut self, id: ExprId) -> Part {
        if self.is_cond(id) {
            self.mark(id);
            return Part::T(
                match self.roots.get_mut(id.index()).and_then(Option::take) {
                    Some(root) => root.into_cond(),
                    None => self.cond_node::<AsCond>(id),
                },
            );
        }
        match self.operand(id) {
            Operand::Op(op) => Part::V(op),
            Operand::S(s) => Part::S(s),
            o => Part::T(by_kind!(o, a => read(a))),
        }
    }

    /// Node `id`, which has a condition form, in form `W`.
    pub(super) fn cond_node<W: Form>(&mut self, id: ExprId) -> W::Out {
        let program = self.program;
        match program.node(id).map(|n| &n.kind) {
            Some(NodeKind::Binary(BinOp::And, a, b)) => {
                let parts = self.chain(BinOp::And, *a, *b);
                W::wrap(move |ctx: &mut Ctx<'_>| {
                    let mut missing: Option<Missing> = None;
                    for part in &parts {
                        match part.get(ctx) {
                            T::True => {}
                            T::Unknown => {
                                let m = ctx.cond.unknown;
                                missing = Some(missing.map_or(m, |x| x.union(m)));
                            }
                            t @ (T::False | T::Fault) => return t,
                        }
                    }
                    match missing {
                        Some(m) => unknown(ctx, m),
                        None => T::True,
                    }
                })
            }
            Some(NodeKind::Binary(BinOp::Or, a, b)) => {
                let parts = self.chain(BinOp::Or, *a, *b);
                W::wrap(move |ctx: &mut Ctx<'_>| {
                    let mut missing: Option<Missing> = None;
                    for part in &parts {
                        match part.get(ctx) {
                            T::False => {}
                            T::Unknown => {
                                let m = ctx.cond.unknown;
                                missing = Some(missing.map_or(m, |x| x.union(m)));
                            }
                            t @ (T::True | T::Fault) => return t,
                        }
                    }
                    match missing {
                        Some(m) => unknown(ctx, m),
                        None => T::False,
                    }
                })
            }
            Some(NodeKind::Binary(op, a, b)) => self.comparison::<W>(*op, *a, *b),
            Some(NodeKind::Not(a)) => match self.part(*a) {
                Part::T(c) => W::wrap(move |ctx: &mut Ctx<'_>| not(c(ctx))),
                Part::S(s) => W::wrap(move |ctx: &mut Ctx<'_>| {
                    let r = slot(ctx, s);
                    not(of_result(ctx, r))
                }),
                p => W::wrap(move |ctx: &mut Ctx<'_>| not(p.get(ctx))),
            },
            Some(NodeKind::Has(a)) => match self.leaf(*a) {
                Some(Leaf::Field(i)) => {
                    self.mark(*a);
                    W::wrap(move |ctx: &mut Ctx<'_>| {
                        truth(!matches!(
                            ctx.record.fields.get(i),
                            Some(FieldValue::Absent) | None
                        ))
                    })
                }
                _ => by_kind!(self.operand(*a), a => W::wrap(present(a))),
            },
            // Not a condition after all: its value form read as one.
            _ => {
                let op = super::walk(id);
                W::wrap(move |ctx: &mut Ctx<'_>| {
                    let r = op(ctx);
                    of_result(ctx, r)
                })
            }
        }
    }

    /// The parts of `a op b` where `a` is itself `… op …`, leftmost first, compiled.
    fn chain(&mut self, op: BinOp, a: ExprId, b: ExprId) -> Vec<Part> {
        let program = self.program;
        let mut parts = vec![b];
        let mut left = a;
        while let Some(NodeKind::Binary(o, l, r)) = program.node(left).map(|n| &n.kind) {
            if *o != op {
                break;
            }
            self.mark(left);
            parts.push(*r);
            left = *l;
        }
        parts.push(left);
        parts.iter().rev().map(|p| self.part(*p)).collect()
    }
}

/// `非 a`.
#[inline(always)]
fn not(t: T) -> T {
    match t {
        T::True => T::False,
        T::False => T::True,
        t => t,
    }
}

/// `有 a`.
fn present<A: Arg>(a: A) -> impl for<'a> Fn(&mut Ctx<'a>) -> T + Send + Sync + 'static {
    cond(move |ctx: &mut Ctx<'_>| match a.get(ctx) {
        Ok(v) => truth(v.is_present()),
        Err(e) => fault(ctx, e),
    })
}
