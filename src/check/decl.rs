//! Check stage: declarations. Registers every name (types, constants, the record, parameters,
//! definitions, clauses, decisions), resolves types and loads the calendar.

use crate::calendar::{Calendar, PeriodKind};
use crate::syntax::ast::{self, ItemKind, TypeBody, TypeKind};
use crate::syntax::{Span, Spanned};
use crate::value::{FieldValue, Num};

use super::error::{CheckErrorKind, Repeated};
use super::{Checker, ConstEntry, LetSlot, LetState, Loader, Scope, Type, TypeEntry, ValueEntry};
use crate::program::ir::{ClauseDef, NodeKind, ParamDef};
use crate::program::schema::{
    EnumDef, FieldDef, LadderDef, MajorDef, RungDef, ScaleDef, StructDef,
};

/// The most levels a scale may have (a window's grades are a 64-bit set).
const MAX_LEVELS: usize = 63;

/// The most fields a record may have.
const MAX_FIELDS: usize = 128;

impl<'a> Checker<'a> {
    /// Registers every declaration of the policy.
    pub(super) fn declare(&mut self, loader: &dyn Loader) {
        let policy = self.policy;
        let mut records = Vec::new();
        let mut params = Vec::new();
        for item in &policy.items {
            match &item.node {
                ItemKind::Header(name) => self.header(name),
                ItemKind::Calendar(path) => self.load_calendar(path, loader),
                ItemKind::Scale(s) => self.scale(s),
                ItemKind::Ladder(l) => self.ladder(l),
                ItemKind::Type(t) => self.type_decl(t),
                ItemKind::Record(r) => records.push((r, item.span)),
                ItemKind::Param(p) => params.push(p),
                ItemKind::Let(l) => {
                    if self.value_name(&l.name, ValueEntry::Let(self.lets.len())) {
                        self.lets.push(LetSlot {
                            decl: l,
                            state: LetState::Unchecked,
                            def: None,
                            span: item.span,
                        });
                    }
                }
                ItemKind::Clause(c) => self.clause(c),
                ItemKind::Decision(d) => {
                    if self.value_name(&d.name, ValueEntry::Decision(self.decision_decls.len())) {
                        self.decision_decls.push(d);
                    }
                }
                ItemKind::Process(p) => self.process_decls.push(p),
                ItemKind::Probation(p) => self.probation_decls.push((p, item.span)),
                ItemKind::Table(_) => {}
            }
        }
        for i in 0..self.type_decls.len() {
            let Some(d) = self.type_decls.get(i) else {
                continue;
            };
            let (name, span) = (d.name.node.clone(), d.name.span);
            self.named_type(&name, span);
        }
        self.record(&records);
        if !records.is_empty() {
            self.declare_processes();
        }
        for p in params {
            self.param(p);
        }
        for item in &policy.items {
            if let ItemKind::Table(t) = &item.node {
                self.table(t);
            }
        }
        self.record_defaults(&records);
        self.register_decisions();
    }

    fn header(&mut self, name: &Spanned<String>) {
        if self.name.is_some() {
            self.error(name.span, CheckErrorKind::HeaderTwice);
        }
        self.name = Some(name.node.clone());
    }

    fn load_calendar(&mut self, path: &Spanned<String>, loader: &dyn Loader) {
        if self.calendar.is_some() {
            self.error(path.span, CheckErrorKind::CalendarTwice);
            return;
        }
        let text = match loader.load(&path.node) {
            Ok(t) => t,
            Err(why) => {
                let path_text = path.node.clone();
                let kind = CheckErrorKind::CalendarUnreadable {
                    path: path_text,
                    why,
                };
                self.error(path.span, kind);
                return;
            }
        };
        match Calendar::from_csv(&path.node, &text) {
            Ok(c) => self.calendar = Some(c),
            Err(errors) => {
                for error in errors {
                    let kind = CheckErrorKind::CalendarLine {
                        path: path.node.clone(),
                        error,
                    };
                    self.error(path.span, kind);
                }
            }
        }
    }

    /// Registers a type name; false (and an error) when it is taken.
    fn type_name(&mut self, name: &ast::Name, entry: TypeEntry) -> bool {
        if let Some(prev) = self.types.get(&name.node) {
            let n = name.node.clone();
            let kind = if matches!(prev, TypeEntry::Builtin(_)) {
                CheckErrorKind::BuiltinTypeRedefined { name: n }
            } else {
                CheckErrorKind::TypeTwice { name: n }
            };
            self.error(name.span, kind);
            return false;
        }
        self.types.insert(name.node.clone(), entry);
        true
    }

