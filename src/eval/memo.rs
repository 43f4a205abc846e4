//! Eval stage: the values of record-independent nodes (read nothing of the record, only the
//! evaluation date, constants, parameters and the calendar), computed once per evaluation date
//! and reused for every record. A reused value still has its effects on the record's
//! evaluation: its quantifier steps count, and the calendar years it found uncovered are
//! recorded; where that could come out differently (the step budget or the record of uncovered
//! years nearly full), the node is evaluated for the record as before.

use crate::calendar::{Date, Uncovered};
use crate::program::ir::ExprId;
use crate::program::ir::NodeKind;
use crate::program::Program;
use crate::value::Record;

use super::compile::Op;
use super::expr::Ctx;
use super::value::Value;
use super::Fault;
use super::{limits, recycle};

/// What is known of one record-independent node on the evaluation date.
#[derive(Clone, Copy, Debug)]
enum Entry {
    /// Not computed yet.
    Unknown,
    /// Evaluated for each record (it failed, borrows from the program, or found too many
    /// uncovered years).
    Live,
    /// Its value, with the quantifier steps it took and the uncovered years it found.
    Known(Value<'static>, u64, Uncovered),
}

/// The record-independent nodes' values on one evaluation date, with the buffers of the
/// context they are computed in (so that computing them allocates nothing once warm).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The date the entries are for; none: no entries (the memo is off).
    as_of: Option<Date>,
    entries: Vec<Entry>,
    slots: Vec<Value<'static>>,
    lazy: Vec<bool>,
    locals: Vec<Value<'static>>,
}

/// The record a record-independent node is computed with: it reads none of it.
static NO_RECORD: Record = Record {
    line: 0,
    id: String::new(),
    fields: Vec::new(),
};

/// A value that borrows nothing.
fn detach(v: Value<'_>) -> Option<Value<'static>> {
    Some(match v {
        Value::Missing(m) => Value::Missing(m),
        Value::None => Value::None,
        Value::Bool(b) => Value::Bool(b),
        Value::Num(n) => Value::Num(n),
        Value::Date(d) => Value::Date(d),
        Value::Month(m) => Value::Month(m),
        Value::Quarter(q) => Value::Quarter(q),
        Value::Dur(n, u) => Value::Dur(n, u),
        Value::Enum(e) => Value::Enum(e),
        Value::Grade(g) => Value::Grade(g),
        Value::Rung(r) => Value::Rung(r),
        Value::Major(m) => Value::Major(m),
        Value::IntRange(a, b) => Value::IntRange(a, b),
        Value::MonthRange(a, b) => Value::MonthRange(a, b),
        Value::QuarterRange(a, b) => Value::QuarterRange(a, b),
        Value::DateRange(a, b) => Value::DateRange(a, b),
        Value::Text(_) | Value::Struct(_) | Value::List(_) | Value::Map(_) | Value::Window(..) => {
            return None
        }
    })
}

impl Memo {
    /// A memo for `count` nodes of a program.
    pub(crate) fn new(program: &Program, count: usize) -> Memo {
        Memo {
            as_of: None,
            entries: vec![Entry::Unknown; count],
            slots: Vec::with_capacity(program.slots),
            lazy: Vec::with_capacity(program.slots),
            locals: Vec::with_capacity(16),
        }
    }

    /// Readies the memo for an evaluation date: the entries of another date are forgotten.
    pub(crate) fn date(&mut self, as_of: Date) {
        if self.as_of != Some(as_of) && !self.entries.is_empty() {
            self.entries.fill(Entry::Unknown);
            self.as_of = Some(as_of);
        }
    }
}

impl<'a> Ctx<'a> {
    /// The value of record-independent node `k` (compiled as `op`): computed once per date.
    /// `own` is the node's slot when it is a definition's.
    pub(super) fn memoized(
        &mut self,
        k: usize,
        own: Option<usize>,
        op: &Op,
    ) -> Result<Value<'a>, Fault> {
        if self.memo.as_of != Some(self.as_of) {
            return op(self);
        }
        if let Some(Entry::Unknown) = self.memo.entries.get(k) {
            let entry = self.compute(own, op);
            if let Some(e) = self.memo.entries.get_mut(k) {
                *e = entry;
            }
        }
        match self.memo.entries.get(k).copied() {
            Some(Entry::Known(v, steps, years))
                if self.steps + steps <= limits::MAX_STEPS
                    && self.uncovered.len() + years.len() <= Uncovered::CAPACITY =>
            {
                self.steps += steps;
                for y in years.iter() {
                    self.uncovered.add(y);
                }
                Ok(v)
            }
            _ => op(self),
        }
    }

    /// Computes a record-independent node in a context of its own.
    fn compute(&mut self, own: Option<usize>, op: &Op) -> Entry {
        let program = self.program;
        let mut slots = recycle(std::mem::take(&mut self.memo.slots));
        slots.resize(program.slots, Value::None);
        let mut lazy = std::mem::take(&mut self.memo.lazy);
        lazy.clear();
        lazy.extend(program.slot_lets.iter().map(Option::is_some));
        // The enclosing quantifiers' variables: the node reads none of them, but its own
        // quantifiers bind theirs after them.
        let mut locals = recycle(std::mem::take(&mut self.memo.locals));
        locals.resize(self.locals.len(), Value::None);
        let mut sub = Ctx {
            program,
            record: &NO_RECORD,
            as_of: self.as_of,
            slots,
            lazy,
            locals,
            uncovered: Uncovered::default(),
            steps: 0,
            standing: None,
            code: self.code,
            counted: None,
            memo: Memo::default(),
        };
        let value = op(&mut sub).ok().and_then(detach);
        // The steps of a definition it computed are counted once per record: a node that
        // took steps and computed another definition is evaluated live, so that no step is
        // counted twice.
        let computed = || {
            (sub.lazy.iter().zip(&program.slot_lets).enumerate())
                .any(|(i, (lazy, e))| e.is_some() && !*lazy && Some(i) != own)
        };
        let entry = match value {
            Some(v)
                if sub.uncovered.len() < Uncovered::CAPACITY && (sub.steps == 0 || !computed()) =>
            {
                Entry::Known(v, sub.steps, sub.uncovered)
            }
            _ => Entry::Live,
        };
        self.memo.slots = recycle(sub.slots);
        self.memo.lazy = sub.lazy;
        self.memo.locals = recycle(sub.locals);
        entry
    }
}

