//! Program stage: the checked and resolved program the interpreter runs. Every name is a slot,
//! every constant a typed value, every rule knows the fields it sets.

use crate::calendar::Calendar;
use crate::source::{PolicySource, Span};

use super::ops::{Aggregate, BinOp, Combine, Provenance, Quantifier};
use crate::value::FieldValue;

use super::schema::Schema;
use super::types::Type;

/// An expression node of a [`Program`]: an index into its arena, made only by the checker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(u32);

impl ExprId {
    /// The id of the node at `index` in the arena (the checker's lowering makes these).
    pub(crate) fn new(index: u32) -> Self {
        ExprId(index)
    }

    /// Its place in the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A checked policy, ready to evaluate.
#[derive(Debug)]
pub struct Program {
    /// The policy's name (from `制度`, else the file name).
    pub(crate) name: String,
    /// The policy's text, for quoting conditions in explanations.
    pub(crate) source: PolicySource,
    /// The record schema.
    pub(crate) schema: Schema,
    /// The working-day calendar.
    pub(crate) calendar: Calendar,
    /// Parameters.
    pub(crate) params: Vec<ParamDef>,
    /// Tables.
    pub(crate) tables: Vec<TableDef>,
    /// Per-record definitions.
    pub(crate) lets: Vec<LetDef>,
    /// Decisions in file order.
    pub(crate) decisions: Vec<DecisionDef>,
    /// Every rule of every decision.
    pub(crate) rules: Vec<RuleDef>,
    /// Clauses kept as cited text.
    pub(crate) clauses: Vec<ClauseDef>,
    /// Processes in file order.
    pub(crate) processes: Vec<super::process::ProcessDef>,
    /// The probation terms, when the policy declares them.
    pub(crate) probation: Option<super::process::ProbationDef>,
    /// The expression arena.
    pub(crate) nodes: Vec<Node>,
    /// The order in which definitions and outcome fields are computed.
    pub(crate) order: Vec<Step>,
    /// How many value slots a record's evaluation needs.
    pub(crate) slots: usize,
    /// For each slot holding a definition, its expression (computed on first use).
    pub(crate) slot_lets: Vec<Option<ExprId>>,
    /// Each node's text as explanations quote it, made on first use: explaining a roster
    /// quotes the same conditions for every record.
    pub(crate) quoted: QuotedTexts,
    /// What explanations read of each rule, made on first use (`verdict::plan`).
    pub(crate) plans: crate::verdict::plan::Plans,
}

/// Texts made once per program, by node.
#[derive(Debug, Default)]
pub(crate) struct QuotedTexts(std::sync::OnceLock<Box<[std::sync::OnceLock<String>]>>);

/// A parameter.
#[derive(Clone, Debug)]
pub struct ParamDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its value.
    pub value: FieldValue,
    /// Where the value comes from.
    pub provenance: Option<Provenance>,
    /// Where it is declared.
    pub span: Span,
}

/// A table: values by key, with where they come from.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// Its name.
    pub name: String,
    /// Its title, if written.
    pub title: Option<String>,
    /// The type of its keys.
    pub key: Type,
    /// The type of its values.
    pub value: Type,
    /// Its entries, in file order, each key once.
    pub entries: Vec<(FieldValue, FieldValue)>,
    /// The value of a key not listed (`否则`).
    pub default: Option<FieldValue>,
    /// Where the values come from.
    pub provenance: Option<Provenance>,
    /// Where it is declared.
    pub span: Span,
}

/// A per-record definition.
#[derive(Clone, Debug)]
pub struct LetDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its expression.
    pub expr: ExprId,
    /// Its value slot.
    pub slot: usize,
    /// Where it is declared.
    pub span: Span,
}

/// A decision.
#[derive(Clone, Debug)]
pub struct DecisionDef {
    /// Its name.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// Record fields without which it is pending.
    pub requires: Vec<usize>,
    /// The condition under which it applies at all (none: always).
    pub applies: Option<ExprId>,
    /// Its outcome fields.
    pub fields: Vec<OutFieldDef>,
    /// Its rules, as indexes into [`Program::rules`].
    pub rules: Vec<usize>,
    /// For a decision over the whole roster (`按 部门 排名 …`): its group, order and quotas.
    pub roster: Option<super::roster::RosterDef>,
    /// Where it is declared.
    pub span: Span,
}

/// An outcome field.
#[derive(Clone, Debug)]
pub struct OutFieldDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it may have no value.
    pub optional: bool,
    /// Its value when no rule sets it.
    pub default: Option<ExprId>,
    /// How setting rules combine.
    pub combine: Combine,
    /// Rules that set it, in file order.
    pub setters: Vec<Setter>,
    /// Rules that cap or floor it.
    pub bounds: Vec<Bound>,
    /// Rules whose requirements it gathers (a requirement field is true when all hold).
    pub requirements: Vec<Requirement>,
    /// Its value slot.
    pub slot: usize,
    /// Where it is declared.
    pub span: Span,
}

