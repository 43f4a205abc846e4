//! The audit text (`rung eval --format text`, with and without `--explain`) is written from a
//! verdict whose rules are traced only as far as the text reads them
//! (`verdict::for_audit`): it must be the text written from the full trace, in both languages,
//! on every shipped policy's example roster and on generated rosters at dates inside and
//! outside the promotion windows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::calendar::Date;
use rung::diag::Lang;
use rung::eval::Evaluator;
use rung::explain::text;
use rung::records::{self, Encoding, Format};
use rung::verdict::{self, Options};

#[allow(dead_code)]
#[path = "../examples/gen_roster.rs"]
mod gen;

fn check(policy: &str, roster: &str, dates: &[Date]) -> usize {
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
                let full = verdict::of(v, Options { trace: true });
                let partial = verdict::for_audit(v);
                for lang in [Lang::Zh, Lang::En] {
                    for explain in [false, true] {
                        assert_eq!(
                            text::notice(program, &partial, *as_of, lang, explain),
                            text::notice(program, &full, *as_of, lang, explain),
                            "{policy} {as_of} {}, explain {explain}",
                            read.record.id
                        );
                    }
                }
                compared += 1;
            });
        }
    }
    compared
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

#[test]
fn the_example_rosters() {
    let dates = [date(2026, 7, 3), date(2026, 1, 6), date(2026, 5, 15)];
    for (policy, roster) in [
        (
            "policies/客服部任职发展管理制度.rung",
            "examples/roster.jsonl",
        ),
        ("policies/传帮带.rung", "examples/传帮带.jsonl"),
        ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
    ] {
        let text = std::fs::read_to_string(roster).unwrap();
        assert!(check(policy, &text, &dates) > 0, "{roster}");
    }
}

#[test]
fn generated_rosters() {
    for (seed, as_of) in [
        (21, date(2026, 7, 3)),
        (22, date(2026, 1, 6)),
        (23, date(2025, 12, 31)),
    ] {
        let mut out = Vec::new();
        let options = gen::Options {
            count: 300,
            seed,
            as_of,
            out: None,
        };
        gen::write_roster(&options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let n = check("policies/客服部任职发展管理制度.rung", &text, &[as_of]);
        assert_eq!(n, 300);
    }
}
