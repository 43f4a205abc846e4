//! Diff stage: whose verdicts change between two versions of a policy. Both versions evaluate
//! the same roster (each reads it against its own schema), record by record in input order; a
//! record whose outcome differs is counted in a group per decision, outcome field, old and new
//! value and the rules responsible. Memory stays bounded whatever the roster's size: the groups
//! keep counts and a sample of ids, and the records that cannot be read or evaluated under
//! either version are counted, the first ones kept with their place.

use std::collections::HashMap;

use serde::Serialize;

use crate::batch::Item;
use crate::eval::EvalError;
use crate::records::RecordError;
use crate::verdict::{DecisionVerdict, RecordVerdict, Value};

use super::{PolicyDiff, Subject};

/// How much of a roster's changes is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Ids kept per group.
    pub ids: usize,
    /// Groups kept per decision; the people of further groups are counted in `other`.
    pub groups: usize,
    /// Record problems kept with their place.
    pub problems: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            ids: 20,
            groups: 200,
            problems: 50,
        }
    }
}

/// The changes of a roster's verdicts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RosterDiff {
    /// Records read (the longer of the two readings).
    pub read: usize,
    /// Records evaluated under both versions.
    pub compared: usize,
    /// Of those, records with some outcome changed.
    pub changed: usize,
    /// Records that could not be read or evaluated under either version.
    pub failed: usize,
    /// Per decision (in the new version's order), the groups of changes.
    pub decisions: Vec<DecisionChanges>,
    /// The first records that could not be read or evaluated.
    pub problems: Vec<Problem>,
}

/// The changes of one decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionChanges {
    /// The decision.
    pub decision: String,
    /// Records whose outcome of this decision changed.
    pub people: usize,
    /// The groups, largest first.
    pub groups: Vec<Group>,
    /// People in groups not kept (beyond [`Limits::groups`]).
    pub other: usize,
}

/// The records whose outcome field went from one value to another through the same rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The outcome field; `None` for the decision's status (`已定`, `待定`, `不适用`).
    pub field: Option<String>,
    /// The value under the old version.
    pub old: Value,
    /// The value under the new version.
    pub new: Value,
    /// The rules responsible: of the rules that took effect (or were unmet) under one version
    /// and not the other, those the policy's change touches (else all of them); when the same
    /// rules took effect, those of them the change touches.
    pub via: Vec<String>,
    /// How many records.
    pub count: usize,
    /// The first records' ids.
    pub ids: Vec<String>,
    /// Whether `ids` lists fewer than `count`.
    pub truncated: bool,
}

/// A record that could not be read or evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Under which version: the old, the new, or both.
    pub under: Under,
    /// What went wrong.
    pub error: ProblemKind,
}

/// Which version a problem arose under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Under {
    /// Only the old version.
    Old,
    /// Only the new version.
    New,
    /// Both versions.
    Both,
}

/// What went wrong with a record.
#[derive(Clone, Debug, PartialEq)]
pub enum ProblemKind {
    /// It could not be read against the schema.
    Unread(RecordError),
    /// Its evaluation failed.
    Failed {
        /// Its id.
        id: String,
        /// Its line.
        line: usize,
        /// What went wrong.
        error: EvalError,
    },
    /// One reading of the roster ended before the other (a record the other version read).
    Missing {
        /// The record's position.
        position: usize,
    },
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("under", &self.under)?;
        match &self.error {
            ProblemKind::Unread(e) => {
                m.serialize_entry("id", &e.id)?;
                m.serialize_entry("line", &e.line)?;
                m.serialize_entry("field", &e.field)?;
            }
            ProblemKind::Failed { id, line, .. } => {
                m.serialize_entry("id", id)?;
                m.serialize_entry("line", line)?;
            }
            ProblemKind::Missing { position } => m.serialize_entry("position", position)?,
        }
        m.end()
    }
}

/// Gathers a roster's changes one record at a time.
pub struct Differ {
    limits: Limits,
    touched: Vec<String>,
    out: RosterDiff,
    index: HashMap<(usize, String), usize>,
    order: Vec<String>,
    rules: Vec<String>,
}

