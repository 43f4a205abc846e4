//! Eval stage: the operands a compiled node reads in place instead of calling a child's
//! closure: constants, record fields, definitions' slots, quantifiers' variables, the date,
//! and a map field read at a quantifier's variable (`考核[m]`).

use crate::value::FieldValue;

use super::super::expr::{index, Ctx};
use super::super::value::{Missing, Value};
use super::{Op, R};

/// An operand, read by its parent.
pub(super) trait Arg: Send + Sync + 'static {
    /// Its value.
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a>;
}

/// A constant or parameter that borrows nothing.
pub(super) struct K(pub Value<'static>);
/// A top-level record field.
pub(super) struct F(pub usize);
/// A definition's or outcome's slot.
pub(super) struct S(pub usize);
/// A quantifier's variable, by depth.
pub(super) struct L(pub usize);
/// The evaluation date.
pub(super) struct D;
/// A map field read at a quantifier's variable.
pub(super) struct FL(pub usize, pub usize);

/// A top-level record field's value. One copy for every compiled node that reads a field, so
/// that the nodes' code stays small.
#[inline(never)]
pub(super) fn field<'a>(ctx: &Ctx<'a>, i: usize) -> Value<'a> {
    match ctx.record.fields.get(i) {
        Some(FieldValue::Absent) | None => Value::Missing(Missing::field(i)),
        Some(v) => Value::of(v),
    }
}

/// A slot's value: in place once computed, else by computing its definition (out of line).
#[inline(always)]
pub(super) fn slot<'a>(ctx: &mut Ctx<'a>, s: usize) -> R<'a> {
    match ctx.settled(s) {
        Some(v) => Ok(v),
        None => unsettled(ctx, s),
    }
}

#[inline(never)]
fn unsettled<'a>(ctx: &mut Ctx<'a>, s: usize) -> R<'a> {
    ctx.slot(s)
}

#[inline(always)]
fn local<'a>(ctx: &Ctx<'a>, d: usize) -> Value<'a> {
    ctx.locals.get(d).copied().unwrap_or(Value::None)
}

impl Arg for K {
    #[inline(always)]
    fn get<'a>(&self, _: &mut Ctx<'a>) -> R<'a> {
        Ok(self.0)
    }
}

impl Arg for F {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        Ok(field(ctx, self.0))
    }
}

impl Arg for S {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        slot(ctx, self.0)
    }
}

impl Arg for L {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        Ok(local(ctx, self.0))
    }
}

impl Arg for D {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        Ok(Value::Date(ctx.as_of))
    }
}

impl Arg for FL {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        Ok(index(field(ctx, self.0), local(ctx, self.1)))
    }
}

impl Arg for Op {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        self(ctx)
    }
}

/// An operand of any kind, read through a `match` (for nodes not worth a closure per kind).
pub(super) enum Operand {
    K(Value<'static>),
    F(usize),
    S(usize),
    L(usize),
    D,
    FL(usize, usize),
    Op(Op),
}

impl Arg for Operand {
    #[inline(always)]
    fn get<'a>(&self, ctx: &mut Ctx<'a>) -> R<'a> {
        match self {
            Operand::K(v) => Ok(*v),
            Operand::F(i) => Ok(field(ctx, *i)),
            Operand::S(s) => slot(ctx, *s),
            Operand::L(d) => Ok(local(ctx, *d)),
            Operand::D => Ok(Value::Date(ctx.as_of)),
            Operand::FL(i, d) => Ok(index(field(ctx, *i), local(ctx, *d))),
            Operand::Op(op) => op(ctx),
        }
    }
}

/// `$body` with `$a` bound to the operand `$o` as its own type, so that each kind of operand
/// gets a closure of its own that reads it in place.
macro_rules! by_kind {
    ($o:expr, $a:ident => $body:expr) => {
        match $o {
            Operand::K(v) => {
                let $a = K(v);
                $body
            }
            Operand::F(i) => {
                let $a = F(i);
                $body
            }
            Operand::S(s) => {
                let $a = S(s);
                $body
            }
            Operand::L(d) => {
                let $a = L(d);
                $body
            }
            Operand::D => {
                let $a = D;
                $body
            }
            Operand::FL(i, d) => {
                let $a = FL(i, d);
                $body
            }
            Operand::Op(op) => {
                let $a = op;
                $body
            }
        }
    };
}
pub(super) use by_kind;
