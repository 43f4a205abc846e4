//! Policy tests: expected verdicts kept beside a policy as JSON case files, and a runner that
//! evaluates each case and says, as data, what differs. The format is documented in
//! `docs/testing.md`.
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
//! A case's record is the base with the case's keys laid over it (a key set to `null` is
//! removed), or the record in the file its `from` names (relative to the case file), with its
//! own keys laid over that. `outcome` lists the fields to compare; `rules` must have taken
//! effect, `not_rules` must not have; `status` (`已定`/`待定`/`不适用`) and `missing` are compared
//! when given. A case expecting the record to be rejected gives `"error": "<field>"`.
//!
//! For a policy with decisions over the whole roster (`按 部门 排名 …`), the records of a file's
//! cases form the roster they are ranked in; a case giving `"roster": "<file>"` is ranked among
//! that file's records instead.

mod compare;
pub mod coverage;
mod roster;
pub mod snapshot;
pub mod suite;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::batch::{self, Item};
use crate::calendar::Date;
use crate::diag::Lang;
use crate::eval::roster::Standing;
use crate::eval::Evaluator;
use crate::program::Program;
use crate::records::{self, Encoding, Format};
use crate::verdict::{Options, RecordVerdict};

pub use compare::Mismatch;
pub use coverage::Coverage;

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
    /// A JSON file holding the record to start from instead of the base (relative to the case
    /// file).
    #[serde(default)]
    pub from: Option<String>,
    /// A file of records (JSON, JSON Lines, CSV; relative to the case file) forming the roster
    /// the case's record is ranked in for the policy's roster decisions, instead of the file's
    /// cases; the case's record takes the place of the one with its id, or joins them.
    #[serde(default)]
    pub roster: Option<String>,
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

/// What one decision's verdict must say; every part is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Outcome fields and their values as JSON renders them.
    #[serde(default)]
    pub outcome: Map<String, Json>,
    /// Rule ids that must have taken effect.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Rule ids that must not have taken effect.
    #[serde(default)]
    pub not_rules: Vec<String>,
    /// `已定`, `待定` or `不适用`.
    #[serde(default)]
    pub status: Option<String>,
    /// The absent fields a pending decision names.
    #[serde(default)]
    pub missing: Option<Vec<String>>,
}

/// A case's result.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The case's name.
    pub name: String,
    /// What differed (empty: passed).
    pub mismatches: Vec<Mismatch>,
    /// The verdict, with its trace (none when the record was rejected or not evaluated).
    #[serde(skip)]
    pub verdict: Option<RecordVerdict>,
}

impl Outcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Reads a case file.
pub fn parse(text: &str) -> Result<CaseFile, serde_json::Error> {
    serde_json::from_str(text)
}

