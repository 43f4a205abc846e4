//! What the tests comparing an explanation written two ways share: the shipped policies with
//! their example rosters, generated rosters, and a loop handing each record's live verdict to a
//! check.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::calendar::Date;
use rung::diag::Lang;
use rung::eval::{EvalError, Evaluator, Verdict};
use rung::program::Program;
use rung::records::{self, Encoding, Format};
use rung::value::Record;
use rung::verdict::{Options, RecordVerdict};

#[path = "../../examples/gen_roster.rs"]
mod gen;

/// The reference policy.
pub const REFERENCE: &str = "policies/客服部任职发展管理制度.rung";

/// Each shipped policy with its example roster.
pub const EXAMPLES: [(&str, &str); 3] = [
    (REFERENCE, "examples/roster.jsonl"),
    ("policies/传帮带.rung", "examples/传帮带.jsonl"),
    ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
];

/// Dates inside and outside the promotion windows.
pub fn example_dates() -> [Date; 3] {
    [date(2026, 7, 3), date(2026, 1, 6), date(2026, 5, 15)]
}

pub fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

/// A generated roster of `count` records for the reference policy, as JSON Lines.
pub fn generated(count: u64, seed: u64, as_of: Date) -> String {
    let mut out = Vec::new();
    let options = gen::Options {
        count,
        seed,
        as_of,
        out: None,
    };
    gen::write_roster(&options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Evaluates every record of `roster` (JSON Lines) under `policy` at each date and hands its
/// verdict to `check`; returns how many verdicts were checked.
pub fn each_verdict(
    policy: &str,
    roster: &str,
    dates: &[Date],
    mut check: impl FnMut(&Program, &Verdict<'_>, &Record, Date),
) -> usize {
    let checked = rung::compile_file(std::path::Path::new(policy)).unwrap();
    let program = &checked.program;
    let mut evaluator = Evaluator::new(program);
    let mut compared = 0;
    for as_of in dates {
        let reader = records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Utf8,
            roster.as_bytes(),
            Lang::Zh,
        )
        .unwrap();
        for read in reader.flatten() {
            let _ = evaluator.with_verdict(&read.record, *as_of, |v| {
                check(program, v, &read.record, *as_of);
                compared += 1;
            });
        }
    }
    compared
}

/// Runs `check` on every record of every example roster at the example dates.
pub fn on_examples(mut check: impl FnMut(&str, &Program, &Verdict<'_>, &Record, Date)) {
    for (policy, roster) in EXAMPLES {
        let text = std::fs::read_to_string(roster).unwrap();
        let n = each_verdict(policy, &text, &example_dates(), |p, v, r, d| {
            check(policy, p, v, r, d)
        });
        assert!(n > 0, "{roster}");
    }
}

/// Runs `check` on three generated rosters of 300 records, one per seed, at a date in the
/// promotion window, one before it and one at the year's end.
pub fn on_generated(
    seeds: [u64; 3],
    mut check: impl FnMut(&str, &Program, &Verdict<'_>, &Record, Date),
) {
    let dates = [date(2026, 7, 3), date(2026, 1, 6), date(2025, 12, 31)];
    for (seed, as_of) in seeds.into_iter().zip(dates) {
        let text = generated(300, seed, as_of);
        let n = each_verdict(REFERENCE, &text, &[as_of], |p, v, r, d| {
            check(REFERENCE, p, v, r, d)
        });
        assert_eq!(n, 300);
    }
}

/// Reads every record of `text` (JSON Lines; each must read) under `program`.
pub fn read_lines(program: &Program, text: &str) -> Vec<Record> {
    records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        text.as_bytes(),
        Lang::Zh,
    )
    .unwrap()
    .map(|r| r.unwrap().record)
    .collect()
}

/// Evaluates `records` compiled and walking the tree on each date, every verdict with its
/// trace (or error) compared, and hands each compiled one to `each`.
pub fn compiled_against_walking(
    program: &Program,
    records: &[Record],
    dates: &[Date],
    mut each: impl FnMut(&Record, Date, Result<RecordVerdict, EvalError>),
) {
    let mut compiled = Evaluator::new(program);
    let mut walking = Evaluator::walking(program);
    let trace = Options { trace: true };
    for &as_of in dates {
        for r in records {
            let fast = compiled.with_verdict(r, as_of, |v| rung::verdict::of(v, trace));
            let slow = walking.with_verdict(r, as_of, |v| rung::verdict::of(v, trace));
            assert_eq!(fast, slow, "record {} on {as_of}", r.id);
            each(r, as_of, fast);
        }
    }
}
