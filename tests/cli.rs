//! The command line as a user runs it: exit codes, what goes to stdout and stderr, and the
//! promises of the language issue (both keyword spellings agree, every mistake is reported,
//! bad records are reported while the rest go on, GBK CSV reads like JSON Lines).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::process::{Command, Output, Stdio};

const ZH: &str = "tests/fixtures/policies/probation.zh.rung";
const EN: &str = "tests/fixtures/policies/probation.en.rung";
const ROSTER: &str = "tests/fixtures/eval/probation/roster.jsonl";
const ROSTER_GBK: &str = "tests/fixtures/eval/probation/roster-gbk.csv";

fn rung(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rung")
}

/// `rung eval --policy POLICY --as-of 2026-07-03 [extra…] INPUT`.
fn eval(policy: &str, extra: &[&str], input: &str) -> Output {
    let mut args = vec!["eval", "--policy", policy, "--as-of", "2026-07-03"];
    args.extend_from_slice(extra);
    args.push(input);
    rung(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The lines of `rung eval --format json` after its header, which must come first.
fn verdict_lines(out: &Output) -> Vec<serde_json::Value> {
    let mut lines = json_lines(out);
    assert!(
        !lines.is_empty() && lines[0].get("header").is_some(),
        "the stream opens with its header: {}",
        text(&out.stdout)
    );
    lines.remove(0);
    lines
}

#[test]
fn the_json_stream_opens_with_a_header_that_traces_it_to_its_policy() {
    use sha2::Digest;
    let out = eval(ZH, &["--format", "json"], ROSTER);
    let lines = json_lines(&out);
    let header = &lines[0]["header"];
    let hex: String = sha2::Sha256::digest(std::fs::read(ZH).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"header": {"policy": "试用期转正示例", "file": ZH, "sha256": hex,
            "as_of": "2026-07-03", "rung": env!("CARGO_PKG_VERSION")}})
    );
    assert_eq!(header["sha256"].as_str().unwrap().len(), 64);
    // One header, then one line per record read (7), whatever is selected.
    assert_eq!(lines.len(), 1 + 7);
    assert_eq!(
        lines.iter().filter(|l| l.get("header").is_some()).count(),
        1
    );
    let one = eval(ZH, &["--format", "json", "--id", "P002"], ROSTER);
    let one = json_lines(&one);
    // The header, P002's verdict and the roster's two errors (always written).
    assert_eq!(one.len(), 1 + 1 + 2);
    assert_eq!(one[0], lines[0]);
    // A policy that differs by one character has another hash.
    let en = eval(EN, &["--format", "json"], ROSTER);
    assert_ne!(json_lines(&en)[0]["header"]["sha256"], header["sha256"]);
    // The notice and the audit text have no header.
    let t = eval(ZH, &[], ROSTER);
    assert!(!text(&t.stdout).contains("sha256"));
}

#[test]
fn check_passes_a_clean_policy_and_prints_its_warnings() {
    let out = rung(&["check", "policies/客服部任职发展管理制度.rung"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("✓"));
    assert!(
        text(&out.stderr).contains("评审及格线"),
        "the assumed pass mark is listed: {}",
        text(&out.stderr)
    );
}

#[test]
fn check_reports_three_different_mistakes_at_once_with_line_column_and_help() {
    let out = rung(&["check", "tests/fixtures/check/err/three_mistakes.rung"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (code, at) in [
        ("rung::unknown-name", "three_mistakes.rung:13:7]"),
        ("rung::duplicate-rule-id", "three_mistakes.rung:15:6]"),
        ("rung::type-mismatch", "three_mistakes.rung:16:22]"),
    ] {
        assert!(err.contains(code), "{code} missing:\n{err}");
        assert!(err.contains(at), "{at} missing:\n{err}");
    }
    assert!(
        err.matches("help:").count() >= 3,
        "each mistake has help:\n{err}"
    );
    assert!(text(&out.stdout).contains("3 个错误"));
}

#[test]
fn check_speaks_english_on_request() {
    let out = rung(&[
        "check",
        "--lang",
        "en",
        "tests/fixtures/check/err/three_mistakes.rung",
    ]);
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown name `前六个月`") && err.contains("did you mean `前6个月`?"),
        "{err}"
    );
}

#[test]
fn check_json_gives_line_and_column() {
    let out = rung(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/check/err/three_mistakes.rung",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let diags = json_lines(&out);
    let unknown = diags
        .iter()
        .find(|d| d["code"] == "rung::unknown-name")
        .expect("unknown-name");
    assert_eq!(
        (unknown["line"].as_u64(), unknown["column"].as_u64()),
        (Some(13), Some(7))
    );
}

#[test]
fn chinese_and_english_keywords_give_identical_verdicts() {
    let zh = eval(ZH, &["--format", "json"], ROSTER);
    let en = eval(EN, &["--format", "json"], ROSTER);
    // The verdicts are identical; the headers name two different policy files.
    assert_eq!(verdict_lines(&zh), verdict_lines(&en));
    assert_eq!(verdict_lines(&zh).len(), 7);
}

#[test]
fn bad_records_are_reported_and_the_rest_are_evaluated() {
    let out = eval(ZH, &["--format", "json"], ROSTER);
    assert_eq!(out.status.code(), Some(2));
    let lines = verdict_lines(&out);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["P001", "P002", "P003", "P004", "P005", "P006", "P007"]
    );
    let errors: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["error"]["line"], 4, "the malformed line");
    assert_eq!(errors[1]["error"]["line"], 5);
    assert_eq!(
        errors[1]["error"]["field"], "入职日期",
        "the wrong-type field"
    );
    assert!(text(&out.stderr).contains("共 7 条记录:5 条已评估,2 条出错"));
}

#[test]
fn the_same_roster_as_gbk_csv_gives_the_same_verdicts() {
    let jsonl = eval(ZH, &["--format", "json"], ROSTER);
    let csv = eval(ZH, &["--format", "json"], ROSTER_GBK);
    let verdicts = |o: &Output| {
        verdict_lines(o)
            .into_iter()
            .filter(|l| l.get("error").is_none())
            .collect::<Vec<_>>()
    };
    assert_eq!(verdicts(&csv).len(), 5);
    assert_eq!(verdicts(&csv), verdicts(&jsonl));
    assert_eq!(csv.status.code(), Some(2));
}

#[test]
fn records_can_come_from_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            ZH,
            "--as-of",
            "2026-07-03",
            "--format",
            "json",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let line = r#"{"工号": "S1", "部门": "客服", "入职日期": "2026-01-05", "月度成绩": {"2026-01": "优", "2026-02": "优"}}"#;
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), line.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    let v = &verdict_lines(&out)[0];
    assert_eq!(v["decisions"]["定级"]["outcome"]["级别"], "专员(高)");
}

