//! Verdict stage: a record's verdict as plain, owned data that derives `Serialize` with a stable
//! field order. Per decision: the outcome, the status, the rules that took effect, the missing
//! inputs, and on request the trace, whose evidence is typed (values seen, grades counted, a
//! shortfall as an amount and a unit, dates compared). No sentence is made here: the explain
//! stage renders words, Chinese or English, from this data.

mod build;
mod evidence;
mod process;
mod trace;
mod value;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::calendar::{Date, Month};
use crate::law::Band;
use crate::value::Num;

pub use build::{of, Options};
pub use evidence::source_text;
pub use process::{ProcessVerdict, StepVerdict};
pub use value::Value;

/// One record's verdict on every decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordVerdict {
    /// The record's id.
    pub id: String,
    /// One entry per decision, in the policy's order.
    #[serde(serialize_with = "decisions_map")]
    pub decisions: Vec<DecisionVerdict>,
    /// Where the record stands in each process of the policy (rendered by `explain`).
    #[serde(skip)]
    pub processes: Vec<ProcessVerdict>,
    /// What the verdict's reader should know.
    pub warnings: Vec<Warning>,
}

impl RecordVerdict {
    /// A decision's verdict by name.
    pub fn decision(&self, name: &str) -> Option<&DecisionVerdict> {
        self.decisions.iter().find(|d| d.name == name)
    }
}

fn decisions_map<S: Serializer>(ds: &[DecisionVerdict], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(ds.len()))?;
    for d in ds {
        map.serialize_entry(&d.name, d)?;
    }
    map.end()
}

/// One decision's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionVerdict {
    /// The decision's name (the key it is serialised under).
    #[serde(skip)]
    pub name: String,
    /// Every outcome field, in the policy's order.
    pub outcome: Outcome,
    /// The ids of the rules that took effect (set the value taken, limited it, or had their
    /// requirement hold), in the policy's order; every id of a rule with several.
    pub rules: Vec<String>,
    /// Decided, pending or not applicable.
    pub status: Status,
    /// The `仅当` condition, when it does not hold for the record.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "condition_text"
    )]
    pub applies_when: Option<Condition>,
    /// The record fields whose absence leaves the decision open, in the record's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The first ids of the requirements that applied and did not hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<String>,
    /// On request: what became of every rule, in the policy's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<RuleTrace>>,
    /// On request: outcome fields no rule set whose value is computed from others.
    #[serde(skip_serializing_if = "none_or_empty")]
    pub computed: Option<Vec<Computed>>,
}

fn none_or_empty<T>(x: &Option<Vec<T>>) -> bool {
    x.as_ref().is_none_or(Vec::is_empty)
}

fn condition_text<S: Serializer>(c: &Option<Condition>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_str(&c.text),
        None => s.serialize_none(),
    }
}

impl DecisionVerdict {
    /// An outcome field's value.
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.outcome.get(field)
    }

    /// Whether a rule (by any of its ids) took effect.
    pub fn took_effect(&self, rule: &str) -> bool {
        self.rules.iter().any(|r| r == rule)
    }
}

/// A decision's outcome fields and their values, in the policy's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome(pub Vec<(String, Value)>);

impl Outcome {
    /// A field's value.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == field).map(|(_, v)| v)
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A decision's status. Serialised as the same words whatever the language: `已定`, `待定`,
/// `不适用`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Every outcome is decided.
    #[serde(rename = "已定")]
    Decided,
    /// Some outcome is pending because a record field is missing.
    #[serde(rename = "待定")]
    Pending,
    /// The decision's `仅当` condition does not hold for the record.
    #[serde(rename = "不适用")]
    NotApplicable,
}

impl Status {
    /// The status word (the same in every language).
    pub fn word(self) -> &'static str {
        match self {
            Status::Decided => "已定",
            Status::Pending => "待定",
            Status::NotApplicable => "不适用",
        }
    }

    /// The status from its word.
    pub fn from_word(w: &str) -> Option<Status> {
        [Status::Decided, Status::Pending, Status::NotApplicable]
            .into_iter()
            .find(|s| s.word() == w)
    }
}

