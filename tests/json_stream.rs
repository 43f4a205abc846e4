//! JSON written straight from the verdict (what `rung eval --format json` writes) is, byte for
//! byte, the JSON tree of the same verdict, with and without traces, in both languages; with
//! traces (`--explain`) on every shipped policy's example roster.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::diag::Lang;
use rung::explain::json;
use rung::records::{self, Encoding, Format};
use rung::verdict::Options;

#[test]
fn streamed_json_is_the_tree_serialised() {
    let runs = [
        ("2026-07-03", false, Lang::Zh),
        ("2026-07-03", true, Lang::Zh),
        ("2027-01-04", false, Lang::En),
        ("2026-05-15", true, Lang::En),
    ];
    let n = compare(
        "policies/客服部任职发展管理制度.rung",
        "examples/roster.jsonl",
        &runs,
    );
    let roster = std::fs::read_to_string("examples/roster.jsonl").unwrap();
    assert_eq!(n, 4 * roster.lines().count());
}

#[test]
fn traced_json_on_every_example_roster() {
    let runs = [
        ("2026-07-03", true, Lang::Zh),
        ("2027-01-04", true, Lang::En),
        ("2026-01-06", true, Lang::Zh),
    ];
    for (policy, roster) in [
        ("policies/传帮带.rung", "examples/传帮带.jsonl"),
        ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
        ("examples/年终强制分布.rung", "examples/年终强制分布.jsonl"),
    ] {
        let lines = std::fs::read_to_string(roster).unwrap().lines().count();
        assert_eq!(compare(policy, roster, &runs), 3 * lines, "{roster}");
    }
}

/// Compares the streamed JSON with the tree for every record of `roster`, in each run (date,
/// traced, language); returns how many.
fn compare(policy: &str, roster: &str, runs: &[(&str, bool, Lang)]) -> usize {
    let checked = rung::compile_file(std::path::Path::new(policy)).unwrap();
    let program = &checked.program;
    let roster = std::fs::read_to_string(roster).unwrap();
    let mut compared = 0;
    for &(date, trace, lang) in runs {
        let as_of = Date::parse(date).unwrap();
        let read = records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Utf8,
            roster.as_bytes(),
            lang,
        )
        .unwrap();
        for item in Batch::verdicts(program, as_of, read, Options { trace }) {
            let Item::Verdict(v) = item else {
                panic!("the example roster evaluates")
            };
            let mut streamed = Vec::new();
            json::write_verdict(&mut streamed, &v, lang).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                json::verdict(&v, lang).to_string(),
                "{date}, trace {trace}: {}",
                v.id
            );
            compared += 1;
        }
    }
    compared
}
