//! Explain stage: renders verdicts and the reasons behind them, as a notice in Chinese (or
//! English), as JSON Lines, and rule by rule on request.

pub mod format;
pub mod json;
pub mod report;
pub mod text;
pub mod why;
