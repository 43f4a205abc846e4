//! Explain stage: the only place words are made. Renders the verdict's data as a notice in
//! Chinese (or English), as JSON Lines with the words beside the data, and rule by rule on
//! request.

pub mod diagnostics;
pub mod diff;
mod facts;
pub mod format;
pub mod json;
pub mod notice;
mod prepared;
pub mod process;
pub mod report;
mod roster;
pub mod text;
mod unapplied;
pub mod why;
pub mod words;
