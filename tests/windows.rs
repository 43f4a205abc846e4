//! The compiled evaluator's shortcuts give what walking the expression tree gives, every
//! verdict with its full trace compared:
//! - quantifiers over windows of a map whose conditions test the map at the variable (read off
//!   the map's entries): windows that are empty, inverted, longer than the data or of quarters
//!   and years; months without a grade; an absent map; the test alone, leading a conjunction,
//!   after a conjunct that reads only leaves, after one that may fail or take steps, or on
//!   another map than the window's; the rest of the condition unknown or holding a quantifier
//!   of its own;
//! - nodes that read the record only through one enum field, computed once per date for each
//!   member: the field absent, members in any order from record to record, definitions
//!   computed inside them (with and without quantifier steps of their own), calendar years not
//!   covered, parents that read the record.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod common;

use std::fmt::Write as _;

use rung::calendar::Date;
use rung::check::MemoryLoader;

const POLICY: &str = r#"制度 "窗口"

等级 考核等级 = S > A > B > C > D

类型 投诉记录 = { 日期: 日期 }

记录 员工 {
  工号: 文本 标识
  考核: 映射[月份, 考核等级]?
  复核: 映射[月份, 考核等级] = []
  季度考核: 映射[季度, 考核等级] = []
  年度考核: 映射[年份, 考核等级] = []
  投诉: 列表[投诉记录] = []
  上次: 日期?
  标志: 布尔?
  除数: 整数?
}

参数 门槛 = B 出处 "测试"

定义 评估月 = 月份(评估日期)
定义 前6个月 = 考核[评估月 - 6个月 .. 评估月 - 1个月]
定义 倒置 = 考核[评估月 - 1个月 .. 评估月 - 6个月]
定义 长窗 = 考核[评估月 - 30个月 .. 评估月 + 3个月]
定义 复核窗 = 复核[评估月 - 6个月 .. 评估月 - 1个月]

决定 窗口 "窗口上的量词" {
  有C: 布尔? = 任一 m 属于 前6个月 满足 考核[m] <= C
  都B: 布尔? = 所有 m 属于 前6个月 满足 考核[m] >= 门槛
  A数: 整数? = 计数 m 属于 长窗 满足 考核[m] >= A
  首差: 月份? = 首个 m 属于 长窗 满足 考核[m] < B
  倒置有C: 布尔? = 任一 m 属于 倒置 满足 考核[m] <= C
  倒置都好: 布尔? = 所有 m 属于 倒置 满足 考核[m] > D
  复核读考核: 布尔? = 任一 m 属于 复核窗 满足 考核[m] <= C
  考核读复核: 月份? = 首个 m 属于 前6个月 满足 复核[m] >= A
  标志C月: 月份? = 首个 m 属于 前6个月 满足 考核[m] <= C 且 标志
  上次后: 月份? = 首个 m 属于 长窗 满足 有 上次 且 考核[m] <= B 且 m >= 月份(上次)
  投诉C月: 月份? = 首个 m 属于 前6个月 满足 考核[m] <= C 且 任一 t 属于 投诉 满足 月份(t.日期) = m
  都标志: 布尔? = 所有 m 属于 前6个月 满足 考核[m] >= C 且 标志
  计标志: 整数? = 计数 m 属于 长窗 满足 考核[m] > D 且 (标志 若无则 真)
  内层: 整数? = 计数 t 属于 投诉 满足 任一 m 属于 前6个月 满足 考核[m] <= C 且 月份(t.日期) = m
  近4季度A: 整数 = 计数 q 属于 季度考核[季度(评估日期) - 4个季度 .. 季度(评估日期) - 1个季度] 满足 季度考核[q] >= A
  首差年: 整数? = 首个 y 属于 年度考核[年(评估日期) - 5 .. 年(评估日期)] 满足 年度考核[y] <= C
  除后: 月份? = 首个 m 属于 前6个月 满足 100 / 除数 > 1 且 考核[m] <= C
  步后: 月份? = 首个 m 属于 前6个月 满足 (任一 t 属于 投诉 满足 月份(t.日期) = m) 且 考核[m] <= B
  全年好: 布尔 = 所有 y 属于 年度考核[年(评估日期) - 2 .. 年(评估日期) - 1] 满足 年度考核[y] >= B

  规则 1 "有C" 原文 "前6个月出现C。"
    当 有C
    则 都B = 假
}
"#;

/// A seeded pseudo-random source (xorshift64*), so that the records repeat.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

const GRADES: [&str; 5] = ["S", "A", "B", "C", "D"];

