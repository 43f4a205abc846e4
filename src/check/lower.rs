//! Check stage: maps the syntax tree's operators, quantifiers and combinations onto the
//! program's own, so the stages after the checker never see the syntax tree.

use crate::program;
use crate::syntax::ast;

impl From<ast::BinOp> for program::BinOp {
    fn from(op: ast::BinOp) -> Self {
        use ast::BinOp as A;
        use program::BinOp as P;
        match op {
            A::Or => P::Or,
            A::And => P::And,
            A::Eq => P::Eq,
            A::Ne => P::Ne,
            A::Lt => P::Lt,
            A::Le => P::Le,
            A::Gt => P::Gt,
            A::Ge => P::Ge,
            A::In => P::In,
            A::NotIn => P::NotIn,
            A::Range => P::Range,
            A::Add => P::Add,
            A::Sub => P::Sub,
            A::Mul => P::Mul,
            A::Div => P::Div,
            A::Otherwise => P::Otherwise,
        }
    }
}

impl From<ast::Aggregate> for program::Aggregate {
    fn from(a: ast::Aggregate) -> Self {
        match a {
            ast::Aggregate::Sum => program::Aggregate::Sum,
            ast::Aggregate::Average => program::Aggregate::Average,
            ast::Aggregate::Min => program::Aggregate::Min,
            ast::Aggregate::Max => program::Aggregate::Max,
        }
    }
}

impl From<ast::Quantifier> for program::Quantifier {
    fn from(q: ast::Quantifier) -> Self {
        match q {
            ast::Quantifier::Any => program::Quantifier::Any,
            ast::Quantifier::All => program::Quantifier::All,
            ast::Quantifier::Count => program::Quantifier::Count,
            ast::Quantifier::First => program::Quantifier::First,
        }
    }
}

impl From<ast::Combine> for program::Combine {
    fn from(c: ast::Combine) -> Self {
        match c {
            ast::Combine::First => program::Combine::First,
            ast::Combine::Max => program::Combine::Max,
            ast::Combine::Min => program::Combine::Min,
            ast::Combine::Unique => program::Combine::Unique,
            ast::Combine::Every => program::Combine::Every,
        }
    }
}

impl From<&ast::Provenance> for program::Provenance {
    fn from(p: &ast::Provenance) -> Self {
        match p {
            ast::Provenance::From(s) => program::Provenance::From(s.clone()),
            ast::Provenance::Assumed(why) => program::Provenance::Assumed(why.clone()),
        }
    }
}
