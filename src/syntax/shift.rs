//! Syntax stage: moves every span of a piece built from a slice of the source (after a syntax
//! error, items and rules are parsed one by one) to its place in the whole file.

use super::ast::*;
use super::span::{Span, Spanned};

fn at(s: &mut Span, by: usize) {
    s.start += by;
    s.end += by;
}

fn node<T>(n: &mut Spanned<T>, by: usize) {
    at(&mut n.span, by);
}

fn opt<T>(n: &mut Option<Spanned<T>>, by: usize) {
    if let Some(n) = n {
        node(n, by);
    }
}

fn all<T>(ns: &mut [Spanned<T>], by: usize) {
    for n in ns {
        node(n, by);
    }
}

/// Moves a top-level item.
pub(super) fn item(i: &mut Item, by: usize) {
    node(i, by);
    match &mut i.node {
        ItemKind::Header(s) | ItemKind::Calendar(s) => node(s, by),
        ItemKind::Scale(d) => {
            node(&mut d.name, by);
            all(&mut d.levels, by);
        }
        ItemKind::Ladder(d) => {
            node(&mut d.name, by);
            for m in &mut d.majors {
                node(&mut m.name, by);
                all(&mut m.minors, by);
            }
        }
        ItemKind::Type(d) => {
            node(&mut d.name, by);
            match &mut d.body {
                TypeBody::Enum(names) => all(names, by),
                TypeBody::Type(t) => ty(t, by),
            }
        }
        ItemKind::Record(d) => {
            node(&mut d.name, by);
            d.fields.iter_mut().for_each(|f| field(f, by));
        }
        ItemKind::Param(d) => {
            node(&mut d.name, by);
            if let Some(t) = &mut d.ty {
                ty(t, by);
            }
            expr(&mut d.value, by);
            opt(&mut d.provenance, by);
        }
        ItemKind::Table(d) => {
            node(&mut d.name, by);
            opt(&mut d.title, by);
            ty(&mut d.key, by);
            ty(&mut d.value, by);
            opt(&mut d.provenance, by);
            for e in &mut d.entries {
                at(&mut e.span, by);
                if let Some(k) = &mut e.key {
                    expr(k, by);
                }
                expr(&mut e.value, by);
            }
        }
        ItemKind::Let(d) => {
            node(&mut d.name, by);
            if let Some(t) = &mut d.ty {
                ty(t, by);
            }
            expr(&mut d.value, by);
        }
        ItemKind::Clause(d) => {
            node(&mut d.id, by);
            node(&mut d.title, by);
            opt(&mut d.source, by);
        }
        ItemKind::Decision(d) => {
            head(d, by);
            d.members.iter_mut().for_each(|m| member(m, by));
        }
        ItemKind::Process(d) => {
            node(&mut d.name, by);
            opt(&mut d.title, by);
            all(&mut d.requires, by);
            if let Some(e) = &mut d.applies {
                expr(e, by);
            }
            for s in &mut d.steps {
                node(&mut s.id, by);
                node(&mut s.title, by);
                opt(&mut s.source, by);
                all(&mut s.see, by);
                if let Some(e) = &mut s.when {
                    expr(e, by);
                }
                all(&mut s.by, by);
                all(&mut s.produces, by);
                if let Some(d) = &mut s.due {
                    expr(&mut d.at, by);
                }
                at(&mut s.span, by);
            }
        }
        ItemKind::Probation(d) => {
            opt(&mut d.provenance, by);
            for t in &mut d.terms {
                node(&mut t.role, by);
                expr(&mut t.value, by);
            }
        }
    }
}

/// Moves a decision's head (not its members).
pub(super) fn head(d: &mut DecisionDecl, by: usize) {
    node(&mut d.name, by);
    opt(&mut d.title, by);
    all(&mut d.requires, by);
    if let Some(e) = &mut d.applies {
        expr(e, by);
    }
    if let Some(r) = &mut d.roster {
        if let Some(g) = &mut r.group {
            node(g, by);
        }
        for k in &mut r.order {
            expr(&mut k.expr, by);
        }
    }
}

/// Moves a member of a decision.
pub(super) fn member(m: &mut Member, by: usize) {
    match m {
        Member::Field(f) => {
            node(&mut f.name, by);
            ty(&mut f.ty, by);
            if let Some(e) = &mut f.default {
                expr(e, by);
            }
            opt(&mut f.combine, by);
            at(&mut f.span, by);
        }
        Member::Rule(r) => {
            all(&mut r.ids, by);
            node(&mut r.title, by);
            opt(&mut r.source, by);
            all(&mut r.see, by);
            if let Some(e) = &mut r.when {
                expr(e, by);
            }
            for e in &mut r.effects {
                node(&mut e.field, by);
                node(&mut e.op, by);
                expr(&mut e.value, by);
            }
            all(&mut r.overrides, by);
            opt(&mut r.quota, by);
            at(&mut r.span, by);
        }
    }
}

fn field(f: &mut FieldDecl, by: usize) {
    node(&mut f.name, by);
    ty(&mut f.ty, by);
    if let Some(e) = &mut f.default {
        expr(e, by);
    }
    at(&mut f.span, by);
}

fn ty(t: &mut TypeExpr, by: usize) {
    node(t, by);
    match &mut t.node {
        TypeKind::List(e) => ty(e, by),
        TypeKind::Map(k, v) => {
            ty(k, by);
            ty(v, by);
        }
        TypeKind::Struct(fields) => fields.iter_mut().for_each(|f| field(f, by)),
        TypeKind::Named(_) | TypeKind::Number { .. } => {}
    }
}

/// Moves an expression, without recursion (a chain may be long).
fn expr(root: &mut Expr, by: usize) {
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        node(e, by);
        match &mut e.node {
            ExprKind::Call(f, args) => {
                node(f, by);
                stack.extend(args.iter_mut());
            }
            ExprKind::List(args) => stack.extend(args.iter_mut()),
            ExprKind::Member(x, name) => {
                node(name, by);
                stack.push(x);
            }
            ExprKind::Index(x, i) | ExprKind::Binary(_, x, i) => {
                stack.push(x);
                stack.push(i);
            }
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Has(x) => stack.push(x),
            ExprKind::Meets(x, p) => {
                for t in p.alternatives.iter_mut().flatten() {
                    node(&mut t.grade, by);
                }
                stack.push(x);
            }
            ExprKind::HasNo(x, grades) => {
                all(grades, by);
                stack.push(x);
            }
            ExprKind::Quantified(_, var, list, cond) => {
                node(var, by);
                stack.push(list);
                stack.push(cond);
            }
            ExprKind::Aggregate(_, var, list, filter, value) => {
                node(var, by);
                stack.push(list);
                if let Some(f) = filter {
                    stack.push(f);
                }
                stack.push(value);
            }
            ExprKind::If(c, a, b) => {
                stack.push(c);
                stack.push(a);
                stack.push(b);
            }
            ExprKind::Number(_)
            | ExprKind::Percent(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Date(_)
            | ExprKind::Month(_)
            | ExprKind::Quarter(_)
            | ExprKind::Duration(..)
            | ExprKind::Name(_) => {}
        }
    }
}
