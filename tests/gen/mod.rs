//! A structure-aware generator of policies and records, shared by the property test
//! (`tests/properties.rs`, driven by a seeded generator) and the fuzz targets (`fuzz/`, driven
//! by the fuzzer's bytes). Policies come from the language's grammar over one fixed schema, so
//! most of them check; records come from the schema, with edge values (the first and last
//! dates, huge numbers and durations) and now and then a wrong type or a missing field.

#![allow(dead_code)]

/// Where the generator's choices come from.
pub trait Choose {
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize;

    /// True about one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items`.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len().max(1));
        items.get(i).copied().unwrap_or("")
    }
}

/// A seeded pseudo-random source (xorshift64*), for tests that must repeat.
pub struct Seeded(pub u64);

impl Choose for Seeded {
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r % n.max(1) as u64) as usize
    }
}

/// A generated case: a policy, its calendar, records as JSON Lines and the evaluation date.
#[derive(Debug, Clone)]
pub struct Case {
    pub policy: String,
    pub calendar: String,
    pub records: String,
    pub as_of: (i32, u32, u32),
}

/// The calendar file every generated policy may name.
pub const CALENDAR: &str = "date,kind,festival\n2026-01-01,holiday,元旦\n2026-02-14,workday,春节\n\
2026-02-16,holiday,春节\n2026-02-17,holiday,春节\n2026-10-01,holiday,国庆节\n";

const SCHEMA: &str = "等级 G = S > A > B > C > D
阶梯 L { 一  二(低, 高)  三(低, 中, 高) }
类型 E = 甲 | 乙 | 丙
记录 员工 {
  工号: 文本 标识
  n1: 数值
  n2: 整数?
  d1: 日期
  d2: 日期?
  m1: 月份
  g: 映射[月份, G]
  r: L
  e: E
  b: 布尔 = 假
  ds: 列表[日期]
  xs: 列表[{ 日: 日期, 分: 数值 }]
}
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Num,
    Int,
    Bool,
    Date,
    Month,
    Dur,
    Rung,
}

const TYPES: [Ty; 7] = [
    Ty::Num,
    Ty::Int,
    Ty::Bool,
    Ty::Date,
    Ty::Month,
    Ty::Dur,
    Ty::Rung,
];

fn big_number(c: &mut dyn Choose) -> String {
    match c.below(40) {
        0 => "9223372036854".into(),
        1 => "999999999999".into(),
        2 => "0.000001".into(),
        3 => "0".into(),
        4 => format!("{}.{}", c.below(1000), c.below(100)),
        _ => format!("{}", c.below(200)),
    }
}

fn duration(c: &mut dyn Choose, unit: &str) -> String {
    let n = match c.below(40) {
        0 => "2000000000".to_string(),
        1 => "9223372036854".to_string(),
        2 => "100000".to_string(),
        _ => format!("{}", c.below(40)),
    };
    format!("{n}{unit}")
}

fn date_lit(c: &mut dyn Choose) -> String {
    match c.below(32) {
        0 => "9999-12-31".into(),
        1 => "0001-01-01".into(),
        _ => format!(
            "{}-{:02}-{:02}",
            2020 + c.below(8),
            1 + c.below(12),
            1 + c.below(28)
        ),
    }
}

fn month_lit(c: &mut dyn Choose) -> String {
    match c.below(32) {
        0 => "9999-12".into(),
        1 => "0000-01".into(),
        _ => format!("{}-{:02}", 2020 + c.below(8), 1 + c.below(12)),
    }
}

/// The grammar's expressions, by type; `depth` bounds nesting.
struct Exprs<'c> {
    c: &'c mut dyn Choose,
    /// Bound names of enclosing quantifiers, with their types.
    vars: Vec<(String, Ty)>,
    /// Definitions made so far, with their types.
    lets: Vec<(String, Ty)>,
    /// The unit of every duration in the policy.
    unit: &'static str,
}

