//! Formatter: expressions, with the parentheses that precedence needs and no others, operators
//! as written (in the target language), and long conditions broken at `且` / `或`.

use crate::syntax::ast::{Aggregate, BinOp, Expr, ExprKind, Quantifier, Unit};
use crate::syntax::Span;

use super::words::{self as w, Keywords, Word};
use super::{width, Fmt, WIDTH};

/// How tightly an expression binds (docs/language.md § 3.16): 1 `或`, 2 `且`, 3 `非` and the
/// prefixes whose last part runs to the end, 4 comparisons, 5 ranges, 6 `+ -`, 7 `* /`, 8 unary
/// `-` and `有`, 9 `若无则`, 10 member access, calls and atoms.
fn prec(e: &Expr) -> u8 {
    match &e.node {
        ExprKind::Binary(op, ..) => match op {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Range => 5,
            BinOp::Add | BinOp::Sub => 6,
            BinOp::Mul | BinOp::Div => 7,
            BinOp::Otherwise => 9,
            _ => 4,
        },
        ExprKind::Not(_) | ExprKind::Quantified(..) | ExprKind::If(..) => 3,
        ExprKind::Meets(..) | ExprKind::HasNo(..) => 4,
        ExprKind::Neg(_) | ExprKind::Has(_) => 8,
        _ => 10,
    }
}

/// Operators that fold into a left-leaning chain.
fn chains(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Or
            | BinOp::And
            | BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::Div
            | BinOp::Otherwise
    )
}

/// Whether an expression's last part runs to the end of its text (a quantifier or a
/// conditional, or `非` before one): anything after it would be swallowed.
fn runs_on(mut e: &Expr) -> bool {
    loop {
        match &e.node {
            ExprKind::Quantified(..) | ExprKind::If(..) => return true,
            ExprKind::Not(x) => e = x,
            _ => return false,
        }
    }
}

/// The operands of a chain, left to right, with the operator before each but the first.
fn chain(e: &Expr) -> Vec<(Option<BinOp>, &Expr)> {
    let mut out = Vec::new();
    let mut cur = e;
    let level = prec(e);
    while let ExprKind::Binary(op, l, r) = &cur.node {
        if !chains(*op) || prec(cur) != level {
            break;
        }
        out.push((Some(*op), &**r));
        cur = l;
    }
    out.push((None, cur));
    out.reverse();
    out
}

