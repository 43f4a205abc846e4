//! Editor support: the outline of a policy (its declarations with their spans), read from the
//! syntax tree so that it exists even while the file has errors elsewhere.

use crate::source::Span;
use crate::syntax::ast::{self, ItemKind, Member, TypeBody, TypeKind};

/// What a declared name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// `制度 "…"`.
    Policy,
    /// `等级 x = …`.
    Scale,
    /// A level of a scale.
    Grade,
    /// `阶梯 x { … }`.
    Ladder,
    /// A 大级.
    Major,
    /// A 小级 of a 大级 (its rung is `大级(小级)`).
    Minor,
    /// `类型 x = …`.
    Type,
    /// A member of an enum type.
    EnumMember,
    /// `记录 x { … }`.
    Record,
    /// A field of the record or of a sub-record.
    Field,
    /// `参数 x = …`.
    Param,
    /// `定义 x = …`.
    Let,
    /// `条款 id …`.
    Clause,
    /// `决定 x { … }`.
    Decision,
    /// An outcome field of a decision.
    Outcome,
    /// `规则 id …`.
    Rule,
    /// `流程 x { … }`.
    Process,
    /// A step of a process.
    Step,
}

/// A declaration: its name, where the name is written, the whole declaration, its children.
#[derive(Clone, Debug)]
pub struct Symbol {
    /// The name (a rule or clause: its id).
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// Where the name is written.
    pub span: Span,
    /// The whole declaration.
    pub full: Span,
    /// Declarations inside it (fields of a record, rules of a decision, …).
    pub children: Vec<Symbol>,
}

impl Symbol {
    fn leaf(name: &str, kind: SymbolKind, span: Span) -> Symbol {
        Symbol {
            name: name.to_string(),
            kind,
            span,
            full: span,
            children: Vec::new(),
        }
    }
}

/// The outline of a parsed policy, in file order.
pub fn outline(policy: &ast::Policy) -> Vec<Symbol> {
    policy.items.iter().filter_map(item).collect()
}

fn item(it: &ast::Item) -> Option<Symbol> {
    let full = it.span;
    let (name, kind, children) = match &it.node {
        ItemKind::Header(n) => (n, SymbolKind::Policy, Vec::new()),
        ItemKind::Calendar(_) | ItemKind::Probation(_) => return None,
        ItemKind::Process(pr) => (
            &pr.name,
            SymbolKind::Process,
            pr.steps
                .iter()
                .map(|st| Symbol::leaf(&st.id, SymbolKind::Step, st.id.span))
                .collect(),
        ),
        ItemKind::Scale(s) => (
            &s.name,
            SymbolKind::Scale,
            s.levels
                .iter()
                .map(|l| Symbol::leaf(l, SymbolKind::Grade, l.span))
                .collect(),
        ),
        ItemKind::Ladder(l) => (
            &l.name,
            SymbolKind::Ladder,
            l.majors
                .iter()
                .map(|m| Symbol {
                    children: m
                        .minors
                        .iter()
                        .map(|n| Symbol::leaf(n, SymbolKind::Minor, n.span))
                        .collect(),
                    ..Symbol::leaf(&m.name, SymbolKind::Major, m.name.span)
                })
                .collect(),
        ),
        ItemKind::Type(t) => (&t.name, SymbolKind::Type, type_children(&t.body)),
        ItemKind::Record(r) => (&r.name, SymbolKind::Record, fields(&r.fields)),
        ItemKind::Param(p) => (&p.name, SymbolKind::Param, Vec::new()),
        ItemKind::Table(t) => (&t.name, SymbolKind::Param, Vec::new()),
        ItemKind::Let(l) => (&l.name, SymbolKind::Let, Vec::new()),
        ItemKind::Clause(c) => (&c.id, SymbolKind::Clause, Vec::new()),
        ItemKind::Decision(d) => (&d.name, SymbolKind::Decision, members(&d.members)),
    };
    Some(Symbol {
        name: name.node.clone(),
        kind,
        span: name.span,
        full,
        children,
    })
}

fn type_children(body: &TypeBody) -> Vec<Symbol> {
    match body {
        TypeBody::Enum(members) => members
            .iter()
            .map(|m| Symbol::leaf(m, SymbolKind::EnumMember, m.span))
            .collect(),
        TypeBody::Type(t) => match &t.node {
            TypeKind::Struct(fs) => fields(fs),
            _ => Vec::new(),
        },
    }
}

fn fields(fs: &[ast::FieldDecl]) -> Vec<Symbol> {
    fs.iter()
        .map(|f| Symbol {
            full: f.span,
            children: match &f.ty.node {
                TypeKind::Struct(inner) => fields(inner),
                TypeKind::List(t) => match &t.node {
                    TypeKind::Struct(inner) => fields(inner),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            ..Symbol::leaf(&f.name, SymbolKind::Field, f.name.span)
        })
        .collect()
}

fn members(ms: &[Member]) -> Vec<Symbol> {
    let mut out = Vec::new();
    for m in ms {
        match m {
            Member::Field(f) => out.push(Symbol {
                full: f.span,
                ..Symbol::leaf(&f.name, SymbolKind::Outcome, f.name.span)
            }),
            Member::Rule(r) => {
                // A rule with several clause ids is one rule, named by each.
                for id in &r.ids {
                    out.push(Symbol {
                        full: r.span,
                        ..Symbol::leaf(id, SymbolKind::Rule, id.span)
                    });
                }
            }
        }
    }
    out
}

/// Every symbol of an outline and its descendants, depth first.
pub fn flatten(symbols: &[Symbol]) -> Vec<&Symbol> {
    let mut out = Vec::new();
    let mut stack: Vec<&Symbol> = symbols.iter().rev().collect();
    while let Some(s) = stack.pop() {
        out.push(s);
        stack.extend(s.children.iter().rev());
    }
    out
}
