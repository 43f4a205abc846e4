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

/// The decisions of the reference policy, as the examples' table names them.
const DECISIONS: [&str; 5] = ["入职定级", "转正定级", "职级晋升", "职务晋升", "降级"];

/// The roster's verdicts on 2026-07-03, by id.
fn roster_verdicts() -> std::collections::BTreeMap<String, serde_json::Value> {
    let out = rung(&[
        "eval",
        "--policy",
        POLICY,
        "--as-of",
        "2026-07-03",
        "--format",
        "json",
        ROSTER,
    ]);
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some((v.get("id")?.as_str()?.to_string(), v)))
        .collect()
}

/// The clause ids at the start of `s` (`8.2.1, 8.2.2, 30 days short)` gives both ids).
fn ids(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([',', ')']) {
        let part = part.trim();
        let id = part.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
        if !id || !part.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        out.push(part.to_string());
    }
    out
}

/// What a segment of the "Key outcome" column claims about its decision, held against the
/// verdict; returns how many claims it checked.
fn check_segment(
    id: &str,
    name: &str,
    claim: &str,
    d: &serde_json::Value,
    wrong: &mut Vec<String>,
) -> usize {
    let mut checked = 0;
    let outcome = &d["outcome"];
    let mut expect = |what: &str, ok: bool| {
        checked += 1;
        if !ok {
            wrong.push(format!(
                "{id} {name}: `{what}` (claimed in `{claim}`), but the verdict is {d}"
            ));
        }
    };
    if let Some(rest) = claim.split("待定 (缺少 ").nth(1) {
        let field = rest.split(')').next().unwrap_or_default();
        let missing = d["missing"].as_array().cloned().unwrap_or_default();
        expect(
            "待定",
            d["status"] == "待定" && missing.iter().any(|m| m == field),
        );
    }
    if let Some(rest) = claim.split("unmet ").nth(1) {
        let want = ids(rest);
        let got: Vec<String> = d["unmet"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        expect(&format!("unmet {want:?}"), got == want);
    }
    if let Some(rest) = claim.split(" +").nth(1) {
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = n.parse::<u64>() {
            expect(&format!("+{n}"), outcome["小级数"].as_u64() == Some(n));
        }
    }
    if let Some(rest) = claim.split("→ ").nth(1) {
        let rung_name = rest.split([',', ' ']).next().unwrap_or_default();
        let field = if name == "转正定级" {
            "职级"
        } else {
            "目标职级"
        };
        expect(&format!("→ {rung_name}"), outcome[field] == rung_name);
    }
    if let Some(rest) = claim.split("截止 ").nth(1) {
        let date: String = rest.chars().take(10).collect();
        expect(
            &format!("截止 {date}"),
            outcome["建议截止日期"] == date.as_str(),
        );
    }
    for way in ["评审答辩", "直接晋级"] {
        if claim.contains(way) {
            expect(way, outcome["方式"] == way);
        }
    }
    for (words, value) in [("资格 否", false), ("资格 是", true)] {
        if claim.contains(words) {
            expect(words, outcome["资格"] == value);
        }
    }
    if name == "职务晋升" {
        for stage in ["不符合", "可试用任命", "可正式任命", "试用中", "待评估"] {
            if claim.split([' ', '(']).any(|w| w == stage) {
                expect(stage, outcome["阶段"] == stage);
            }
        }
    }
    if name == "降级" {
        let what = claim.trim_start_matches("降级").trim();
        for act in ["改进计划", "降回原职级", "降级", "无"] {
            if what.split([' ', '(']).next() == Some(act) {
                expect(act, outcome["处理"] == act);
            }
        }
    }
    if name == "入职定级" {
        let what = claim.trim_start_matches("入职定级").trim();
        let rung_name = what.split([',', ' ', ';']).next().unwrap_or_default();
        if rung_name.ends_with(')') || rung_name.ends_with("客服") {
            expect(rung_name, outcome["职级"] == rung_name);
        }
        if what.contains("需人工定级") {
            expect("需人工定级", outcome["需人工定级"] == true);
        }
    }
    checked
}

/// examples/README.md's table of records says, per record, what the verdict is: each claim
/// it makes in a form this test reads (a status and what is missing, unmet requirements, steps,
/// target rungs, deadlines, the way of promotion, stages and actions) holds.
#[test]
fn the_examples_readme_says_what_each_record_gets() {
    let readme = read("examples/README.md");
    let verdicts = roster_verdicts();
    let (mut checked, mut rows, mut wrong) = (0, 0, Vec::new());
    for line in readme.lines().filter(|l| l.starts_with("| E1")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (id, claims) = (cells[1], cells[4]);
        let v = verdicts
            .get(id)
            .unwrap_or_else(|| panic!("examples/README.md names {id}, not in the roster"));
        rows += 1;
        for segment in claims.split(';').map(str::trim) {
            let Some(name) = DECISIONS.iter().find(|d| segment.starts_with(**d)) else {
                continue;
            };
            checked += check_segment(id, name, segment, &v["decisions"][*name], &mut wrong);
        }
    }
    assert_eq!(rows, verdicts.len(), "one row per record of the roster");
    assert!(checked >= 60, "only {checked} claims were read");
    assert!(
        wrong.is_empty(),
        "examples/README.md is stale:\n{}",
        wrong.join("\n")
    );
    // Every record id the prose names is in the roster.
    for word in readme.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() == 5
            && word.starts_with("E1")
            && word[1..].chars().all(|c| c.is_ascii_digit())
        {
            assert!(
                verdicts.contains_key(word),
                "examples/README.md names {word}, not in the roster"
            );
        }
    }
}

