//! Formatter: items, record schemas, decisions and rules, one construct per line.

use crate::syntax::ast::*;
use crate::syntax::{Span, Spanned};

use super::words as w;
use super::{width, Fmt, WIDTH};

impl Fmt<'_> {
    pub(super) fn policy(&mut self, p: &Policy) {
        for item in &p.items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        let kw = self.kw;
        let at = item.span;
        match &item.node {
            ItemKind::Header(s) => {
                self.simple(at, format!("{} {}", kw.of(w::POLICY), self.text(s.span)))
            }
            ItemKind::Calendar(s) => {
                self.simple(at, format!("{} {}", kw.of(w::CALENDAR), self.text(s.span)))
            }
            ItemKind::Scale(d) => {
                let levels: Vec<&str> = d.levels.iter().map(|l| self.text(l.span)).collect();
                let text = format!(
                    "{} {} = {}",
                    kw.of(w::SCALE),
                    self.text(d.name.span),
                    levels.join(" > ")
                );
                self.simple(at, text);
            }
            ItemKind::Ladder(d) => self.ladder(at, d),
            ItemKind::Type(d) => {
                let body = match &d.body {
                    TypeBody::Enum(names) => {
                        let names: Vec<&str> = names.iter().map(|n| self.text(n.span)).collect();
                        names.join(" | ")
                    }
                    TypeBody::Type(t) => self.ty(t),
                };
                let text = format!("{} {} = {body}", kw.of(w::TYPE), self.text(d.name.span));
                let multi = self.text(at).contains('\n') || width(&text) > WIDTH;
                match &d.body {
                    TypeBody::Type(t) if multi => {
                        if let TypeKind::Struct(fields) = &t.node {
                            let head =
                                format!("{} {} = {{", kw.of(w::TYPE), self.text(d.name.span));
                            self.fields(at, head, fields, t.span.end);
                            return;
                        }
                        self.simple(at, text);
                    }
                    _ => self.simple(at, text),
                }
            }
            ItemKind::Record(d) => {
                let head = format!("{} {} {{", kw.of(w::RECORD), self.text(d.name.span));
                self.fields(at, head, &d.fields, at.end);
            }
            ItemKind::Param(d) => {
                let mut text = format!("{} {}", kw.of(w::PARAM), self.text(d.name.span));
                if let Some(t) = &d.ty {
                    text.push_str(&format!(": {}", self.ty(t)));
                }
                text.push_str(&format!(" = {}", self.expr(&d.value)));
                if let Some(p) = &d.provenance {
                    text.push(' ');
                    text.push_str(&self.provenance(p));
                }
                self.simple(at, text);
            }
            ItemKind::Let(d) => {
                let mut head = format!("{} {}", kw.of(w::LET), self.text(d.name.span));
                if let Some(t) = &d.ty {
                    head.push_str(&format!(": {}", self.ty(t)));
                }
                head.push_str(" = ");
                self.start(at.start, at.end, 0);
                let lines = self.condition(0, &head, &d.value);
                self.lines_at(0, lines, at.end);
            }
            ItemKind::Clause(d) => {
                let mut text = format!(
                    "{} {} {}",
                    kw.of(w::CLAUSE),
                    self.text(d.id.span),
                    self.text(d.title.span)
                );
                if let Some(s) = &d.source {
                    text.push_str(&format!(" {} {}", kw.of(w::SOURCE), self.text(s.span)));
                }
                self.simple(at, text);
            }
            ItemKind::Decision(d) => self.decision(at, d),
            ItemKind::Process(_) | ItemKind::Probation(_) => self.verbatim(at),
            ItemKind::Table(d) => self.table(at, d),
        }
    }

    /// An item kept as written (processes and probation terms are not laid out yet): its
    /// lines with their indentation, trailing spaces dropped, its comments in place.
    fn verbatim(&mut self, at: Span) {
        self.start(at.start, at.start, 0);
        while self
            .comments
            .get(self.next)
            .is_some_and(|c| c.span.start < at.end)
        {
            self.next += 1;
        }
        let text = self.text(at);
        let count = text.lines().count();
        for (i, line) in text.lines().enumerate() {
            if i + 1 == count {
                self.line(0, line.to_string(), at.end);
            } else {
                self.plain(0, line.to_string());
            }
        }
    }

    /// An item on one line.
    fn simple(&mut self, at: Span, text: String) {
        self.start(at.start, at.end, 0);
        self.line(0, text, at.end);
    }

    /// Lines of one construct: the first at `indent`, the others further in.
    fn lines_at(&mut self, indent: usize, lines: Vec<String>, end: usize) {
        let count = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            let ind = if i == 0 { indent } else { indent + 2 };
            if i + 1 == count {
                self.line(ind, l, end);
            } else {
                self.plain(ind, l);
            }
        }
    }

    /// A line with no comment of its own (a line a construct is broken into).
    fn plain(&mut self, indent: usize, text: String) {
        self.lines.push(super::Line {
            text: format!("{}{}", " ".repeat(indent), text.trim_end()),
            comment: None,
            group: None,
        });
        self.block_start = false;
    }

    fn ladder(&mut self, at: Span, d: &LadderDecl) {
        let majors: Vec<String> = d.majors.iter().map(|m| self.major(m)).collect();
        let head = format!("{} {} {{", self.kw.of(w::LADDER), self.text(d.name.span));
        let one = format!("{head} {} }}", majors.join("  "));
        if !self.text(at).contains('\n') && width(&one) <= WIDTH {
            self.simple(at, one);
            return;
        }
        let first = d.majors.first().map_or(at.end, |m| m.name.span.start);
        self.start(at.start, first, 0);
        self.line(0, head, first.min(at.end));
        self.block_start = true;
        for (m, text) in d.majors.iter().zip(majors) {
            let end = m.minors.last().map_or(m.name.span.end, |n| n.span.end + 1);
            self.start(m.name.span.start, end, 2);
            self.line(2, text, end);
        }
        self.close(at.end, 0, "}");
    }

    fn major(&self, m: &MajorDecl) -> String {
        let name = self.text(m.name.span);
        if m.minors.is_empty() {
            return name.to_string();
        }
        let minors: Vec<&str> = m.minors.iter().map(|n| self.text(n.span)).collect();
        format!("{name}({})", minors.join(", "))
    }

    /// A record (or a sub-record type written over several lines): one field per line, their
    /// trailing comments aligned.
    fn fields(&mut self, at: Span, head: String, fields: &[FieldDecl], end: usize) {
        let first = fields.first().map_or(end, |f| f.span.start);
        self.start(at.start, first, 0);
        self.line(0, head, first.min(end));
        self.block_start = true;
        self.groups += 1;
        self.group = Some(self.groups);
        for f in fields {
            self.start(f.span.start, f.span.end, 2);
            let text = self.field(f);
            self.line(2, text, f.span.end);
        }
        self.group = None;
        self.close(at.end, 0, "}");
    }

    /// A table: its head, then one entry per line, `否则` where it was written.
    fn table(&mut self, at: Span, d: &TableDecl) {
        let kw = self.kw;
        let mut head = format!("{} {}", kw.of(w::TABLE), self.text(d.name.span));
        if let Some(t) = &d.title {
            head.push_str(&format!(" {}", self.text(t.span)));
        }
        head.push_str(&format!(": {} -> {}", self.ty(&d.key), self.ty(&d.value)));
        if let Some(p) = &d.provenance {
            head.push_str(&format!(" {}", self.provenance(p)));
        }
        head.push_str(" {");
        let first = d.entries.first().map_or(at.end, |e| e.span.start);
        self.start(at.start, first, 0);
        self.line(0, head, first.min(at.end));
        self.block_start = true;
        self.groups += 1;
        self.group = Some(self.groups);
        for e in &d.entries {
            self.start(e.span.start, e.span.end, 2);
            let key = match &e.key {
                Some(k) => self.expr(k),
                None => kw.of(w::ELSE).to_string(),
            };
            let text = format!("{key} = {}", self.expr(&e.value));
            self.line(2, text, e.span.end);
        }
        self.group = None;
        self.close(at.end, 0, "}");
    }

    fn field(&self, f: &FieldDecl) -> String {
        let mut text = format!("{}: {}", self.text(f.name.span), self.ty(&f.ty));
        if f.optional {
            text.push('?');
        }
        if let Some(d) = &f.default {
            text.push_str(&format!(" = {}", self.expr(d)));
        }
        if f.key {
            text.push_str(&format!(" {}", self.kw.of(w::KEY)));
        }
        text
    }

    pub(super) fn ty(&self, t: &TypeExpr) -> String {
        let kw = self.kw;
        match &t.node {
            TypeKind::Named(n) => {
                let written = self.text(t.span);
                if self.declared.contains(n.as_str()) {
                    return written.to_string();
                }
                kw.builtin(w::TYPES, written).unwrap_or(written).to_string()
            }
            TypeKind::List(x) => format!("{}[{}]", kw.of(w::LIST), self.ty(x)),
            TypeKind::Map(k, v) => format!("{}[{}, {}]", kw.of(w::MAP), self.ty(k), self.ty(v)),
            TypeKind::Struct(fields) => {
                let fields: Vec<String> = fields.iter().map(|f| self.field(f)).collect();
                format!("{{ {} }}", fields.join(", "))
            }
            TypeKind::Number { int, lo, hi } => {
                let word = if *int { w::INT } else { w::NUMBER };
                format!("{}({lo}..{hi})", kw.of(word))
            }
        }
    }

    fn provenance(&self, p: &Spanned<Provenance>) -> String {
        let written = self.text(p.span);
        let note = written.find(['"', '“']).and_then(|i| written.get(i..));
        let word = match p.node {
            Provenance::From(_) => w::FROM,
            Provenance::Assumed(_) => w::ASSUMED,
        };
        match note {
            Some(n) => format!("{} {n}", self.kw.of(word)),
            None => self.kw.of(word).to_string(),
        }
    }

    fn decision(&mut self, at: Span, d: &DecisionDecl) {
        let kw = self.kw;
        let mut head = format!("{} {}", kw.of(w::DECISION), self.text(d.name.span));
        let mut head_end = d.name.span.end;
        if let Some(t) = &d.title {
            head.push_str(&format!(" {}", self.text(t.span)));
            head_end = t.span.end;
        }
        if !d.requires.is_empty() {
            let names: Vec<&str> = d.requires.iter().map(|n| self.text(n.span)).collect();
            head.push_str(&format!(" {} {}", kw.of(w::NEEDS), names.join(", ")));
            head_end = d.requires.last().map_or(head_end, |n| n.span.end);
        }
        if let Some(e) = &d.applies {
            head.push_str(&format!(" {} {}", kw.of(w::ONLY_WHEN), self.expr(e)));
            head_end = e.span.end;
        }
        if let Some(r) = &d.roster {
            if let Some(g) = &r.group {
                head.push_str(&format!(" {} {}", kw.of(w::PER), self.text(g.span)));
                head_end = g.span.end;
            }
            let keys: Vec<String> = r
                .order
                .iter()
                .map(|k| {
                    let dir = kw.of(if k.desc { w::DESC } else { w::ASC });
                    format!("{} {dir}", self.expr(&k.expr))
                })
                .collect();
            if let Some(last) = r.order.last() {
                head.push_str(&format!(" {} {}", kw.of(w::RANKED), keys.join(", ")));
                head_end = head_end.max(last.expr.span.end);
            }
        }
        head.push_str(" {");
        self.start(at.start, head_end, 0);
        self.line(0, head, head_end);
        self.block_start = true;
        for m in &d.members {
            match m {
                Member::Field(f) => {
                    self.start(f.span.start, f.span.end, 2);
                    let text = self.out_field(f);
                    self.line(2, text, f.span.end);
                }
                Member::Rule(r) => self.rule(r),
            }
        }
        self.close(at.end, 0, "}");
    }

    fn out_field(&self, f: &OutFieldDecl) -> String {
        let mut text = format!("{}: {}", self.text(f.name.span), self.ty(&f.ty));
        if f.optional {
            text.push('?');
        }
        if let Some(d) = &f.default {
            text.push_str(&format!(" = {}", self.expr(d)));
        }
        if let Some(c) = &f.combine {
            let word = match c.node {
                Combine::First => w::FIRST,
                Combine::Max => w::MAX,
                Combine::Min => w::MIN,
                Combine::Unique => w::UNIQUE,
                Combine::Every => w::EVERY,
            };
            text.push_str(&format!(" {}", self.kw.of(word)));
        }
        text
    }

    fn ids(&self, ids: &[Spanned<String>]) -> String {
        let ids: Vec<&str> = ids.iter().map(|i| self.text(i.span)).collect();
        ids.join(", ")
    }

    fn rule(&mut self, r: &RuleDecl) {
        let kw = self.kw;
        let head = format!(
            "{} {} {}",
            kw.of(w::RULE),
            self.ids(&r.ids),
            self.text(r.title.span)
        );
        self.start(r.span.start, r.title.span.end, 2);
        self.line(2, head, r.title.span.end);
        if let Some(s) = &r.source {
            self.start(s.span.start, s.span.end, 4);
            let text = format!("{} {}", kw.of(w::SOURCE), self.text(s.span));
            self.line(4, text, s.span.end);
        }
        if let (Some(first), Some(last)) = (r.see.first(), r.see.last()) {
            self.start(first.span.start, last.span.end, 4);
            let text = format!("{} {}", kw.of(w::SEE), self.ids(&r.see));
            self.line(4, text, last.span.end);
        }
        if let Some(e) = &r.when {
            self.start(e.span.start, e.span.end, 4);
            let head = format!("{} ", kw.of(w::WHEN));
            let lines = self.condition(4, &head, e);
            self.lines_at(4, lines, e.span.end);
        }
        if let Some(q) = &r.quota {
            self.start(q.span.start, q.span.end, 4);
            let n = match &q.node {
                Places::Count(n) => n.clone(),
                Places::Percent(n) => format!("{n}%"),
            };
            self.line(4, format!("{} {n}", kw.of(w::QUOTA)), q.span.end);
        }
        if let (Some(first), Some(last)) = (r.effects.first(), r.effects.last()) {
            let end = last.value.span.end;
            self.start(first.field.span.start, end, 4);
            let then = format!("{} ", kw.of(w::THEN));
            let effects: Vec<String> = r.effects.iter().map(|e| self.effect(e)).collect();
            let one = format!("{then}{}", effects.join(", "));
            if 4 + width(&one) <= WIDTH {
                self.line(4, one, end);
            } else {
                let count = effects.len();
                let inner = 4 + width(&then);
                for (i, e) in effects.into_iter().enumerate() {
                    let (ind, text) = if i == 0 {
                        (4, format!("{then}{e},"))
                    } else if i + 1 == count {
                        (inner, e)
                    } else {
                        (inner, format!("{e},"))
                    };
                    if i + 1 == count {
                        self.line(ind, text, end);
                    } else {
                        self.plain(ind, text);
                    }
                }
            }
        }
        if let (Some(first), Some(last)) = (r.overrides.first(), r.overrides.last()) {
            self.start(first.span.start, last.span.end, 4);
            let text = format!("{} {}", kw.of(w::OVERRIDES), self.ids(&r.overrides));
            self.line(4, text, last.span.end);
        }
    }

    fn effect(&self, e: &Effect) -> String {
        let op = match e.op.node {
            EffectOp::Set => "=".to_string(),
            EffectOp::AtMost => self.kw.keep(self.text(e.op.span), &[w::AT_MOST]),
            EffectOp::AtLeast => self.kw.keep(self.text(e.op.span), &[w::AT_LEAST]),
            EffectOp::Require => self.kw.keep(self.text(e.op.span), &[w::REQUIRE]),
        };
        format!("{} {op} {}", self.text(e.field.span), self.expr(&e.value))
    }
}
