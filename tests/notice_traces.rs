//! A notice traces only the decisions it shows: which ones concern the person is asked of the
//! evaluation before any trace is built (`explain::notice::concerns_live`), and it must say what
//! the full trace says (`explain::notice::concerns`); the notice written from the partial
//! trace, and the one written straight from the evaluation (`notice::write_live`), is the
//! notice written from the full one — on every shipped policy's example roster
//! and on generated rosters at dates inside and outside the promotion windows. A paragraph
//! written straight into the notice reads as the one a report makes (`notice::paragraph`).

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
use rung::explain::notice::{self, Person};
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
                for (di, d) in full.decisions.iter().enumerate() {
                    assert_eq!(
                        notice::concerns_live(v, di),
                        notice::concerns(d),
                        "{policy} {as_of} {}: {}",
                        read.record.id,
                        d.name
                    );
                }
                // A report's paragraph reads as the notice writes it.
                for (di, d) in full.decisions.iter().enumerate() {
                    for lang in [Lang::Zh, Lang::En] {
                        let mut written = String::new();
                        notice::write_paragraph(&mut written, program, di, d, lang);
                        let para = notice::paragraph(program, di, d, lang).text(lang);
                        assert_eq!(written, para, "{policy} {as_of} {}", read.record.id);
                    }
                }
                for asked in [vec![], vec![full.decisions[0].name.clone()]] {
                    let partial = verdict::of_traced(v, |di| notice::shows(v, di, &asked));
                    let who = Person {
                        id: &read.record.id,
                        name: None,
                    };
                    for lang in [Lang::Zh, Lang::En] {
                        let whole = notice::notice(program, &full, &who, *as_of, &asked, lang);
                        assert_eq!(
                            notice::notice(program, &partial, &who, *as_of, &asked, lang),
                            whole,
                            "{policy} {as_of} {}",
                            read.record.id
                        );
                        let mut live = String::new();
                        notice::write_live(&mut live, v, &who, *as_of, &asked, lang);
                        assert_eq!(live, whole, "{policy} {as_of} {}", read.record.id);
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
        (5, date(2026, 7, 3)),
        (6, date(2026, 1, 6)),
        (7, date(2025, 12, 31)),
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
