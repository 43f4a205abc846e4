//! Syntax stage: the pest grammar, the AST with spans, and syntax errors. This is the only
//! module that sees pest's types.

pub mod ast;
mod depth;
mod error;
pub mod keywords;
mod parser;
mod process;
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
