//! Program stage: processes (steps with who acts, what they produce and by when) and the
//! probation terms a policy declares for the statutory checks.

use super::ir::ExprId;
use super::ops::Provenance;
use crate::source::Span;

/// A process: steps in the order they happen.
#[derive(Clone, Debug)]
pub struct ProcessDef {
    /// Its name; also the record field giving the dates its steps were done.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// Record fields without which it is pending.
    pub requires: Vec<usize>,
    /// The condition under which it applies at all (none: always).
    pub applies: Option<ExprId>,
    /// The record field (a sub-record of optional dates, one per step).
    pub field: usize,
    /// Its steps in order.
    pub steps: Vec<StepDef>,
    /// Where it is declared.
    pub span: Span,
}

/// One step of a process.
#[derive(Clone, Debug)]
pub struct StepDef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The clause's original sentence.
    pub source: Option<String>,
    /// Other clauses it cites.
    pub see: Vec<String>,
    /// When it applies (none: always).
    pub when: Option<ExprId>,
    /// Who acts.
    pub by: Vec<String>,
    /// What it produces.
    pub produces: Vec<Product>,
    /// Whether it may not happen (never overdue).
    pub optional: bool,
    /// Its deadline: a date, or a range of dates whose end is the deadline.
    pub due: Option<ExprId>,
    /// Whether the deadline is approximate (`约`).
    pub about: bool,
    /// Where it is declared.
    pub span: Span,
}

/// What a step produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Product {
    /// A form: `《转正申请表》`.
    Form(String),
    /// An opinion (`意见`).
    Opinion,
    /// An approval (`审批`).
    Approval,
    /// A notice (`通知`).
    Notice,
    /// Anything else, as written.
    Other(String),
}

/// The roles of a probation declaration, each read by the statutory checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// `期限`: the probation's length (a duration; may read `合同期限`).
    Length,
    /// `合同期限`: the contract's fixed term in months; `空` for an open-ended contract.
    ContractTerm,
    /// `任务型`: a contract for the completion of a task.
    TaskBased,
    /// `开始`: the first day of probation.
    Start,
    /// `结束`: the agreed last day of probation (before any extension).
    End,
    /// `延长至`: the last day of an extended probation.
    ExtendedTo,
    /// `工资`: the probation pay.
    Pay,
    /// `约定工资`: the pay the contract agrees after probation.
    ContractPay,
    /// `岗位最低工资`: the lowest pay of the same post.
    PostLowestPay,
    /// `最低工资`: the local minimum wage.
    MinimumWage,
    /// `此前试用`: the employee already had a probation with this employer.
    Earlier,
    /// `未通过`: the probation ended in a failed 转正.
    Failed,
    /// `理由`: the reasons given for a failed 转正.
    Reasons,
}

impl Role {
    /// Every role, in the order the reference lists them.
    pub const ALL: [Role; 13] = [
        Role::Length,
        Role::ContractTerm,
        Role::TaskBased,
        Role::Start,
        Role::End,
        Role::ExtendedTo,
        Role::Pay,
        Role::ContractPay,
        Role::PostLowestPay,
        Role::MinimumWage,
        Role::Earlier,
        Role::Failed,
        Role::Reasons,
    ];

    /// The Chinese and English names of the role.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Role::Length => ("期限", "length"),
            Role::ContractTerm => ("合同期限", "contract_term"),
            Role::TaskBased => ("任务型", "task_based"),
            Role::Start => ("开始", "start"),
            Role::End => ("结束", "end"),
            Role::ExtendedTo => ("延长至", "extended_to"),
            Role::Pay => ("工资", "pay"),
            Role::ContractPay => ("约定工资", "contract_pay"),
            Role::PostLowestPay => ("岗位最低工资", "post_lowest_pay"),
            Role::MinimumWage => ("最低工资", "minimum_wage"),
            Role::Earlier => ("此前试用", "earlier_probation"),
            Role::Failed => ("未通过", "failed"),
            Role::Reasons => ("理由", "reasons"),
        }
    }

    /// The role a name stands for.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.names().0 == name || r.names().1 == name)
    }
}

/// A policy's probation terms.
#[derive(Clone, Debug)]
pub struct ProbationDef {
    /// Where the terms come from (the regulation's clause).
    pub provenance: Option<Provenance>,
    /// Each role's expression, by [`Role`] order.
    pub roles: [Option<ExprId>; 13],
    /// Where it is declared.
    pub span: Span,
}

impl ProbationDef {
    /// A role's expression.
    pub fn role(&self, r: Role) -> Option<ExprId> {
        let i = Role::ALL.iter().position(|x| *x == r)?;
        self.roles.get(i).copied().flatten()
    }

    /// The clause the terms cite, if any.
    pub fn clause(&self) -> Option<&str> {
        match &self.provenance {
            Some(Provenance::From(c)) => Some(c.as_str()),
            _ => None,
        }
    }
}