/// The record of a case: the base (or the `from` file's record) with the case's keys laid
/// over it. `dir` is the case file's folder.
pub fn record_of(file: &CaseFile, case: &Case, dir: &Path) -> Result<Map<String, Json>, String> {
    let mut record = match &case.from {
        None => file.base.clone(),
        Some(from) => {
            let path = dir.join(from);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            match serde_json::from_str(&text) {
                Ok(Json::Object(o)) => o,
                Ok(_) => return Err(format!("{}: not a JSON object", path.display())),
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
    };
    for (k, v) in &case.record {
        if v.is_null() {
            record.remove(k);
        } else {
            record.insert(k.clone(), v.clone());
        }
    }
    Ok(record)
}

/// A case read: its date and its record (or the reader's error on it).
pub(crate) struct Prepared {
    as_of: Date,
    item: Result<records::ReadRecord, records::RecordError>,
}

/// Runs every case of a file against a program (the file's folder resolves `from` and
/// `roster`); cases whose name does not contain `filter` are skipped. With `coverage`, every
/// evaluation is observed for it. For a policy with roster decisions, the file's cases form the
/// roster, whatever the filter (a case naming a `roster` file is ranked in that file instead).
pub fn run(
    program: &Program,
    file: &CaseFile,
    dir: &Path,
    filter: Option<&str>,
    mut coverage: Option<&mut Coverage>,
) -> Vec<Outcome> {
    let mut evaluator = Evaluator::new(program);
    let prepared: Vec<Result<Prepared, Box<Mismatch>>> = file
        .cases
        .iter()
        .map(|case| prepare(program, file, case, dir))
        .collect();
    let standings = roster::standings(program, file, &prepared, dir);
    file.cases
        .iter()
        .zip(prepared)
        .zip(standings)
        .filter(|((c, _), _)| filter.is_none_or(|f| c.name.contains(f)))
        .map(|((case, prepared), standing)| {
            let mut out = Outcome {
                name: case.name.clone(),
                mismatches: Vec::new(),
                verdict: None,
            };
            match (prepared, standing) {
                (Ok(p), Ok(standing)) => run_case(
                    &mut evaluator,
                    case,
                    p,
                    standing.as_ref(),
                    coverage.as_deref_mut(),
                    &mut out,
                ),
                (Err(m), _) | (_, Err(m)) => out.mismatches.push(*m),
            }
            out
        })
        .collect()
}

/// A case's date and record.
fn prepare(
    program: &Program,
    file: &CaseFile,
    case: &Case,
    dir: &Path,
) -> Result<Prepared, Box<Mismatch>> {
    let date_text = case
        .as_of
        .as_deref()
        .or(file.as_of.as_deref())
        .unwrap_or("");
    let Some(as_of) = Date::parse(date_text) else {
        return Err(Box::new(Mismatch::NoDate {
            found: date_text.to_string(),
        }));
    };
    let record =
        record_of(file, case, dir).map_err(|error| Box::new(Mismatch::Unreadable { error }))?;
    let text = Json::Object(record).to_string();
    // Messages of the reader are in Chinese: a case names the field, not the words.
    let item = records::read(
        &program.schema,
        Format::JsonLines,
        Encoding::Utf8,
        text.as_bytes(),
        Lang::Zh,
    )
    .map_err(|e| e.message(Lang::Zh))
    .and_then(|mut rs| rs.next().ok_or_else(|| "no record".to_string()))
    .map_err(|error| Box::new(Mismatch::Unreadable { error }))?;
    Ok(Prepared { as_of, item })
}

fn run_case(
    evaluator: &mut Evaluator<'_>,
    case: &Case,
    prepared: Prepared,
    standing: Option<&Standing>,
    coverage: Option<&mut Coverage>,
    out: &mut Outcome,
) {
    // The batch's unit of work, as `rung eval` and `rung snapshot` run it.
    let mut coverage = coverage;
    let mut view = |v: &crate::eval::Verdict<'_>, r: &records::ReadRecord| {
        if let Some(c) = coverage.as_deref_mut() {
            c.observe(v);
        }
        batch::owned(v, r, Options { trace: true })
    };
    let item = batch::evaluate_at(
        evaluator,
        prepared.item,
        standing,
        prepared.as_of,
        &mut view,
    );
    let verdict = match (item, &case.error) {
        (Item::Verdict(v), None) => v,
        (Item::Unread(e), Some(field)) if e.field.as_deref() == Some(field.as_str()) => return,
        (Item::Unread(e), expected) => {
            out.mismatches.push(Mismatch::Rejected {
                expected: expected.clone(),
                field: e.field.clone(),
                error: e.message(Lang::Zh),
            });
            return;
        }
        (Item::Verdict(_), Some(field)) => {
            out.mismatches.push(Mismatch::NotRejected {
                field: field.clone(),
            });
            return;
        }
        (Item::Failed { error, .. }, _) => {
            out.mismatches.push(Mismatch::EvalFailed {
                error: error.message(Lang::Zh),
            });
            return;
        }
    };
    for (decision, expect) in &case.expect {
        compare::decision(&verdict, decision, expect, &mut out.mismatches);
    }
    out.verdict = Some(verdict);
}
