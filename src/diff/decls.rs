//! Diff stage: the declarations of two versions around the rules: the policy's name, the
//! calendar, scales, ladders, enums, sub-record types and the record, parameters, definitions
//! (with the rules each change reaches), cited clauses, processes and probation terms.

use crate::calendar::{Calendar, Date, Uncovered};
use crate::eval;
use crate::program::process::{Product, Role, StepDef};
use crate::program::schema::{FieldDef, StructDef};
use crate::program::{Program, Provenance, Schema};
use crate::verdict::Value;

use super::canon::{canon, leaves, reads, Canon};
use super::rules::{sentence, title};
use super::{one_line, Action, Change, DayChange, Detail, Origin, Subject, MAX_DAYS};

fn change(subject: Subject, name: &str, action: Action, details: Vec<Detail>) -> Change {
    Change {
        subject,
        name: name.to_string(),
        within: None,
        title: None,
        action,
        details,
        reaches: Vec::new(),
    }
}

/// Compares two lists of named things: `cmp` gives the details of a pair found in both.
fn by_name<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &str,
    mut cmp: impl FnMut(&'a T, &'a T) -> Vec<Detail>,
    subject: Subject,
    out: &mut Vec<Change>,
) {
    for o in old {
        if !new.iter().any(|n| name(n) == name(o)) {
            out.push(change(subject, name(o), Action::Removed, Vec::new()));
        }
    }
    for n in new {
        match old.iter().find(|o| name(o) == name(n)) {
            None => out.push(change(subject, name(n), Action::Added, Vec::new())),
            Some(o) => {
                let details = cmp(o, n);
                if !details.is_empty() {
                    out.push(change(subject, name(n), Action::Changed, details));
                }
            }
        }
    }
}

pub(super) fn policy(old: &Program, new: &Program, out: &mut Vec<Change>) {
    if old.name != new.name {
        let details = vec![Detail::Name {
            old: old.name.clone(),
            new: new.name.clone(),
        }];
        out.push(change(Subject::Policy, &new.name, Action::Changed, details));
    }
}

/// The calendars compared day by day over the years either covers.
pub(super) fn calendar(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let (a, b) = (&old.calendar, &new.calendar);
    let mut details = Vec::new();
    if a.name() != b.name() {
        details.push(Detail::Name {
            old: a.name().to_string(),
            new: b.name().to_string(),
        });
    }
    let (ya, yb): (Vec<i32>, Vec<i32>) = (a.covered_years().collect(), b.covered_years().collect());
    if ya != yb {
        details.push(Detail::Covers {
            old: ya.clone(),
            new: yb.clone(),
        });
    }
    let mut years: Vec<i32> = ya.into_iter().chain(yb).collect();
    years.sort_unstable();
    years.dedup();
    let (mut days, mut more) = (Vec::new(), 0);
    for y in years {
        day_changes(a, b, y, &mut days, &mut more);
    }
    if !days.is_empty() {
        details.push(Detail::Days { days, more });
    }
    if !details.is_empty() {
        out.push(change(
            Subject::Calendar,
            b.name(),
            Action::Changed,
            details,
        ));
    }
}

fn day_changes(a: &Calendar, b: &Calendar, year: i32, days: &mut Vec<DayChange>, more: &mut usize) {
    let (Some(first), Some(next)) = (Date::from_ymd(year, 1, 1), Date::from_ymd(year + 1, 1, 1))
    else {
        return;
    };
    let mut u = Uncovered::new();
    let mut d = first;
    while d < next {
        let (wa, wb) = (a.is_workday(d, &mut u), b.is_workday(d, &mut u));
        let (fa, fb) = (a.festival(d), b.festival(d));
        if wa != wb || fa != fb {
            if days.len() < MAX_DAYS {
                days.push(DayChange {
                    date: d.to_string(),
                    old: wa,
                    new: wb,
                    festival: fb.or(fa).map(str::to_string),
                });
            } else {
                *more += 1;
            }
        }
        let Some(n) = d.add_days(1) else { return };
        d = n;
    }
}

