//! Diff stage: decisions and rules of two versions, keyed by decision name and rule id.

use crate::program::ir::{DecisionDef, ExprId, RuleDef};
use crate::program::{Combine, Program};

use super::canon::{canon, conjuncts, leaves, Canon};
use super::{chars, one_line, Action, Change, Detail, Effect, Places, RankKey, Ranking, Subject};
use crate::program::roster;

/// The quoted text of an expression, on one line.
fn text(p: &Program, id: ExprId) -> String {
    one_line(p.text(id))
}

fn opt_text(p: &Program, id: Option<ExprId>) -> Option<String> {
    id.map(|i| text(p, i))
}

fn field_names(p: &Program, fields: &[usize]) -> Vec<String> {
    let record = p.schema.record();
    fields
        .iter()
        .filter_map(|i| {
            record
                .and_then(|r| r.fields.get(*i))
                .map(|f| f.name.clone())
        })
        .collect()
}

fn rule_ids(p: &Program, rules: &[usize]) -> Vec<String> {
    rules
        .iter()
        .filter_map(|r| p.rules.get(*r).map(|r| r.id().to_string()))
        .collect()
}

/// Decisions added, removed and changed (their outcome fields, how they combine, the order of
/// first-wins rules, `仅当` and `需要`).
pub(super) fn decisions(old: &Program, new: &Program, out: &mut Vec<Change>) {
    for d in &old.decisions {
        if !new.decisions.iter().any(|n| n.name == d.name) {
            out.push(change(
                Subject::Decision,
                &d.name,
                d.title.clone(),
                Action::Removed,
                Vec::new(),
            ));
        }
    }
    for d in &new.decisions {
        let Some(o) = old.decisions.iter().find(|o| o.name == d.name) else {
            let details = d
                .fields
                .iter()
                .map(|f| Detail::FieldAdded {
                    field: f.name.clone(),
                    ty: f.ty.describe(&new.schema),
                    optional: f.optional,
                })
                .collect();
            out.push(change(
                Subject::Decision,
                &d.name,
                d.title.clone(),
                Action::Added,
                details,
            ));
            continue;
        };
        let details = decision(old, o, new, d);
        if !details.is_empty() {
            out.push(change(
                Subject::Decision,
                &d.name,
                d.title.clone(),
                Action::Changed,
                details,
            ));
        }
    }
}

fn change(
    subject: Subject,
    name: &str,
    title: Option<String>,
    action: Action,
    details: Vec<Detail>,
) -> Change {
    Change {
        subject,
        name: name.to_string(),
        within: None,
        title,
        action,
        details,
        reaches: Vec::new(),
    }
}

