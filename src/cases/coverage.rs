//! Policy tests: coverage of a policy by its cases, both ways. For each rule, whether some case
//! made it take effect and some case made it not; for each condition inside it (each operand of
//! `且`/`或`, each pattern), whether some case made it true and some case false.

use serde::Serialize;

use crate::eval::{Tri, Verdict};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::{BinOp, Program};
use crate::verdict::source_text;

/// What the cases have shown so far.
#[derive(Clone, Debug)]
pub struct Coverage {
    rules: Vec<RuleSeen>,
}

#[derive(Clone, Debug, Default)]
struct RuleSeen {
    took_effect: bool,
    not: bool,
    conditions: Vec<(ExprId, bool, bool)>,
}

/// The leaves of a condition: the operands of `且`/`或` chains, at any depth.
fn leaves(p: &Program, id: ExprId, out: &mut Vec<ExprId>) {
    match p.node(id).map(|n| &n.kind) {
        Some(NodeKind::Binary(BinOp::And | BinOp::Or, a, b)) => {
            leaves(p, *a, out);
            leaves(p, *b, out);
        }
        _ => out.push(id),
    }
}

impl Coverage {
    /// Nothing seen yet, for every rule of the program.
    pub fn new(p: &Program) -> Coverage {
        let rules = p
            .rules
            .iter()
            .enumerate()
            .map(|(r, rule)| {
                let mut ids = Vec::new();
                if let Some(w) = rule.when {
                    leaves(p, w, &mut ids);
                }
                let requirements = p
                    .decisions
                    .get(rule.decision)
                    .into_iter()
                    .flat_map(|d| d.fields.iter())
                    .flat_map(|f| f.requirements.iter())
                    .filter(|q| q.rule == r);
                for q in requirements {
                    leaves(p, q.cond, &mut ids);
                }
                RuleSeen {
                    conditions: ids.into_iter().map(|i| (i, false, false)).collect(),
                    ..RuleSeen::default()
                }
            })
            .collect();
        Coverage { rules }
    }

    /// Records what one evaluation shows. A rule and its conditions count where its decision
    /// applies and was made (not left unreached by a missing input).
    pub fn observe(&mut self, v: &Verdict<'_>) {
        let p = v.program();
        for (di, d) in p.decisions.iter().enumerate() {
            let reached = d.rules.iter().any(|r| v.rule(*r).fires.is_some());
            if v.applies(di) != Tri::True || !reached {
                // A rule without conditions takes effect whenever its decision is made: it is
                // seen not to where the decision is not made (pending, or not applicable).
                for r in &d.rules {
                    if let Some(seen) = self.rules.get_mut(*r) {
                        if seen.conditions.is_empty() {
                            seen.not = true;
                        }
                    }
                }
                continue;
            }
            for r in &d.rules {
                let Some(seen) = self.rules.get_mut(*r) else {
                    continue;
                };
                if v.rule(*r).contributed {
                    seen.took_effect = true;
                } else {
                    seen.not = true;
                }
                for (id, t, f) in &mut seen.conditions {
                    match v.probe(*id, &[]).map(crate::eval::Value::tri) {
                        Ok(Tri::True) => *t = true,
                        Ok(Tri::False) => *f = true,
                        _ => {}
                    }
                }
            }
        }
    }

    /// The coverage, rule by rule, with the totals.
    pub fn report(&self, p: &Program) -> Report {
        let rules: Vec<RuleCoverage> = self
            .rules
            .iter()
            .zip(&p.rules)
            .map(|(seen, rule)| RuleCoverage {
                rule: rule.id().to_string(),
                title: rule.title.clone(),
                sentence: rule.source.clone(),
                took_effect: seen.took_effect,
                not_taken: seen.not,
                conditions: seen
                    .conditions
                    .iter()
                    .map(|(id, t, f)| ConditionCoverage {
                        text: source_text(p, *id),
                        true_seen: *t,
                        false_seen: *f,
                    })
                    .collect(),
            })
            .collect();
        let ways = |a: bool, b: bool| usize::from(a) + usize::from(b);
        let rule_ways = rules.iter().map(|r| ways(r.took_effect, r.not_taken)).sum();
        let condition_ways = rules
            .iter()
            .flat_map(|r| &r.conditions)
            .map(|c| ways(c.true_seen, c.false_seen))
            .sum();
        let conditions = rules.iter().map(|r| r.conditions.len()).sum::<usize>();
        Report {
            rule_ways,
            rule_ways_total: rules.len() * 2,
            condition_ways,
            condition_ways_total: conditions * 2,
            rules,
        }
    }
}

/// Coverage of a policy: each rule both ways, each condition both ways.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Rule directions covered (took effect, did not).
    pub rule_ways: usize,
    /// Rule directions in all: twice the rules.
    pub rule_ways_total: usize,
    /// Condition directions covered (true, false).
    pub condition_ways: usize,
    /// Condition directions in all: twice the conditions.
    pub condition_ways_total: usize,
    /// Every rule, in the policy's order.
    pub rules: Vec<RuleCoverage>,
}

impl Report {
    /// The share of rule and condition directions covered, in percent (100 with nothing to cover).
    pub fn percent(&self) -> f64 {
        let total = self.rule_ways_total + self.condition_ways_total;
        if total == 0 {
            return 100.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let pct = (self.rule_ways + self.condition_ways) as f64 * 100.0 / total as f64;
        pct
    }

    /// Whether every rule and condition was seen both ways.
    pub fn complete(&self) -> bool {
        self.rule_ways == self.rule_ways_total && self.condition_ways == self.condition_ways_total
    }
}

/// One rule's coverage.
#[derive(Clone, Debug, Serialize)]
pub struct RuleCoverage {
    /// The rule's first id.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// The clause's sentence.
    pub sentence: Option<String>,
    /// Some case made it take effect.
    pub took_effect: bool,
    /// Some case made it not take effect.
    pub not_taken: bool,
    /// Its conditions.
    pub conditions: Vec<ConditionCoverage>,
}

impl RuleCoverage {
    /// Whether the rule and all its conditions were seen both ways.
    pub fn complete(&self) -> bool {
        self.took_effect
            && self.not_taken
            && self.conditions.iter().all(|c| c.true_seen && c.false_seen)
    }
}

/// One condition's coverage.
#[derive(Clone, Debug, Serialize)]
pub struct ConditionCoverage {
    /// The condition as the policy writes it.
    pub text: String,
    /// Some case made it true.
    pub true_seen: bool,
    /// Some case made it false.
    pub false_seen: bool,
}
