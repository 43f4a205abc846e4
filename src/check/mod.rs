//! Check stage: resolves names, checks types, orders the computation and lints a parsed policy
//! into a [`Program`]. Every problem of a file is reported at once; a policy with errors gives
//! no program.

mod builtins;
mod decl;
pub mod error;
mod expr;
mod iterate;
mod lint;
mod loader;
mod lower;
mod names;
mod order;
mod probation;
mod process;
mod roster;
mod rules;
mod table;
pub mod warning;

use crate::program::ir::ExprId;
use std::collections::{HashMap, HashSet};

use crate::calendar::Calendar;
use crate::source::PolicySource;
use crate::syntax::{ast, Span};
use crate::value::Num;

pub use crate::program::{Program, Schema, Type};
pub use error::{CheckError, CheckErrorKind, CheckFailed};
pub use loader::{confined, DirLoader, LoadError, Loader, MemoryLoader, MAX_FILE_BYTES};
pub use warning::{CheckWarning, CheckWarningKind};

use crate::program::ir::{
    ClauseDef, DecisionDef, LetDef, Node, NodeKind, ParamDef, RuleDef, TableDef,
};
use crate::program::process::{ProbationDef, ProcessDef};
use crate::program::types::TypeName;

/// A checked policy and the warnings found on the way.
#[derive(Debug)]
pub struct Checked {
    /// The program to evaluate.
    pub program: Program,
    /// Warnings (no errors), in file order.
    pub warnings: Vec<CheckWarning>,
}

/// Checks a parsed policy. On failure, every error and warning found is returned, each list
/// ordered by position; `explain::diagnostics` renders them in either language.
pub fn check(
    policy: &ast::Policy,
    source: PolicySource,
    loader: &dyn Loader,
) -> Result<Checked, CheckFailed> {
    let mut c = Checker::new(policy);
    c.declare(loader);
    c.check_lets();
    c.check_decisions();
    c.check_processes();
    c.check_probation();
    let order = c.order();
    c.roster_order();
    c.lint();
    c.lint_processes();
    c.lint_probation();
    let mut errors = std::mem::take(&mut c.errors);
    let mut warnings = std::mem::take(&mut c.warnings);
    errors.sort_by_key(|e| e.span.start);
    errors.dedup();
    warnings.sort_by_key(|w| w.span.start);
    warnings.dedup();
    if !errors.is_empty() {
        return Err(CheckFailed { errors, warnings });
    }
    let name = c.name.clone().unwrap_or_else(|| {
        std::path::Path::new(&source.name)
            .file_stem()
            .map_or_else(|| source.name.clone(), |s| s.to_string_lossy().into_owned())
    });
    let slots = c.next_slot;
    let mut slot_lets = vec![None; slots];
    for d in c.lets.iter().filter_map(|l| l.def.as_ref()) {
        if let Some(s) = slot_lets.get_mut(d.slot) {
            *s = Some(d.expr);
        }
    }
    let program = Program {
        name,
        source,
        schema: c.schema,
        calendar: c
            .calendar
            .unwrap_or_else(|| Calendar::weekdays_only("周一至周五")),
        params: c.params,
        tables: c.tables,
        lets: c.lets.into_iter().filter_map(|l| l.def).collect(),
        decisions: c.decisions,
        rules: c.rules,
        clauses: c.clauses,
        processes: c.processes,
        probation: c.probation,
        nodes: c.nodes,
        order,
        slots,
        slot_lets,
        quoted: Default::default(),
        plans: Default::default(),
    };
    Ok(Checked { program, warnings })
}

/// What a type name stands for.
#[derive(Clone, Debug)]
enum TypeEntry {
    Builtin(Type),
    Enum(u16),
    Scale(u16),
    Ladder(u16),
    Struct(u16),
    Alias {
        ty: Type,
        min: Option<Num>,
        max: Option<Num>,
    },
    /// Declared, resolved on first use.
    Pending(usize),
    /// Being resolved (a cycle if met again).
    Resolving,
}

/// What a value name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueEntry {
    Field(usize),
    Let(usize),
    Param(usize),
    Decision(usize),
    Table(usize),
}

/// A constant a bare name may stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConstEntry {
    Member(u16, u16),
    Grade(u16, u8),
    Rung(u16, u16),
    Major(u16, u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LetState {
    Unchecked,
    Checking,
    Done,
}

struct LetSlot<'a> {
    decl: &'a ast::LetDecl,
    state: LetState,
    def: Option<LetDef>,
    span: Span,
}