impl Differ {
    /// A differ for the decisions of the new version (`decisions`, in order); `policy` is the
    /// programs' semantic diff, which names the rules a change touches.
    pub fn new(policy: &PolicyDiff, decisions: Vec<String>, limits: Limits) -> Self {
        let mut touched = Vec::new();
        for c in &policy.changes {
            if c.subject == Subject::Rule {
                touched.push(c.name.clone());
            }
            touched.extend(c.reaches.iter().cloned());
        }
        Differ {
            limits,
            touched,
            out: RosterDiff {
                read: 0,
                compared: 0,
                changed: 0,
                failed: 0,
                decisions: decisions
                    .iter()
                    .map(|d| DecisionChanges {
                        decision: d.clone(),
                        people: 0,
                        groups: Vec::new(),
                        other: 0,
                    })
                    .collect(),
                problems: Vec::new(),
            },
            index: HashMap::new(),
            order: decisions,
            rules: Vec::new(),
        }
    }

    /// Lists the rules responsible for a change in this order (the policy's), instead of by id.
    pub fn rule_order(mut self, ids: Vec<String>) -> Self {
        self.rules = ids;
        self
    }

    /// Counts one record: its item under the old version and under the new (`None` when that
    /// reading had already ended).
    pub fn add(&mut self, old: Option<Item<RecordVerdict>>, new: Option<Item<RecordVerdict>>) {
        self.out.read += 1;
        let position = self.out.read;
        match (old, new) {
            (Some(Item::Verdict(a)), Some(Item::Verdict(b))) => {
                self.out.compared += 1;
                if self.compare(&a, &b) {
                    self.out.changed += 1;
                }
            }
            (a, b) => {
                self.out.failed += 1;
                let pa = a.map_or(Some(ProblemKind::Missing { position }), problem);
                let pb = b.map_or(Some(ProblemKind::Missing { position }), problem);
                let found = match (pa, pb) {
                    (Some(x), Some(y)) if x == y => Some(Problem {
                        under: Under::Both,
                        error: x,
                    }),
                    (Some(x), Some(ProblemKind::Missing { .. })) | (Some(x), None) => {
                        Some(Problem {
                            under: Under::Old,
                            error: x,
                        })
                    }
                    (_, Some(y)) => Some(Problem {
                        under: Under::New,
                        error: y,
                    }),
                    (None, None) => None,
                };
                if let Some(p) = found {
                    if self.out.problems.len() < self.limits.problems {
                        self.out.problems.push(p);
                    }
                }
            }
        }
    }

    /// Whether the record's outcomes differ; counts each difference in its group.
    fn compare(&mut self, a: &RecordVerdict, b: &RecordVerdict) -> bool {
        let mut any = false;
        for (k, name) in self.order.clone().iter().enumerate() {
            let (Some(da), Some(db)) = (a.decision(name), b.decision(name)) else {
                continue;
            };
            let mut changes: Vec<(Option<String>, Value, Value)> = Vec::new();
            if da.status != db.status {
                changes.push((
                    None,
                    Value::Text(da.status.word().to_string()),
                    Value::Text(db.status.word().to_string()),
                ));
            }
            for (field, new) in &db.outcome.0 {
                if let Some(old) = da.value(field) {
                    if old != new {
                        changes.push((Some(field.clone()), old.clone(), new.clone()));
                    }
                }
            }
            if changes.is_empty() {
                continue;
            }
            any = true;
            let via = self.via(da, db);
            if let Some(d) = self.out.decisions.get_mut(k) {
                d.people += 1;
            }
            for (field, old, new) in changes {
                self.count(k, field, old, new, &via, &b.id);
            }
        }
        any
    }

    fn via(&self, a: &DecisionVerdict, b: &DecisionVerdict) -> Vec<String> {
        let took = |d: &DecisionVerdict| -> Vec<String> {
            d.rules.iter().chain(&d.unmet).cloned().collect()
        };
        let (ta, tb) = (took(a), took(b));
        let mut via: Vec<String> = ta
            .iter()
            .filter(|r| !tb.contains(r))
            .chain(tb.iter().filter(|r| !ta.contains(r)))
            .cloned()
            .collect();
        // Of the rules that differ, those the policy's change touches are the cause; the others
        // follow from them (a rule reading the changed outcome).
        let touched: Vec<String> = via
            .iter()
            .filter(|r| self.touched.contains(r))
            .cloned()
            .collect();
        if !touched.is_empty() {
            via = touched;
        }
        if via.is_empty() {
            via = tb
                .iter()
                .filter(|r| self.touched.contains(r))
                .cloned()
                .collect();
        }
        let rank = |r: &String| self.rules.iter().position(|x| x == r).unwrap_or(usize::MAX);
        via.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
        via.dedup();
        via
    }

