//! Explain stage: what became of each rule for a record: fired, not fired (and on which
//! condition), shadowed by a better value, overridden, a requirement not met, or pending.

use crate::diag::Lang;
use crate::eval::{Tri, Verdict};
use crate::program::ir::ExprId;

use super::why::{condition, conjuncts, Condition};

/// What became of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleStatus {
    /// It set, limited or satisfied an outcome.
    Fired,
    /// Its condition did not hold.
    NotFired,
    /// Its condition held, but another rule's value was taken (first or largest wins).
    Shadowed,
    /// A cap or floor whose condition held, but the value was already within it.
    Within,
    /// A rule that overrides it fired.
    Overridden(usize),
    /// A requirement that applied and did not hold.
    Unmet,
    /// It depends on absent inputs.
    Pending,
    /// Its decision was not evaluated (a required input is absent).
    NotReached,
}

impl RuleStatus {
    /// A stable code for JSON.
    pub fn code(self) -> &'static str {
        match self {
            RuleStatus::Fired => "fired",
            RuleStatus::NotFired => "not_fired",
            RuleStatus::Shadowed => "shadowed",
            RuleStatus::Within => "within",
            RuleStatus::Overridden(_) => "overridden",
            RuleStatus::Unmet => "unmet",
            RuleStatus::Pending => "pending",
            RuleStatus::NotReached => "not_reached",
        }
    }
}

/// A rule's status and the conditions behind it.
#[derive(Clone, Debug)]
pub struct RuleReport {
    /// The rule.
    pub rule: usize,
    /// What became of it.
    pub status: RuleStatus,
    /// Its condition's conjuncts (`当`).
    pub when: Vec<Condition>,
    /// Its requirements' conjuncts (`要求`), for requirement rules.
    pub required: Vec<Condition>,
}

impl RuleReport {
    /// The first condition that failed (or is pending): the reason a rule did not fire.
    pub fn first_failure(&self) -> Option<&Condition> {
        let failing = |c: &&Condition| c.holds != Tri::True;
        self.when
            .iter()
            .find(failing)
            .or_else(|| self.required.iter().find(failing))
    }
}

fn conditions(v: &Verdict<'_>, id: Option<ExprId>, lang: Lang) -> Vec<Condition> {
    let Some(id) = id else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    conjuncts(v.program(), id, &mut ids);
    ids.into_iter().map(|c| condition(v, c, lang)).collect()
}

/// Reports one rule.
pub fn report(v: &Verdict<'_>, r: usize, lang: Lang) -> RuleReport {
    let p = v.program();
    let state = v.rule(r);
    let rule = p.rules.get(r);
    let requirement = rule.and_then(|rule| {
        let d = p.decisions.get(rule.decision)?;
        d.fields
            .iter()
            .flat_map(|f| f.requirements.iter())
            .find(|q| q.rule == r)
            .map(|q| q.cond)
    });
    let only_bounds = rule
        .and_then(|x| p.decisions.get(x.decision))
        .is_some_and(|d| {
            d.fields
                .iter()
                .any(|f| f.bounds.iter().any(|b| b.rule == r))
                && !d
                    .fields
                    .iter()
                    .any(|f| f.setters.iter().any(|s| s.rule == r))
        });
    // Whether the rule's own condition held (as opposed to another rule overriding it).
    let own = || {
        rule.and_then(|x| x.when).map_or(Tri::True, |w| {
            v.probe(w, &[]).map_or(Tri::False, crate::eval::Value::tri)
        })
    };
    let status = match state.fires {
        _ if state.contributed => RuleStatus::Fired,
        _ if state.unmet => RuleStatus::Unmet,
        None => RuleStatus::NotReached,
        Some(Tri::Unknown(_)) => RuleStatus::Pending,
        Some(Tri::True) if requirement.is_some() => RuleStatus::Pending,
        Some(Tri::True) if only_bounds => RuleStatus::Within,
        Some(Tri::True) => RuleStatus::Shadowed,
        Some(Tri::False) => {
            let by = rule.and_then(|x| {
                x.overridden_by
                    .iter()
                    .copied()
                    .find(|o| v.rule(*o).fires == Some(Tri::True))
            });
            match by {
                Some(o) if own() == Tri::True => RuleStatus::Overridden(o),
                _ => RuleStatus::NotFired,
            }
        }
    };
    RuleReport {
        rule: r,
        status,
        when: conditions(v, rule.and_then(|x| x.when), lang),
        required: conditions(v, requirement, lang),
    }
}
