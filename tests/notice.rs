//! The employee's notice (`rung eval --format notice`): no expression of the policy, no internal
//! flag, only the decisions that concern the person, and the selection by decision and id.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::io::Write;
use std::process::{Command, Stdio};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";

fn notice(args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["eval", "--policy", POLICY, "--as-of", "2026-07-03"])
        .args(["--format", "notice"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One person's part of the notices.
fn of<'a>(all: &'a str, id: &str) -> &'a str {
    all.split("────────")
        .find(|n| n.contains(&format!("工号 {id})")))
        .unwrap_or_else(|| panic!("no notice for {id}"))
}

#[test]
fn the_roster_notices_have_no_internal_expression() {
    let all = notice(&["examples/roster.jsonl"], None);
    for bad in [
        "<=",
        ">=",
        " < ",
        " > ",
        "[m]",
        "若",
        "考核[",
        "——",
        "—",
        "需人工定级",
        " 且 ",
        " = ",
        "待定:",
    ] {
        let hit = all.lines().find(|l| l.contains(bad));
        assert!(hit.is_none(), "`{bad}` in a notice: {hit:?}");
    }
    // Every person has a notice, with the name.
    assert_eq!(all.matches("────────").count(), 37, "{all}");
    assert!(
        of(&all, "E1005").starts_with("\n孙佳琪(工号 E1005)")
            || of(&all, "E1005").contains("孙佳琪(工号 E1005)")
    );
}

#[test]
fn a_notice_gives_the_grades_counted_and_the_clause() {
    let all = notice(&["examples/roster.jsonl"], None);
    let e1005 = of(&all, "E1005");
    assert!(e1005.contains("【职级晋升评定】"), "{e1005}");
    assert!(e1005.contains("8.4.1.2.B"), "{e1005}");
    assert!(
        e1005.contains("2026年1月至6月考核:B、A、B、A、A、B"),
        "{e1005}"
    );
    assert!(e1005.contains("达到 3A 或 1S+1A 的要求"), "{e1005}");
    // No C in her window: no 降级 paragraph.
    assert!(!e1005.contains("【降级评定】"), "{e1005}");
}

#[test]
fn an_old_hire_gets_no_entry_grading_paragraph() {
    let roster = std::fs::read_to_string("examples/roster.jsonl").unwrap();
    let line = roster.lines().find(|l| l.contains("\"E1023\"")).unwrap();
    let hired_2019 = line.replace("\"2020-03-02\"", "\"2019-03-04\"");
    assert_ne!(line, hired_2019);
    let n = notice(&["-"], Some(&hired_2019));
    assert!(n.contains("工号 E1023"), "{n}");
    assert!(!n.contains("入职职级评定"), "{n}");
    assert!(!n.contains("转正职级评定"), "{n}");
    // Asked for by name, it is shown.
    let asked = notice(&["--decision", "入职定级", "-"], Some(&hired_2019));
    assert!(asked.contains("【入职职级评定】"), "{asked}");
    assert!(!asked.contains("【职级晋升评定】"), "{asked}");
}

#[test]
fn a_notice_is_selected_by_id_and_written_to_a_file() {
    let dir = std::env::temp_dir().join(format!("rung-notice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notices.txt");
    let printed = notice(
        &[
            "--id",
            "E1005",
            "--id",
            "E1016",
            "-o",
            file.to_str().unwrap(),
            "examples/roster.jsonl",
        ],
        None,
    );
    assert_eq!(printed, "");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.matches("────────").count(), 2, "{written}");
    assert!(written.contains("工号 E1016"), "{written}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_notice_in_english() {
    let all = notice(
        &["--lang", "en", "--id", "E1005", "examples/roster.jsonl"],
        None,
    );
    assert!(all.contains("孙佳琪 (id E1005)"), "{all}");
    assert!(all.contains("meeting 3A or 1S+1A"), "{all}");
}

/// A person promoted directly is not told what the review route (8.3.3.B) or a bigger step
/// (8.4.1.2.C) lacked: the decision went another way. One not promoted is told what each lacks.
#[test]
fn no_shortfall_for_a_route_not_taken() {
    let all = notice(
        &[
            "--id",
            "E1003",
            "--id",
            "E1005",
            "--id",
            "E1013",
            "examples/roster.jsonl",
        ],
        None,
    );
    for id in ["E1003", "E1005"] {
        let one = of(&all, id);
        assert!(one.contains("方式为直接晋级"), "{one}");
        assert!(!one.contains("8.3.3.B") && !one.contains("未达到"), "{one}");
    }
    let e1013 = of(&all, "E1013");
    for clause in ["8.4.1.2.A", "8.4.1.2.B", "8.4.1.2.C"] {
        assert!(e1013.contains(&format!("未达到第 {clause} 条")), "{e1013}");
    }
}

/// A complaint found by a condition reads as its date and what it says, not as the record's
/// field names (`日期 …,原因 …,成立 是`).
#[test]
fn a_complaint_reads_in_plain_words() {
    let all = notice(
        &["--id", "E1012", "--id", "E1013", "examples/roster.jsonl"],
        None,
    );
    assert!(
        of(&all, "E1012").contains("2026年4月12日:其他个人原因,成立。"),
        "{all}"
    );
    assert!(
        of(&all, "E1013").contains("2026年2月10日:服务态度,成立。"),
        "{all}"
    );
    for raw in ["日期 2026", "原因 ", "成立 是"] {
        assert!(!all.contains(raw), "`{raw}` in {all}");
    }
    let en = notice(
        &["--lang", "en", "--id", "E1012", "examples/roster.jsonl"],
        None,
    );
    assert!(en.contains("2026-04-12: 其他个人原因, 成立."), "{en}");
}

#[test]
fn a_decision_whose_only_rule_reads_a_computed_outcome_is_in_the_notice() {
    // 年度's one rule reads 绩效总分, an outcome computed by a sum (no rule sets it): a fact
    // about the person, so 5.3 firing on it concerns T1.
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            "tests/fixtures/eval/language/tables.zh.rung",
        ])
        .args(["--as-of", "2026-07-03", "--format", "notice", "--id", "T1"])
        .arg("tests/fixtures/eval/language/tables.jsonl")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("【年度绩效】"), "{text}");
    assert!(
        text.contains(
            "· 依据第 5.3 条(绩效优秀):「半年绩效分合计25分以上为优秀。」\n  绩效总分为 26。"
        ),
        "{text}"
    );
    assert!(!text.contains("本次评定没有涉及您的事项"), "{text}");
}
