//! Arithmetic and built-in calls compiled by their operands' types give what walking the
//! expression tree gives, every verdict with its full trace (or error) compared:
//! - a date moved by a constant number of days, months or working days (forwards and back):
//!   absent, none, at the ends of the date range (9999-12-31 + 1天: an overflow error), at a
//!   month's end (2026-01-31 + 1个月), across listed holidays and working weekends, in years
//!   the calendar does not cover; a month moved by constant months past 9999-12;
//! - a rung moved by a whole number: absent, none, past the ladder's top and bottom, by the
//!   largest numbers;
//! - `月份`, `月`, `月初`, `月末` of dates, months, absent and none values; `较大`, `较小` of two
//!   numbers, dates or rungs, one or both absent or none.

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

mod gen;

use gen::{Choose, Seeded};

const CALENDAR: &str = "date,kind,festival\n2026-01-01,holiday,元旦\n2026-01-02,holiday,元旦\n\
2026-01-04,workday,元旦\n2026-02-16,holiday,春节\n2026-02-17,holiday,春节\n\
2026-02-14,workday,春节\n2026-10-01,holiday,国庆节\n";

const POLICY: &str = r#"制度 "算术"

日历 "cal.csv"

阶梯 职级 { 一  二(低, 高)  三(低, 中, 高) }

记录 员工 {
  工号: 文本 标识
  日: 日期?
  次日: 日期?
  月: 月份?
  级: 职级?
  次级: 职级?
  步: 整数?
  数: 数值?
  天数: 整数?
}

参数 间隔 = 3个月 出处 "测试"
参数 提前 = 10天 出处 "测试"

定义 空日 = 若 天数 = 0 则 空 否则 日
定义 空级 = 若 天数 = 0 则 空 否则 级

决定 日期 "日期的加减" {
  加天: 日期? = 日 + 1天
  减天: 日期? = 日 - 提前
  加月: 日期? = 日 + 1个月
  减月: 日期? = 日 - 13个月
  加间隔: 日期? = 空日 + 间隔
  加工作日: 日期? = 日 + 5个工作日
  减工作日: 日期? = 日 - 3个工作日
  零工作日: 日期? = 日 + 0个工作日
  连加: 日期? = 日 + 间隔 - 提前
  月加: 月份? = 月 + 1个月
  月减: 月份? = 月 - 7个月
  到期: 布尔? = 评估日期 >= 日 + 间隔

  规则 1 "到期" 原文 "到期。"
    当 到期
    则 加天 = 日
}

决定 职级 "职级的加减" {
  升: 职级? = 级 + 步
  降: 职级? = 级 - 1
  空升: 职级? = 空级 + 2
  减步: 职级? = 级 - 步
  差: 整数? = 「三(高)」 - 级

  规则 2 "顶" 原文 "到顶。"
    当 级 + 1 = 「三(高)」
    则 降 = 级
}

决定 调用 "内置函数" {
  月之: 月份? = 月份(日)
  月号月: 整数? = 月(月)
  空月: 月份? = 月份(空日)
  月号: 整数? = 月(日)
  月初之: 日期? = 月初(日)
  月末之: 日期? = 月末(月)
  月初月: 日期? = 月初(月)
  大数: 数值? = 较大(数, 步)
  小数: 数值? = 较小(数, 3)
  大日: 日期? = 较大(日, 次日)
  小日: 日期? = 较小(空日, 2026-01-31)
  大级: 职级? = 较大(级, 次级)
  小级: 职级? = 较小(次级, 「二(低)」)

  规则 3 "同月" 原文 "同月。"
    当 月份(日) = 月
    则 月号 = 0
}
"#;

/// Dates at the edges: the range's ends, months' ends, around holidays, uncovered years.
const DATES: [&str; 16] = [
    "9999-12-31",
    "9999-12-29",
    "0000-01-01",
    "0000-01-05",
    "2026-01-31",
    "2026-03-31",
    "2024-02-29",
    "2025-12-31",
    "2026-01-01",
    "2026-01-03",
    "2026-02-13",
    "2026-02-18",
    "2026-09-30",
    "2019-07-01",
    "2027-01-04",
    "2026-07-03",
];

const MONTHS: [&str; 6] = [
    "9999-12", "9999-06", "0000-01", "0000-05", "2026-01", "2026-08",
];

const RUNGS: [&str; 6] = ["一", "二(低)", "二(高)", "三(低)", "三(中)", "三(高)"];

const STEPS: [&str; 8] = [
    "9223372036854",
    "-9223372036854",
    "0",
    "1",
    "2",
    "-1",
    "-7",
    "9",
];

/// One of `xs`: one of its first `ends` one time in eight, else one of the rest.
fn edge<'s>(c: &mut Seeded, xs: &[&'s str], ends: usize) -> &'s str {
    if c.one_in(8) {
        c.pick(&xs[..ends])
    } else {
        c.pick(&xs[ends..])
    }
}

fn records(n: usize) -> String {
    let mut c = Seeded(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    for i in 0..n {
        let mut fields = vec![format!("\"工号\": \"A{i}\"")];
        // Each field absent one time in five.
        let mut put = |c: &mut Seeded, name: &str, value: String| {
            if c.below(5) != 0 {
                fields.push(format!("\"{name}\": {value}"));
            }
        };
        // The ends of the ranges one time in eight (an error for the whole record).
        let d = edge(&mut c, &DATES, 4);
        put(&mut c, "日", format!("\"{d}\""));
        let d = edge(&mut c, &DATES, 4);
        put(&mut c, "次日", format!("\"{d}\""));
        let m = edge(&mut c, &MONTHS, 4);
        put(&mut c, "月", format!("\"{m}\""));
        let r = c.pick(&RUNGS);
        put(&mut c, "级", format!("\"{r}\""));
        let r = c.pick(&RUNGS);
        put(&mut c, "次级", format!("\"{r}\""));
        let s = edge(&mut c, &STEPS, 2);
        put(&mut c, "步", s.to_string());
        let s = c.pick(&STEPS);
        put(&mut c, "数", s.to_string());
        let k = c.below(3);
        put(&mut c, "天数", k.to_string());
        writeln!(out, "{{{}}}", fields.join(", ")).unwrap();
    }
    out
}

#[test]
fn typed_arithmetic_and_calls_agree_with_walking() {
    let loader = MemoryLoader::new().with("cal.csv", CALENDAR);
    let checked = rung::compile("算术.rung", POLICY, &loader).unwrap();
    let program = &checked.program;
    let records = common::read_lines(program, &records(600));
    assert_eq!(records.len(), 600);
    let dates = ["2026-07-03", "2026-01-05", "2019-03-01"].map(|d| Date::parse(d).unwrap());
    let (mut failed, mut warned, mut n) = (0, 0, 0);
    common::compiled_against_walking(program, &records, &dates, |_, _, v| {
        match v {
            Err(_) => failed += 1,
            Ok(v) => {
                let json = serde_json::to_value(&v).unwrap().to_string();
                warned += usize::from(json.contains("calendar-uncovered"));
            }
        }
        n += 1;
    });
    // The edges are reached: some records fail (overflow past the ends of the range or of a
    // step), most do not.
    assert!(failed > 50 && failed < n / 2, "{failed} of {n} failed");
    // Working days were counted in years the calendar does not cover.
    assert!(warned > 50, "{warned} of {n} warned");
}
