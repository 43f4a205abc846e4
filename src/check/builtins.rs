//! Check stage: built-in functions, rungs written as calls (`初级客服(一般)`), and the types of
//! binary operations.

use crate::program::ir::ExprId;
use crate::syntax::ast::{self, BinOp, ExprKind};
use crate::syntax::Span;
use crate::value::{DurationUnit, FieldValue};

use super::error::CheckErrorKind;
use super::{Checker, ConstEntry, Scope, Type};
use crate::program::ir::{Builtin, NodeKind};

/// Every built-in function: Chinese name, English name, function.
const BUILTINS: &[(&str, &str, Builtin)] = &[
    ("月份", "month_of", Builtin::MonthOf),
    ("月", "month_number", Builtin::MonthNumber),
    ("年", "year", Builtin::Year),
    ("日", "day", Builtin::Day),
    ("月初", "month_start", Builtin::MonthStart),
    ("月末", "month_end", Builtin::MonthEnd),
    ("季度", "quarter_of", Builtin::QuarterOf),
    ("季", "quarter_number", Builtin::QuarterNumber),
    ("工作日序号", "workday_index", Builtin::WorkdayIndex),
    ("工作日", "nth_workday", Builtin::NthWorkday),
    ("是工作日", "is_workday", Builtin::IsWorkday),
    ("月数", "months_between", Builtin::MonthsBetween),
    ("天数", "days_between", Builtin::DaysBetween),
    ("较大", "max", Builtin::Max),
    ("较小", "min", Builtin::Min),
    ("大级", "major", Builtin::MajorOf),
    ("个数", "count_of", Builtin::Len),
    ("四舍五入", "round", Builtin::Round),
    ("绝对值", "abs", Builtin::Abs),
    ("星期", "weekday", Builtin::Weekday),
    ("节日", "festival", Builtin::Festival),
    ("整除", "quotient", Builtin::Quotient),
    ("余数", "remainder", Builtin::Remainder),
    ("取整", "round_int", Builtin::RoundInt),
    ("向下取整", "floor", Builtin::Floor),
    ("向上取整", "ceil", Builtin::Ceil),
];

/// The built-in functions' names, Chinese and English (`rung fmt --keywords` switches them).
pub(crate) fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTINS
        .iter()
        .map(|(zh, en, _)| (*zh, *en))
        .chain(super::roster::names())
}

/// The type of `a op b`, if the operation is defined.
pub(super) fn binary_type(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    let numeric = a.is_numeric() && b.is_numeric();
    let widened = if *a == Int && *b == Int { Int } else { Number };
    match op {
        BinOp::Add => match (a, b) {
            _ if numeric => Some(widened),
            (Date, Duration(_)) => Some(Date),
            (Month, Duration(DurationUnit::Months)) => Some(Month),
            (Quarter, Duration(DurationUnit::Months)) => Some(Quarter),
            (Duration(x), Duration(y)) if x == y => Some(Duration(*x)),
            (Rung(l), Int) => Some(Rung(*l)),
            _ => Option::None,
        },
        BinOp::Sub => match (a, b) {
            _ if numeric => Some(widened),
            (Date, Duration(_)) => Some(Date),
            (Month, Duration(DurationUnit::Months)) => Some(Month),
            (Quarter, Duration(DurationUnit::Months)) => Some(Quarter),
            (Duration(x), Duration(y)) if x == y => Some(Duration(*x)),
            (Rung(l), Int) => Some(Rung(*l)),
            (Rung(x), Rung(y)) if x == y => Some(Int),
            (Date, Date) | (Month, Month) | (Quarter, Quarter) => Some(Int),
            _ => Option::None,
        },
        BinOp::Mul => match (a, b) {
            _ if numeric => Some(widened),
            (Duration(u), Int) | (Int, Duration(u)) => Some(Duration(*u)),
            _ => Option::None,
        },
        BinOp::Div => numeric.then_some(Number),
        BinOp::Eq | BinOp::Ne => {
            let t = a.unify(b)?;
            (!matches!(t, List(_) | Map(..) | Window(..) | Struct(_) | Range(_))).then_some(Bool)
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let t = a.unify(b)?;
            (t.is_ordered() || t == Type::None).then_some(Bool)
        }
        BinOp::Range => match (a, b) {
            (Int, Int) => Some(Range(Box::new(Int))),
            (Month, Month) => Some(Range(Box::new(Month))),
            (Quarter, Quarter) => Some(Range(Box::new(Quarter))),
            (Date, Date) => Some(Range(Box::new(Date))),
            _ => Option::None,
        },
        BinOp::Otherwise => a.unify(b),
        BinOp::And | BinOp::Or | BinOp::In | BinOp::NotIn => Some(Bool),
    }
}

