//! Check stage: lints. Unused definitions and parameters, parameters without provenance or not
//! set by the source, rules without their sentence, rules that can never fire, and rules that
//! may fire together and give one field different values where the order would decide.

use crate::program::ir::ExprId;
use crate::program::{BinOp, Combine, Provenance};
use crate::value::FieldValue;

use super::error::CheckWarningKind;
use super::{Checker, Used};
use crate::program::ir::NodeKind;

/// One conjunct of a condition, as far as the lint understands it.
#[derive(Clone, Debug)]
enum Atom {
    /// A test on an expression (named by its key).
    Test(String, Test),
    /// Alternatives, each a conjunction.
    Any(Vec<Vec<Atom>>),
    /// Never true.
    False,
}

#[derive(Clone, Debug)]
enum Test {
    Eq(FieldValue),
    Ne(FieldValue),
    In(Vec<FieldValue>),
    NotIn(Vec<FieldValue>),
    /// Compared with a constant: the closed interval of ordinals it allows.
    Interval(i64, i64),
    /// Compared with another expression: the signs (-, 0, +) of `self - other` allowed.
    Versus(String, [bool; 3]),
    Has(bool),
    Truth(bool),
}

fn ordinal(v: &FieldValue) -> Option<i64> {
    Some(match v {
        FieldValue::Num(n) => n.raw(),
        FieldValue::Date(d) => i64::from(d.raw()),
        FieldValue::Month(m) => i64::from(m.raw()),
        FieldValue::Quarter(q) => i64::from(q.raw()),
        FieldValue::Grade(g) => i64::from(*g),
        FieldValue::Rung(r) | FieldValue::Major(r) => i64::from(*r),
        _ => return None,
    })
}

fn signs(op: BinOp) -> Option<[bool; 3]> {
    Some(match op {
        BinOp::Lt => [true, false, false],
        BinOp::Le => [true, true, false],
        BinOp::Eq => [false, true, false],
        BinOp::Ge => [false, true, true],
        BinOp::Gt => [false, false, true],
        BinOp::Ne => [true, false, true],
        _ => return None,
    })
}

fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

fn interval(op: BinOp, c: i64) -> Option<(i64, i64)> {
    Some(match op {
        BinOp::Lt => (i64::MIN, c.saturating_sub(1)),
        BinOp::Le => (i64::MIN, c),
        BinOp::Gt => (c.saturating_add(1), i64::MAX),
        BinOp::Ge => (c, i64::MAX),
        BinOp::Eq => (c, c),
        _ => return None,
    })
}

/// Whether two tests on the same expression can never both hold.
fn clash(a: &Test, b: &Test) -> bool {
    use Test::*;
    match (a, b) {
        (Has(x), Has(y)) | (Truth(x), Truth(y)) => x != y,
        (Has(false), t) | (t, Has(false)) => !matches!(t, Truth(false)),
        (Eq(x), Eq(y)) => x != y,
        (Eq(x), Ne(y)) | (Ne(y), Eq(x)) => x == y,
        (Eq(x), In(s)) | (In(s), Eq(x)) => !s.contains(x),
        (Eq(x), NotIn(s)) | (NotIn(s), Eq(x)) => s.contains(x),
        (In(s), In(t)) => s.iter().all(|x| !t.contains(x)),
        (In(s), NotIn(t)) | (NotIn(t), In(s)) => s.iter().all(|x| t.contains(x)),
        (In(s), Ne(y)) | (Ne(y), In(s)) => s.iter().all(|x| x == y),
        (Interval(a0, a1), Interval(b0, b1)) => a1 < b0 || b1 < a0,
        (Eq(x), Interval(lo, hi)) | (Interval(lo, hi), Eq(x)) => {
            ordinal(x).is_some_and(|o| o < *lo || o > *hi)
        }
        (Versus(k, s), Versus(j, t)) => k == j && !s.iter().zip(t).any(|(x, y)| *x && *y),
        _ => false,
    }
}

