//! Check stage: expressions. Each expression is resolved and typed into a node of the program.

use crate::calendar::{Date, Month, Quarter};
use crate::limits::MAX_CHAIN;
use crate::program::ir::ExprId;
use crate::syntax::ast::{self, BinOp, ExprKind, Unit};
use crate::syntax::Span;
use crate::value::{DurationUnit, FieldValue, Num};

use super::error::{CheckErrorKind, Literal, Operation, OperationHint, Wanted};
use super::{Checker, LetState, Scope, Type, ValueEntry};
use crate::program::ir::{LetDef, NodeKind};

impl<'a> Checker<'a> {
    /// Checks an expression; `expect` picks among constants of the same name. The parser
    /// keeps every tree within [`MAX_CHAIN`] levels; a tree built otherwise that goes deeper is
    /// an error at the place (once), not a stack overflow.
    pub(super) fn expr(
        &mut self,
        e: &ast::Expr,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        if self.depth >= MAX_CHAIN {
            if !self.too_deep {
                self.too_deep = true;
                self.error(e.span, CheckErrorKind::TooDeep { max: MAX_CHAIN });
            }
            return self.poisoned(e.span);
        }
        self.depth += 1;
        let out = self.expr_within(e, expect, scope);
        self.depth -= 1;
        out
    }

