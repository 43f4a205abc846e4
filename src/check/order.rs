//! Check stage: the order of computation. Definitions and outcome fields are computed after
//! everything they read; a circle of references is an error, so every evaluation ends.

use crate::program::ir::ExprId;
use std::collections::HashMap;

use crate::source::Span;

use super::error::CheckErrorKind;
use super::Checker;
use crate::program::ir::{NodeKind, Step};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    Active,
    Done,
}

impl<'a> Checker<'a> {
    /// Every slot an expression reads.
    pub(super) fn slots_in(&self, e: ExprId, out: &mut Vec<usize>) {
        let Some(n) = self.nodes.get(e.index()) else {
            return;
        };
        if let NodeKind::Slot(s) = &n.kind {
            out.push(*s);
        }
        for a in n.kind.operands() {
            self.slots_in(a, out);
        }
    }

    /// The slots a rule's firing depends on: its condition and those of the rules overriding it.
    fn rule_slots(&self, r: usize, out: &mut Vec<usize>) {
        let Some(rule) = self.rules.get(r) else {
            return;
        };
        if let Some(w) = rule.when {
            self.slots_in(w, out);
        }
        for o in &rule.overridden_by {
            if let Some(w) = self.rules.get(*o).and_then(|x| x.when) {
                self.slots_in(w, out);
            }
        }
    }

    fn step_deps(&self, step: Step) -> Vec<usize> {
        let mut out = Vec::new();
        match step {
            Step::Let(i) => {
                if let Some(d) = self.lets.get(i).and_then(|l| l.def.as_ref()) {
                    self.slots_in(d.expr, &mut out);
                }
            }
            Step::Field(di, fi) => {
                let Some(f) = self.decisions.get(di).and_then(|d| d.fields.get(fi)) else {
                    return out;
                };
                if let Some(a) = self.decisions.get(di).and_then(|d| d.applies) {
                    self.slots_in(a, &mut out);
                }
                for s in &f.setters {
                    self.rule_slots(s.rule, &mut out);
                    self.slots_in(s.value, &mut out);
                }
                for b in &f.bounds {
                    self.rule_slots(b.rule, &mut out);
                    self.slots_in(b.value, &mut out);
                }
                for q in &f.requirements {
                    self.rule_slots(q.rule, &mut out);
                    self.slots_in(q.cond, &mut out);
                }
                if let Some(d) = f.default {
                    self.slots_in(d, &mut out);
                }
            }
        }
        out
    }

    /// A topological order of every definition and outcome field; reports circles.
    pub(super) fn order(&mut self) -> Vec<Step> {
        let mut steps: Vec<Step> = Vec::new();
        let mut by_slot: HashMap<usize, usize> = HashMap::new();
        for (i, l) in self.lets.iter().enumerate() {
            if let Some(d) = &l.def {
                by_slot.insert(d.slot, steps.len());
                steps.push(Step::Let(i));
            }
        }
        for (di, d) in self.decisions.iter().enumerate() {
            for (fi, f) in d.fields.iter().enumerate() {
                by_slot.insert(f.slot, steps.len());
                steps.push(Step::Field(di, fi));
            }
        }
        let deps: Vec<Vec<usize>> = steps
            .iter()
            .map(|s| {
                self.step_deps(*s)
                    .into_iter()
                    .filter_map(|slot| by_slot.get(&slot).copied())
                    .collect()
            })
            .collect();
        let mut marks = vec![Mark::New; steps.len()];
        let mut order = Vec::with_capacity(steps.len());
        let mut path = Vec::new();
        for start in 0..steps.len() {
            self.visit(start, &deps, &steps, &mut marks, &mut order, &mut path);
        }
        order
            .into_iter()
            .filter_map(|i| steps.get(i).copied())
            .collect()
    }

    fn visit(
        &mut self,
        i: usize,
        deps: &[Vec<usize>],
        steps: &[Step],
        marks: &mut [Mark],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) {
        match marks.get(i) {
            Some(Mark::Done) | None => return,
            Some(Mark::Active) => {
                let from = path.iter().position(|p| *p == i).unwrap_or(0);
                let cycle: Vec<usize> = path.get(from..).unwrap_or_default().to_vec();
                self.report_cycle(&cycle, steps);
                return;
            }
            Some(Mark::New) => {}
        }
        if let Some(m) = marks.get_mut(i) {
            *m = Mark::Active;
        }
        path.push(i);
        for d in deps.get(i).cloned().unwrap_or_default() {
            self.visit(d, deps, steps, marks, order, path);
        }
        path.pop();
        if let Some(m) = marks.get_mut(i) {
            *m = Mark::Done;
        }
        order.push(i);
    }

    fn step_name(&self, s: Step) -> (String, Span) {
        match s {
            Step::Let(i) => self
                .lets
                .get(i)
                .map_or((String::new(), Default::default()), |l| {
                    (l.decl.name.node.clone(), l.decl.name.span)
                }),
            Step::Field(di, fi) => self
                .decisions
                .get(di)
                .and_then(|d| {
                    d.fields
                        .get(fi)
                        .map(|f| (format!("{}.{}", d.name, f.name), f.span))
                })
                .unwrap_or_default(),
        }
    }

    fn report_cycle(&mut self, cycle: &[usize], steps: &[Step]) {
        let circle: Vec<(String, Span)> = cycle
            .iter()
            .filter_map(|i| steps.get(*i))
            .map(|s| self.step_name(*s))
            .collect();
        let Some((_, span)) = circle.first().cloned() else {
            return;
        };
        if let Some(e) = self.hidden_definition(cycle, steps) {
            self.error(span, e);
            return;
        }
        self.error(span, CheckErrorKind::Cycle { circle });
    }

    /// A circle through an outcome field that bears a definition's name: the field reads
    /// itself where the definition was meant.
    fn hidden_definition(&self, cycle: &[usize], steps: &[Step]) -> Option<CheckErrorKind> {
        cycle.iter().find_map(|i| {
            let Some(Step::Field(di, fi)) = steps.get(*i) else {
                return None;
            };
            let d = self.decisions.get(*di)?;
            let f = d.fields.get(*fi)?;
            let l = self.lets.iter().find(|l| l.decl.name.node == f.name)?;
            Some(CheckErrorKind::FieldHidesDefinition {
                field: format!("{}.{}", d.name, f.name),
                definition: (l.decl.name.node.clone(), l.decl.name.span),
            })
        })
    }
}
