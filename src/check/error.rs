//! Check stage: what the checker finds, as data: the names, suggestions, types and rule ids
//! involved and the places, never sentences. `explain::diagnostics` turns them into Chinese or
//! English.

use crate::calendar::{CalendarError, PeriodKind};

use super::LoadError;
use crate::program::ir::Builtin;
use crate::program::types::TypeName;
use crate::source::Span;

pub use super::warning::{CheckWarning, CheckWarningKind};

/// A mistake that keeps a policy from being evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckError {
    /// The main place.
    pub span: Span,
    /// What is wrong.
    pub kind: CheckErrorKind,
}

/// A policy that did not check: every error and every warning found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckFailed {
    /// The errors, in file order.
    pub errors: Vec<CheckError>,
    /// The warnings, in file order.
    pub warnings: Vec<CheckWarning>,
}

/// What a name was declared twice as (within one scale, ladder, enum, record or decision).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeated {
    /// A level of a scale.
    Level,
    /// A 大级 of a ladder.
    Major,
    /// A member of an enum.
    Member,
    /// A field of a record or sub-record.
    Field,
    /// An outcome field of a decision.
    OutcomeField,
}

/// A literal that does not stand for a value of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Literal {
    /// A number (too large, or too many decimals).
    Number,
    /// A percentage.
    Percent,
    /// A date.
    Date,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
}

/// What was expected where a value of another type stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// A number (after `-`).
    Number,
    /// A condition: a value of type 布尔.
    Condition,
    /// A key of the map's kind or a range of them (in `[…]` after a map or window).
    KeyOrRange(PeriodKind),
    /// A value of this type.
    Type(TypeName),
    /// A duration (a probation's `期限`).
    Duration,
    /// A date or a range of dates (a step's `期限`).
    Deadline,
    /// A number or a duration (the value of `合计`).
    Summable,
    /// A value with an order (the value of `最小` and `最大`).
    Ordered,
}

/// What an operation that does not fit its operands tried to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `若无则`.
    Otherwise,
    /// `..`.
    Range,
    /// A comparison.
    Compare,
}

/// A common mistake behind an operation that does not fit its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationHint {
    /// A date or month with a bare number: durations need a unit.
    DurationUnit,
    /// A rung with a number.
    RungArithmetic,
    /// A month with a duration that is not in months.
    MonthDuration,
}

/// How to write an unknown name instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameFix {
    /// A known name that is spelt alike.
    Similar(String),
    /// A keyword glued to known names (`当岗位`), written apart (`当 岗位`).
    Spacing {
        /// The keyword.
        keyword: String,
        /// The text with the keyword standing apart.
        fixed: String,
    },
}