impl Fmt<'_> {
    /// The operator written between two operands, without spaces and comments.
    fn written_op(&self, left: Span, right: Span) -> String {
        let between = self.src.get(left.end..right.start).unwrap_or("");
        between
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn op(&self, op: BinOp, left: Span, right: Span) -> String {
        let written = self.written_op(left, right);
        let words: &[Word] = match op {
            BinOp::Or => &[w::OR],
            BinOp::And => &[w::AND],
            BinOp::Otherwise => &[w::OTHERWISE],
            BinOp::Range => &[w::RANGE],
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => &[],
            _ => &[
                w::LT,
                w::GT,
                w::EQ,
                w::NE,
                w::AT_MOST,
                w::AT_LEAST,
                w::IN,
                w::NOT_IN,
            ],
        };
        self.kw.keep(&written, words)
    }

    /// An expression on its own (nothing follows it).
    pub(super) fn expr(&self, e: &Expr) -> String {
        self.sub(e, 0, true)
    }

    /// An operand that must bind at least as tightly as `min`; `tail` when nothing follows it
    /// up to the end of the enclosing text.
    fn sub(&self, e: &Expr, min: u8, tail: bool) -> String {
        if prec(e) < min || (!tail && runs_on(e)) {
            format!("({})", self.bare(e, true))
        } else {
            self.bare(e, tail)
        }
    }

    fn bare(&self, e: &Expr, tail: bool) -> String {
        let kw = self.kw;
        match &e.node {
            ExprKind::Binary(op, ..) if chains(*op) => {
                let parts = chain(e);
                let level = prec(e);
                let mut out = String::new();
                let mut prev: Option<&Expr> = None;
                let count = parts.len();
                for (i, (op, x)) in parts.into_iter().enumerate() {
                    let last = i + 1 == count;
                    if let (Some(op), Some(p)) = (op, prev) {
                        out.push(' ');
                        out.push_str(&self.op(op, p.span, x.span));
                        out.push(' ');
                    }
                    let min = if i == 0 { level } else { level + 1 };
                    out.push_str(&self.sub(x, min, tail && last));
                    prev = Some(x);
                }
                out
            }
            ExprKind::Binary(op, l, r) => {
                let min = if *op == BinOp::Range { 6 } else { 5 };
                let sep = self.op(*op, l.span, r.span);
                format!(
                    "{} {sep} {}",
                    self.sub(l, min, false),
                    self.sub(r, min, tail)
                )
            }
            ExprKind::Not(x) => format!("{} {}", kw.of(w::NOT), self.sub(x, 3, tail)),
            ExprKind::Neg(x) => format!("-{}", self.sub(x, 8, tail)),
            ExprKind::Has(x) => format!("{} {}", kw.of(w::HAS), self.sub(x, 10, tail)),
            ExprKind::Meets(x, _) => format!(
                "{} {} {}",
                self.sub(x, 5, false),
                kw.of(w::MEETS),
                self.pattern(x.span.end, e.span.end)
            ),
            ExprKind::HasNo(x, grades) => {
                let sep = if kw == Keywords::Zh { "、" } else { ", " };
                let names: Vec<&str> = grades.iter().map(|g| self.text(g.span)).collect();
                format!(
                    "{} {} {}",
                    self.sub(x, 5, false),
                    kw.of(w::HAS_NO),
                    names.join(sep)
                )
            }
            ExprKind::Quantified(q, var, list, cond) => {
                let word = match q {
                    Quantifier::Any => w::ANY,
                    Quantifier::All => w::ALL,
                    Quantifier::Count => w::COUNT,
                    Quantifier::First => w::FIRST_OF,
                };
                format!(
                    "{} {} {} {} {} {}",
                    kw.of(word),
                    self.text(var.span),
                    kw.of(w::IN),
                    self.sub(list, 1, false),
                    kw.of(w::WHERE),
                    self.sub(cond, 0, tail)
                )
            }
            ExprKind::Aggregate(agg, var, list, filter, value) => {
                let word = match agg {
                    Aggregate::Sum => w::SUM,
                    Aggregate::Average => w::AVERAGE,
                    Aggregate::Min => w::MINIMUM,
                    Aggregate::Max => w::MAXIMUM,
                };
                let filter = filter.as_ref().map_or(String::new(), |f| {
                    format!(" {} {}", kw.of(w::WHERE), self.sub(f, 0, false))
                });
                format!(
                    "{} {} {} {}{filter} {} {}",
                    kw.of(word),
                    self.text(var.span),
                    kw.of(w::IN),
                    self.sub(list, 5, false),
                    kw.of(w::OF),
                    self.sub(value, 10, tail)
                )
            }
            ExprKind::If(c, a, b) => format!(
                "{} {} {} {} {} {}",
                kw.of(w::IF),
                self.sub(c, 0, false),
                kw.of(w::THEN),
                self.sub(a, 0, false),
                kw.of(w::ELSE),
                self.sub(b, 0, tail)
            ),
            ExprKind::Call(f, args) => {
                let name = self.text(f.span);
                let name = if self.declared.contains(f.node.as_str()) {
                    name
                } else {
                    let builtins: Vec<(&'static str, &'static str)> =
                        crate::check::builtin_names().collect();
                    kw.builtin(&builtins, name).unwrap_or(name)
                };
                let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                format!("{name}({})", args.join(", "))
            }
            ExprKind::List(items) => {
                let items: Vec<String> = items.iter().map(|a| self.expr(a)).collect();
                format!("[{}]", items.join(", "))
            }
            ExprKind::Member(x, name) => {
                format!("{}.{}", self.sub(x, 10, false), self.text(name.span))
            }
            ExprKind::Index(x, i) => format!("{}[{}]", self.sub(x, 10, false), self.expr(i)),
            ExprKind::Bool(b) => kw.of(if *b { w::TRUE } else { w::FALSE }).to_string(),
            ExprKind::None => kw.of(w::NONE).to_string(),
            ExprKind::Duration(n, unit) => duration(kw, n, *unit),
            ExprKind::Name(n) => {
                let written = self.text(e.span);
                if self.declared.contains(n.as_str()) {
                    return written.to_string();
                }
                let as_of = [(crate::check::AS_OF[0], crate::check::AS_OF[1])];
                kw.builtin(&as_of, written).unwrap_or(written).to_string()
            }
            ExprKind::Number(_)
            | ExprKind::Percent(_)
            | ExprKind::Str(_)
            | ExprKind::Date(_)
            | ExprKind::Month(_)
            | ExprKind::Quarter(_) => self.text(e.span).to_string(),
        }
    }

    /// A grade pattern, from its text after `达到` up to `end`: terms as written, alternatives
    /// spaced canonically (`3A 或 1S+1A`, `2A(或1S)`; `3A or 1S+1A`, `2A (or 1S)`).
    fn pattern(&self, from: usize, end: usize) -> String {
        let text = self.src.get(from..end).unwrap_or("");
        let text = text.trim_start();
        let text = ["达到", "meets"]
            .iter()
            .find_map(|k| text.strip_prefix(k))
            .unwrap_or(text);
        let zh = self.kw == Keywords::Zh;
        let mut out = String::new();
        let mut depth = 0;
        let mut after_count = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let count = c.is_ascii_digit();
            match c {
                '(' | '（' => {
                    depth += 1;
                    out.push_str(if zh { "(" } else { " (" });
                }
                ')' | '）' => {
                    depth -= 1;
                    out.push(')');
                }
                ',' | '，' | '、' => out.push_str(if zh { "," } else { ", " }),
                '或' if !after_count => out.push_str(or(zh, depth)),
                c if c.is_ascii_alphabetic() => {
                    let mut word = c.to_string();
                    while let Some(d) = chars.next_if(char::is_ascii_alphabetic) {
                        word.push(d);
                    }
                    if !after_count && word == "or" {
                        out.push_str(or(zh, depth));
                    } else {
                        out.push_str(&word);
                    }
                }
                '「' | '`' => {
                    let close = if c == '「' { '」' } else { '`' };
                    out.push(c);
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == close {
                            break;
                        }
                    }
                }
                c if c.is_whitespace() => continue,
                c => out.push(c),
            }
            after_count = count;
        }
        out
    }

    /// A condition after `head` (`当 `) at `indent`: on one line when it fits, else broken
    /// before each `且` (or `或`) of its outermost chain, continuation lines two further in.
    pub(super) fn condition(&self, indent: usize, head: &str, e: &Expr) -> Vec<String> {
        let one = format!("{head}{}", self.expr(e));
        let breakable = matches!(&e.node, ExprKind::Binary(BinOp::And | BinOp::Or, ..));
        if indent + width(&one) <= WIDTH || !breakable {
            return vec![one];
        }
        let level = prec(e);
        let parts = chain(e);
        let count = parts.len();
        let mut lines = Vec::new();
        let mut prev: Option<&Expr> = None;
        for (i, (op, x)) in parts.into_iter().enumerate() {
            let min = if i == 0 { level } else { level + 1 };
            let operand = self.sub(x, min, i + 1 == count);
            match (op, prev) {
                (Some(op), Some(p)) => {
                    lines.push(format!("{} {operand}", self.op(op, p.span, x.span)))
                }
                _ => lines.push(format!("{head}{operand}")),
            }
            prev = Some(x);
        }
        lines
    }
}

fn or(zh: bool, depth: i32) -> &'static str {
    match (zh, depth > 0) {
        (true, true) => "或",
        (true, false) => " 或 ",
        (false, true) => "or ",
        (false, false) => " or ",
    }
}

fn duration(kw: Keywords, n: &str, unit: Unit) -> String {
    let one = n == "1";
    match kw {
        Keywords::Zh => {
            let u = match unit {
                Unit::Days => "天",
                Unit::Workdays => "个工作日",
                Unit::Months => "个月",
                Unit::Quarters => "个季度",
                Unit::Years => "年",
            };
            format!("{n}{u}")
        }
        Keywords::En => {
            let u = match (unit, one) {
                (Unit::Days, true) => "day",
                (Unit::Days, false) => "days",
                (Unit::Workdays, true) => "working day",
                (Unit::Workdays, false) => "working days",
                (Unit::Months, true) => "month",
                (Unit::Months, false) => "months",
                (Unit::Quarters, true) => "quarter",
                (Unit::Quarters, false) => "quarters",
                (Unit::Years, true) => "year",
                (Unit::Years, false) => "years",
            };
            format!("{n} {u}")
        }
    }
}