/// Scales, ladders, enums, sub-record types and the record.
pub(super) fn schema(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let (a, b) = (&old.schema, &new.schema);
    by_name(
        &a.scales,
        &b.scales,
        |s| s.name.as_str(),
        |o, n| members(&o.levels, &n.levels),
        Subject::Scale,
        out,
    );
    by_name(
        &a.ladders,
        &b.ladders,
        |s| s.name.as_str(),
        |o, n| {
            let names = |l: &crate::program::schema::LadderDef| -> Vec<String> {
                l.rungs.iter().map(|r| r.name.clone()).collect()
            };
            members(&names(o), &names(n))
        },
        Subject::Ladder,
        out,
    );
    by_name(
        &a.enums,
        &b.enums,
        |s| s.name.as_str(),
        |o, n| members(&o.members, &n.members),
        Subject::Enum,
        out,
    );
    let subs = |s: &Schema| -> Vec<StructDef> {
        s.structs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != usize::from(s.record))
            .map(|(_, d)| d.clone())
            .collect()
    };
    let (sa, sb) = (subs(a), subs(b));
    by_name(
        &sa,
        &sb,
        |s| s.name.as_str(),
        |o, n| fields(old, o, new, n),
        Subject::Type,
        out,
    );
    if let (Some(ra), Some(rb)) = (a.record(), b.record()) {
        let mut details = fields(old, ra, new, rb);
        let key =
            |s: &Schema, r: &StructDef| s.key.and_then(|k| r.fields.get(k)).map(|f| f.name.clone());
        let (ka, kb) = (key(a, ra), key(b, rb));
        if ka != kb {
            details.push(Detail::Key { old: ka, new: kb });
        }
        if ra.name != rb.name {
            details.insert(
                0,
                Detail::Name {
                    old: ra.name.clone(),
                    new: rb.name.clone(),
                },
            );
        }
        if !details.is_empty() {
            out.push(change(Subject::Record, &rb.name, Action::Changed, details));
        }
    }
}

fn members(old: &[String], new: &[String]) -> Vec<Detail> {
    if old == new {
        return Vec::new();
    }
    vec![Detail::Members {
        old: old.to_vec(),
        new: new.to_vec(),
    }]
}

/// The fields of a record or sub-record type: added, removed, retyped, made optional or
/// required, defaulted, ranged.
fn fields(old: &Program, a: &StructDef, new: &Program, b: &StructDef) -> Vec<Detail> {
    let mut out = Vec::new();
    for f in &a.fields {
        if b.field(&f.name).is_none() {
            out.push(Detail::FieldRemoved {
                field: f.name.clone(),
            });
        }
    }
    for f in &b.fields {
        let Some(g) = a.field(&f.name).and_then(|i| a.fields.get(i)) else {
            out.push(Detail::FieldAdded {
                field: f.name.clone(),
                ty: f.ty.describe(&new.schema),
                optional: f.optional,
            });
            continue;
        };
        let (to, tn) = (g.ty.describe(&old.schema), f.ty.describe(&new.schema));
        if to != tn {
            out.push(Detail::FieldType {
                field: f.name.clone(),
                old: to,
                new: tn,
            });
        }
        if g.optional != f.optional {
            out.push(Detail::FieldOptional {
                field: f.name.clone(),
                old: g.optional,
                new: f.optional,
            });
        }
        let (da, db) = (default(old, g), default(new, f));
        if da != db {
            out.push(Detail::RecordDefault {
                field: f.name.clone(),
                old: da,
                new: db,
            });
        }
        let range = |f: &FieldDef| [f.min.map(|n| n.to_string()), f.max.map(|n| n.to_string())];
        if range(g) != range(f) {
            out.push(Detail::FieldRange {
                field: f.name.clone(),
                old: range(g),
                new: range(f),
            });
        }
    }
    out
}

/// A record field's default value.
fn default(p: &Program, f: &FieldDef) -> Option<Value> {
    let v = f.default.as_ref()?;
    Some(Value::of(p, &f.ty, eval::Value::of(v)))
}

