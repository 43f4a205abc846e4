//! The `rung` command line.
fn main() {}
