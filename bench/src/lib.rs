//! Benchmarks of rung on the reference policy: the native baseline (the same decisions
//! hand-written in Rust), the Rego peer (regorus), and a seeded roster generator shared with
//! `examples/gen_roster.rs`. A workspace member outside the default build, so `cargo test`
//! never compiles regorus.

pub mod engine;
pub mod native;
pub mod peer;
pub mod roster;