/// Parameters: value, type and provenance; a change lists the rules it reaches.
pub(super) fn params(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let start = out.len();
    by_name(
        &old.params,
        &new.params,
        |p| p.name.as_str(),
        |o, n| {
            let mut d = Vec::new();
            let (to, tn) = (o.ty.describe(&old.schema), n.ty.describe(&new.schema));
            if to != tn {
                d.push(Detail::Type { old: to, new: tn });
            }
            let vo = Value::of(old, &o.ty, eval::Value::of(&o.value));
            let vn = Value::of(new, &n.ty, eval::Value::of(&n.value));
            if vo != vn {
                d.push(Detail::Value { old: vo, new: vn });
            }
            provenance(o.provenance.as_ref(), n.provenance.as_ref(), &mut d);
            d
        },
        Subject::Param,
        out,
    );
    reach_params(new, out.iter_mut().skip(start));
}

/// Where a parameter's or table's values come from, where it changed.
fn provenance(old: Option<&Provenance>, new: Option<&Provenance>, d: &mut Vec<Detail>) {
    let (po, pn) = (Origin::of(old), Origin::of(new));
    if po != pn {
        d.push(Detail::Provenance { old: po, new: pn });
    }
}

/// A changed parameter or table names the rules that read it.
fn reach_params<'a>(new: &Program, changes: impl Iterator<Item = &'a mut Change>) {
    for c in changes {
        if c.action == Action::Changed {
            c.reaches = reached(new, &c.name, true);
        }
    }
}

/// Tables: title, key and value types, each entry by key, the value for keys not listed and
/// the provenance; a change lists the rules that look it up.
pub(super) fn tables(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let start = out.len();
    by_name(
        &old.tables,
        &new.tables,
        |t| t.name.as_str(),
        |o, n| {
            let mut d = Vec::new();
            title(o.title.as_deref(), n.title.as_deref(), &mut d);
            for (a, b) in [(&o.key, &n.key), (&o.value, &n.value)] {
                let (to, tn) = (a.describe(&old.schema), b.describe(&new.schema));
                if to != tn {
                    d.push(Detail::Type { old: to, new: tn });
                }
            }
            let value = |p: &Program, ty, v| Value::of(p, ty, eval::Value::of(v));
            let olds: Vec<(Value, Value)> = o
                .entries
                .iter()
                .map(|(k, v)| (value(old, &o.key, k), value(old, &o.value, v)))
                .collect();
            let news: Vec<(Value, Value)> = n
                .entries
                .iter()
                .map(|(k, v)| (value(new, &n.key, k), value(new, &n.value, v)))
                .collect();
            for (k, v) in &olds {
                let now = news.iter().find(|(k2, _)| k2 == k).map(|e| e.1.clone());
                if now.as_ref() != Some(v) {
                    d.push(Detail::Entry {
                        key: k.clone(),
                        old: Some(v.clone()),
                        new: now,
                    });
                }
            }
            for (k, v) in &news {
                if !olds.iter().any(|(k2, _)| k2 == k) {
                    d.push(Detail::Entry {
                        key: k.clone(),
                        old: None,
                        new: Some(v.clone()),
                    });
                }
            }
            let (fo, fnew) = (
                o.default.as_ref().map(|v| value(old, &o.value, v)),
                n.default.as_ref().map(|v| value(new, &n.value, v)),
            );
            if fo != fnew {
                d.push(Detail::TableDefault { old: fo, new: fnew });
            }
            provenance(o.provenance.as_ref(), n.provenance.as_ref(), &mut d);
            d
        },
        Subject::Table,
        out,
    );
    reach_params(new, out.iter_mut().skip(start));
}

/// Definitions: their expression and type; a change lists the rules it reaches.
pub(super) fn definitions(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let start = out.len();
    by_name(
        &old.lets,
        &new.lets,
        |l| l.name.as_str(),
        |o, n| {
            let mut d = Vec::new();
            let (to, tn) = (o.ty.describe(&old.schema), n.ty.describe(&new.schema));
            if to != tn {
                d.push(Detail::Type { old: to, new: tn });
            }
            let (co, cn) = (canon(old, o.expr), canon(new, n.expr));
            if co != cn {
                d.push(Detail::Expr {
                    part: None,
                    old: Some(one_line(old.text(o.expr))),
                    new: Some(one_line(new.text(n.expr))),
                    leaves: leaves(&co, &cn).unwrap_or_default(),
                });
            }
            d
        },
        Subject::Definition,
        out,
    );
    for c in out.iter_mut().skip(start) {
        if c.action == Action::Changed {
            c.reaches = reached(new, &c.name, false);
        }
    }
}