/// A map of some of the periods `keys` gives, each graded, as JSON.
fn graded(c: &mut Seeded, keys: impl Iterator<Item = String>, gaps: u64) -> String {
    let mut out = String::from("{");
    for k in keys {
        if c.below(gaps) == 0 {
            continue;
        }
        if out.len() > 1 {
            out.push_str(", ");
        }
        let g = GRADES[c.below(5) as usize];
        write!(out, "\"{k}\": \"{g}\"").unwrap();
    }
    out.push('}');
    out
}

fn months(from: i32, to: i32) -> impl Iterator<Item = String> {
    (from..=to).map(|i| format!("{}-{:02}", 2000 + i / 12, i % 12 + 1))
}

fn records(n: usize) -> String {
    let mut c = Seeded(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    for i in 0..n {
        let mut fields = vec![format!("\"工号\": \"W{i}\"")];
        // 2024-01 .. 2026-12, mostly with every month, sometimes with gaps or none at all.
        let (lo, hi) = (24 * 12 + c.below(12) as i32, 26 * 12 + c.below(12) as i32);
        match c.below(8) {
            0 => {}
            1 => fields.push("\"考核\": {}".into()),
            2 | 3 => fields.push(format!("\"考核\": {}", graded(&mut c, months(lo, hi), 3))),
            _ => fields.push(format!("\"考核\": {}", graded(&mut c, months(lo, hi), 40))),
        }
        if c.below(2) == 0 {
            fields.push(format!("\"复核\": {}", graded(&mut c, months(lo, hi), 4)));
        }
        let quarters = (2024..=2026).flat_map(|y| (1..=4).map(move |q| format!("{y}-Q{q}")));
        fields.push(format!("\"季度考核\": {}", graded(&mut c, quarters, 5)));
        let years = (2019..=2026).map(|y| y.to_string());
        fields.push(format!("\"年度考核\": {}", graded(&mut c, years, 4)));
        let complaints: Vec<String> = (0..c.below(4))
            .map(|_| {
                let m = months(25 * 12, 26 * 12 + 11)
                    .nth(c.below(24) as usize)
                    .unwrap();
                format!("{{\"日期\": \"{m}-{:02}\"}}", 1 + c.below(28))
            })
            .collect();
        fields.push(format!("\"投诉\": [{}]", complaints.join(", ")));
        if c.below(2) == 0 {
            let m = months(25 * 12, 26 * 12 + 11)
                .nth(c.below(24) as usize)
                .unwrap();
            fields.push(format!("\"上次\": \"{m}-15\""));
        }
        match c.below(10) {
            0 => fields.push("\"除数\": 0".into()),
            1..=5 => fields.push(format!("\"除数\": {}", c.below(100))),
            _ => {}
        }
        match c.below(3) {
            0 => fields.push("\"标志\": true".into()),
            1 => fields.push("\"标志\": false".into()),
            _ => {}
        }
        writeln!(out, "{{{}}}", fields.join(", ")).unwrap();
    }
    out
}

/// Evaluates the records of `text` compiled and walking on each date, every verdict with its
/// trace (or error) compared; returns the compiled verdicts as JSON (none for an error).
fn agree(
    checked: &rung::check::Checked,
    text: &str,
    dates: &[&str],
) -> Vec<Option<serde_json::Value>> {
    let records = common::read_lines(&checked.program, text);
    assert_eq!(records.len(), text.lines().count());
    let dates: Vec<Date> = dates.iter().map(|d| Date::parse(d).unwrap()).collect();
    let mut out = Vec::new();
    common::compiled_against_walking(&checked.program, &records, &dates, |_, _, v| {
        out.push(v.ok().map(|v| serde_json::to_value(v).unwrap()));
    });
    out
}

#[test]
fn quantifiers_over_windows_agree_with_walking() {
    let checked = rung::compile("窗口.rung", POLICY, &MemoryLoader::new()).unwrap();
    let dates = ["2026-07-03", "2026-01-05", "2025-03-31", "2027-02-01"];
    let verdicts = agree(&checked, &records(300), &dates);
    let fired = (verdicts.iter().flatten())
        .filter(|v| v["decisions"]["窗口"]["outcome"]["有C"] == true)
        .count();
    // The records reach both sides of the tests, and some fail (dividing by zero).
    assert!(fired > 100 && fired < 1000, "{fired} of 1200 had a C");
    let failed = verdicts.iter().filter(|v| v.is_none()).count();
    assert!(failed > 20 && failed < 300, "{failed} of 1200 failed");
}

const CALENDAR: &str = "date,kind,festival\n2026-01-01,holiday,元旦\n2026-01-02,holiday,元旦\n\
2026-01-04,workday,元旦\n2026-07-01,holiday,测试\n2026-10-01,holiday,国庆节\n";

const BY_FIELD: &str = r#"制度 "按岗位"

日历 "cal.csv"

类型 岗位 = 甲 | 乙 | 丙

记录 员工 {
  工号: 文本 标识
  岗位: 岗位?
  次岗: 岗位
  入职: 日期
}

定义 评估月 = 月份(评估日期)
定义 周期月份 = 若 岗位 = 甲 则 [1] 否则 若 岗位 = 乙 则 [1, 7] 否则 [3, 6, 9, 12]
定义 下一窗口月 = 首个 m 属于 评估月 .. 评估月 + 12个月 满足 月(m) 属于 周期月份 且 工作日(m, 1) > 评估日期
定义 窗口日 = 工作日(下一窗口月, 3)
定义 近期窗口 = 任一 m 属于 评估月 .. 评估月 + 2个月 满足 月(m) 属于 周期月份
定义 窗口数 = 计数 n 属于 1 .. 3 满足 近期窗口 且 n > 1
定义 次岗月数 = 计数 m 属于 评估月 - 24个月 .. 评估月 满足 月(m) 属于 (若 次岗 = 乙 则 [2, 5] 否则 [1])

决定 窗口 "按岗位的窗口" {
  下一: 月份? = 下一窗口月
  日: 日期? = 窗口日
  数: 整数? = 窗口数
  次: 整数 = 次岗月数
  早: 布尔? = 入职 < 窗口日

  规则 1 "近期" 原文 "近期有窗口。"
    当 近期窗口 且 入职 < 评估日期
    则 早 = 真
}
"#;

fn by_field_records(n: usize) -> String {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut below = |n: u64| {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x9E37_79B9_7F4A_7C15) % n
    };
    let members = ["甲", "乙", "丙"];
    let mut out = String::new();
    for i in 0..n {
        let mut line = format!("{{\"工号\": \"P{i}\"");
        let k = below(4) as usize;
        if let Some(m) = members.get(k) {
            write!(line, ", \"岗位\": \"{m}\"").unwrap();
        }
        let j = below(3) as usize;
        write!(line, ", \"次岗\": \"{}\"", members[j]).unwrap();
        let (m, d) = (1 + below(12), 1 + below(28));
        write!(line, ", \"入职\": \"2025-{m:02}-{d:02}\"}}").unwrap();
        writeln!(out, "{line}").unwrap();
    }
    out
}