impl OutFieldDef {
    /// Whether the field is the conjunction of requirements.
    pub fn is_requirement(&self) -> bool {
        !self.requirements.is_empty()
    }
}

/// A rule setting a field to a value.
#[derive(Clone, Copy, Debug)]
pub struct Setter {
    /// The rule.
    pub rule: usize,
    /// The value.
    pub value: ExprId,
}

/// A rule capping (`不超过`) or flooring (`不低于`) a field.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// The rule.
    pub rule: usize,
    /// True for a cap, false for a floor.
    pub at_most: bool,
    /// The bound.
    pub value: ExprId,
}

/// A rule requiring a condition for a field.
#[derive(Clone, Copy, Debug)]
pub struct Requirement {
    /// The rule.
    pub rule: usize,
    /// The condition.
    pub cond: ExprId,
}

/// A rule.
#[derive(Clone, Debug)]
pub struct RuleDef {
    /// Its clause ids; the first names it.
    pub ids: Vec<String>,
    /// Its title.
    pub title: String,
    /// The clause's original sentence.
    pub source: Option<String>,
    /// Other clauses it cites.
    pub see: Vec<String>,
    /// Its decision.
    pub decision: usize,
    /// Its condition (none: always).
    pub when: Option<ExprId>,
    /// Rules it suppresses when it fires.
    pub overrides: Vec<usize>,
    /// Rules that suppress it when they fire.
    pub overridden_by: Vec<usize>,
    /// Its head: ids and title.
    pub span: Span,
}

impl RuleDef {
    /// The rule's name: its first clause id.
    pub fn id(&self) -> &str {
        self.ids.first().map_or("", String::as_str)
    }
}

/// A clause kept as cited text.
#[derive(Clone, Debug)]
pub struct ClauseDef {
    /// Its number.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its original sentence.
    pub source: Option<String>,
}

/// One step of a record's evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Compute a definition.
    Let(usize),
    /// Compute a decision's outcome field.
    Field(usize, usize),
}

/// An expression node.
#[derive(Clone, Debug)]
pub struct Node {
    /// What it computes.
    pub kind: NodeKind,
    /// Its type.
    pub ty: Type,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of expression node.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A constant.
    Const(FieldValue),
    /// A top-level record field.
    Field(usize),
    /// A definition or outcome field, by slot.
    Slot(usize),
    /// A parameter.
    Param(usize),
    /// A quantifier's variable, by depth.
    Local(u16),
    /// The evaluation date.
    AsOf,
    /// A sub-record's field.
    Member(ExprId, u16),
    /// `map[month]` or `map[from .. to]`.
    Index(ExprId, ExprId),
    /// `非 x`.
    Not(ExprId),
    /// `-x`.
    Neg(ExprId),
    /// `有 x`.
    Has(ExprId),
    /// A binary operation.
    Binary(BinOp, ExprId, ExprId),
    /// A grade pattern: alternatives of (cumulative count, rank) thresholds.
    Meets(ExprId, Vec<Vec<(u32, u8)>>),
    /// None of the grades whose ranks are set in the mask.
    HasNo(ExprId, u64),
    /// A quantifier with its variable's depth.
    Quant(Quantifier, u16, ExprId, ExprId),
    /// `若 c 则 a 否则 b`.
    If(ExprId, ExprId, ExprId),
    /// An aggregate with its variable's depth: the list, the filter, the value of each element.
    Agg(Aggregate, u16, ExprId, Option<ExprId>, ExprId),
    /// A built-in function.
    Call(Builtin, Vec<ExprId>),
    /// `表[键]`: a table's value for a key.
    Lookup(usize, ExprId),
    /// A function of the record's group in a roster decision (by its index).
    Group(usize, super::roster::GroupFn),
}

