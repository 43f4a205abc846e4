//! Check stage: expressions. Each expression is resolved and typed into a node of the program.

use crate::calendar::{Date, Month};
use crate::syntax::ast::{self, BinOp, ExprKind, Quantifier, Unit};
use crate::syntax::Span;
use crate::value::{DurationUnit, FieldValue, Num};

use super::{Checker, LetState, Scope, Type, ValueEntry};
use crate::program::ir::{LetDef, NodeKind};

impl<'a> Checker<'a> {
    /// Checks an expression; `expect` picks among constants of the same name.
    pub(super) fn expr(
        &mut self,
        e: &ast::Expr,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (u32, Type) {
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
                None => self.bad_literal(span, s, "数", "number"),
            },
            ExprKind::Percent(s) => {
                match Num::parse(s).and_then(|n| n.checked_div(Num::from_int(100)?)) {
                    Some(n) => self.push(NodeKind::Const(FieldValue::Num(n)), Type::Number, span),
                    None => self.bad_literal(span, s, "百分数", "percentage"),
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
                None => self.bad_literal(span, s, "日期", "date"),
            },
            ExprKind::Month(s) => match Month::parse(s) {
                Some(m) => self.push(NodeKind::Const(FieldValue::Month(m)), Type::Month, span),
                None => self.bad_literal(span, s, "月份", "month"),
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
                    self.mismatch(x.span, &t, "数值", "a number");
                }
                if let Some(NodeKind::Const(FieldValue::Num(n))) =
                    self.nodes.get(id as usize).map(|n| &n.kind)
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
            ExprKind::If(c, a, b) => {
                let cid = self.condition(c, scope);
                let (aid, at) = self.expr(a, expect, scope);
                let (bid, bt) = self.expr(b, expect.or(Some(&at)), scope);
                let ty = match at.unify(&bt) {
                    Some(t) => t,
                    None => {
                        let msg = self.t("两个分支的类型不同", "the branches have different types");
                        let label = self.t(
                            format!("这是 {}", self.ty_name(&bt)),
                            format!("this is {}", self.ty_name(&bt)),
                        );
                        let first = self.t(
                            format!("这是 {}", self.ty_name(&at)),
                            format!("this is {}", self.ty_name(&at)),
                        );
                        self.error("rung::type-mismatch", msg, b.span, label)
                            .related
                            .push((a.span, first));
                        Type::Error
                    }
                };
                self.push(NodeKind::If(cid, aid, bid), ty, span)
            }
        }
    }

    /// Checks a condition: an expression of type 布尔.
    pub(super) fn condition(&mut self, e: &ast::Expr, scope: &Scope) -> u32 {
        let (id, t) = self.expr(e, Some(&Type::Bool), scope);
        if t != Type::Bool && !t.is_error() {
            self.mismatch(e.span, &t, "条件(布尔)", "a condition (bool)");
        }
        id
    }

    /// Reports that `got` is not what was expected.
    pub(super) fn mismatch(&mut self, span: Span, got: &Type, want_zh: &str, want_en: &str) {
        let msg = self.t(format!("这里应为{want_zh}"), format!("expected {want_en}"));
        let label = self.t(
            format!("这是 {}", self.ty_name(got)),
            format!("this is {}", self.ty_name(got)),
        );
        self.error("rung::type-mismatch", msg, span, label);
    }

    /// Reports when a value of type `got` cannot go where `want` is expected.
    pub(super) fn expect_fits(&mut self, got: &Type, want: &Type, span: Span) {
        if !got.fits(want) {
            let w = self.ty_name(want);
            self.mismatch(span, got, &w, &w);
        }
    }

    fn bad_literal(&mut self, span: Span, text: &str, zh: &str, en: &str) -> (u32, Type) {
        let msg = self.t(
            format!("`{text}` 不是有效的{zh}"),
            format!("`{text}` is not a valid {en}"),
        );
        let label = self.t("无效的值", "invalid value");
        let help = self.t(
            "日期写作 `2026-07-03`,月份写作 `2026-07`,数最多六位小数",
            "dates are written `2026-07-03`, months `2026-07`; numbers have at most six decimals",
        );
        self.error("rung::bad-literal", msg, span, label).help = Some(help);
        self.poisoned(span)
    }