    fn count(
        &mut self,
        decision: usize,
        field: Option<String>,
        old: Value,
        new: Value,
        via: &[String],
        id: &str,
    ) {
        let key = (
            decision,
            format!(
                "{}\u{1}{}\u{1}{}\u{1}{}",
                field.as_deref().unwrap_or(""),
                serde_json::to_string(&old).unwrap_or_default(),
                serde_json::to_string(&new).unwrap_or_default(),
                via.join(",")
            ),
        );
        let limits = self.limits;
        let Some(d) = self.out.decisions.get_mut(decision) else {
            return;
        };
        let at = match self.index.get(&key) {
            Some(at) => *at,
            None if d.groups.len() < limits.groups => {
                d.groups.push(Group {
                    field,
                    old,
                    new,
                    via: via.to_vec(),
                    count: 0,
                    ids: Vec::new(),
                    truncated: false,
                });
                let at = d.groups.len() - 1;
                self.index.insert(key, at);
                at
            }
            None => {
                d.other += 1;
                return;
            }
        };
        if let Some(g) = d.groups.get_mut(at) {
            g.count += 1;
            if g.ids.len() < limits.ids {
                g.ids.push(id.to_string());
            } else {
                g.truncated = true;
            }
        }
    }

    /// The changes, groups largest first.
    pub fn finish(mut self) -> RosterDiff {
        for d in &mut self.out.decisions {
            d.groups.sort_by_key(|g| std::cmp::Reverse(g.count));
        }
        self.out.decisions.retain(|d| d.people > 0);
        self.out
    }
}

fn problem(item: Item<RecordVerdict>) -> Option<ProblemKind> {
    match item {
        Item::Verdict(_) => None,
        Item::Unread(e) => Some(ProblemKind::Unread(e)),
        Item::Failed { id, line, error } => Some(ProblemKind::Failed { id, line, error }),
    }
}

impl RosterDiff {
    /// Whether no verdict changed and every record was compared.
    pub fn is_empty(&self) -> bool {
        self.changed == 0 && self.failed == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Outcome, Status};

    fn verdict(id: usize, value: i64) -> Item<RecordVerdict> {
        let n = crate::value::Num::from_int(value).unwrap();
        Item::Verdict(RecordVerdict {
            id: format!("E{id}"),
            decisions: vec![DecisionVerdict {
                name: "晋升".into(),
                outcome: Outcome(vec![("分数".into(), Value::Num(n))]),
                rules: vec![format!("r{}", value % 3)],
                grounds: Vec::new(),
                status: Status::Decided,
                applies_when: None,
                missing: Vec::new(),
                unmet: Vec::new(),
                roster: None,
                trace: None,
                computed: None,
            }],
            processes: Vec::new(),
            warnings: Vec::new(),
        })
    }

    #[test]
    fn a_large_roster_keeps_counts_and_bounded_samples() {
        let policy = PolicyDiff {
            old: "p".into(),
            new: "p".into(),
            changes: Vec::new(),
        };
        let limits = Limits {
            ids: 5,
            groups: 10,
            problems: 3,
        };
        let mut d = Differ::new(&policy, vec!["晋升".into()], limits);
        let n = 100_000;
        for i in 0..n {
            // Every record changes, to one of 1000 new values: far more groups than are kept.
            d.add(Some(verdict(i, 0)), Some(verdict(i, 1 + (i as i64 % 1000))));
        }
        for i in 0..10 {
            let e = crate::records::RecordError::at(
                i + 1,
                crate::records::RecordErrorKind::Io((&std::io::Error::other("bad")).into()),
            );
            d.add(Some(Item::Unread(e)), Some(verdict(i, 0)));
        }
        let r = d.finish();
        assert_eq!(
            (r.read, r.compared, r.changed, r.failed),
            (n + 10, n, n, 10)
        );
        assert_eq!(r.problems.len(), 3);
        let dec = &r.decisions[0];
        assert_eq!(dec.people, n);
        assert_eq!(dec.groups.len(), 10);
        assert!(dec.groups.iter().all(|g| g.ids.len() == 5 && g.truncated));
        let grouped: usize = dec.groups.iter().map(|g| g.count).sum();
        assert_eq!(grouped + dec.other, n);
    }
}