/// The kinds of check error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckErrorKind {
    /// The policy's name is given twice.
    HeaderTwice,
    /// The calendar is given twice.
    CalendarTwice,
    /// The calendar file cannot be read.
    CalendarUnreadable {
        /// The path as written.
        path: String,
        /// Why the loader did not read it.
        why: LoadError,
    },
    /// A line of the calendar file is wrong.
    CalendarLine {
        /// The path as written.
        path: String,
        /// What is wrong on which line.
        error: CalendarError,
    },
    /// A built-in type's name is declared again.
    BuiltinTypeRedefined {
        /// The type's name.
        name: String,
    },
    /// A type is declared twice.
    TypeTwice {
        /// The type's name.
        name: String,
    },
    /// A record field, parameter, definition or decision name is taken.
    NameTwice {
        /// The name.
        name: String,
        /// Where it is first declared.
        first: Span,
    },
    /// A name appears twice within one declaration.
    Repeated {
        /// What it is.
        what: Repeated,
        /// The name.
        name: String,
    },
    /// A scale with more levels than a grade can hold.
    ScaleTooLarge {
        /// The most levels allowed.
        max: usize,
    },
    /// A record with more fields than allowed.
    RecordTooLarge {
        /// The most fields allowed.
        max: usize,
    },
    /// A type that contains itself.
    TypeCycle {
        /// The type's name.
        name: String,
    },
    /// An unknown type name.
    UnknownType {
        /// The name as written.
        name: String,
        /// A known type spelt alike.
        suggestion: Option<String>,
    },
    /// A map whose keys are not months.
    MapKey {
        /// The key type written.
        found: TypeName,
    },
    /// A number range whose low end exceeds its high end (or is not a number).
    BadRange {
        /// The low end as written.
        lo: String,
        /// The high end as written.
        hi: String,
    },
    /// The policy declares no record.
    NoRecord,
    /// A second record declaration.
    RecordTwice {
        /// The first record.
        first: Span,
    },
    /// A second key field.
    KeyTwice,
    /// A parameter whose value is not a constant.
    ParamNotConstant,
    /// A field default that is not a constant.
    DefaultNotConstant,
    /// A rule or clause id used twice.
    RuleIdTwice {
        /// The id.
        id: String,
        /// Where it is first used.
        first: Span,
    },
    /// A literal that is not a valid value.
    BadLiteral {
        /// The literal as written.
        text: String,
        /// What it should be.
        literal: Literal,
    },
    /// A duration that is not a whole number.
    FractionalDuration {
        /// The amount as written.
        amount: String,
    },
    /// A quarter moved by a constant number of months that is not a multiple of three.
    NotWholeQuarters {
        /// The months.
        months: i64,
    },
    /// A value of the wrong type.
    Mismatch {
        /// What was expected.
        wanted: Wanted,
        /// What stands there.
        found: TypeName,
    },
    /// The two branches of `若 … 则 … 否则 …` have different types.
    Branches {
        /// The type of the first branch.
        first: TypeName,
        /// Where the first branch is.
        first_span: Span,
        /// The type of the second branch (at the main place).
        second: TypeName,
    },
    /// A sub-record has no such field.
    UnknownField {
        /// The sub-record's type.
        ty: TypeName,
        /// The field as written.
        field: String,
        /// A field spelt alike.
        suggestion: Option<String>,
    },
    /// `.field` on a value that has no fields.
    NoFields {
        /// The value's type.
        ty: TypeName,
        /// The field as written.
        field: String,
    },
    /// A decision has no such outcome field.
    UnknownOutcomeField {
        /// The decision.
        decision: String,
        /// The field as written.
        field: String,
        /// A field spelt alike.
        suggestion: Option<String>,
        /// Whether a rule sets it (then the help says to declare it).
        in_effect: bool,
    },
    /// `[…]` after a value that is not a month-keyed map.
    NotIndexable {
        /// The value's type.
        found: TypeName,
    },
    /// A list whose items have different types.
    MixedList {
        /// The type of the item that differs.
        found: TypeName,
    },
    /// A list item that is computed per record.
    ListNotConstant,
    /// A definition that refers to itself while being checked.
    LetCycle {
        /// The definition.
        name: String,
    },
    /// `属于` with a right side that cannot hold the left.
    NotIn {
        /// The left side's type.
        item: TypeName,
        /// The right side's type.
        collection: TypeName,
    },
    /// A comparison with `空`.
    CompareNone,
    /// An operation on types it is not defined for.
    Operation {
        /// The operation.
        op: Operation,
        /// The left operand's type.
        left: TypeName,
        /// Where the left operand is.
        left_span: Span,
        /// The right operand's type (at the main place).
        right: TypeName,
        /// The common mistake behind it, if it looks like one.
        hint: Option<OperationHint>,
    },
    /// A grade pattern applied to something that is not a window of grades.
    NotAWindow {
        /// What it is.
        found: TypeName,
    },
    /// A grade that is not a level of the window's scale.
    UnknownGrade {
        /// The grade as written.
        grade: String,
        /// The scale.
        scale: String,
        /// Its levels, best first.
        levels: Vec<String>,
    },
    /// A pattern whose grades are not listed from best to worst.
    PatternOrder,
    /// A quantifier over something that is not a list, range or window.
    NotIterable {
        /// What it is.
        found: TypeName,
    },
    /// A decision used as a value.
    DecisionAsValue {
        /// The decision.
        name: String,
    },
    /// A name that stands for nothing here.
    UnknownName {
        /// The name as written.
        name: String,
        /// How to write it instead, if that can be guessed.
        fix: Option<NameFix>,
    },
    /// A constant's name shared by several types, none expected here.
    AmbiguousName {
        /// The name.
        name: String,
        /// The types it could belong to.
        options: Vec<TypeName>,
    },
    /// `Type.member` where the type has no such member.
    UnknownMember {
        /// The type as written.
        ty: String,
        /// The member as written.
        member: String,
        /// A member spelt alike.
        suggestion: Option<String>,
    },
    /// A call of an unknown function.
    UnknownFunction {
        /// The name as written.
        name: String,
        /// A built-in function spelt alike.
        suggestion: Option<String>,
        /// The built-in functions' Chinese names, to list when nothing is alike.
        known: Vec<String>,
    },
    /// `节日(…)` naming a festival that the calendar does not list.
    UnknownFestival {
        /// The name as written.
        name: String,
        /// A listed festival spelt alike.
        suggestion: Option<String>,
        /// The festivals the calendar lists.
        known: Vec<String>,
        /// The calendar's file, if the policy has one.
        calendar: Option<String>,
    },
    /// `节日(…)` whose first argument is not a festival's name.
    FestivalNotNamed,
    /// A table's name used without `[键]`.
    TableAsValue {
        /// The table.
        name: String,
    },
    /// A table key or value that is not a constant.
    TableNotConstant,
    /// A table that lists a key twice (or `否则` twice).
    TableKeyTwice {
        /// The key as written.
        key: String,
        /// Where it is listed first.
        first: Span,
    },
    /// A lookup in a table whose key type is an enum, scale or ladder, and which lists not
    /// every member and has no `否则`.
    TableMissingKeys {
        /// The table.
        table: String,
        /// The members it does not list.
        missing: Vec<String>,
    },
    /// `按 x` where `x` is not a record field.
    GroupNotAField {
        /// The name as written.
        name: String,
        /// A record field spelt alike.
        suggestion: Option<String>,
    },
    /// A roster decision ranked, or a group averaged, by a value that has no order.
    RankNotOrdered {
        /// The value's type.
        ty: TypeName,
    },
    /// `名额` with a percentage out of 0–100%, or a count that is not a whole number.
    QuotaRange {
        /// The places as written.
        places: String,
    },
    /// `名额` in a decision with no `排名`: nothing says which records come first.
    QuotaWithoutOrder,
    /// A rule with `名额` whose condition reads a group function: the group's values are known
    /// only once the records are ranked.
    QuotaReadsGroup,
    /// A group function outside a roster decision.
    RosterOnly {
        /// The function's Chinese name.
        function: String,
    },
    /// A decision that reads a roster decision before it is made: a record's own decision, or
    /// a roster decision that ranks by its own outcome or reads a later one.
    RosterOrder {
        /// The decision that reads it.
        decision: String,
        /// The roster decision read.
        reads: String,
        /// Whether the reader is itself a roster decision.
        roster: bool,
    },
    /// A call with the wrong number of arguments.
    Arity {
        /// The function as written.
        function: String,
        /// The fewest arguments it takes.
        min: usize,
        /// The most arguments it takes.
        max: usize,
        /// The arguments given.
        got: usize,
    },
    /// A call with arguments of the wrong types.
    Arguments {
        /// The function as written.
        function: String,
        /// The function.
        builtin: Builtin,
        /// The types of the arguments given.
        found: Vec<TypeName>,
    },
    /// An outcome field of a type without order combined by 取大 or 取小.
    UnorderedCombine {
        /// The field's type.
        ty: TypeName,
    },
    /// `需要` names something that is not a record field.
    NotARecordField {
        /// The name as written.
        name: String,
        /// A record field spelt alike.
        suggestion: Option<String>,
    },
    /// A rule sets a field twice.
    EffectTwice {
        /// The field.
        field: String,
    },
    /// A rule sets a field that is not optional to `空`.
    NotOptional {
        /// The field.
        field: String,
        /// Its type.
        ty: TypeName,
    },
    /// A cap or floor on a field of a type without order.
    UnorderedBound {
        /// The field's type.
        ty: TypeName,
    },
    /// `要求` on a field that is not 布尔.
    RequirementNotBool {
        /// The field.
        field: String,
        /// Its type.
        ty: TypeName,
    },
    /// A rule overrides itself.
    SelfOverride,
    /// `优先于` names a rule not in the decision.
    UnknownRule {
        /// The id as written.
        id: String,
        /// An id of the decision spelt alike.
        suggestion: Option<String>,
    },
    /// A field both required and set.
    RequiredAndSet {
        /// The field.
        field: String,
    },
    /// A requirement field with a default.
    RequirementDefault {
        /// The field.
        field: String,
    },
    /// An outcome field that never gets a value.
    UnsetField {
        /// The field.
        field: String,
    },
    /// An outcome field named like a definition reads itself where the definition was meant:
    /// inside the decision the field's name hides the definition's.
    FieldHidesDefinition {
        /// The field, `决定.字段`.
        field: String,
        /// The definition it hides and where it is declared.
        definition: (String, Span),
    },
    /// Values computed from each other in a circle.
    Cycle {
        /// The values of the circle with their places, the first at the main place.
        circle: Vec<(String, Span)>,
    },
    /// An expression tree deeper than the limit (the parser builds none; a tree built by
    /// other means may be).
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// A second `试用期` block.
    ProbationTwice {
        /// The first block.
        first: Span,
    },
    /// A `试用期` line whose role is not known.
    UnknownRole {
        /// The role as written.
        role: String,
        /// A role spelt alike.
        suggestion: Option<String>,
    },
    /// A `试用期` role given twice.
    RoleTwice {
        /// The role as written.
        role: String,
    },
    /// A probation `期限` that reads the record, a definition or the date.
    ProbationNotConstant,
}

