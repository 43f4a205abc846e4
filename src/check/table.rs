//! Check stage: tables (`表`): values of one type by keys of another, with a provenance like a
//! parameter's; a lookup `表[键]` is checked for the keys it may miss.

use crate::syntax::ast;
use crate::syntax::Span;
use crate::value::FieldValue;

use super::error::CheckErrorKind;
use super::{Checker, Scope, Type, ValueEntry};
use crate::program::ir::{ExprId, NodeKind, TableDef};

impl<'a> Checker<'a> {
    /// Declares a table: its types, its entries as constants, each key once.
    pub(super) fn table(&mut self, t: &'a ast::TableDecl) {
        let idx = self.tables.len();
        if !self.value_name(&t.name, ValueEntry::Table(idx)) {
            return;
        }
        let key = self.resolve_type(&t.key, &t.name.node).0;
        let value = self.resolve_type(&t.value, &t.name.node).0;
        let mut entries: Vec<(FieldValue, FieldValue)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut default = None;
        let mut default_span: Option<Span> = None;
        for e in &t.entries {
            let v = self.table_constant(&e.value, &value);
            match &e.key {
                None => {
                    if let Some(first) = default_span {
                        let key = "否则".to_string();
                        self.error(e.span, CheckErrorKind::TableKeyTwice { key, first });
                    }
                    default_span = Some(e.span);
                    default = v;
                }
                Some(k) => {
                    let Some(kv) = self.table_constant(k, &key) else {
                        continue;
                    };
                    let seen = entries.iter().position(|(x, _)| *x == kv);
                    if let Some(first) = seen.and_then(|i| spans.get(i)).copied() {
                        let key = Self::key_text(k);
                        self.error(k.span, CheckErrorKind::TableKeyTwice { key, first });
                        continue;
                    }
                    entries.push((kv, v.unwrap_or(FieldValue::Absent)));
                    spans.push(k.span);
                }
            }
        }
        self.tables.push(TableDef {
            name: t.name.node.clone(),
            title: t.title.as_ref().map(|s| s.node.clone()),
            key,
            value,
            entries,
            default,
            provenance: t.provenance.as_ref().map(|s| (&s.node).into()),
            span: t.name.span,
        });
    }

    /// A key or value of a table: a constant of the type, or an error.
    fn table_constant(&mut self, e: &ast::Expr, ty: &Type) -> Option<FieldValue> {
        let scope = Scope::default();
        let (id, got) = self.expr(e, Some(ty), &scope);
        self.expect_fits(&got, ty, e.span);
        match self.nodes.get(id.index()).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => Some(v.clone()),
            Some(NodeKind::Param(i)) => self.params.get(*i).map(|p| p.value.clone()),
            _ => {
                if !got.is_error() {
                    self.error(e.span, CheckErrorKind::TableNotConstant);
                }
                None
            }
        }
    }

    /// A key as written, for an error.
    fn key_text(e: &ast::Expr) -> String {
        match &e.node {
            ast::ExprKind::Name(s)
            | ast::ExprKind::Str(s)
            | ast::ExprKind::Number(s)
            | ast::ExprKind::Date(s)
            | ast::ExprKind::Month(s)
            | ast::ExprKind::Quarter(s) => s.clone(),
            ast::ExprKind::Call(f, args) => match args.first().map(|a| &a.node) {
                Some(ast::ExprKind::Name(m)) => format!("{}({m})", f.node),
                _ => f.node.clone(),
            },
            _ => "…".to_string(),
        }
    }

    /// The table a name stands for where it is indexed, unless a variable or an outcome field
    /// of the same name hides it.
    pub(super) fn table_named(&self, name: &str, scope: &Scope) -> Option<usize> {
        if scope.locals.iter().any(|(n, _)| n == name) {
            return None;
        }
        let field = scope
            .decision
            .and_then(|d| self.decisions.get(d))
            .is_some_and(|d| d.fields.iter().any(|f| f.name == name));
        match self.values.get(name) {
            Some(ValueEntry::Table(i)) if !field => Some(*i),
            _ => None,
        }
    }

    /// `表[键]`: the key must fit the table's key type; where that type is an enum, a scale or
    /// a ladder and the table has no `否则`, every member must be listed.
    pub(super) fn lookup(
        &mut self,
        t: usize,
        idx: &ast::Expr,
        span: Span,
        scope: &Scope,
    ) -> (ExprId, Type) {
        let Some(def) = self.tables.get(t) else {
            return self.poisoned(span);
        };
        let (key, value) = (def.key.clone(), def.value.clone());
        let (kid, kt) = self.expr(idx, Some(&key), scope);
        self.expect_fits(&kt, &key, idx.span);
        let missing = self.missing_keys(t);
        if !missing.is_empty() && !kt.is_error() {
            let table = self
                .tables
                .get(t)
                .map(|d| d.name.clone())
                .unwrap_or_default();
            self.error(
                idx.span,
                CheckErrorKind::TableMissingKeys { table, missing },
            );
        }
        self.push(NodeKind::Lookup(t, kid), value, span)
    }

    /// The members of an enum, scale or ladder key type that a table without `否则` does not
    /// list.
    fn missing_keys(&self, t: usize) -> Vec<String> {
        let Some(def) = self.tables.get(t) else {
            return Vec::new();
        };
        if def.default.is_some() {
            return Vec::new();
        }
        let listed = |v: FieldValue| def.entries.iter().any(|(k, _)| *k == v);
        let schema = &self.schema;
        match def.key {
            Type::Enum(e) => schema.enum_def(e).map_or(Vec::new(), |d| {
                (0..d.members.len())
                    .filter_map(|i| u16::try_from(i).ok())
                    .filter(|i| !listed(FieldValue::Enum(*i)))
                    .filter_map(|i| d.members.get(usize::from(i)).cloned())
                    .collect()
            }),
            Type::Grade(s) => schema.scale(s).map_or(Vec::new(), |d| {
                d.levels
                    .iter()
                    .filter(|l| d.rank(l).is_none_or(|r| !listed(FieldValue::Grade(r))))
                    .cloned()
                    .collect()
            }),
            Type::Rung(l) => schema.ladder(l).map_or(Vec::new(), |d| {
                d.rungs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| u16::try_from(*i).is_ok_and(|i| !listed(FieldValue::Rung(i))))
                    .map(|(_, r)| r.name.clone())
                    .collect()
            }),
            Type::Major(l) => schema.ladder(l).map_or(Vec::new(), |d| {
                d.majors
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| u16::try_from(*i).is_ok_and(|i| !listed(FieldValue::Major(i))))
                    .map(|(_, m)| m.name.clone())
                    .collect()
            }),
            _ => Vec::new(),
        }
    }
}
