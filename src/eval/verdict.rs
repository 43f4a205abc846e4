//! Eval stage: a record's verdict as evaluation left it: every outcome, which rules fired, which
//! requirements failed, what was missing. Explanations probe it for the values behind a result.

use std::cell::Cell;

use crate::calendar::{Date, Uncovered};
use crate::program::ir::ExprId;
use crate::program::Program;
use crate::value::Record;

use super::decide::{RuleState, Rules};
use super::expr::Ctx;
use super::memo::Memo;
use super::plan::Plan;
use super::process::StepReport;
use super::recycle;
use super::value::{Missing, Tri, Value};
use super::{EvalError, Warning};

/// Buffers that a verdict's probes borrow from the evaluator and give back, so that probing a
/// record's evaluation allocates nothing once they are warm; and the evaluator's values of the
/// record-independent nodes on the evaluation date, which compiled probes read as evaluation
/// did. A buffer another probe holds at the time is replaced by a new one.
#[derive(Default)]
pub(super) struct Scratch {
    /// The evaluator's memo between records and while the verdict is handed out (none: taken
    /// by a probe).
    pub memo: Cell<Option<Memo>>,
    slots: Cell<Vec<Value<'static>>>,
    lazy: Cell<Vec<bool>>,
    locals: Cell<Vec<Value<'static>>>,
    /// The steps of the process being reported.
    pub steps: Cell<Vec<StepReport>>,
}

/// One record's verdict on every decision.
pub struct Verdict<'a> {
    pub(super) program: &'a Program,
    pub(super) record: &'a Record,
    pub(super) as_of: Date,
    pub(super) slots: &'a [Value<'a>],
    pub(super) lazy: &'a [bool],
    pub(super) rules: &'a Rules,
    pub(super) warnings: &'a [Warning],
    pub(super) applies: &'a [Option<Tri>],
    pub(super) standing: Option<&'a super::roster::Standing>,
    /// The compiled program the record was evaluated with, if any: what [`Prober`] runs.
    pub(super) code: Option<&'a super::compile::Code>,
    /// The program's bookkeeping, prepared by the evaluator.
    pub(super) plan: &'a Plan,
    /// The evaluator's buffers for probes.
    pub(super) scratch: &'a Scratch,
}

