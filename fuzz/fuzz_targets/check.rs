//! Fuzz target: any bytes as a policy (and as its calendar): parse, check and draw every
//! diagnostic in both languages. The first byte chooses between the bytes as text and a policy
//! built by the grammar-based generator from them.
#![no_main]

mod common;

use common::gen::{self, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 4 == 0 {
        let policy = gen::policy(&mut common::Bytes(rest));
        let _ = run::check("gen.rung", &policy, gen::CALENDAR);
        return;
    }
    let text = String::from_utf8_lossy(rest);
    if mode % 4 == 1 {
        // The same bytes are the calendar too, so calendar files are fuzzed with the policy.
        let with_calendar = format!("日历 \"cal.csv\"\n{text}");
        let _ = run::check("fuzz.rung", &with_calendar, &text);
    } else {
        let _ = run::check("fuzz.rung", &text, gen::CALENDAR);
    }
});
