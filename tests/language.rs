//! The language for other companies' regulations (aggregates, tables, calendar and arithmetic
//! builtins): each policy under `tests/fixtures/eval/language/` is written twice, in Chinese
//! and in English keywords (`NAME.zh.rung`, `NAME.en.rung`), and evaluated on its records
//! (`NAME.jsonl`) on 2026-07-03. Both spellings must give identical verdicts; the verdicts as
//! JSON, the audit text with every rule explained and the notices are snapshots.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;
use std::process::Command;

const DIR: &str = "tests/fixtures/eval/language";

fn eval(policy: &str, records: &str, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["eval", "--policy", policy, "--as-of", "2026-07-03"])
        .args(extra)
        .arg(records)
        .output()
        .expect("rung runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    // 2: some records failed (a lookup of a key that a table does not list), reported in place.
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{policy}: exit {:?}\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn policies() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".zh.rung").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty());
    names
}

#[test]
fn each_construct_in_both_keyword_languages() {
    for name in policies() {
        let zh = format!("{DIR}/{name}.zh.rung");
        let en = format!("{DIR}/{name}.en.rung");
        let records = format!("{DIR}/{name}.jsonl");
        assert!(Path::new(&en).exists(), "{en} is missing");
        // The stream's header names the policy's file and hashes its text: the records'
        // lines after it are compared and kept.
        let verdicts = |policy: &str| {
            let json = eval(policy, &records, &["--format", "json"]);
            let (header, rest) = json.split_once('\n').unwrap_or_default();
            assert!(header.starts_with("{\"header\":"), "{json}");
            rest.to_string()
        };
        let json = verdicts(&zh);
        assert_eq!(
            json,
            verdicts(&en),
            "{name}: the English keywords give other verdicts"
        );
        let audit = eval(&zh, &records, &["--explain"]);
        let notice = eval(&zh, &records, &["--format", "notice"]);
        let notice_en = eval(&en, &records, &["--format", "notice", "--lang", "en"]);
        insta::assert_snapshot!(
            format!("{name}"),
            format!(
                "{json}\n──── audit ────\n{audit}\n──── notice ────\n{notice}\n──── notice (en) ────\n{notice_en}"
            )
        );
    }
}

/// `rung fmt --keywords en` turns the Chinese policy into the English one, and back.
#[test]
fn the_two_spellings_are_one_policy() {
    for name in policies() {
        let fmt = |file: &str, kw: &str| {
            let text = std::fs::read(format!("{DIR}/{file}")).expect("policy");
            let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
                .args(["fmt", "--keywords", kw])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("rung runs");
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&text).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{file}");
            String::from_utf8(out.stdout).unwrap()
        };
        let en = std::fs::read_to_string(format!("{DIR}/{name}.en.rung")).unwrap();
        let zh = std::fs::read_to_string(format!("{DIR}/{name}.zh.rung")).unwrap();
        assert_eq!(fmt(&format!("{name}.zh.rung"), "en"), en, "{name}: zh → en");
        assert_eq!(fmt(&format!("{name}.en.rung"), "zh"), zh, "{name}: en → zh");
    }
}
