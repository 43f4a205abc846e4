//! Verdict stage: what became of each rule for a record: fired, not fired (and on which
//! condition), shadowed by a better value, overridden, a requirement not met, or pending; and
//! what a rule that fired did to the outcome.

use crate::eval::{Tri, Verdict};
use crate::program::ir::{ExprId, NodeKind};

use super::evidence::{condition, evidence, seen_value, tri, Probe};
use super::kinds::source_text;
use super::plan::{self, Part};
use super::{Computed, Condition, Effect, RuleStatus, RuleTrace, Value};

fn conditions(v: &Probe<'_, '_>, parts: &[Part]) -> Vec<Condition> {
    parts.iter().map(|c| condition(v, c.id)).collect()
}

/// What became of a rule for the record, and the rule that overrode it, if one did.
pub fn rule_status(v: &Verdict<'_>, r: usize) -> (RuleStatus, Option<String>) {
    status(&Probe::new(v), r)
}

pub(super) fn status(v: &Probe<'_, '_>, r: usize) -> (RuleStatus, Option<String>) {
    let p = v.program();
    let state = v.rule(r);
    let rule = p.rules.get(r);
    let plan = plan::of(p, r);
    // Whether the rule's own condition held (as opposed to another rule overriding it).
    let own = || rule.and_then(|x| x.when).map_or(Tri::True, |w| tri(v, w));
    let status = match state.fires {
        _ if state.contributed => RuleStatus::Fired,
        _ if state.unmet => RuleStatus::Unmet,
        None => RuleStatus::NotReached,
        Some(Tri::Unknown(_)) => RuleStatus::Pending,
        Some(Tri::True) if plan.requirement.is_some() => RuleStatus::Pending,
        Some(Tri::True) if plan.only_bounds => RuleStatus::Within,
        Some(Tri::True) => RuleStatus::Shadowed,
        Some(Tri::False) => {
            let by = rule.and_then(|x| {
                x.overridden_by
                    .iter()
                    .copied()
                    .find(|o| v.rule(*o).fires == Some(Tri::True))
            });
            match by {
                Some(o) if own() == Tri::True => {
                    return (
                        RuleStatus::Overridden,
                        p.rules.get(o).map(|x| x.id().to_string()),
                    );
                }
                _ => RuleStatus::NotFired,
            }
        }
    };
    (status, None)
}

/// Whether some part of a rule's condition or requirement is a fact about the person: not
/// only whom the rule is for, nor the context of the evaluation (what a [`Condition`]'s
/// `scope` and `context` say, without building the conditions).
pub fn on_facts(v: &Verdict<'_>, r: usize) -> bool {
    plan::of(v.program(), r).on_facts
}

/// Traces one rule.
pub(super) fn rule(v: &Probe<'_, '_>, r: usize) -> RuleTrace {
    let (status, overridden_by) = status(v, r);
    let rule = v.program().rules.get(r);
    let plan = plan::of(v.program(), r);
    RuleTrace {
        index: r,
        rule: rule.map(|x| x.id().to_string()).unwrap_or_default(),
        ids: rule.map(|x| x.ids.clone()).unwrap_or_default(),
        title: rule.map(|x| x.title.clone()).unwrap_or_default(),
        status,
        overridden_by,
        conditions: conditions(v, &plan.when),
        requires: conditions(v, &plan.requires),
        effects: if status == RuleStatus::Fired {
            effects(v, r)
        } else {
            Vec::new()
        },
    }
}

/// Who reads a partial trace.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reader {
    /// A notice: no ids or title (the notice reads them from the program); no effects; the
    /// first failing condition of a rule that did not fire only
    /// when it is about the person (a notice says nothing of whom a rule is for, nor of the
    /// evaluation's context) and the notice may tell it (see `untold`).
    Notice,
    /// The audit text: effects too.
    Audit,
}

/// One rule as a notice or the audit text reads it: of a rule that took effect, every
/// condition and requirement (and for the audit, its effects); of a requirement not met, its
/// requirements; of a rule that did not fire or is pending, the first condition (else
/// requirement) that failed, alone; of any other, nothing beyond its status.
pub(super) fn for_reading(v: &Probe<'_, '_>, r: usize, reader: Reader) -> RuleTrace {
    let with_effects = reader == Reader::Audit;
    let mut t = match reader {
        Reader::Audit => status_only(v, r),
        // A notice finds the rule's ids and title in the program, by the trace's index.
        Reader::Notice => unnamed(v, r),
    };
    let plan = plan::of(v.program(), r);
    match t.status {
        RuleStatus::Fired => {
            t.conditions = conditions(v, &plan.when);
            t.requires = conditions(v, &plan.requires);
            if with_effects {
                t.effects = effects(v, r);
            }
        }
        RuleStatus::Unmet => t.requires = conditions(v, &plan.requires),
        RuleStatus::NotFired | RuleStatus::Pending if reader == Reader::Notice && untold(v, r) => {}
        RuleStatus::NotFired | RuleStatus::Pending => {
            let told = |c: &&Part| reader == Reader::Audit || !(c.scope || c.context);
            match first_failing(v, &plan.when) {
                Some(c) => {
                    t.conditions = told(&c).then(|| condition(v, c.id)).into_iter().collect()
                }
                None => {
                    let c = first_failing(v, &plan.requires).filter(told);
                    t.requires = c.map(|c| condition(v, c.id)).into_iter().collect();
                }
            }
        }
        _ => {}
    }
    t
}

