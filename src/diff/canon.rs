//! Diff stage: an expression of the resolved program in a canonical form that two versions of a
//! policy can compare: every slot, field and parameter by its name, every constant by its value
//! as the policy names it (a grade by its level, a rung by its name), and nothing of the text
//! (layout, keyword language, parentheses) it was written in.

use crate::eval;
use crate::program::ir::{Builtin, ExprId, NodeKind};
use crate::program::ops::Aggregate;
use crate::program::{BinOp, Program, Quantifier};
use crate::verdict::Value;

/// An expression in canonical form.
#[derive(Clone, Debug, PartialEq)]
pub enum Canon {
    /// A constant, named by the policy.
    Const(Value),
    /// A record field.
    Field(String),
    /// A definition or an outcome field (`决定.字段`).
    Slot(String),
    /// A parameter.
    Param(String),
    /// A quantifier's variable, by depth.
    Local(u16),
    /// The evaluation date.
    AsOf,
    /// A sub-record's field.
    Member(Box<Canon>, String),
    /// `map[month]` or `map[from .. to]`.
    Index(Box<Canon>, Box<Canon>),
    /// `非 x`.
    Not(Box<Canon>),
    /// `-x`.
    Neg(Box<Canon>),
    /// `有 x`.
    Has(Box<Canon>),
    /// A binary operation.
    Binary(BinOp, Box<Canon>, Box<Canon>),
    /// A grade pattern over a window.
    Meets(Box<Canon>, Pattern),
    /// None of these levels in a window.
    HasNo(Box<Canon>, Vec<String>),
    /// A quantifier.
    Quant(Quantifier, u16, Box<Canon>, Box<Canon>),
    /// `若 c 则 a 否则 b`.
    If(Box<Canon>, Box<Canon>, Box<Canon>),
    /// An aggregate: the list, the filter, the value of each element.
    Agg(Aggregate, u16, Box<Canon>, Option<Box<Canon>>, Box<Canon>),
    /// `表[键]`: the table by name and the key.
    Lookup(String, Box<Canon>),
    /// A built-in function.
    Call(Builtin, Vec<Canon>),
    /// A group function of a roster decision: its name, and the value a group average reads.
    Group(&'static str, Option<Box<Canon>>),
    /// A node the program does not have (never in a checked program).
    Missing,
}

/// A grade pattern as the regulation writes it: alternatives, each a list of (count, level)
/// terms, best level first (`1S+1A` is `[(1, "S"), (1, "A")]`).
pub type Pattern = Vec<Vec<(u32, String)>>;

/// The deepest expression canonicalised; deeper parts compare as [`Canon::Missing`]. The
/// checker bounds nesting far below this.
const MAX_DEPTH: usize = 256;

/// The canonical form of an expression of a program.
pub fn canon(p: &Program, id: ExprId) -> Canon {
    build(p, id, 0)
}

fn build(p: &Program, id: ExprId, depth: usize) -> Canon {
    let Some(node) = p.node(id) else {
        return Canon::Missing;
    };
    if depth > MAX_DEPTH {
        return Canon::Missing;
    }
    let sub = |e: ExprId| Box::new(build(p, e, depth + 1));
    match &node.kind {
        NodeKind::Const(v) => Canon::Const(Value::of(p, &node.ty, eval::Value::of(v))),
        NodeKind::Field(i) => Canon::Field(
            p.schema
                .record()
                .and_then(|r| r.fields.get(*i))
                .map_or_else(String::new, |f| f.name.clone()),
        ),
        NodeKind::Slot(s) => Canon::Slot(p.slot_name(*s)),
        NodeKind::Param(i) => Canon::Param(
            p.params
                .get(*i)
                .map_or_else(String::new, |d| d.name.clone()),
        ),
        NodeKind::Local(d) => Canon::Local(*d),
        NodeKind::AsOf => Canon::AsOf,
        NodeKind::Member(e, f) => {
            let name = p
                .node(*e)
                .and_then(|n| match n.ty {
                    crate::program::Type::Struct(s) => p.schema.struct_def(s),
                    _ => None,
                })
                .and_then(|s| s.fields.get(usize::from(*f)))
                .map_or_else(|| f.to_string(), |f| f.name.clone());
            Canon::Member(sub(*e), name)
        }
        NodeKind::Index(a, b) => Canon::Index(sub(*a), sub(*b)),
        NodeKind::Not(e) => Canon::Not(sub(*e)),
        NodeKind::Neg(e) => Canon::Neg(sub(*e)),
        NodeKind::Has(e) => Canon::Has(sub(*e)),
        NodeKind::Binary(op, a, b) => Canon::Binary(*op, sub(*a), sub(*b)),
        NodeKind::Meets(w, alts) => {
            let scale = scale_of(p, *w);
            let pattern = alts
                .iter()
                .map(|alt| {
                    let mut before = 0;
                    alt.iter()
                        .map(|&(total, rank)| {
                            let count = total.saturating_sub(before);
                            before = total;
                            (count, level(p, scale, rank))
                        })
                        .collect()
                })
                .collect();
            Canon::Meets(sub(*w), pattern)
        }
        NodeKind::HasNo(w, mask) => {
            let scale = scale_of(p, *w);
            let levels = p
                .schema
                .scale(scale.unwrap_or(u16::MAX))
                .map(|s| {
                    s.levels
                        .iter()
                        .filter(|l| s.rank(l).is_some_and(|r| r < 64 && mask & (1u64 << r) != 0))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            Canon::HasNo(sub(*w), levels)
        }
        NodeKind::Quant(q, d, list, cond) => Canon::Quant(*q, *d, sub(*list), sub(*cond)),
        NodeKind::If(c, a, b) => Canon::If(sub(*c), sub(*a), sub(*b)),
        NodeKind::Agg(a, d, list, filter, value) => {
            Canon::Agg(*a, *d, sub(*list), filter.map(sub), sub(*value))
        }
        NodeKind::Lookup(t, key) => Canon::Lookup(
            p.tables
                .get(*t)
                .map_or_else(String::new, |d| d.name.clone()),
            sub(*key),
        ),
        NodeKind::Call(f, args) => {
            Canon::Call(*f, args.iter().map(|a| build(p, *a, depth + 1)).collect())
        }
        NodeKind::Group(d, g) => {
            use crate::program::roster::GroupFn;
            match g {
                GroupFn::Size => Canon::Group("组内人数", None),
                GroupFn::Rank => Canon::Group("组内名次", None),
                GroupFn::Mean(i) => {
                    let e = p
                        .decisions
                        .get(*d)
                        .and_then(|x| x.roster.as_ref())
                        .and_then(|r| r.means.get(*i))
                        .copied();
                    Canon::Group("组内平均", e.map(sub))
                }
            }
        }
    }
}

fn scale_of(p: &Program, w: ExprId) -> Option<u16> {
    p.node(w).and_then(|n| n.ty.grades_scale())
}

fn level(p: &Program, scale: Option<u16>, rank: u8) -> String {
    scale
        .and_then(|s| p.schema.scale(s))
        .and_then(|s| s.level(rank))
        .map_or_else(|| rank.to_string(), str::to_string)
}

/// The parts of a condition joined by its outermost `且`, in order.
pub fn conjuncts(p: &Program, id: ExprId) -> Vec<ExprId> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    while let Some(e) = stack.pop() {
        match p.node(e).map(|n| &n.kind) {
            Some(NodeKind::Binary(BinOp::And, a, b)) if out.len() + stack.len() < MAX_DEPTH => {
                stack.push(*b);
                stack.push(*a);
            }
            _ => out.push(e),
        }
    }
    out
}

/// What differs between two expressions of the same shape: each constant, pattern, excluded
/// set or operator that changed, outermost first. `None` when their shapes differ (then the
/// change is shown as the whole expression before and after).
pub fn leaves(old: &Canon, new: &Canon) -> Option<Vec<Leaf>> {
    let mut out = Vec::new();
    walk(old, new, &mut out, 0).then_some(out)
}

/// One point where two expressions of the same shape differ.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Leaf {
    /// A constant: a threshold, a date, a rung, an outcome value.
    Value {
        /// Before.
        old: Value,
        /// After.
        new: Value,
    },
    /// A grade pattern.
    Pattern {
        /// Before.
        #[serde(serialize_with = "pattern_json")]
        old: Pattern,
        /// After.
        #[serde(serialize_with = "pattern_json")]
        new: Pattern,
    },
    /// The levels a window must not have.
    Excluded {
        /// Before.
        old: Vec<String>,
        /// After.
        new: Vec<String>,
    },
    /// A name: a field, definition or parameter read instead of another.
    Name {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// An operator (`>=` → `>`).
    Op {
        /// Before.
        #[serde(serialize_with = "op_json")]
        old: BinOp,
        /// After.
        #[serde(serialize_with = "op_json")]
        new: BinOp,
    },
}

fn walk(a: &Canon, b: &Canon, out: &mut Vec<Leaf>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return a == b;
    }
    let d = depth + 1;
    match (a, b) {
        _ if a == b => true,
        (Canon::Const(x), Canon::Const(y)) => {
            out.push(Leaf::Value {
                old: x.clone(),
                new: y.clone(),
            });
            true
        }
        (Canon::Field(x), Canon::Field(y))
        | (Canon::Slot(x), Canon::Slot(y))
        | (Canon::Param(x), Canon::Param(y)) => {
            out.push(Leaf::Name {
                old: x.clone(),
                new: y.clone(),
            });
            true
        }
        (Canon::Member(x, f), Canon::Member(y, g)) => f == g && walk(x, y, out, d),
        (Canon::Index(x1, x2), Canon::Index(y1, y2)) => {
            walk(x1, y1, out, d) && walk(x2, y2, out, d)
        }
        (Canon::Not(x), Canon::Not(y))
        | (Canon::Neg(x), Canon::Neg(y))
        | (Canon::Has(x), Canon::Has(y)) => walk(x, y, out, d),
        (Canon::Binary(o1, x1, x2), Canon::Binary(o2, y1, y2)) => {
            if o1 != o2 {
                if is_logical(*o1) || is_logical(*o2) {
                    return false;
                }
                out.push(Leaf::Op { old: *o1, new: *o2 });
            }
            walk(x1, y1, out, d) && walk(x2, y2, out, d)
        }
        (Canon::Meets(x, p1), Canon::Meets(y, p2)) => {
            if p1 != p2 {
                out.push(Leaf::Pattern {
                    old: p1.clone(),
                    new: p2.clone(),
                });
            }
            walk(x, y, out, d)
        }
        (Canon::HasNo(x, l1), Canon::HasNo(y, l2)) => {
            if l1 != l2 {
                out.push(Leaf::Excluded {
                    old: l1.clone(),
                    new: l2.clone(),
                });
            }
            walk(x, y, out, d)
        }
        (Canon::Quant(q1, d1, x1, x2), Canon::Quant(q2, d2, y1, y2)) => {
            q1 == q2 && d1 == d2 && walk(x1, y1, out, d) && walk(x2, y2, out, d)
        }
        (Canon::If(x1, x2, x3), Canon::If(y1, y2, y3)) => {
            walk(x1, y1, out, d) && walk(x2, y2, out, d) && walk(x3, y3, out, d)
        }
        (Canon::Agg(a1, d1, x1, f1, v1), Canon::Agg(a2, d2, y1, f2, v2)) => {
            let filters = match (f1, f2) {
                (Some(x), Some(y)) => walk(x, y, out, d),
                (None, None) => true,
                _ => false,
            };
            a1 == a2 && d1 == d2 && filters && walk(x1, y1, out, d) && walk(v1, v2, out, d)
        }
        (Canon::Call(f, xs), Canon::Call(g, ys)) => {
            f == g && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| walk(x, y, out, d))
        }
        _ => false,
    }
}

