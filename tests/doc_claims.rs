//! What the prose of the docs claims, held against the program: the `--as-of` forms that
//! docs/language.md lists are accepted and mean the same date.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::process::{Command, Output};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const ROSTER: &str = "examples/roster.jsonl";

fn rung(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUNG_LANG")
        .output()
        .expect("run rung")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between two HTML comments that mark a part of a doc.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}`")) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}`"));
    &text[from..to]
}

/// The text inside backticks in `line`, in order.
fn backticked(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_as_of_form_the_reference_lists_is_accepted_as_the_same_date() {
    let doc = read("docs/language.md");
    let table = between(&doc, "<!-- as-of forms -->", "<!-- end as-of forms -->");
    let examples: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| backticked(l).get(1).copied())
        .collect();
    assert!(examples.len() >= 5, "{examples:?}");
    let run = |date: &str| {
        let out = rung(&[
            "eval", "--policy", POLICY, "--as-of", date, "--id", "E1005", "--format", "json",
            ROSTER,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "--as-of {date}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let want = run("2026-07-03");
    for date in examples {
        assert_eq!(run(date), want, "--as-of {date} is not 2026-07-03");
    }
    // A date that does not exist, or another form, is a wrong command line.
    for bad in ["2026-02-30", "03/07/2026", "20260703"] {
        let out = rung(&["eval", "--policy", POLICY, "--as-of", bad, ROSTER]);
        assert_eq!(out.status.code(), Some(64), "--as-of {bad}");
    }
}
