//! Fuzz target: any bytes as records in every format and encoding, read against the reference
//! policy's schema and a small schema, evaluated and explained; records in = verdicts + errors.
#![no_main]

mod common;

use std::sync::OnceLock;

use common::gen::run;
use libfuzzer_sys::fuzz_target;
use rung::calendar::Date;
use rung::check::{Checked, MemoryLoader};
use rung::diag::Lang;
use rung::records::{Encoding, Format};

const REFERENCE: &str = include_str!("../../policies/客服部任职发展管理制度.rung");
const CALENDAR: &str = include_str!("../../policies/calendars/cn-2020-2026.csv");
const PROBATION: &str = include_str!("../../tests/fixtures/policies/probation.zh.rung");

fn programs() -> &'static [Checked] {
    static P: OnceLock<Vec<Checked>> = OnceLock::new();
    P.get_or_init(|| {
        let loader = MemoryLoader::new()
            .with("calendars/cn-2020-2026.csv", CALENDAR)
;
        [REFERENCE, PROBATION]
            .iter()
            .filter_map(|p| rung::compile("p.rung", p, &loader).ok())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let programs = programs();
    assert_eq!(programs.len(), 2, "the shipped policies check");
    let Some(checked) = programs.get(usize::from(mode & 1)) else {
        return;
    };
    let format = match ((mode >> 1) & 7) % 5 {
        0 => Format::Json,
        1 => Format::JsonLines,
        2 => Format::Csv,
        3 => Format::Tsv,
        _ => Format::Workbook,
    };
    let encoding = match ((mode >> 4) & 3) % 3 {
        0 => Encoding::Auto,
        1 => Encoding::Utf8,
        _ => Encoding::Gb18030,
    };
    let lang = if mode & 0x80 == 0 { Lang::Zh } else { Lang::En };
    let as_of = Date::from_ymd(2026, 7, 3).unwrap_or(Date::MIN);
    let ran = run::evaluate(checked, format, encoding, rest, as_of, lang);
    // Nothing is lost by splitting: every non-blank line of JSON Lines in UTF-8 is a record
    // or an error.
    if format == Format::JsonLines && encoding != Encoding::Gb18030 && ran.readable {
        if let Ok(text) = std::str::from_utf8(rest) {
            assert_eq!(ran.records, run::json_lines(text), "records lost: {text:?}");
        }
    }
});
