//! Check stage: what a name stands for in a scope, constants chosen by the expected type, and
//! "did you mean" suggestions for unknown names.

use crate::program::ir::ExprId;
use crate::syntax::ast::{self, ExprKind};
use crate::syntax::Span;
use crate::value::FieldValue;

use super::error::{CheckErrorKind, NameFix};
use super::{Checker, ConstEntry, Scope, Type, Used, ValueEntry};
use crate::program::ir::NodeKind;

/// The built-in name of the evaluation date.
pub(crate) const AS_OF: [&str; 2] = ["评估日期", "as_of"];

impl<'a> Checker<'a> {
    /// The candidate spelt most like `name`, if one is close (`names::closest`).
    pub(super) fn suggest<'n>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'n str>,
    ) -> Option<String> {
        crate::names::closest(name, candidates).map(str::to_string)
    }

    /// Every name an expression in this scope could use.
    pub(super) fn visible_names(&self, scope: &Scope) -> Vec<String> {
        let mut out: Vec<String> = scope.locals.iter().map(|(n, _)| n.clone()).collect();
        if let Some(d) = scope.decision.and_then(|d| self.decisions.get(d)) {
            out.extend(d.fields.iter().map(|f| f.name.clone()));
        }
        out.extend(self.values.keys().cloned());
        out.extend(self.consts.keys().cloned());
        out.extend(AS_OF.iter().map(|s| s.to_string()));
        out
    }

    /// How to write a name that is a keyword glued to known names (`当岗位` → `当 岗位`).
    fn spacing_fix(&self, name: &str, scope: &Scope) -> Option<NameFix> {
        let known = self.visible_names(scope);
        let is_known = |s: &str| s.is_empty() || known.iter().any(|k| k == s);
        for kw in crate::syntax::keywords::chinese_joiners() {
            for (i, _) in name.match_indices(kw) {
                let (Some(left), Some(right)) = (name.get(..i), name.get(i + kw.len()..)) else {
                    continue;
                };
                if (left.is_empty() && right.is_empty()) || !is_known(left) || !is_known(right) {
                    continue;
                }
                let fixed = [left, kw, right]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(NameFix::Spacing {
                    keyword: kw.to_string(),
                    fixed,
                });
            }
        }
        None
    }

    /// Whether a name in this scope stands for a value (not only a constant).
    fn is_value(&self, name: &str, scope: &Scope) -> bool {
        scope.locals.iter().any(|(n, _)| n == name)
            || scope
                .decision
                .and_then(|d| self.decisions.get(d))
                .is_some_and(|d| d.fields.iter().any(|f| f.name == name))
            || self.values.contains_key(name)
            || AS_OF.contains(&name)
    }

    /// Whether an expression is a bare constant whose type is best taken from the other side.
    pub(super) fn is_const_only(&self, e: &ast::Expr, scope: &Scope) -> bool {
        match &e.node {
            ExprKind::Name(n) => !self.is_value(n, scope) && !self.const_candidates(n).is_empty(),
            ExprKind::Call(f, args) => {
                args.len() == 1 && !self.const_candidates(&f.node).is_empty()
            }
            _ => false,
        }
    }

    fn const_candidates(&self, name: &str) -> Vec<ConstEntry> {
        let mut out = self.consts.get(name).cloned().unwrap_or_default();
        if out.is_empty() {
            let norm = crate::names::normalize(name);
            if norm != name {
                out = self.consts.get(norm.as_ref()).cloned().unwrap_or_default();
            }
        }
        out
    }

    /// Resolves a bare name to a node.
    pub(super) fn name(
        &mut self,
        name: &str,
        span: Span,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let mut locals = scope.locals.iter().enumerate().rev();
        if let Some((depth, (_, ty))) = locals.find(|(_, (n, _))| n == name) {
            let ty = ty.clone();
            return self.push(
                NodeKind::Local(u16::try_from(depth).unwrap_or(u16::MAX)),
                ty,
                span,
            );
        }
        if let Some(d) = scope.decision.and_then(|d| self.decisions.get(d)) {
            if let Some(f) = d.fields.iter().find(|f| f.name == name) {
                let (slot, ty) = (f.slot, f.ty.clone());
                return self.push(NodeKind::Slot(slot), ty, span);
            }
        }
        if let Some(r) = self.constant_over_value(name, span, expect) {
            return r;
        }
        match self.values.get(name).copied() {
            Some(ValueEntry::Field(i)) => {
                let ty = self
                    .schema
                    .record()
                    .and_then(|r| r.fields.get(i))
                    .map_or(Type::Error, |f| f.ty.clone());
                return self.push(NodeKind::Field(i), ty, span);
            }
            Some(ValueEntry::Let(i)) => {
                self.used.insert(Used::Let(i));
                let ty = self.let_type(i, span);
                let slot = self
                    .lets
                    .get(i)
                    .and_then(|l| l.def.as_ref())
                    .map_or(usize::MAX, |d| d.slot);
                return self.push(NodeKind::Slot(slot), ty, span);
            }
            Some(ValueEntry::Param(i)) => {
                self.used.insert(Used::Param(i));
                let ty = self.params.get(i).map_or(Type::Error, |p| p.ty.clone());
                return self.push(NodeKind::Param(i), ty, span);
            }
            Some(ValueEntry::Decision(_)) => {
                let name = name.to_string();
                self.error(span, CheckErrorKind::DecisionAsValue { name });
                return self.poisoned(span);
            }
            Some(ValueEntry::Table(_)) => {
                let name = name.to_string();
                self.error(span, CheckErrorKind::TableAsValue { name });
                return self.poisoned(span);
            }
            None => {}
        }
        if AS_OF.contains(&name) {
            return self.push(NodeKind::AsOf, Type::Date, span);
        }
        if let Some(r) = self.constant_name(name, span, expect) {
            return r;
        }
        let fix = self.spacing_fix(name, scope).or_else(|| {
            let names = self.visible_names(scope);
            self.suggest(name, names.iter().map(String::as_str))
                .map(NameFix::Similar)
        });
        let name = name.to_string();
        self.error(span, CheckErrorKind::UnknownName { name, fix });
        self.poisoned(span)
    }

    /// A constant of exactly the expected type, where the value of the same name would not fit
    /// (a decision named like an enum member, `处理 = 降级`).
    fn constant_over_value(
        &mut self,
        name: &str,
        span: Span,
        expect: Option<&Type>,
    ) -> Option<(ExprId, Type)> {
        let want = expect.filter(|t| {
            matches!(
                t,
                Type::Enum(_) | Type::Grade(_) | Type::Rung(_) | Type::Major(_)
            )
        })?;
        let value_ty = match self.values.get(name).copied()? {
            ValueEntry::Field(i) => self
                .schema
                .record()
                .and_then(|r| r.fields.get(i))
                .map(|f| f.ty.clone()),
            ValueEntry::Param(i) => self.params.get(i).map(|p| p.ty.clone()),
            ValueEntry::Let(i) => self
                .lets
                .get(i)
                .and_then(|l| l.def.as_ref())
                .map(|d| d.ty.clone()),
            ValueEntry::Decision(_) | ValueEntry::Table(_) => None,
        };
        if value_ty.as_ref().is_some_and(|t| t.fits(want)) {
            return None;
        }
        let fits = self
            .const_candidates(name)
            .iter()
            .any(|c| match (*c, want) {
                (ConstEntry::Member(e, _), Type::Enum(w)) => e == *w,
                (ConstEntry::Grade(s, _), Type::Grade(w)) => s == *w,
                (ConstEntry::Rung(l, _), Type::Rung(w)) => l == *w,
                (ConstEntry::Major(l, _), Type::Major(w)) => l == *w,
                _ => false,
            });
        if fits {
            self.constant_name(name, span, Some(want))
        } else {
            None
        }
    }

    /// Resolves a constant (enum member, grade, rung, 大级), choosing by the expected type.
    /// None when the name is no constant at all; an error when it is ambiguous or mistyped.
    pub(super) fn constant_name(
        &mut self,
        name: &str,
        span: Span,
        expect: Option<&Type>,
    ) -> Option<(ExprId, Type)> {
        let all = self.const_candidates(name);
        if all.is_empty() {
            return None;
        }
        let typed = |c: &ConstEntry| -> Type {
            match *c {
                ConstEntry::Member(e, _) => Type::Enum(e),
                ConstEntry::Grade(s, _) => Type::Grade(s),
                ConstEntry::Rung(l, _) => Type::Rung(l),
                ConstEntry::Major(l, _) => Type::Major(l),
            }
        };
        let want = expect.map(|t| match t {
            Type::List(inner) => (**inner).clone(),
            t => t.clone(),
        });
        let mut matching: Vec<ConstEntry> = match &want {
            Some(w) if all.iter().any(|c| &typed(c) == w) => {
                all.iter().copied().filter(|c| &typed(c) == w).collect()
            }
            _ => all.clone(),
        };
        // A 大级 without 小级 is also a rung; a rung is what is usually meant.
        if matching.len() == 2 {
            if let [ConstEntry::Rung(a, _), ConstEntry::Major(b, _)]
            | [ConstEntry::Major(b, _), ConstEntry::Rung(a, _)] = matching[..]
            {
                if a == b {
                    matching.retain(|c| matches!(c, ConstEntry::Rung(..)));
                }
            }
        }
        if matching.len() > 1 {
            let options = matching.iter().map(|c| self.describe(&typed(c))).collect();
            let name = name.to_string();
            self.error(span, CheckErrorKind::AmbiguousName { name, options });
            return Some(self.poisoned(span));
        }
        let c = *matching.first()?;
        let value = match c {
            ConstEntry::Member(_, i) => FieldValue::Enum(i),
            ConstEntry::Grade(_, r) => FieldValue::Grade(r),
            ConstEntry::Rung(_, i) => FieldValue::Rung(i),
            ConstEntry::Major(_, i) => FieldValue::Major(i),
        };
        Some(self.push(NodeKind::Const(value), typed(&c), span))
    }

    /// Resolves `Type.member`, a constant named with its type.
    pub(super) fn qualified(
        &mut self,
        ty: &str,
        member: &ast::Name,
        span: Span,
    ) -> Option<(ExprId, Type)> {
        let (t, _, _) = self.type_of_name(ty)?;
        // A ladder's name also qualifies its 大级 (`职级.高级客服`).
        let major = match t {
            Type::Rung(l) => Some(Type::Major(l)),
            _ => None,
        };
        match self.constant_name(&member.node, span, Some(&t)) {
            Some((id, got)) if got == t || got.is_error() || Some(&got) == major.as_ref() => {
                Some((id, got))
            }
            _ => {
                let members = self.members_of(&t);
                let suggestion = self.suggest(&member.node, members.iter().map(String::as_str));
                let kind = CheckErrorKind::UnknownMember {
                    ty: ty.to_string(),
                    member: member.node.clone(),
                    suggestion,
                };
                self.error(member.span, kind);
                Some(self.poisoned(span))
            }
        }
    }

    /// The constants of an enum, scale or ladder type.
    pub(super) fn members_of(&self, t: &Type) -> Vec<String> {
        match t {
            Type::Enum(e) => self
                .schema
                .enum_def(*e)
                .map(|d| d.members.clone())
                .unwrap_or_default(),
            Type::Grade(s) => self
                .schema
                .scale(*s)
                .map(|d| d.levels.clone())
                .unwrap_or_default(),
            Type::Rung(l) => self
                .schema
                .ladder(*l)
                .map(|d| d.rungs.iter().map(|r| r.name.clone()).collect())
                .unwrap_or_default(),
            Type::Major(l) => self
                .schema
                .ladder(*l)
                .map(|d| d.majors.iter().map(|m| m.name.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The type a type name stands for, if it is one (without reporting).
    pub(super) fn type_of_name(
        &mut self,
        name: &str,
    ) -> Option<(Type, Option<crate::value::Num>, Option<crate::value::Num>)> {
        self.types
            .contains_key(name)
            .then(|| self.resolve_named(name))
    }

    fn resolve_named(
        &mut self,
        name: &str,
    ) -> (Type, Option<crate::value::Num>, Option<crate::value::Num>) {
        let t = ast::TypeExpr::new(ast::TypeKind::Named(name.to_string()), Span::default());
        self.resolve_type(&t, name)
    }
}
