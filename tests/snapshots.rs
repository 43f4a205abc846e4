//! Snapshots: every check fixture's diagnostics drawn with its source (no colour), and the
//! probation example's verdicts as JSON and as notices. A change in any of them shows in review.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;

use rung::calendar::Date;
use rung::diag::{Lang, PolicySource};
use rung::records::{self, Encoding, Format};

fn diagnostics(path: &Path, lang: Lang) -> String {
    let text = std::fs::read_to_string(path).expect("fixture");
    let (diags, source) = match rung::compile_file(path) {
        Ok(c) => (
            rung::explain::diagnostics::warnings(&c.warnings, lang),
            c.program.source().clone(),
        ),
        Err(f) => (f.diagnostics(lang), f.source),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = PolicySource::new(name, source.text.to_string());
    format!(
        "{text}\n──── {} ────\n{}",
        lang.pick("诊断", "diagnostics"),
        rung::diag::render(&diags, &source, false)
    )
}

#[test]
fn policies_with_mistakes() {
    insta::glob!("fixtures/check/err/*.rung", |path| {
        let out = rung::compile_file(path);
        assert!(out.is_err(), "{} should not check", path.display());
        insta::assert_snapshot!(diagnostics(path, Lang::Zh));
    });
}

#[test]
fn policies_with_mistakes_in_english() {
    insta::glob!("fixtures/check/err/three_mistakes.rung", |path| {
        insta::assert_snapshot!(diagnostics(path, Lang::En));
    });
}

#[test]
fn policies_that_check() {
    insta::glob!("fixtures/check/ok/*.rung", |path| {
        assert!(
            rung::compile_file(path).is_ok(),
            "{} should check",
            path.display()
        );
        insta::assert_snapshot!(diagnostics(path, Lang::Zh));
    });
}

fn verdicts(lang: Lang, json: bool, explain: bool) -> String {
    let checked =
        rung::compile_file(Path::new("tests/fixtures/policies/probation.zh.rung")).expect("policy");
    let program = &checked.program;
    let file = std::fs::File::open("tests/fixtures/eval/probation/roster.jsonl").expect("roster");
    let records = records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        file,
        lang,
    )
    .expect("records");
    let as_of = Date::from_ymd(2026, 7, 3).expect("date");
    let mut evaluator = rung::eval::Evaluator::new(program);
    let mut out = String::new();
    for item in records {
        let Ok(read) = item else {
            continue;
        };
        let rendered = evaluator
            .with_verdict(&read.record, as_of, |v| {
                let trace = rung::verdict::Options {
                    trace: explain || !json,
                };
                let verdict = rung::batch::owned(v, &read, trace);
                if json {
                    serde_json::to_string_pretty(&rung::explain::json::verdict(&verdict, lang))
                        .unwrap_or_default()
                } else {
                    rung::explain::text::notice(program, &verdict, as_of, lang, explain)
                }
            })
            .expect("evaluates");
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

#[test]
fn probation_verdicts_as_json() {
    insta::assert_snapshot!(verdicts(Lang::Zh, true, false));
}

#[test]
fn probation_verdicts_as_notices() {
    insta::assert_snapshot!(verdicts(Lang::Zh, false, false));
}

#[test]
fn probation_verdicts_as_notices_in_english_with_every_rule_explained() {
    insta::assert_snapshot!(verdicts(Lang::En, false, true));
}

/// The recipe the README shows: the verdicts of a roster as data, snapshotted as they are.
#[test]
fn probation_verdicts_as_data() {
    use rung::batch::{Batch, Item};
    use rung::verdict::{Options, RecordVerdict};
    let checked =
        rung::compile_file(Path::new("tests/fixtures/policies/probation.zh.rung")).expect("policy");
    let program = &checked.program;
    let file = std::fs::File::open("tests/fixtures/eval/probation/roster.jsonl").expect("roster");
    let records = records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        file,
        Lang::Zh,
    )
    .expect("records");
    let as_of = Date::from_ymd(2026, 7, 3).expect("date");
    let verdicts: Vec<RecordVerdict> = Batch::verdicts(program, as_of, records, Options::default())
        .filter_map(|item| match item {
            Item::Verdict(v) => Some(v),
            _ => None,
        })
        .collect();
    insta::assert_json_snapshot!(verdicts);
}
