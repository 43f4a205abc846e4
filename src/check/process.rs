//! Check stage: processes (each a record field of step dates, each step a citable clause, its
//! deadline a date or a window of dates) and the probation terms with their statutory lint.

use crate::program::ir::ExprId;
use crate::syntax::ast::{self, Product as AstProduct};
use crate::syntax::Span;

use super::error::{CheckErrorKind, CheckWarningKind, Wanted};
use super::{Checker, Scope, Type, ValueEntry};
use crate::program::ir::{ClauseDef, NodeKind};
use crate::program::process::{ProbationDef, ProcessDef, Product, Role, StepDef};
use crate::program::schema::{FieldDef, StructDef};
use crate::value::{DurationUnit, FieldValue};

impl<'a> Checker<'a> {
    /// Registers each process's steps as clauses and its record field: a sub-record with an
    /// optional date per step, named after the process.
    pub(super) fn declare_processes(&mut self) {
        let decls = self.process_decls.clone();
        for p in decls {
            let mut dates: Vec<FieldDef> = Vec::new();
            for s in &p.steps {
                if self.clause_id(&s.id) {
                    self.clauses.push(ClauseDef {
                        id: s.id.node.clone(),
                        title: s.title.node.clone(),
                        source: s.source.as_ref().map(|x| x.node.clone()),
                    });
                }
                if dates.iter().all(|d| d.name != s.id.node) {
                    dates.push(FieldDef {
                        name: s.id.node.clone(),
                        ty: Type::Date,
                        optional: true,
                        default: None,
                        min: None,
                        max: None,
                    });
                }
            }
            let steps = dates.len();
            let sid = u16::try_from(self.schema.structs.len()).unwrap_or(u16::MAX);
            self.schema.structs.push(StructDef {
                name: p.name.node.clone(),
                fields: dates,
            });
            let rid = usize::from(self.schema.record);
            let Some(record) = self.schema.structs.get_mut(rid) else {
                continue;
            };
            let field = record.fields.len();
            // Absent: no step done yet.
            let nothing = FieldValue::Struct(vec![FieldValue::Absent; steps]);
            record.fields.push(FieldDef {
                name: p.name.node.clone(),
                ty: Type::Struct(sid),
                optional: true,
                default: Some(nothing),
                min: None,
                max: None,
            });
            if self.value_name(&p.name, ValueEntry::Field(field)) {
                self.processes.push(ProcessDef {
                    name: p.name.node.clone(),
                    title: p.title.as_ref().map(|t| t.node.clone()),
                    requires: Vec::new(),
                    applies: None,
                    field,
                    steps: Vec::new(),
                    span: p.name.span,
                });
            }
        }
    }

    /// Checks each process's inputs, condition, and steps' conditions and deadlines.
    pub(super) fn check_processes(&mut self) {
        let scope = Scope::default();
        let decls = self.process_decls.clone();
        for (pi, p) in decls.into_iter().enumerate() {
            let requires = self.record_fields(&p.requires);
            let applies = p.applies.as_ref().map(|e| self.condition(e, &scope));
            let mut steps = Vec::new();
            for s in &p.steps {
                let when = s.when.as_ref().map(|e| self.condition(e, &scope));
                let due = s.due.as_ref().map(|d| self.deadline(&d.at, &scope));
                steps.push(StepDef {
                    id: s.id.node.clone(),
                    title: s.title.node.clone(),
                    source: s.source.as_ref().map(|x| x.node.clone()),
                    see: s.see.iter().map(|x| x.node.clone()).collect(),
                    when,
                    by: s.by.iter().map(|x| x.node.clone()).collect(),
                    produces: s.produces.iter().map(|x| product(&x.node)).collect(),
                    optional: s.optional,
                    due,
                    about: s.due.as_ref().is_some_and(|d| d.about),
                    span: s.span,
                });
            }
            if let Some(def) = self.processes.get_mut(pi) {
                def.requires = requires;
                def.applies = applies;
                def.steps = steps;
            }
        }
    }

