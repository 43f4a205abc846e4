//! Property test on the stable toolchain: a bounded number of generated policies and records
//! (the fuzzers' structure-aware generator, driven by a seeded pseudo-random source) go through
//! check, read, evaluate and explain without a panic, with every record accounted for.

#![allow(clippy::panic)]

mod gen;

use gen::{Choose, Seeded};

/// How many cases `cargo test` runs; `RUNG_PROPERTY_CASES` asks for more.
fn cases() -> u64 {
    std::env::var("RUNG_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

#[test]
fn generated_policies_and_records_never_panic_and_lose_nothing() {
    let mut checked = 0;
    let mut verdicts = 0;
    let mut errors = 0;
    let n = cases();
    for seed in 0..n {
        let mut c = Seeded(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x1000_0001));
        let _ = c.below(2);
        let case = gen::case(&mut c);
        let ran = std::panic::catch_unwind(|| gen::run::run(&case)).unwrap_or_else(|_| {
            panic!(
                "seed {seed} panicked on:\n{}\n{}",
                case.policy, case.records
            )
        });
        checked += usize::from(ran.checked);
        verdicts += ran.verdicts;
        errors += ran.errors;
    }
    // The generator makes policies that mostly check and records that mostly evaluate, so the
    // later stages are exercised, not only the checker.
    assert!(checked as u64 * 2 >= n, "{checked} of {n} policies checked");
    assert!(verdicts > errors, "{verdicts} verdicts, {errors} errors");
}