impl Exprs<'_> {
    fn var(&mut self, ty: Ty) -> Option<String> {
        let names: Vec<String> = self
            .vars
            .iter()
            .chain(self.lets.iter())
            .filter(|(_, t)| *t == ty)
            .map(|(n, _)| n.clone())
            .collect();
        if names.is_empty() || self.c.one_in(2) {
            return None;
        }
        names.get(self.c.below(names.len())).cloned()
    }

    fn leaf(&mut self, ty: Ty) -> String {
        if let Some(v) = self.var(ty) {
            return v;
        }
        let c = &mut *self.c;
        match ty {
            Ty::Num => match c.below(5) {
                0 => "n1".into(),
                1 => "n2".into(),
                2 => "P数".into(),
                _ => big_number(c),
            },
            Ty::Bool => c.pick(&["b", "真", "假", "有 d2", "有 n2"]).into(),
            Ty::Date => match c.below(4) {
                0 => "d1".into(),
                1 => "评估日期".into(),
                2 => "(d2 ?? d1)".into(),
                _ => date_lit(c),
            },
            Ty::Month => match c.below(3) {
                0 => "m1".into(),
                1 => "月份(评估日期)".into(),
                _ => month_lit(c),
            },
            Ty::Dur => match c.below(3) {
                0 => "P期".into(),
                _ => duration(c, self.unit),
            },
            Ty::Int => match c.below(24) {
                0 | 2 | 3 => "n2".into(),
                1 => "2000000000".into(),
                _ => format!("{}", c.below(30)),
            },
            Ty::Rung => c
                .pick(&["r", "「二(低)」", "「三(高)」", "一", "「二(高)」"])
                .into(),
        }
    }

    fn expr(&mut self, ty: Ty, depth: usize) -> String {
        if depth == 0 || self.c.one_in(3) {
            return self.leaf(ty);
        }
        let d = depth - 1;
        match ty {
            Ty::Num => match self.c.below(11) {
                0..=3 => {
                    let op = self.c.pick(&["+", "-", "*", "/", "×", "÷"]);
                    format!("({} {op} {})", self.expr(Ty::Num, d), self.expr(Ty::Num, d))
                }
                4 => format!("-{}", self.expr(Ty::Num, d)),
                5 => {
                    let f = self.c.pick(&["天数", "月数"]);
                    format!(
                        "{f}({}, {})",
                        self.expr(Ty::Date, d),
                        self.expr(Ty::Date, d)
                    )
                }
                6 => {
                    let f = self.c.pick(&["年", "月", "日", "工作日序号"]);
                    format!("{f}({})", self.expr(Ty::Date, d))
                }
                7 => format!("四舍五入({}, {})", self.expr(Ty::Num, d), self.c.below(8)),
                8 => format!("绝对值({})", self.expr(Ty::Num, d)),
                9 => self.expr(Ty::Int, d),
                _ => {
                    let (var, dom) = self.domain(d);
                    self.vars.push((var.clone(), dom.1));
                    let cond = self.expr(Ty::Bool, d);
                    self.vars.pop();
                    format!("(计数 {var} 属于 {} 满足 {cond})", dom.0)
                }
            },
            Ty::Int => match self.c.below(5) {
                0 => format!("({} - {})", self.expr(Ty::Rung, d), self.expr(Ty::Rung, d)),
                1 => {
                    let f = self.c.pick(&["天数", "月数"]);
                    format!(
                        "{f}({}, {})",
                        self.expr(Ty::Date, d),
                        self.expr(Ty::Date, d)
                    )
                }
                2 => {
                    let op = self.c.pick(&["+", "-", "*"]);
                    format!("({} {op} {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d))
                }
                _ => self.leaf(Ty::Int),
            },
            Ty::Bool => match self.c.below(10) {
                0 | 1 => {
                    let op = self.c.pick(&["且", "或", "and", "or"]);
                    format!(
                        "({} {op} {})",
                        self.expr(Ty::Bool, d),
                        self.expr(Ty::Bool, d)
                    )
                }
                2 => format!("非 {}", self.expr(Ty::Bool, d)),
                3 | 4 => {
                    let t = TYPES
                        .get(self.c.below(TYPES.len()))
                        .copied()
                        .unwrap_or(Ty::Num);
                    let t = if matches!(t, Ty::Bool | Ty::Dur) {
                        Ty::Num
                    } else {
                        t
                    };
                    let op = self
                        .c
                        .pick(&["<", "<=", ">", ">=", "=", "!=", "不低于", "高于"]);
                    format!("{} {op} {}", self.expr(t, d), self.expr(t, d))
                }
                5 => {
                    let w = self.window(d);
                    let p = self.c.pick(&["2A", "1S+1A", "3A(或1S)", "6B", "1S"]);
                    format!("{w} 达到 {p}")
                }
                6 => format!("{} 无 C、D", self.window(d)),
                7 => format!(
                    "{} 属于 {} .. {}",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d)
                ),
                8 => format!("e 属于 [甲, {}]", self.c.pick(&["乙", "丙"])),
                _ => {
                    let q = self.c.pick(&["任一", "所有", "any", "all"]);
                    let (var, dom) = self.domain(d);
                    self.vars.push((var.clone(), dom.1));
                    let cond = self.expr(Ty::Bool, d);
                    self.vars.pop();
                    format!("({q} {var} 属于 {} 满足 {cond})", dom.0)
                }
            },
            Ty::Date => match self.c.below(6) {
                0 | 1 => {
                    let op = self.c.pick(&["+", "-"]);
                    format!(
                        "({} {op} {})",
                        self.expr(Ty::Date, d),
                        self.expr(Ty::Dur, d)
                    )
                }
                2 => {
                    let f = self.c.pick(&["月初", "月末"]);
                    format!("{f}({})", self.expr(Ty::Month, d))
                }
                3 => format!(
                    "(工作日({}, {}) ?? {})",
                    self.expr(Ty::Month, d),
                    self.c.below(30),
                    self.leaf(Ty::Date)
                ),
                4 => format!(
                    "(若 {} 则 {} 否则 {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d)
                ),
                _ => format!(
                    "较大({}, {})",
                    self.expr(Ty::Date, d),
                    self.expr(Ty::Date, d)
                ),
            },
            Ty::Month => match self.c.below(3) {
                0 | 1 => {
                    let op = self.c.pick(&["+", "-"]);
                    let n = self.c.below(40);
                    let n = if self.c.one_in(40) { 2_000_000_000 } else { n };
                    format!("({} {op} {n}个月)", self.expr(Ty::Month, d))
                }
                _ => format!("月份({})", self.expr(Ty::Date, d)),
            },
            Ty::Dur => match self.c.below(3) {
                0 => {
                    let op = self.c.pick(&["+", "-"]);
                    format!("({} {op} {})", self.expr(Ty::Dur, d), self.expr(Ty::Dur, d))
                }
                1 => format!("({} * {})", self.expr(Ty::Dur, d), self.c.below(1000)),
                _ => self.leaf(Ty::Dur),
            },
            Ty::Rung => match self.c.below(3) {
                0 => {
                    let op = self.c.pick(&["+", "-"]);
                    format!(
                        "({} {op} {})",
                        self.expr(Ty::Rung, d),
                        self.expr(Ty::Int, d)
                    )
                }
                1 => format!(
                    "较小({}, {})",
                    self.expr(Ty::Rung, d),
                    self.expr(Ty::Rung, d)
                ),
                _ => self.leaf(Ty::Rung),
            },
        }
    }

    /// A grade window: the month map seen between two months.
    fn window(&mut self, d: usize) -> String {
        format!(
            "g[{} .. {}]",
            self.expr(Ty::Month, d),
            self.expr(Ty::Month, d)
        )
    }

    /// A quantifier's variable and domain: a list, a range or a window.
    fn domain(&mut self, d: usize) -> (String, (String, Ty)) {
        let var = format!("v{}", self.vars.len());
        let dom = match self.c.below(6) {
            0 => ("ds".to_string(), Ty::Date),
            1 => (
                format!("{} .. {}", self.expr(Ty::Month, d), self.expr(Ty::Month, d)),
                Ty::Month,
            ),
            2 => (
                format!("{} .. {}", self.expr(Ty::Date, d), self.expr(Ty::Date, d)),
                Ty::Date,
            ),
            3 => (
                format!("{} .. {}", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                Ty::Int,
            ),
            4 => (self.window(d), Ty::Month),
            _ => ("g".to_string(), Ty::Month),
        };
        (var, dom)
    }
}