/// Something the verdict's reader should know.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code")]
pub enum Warning {
    /// Working days were counted in a year the calendar does not cover (Monday–Friday).
    #[serde(rename = "calendar-uncovered")]
    CalendarUncovered {
        /// The calendar's name.
        calendar: String,
        /// The year.
        year: i32,
    },
    /// An outcome field without a default got no value from any rule.
    #[serde(rename = "unset-field")]
    Unset {
        /// The decision.
        decision: String,
        /// The field.
        field: String,
    },
    /// 劳动合同法 第19条: a probation where none may be agreed.
    #[serde(rename = "probation-not-allowed")]
    ProbationNotAllowed {
        /// The contract's band.
        band: Band,
        /// The probation's first day.
        #[serde(serialize_with = "text")]
        start: Date,
        /// Its end.
        #[serde(serialize_with = "text")]
        end: Date,
    },
    /// 第19条: a probation longer than the contract's band allows.
    #[serde(rename = "probation-too-long")]
    ProbationTooLong {
        /// The contract's band.
        band: Band,
        /// The longest probation it allows, in months.
        limit_months: u32,
        /// The probation's first day.
        #[serde(serialize_with = "text")]
        start: Date,
        /// Its agreed end.
        #[serde(serialize_with = "text")]
        end: Date,
        /// The latest end the law allows.
        #[serde(serialize_with = "text")]
        latest: Date,
        /// The policy's clause that sets the probation.
        #[serde(skip_serializing_if = "Option::is_none")]
        clause: Option<String>,
    },
    /// 第19条: an extension past the contract's limit.
    #[serde(rename = "extension-too-long")]
    ExtensionTooLong {
        /// The contract's band.
        band: Band,
        /// The longest probation it allows, in months.
        limit_months: u32,
        /// The probation's first day.
        #[serde(serialize_with = "text")]
        start: Date,
        /// The extended end.
        #[serde(serialize_with = "text")]
        extended: Date,
        /// The latest end the law allows.
        #[serde(serialize_with = "text")]
        latest: Date,
    },
    /// 第19条: a second probation with the same employer.
    #[serde(rename = "second-probation")]
    SecondProbation,
    /// 第20条, 实施条例 第15条: probation pay under 80% of the contracted pay or of the post's
    /// lowest pay.
    #[serde(rename = "probation-pay-low")]
    ProbationPayLow {
        /// The probation pay.
        #[serde(serialize_with = "number")]
        pay: Num,
        /// The pay it is measured against.
        #[serde(serialize_with = "number")]
        base: Num,
        /// 80% of it.
        #[serde(serialize_with = "number")]
        floor: Num,
        /// `post_lowest_pay` or `contract_pay`.
        basis: &'static str,
    },
    /// 第20条: probation pay under the local minimum wage.
    #[serde(rename = "below-minimum-wage")]
    BelowMinimumWage {
        /// The probation pay.
        #[serde(serialize_with = "number")]
        pay: Num,
        /// The minimum wage.
        #[serde(serialize_with = "number")]
        minimum: Num,
    },
    /// 第21条: a failed probation without reasons.
    #[serde(rename = "failure-without-reasons")]
    FailureWithoutReasons,
    /// Something about the record itself, noted by the reader (already in words).
    #[serde(rename = "record")]
    Record {
        /// The note.
        message: String,
    },
}

/// What became of one rule, and the conditions behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleTrace {
    /// The rule's first id.
    pub rule: String,
    /// Every id of the rule.
    #[serde(skip)]
    pub ids: Vec<String>,
    /// The rule's title.
    pub title: String,
    /// What became of it.
    pub status: RuleStatus,
    /// The rule that overrode it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overridden_by: Option<String>,
    /// The parts of its `当` condition (split at the top-level `且`).
    pub conditions: Vec<Condition>,
    /// The parts of its `要求` condition, for a requirement rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Condition>,
    /// What it did to the outcome, when it took effect: a computed value, a cap or a floor.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
}

impl RuleTrace {
    /// The first condition that failed (or is pending): the reason a rule did not fire.
    pub fn first_failure(&self) -> Option<&Condition> {
        let failing = |c: &&Condition| c.holds != Some(true);
        self.conditions
            .iter()
            .find(failing)
            .or_else(|| self.requires.iter().find(failing))
    }
}

/// What became of a rule. Serialised as a stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// It set, limited or satisfied an outcome.
    Fired,
    /// Its condition did not hold.
    NotFired,
    /// Its condition held, but another rule's value was taken (first or largest wins).
    Shadowed,
    /// A cap or floor whose condition held, but the value was already within it.
    Within,
    /// A rule that overrides it fired.
    Overridden,
    /// A requirement that applied and did not hold.
    Unmet,
    /// It depends on absent inputs.
    Pending,
    /// Its decision was not evaluated (a required input is absent).
    NotReached,
}

impl RuleStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            RuleStatus::Fired => "fired",
            RuleStatus::NotFired => "not_fired",
            RuleStatus::Shadowed => "shadowed",
            RuleStatus::Within => "within",
            RuleStatus::Overridden => "overridden",
            RuleStatus::Unmet => "unmet",
            RuleStatus::Pending => "pending",
            RuleStatus::NotReached => "not_reached",
        }
    }
}

/// What a condition came to for a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// The condition as the policy writes it, on one line.
    pub text: String,
    /// Whether it holds (`None`: pending on a missing input).
    pub holds: Option<bool>,
    /// The values behind it.
    #[serde(skip_serializing_if = "Evidence::is_none")]
    pub evidence: Evidence,
    /// How far a failed condition is from holding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
    /// Whether it only says whom the rule is for (a post, a type of hire).
    #[serde(skip)]
    pub scope: bool,
    /// Whether it only tests that an input was given or a flag set.
    #[serde(skip)]
    pub flag: bool,
    /// Whether it is context (a ladder bracket, another outcome) rather than a reason.
    #[serde(skip)]
    pub context: bool,
}

