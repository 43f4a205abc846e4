//! Conditions compiled to truth values give what walking the tree gives: `且`/`或`/`非` chains
//! over optional fields, slots and constants, with unknowns inside a chain (the missing fields
//! gathered), a false part stopping the chain before an error, and an error inside a chain; as
//! rule conditions, as outcome values, as the condition of `若` and inside quantifiers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod common;

use rung::calendar::Date;
use rung::check::{Checked, MemoryLoader};
use rung::diag::Lang;
use rung::eval::{EvalError, Evaluator};
use rung::value::Record;
use rung::verdict::{Options, RecordVerdict};

const POLICY: &str = r#"制度 "条件"
等级 G = S > A > B > C
类型 岗 = 客服 | 质检 | 主管
记录 员工 {
  工号: 文本 标识
  入职日期: 日期?
  岗位: 岗?
  级: G?
  分: 数值?
  标记: 布尔?
  截止: 日期?
  g: 映射[月份, G] = []
}
定义 老员工 = 有 入职日期 且 入职日期 <= 2025-01-01
定义 客服类 = 岗位 属于 [客服, 质检]
定义 高分 = 分 >= 90 或 级 = S
决定 D {
  全: 布尔? = 老员工 且 客服类 且 分 > 60
  非高: 布尔? = 非 (级 >= A 或 分 >= 90)
  其一: 布尔? = 岗位 = 主管 或 级 = S 或 分 < 10
  档: 文本? = 若 分 > 50 且 有 级 则 "高" 否则 "低"
  标: 布尔? = 标记 且 级 > C
  好月: 整数 = 计数 m 属于 g 满足 g[m] >= A 且 非 (g[m] = S)
  链: 整数 = 0
  或链: 整数 = 0
  错: 整数 = 0
  否: 整数 = 0

  规则 1 "链"
    原文 "一"
    当 老员工 且 客服类 且 级 >= B 且 非 (分 < 60)
    则 链 = 1

  规则 2 "或链"
    原文 "二"
    当 级 = S 或 分 >= 95 或 岗位 不属于 [客服] 或 高分
    则 或链 = 2

  规则 3 "错"
    原文 "三"
    当 级 >= B 且 截止 + 3000000天 > 截止 且 分 > 0
    则 错 = 3

  规则 4 "否"
    原文 "四"
    当 非 标记 且 (有 分 或 级 属于 [S, A])
    则 否 = 4
}
"#;

const RECORDS: &str = r#"{"工号": "R1", "入职日期": "2024-03-01", "岗位": "客服", "级": "A", "分": 80, "标记": true, "截止": "2026-01-01", "g": {"2026-01": "A", "2026-02": "S"}}
{"工号": "R2", "岗位": "质检", "级": "C", "分": 95, "标记": false}
{"工号": "R3", "入职日期": "2024-03-01", "岗位": "客服"}
{"工号": "R4", "入职日期": "2026-03-01", "级": "S", "截止": "2026-01-01"}
{"工号": "R5", "分": 5, "g": {"2026-01": "B"}}
{"工号": "R6", "入职日期": "2020-01-01", "岗位": "主管", "级": "B", "分": 59.5, "截止": "2026-01-01"}
{"工号": "R7", "标记": true}
{"工号": "R8", "入职日期": "2024-03-01", "级": "C", "截止": "2026-01-01"}
{"工号": "R9", "分": 75, "截止": "2026-01-01"}
"#;

fn checked() -> Checked {
    rung::compile("t.rung", POLICY, &MemoryLoader::new())
        .map_err(|f| rung::diag::render(&f.diagnostics(Lang::Zh), &f.source, false))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn records(checked: &Checked) -> Vec<Record> {
    common::read_lines(&checked.program, RECORDS)
}

fn verdicts(ev: &mut Evaluator<'_>, records: &[Record]) -> Vec<Result<RecordVerdict, EvalError>> {
    let as_of = Date::from_ymd(2026, 7, 3).unwrap();
    records
        .iter()
        .map(|r| ev.with_verdict(r, as_of, |v| rung::verdict::of(v, Options { trace: true })))
        .collect()
}

#[test]
fn compiled_conditions_agree_with_walking_the_tree() {
    let checked = checked();
    let records = records(&checked);
    assert_eq!(records.len(), 9);
    let as_of = Date::from_ymd(2026, 7, 3).unwrap();
    let mut compared = 0;
    common::compiled_against_walking(&checked.program, &records, &[as_of], |_, _, _| {
        compared += 1;
    });
    assert_eq!(compared, 9);
}

/// The verdict of record `n` (from 1) as JSON, compiled.
fn json(n: usize) -> Result<serde_json::Value, String> {
    let checked = checked();
    let records = records(&checked);
    let mut ev = Evaluator::new(&checked.program);
    let v = verdicts(&mut ev, &records).swap_remove(n - 1);
    v.map(|v| serde_json::to_value(v).unwrap())
        .map_err(|e| e.message(Lang::Zh))
}

#[test]
fn unknowns_in_a_chain_name_every_missing_field() {
    // R3: 老员工 and 客服类 hold, 分 and 级 are missing: `全` is unknown, and so is the
    // decision, for want of every field the pending rules read.
    let v = json(3).unwrap();
    let d = &v["decisions"]["D"];
    assert_eq!(d["outcome"]["全"], serde_json::Value::Null);
    assert_eq!(d["outcome"]["档"], "低");
    assert_eq!(
        d["missing"],
        serde_json::json!(["级", "分", "标记", "截止"])
    );
    // R7: no 入职日期, so 老员工 is false and `全` false, though 客服类 is unknown.
    let v = json(7).unwrap();
    assert_eq!(v["decisions"]["D"]["outcome"]["全"], false);
    assert_eq!(v["decisions"]["D"]["outcome"]["否"], 0);
}

#[test]
fn a_false_part_stops_the_chain_before_an_error() {
    // R8: 级 = C, so `级 >= B` is false and the overflowing date is never computed.
    assert!(json(8).is_ok(), "{:?}", json(8));
    // R2: 级 = C as well, and no 截止.
    assert!(json(2).is_ok(), "{:?}", json(2));
}

#[test]
fn an_error_inside_a_chain_is_the_records_error() {
    // R1, R4 and R6: `级 >= B` holds, then the date overflows; R9: it is unknown (no 级), and
    // the chain goes on to the overflow all the same.
    for n in [1, 4, 6, 9] {
        let err = json(n).unwrap_err();
        assert!(err.contains("规则 `3`"), "record {n}: {err}");
    }
}