fn is_logical(op: BinOp) -> bool {
    matches!(op, BinOp::And | BinOp::Or)
}

/// Whether an expression reads a name (a definition, outcome field or parameter) directly.
pub fn reads(c: &Canon, name: &str, param: bool) -> bool {
    let mut stack = vec![c];
    while let Some(c) = stack.pop() {
        match c {
            Canon::Slot(n) if !param && n == name => return true,
            Canon::Param(n) if param && n == name => return true,
            Canon::Member(x, _)
            | Canon::Not(x)
            | Canon::Neg(x)
            | Canon::Has(x)
            | Canon::Meets(x, _)
            | Canon::HasNo(x, _) => stack.push(x),
            Canon::Index(x, y) | Canon::Binary(_, x, y) | Canon::Quant(_, _, x, y) => {
                stack.push(x);
                stack.push(y);
            }
            Canon::If(x, y, z) => {
                stack.push(x);
                stack.push(y);
                stack.push(z);
            }
            Canon::Agg(_, _, x, f, y) => {
                stack.push(x);
                stack.push(y);
                stack.extend(f.as_deref());
            }
            Canon::Call(_, xs) => stack.extend(xs.iter()),
            // A table is named like a parameter; its key may read anything.
            Canon::Lookup(t, x) => {
                if param && t == name {
                    return true;
                }
                stack.push(x);
            }
            _ => {}
        }
    }
    false
}

/// The symbol of an operator, the same in both keyword languages.
pub fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Or => "或",
        BinOp::And => "且",
        BinOp::Eq => "=",
        BinOp::Ne => "≠",
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Gt => ">",
        BinOp::Ge => ">=",
        BinOp::In => "属于",
        BinOp::NotIn => "不属于",
        BinOp::Range => "..",
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Otherwise => "若无则",
    }
}

fn op_json<S: serde::Serializer>(op: &BinOp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(op_symbol(*op))
}

/// A pattern as the regulation writes it: `3A`, `1S+1A`, alternatives joined by `|`.
pub fn pattern_text(p: &Pattern, or: &str) -> String {
    p.iter()
        .map(|alt| {
            alt.iter()
                .map(|(n, l)| format!("{n}{l}"))
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect::<Vec<_>>()
        .join(or)
}

fn pattern_json<S: serde::Serializer>(p: &Pattern, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&pattern_text(p, "|"))
}
