//! Check stage: decisions, their outcome fields and rules; what each rule sets, caps, requires
//! and overrides.

use crate::syntax::ast::{self, Combine, EffectOp};

use super::error::{CheckErrorKind, Repeated};
use super::{Checker, Scope, Type, ValueEntry};
use crate::program::ir::{Bound, DecisionDef, OutFieldDef, Requirement, RuleDef, Setter};

impl<'a> Checker<'a> {
    /// Registers each decision's outcome fields (so that any expression may refer to them).
    pub(super) fn register_decisions(&mut self) {
        for di in 0..self.decision_decls.len() {
            let Some(&d) = self.decision_decls.get(di) else {
                continue;
            };
            let mut fields: Vec<OutFieldDef> = Vec::new();
            for f in d.fields() {
                if fields.iter().any(|x| x.name == f.name.node) {
                    self.repeated(Repeated::OutcomeField, &f.name);
                    continue;
                }
                let ty = self.resolve_type(&f.ty, &f.name.node).0;
                let combine = f.combine.as_ref().map_or(Combine::First, |c| c.node);
                if matches!(combine, Combine::Max | Combine::Min)
                    && !ty.is_ordered()
                    && !ty.is_error()
                {
                    let at = f.combine.as_ref().map_or(f.span, |c| c.span);
                    let ty = self.describe(&ty);
                    self.error(at, CheckErrorKind::UnorderedCombine { ty });
                }
                let slot = self.new_slot();
                fields.push(OutFieldDef {
                    name: f.name.node.clone(),
                    ty,
                    optional: f.optional,
                    default: None,
                    combine: combine.into(),
                    setters: Vec::new(),
                    bounds: Vec::new(),
                    requirements: Vec::new(),
                    slot,
                    span: f.span,
                });
            }
            self.decisions.push(DecisionDef {
                name: d.name.node.clone(),
                title: d.title.as_ref().map(|t| t.node.clone()),
                requires: Vec::new(),
                applies: None,
                fields,
                rules: Vec::new(),
                roster: None,
                span: d.name.span,
            });
        }
    }

    /// Checks every decision's required inputs, defaults and rules.
    pub(super) fn check_decisions(&mut self) {
        for di in 0..self.decision_decls.len() {
            let Some(&d) = self.decision_decls.get(di) else {
                continue;
            };
            let scope = Scope {
                decision: Some(di),
                locals: Vec::new(),
            };
            self.requires(di, d);
            self.roster_head(di, d);
            if let Some(e) = &d.applies {
                let id = self.condition(e, &Scope::default());
                if let Some(dec) = self.decisions.get_mut(di) {
                    dec.applies = Some(id);
                }
            }
            for f in d.fields() {
                self.field_default(di, f, &scope);
            }
            for r in d.rules() {
                self.rule(di, r, &scope);
            }
            self.overrides(di, d);
            self.field_kinds(di);
        }
    }

    fn requires(&mut self, di: usize, d: &ast::DecisionDecl) {
        for name in &d.requires {
            match self.values.get(&name.node).copied() {
                Some(ValueEntry::Field(i)) => {
                    if let Some(dec) = self.decisions.get_mut(di) {
                        dec.requires.push(i);
                    }
                }
                _ => {
                    let fields: Vec<String> = self
                        .schema
                        .record()
                        .map(|r| r.fields.iter().map(|f| f.name.clone()).collect())
                        .unwrap_or_default();
                    let kind = CheckErrorKind::NotARecordField {
                        name: name.node.clone(),
                        suggestion: self.suggest(&name.node, fields.iter().map(String::as_str)),
                    };
                    self.error(name.span, kind);
                }
            }
        }
    }

    fn out_field(&self, di: usize, fi: usize) -> Option<&OutFieldDef> {
        self.decisions.get(di)?.fields.get(fi)
    }

    fn out_field_mut(&mut self, di: usize, fi: usize) -> Option<&mut OutFieldDef> {
        self.decisions.get_mut(di)?.fields.get_mut(fi)
    }

    fn field_index(&self, di: usize, name: &str) -> Option<usize> {
        self.decisions
            .get(di)?
            .fields
            .iter()
            .position(|f| f.name == name)
    }

    fn field_default(&mut self, di: usize, f: &ast::OutFieldDecl, scope: &Scope) {
        let (Some(e), Some(fi)) = (&f.default, self.field_index(di, &f.name.node)) else {
            return;
        };
        let Some(ty) = self.out_field(di, fi).map(|f| f.ty.clone()) else {
            return;
        };
        let (id, got) = self.expr(e, Some(&ty), scope);
        self.expect_fits(&got, &ty, e.span);
        if let Some(field) = self
            .decisions
            .get_mut(di)
            .and_then(|d| d.fields.get_mut(fi))
        {
            field.default = Some(id);
        }
    }

