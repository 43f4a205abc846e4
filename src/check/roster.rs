//! Check stage: decisions over the whole roster (`按 部门 排名 …`): the group field, the order's
//! keys, the rules' quotas, the group functions (`组内平均`, `组内人数`, `组内名次`), and the
//! order of decisions: a roster decision is made after every record's own decisions, so no
//! record's own decision may read it, and one roster decision may read only those before it.

use std::collections::HashSet;

use crate::syntax::ast;
use crate::syntax::Span;
use crate::value::Num;

use super::error::CheckErrorKind;
use super::{Checker, Scope, Type, ValueEntry};
use crate::program::ir::{ExprId, NodeKind};
use crate::program::roster::{GroupFn, Places, Quota, RankKey, RosterDef};

/// The group functions: Chinese name, English name, what it gives.
const GROUP_FNS: &[(&str, &str, GroupFn)] = &[
    ("组内平均", "group_mean", GroupFn::Mean(0)),
    ("组内人数", "group_size", GroupFn::Size),
    ("组内名次", "group_rank", GroupFn::Rank),
];

/// The group functions' names, Chinese and English.
pub(crate) fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    GROUP_FNS.iter().map(|(zh, en, _)| (*zh, *en))
}

impl Checker<'_> {
    /// A roster decision's group and order, before its fields and rules are checked.
    pub(super) fn roster_head(&mut self, di: usize, d: &ast::DecisionDecl) {
        let Some(r) = &d.roster else { return };
        let mut def = RosterDef::default();
        if let Some(g) = &r.group {
            match self.values.get(&g.node).copied() {
                Some(ValueEntry::Field(i)) => def.group = Some(i),
                _ => {
                    let fields: Vec<String> = self
                        .schema
                        .record()
                        .map(|r| r.fields.iter().map(|f| f.name.clone()).collect())
                        .unwrap_or_default();
                    let kind = CheckErrorKind::GroupNotAField {
                        name: g.node.clone(),
                        suggestion: self.suggest(&g.node, fields.iter().map(String::as_str)),
                    };
                    self.error(g.span, kind);
                }
            }
        }
        for k in &r.order {
            let (expr, ty) = self.expr(&k.expr, None, &Scope::default());
            if !(ty.is_ordered() || ty == Type::Text || ty.is_error()) {
                let ty = self.describe(&ty);
                self.error(k.expr.span, CheckErrorKind::RankNotOrdered { ty });
            }
            def.order.push(RankKey { expr, desc: k.desc });
        }
        if let Some(dec) = self.decisions.get_mut(di) {
            dec.roster = Some(def);
        }
    }

    /// A rule's quota: `名额 2` or `名额 20%`, in a decision ranked by an order.
    pub(super) fn quota(
        &mut self,
        di: usize,
        rule: usize,
        q: &crate::syntax::Spanned<ast::Places>,
    ) {
        let places = match &q.node {
            ast::Places::Count(n) => n.parse::<u32>().ok().map(Places::Count),
            ast::Places::Percent(p) => Num::parse(p)
                .filter(|x| x.raw() > 0 && *x <= Num::from_int(100).unwrap_or(Num::ZERO))
                .and_then(|x| x.checked_div(Num::from_int(100)?))
                .map(Places::Share),
        };
        let Some(places) = places else {
            let text = match &q.node {
                ast::Places::Count(n) => n.clone(),
                ast::Places::Percent(p) => format!("{p}%"),
            };
            self.error(q.span, CheckErrorKind::QuotaRange { places: text });
            return;
        };
        let ranked = self
            .decisions
            .get(di)
            .and_then(|d| d.roster.as_ref())
            .is_some_and(|r| !r.order.is_empty());
        if !ranked {
            self.error(q.span, CheckErrorKind::QuotaWithoutOrder);
            return;
        }
        if let Some(r) = self.decisions.get_mut(di).and_then(|d| d.roster.as_mut()) {
            r.quotas.push(Quota { rule, places });
        }
    }

    /// A group function, or none when `f` is not one.
    pub(super) fn group_call(
        &mut self,
        f: &ast::Name,
        args: &[ast::Expr],
        span: Span,
        scope: &Scope,
    ) -> Option<(ExprId, Type)> {
        let &(zh, _, g) = GROUP_FNS
            .iter()
            .find(|(zh, en, _)| *zh == f.node || *en == f.node)?;
        let di = scope
            .decision
            .filter(|d| self.decisions.get(*d).is_some_and(|x| x.roster.is_some()));
        self.group_calls += 1;
        let want = usize::from(matches!(g, GroupFn::Mean(_)));
        if args.len() != want {
            let kind = CheckErrorKind::Arity {
                function: f.node.clone(),
                min: want,
                max: want,
                got: args.len(),
            };
            self.error(span, kind);
            return Some(self.poisoned(span));
        }
        let Some(di) = di else {
            self.error(
                f.span,
                CheckErrorKind::RosterOnly {
                    function: zh.to_string(),
                },
            );
            for a in args {
                self.expr(a, None, scope);
            }
            return Some(self.poisoned(span));
        };
        let g = match (g, args.first()) {
            (GroupFn::Mean(_), Some(a)) => {
                let (e, ty) = self.expr(a, Some(&Type::Number), &Scope::default());
                if !ty.is_numeric() && !ty.is_error() {
                    let ty = self.describe(&ty);
                    self.error(a.span, CheckErrorKind::RankNotOrdered { ty });
                }
                let r = self.decisions.get_mut(di).and_then(|d| d.roster.as_mut())?;
                r.means.push(e);
                GroupFn::Mean(r.means.len() - 1)
            }
            (g, _) => g,
        };
        let ty = match g {
            GroupFn::Mean(_) => Type::Number,
            _ => Type::Int,
        };
        Some(self.push(NodeKind::Group(di, g), ty, span))
    }

    /// Every slot an expression reads, through the definitions it reads.
    fn slots_through(&self, e: ExprId, seen: &mut HashSet<usize>, out: &mut Vec<usize>) {
        let mut direct = Vec::new();
        self.slots_in(e, &mut direct);
        for s in direct {
            if !seen.insert(s) {
                continue;
            }
            out.push(s);
            let def = self
                .lets
                .iter()
                .filter_map(|l| l.def.as_ref())
                .find(|l| l.slot == s)
                .map(|l| l.expr);
            if let Some(x) = def {
                self.slots_through(x, seen, out);
            }
        }
    }

    /// The roster decisions an expression reads (directly or through definitions).
    fn rosters_read(&self, exprs: &[ExprId]) -> Vec<usize> {
        let mut seen = HashSet::new();
        let mut slots = Vec::new();
        for e in exprs {
            self.slots_through(*e, &mut seen, &mut slots);
        }
        let mut out: Vec<usize> = self
            .decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.roster.is_some())
            .filter(|(_, d)| d.fields.iter().any(|f| slots.contains(&f.slot)))
            .map(|(i, _)| i)
            .collect();
        out.dedup();
        out
    }

    /// Everything a decision's outcome reads.
    fn decision_exprs(&self, di: usize) -> Vec<ExprId> {
        let Some(d) = self.decisions.get(di) else {
            return Vec::new();
        };
        let mut out: Vec<ExprId> = d.applies.into_iter().collect();
        for f in &d.fields {
            out.extend(f.default);
            out.extend(f.setters.iter().map(|s| s.value));
            out.extend(f.bounds.iter().map(|b| b.value));
            out.extend(f.requirements.iter().map(|q| q.cond));
        }
        for r in d.rules.iter().filter_map(|r| self.rules.get(*r)) {
            out.extend(r.when);
        }
        out
    }

    /// What a roster decision's ranking reads: its order, its quota rules' conditions and
    /// the values it averages.
    fn ranking_exprs(&self, r: &RosterDef) -> Vec<ExprId> {
        let mut out: Vec<ExprId> = r.order.iter().map(|k| k.expr).collect();
        out.extend(r.means.iter().copied());
        for q in &r.quotas {
            out.extend(self.rules.get(q.rule).and_then(|x| x.when));
        }
        out
    }

    /// The rules that take a record out of a quota by `优先于` (directly, or by overriding
    /// one that does), those with a quota of their own aside: applied before the quota, so
    /// their conditions are part of the ranking.
    fn quota_overriders(&self, r: &RosterDef) -> Vec<usize> {
        let quota = |x: &usize| r.quotas.iter().any(|q| q.rule == *x);
        let mut todo: Vec<usize> = r.quotas.iter().map(|q| q.rule).collect();
        let mut out: Vec<usize> = Vec::new();
        while let Some(x) = todo.pop() {
            for o in self
                .rules
                .get(x)
                .map(|x| x.overridden_by.as_slice())
                .unwrap_or(&[])
            {
                if !quota(o) && !out.contains(o) {
                    out.push(*o);
                    todo.push(*o);
                }
            }
        }
        out
    }

    /// Checks that roster decisions are read only after they are made, and gives each its
    /// level: the pass in which its ranking is gathered.
    pub(super) fn roster_order(&mut self) {
        let mut found = Vec::new();
        let mut levels: Vec<(usize, u32)> = Vec::new();
        let mut stages: Vec<(usize, bool)> = Vec::new();
        for di in 0..self.decisions.len() {
            let Some(d) = self.decisions.get(di) else {
                continue;
            };
            let (name, span) = (d.name.clone(), d.span);
            match &d.roster {
                None => {
                    for r in self.rosters_read(&self.decision_exprs(di)) {
                        found.push((span, name.clone(), r, false));
                    }
                }
                Some(def) => {
                    let mut level = 0;
                    for r in self.rosters_read(&self.ranking_exprs(def)) {
                        if r >= di {
                            found.push((span, name.clone(), r, true));
                        } else if let Some((_, l)) = levels.iter().find(|(x, _)| *x == r) {
                            level = level.max(l + 1);
                        }
                    }
                    for r in self.rosters_read(&self.decision_exprs(di)) {
                        if r > di {
                            found.push((span, name.clone(), r, true));
                        }
                    }
                    // A rule that 优先于 one with a quota is gathered with the quota's
                    // condition; where it reads the group (a group function, or this
                    // decision's own outcome), after the group is ranked.
                    let over = self.quota_overriders(def);
                    let exprs: Vec<ExprId> = over
                        .iter()
                        .filter_map(|o| self.rules.get(*o).and_then(|x| x.when))
                        .collect();
                    let mut two_stage = over.iter().any(|o| self.group_rules.contains(o));
                    for r in self.rosters_read(&exprs) {
                        if r == di {
                            two_stage = true;
                        } else if let Some((_, l)) = levels.iter().find(|(x, _)| *x == r) {
                            level = level.max(l + 1);
                        }
                    }
                    stages.push((di, two_stage));
                    levels.push((di, level));
                }
            }
        }
        for ((di, level), (_, two_stage)) in levels.into_iter().zip(stages) {
            if let Some(r) = self.decisions.get_mut(di).and_then(|d| d.roster.as_mut()) {
                r.level = level;
                r.two_stage = two_stage;
            }
        }
        for (span, decision, r, roster) in found {
            let reads = self
                .decisions
                .get(r)
                .map(|d| d.name.clone())
                .unwrap_or_default();
            self.error(
                span,
                CheckErrorKind::RosterOrder {
                    decision,
                    reads,
                    roster,
                },
            );
        }
    }
}
