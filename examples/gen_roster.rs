//! Generates a roster of employee records for the reference policy
//! (`policies/客服部任职发展管理制度.rung`), as JSON Lines: any size, the same records for the same
//! seed. The records reach every decision and nearly every rule: interns and social hires on
//! probation or past it, every post, grades good and bad, complaints, recent promotions, post
//! applications at every stage, review scores.
//!
//! ```sh
//! cargo run --release --example gen_roster -- --count 200000 --seed 1 -o roster.jsonl
//! ```
//!
//! Options: `--count N` (default 1000), `--seed S` (default 1), `--as-of YYYY-MM-DD` (the
//! evaluation date the records are written around, default 2026-07-03), `-o FILE` (default:
//! standard output).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use rung::calendar::{Date, Month};
use serde_json::{json, Map, Value};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
];
const GIVEN: &[&str] = &[
    "晓雯", "子豪", "雨萱", "一鸣", "佳琪", "浩然", "思远", "可欣", "子轩", "雅婷", "俊杰", "欣怡",
    "志强", "婉婷", "文博", "雪", "磊", "嘉怡", "子涵", "建国", "立伟", "明辉", "诗涵", "明轩",
    "海涛", "梦琪", "帆", "丽娜", "晨曦", "雨桐", "子墨", "嘉豪",
];
/// The ladder, lowest first, as the policy names its rungs.
const RUNGS: &[&str] = &[
    "实习生客服",
    "初级客服(一般)",
    "初级客服(良好)",
    "初级客服(优秀)",
    "中(一)级客服(一般)",
    "中(一)级客服(良好)",
    "中(一)级客服(优秀)",
    "中(二)级客服(一般)",
    "中(二)级客服(良好)",
    "中(二)级客服(优秀)",
    "高级客服(一般)",
    "高级客服(良好)",
    "高级客服(优秀)",
    "客服主任(一般)",
    "客服主任(良好)",
    "客服主任(优秀)",
];

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len() as u64) as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// What to generate.
pub struct Options {
    /// How many records.
    pub count: u64,
    /// The seed: the same seed gives the same records.
    pub seed: u64,
    /// The evaluation date the records are written around.
    pub as_of: Date,
    /// Where to write (standard output if none).
    pub out: Option<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        count: 1000,
        seed: 1,
        as_of: Date::from_ymd(2026, 7, 3).ok_or("bad default date")?,
        out: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("`{a}` needs a value"));
        match a.as_str() {
            "--count" | "-n" => o.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" | "-s" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--as-of" => {
                let v = value()?;
                o.as_of = Date::parse(&v).ok_or(format!("--as-of: `{v}` is not a date"))?;
            }
            "-o" | "--output" => o.out = Some(value()?),
            "-h" | "--help" => {
                return Err(
                    "usage: gen_roster [--count N] [--seed S] [--as-of YYYY-MM-DD] [-o FILE]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let result = match &o.out {
        Some(path) => File::create(path).and_then(|f| write_roster(&o, BufWriter::new(f))),
        None => write_roster(&o, BufWriter::new(io::stdout().lock())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the roster: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the roster as JSON Lines.
pub fn write_roster(o: &Options, mut out: impl Write) -> io::Result<()> {
    let mut rng = Rng(o.seed);
    let mut gen = Gen {
        rng: &mut rng,
        as_of: o.as_of,
    };
    for i in 1..=o.count {
        let record = gen.record(i);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Spaced);
        serde::Serialize::serialize(&record, &mut ser)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// JSON written as people write it by hand: `{"a": 1, "b": 2}`.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.begin_object_key(w, first)
    }
}

struct Gen<'r> {
    rng: &'r mut Rng,
    as_of: Date,
}

/// How an employee stands, which decides the dates the record holds.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// An intern before graduation.
    Intern,
    /// An intern who became regular staff.
    FormerIntern,
    /// A social hire still on probation.
    Probation,
    /// A social hire regular for a few months.
    Recent,
    /// Staff of a year or more.
    Established,
}

impl Gen<'_> {
    fn days_ago(&mut self, lo: i64, hi: i64) -> Date {
        let n = self.rng.range(lo, hi);
        self.as_of.add_days(-n).unwrap_or(self.as_of)
    }

    fn after(&mut self, d: Date, lo: i64, hi: i64) -> Date {
        let n = self.rng.range(lo, hi);
        d.add_days(n).unwrap_or(d)
    }

    /// A weekday on or after `d`.
    fn weekday(d: Date) -> Date {
        match d.weekday() {
            6 => d.add_days(2).unwrap_or(d),
            7 => d.add_days(1).unwrap_or(d),
            _ => d,
        }
    }

    fn score(&mut self, lo: i64, hi: i64) -> Value {
        let whole = self.rng.range(lo, hi);
        if self.rng.chance(15) && whole < 100 {
            json!(whole as f64 + 0.5)
        } else {
            json!(whole)
        }
    }

    fn rung(&mut self, i: i64) -> Value {
        let name = RUNGS
            .get(i.clamp(0, 15) as usize)
            .copied()
            .unwrap_or("实习生客服");
        if self.rng.chance(3) {
            // Full-width brackets, as people type them in Chinese input methods.
            json!(name.replace('(', "（").replace(')', "）"))
        } else {
            json!(name)
        }
    }

    fn record(&mut self, i: u64) -> Value {
        let r = &mut *self.rng;
        let stage = match r.below(100) {
            0..=6 => Stage::Intern,
            7..=13 => Stage::FormerIntern,
            14..=23 => Stage::Probation,
            24..=38 => Stage::Recent,
            _ => Stage::Established,
        };
        let post = match (stage, r.below(100)) {
            (Stage::Intern | Stage::FormerIntern, 0..=84) => "客服",
            (Stage::Intern | Stage::FormerIntern, _) => "质检专员",
            (_, 0..=59) => "客服",
            (_, 60..=69) => "客服助理",
            (_, 70..=79) => "质检专员",
            (Stage::Established, 80..=93) | (_, 80..=95) => "班组长",
            _ => "主管",
        };
        let intern = matches!(stage, Stage::Intern | Stage::FormerIntern);
        let name = format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN));
        let mut m = Map::new();
        m.insert("工号".into(), json!(format!("E{i:06}")));
        if r.chance(97) {
            m.insert("姓名".into(), json!(name));
        }
        m.insert("岗位".into(), json!(post));
        m.insert(
            "入职类型".into(),
            json!(if intern { "实习生" } else { "社招" }),
        );

        let (hired, graduated, regular) = self.dates(stage);
        m.insert("入职日期".into(), json!(hired.to_string()));
        if let Some(g) = graduated {
            m.insert("毕业日期".into(), json!(g.to_string()));
        }
        if let Some(t) = regular {
            m.insert("转正日期".into(), json!(t.to_string()));
        }
        let r = &mut *self.rng;
        if r.chance(4) {
            m.insert("突出贡献".into(), json!(true));
        }
        if r.chance(4) {
            m.insert("特殊晋级申请".into(), json!(r.chance(85)));
        }
        let rung = self.current_rung(stage, post);
        if let Some(c) = rung {
            let v = self.rung(c);
            m.insert("当前职级".into(), v);
        }
        let graded = self.graded(stage, regular, rung);
        if let Some(d) = graded {
            m.insert("最近定级日期".into(), json!(d.to_string()));
        }
        if stage == Stage::Established && self.rng.chance(30) {
            let since = self.after(hired, 90, 2000).min(self.as_of);
            m.insert("现岗位起始日期".into(), json!(since.to_string()));
        }
        let (grades, c_months) = self.grades(hired);
        m.insert("考核".into(), Value::Object(grades));
        let complaints = self.complaints(&c_months);
        if !complaints.is_empty() {
            m.insert("投诉".into(), Value::Array(complaints));
        }
        if let (Some(c), Some(d), true) = (rung, graded, self.rng.chance(40)) {
            let was = c - self.rng.range(1, 3);
            if was >= 1 && d.months_until(self.as_of) < 9 {
                let was = self.rung(was);
                m.insert(
                    "上次晋级".into(),
                    json!({"日期": d.to_string(), "原职级": was}),
                );
            }
        }
        if matches!(stage, Stage::Established | Stage::Recent) && self.rng.chance(14) {
            self.application(post, &mut m);
        }
        if rung.is_some_and(|c| c >= 3) && self.rng.chance(15) {
            let s = json!({
                "直属上级": self.score(60, 95),
                "部门负责人": self.score(60, 95),
                "业务关联部门": self.score(60, 95),
                "人力资源部": self.score(60, 95),
            });
            m.insert("评审评分".into(), s);
        }
        Value::Object(m)
    }

    /// 入职日期, 毕业日期 and 转正日期 for a stage.
    fn dates(&mut self, stage: Stage) -> (Date, Option<Date>, Option<Date>) {
        match stage {
            Stage::Intern => {
                let hired = Self::weekday(self.days_ago(20, 300));
                let grad = self.after(self.as_of, -20, 200);
                (hired, Some(grad), None)
            }
            Stage::FormerIntern => {
                let grad = self.days_ago(1, 400);
                let hired = Self::weekday(grad.add_days(-self.rng.range(120, 330)).unwrap_or(grad));
                let regular = Self::weekday(self.after(grad, 0, 10)).min(self.as_of);
                let grad = if self.rng.chance(90) {
                    Some(grad)
                } else {
                    None
                };
                (hired, grad, Some(regular))
            }
            Stage::Probation => {
                let hired = Self::weekday(self.days_ago(0, 100));
                let end = hired.add_months(3).unwrap_or(hired);
                (hired, None, self.rng.chance(40).then_some(end))
            }
            Stage::Recent | Stage::Established => {
                let hired = if stage == Stage::Recent {
                    self.days_ago(95, 330)
                } else {
                    self.days_ago(400, 3000)
                };
                let hired = Self::weekday(hired);
                let end = hired.add_months(3).unwrap_or(hired);
                (hired, None, Some(Self::weekday(self.after(end, 0, 6))))
            }
        }
    }

    /// The current rung's index, if graded.
    fn current_rung(&mut self, stage: Stage, post: &str) -> Option<i64> {
        let r = &mut *self.rng;
        if r.chance(4) {
            return None;
        }
        Some(match stage {
            Stage::Intern => 0,
            Stage::FormerIntern => r.range(0, 2),
            Stage::Probation if post == "班组长" => 10,
            Stage::Probation => 1,
            Stage::Recent if post == "班组长" => r.range(10, 11),
            Stage::Recent => r.range(1, 3),
            Stage::Established => match post {
                "班组长" => r.range(10, 13),
                "主管" => r.range(12, 15),
                "客服" => match r.below(100) {
                    0..=39 => r.range(1, 6),
                    40..=79 => r.range(4, 9),
                    80..=95 => r.range(7, 12),
                    _ => r.range(12, 15),
                },
                _ => r.range(1, 9),
            },
        })
    }

    /// 最近定级日期: a window's working day, a date after 转正, or none.
    fn graded(&mut self, stage: Stage, regular: Option<Date>, rung: Option<i64>) -> Option<Date> {
        let regular = regular?;
        rung?;
        if regular > self.as_of || self.rng.chance(15) {
            return None;
        }
        if stage != Stage::Established || self.rng.chance(25) {
            return Some(self.after(regular, 0, 14).min(self.as_of));
        }
        match self.rng.below(10) {
            // Exactly the promotion interval before the evaluation.
            0 => self.as_of.add_months(-3),
            1..=6 => {
                // One of the last few January or July windows.
                let back = self.rng.range(0, 4) as i32 * 6;
                let m = self.window_month().add(-back);
                let first = Self::weekday(m.first_day()?);
                let d = self.after(first, 0, 3).min(self.as_of);
                Some(if d < regular {
                    self.after(regular, 0, 14)
                } else {
                    d
                })
            }
            _ => Some(self.days_ago(20, 700).max(regular)),
        }
    }

    /// The latest January or July on or before the evaluation's month.
    fn window_month(&self) -> Month {
        let m = self.as_of.month();
        m.add(-(((m.number() as i32) - 1) % 6))
    }

    /// Monthly grades up to the month before the evaluation, from the hire month or a year
    /// back; and the months graded C or worse.
    fn grades(&mut self, hired: Date) -> (Map<String, Value>, Vec<Month>) {
        let last = self.as_of.month().add(-1);
        let back = if self.rng.chance(70) { 12 } else { 6 };
        let first = hired.month().max(last.add(1 - back));
        // Chances in percent of S, A, B, C (D is the rest), by how the employee performs.
        let dist: [u64; 4] = match self.rng.below(100) {
            0..=19 => [18, 45, 34, 2],
            20..=79 => [4, 26, 66, 3],
            _ => [1, 12, 62, 18],
        };
        let mut map = Map::new();
        let mut cs = Vec::new();
        let mut m = first;
        while m <= last {
            if !self.rng.chance(3) {
                let x = self.rng.below(100);
                let mut acc = 0;
                let mut grade = "D";
                for (g, p) in ["S", "A", "B", "C"].iter().zip(dist) {
                    acc += p;
                    if x < acc {
                        grade = g;
                        break;
                    }
                }
                if grade == "C" || grade == "D" {
                    cs.push(m);
                }
                map.insert(m.to_string(), json!(grade));
            }
            m = m.add(1);
        }
        (map, cs)
    }

    /// Complaints of the last year; a month graded C draws a complaint now and then.
    fn complaints(&mut self, c_months: &[Month]) -> Vec<Value> {
        let mut out = Vec::new();
        let n = match self.rng.below(100) {
            0..=77 => 0,
            78..=94 => 1,
            _ => 2,
        };
        let mut dates: Vec<Date> = (0..n).map(|_| self.days_ago(5, 365)).collect();
        for m in c_months {
            if self.rng.chance(30) {
                if let Some(d) = m.first_day() {
                    dates.push(self.after(d, 0, 27));
                }
            }
        }
        dates.sort();
        for d in dates {
            let why = match self.rng.below(100) {
                0..=44 => "服务态度",
                45..=69 => "其他个人原因",
                _ => "非个人原因",
            };
            out.push(json!({"日期": d.to_string(), "原因": why, "成立": self.rng.chance(70)}));
        }
        out
    }

    /// An application for a management post (§9), at some stage of it.
    fn application(&mut self, post: &str, m: &mut Map<String, Value>) {
        let r = &mut *self.rng;
        let to = match post {
            "班组长" | "主管" if r.chance(90) => "主管",
            "班组长" | "主管" => "班组长",
            _ if r.chance(92) => "班组长",
            _ => "主管",
        };
        m.insert("申请职务".into(), json!(to));
        match r.below(100) {
            0..=79 => m.insert("岗位空缺".into(), json!(true)),
            80..=94 => m.insert("岗位空缺".into(), json!(false)),
            _ => None,
        };
        if !self.rng.chance(70) {
            return;
        }
        let (lo, hi) = if to == "主管" { (70, 95) } else { (62, 92) };
        let s = self.score(lo, hi);
        m.insert("周边绩效得分".into(), s);
        let s = self.score(lo, hi);
        m.insert("胜任素质得分".into(), s);
        if self.rng.chance(45) {
            let start = Self::weekday(self.days_ago(0, 200));
            m.insert("试用任命开始日期".into(), json!(start.to_string()));
            if start.add_months(3).is_some_and(|end| end <= self.as_of) && self.rng.chance(65) {
                let s = self.score(70, 96);
                m.insert("360得分".into(), s);
            }
        }
    }
}
