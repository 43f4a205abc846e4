//! Diff stage: what changed between two versions of a policy, compared over their resolved
//! programs, never their text: a layout, a comment, the keyword language or the order of rules
//! where order does not matter is no change. The result is data, a typed list of changes keyed
//! by rule id and declaration name; `explain::diff` puts it in words (Chinese or English text,
//! Markdown, JSON). [`roster`] compares the verdicts both versions give on a roster.
//!
//! ```
//! use rung::{compile, check::MemoryLoader};
//!
//! let old = "记录 员工 { 工号: 文本 标识  分数: 整数 }\n决定 考核 {\n  通过: 布尔 = 假\n  规则 1 \"及格\" 原文 \"60分以上为通过\" 当 分数 >= 60 则 通过 = 真\n}";
//! let new = old.replace(">= 60", ">= 65");
//! let load = MemoryLoader::new();
//! let old = compile("p.rung", old, &load).map_err(|_| "old")?;
//! let new = compile("p.rung", &new, &load).map_err(|_| "new")?;
//! let diff = rung::diff::diff(&old.program, &new.program);
//! assert_eq!(diff.changes.len(), 1);
//! assert_eq!(diff.changes[0].name, "1");
//! # Ok::<(), &str>(())
//! ```

pub mod canon;
pub mod chars;
mod decls;
pub mod roster;
mod rules;

use serde::Serialize;

use crate::program::types::TypeName;
use crate::program::{Combine, Program, Provenance};
use crate::verdict::Value;

pub use canon::{Leaf, Pattern};
pub use chars::Piece;

/// The semantic difference of two versions of a policy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyDiff {
    /// The old version's policy name.
    pub old: String,
    /// The new version's policy name.
    pub new: String,
    /// What changed, in the order: policy, calendar, scales, ladders, types, record,
    /// parameters, definitions, clauses, decisions, rules, processes, probation.
    pub changes: Vec<Change>,
}

impl PolicyDiff {
    /// Whether the two versions mean the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The change to a rule, found by its id.
    pub fn rule(&self, id: &str) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.subject == Subject::Rule && c.name == id)
    }
}

/// One thing of the policy that was added, removed or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// What kind of thing.
    pub subject: Subject,
    /// Its name: a rule's first id, a decision's, parameter's or step's name.
    pub name: String,
    /// What holds it: a rule's decision, a step's process (the new version's, when it moved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// Its title, where it has one (the new version's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Added, removed or changed.
    pub action: Action,
    /// For a change, what changed; for an addition or removal, what it is.
    pub details: Vec<Detail>,
    /// For a changed definition or parameter: the rules it reaches, directly or through other
    /// definitions and outcome fields (first ids, in the new version's order), then the process
    /// steps whose condition or deadline it reaches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reaches: Vec<String>,
}

/// The kinds of thing a policy declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The policy itself (`制度`).
    Policy,
    /// The working-day calendar.
    Calendar,
    /// A scale of grades.
    Scale,
    /// A ladder.
    Ladder,
    /// An enum.
    Enum,
    /// A sub-record type.
    Type,
    /// The input record.
    Record,
    /// A parameter.
    Param,
    /// A table (`表`).
    Table,
    /// A definition.
    Definition,
    /// A clause kept as cited text.
    Clause,
    /// A decision.
    Decision,
    /// A rule.
    Rule,
    /// A process.
    Process,
    /// A step of a process.
    Step,
    /// The probation terms.
    Probation,
}

/// What happened to a thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Only the new version has it.
    Added,
    /// Only the old version has it.
    Removed,
    /// Both have it, differently.
    Changed,
}

/// What an effect of a rule does to an outcome field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// `则 字段 = 值`.
    Set,
    /// `则 字段 不超过 值`.
    AtMost,
    /// `则 字段 不低于 值`.
    AtLeast,
    /// `则 字段 要求 条件`.
    Requires,
}

/// Where a parameter's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// `出处 "8.3.4"`.
    From {
        /// The clause.
        clause: String,
    },
    /// `自定 "why"`.
    Assumed {
        /// Why, as the policy says.
        #[serde(skip_serializing_if = "Option::is_none")]
        why: Option<String>,
    },
}

impl Origin {
    fn of(p: Option<&Provenance>) -> Option<Origin> {
        Some(match p? {
            Provenance::From(c) => Origin::From { clause: c.clone() },
            Provenance::Assumed(w) => Origin::Assumed { why: w.clone() },
        })
    }
}