    /// Registers a value name; false (and an error) when it is taken.
    pub(super) fn value_name(&mut self, name: &ast::Name, entry: ValueEntry) -> bool {
        if let Some(first) = self.value_spans.get(&name.node).copied() {
            let n = name.node.clone();
            self.error(name.span, CheckErrorKind::NameTwice { name: n, first });
            return false;
        }
        self.values.insert(name.node.clone(), entry);
        self.value_spans.insert(name.node.clone(), name.span);
        true
    }

    /// Reports a name given twice within one declaration.
    pub(super) fn repeated(&mut self, what: Repeated, name: &ast::Name) {
        let kind = CheckErrorKind::Repeated {
            what,
            name: name.node.clone(),
        };
        self.error(name.span, kind);
    }

    fn add_const(&mut self, name: &str, entry: ConstEntry) {
        self.consts.entry(name.to_string()).or_default().push(entry);
    }

    fn scale(&mut self, s: &ast::ScaleDecl) {
        let id = u16::try_from(self.schema.scales.len()).unwrap_or(u16::MAX);
        if !self.type_name(&s.name, TypeEntry::Scale(id)) {
            return;
        }
        let mut levels: Vec<String> = Vec::new();
        for l in &s.levels {
            if levels.contains(&l.node) {
                self.repeated(Repeated::Level, l);
                continue;
            }
            levels.push(l.node.clone());
        }
        if levels.len() > MAX_LEVELS {
            let kind = CheckErrorKind::ScaleTooLarge { max: MAX_LEVELS };
            self.error(s.name.span, kind);
            return;
        }
        let n = levels.len();
        for (i, l) in levels.iter().enumerate() {
            let rank = u8::try_from(n - 1 - i).unwrap_or(0);
            self.add_const(l, ConstEntry::Grade(id, rank));
        }
        self.schema.scales.push(ScaleDef {
            name: s.name.node.clone(),
            levels,
        });
    }

    fn ladder(&mut self, l: &ast::LadderDecl) {
        let id = u16::try_from(self.schema.ladders.len()).unwrap_or(u16::MAX);
        if !self.type_name(&l.name, TypeEntry::Ladder(id)) {
            return;
        }
        let mut def = LadderDef {
            name: l.name.node.clone(),
            majors: Vec::new(),
            rungs: Vec::new(),
        };
        for (mi, m) in l.majors.iter().enumerate() {
            let major = u16::try_from(mi).unwrap_or(u16::MAX);
            if def.majors.iter().any(|x| x.name == m.name.node) {
                self.repeated(Repeated::Major, &m.name);
                continue;
            }
            let first = u16::try_from(def.rungs.len()).unwrap_or(u16::MAX);
            if m.minors.is_empty() {
                def.rungs.push(RungDef {
                    name: m.name.node.clone(),
                    major,
                    minor: None,
                });
            }
            for minor in &m.minors {
                def.rungs.push(RungDef {
                    name: format!("{}({})", m.name.node, minor.node),
                    major,
                    minor: Some(minor.node.clone()),
                });
            }
            let len = u16::try_from(def.rungs.len()).unwrap_or(u16::MAX) - first;
            def.majors.push(MajorDef {
                name: m.name.node.clone(),
                first,
                len,
            });
            self.add_const(&m.name.node, ConstEntry::Major(id, major));
        }
        for (ri, r) in def.rungs.iter().enumerate() {
            let ri = u16::try_from(ri).unwrap_or(u16::MAX);
            self.consts
                .entry(r.name.clone())
                .or_default()
                .push(ConstEntry::Rung(id, ri));
        }
        self.schema.ladders.push(def);
    }

    fn type_decl(&mut self, t: &'a ast::TypeDecl) {
        match &t.body {
            TypeBody::Enum(members) => {
                let id = u16::try_from(self.schema.enums.len()).unwrap_or(u16::MAX);
                if !self.type_name(&t.name, TypeEntry::Enum(id)) {
                    return;
                }
                let mut names: Vec<String> = Vec::new();
                for m in members {
                    if names.contains(&m.node) {
                        self.repeated(Repeated::Member, m);
                        continue;
                    }
                    let idx = u16::try_from(names.len()).unwrap_or(u16::MAX);
                    self.add_const(&m.node, ConstEntry::Member(id, idx));
                    names.push(m.node.clone());
                }
                self.schema.enums.push(EnumDef {
                    name: t.name.node.clone(),
                    members: names,
                });
            }
            TypeBody::Type(_) => {
                if self.type_name(&t.name, TypeEntry::Pending(self.type_decls.len())) {
                    self.type_decls.push(t);
                }
            }
        }
    }

