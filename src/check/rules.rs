//! Check stage: decisions, their outcome fields and rules; what each rule sets, caps, requires
//! and overrides.

use crate::syntax::ast::{self, Combine, EffectOp};

use super::{Checker, Scope, Type, ValueEntry};
use crate::program::ir::{Bound, DecisionDef, OutFieldDef, Requirement, RuleDef, Setter};

impl<'a> Checker<'a> {
    /// Registers each decision's outcome fields (so that any expression may refer to them).
    pub(super) fn register_decisions(&mut self) {
        for di in 0..self.decision_decls.len() {
            let d = self.decision_decls[di];
            let mut fields: Vec<OutFieldDef> = Vec::new();
            for f in d.fields() {
                if fields.iter().any(|x| x.name == f.name.node) {
                    let msg = self.t(
                        format!("结果字段 `{}` 出现了两次", f.name.node),
                        format!("outcome field `{}` appears twice", f.name.node),
                    );
                    let label = self.t("重复的字段", "duplicate field");
                    self.error("rung::duplicate-name", msg, f.name.span, label);
                    continue;
                }
                let ty = self.resolve_type(&f.ty, &f.name.node).0;
                let combine = f.combine.as_ref().map_or(Combine::First, |c| c.node);
                if matches!(combine, Combine::Max | Combine::Min)
                    && !ty.is_ordered()
                    && !ty.is_error()
                {
                    let msg = self.t(
                        format!("{} 不能取大或取小", self.ty_name(&ty)),
                        format!(
                            "{} values cannot be combined by max or min",
                            self.ty_name(&ty)
                        ),
                    );
                    let label = self.t("这个合并方式", "this combination");
                    let at = f.combine.as_ref().map_or(f.span, |c| c.span);
                    self.error("rung::bad-combine", msg, at, label);
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
                span: d.name.span,
            });
        }
    }

