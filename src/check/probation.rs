//! Check stage: the statutory lint on a policy's probation terms. The length (`期限`) may depend
//! only on the contract term, so it is worked out here for contract terms at the ends of each of
//! 劳动合同法 第19条's bands and compared with the band's limit.

use crate::law::Band;
use crate::program::ir::ExprId;
use crate::program::ir::NodeKind;
use crate::program::process::Role;
use crate::program::BinOp;
use crate::value::{DurationUnit, FieldValue, Num};

use super::error::CheckWarningKind;
use super::process::exceeds;
use super::Checker;

/// A value the lint works out: only what a probation length needs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum V {
    None,
    Bool(bool),
    Num(Num),
    Dur(i64, DurationUnit),
}

impl<'a> Checker<'a> {
    /// Warns where the probation terms exceed 劳动合同法 第19条 for some contract term, and
    /// where they lack what the per-record checks need.
    pub(super) fn lint_probation(&mut self) {
        let Some(def) = &self.probation else {
            return;
        };
        let span = def.span;
        let length = def.role(Role::Length);
        let missing: Vec<Role> = [Role::Length, Role::ContractTerm, Role::Start]
            .into_iter()
            .filter(|r| def.role(*r).is_none())
            .collect();
        if !missing.is_empty() {
            self.warn(span, CheckWarningKind::ProbationIncomplete { missing });
        }
        let Some(length) = length else {
            return;
        };
        if !self.errors.is_empty() {
            return;
        }
        let at = self.nodes.get(length.index()).map_or(span, |n| n.span);
        for band in Band::ALL {
            let limit_months = band.limit_months();
            let worst = band
                .samples()
                .iter()
                .filter_map(|m| match self.fold(length, *m) {
                    Some(V::Dur(n, u)) if n > 0 && exceeds(n, u, limit_months) => Some((n, u)),
                    _ => None,
                })
                .next();
            if let Some(length) = worst {
                let kind = CheckWarningKind::ProbationTooLong {
                    band,
                    limit_months,
                    length,
                };
                self.warn(at, kind);
            }
        }
    }

    /// Works out an expression of constants, parameters and the contract term (`local`).
    fn fold(&self, id: ExprId, local: Option<i64>) -> Option<V> {
        let node = self.nodes.get(id.index())?;
        Some(match &node.kind {
            NodeKind::Const(v) => konst(v)?,
            NodeKind::Param(p) => konst(&self.params.get(*p)?.value)?,
            NodeKind::Local(_) => match local {
                Some(m) => V::Num(Num::from_int(m)?),
                None => V::None,
            },
            NodeKind::Not(a) => match self.fold(*a, local)? {
                V::Bool(b) => V::Bool(!b),
                _ => V::Bool(true),
            },
            NodeKind::Has(a) => V::Bool(self.fold(*a, local)? != V::None),
            NodeKind::If(c, a, b) => match self.fold(*c, local)? {
                V::Bool(true) => self.fold(*a, local)?,
                _ => self.fold(*b, local)?,
            },
            NodeKind::Binary(op, a, b) => {
                let (x, y) = (self.fold(*a, local)?, self.fold(*b, local)?);
                binary(*op, x, y)?
            }
            _ => return None,
        })
    }
}

fn konst(v: &FieldValue) -> Option<V> {
    Some(match v {
        FieldValue::Absent => V::None,
        FieldValue::Bool(b) => V::Bool(*b),
        FieldValue::Num(n) => V::Num(*n),
        FieldValue::Duration(n, u) => V::Dur(*n, *u),
        _ => return None,
    })
}

fn binary(op: BinOp, x: V, y: V) -> Option<V> {
    use std::cmp::Ordering;
    let truth = |b: bool| Some(V::Bool(b));
    let order = match (x, y) {
        (V::Num(a), V::Num(b)) => Some(a.cmp(&b)),
        (V::Dur(a, u), V::Dur(b, w)) if u == w => Some(a.cmp(&b)),
        _ => None,
    };
    match op {
        BinOp::And => truth(x == V::Bool(true) && y == V::Bool(true)),
        BinOp::Or => truth(x == V::Bool(true) || y == V::Bool(true)),
        BinOp::Otherwise => Some(if x == V::None { y } else { x }),
        BinOp::Eq => truth(order == Some(Ordering::Equal) || (x == y && x != V::None)),
        BinOp::Ne => truth(order.is_some_and(|o| o != Ordering::Equal)),
        BinOp::Lt => truth(order == Some(Ordering::Less)),
        BinOp::Le => truth(order.is_some_and(|o| o != Ordering::Greater)),
        BinOp::Gt => truth(order == Some(Ordering::Greater)),
        BinOp::Ge => truth(order.is_some_and(|o| o != Ordering::Less)),
        BinOp::Add | BinOp::Sub => match (x, y) {
            (V::Dur(a, u), V::Dur(b, w)) if u == w => {
                let n = if op == BinOp::Add {
                    a.checked_add(b)?
                } else {
                    a.checked_sub(b)?
                };
                Some(V::Dur(n, u))
            }
            _ => None,
        },
        _ => None,
    }
}