    fn expr_within(
        &mut self,
        e: &ast::Expr,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let span = e.span;
        match &e.node {
            ExprKind::Number(s) => match Num::parse(s) {
                Some(n) => {
                    let ty = if s.contains('.') {
                        Type::Number
                    } else {
                        Type::Int
                    };
                    self.push(NodeKind::Const(FieldValue::Num(n)), ty, span)
                }
                None => self.bad_literal(span, s, Literal::Number),
            },
            ExprKind::Percent(s) => {
                match Num::parse(s).and_then(|n| n.checked_div(Num::from_int(100)?)) {
                    Some(n) => self.push(NodeKind::Const(FieldValue::Num(n)), Type::Number, span),
                    None => self.bad_literal(span, s, Literal::Percent),
                }
            }
            ExprKind::Str(s) => self.push(
                NodeKind::Const(FieldValue::Text(s.clone())),
                Type::Text,
                span,
            ),
            ExprKind::Bool(b) => self.push(NodeKind::Const(FieldValue::Bool(*b)), Type::Bool, span),
            ExprKind::None => self.push(NodeKind::Const(FieldValue::Absent), Type::None, span),
            ExprKind::Date(s) => match Date::parse(s) {
                Some(d) => self.push(NodeKind::Const(FieldValue::Date(d)), Type::Date, span),
                None => self.bad_literal(span, s, Literal::Date),
            },
            ExprKind::Month(s) => match Month::parse(s) {
                Some(m) => self.push(NodeKind::Const(FieldValue::Month(m)), Type::Month, span),
                None => self.bad_literal(span, s, Literal::Month),
            },
            ExprKind::Quarter(s) => match Quarter::parse(s) {
                Some(q) => self.push(NodeKind::Const(FieldValue::Quarter(q)), Type::Quarter, span),
                None => self.bad_literal(span, s, Literal::Quarter),
            },
            ExprKind::Duration(n, unit) => self.duration(n, *unit, span),
            ExprKind::Name(n) => self.name(n, span, expect, scope),
            ExprKind::Call(f, args) => self.call(f, args, span, expect, scope),
            ExprKind::Member(base, field) => self.member(base, field, span, scope),
            ExprKind::Index(base, idx) => self.index(base, idx, span, scope),
            ExprKind::List(items) => self.list(items, span, expect, scope),
            ExprKind::Neg(x) => {
                let (id, t) = self.expr(x, None, scope);
                if !t.is_numeric() && !t.is_error() {
                    self.mismatch(x.span, &t, Wanted::Number);
                }
                if let Some(NodeKind::Const(FieldValue::Num(n))) =
                    self.nodes.get(id.index()).map(|n| &n.kind)
                {
                    if let Some(neg) = n.checked_neg() {
                        return self.push(NodeKind::Const(FieldValue::Num(neg)), t, span);
                    }
                }
                self.push(NodeKind::Neg(id), t, span)
            }
            ExprKind::Not(x) => {
                let id = self.condition(x, scope);
                self.push(NodeKind::Not(id), Type::Bool, span)
            }
            ExprKind::Has(x) => {
                let (id, _) = self.expr(x, None, scope);
                self.push(NodeKind::Has(id), Type::Bool, span)
            }
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, span, expect, scope),
            ExprKind::Meets(w, pattern) => self.meets(w, pattern, span, scope),
            ExprKind::HasNo(w, grades) => self.has_no(w, grades, span, scope),
            ExprKind::Quantified(q, var, list, cond) => {
                self.quantified(*q, var, list, cond, span, scope)
            }
            ExprKind::Aggregate(agg, var, list, filter, value) => {
                self.aggregate(*agg, var, list, filter.as_deref(), value, span, scope)
            }
            ExprKind::If(c, a, b) => {
                let cid = self.condition(c, scope);
                let (aid, at) = self.expr(a, expect, scope);
                let (bid, bt) = self.expr(b, expect.or(Some(&at)), scope);
                let ty = match at.unify(&bt) {
                    Some(t) => t,
                    None => {
                        let kind = CheckErrorKind::Branches {
                            first: self.describe(&at),
                            first_span: a.span,
                            second: self.describe(&bt),
                        };
                        self.error(b.span, kind);
                        Type::Error
                    }
                };
                self.push(NodeKind::If(cid, aid, bid), ty, span)
            }
        }
    }

    /// Checks a condition: an expression of type 布尔.
    pub(super) fn condition(&mut self, e: &ast::Expr, scope: &Scope) -> ExprId {
        let (id, t) = self.expr(e, Some(&Type::Bool), scope);
        if t != Type::Bool && !t.is_error() {
            self.mismatch(e.span, &t, Wanted::Condition);
        }
        id
    }

    /// Reports that `got` is not what was expected.
    pub(super) fn mismatch(&mut self, span: Span, got: &Type, wanted: Wanted) {
        let found = self.describe(got);
        self.error(span, CheckErrorKind::Mismatch { wanted, found });
    }

    /// Reports when a value of type `got` cannot go where `want` is expected.
    pub(super) fn expect_fits(&mut self, got: &Type, want: &Type, span: Span) {
        if !got.fits(want) {
            let w = self.describe(want);
            self.mismatch(span, got, Wanted::Type(w));
        }
    }

    fn bad_literal(&mut self, span: Span, text: &str, literal: Literal) -> (ExprId, Type) {
        let text = text.to_string();
        self.error(span, CheckErrorKind::BadLiteral { text, literal });
        self.poisoned(span)
    }

    fn duration(&mut self, n: &str, unit: Unit, span: Span) -> (ExprId, Type) {
        let Some(amount) = Num::parse(n).and_then(Num::as_int) else {
            let amount = n.to_string();
            self.error(span, CheckErrorKind::FractionalDuration { amount });
            return self.poisoned(span);
        };
        // A literal's amount is at most i64::MAX / 10^6 (a `Num`), so twelve times it fits.
        let (amount, unit) = match unit {
            Unit::Days => (amount, DurationUnit::Days),
            Unit::Workdays => (amount, DurationUnit::Workdays),
            Unit::Months => (amount, DurationUnit::Months),
            Unit::Quarters => (amount.saturating_mul(3), DurationUnit::Months),
            Unit::Years => (amount.saturating_mul(12), DurationUnit::Months),
        };
        self.push(
            NodeKind::Const(FieldValue::Duration(amount, unit)),
            Type::Duration(unit),
            span,
        )
    }

    fn member(
        &mut self,
        base: &ast::Expr,
        field: &ast::Name,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        if let ExprKind::Name(b) = &base.node {
            let shadowed = scope.locals.iter().any(|(n, _)| n == b)
                || scope
                    .decision
                    .and_then(|d| self.decisions.get(d))
                    .is_some_and(|d| d.fields.iter().any(|f| &f.name == b));
            if !shadowed {
                if let Some(ValueEntry::Decision(d)) = self.values.get(b).copied() {
                    return self.decision_field(d, field, span);
                }
                // `岗位.班组长`: a type's member, even where a field bears the type's name (a
                // field that is a sub-record keeps `.` for its own fields).
                let value_is_struct = match self.values.get(b).copied() {
                    Some(ValueEntry::Field(i)) => self
                        .schema
                        .record()
                        .and_then(|r| r.fields.get(i))
                        .is_some_and(|f| matches!(f.ty, Type::Struct(_))),
                    Some(_) => true,
                    None => false,
                };
                if !value_is_struct {
                    if let Some(r) = self.qualified(b, field, span) {
                        return r;
                    }
                }
            }
        }
        let (bid, bt) = self.expr(base, None, scope);
        match &bt {
            Type::Struct(s) => {
                let found = self.schema.struct_def(*s).and_then(|d| {
                    let i = d.field(&field.node)?;
                    Some((i, d.fields.get(i)?.ty.clone()))
                });
                match found {
                    Some((i, ty)) => self.push(
                        NodeKind::Member(bid, u16::try_from(i).unwrap_or(u16::MAX)),
                        ty,
                        span,
                    ),
                    None => {
                        let names: Vec<String> = self
                            .schema
                            .struct_def(*s)
                            .map(|d| d.fields.iter().map(|f| f.name.clone()).collect())
                            .unwrap_or_default();
                        let kind = CheckErrorKind::UnknownField {
                            ty: self.describe(&bt),
                            field: field.node.clone(),
                            suggestion: self.suggest(&field.node, names.iter().map(String::as_str)),
                        };
                        self.error(field.span, kind);
                        self.poisoned(span)
                    }
                }
            }
            Type::Error => self.poisoned(span),
            other => {
                let kind = CheckErrorKind::NoFields {
                    ty: self.describe(other),
                    field: field.node.clone(),
                };
                self.error(base.span, kind);
                self.poisoned(span)
            }
        }
    }

    fn decision_field(&mut self, d: usize, field: &ast::Name, span: Span) -> (ExprId, Type) {
        let Some(dec) = self.decisions.get(d) else {
            return self.poisoned(span);
        };
        match dec.fields.iter().find(|f| f.name == field.node) {
            Some(f) => {
                let (slot, ty) = (f.slot, f.ty.clone());
                self.push(NodeKind::Slot(slot), ty, span)
            }
            None => {
                let names: Vec<String> = dec.fields.iter().map(|f| f.name.clone()).collect();
                let kind = CheckErrorKind::UnknownOutcomeField {
                    decision: dec.name.clone(),
                    field: field.node.clone(),
                    suggestion: self.suggest(&field.node, names.iter().map(String::as_str)),
                    in_effect: false,
                };
                self.error(field.span, kind);
                self.poisoned(span)
            }
        }
    }

    fn index(
        &mut self,
        base: &ast::Expr,
        idx: &ast::Expr,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        if let ast::ExprKind::Name(n) = &base.node {
            if let Some(t) = self.table_named(n, scope) {
                return self.lookup(t, idx, span, scope);
            }
        }
        let (bid, bt) = self.expr(base, None, scope);
        let (kind, value) = match &bt {
            Type::Map(k, v) | Type::Window(k, v) => (*k, (**v).clone()),
            Type::Error => return self.poisoned(span),
            other => {
                let found = self.describe(other);
                self.error(base.span, CheckErrorKind::NotIndexable { found });
                return self.poisoned(span);
            }
        };
        let key = Type::key(kind);
        let (iid, it) = self.expr(idx, Some(&key), scope);
        let ty = match it {
            ref k if *k == key => value,
            Type::Range(ref m) if **m == key => Type::Window(kind, Box::new(value)),
            Type::Error => Type::Error,
            ref other => {
                let o = other.clone();
                self.mismatch(idx.span, &o, Wanted::KeyOrRange(kind));
                Type::Error
            }
        };
        self.push(NodeKind::Index(bid, iid), ty, span)
    }

    fn list(
        &mut self,
        items: &[ast::Expr],
        span: Span,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let mut elem = match expect {
            Some(Type::List(t)) => Some((**t).clone()),
            _ => None,
        };
        let mut values = Vec::with_capacity(items.len());
        let mut ty = Type::None;
        for item in items {
            let (id, t) = self.expr(item, elem.as_ref(), scope);
            match t.unify(&ty) {
                Some(u) => ty = u,
                None => {
                    let found = self.describe(&t);
                    self.error(item.span, CheckErrorKind::MixedList { found });
                    ty = Type::Error;
                }
            }
            if elem.is_none() && !ty.is_error() {
                elem = Some(ty.clone());
            }
            match self.nodes.get(id.index()).map(|n| &n.kind) {
                Some(NodeKind::Const(v)) => values.push(v.clone()),
                _ if t.is_error() => {}
                _ => self.error(item.span, CheckErrorKind::ListNotConstant),
            }
        }
        self.push(
            NodeKind::Const(FieldValue::List(values)),
            Type::List(Box::new(ty)),
            span,
        )
    }

    /// The type of a definition, checking it on first use.
    pub(super) fn let_type(&mut self, i: usize, at: Span) -> Type {
        let Some(slot) = self.lets.get(i) else {
            return Type::Error;
        };
        match slot.state {
            LetState::Done => slot.def.as_ref().map_or(Type::Error, |d| d.ty.clone()),
            LetState::Checking => {
                let name = slot.decl.name.node.clone();
                self.error(at, CheckErrorKind::LetCycle { name });
                Type::Error
            }
            LetState::Unchecked => {
                let decl = slot.decl;
                let span = slot.span;
                if let Some(s) = self.lets.get_mut(i) {
                    s.state = LetState::Checking;
                }
                let declared = decl
                    .ty
                    .as_ref()
                    .map(|t| self.resolve_type(t, &decl.name.node).0);
                let (expr, got) = self.expr(&decl.value, declared.as_ref(), &Scope::default());
                let ty = match declared {
                    Some(d) => {
                        self.expect_fits(&got, &d, decl.value.span);
                        d
                    }
                    None => got,
                };
                let slot_no = self.new_slot();
                if let Some(s) = self.lets.get_mut(i) {
                    s.state = LetState::Done;
                    s.def = Some(LetDef {
                        name: decl.name.node.clone(),
                        ty: ty.clone(),
                        expr,
                        slot: slot_no,
                        span,
                    });
                }
                ty
            }
        }
    }

    /// Checks every definition (those not reached from elsewhere too).
    pub(super) fn check_lets(&mut self) {
        for i in 0..self.lets.len() {
            let Some(at) = self.lets.get(i).map(|l| l.span) else {
                continue;
            };
            self.let_type(i, at);
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        match op {
            BinOp::And | BinOp::Or => {
                let a = self.condition(l, scope);
                let b = self.condition(r, scope);
                return self.push(NodeKind::Binary(op.into(), a, b), Type::Bool, span);
            }
            BinOp::In | BinOp::NotIn => {
                let (a, at) = self.expr(l, None, scope);
                let want = Type::List(Box::new(at.clone()));
                let (b, bt) = self.expr(r, Some(&want), scope);
                let ok = match &bt {
                    Type::List(e) | Type::Range(e) => {
                        at.unify(e).is_some() && (at.fits(e) || e.fits(&at))
                    }
                    Type::Window(k, _) | Type::Map(k, _) => at == Type::key(*k),
                    _ => false,
                };
                if !ok && !at.is_error() && !bt.is_error() {
                    let kind = CheckErrorKind::NotIn {
                        item: self.describe(&at),
                        collection: self.describe(&bt),
                    };
                    self.error(r.span, kind);
                }
                return self.push(NodeKind::Binary(op.into(), a, b), Type::Bool, span);
            }
            _ => {}
        }
        // Take a bare constant's type from the other side (`客服 = 岗位`).
        let (a, at, b, bt) = if self.is_const_only(l, scope) && !self.is_const_only(r, scope) {
            let (b, bt) = self.expr(r, None, scope);
            let (a, at) = self.expr(l, Some(&bt), scope);
            (a, at, b, bt)
        } else {
            let (a, at) = self.expr(l, expect, scope);
            let hint = match (op, &at) {
                (BinOp::Add | BinOp::Sub, Type::Rung(_)) if !self.is_const_only(r, scope) => {
                    Some(Type::Int)
                }
                _ => Some(at.clone()),
            };
            let (b, bt) = self.expr(r, hint.as_ref(), scope);
            (a, at, b, bt)
        };
        if matches!(
            op,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        ) && (at == Type::None || bt == Type::None)
        {
            self.error(span, CheckErrorKind::CompareNone);
            return self.push(NodeKind::Binary(op.into(), a, b), Type::Error, span);
        }
        // A quarter moves by whole quarters: a constant number of months must be one.
        if at == Type::Quarter && matches!(op, BinOp::Add | BinOp::Sub) {
            if let Some(FieldValue::Duration(months, _)) = self.constant_of(b) {
                if months % 3 != 0 {
                    self.error(r.span, CheckErrorKind::NotWholeQuarters { months });
                    return self.push(NodeKind::Binary(op.into(), a, b), Type::Error, span);
                }
            }
        }
        let ty = if at.is_error() || bt.is_error() {
            Type::Error
        } else {
            match super::builtins::binary_type(op, &at, &bt) {
                Some(t) => t,
                None => {
                    self.binary_mismatch(op, &at, &bt, l.span, r.span);
                    Type::Error
                }
            }
        };
        self.push(NodeKind::Binary(op.into(), a, b), ty, span)
    }

    /// The value of a node that is a literal or a parameter.
    fn constant_of(&self, id: ExprId) -> Option<FieldValue> {
        match self.nodes.get(id.index()).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => Some(v.clone()),
            Some(NodeKind::Param(i)) => self.params.get(*i).map(|p| p.value.clone()),
            _ => None,
        }
    }

    fn binary_mismatch(&mut self, op: BinOp, at: &Type, bt: &Type, ls: Span, rs: Span) {
        let op = match op {
            BinOp::Add => Operation::Add,
            BinOp::Sub => Operation::Sub,
            BinOp::Mul => Operation::Mul,
            BinOp::Div => Operation::Div,
            BinOp::Otherwise => Operation::Otherwise,
            BinOp::Range => Operation::Range,
            _ => Operation::Compare,
        };
        let hint = match (at, bt) {
            (Type::Date | Type::Month, Type::Int | Type::Number) => {
                Some(OperationHint::DurationUnit)
            }
            (Type::Rung(_), Type::Int | Type::Number)
            | (Type::Int | Type::Number, Type::Rung(_)) => Some(OperationHint::RungArithmetic),
            (Type::Month, Type::Duration(_)) => Some(OperationHint::MonthDuration),
            _ => None,
        };
        let kind = CheckErrorKind::Operation {
            op,
            left: self.describe(at),
            left_span: ls,
            right: self.describe(bt),
            hint,
        };
        self.error(rs, kind);
    }

    fn scale_of_window(&mut self, w: &ast::Expr, scope: &Scope) -> Option<(ExprId, u16)> {
        let (id, t) = self.expr(w, None, scope);
        match t.grades_scale() {
            Some(s) => Some((id, s)),
            None => {
                if !t.is_error() {
                    let found = self.describe(&t);
                    self.error(w.span, CheckErrorKind::NotAWindow { found });
                }
                None
            }
        }
    }

    fn grade_rank(&mut self, scale: u16, g: &ast::Name) -> Option<u8> {
        let def = self.schema.scale(scale)?;
        if let Some(r) = def.rank(&g.node) {
            return Some(r);
        }
        let kind = CheckErrorKind::UnknownGrade {
            grade: g.node.clone(),
            scale: def.name.clone(),
            levels: def.levels.clone(),
        };
        self.error(g.span, kind);
        None
    }

    fn meets(
        &mut self,
        w: &ast::Expr,
        pattern: &ast::Pattern,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let Some((wid, scale)) = self.scale_of_window(w, scope) else {
            return self.poisoned(span);
        };
        let mut alternatives = Vec::new();
        for alt in &pattern.alternatives {
            let mut thresholds: Vec<(u32, u8)> = Vec::new();
            let mut total = 0u32;
            for term in alt {
                let Some(rank) = self.grade_rank(scale, &term.grade) else {
                    continue;
                };
                if let Some(&(_, prev)) = thresholds.last() {
                    if rank >= prev {
                        self.error(term.grade.span, CheckErrorKind::PatternOrder);
                    }
                }
                total = total.saturating_add(term.count);
                thresholds.push((total, rank));
            }
            alternatives.push(thresholds);
        }
        self.push(NodeKind::Meets(wid, alternatives), Type::Bool, span)
    }

    fn has_no(
        &mut self,
        w: &ast::Expr,
        grades: &[ast::Name],
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let Some((wid, scale)) = self.scale_of_window(w, scope) else {
            return self.poisoned(span);
        };
        let mut mask = 0u64;
        for g in grades {
            if let Some(r) = self.grade_rank(scale, g) {
                mask |= 1u64 << r;
            }
        }
        self.push(NodeKind::HasNo(wid, mask), Type::Bool, span)
    }
}
