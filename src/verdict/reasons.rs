//! Verdict stage: the reasons behind a verdict as data: what became of each rule, the
//! conditions behind it with their typed evidence (values seen, grades counted, a shortfall as
//! an amount and a unit), and what a rule that took effect did to the outcome.

use serde::ser::Serializer;
use serde::Serialize;

use crate::calendar::Period;

use super::Value;

/// What became of one rule, and the conditions behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleTrace {
    /// The rule's index in the program's rules (`Program::rules`), by which the explain stage
    /// finds its definition without looking its id up.
    #[serde(skip)]
    pub index: usize,
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
    /// The alternative of a `或` the shortfall measures (the part of the condition, as the
    /// policy writes it), when the condition failed with several alternatives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    /// What that alternative compares or counts (its left side: `目标职级`, `前6个月`), for
    /// words without the policy's operators.
    #[serde(skip)]
    pub measures_subject: Option<String>,
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
    /// The month (or quarter, or year, in a map keyed by them).
    #[serde(serialize_with = "as_text")]
    pub month: Period,
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
    /// Quarters.
    Quarters,
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