/// Whether a conjunction can never hold.
fn impossible(conj: &[Atom]) -> bool {
    conj.iter().enumerate().any(|(i, a)| match a {
        Atom::False => true,
        Atom::Any(alts) => {
            let rest: Vec<Atom> = conj
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, x)| x.clone())
                .collect();
            alts.iter().all(|alt| exclusive(alt, &rest))
        }
        Atom::Test(k, t) => conj
            .iter()
            .skip(i + 1)
            .any(|b| matches!(b, Atom::Test(j, u) if j == k && clash(t, u))),
    })
}

/// Whether two conjunctions can never both hold.
fn exclusive(a: &[Atom], b: &[Atom]) -> bool {
    let joined: Vec<Atom> = a.iter().chain(b).cloned().collect();
    impossible(&joined)
}

impl<'a> Checker<'a> {
    /// Runs every lint.
    pub(super) fn lint(&mut self) {
        self.unused();
        self.provenance();
        self.rule_texts();
        // These reason about a valid program; on a file with errors they would only add noise.
        if self.errors.is_empty() {
            self.never_fire();
            self.overlaps();
            self.bounded_together();
        }
    }

    fn unused(&mut self) {
        for i in 0..self.lets.len() {
            let Some(l) = self.lets.get(i) else {
                continue;
            };
            if self.used.contains(&Used::Let(i)) {
                continue;
            }
            let name = l.decl.name.clone();
            let kind = CheckWarningKind::UnusedLet { name: name.node };
            self.warn(name.span, kind);
        }
        for i in 0..self.params.len() {
            let Some(p) = self.params.get(i) else {
                continue;
            };
            if self.used.contains(&Used::Param(i)) {
                continue;
            }
            let (name, span) = (p.name.clone(), p.span);
            self.warn(span, CheckWarningKind::UnusedParam { name });
        }
    }

    fn provenance(&mut self) {
        let params = self
            .params
            .iter()
            .map(|p| (p.name.clone(), false, p.span, p.provenance.clone()));
        let tables = self
            .tables
            .iter()
            .map(|t| (t.name.clone(), true, t.span, t.provenance.clone()));
        let all: Vec<_> = params.chain(tables).collect();
        for (name, table, span, prov) in all {
            match prov {
                Some(Provenance::From(_)) => {}
                Some(Provenance::Assumed(note)) => {
                    let kind = CheckWarningKind::AssumedParam { name, table, note };
                    self.warn(span, kind);
                }
                None => self.warn(span, CheckWarningKind::UnsourcedParam { name, table }),
            }
        }
    }

    fn rule_texts(&mut self) {
        let known: Vec<String> = self.clause_ids.keys().cloned().collect();
        for r in 0..self.rules.len() {
            let Some(rule) = self.rules.get(r) else {
                continue;
            };
            let (id, span, has_source, see) = {
                (
                    rule.id().to_string(),
                    rule.span,
                    rule.source.is_some(),
                    rule.see.clone(),
                )
            };
            if !has_source {
                let rule = id.clone();
                self.warn(span, CheckWarningKind::NoSource { rule });
            }
            for clause in see {
                if !known.contains(&clause) {
                    self.warn(span, CheckWarningKind::UnknownClause { clause });
                }
            }
        }
    }

    /// An expression's key, when the lint can compare it with others.
    fn key(&self, id: ExprId) -> Option<String> {
        let n = self.nodes.get(id.index())?;
        Some(match &n.kind {
            NodeKind::Field(i) => format!("f{i}"),
            NodeKind::Slot(s) => format!("s{s}"),
            NodeKind::Param(p) => format!("p{p}"),
            NodeKind::AsOf => "asof".into(),
            NodeKind::Const(v) => format!("{v:?}"),
            NodeKind::Member(a, i) => format!("{}.{i}", self.key(*a)?),
            NodeKind::Index(a, b) => format!("{}[{}]", self.key(*a)?, self.key(*b)?),
            NodeKind::Binary(op, a, b) => format!("({} {op:?} {})", self.key(*a)?, self.key(*b)?),
            NodeKind::Call(b, args) => {
                let keys: Option<Vec<String>> = args.iter().map(|a| self.key(*a)).collect();
                format!("{b:?}({})", keys?.join(","))
            }
            _ => return None,
        })
    }