impl<'a> Checker<'a> {
    /// A call: a rung written `大级(小级)`, or a built-in function.
    pub(super) fn call(
        &mut self,
        f: &ast::Name,
        args: &[ast::Expr],
        span: Span,
        expect: Option<&Type>,
        scope: &Scope,
    ) -> (ExprId, Type) {
        if let Some(r) = self.rung_call(f, args, span) {
            return r;
        }
        if let Some(r) = self.group_call(f, args, span, scope) {
            return r;
        }
        let Some(&(_, _, b)) = BUILTINS
            .iter()
            .find(|(zh, en, _)| *zh == f.node || *en == f.node)
        else {
            let names = BUILTINS.iter().flat_map(|(zh, en, _)| [*zh, *en]);
            let kind = CheckErrorKind::UnknownFunction {
                name: f.node.clone(),
                suggestion: self.suggest(&f.node, names),
                known: BUILTINS.iter().map(|(zh, _, _)| zh.to_string()).collect(),
            };
            self.error(f.span, kind);
            for a in args {
                self.expr(a, None, scope);
            }
            return self.poisoned(span);
        };
        let mut ids = Vec::with_capacity(args.len());
        let mut tys = Vec::with_capacity(args.len());
        let mut args = args;
        if b == Builtin::Festival {
            if let Some((first, rest)) = args.split_first() {
                let (id, t) = self.festival_name(first);
                ids.push(id);
                tys.push(t);
                args = rest;
            }
        }
        for (i, a) in args.iter().enumerate() {
            let hint = match b {
                Builtin::Max | Builtin::Min => tys.first().cloned().or_else(|| expect.cloned()),
                Builtin::NthWorkday if i == 1 => Some(Type::Int),
                Builtin::Festival => Some(Type::Int),
                _ => Option::None,
            };
            let (id, t) = self.expr(a, hint.as_ref(), scope);
            ids.push(id);
            tys.push(t);
        }
        let ty = self.builtin_type(b, f, &tys, args, span);
        self.push(NodeKind::Call(b, ids), ty, span)
    }

