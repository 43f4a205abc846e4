//! libFuzzer target `check`: see `targets::check` (fuzz_targets/targets.rs) for what it feeds and
//! checks.
#![no_main]

// Each binary runs one of the targets the module holds.
#[allow(dead_code)]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = common::targets::check(data);
});
