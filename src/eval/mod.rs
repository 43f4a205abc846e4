//! Eval stage: the interpreter over a checked program. Evaluation has no side effects and reads
//! no clock: the same program, record and date give the same verdict. Buffers are reused from
//! one record to the next, so a record's evaluation allocates nothing.

mod aggregate;
mod compile;
mod decide;
mod expr;
pub mod limits;
mod memo;
mod ops;
mod plan;
mod probation;
pub mod process;
pub mod roster;
mod table;
pub mod value;
mod verdict;

use crate::calendar::{Date, Uncovered};
use crate::diag::Lang;
use crate::program::Program;
use crate::source::Span;
use crate::value::{FieldValue, Record};

pub use decide::RuleState;
pub use expr::Ctx;
pub use probation::LawWarning;
pub use value::{Missing, Tri, Value};
pub use verdict::{Prober, Verdict};

/// How many grades of each rank a window, map or list of grades holds.
pub fn grade_counts_of(v: Value<'_>) -> [u32; 64] {
    expr::grade_counts(v)
}

/// How many of the counted grades are at `rank` or better.
pub fn at_or_above_of(counts: &[u32; 64], rank: u8) -> u32 {
    expr::at_or_above(counts, rank)
}

/// Something a verdict's reader should know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Working days were counted in a year the calendar does not cover (Monday–Friday).
    CalendarUncovered {
        /// The year.
        year: i32,
    },
    /// The record's probation fails a statutory check.
    Law(LawWarning),
    /// An outcome field without a default got no value from any rule.
    Unset {
        /// The decision.
        decision: usize,
        /// The field.
        field: usize,
    },
}

impl Warning {
    /// A stable code (its words are made in `explain::words`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::CalendarUncovered { .. } => "calendar-uncovered",
            Warning::Law(w) => w.code(),
            Warning::Unset { .. } => "unset-field",
        }
    }
}

/// A record the policy could not be evaluated on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub kind: EvalErrorKind,
    /// Where in the policy.
    pub span: Span,
    /// The rule, field and expression where it happened.
    pub place: Box<Place>,
}

/// Where in a policy an evaluation error happened, for a reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The id of the rule being evaluated, if it happened inside one.
    pub rule: Option<String>,
    /// The outcome field being computed (`决定.字段`), if any.
    pub field: Option<String>,
    /// The expression's source text, cut to [`EXCERPT_CHARS`] characters.
    pub expr: String,
}

/// The most characters of an expression an evaluation error quotes.
pub const EXCERPT_CHARS: usize = 60;

/// The source text of `span`, cut to [`EXCERPT_CHARS`] characters (with `…`) and on one line.
pub(crate) fn excerpt(text: &str, span: Span) -> String {
    let s = text.get(span.start..span.end).unwrap_or("");
    let mut out: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(EXCERPT_CHARS + 1)
        .collect();
    if out.chars().count() > EXCERPT_CHARS {
        out = out.chars().take(EXCERPT_CHARS).collect();
        out.push('…');
    }
    out
}

/// The kinds of evaluation error.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvalErrorKind {
    /// A number out of range, or a date or month outside 0000-01-01 ..= 9999-12-31.
    Overflow,
    /// A range (`a .. b`) with more elements than evaluation allows.
    RangeTooLarge {
        /// How many elements it has.
        len: u64,
        /// The most allowed ([`limits::MAX_RANGE`]).
        limit: u64,
    },
    /// More quantifier steps for one record than evaluation allows.
    TooMuchWork {
        /// The most allowed ([`limits::MAX_STEPS`]).
        limit: u64,
    },
    /// A division by zero.
    DivideByZero,
    /// A quarter moved by a number of months that is not a whole number of quarters.
    NotWholeQuarters {
        /// The months.
        months: i64,
    },
    /// `季度(年, n)` with no such quarter (n outside 1–4, or a year past four digits).
    NoSuchQuarter {
        /// The year.
        year: String,
        /// The quarter's number.
        number: String,
    },
    /// Two rules of a `唯一` field fired with different values.
    Conflict {
        /// The field.
        field: String,
        /// The first rule.
        first: String,
        /// The second rule.
        second: String,
    },
    /// A table lookup with a key the table does not list, and no `否则`.
    MissingKey {
        /// The table.
        table: String,
        /// The key.
        key: String,
    },
    /// A malformed program (a bug in rung).
    Internal(&'static str),
}

/// An evaluation error as it travels up the evaluator: boxed, so that a node's result is no
/// larger than its value.
pub(crate) type Fault = Box<EvalError>;

