//! Eval stage: deciding outcome fields. A rule fires when its condition holds and no rule that
//! overrides it fires; a field takes the first (or largest, smallest, only) value of the rules
//! that fire, else its default; caps and floors then limit it; a requirement field is whether
//! every requirement that applies holds. Where absent inputs could change the result, the field
//! is unknown and names them.

use crate::program::ir::OutFieldDef;
use crate::program::Combine;

use super::expr::Ctx;
use super::value::{Missing, Tri, Value};
use super::{in_field, in_rule, EvalError, EvalErrorKind, Fault, Warning};

/// What evaluation found out about one rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleState {
    /// Whether it fires (None: not looked at).
    pub fires: Option<Tri>,
    /// Whether it set, limited or satisfied an outcome.
    pub contributed: bool,
    /// Whether it is a requirement that applied and did not hold.
    pub unmet: bool,
}

/// Whether a rule fires, as a record's run knows it: one byte per rule, so that asking again
/// is a byte read (the unknown case's missing fields are in its [`RuleState`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Fired {
    /// Not looked at yet.
    #[default]
    Unseen,
    True,
    False,
    Unknown,
}

/// One record's decisions being computed.
pub(super) struct Run<'r, 'a> {
    pub ctx: &'r mut Ctx<'a>,
    pub rules: &'r mut [RuleState],
    /// Per rule: whether it fires, as far as known (the same as `rules`' `fires`).
    pub fired: &'r mut [Fired],
    pub warnings: &'r mut Vec<Warning>,
    pub pending: &'r [Missing],
    pub applies: &'r mut [Option<Tri>],
    /// Per rule: whether it has a roster quota.
    pub quota: &'r [bool],
}

type R<'a> = Result<Value<'a>, Fault>;

impl<'r, 'a> Run<'r, 'a> {
    /// Whether a rule fires.
    #[inline]
    pub fn fires(&mut self, r: usize) -> Result<Tri, Fault> {
        let fired = match self.fired.get(r) {
            Some(Fired::Unseen) | None => self.fires_now(r)?,
            Some(f) => *f,
        };
        Ok(match fired {
            Fired::True => Tri::True,
            Fired::Unknown => match self.rules.get(r).and_then(|s| s.fires) {
                Some(t @ Tri::Unknown(_)) => t,
                _ => Tri::Unknown(Missing::default()),
            },
            Fired::False | Fired::Unseen => Tri::False,
        })
    }

    /// Whether a rule fires, not looked at yet. While it is being worked out, it does not fire
    /// (for a rule that overrides it, and so on round a cycle).
    #[inline(never)]
    fn fires_now(&mut self, r: usize) -> Result<Fired, Fault> {
        let program = self.ctx.program;
        let Some(rule) = program.rules.get(r) else {
            return Ok(Fired::False);
        };
        if let Some(f) = self.fired.get_mut(r) {
            *f = Fired::False;
        }
        let mut t = match rule.when {
            Some(w) => self.ctx.eval(w).map_err(|e| in_rule(e, rule.id()))?.tri(),
            None => Tri::True,
        };
        if t != Tri::False {
            t = t.and(self.within_quota(rule.decision, r));
        }
        for o in &rule.overridden_by {
            if t == Tri::False {
                break;
            }
            t = t.and(!self.fires(*o)?);
        }
        let fired = match t {
            Tri::True => Fired::True,
            Tri::False => Fired::False,
            Tri::Unknown(_) => Fired::Unknown,
        };
        if let Some(s) = self.rules.get_mut(r) {
            s.fires = Some(t);
        }
        if let Some(f) = self.fired.get_mut(r) {
            *f = fired;
        }
        Ok(fired)
    }

    /// Whether a rule with a quota is within it for this record (true for a rule without one).
    fn within_quota(&self, decision: usize, r: usize) -> Tri {
        if !self.quota.get(r).copied().unwrap_or(false) {
            return Tri::True;
        }
        let Some(place) = self.ctx.standing.and_then(|s| s.place(decision)) else {
            return Tri::Unknown(Missing::default());
        };
        if let Some(m) = place.outside() {
            return Tri::Unknown(m);
        }
        place.quota(r).map_or(Tri::False, |q| q.within)
    }