/// How a roster decision groups and orders its records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ranking {
    /// The record field whose values make the groups (none: the whole roster).
    pub group: Option<String>,
    /// The order's keys, first deciding: each expression as written and whether highest first.
    pub order: Vec<RankKey>,
}

/// A key of a roster decision's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RankKey {
    /// The expression, as written.
    pub by: String,
    /// Highest first.
    pub desc: bool,
}

/// A rule's places in its group: a count, or a share in percent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Places {
    /// So many records (`名额 2`).
    Count {
        /// How many.
        count: u32,
    },
    /// A share of the group (`名额 20%`), rounded down.
    Share {
        /// The percentage, as a decimal number.
        percent: String,
    },
}

/// A day whose standing differs between the two calendars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayChange {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// Whether it was a working day.
    pub old: bool,
    /// Whether it is one now.
    pub new: bool,
    /// Its festival, in the new calendar (else the old).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub festival: Option<String>,
}

/// One thing that changed, with its old and new values; texts are quoted as the policy writes
/// them (on one line).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// The policy's name or the calendar's file.
    Name { old: String, new: String },
    /// A title.
    Title {
        old: Option<String>,
        new: Option<String>,
    },
    /// A rule's clause ids.
    Ids { old: Vec<String>, new: Vec<String> },
    /// The cited sentence (原文), with its character diff.
    Sentence {
        old: Option<String>,
        new: Option<String>,
        diff: Vec<Piece>,
    },
    /// The clauses a rule or step cites (`参见`).
    See { old: Vec<String>, new: Vec<String> },
    /// A rule moved from one decision to another.
    Moved { old: String, new: String },
    /// A part of the condition (`当`, split at its outermost `且`) that only the new version has.
    ConditionAdded { text: String },
    /// A part of the condition that only the old version has.
    ConditionDropped { text: String },
    /// A part of the condition whose constants, pattern or operator changed.
    ConditionChanged {
        old: String,
        new: String,
        leaves: Vec<Leaf>,
    },
    /// An effect only the new version has (or, for an added rule, one it has).
    EffectAdded {
        field: String,
        effect: Effect,
        text: String,
    },
    /// An effect only the old version has.
    EffectRemoved {
        field: String,
        effect: Effect,
        text: String,
    },
    /// An effect whose value or condition changed.
    EffectChanged {
        field: String,
        effect: Effect,
        old: String,
        new: String,
        leaves: Vec<Leaf>,
    },
    /// The rules a rule overrides (`优先于`).
    Overrides { old: Vec<String>, new: Vec<String> },
    /// How a decision over the whole roster groups and ranks its records (`按 … 排名 …`);
    /// `None` for a decision made record by record.
    Ranking {
        old: Option<Ranking>,
        new: Option<Ranking>,
    },
    /// A rule's quota of its group (`名额`); `None` for a rule without one.
    Quota {
        old: Option<Places>,
        new: Option<Places>,
    },
    /// An outcome field or record field only the new version has.
    FieldAdded {
        field: String,
        #[serde(rename = "type", serialize_with = "type_json")]
        ty: TypeName,
        optional: bool,
    },
    /// A field only the old version has.
    FieldRemoved { field: String },
    /// A field's type.
    FieldType {
        field: String,
        #[serde(serialize_with = "type_json")]
        old: TypeName,
        #[serde(serialize_with = "type_json")]
        new: TypeName,
    },
    /// Whether a field may have no value (`?`).
    FieldOptional { field: String, old: bool, new: bool },
    /// A record field's value when the record does not give it.
    RecordDefault {
        field: String,
        old: Option<Value>,
        new: Option<Value>,
    },
    /// An outcome field's value when no rule sets it, as written.
    FieldDefault {
        field: String,
        old: Option<String>,
        new: Option<String>,
        leaves: Vec<Leaf>,
    },
    /// A record field's allowed range of numbers.
    FieldRange {
        field: String,
        old: [Option<String>; 2],
        new: [Option<String>; 2],
    },
    /// How an outcome field combines the rules that set it.
    Combine {
        field: String,
        #[serde(serialize_with = "combine_json")]
        old: Combine,
        #[serde(serialize_with = "combine_json")]
        new: Combine,
    },
    /// The order of the rules setting a first-wins field (the first in order wins).
    RuleOrder {
        field: String,
        old: Vec<String>,
        new: Vec<String>,
    },
    /// A decision's or process's `仅当` condition.
    Applies {
        old: Option<String>,
        new: Option<String>,
    },
    /// The record fields a decision or process needs (`需要`).
    Requires { old: Vec<String>, new: Vec<String> },
    /// A parameter's value.
    Value { old: Value, new: Value },
    /// A table's entry for a key: `None` where a version does not list the key.
    Entry {
        key: Value,
        old: Option<Value>,
        new: Option<Value>,
    },
    /// A table's value for keys it does not list (`否则`).
    TableDefault {
        old: Option<Value>,
        new: Option<Value>,
    },
    /// Where a parameter's value comes from (`出处`, `自定`).
    Provenance {
        old: Option<Origin>,
        new: Option<Origin>,
    },
    /// A parameter's or definition's type.
    Type {
        #[serde(serialize_with = "type_json")]
        old: TypeName,
        #[serde(serialize_with = "type_json")]
        new: TypeName,
    },
    /// A definition's expression, or a probation term's, or a step's condition or deadline.
    Expr {
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<String>,
        old: Option<String>,
        new: Option<String>,
        leaves: Vec<Leaf>,
    },
    /// The members of an enum, the levels of a scale (best first), the rungs of a ladder.
    Members { old: Vec<String>, new: Vec<String> },
    /// The field that names a record (`标识`).
    Key {
        old: Option<String>,
        new: Option<String>,
    },
    /// Days whose standing changed; `more` counts those left out of the list.
    Days { days: Vec<DayChange>, more: usize },
    /// The years a calendar covers.
    Covers { old: Vec<i32>, new: Vec<i32> },
    /// Who acts in a step.
    By { old: Vec<String>, new: Vec<String> },
    /// What a step produces.
    Produces { old: Vec<String>, new: Vec<String> },
    /// Whether a step is optional, or its deadline approximate.
    Flag { flag: String, old: bool, new: bool },
}

