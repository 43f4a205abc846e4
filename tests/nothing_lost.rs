//! Nothing lost without a loud word: the example roster with a column renamed, a month header
//! mistyped, or passed twice, as HR would run it; the exit code, what is said, and the counts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::PathBuf;
use std::process::{Command, Output};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";

fn eval(extra: &[&str], inputs: &[&str]) -> Output {
    let mut args = vec!["eval", "--policy", POLICY, "--as-of", "2026-07-03"];
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rung")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The example roster's CSV with its header changed by `edit`, written to a file of its own.
fn roster_with_header(name: &str, edit: impl Fn(&str) -> String) -> String {
    let csv = std::fs::read_to_string("examples/roster.csv").expect("roster.csv");
    let (header, rows) = csv.split_once('\n').expect("a header");
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, format!("{}\n{rows}", edit(header))).expect("write");
    path.to_string_lossy().into_owned()
}

/// The summary's numbers: read, evaluated, failed (and skipped, if any).
fn counts(stderr: &str) -> Vec<usize> {
    let line = stderr
        .lines()
        .rfind(|l| l.contains("record(s)"))
        .unwrap_or("");
    line.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

#[test]
fn a_renamed_required_column_stops_the_file_before_any_record() {
    let file = roster_with_header("renamed-required.csv", |h| {
        h.replace("入职类型", "入职类别")
    });
    let out = eval(&["--lang", "en"], &[&file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no record is evaluated");
    let err = text(&out.stderr);
    assert!(
        err.contains("no column for required field(s) `入职类型`"),
        "{err}"
    );
    assert!(
        err.contains("is column `入职类别` meant as `入职类型`?"),
        "{err}"
    );
    assert_eq!(counts(&err), [0, 0, 0]);
}

#[test]
fn a_renamed_optional_column_warns_naming_the_field_and_the_decisions() {
    let file = roster_with_header("renamed-optional.csv", |h| h.replace("当前职级", "现职级"));
    let out = eval(&["--lang", "en"], &[&file]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "column `现职级` is not a field of the record; ignored; did you mean `当前职级`?"
        ),
        "{err}"
    );
    assert!(
        err.contains("field `当前职级` has no value anywhere in")
            && err.contains("decisions 职级晋升, 降级 may be left pending"),
        "{err}"
    );
    assert_eq!(counts(&err), [37, 37, 0]);
    // --strict: every warning is an error.
    let out = eval(&["--lang", "en", "--strict"], &[&file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "the header's warnings stop the file");
}

#[test]
fn an_unreadable_month_header_is_an_error() {
    let file = roster_with_header("bad-month.csv", |h| {
        h.replace("考核.2026-03", "考核.202603")
    });
    let out = eval(&["--lang", "en"], &[&file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("cannot read column(s) `考核.202603`"), "{err}");
    assert!(err.contains("`202603` is not a month"), "{err}");
}

#[test]
fn an_id_given_twice_is_reported_with_both_lines_and_dedupe_evaluates_it_once() {
    let both = ["examples/roster.jsonl", "examples/roster.csv"];
    let out = eval(&["--lang", "en", "--format", "json"], &both);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    let first = stdout
        .lines()
        .find(|l| l.contains("given twice"))
        .unwrap_or_default();
    assert!(
        first.contains("\"line\":2")
            && first.contains("examples/roster.jsonl line 1 has the same record"),
        "{first}"
    );
    assert_eq!(counts(&text(&out.stderr)), [74, 37, 37]);

    let out = eval(&["--lang", "en", "--format", "json", "--dedupe"], &both);
    assert_eq!(out.status.code(), Some(0));
    // The stream's header, then one line per record evaluated.
    assert_eq!(text(&out.stdout).lines().count(), 1 + 37);
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "examples/roster.csv line 2 (E1001): the same as examples/roster.jsonl line 1; skipped"
        ),
        "{err}"
    );
    // Read = evaluated + failed + skipped.
    assert_eq!(counts(&err), [74, 37, 0, 37]);
}
