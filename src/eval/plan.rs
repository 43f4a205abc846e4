//! Eval stage: what the per-record bookkeeping needs to know of a program, worked out once per
//! evaluator instead of once per record: the decisions as deciding reads them, which
//! definitions are computed on first use, and where a record gives the dates each process's
//! steps were done.

use crate::program::{Program, Type};

mod decisions;

pub(super) use decisions::{unpack, Decisions, FieldPlan, Part, RulePlan};

/// A program's bookkeeping, prepared once.
#[derive(Debug)]
pub(super) struct Plan {
    /// The decisions: rules, and outcome fields in the order they are computed.
    pub decide: Decisions,
    /// Per slot: whether it is a definition's, computed on first use.
    pub lazy: Vec<bool>,
    /// Per process, per step: the index of the step's date in the record's sub-record.
    pub done: Vec<Vec<Option<usize>>>,
}

impl Plan {
    pub(super) fn new(program: &Program) -> Plan {
        let lazy = program.slot_lets.iter().map(Option::is_some).collect();
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
            decide: Decisions::new(program),
            lazy,
            done,
        }
    }
}
