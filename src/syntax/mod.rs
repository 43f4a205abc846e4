//! Syntax stage: the pest grammar, the AST with spans, and syntax errors. This is the only
//! module that sees pest's types.

pub mod ast;
mod depth;
mod error;
mod parser;
mod recover;
mod shift;
mod span;
mod trivia;

pub use error::{Expected, SyntaxError, SyntaxErrorKind};
pub use span::{Span, Spanned};

/// A parsed policy that may have syntax errors: the items that parsed (a decision keeps the
/// rules that parsed), every comment and blank line, and every syntax error in file order.
/// Tools that work on a broken file (an editor, `rung fmt` deciding what it may touch) read the
/// tree; [`parse`] is the strict form.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// What parsed.
    pub policy: ast::Policy,
    /// Every syntax error, in file order; empty when the file parsed.
    pub errors: Vec<SyntaxError>,
}

/// Parses a policy's text as far as it goes, keeping what parsed along with the errors.
pub fn parse_recovering(src: &str) -> Parsed {
    parser::parse_policy(src)
}

/// Parses a policy's text. On failure, every syntax error found is returned.
pub fn parse(src: &str) -> Result<ast::Policy, Vec<SyntaxError>> {
    let parsed = parse_recovering(src);
    if parsed.errors.is_empty() {
        Ok(parsed.policy)
    } else {
        Err(parsed.errors)
    }
}

/// Chinese keywords, longest first: a name that swallowed one for want of a space (`当岗位`)
/// gets a hint to write `当 岗位`.
pub const CHINESE_KEYWORDS: &[&str] = &[
    "若无则",
    "不属于",
    "优先于",
    "计数",
    "或者",
    "任一",
    "并且",
    "首个",
    "要求",
    "参见",
    "属于",
    "否则",
    "达到",
    "需要",
    "所有",
    "满足",
    "原文",
    "且",
    "若",
    "有",
    "或",
    "则",
    "非",
    "当",
    "无",
];