fn decision(old: &Program, o: &DecisionDef, new: &Program, d: &DecisionDef) -> Vec<Detail> {
    let mut out = Vec::new();
    title(o.title.as_deref(), d.title.as_deref(), &mut out);
    let (ro, rn) = (field_names(old, &o.requires), field_names(new, &d.requires));
    if sorted(&ro) != sorted(&rn) {
        out.push(Detail::Requires { old: ro, new: rn });
    }
    if !same_ranking(old, o, new, d) {
        out.push(Detail::Ranking {
            old: ranking(old, o),
            new: ranking(new, d),
        });
    }
    let ao = o.applies.map(|a| canon(old, a));
    let an = d.applies.map(|a| canon(new, a));
    if ao != an {
        out.push(Detail::Applies {
            old: opt_text(old, o.applies),
            new: opt_text(new, d.applies),
        });
    }
    for f in &o.fields {
        if !d.fields.iter().any(|n| n.name == f.name) {
            out.push(Detail::FieldRemoved {
                field: f.name.clone(),
            });
        }
    }
    for f in &d.fields {
        let Some(g) = o.fields.iter().find(|g| g.name == f.name) else {
            out.push(Detail::FieldAdded {
                field: f.name.clone(),
                ty: f.ty.describe(&new.schema),
                optional: f.optional,
            });
            continue;
        };
        let (to, tn) = (g.ty.describe(&old.schema), f.ty.describe(&new.schema));
        if to != tn {
            out.push(Detail::FieldType {
                field: f.name.clone(),
                old: to,
                new: tn,
            });
        }
        if g.optional != f.optional {
            out.push(Detail::FieldOptional {
                field: f.name.clone(),
                old: g.optional,
                new: f.optional,
            });
        }
        let (co, cn) = (
            g.default.map(|e| canon(old, e)),
            f.default.map(|e| canon(new, e)),
        );
        if co != cn {
            let found = match (&co, &cn) {
                (Some(a), Some(b)) => leaves(a, b).unwrap_or_default(),
                _ => Vec::new(),
            };
            out.push(Detail::FieldDefault {
                field: f.name.clone(),
                old: opt_text(old, g.default),
                new: opt_text(new, f.default),
                leaves: found,
            });
        }
        // Only the combination of a field that rules set matters.
        if g.combine != f.combine && !(g.setters.is_empty() && f.setters.is_empty()) {
            out.push(Detail::Combine {
                field: f.name.clone(),
                old: g.combine,
                new: f.combine,
            });
        }
        if f.combine == Combine::First && g.combine == Combine::First {
            let so: Vec<usize> = g.setters.iter().map(|s| s.rule).collect();
            let sn: Vec<usize> = f.setters.iter().map(|s| s.rule).collect();
            let (io, inn) = (rule_ids(old, &so), rule_ids(new, &sn));
            let common_o: Vec<&String> = io.iter().filter(|i| inn.contains(i)).collect();
            let common_n: Vec<&String> = inn.iter().filter(|i| io.contains(i)).collect();
            if common_o != common_n {
                out.push(Detail::RuleOrder {
                    field: f.name.clone(),
                    old: io,
                    new: inn,
                });
            }
        }
    }
    out
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// A rule's effects: (field, kind, expression).
fn effects(p: &Program, r: usize) -> Vec<(String, Effect, ExprId)> {
    let Some(rule) = p.rules.get(r) else {
        return Vec::new();
    };
    let Some(d) = p.decisions.get(rule.decision) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in &d.fields {
        for s in f.setters.iter().filter(|s| s.rule == r) {
            out.push((f.name.clone(), Effect::Set, s.value));
        }
        for b in f.bounds.iter().filter(|b| b.rule == r) {
            let kind = if b.at_most {
                Effect::AtMost
            } else {
                Effect::AtLeast
            };
            out.push((f.name.clone(), kind, b.value));
        }
        for q in f.requirements.iter().filter(|q| q.rule == r) {
            out.push((f.name.clone(), Effect::Requires, q.cond));
        }
    }
    out
}

fn decision_name(p: &Program, r: &RuleDef) -> String {
    p.decisions
        .get(r.decision)
        .map_or_else(String::new, |d| d.name.clone())
}

/// The old rule a new one is: the same first id, else one sharing an id.
fn counterpart(old: &Program, r: &RuleDef, taken: &[bool]) -> Option<usize> {
    let free = |i: &usize| !taken.get(*i).copied().unwrap_or(true);
    old.rules
        .iter()
        .position(|o| o.id() == r.id())
        .filter(free)
        .or_else(|| {
            old.rules
                .iter()
                .enumerate()
                .position(|(i, o)| free(&i) && o.ids.iter().any(|x| r.ids.contains(x)))
        })
}

/// Rules added, removed and changed, keyed by clause id.
pub(super) fn rules(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let mut taken = vec![false; old.rules.len()];
    let mut pairs = Vec::new();
    for (i, r) in new.rules.iter().enumerate() {
        let o = counterpart(old, r, &taken);
        if let Some(slot) = o.and_then(|o| taken.get_mut(o)) {
            *slot = true;
        }
        pairs.push((o, i));
    }
    for (i, r) in old.rules.iter().enumerate() {
        if !taken.get(i).copied().unwrap_or(true) {
            let details = whole_rule(old, i, false);
            out.push(rule_change(old, r, Action::Removed, details));
        }
    }
    for (o, i) in pairs {
        let Some(r) = new.rules.get(i) else { continue };
        match o {
            None => {
                let details = whole_rule(new, i, true);
                out.push(rule_change(new, r, Action::Added, details));
            }
            Some(o) => {
                let details = rule(old, o, new, i);
                if !details.is_empty() {
                    out.push(rule_change(new, r, Action::Changed, details));
                }
            }
        }
    }
}

fn rule_change(p: &Program, r: &RuleDef, action: Action, details: Vec<Detail>) -> Change {
    Change {
        subject: Subject::Rule,
        name: r.id().to_string(),
        within: Some(decision_name(p, r)),
        title: Some(r.title.clone()),
        action,
        details,
        reaches: Vec::new(),
    }
}

/// An added or removed rule, said as what it is: its sentence, conditions and effects.
fn whole_rule(p: &Program, i: usize, added: bool) -> Vec<Detail> {
    let Some(r) = p.rules.get(i) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(s) = &r.source {
        let (old, new) = if added {
            (None, Some(s.clone()))
        } else {
            (Some(s.clone()), None)
        };
        out.push(Detail::Sentence {
            old,
            new,
            diff: Vec::new(),
        });
    }
    for c in r.when.map(|w| conjuncts(p, w)).unwrap_or_default() {
        let text = text(p, c);
        out.push(if added {
            Detail::ConditionAdded { text }
        } else {
            Detail::ConditionDropped { text }
        });
    }
    for (field, effect, e) in effects(p, i) {
        let text = text(p, e);
        out.push(if added {
            Detail::EffectAdded {
                field,
                effect,
                text,
            }
        } else {
            Detail::EffectRemoved {
                field,
                effect,
                text,
            }
        });
    }
    out
}

fn rule(old: &Program, oi: usize, new: &Program, ni: usize) -> Vec<Detail> {
    let (Some(o), Some(r)) = (old.rules.get(oi), new.rules.get(ni)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if o.ids != r.ids {
        out.push(Detail::Ids {
            old: o.ids.clone(),
            new: r.ids.clone(),
        });
    }
    title(Some(&o.title), Some(&r.title), &mut out);
    let (dold, dnew) = (decision_name(old, o), decision_name(new, r));
    if dold != dnew {
        out.push(Detail::Moved {
            old: dold,
            new: dnew,
        });
    }
    if o.source != r.source {
        out.push(sentence(o.source.as_deref(), r.source.as_deref()));
    }
    if sorted(&o.see) != sorted(&r.see) {
        out.push(Detail::See {
            old: o.see.clone(),
            new: r.see.clone(),
        });
    }
    conditions(old, o.when, new, r.when, &mut out);
    effects_diff(old, oi, new, ni, &mut out);
    let (vo, vn) = (
        sorted(&rule_ids(old, &o.overrides)),
        sorted(&rule_ids(new, &r.overrides)),
    );
    if vo != vn {
        out.push(Detail::Overrides { old: vo, new: vn });
    }
    let (qo, qn) = (quota(old, oi), quota(new, ni));
    if qo != qn {
        out.push(Detail::Quota { old: qo, new: qn });
    }
    out
}

/// A rule's quota, where its decision is over the roster and gives it one.
fn quota(p: &Program, rule: usize) -> Option<Places> {
    let r = p.rules.get(rule)?;
    let d = p.decisions.get(r.decision)?;
    let q = d.roster.as_ref()?.quotas.iter().find(|q| q.rule == rule)?;
    Some(match q.places {
        roster::Places::Count(count) => Places::Count { count },
        roster::Places::Share(share) => Places::Share {
            percent: share
                .checked_mul(crate::value::Num::from_raw(100 * crate::value::Num::SCALE))
                .map_or_else(|| share.to_string(), |n| n.to_string()),
        },
    })
}

/// How a roster decision groups and orders its records.
fn ranking(p: &Program, d: &DecisionDef) -> Option<Ranking> {
    let r = d.roster.as_ref()?;
    Some(Ranking {
        group: r
            .group
            .and_then(|g| field_names(p, &[g]).into_iter().next()),
        order: r
            .order
            .iter()
            .map(|k| RankKey {
                by: text(p, k.expr),
                desc: k.desc,
            })
            .collect(),
    })
}

/// Two rankings compared by meaning: the group, and each key's expression and direction.
fn same_ranking(old: &Program, o: &DecisionDef, new: &Program, d: &DecisionDef) -> bool {
    match (&o.roster, &d.roster) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            field_names(old, &a.group.into_iter().collect::<Vec<_>>())
                == field_names(new, &b.group.into_iter().collect::<Vec<_>>())
                && a.order.len() == b.order.len()
                && a.order
                    .iter()
                    .zip(&b.order)
                    .all(|(x, y)| x.desc == y.desc && canon(old, x.expr) == canon(new, y.expr))
        }
        _ => false,
    }
}