    /// Checks every decision's required inputs, defaults and rules.
    pub(super) fn check_decisions(&mut self) {
        for di in 0..self.decision_decls.len() {
            let d = self.decision_decls[di];
            let scope = Scope {
                decision: Some(di),
                locals: Vec::new(),
            };
            self.requires(di, d);
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
                    let msg = self.t(
                        format!("`{}` 不是记录字段", name.node),
                        format!("`{}` is not a record field", name.node),
                    );
                    let label = self.t("`需要` 后面应为记录字段", "`requires` takes record fields");
                    let help = self.suggest(&name.node, fields.iter().map(String::as_str));
                    self.error("rung::unknown-field", msg, name.span, label)
                        .help = help;
                }
            }
        }
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
        let ty = self.decisions[di].fields[fi].ty.clone();
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
        let when = r.when.as_ref().map(|w| self.condition(w, scope));
        let index = self.rules.len();
        let mut seen: Vec<(&str, EffectOp)> = Vec::new();
        for e in &r.effects {
            let Some(fi) = self.field_index(di, &e.field.node) else {
                let names: Vec<String> = self.decisions[di]
                    .fields
                    .iter()
                    .map(|f| f.name.clone())
                    .collect();
                let dname = self.decisions[di].name.clone();
                let msg = self.t(
                    format!("决定 `{dname}` 没有结果字段 `{}`", e.field.node),
                    format!("decision `{dname}` has no field `{}`", e.field.node),
                );
                let label = self.t("没有这个字段", "no such field");
                let help = self
                    .suggest(&e.field.node, names.iter().map(String::as_str))
                    .or_else(|| {
                        Some(self.t(
                            format!("先在决定中声明它,如 `{}: 整数 = 0`", e.field.node),
                            format!(
                                "declare it in the decision first, as in `{}: int = 0`",
                                e.field.node
                            ),
                        ))
                    });
                self.error("rung::unknown-field", msg, e.field.span, label)
                    .help = help;
                self.expr(&e.value, None, scope);
                continue;
            };
            if seen.contains(&(e.field.node.as_str(), e.op.node)) {
                let msg = self.t(
                    format!("规则两次设定 `{}`", e.field.node),
                    format!("rule sets `{}` twice", e.field.node),
                );
                let label = self.t("第二次", "second time");
                self.error("rung::duplicate-effect", msg, e.field.span, label);
            }
            seen.push((e.field.node.as_str(), e.op.node));
            let ty = self.decisions[di].fields[fi].ty.clone();
            let optional = self.decisions[di].fields[fi].optional;
            match e.op.node {
                EffectOp::Set => {
                    let (value, got) = self.expr(&e.value, Some(&ty), scope);
                    self.expect_fits(&got, &ty, e.value.span);
                    if got == Type::None && !optional {
                        let msg = self.t(
                            format!("`{}` 不是可选字段,不能设为空", e.field.node),
                            format!(
                                "`{}` is not optional and cannot be set to none",
                                e.field.node
                            ),
                        );
                        let label = self.t("这里", "here");
                        let help = self.t(
                            format!(
                                "在字段类型后加 `?`:`{}: {}?`",
                                e.field.node,
                                self.ty_name(&ty)
                            ),
                            format!(
                                "mark the field optional: `{}: {}?`",
                                e.field.node,
                                self.ty_name(&ty)
                            ),
                        );
                        self.error("rung::type-mismatch", msg, e.value.span, label)
                            .help = Some(help);
                    }
                    self.decisions[di].fields[fi]
                        .setters
                        .push(Setter { rule: index, value });
                }
                EffectOp::AtMost | EffectOp::AtLeast => {
                    if !ty.is_ordered() && !ty.is_error() {
                        let msg = self.t(
                            format!("{} 没有大小,不能设上限或下限", self.ty_name(&ty)),
                            format!("{} values have no order to cap", self.ty_name(&ty)),
                        );
                        let label = self.t("这个字段", "this field");
                        self.error("rung::bad-bound", msg, e.field.span, label);
                    }
                    let (value, got) = self.expr(&e.value, Some(&ty), scope);
                    self.expect_fits(&got, &ty, e.value.span);
                    let at_most = e.op.node == EffectOp::AtMost;
                    self.decisions[di].fields[fi].bounds.push(Bound {
                        rule: index,
                        at_most,
                        value,
                    });
                }
                EffectOp::Require => {
                    if ty != Type::Bool && !ty.is_error() {
                        let msg = self.t(
                            format!(
                                "`要求` 只能用于布尔字段,`{}` 是 {}",
                                e.field.node,
                                self.ty_name(&ty)
                            ),
                            format!(
                                "`requires` needs a bool field; `{}` is {}",
                                e.field.node,
                                self.ty_name(&ty)
                            ),
                        );
                        let label = self.t("这个字段", "this field");
                        self.error("rung::type-mismatch", msg, e.field.span, label);
                    }
                    let cond = self.condition(&e.value, scope);
                    self.decisions[di].fields[fi]
                        .requirements
                        .push(Requirement { rule: index, cond });
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
        let own: Vec<usize> = self.decisions[di].rules.clone();
        for (r, decl) in own.iter().zip(d.rules()) {
            for target in &decl.overrides {
                let found = own
                    .iter()
                    .copied()
                    .find(|i| self.rules[*i].ids.contains(&target.node));
                match found {
                    Some(t) if t == *r => {
                        let msg = self.t("规则不能优先于自己", "a rule cannot override itself");
                        let label = self.t("这里", "here");
                        self.error("rung::bad-override", msg, target.span, label);
                    }
                    Some(t) => {
                        self.rules[*r].overrides.push(t);
                        self.rules[t].overridden_by.push(*r);
                    }
                    None => {
                        let ids: Vec<String> = own
                            .iter()
                            .flat_map(|i| self.rules[*i].ids.clone())
                            .collect();
                        let msg = self.t(
                            format!("本决定中没有规则 `{}`", target.node),
                            format!("no rule `{}` in this decision", target.node),
                        );
                        let label = self.t("未知的规则编号", "unknown rule id");
                        let help = self.suggest(&target.node, ids.iter().map(String::as_str));
                        self.error("rung::unknown-rule", msg, target.span, label)
                            .help = help;
                    }
                }
            }
        }
    }

    fn field_kinds(&mut self, di: usize) {
        for fi in 0..self.decisions[di].fields.len() {
            let f = &self.decisions[di].fields[fi];
            let (name, span) = (f.name.clone(), f.span);
            if !f.requirements.is_empty() && (!f.setters.is_empty() || !f.bounds.is_empty()) {
                let msg = self.t(
                    format!("`{name}` 既有 `要求` 又被直接设定"),
                    format!("`{name}` is both required and set"),
                );
                let label = self.t("这个字段", "this field");
                let help = self.t(
                    "要求字段的值是各条要求是否都满足;请把直接设定的规则改为 `要求`,或另设一个字段",
                    "a requirement field is whether all requirements hold; turn the setting rules into requirements, or use another field",
                );
                self.error("rung::mixed-field", msg, span, label).help = Some(help);
            } else if !f.requirements.is_empty() && f.default.is_some() {
                let msg = self.t(
                    format!("要求字段 `{name}` 不能有默认值"),
                    format!("requirement field `{name}` cannot have a default"),
                );
                let label = self.t("这个字段", "this field");
                let help = self.t(
                    "没有适用的要求时,它为真",
                    "it is true when no requirement applies",
                );
                self.error("rung::mixed-field", msg, span, label).help = Some(help);
            } else if f.requirements.is_empty()
                && f.setters.is_empty()
                && f.default.is_none()
                && !f.optional
            {
                let msg = self.t(
                    format!("结果字段 `{name}` 没有默认值,也没有规则设定它"),
                    format!("outcome field `{name}` has no default and no rule sets it"),
                );
                let label = self.t("这个字段永远没有值", "this field never has a value");
                let help = self.t(
                    format!("给它一个默认值(`{name}: 类型 = 值`),或写一条规则 `则 {name} = …`"),
                    format!("give it a default (`{name}: type = value`) or write a rule `then {name} = …`"),
                );
                self.error("rung::unset-field", msg, span, label).help = Some(help);
            }
        }
    }
}