/// Records the rule being evaluated, unless an inner rule was recorded already.
pub(crate) fn in_rule(mut e: Fault, id: &str) -> Fault {
    if e.place.rule.is_none() {
        e.place.rule = Some(id.to_string());
    }
    e
}

/// Records the outcome field being computed, unless one was recorded already.
pub(crate) fn in_field(mut e: Fault, name: impl FnOnce() -> String) -> Fault {
    if e.place.field.is_none() {
        e.place.field = Some(name());
    }
    e
}

impl EvalError {
    /// The error as a sentence, with the rule, the field and the expression where it happened.
    pub fn message(&self, lang: Lang) -> String {
        let mut out = self.kind.message(lang);
        if matches!(self.kind, EvalErrorKind::Conflict { .. }) {
            // It names its rules and field already.
            return out;
        }
        let mut places = Vec::new();
        if let Some(r) = &self.place.rule {
            places.push(lang.fmt(format!("规则 `{r}`"), format!("rule `{r}`")));
        }
        if let Some(f) = &self.place.field {
            places.push(lang.fmt(format!("字段 `{f}`"), format!("field `{f}`")));
        }
        if !self.place.expr.is_empty() {
            let e = &self.place.expr;
            places.push(lang.fmt(format!("表达式 `{e}`"), format!("expression `{e}`")));
        }
        if !places.is_empty() {
            out.push_str(lang.pick("(", " ("));
            out.push_str(&places.join(lang.pick(",", ", ")));
            out.push_str(lang.pick(")", ")"));
        }
        out
    }
}

impl EvalErrorKind {
    /// The error as a sentence, without the place.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EvalErrorKind::Overflow => lang.fmt("计算结果超出范围", "a value is out of range"),
            EvalErrorKind::RangeTooLarge { len, limit } => lang.fmt(
                format!("范围有 {len} 个元素,超过上限 {limit}"),
                format!("a range of {len} elements is over the limit of {limit}"),
            ),
            EvalErrorKind::TooMuchWork { limit } => lang.fmt(
                format!("一条记录的计算超过 {limit} 步的上限"),
                format!("evaluating one record took over the limit of {limit} steps"),
            ),
            EvalErrorKind::DivideByZero => lang.fmt("除数为零", "division by zero"),
            EvalErrorKind::NotWholeQuarters { months } => lang.fmt(
                format!("季度只能加减整季度,{months} 个月不是 3 的倍数"),
                format!(
                    "a quarter moves by whole quarters; {months} months is not a multiple of 3"
                ),
            ),
            EvalErrorKind::NoSuchQuarter { year, number } => lang.fmt(
                format!("没有 {year} 年第 {number} 季度"),
                format!("there is no quarter {number} of year {year}"),
            ),
            EvalErrorKind::MissingKey { table, key } => lang.fmt(
                format!("表 `{table}` 没有键 `{key}`"),
                format!("table `{table}` has no key `{key}`"),
            ),
            EvalErrorKind::Conflict {
                field,
                first,
                second,
            } => lang.fmt(
                format!("规则 `{first}` 与 `{second}` 同时生效,给 `{field}` 不同的值"),
                format!(
                    "rules `{first}` and `{second}` both fired with different values for `{field}`"
                ),
            ),
            EvalErrorKind::Internal(what) => lang.fmt(
                format!("内部错误:{what}"),
                format!("internal error: {what}"),
            ),
        }
    }
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for EvalError {}

/// Evaluates records against one program, reusing its buffers from record to record.
pub struct Evaluator<'p> {
    program: &'p Program,
    /// The program compiled; none for an evaluator that walks the tree.
    code: Option<compile::Code>,
    /// One value per slot (`program.slots` of them between records, every one `None`).
    slots: Vec<Value<'static>>,
    /// One flag per slot, as `plan.lazy` between records.
    lazy: Vec<bool>,
    locals: Vec<Value<'static>>,
    books: Books,
    /// The grade counts of the windows a record's evaluation counted (compiled evaluation).
    counted: Option<Box<compile::Counted>>,
    /// The program's bookkeeping, prepared once.
    plan: plan::Plan,
    /// Buffers a verdict's probes borrow, and between records the record-independent nodes'
    /// values on the last evaluation date (the memo).
    scratch: verdict::Scratch,
}