    fn builtin_type(
        &mut self,
        b: Builtin,
        f: &ast::Name,
        tys: &[Type],
        args: &[ast::Expr],
        span: Span,
    ) -> Type {
        use Type::*;
        if tys.iter().any(Type::is_error) {
            return Error;
        }
        let one_of = |t: &Type, allowed: &[Type]| allowed.contains(t);
        let (arity, result): (std::ops::RangeInclusive<usize>, Option<Type>) = match b {
            Builtin::MonthOf => (
                1..=1,
                tys.first().filter(|t| one_of(t, &[Date])).map(|_| Month),
            ),
            Builtin::MonthNumber => (
                1..=1,
                tys.first()
                    .filter(|t| one_of(t, &[Date, Month]))
                    .map(|_| Int),
            ),
            Builtin::Year | Builtin::QuarterNumber => (
                1..=1,
                tys.first()
                    .filter(|t| one_of(t, &[Date, Month, Quarter]))
                    .map(|_| Int),
            ),
            Builtin::QuarterOf => (
                1..=2,
                match tys {
                    [t] if one_of(t, &[Date, Month]) => Some(Quarter),
                    [Int, Int] => Some(Quarter),
                    _ => Option::None,
                },
            ),
            Builtin::Day | Builtin::WorkdayIndex => (
                1..=1,
                tys.first().filter(|t| one_of(t, &[Date])).map(|_| Int),
            ),
            Builtin::IsWorkday => (
                1..=1,
                tys.first().filter(|t| one_of(t, &[Date])).map(|_| Bool),
            ),
            Builtin::MonthStart | Builtin::MonthEnd => (
                1..=1,
                tys.first()
                    .filter(|t| one_of(t, &[Date, Month]))
                    .map(|_| Date),
            ),
            Builtin::NthWorkday => (
                2..=2,
                (tys.first() == Some(&Month) && tys.get(1) == Some(&Int)).then_some(Date),
            ),
            Builtin::MonthsBetween | Builtin::DaysBetween => {
                (2..=2, (tys.iter().all(|t| *t == Date)).then_some(Int))
            }
            Builtin::Max | Builtin::Min => {
                let joined = tys
                    .iter()
                    .skip(1)
                    .try_fold(tys.first().cloned().unwrap_or(Error), |acc, t| acc.unify(t));
                (2..=16, joined.filter(Type::is_ordered))
            }
            Builtin::MajorOf => (
                1..=1,
                match tys.first() {
                    Some(Rung(l)) => Some(Major(*l)),
                    _ => Option::None,
                },
            ),
            Builtin::Len => (
                1..=1,
                tys.first()
                    .filter(|t| matches!(t, List(_) | Window(..) | Map(..)))
                    .map(|_| Int),
            ),
            Builtin::Round => (
                1..=2,
                (tys.first().is_some_and(Type::is_numeric) && tys.get(1).is_none_or(|t| *t == Int))
                    .then_some(Number),
            ),
            Builtin::Abs => (1..=1, tys.first().filter(|t| t.is_numeric()).cloned()),
            Builtin::Weekday => (
                1..=1,
                tys.first().filter(|t| one_of(t, &[Date])).map(|_| Int),
            ),
            Builtin::Festival => (
                2..=2,
                (tys.first() == Some(&Text) && tys.get(1) == Some(&Int)).then_some(Date),
            ),
            Builtin::Quotient | Builtin::Remainder => (
                2..=2,
                tys.iter().all(Type::is_numeric).then_some(
                    if b == Builtin::Quotient || tys.iter().all(|t| *t == Int) {
                        Int
                    } else {
                        Number
                    },
                ),
            ),
            Builtin::RoundInt | Builtin::Floor | Builtin::Ceil => {
                (1..=1, tys.first().filter(|t| t.is_numeric()).map(|_| Int))
            }
        };
        if !arity.contains(&tys.len()) {
            let kind = CheckErrorKind::Arity {
                function: f.node.clone(),
                min: *arity.start(),
                max: *arity.end(),
                got: tys.len(),
            };
            self.error(span, kind);
            return Error;
        }
        match result {
            Some(t) => t,
            Option::None => {
                let kind = CheckErrorKind::Arguments {
                    function: f.node.clone(),
                    builtin: b,
                    found: tys.iter().map(|t| self.describe(t)).collect(),
                };
                let at = args.first().map_or(span, |a| a.span);
                self.error(at, kind);
                Error
            }
        }
    }

    /// The festival named by `节日`'s first argument: a string or a bare name, which the
    /// calendar must list (else an error with the names it lists, and one spelt alike).
    fn festival_name(&mut self, e: &ast::Expr) -> (ExprId, Type) {
        let name = match &e.node {
            ExprKind::Str(s) | ExprKind::Name(s) => s.clone(),
            _ => {
                let kind = CheckErrorKind::FestivalNotNamed;
                self.error(e.span, kind);
                return self.poisoned(e.span);
            }
        };
        let known: Vec<String> = self
            .calendar
            .as_ref()
            .map(|c| c.festivals().map(str::to_string).collect())
            .unwrap_or_default();
        if !known.contains(&name) {
            let kind = CheckErrorKind::UnknownFestival {
                suggestion: self.suggest(&name, known.iter().map(String::as_str)),
                calendar: self.calendar.as_ref().map(|c| c.name().to_string()),
                name,
                known,
            };
            self.error(e.span, kind);
            return self.poisoned(e.span);
        }
        self.push(NodeKind::Const(FieldValue::Text(name)), Type::Text, e.span)
    }

    /// `初级客服(一般)`: a rung written as its 大级 and 小级.
    fn rung_call(
        &mut self,
        f: &ast::Name,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<(ExprId, Type)> {
        let [arg] = args else {
            return None;
        };
        let ExprKind::Name(minor) = &arg.node else {
            return None;
        };
        let majors = self.consts.get(&f.node)?.clone();
        for c in majors {
            let ConstEntry::Major(l, _) = c else {
                continue;
            };
            let full = format!("{}({})", f.node, minor);
            let idx = self.schema.ladder(l).and_then(|d| d.find(&full));
            if let Some(i) = idx {
                return Some(self.push(NodeKind::Const(FieldValue::Rung(i)), Type::Rung(l), span));
            }
        }
        None
    }
}