#[test]
fn a_policy_with_errors_is_never_evaluated() {
    let out = eval("tests/fixtures/check/err/three_mistakes.rung", &[], ROSTER);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("未评估任何记录"));
}

#[test]
fn explain_adds_a_trace_of_every_rule() {
    let out = eval(ZH, &["--format", "json", "--explain"], ROSTER);
    let first = &verdict_lines(&out)[0];
    let trace = first["decisions"]["定级"]["trace"]
        .as_array()
        .expect("trace");
    let statuses: Vec<&str> = trace.iter().filter_map(|t| t["status"].as_str()).collect();
    assert_eq!(statuses, ["fired", "not_fired", "not_fired"]);
    let failed = &trace[1]["conditions"].as_array().expect("conditions")[1];
    assert_eq!(failed["holds"], false);
    assert!(
        failed["shortfall"]
            .as_str()
            .is_some_and(|s| s.contains("还差")),
        "{failed}"
    );
}

#[test]
fn an_unknown_date_or_file_is_a_clear_error() {
    let out = rung(&["eval", "--policy", ZH, "--as-of", "2026-13-01", ROSTER]);
    assert_eq!(out.status.code(), Some(64), "a usage error");
    assert!(text(&out.stderr).contains("YYYY-MM-DD"));
    let out = eval(ZH, &[], "no-such-file.jsonl");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such-file.jsonl"));
}

#[test]
fn check_json_gives_where_each_problem_ends_and_a_summary_last() {
    let out = rung(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/check/err/three_mistakes.rung",
    ]);
    let lines = json_lines(&out);
    // `前六个月` on line 13 from column 7: four characters, so it ends before column 11.
    let unknown = lines
        .iter()
        .find(|d| d["code"] == "rung::unknown-name")
        .expect("unknown-name");
    assert_eq!(
        (&unknown["end_line"], &unknown["end_column"]),
        (&serde_json::json!(13), &serde_json::json!(11))
    );
    let summary = lines.last().expect("a summary");
    assert_eq!(
        summary,
        &serde_json::json!({"summary": {"policy": "三处错误", "file": "tests/fixtures/check/err/three_mistakes.rung",
            "ok": false, "errors": 3, "warnings": 1, "decisions": null, "rules": null}})
    );
    // Every other line is a diagnostic, and the counts add up.
    let diags = &lines[..lines.len() - 1];
    assert!(diags.iter().all(|d| d.get("severity").is_some()));
    assert_eq!(diags.iter().filter(|d| d["severity"] == "error").count(), 3);
    // A policy that checks: ok, with its name and size.
    let out = rung(&[
        "check",
        "--format",
        "json",
        "policies/客服部任职发展管理制度.rung",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let summary = &lines.last().expect("a summary")["summary"];
    assert_eq!(summary["policy"], "客服部任职发展管理制度");
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["warnings"].as_u64(), Some(lines.len() as u64 - 1));
    assert_eq!(
        (summary["decisions"].as_u64(), summary["rules"].as_u64()),
        (Some(5), Some(40))
    );
}

#[test]
fn check_json_gives_the_suggestion_and_the_related_places_as_fields() {
    let out = rung(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/check/err/three_mistakes.rung",
    ]);
    let diags = json_lines(&out);
    let unknown = diags
        .iter()
        .find(|d| d["code"] == "rung::unknown-name")
        .expect("unknown-name");
    assert_eq!(unknown["suggestion"], "前6个月");
    assert!(unknown.get("related").is_none(), "{unknown}");
    let twice = diags
        .iter()
        .find(|d| d["code"] == "rung::duplicate-rule-id")
        .expect("duplicate-rule-id");
    assert_eq!(
        twice["related"],
        serde_json::json!([{"line": 12, "column": 6, "end_line": 12, "end_column": 9, "label": "第一次出现在这里"}])
    );
    assert!(twice.get("suggestion").is_none(), "{twice}");
    // The suggestion is a fact, the same in either language.
    let en = rung(&[
        "check",
        "--lang",
        "en",
        "--format",
        "json",
        "tests/fixtures/check/err/three_mistakes.rung",
    ]);
    let en = json_lines(&en);
    let unknown_en = en
        .iter()
        .find(|d| d["code"] == "rung::unknown-name")
        .expect("unknown-name");
    assert_eq!(unknown_en["suggestion"], "前6个月");
    assert_eq!(unknown_en["help"], "did you mean `前6个月`?");
    // A syntax error gives one too: the keyword glued to a name, written apart.
    let spacing = rung(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/check/err/keyword_spacing.rung",
    ]);
    let first = json_lines(&spacing)
        .into_iter()
        .next()
        .expect("a diagnostic");
    assert_eq!(first["suggestion"], "且 岗位", "{first}");
}
