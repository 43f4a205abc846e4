//! Policy tests: expected verdicts kept beside a policy as JSON case files, and a runner that
//! evaluates each case and says what differs.
//!
//! A case file:
//! ```json
//! {
//!   "as_of": "2026-07-03",
//!   "base": { "工号": "T1", "岗位": "客服", "考核": {} },
//!   "cases": [
//!     {
//!       "name": "8.4.1.2.B: 3A in the window, two 小级",
//!       "record": { "考核": { "2026-01": "A" } },
//!       "expect": {
//!         "职级晋升": { "outcome": { "小级数": 2 }, "rules": ["8.4.1.2.B"], "not_rules": ["8.4.1.2.C"] }
//!       }
//!     }
//!   ]
//! }
//! ```
//! A case's record is the base with the case's keys laid over it (a key set to `null` is removed).
//! `outcome` lists the fields to compare; `rules` must have fired, `not_rules` must not have;
//! `status` (`已定`/`待定`) and `missing` are compared when given. A case expecting the record to
//! be rejected gives `"error": "<field>"` instead of `expect`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use crate::batch;
use crate::calendar::Date;
use crate::diag::Lang;
use crate::eval::Evaluator;
use crate::program::Program;
use crate::records::{self, Encoding, Format};
use crate::verdict::{Options, RecordVerdict, Status};

/// A file of cases for one policy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// The evaluation date of cases that give none.
    #[serde(default)]
    pub as_of: Option<String>,
    /// The record every case starts from.
    #[serde(default)]
    pub base: Map<String, Json>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case: a record, a date, and what its verdict must say.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows.
    pub name: String,
    /// The evaluation date (else the file's).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Keys laid over the base record.
    #[serde(default)]
    pub record: Map<String, Json>,
    /// Expectations by decision.
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
    /// The field whose error rejects the record, when the case expects a rejection.
    #[serde(default)]
    pub error: Option<String>,
}

/// What one decision's verdict must say.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Outcome fields and their values as JSON renders them.
    #[serde(default)]
    pub outcome: Map<String, Json>,
    /// Rule ids that must have fired.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Rule ids that must not have fired.
    #[serde(default)]
    pub not_rules: Vec<String>,
    /// `已定` or `待定`.
    #[serde(default)]
    pub status: Option<String>,
    /// The absent fields a pending decision names.
    #[serde(default)]
    pub missing: Option<Vec<String>>,
}

/// A case's result.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The case's name.
    pub name: String,
    /// What differed (empty: passed).
    pub failures: Vec<String>,
    /// The verdict (None when the record was rejected).
    pub verdict: Option<RecordVerdict>,
}

impl Outcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Reads a case file.
pub fn parse(text: &str) -> Result<CaseFile, serde_json::Error> {
    serde_json::from_str(text)
}

/// The record of a case: the base with the case's keys laid over it.
pub fn record_of(file: &CaseFile, case: &Case) -> Map<String, Json> {
    let mut record = file.base.clone();
    for (k, v) in &case.record {
        if v.is_null() {
            record.remove(k);
        } else {
            record.insert(k.clone(), v.clone());
        }
    }
    record
}

/// Runs every case of a file against a program.
pub fn run(program: &Program, file: &CaseFile, lang: Lang) -> Vec<Outcome> {
    let mut evaluator = Evaluator::new(program);
    file.cases
        .iter()
        .map(|case| run_case(program, &mut evaluator, file, case, lang))
        .collect()
}

fn run_case(
    program: &Program,
    evaluator: &mut Evaluator<'_>,
    file: &CaseFile,
    case: &Case,
    lang: Lang,
) -> Outcome {
    let mut out = Outcome {
        name: case.name.clone(),
        failures: Vec::new(),
        verdict: None,
    };
    let date_text = case
        .as_of
        .as_deref()
        .or(file.as_of.as_deref())
        .unwrap_or("");
    let Some(as_of) = Date::parse(date_text) else {
        out.failures.push(format!(
            "no evaluation date: give `as_of` as YYYY-MM-DD (found `{date_text}`)"
        ));
        return out;
    };
    let text = Json::Object(record_of(file, case)).to_string();
    let read = records::read(
        &program.schema,
        Format::JsonLines,
        Encoding::Utf8,
        text.as_bytes(),
        lang,
    )
    .map_err(|e| e.message(lang))
    .and_then(|mut rs| rs.next().ok_or_else(|| "no record".to_string()));
    let read = match (read, &case.error) {
        (Ok(Ok(r)), None) => r,
        (Ok(Err(e)), Some(field)) if e.field.as_deref() == Some(field.as_str()) => return out,
        (Ok(Err(e)), Some(field)) => {
            out.failures.push(format!(
                "expected an error on `{field}`, got: {}",
                e.message(lang)
            ));
            return out;
        }
        (Ok(Ok(_)), Some(field)) => {
            out.failures.push(format!(
                "expected the record to be rejected on `{field}`, but it was read"
            ));
            return out;
        }
        (Ok(Err(e)), None) => {
            out.failures
                .push(format!("the record was rejected: {}", e.message(lang)));
            return out;
        }
        (Err(e), _) => {
            out.failures
                .push(format!("the record could not be read: {e}"));
            return out;
        }
    };
    let verdict = evaluator.with_verdict(&read.record, as_of, |v| {
        batch::owned(v, &read, Options::default())
    });
    let verdict = match verdict {
        Ok(v) => v,
        Err(e) => {
            out.failures
                .push(format!("evaluation failed: {}", e.message(lang)));
            return out;
        }
    };
    for (decision, expect) in &case.expect {
        compare(&verdict, decision, expect, &mut out.failures);
    }
    out.verdict = Some(verdict);
    out
}

fn compare(verdict: &RecordVerdict, decision: &str, expect: &Expect, failures: &mut Vec<String>) {
    let Some(d) = verdict.decision(decision) else {
        failures.push(format!("no decision `{decision}`"));
        return;
    };
    for (field, want) in &expect.outcome {
        match d.value(field) {
            None => failures.push(format!("{decision}: no field `{field}`")),
            Some(got) => {
                let got = serde_json::to_value(got).unwrap_or(Json::Null);
                if !same(&got, want) {
                    failures.push(format!("{decision}.{field}: expected {want}, got {got}"));
                }
            }
        }
    }
    for r in &expect.rules {
        if !d.took_effect(r) {
            failures.push(format!(
                "{decision}: rule {r} did not fire (fired: {})",
                d.rules.join(", ")
            ));
        }
    }
    for r in &expect.not_rules {
        if d.took_effect(r) {
            failures.push(format!("{decision}: rule {r} fired, but should not"));
        }
    }
    if let Some(want) = &expect.status {
        if Status::from_word(want) != Some(d.status) {
            failures.push(format!(
                "{decision}: status expected {want}, got {}",
                d.status.word()
            ));
        }
    }
    if let Some(want) = &expect.missing {
        if &d.missing != want {
            failures.push(format!(
                "{decision}: missing expected {want:?}, got {:?}",
                d.missing
            ));
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
