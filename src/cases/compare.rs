//! Policy tests: a case's expectations against its verdict, compared as data. Each difference
//! is a [`Mismatch`] naming the decision and field; words are made where it is shown.

use serde::Serialize;
use serde_json::Value as Json;

use crate::verdict::{RecordVerdict, Status};

use super::Expect;

/// One way a case's verdict differs from what it expects.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mismatch {
    /// The case gives no evaluation date, or not as `YYYY-MM-DD`.
    NoDate {
        /// What it gives.
        found: String,
    },
    /// The case's record could not be put together (its `from` file is missing or not JSON).
    Unreadable {
        /// Why.
        error: String,
    },
    /// The record was rejected, where the case expected a verdict or an error on another field.
    Rejected {
        /// The field the case expected an error on, if any.
        expected: Option<String>,
        /// The field the error named.
        field: Option<String>,
        /// The error.
        error: String,
    },
    /// The case expected the record to be rejected, but it was read.
    NotRejected {
        /// The field the case expected an error on.
        field: String,
    },
    /// The evaluation failed.
    EvalFailed {
        /// The error.
        error: String,
    },
    /// The policy has no decision of that name.
    NoDecision {
        /// The decision.
        decision: String,
    },
    /// The decision has no outcome field of that name.
    NoField {
        /// The decision.
        decision: String,
        /// The field.
        field: String,
    },
    /// An outcome field's value differs.
    Outcome {
        /// The decision.
        decision: String,
        /// The field.
        field: String,
        /// What the case expects.
        expected: Json,
        /// What the verdict says.
        actual: Json,
    },
    /// A rule that should have taken effect did not.
    RuleNotApplied {
        /// The decision.
        decision: String,
        /// The rule.
        rule: String,
        /// The rules that took effect.
        applied: Vec<String>,
    },
    /// A rule took effect that should not have.
    RuleApplied {
        /// The decision.
        decision: String,
        /// The rule.
        rule: String,
    },
    /// The decision's status differs.
    Status {
        /// The decision.
        decision: String,
        /// What the case expects.
        expected: String,
        /// What the verdict says.
        actual: Status,
    },
    /// The missing inputs differ.
    Missing {
        /// The decision.
        decision: String,
        /// What the case expects.
        expected: Vec<String>,
        /// What the verdict says.
        actual: Vec<String>,
    },
}

impl Mismatch {
    /// The decision it concerns, if any.
    pub fn decision(&self) -> Option<&str> {
        match self {
            Mismatch::NoDecision { decision }
            | Mismatch::NoField { decision, .. }
            | Mismatch::Outcome { decision, .. }
            | Mismatch::RuleNotApplied { decision, .. }
            | Mismatch::RuleApplied { decision, .. }
            | Mismatch::Status { decision, .. }
            | Mismatch::Missing { decision, .. } => Some(decision),
            _ => None,
        }
    }
}

/// Compares one decision's expectations with the verdict.
pub(super) fn decision(v: &RecordVerdict, name: &str, expect: &Expect, out: &mut Vec<Mismatch>) {
    let decision = name.to_string();
    let Some(d) = v.decision(name) else {
        out.push(Mismatch::NoDecision { decision });
        return;
    };
    for (field, want) in &expect.outcome {
        match d.value(field) {
            None => out.push(Mismatch::NoField {
                decision: decision.clone(),
                field: field.clone(),
            }),
            Some(got) => {
                let got = serde_json::to_value(got).unwrap_or(Json::Null);
                if !same(&got, want) {
                    out.push(Mismatch::Outcome {
                        decision: decision.clone(),
                        field: field.clone(),
                        expected: want.clone(),
                        actual: got,
                    });
                }
            }
        }
    }
    for r in expect.rules.iter().filter(|r| !d.took_effect(r)) {
        out.push(Mismatch::RuleNotApplied {
            decision: decision.clone(),
            rule: r.clone(),
            applied: d.rules.clone(),
        });
    }
    for r in expect.not_rules.iter().filter(|r| d.took_effect(r)) {
        out.push(Mismatch::RuleApplied {
            decision: decision.clone(),
            rule: r.clone(),
        });
    }
    if let Some(want) = &expect.status {
        if Status::from_word(want) != Some(d.status) {
            out.push(Mismatch::Status {
                decision: decision.clone(),
                expected: want.clone(),
                actual: d.status,
            });
        }
    }
    if let Some(want) = &expect.missing {
        if &d.missing != want {
            out.push(Mismatch::Missing {
                decision,
                expected: want.clone(),
                actual: d.missing.clone(),
            });
        }
    }
}

/// JSON equality where `2` equals `2.0`.
fn same(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}