/// The rules (first ids, in order) whose conditions or effects read a name, directly or
/// through definitions and computed outcome fields that read it; then the process steps whose
/// condition or deadline does (a process's `仅当` counts for its first step).
pub(crate) fn reached(p: &Program, name: &str, param: bool) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let reads_any = |c: &Canon, names: &[String]| {
        reads(c, name, param) || names.iter().any(|n| reads(c, n, false))
    };
    // Grow the names read through definitions and outcome defaults until nothing is added.
    loop {
        let before = names.len();
        for l in &p.lets {
            if !names.contains(&l.name) && l.name != name && reads_any(&canon(p, l.expr), &names) {
                names.push(l.name.clone());
            }
        }
        for d in &p.decisions {
            for f in &d.fields {
                let slot = format!("{}.{}", d.name, f.name);
                if names.contains(&slot) {
                    continue;
                }
                if f.default.is_some_and(|e| reads_any(&canon(p, e), &names)) {
                    names.push(slot);
                }
            }
        }
        if names.len() == before {
            break;
        }
    }
    let mut out = Vec::new();
    for (i, r) in p.rules.iter().enumerate() {
        let mut exprs: Vec<_> = r.when.into_iter().collect();
        if let Some(d) = p.decisions.get(r.decision) {
            for f in &d.fields {
                exprs.extend(f.setters.iter().filter(|s| s.rule == i).map(|s| s.value));
                exprs.extend(f.bounds.iter().filter(|b| b.rule == i).map(|b| b.value));
                exprs.extend(
                    f.requirements
                        .iter()
                        .filter(|q| q.rule == i)
                        .map(|q| q.cond),
                );
            }
        }
        if exprs.iter().any(|e| reads_any(&canon(p, *e), &names)) {
            out.push(r.id().to_string());
        }
    }
    // And the steps of processes whose condition or deadline reads it.
    for process in &p.processes {
        let mut exprs: Vec<_> = process.applies.into_iter().collect();
        for s in &process.steps {
            let reads_it = s
                .when
                .into_iter()
                .chain(s.due)
                .chain(exprs.drain(..))
                .any(|e| reads_any(&canon(p, e), &names));
            if reads_it {
                out.push(s.id.clone());
            }
        }
    }
    out
}

/// Clauses kept as cited text: title and sentence.
pub(super) fn clauses(old: &Program, new: &Program, out: &mut Vec<Change>) {
    by_name(
        &old.clauses,
        &new.clauses,
        |c| c.id.as_str(),
        |o, n| {
            let mut d = Vec::new();
            title(Some(&o.title), Some(&n.title), &mut d);
            if o.source != n.source {
                d.push(sentence(o.source.as_deref(), n.source.as_deref()));
            }
            d
        },
        Subject::Clause,
        out,
    );
}

fn opt_expr(
    part: &str,
    old: &Program,
    a: Option<crate::program::ir::ExprId>,
    new: &Program,
    b: Option<crate::program::ir::ExprId>,
    out: &mut Vec<Detail>,
) {
    let (ca, cb) = (a.map(|e| canon(old, e)), b.map(|e| canon(new, e)));
    if ca != cb {
        let found = match (&ca, &cb) {
            (Some(x), Some(y)) => leaves(x, y).unwrap_or_default(),
            _ => Vec::new(),
        };
        out.push(Detail::Expr {
            part: Some(part.to_string()),
            old: a.map(|e| one_line(old.text(e))),
            new: b.map(|e| one_line(new.text(e))),
            leaves: found,
        });
    }
}

