//! Syntax stage: processes (steps with actors, products and deadlines) and probation terms.

use super::ast::{Due, ProbationDecl, ProbationTerm, ProcessDecl, Product, StepDecl};
use super::parser::{
    expr, internal, kids, name, name_of, one, parts, provenance, span, string, take, text, twice,
    Built, Rule, P,
};
use super::span::Spanned;

/// `流程 name "title" 需要 … 仅当 … { 步骤 … }`.
pub(super) fn process(p: P) -> Built<ProcessDecl> {
    let at = span(&p);
    let mut it = parts(p).into_iter().peekable();
    let name = name(take(&mut it, at, "process name")?)?;
    let title = match it.peek() {
        Some(t) if t.as_rule() == Rule::string => Some(string(take(&mut it, at, "")?)?),
        _ => None,
    };
    let mut decl = ProcessDecl {
        name,
        title,
        requires: Vec::new(),
        applies: None,
        steps: Vec::new(),
    };
    for part in it {
        match part.as_rule() {
            Rule::decision_applies => decl.applies = Some(expr(one(part, "applies")?)?),
            Rule::step => decl.steps.push(step(part)?),
            _ => decl.requires.push(name_of(part)?),
        }
    }
    Ok(decl)
}

fn step(p: P) -> Built<StepDecl> {
    let at = span(&p);
    let mut it = parts(p).into_iter();
    let id = text(take(&mut it, at, "step id")?);
    let title = string(take(&mut it, at, "step title")?)?;
    let mut s = StepDecl {
        id,
        title,
        source: None,
        see: Vec::new(),
        when: None,
        by: Vec::new(),
        produces: Vec::new(),
        optional: false,
        due: None,
        span: at,
    };
    for part in it {
        let ps = span(&part);
        match part.as_rule() {
            Rule::rule_source => {
                if s.source.is_some() {
                    return Err(twice(ps, "source"));
                }
                s.source = Some(string(one(part, "source")?)?);
            }
            Rule::rule_see => s.see.extend(parts(part).into_iter().map(text)),
            Rule::rule_when => {
                if s.when.is_some() {
                    return Err(twice(ps, "when"));
                }
                s.when = Some(expr(one(part, "condition")?)?);
            }
            Rule::step_by => {
                for a in parts(part) {
                    let inner = one(a, "actor")?;
                    s.by.push(if inner.as_rule() == Rule::string {
                        string(inner)?
                    } else {
                        let n = name(inner)?;
                        Spanned::new(n.node, n.span)
                    });
                }
            }
            Rule::step_produces => {
                for x in parts(part) {
                    s.produces.push(product(x)?);
                }
            }
            Rule::step_optional => s.optional = true,
            Rule::step_due => {
                if s.due.is_some() {
                    return Err(twice(ps, "due"));
                }
                let mut about = false;
                let mut at_expr = None;
                for k in parts(part) {
                    match k.as_rule() {
                        Rule::about => about = true,
                        _ => at_expr = Some(expr(k)?),
                    }
                }
                let at = at_expr.ok_or_else(|| internal(ps, "deadline"))?;
                s.due = Some(Due { about, at });
            }
            _ => {}
        }
    }
    Ok(s)
}

fn product(p: P) -> Built<Spanned<Product>> {
    let at = span(&p);
    let inner = one(p, "product")?;
    let kind = match inner.as_rule() {
        Rule::form_title => {
            let t = take(&mut kids(inner), at, "form title")?;
            Product::Form(t.as_str().trim().to_string())
        }
        Rule::string => Product::Text(string(inner)?.node),
        _ => Product::Word(name(inner)?.node),
    };
    Ok(Spanned::new(kind, at))
}

/// `试用期 出处 "…" { role = expr … }`.
pub(super) fn probation(p: P) -> Built<ProbationDecl> {
    let at = span(&p);
    let mut decl = ProbationDecl {
        provenance: None,
        terms: Vec::new(),
    };
    for part in parts(p) {
        match part.as_rule() {
            Rule::provenance => decl.provenance = Some(provenance(part)?),
            Rule::probation_term => {
                let mut it = parts(part).into_iter();
                let role = name(take(&mut it, at, "probation role")?)?;
                let value = expr(take(&mut it, at, "probation value")?)?;
                decl.terms.push(ProbationTerm { role, value });
            }
            _ => {}
        }
    }
    Ok(decl)
}