impl<'a> Verdict<'a> {
    /// The program.
    pub fn program(&self) -> &'a Program {
        self.program
    }

    /// The record.
    pub fn record(&self) -> &'a Record {
        self.record
    }

    /// The record's id.
    pub fn id(&self) -> &'a str {
        &self.record.id
    }

    /// The evaluation date.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// An outcome field's value.
    pub fn value(&self, decision: usize, field: usize) -> Value<'a> {
        self.program
            .decisions
            .get(decision)
            .and_then(|d| d.fields.get(field))
            .and_then(|f| self.slots.get(f.slot))
            .copied()
            .unwrap_or(Value::None)
    }

    /// A slot's value (a definition, computed now if evaluation never needed it, or an
    /// outcome field).
    pub fn slot(&self, slot: usize) -> Value<'a> {
        if self.lazy.get(slot).copied().unwrap_or(false) {
            if let Some(Some(e)) = self.program.slot_lets.get(slot) {
                return self.probe(*e, &[]).unwrap_or(Value::None);
            }
        }
        self.slots.get(slot).copied().unwrap_or(Value::None)
    }

    /// Whether a decision applies to the record (its `仅当`); a decision not reached is probed.
    pub fn applies(&self, decision: usize) -> Tri {
        if let Some(t) = self.applies.get(decision).copied().flatten() {
            return t;
        }
        match self.program.decisions.get(decision).and_then(|d| d.applies) {
            Some(e) => self.probe(e, &[]).map_or(Tri::False, Value::tri),
            None => Tri::True,
        }
    }

    /// The record's place in a roster decision's groups; none when the decision is not over
    /// the roster or the record was evaluated without its standing.
    pub fn place(&self, decision: usize) -> Option<&'a super::roster::Place> {
        self.standing.and_then(|s| s.place(decision))
    }

    /// What evaluation found about a rule.
    pub fn rule(&self, rule: usize) -> RuleState {
        self.rules.get(rule)
    }

    /// The absent fields that left a decision (or some of its fields) undecided.
    pub fn missing(&self, decision: usize) -> Missing {
        let Some(d) = self.program.decisions.get(decision) else {
            return Missing::default();
        };
        d.fields
            .iter()
            .filter_map(|f| self.slots.get(f.slot).and_then(|v| v.missing()))
            .fold(Missing::default(), Missing::union)
    }

    /// The names of the absent fields behind a decision's pending parts.
    pub fn missing_names(&self, decision: usize) -> Vec<&'a str> {
        let fields = self
            .program
            .schema
            .record()
            .map(|r| r.fields.as_slice())
            .unwrap_or(&[]);
        self.missing(decision)
            .indexes()
            .filter_map(|i| fields.get(i).map(|f| f.name.as_str()))
            .collect()
    }

    /// Warnings for the reader.
    pub fn warnings(&self) -> &'a [Warning] {
        self.warnings
    }

    /// The first element of `list` meeting `cond` (a top-level quantifier's parts).
    pub fn probe_first(&self, list: ExprId, cond: ExprId) -> Result<Option<Value<'a>>, EvalError> {
        let (mut ctx, memo) = self.ctx(None);
        let out = ctx.first_match(list, cond);
        self.give_back(ctx, memo);
        out.map_err(|e| *e)
    }

    /// A context for probes: the record's values so far, in the evaluator's spare buffers. With
    /// `code`, the evaluator's memo too, if no other probe holds it (the flag says so).
    fn ctx(&self, code: Option<&'a super::compile::Code>) -> (Ctx<'a>, bool) {
        let mut slots = recycle(self.scratch.slots.take());
        slots.extend_from_slice(self.slots);
        let mut lazy = self.scratch.lazy.take();
        lazy.clear();
        lazy.extend_from_slice(self.lazy);
        let memo = code.and_then(|_| self.scratch.memo.take());
        let taken = memo.is_some();
        let ctx = Ctx {
            program: self.program,
            record: self.record,
            as_of: self.as_of,
            slots,
            lazy,
            locals: recycle(self.scratch.locals.take()),
            uncovered: Uncovered::default(),
            steps: 0,
            standing: self.standing,
            code,
            counted: None,
            memo: memo.unwrap_or_default(),
            cond: Default::default(),
        };
        (ctx, taken)
    }

    /// Gives a probe's buffers back (and the memo, if it took it).
    fn give_back(&self, ctx: Ctx<'a>, memo: bool) {
        self.scratch.slots.set(recycle(ctx.slots));
        self.scratch.lazy.set(ctx.lazy);
        self.scratch.locals.set(recycle(ctx.locals));
        if memo {
            self.scratch.memo.set(Some(ctx.memo));
        }
    }

    /// A prober for the nodes a writer reads (the processes' conditions and deadlines): the
    /// compiled program where the record was evaluated with it, one context for all probes.
    pub fn prober(&self) -> Prober<'_, 'a> {
        Prober {
            verdict: self,
            ctx: None,
        }
    }

    /// Evaluates any node of the program in this record's context, for explanations.
    /// `locals` binds the variables of enclosing quantifiers.
    pub fn probe(&self, id: ExprId, locals: &[Value<'a>]) -> Result<Value<'a>, EvalError> {
        let (mut ctx, memo) = self.ctx(None);
        ctx.locals.extend_from_slice(locals);
        let out = ctx.eval(id);
        self.give_back(ctx, memo);
        out.map_err(|e| *e)
    }
}

/// Evaluates nodes of a verdict one after another, as [`Verdict::probe`] does each, sharing one
/// context: a definition computed for one probe is not computed again for the next. After a
/// probe fails the context is dropped, so that the next one sees the failure again, as a
/// fresh probe would.
pub struct Prober<'v, 'a> {
    verdict: &'v Verdict<'a>,
    /// The shared context, and whether it holds the evaluator's memo.
    ctx: Option<(Ctx<'a>, bool)>,
}

impl<'a> Prober<'_, 'a> {
    /// The value of a node, as [`Verdict::probe`] gives it without locals.
    pub fn probe(&mut self, id: ExprId) -> Result<Value<'a>, EvalError> {
        let verdict = self.verdict;
        let (ctx, _) = self.ctx.get_or_insert_with(|| verdict.ctx(verdict.code));
        ctx.steps = 0;
        ctx.locals.clear();
        let out = ctx.eval(id);
        if out.is_err() {
            self.release();
        }
        out.map_err(|e| *e)
    }

    /// Drops the context, its buffers given back to the evaluator.
    fn release(&mut self) {
        if let Some((ctx, memo)) = self.ctx.take() {
            self.verdict.give_back(ctx, memo);
        }
    }
}

impl Drop for Prober<'_, '_> {
    fn drop(&mut self) {
        self.release();
    }
}
