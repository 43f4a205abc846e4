//! Syntax stage: the pest grammar, the AST with spans, and syntax errors. This is the only
//! module that sees pest's types.

pub mod ast;
mod error;
mod parser;
mod recover;
mod span;

pub use error::{Expected, SyntaxError, SyntaxErrorKind};
pub use parser::normalize_name;
pub use span::{Span, Spanned};

/// Parses a policy's text. On failure, every syntax error found is returned.
pub fn parse(src: &str) -> Result<ast::Policy, Vec<SyntaxError>> {
    parser::parse_policy(src)
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