/// A sentence before and after, with its character diff.
/// A title that differs between the versions, as a detail.
pub(super) fn title(old: Option<&str>, new: Option<&str>, out: &mut Vec<Detail>) {
    if old != new {
        out.push(Detail::Title {
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        });
    }
}

pub(super) fn sentence(old: Option<&str>, new: Option<&str>) -> Detail {
    let diff = match (old, new) {
        (Some(a), Some(b)) => chars::diff(a, b),
        _ => Vec::new(),
    };
    Detail::Sentence {
        old: old.map(str::to_string),
        new: new.map(str::to_string),
        diff,
    }
}

/// The parts of two conditions compared as sets: kept, changed in a constant or pattern,
/// dropped, added.
fn conditions(
    old: &Program,
    ow: Option<ExprId>,
    new: &Program,
    nw: Option<ExprId>,
    out: &mut Vec<Detail>,
) {
    let parts = |p: &Program, w: Option<ExprId>| -> Vec<(ExprId, Canon)> {
        w.map(|w| conjuncts(p, w))
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c, canon(p, c)))
            .collect()
    };
    let mut olds = parts(old, ow);
    let mut news = parts(new, nw);
    // The same part on both sides is no change, wherever it stands.
    olds.retain(|(_, c)| {
        if let Some(k) = news.iter().position(|(_, n)| n == c) {
            news.remove(k);
            false
        } else {
            true
        }
    });
    let mut added: Vec<(ExprId, Canon)> = Vec::new();
    for (nid, nc) in news {
        let found = olds
            .iter()
            .enumerate()
            .find_map(|(k, (_, oc))| leaves(oc, &nc).map(|l| (k, l)));
        match found {
            Some((k, l)) => {
                let (oid, _) = olds.remove(k);
                out.push(Detail::ConditionChanged {
                    old: text(old, oid),
                    new: text(new, nid),
                    leaves: l,
                });
            }
            None => added.push((nid, nc)),
        }
    }
    for (oid, _) in olds {
        out.push(Detail::ConditionDropped {
            text: text(old, oid),
        });
    }
    for (nid, _) in added {
        out.push(Detail::ConditionAdded {
            text: text(new, nid),
        });
    }
}

fn effects_diff(old: &Program, oi: usize, new: &Program, ni: usize, out: &mut Vec<Detail>) {
    let eo = effects(old, oi);
    let en = effects(new, ni);
    for (field, effect, e) in &eo {
        if !en.iter().any(|(f, k, _)| f == field && k == effect) {
            out.push(Detail::EffectRemoved {
                field: field.clone(),
                effect: *effect,
                text: text(old, *e),
            });
        }
    }
    for (field, effect, e) in &en {
        let Some((_, _, o)) = eo.iter().find(|(f, k, _)| f == field && k == effect) else {
            out.push(Detail::EffectAdded {
                field: field.clone(),
                effect: *effect,
                text: text(new, *e),
            });
            continue;
        };
        let (co, cn) = (canon(old, *o), canon(new, *e));
        if co != cn {
            out.push(Detail::EffectChanged {
                field: field.clone(),
                effect: *effect,
                old: text(old, *o),
                new: text(new, *e),
                leaves: leaves(&co, &cn).unwrap_or_default(),
            });
        }
    }
}
