//! Fuzz target: a policy and records built by the structure-aware generator (grammar-based
//! policies over a schema, records from the schema) from the fuzzer's bytes; checked, read,
//! evaluated and explained, with every record accounted for.
#![no_main]

mod common;

use common::gen::{self, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let case = gen::case(&mut common::Bytes(data));
    let _ = run::run(&case);
});