/// The most days a calendar change lists.
pub const MAX_DAYS: usize = 50;

/// Compares two versions of a policy.
pub fn diff(old: &Program, new: &Program) -> PolicyDiff {
    let mut changes = Vec::new();
    decls::policy(old, new, &mut changes);
    decls::calendar(old, new, &mut changes);
    decls::schema(old, new, &mut changes);
    decls::params(old, new, &mut changes);
    decls::tables(old, new, &mut changes);
    decls::definitions(old, new, &mut changes);
    decls::clauses(old, new, &mut changes);
    rules::decisions(old, new, &mut changes);
    rules::rules(old, new, &mut changes);
    decls::processes(old, new, &mut changes);
    decls::probation(old, new, &mut changes);
    PolicyDiff {
        old: old.name.clone(),
        new: new.name.clone(),
        changes,
    }
}

/// A text on one line: runs of whitespace become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words are made where the diff is rendered; JSON writes a type as the policy writes it in
/// Chinese keywords.
fn type_json<S: serde::Serializer>(t: &TypeName, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&type_text(t))
}

/// A type as a Chinese policy writes it.
pub fn type_text(t: &TypeName) -> String {
    match t {
        TypeName::Bool => "布尔".into(),
        TypeName::Int => "整数".into(),
        TypeName::Number => "数值".into(),
        TypeName::Text => "文本".into(),
        TypeName::Date => "日期".into(),
        TypeName::Month => "月份".into(),
        TypeName::Quarter => "季度".into(),
        TypeName::Duration(_) => "时长".into(),
        TypeName::Declared(n) => n.clone(),
        TypeName::Major(l) => format!("大级({l})"),
        TypeName::List(t) => format!("列表[{}]", type_text(t)),
        TypeName::Map(k, t) | TypeName::Window(k, t) => {
            let key = match k {
                crate::calendar::PeriodKind::Month => "月份",
                crate::calendar::PeriodKind::Quarter => "季度",
                crate::calendar::PeriodKind::Year => "年份",
            };
            format!("映射[{key}, {}]", type_text(t))
        }
        TypeName::Range(t) => format!("区间[{}]", type_text(t)),
        TypeName::None => "空".into(),
        TypeName::Unknown => "?".into(),
    }
}

fn combine_json<S: serde::Serializer>(c: &Combine, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(combine_word(*c))
}

/// A combination's stable word in JSON.
pub fn combine_word(c: Combine) -> &'static str {
    match c {
        Combine::First => "first",
        Combine::Max => "max",
        Combine::Min => "min",
        Combine::Unique => "unique",
        Combine::Every => "every",
    }
}
