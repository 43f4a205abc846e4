//! Eval stage: the values of record-independent nodes (read nothing of the record, only the
//! evaluation date, constants, parameters and the calendar), computed once per evaluation date
//! and reused for every record. A reused value still has its effects on the record's
//! evaluation: its quantifier steps count, and the calendar years it found uncovered are
//! recorded; where that could come out differently (the step budget or the record of uncovered
//! years nearly full), the node is evaluated for the record as before.
//! A node that reads the record only through one enum field (`若 岗位 = 班组长 则 … 否则 …`) is
//! computed once per date for each member of the enum (and for the field absent).

use crate::calendar::{Date, Uncovered};
use crate::program::ir::ExprId;
use crate::program::ir::NodeKind;
use crate::program::Program;
use crate::program::Type;
use crate::value::{FieldValue, Record};

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
/// context they are computed in (so that computing them allocates nothing once warm). Boxed,
/// so that handing it from record to record moves a pointer; none: off (no entries).
#[derive(Debug, Default)]
pub(crate) struct Memo(Option<Box<Book>>);

/// What a [`Memo`] holds.
#[derive(Debug)]
struct Book {
    /// The date the entries are for; none: no entries (the memo is off).
    as_of: Option<Date>,
    entries: Vec<Entry>,
    slots: Vec<Value<'static>>,
    lazy: Vec<bool>,
    locals: Vec<Value<'static>>,
    /// The record a node is computed with: no field, or only the enum field it reads.
    record: Option<Record>,
}

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
        Memo(Some(Box::new(Book {
            as_of: None,
            entries: vec![Entry::Unknown; count],
            slots: Vec::with_capacity(program.slots),
            lazy: Vec::with_capacity(program.slots),
            locals: Vec::with_capacity(16),
            record: Some(Record {
                line: 0,
                id: String::new(),
                fields: Vec::with_capacity(program.schema.record().map_or(0, |r| r.fields.len())),
            }),
        })))
    }

    /// Readies the memo for an evaluation date: the entries of another date are forgotten.
    pub(crate) fn date(&mut self, as_of: Date) {
        if let Some(b) = &mut self.0 {
            if b.as_of != Some(as_of) && !b.entries.is_empty() {
                b.entries.fill(Entry::Unknown);
                b.as_of = Some(as_of);
            }
        }
    }

    /// Whether the memo holds entries for `as_of`.
    #[inline]
    fn on(&self, as_of: Date) -> bool {
        matches!(&self.0, Some(b) if b.as_of == Some(as_of))
    }

    /// Entry `k`.
    #[inline]
    fn get(&self, k: usize) -> Option<&Entry> {
        self.0.as_deref()?.entries.get(k)
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
        if !self.memo.on(self.as_of) {
            return op(self);
        }
        self.entry(k, own, None, op)
    }

    /// The value of node `k` (compiled as `op`) that reads the record only through enum field
    /// `field` of `members` members: computed once per date for each member, at `k` + the
    /// member, and for the field absent, at `k` + `members`.
    pub(super) fn memoized_by(
        &mut self,
        k: usize,
        field: usize,
        members: usize,
        own: Option<usize>,
        op: &Op,
    ) -> Result<Value<'a>, Fault> {
        if !self.memo.on(self.as_of) {
            return op(self);
        }
        let at = match self.record.fields.get(field) {
            Some(FieldValue::Enum(e)) if usize::from(*e) < members => usize::from(*e),
            Some(FieldValue::Absent) | None => members,
            _ => return op(self),
        };
        self.entry(k + at, own, Some(field), op)
    }

    /// The value of memo entry `k`, computed if unknown (`field`: the record's field the
    /// node reads).
    fn entry(
        &mut self,
        k: usize,
        own: Option<usize>,
        field: Option<usize>,
        op: &Op,
    ) -> Result<Value<'a>, Fault> {
        if let Some(Entry::Unknown) = self.memo.get(k) {
            let entry = self.compute(own, field, op);
            if let Some(e) = (self.memo.0.as_deref_mut()).and_then(|b| b.entries.get_mut(k)) {
                *e = entry;
            }
        }
        // Read in place: an entry is larger than the value it holds.
        if let Some(Entry::Known(v, steps, years)) = self.memo.get(k) {
            if self.steps + steps <= limits::MAX_STEPS
                && self.uncovered.len() + years.len() <= Uncovered::CAPACITY
            {
                self.steps += steps;
                if !years.is_empty() {
                    for y in years.iter() {
                        self.uncovered.add(y);
                    }
                }
                return Ok(*v);
            }
        }
        op(self)
    }

    /// Computes a record-independent node in a context of its own, its record holding only
    /// `field` of this record's fields.
    fn compute(&mut self, own: Option<usize>, field: Option<usize>, op: &Op) -> Entry {
        let program = self.program;
        let Some(mut book) = self.memo.0.take() else {
            return Entry::Live;
        };
        let mut record = book.record.take().unwrap_or(Record {
            line: 0,
            id: String::new(),
            fields: Vec::new(),
        });
        record.fields.clear();
        if let Some(f) = field {
            record.fields.resize(f + 1, FieldValue::Absent);
            if let (Some(to), Some(from)) = (record.fields.get_mut(f), self.record.fields.get(f)) {
                *to = from.clone();
            }
        }
        let mut slots = recycle(std::mem::take(&mut book.slots));
        slots.resize(program.slots, Value::None);
        let mut lazy = std::mem::take(&mut book.lazy);
        lazy.clear();
        lazy.extend(program.slot_lets.iter().map(Option::is_some));
        // The enclosing quantifiers' variables: the node reads none of them, but its own
        // quantifiers bind theirs after them.
        let mut locals = recycle(std::mem::take(&mut book.locals));
        locals.resize(self.locals.len(), Value::None);
        let mut sub = Ctx {
            program,
            record: &record,
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
            cond: Default::default(),
        };
        let value = op(&mut sub).ok().and_then(detach);
        // The steps of a definition it computed are counted once per record: a node that
        // took steps and computed another definition that may take steps is evaluated live,
        // so that no step is counted twice.
        let code = self.code;
        let computed = || {
            (sub.lazy.iter().zip(&program.slot_lets).enumerate()).any(|(i, (lazy, e))| {
                e.is_some() && !*lazy && Some(i) != own && code.is_none_or(|c| c.stepping(i))
            })
        };
        let entry = match value {
            Some(v)
                if sub.uncovered.len() < Uncovered::CAPACITY && (sub.steps == 0 || !computed()) =>
            {
                Entry::Known(v, sub.steps, sub.uncovered)
            }
            _ => Entry::Live,
        };
        book.slots = recycle(sub.slots);
        book.lazy = sub.lazy;
        book.locals = recycle(sub.locals);
        book.record = Some(record);
        self.memo.0 = Some(book);
        entry
    }
}