/// Every file examples/README.md points to (in backticks or a link) is in the repository.
#[test]
fn the_examples_readme_points_only_to_files_that_exist() {
    let readme = read("examples/README.md");
    let mut names: Vec<String> = backticked(&readme)
        .iter()
        .flat_map(|s| s.split_whitespace())
        .map(str::to_string)
        .collect();
    for link in readme.split("](").skip(1) {
        let target = link.split(')').next().unwrap_or_default();
        names.push(target.split('#').next().unwrap_or_default().to_string());
    }
    let exts = [
        ".rung", ".jsonl", ".csv", ".xlsx", ".py", ".rs", ".md", ".json",
    ];
    let mut seen = 0;
    for name in names {
        let name = name.trim();
        if name.contains(' ') || !exts.iter().any(|e| name.ends_with(e)) || name.starts_with("http")
        {
            continue;
        }
        seen += 1;
        let found = ["examples", ".", "policies"]
            .iter()
            .any(|dir| std::path::Path::new(dir).join(name).exists());
        assert!(
            found,
            "examples/README.md points to `{name}`, which is not in the repository"
        );
    }
    assert!(seen >= 6, "only {seen} paths were read");
}

/// Every `rung::…` code the docs name is one the source gives.
#[test]
fn every_code_the_docs_name_exists() {
    let mut source = String::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                source.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut named = 0;
    for doc in [
        "README.md",
        "examples/README.md",
        "docs/language.md",
        "docs/output.md",
        "docs/testing.md",
        "docs/fmt.md",
    ] {
        let text = read(doc);
        for rest in text.split("rung::").skip(1) {
            let code: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            // `rung::verdict::RecordVerdict`, `rung::compile`: the library's items, not codes.
            let item = rest[code.len()..].starts_with("::")
                || source.contains(&format!("pub fn {code}("))
                || source.contains(&format!("pub mod {code};"));
            if code.is_empty() || item {
                continue;
            }
            named += 1;
            assert!(
                source.contains(&format!("\"rung::{code}\"")),
                "{doc} names `rung::{code}`, which no diagnostic has"
            );
        }
    }
    assert!(named > 50, "{named}");
}
