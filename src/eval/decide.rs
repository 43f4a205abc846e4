//! Eval stage: deciding outcome fields. A rule fires when its condition holds and no rule that
//! overrides it fires; a field takes the first (or largest, smallest, only) value of the rules
//! that fire, else its default; caps and floors then limit it; a requirement field is whether
//! every requirement that applies holds. Where absent inputs could change the result, the field
//! is unknown and names them.

use crate::program::ir::ExprId;
use crate::program::Combine;

use super::expr::Ctx;
use super::plan::{unpack, Decisions, FieldPlan, Part, RulePlan};
use super::value::{Missing, Tri, Value};
use super::{in_field, in_rule, EvalError, EvalErrorKind, Fault, Warning};

mod state;

pub use state::RuleState;
pub(super) use state::{Fired, Rules};

/// One record's decisions being computed.
pub(super) struct Run<'r, 'a> {
    pub ctx: &'r mut Ctx<'a>,
    /// The decisions, prepared once per evaluator.
    pub plan: &'r Decisions,
    /// What is known so far of the rules.
    pub rules: &'r mut Rules,
    pub warnings: &'r mut Vec<Warning>,
    /// Per decision: the fields it requires that the record does not give.
    pub pending: &'r [Missing],
    pub applies: &'r mut [Option<Tri>],
    /// Per decision: [`OPEN`] once its rules are known to decide its fields, [`SHUT`] once
    /// they are known not to, else not worked out yet (0).
    pub gates: &'r mut [u8],
}

/// A decision whose rules decide its fields (it applies, and nothing it needs is absent).
pub(super) const OPEN: u8 = 1;
/// A decision whose fields are none or unknown whatever its rules say.
const SHUT: u8 = 2;

type R<'a> = Result<Value<'a>, Fault>;

/// The value chosen and the rule that gave it, or the absent fields that leave it open.
type Best<'a> = Result<(Option<(Value<'a>, u32)>, Missing), Fault>;

impl<'r, 'a> Run<'r, 'a> {
    /// Whether a rule fires.
    #[inline]
    pub fn fires(&mut self, r: u32) -> Result<Tri, Fault> {
        Ok(match self.fired(r)? {
            Fired::True => Tri::True,
            Fired::Unknown => Tri::Unknown(self.unknown(r)),
            Fired::False | Fired::Unseen => Tri::False,
        })
    }

    /// Whether a rule fires, as a byte (for an unknown one, [`Run::unknown`] says what it
    /// waits for).
    #[inline]
    fn fired(&mut self, r: u32) -> Result<Fired, Fault> {
        match self.rules.look(r as usize) {
            Some(f) => Ok(f),
            None => self.fires_now(r),
        }
    }

    /// The absent fields on which whether an unknown rule fires depends.
    #[inline]
    fn unknown(&self, r: u32) -> Missing {
        self.rules.unknown(r as usize)
    }

    /// Whether a rule fires, not looked at yet: its condition, when no rule overrides it and
    /// it has no quota.
    #[inline(never)]
    fn fires_now(&mut self, r: u32) -> Result<Fired, Fault> {
        let Some(&rule) = self.plan.rules.get(r as usize) else {
            return Ok(Fired::False);
        };
        if !rule.is_alone() {
            return self.fires_over(r, rule);
        }
        // Nothing a condition reads asks whether a rule fires: the rule is not looked at again
        // while its condition is evaluated.
        let t = match unpack(rule.when) {
            Some(w) => match self.ctx.tri(w) {
                Ok(t) => t,
                Err(e) => return Err(self.in_rule(e, r)),
            },
            None => Tri::True,
        };
        Ok(self.rules.set(r as usize, t))
    }

    /// Whether a rule that other rules override, or that has a quota, fires. While it is being
    /// worked out, it does not fire (for a rule that overrides it, and so on round a cycle).
    #[inline(never)]
    fn fires_over(&mut self, r: u32, rule: RulePlan) -> Result<Fired, Fault> {
        let plan = self.plan;
        let i = r as usize;
        self.rules.settle(i, Fired::False);
        let mut t = match unpack(rule.when) {
            Some(w) => match self.eval(w) {
                Ok(v) => v.tri(),
                Err(e) => return Err(self.in_rule(e, r)),
            },
            None => Tri::True,
        };
        if let (false, Some(d)) = (t == Tri::False, rule.quota()) {
            t = t.and(self.within_quota(d, i));
        }
        for &o in plan.overriders(&rule) {
            if t == Tri::False {
                break;
            }
            t = t.and(!self.fires(o)?);
        }
        Ok(self.rules.set(i, t))
    }

