//! Evaluation and explanation semantics a reader relies on: when a decision does not apply as
//! opposed to pending, what a rule's trace status says, how conditions are quoted, and that a
//! `唯一` field whose rules disagree is an error for that record only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::calendar::Date;
use rung::check::MemoryLoader;
use rung::diag::Lang;
use rung::records::{self, Encoding, Format};
use serde_json::Value as Json;

/// The JSON verdicts (with traces) of records on 2026-07-03, or their errors' messages.
fn verdicts(policy: &str, records_jsonl: &str) -> Vec<Result<Json, String>> {
    let checked = rung::compile("t.rung", policy, &MemoryLoader::new()).unwrap_or_else(|f| {
        panic!(
            "{}",
            rung::diag::render(&f.diagnostics(Lang::Zh), &f.source, false)
        )
    });
    let program = &checked.program;
    let as_of = Date::from_ymd(2026, 7, 3).expect("date");
    let mut evaluator = rung::eval::Evaluator::new(program);
    let items = records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Utf8,
        records_jsonl.as_bytes(),
        Lang::Zh,
    )
    .expect("read");
    items
        .map(|item| {
            let read = item.map_err(|e| e.message(Lang::Zh))?;
            evaluator
                .with_verdict(&read.record, as_of, |v| {
                    let trace = rung::verdict::Options { trace: true };
                    rung::explain::json::verdict(&rung::verdict::of(v, trace), Lang::Zh)
                })
                .map_err(|e| e.message(Lang::Zh))
        })
        .collect()
}

const APPLIES: &str = r#"
制度 "适用"
类型 岗位 = 客服 | 主管
记录 员工 { 工号: 文本 标识  岗位: 岗位  转正日期: 日期? }
决定 转正 需要 转正日期 仅当 岗位 = 客服 {
  已转正: 布尔 = 假
  规则 1 "转正" 原文 "转正日期已到"
    当 转正日期 <= 评估日期
    则 已转正 = 真
}
"#;

#[test]
fn a_decision_that_does_not_apply_is_not_pending() {
    let out = verdicts(
        APPLIES,
        "{\"工号\":\"A\",\"岗位\":\"主管\"}\n{\"工号\":\"B\",\"岗位\":\"客服\"}\n",
    );
    let a = out[0].as_ref().expect("verdict");
    assert_eq!(a["decisions"]["转正"]["status"], "不适用");
    assert_eq!(a["decisions"]["转正"]["applies_when"], "岗位 = 客服");
    assert!(a["decisions"]["转正"].get("missing").is_none(), "{a}");
    let b = out[1].as_ref().expect("verdict");
    assert_eq!(b["decisions"]["转正"]["status"], "待定");
    assert_eq!(
        b["decisions"]["转正"]["missing"],
        serde_json::json!(["转正日期"])
    );
}

const STATUSES: &str = r#"
制度 "状态"
记录 员工 { 工号: 文本 标识  n: 整数  a: 日期  b: 日期? }
决定 d {
  x: 整数 = 0
  规则 1 "上限" 原文 "不超过 5"
    当 n > 0
    则 x 不超过 5
  规则 2 "九" 原文 "n 大于 5 时为 9"
    当 n > 5
    则 x = 9
  规则 3 "一" 原文 "n 为 1 时为 1"
    当 n = 1
    则 x = 1
    优先于 2
  规则 4 "日期" 原文 "a 在 b(或 a)之后三个月内"
    当 评估日期 >= (b 若无则 a) + 3个月
    则 x = 4
}
"#;

fn trace_status(verdict: &Json, rule: &str) -> String {
    let trace = verdict["decisions"]["d"]["trace"]
        .as_array()
        .expect("trace");
    let t = trace
        .iter()
        .find(|t| t["rule"] == rule)
        .expect("rule in trace");
    t["status"].as_str().unwrap_or("").to_string()
}

#[test]
fn trace_statuses_say_what_happened() {
    let out = verdicts(STATUSES, "{\"工号\":\"A\",\"n\":1,\"a\":\"2026-06-01\"}\n{\"工号\":\"B\",\"n\":9,\"a\":\"2026-06-01\"}\n");
    let a = out[0].as_ref().expect("verdict");
    assert_eq!(a["decisions"]["d"]["outcome"]["x"], 1);
    assert_eq!(
        trace_status(a, "1"),
        "within",
        "the cap held but had nothing to limit"
    );
    assert_eq!(
        trace_status(a, "2"),
        "not_fired",
        "its own condition (n > 5) is false: not overridden"
    );
    assert_eq!(trace_status(a, "3"), "fired");
    let b = out[1].as_ref().expect("verdict");
    assert_eq!(b["decisions"]["d"]["outcome"]["x"], 5);
    assert_eq!(trace_status(b, "1"), "fired", "the cap limited 9 to 5");
}

#[test]
fn a_condition_is_quoted_with_its_parentheses() {
    let out = verdicts(STATUSES, "{\"工号\":\"A\",\"n\":0,\"a\":\"2026-06-01\"}\n");
    let a = out[0].as_ref().expect("verdict");
    let trace = a["decisions"]["d"]["trace"].as_array().expect("trace");
    let four = trace.iter().find(|t| t["rule"] == "4").expect("rule 4");
    let cond = &four["conditions"][0];
    assert_eq!(cond["text"], "评估日期 >= (b 若无则 a) + 3个月");
    let detail = cond["detail"].as_str().unwrap_or("");
    assert!(
        detail.contains("(b 若无则 a) + 3个月 为 2026-09-01"),
        "{detail}"
    );
    assert_eq!(cond["shortfall"], "还差 60 天");
}

#[test]
fn a_unique_field_whose_rules_disagree_fails_that_record_only() {
    let policy = r#"
制度 "唯一"
记录 员工 { 工号: 文本 标识  甲: 布尔  乙: 布尔 }
决定 d {
  等第: 文本? 唯一
  规则 1 "甲" 原文 "甲" 当 甲 则 等第 = "甲"
  规则 2 "乙" 原文 "乙" 当 乙 则 等第 = "乙"
}
"#;
    let out = verdicts(
        policy,
        "{\"工号\":\"A\",\"甲\":true,\"乙\":true}\n{\"工号\":\"B\",\"甲\":true,\"乙\":false}\n",
    );
    assert_eq!(
        out[0].as_ref().err().map(String::as_str),
        Some("规则 `1` 与 `2` 同时生效,给 `等第` 不同的值")
    );
    assert_eq!(
        out[1].as_ref().expect("verdict")["decisions"]["d"]["outcome"]["等第"],
        "甲"
    );
}
