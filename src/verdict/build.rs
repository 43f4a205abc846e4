//! Verdict stage: builds a record's owned verdict from an evaluation: outcomes named by the
//! policy, the rules that took effect, the status, the missing inputs, and on request the trace.

use crate::eval::{self, Verdict};

use super::evidence::{condition, Probe};
use super::live::LiveDecision;
use super::trace;

use super::{DecisionVerdict, Grounds, Outcome, RecordVerdict, Status, Value, Warning};

/// What to build beside the outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Trace every rule: its status, its conditions with their evidence, its effects.
    pub trace: bool,
}

/// How much of a decision's trace to build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// None.
    Bare,
    /// Each rule's status alone.
    Statuses,
    /// Every rule with its conditions, evidence and effects, and the computed fields.
    Full,
    /// What a notice reads of each rule ([`trace::for_reading`]), without effects.
    Notice,
    /// What the audit text reads: the same with effects, and the computed fields.
    Audit,
}

/// The owned verdict of an evaluation.
pub fn of(v: &Verdict<'_>, options: Options) -> RecordVerdict {
    let depth = if options.trace {
        Depth::Full
    } else {
        Depth::Bare
    };
    build(v, |_| depth)
}

/// The verdict a notice is written from: for the decisions `traced` picks (by index), the
/// trace a notice reads (every condition of a rule that took effect, the requirements of one
/// not met, the first failing condition of one that did not fire), and for the others each
/// rule's status alone; no processes and no computed fields, which a notice does not show.
/// The traced decisions' rules carry no ids or title: the notice reads them from the program
/// (`Program::rules`, by the trace's index).
pub fn of_traced(v: &Verdict<'_>, traced: impl Fn(usize) -> bool) -> RecordVerdict {
    let p = v.program();
    let decisions = (0..p.decisions.len())
        .map(|di| {
            let depth = if traced(di) {
                Depth::Notice
            } else {
                Depth::Statuses
            };
            decision(v, di, depth)
        })
        .collect();
    RecordVerdict {
        id: v.id().to_string(),
        decisions,
        processes: Vec::new(),
        warnings: warnings(v),
    }
}

/// One decision's verdict as a notice reads it: the trace of [`of_traced`] for a decision it
/// picks, without the rest of the record's verdict (a notice written straight from the
/// evaluation builds the decisions it shows, and nothing else). As in [`of_traced`], a rule's
/// trace leaves its ids and title to the program (`Program::rules`, by the trace's index).
pub fn for_notice(v: &Verdict<'_>, di: usize) -> DecisionVerdict {
    decision(v, di, Depth::Notice)
}

/// The verdict the audit text is written from ([`crate::explain::text::notice`], with or
/// without `--explain`): every decision, each rule traced as far as the text reads it (every
/// condition, requirement and effect of a rule that took effect, the requirements of one not
/// met, the first failing condition of one that did not fire, the status of the others), the
/// computed fields and the processes.
pub fn for_audit(v: &Verdict<'_>) -> RecordVerdict {
    build(v, |_| Depth::Audit)
}

fn build(v: &Verdict<'_>, depth: impl Fn(usize) -> Depth) -> RecordVerdict {
    let p = v.program();
    let decisions = (0..p.decisions.len())
        .map(|di| decision(v, di, depth(di)))
        .collect();
    RecordVerdict {
        id: v.id().to_string(),
        decisions,
        processes: super::process::of(v),
        warnings: warnings(v),
    }
}

/// The evaluation's warnings, as data.
pub fn warnings(v: &Verdict<'_>) -> Vec<Warning> {
    let p = v.program();
    v.warnings()
        .iter()
        .map(|w| match *w {
            eval::Warning::CalendarUncovered { year } => Warning::CalendarUncovered {
                calendar: p.calendar.name().to_string(),
                year,
            },
            eval::Warning::Unset { decision, field } => {
                let d = p.decisions.get(decision);
                Warning::Unset {
                    decision: d.map(|d| d.name.clone()).unwrap_or_default(),
                    field: d
                        .and_then(|d| d.fields.get(field))
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                }
            }
            eval::Warning::Law(w) => law(p, w),
        })
        .collect()
}

fn decision(v: &Verdict<'_>, di: usize, depth: Depth) -> DecisionVerdict {
    let Some(mut live) = LiveDecision::of(v, di) else {
        return DecisionVerdict {
            name: String::new(),
            outcome: Outcome::default(),
            rules: Vec::new(),
            grounds: Vec::new(),
            status: Status::Decided,
            applies_when: None,
            missing: Vec::new(),
            unmet: Vec::new(),
            roster: None,
            trace: None,
            computed: None,
        };
    };
    let p = v.program();
    let d = live.def();
    let outcome = Outcome(
        d.fields
            .iter()
            .enumerate()
            .map(|(fi, f)| (f.name.clone(), Value::of(p, &f.ty, v.value(di, fi))))
            .collect(),
    );
    let grounds = live
        .grounds()
        .map(|f| Grounds {
            field: f.name.clone(),
            rules: live.ground_rules(f).map(str::to_string).collect(),
        })
        .collect();
    let rules = live.rules().map(str::to_string).collect();
    let missing = live.missing().iter().map(|m| m.to_string()).collect();
    let unmet = live.unmet().map(str::to_string).collect();
    let status = live.status();
    // One context for the explanation's probes.
    let probe = Probe::new(v);
    let applies_when = live.applies_when().map(|a| condition(&probe, a));
    DecisionVerdict {
        name: d.name.clone(),
        outcome,
        rules,
        grounds,
        status,
        applies_when,
        missing,
        unmet,
        roster: live.take_roster(),
        trace: match depth {
            Depth::Bare => None,
            Depth::Statuses => Some(
                d.rules
                    .iter()
                    .map(|r| trace::status_only(&probe, *r))
                    .collect(),
            ),
            Depth::Full => Some(d.rules.iter().map(|r| trace::rule(&probe, *r)).collect()),
            Depth::Notice | Depth::Audit => {
                let reader = match depth {
                    Depth::Audit => trace::Reader::Audit,
                    _ => trace::Reader::Notice,
                };
                let trace = d
                    .rules
                    .iter()
                    .map(|r| trace::for_reading(&probe, *r, reader));
                Some(trace.collect())
            }
        },
        computed: matches!(depth, Depth::Full | Depth::Audit).then(|| trace::computed(&probe, di)),
    }
}

/// A statutory check the record failed, as data.
fn law(p: &crate::program::Program, w: eval::LawWarning) -> Warning {
    use eval::LawWarning as L;
    match w {
        L::NotAllowed { band, start, end } => Warning::ProbationNotAllowed { band, start, end },
        L::TooLong {
            band,
            start,
            end,
            latest,
        } => Warning::ProbationTooLong {
            band,
            limit_months: band.limit_months(),
            start,
            end,
            latest,
            clause: p
                .probation
                .as_ref()
                .and_then(|x| x.clause())
                .map(str::to_string),
        },
        L::ExtensionTooLong {
            band,
            start,
            extended,
            latest,
        } => Warning::ExtensionTooLong {
            band,
            limit_months: band.limit_months(),
            start,
            extended,
            latest,
        },
        L::Second => Warning::SecondProbation,
        L::PayBelowShare {
            pay,
            base,
            floor,
            post,
        } => Warning::ProbationPayLow {
            pay,
            base,
            floor,
            basis: if post {
                "post_lowest_pay"
            } else {
                "contract_pay"
            },
        },
        L::BelowMinimumWage { pay, minimum } => Warning::BelowMinimumWage { pay, minimum },
        L::NoReasons => Warning::FailureWithoutReasons,
    }
}
