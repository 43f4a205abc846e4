//! Eval stage: where a record stands in each process: for every step, its deadline on the
//! working-day calendar, the date it was done (from the record), and whether it is done, due
//! or overdue on the evaluation date.

use crate::calendar::Date;
use crate::program::process::ProcessDef;
use crate::value::FieldValue;

use super::value::{Missing, Tri, Value};
use super::{Prober, Verdict};

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Done by its deadline (or it has none).
    Done,
    /// Done after its deadline.
    DoneLate,
    /// Not done; its deadline has not passed, or it has none.
    Open,
    /// Not done, and its deadline has passed.
    Overdue,
    /// An optional step not done: never overdue.
    Optional,
    /// Its condition does not hold for the record.
    NotApplicable,
    /// Its condition or deadline depends on absent inputs.
    Pending,
}

impl StepStatus {
    /// A stable code for JSON.
    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::DoneLate => "done_late",
            StepStatus::Open => "due",
            StepStatus::Overdue => "overdue",
            StepStatus::Optional => "optional",
            StepStatus::NotApplicable => "not_applicable",
            StepStatus::Pending => "pending",
        }
    }
}

/// One step's standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepReport {
    /// The step's index in its process.
    pub step: usize,
    /// Where it stands.
    pub status: StepStatus,
    /// The first day of its window, when the deadline is a range of dates.
    pub from: Option<Date>,
    /// Its deadline.
    pub due: Option<Date>,
    /// When it was done, as the record says.
    pub done: Option<Date>,
}

/// Where a whole process stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessStatus {
    /// Some step that applies is not done yet.
    InProgress,
    /// Every step that applies (optional ones aside) is done.
    Complete,
    /// Its `仅当` condition does not hold.
    NotApplicable,
    /// Its condition or required inputs are missing.
    Pending,
}

/// One process's standing for a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessReport {
    /// The process's index in the program.
    pub process: usize,
    /// Where it stands.
    pub status: ProcessStatus,
    /// Each step, in order.
    pub steps: Vec<StepReport>,
    /// The absent record fields that leave parts of it pending.
    pub missing: Missing,
}

impl Verdict<'_> {
    /// Where the record stands in every process of the policy.
    pub fn processes(&self) -> Vec<ProcessReport> {
        let mut out = Vec::with_capacity(self.program().processes.len());
        self.each_process(|r| out.push(r.clone()));
        out
    }

    /// Hands where the record stands in each process of the policy to `f`, in order, as
    /// [`Verdict::processes`] lists them, without allocating once the evaluator is warm.
    pub fn each_process(&self, mut f: impl FnMut(&ProcessReport)) {
        let mut prober = self.prober();
        let mut report = ProcessReport {
            process: 0,
            status: ProcessStatus::Pending,
            steps: self.scratch.steps.take(),
            missing: Missing::default(),
        };
        for (i, def) in self.program().processes.iter().enumerate() {
            self.process(&mut prober, i, def, &mut report);
            f(&report);
        }
        report.steps.clear();
        self.scratch.steps.set(report.steps);
    }

    fn process(
        &self,
        prober: &mut Prober<'_, '_>,
        index: usize,
        def: &ProcessDef,
        out: &mut ProcessReport,
    ) {
        let mut missing = def
            .requires
            .iter()
            .filter(|f| {
                matches!(
                    self.record().fields.get(**f),
                    None | Some(FieldValue::Absent)
                )
            })
            .fold(Missing::default(), |m, f| m.union(Missing::field(*f)));
        let applies = match def.applies {
            Some(e) => prober.probe(e).map_or(Tri::False, Value::tri),
            None => Tri::True,
        };
        if let Tri::Unknown(m) = applies {
            missing = missing.union(m);
        }
        let done = self.plan.done.get(index).map_or(&[][..], Vec::as_slice);
        let values: &[FieldValue] = match self.record().fields.get(def.field) {
            Some(FieldValue::Struct(v)) => v,
            _ => &[],
        };
        let blocked = applies == Tri::False || !missing.is_empty();
        out.steps.clear();
        for (si, s) in def.steps.iter().enumerate() {
            let done = match done.get(si).copied().flatten().and_then(|i| values.get(i)) {
                Some(FieldValue::Date(d)) => Some(*d),
                _ => None,
            };
            let step = if applies == Tri::False {
                report(si, StepStatus::NotApplicable, None, None, done)
            } else if blocked {
                report(si, StepStatus::Pending, None, None, done)
            } else {
                let when = s.when.map_or(Tri::True, |e| {
                    prober.probe(e).map_or(Tri::False, Value::tri)
                });
                match when {
                    Tri::False => report(si, StepStatus::NotApplicable, None, None, done),
                    Tri::Unknown(m) => {
                        missing = missing.union(m);
                        report(si, StepStatus::Pending, None, None, done)
                    }
                    Tri::True => {
                        let (from, due, pending) = match s.due.map(|e| prober.probe(e)) {
                            Some(Ok(Value::Date(d))) => (None, Some(d), None),
                            Some(Ok(Value::DateRange(a, b))) => (Some(a), Some(b), None),
                            Some(Ok(Value::Missing(m))) => (None, None, Some(m)),
                            _ => (None, None, None),
                        };
                        let status = match (done, due) {
                            (Some(d), Some(by)) if d > by && !s.about => StepStatus::DoneLate,
                            (Some(_), _) => StepStatus::Done,
                            (None, _) if s.optional => StepStatus::Optional,
                            (None, _) if pending.is_some() => {
                                missing = missing.union(pending.unwrap_or_default());
                                StepStatus::Pending
                            }
                            (None, Some(by)) if self.as_of() > by => StepStatus::Overdue,
                            (None, _) => StepStatus::Open,
                        };
                        report(si, status, from, due, done)
                    }
                }
            };
            out.steps.push(step);
        }
        out.status = if applies == Tri::False {
            ProcessStatus::NotApplicable
        } else if blocked {
            ProcessStatus::Pending
        } else if out.steps.iter().all(|s| {
            matches!(
                s.status,
                StepStatus::Done
                    | StepStatus::DoneLate
                    | StepStatus::Optional
                    | StepStatus::NotApplicable
            )
        }) {
            ProcessStatus::Complete
        } else {
            ProcessStatus::InProgress
        };
        out.process = index;
        out.missing = missing;
    }
}

fn report(
    step: usize,
    status: StepStatus,
    from: Option<Date>,
    due: Option<Date>,
    done: Option<Date>,
) -> StepReport {
    StepReport {
        step,
        status,
        from,
        due,
        done,
    }
}