/// Which nodes of a program read nothing of the record: not its fields, not an outcome, not a
/// roster group, and no variable of a quantifier around them.
pub(crate) struct Independent<'p> {
    program: &'p Program,
    /// Per node: whether it reads the record, and the depths of the variables it reads that no
    /// quantifier inside it binds.
    seen: Vec<Option<(bool, u64)>>,
}

impl<'p> Independent<'p> {
    pub(crate) fn new(program: &'p Program) -> Self {
        Independent {
            program,
            seen: vec![None; program.nodes.len()],
        }
    }

    /// Whether node `id` is worth computing once per date: record-independent, and more than a
    /// constant, a parameter or the date.
    pub(crate) fn worth(&mut self, id: ExprId) -> bool {
        let trivial = matches!(
            self.program.node(id).map(|n| &n.kind),
            None | Some(
                NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::AsOf | NodeKind::Local(_)
            )
        );
        !trivial && self.reads(id) == (false, 0)
    }

    fn reads(&mut self, id: ExprId) -> (bool, u64) {
        if let Some(Some(r)) = self.seen.get(id.index()) {
            return *r;
        }
        // A node is assumed to read the record while its operands are looked at.
        if let Some(s) = self.seen.get_mut(id.index()) {
            *s = Some((true, 0));
        }
        let r = self.compute(id);
        if let Some(s) = self.seen.get_mut(id.index()) {
            *s = Some(r);
        }
        r
    }

    fn compute(&mut self, id: ExprId) -> (bool, u64) {
        let program = self.program;
        let Some(node) = program.node(id) else {
            return (true, 0);
        };
        let bound = |depth: u16| !1u64.checked_shl(u32::from(depth)).unwrap_or(0);
        match &node.kind {
            NodeKind::Field(_) | NodeKind::Group(..) => (true, 0),
            NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::AsOf => (false, 0),
            NodeKind::Local(d) => match 1u64.checked_shl(u32::from(*d)) {
                Some(bit) => (false, bit),
                None => (true, 0),
            },
            NodeKind::Slot(s) => match program.slot_lets.get(*s) {
                Some(Some(e)) => self.reads(*e),
                _ => (true, 0),
            },
            NodeKind::Quant(_, depth, list, cond) => {
                let (l, lf) = self.reads(*list);
                let (c, cf) = self.reads(*cond);
                (l || c, lf | (cf & bound(*depth)))
            }
            NodeKind::Agg(_, depth, list, filter, value) => {
                let (l, lf) = self.reads(*list);
                let (f, ff) = filter.map_or((false, 0), |f| self.reads(f));
                let (v, vf) = self.reads(*value);
                (l || f || v, lf | ((ff | vf) & bound(*depth)))
            }
            kind => kind.operands().into_iter().fold((false, 0), |(r, f), o| {
                let (r2, f2) = self.reads(o);
                (r || r2, f | f2)
            }),
        }
    }
}