/// What of the record a node reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// Nothing.
    Nothing,
    /// One top-level field.
    Field(usize),
    /// More (several fields, an outcome, a roster group).
    Record,
}

impl Reads {
    fn and(self, o: Reads) -> Reads {
        match (self, o) {
            (Reads::Nothing, x) | (x, Reads::Nothing) => x,
            (Reads::Field(a), Reads::Field(b)) if a == b => self,
            _ => Reads::Record,
        }
    }
}

/// The most members of an enum whose field a node is computed once per date for each of.
const MEMBERS: usize = 16;

/// Which nodes of a program read nothing of the record (not its fields, not an outcome, not a
/// roster group, and no variable of a quantifier around them), or only one enum field; and
/// which take quantifier steps or call functions.
pub(crate) struct Independent<'p> {
    program: &'p Program,
    /// Per node: what of the record it reads, and the depths of the variables it reads that
    /// no quantifier inside it binds.
    seen: Vec<Option<(Reads, u64)>>,
    /// Per node: whether it (or a definition it reads) holds a quantifier or an aggregate
    /// (it may take steps), and whether it holds a function call or a table lookup.
    work: Vec<Option<(bool, bool)>>,
}

impl<'p> Independent<'p> {
    pub(crate) fn new(program: &'p Program) -> Self {
        Independent {
            program,
            seen: vec![None; program.nodes.len()],
            work: vec![None; program.nodes.len()],
        }
    }

    /// Whether a node is more than a constant, a parameter, the date or a variable.
    fn trivial(&self, id: ExprId) -> bool {
        matches!(
            self.program.node(id).map(|n| &n.kind),
            None | Some(
                NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::AsOf | NodeKind::Local(_)
            )
        )
    }

    /// Whether node `id` is worth computing once per date: record-independent, and more than a
    /// constant, a parameter or the date.
    pub(crate) fn worth(&mut self, id: ExprId) -> bool {
        !self.trivial(id) && self.reads(id) == (Reads::Nothing, 0)
    }

