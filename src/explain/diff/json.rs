//! Explain stage: a policy's semantic diff and a roster's changes as one JSON object, the data
//! as `diff` has it with the words for people beside it (`message` of a record problem).

use serde_json::{json, Value};

use crate::diag::Lang;
use crate::diff::roster::{ProblemKind, RosterDiff};
use crate::diff::PolicyDiff;

/// The JSON object: `{"changed", "policy": {...}, "roster"?: {...}}`.
pub fn json(d: &PolicyDiff, roster: Option<(&RosterDiff, &str)>, lang: Lang) -> Value {
    let changed = !d.is_empty() || roster.is_some_and(|(r, _)| r.changed > 0);
    let mut out = json!({
        "changed": changed,
        "policy": serde_json::to_value(d).unwrap_or(Value::Null),
    });
    if let (Some((r, file)), Some(obj)) = (roster, out.as_object_mut()) {
        let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
        if let Some(problems) = v.get_mut("problems").and_then(Value::as_array_mut) {
            for (p, j) in r.problems.iter().zip(problems.iter_mut()) {
                if let Some(o) = j.as_object_mut() {
                    o.insert("file".into(), json!(file));
                    o.insert("message".into(), json!(problem_message(&p.error, lang)));
                }
            }
        }
        obj.insert("roster".into(), v);
    }
    out
}

/// What went wrong with a record, for people.
pub fn problem_message(p: &ProblemKind, lang: Lang) -> String {
    match p {
        ProblemKind::Unread(e) => e.message(lang),
        ProblemKind::Failed { error, .. } => error.message(lang),
        ProblemKind::Missing { .. } => lang
            .pick(
                "另一版本读到的记录数不同",
                "the other version read a different number of records",
            )
            .to_string(),
    }
}