    fn mark(&mut self, r: usize) {
        if let Some(s) = self.rules.get_mut(r) {
            s.contributed = true;
        }
    }

    /// Whether a decision applies to the record (its `仅当` holds).
    pub fn applies(&mut self, di: usize) -> Result<Tri, Fault> {
        if let Some(t) = self.applies.get(di).copied().flatten() {
            return Ok(t);
        }
        let t = match self.ctx.program.decisions.get(di).and_then(|d| d.applies) {
            Some(e) => self.ctx.eval(e)?.tri(),
            None => Tri::True,
        };
        if let Some(slot) = self.applies.get_mut(di) {
            *slot = Some(t);
        }
        Ok(t)
    }

    /// Computes one outcome field into its slot; an error names the field.
    pub fn field(&mut self, di: usize, fi: usize) -> Result<(), Fault> {
        self.compute(di, fi).map_err(|e| {
            in_field(e, || {
                let d = self.ctx.program.decisions.get(di);
                let f = d.and_then(|d| d.fields.get(fi));
                format!(
                    "{}.{}",
                    d.map_or("", |d| d.name.as_str()),
                    f.map_or("", |f| f.name.as_str())
                )
            })
        })
    }

    fn compute(&mut self, di: usize, fi: usize) -> Result<(), Fault> {
        let program = self.ctx.program;
        let Some(f) = program.decisions.get(di).and_then(|d| d.fields.get(fi)) else {
            return Ok(());
        };
        // Whether the decision applies comes first: a record it is not for is not pending.
        let applies = self.applies(di)?;
        let pending = self.pending.get(di).copied().unwrap_or_default();
        let value = match applies {
            Tri::False => Value::None,
            Tri::Unknown(m) => Value::Missing(m),
            Tri::True if !pending.is_empty() => Value::Missing(pending),
            Tri::True if f.is_requirement() => self.requirement(f)?,
            Tri::True => {
                let v = self.combined(f)?;
                if matches!(v, Value::None) && !f.optional {
                    self.warnings.push(Warning::Unset {
                        decision: di,
                        field: fi,
                    });
                }
                if f.bounds.is_empty() {
                    v
                } else {
                    self.bounded(f, v)?
                }
            }
        };
        if let Some(slot) = self.ctx.slots.get_mut(f.slot) {
            *slot = value;
        }
        Ok(())
    }

