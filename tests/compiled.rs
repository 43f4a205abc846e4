//! The compiled evaluator gives what walking the expression tree gives: the shipped policies
//! over generated and example rosters at several dates, and generated policies over generated
//! records, evaluated both ways, every verdict (with its full trace) or error compared.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;

use rung::calendar::Date;
use rung::check::{Checked, MemoryLoader};
use rung::diag::Lang;
use rung::eval::{EvalError, Evaluator};
use rung::records::{Encoding, Format};
use rung::value::Record;
use rung::verdict::{Options, RecordVerdict};

#[allow(dead_code)]
#[path = "../examples/gen_roster.rs"]
mod roster;

mod gen;

use gen::{Choose, Seeded};

fn read(checked: &Checked, text: &str) -> Vec<Record> {
    rung::records::read(
        checked.program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        text.as_bytes(),
        Lang::Zh,
    )
    .unwrap()
    .filter_map(Result::ok)
    .map(|r| r.record)
    .collect()
}

fn verdicts(
    ev: &mut Evaluator<'_>,
    records: &[Record],
    as_of: Date,
) -> Vec<Result<RecordVerdict, EvalError>> {
    records
        .iter()
        .map(|r| ev.with_verdict(r, as_of, |v| rung::verdict::of(v, Options { trace: true })))
        .collect()
}

/// Evaluates `records` compiled and walked on each date; returns how many verdicts agreed.
fn agree(checked: &Checked, records: &[Record], dates: &[Date], what: &str) -> usize {
    let program = &checked.program;
    let mut compiled = Evaluator::new(program);
    let mut walking = Evaluator::walking(program);
    let mut n = 0;
    for &as_of in dates {
        let fast = verdicts(&mut compiled, records, as_of);
        let slow = verdicts(&mut walking, records, as_of);
        for ((f, s), r) in fast.iter().zip(&slow).zip(records) {
            assert_eq!(f, s, "{what}: record {} on {as_of}", r.id);
            n += 1;
        }
    }
    n
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn policy(name: &str) -> Checked {
    rung::compile_file(Path::new(name)).unwrap()
}

#[test]
fn the_reference_policy_on_a_generated_roster() {
    let checked = policy("policies/客服部任职发展管理制度.rung");
    let mut text = Vec::new();
    let options = roster::Options {
        count: 400,
        seed: 11,
        as_of: date("2026-07-03"),
        out: None,
    };
    roster::write_roster(&options, &mut text).unwrap();
    let records = read(&checked, std::str::from_utf8(&text).unwrap());
    assert_eq!(records.len(), 400);
    // In and out of the assessment windows (the first working days of January and July), and
    // outside the calendar's years.
    let dates = [
        "2026-07-03",
        "2026-07-10",
        "2026-01-05",
        "2025-12-31",
        "2027-01-04",
        "2019-07-01",
    ]
    .map(date);
    assert_eq!(agree(&checked, &records, &dates, "generated"), 2400);
}

#[test]
fn the_shipped_policies_on_their_example_rosters() {
    for (policy_file, roster) in [
        (
            "policies/客服部任职发展管理制度.rung",
            "examples/roster.jsonl",
        ),
        ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
        ("policies/传帮带.rung", "examples/传帮带.jsonl"),
        ("examples/年终强制分布.rung", "examples/年终强制分布.jsonl"),
    ] {
        let checked = policy(policy_file);
        let records = read(&checked, &std::fs::read_to_string(roster).unwrap());
        assert!(!records.is_empty(), "{roster}");
        let dates = ["2026-07-03", "2026-01-05", "2025-03-31", "2026-12-31"].map(date);
        agree(&checked, &records, &dates, roster);
    }
}

#[test]
fn generated_policies_on_generated_records() {
    let mut compared = 0;
    for seed in 0..500u64 {
        let mut c = Seeded(0x2545_F491_4F6C_DD1D ^ seed.wrapping_mul(0x1000_0001));
        let _ = c.below(2);
        let case = gen::case(&mut c);
        let loader = MemoryLoader::new().with("cal.csv", &case.calendar);
        let Ok(checked) = rung::compile("gen.rung", &case.policy, &loader) else {
            continue;
        };
        let (y, m, d) = case.as_of;
        let Some(as_of) = Date::from_ymd(y, m, d) else {
            continue;
        };
        let records = rung::records::read(
            checked.program.schema(),
            Format::JsonLines,
            Encoding::Auto,
            case.records.as_bytes(),
            Lang::Zh,
        )
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|r| r.record)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        compared += agree(&checked, &records, &[as_of], &case.policy);
    }
    assert!(compared > 600, "only {compared} verdicts compared");
}