    fn rule(&mut self, di: usize, r: &ast::RuleDecl, scope: &Scope) {
        for id in &r.ids {
            self.clause_id(id);
        }
        let calls = self.group_calls;
        let when = r.when.as_ref().map(|w| self.condition(w, scope));
        let index = self.rules.len();
        if self.group_calls > calls {
            self.group_rules.insert(index);
        }
        if let Some(q) = &r.quota {
            if self.group_calls > calls {
                self.error(q.span, CheckErrorKind::QuotaReadsGroup);
            }
            self.quota(di, index, q);
        }
        let mut seen: Vec<(&str, EffectOp)> = Vec::new();
        for e in &r.effects {
            let Some(fi) = self.field_index(di, &e.field.node) else {
                let decision = self.decisions.get(di);
                let names: Vec<String> = decision
                    .map(|d| d.fields.iter().map(|f| f.name.clone()).collect())
                    .unwrap_or_default();
                let kind = CheckErrorKind::UnknownOutcomeField {
                    decision: decision.map(|d| d.name.clone()).unwrap_or_default(),
                    field: e.field.node.clone(),
                    suggestion: self.suggest(&e.field.node, names.iter().map(String::as_str)),
                    in_effect: true,
                };
                self.error(e.field.span, kind);
                self.expr(&e.value, None, scope);
                continue;
            };
            if seen.contains(&(e.field.node.as_str(), e.op.node)) {
                let field = e.field.node.clone();
                self.error(e.field.span, CheckErrorKind::EffectTwice { field });
            }
            seen.push((e.field.node.as_str(), e.op.node));
            let Some((ty, optional)) = self.out_field(di, fi).map(|f| (f.ty.clone(), f.optional))
            else {
                continue;
            };
            match e.op.node {
                EffectOp::Set => {
                    let (value, got) = self.expr(&e.value, Some(&ty), scope);
                    self.expect_fits(&got, &ty, e.value.span);
                    if got == Type::None && !optional {
                        let kind = CheckErrorKind::NotOptional {
                            field: e.field.node.clone(),
                            ty: self.describe(&ty),
                        };
                        self.error(e.value.span, kind);
                    }
                    if let Some(f) = self.out_field_mut(di, fi) {
                        f.setters.push(Setter { rule: index, value });
                    }
                }
                EffectOp::AtMost | EffectOp::AtLeast => {
                    if !ty.is_ordered() && !ty.is_error() {
                        let kind = CheckErrorKind::UnorderedBound {
                            ty: self.describe(&ty),
                        };
                        self.error(e.field.span, kind);
                    }
                    let (value, got) = self.expr(&e.value, Some(&ty), scope);
                    self.expect_fits(&got, &ty, e.value.span);
                    let at_most = e.op.node == EffectOp::AtMost;
                    if let Some(f) = self.out_field_mut(di, fi) {
                        f.bounds.push(Bound {
                            rule: index,
                            at_most,
                            value,
                        });
                    }
                }
                EffectOp::Require => {
                    if ty != Type::Bool && !ty.is_error() {
                        let kind = CheckErrorKind::RequirementNotBool {
                            field: e.field.node.clone(),
                            ty: self.describe(&ty),
                        };
                        self.error(e.field.span, kind);
                    }
                    let cond = self.condition(&e.value, scope);
                    if let Some(f) = self.out_field_mut(di, fi) {
                        f.requirements.push(Requirement { rule: index, cond });
                    }
                }
            }
        }
        self.rules.push(RuleDef {
            ids: r.ids.iter().map(|i| i.node.clone()).collect(),
            title: r.title.node.clone(),
            source: r.source.as_ref().map(|s| s.node.clone()),
            see: r.see.iter().map(|s| s.node.clone()).collect(),
            decision: di,
            when,
            overrides: Vec::new(),
            overridden_by: Vec::new(),
            span: r.ids.first().map_or(r.span, |i| i.span).join(r.title.span),
        });
        if let Some(d) = self.decisions.get_mut(di) {
            d.rules.push(index);
        }
    }

    fn overrides(&mut self, di: usize, d: &ast::DecisionDecl) {
        let own: Vec<usize> = self
            .decisions
            .get(di)
            .map(|d| d.rules.clone())
            .unwrap_or_default();
        for (r, decl) in own.iter().zip(d.rules()) {
            for target in &decl.overrides {
                let found = own.iter().copied().find(|i| {
                    self.rules
                        .get(*i)
                        .is_some_and(|x| x.ids.contains(&target.node))
                });
                match found {
                    Some(t) if t == *r => {
                        self.error(target.span, CheckErrorKind::SelfOverride);
                    }
                    Some(t) => {
                        if let Some(rule) = self.rules.get_mut(*r) {
                            rule.overrides.push(t);
                        }
                        if let Some(rule) = self.rules.get_mut(t) {
                            rule.overridden_by.push(*r);
                        }
                    }
                    None => {
                        let ids: Vec<String> = own
                            .iter()
                            .filter_map(|i| self.rules.get(*i))
                            .flat_map(|x| x.ids.clone())
                            .collect();
                        let kind = CheckErrorKind::UnknownRule {
                            id: target.node.clone(),
                            suggestion: self.suggest(&target.node, ids.iter().map(String::as_str)),
                        };
                        self.error(target.span, kind);
                    }
                }
            }
        }
    }

    fn field_kinds(&mut self, di: usize) {
        let count = self.decisions.get(di).map_or(0, |d| d.fields.len());
        for fi in 0..count {
            let Some(f) = self.out_field(di, fi) else {
                continue;
            };
            let (name, span) = (f.name.clone(), f.span);
            let kind =
                if !f.requirements.is_empty() && (!f.setters.is_empty() || !f.bounds.is_empty()) {
                    CheckErrorKind::RequiredAndSet { field: name }
                } else if !f.requirements.is_empty() && f.default.is_some() {
                    CheckErrorKind::RequirementDefault { field: name }
                } else if f.requirements.is_empty()
                    && f.setters.is_empty()
                    && f.default.is_none()
                    && !f.optional
                {
                    CheckErrorKind::UnsetField { field: name }
                } else {
                    continue;
                };
            self.error(span, kind);
        }
    }
}
