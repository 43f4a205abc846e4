//! Quantifiers over windows of a map, whose conditions test the map at the variable (read off
//! the map's entries by the compiled evaluator), give what walking the expression tree gives:
//! windows that are empty, inverted, longer than the data or of quarters and years; months
//! without a grade; an absent map; the test alone, leading a conjunction, after a conjunct
//! that reads only leaves, or on another map than the window's; the rest of the condition
//! unknown or holding a quantifier of its own. Every verdict with its full trace compared.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::fmt::Write as _;

use rung::calendar::Date;
use rung::check::MemoryLoader;
use rung::diag::Lang;
use rung::eval::Evaluator;
use rung::records::{Encoding, Format};
use rung::verdict::Options;

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
        match c.below(3) {
            0 => fields.push("\"标志\": true".into()),
            1 => fields.push("\"标志\": false".into()),
            _ => {}
        }
        writeln!(out, "{{{}}}", fields.join(", ")).unwrap();
    }
    out
}

#[test]
fn quantifiers_over_windows_agree_with_walking() {
    let loader = MemoryLoader::new();
    let checked = rung::compile("窗口.rung", POLICY, &loader).unwrap();
    let program = &checked.program;
    let text = records(300);
    let records: Vec<_> = rung::records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        text.as_bytes(),
        Lang::Zh,
    )
    .unwrap()
    .map(|r| r.unwrap().record)
    .collect();
    assert_eq!(records.len(), 300);
    let mut compiled = Evaluator::new(program);
    let mut walking = Evaluator::walking(program);
    let mut fired = 0;
    for as_of in ["2026-07-03", "2026-01-05", "2025-03-31", "2027-02-01"] {
        let as_of = Date::parse(as_of).unwrap();
        for r in &records {
            let trace = Options { trace: true };
            let fast = compiled.with_verdict(r, as_of, |v| rung::verdict::of(v, trace));
            let slow = walking.with_verdict(r, as_of, |v| rung::verdict::of(v, trace));
            assert_eq!(fast, slow, "record {} on {as_of}", r.id);
            let json = serde_json::to_string(&fast.unwrap()).unwrap();
            fired += usize::from(json.contains("\"有C\":true"));
        }
    }
    // The records reach both sides of the tests.
    assert!(fired > 100 && fired < 1100, "{fired} of 1200 had a C");
}
