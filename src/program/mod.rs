//! Program stage: the checked and resolved program, the one contract that the stages after the
//! checker read (eval, explain, records, batch). It never sees the syntax tree.

pub mod ir;
pub mod ops;
pub mod process;
pub mod roster;
pub mod schema;
pub mod types;

pub use ir::Program;
pub use ops::{Aggregate, BinOp, Combine, Provenance, Quantifier};
pub use schema::Schema;
pub use types::Type;
