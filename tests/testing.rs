//! `rung test` and `rung snapshot` as a user runs them: the shipped policies pass with every
//! rule and condition reached both ways; a mutated copy of the policies fails naming the case
//! and the field; a snapshot check fails on a changed verdict and passes on a reformatted policy.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const POLICY: &str = "客服部任职发展管理制度.rung";

fn rung(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rung")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from)
        .expect("read dir")
        .map(Result::unwrap)
    {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// A fresh copy of `policies/` in a temporary folder of its own.
fn policies_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rung-testing-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new("policies"), &dir);
    dir
}

/// Replaces the first `from` in the copied reference policy.
fn mutate(dir: &Path, from: &str, to: &str) {
    let path = dir.join(POLICY);
    let text = std::fs::read_to_string(&path).expect("policy");
    assert!(text.contains(from), "the policy no longer has `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn the_shipped_policies_pass_and_reach_every_rule_and_condition_both_ways() {
    let out = rung(&["test", "--coverage", "policies/"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(
        last.ends_with(" passed, 0 failed") && !last.starts_with("0 "),
        "{text}"
    );
    assert!(!text.contains("未覆盖"), "{text}");
    assert!(text.contains("共 100.0%"), "{text}");
    // The README quotes this run's output.
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let quoted = readme
        .split("$ rung test --coverage policies/\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows `rung test --coverage policies/`");
    for line in quoted.lines() {
        assert!(
            text.lines().any(|l| l == line),
            "the README quotes a line `rung test` no longer prints: {line}\n{text}"
        );
    }
}

#[test]
fn a_mutated_policy_fails_naming_the_case_and_the_field() {
    // (what changes, into what, a case that must fail, a field it must name)
    let mutations = [
        (
            "周边绩效得分 >= 75",
            "周边绩效得分 >= 76",
            "9.4.1.1 周边 75、胜任 70:可试用任命为班组长",
            "职务晋升.阶段",
        ),
        (
            "达到 2S+2A",
            "达到 2S+1A",
            "8.4.1.2.C 2S+1A:差一个 A,按 8.4.1.2.B 晋 2 级",
            "职级晋升.小级数",
        ),
        (
            " 且 非 前6个月个人投诉",
            "",
            "8.4.1.2.A 窗口内有成立的服务态度投诉:不晋级",
            "职级晋升.小级数",
        ),
        (
            "则 小级数 = 2",
            "则 小级数 = 1",
            "7.3.2 试用期 2A 且无 C、D:跨一个小级",
            "转正定级.小级数",
        ),
    ];
    for (i, (from, to, case, field)) in mutations.into_iter().enumerate() {
        let dir = policies_copy(&format!("mutation-{i}"));
        mutate(&dir, from, to);
        let out = rung(&["test", dir.to_str().expect("path")]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "`{from}` → `{to}`:\n{text}");
        assert!(
            text.contains(&format!("✗ {case} (")),
            "`{from}` → `{to}` should fail `{case}`:\n{text}"
        );
        assert!(
            text.contains(&format!("    {field}:")),
            "`{from}` → `{to}` should name `{field}`:\n{text}"
        );
        let last = text.lines().last().unwrap_or("");
        assert!(!last.ends_with(" 0 failed"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_policy_that_does_not_check_exits_2_with_its_diagnostics() {
    let dir = policies_copy("broken");
    mutate(&dir, "则 小级数 = 2", "则 小级数 = 「不存在」");
    let out = rung(&["test", dir.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不存在"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_json_format_and_the_filter() {
    let out = rung(&[
        "test",
        "--format",
        "json",
        "--filter",
        "8.4.1.2.C",
        "policies/",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let (cases, total) = lines.split_at(lines.len() - 1);
    assert!(!cases.is_empty());
    assert!(cases
        .iter()
        .all(|c| c["case"].as_str().unwrap().contains("8.4.1.2.C") && c["passed"] == true));
    assert_eq!(total[0]["passed"].as_u64(), Some(cases.len() as u64));
    assert_eq!(total[0]["failed"], 0);
}

#[test]
fn a_snapshot_fails_on_a_changed_verdict_and_passes_on_a_reformatted_policy() {
    let dir = policies_copy("snapshot");
    let policy = dir.join(POLICY);
    let snap = dir.join("roster.snap");
    let (policy_s, snap_s) = (policy.to_str().unwrap(), snap.to_str().unwrap());
    let out = rung(&[
        "snapshot",
        "--policy",
        policy_s,
        "--as-of",
        "2026-07-03",
        "examples/roster.jsonl",
        "-o",
        snap_s,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&snap).unwrap();
    assert!(written.starts_with("# rung snapshot\n"));
    assert!(written.contains("\n[E1001]\n"));
    // Deterministic: a second run writes the same bytes.
    let again = rung(&[
        "snapshot",
        "--policy",
        policy_s,
        "--as-of",
        "2026-07-03",
        "examples/roster.jsonl",
    ]);
    assert_eq!(stdout(&again), written);
    assert_eq!(
        rung(&["snapshot", "--check", snap_s]).status.code(),
        Some(0)
    );

    // Reformatted: other indentation, blank lines and comments give the same verdicts.
    let text = std::fs::read_to_string(&policy).unwrap();
    let reformatted: String = text
        .lines()
        .map(|l| {
            let body = l.trim_start();
            let depth = l.len() - body.len();
            format!("{}{body}\n\n", " ".repeat(depth * 2))
        })
        .collect();
    std::fs::write(&policy, format!("# reformatted\n{reformatted}")).unwrap();
    let out = rung(&["snapshot", "--check", snap_s]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // A changed verdict: the check names the record, the field, the old and new values.
    mutate(&dir, "周边绩效得分 >= 75", "周边绩效得分 >= 76");
    let out = rung(&["snapshot", "--check", snap_s]);
    let shown = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("E1029 职务晋升.outcome.阶段: \"可试用任命\" → \"不符合\""),
        "{shown}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The case format's parts, through the library: a record from a file, an expected rejection,
/// a status and missing inputs, and what each mismatch says.
#[test]
fn cases_compare_verdicts_as_data() {
    let policy = "记录 员工 { 工号: 文本 标识  分数: 整数  加分: 整数? }\n\
                  决定 考核 { 通过: 布尔 = 假\n\
                    规则 1 \"及格\" 原文 \"60分及格\" 当 分数 + 加分 >= 60 则 通过 = 真 }";
    let checked =
        rung::compile("t.rung", policy, &rung::check::MemoryLoader::new()).expect("policy");
    let dir = std::env::temp_dir().join(format!("rung-testing-{}-cases", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("e9.json"),
        r#"{"工号": "E9", "分数": 59, "加分": 1}"#,
    )
    .unwrap();
    let file = rung::cases::parse(
        r#"{"as_of": "2026-07-03", "base": {"工号": "E1", "分数": 70, "加分": 0}, "cases": [
          {"name": "ok", "expect": {"考核": {"outcome": {"通过": true}, "rules": ["1"], "status": "已定"}}},
          {"name": "from a file", "from": "e9.json", "expect": {"考核": {"outcome": {"通过": true}}}},
          {"name": "rejected", "record": {"分数": "七十"}, "error": "分数"},
          {"name": "pending", "record": {"加分": null}, "expect": {"考核": {"status": "待定", "missing": ["加分"]}}},
          {"name": "wrong", "record": {"分数": 50}, "expect": {"考核": {"outcome": {"通过": true}, "rules": ["1"], "status": "待定"}}},
          {"name": "not rejected", "error": "分数"}
        ]}"#,
    )
    .expect("case file");
    let outcomes = rung::cases::run(&checked.program, &file, &dir, None, None);
    let passed: Vec<bool> = outcomes.iter().map(rung::cases::Outcome::passed).collect();
    assert_eq!(
        passed,
        [true, true, true, true, false, false],
        "{outcomes:#?}"
    );
    let wrong = serde_json::to_value(&outcomes[4].mismatches).unwrap();
    assert_eq!(
        wrong,
        serde_json::json!([
            {"kind": "outcome", "decision": "考核", "field": "通过", "expected": true, "actual": false},
            {"kind": "rule_not_applied", "decision": "考核", "rule": "1", "applied": []},
            {"kind": "status", "decision": "考核", "expected": "待定", "actual": "已定"}
        ])
    );
    assert_eq!(
        serde_json::to_value(&outcomes[5].mismatches).unwrap(),
        serde_json::json!([{"kind": "not_rejected", "field": "分数"}])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn below_the_minimum_coverage_the_run_fails() {
    // Only the 6.1 cases: most rules are never reached.
    let out = rung(&[
        "test",
        "--filter",
        "6.1 ",
        "--min-coverage",
        "50",
        "policies/",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("未覆盖 8.4.2 班组长晋级一个小级"), "{text}");
    assert!(text
        .lines()
        .last()
        .unwrap_or("")
        .ends_with(" passed, 0 failed"));
    let out = rung(&["test", "--min-coverage", "100", "policies/"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
