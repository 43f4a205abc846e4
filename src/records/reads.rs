//! Records stage: which decisions read each record field, directly or through definitions and
//! other decisions' outcomes, so that a field absent from a whole input can be reported with
//! the decisions it leaves pending.

use crate::program::ir::{ExprId, NodeKind, Program};

/// For each top-level field of the record, the decisions (indexes into `program.decisions`)
/// that read it, in file order; a decision's `需要` fields count as read.
pub fn decisions_reading(program: &Program) -> Vec<Vec<usize>> {
    let fields = program.schema.record().map_or(0, |d| d.fields.len());
    let mut out = vec![Vec::new(); fields];
    for (d, decision) in program.decisions.iter().enumerate() {
        let mut walk = Walk {
            program,
            seen_nodes: vec![false; program.nodes.len()],
            seen_decisions: vec![false; program.decisions.len()],
            fields: vec![false; fields],
        };
        walk.decision(d);
        for f in &decision.requires {
            if let Some(x) = walk.fields.get_mut(*f) {
                *x = true;
            }
        }
        for (f, read) in walk.fields.iter().enumerate() {
            if let (true, Some(list)) = (*read, out.get_mut(f)) {
                list.push(d);
            }
        }
    }
    out
}

/// A walk over the expressions one decision depends on.
struct Walk<'p> {
    program: &'p Program,
    seen_nodes: Vec<bool>,
    seen_decisions: Vec<bool>,
    /// The fields read so far.
    fields: Vec<bool>,
}

impl Walk<'_> {
    /// Every expression of a decision: whether it applies, its rules' conditions, the values,
    /// bounds, requirements and defaults of its outcome fields.
    fn decision(&mut self, d: usize) {
        let program = self.program;
        let Some(def) = program.decisions.get(d) else {
            return;
        };
        if std::mem::replace(self.seen_decisions.get_mut(d).unwrap_or(&mut true), true) {
            return;
        }
        let mut roots: Vec<ExprId> = def.applies.into_iter().collect();
        for r in &def.rules {
            roots.extend(program.rules.get(*r).and_then(|r| r.when));
        }
        for f in &def.fields {
            roots.extend(f.default);
            roots.extend(f.setters.iter().map(|s| s.value));
            roots.extend(f.bounds.iter().map(|b| b.value));
            roots.extend(f.requirements.iter().map(|r| r.cond));
        }
        for root in roots {
            self.expr(root);
        }
    }

    /// The fields an expression reads, without recursion (a stack of nodes to visit).
    fn expr(&mut self, root: ExprId) {
        let program = self.program;
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            let Some(seen) = self.seen_nodes.get_mut(id as usize) else {
                continue;
            };
            if std::mem::replace(seen, true) {
                continue;
            }
            let Some(node) = program.node(id) else {
                continue;
            };
            match &node.kind {
                NodeKind::Field(f) => {
                    if let Some(x) = self.fields.get_mut(*f) {
                        *x = true;
                    }
                }
                NodeKind::Slot(slot) => self.slot(*slot, &mut stack),
                NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::Local(_) | NodeKind::AsOf => {}
                NodeKind::Member(e, _)
                | NodeKind::Not(e)
                | NodeKind::Neg(e)
                | NodeKind::Has(e)
                | NodeKind::Meets(e, _)
                | NodeKind::HasNo(e, _) => stack.push(*e),
                NodeKind::Index(a, b) | NodeKind::Binary(_, a, b) | NodeKind::Quant(_, _, a, b) => {
                    stack.extend([*a, *b]);
                }
                NodeKind::If(a, b, c) => stack.extend([*a, *b, *c]),
                NodeKind::Call(_, args) => stack.extend(args.iter().copied()),
            }
        }
    }

    /// A slot read: a definition's expression, or another decision's outcome (all of it).
    fn slot(&mut self, slot: usize, stack: &mut Vec<ExprId>) {
        let program = self.program;
        if let Some(Some(e)) = program.slot_lets.get(slot) {
            stack.push(*e);
            return;
        }
        let owner = program
            .decisions
            .iter()
            .position(|d| d.fields.iter().any(|f| f.slot == slot));
        if let Some(d) = owner {
            self.decision(d);
        }
    }
}