    /// Whether a rule with a quota of decision `decision` is within it for this record.
    #[cold]
    fn within_quota(&self, decision: usize, r: usize) -> Tri {
        let Some(place) = self.ctx.standing.and_then(|s| s.place(decision)) else {
            return Tri::Unknown(Missing::default());
        };
        if let Some(m) = place.outside() {
            return Tri::Unknown(m);
        }
        place.quota(r).map_or(Tri::False, |q| q.within)
    }

    #[inline]
    fn mark(&mut self, r: u32) {
        self.rules.contributed(r as usize);
    }

    /// The value of every field of a decision that does not apply to the record (none) or
    /// whose applying or inputs are unknown (the absent fields); none when its rules decide.
    /// Worked out on a decision's first field, then read from a byte.
    #[inline(never)]
    fn shut(&mut self, di: usize) -> Result<Option<Value<'a>>, Fault> {
        // Whether the decision applies comes first: a record it is not for is not pending.
        let t = match self.applies.get(di).copied().flatten() {
            Some(t) => t,
            None => {
                let d = self.plan.decisions.get(di);
                let t = match d.and_then(|d| unpack(d.applies)) {
                    Some(e) => self.eval(e)?.tri(),
                    None => Tri::True,
                };
                if let Some(slot) = self.applies.get_mut(di) {
                    *slot = Some(t);
                }
                t
            }
        };
        let shut = match t {
            Tri::False => Some(Value::None),
            Tri::Unknown(m) => Some(Value::Missing(m)),
            Tri::True => match self.pending.get(di).copied().unwrap_or_default() {
                m if !m.is_empty() => Some(Value::Missing(m)),
                _ => None,
            },
        };
        if let Some(g) = self.gates.get_mut(di) {
            *g = if shut.is_some() { SHUT } else { OPEN };
        }
        Ok(shut)
    }

    /// Computes one outcome field into its slot; an error names the field.
    #[inline(always)]
    pub fn field(&mut self, f: &FieldPlan) -> Result<(), Fault> {
        match self.compute(f) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.in_field(e, f)),
        }
    }

    #[inline]
    fn compute(&mut self, f: &FieldPlan) -> Result<(), Fault> {
        let di = f.decision as usize;
        let shut = match self.gates.get(di) {
            Some(&OPEN) => None,
            _ => self.shut(di)?,
        };
        let value = match shut {
            Some(v) => v,
            None if f.is_requirement() => self.requirement(f)?,
            None => self.set(f)?,
        };
        if let Some(slot) = self.ctx.slots.get_mut(f.slot as usize) {
            *slot = value;
        }
        Ok(())
    }

    /// A field that rules set: the value they give (else its default), capped and floored.
    #[inline]
    fn set(&mut self, f: &FieldPlan) -> R<'a> {
        let v = self.combined(f)?;
        if matches!(v, Value::None) && !f.optional {
            self.warnings.push(Warning::Unset {
                decision: f.decision as usize,
                field: f.field as usize,
            });
        }
        if f.is_bounded() {
            self.bounded(f, v)
        } else {
            Ok(v)
        }
    }

    /// A requirement field: whether every requirement that applies holds.
    #[inline]
    fn requirement(&mut self, f: &FieldPlan) -> R<'a> {
        let mut acc = Tri::True;
        for q in self.plan.requirements(f) {
            let applies = self.fires(q.rule)?;
            if applies == Tri::False {
                continue;
            }
            let holds = self.eval_in(q.expr, q.rule)?.tri();
            acc = acc.and((!applies).or(holds));
            if applies == Tri::True {
                match holds {
                    Tri::True => self.mark(q.rule),
                    Tri::False => {
                        self.rules.unmet(q.rule as usize);
                    }
                    Tri::Unknown(_) => {}
                }
            }
        }
        Ok(acc.value())
    }

    /// The value the setting rules give, else the default.
    #[inline]
    fn combined(&mut self, f: &FieldPlan) -> R<'a> {
        let (best, blocked) = match f.combine {
            Combine::First => self.first(f)?,
            Combine::Unique => self.unique(f)?,
            Combine::Every => return self.every(f),
            Combine::Max | Combine::Min => self.extreme(f)?,
        };
        if !blocked.is_empty() {
            return Ok(Value::Missing(blocked));
        }
        match best {
            Some((v, r)) => {
                self.mark(r);
                Ok(v)
            }
            None => self.default(f),
        }
    }

    /// `首个`: the first setter that fires, unless one before it may.
    #[inline]
    fn first(&mut self, f: &FieldPlan) -> Best<'a> {
        for s in self.plan.setters(f) {
            match self.fired(s.rule)? {
                Fired::True => return Ok((Some((self.value(s)?, s.rule)), Missing::default())),
                Fired::Unknown => return Ok((None, self.unknown(s.rule))),
                Fired::False | Fired::Unseen => {}
            }
        }
        Ok((None, Missing::default()))
    }

    /// `唯一`: the one value of the setters that fire; two different ones are an error.
    #[inline(never)]
    fn unique(&mut self, f: &FieldPlan) -> Best<'a> {
        let mut best: Option<(Value<'a>, u32)> = None;
        let mut blocked = Missing::default();
        for s in self.plan.setters(f) {
            match self.fired(s.rule)? {
                Fired::True => {
                    let v = self.value(s)?;
                    if let Some((prev, r0)) = best {
                        if !(prev.same(v) || (prev.missing().is_some() && v.missing().is_some())) {
                            return Err(self.conflict(f, r0, s.rule));
                        }
                    } else {
                        best = Some((v, s.rule));
                    }
                }
                Fired::Unknown => blocked = blocked.union(self.unknown(s.rule)),
                Fired::False | Fired::Unseen => {}
            }
        }
        Ok((best, blocked))
    }

    /// `取大`, `取小`: the largest (smallest) value of the setters that fire, unless one that
    /// may fire could beat it.
    #[inline]
    fn extreme(&mut self, f: &FieldPlan) -> Best<'a> {
        let better = |a: Value<'_>, b: Value<'_>| match (a.ordinal(), b.ordinal()) {
            (Some(x), Some(y)) => {
                if f.combine == Combine::Max {
                    x > y
                } else {
                    x < y
                }
            }
            (Some(_), None) => true,
            _ => false,
        };
        let setters = self.plan.setters(f);
        let mut best: Option<(Value<'a>, u32)> = None;
        let mut blocked = Missing::default();
        for s in setters {
            if self.fired(s.rule)? == Fired::True {
                let v = self.value(s)?;
                if let Some(m) = v.missing() {
                    blocked = blocked.union(m);
                } else if best.is_none_or(|(b, _)| better(v, b)) {
                    best = Some((v, s.rule));
                }
            }
        }
        for s in setters {
            if self.fired(s.rule)? == Fired::Unknown {
                let m = self.unknown(s.rule);
                let v = self.value(s)?;
                let could_win = match best {
                    None => true,
                    Some((b, _)) => v.missing().is_some() || better(v, b),
                };
                if could_win {
                    blocked = blocked.union(m);
                }
            }
        }
        Ok((best, blocked))
    }

    /// A field's default value (none without one).
    #[inline]
    fn default(&mut self, f: &FieldPlan) -> R<'a> {
        if let Some(v) = f.fixed {
            return Ok(v);
        }
        match unpack(f.default) {
            Some(d) => self.eval(d),
            None => Ok(Value::None),
        }
    }

    /// `全部`: every rule that fires is a ground and is marked; all must give one value. A
    /// pending rule leaves the value open only where it could change it: when no rule fires,
    /// or when its value is not the one the grounds give.
    #[inline(never)]
    fn every(&mut self, f: &FieldPlan) -> R<'a> {
        let setters = self.plan.setters(f);
        let mut taken: Option<(Value<'a>, u32)> = None;
        let mut grounds = 0usize;
        for s in setters {
            if self.fired(s.rule)? != Fired::True {
                continue;
            }
            let v = self.value(s)?;
            if let Some(m) = v.missing() {
                return Ok(Value::Missing(m));
            }
            match taken {
                Some((prev, r0)) if !prev.same(v) => return Err(self.conflict(f, r0, s.rule)),
                Some(_) => {}
                None => taken = Some((v, s.rule)),
            }
            grounds += 1;
        }
        let mut blocked = Missing::default();
        for s in setters {
            if self.fired(s.rule)? == Fired::Unknown {
                let m = self.unknown(s.rule);
                let agrees = match taken {
                    Some((prev, _)) => self.value(s)?.same(prev),
                    None => false,
                };
                if !agrees {
                    blocked = blocked.union(m);
                }
            }
        }
        if !blocked.is_empty() {
            return Ok(Value::Missing(blocked));
        }
        if grounds > 0 {
            for s in setters {
                if self.fired(s.rule)? == Fired::True {
                    self.mark(s.rule);
                }
            }
        }
        match taken {
            Some((v, _)) => Ok(v),
            None => self.default(f),
        }
    }

    /// Applies the caps and floors of a field.
    #[inline]
    fn bounded(&mut self, f: &FieldPlan, mut value: Value<'a>) -> R<'a> {
        for b in self.plan.bounds(f) {
            let fires = self.fired(b.rule)?;
            if matches!(fires, Fired::False | Fired::Unseen) || value.missing().is_some() {
                continue;
            }
            let bound = self.eval_in(b.expr, b.rule)?;
            if let Some(m) = bound.missing() {
                value = Value::Missing(m);
                continue;
            }
            let limits = match (value.ordinal(), bound.ordinal()) {
                (Some(v), Some(l)) => (b.at_most && v > l) || (!b.at_most && v < l),
                _ => false,
            };
            if !limits {
                continue;
            }
            match fires {
                Fired::True => {
                    value = bound;
                    self.mark(b.rule);
                }
                Fired::Unknown => value = Value::Missing(self.unknown(b.rule)),
                Fired::False | Fired::Unseen => {}
            }
        }
        Ok(value)
    }

    /// The value a setter gives: its constant, or its expression evaluated.
    #[inline]
    fn value(&mut self, s: &Part) -> R<'a> {
        match s.fixed {
            Some(v) => Ok(v),
            None => self.eval_in(s.expr, s.rule),
        }
    }

    /// Evaluates an expression: one copy, out of line, for every site of the decisions' loop
    /// (each inlined copy put the same lookup and call on a record's path again).
    #[inline(never)]
    fn eval(&mut self, e: ExprId) -> R<'a> {
        self.ctx.eval(e)
    }

    /// Evaluates an expression of rule `r`; an error names the rule.
    #[inline]
    fn eval_in(&mut self, e: ExprId, r: u32) -> R<'a> {
        match self.eval(e) {
            Ok(v) => Ok(v),
            Err(err) => Err(self.in_rule(err, r)),
        }
    }

    /// An error with the rule it happened in.
    #[cold]
    #[inline(never)]
    fn in_rule(&self, e: Fault, r: u32) -> Fault {
        match self.ctx.program.rules.get(r as usize) {
            Some(rule) => in_rule(e, rule.id()),
            None => e,
        }
    }

    /// An error with the field it happened in.
    #[cold]
    #[inline(never)]
    fn in_field(&self, e: Fault, f: &FieldPlan) -> Fault {
        in_field(e, || {
            let d = self.ctx.program.decisions.get(f.decision as usize);
            let field = d.and_then(|d| d.fields.get(f.field as usize));
            format!(
                "{}.{}",
                d.map_or("", |d| d.name.as_str()),
                field.map_or("", |f| f.name.as_str())
            )
        })
    }

    #[cold]
    #[inline(never)]
    fn conflict(&self, f: &FieldPlan, a: u32, b: u32) -> Fault {
        let program = self.ctx.program;
        let rules = &program.rules;
        let def = (program.decisions.get(f.decision as usize))
            .and_then(|d| d.fields.get(f.field as usize));
        Box::new(EvalError {
            kind: EvalErrorKind::Conflict {
                field: def.map(|d| d.name.clone()).unwrap_or_default(),
                first: (rules.get(a as usize))
                    .map(|r| r.id().to_string())
                    .unwrap_or_default(),
                second: (rules.get(b as usize))
                    .map(|r| r.id().to_string())
                    .unwrap_or_default(),
            },
            span: def.map(|d| d.span).unwrap_or_default(),
            place: Box::default(),
        })
    }
}
