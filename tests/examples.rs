//! The example roster: it reads without an error, its CSV and XLSX twins give the same verdicts, and the
//! output quoted in examples/README.md is what the tool prints today.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::process::Command;

fn run(format: &str, file: &str) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            "policies/客服部任职发展管理制度.rung",
            "--as-of",
            "2026-07-03",
            "--format",
            format,
            file,
        ])
        .output()
        .expect("run rung");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn the_roster_reads_whole_and_the_csv_gives_the_same_verdicts() {
    let (jsonl, code) = run("json", "examples/roster.jsonl");
    assert_eq!(code, Some(0), "every record of the roster is valid");
    assert!(jsonl.lines().count() >= 30);
    assert!(!jsonl.contains("\"error\""));
    let (csv, code) = run("json", "examples/roster.csv");
    assert_eq!(code, Some(0));
    assert_eq!(csv, jsonl);
    // The workbook written from the CSV by examples/roster_xlsx.py, dates as Excel dates.
    let (xlsx, code) = run("json", "examples/roster.xlsx");
    assert_eq!(code, Some(0));
    assert_eq!(xlsx, jsonl);
}

#[test]
fn the_output_quoted_in_the_examples_readme_is_current() {
    let readme = std::fs::read_to_string("examples/README.md").expect("examples/README.md");
    let (text, _) = run("text", "examples/roster.jsonl");
    let (json, _) = run("json", "examples/roster.jsonl");
    let printed: Vec<&str> = text
        .lines()
        .chain(json.lines())
        .map(str::trim_end)
        .collect();
    let mut quoted = 0;
    let verdicts: Vec<serde_json::Value> = json
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    for block in readme.split("\n```").skip(1).step_by(2) {
        // Untagged and `text` blocks quote the notices line by line; a `json` block is a verdict.
        let (tag, body) = block.split_once('\n').unwrap_or((block, ""));
        if tag.trim() == "json" {
            let shown: serde_json::Value =
                serde_json::from_str(body).expect("a JSON block in examples/README.md");
            assert!(
                verdicts.contains(&shown),
                "examples/README.md shows a verdict the tool no longer gives:\n{shown}"
            );
            quoted += 1;
            continue;
        }
        if !matches!(tag.trim(), "" | "text") {
            continue;
        }
        for line in body
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty() && l.trim() != "…")
        {
            quoted += 1;
            assert!(
                printed.contains(&line),
                "examples/README.md quotes a line the tool no longer prints:\n{line}"
            );
        }
    }
    assert!(quoted > 10, "the README quotes the output");
}