impl NodeKind {
    /// The nodes this one reads directly.
    pub fn operands(&self) -> Vec<ExprId> {
        match self {
            NodeKind::Const(_)
            | NodeKind::Field(_)
            | NodeKind::Slot(_)
            | NodeKind::Param(_)
            | NodeKind::Local(_)
            | NodeKind::AsOf
            | NodeKind::Group(..) => Vec::new(),
            NodeKind::Member(a, _)
            | NodeKind::Not(a)
            | NodeKind::Neg(a)
            | NodeKind::Has(a)
            | NodeKind::Meets(a, _)
            | NodeKind::HasNo(a, _)
            | NodeKind::Lookup(_, a) => vec![*a],
            NodeKind::Index(a, b) | NodeKind::Binary(_, a, b) | NodeKind::Quant(_, _, a, b) => {
                vec![*a, *b]
            }
            NodeKind::If(a, b, c) => vec![*a, *b, *c],
            NodeKind::Agg(_, _, a, f, v) => {
                [Some(*a), *f, Some(*v)].into_iter().flatten().collect()
            }
            NodeKind::Call(_, args) => args.clone(),
        }
    }
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `月份(日期)`: the month of a date.
    MonthOf,
    /// `月(x)`: the month's number, 1–12.
    MonthNumber,
    /// `年(x)`.
    Year,
    /// `日(日期)`: the day of the month.
    Day,
    /// `月初(x)`: the first day of the month.
    MonthStart,
    /// `月末(x)`: the last day of the month.
    MonthEnd,
    /// `季度(x)`: the quarter of a date or month; `季度(年, n)`: quarter n of a year.
    QuarterOf,
    /// `季(x)`: the quarter's number, 1–4.
    QuarterNumber,
    /// `工作日序号(日期)`: which working day of its month a date is (0: not one).
    WorkdayIndex,
    /// `工作日(月份, n)`: the n-th working day of a month.
    NthWorkday,
    /// `是工作日(日期)`.
    IsWorkday,
    /// `月数(a, b)`: whole months from a to b.
    MonthsBetween,
    /// `天数(a, b)`: days from a to b.
    DaysBetween,
    /// `较大(a, b, …)`.
    Max,
    /// `较小(a, b, …)`.
    Min,
    /// `大级(职级)`.
    MajorOf,
    /// `个数(列表)`: how many elements (or graded months of a window).
    Len,
    /// `四舍五入(x, 位数)`.
    Round,
    /// `绝对值(x)`.
    Abs,
    /// `星期(日期)`: 1 (Monday) to 7 (Sunday).
    Weekday,
    /// `节日("春节", 年)`: the first holiday of a festival in a year, from the calendar.
    Festival,
    /// `整除(a, b)`: the whole quotient, rounded down.
    Quotient,
    /// `余数(a, b)`: `a - b × 整除(a, b)`.
    Remainder,
    /// `取整(x)`: rounded half away from zero to a whole number.
    RoundInt,
    /// `向下取整(x)`.
    Floor,
    /// `向上取整(x)`.
    Ceil,
}

impl Program {
    /// The policy's name (from `制度`, else the file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The policy's text.
    pub fn source(&self) -> &PolicySource {
        &self.source
    }

    /// The record schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The working-day calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The parameters, in file order.
    pub fn params(&self) -> &[ParamDef] {
        &self.params
    }

    /// The per-record definitions, in file order.
    pub fn lets(&self) -> &[LetDef] {
        &self.lets
    }

    /// The decisions, in file order.
    pub fn decisions(&self) -> &[DecisionDef] {
        &self.decisions
    }

    /// Every rule of every decision; [`DecisionDef::rules`] and [`Setter::rule`] index it.
    pub fn rules(&self) -> &[RuleDef] {
        &self.rules
    }

    /// The clauses kept as cited text.
    pub fn clauses(&self) -> &[ClauseDef] {
        &self.clauses
    }

    /// The processes, in file order.
    pub fn processes(&self) -> &[super::process::ProcessDef] {
        &self.processes
    }

    /// The probation terms, when the policy declares them.
    pub fn probation(&self) -> Option<&super::process::ProbationDef> {
        self.probation.as_ref()
    }

    /// The order in which definitions and outcome fields are computed.
    pub fn order(&self) -> &[Step] {
        &self.order
    }

    /// How many value slots a record's evaluation needs.
    pub fn slot_count(&self) -> usize {
        self.slots
    }

    /// A node by id.
    pub fn node(&self, id: ExprId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// A node's text as explanations quote it: `make` makes it the first time it is asked for.
    pub(crate) fn quoted(&self, id: ExprId, make: impl FnOnce() -> String) -> String {
        self.quoted_ref(id, make).into_owned()
    }

    /// A node's text as explanations quote it, borrowed from the program once made.
    pub(crate) fn quoted_ref(
        &self,
        id: ExprId,
        make: impl FnOnce() -> String,
    ) -> std::borrow::Cow<'_, str> {
        let all = self
            .quoted
            .0
            .get_or_init(|| (0..self.nodes.len()).map(|_| Default::default()).collect());
        match all.get(id.index()) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(make).as_str()),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// The source text of a node.
    pub fn text(&self, id: ExprId) -> &str {
        self.node(id)
            .and_then(|n| self.source.text.get(n.span.start..n.span.end))
            .unwrap_or("")
    }

    /// The name of a slot: a definition, or `决定.字段`.
    pub fn slot_name(&self, slot: usize) -> String {
        if let Some(l) = self.lets.iter().find(|l| l.slot == slot) {
            return l.name.clone();
        }
        for d in &self.decisions {
            if let Some(f) = d.fields.iter().find(|f| f.slot == slot) {
                return format!("{}.{}", d.name, f.name);
            }
        }
        String::new()
    }

    /// A rule found by any of its clause ids.
    pub fn rule_by_id(&self, id: &str) -> Option<usize> {
        self.rules
            .iter()
            .position(|r| r.ids.iter().any(|i| i == id))
    }

    /// The original sentence of a clause or rule id.
    pub fn clause_text(&self, id: &str) -> Option<(&str, Option<&str>)> {
        if let Some(c) = self.clauses.iter().find(|c| c.id == id) {
            return Some((c.title.as_str(), c.source.as_deref()));
        }
        let r = self.rule_by_id(id).and_then(|i| self.rules.get(i))?;
        Some((r.title.as_str(), r.source.as_deref()))
    }
}
