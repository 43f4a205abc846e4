//! Verdict stage: where a record stands in each process, as owned data: every step with who acts,
//! what it produces, its deadline and the date it was done.

use crate::calendar::Date;
use crate::eval::process::{ProcessStatus, StepStatus};
use crate::eval::Verdict;
use crate::program::process::Product;

/// One process's standing for a record.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessVerdict {
    /// The process's name.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// Where it stands.
    pub status: ProcessStatus,
    /// The absent record fields that leave parts of it pending.
    pub missing: Vec<String>,
    /// Its steps, in order.
    pub steps: Vec<StepVerdict>,
}

/// One step's standing.
#[derive(Clone, Debug, PartialEq)]
pub struct StepVerdict {
    /// The step's id.
    pub step: String,
    /// Its title.
    pub title: String,
    /// Who acts.
    pub by: Vec<String>,
    /// What it produces.
    pub produces: Vec<Product>,
    /// Whether it may not happen.
    pub optional: bool,
    /// Where it stands.
    pub status: StepStatus,
    /// The first day of its window, when the deadline is a range of dates.
    pub from: Option<Date>,
    /// Its deadline.
    pub due: Option<Date>,
    /// Whether the deadline is approximate.
    pub about: bool,
    /// When it was done, as the record says.
    pub done: Option<Date>,
}

/// Every process of the policy, for the record evaluated.
pub(super) fn of(v: &Verdict<'_>) -> Vec<ProcessVerdict> {
    let p = v.program();
    let fields = p
        .schema
        .record()
        .map(|r| r.fields.as_slice())
        .unwrap_or(&[]);
    v.processes()
        .into_iter()
        .filter_map(|r| {
            let def = p.processes.get(r.process)?;
            let steps = r
                .steps
                .iter()
                .filter_map(|s| {
                    let d = def.steps.get(s.step)?;
                    Some(StepVerdict {
                        step: d.id.clone(),
                        title: d.title.clone(),
                        by: d.by.clone(),
                        produces: d.produces.clone(),
                        optional: d.optional,
                        status: s.status,
                        from: s.from,
                        due: s.due,
                        about: d.about,
                        done: s.done,
                    })
                })
                .collect();
            Some(ProcessVerdict {
                name: def.name.clone(),
                title: def.title.clone(),
                status: r.status,
                missing: r
                    .missing
                    .indexes()
                    .filter_map(|i| fields.get(i).map(|f| f.name.clone()))
                    .collect(),
                steps,
            })
        })
        .collect()
}