    /// Resolves a declared type name (and the types it mentions).
    fn named_type(&mut self, name: &str, at: Span) -> Option<(Type, Option<Num>, Option<Num>)> {
        let entry = self.types.get(name).cloned()?;
        Some(match entry {
            TypeEntry::Builtin(t) => (t, None, None),
            TypeEntry::Enum(i) => (Type::Enum(i), None, None),
            TypeEntry::Scale(i) => (Type::Grade(i), None, None),
            TypeEntry::Ladder(i) => (Type::Rung(i), None, None),
            TypeEntry::Struct(i) => (Type::Struct(i), None, None),
            TypeEntry::Alias { ty, min, max } => (ty, min, max),
            TypeEntry::Resolving => {
                let name = name.to_string();
                self.error(at, CheckErrorKind::TypeCycle { name });
                (Type::Error, None, None)
            }
            TypeEntry::Pending(i) => {
                let decl = *self.type_decls.get(i)?;
                self.types.insert(name.to_string(), TypeEntry::Resolving);
                let TypeBody::Type(body) = &decl.body else {
                    return None;
                };
                let resolved = self.resolve_type(body, name);
                let entry = match &resolved.0 {
                    Type::Struct(s) if matches!(body.node, TypeKind::Struct(_)) => {
                        TypeEntry::Struct(*s)
                    }
                    t => TypeEntry::Alias {
                        ty: t.clone(),
                        min: resolved.1,
                        max: resolved.2,
                    },
                };
                self.types.insert(name.to_string(), entry);
                resolved
            }
        })
    }

    /// Resolves a written type; `hint` names an inline sub-record.
    pub(super) fn resolve_type(
        &mut self,
        t: &ast::TypeExpr,
        hint: &str,
    ) -> (Type, Option<Num>, Option<Num>) {
        match &t.node {
            TypeKind::Named(n) => match self.named_type(n, t.span) {
                Some(r) => r,
                None => {
                    let suggestion = self.suggest(n, self.types.keys().map(String::as_str));
                    let name = n.clone();
                    self.error(t.span, CheckErrorKind::UnknownType { name, suggestion });
                    (Type::Error, None, None)
                }
            },
            TypeKind::List(inner) => (
                Type::List(Box::new(self.resolve_type(inner, hint).0)),
                None,
                None,
            ),
            TypeKind::Map(k, v) => {
                let key = self.resolve_type(k, hint).0;
                // A year is a whole number, so only the name `年份` / `year` makes a year key.
                let year = matches!(&k.node, TypeKind::Named(n) if n == "年份" || n == "year");
                let kind = match key {
                    Type::Month => PeriodKind::Month,
                    Type::Quarter => PeriodKind::Quarter,
                    Type::Int if year => PeriodKind::Year,
                    _ => {
                        if !key.is_error() {
                            let found = self.describe(&key);
                            self.error(k.span, CheckErrorKind::MapKey { found });
                        }
                        PeriodKind::Month
                    }
                };
                (
                    Type::Map(kind, Box::new(self.resolve_type(v, hint).0)),
                    None,
                    None,
                )
            }
            TypeKind::Struct(fields) => {
                let id = u16::try_from(self.schema.structs.len()).unwrap_or(u16::MAX);
                self.schema.structs.push(StructDef {
                    name: hint.to_string(),
                    fields: Vec::new(),
                });
                let defs = self.fields(fields);
                if let Some(s) = self.schema.structs.get_mut(usize::from(id)) {
                    s.fields = defs;
                }
                (Type::Struct(id), None, None)
            }
            TypeKind::Number { int, lo, hi } => {
                let ty = if *int { Type::Int } else { Type::Number };
                let (lo_n, hi_n) = (Num::parse(lo), Num::parse(hi));
                match (lo_n, hi_n) {
                    (Some(a), Some(b)) if a <= b => (ty, Some(a), Some(b)),
                    _ => {
                        let (lo, hi) = (lo.clone(), hi.clone());
                        self.error(t.span, CheckErrorKind::BadRange { lo, hi });
                        (ty, None, None)
                    }
                }
            }
        }
    }

    /// Resolves the fields of a record or sub-record.
    fn fields(&mut self, fields: &[ast::FieldDecl]) -> Vec<FieldDef> {
        self.field_defs(fields, true)
    }