    fn duration(&mut self, n: &str, unit: Unit, span: Span) -> (u32, Type) {
        let Some(amount) = Num::parse(n).and_then(Num::as_int) else {
            let msg = self.t(
                format!("时长 `{n}` 必须是整数"),
                format!("duration `{n}` must be a whole number"),
            );
            let label = self.t("这里", "here");
            let help = self.t("半年写作 `6个月`", "write half a year as `6 months`");
            self.error("rung::bad-literal", msg, span, label).help = Some(help);
            return self.poisoned(span);
        };
        let (amount, unit) = match unit {
            Unit::Days => (amount, DurationUnit::Days),
            Unit::Workdays => (amount, DurationUnit::Workdays),
            Unit::Months => (amount, DurationUnit::Months),
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
    ) -> (u32, Type) {
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
                let found = self
                    .schema
                    .struct_def(*s)
                    .and_then(|d| d.field(&field.node).map(|i| (i, d.fields[i].ty.clone())));
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
                        let sname = self.ty_name(&bt);
                        let msg = self.t(
                            format!("`{sname}` 没有字段 `{}`", field.node),
                            format!("`{sname}` has no field `{}`", field.node),
                        );
                        let label = self.t("没有这个字段", "no such field");
                        let help = self.suggest(&field.node, names.iter().map(String::as_str));
                        self.error("rung::unknown-field", msg, field.span, label)
                            .help = help;
                        self.poisoned(span)
                    }
                }
            }
            Type::Error => self.poisoned(span),
            other => {
                let msg = self.t(
                    format!("{} 没有字段 `{}`", self.ty_name(other), field.node),
                    format!("{} has no field `{}`", self.ty_name(other), field.node),
                );
                let label = self.t(
                    format!("这是 {}", self.ty_name(other)),
                    format!("this is {}", self.ty_name(other)),
                );
                self.error("rung::unknown-field", msg, base.span, label);
                self.poisoned(span)
            }
        }
    }

    fn decision_field(&mut self, d: usize, field: &ast::Name, span: Span) -> (u32, Type) {
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
                let dname = dec.name.clone();
                let msg = self.t(
                    format!("决定 `{dname}` 没有结果字段 `{}`", field.node),
                    format!("decision `{dname}` has no field `{}`", field.node),
                );
                let label = self.t("没有这个字段", "no such field");
                let help = self.suggest(&field.node, names.iter().map(String::as_str));
                self.error("rung::unknown-field", msg, field.span, label)
                    .help = help;
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
    ) -> (u32, Type) {
        let (bid, bt) = self.expr(base, None, scope);
        let value = match &bt {
            Type::Map(v) | Type::Window(v) => (**v).clone(),
            Type::Error => return self.poisoned(span),
            other => {
                let msg = self.t(
                    "只有按月的映射可以用 `[月份]` 取值",
                    "only a month-keyed map can be indexed with `[month]`",
                );
                let label = self.t(
                    format!("这是 {}", self.ty_name(other)),
                    format!("this is {}", self.ty_name(other)),
                );
                self.error("rung::not-indexable", msg, base.span, label);
                return self.poisoned(span);
            }
        };
        let (iid, it) = self.expr(idx, Some(&Type::Month), scope);
        let ty = match it {
            Type::Month => value,
            Type::Range(ref m) if **m == Type::Month => Type::Window(Box::new(value)),
            Type::Error => Type::Error,
            ref other => {
                let o = other.clone();
                self.mismatch(
                    idx.span,
                    &o,
                    "月份或月份区间(如 `评估月 - 6个月 .. 评估月 - 1个月`)",
                    "a month or a range of months",
                );
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
    ) -> (u32, Type) {
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
                    let msg = self.t("列表中的值类型不同", "list items have different types");
                    let label = self.t(
                        format!("这是 {}", self.ty_name(&t)),
                        format!("this is {}", self.ty_name(&t)),
                    );
                    self.error("rung::type-mismatch", msg, item.span, label);
                    ty = Type::Error;
                }
            }
            if elem.is_none() && !ty.is_error() {
                elem = Some(ty.clone());
            }
            match self.nodes.get(id as usize).map(|n| &n.kind) {
                Some(NodeKind::Const(v)) => values.push(v.clone()),
                _ if t.is_error() => {}
                _ => {
                    let msg = self.t("列表中只能写固定值", "a list may only hold constants");
                    let label = self.t("这个值要按记录计算", "this depends on the record");
                    let help = self.t(
                        "用 `或` 连接几个比较,如 `x = a 或 x = b`",
                        "join comparisons with `or`, as in `x = a or x = b`",
                    );
                    self.error("rung::list-not-constant", msg, item.span, label)
                        .help = Some(help);
                }
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
                let msg = self.t(
                    format!("定义 `{name}` 引用了自身"),
                    format!("definition `{name}` refers to itself"),
                );
                let label = self.t("循环引用", "circular reference");
                let help = self.t(
                    "定义之间不能循环引用:每个值都必须能算出来",
                    "definitions cannot refer to each other in a circle",
                );
                self.error("rung::cycle", msg, at, label).help = Some(help);
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
            let at = self.lets[i].span;
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
    ) -> (u32, Type) {
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
                    Type::Window(_) | Type::Map(_) => at == Type::Month,
                    _ => false,
                };
                if !ok && !at.is_error() && !bt.is_error() {
                    let msg = self.t(
                        format!(
                            "不能判断 {} 是否属于 {}",
                            self.ty_name(&at),
                            self.ty_name(&bt)
                        ),
                        format!(
                            "cannot test whether {} is in {}",
                            self.ty_name(&at),
                            self.ty_name(&bt)
                        ),
                    );
                    let label = self.t(
                        format!("这是 {}", self.ty_name(&bt)),
                        format!("this is {}", self.ty_name(&bt)),
                    );
                    let help = self.t("`属于` 的右边是列表 `[a, b]`、区间 `a .. b` 或若干月的成绩", "the right of `in` is a list `[a, b]`, a range `a .. b` or a window of months");
                    self.error("rung::type-mismatch", msg, r.span, label).help = Some(help);
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
            let msg = self.t(
                "与 `空` 比较永远不成立",
                "a comparison with `none` never holds",
            );
            let label = self.t("这里", "here");
            let help = self.t(
                "判断是否有值请写 `有 x` 或 `非 有 x`",
                "test for a value with `has x` or `not has x`",
            );
            self.error("rung::compare-none", msg, span, label).help = Some(help);
            return self.push(NodeKind::Binary(op.into(), a, b), Type::Error, span);
        }
        let ty = if at.is_error() || bt.is_error() {
            Type::Error
        } else {
            match super::builtins::binary_type(op, &at, &bt) {
                Some(t) => t,
                None => {
                    self.binary_mismatch(op, &at, &bt, l.span, r.span, span);
                    Type::Error
                }
            }
        };
        self.push(NodeKind::Binary(op.into(), a, b), ty, span)
    }

    fn binary_mismatch(&mut self, op: BinOp, at: &Type, bt: &Type, ls: Span, rs: Span, span: Span) {
        let (an, bn) = (self.ty_name(at), self.ty_name(bt));
        let (zh_op, en_op) = match op {
            BinOp::Add => ("相加", "add"),
            BinOp::Sub => ("相减", "subtract"),
            BinOp::Mul => ("相乘", "multiply"),
            BinOp::Div => ("相除", "divide"),
            BinOp::Otherwise => ("互为替补", "use one in place of the other for"),
            BinOp::Range => ("组成区间", "make a range of"),
            _ => ("比较", "compare"),
        };
        let msg = self.t(
            format!("不能把 {an} 与 {bn} {zh_op}"),
            format!("cannot {en_op} {an} and {bn}"),
        );
        let label = self.t(format!("这是 {bn}"), format!("this is {bn}"));
        let first = self.t(format!("这是 {an}"), format!("this is {an}"));
        let help = match (at, bt) {
            (Type::Date | Type::Month, Type::Int | Type::Number) => Some(self.t(
                "给日期加减时长要写单位,如 `3个月`、`10天`、`5个工作日`",
                "add a duration with its unit to a date, such as `3 months`, `10 days`, `5 working days`",
            )),
            (Type::Rung(_), Type::Int | Type::Number) | (Type::Int | Type::Number, Type::Rung(_)) => Some(self.t(
                "职级只能与职级比较;`职级 + 2` 是高两个小级的职级,`职级 - 职级` 是相差的小级数",
                "a rung compares with a rung; `rung + 2` is two 小级 up, `rung - rung` is the number of 小级 between",
            )),
            (Type::Month, Type::Duration(_)) => Some(self.t("月份只能加减 `个月` 或 `年`", "a month only takes durations in months or years")),
            _ => None,
        };
        let d = self.error("rung::type-mismatch", msg, rs, label);
        d.related.push((ls, first));
        d.help = help;
        let _ = span;
    }

    fn scale_of_window(&mut self, w: &ast::Expr, scope: &Scope) -> Option<(u32, u16)> {
        let (id, t) = self.expr(w, None, scope);
        match t.grades_scale() {
            Some(s) => Some((id, s)),
            None => {
                if !t.is_error() {
                    let msg = self.t("这里应为若干月的考核成绩", "expected a window of grades");
                    let label = self.t(
                        format!("这是 {}", self.ty_name(&t)),
                        format!("this is {}", self.ty_name(&t)),
                    );
                    let help = self.t(
                        "成绩模式用于按月成绩的区间,如 `考核[评估月 - 6个月 .. 评估月 - 1个月] 达到 3A`",
                        "patterns apply to a window of monthly grades, such as `考核[评估月 - 6个月 .. 评估月 - 1个月] meets 3A`",
                    );
                    self.error("rung::type-mismatch", msg, w.span, label).help = Some(help);
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
        let (name, levels) = (def.name.clone(), def.levels.clone());
        let msg = self.t(
            format!("`{}` 不是 `{name}` 的等级", g.node),
            format!("`{}` is not a level of `{name}`", g.node),
        );
        let label = self.t("没有这个等级", "no such level");
        let help = self.t(
            format!("等级有:{}", levels.join("、")),
            format!("the levels are: {}", levels.join(", ")),
        );
        self.error("rung::unknown-grade", msg, g.span, label).help = Some(help);
        None
    }

    fn meets(
        &mut self,
        w: &ast::Expr,
        pattern: &ast::Pattern,
        span: Span,
        scope: &Scope,
    ) -> (u32, Type) {
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
                        let msg = self.t(
                            "成绩模式中的等级应从高到低书写",
                            "a pattern lists grades from best to worst",
                        );
                        let label = self.t(
                            "这个等级不低于前一个",
                            "this grade is not below the one before",
                        );
                        let help = self.t(
                            "如 `1S+2A`:先写较好的等级",
                            "as in `1S+2A`: the better grade first",
                        );
                        self.error("rung::pattern-order", msg, term.grade.span, label)
                            .help = Some(help);
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
    ) -> (u32, Type) {
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

    fn quantified(
        &mut self,
        q: Quantifier,
        var: &ast::Name,
        list: &ast::Expr,
        cond: &ast::Expr,
        span: Span,
        scope: &Scope,
    ) -> (u32, Type) {
        let (lid, lt) = self.expr(list, None, scope);
        let elem = match lt.element() {
            Some(t) => t,
            None => {
                if !lt.is_error() {
                    let msg = self.t(
                        "这里应为列表、区间或若干月的成绩",
                        "expected a list, a range or a window of months",
                    );
                    let label = self.t(
                        format!("这是 {}", self.ty_name(&lt)),
                        format!("this is {}", self.ty_name(&lt)),
                    );
                    self.error("rung::type-mismatch", msg, list.span, label);
                }
                Type::Error
            }
        };
        let mut inner = scope.clone();
        let depth = u16::try_from(inner.locals.len()).unwrap_or(u16::MAX);
        inner.locals.push((var.node.clone(), elem.clone()));
        let cid = self.condition(cond, &inner);
        let ty = match q {
            Quantifier::Any | Quantifier::All => Type::Bool,
            Quantifier::Count => Type::Int,
            Quantifier::First => elem,
        };
        self.push(NodeKind::Quant(q.into(), depth, lid, cid), ty, span)
    }
}
