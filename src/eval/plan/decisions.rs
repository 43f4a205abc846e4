//! Eval stage: the decisions as deciding reads them, prepared once per evaluator: per rule its
//! condition and the rules that override it, per outcome field (in the order they are computed)
//! how it combines, its slot and the rules that set, bound or require it, all in small dense
//! arrays, so that deciding a record reads a few KiB of contiguous data instead of the
//! program's rules and fields.

use crate::eval::compile::inline;
use crate::eval::value::Value;
use crate::program::ir::{ExprId, NodeKind, Step};
use crate::program::{Combine, Program};

/// No expression (a rule without a condition, a field without a default, a decision that
/// always applies), and no decision (a rule without a quota).
const NONE: u32 = u32::MAX;

/// An index as a `u32` ([`NONE`] for one past it: a lookup with it finds nothing).
fn small(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

fn expr(e: Option<ExprId>) -> u32 {
    e.map_or(NONE, |e| small(e.index()))
}

/// The value of an expression that is a constant borrowing nothing, read without evaluating
/// it.
fn fixed(program: &Program, e: ExprId) -> Option<Value<'static>> {
    match program.node(e).map(|n| &n.kind) {
        Some(NodeKind::Const(v)) => inline(v),
        _ => None,
    }
}

/// The expression at a packed id, if any.
#[inline]
pub(in crate::eval) fn unpack(e: u32) -> Option<ExprId> {
    (e != NONE).then(|| ExprId::new(e))
}

/// A rule, as deciding whether it fires reads it.
#[derive(Clone, Copy, Debug)]
pub(in crate::eval) struct RulePlan {
    /// Its condition ([`unpack`]; none: always).
    pub when: u32,
    /// The rules that override it: `overriders[over.0..over.1]`.
    pub over: (u32, u32),
    /// Its decision, when the decision gives the rule a quota over the roster ([`NONE`]: no
    /// quota).
    pub quota: u32,
}

impl RulePlan {
    /// Whether no rule overrides it and it has no quota: whether it fires is its condition.
    #[inline]
    pub fn is_alone(&self) -> bool {
        self.over.0 == self.over.1 && self.quota == NONE
    }

    /// The decision whose quota the rule has, if it has one.
    #[inline]
    pub fn quota(&self) -> Option<usize> {
        (self.quota != NONE).then_some(self.quota as usize)
    }
}

/// A rule contributing to a field: setting it to a value, bounding it, or requiring a
/// condition.
#[derive(Clone, Copy, Debug)]
pub(in crate::eval) struct Part {
    /// The rule.
    pub rule: u32,
    /// The value, bound or condition.
    pub expr: ExprId,
    /// The value, when it is a constant ([`fixed`]).
    pub fixed: Option<Value<'static>>,
    /// For a bound: true for a cap, false for a floor.
    pub at_most: bool,
}

/// An outcome field, as computing it reads it.
#[derive(Clone, Copy, Debug)]
pub(in crate::eval) struct FieldPlan {
    /// Its decision.
    pub decision: u32,
    /// Its place among the decision's fields.
    pub field: u32,
    /// Its value slot.
    pub slot: u32,
    /// Its default ([`unpack`]).
    pub default: u32,
    /// Its default, when it is a constant ([`fixed`]).
    pub fixed: Option<Value<'static>>,
    /// Its parts: setters `parts[p.0..p.1]`, bounds `parts[p.1..p.2]`, requirements
    /// `parts[p.2..p.3]`.
    pub parts: [u32; 4],
    /// How its setters combine.
    pub combine: Combine,
    /// Whether it may have no value.
    pub optional: bool,
}

impl FieldPlan {
    /// Whether the field is the conjunction of requirements.
    #[inline]
    pub fn is_requirement(&self) -> bool {
        self.parts[2] != self.parts[3]
    }

    /// Whether rules cap or floor it.
    #[inline]
    pub fn is_bounded(&self) -> bool {
        self.parts[1] != self.parts[2]
    }
}

