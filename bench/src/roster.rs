//! The seeded roster generator of `examples/gen_roster.rs`, for the benchmarks and tests.

#[allow(dead_code)]
#[path = "../../examples/gen_roster.rs"]
mod gen;

use rung::calendar::Date;

/// `count` records for the reference policy as JSON Lines, the same for the same seed.
pub fn generate(count: u64, seed: u64, as_of: Date) -> String {
    let mut out = Vec::new();
    let options = gen::Options {
        count,
        seed,
        as_of,
        out: None,
    };
    gen::write_roster(&options, &mut out).unwrap_or_else(|e| panic!("cannot generate: {e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
}
