//! rung: policy-as-code for the rules by which employees pass probation (转正) and climb a
//! career ladder (晋升).

pub mod calendar;
pub mod check;
pub mod diag;
pub mod eval;
pub mod syntax;
pub mod value;