    fn konst(&self, id: ExprId) -> Option<&FieldValue> {
        match &self.nodes.get(id.index())?.kind {
            NodeKind::Const(v) => Some(v),
            NodeKind::Param(p) => self.params.get(*p).map(|p| &p.value),
            _ => None,
        }
    }

    /// A condition as conjuncts.
    fn atoms(&self, id: ExprId, out: &mut Vec<Atom>) {
        let Some(n) = self.nodes.get(id.index()) else {
            return;
        };
        match &n.kind {
            NodeKind::Binary(BinOp::And, a, b) => {
                self.atoms(*a, out);
                self.atoms(*b, out);
            }
            NodeKind::Binary(BinOp::Or, _, _) => {
                let mut alts = Vec::new();
                self.alternatives(id, &mut alts);
                out.push(Atom::Any(alts));
            }
            NodeKind::Const(FieldValue::Bool(false)) => out.push(Atom::False),
            NodeKind::Has(a) => out.extend(self.key(*a).map(|k| Atom::Test(k, Test::Has(true)))),
            NodeKind::Not(a) => match self.nodes.get(a.index()).map(|x| &x.kind) {
                Some(NodeKind::Has(b)) => {
                    out.extend(self.key(*b).map(|k| Atom::Test(k, Test::Has(false))))
                }
                Some(NodeKind::Binary(BinOp::Eq, l, r)) => {
                    out.extend(self.comparison(BinOp::Ne, *l, *r))
                }
                _ => out.extend(self.key(*a).map(|k| Atom::Test(k, Test::Truth(false)))),
            },
            NodeKind::Binary(op, l, r) => out.extend(self.comparison(*op, *l, *r)),
            NodeKind::Slot(_) | NodeKind::Field(_) | NodeKind::Param(_) => {
                out.extend(self.key(id).map(|k| Atom::Test(k, Test::Truth(true))))
            }
            _ => {}
        }
    }

    fn alternatives(&self, id: ExprId, out: &mut Vec<Vec<Atom>>) {
        match self.nodes.get(id.index()).map(|n| &n.kind) {
            Some(NodeKind::Binary(BinOp::Or, a, b)) => {
                self.alternatives(*a, out);
                self.alternatives(*b, out);
            }
            _ => {
                let mut conj = Vec::new();
                self.atoms(id, &mut conj);
                out.push(conj);
            }
        }
    }

    fn comparison(&self, op: BinOp, l: ExprId, r: ExprId) -> Option<Atom> {
        if op == BinOp::In {
            if let Some((lo, hi)) = self.constant_range(r) {
                return Some(Atom::Test(self.key(l)?, Test::Interval(lo, hi)));
            }
        }
        let (expr, value, op) = match (self.konst(l), self.konst(r)) {
            (None, Some(v)) => (l, v, op),
            (Some(v), None) => (r, v, flip(op)),
            (None, None) => {
                let s = signs(op)?;
                return Some(Atom::Test(self.key(l)?, Test::Versus(self.key(r)?, s)));
            }
            _ => return None,
        };
        let key = self.key(expr)?;
        let test = match (op, value) {
            (BinOp::Eq, v) => Test::Eq(v.clone()),
            (BinOp::Ne, v) => Test::Ne(v.clone()),
            (BinOp::In, FieldValue::List(vs)) => Test::In(vs.clone()),
            (BinOp::NotIn, FieldValue::List(vs)) => Test::NotIn(vs.clone()),
            (op, v) => {
                let (lo, hi) = interval(op, ordinal(v)?)?;
                Test::Interval(lo, hi)
            }
        };
        Some(Atom::Test(key, test))
    }

    /// `a 至 b` of constants (numbers, months, dates): the closed interval of ordinals.
    fn constant_range(&self, id: ExprId) -> Option<(i64, i64)> {
        match &self.nodes.get(id.index())?.kind {
            NodeKind::Binary(BinOp::Range, a, b) => {
                Some((ordinal(self.konst(*a)?)?, ordinal(self.konst(*b)?)?))
            }
            _ => None,
        }
    }

