//! Check stage: what the lints find, as data (names, rule ids, amounts, places);
//! `explain::diagnostics` turns it into words.

use crate::law::Band;
use crate::program::process::Role;
use crate::source::Span;
use crate::value::DurationUnit;

/// Something in a policy that can be evaluated but deserves a look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckWarning {
    /// The main place.
    pub span: Span,
    /// What deserves a look.
    pub kind: CheckWarningKind,
}

/// The kinds of check warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckWarningKind {
    /// A definition that nothing uses.
    UnusedLet {
        /// The definition.
        name: String,
    },
    /// A parameter that nothing uses.
    UnusedParam {
        /// The parameter.
        name: String,
    },
    /// A parameter (or table) the source does not set.
    AssumedParam {
        /// The parameter or table.
        name: String,
        /// Whether it is a table (`表`).
        table: bool,
        /// Why it has its value, as written.
        note: Option<String>,
    },
    /// A parameter (or table) without provenance.
    UnsourcedParam {
        /// The parameter or table.
        name: String,
        /// Whether it is a table (`表`).
        table: bool,
    },
    /// A rule without its source sentence.
    NoSource {
        /// The rule's id.
        rule: String,
    },
    /// `参见` names a clause that is not declared.
    UnknownClause {
        /// The clause's id.
        clause: String,
    },
    /// A rule whose conditions contradict each other.
    Contradiction {
        /// The rule's id.
        rule: String,
    },
    /// A rule that an unconditional rule before it always beats.
    Shadowed {
        /// The rule's id.
        rule: String,
        /// The rule that always wins.
        by: String,
        /// The field both set.
        field: String,
    },
    /// Two rules that may fire together and give a field different values.
    Overlap {
        /// The later rule's id (at the main place).
        rule: String,
        /// The earlier rule's id.
        other: String,
        /// Where the earlier rule is.
        other_span: Span,
        /// The field both set.
        field: String,
        /// Whether the field is `唯一` (else the first rule wins).
        unique: bool,
        /// Whether the field's type is ordered (then `取大` is an option).
        ordered: bool,
    },
    /// A rule that sets a field a cap or floor of another rule can change, and other fields
    /// beside it, which the limit leaves as they were.
    BoundedBeside {
        /// The rule's id.
        rule: String,
        /// The field a limit can change.
        field: String,
        /// The other fields the rule sets.
        others: Vec<String>,
        /// The rules that limit the field, with where they are.
        limits: Vec<(String, Span)>,
    },
    /// A probation `期限` beyond 劳动合同法 第19条 for a band of contract terms.
    ProbationTooLong {
        /// The band of contract terms.
        band: Band,
        /// The longest probation the band allows, in months (0: none).
        limit_months: u32,
        /// The length the policy gives for it: an amount and a unit.
        length: (i64, DurationUnit),
    },
    /// `试用期` without the roles the per-record checks need.
    ProbationIncomplete {
        /// The roles missing.
        missing: Vec<Role>,
    },
}

impl CheckWarningKind {
    /// The stable code, such as `rung::unused`.
    pub fn code(&self) -> &'static str {
        use CheckWarningKind as K;
        match self {
            K::UnusedLet { .. } | K::UnusedParam { .. } => "rung::unused",
            K::AssumedParam { .. } => "rung::assumed-param",
            K::UnsourcedParam { .. } => "rung::unsourced-param",
            K::NoSource { .. } => "rung::no-source",
            K::UnknownClause { .. } => "rung::unknown-clause",
            K::Contradiction { .. } | K::Shadowed { .. } => "rung::never-fires",
            K::Overlap { .. } => "rung::overlapping-rules",
            K::BoundedBeside { .. } => "rung::bounded-beside",
            K::ProbationTooLong { .. } => "rung::probation-too-long",
            K::ProbationIncomplete { .. } => "rung::probation-incomplete",
        }
    }
}
