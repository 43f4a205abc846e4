//! Eval stage: what the per-record bookkeeping needs to know of a program, worked out once per
//! evaluator instead of once per record: the outcome fields in the order they are computed,
//! which rules have a roster quota, which definitions are computed on first use, and where a
//! record gives the dates each process's steps were done.

use crate::program::ir::Step;
use crate::program::{Program, Type};

/// A program's bookkeeping, prepared once.
#[derive(Debug)]
pub(super) struct Plan {
    /// The outcome fields `(decision, field)` in the order they are computed.
    pub fields: Vec<(usize, usize)>,
    /// Per slot: whether it is a definition's, computed on first use.
    pub lazy: Vec<bool>,
    /// Per rule: whether its decision gives it a quota over the roster.
    pub quota: Vec<bool>,
    /// Per process, per step: the index of the step's date in the record's sub-record.
    pub done: Vec<Vec<Option<usize>>>,
}

impl Plan {
    pub(super) fn new(program: &Program) -> Plan {
        let fields = (program.order.iter())
            .filter_map(|s| match *s {
                Step::Field(d, f) => Some((d, f)),
                Step::Let(_) => None,
            })
            .collect();
        let lazy = program.slot_lets.iter().map(Option::is_some).collect();
        let quota = (program.rules.iter().enumerate())
            .map(|(r, rule)| {
                (program.decisions.get(rule.decision))
                    .and_then(|d| d.roster.as_ref())
                    .is_some_and(|x| x.quotas.iter().any(|q| q.rule == r))
            })
            .collect();
        let done = (program.processes.iter())
            .map(|def| {
                let names = (program.schema.record())
                    .and_then(|r| r.fields.get(def.field))
                    .and_then(|f| match f.ty {
                        Type::Struct(s) => program.schema.structs.get(usize::from(s)),
                        _ => None,
                    })
                    .map_or(&[][..], |s| s.fields.as_slice());
                (def.steps.iter())
                    .map(|s| names.iter().position(|n| n.name == s.id))
                    .collect()
            })
            .collect();
        Plan {
            fields,
            lazy,
            quota,
            done,
        }
    }
}
