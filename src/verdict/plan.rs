//! Verdict stage: what explanations read of each rule that does not depend on the record,
//! worked out once per program (on first use): the parts of its condition and requirement
//! (split at the top-level `且`) with whether each only says whom the rule is for or is
//! context, its requirement, and whether it only caps or floors a field.

use std::sync::OnceLock;

use crate::program::ir::ExprId;
use crate::program::{Combine, Program};

use super::kinds::{conjuncts, is_context, is_scope};

/// One part of a rule's condition or requirement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Part {
    /// The part.
    pub(crate) id: ExprId,
    /// Whether it only says whom the rule is for ([`is_scope`]).
    pub(crate) scope: bool,
    /// Whether it is context rather than a reason ([`is_context`]).
    pub(crate) context: bool,
}

/// What explanations read of one rule.
#[derive(Debug, Default)]
pub(crate) struct RulePlan {
    /// The parts of its `当` condition.
    pub(crate) when: Vec<Part>,
    /// The condition of its requirement (`要求`), if it is one.
    pub(crate) requirement: Option<ExprId>,
    /// The parts of that condition.
    pub(crate) requires: Vec<Part>,
    /// Whether it only caps or floors fields (sets none).
    pub(crate) only_bounds: bool,
    /// Whether some part of its condition or requirement is a fact about the person.
    pub(crate) on_facts: bool,
    /// The outcome fields of its decision it sets, by index.
    pub(crate) sets: Vec<usize>,
    /// The `全部` fields of its decision named as one it sets, by index.
    pub(crate) grounds: Vec<usize>,
}

/// Every rule's plan, by the rule's index, made on first use.
#[derive(Debug, Default)]
pub(crate) struct Plans(OnceLock<Box<[RulePlan]>>);

/// The plan of rule `r` (an empty one for an index the program does not have).
pub(crate) fn of(p: &Program, r: usize) -> &RulePlan {
    static NONE: RulePlan = RulePlan {
        when: Vec::new(),
        requirement: None,
        requires: Vec::new(),
        only_bounds: false,
        on_facts: false,
        sets: Vec::new(),
        grounds: Vec::new(),
    };
    let all = p
        .plans
        .0
        .get_or_init(|| (0..p.rules.len()).map(|r| make(p, r)).collect());
    all.get(r).unwrap_or(&NONE)
}

fn parts(p: &Program, id: Option<ExprId>) -> Vec<Part> {
    let mut ids = Vec::new();
    if let Some(id) = id {
        conjuncts(p, id, &mut ids);
    }
    ids.into_iter()
        .map(|id| Part {
            id,
            scope: is_scope(p, id),
            context: is_context(p, id),
        })
        .collect()
}

fn make(p: &Program, r: usize) -> RulePlan {
    let rule = p.rules.get(r);
    let d = rule.and_then(|x| p.decisions.get(x.decision));
    let requirement = d.and_then(|d| {
        d.fields
            .iter()
            .flat_map(|f| f.requirements.iter())
            .find(|q| q.rule == r)
            .map(|q| q.cond)
    });
    let only_bounds = d.is_some_and(|d| {
        d.fields
            .iter()
            .any(|f| f.bounds.iter().any(|b| b.rule == r))
            && !d
                .fields
                .iter()
                .any(|f| f.setters.iter().any(|s| s.rule == r))
    });
    let when = parts(p, rule.and_then(|x| x.when));
    let requires = parts(p, requirement);
    let on_facts = when.iter().chain(&requires).any(|c| !c.scope && !c.context);
    let fields = d.map_or(&[][..], |d| &d.fields[..]);
    let sets: Vec<usize> = (0..fields.len())
        .filter(|fi| {
            let f = fields.get(*fi);
            f.is_some_and(|f| f.setters.iter().any(|s| s.rule == r))
        })
        .collect();
    let named = |name: &str| {
        sets.iter()
            .any(|fi| fields.get(*fi).is_some_and(|f| f.name == name))
    };
    let grounds = (0..fields.len())
        .filter(|fi| {
            let f = fields.get(*fi);
            f.is_some_and(|f| f.combine == Combine::Every && named(&f.name))
        })
        .collect();
    RulePlan {
        when,
        requirement,
        requires,
        only_bounds,
        on_facts,
        sets,
        grounds,
    }
}