/// Generates a policy over the fixed schema: parameters, definitions and decisions whose
/// rules compute with every kind of value.
pub fn policy(c: &mut dyn Choose) -> String {
    let mut out = String::from("制度 \"生成\"\n");
    if !c.one_in(4) {
        out.push_str("日历 \"cal.csv\"\n");
    }
    out.push_str(SCHEMA);
    let unit = c.pick(&["个月", "天", "个工作日", "年", "months", "days", "workdays"]);
    let dur = duration(c, unit);
    let num = big_number(c);
    out.push_str(&format!(
        "参数 P期 = {dur} 出处 \"1\"\n参数 P数 = {num} 自定\n"
    ));
    let mut e = Exprs {
        c,
        vars: Vec::new(),
        lets: Vec::new(),
        unit,
    };
    for i in 0..e.c.below(4) {
        let ty = TYPES
            .get(e.c.below(TYPES.len()))
            .copied()
            .unwrap_or(Ty::Num);
        if ty == Ty::Dur {
            continue;
        }
        let x = e.expr(ty, 3);
        out.push_str(&format!("定义 x{i} = {x}\n"));
        e.lets.push((format!("x{i}"), ty));
    }
    for k in 0..1 + e.c.below(2) {
        out.push_str(&format!("决定 D{k} \"决定{k}\" {{\n"));
        let fields = [
            ("f布", Ty::Bool, "布尔 = 假"),
            ("f数", Ty::Num, "数值 = 0 取大"),
            ("f日", Ty::Date, "日期?"),
            ("f阶", Ty::Rung, "L = 一 取大"),
            ("f月", Ty::Month, "月份?"),
        ];
        for (name, _, decl) in fields {
            out.push_str(&format!("  {name}: {decl}\n"));
        }
        for r in 0..1 + e.c.below(4) {
            let cond = e.expr(Ty::Bool, 3);
            let (name, ty, _) =
                fields
                    .get(e.c.below(fields.len()))
                    .copied()
                    .unwrap_or(("f布", Ty::Bool, ""));
            let value = e.expr(ty, 3);
            out.push_str(&format!(
                "  规则 {k}.{r} \"规则\" 原文 \"第{r}条\"\n    当 {cond}\n    则 {name} = {value}\n"
            ));
        }
        out.push_str("}\n");
    }
    out
}

