//! Check stage: what runs over a list, range, window or map: quantifiers (`任一`, `所有`,
//! `计数`, `首个`) and aggregates (`合计`, `平均`, `最小`, `最大`).

use crate::program::ir::ExprId;
use crate::syntax::ast::{self, Quantifier};
use crate::syntax::Span;

use super::error::{CheckErrorKind, Wanted};
use super::{Checker, Scope, Type};
use crate::program::ir::NodeKind;

impl Checker<'_> {
    /// The list a quantifier or aggregate runs over, and the type of its elements.
    fn iterated(&mut self, list: &ast::Expr, scope: &Scope) -> (ExprId, Type) {
        let (lid, lt) = self.expr(list, None, scope);
        let elem = match lt.element() {
            Some(t) => t,
            None => {
                if !lt.is_error() {
                    let found = self.describe(&lt);
                    self.error(list.span, CheckErrorKind::NotIterable { found });
                }
                Type::Error
            }
        };
        (lid, elem)
    }

    /// `合计 x 属于 list 满足 c 取 v`: sums and averages take numbers (sums also durations);
    /// the least and greatest take any ordered type or durations.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn aggregate(
        &mut self,
        agg: ast::Aggregate,
        var: &ast::Name,
        list: &ast::Expr,
        filter: Option<&ast::Expr>,
        value: &ast::Expr,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let (lid, elem) = self.iterated(list, scope);
        let mut inner = scope.clone();
        let depth = u16::try_from(inner.locals.len()).unwrap_or(u16::MAX);
        inner.locals.push((var.node.clone(), elem));
        let fid = filter.map(|f| self.condition(f, &inner));
        let (vid, vt) = self.expr(value, None, &inner);
        let duration = matches!(vt, Type::Duration(_));
        let fits = match agg {
            ast::Aggregate::Sum => vt.is_numeric() || duration,
            ast::Aggregate::Average => vt.is_numeric(),
            ast::Aggregate::Min | ast::Aggregate::Max => vt.is_ordered() || duration,
        };
        let ty = if vt.is_error() {
            Type::Error
        } else if !fits {
            let wanted = match agg {
                ast::Aggregate::Sum => Wanted::Summable,
                ast::Aggregate::Average => Wanted::Number,
                ast::Aggregate::Min | ast::Aggregate::Max => Wanted::Ordered,
            };
            self.mismatch(value.span, &vt, wanted);
            Type::Error
        } else if agg == ast::Aggregate::Average {
            Type::Number
        } else {
            vt
        };
        self.push(NodeKind::Agg(agg.into(), depth, lid, fid, vid), ty, span)
    }

    pub(super) fn quantified(
        &mut self,
        q: Quantifier,
        var: &ast::Name,
        list: &ast::Expr,
        cond: &ast::Expr,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let (lid, elem) = self.iterated(list, scope);
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