/// What a record's evaluation found besides its values: rules, warnings, pending decisions.
/// Every buffer but `warnings` keeps its length (one entry per rule or decision) from record
/// to record; a record's set-up only refills it.
struct Books {
    rules: decide::Rules,
    warnings: Vec<Warning>,
    pending: Vec<Missing>,
    applies: Vec<Option<Tri>>,
    /// Per decision: whether its rules decide its fields, once worked out (see `decide::Run`).
    gates: Vec<u8>,
    /// `applies` and `gates` as a record starts: worked out already for a decision that always
    /// applies and requires no field (its rules always decide).
    fresh_applies: Vec<Option<Tri>>,
    fresh_gates: Vec<u8>,
    /// The fields each decision needs, as `(decision, field)`: a record without one of them
    /// leaves the decision pending. Read per record instead of the program's decisions.
    requires: Box<[(u32, u32)]>,
}

/// Empties a vector of values for reuse with another lifetime, keeping its allocation.
fn recycle<'x>(v: Vec<Value<'_>>) -> Vec<Value<'x>> {
    let mut v = v;
    v.clear();
    v.into_iter().map(|_| Value::None).collect()
}

impl<'p> Evaluator<'p> {
    /// An evaluator for a program.
    pub fn new(program: &'p Program) -> Self {
        Self::with_code(program, Some(compile::Code::new(program)))
    }

    fn with_code(program: &'p Program, code: Option<compile::Code>) -> Self {
        let memos = code.as_ref().map_or(0, compile::Code::memos);
        let scratch = verdict::Scratch::default();
        scratch.memo.set(Some(memo::Memo::new(program, memos)));
        let plan = plan::Plan::new(program);
        Evaluator {
            counted: code.as_ref().map(|_| Box::default()),
            program,
            code,
            books: Books::new(program, &plan.decide),
            plan,
            scratch,
            slots: Vec::with_capacity(program.slots),
            lazy: program.slot_lets.iter().map(Option::is_some).collect(),
            locals: Vec::with_capacity(8),
        }
    }

    /// An evaluator that walks the program's expression tree node by node, as explanations
    /// do, instead of compiling it: slower, with the same verdicts. It is what the compiled
    /// evaluation is tested against.
    pub fn walking(program: &'p Program) -> Self {
        Self::with_code(program, None)
    }