    fn requirement(&mut self, f: &OutFieldDef) -> R<'a> {
        let mut acc = Tri::True;
        for q in &f.requirements {
            let applies = self.fires(q.rule)?;
            if applies == Tri::False {
                continue;
            }
            let holds = self.eval_in(q.cond, q.rule)?.tri();
            acc = acc.and((!applies).or(holds));
            if applies == Tri::True {
                match holds {
                    Tri::True => self.mark(q.rule),
                    Tri::False => {
                        if let Some(s) = self.rules.get_mut(q.rule) {
                            s.unmet = true;
                        }
                    }
                    Tri::Unknown(_) => {}
                }
            }
        }
        Ok(acc.value())
    }

    /// The value the setting rules give, else the default.
    #[inline]
    fn combined(&mut self, f: &OutFieldDef) -> R<'a> {
        let mut best: Option<(Value<'a>, usize)> = None;
        let mut blocked = Missing::default();
        match f.combine {
            Combine::First => {
                for s in &f.setters {
                    match self.fires(s.rule)? {
                        Tri::True => {
                            best = Some((self.eval_in(s.value, s.rule)?, s.rule));
                            break;
                        }
                        Tri::Unknown(m) => {
                            blocked = m;
                            break;
                        }
                        Tri::False => {}
                    }
                }
            }
            Combine::Unique => {
                for s in &f.setters {
                    match self.fires(s.rule)? {
                        Tri::True => {
                            let v = self.eval_in(s.value, s.rule)?;
                            if let Some((prev, r0)) = best {
                                if !(prev.same(v)
                                    || (prev.missing().is_some() && v.missing().is_some()))
                                {
                                    return Err(self.conflict(f, r0, s.rule));
                                }
                            } else {
                                best = Some((v, s.rule));
                            }
                        }
                        Tri::Unknown(m) => blocked = blocked.union(m),
                        Tri::False => {}
                    }
                }
            }
            Combine::Every => return self.every(f),
            Combine::Max | Combine::Min => {
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
                for s in &f.setters {
                    if self.fires(s.rule)? == Tri::True {
                        let v = self.eval_in(s.value, s.rule)?;
                        if let Some(m) = v.missing() {
                            blocked = blocked.union(m);
                        } else if best.is_none_or(|(b, _)| better(v, b)) {
                            best = Some((v, s.rule));
                        }
                    }
                }
                for s in &f.setters {
                    if let Tri::Unknown(m) = self.fires(s.rule)? {
                        let v = self.eval_in(s.value, s.rule)?;
                        let could_win = match best {
                            None => true,
                            Some((b, _)) => v.missing().is_some() || better(v, b),
                        };
                        if could_win {
                            blocked = blocked.union(m);
                        }
                    }
                }
            }
        }
        if !blocked.is_empty() {
            return Ok(Value::Missing(blocked));
        }
        match best {
            Some((v, r)) => {
                self.mark(r);
                Ok(v)
            }
            None => match f.default {
                Some(d) => self.ctx.eval(d),
                None => Ok(Value::None),
            },
        }
    }

    /// `全部`: every rule that fires is a ground and is marked; all must give one value. A
    /// pending rule leaves the value open only where it could change it: when no rule fires,
    /// or when its value is not the one the grounds give.
    fn every(&mut self, f: &OutFieldDef) -> R<'a> {
        let mut taken: Option<(Value<'a>, usize)> = None;
        let mut grounds = 0usize;
        for s in &f.setters {
            if self.fires(s.rule)? != Tri::True {
                continue;
            }
            let v = self.eval_in(s.value, s.rule)?;
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
        for s in &f.setters {
            if let Tri::Unknown(m) = self.fires(s.rule)? {
                let agrees = match taken {
                    Some((prev, _)) => self.eval_in(s.value, s.rule)?.same(prev),
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
            for s in &f.setters {
                if self.fires(s.rule)? == Tri::True {
                    self.mark(s.rule);
                }
            }
        }
        match taken {
            Some((v, _)) => Ok(v),
            None => match f.default {
                Some(d) => self.ctx.eval(d),
                None => Ok(Value::None),
            },
        }
    }

    /// Applies the caps and floors of a field.
    #[inline]
    fn bounded(&mut self, f: &OutFieldDef, mut value: Value<'a>) -> R<'a> {
        for b in &f.bounds {
            let fires = self.fires(b.rule)?;
            if fires == Tri::False || value.missing().is_some() {
                continue;
            }
            let bound = self.eval_in(b.value, b.rule)?;
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
                Tri::True => {
                    value = bound;
                    self.mark(b.rule);
                }
                Tri::Unknown(m) => value = Value::Missing(m),
                Tri::False => {}
            }
        }
        Ok(value)
    }

    /// Evaluates an expression of rule `r`; an error names the rule.
    fn eval_in(&mut self, e: crate::program::ir::ExprId, r: usize) -> R<'a> {
        self.ctx
            .eval(e)
            .map_err(|err| match self.ctx.program.rules.get(r) {
                Some(rule) => in_rule(err, rule.id()),
                None => err,
            })
    }

    fn conflict(&self, f: &OutFieldDef, a: usize, b: usize) -> Fault {
        let rules = &self.ctx.program.rules;
        Box::new(EvalError {
            kind: EvalErrorKind::Conflict {
                field: f.name.clone(),
                first: rules.get(a).map(|r| r.id().to_string()).unwrap_or_default(),
                second: rules.get(b).map(|r| r.id().to_string()).unwrap_or_default(),
            },
            span: f.span,
            place: Box::default(),
        })
    }
}