fn json_date(c: &mut dyn Choose) -> String {
    format!("\"{}\"", date_lit(c))
}

/// One record of the schema, as a JSON object; now and then a field is missing or wrong.
pub fn record(c: &mut dyn Choose, i: usize) -> String {
    let mut fields: Vec<String> = Vec::new();
    // One record in six has one field missing or of the wrong type.
    let fault = if c.one_in(6) { c.below(12) } else { usize::MAX };
    let mut k = 0;
    let mut put = |c: &mut dyn Choose, name: &str, value: String| {
        k += 1;
        if k - 1 != fault {
            fields.push(format!("\"{name}\": {value}"));
        } else if c.one_in(2) {
            fields.push(format!("\"{name}\": \"?\""));
        }
    };
    put(c, "工号", format!("\"E{i}\""));
    let n = big_number(c);
    put(c, "n1", n);
    if c.one_in(2) {
        let n = c.below(100).to_string();
        put(c, "n2", n);
    }
    let d = json_date(c);
    put(c, "d1", d);
    if c.one_in(2) {
        let d = json_date(c);
        put(c, "d2", d);
    }
    let m = format!("\"{}\"", month_lit(c));
    put(c, "m1", m);
    let mut grades = Vec::new();
    let start = 2025 * 12 + c.below(24);
    for k in 0..c.below(14) {
        let month = start + k;
        let g = c.pick(&["S", "A", "B", "C", "D"]);
        grades.push(format!("\"{}-{:02}\": \"{g}\"", month / 12, month % 12 + 1));
    }
    put(c, "g", format!("{{{}}}", grades.join(", ")));
    let r = c.pick(&["一", "二(低)", "二(高)", "三(中)", "三(高)"]);
    put(c, "r", format!("\"{r}\""));
    let e = c.pick(&["甲", "乙", "丙"]);
    put(c, "e", format!("\"{e}\""));
    let b = c.pick(&["true", "false"]);
    put(c, "b", b.to_string());
    let ds: Vec<String> = (0..c.below(4)).map(|_| json_date(c)).collect();
    put(c, "ds", format!("[{}]", ds.join(", ")));
    let xs: Vec<String> = (0..c.below(3))
        .map(|_| format!("{{\"日\": {}, \"分\": {}}}", json_date(c), c.below(100)))
        .collect();
    put(c, "xs", format!("[{}]", xs.join(", ")));
    format!("{{{}}}", fields.join(", "))
}

/// A whole case: a policy, records for it and a date.
pub fn case(c: &mut dyn Choose) -> Case {
    let policy = policy(c);
    let records = (0..1 + c.below(4))
        .map(|i| record(c, i))
        .collect::<Vec<_>>()
        .join("\n");
    let as_of = match c.below(16) {
        0 => (9999, 12, 31),
        1 => (1, 1, 1),
        _ => (2026, 1 + c.below(12) as u32, 1 + c.below(28) as u32),
    };
    Case {
        policy,
        calendar: CALENDAR.to_string(),
        records,
        as_of,
    }
}

pub mod run;