    /// Warns about steps citing clauses that do not exist.
    pub(super) fn lint_processes(&mut self) {
        let cited: Vec<(String, Span)> = self
            .process_decls
            .iter()
            .flat_map(|p| p.steps.iter())
            .flat_map(|s| s.see.iter().map(move |x| (x.node.clone(), s.id.span)))
            .collect();
        for (clause, span) in cited {
            if !self.clause_ids.contains_key(&clause) {
                self.warn(span, CheckWarningKind::UnknownClause { clause });
            }
        }
    }

    /// Record field indexes of `需要` names (an error for a name that is not a record field).
    pub(super) fn record_fields(&mut self, names: &[ast::Name]) -> Vec<usize> {
        let mut out = Vec::new();
        for name in names {
            match self.values.get(&name.node).copied() {
                Some(ValueEntry::Field(i)) => out.push(i),
                _ => {
                    let fields: Vec<String> = self
                        .schema
                        .record()
                        .map(|r| r.fields.iter().map(|f| f.name.clone()).collect())
                        .unwrap_or_default();
                    let suggestion = self.suggest(&name.node, fields.iter().map(String::as_str));
                    let kind = CheckErrorKind::NotARecordField {
                        name: name.node.clone(),
                        suggestion,
                    };
                    self.error(name.span, kind);
                }
            }
        }
        out
    }

    /// A deadline: a date, or a range of dates (a window whose end is the deadline).
    fn deadline(&mut self, e: &ast::Expr, scope: &Scope) -> ExprId {
        let (id, ty) = self.expr(e, Some(&Type::Date), scope);
        let fits = match &ty {
            Type::Date | Type::None | Type::Error => true,
            Type::Range(t) => matches!(**t, Type::Date),
            _ => false,
        };
        if !fits {
            self.mismatch(e.span, &ty, Wanted::Deadline);
        }
        id
    }

    /// Checks the probation terms: every role known, once, of its type; the length depending
    /// on nothing but the contract term and parameters.
    pub(super) fn check_probation(&mut self) {
        let decls = std::mem::take(&mut self.probation_decls);
        let Some((decl, at)) = decls.first().copied() else {
            return;
        };
        for (_, extra) in decls.iter().skip(1) {
            self.error(*extra, CheckErrorKind::ProbationTwice { first: at });
        }
        let mut roles = [None; 13];
        for term in &decl.terms {
            let Some(role) = Role::from_name(&term.role.node) else {
                let names: Vec<&str> = Role::ALL
                    .iter()
                    .flat_map(|r| [r.names().0, r.names().1])
                    .collect();
                let suggestion = self.suggest(&term.role.node, names.iter().copied());
                let kind = CheckErrorKind::UnknownRole {
                    role: term.role.node.clone(),
                    suggestion,
                };
                self.error(term.role.span, kind);
                continue;
            };
            let i = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
            if roles.get(i).is_some_and(Option::is_some) {
                let kind = CheckErrorKind::RoleTwice {
                    role: term.role.node.clone(),
                };
                self.error(term.role.span, kind);
                continue;
            }
            let id = self.probation_term(role, &term.value);
            if let Some(slot) = roles.get_mut(i) {
                *slot = Some(id);
            }
        }
        self.probation = Some(ProbationDef {
            provenance: decl.provenance.as_ref().map(|p| (&p.node).into()),
            roles,
            span: at,
        });
    }