    /// The program.
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// Evaluates a record on a date and hands the verdict to `f`. Roster decisions need the
    /// record's standing ([`Evaluator::with_standing`]); without it they are pending.
    pub fn with_verdict<T>(
        &mut self,
        record: &Record,
        as_of: Date,
        f: impl FnOnce(&Verdict<'_>) -> T,
    ) -> Result<T, EvalError> {
        self.with_standing(record, as_of, None, f)
    }

    /// Evaluates a record on a date with its place in the roster decisions' groups, as the
    /// roster batch found it, and hands the verdict to `f`.
    pub fn with_standing<T>(
        &mut self,
        record: &Record,
        as_of: Date,
        standing: Option<&roster::Standing>,
        f: impl FnOnce(&Verdict<'_>) -> T,
    ) -> Result<T, EvalError> {
        // The evaluation itself is one function for every caller; only this hand-over is
        // generic.
        let mut f = Some(f);
        let mut out = None;
        let mut hand = |v: &Verdict<'_>| out = f.take().map(|f| f(v));
        if let Err(e) = self.evaluate(record, as_of, standing, &mut hand) {
            return Err(unbox(e));
        }
        out.ok_or_else(no_verdict)
    }

    /// Evaluates a record and hands its verdict to `f`, once.
    #[inline(never)]
    fn evaluate(
        &mut self,
        record: &Record,
        as_of: Date,
        standing: Option<&roster::Standing>,
        f: &mut dyn FnMut(&Verdict<'_>),
    ) -> Result<(), Fault> {
        let program = self.program;
        // Empty between records: the values of the last record are gone.
        let mut slots = std::mem::take(&mut self.slots);
        slots.resize(program.slots, Value::None);
        let mut ctx = Ctx {
            program,
            record,
            as_of,
            slots,
            lazy: std::mem::take(&mut self.lazy),
            locals: std::mem::take(&mut self.locals),
            uncovered: Uncovered::default(),
            steps: 0,
            standing,
            code: self.code.as_ref(),
            counted: self.counted.take(),
            memo: self.scratch.memo.take().unwrap_or_default(),
            cond: Default::default(),
        };
        ctx.memo.date(as_of);
        if let Some(c) = &mut ctx.counted {
            c.reset();
        }
        self.books.start(record);
        let out = self
            .books
            .run(&mut ctx, standing, &self.plan, &self.scratch, f);
        if out.is_err() {
            // The memo goes back where the verdict would have left it.
            self.scratch.memo.set(Some(std::mem::take(&mut ctx.memo)));
        }
        // The buffers back, as they were before the record.
        self.counted = ctx.counted.take();
        self.slots = recycle(ctx.slots);
        self.lazy = ctx.lazy;
        for (l, p) in self.lazy.iter_mut().zip(&self.plan.lazy) {
            *l = *p;
        }
        self.locals = recycle(ctx.locals);
        out
    }
}

/// An evaluation error out of its box (out of line: the path of a record that fails).
#[cold]
#[inline(never)]
#[allow(clippy::boxed_local, reason = "evaluation hands its errors up boxed")]
fn unbox(e: Fault) -> EvalError {
    *e
}

/// The error of an evaluation that handed out no verdict (it always hands one out).
#[cold]
#[inline(never)]
fn no_verdict() -> EvalError {
    EvalError {
        kind: EvalErrorKind::Internal("no verdict was handed out"),
        span: Span::default(),
        place: Box::default(),
    }
}

impl Books {
    fn new(program: &Program, decide: &plan::Decisions) -> Books {
        let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let requires = (program.decisions.iter().enumerate())
            .flat_map(|(d, def)| def.requires.iter().map(move |&i| (index(d), index(i))))
            .collect();
        let open = |d: usize| {
            let always =
                (decide.decisions.get(d)).is_some_and(|x| plan::unpack(x.applies).is_none());
            always
                && program
                    .decisions
                    .get(d)
                    .is_some_and(|x| x.requires.is_empty())
        };
        let n = program.decisions.len();
        let fresh_applies: Vec<Option<Tri>> =
            (0..n).map(|d| open(d).then_some(Tri::True)).collect();
        let fresh_gates: Vec<u8> = (0..n)
            .map(|d| if open(d) { decide::OPEN } else { 0 })
            .collect();
        Books {
            rules: decide::Rules::new(decide.plain()),
            warnings: Vec::new(),
            pending: vec![Missing::default(); n],
            applies: fresh_applies.clone(),
            gates: fresh_gates.clone(),
            fresh_applies,
            fresh_gates,
            requires,
        }
    }

    /// Readies the books for a record: nothing looked at, and the decisions pending on the
    /// fields it lacks.
    fn start(&mut self, record: &Record) {
        self.rules.clear();
        self.applies.copy_from_slice(&self.fresh_applies);
        self.gates.copy_from_slice(&self.fresh_gates);
        self.pending.fill(Missing::default());
        self.warnings.clear();
        for &(d, i) in self.requires.iter() {
            let i = i as usize;
            if let Some(FieldValue::Absent) | None = record.fields.get(i) {
                if let Some(p) = self.pending.get_mut(d as usize) {
                    *p = p.union(Missing::field(i));
                }
            }
        }
    }

    /// Evaluates the record of `ctx` and hands the verdict to `f`.
    fn run<'a>(
        &mut self,
        ctx: &mut Ctx<'a>,
        standing: Option<&'a roster::Standing>,
        plan: &plan::Plan,
        scratch: &verdict::Scratch,
        f: &mut dyn FnMut(&Verdict<'_>),
    ) -> Result<(), Fault> {
        let (program, record, as_of) = (ctx.program, ctx.record, ctx.as_of);
        let mut run = decide::Run {
            ctx: &mut *ctx,
            plan: &plan.decide,
            rules: &mut self.rules,
            warnings: &mut self.warnings,
            pending: &self.pending,
            applies: &mut self.applies,
            gates: &mut self.gates,
        };
        // Definitions are computed when first read.
        for f in &plan.decide.fields {
            run.field(f)?;
        }
        probation::check(ctx, &mut self.warnings)?;
        for year in ctx.uncovered.iter() {
            self.warnings.push(Warning::CalendarUncovered { year });
        }
        // The verdict's compiled probes read the record-independent values evaluation found;
        // the memo stays there for the next record.
        scratch.memo.set(Some(std::mem::take(&mut ctx.memo)));
        let verdict = Verdict {
            program,
            record,
            as_of,
            slots: &ctx.slots,
            lazy: &ctx.lazy,
            rules: &self.rules,
            warnings: &self.warnings,
            applies: &self.applies,
            standing,
            code: ctx.code,
            plan,
            scratch,
        };
        f(&verdict);
        Ok(())
    }
}