impl CheckErrorKind {
    /// The stable code, such as `rung::unknown-name`.
    pub fn code(&self) -> &'static str {
        use CheckErrorKind as K;
        match self {
            K::HeaderTwice => "rung::duplicate-header",
            K::CalendarTwice => "rung::duplicate-calendar",
            K::CalendarUnreadable { .. } | K::CalendarLine { .. } => "rung::calendar-file",
            K::BuiltinTypeRedefined { .. }
            | K::TypeTwice { .. }
            | K::NameTwice { .. }
            | K::Repeated { .. } => "rung::duplicate-name",
            K::ScaleTooLarge { .. } => "rung::scale-size",
            K::RecordTooLarge { .. } => "rung::record-size",
            K::TypeCycle { .. } => "rung::type-cycle",
            K::UnknownType { .. } => "rung::unknown-type",
            K::MapKey { .. } => "rung::map-key",
            K::BadRange { .. } => "rung::bad-range",
            K::NoRecord => "rung::no-record",
            K::RecordTwice { .. } => "rung::duplicate-record",
            K::KeyTwice => "rung::duplicate-key",
            K::ParamNotConstant => "rung::param-not-constant",
            K::DefaultNotConstant => "rung::default-not-constant",
            K::RuleIdTwice { .. } => "rung::duplicate-rule-id",
            K::BadLiteral { .. } | K::FractionalDuration { .. } => "rung::bad-literal",
            K::NotWholeQuarters { .. } => "rung::whole-quarters",
            K::Mismatch { .. }
            | K::Branches { .. }
            | K::MixedList { .. }
            | K::NotIn { .. }
            | K::Operation { .. }
            | K::NotAWindow { .. }
            | K::NotIterable { .. }
            | K::Arguments { .. }
            | K::NotOptional { .. }
            | K::RequirementNotBool { .. } => "rung::type-mismatch",
            K::UnknownField { .. }
            | K::NoFields { .. }
            | K::UnknownOutcomeField { .. }
            | K::NotARecordField { .. } => "rung::unknown-field",
            K::NotIndexable { .. } => "rung::not-indexable",
            K::ListNotConstant => "rung::list-not-constant",
            K::LetCycle { .. } | K::Cycle { .. } => "rung::cycle",
            K::FieldHidesDefinition { .. } => "rung::field-hides-definition",
            K::CompareNone => "rung::compare-none",
            K::UnknownGrade { .. } => "rung::unknown-grade",
            K::PatternOrder => "rung::pattern-order",
            K::DecisionAsValue { .. } => "rung::decision-as-value",
            K::UnknownName { .. } => "rung::unknown-name",
            K::AmbiguousName { .. } => "rung::ambiguous-name",
            K::UnknownMember { .. } => "rung::unknown-member",
            K::UnknownFunction { .. } => "rung::unknown-function",
            K::UnknownFestival { .. } | K::FestivalNotNamed => "rung::unknown-festival",
            K::TableAsValue { .. } => "rung::table-as-value",
            K::TableNotConstant => "rung::table-not-constant",
            K::TableKeyTwice { .. } => "rung::duplicate-key",
            K::TableMissingKeys { .. } => "rung::missing-table-keys",
            K::Arity { .. } => "rung::arity",
            K::GroupNotAField { .. } => "rung::unknown-field",
            K::RankNotOrdered { .. } => "rung::roster-score",
            K::QuotaRange { .. } | K::QuotaWithoutOrder => "rung::roster-quota",
            K::RosterOnly { .. } => "rung::roster-only",
            K::RosterOrder { .. } | K::QuotaReadsGroup => "rung::roster-order",
            K::UnorderedCombine { .. } => "rung::bad-combine",
            K::EffectTwice { .. } => "rung::duplicate-effect",
            K::UnorderedBound { .. } => "rung::bad-bound",
            K::SelfOverride => "rung::bad-override",
            K::UnknownRule { .. } => "rung::unknown-rule",
            K::RequiredAndSet { .. } | K::RequirementDefault { .. } => "rung::mixed-field",
            K::UnsetField { .. } => "rung::unset-field",
            K::TooDeep { .. } => "rung::too-deep",
            K::ProbationTwice { .. } => "rung::duplicate-probation",
            K::UnknownRole { .. } => "rung::unknown-role",
            K::RoleTwice { .. } => "rung::duplicate-name",
            K::ProbationNotConstant => "rung::probation-not-constant",
        }
    }

    /// What to write instead, when the checker can tell: the known name spelt alike, or the
    /// text with a glued keyword standing apart.
    pub fn suggestion(&self) -> Option<&str> {
        use CheckErrorKind as K;
        match self {
            K::UnknownName { fix, .. } => fix.as_ref().map(|f| match f {
                NameFix::Similar(s) => s.as_str(),
                NameFix::Spacing { fixed, .. } => fixed.as_str(),
            }),
            K::UnknownType { suggestion, .. }
            | K::UnknownField { suggestion, .. }
            | K::UnknownOutcomeField { suggestion, .. }
            | K::UnknownMember { suggestion, .. }
            | K::UnknownFunction { suggestion, .. }
            | K::UnknownFestival { suggestion, .. }
            | K::NotARecordField { suggestion, .. }
            | K::GroupNotAField { suggestion, .. }
            | K::UnknownRule { suggestion, .. }
            | K::UnknownRole { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }
}