#[test]
fn nodes_read_through_one_enum_field_agree_with_walking() {
    let loader = MemoryLoader::new().with("cal.csv", CALENDAR);
    let checked = rung::compile("按岗位.rung", BY_FIELD, &loader).unwrap();
    let dates = [
        "2026-07-03",
        "2026-01-05",
        "2026-06-30",
        "2025-12-31",
        "2026-12-31",
        "2019-07-01",
    ];
    let verdicts = agree(&checked, &by_field_records(200), &dates);
    let months: std::collections::BTreeSet<String> = (verdicts.iter().flatten())
        .map(|v| v["decisions"]["窗口"]["outcome"]["下一"].to_string())
        .collect();
    // The members give different months, and the absent field none.
    assert!(months.len() >= 6, "{months:?}");
}

const STEPS: &str = r#"制度 "步数"

等级 考核等级 = S > A > B > C > D

记录 员工 {
  工号: 文本 标识
  考核: 映射[月份, 考核等级] = []
  轮数: 整数
}

决定 步数 "步数" {
  数: 整数 = 计数 n 属于 1 .. 轮数 满足 任一 m 属于 考核[1900-01 .. 2100-12] 满足 考核[m] <= C 且 n > 0
}
"#;

#[test]
fn windows_read_off_the_map_spend_the_step_budget_as_walking_does() {
    let checked = rung::compile("步数.rung", STEPS, &MemoryLoader::new()).unwrap();
    // 2,413 months a window: the budget of 1,000,000 steps runs out in the 415th round
    // without a C, and in the 660th with the first C in 2026-03.
    let text = [
        r#"{"工号": "S1", "轮数": 414, "考核": {"2026-02": "A"}}"#,
        r#"{"工号": "S2", "轮数": 415, "考核": {"2026-02": "A"}}"#,
        r#"{"工号": "S3", "轮数": 659, "考核": {"2026-03": "C", "2026-04": "D"}}"#,
        r#"{"工号": "S4", "轮数": 660, "考核": {"2026-03": "C", "2026-04": "D"}}"#,
    ]
    .join("\n");
    let verdicts = agree(&checked, &text, &["2026-07-03"]);
    let ok: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
    assert_eq!(ok, [true, false, true, false]);
}