/// A value seen while explaining: an expression of the policy and what it came to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Seen {
    /// The expression as the policy writes it.
    pub expr: String,
    /// Its value.
    pub value: Value,
}

/// The values behind a condition, typed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// Nothing to show.
    None,
    /// The values of the parts that are not constants (dates compared, a field's value).
    Values {
        /// What was seen.
        seen: Vec<Seen>,
    },
    /// A grade pattern: the window's grades, month by month, and how many counted.
    Grades {
        /// Every month of the window, with its grade if it has one.
        window: Value,
        /// How many grades were at each level of the pattern (or better).
        counted: Vec<Counted>,
    },
    /// A window that depends on a missing input.
    PendingWindow,
    /// Grades that must not occur: the ones found, month by month.
    Excluded {
        /// The excluded levels, best first.
        levels: Vec<String>,
        /// The months graded at an excluded level.
        found: Vec<Graded>,
    },
    /// The evidence of several parts that all hold (`且`).
    All {
        /// Each part's evidence.
        parts: Vec<Evidence>,
    },
    /// The part of a `且` that failed, with nothing more to show.
    Failed {
        /// The part as the policy writes it.
        part: String,
    },
    /// The first alternative of a `或` that holds.
    Alternative {
        /// The alternative as the policy writes it.
        holds: String,
        /// Its evidence.
        evidence: Box<Evidence>,
    },
    /// Every alternative of a `或` that does not hold.
    Alternatives {
        /// Each alternative's evidence.
        parts: Vec<Evidence>,
    },
    /// A negated condition's operand and whether it held.
    Negated {
        /// The operand as the policy writes it.
        operand: String,
        /// Whether it held (`None`: pending).
        holds: Option<bool>,
    },
    /// The element found by `任一` or `最早`.
    Found {
        /// Whether the quantifier takes the first (`最早`).
        first: bool,
        /// The element.
        value: Value,
    },
    /// No element of a list met a quantifier's condition.
    NotFound {
        /// The list as the policy writes it.
        list: String,
        /// The condition.
        condition: String,
    },
}

impl Evidence {
    /// Whether there is nothing to show.
    pub fn is_none(&self) -> bool {
        matches!(self, Evidence::None)
    }
}

/// A month's grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Graded {
    /// The month.
    #[serde(serialize_with = "as_text")]
    pub month: Month,
    /// The grade's level.
    pub level: String,
}

fn as_text<S: Serializer, T: std::fmt::Display>(x: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(x)
}

/// How many grades of a window counted toward one threshold of a pattern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counted {
    /// The level.
    pub level: String,
    /// Whether better levels count too (false for the scale's top).
    pub or_better: bool,
    /// How many.
    pub count: u32,
}

/// How far a failed condition is from holding.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shortfall {
    /// The value is below what is needed, by these amounts (a pattern may lack several grades).
    Short {
        /// The amounts.
        amounts: Vec<Amount>,
    },
    /// The value is above what is allowed.
    Over {
        /// The amount.
        amount: Amount,
    },
    /// A strict comparison failed on equal values.
    Equal,
}

/// An amount and its unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Amount {
    /// How much.
    pub amount: Value,
    /// Of what.
    pub unit: Unit,
}

/// The unit of an amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Months.
    Months,
    /// 小级 on a ladder.
    Steps,
    /// A plain number (a score, a count).
    Number,
    /// Grades at a level (or better) that a pattern still needs.
    Grades {
        /// The level.
        level: String,
        /// Whether better levels count too.
        or_better: bool,
    },
}

/// What a rule that took effect did to a field beyond setting a constant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// It set the field to a computed value.
    Set {
        /// The field.
        field: String,
        /// The value as the policy writes it.
        expr: String,
        /// What it came to.
        value: Value,
    },
    /// It capped (`不超过`) or floored (`不低于`) the field.
    Bound {
        /// The field.
        field: String,
        /// True for a cap.
        at_most: bool,
        /// The bound as the policy writes it.
        expr: String,
        /// The bound's value, when it is not a constant.
        value: Option<Value>,
        /// The value the bound changed.
        before: Option<Value>,
    },
}

/// An outcome field no rule set, computed from others (`目标职级 = 当前职级 + 小级数`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Computed {
    /// The field.
    pub field: String,
    /// The expression as the policy writes it.
    pub expr: String,
    /// Its value.
    pub value: Value,
    /// The values behind it.
    #[serde(skip_serializing_if = "Evidence::is_none")]
    pub evidence: Evidence,
}

fn text<S: Serializer, T: std::fmt::Display>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

fn number<S: Serializer>(n: &Num, s: S) -> Result<S::Ok, S::Error> {
    value::serialize_num(*n, s)
}