    /// The enum field and its number of members when node `id` reads the record only through
    /// that field, of a few members, and is worth computing once per date for each: it takes
    /// steps or calls a function.
    pub(crate) fn keyed(&mut self, id: ExprId) -> Option<(usize, usize)> {
        let (Reads::Field(f), 0) = self.reads(id) else {
            return None;
        };
        let (steps, calls) = self.work(id);
        if !(steps || calls) {
            return None;
        }
        let schema = &self.program.schema;
        let field = schema.record()?.fields.get(f)?;
        let Type::Enum(e) = field.ty else {
            return None;
        };
        let members = schema.enum_def(e)?.members.len();
        (members <= MEMBERS).then_some((f, members))
    }

    /// Whether a definition's slot may take quantifier steps when computed.
    pub(crate) fn stepping(&mut self, slot: usize) -> bool {
        match self.program.slot_lets.get(slot) {
            Some(Some(e)) => self.work(*e).0,
            _ => false,
        }
    }

    fn work(&mut self, id: ExprId) -> (bool, bool) {
        if let Some(Some(w)) = self.work.get(id.index()) {
            return *w;
        }
        // A definition read inside itself is assumed to do both while it is looked at.
        if let Some(w) = self.work.get_mut(id.index()) {
            *w = Some((true, true));
        }
        let program = self.program;
        let w = match program.node(id).map(|n| &n.kind) {
            None => (true, true),
            Some(NodeKind::Slot(s)) => match program.slot_lets.get(*s) {
                Some(Some(e)) => self.work(*e),
                _ => (false, false),
            },
            Some(kind) => {
                let here = (
                    matches!(kind, NodeKind::Quant(..) | NodeKind::Agg(..)),
                    matches!(kind, NodeKind::Call(..) | NodeKind::Lookup(..)),
                );
                kind.operands().into_iter().fold(here, |(s, c), o| {
                    let (s2, c2) = self.work(o);
                    (s || s2, c || c2)
                })
            }
        };
        if let Some(slot) = self.work.get_mut(id.index()) {
            *slot = Some(w);
        }
        w
    }

    fn reads(&mut self, id: ExprId) -> (Reads, u64) {
        if let Some(Some(r)) = self.seen.get(id.index()) {
            return *r;
        }
        // A node is assumed to read the record while its operands are looked at.
        if let Some(s) = self.seen.get_mut(id.index()) {
            *s = Some((Reads::Record, 0));
        }
        let r = self.compute(id);
        if let Some(s) = self.seen.get_mut(id.index()) {
            *s = Some(r);
        }
        r
    }

    fn compute(&mut self, id: ExprId) -> (Reads, u64) {
        let program = self.program;
        let Some(node) = program.node(id) else {
            return (Reads::Record, 0);
        };
        let bound = |depth: u16| !1u64.checked_shl(u32::from(depth)).unwrap_or(0);
        match &node.kind {
            NodeKind::Field(i) => (Reads::Field(*i), 0),
            NodeKind::Group(..) => (Reads::Record, 0),
            NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::AsOf => (Reads::Nothing, 0),
            NodeKind::Local(d) => match 1u64.checked_shl(u32::from(*d)) {
                Some(bit) => (Reads::Nothing, bit),
                None => (Reads::Record, 0),
            },
            NodeKind::Slot(s) => match program.slot_lets.get(*s) {
                Some(Some(e)) => self.reads(*e),
                _ => (Reads::Record, 0),
            },
            NodeKind::Quant(_, depth, list, cond) => {
                let (l, lf) = self.reads(*list);
                let (c, cf) = self.reads(*cond);
                (l.and(c), lf | (cf & bound(*depth)))
            }
            NodeKind::Agg(_, depth, list, filter, value) => {
                let (l, lf) = self.reads(*list);
                let (f, ff) = filter.map_or((Reads::Nothing, 0), |f| self.reads(f));
                let (v, vf) = self.reads(*value);
                (l.and(f).and(v), lf | ((ff | vf) & bound(*depth)))
            }
            kind => kind
                .operands()
                .into_iter()
                .fold((Reads::Nothing, 0), |(r, f), o| {
                    let (r2, f2) = self.reads(o);
                    (r.and(r2), f | f2)
                }),
        }
    }
}