/// Names visible while checking an expression.
#[derive(Clone, Debug, Default)]
struct Scope {
    decision: Option<usize>,
    locals: Vec<(String, Type)>,
}

/// Things a lint reports as unused unless seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Used {
    Let(usize),
    Param(usize),
}

struct Checker<'a> {
    policy: &'a ast::Policy,
    errors: Vec<CheckError>,
    warnings: Vec<CheckWarning>,
    /// How deeply the expression being checked is nested.
    depth: usize,
    /// Whether an expression too deep has been reported.
    too_deep: bool,
    name: Option<String>,
    calendar: Option<Calendar>,
    schema: Schema,
    types: HashMap<String, TypeEntry>,
    type_decls: Vec<&'a ast::TypeDecl>,
    values: HashMap<String, ValueEntry>,
    value_spans: HashMap<String, Span>,
    consts: HashMap<String, Vec<ConstEntry>>,
    nodes: Vec<Node>,
    params: Vec<ParamDef>,
    tables: Vec<TableDef>,
    lets: Vec<LetSlot<'a>>,
    decisions: Vec<DecisionDef>,
    decision_decls: Vec<&'a ast::DecisionDecl>,
    rules: Vec<RuleDef>,
    clauses: Vec<ClauseDef>,
    process_decls: Vec<&'a ast::ProcessDecl>,
    processes: Vec<ProcessDef>,
    probation_decls: Vec<(&'a ast::ProbationDecl, Span)>,
    probation: Option<ProbationDef>,
    clause_ids: HashMap<String, Span>,
    used: HashSet<Used>,
    next_slot: usize,
    /// How many group functions have been checked (a quota's condition may read none).
    group_calls: usize,
    /// The rules whose condition reads a group function.
    group_rules: HashSet<usize>,
}

impl<'a> Checker<'a> {
    fn new(policy: &'a ast::Policy) -> Self {
        let mut types = HashMap::new();
        for (names, ty) in [
            (["文本", "text"], Type::Text),
            (["数值", "number"], Type::Number),
            (["整数", "int"], Type::Int),
            (["布尔", "bool"], Type::Bool),
            (["日期", "date"], Type::Date),
            (["月份", "month"], Type::Month),
            (["季度", "quarter"], Type::Quarter),
            (["年份", "year"], Type::Int),
        ] {
            for n in names {
                types.insert(n.to_string(), TypeEntry::Builtin(ty.clone()));
            }
        }
        Checker {
            policy,
            errors: Vec::new(),
            warnings: Vec::new(),
            depth: 0,
            too_deep: false,
            name: None,
            calendar: None,
            schema: Schema::default(),
            types,
            type_decls: Vec::new(),
            values: HashMap::new(),
            value_spans: HashMap::new(),
            consts: HashMap::new(),
            nodes: Vec::new(),
            params: Vec::new(),
            tables: Vec::new(),
            lets: Vec::new(),
            decisions: Vec::new(),
            decision_decls: Vec::new(),
            rules: Vec::new(),
            clauses: Vec::new(),
            process_decls: Vec::new(),
            processes: Vec::new(),
            probation_decls: Vec::new(),
            probation: None,
            clause_ids: HashMap::new(),
            used: HashSet::new(),
            next_slot: 0,
            group_calls: 0,
            group_rules: HashSet::new(),
        }
    }

    /// Reports an error at `span`.
    fn error(&mut self, span: Span, kind: CheckErrorKind) {
        self.errors.push(CheckError { span, kind });
    }

    /// Reports a warning at `span`.
    fn warn(&mut self, span: Span, kind: CheckWarningKind) {
        self.warnings.push(CheckWarning { span, kind });
    }

    /// Adds a node to the arena.
    fn push(&mut self, kind: NodeKind, ty: Type, span: Span) -> (ExprId, Type) {
        let id = ExprId::new(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Node {
            kind,
            ty: ty.clone(),
            span,
        });
        (id, ty)
    }

    /// A node standing for an expression that already has an error.
    fn poisoned(&mut self, span: Span) -> (ExprId, Type) {
        self.push(
            NodeKind::Const(crate::value::FieldValue::Absent),
            Type::Error,
            span,
        )
    }

    /// A type as named in an error.
    fn describe(&self, t: &Type) -> TypeName {
        t.describe(&self.schema)
    }

    fn new_slot(&mut self) -> usize {
        self.next_slot += 1;
        self.next_slot - 1
    }
}

// For `rung fmt --keywords`: the built-in names in both languages.
pub(crate) use builtins::names as builtin_names;
pub(crate) use names::AS_OF;
