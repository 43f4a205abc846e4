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
