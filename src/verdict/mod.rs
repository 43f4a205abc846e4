//! Verdict stage: a record's verdict as plain, owned data that derives `Serialize` with a stable
//! field order. Per decision: the outcome, the status, the rules that took effect, the missing
//! inputs, and on request the trace, whose evidence is typed (values seen, grades counted, a
//! shortfall as an amount and a unit, dates compared). No sentence is made here: the explain
//! stage renders words, Chinese or English, from this data.

mod build;
pub mod bytes;
mod evidence;
mod kinds;
mod live;
pub(crate) mod plan;
mod process;
pub(crate) mod reading;
mod reasons;
mod roster;
mod trace;
mod value;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::calendar::Date;
use crate::law::Band;
use crate::value::Num;

pub use build::{for_audit, for_notice, of, of_traced, warnings, Options};
pub use kinds::source_text;
pub use live::LiveDecision;
pub use process::{ProcessVerdict, StepVerdict};
pub use reasons::{
    Amount, Computed, Condition, Counted, Effect, Evidence, Graded, RuleStatus, RuleTrace, Seen,
    Shortfall, Unit,
};
pub use trace::{on_facts, rule_status};
pub use value::{Live, Value};

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

    /// An outcome field's value, by decision and field name: `v.outcome("职级晋升", "小级数")`.
    pub fn outcome(&self, decision: &str, field: &str) -> Option<&Value> {
        self.decision(decision).and_then(|d| d.value(field))
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
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionVerdict {
    /// The decision's name (the key it is serialised under).
    pub name: String,
    /// Every outcome field, in the policy's order.
    pub outcome: Outcome,
    /// The ids of the rules that took effect (set the value taken, limited it, or had their
    /// requirement hold), in the policy's order; every id of a rule with several.
    pub rules: Vec<String>,
    /// For each `全部` field that rules set, every rule that gave its value (its first id), in
    /// the policy's order: the grounds, all of them, not only the first.
    pub grounds: Vec<Grounds>,
    /// Decided, pending or not applicable.
    pub status: Status,
    /// The `仅当` condition, when it does not hold for the record.
    pub applies_when: Option<Condition>,
    /// The record fields whose absence leaves the decision open, in the record's order.
    pub missing: Vec<String>,
    /// The first ids of the requirements that applied and did not hold.
    pub unmet: Vec<String>,
    /// For a roster decision: the record's place in its group (the group, its size, the rank,
    /// the places of each quota); none before the roster is ranked.
    pub roster: Option<RosterPlace>,
    /// On request: what became of every rule, in the policy's order.
    pub trace: Option<Vec<RuleTrace>>,
    /// On request: outcome fields no rule set whose value is computed from others.
    pub computed: Option<Vec<Computed>>,
}

/// A record's place in the group of a roster decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RosterPlace {
    /// The group: the group field's value (the whole roster: `""`); none when the record has
    /// no value for the group field, so it is outside any group.
    pub group: Option<String>,
    /// How many records the group has.
    pub size: u32,
    /// The record's rank by the decision's order (1: first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The group averages the decision reads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub means: Vec<GroupMean>,
    /// Where the record stands against each rule with a quota, in rule order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<QuotaStanding>,
}

/// A group's average of a value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupMean {
    /// The value averaged, as the policy writes it.
    pub expr: String,
    /// The average over the group's records that have a value.
    #[serde(serialize_with = "number_opt")]
    pub value: Option<Num>,
    /// How many records had a value.
    pub counted: u32,
}

/// Where a record stands against a rule's quota.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuotaStanding {
    /// The rule's first id.
    pub rule: String,
    /// The record's rank among the group's records that meet the rule's condition; none when
    /// it is not one of them.
    pub rank: Option<u32>,
    /// How many of the group's records meet it.
    pub candidates: u32,
    /// How many might, but are pending.
    #[serde(skip_serializing_if = "is_zero")]
    pub pending: u32,
    /// The places.
    pub places: u32,
    /// The share of the group the places are, for `名额 20%` (0.2).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "number_opt")]
    pub share: Option<Num>,
    /// Whether the record is within the quota (null: pending).
    pub within: Option<bool>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn number_opt<S: Serializer>(n: &Option<Num>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => value::serialize_num(*n, s),
        None => s.serialize_none(),
    }
}

/// The rules that gave a `全部` field its value: every ground that applies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grounds {
    /// The outcome field.
    pub field: String,
    /// The first id of every rule that fired and set it, in the policy's order.
    pub rules: Vec<String>,
}

fn grounds_map<S: Serializer>(gs: &[Grounds], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(gs.len()))?;
    for g in gs {
        map.serialize_entry(&g.field, &g.rules)?;
    }
    map.end()
}

impl Serialize for DecisionVerdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with_trace(s, &self.trace)
    }
}

/// The grounds, keyed by field.
struct GroundsMap<'g>(&'g [Grounds]);

impl Serialize for GroundsMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        grounds_map(self.0, s)
    }
}

impl DecisionVerdict {
    /// Serialises the decision as it serialises itself, with `trace` in the trace's place
    /// (when it has one): for a writer that adds words to each rule's trace. The keys, in
    /// order: `outcome`, `rules`, `grounds`, `status`, `applies_when` (the condition's text),
    /// `missing`, `unmet`, `roster`, `trace`, `computed`; the empty ones left out (`rules`
    /// and `status` always there).
    pub fn serialize_with_trace<S: Serializer, T: Serialize>(
        &self,
        s: S,
        trace: &T,
    ) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("outcome", &self.outcome)?;
        map.serialize_entry("rules", &self.rules)?;
        if !self.grounds.is_empty() {
            map.serialize_entry("grounds", &GroundsMap(&self.grounds))?;
        }
        map.serialize_entry("status", &self.status)?;
        if let Some(c) = &self.applies_when {
            map.serialize_entry("applies_when", &c.text)?;
        }
        if !self.missing.is_empty() {
            map.serialize_entry("missing", &self.missing)?;
        }
        if !self.unmet.is_empty() {
            map.serialize_entry("unmet", &self.unmet)?;
        }
        if let Some(r) = &self.roster {
            map.serialize_entry("roster", r)?;
        }
        if self.trace.is_some() {
            map.serialize_entry("trace", trace)?;
        }
        if let Some(c) = self.computed.as_ref().filter(|c| !c.is_empty()) {
            map.serialize_entry("computed", c)?;
        }
        map.end()
    }

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

fn text<S: Serializer, T: std::fmt::Display>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

fn number<S: Serializer>(n: &Num, s: S) -> Result<S::Ok, S::Error> {
    value::serialize_num(*n, s)
}
