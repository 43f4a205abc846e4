//! Records stage: which decisions read each record field, directly or through definitions and
//! other decisions' outcomes, so that a field absent from a whole input can be reported with
//! the decisions it may leave pending. Asking whether a field is there (`有 x`, `x 若无则 y`) is
//! not a read that absence makes pending, and a decision that applies only when a field is
//! there (`仅当 有 申请职务`) applies to no one when the field is absent everywhere.

use crate::program::ir::{ExprId, NodeKind, Program};
use crate::program::BinOp;

/// Which decisions read each field, and which fields each decision needs to apply at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// For each top-level field of the record, the decisions that read it, in file order; a
    /// decision's `需要` fields count as read.
    pub by_field: Vec<Vec<usize>>,
    /// For each decision, the fields its `仅当` condition asks to be there (`有 x`, joined by
    /// `且`): without them it does not apply.
    pub gated_by: Vec<Vec<usize>>,
}

impl Reads {
    /// Of the fields `absent` from a whole input, each that some decision reads, with the
    /// decisions it may leave pending (leaving out those that apply to no one without it).
    pub fn pending(&self, absent: &[usize]) -> Vec<(usize, Vec<usize>)> {
        absent
            .iter()
            .filter_map(|f| {
                let readers: Vec<usize> = self
                    .by_field
                    .get(*f)?
                    .iter()
                    .copied()
                    .filter(|d| {
                        let gates = self.gated_by.get(*d).map_or(&[][..], Vec::as_slice);
                        !gates.iter().any(|g| absent.contains(g))
                    })
                    .collect();
                (!readers.is_empty()).then_some((*f, readers))
            })
            .collect()
    }
}

/// Which decisions read each field, and the fields each decision's `仅当` needs.
pub fn decisions_reading(program: &Program) -> Reads {
    let fields = program.schema.record().map_or(0, |d| d.fields.len());
    let gated_by = program
        .decisions
        .iter()
        .map(|d| {
            let mut gates = Vec::new();
            if let Some(e) = d.applies {
                present(program, e, &mut gates);
            }
            gates
        })
        .collect();
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
    Reads {
        by_field: out,
        gated_by,
    }
}

/// The fields a condition asks to be there: `有 x`, and the conjuncts of `且`.
fn present(program: &Program, e: ExprId, out: &mut Vec<usize>) {
    let mut stack = vec![e];
    while let Some(id) = stack.pop() {
        match program.node(id).map(|n| &n.kind) {
            Some(NodeKind::Has(x)) => out.extend(field_of(program, *x)),
            Some(NodeKind::Binary(BinOp::And, a, b)) => stack.extend([*a, *b]),
            _ => {}
        }
    }
}

/// The top-level field a node reads as a whole, if it is one.
fn field_of(program: &Program, e: ExprId) -> Option<usize> {
    match program.node(e).map(|n| &n.kind) {
        Some(NodeKind::Field(f)) => Some(*f),
        _ => None,
    }
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
            let Some(seen) = self.seen_nodes.get_mut(id.index()) else {
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
                NodeKind::Const(_)
                | NodeKind::Param(_)
                | NodeKind::Local(_)
                | NodeKind::AsOf
                | NodeKind::Group(..) => {}
                // Asking whether a field is there is answered by its absence.
                NodeKind::Has(e) if field_of(program, *e).is_some() => {}
                NodeKind::Binary(BinOp::Otherwise, a, b) if field_of(program, *a).is_some() => {
                    stack.push(*b);
                }
                NodeKind::Member(e, _)
                | NodeKind::Not(e)
                | NodeKind::Neg(e)
                | NodeKind::Has(e)
                | NodeKind::Meets(e, _)
                | NodeKind::HasNo(e, _)
                | NodeKind::Lookup(_, e) => stack.push(*e),
                NodeKind::Index(a, b) | NodeKind::Binary(_, a, b) | NodeKind::Quant(_, _, a, b) => {
                    stack.extend([*a, *b]);
                }
                NodeKind::If(a, b, c) => stack.extend([*a, *b, *c]),
                NodeKind::Agg(_, _, a, f, v) => {
                    stack.extend([Some(*a), *f, Some(*v)].into_iter().flatten())
                }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn fields_lead_to_the_decisions_that_read_them() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/客服部任职发展管理制度.rung"
        );
        let checked = crate::compile_file(std::path::Path::new(path)).unwrap();
        let program = &checked.program;
        let def = program.schema.record().unwrap();
        let field = |name: &str| def.field(name).unwrap();
        let decision = |name: &str| {
            program
                .decisions
                .iter()
                .position(|d| d.name == name)
                .unwrap()
        };
        let reads = decisions_reading(program);
        let names = |ds: &[usize]| -> Vec<String> {
            ds.iter()
                .map(|d| program.decisions[*d].name.clone())
                .collect()
        };
        assert_eq!(
            names(&reads.by_field[field("当前职级")]),
            ["职级晋升", "降级"]
        );
        // 转正定级 requires (需要) 转正日期.
        assert!(reads.by_field[field("转正日期")].contains(&decision("转正定级")));
        // 职务晋升 applies only when 申请职务 is given: absent everywhere, it leaves nothing
        // pending, nor do the fields only it reads.
        assert_eq!(reads.gated_by[decision("职务晋升")], [field("申请职务")]);
        assert!(reads.by_field[field("岗位空缺")].contains(&decision("职务晋升")));
        let absent = [field("申请职务"), field("岗位空缺")];
        assert_eq!(reads.pending(&absent), []);
        let pending = reads.pending(&[field("岗位空缺")]);
        assert_eq!(pending, [(field("岗位空缺"), vec![decision("职务晋升")])]);
    }
}
