//! The probation policy 试用期转正 and the labour-law guardrails: `rung check` passes on the
//! policies and flags probation terms beyond 劳动合同法 第19条; `rung eval` on the example records
//! gives each its verdict and the warning the law calls for; process steps carry their dates.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;
use std::process::Command;

use rung::check::error::CheckWarningKind;
use rung::diag::Lang;
use rung::law::Band;

const POLICY: &str = "policies/试用期转正.rung";

fn eval(records: &str, format: &str) -> (Vec<String>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            POLICY,
            "--as-of",
            "2026-04-15",
            "--format",
            format,
        ])
        .arg(records)
        .output()
        .expect("rung eval");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // JSON Lines open with the stream's header; the lines returned are the records'.
    let header = usize::from(format == "json");
    if header == 1 {
        assert!(text.starts_with("{\"header\":"), "{text}");
    }
    (
        text.lines().skip(header).map(str::to_string).collect(),
        text,
    )
}

#[test]
fn the_policies_check_with_only_assumed_parameters() {
    for policy in [POLICY, "policies/传帮带.rung"] {
        let checked = rung::compile_file(Path::new(policy))
            .unwrap_or_else(|f| panic!("{policy}: {:#?}", f.diagnostics(Lang::Zh)));
        let other: Vec<&str> = checked
            .warnings
            .iter()
            .map(|w| w.kind.code())
            .filter(|c| *c != "rung::assumed-param")
            .collect();
        assert!(other.is_empty(), "{policy}: {other:?}");
    }
}

#[test]
fn check_flags_probation_beyond_article_19_naming_the_term_and_the_limit() {
    let checked = rung::compile_file(Path::new("tests/fixtures/probation/too_long.rung"))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let found: Vec<(Band, u32)> = checked
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            CheckWarningKind::ProbationTooLong {
                band, limit_months, ..
            } => Some((*band, *limit_months)),
            _ => None,
        })
        .collect();
    assert_eq!(
        found,
        [
            (Band::UnderThreeMonths, 0),
            (Band::UnderOneYear, 1),
            (Band::UnderThreeYears, 2)
        ],
        "{:#?}",
        checked.warnings
    );
    let words = rung::explain::diagnostics::warnings(&checked.warnings, Lang::Zh);
    let messages: Vec<&str> = words.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"试用期 2个月 超过三个月以上不满一年的劳动合同的法定上限 1个月"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"期限不满三个月的劳动合同不得约定试用期,此处为 2个月"),
        "{messages:?}"
    );
}

#[test]
fn the_reference_regulations_fixed_three_months_is_flagged_for_short_contracts() {
    let checked = rung::compile_file(Path::new("policies/客服部任职发展管理制度.rung"))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let bands: Vec<Band> = checked
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            CheckWarningKind::ProbationTooLong { band, .. } => Some(*band),
            _ => None,
        })
        .collect();
    assert_eq!(
        bands,
        [
            Band::UnderThreeMonths,
            Band::UnderOneYear,
            Band::UnderThreeYears
        ]
    );
}

/// Each example record: its conclusion, the law's warnings, and the overdue steps.
#[test]
fn each_record_gets_its_verdict_and_the_laws_warning() {
    type Want<'a> = (&'a str, Option<&'a str>, &'a [&'a str], &'a [&'a str]);
    let want: &[Want] = &[
        ("S01", Some("转正"), &[], &[]),
        ("S02", Some("试用中"), &["probation-too-long"], &[]),
        ("S03", None, &["probation-pay-low"], &["7.1", "7.6", "7.7"]),
        ("S04", Some("试用中"), &["second-probation"], &[]),
        (
            "S05",
            Some("转正"),
            &["extension-too-long"],
            &["7.1", "7.6", "7.7", "7.8"],
        ),
        // 转正 with training missing: not converted, probation extended for further training.
        ("S06", Some("延长试用期"), &[], &["7.2", "7.6", "7.7"]),
        ("S07", Some("试用中"), &[], &[]),
        ("S08", Some("提前转正"), &[], &[]),
        (
            "S09",
            Some("不予转正"),
            &["failure-without-reasons"],
            &["7.1", "7.6", "7.7"],
        ),
        ("S10", Some("试用中"), &["below-minimum-wage"], &[]),
        (
            "S11",
            None,
            &["probation-not-allowed"],
            &["7.1", "7.6", "7.7"],
        ),
    ];
    let (lines, _) = eval("examples/试用期转正.jsonl", "json");
    assert_eq!(lines.len(), want.len());
    for (line, (id, conclusion, warnings, overdue)) in lines.iter().zip(want) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(v["id"], *id);
        let got = v["decisions"]["结果通知"]["outcome"]["结论"].as_str();
        assert_eq!(got, *conclusion, "{id}");
        let codes: Vec<&str> = v["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter_map(|w| w["code"].as_str())
            .collect();
        assert_eq!(codes, *warnings, "{id}");
        let late: Vec<&str> = v["processes"]["转正流程"]["overdue"]
            .as_array()
            .expect("overdue")
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        assert_eq!(late, *overdue, "{id}");
    }
}

#[test]
fn warnings_carry_the_facts_and_steps_their_dates() {
    let (lines, _) = eval("examples/试用期转正.jsonl", "json");
    let s02: serde_json::Value = serde_json::from_str(&lines[1]).expect("json");
    let w = &s02["warnings"][0];
    assert_eq!(w["band"], "under_one_year");
    assert_eq!(w["limit_months"], 1);
    assert_eq!(w["end"], "2026-05-02");
    assert_eq!(w["latest"], "2026-03-02");
    assert_eq!(w["clause"], "3");
    let s01: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
    let step = &s01["processes"]["转正流程"]["steps"][0];
    assert_eq!(step["step"], "7.1");
    assert_eq!(step["produces"][0], "《转正申请表》");
    assert_eq!(step["due"], "2026-03-29");
    assert_eq!(step["about"], true);
    assert_eq!(step["done"], "2026-03-27");
    let (_, notice) = eval("examples/试用期转正.jsonl", "text");
    assert!(notice
        .contains("✓ 7.1 员工申请 · 员工 · 《转正申请表》 · 期限 约 2026-03-29 · 2026-03-27 完成"));
    assert!(
        notice.contains("✗ 7.2 直属上级评估 · 直属上级 · 意见 · 期限 2026-04-02 · 已逾期,尚未完成")
    );
    assert!(notice.contains("注意:延长试用期至 2026-03-31 超过劳动合同法第19条的上限"));
}

#[test]
fn the_csv_examples_give_the_same_verdicts() {
    let (jsonl, _) = eval("examples/试用期转正.jsonl", "json");
    let (csv, _) = eval("examples/试用期转正.csv", "json");
    assert_eq!(jsonl, csv);
}

#[test]
fn the_readme_quotes_current_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let quoted = readme
        .split("$ rung eval --policy policies/试用期转正.rung --as-of 2026-04-15 examples/试用期转正.jsonl\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows the 转正 example");
    let (lines, _) = eval("examples/试用期转正.jsonl", "text");
    for line in quoted.lines() {
        assert!(lines.iter().any(|l| l == line), "not printed: {line}");
    }
}