    /// The input record's field defaults, once parameters are known (a default may name one).
    fn record_defaults(&mut self, records: &[(&'a ast::RecordDecl, Span)]) {
        let Some((decl, _)) = records.first() else {
            return;
        };
        let rid = usize::from(self.schema.record);
        for f in &decl.fields {
            let Some(e) = &f.default else {
                continue;
            };
            let Some((i, ty)) = self.schema.structs.get(rid).and_then(|s| {
                let i = s.field(&f.name.node)?;
                Some((i, s.fields.get(i)?.ty.clone()))
            }) else {
                continue;
            };
            let value = self.constant(e, &ty);
            if let Some(def) = self
                .schema
                .structs
                .get_mut(rid)
                .and_then(|s| s.fields.get_mut(i))
            {
                def.optional = def.optional || value.is_some();
                def.default = value;
            }
        }
    }

    /// Resolves fields; `with_defaults` also computes their defaults now.
    fn field_defs(&mut self, fields: &[ast::FieldDecl], with_defaults: bool) -> Vec<FieldDef> {
        let mut out: Vec<FieldDef> = Vec::new();
        for f in fields {
            if out.iter().any(|d| d.name == f.name.node) {
                self.repeated(Repeated::Field, &f.name);
                continue;
            }
            let (ty, min, max) = self.resolve_type(&f.ty, &f.name.node);
            let default = if with_defaults {
                f.default.as_ref().and_then(|e| self.constant(e, &ty))
            } else {
                None
            };
            out.push(FieldDef {
                name: f.name.node.clone(),
                ty,
                optional: f.optional || default.is_some(),
                default,
                min,
                max,
            });
        }
        out
    }

    fn record(&mut self, records: &[(&'a ast::RecordDecl, Span)]) {
        let Some((first, at)) = records.first() else {
            self.error(Span::new(0, 0), CheckErrorKind::NoRecord);
            return;
        };
        for (extra, _) in records.iter().skip(1) {
            self.error(extra.name.span, CheckErrorKind::RecordTwice { first: *at });
        }
        let id = u16::try_from(self.schema.structs.len()).unwrap_or(u16::MAX);
        self.schema.structs.push(StructDef {
            name: first.name.node.clone(),
            fields: Vec::new(),
        });
        self.schema.record = id;
        let defs = self.field_defs(&first.fields, false);
        if defs.len() > MAX_FIELDS {
            let kind = CheckErrorKind::RecordTooLarge { max: MAX_FIELDS };
            self.error(first.name.span, kind);
        }
        for (i, f) in first.fields.iter().enumerate() {
            if f.key {
                if self.schema.key.is_some() {
                    self.error(f.span, CheckErrorKind::KeyTwice);
                }
                self.schema.key = Some(i);
            }
            let _ = self.value_name(&f.name, ValueEntry::Field(i));
        }
        if let Some(s) = self.schema.structs.get_mut(usize::from(id)) {
            s.fields = defs;
        }
    }

    fn param(&mut self, p: &'a ast::ParamDecl) {
        let idx = self.params.len();
        if !self.value_name(&p.name, ValueEntry::Param(idx)) {
            return;
        }
        let declared = p.ty.as_ref().map(|t| self.resolve_type(t, &p.name.node).0);
        let scope = Scope::default();
        let (id, ty) = self.expr(&p.value, declared.as_ref(), &scope);
        let ty = match declared {
            Some(d) => {
                self.expect_fits(&ty, &d, p.value.span);
                d
            }
            None => ty,
        };
        let value = match self.nodes.get(id.index()).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => v.clone(),
            Some(NodeKind::Param(i)) => self
                .params
                .get(*i)
                .map_or(FieldValue::Absent, |p| p.value.clone()),
            _ => {
                if !ty.is_error() {
                    self.error(p.value.span, CheckErrorKind::ParamNotConstant);
                }
                FieldValue::Absent
            }
        };
        self.params.push(ParamDef {
            name: p.name.node.clone(),
            ty,
            value,
            provenance: p.provenance.as_ref().map(|s| (&s.node).into()),
            span: p.name.span,
        });
    }

    /// A constant value for a default, or an error.
    pub(super) fn constant(&mut self, e: &ast::Expr, ty: &Type) -> Option<FieldValue> {
        // A map defaults to empty, written `[]`.
        if let (Type::Map(..), ast::ExprKind::List(items)) = (ty, &e.node) {
            if items.is_empty() {
                return Some(FieldValue::Map(crate::value::PeriodMap::new(Vec::new())));
            }
        }
        let scope = Scope::default();
        let (id, got) = self.expr(e, Some(ty), &scope);
        self.expect_fits(&got, ty, e.span);
        match self.nodes.get(id.index()).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => Some(v.clone()),
            Some(NodeKind::Param(i)) => self.params.get(*i).map(|p| p.value.clone()),
            _ => {
                self.error(e.span, CheckErrorKind::DefaultNotConstant);
                None
            }
        }
    }

    fn clause(&mut self, c: &ast::ClauseDecl) {
        if self.clause_id(&c.id) {
            self.clauses.push(ClauseDef {
                id: c.id.node.clone(),
                title: c.title.node.clone(),
                source: c.source.as_ref().map(|s| s.node.clone()),
            });
        }
    }

    /// Registers a clause or rule id; false (and an error) when it is taken.
    pub(super) fn clause_id(&mut self, id: &Spanned<String>) -> bool {
        if let Some(first) = self.clause_ids.get(&id.node).copied() {
            let kind = CheckErrorKind::RuleIdTwice {
                id: id.node.clone(),
                first,
            };
            self.error(id.span, kind);
            return false;
        }
        self.clause_ids.insert(id.node.clone(), id.span);
        true
    }
}