/// Whether a notice leaves unsaid why rule `r` did not fire, whatever its condition: it took
/// effect after all, a `全部` field it sets has grounds that apply, or every field it sets was
/// given its value by another rule that took effect (what `explain::notice` asks of a trace
/// before it tells a failing condition, asked here before the condition is reported). Rules
/// share no id (the checker refuses one given twice), so a rule that took effect is found by
/// its index, not by its ids.
pub(super) fn untold(v: &Probe<'_, '_>, r: usize) -> bool {
    let p = v.program();
    let Some(d) = p.rules.get(r).and_then(|x| p.decisions.get(x.decision)) else {
        return false;
    };
    let took_effect = |x: usize| v.rule(x).contributed;
    if took_effect(r) {
        return true;
    }
    let plan = plan::of(p, r);
    let field = |fi: &usize| d.fields.get(*fi);
    // A `全部` field named as one it sets has grounds that apply.
    let ground =
        |fi: &usize| field(fi).is_some_and(|f| f.setters.iter().any(|s| took_effect(s.rule)));
    if plan.grounds.iter().any(ground) {
        return true;
    }
    let by_other = |fi: &usize| {
        field(fi).is_some_and(|f| f.setters.iter().any(|s| s.rule != r && took_effect(s.rule)))
    };
    !plan.sets.is_empty() && plan.sets.iter().all(by_other)
}

/// The first part of a condition that does not hold (or is pending).
pub(super) fn first_failing<'p>(v: &Probe<'_, '_>, parts: &'p [Part]) -> Option<&'p Part> {
    parts.iter().find(|c| tri(v, c.id) != Tri::True)
}

/// One rule's status alone: its ids and title, without conditions or effects.
pub(super) fn status_only(v: &Probe<'_, '_>, r: usize) -> RuleTrace {
    let (status, overridden_by) = status(v, r);
    let rule = v.program().rules.get(r);
    RuleTrace {
        index: r,
        rule: rule.map(|x| x.id().to_string()).unwrap_or_default(),
        ids: rule.map(|x| x.ids.clone()).unwrap_or_default(),
        title: rule.map(|x| x.title.clone()).unwrap_or_default(),
        status,
        overridden_by,
        conditions: Vec::new(),
        requires: Vec::new(),
        effects: Vec::new(),
    }
}

/// One rule's status alone, without its ids and title (left empty).
fn unnamed(v: &Probe<'_, '_>, r: usize) -> RuleTrace {
    let (status, overridden_by) = status(v, r);
    RuleTrace {
        index: r,
        rule: String::new(),
        ids: Vec::new(),
        title: String::new(),
        status,
        overridden_by,
        conditions: Vec::new(),
        requires: Vec::new(),
        effects: Vec::new(),
    }
}

fn is_constant(v: &Probe<'_, '_>, e: ExprId) -> bool {
    matches!(
        v.program().node(e).map(|n| &n.kind),
        Some(NodeKind::Const(_))
    )
}

/// What a rule that fired did beyond setting a constant: computed values, caps and floors.
fn effects(v: &Probe<'_, '_>, r: usize) -> Vec<Effect> {
    let p = v.program();
    let Some(d) = p.rules.get(r).and_then(|x| p.decisions.get(x.decision)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in &d.fields {
        for s in f.setters.iter().filter(|s| s.rule == r) {
            if !is_constant(v, s.value) {
                out.push(Effect::Set {
                    field: f.name.clone(),
                    expr: source_text(p, s.value),
                    value: seen_value(v, s.value),
                });
            }
        }
        for b in f.bounds.iter().filter(|b| b.rule == r) {
            // The value the cap or floor changed: what the winning rule (or the default) gave.
            let before = f
                .setters
                .iter()
                .find(|s| v.rule(s.rule).contributed)
                .map(|s| s.value)
                .or(f.default)
                .map(|e| seen_value(v, e));
            out.push(Effect::Bound {
                field: f.name.clone(),
                at_most: b.at_most,
                expr: source_text(p, b.value),
                value: (!is_constant(v, b.value)).then(|| seen_value(v, b.value)),
                before,
            });
        }
    }
    out
}

/// Fields no rule set whose value is computed from others (`目标职级 = 当前职级 + 小级数`).
pub(super) fn computed(v: &Probe<'_, '_>, di: usize) -> Vec<Computed> {
    let p = v.program();
    let Some(d) = p.decisions.get(di) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (fi, f) in d.fields.iter().enumerate() {
        let Some(e) = f.default else {
            continue;
        };
        let set_by_rule = f.setters.iter().any(|s| v.rule(s.rule).contributed);
        if set_by_rule || is_constant(v, e) || !v.value(di, fi).is_present() {
            continue;
        }
        out.push(Computed {
            field: f.name.clone(),
            expr: source_text(p, e),
            value: Value::of(p, &f.ty, v.value(di, fi)),
            evidence: evidence(v, e, tri(v, e)),
        });
    }
    out
}