    fn rule_atoms(&self, r: usize) -> Vec<Atom> {
        let mut out = Vec::new();
        if let Some(w) = self.rules.get(r).and_then(|x| x.when) {
            self.atoms(w, &mut out);
        }
        out
    }

    fn never_fire(&mut self) {
        for r in 0..self.rules.len() {
            if !impossible(&self.rule_atoms(r)) {
                continue;
            }
            let Some(def) = self.rules.get(r) else {
                continue;
            };
            let (rule, span) = (def.id().to_string(), def.span);
            self.warn(span, CheckWarningKind::Contradiction { rule });
        }
    }

    fn overlaps(&mut self) {
        let mut found = Vec::new();
        for d in &self.decisions {
            for f in &d.fields {
                if !matches!(f.combine, Combine::First | Combine::Unique) {
                    continue;
                }
                for (i, a) in f.setters.iter().enumerate() {
                    for b in f.setters.iter().skip(i + 1) {
                        if a.rule == b.rule || self.related(a.rule, b.rule) {
                            continue;
                        }
                        let same_value = matches!((self.konst(a.value), self.konst(b.value)), (Some(x), Some(y)) if x == y);
                        if same_value
                            || exclusive(&self.rule_atoms(a.rule), &self.rule_atoms(b.rule))
                        {
                            continue;
                        }
                        let unconditional =
                            self.rules.get(a.rule).is_some_and(|r| r.when.is_none());
                        found.push((
                            a.rule,
                            b.rule,
                            f.name.clone(),
                            unconditional,
                            f.combine,
                            f.ty.is_ordered(),
                        ));
                    }
                }
            }
        }
        for (a, b, field, unconditional, combine, ordered) in found {
            let (Some(rule_a), Some(rule_b)) = (self.rules.get(a), self.rules.get(b)) else {
                continue;
            };
            let (ida, idb, span, first) = (
                rule_a.id().to_string(),
                rule_b.id().to_string(),
                rule_b.span,
                rule_a.span,
            );
            let kind = if unconditional {
                CheckWarningKind::Shadowed {
                    rule: idb,
                    by: ida,
                    field,
                }
            } else {
                CheckWarningKind::Overlap {
                    rule: idb,
                    other: ida,
                    other_span: first,
                    field,
                    unique: combine == Combine::Unique,
                    ordered,
                }
            };
            self.warn(span, kind);
        }
    }

    /// Whether one rule overrides the other.
    fn related(&self, a: usize, b: usize) -> bool {
        self.rules
            .get(a)
            .is_some_and(|r| r.overrides.contains(&b) || r.overridden_by.contains(&b))
    }
}

impl Checker<'_> {
    /// A rule that sets a field a cap or floor of another rule can change, and other fields
    /// beside it: the bound changes only that field, so the rule's other values can contradict
    /// it (a 方式 of 评审答辩 beside a 小级数 capped to 0).
    fn bounded_together(&mut self) {
        let mut found = Vec::new();
        for d in &self.decisions {
            for f in d.fields.iter().filter(|f| !f.bounds.is_empty()) {
                for s in &f.setters {
                    let others: Vec<String> = d
                        .fields
                        .iter()
                        .filter(|g| g.name != f.name && g.setters.iter().any(|x| x.rule == s.rule))
                        .map(|g| g.name.clone())
                        .collect();
                    let bounds: Vec<usize> = f
                        .bounds
                        .iter()
                        .map(|b| b.rule)
                        .filter(|b| *b != s.rule)
                        .collect();
                    if !others.is_empty() && !bounds.is_empty() {
                        found.push((s.rule, bounds, f.name.clone(), others));
                    }
                }
            }
        }
        for (rule, bounds, field, others) in found {
            let Some((id, span)) = self.rules.get(rule).map(|r| (r.id().to_string(), r.span))
            else {
                continue;
            };
            let limits = bounds
                .iter()
                .filter_map(|b| self.rules.get(*b).map(|r| (r.id().to_string(), r.span)))
                .collect();
            let kind = CheckWarningKind::BoundedBeside {
                rule: id,
                field,
                others,
                limits,
            };
            self.warn(span, kind);
        }
    }
}