/// The decisions of a program, prepared once.
#[derive(Debug, Default)]
pub(in crate::eval) struct Decisions {
    /// Per rule.
    pub rules: Vec<RulePlan>,
    /// The rules' overriders, rule after rule.
    pub overriders: Vec<u32>,
    /// The outcome fields in the order they are computed.
    pub fields: Vec<FieldPlan>,
    /// The fields' parts, field after field.
    pub parts: Vec<Part>,
    /// Per decision.
    pub decisions: Vec<DecisionPlan>,
}

/// A decision, as computing its fields reads it.
#[derive(Clone, Copy, Debug)]
pub(in crate::eval) struct DecisionPlan {
    /// Its `仅当` condition ([`unpack`]; none: always).
    pub applies: u32,
}

impl Decisions {
    pub(in crate::eval) fn new(program: &Program) -> Decisions {
        let mut d = Decisions::default();
        for (r, rule) in program.rules.iter().enumerate() {
            let start = small(d.overriders.len());
            d.overriders
                .extend(rule.overridden_by.iter().map(|&o| small(o)));
            let quota = (program.decisions.get(rule.decision))
                .and_then(|x| x.roster.as_ref())
                .is_some_and(|x| x.quotas.iter().any(|q| q.rule == r));
            d.rules.push(RulePlan {
                when: expr(rule.when),
                over: (start, small(d.overriders.len())),
                quota: if quota { small(rule.decision) } else { NONE },
            });
        }
        for step in &program.order {
            let Step::Field(di, fi) = *step else {
                continue;
            };
            let Some(f) = program.decisions.get(di).and_then(|x| x.fields.get(fi)) else {
                continue;
            };
            let part = |rule: usize, e: ExprId, at_most: bool| Part {
                rule: small(rule),
                expr: e,
                fixed: fixed(program, e),
                at_most,
            };
            let setters = small(d.parts.len());
            d.parts
                .extend(f.setters.iter().map(|s| part(s.rule, s.value, false)));
            let bounds = small(d.parts.len());
            d.parts
                .extend(f.bounds.iter().map(|b| part(b.rule, b.value, b.at_most)));
            let requirements = small(d.parts.len());
            d.parts
                .extend(f.requirements.iter().map(|q| part(q.rule, q.cond, false)));
            let parts = [setters, bounds, requirements, small(d.parts.len())];
            d.fields.push(FieldPlan {
                decision: small(di),
                field: small(fi),
                slot: small(f.slot),
                default: expr(f.default),
                fixed: f.default.and_then(|e| fixed(program, e)),
                parts,
                combine: f.combine,
                optional: f.optional,
            });
        }
        d.decisions = (program.decisions.iter())
            .map(|x| DecisionPlan {
                applies: expr(x.applies),
            })
            .collect();
        d
    }

    /// Per rule: whether it fires whenever it is looked at (no condition, no rule overriding
    /// it, no quota).
    pub fn plain(&self) -> impl ExactSizeIterator<Item = bool> + '_ {
        (self.rules.iter()).map(|r| r.when == NONE && r.is_alone())
    }

    /// A rule's overriders.
    #[inline]
    pub fn overriders(&self, rule: &RulePlan) -> &[u32] {
        self.overriders
            .get(rule.over.0 as usize..rule.over.1 as usize)
            .unwrap_or(&[])
    }

    /// The parts `parts[a..b]`.
    #[inline]
    fn range(&self, a: u32, b: u32) -> &[Part] {
        self.parts.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The rules that set a field, in file order.
    #[inline]
    pub fn setters(&self, f: &FieldPlan) -> &[Part] {
        self.range(f.parts[0], f.parts[1])
    }

    /// The rules that cap or floor a field.
    #[inline]
    pub fn bounds(&self, f: &FieldPlan) -> &[Part] {
        self.range(f.parts[1], f.parts[2])
    }

    /// The rules whose requirements a field gathers.
    #[inline]
    pub fn requirements(&self, f: &FieldPlan) -> &[Part] {
        self.range(f.parts[2], f.parts[3])
    }
}