    fn probation_term(&mut self, role: Role, e: &ast::Expr) -> ExprId {
        let scope = if role == Role::Length {
            let (zh, en) = Role::ContractTerm.names();
            Scope {
                decision: None,
                locals: vec![(zh.to_string(), Type::Int), (en.to_string(), Type::Int)],
            }
        } else {
            Scope::default()
        };
        let (id, ty) = self.expr(e, None, &scope);
        let want = match role {
            Role::Length => None,
            Role::ContractTerm => Some(Type::Int),
            Role::TaskBased | Role::Earlier | Role::Failed => Some(Type::Bool),
            Role::Start | Role::End | Role::ExtendedTo => Some(Type::Date),
            Role::Pay | Role::ContractPay | Role::PostLowestPay | Role::MinimumWage => {
                Some(Type::Number)
            }
            Role::Reasons => return id,
        };
        let fits = match (&want, &ty) {
            (_, Type::Error | Type::None) => true,
            (None, t) => matches!(t, Type::Duration(_)),
            (Some(Type::Number), t) => t.is_numeric(),
            (Some(w), t) => w == t,
        };
        if !fits {
            let wanted = match &want {
                Some(w) => Wanted::Type(self.describe(w)),
                None => Wanted::Duration,
            };
            self.mismatch(e.span, &ty, wanted);
        } else if role == Role::Length && self.reads_record(id) {
            self.error(e.span, CheckErrorKind::ProbationNotConstant);
        }
        id
    }

    /// Whether an expression reads the record, a definition, an outcome or the date.
    fn reads_record(&self, id: ExprId) -> bool {
        let Some(node) = self.nodes.get(id.index()) else {
            return false;
        };
        match &node.kind {
            NodeKind::Field(_) | NodeKind::Slot(_) | NodeKind::AsOf | NodeKind::Group(..) => true,
            NodeKind::Const(_) | NodeKind::Param(_) | NodeKind::Local(_) => false,
            NodeKind::Member(a, _) | NodeKind::Not(a) | NodeKind::Neg(a) | NodeKind::Has(a) => {
                self.reads_record(*a)
            }
            NodeKind::Meets(a, _) | NodeKind::HasNo(a, _) | NodeKind::Lookup(_, a) => {
                self.reads_record(*a)
            }
            NodeKind::Index(a, b) | NodeKind::Binary(_, a, b) => {
                self.reads_record(*a) || self.reads_record(*b)
            }
            NodeKind::Quant(_, _, a, b) => self.reads_record(*a) || self.reads_record(*b),
            NodeKind::Agg(_, _, a, f, v) => {
                self.reads_record(*a)
                    || f.is_some_and(|f| self.reads_record(f))
                    || self.reads_record(*v)
            }
            NodeKind::If(a, b, c) => {
                self.reads_record(*a) || self.reads_record(*b) || self.reads_record(*c)
            }
            NodeKind::Call(_, args) => args.iter().any(|a| self.reads_record(*a)),
        }
    }
}

fn product(p: &AstProduct) -> Product {
    match p {
        AstProduct::Form(f) => Product::Form(f.clone()),
        AstProduct::Text(t) => Product::Other(t.clone()),
        AstProduct::Word(w) => match w.as_str() {
            "意见" | "opinion" => Product::Opinion,
            "审批" | "批准" | "approval" => Product::Approval,
            "通知" | "notice" => Product::Notice,
            _ => Product::Other(w.clone()),
        },
    }
}

/// The fewest calendar days `months` months can span (from the end of January, say).
pub(super) fn shortest_days(months: u32) -> i64 {
    const SHORTEST: [i64; 13] = [0, 28, 59, 89, 120, 150, 181, 212, 242, 273, 303, 334, 365];
    SHORTEST.get(months as usize).copied().unwrap_or(365)
}

/// Whether `n` of `unit` can exceed `months` calendar months.
pub(super) fn exceeds(n: i64, unit: DurationUnit, months: u32) -> bool {
    match unit {
        DurationUnit::Months => n > i64::from(months),
        DurationUnit::Days => n > shortest_days(months),
        // n working days span at least n + 2·⌊(n−1)/5⌋ calendar days.
        DurationUnit::Workdays => n + 2 * ((n - 1).max(0) / 5) > shortest_days(months),
    }
}
