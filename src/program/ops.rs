//! Program stage: the operators, quantifiers and combinations of the resolved program, its own
//! and not the syntax tree's (the checker maps one to the other).

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `或`.
    Or,
    /// `且`.
    And,
    /// `=`.
    Eq,
    /// `≠`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `属于`.
    In,
    /// `不属于`.
    NotIn,
    /// `..`.
    Range,
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
}

/// The quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// `任一`: some element meets the condition.
    Any,
    /// `所有`: every element meets it.
    All,
    /// `计数`: how many meet it.
    Count,
    /// `首个`: the first that meets it, or none.
    First,
}

/// The aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// `合计`: the sum; 0 of nothing.
    Sum,
    /// `平均`: the average; unknown of nothing.
    Average,
    /// `最小`: the least value; unknown of nothing.
    Min,
    /// `最大`: the greatest value; unknown of nothing.
    Max,
}

/// How an outcome field combines the rules that fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// The first rule in file order wins.
    First,
    /// The largest value wins.
    Max,
    /// The smallest value wins.
    Min,
    /// At most one rule may set it.
    Unique,
    /// Every rule that fires is a ground, and all must agree on the value.
    Every,
}

/// Where a parameter's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// `出处 "8.3.4"`: the source sets it.
    From(String),
    /// `自定 "why"`: the source does not set it.
    Assumed(Option<String>),
}