/// Processes (title, `仅当`, `需要`) and their steps, each step keyed by its id.
pub(super) fn processes(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let mut steps = Vec::new();
    by_name(
        &old.processes,
        &new.processes,
        |p| p.name.as_str(),
        |o, n| {
            let mut d = Vec::new();
            title(o.title.as_deref(), n.title.as_deref(), &mut d);
            opt_expr("仅当", old, o.applies, new, n.applies, &mut d);
            let names = |p: &Program, f: &[usize]| -> Vec<String> {
                f.iter()
                    .filter_map(|i| p.schema.record().and_then(|r| r.fields.get(*i)))
                    .map(|f| f.name.clone())
                    .collect()
            };
            let (ro, rn) = (names(old, &o.requires), names(new, &n.requires));
            if ro != rn {
                d.push(Detail::Requires { old: ro, new: rn });
            }
            let order = |s: &[StepDef]| -> Vec<String> { s.iter().map(|s| s.id.clone()).collect() };
            if order(&o.steps) != order(&n.steps) {
                d.push(Detail::Members {
                    old: order(&o.steps),
                    new: order(&n.steps),
                });
            }
            let mut found = Vec::new();
            by_name(
                &o.steps,
                &n.steps,
                |s| s.id.as_str(),
                |a, b| step(old, a, new, b),
                Subject::Step,
                &mut found,
            );
            for c in &mut found {
                c.within = Some(n.name.clone());
            }
            steps.extend(found);
            d
        },
        Subject::Process,
        out,
    );
    out.extend(steps);
}

fn step(old: &Program, a: &StepDef, new: &Program, b: &StepDef) -> Vec<Detail> {
    let mut d = Vec::new();
    title(Some(&a.title), Some(&b.title), &mut d);
    if a.source != b.source {
        d.push(sentence(a.source.as_deref(), b.source.as_deref()));
    }
    if a.see != b.see {
        d.push(Detail::See {
            old: a.see.clone(),
            new: b.see.clone(),
        });
    }
    opt_expr("当", old, a.when, new, b.when, &mut d);
    opt_expr("期限", old, a.due, new, b.due, &mut d);
    if a.by != b.by {
        d.push(Detail::By {
            old: a.by.clone(),
            new: b.by.clone(),
        });
    }
    let products = |s: &StepDef| -> Vec<String> {
        s.produces
            .iter()
            .map(|p| match p {
                Product::Form(f) => format!("《{f}》"),
                Product::Opinion => "意见".into(),
                Product::Approval => "审批".into(),
                Product::Notice => "通知".into(),
                Product::Other(o) => o.clone(),
            })
            .collect()
    };
    if a.produces != b.produces {
        d.push(Detail::Produces {
            old: products(a),
            new: products(b),
        });
    }
    for (flag, x, y) in [
        ("optional", a.optional, b.optional),
        ("about", a.about, b.about),
    ] {
        if x != y {
            d.push(Detail::Flag {
                flag: flag.to_string(),
                old: x,
                new: y,
            });
        }
    }
    d
}

/// The probation terms: provenance and each role's expression.
pub(super) fn probation(old: &Program, new: &Program, out: &mut Vec<Change>) {
    let (a, b) = (old.probation.as_ref(), new.probation.as_ref());
    // Named by the clause that sets the terms, as the regulation numbers it.
    let name = b
        .or(a)
        .and_then(|p| p.clause())
        .unwrap_or("试用期")
        .to_string();
    let name = name.as_str();
    match (a, b) {
        (None, None) => {}
        (Some(_), None) => out.push(change(
            Subject::Probation,
            name,
            Action::Removed,
            Vec::new(),
        )),
        (None, Some(_)) => out.push(change(Subject::Probation, name, Action::Added, Vec::new())),
        (Some(a), Some(b)) => {
            let mut d = Vec::new();
            let (po, pn) = (
                Origin::of(a.provenance.as_ref()),
                Origin::of(b.provenance.as_ref()),
            );
            if po != pn {
                d.push(Detail::Provenance { old: po, new: pn });
            }
            for role in Role::ALL {
                opt_expr(role.names().0, old, a.role(role), new, b.role(role), &mut d);
            }
            if !d.is_empty() {
                out.push(change(Subject::Probation, name, Action::Changed, d));
            }
        }
    }
}
