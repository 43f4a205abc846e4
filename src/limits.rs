//! Limits on the size of a policy's expressions, shared by the parser and the checker, so that
//! no input makes a stage recurse without bound (a stack overflow aborts the process with no
//! message). Each limit is reported as a diagnostic at the place that passes it.

/// The deepest nesting of an expression: parentheses, lists, calls and indexes, conditionals
/// (`若 … 则 … 否则`), quantifiers (`任一 … 满足`), and each `非` or unary `-` in a row. A policy
/// nests a handful of levels; this bound keeps parsing, checking and evaluating within a 2 MiB
/// thread stack (`tests/limits.rs` proves it from a spawned thread).
pub const MAX_NESTING: usize = 32;

/// The deepest the syntax tree of an expression may be when each operand of a chain
/// (`a 且 b 且 …`, `a + b - …`, `a.b.c`, `a 若无则 b 若无则 …`) counts as a level: the parser
/// builds a chain as a left-leaning tree, which the checker and the evaluator walk down. So a
/// chain has at most this many operands, fewer when nested. Real policies chain a dozen; this
/// bound holds on a 2 MiB stack (`tests/limits.rs`).
pub const MAX_CHAIN: usize = 128;
