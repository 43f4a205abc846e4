//! Check stage: declarations. Registers every name (types, constants, the record, parameters,
//! definitions, clauses, decisions), resolves types and loads the calendar.

use crate::calendar::Calendar;
use crate::syntax::ast::{self, ItemKind, TypeBody, TypeKind};
use crate::syntax::{Span, Spanned};
use crate::value::{FieldValue, Num};

use super::{Checker, ConstEntry, LetSlot, LetState, Loader, Scope, Type, TypeEntry, ValueEntry};
use crate::program::ir::{ClauseDef, NodeKind, ParamDef};
use crate::program::schema::{
    EnumDef, FieldDef, LadderDef, MajorDef, RungDef, ScaleDef, StructDef,
};

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
            }
        }
        for i in 0..self.type_decls.len() {
            let name = self.type_decls[i].name.node.clone();
            self.named_type(&name, self.type_decls[i].name.span);
        }
        self.record(&records);
        for p in params {
            self.param(p);
        }
        self.record_defaults(&records);
        self.register_decisions();
    }

    fn header(&mut self, name: &Spanned<String>) {
        if self.name.is_some() {
            let msg = self.t("制度名称写了两次", "policy name given twice");
            let label = self.t("第二个名称", "second name");
            self.error("rung::duplicate-header", msg, name.span, label);
        }
        self.name = Some(name.node.clone());
    }

    fn load_calendar(&mut self, path: &Spanned<String>, loader: &dyn Loader) {
        if self.calendar.is_some() {
            let msg = self.t("日历写了两次", "calendar given twice");
            let label = self.t("第二个日历", "second calendar");
            self.error("rung::duplicate-calendar", msg, path.span, label);
            return;
        }
        let text = match loader.load(&path.node) {
            Ok(t) => t,
            Err(why) => {
                let msg = self.t(
                    format!("无法读取日历文件 `{}`", path.node),
                    format!("cannot read calendar file `{}`", path.node),
                );
                let label = self.t("这个文件", "this file");
                let help = self.t(
                    format!("路径相对于制度文件所在的目录;{why}"),
                    format!("the path is relative to the policy file's folder; {why}"),
                );
                self.error("rung::calendar-file", msg, path.span, label)
                    .help = Some(help);
                return;
            }
        };
        match Calendar::from_csv(&path.node, &text) {
            Ok(c) => self.calendar = Some(c),
            Err(errors) => {
                for e in errors {
                    let msg = self.t(
                        format!(
                            "日历文件 `{}` 第 {} 行有误:{}",
                            path.node, e.line, e.message
                        ),
                        format!(
                            "calendar file `{}` line {}: {}",
                            path.node, e.line, e.message
                        ),
                    );
                    let label = self.t("在这个日历文件中", "in this calendar file");
                    let d = self.error("rung::calendar-file", msg, path.span, label);
                    d.help = e.help.clone();
                }
            }
        }
    }

    /// Registers a type name; false (and an error) when it is taken.
    fn type_name(&mut self, name: &ast::Name, entry: TypeEntry) -> bool {
        if let Some(prev) = self.types.get(&name.node) {
            let builtin = matches!(prev, TypeEntry::Builtin(_));
            let msg = if builtin {
                self.t(
                    format!("`{}` 是内置类型,不能重新定义", name.node),
                    format!("`{}` is a built-in type and cannot be redefined", name.node),
                )
            } else {
                self.t(
                    format!("类型 `{}` 定义了两次", name.node),
                    format!("type `{}` is defined twice", name.node),
                )
            };
            let label = self.t("重复的定义", "duplicate definition");
            self.error("rung::duplicate-name", msg, name.span, label);
            return false;
        }
        self.types.insert(name.node.clone(), entry);
        true
    }

    /// Registers a value name; false (and an error) when it is taken.
    pub(super) fn value_name(&mut self, name: &ast::Name, entry: ValueEntry) -> bool {
        if let Some(prev) = self.value_spans.get(&name.node).copied() {
            let msg = self.t(
                format!("名称 `{}` 定义了两次", name.node),
                format!("name `{}` is defined twice", name.node),
            );
            let label = self.t("重复的定义", "duplicate definition");
            let first = self.t("第一次定义在这里", "first defined here");
            let help = self.t(
                "记录字段、参数、定义和决定共用一个命名空间,请改用不同的名称",
                "record fields, parameters, definitions and decisions share one namespace; rename one of them",
            );
            self.error("rung::duplicate-name", msg, name.span, label)
                .with_related_mut(prev, first)
                .help = Some(help);
            return false;
        }
        self.values.insert(name.node.clone(), entry);
        self.value_spans.insert(name.node.clone(), name.span);
        true
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
                let msg = self.t(
                    format!("等级 `{}` 出现了两次", l.node),
                    format!("level `{}` appears twice", l.node),
                );
                let label = self.t("重复的等级", "duplicate level");
                self.error("rung::duplicate-name", msg, l.span, label);
                continue;
            }
            levels.push(l.node.clone());
        }
        if levels.len() > 63 {
            let msg = self.t("等级最多 63 级", "a scale has at most 63 levels");
            let label = self.t("这个等级序列", "this scale");
            self.error("rung::scale-size", msg, s.name.span, label);
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
                let msg = self.t(
                    format!("大级 `{}` 出现了两次", m.name.node),
                    format!("大级 `{}` appears twice", m.name.node),
                );
                let label = self.t("重复的大级", "duplicate 大级");
                self.error("rung::duplicate-name", msg, m.name.span, label);
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
                        let msg = self.t(
                            format!("成员 `{}` 出现了两次", m.node),
                            format!("member `{}` appears twice", m.node),
                        );
                        let label = self.t("重复的成员", "duplicate member");
                        self.error("rung::duplicate-name", msg, m.span, label);
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
                let msg = self.t(
                    format!("类型 `{name}` 引用了自身"),
                    format!("type `{name}` refers to itself"),
                );
                let label = self.t("这里形成循环", "the cycle passes here");
                let help = self.t(
                    "子记录不能直接或间接包含自身,否则记录无穷无尽",
                    "a sub-record cannot contain itself, directly or not",
                );
                self.error("rung::type-cycle", msg, at, label).help = Some(help);
                (Type::Error, None, None)
            }
            TypeEntry::Pending(i) => {
                let decl = self.type_decls[i];
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
                    let candidates: Vec<String> = self.types.keys().cloned().collect();
                    let msg = self.t(format!("未知类型 `{n}`"), format!("unknown type `{n}`"));
                    let label = self.t("没有这个类型", "no such type");
                    let help = self.suggest(n, candidates.iter().map(String::as_str));
                    self.error("rung::unknown-type", msg, t.span, label).help = help;
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
                if key != Type::Month && !key.is_error() {
                    let msg = self.t("映射的键只能是月份", "map keys must be months");
                    let label = self.t(
                        format!("这是 {}", self.ty_name(&key)),
                        format!("this is {}", self.ty_name(&key)),
                    );
                    let help = self.t(
                        "按月记录的数据写作 `映射[月份, 值的类型]`",
                        "write monthly data as `map[month, value type]`",
                    );
                    self.error("rung::map-key", msg, k.span, label).help = Some(help);
                }
                (
                    Type::Map(Box::new(self.resolve_type(v, hint).0)),
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
                        let msg = self.t(
                            format!("数值范围 `{lo}..{hi}` 无效"),
                            format!("invalid number range `{lo}..{hi}`"),
                        );
                        let label = self.t(
                            "下限应不大于上限",
                            "the low end must not exceed the high end",
                        );
                        self.error("rung::bad-range", msg, t.span, label);
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
            let Some(i) = self
                .schema
                .structs
                .get(rid)
                .and_then(|s| s.field(&f.name.node))
            else {
                continue;
            };
            let ty = self.schema.structs[rid].fields[i].ty.clone();
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
                let msg = self.t(
                    format!("字段 `{}` 出现了两次", f.name.node),
                    format!("field `{}` appears twice", f.name.node),
                );
                let label = self.t("重复的字段", "duplicate field");
                self.error("rung::duplicate-name", msg, f.name.span, label);
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
            let msg = self.t("制度没有声明员工记录", "the policy declares no record");
            let label = self.t("文件开头", "start of the file");
            let help = self.t(
                "用 `记录 员工 { 工号: 文本 标识 … }` 声明每条记录的字段",
                "declare the record's fields with `record 员工 { 工号: text key … }`",
            );
            self.error("rung::no-record", msg, Span::new(0, 0), label)
                .help = Some(help);
            return;
        };
        for (extra, _) in records.iter().skip(1) {
            let msg = self.t("只能声明一种记录", "only one record may be declared");
            let label = self.t("第二个记录", "second record");
            let first_label = self.t("第一个记录", "first record");
            self.error("rung::duplicate-record", msg, extra.name.span, label)
                .with_related_mut(*at, first_label);
        }
        let id = u16::try_from(self.schema.structs.len()).unwrap_or(u16::MAX);
        self.schema.structs.push(StructDef {
            name: first.name.node.clone(),
            fields: Vec::new(),
        });
        self.schema.record = id;
        let defs = self.field_defs(&first.fields, false);
        if defs.len() > 128 {
            let msg = self.t("记录最多 128 个字段", "a record has at most 128 fields");
            let label = self.t("这个记录", "this record");
            self.error("rung::record-size", msg, first.name.span, label);
        }
        for (i, f) in first.fields.iter().enumerate() {
            if f.key {
                if self.schema.key.is_some() {
                    let msg = self.t("只能有一个标识字段", "only one field may be the key");
                    let label = self.t("第二个 `标识`", "second `key`");
                    self.error("rung::duplicate-key", msg, f.span, label);
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
        let value = match self.nodes.get(id as usize).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => v.clone(),
            Some(NodeKind::Param(i)) => self
                .params
                .get(*i)
                .map_or(FieldValue::Absent, |p| p.value.clone()),
            _ => {
                if !ty.is_error() {
                    let msg = self.t(
                        "参数的值必须是固定值",
                        "a parameter's value must be a constant",
                    );
                    let label = self.t("这不是一个固定值", "this is not a single constant");
                    let help = self.t(
                        "参数写一个值(如 `80`、`3个月`、`「中(二)级客服(一般)」`)或另一个参数;需要计算或按记录取值时请用 `定义`",
                        "write one value (`80`, `3 months`, a rung) or another parameter; use `let` for anything computed",
                    );
                    self.error("rung::param-not-constant", msg, p.value.span, label)
                        .help = Some(help);
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
        let scope = Scope::default();
        let (id, got) = self.expr(e, Some(ty), &scope);
        self.expect_fits(&got, ty, e.span);
        match self.nodes.get(id as usize).map(|n| &n.kind) {
            Some(NodeKind::Const(v)) => Some(v.clone()),
            Some(NodeKind::Param(i)) => self.params.get(*i).map(|p| p.value.clone()),
            _ => {
                let msg = self.t("默认值必须是固定值", "a default must be a constant");
                let label = self.t("这个值要按记录计算", "this depends on the record");
                self.error("rung::default-not-constant", msg, e.span, label);
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
        if let Some(prev) = self.clause_ids.get(&id.node).copied() {
            let msg = self.t(
                format!("条款编号 `{}` 重复", id.node),
                format!("duplicate rule id `{}`", id.node),
            );
            let label = self.t("重复的编号", "duplicate id");
            let first = self.t("第一次出现在这里", "first used here");
            let help = self.t(
                "每条规则和引用条款的编号必须唯一;同一条款拆成几条规则时,可用 `8.4.1.2.A`、`8.4.1.2.B` 这样的后缀区分",
                "every rule and clause id must be unique; when a clause becomes several rules, add suffixes such as `8.4.1.2.A`",
            );
            self.error("rung::duplicate-rule-id", msg, id.span, label)
                .with_related_mut(prev, first)
                .help = Some(help);
            return false;
        }
        self.clause_ids.insert(id.node.clone(), id.span);
        true
    }
}

/// In-place helpers on a diagnostic being built.
trait DiagnosticExt {
    fn with_related_mut(&mut self, span: Span, label: String) -> &mut Self;
}

impl DiagnosticExt for crate::diag::Diagnostic {
    fn with_related_mut(&mut self, span: Span, label: String) -> &mut Self {
        self.related.push((span, label));
        self
    }
}
