//! Syntax stage: the pest parser and the builder from pest's pairs to the AST.

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use super::ast::*;
use super::error::{SyntaxError, SyntaxErrorKind};
use super::span::{Span, Spanned};
use super::Parsed;
use crate::limits::MAX_NESTING;

#[derive(Parser)]
#[grammar = "../grammar/rung.pest"]
pub(super) struct RungParser;

pub(super) type P<'i> = Pair<'i, Rule>;
pub(super) type Built<T> = Result<T, SyntaxError>;

/// Parses a whole policy: the items that parse, and every syntax error (in file order).
pub(super) fn parse_policy(src: &str) -> Parsed {
    let trivia = super::trivia::scan(src);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let whole = if trivia.too_deep.is_empty() {
        RungParser::parse(Rule::policy, src).ok()
    } else {
        None
    };
    match whole {
        Some(pairs) => {
            for p in pairs.flat_map(|p| kids(p)) {
                if p.as_rule() == Rule::item {
                    if let Some(i) = item(p, &mut errors) {
                        items.push(i);
                    }
                }
            }
        }
        None => super::recover::recover(src, &trivia.too_deep, &mut items, &mut errors),
    }
    errors.sort_by_key(|e| e.span.start);
    errors.dedup_by_key(|e| e.span.start);
    Parsed {
        policy: Policy {
            items,
            comments: trivia.comments,
            blank_lines: trivia.blank_lines,
        },
        errors,
    }
}

/// A pair's span without the whitespace and comments pest consumed before an optional part
/// that then matched nothing (they would otherwise show in quoted conditions).
pub(super) fn span(p: &P) -> Span {
    let s = p.as_span();
    let input = p.get_input();
    let mut end = trimmed_end(p);
    while let Some(c) = input
        .get(s.start()..end)
        .and_then(|t| t.chars().next_back())
    {
        if !c.is_whitespace() {
            break;
        }
        end -= c.len_utf8();
    }
    Span::new(s.start(), end.max(s.start()))
}

/// Where a pair's text ends before trailing trivia: down its last children, in a loop (the
/// tree may be deep).
fn trimmed_end(p: &P) -> usize {
    let mut p = p.clone();
    loop {
        let end = p.as_span().end();
        let mut last = None;
        let mut cut = end;
        for c in p.clone().into_inner() {
            if c.as_rule() == Rule::COMMENT {
                if cut == end {
                    cut = c.as_span().start();
                }
            } else {
                last = Some(c);
                cut = end;
            }
        }
        let Some(last) = last else {
            return cut;
        };
        let between = p.get_input().get(last.as_span().end()..cut).unwrap_or("");
        if !between.trim().is_empty() {
            return cut;
        }
        p = last;
    }
}

/// The children of a pair, without comments.
pub(super) fn kids(p: P) -> impl Iterator<Item = P> {
    p.into_inner().filter(|c| c.as_rule() != Rule::COMMENT)
}

/// The children of a pair, without comments and keywords.
pub(super) fn parts(p: P) -> Vec<P> {
    kids(p).filter(|c| !is_keyword(c.as_rule())).collect()
}

fn is_keyword(r: Rule) -> bool {
    use Rule::*;
    matches!(
        r,
        k_policy
            | k_calendar
            | k_scale
            | k_ladder
            | k_type
            | k_record
            | k_param
            | k_let
            | k_clause
            | k_decision
            | k_rule
            | k_source
            | k_see
            | k_when
            | k_then
            | k_else
            | k_if
            | k_overrides
            | k_requires
            | k_from
            | k_assumed
            | k_key
            | k_and
            | k_or
            | k_not
            | k_has
            | k_meets
            | k_has_no
            | k_in
            | k_where
            | k_otherwise
            | k_only_when
            | k_process
            | k_step
            | k_by
            | k_produces
            | k_optional
            | k_due
            | k_about
            | k_probation
            | k_of
            | k_table
            | k_per
            | k_ranked
            | k_quota
    )
}

pub(super) fn internal(at: Span, what: &'static str) -> SyntaxError {
    SyntaxError {
        span: at,
        kind: SyntaxErrorKind::Internal(what),
    }
}

/// Takes the next pair, or reports a malformed tree.
pub(super) fn take<'i>(
    it: &mut impl Iterator<Item = P<'i>>,
    at: Span,
    what: &'static str,
) -> Built<P<'i>> {
    it.next().ok_or_else(|| internal(at, what))
}

/// Builds a top-level item; its errors go to `errors`. A decision keeps the members that build.
pub(super) fn item(p: P, errors: &mut Vec<SyntaxError>) -> Option<Item> {
    let at = span(&p);
    let built = take(&mut kids(p), at, "item").and_then(|inner| {
        if inner.as_rule() == Rule::decision {
            decision(inner, errors).map(ItemKind::Decision)
        } else {
            let kind = item_kind(inner, at)?;
            match too_deep(&kind) {
                Some(e) => Err(e),
                None => Ok(kind),
            }
        }
    });
    match built {
        Ok(kind) => Some(Spanned::new(kind, at)),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// The first expression of an item (other than a decision) past the nesting or chain limit.
fn too_deep(kind: &ItemKind) -> Option<SyntaxError> {
    fn fields(fs: &[FieldDecl]) -> Option<SyntaxError> {
        fs.iter().find_map(|f| {
            f.default
                .as_ref()
                .and_then(super::depth::check)
                .or_else(|| ty(&f.ty))
        })
    }
    fn ty(t: &TypeExpr) -> Option<SyntaxError> {
        match &t.node {
            TypeKind::Struct(fs) => fields(fs),
            TypeKind::List(t) => ty(t),
            TypeKind::Map(k, v) => ty(k).or_else(|| ty(v)),
            TypeKind::Named(_) | TypeKind::Number { .. } => None,
        }
    }
    match kind {
        ItemKind::Param(d) => super::depth::check(&d.value),
        ItemKind::Let(d) => super::depth::check(&d.value),
        ItemKind::Probation(d) => d.terms.iter().find_map(|t| super::depth::check(&t.value)),
        ItemKind::Table(d) => d
            .entries
            .iter()
            .flat_map(|e| e.key.iter().chain([&e.value]))
            .find_map(super::depth::check),
        ItemKind::Process(d) => d
            .applies
            .iter()
            .chain(
                d.steps
                    .iter()
                    .flat_map(|s| s.when.iter().chain(s.due.iter().map(|x| &x.at))),
            )
            .find_map(super::depth::check),
        ItemKind::Record(d) => fields(&d.fields),
        ItemKind::Type(TypeDecl {
            body: TypeBody::Type(t),
            ..
        }) => ty(t),
        _ => None,
    }
}

fn item_kind(inner: P, at: Span) -> Built<ItemKind> {
    Ok(match inner.as_rule() {
        Rule::header => ItemKind::Header(string(one(inner, "header")?)?),
        Rule::calendar => ItemKind::Calendar(string(one(inner, "calendar")?)?),
        Rule::scale => {
            let mut it = parts(inner).into_iter();
            let name = name(take(&mut it, at, "scale name")?)?;
            let levels = it.map(name_of).collect::<Built<_>>()?;
            ItemKind::Scale(ScaleDecl { name, levels })
        }
        Rule::ladder => {
            let mut it = parts(inner).into_iter();
            let name = name(take(&mut it, at, "ladder name")?)?;
            let mut majors = Vec::new();
            for m in it {
                let mut mi = parts(m).into_iter();
                let mname = name_of(take(&mut mi, at, "major name")?)?;
                let minors = mi.map(name_of).collect::<Built<_>>()?;
                majors.push(MajorDecl {
                    name: mname,
                    minors,
                });
            }
            ItemKind::Ladder(LadderDecl { name, majors })
        }
        Rule::type_def => {
            let mut it = parts(inner).into_iter();
            let name = name(take(&mut it, at, "type name")?)?;
            let body = take(&mut it, at, "type body")?;
            let body = if body.as_rule() == Rule::enum_body {
                TypeBody::Enum(parts(body).into_iter().map(name_of).collect::<Built<_>>()?)
            } else {
                TypeBody::Type(type_expr(body)?)
            };
            ItemKind::Type(TypeDecl { name, body })
        }
        Rule::record => {
            let mut it = parts(inner).into_iter();
            let name = name(take(&mut it, at, "record name")?)?;
            let fields = it.map(field).collect::<Built<_>>()?;
            ItemKind::Record(RecordDecl { name, fields })
        }
        Rule::param => {
            let mut it = parts(inner).into_iter().peekable();
            let name = name(take(&mut it, at, "param name")?)?;
            let ty = match it.peek() {
                Some(t) if t.as_rule() == Rule::type_expr => {
                    Some(type_expr(take(&mut it, at, "")?)?)
                }
                _ => None,
            };
            let value = expr(take(&mut it, at, "param value")?)?;
            let provenance = it.next().map(provenance).transpose()?;
            ItemKind::Param(ParamDecl {
                name,
                ty,
                value,
                provenance,
            })
        }
        Rule::let_def => {
            let mut it = parts(inner).into_iter().peekable();
            let name = name(take(&mut it, at, "let name")?)?;
            let ty = match it.peek() {
                Some(t) if t.as_rule() == Rule::type_expr => {
                    Some(type_expr(take(&mut it, at, "")?)?)
                }
                _ => None,
            };
            let value = expr(take(&mut it, at, "let value")?)?;
            ItemKind::Let(LetDecl { name, ty, value })
        }
        Rule::clause => {
            let mut it = parts(inner).into_iter();
            let id = text(take(&mut it, at, "clause id")?);
            let title = string(take(&mut it, at, "clause title")?)?;
            let source = it.next().map(string).transpose()?;
            ItemKind::Clause(ClauseDecl { id, title, source })
        }
        Rule::process => ItemKind::Process(super::process::process(inner)?),
        Rule::probation => ItemKind::Probation(super::process::probation(inner)?),
        Rule::table => ItemKind::Table(table(inner, at)?),
        _ => return Err(internal(at, "unknown item")),
    })
}

fn table(inner: P, at: Span) -> Built<TableDecl> {
    let mut it = parts(inner).into_iter().peekable();
    let name = name(take(&mut it, at, "table name")?)?;
    let title = match it.peek() {
        Some(t) if t.as_rule() == Rule::string => Some(string(take(&mut it, at, "")?)?),
        _ => None,
    };
    let key = type_expr(take(&mut it, at, "table key type")?)?;
    let value = type_expr(take(&mut it, at, "table value type")?)?;
    let mut provenance = None;
    let mut entries = Vec::new();
    for p in it {
        match p.as_rule() {
            Rule::provenance => provenance = Some(self::provenance(p)?),
            _ => {
                let entry_at = span(&p);
                let mut e = kids(p);
                let k = take(&mut e, at, "table key")?;
                let key = match k.as_rule() {
                    Rule::table_else => None,
                    _ => Some(expr(k)?),
                };
                let value = expr(take(&mut e, at, "table value")?)?;
                entries.push(TableEntry {
                    span: entry_at,
                    key,
                    value,
                });
            }
        }
    }
    Ok(TableDecl {
        name,
        title,
        key,
        value,
        provenance,
        entries,
    })
}

/// The single non-keyword child of a pair.
pub(super) fn one<'i>(p: P<'i>, what: &'static str) -> Built<P<'i>> {
    let at = span(&p);
    take(&mut parts(p).into_iter(), at, what)
}

pub(super) fn text(p: P) -> Spanned<String> {
    Spanned::new(p.as_str().to_string(), span(&p))
}

pub(super) fn string(p: P) -> Built<Spanned<String>> {
    let at = span(&p);
    let inner = take(&mut kids(p), at, "string")?;
    let raw = inner.as_str();
    let value = if inner.as_rule() == Rule::string_inner {
        unescape(raw)
    } else {
        raw.to_string()
    };
    Ok(Spanned::new(value, at))
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A `name` pair.
pub(super) fn name(p: P) -> Built<Name> {
    let at = span(&p);
    let inner = take(&mut kids(p), at, "name")?;
    name_of(inner)
}

/// A `name`, `ident` or `quoted_name` pair.
pub(super) fn name_of(p: P) -> Built<Name> {
    let at = span(&p);
    match p.as_rule() {
        Rule::name => name(p),
        Rule::ident => Ok(Spanned::new(p.as_str().to_string(), at)),
        Rule::quoted_name => {
            let inner = take(&mut kids(p), at, "quoted name")?;
            Ok(Spanned::new(
                crate::names::normalize(inner.as_str()).into_owned(),
                at,
            ))
        }
        _ => Err(internal(at, "name")),
    }
}

fn field(p: P) -> Built<FieldDecl> {
    let at = span(&p);
    let mut it = kids(p);
    let name = name(take(&mut it, at, "field name")?)?;
    let ty = type_expr(take(&mut it, at, "field type")?)?;
    let mut decl = FieldDecl {
        name,
        ty,
        optional: false,
        default: None,
        key: false,
        span: at,
    };
    for rest in it {
        match rest.as_rule() {
            Rule::optional => decl.optional = true,
            Rule::expr => decl.default = Some(expr(rest)?),
            Rule::k_key => decl.key = true,
            _ => {}
        }
    }
    Ok(decl)
}

fn type_expr(p: P) -> Built<TypeExpr> {
    let at = span(&p);
    let inner = take(&mut kids(p), at, "type")?;
    let kind = match inner.as_rule() {
        Rule::list_type => TypeKind::List(Box::new(type_expr(one(inner, "list element")?)?)),
        Rule::map_type => {
            let mut it = parts(inner).into_iter();
            let k = type_expr(take(&mut it, at, "map key")?)?;
            let v = type_expr(take(&mut it, at, "map value")?)?;
            TypeKind::Map(Box::new(k), Box::new(v))
        }
        Rule::struct_type => {
            TypeKind::Struct(parts(inner).into_iter().map(field).collect::<Built<_>>()?)
        }
        Rule::number_type => {
            let mut it = kids(inner);
            let kw = take(&mut it, at, "number kind")?;
            let lo = take(&mut it, at, "low bound")?.as_str().to_string();
            let hi = take(&mut it, at, "high bound")?.as_str().to_string();
            TypeKind::Number {
                int: matches!(kw.as_str(), "整数" | "int"),
                lo,
                hi,
            }
        }
        Rule::ident_type => TypeKind::Named(name(one(inner, "type name")?)?.node),
        _ => return Err(internal(at, "type")),
    };
    Ok(Spanned::new(kind, at))
}

pub(super) fn provenance(p: P) -> Built<Spanned<Provenance>> {
    let at = span(&p);
    let mut it = kids(p);
    let kw = take(&mut it, at, "provenance")?;
    let note = it.next().map(string).transpose()?.map(|s| s.node);
    let kind = if kw.as_rule() == Rule::k_from {
        Provenance::From(note.unwrap_or_default())
    } else {
        Provenance::Assumed(note)
    };
    Ok(Spanned::new(kind, at))
}

/// A whole decision; the members that do not build are reported and left out.
fn decision(p: P, errors: &mut Vec<SyntaxError>) -> Built<DecisionDecl> {
    let at = span(&p);
    let mut it = kids(p);
    let mut d = decision_head(take(&mut it, at, "decision head")?)?;
    for m in it {
        if m.as_rule() == Rule::decision_member {
            if let Some(m) = member(m, errors) {
                d.members.push(m);
            }
        }
    }
    Ok(d)
}

/// The head of a decision (a `decision_head` pair), without members.
pub(super) fn decision_head(head: P) -> Built<DecisionDecl> {
    let at = span(&head);
    let mut hp = parts(head).into_iter().peekable();
    let name = name(take(&mut hp, at, "decision name")?)?;
    let title = match hp.peek() {
        Some(t) if t.as_rule() == Rule::string => Some(string(take(&mut hp, at, "")?)?),
        _ => None,
    };
    let mut requires = Vec::new();
    let mut applies = None;
    let mut roster: Option<Roster> = None;
    for part in hp {
        if part.as_rule() == Rule::decision_group {
            let group = name_of(one(part, "group")?)?;
            roster.get_or_insert_with(Roster::default).group = Some(group);
        } else if part.as_rule() == Rule::decision_rank {
            let r = roster.get_or_insert_with(Roster::default);
            for key in parts(part) {
                let mut it = kids(key);
                let e = expr(take(&mut it, at, "rank key")?)?;
                let desc = !matches!(it.next().map(|d| d.as_rule()), Some(Rule::k_asc));
                r.order.push(RankKey { expr: e, desc });
            }
        } else if part.as_rule() == Rule::decision_applies {
            let e = expr(one(part, "applies")?)?;
            if let Some(err) = super::depth::check(&e) {
                return Err(err);
            }
            applies = Some(e);
        } else {
            requires.push(name_of(part)?);
        }
    }
    Ok(DecisionDecl {
        name,
        title,
        requires,
        applies,
        roster,
        members: Vec::new(),
    })
}

/// A member of a decision (a `decision_member` pair); its error goes to `errors`.
pub(super) fn member(m: P, errors: &mut Vec<SyntaxError>) -> Option<Member> {
    let built = one(m, "decision member").and_then(|inner| match inner.as_rule() {
        Rule::rule => rule(inner).map(Member::Rule),
        _ => out_field(inner).map(Member::Field),
    });
    let checked = built.and_then(|m| {
        let deep = match &m {
            Member::Rule(r) => r
                .when
                .iter()
                .chain(r.effects.iter().map(|e| &e.value))
                .find_map(super::depth::check),
            Member::Field(f) => f.default.as_ref().and_then(super::depth::check),
        };
        match deep {
            Some(e) => Err(e),
            None => Ok(m),
        }
    });
    match checked {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn out_field(p: P) -> Built<OutFieldDecl> {
    let at = span(&p);
    let mut it = parts(p).into_iter();
    let name = name(take(&mut it, at, "field name")?)?;
    let ty = type_expr(take(&mut it, at, "field type")?)?;
    let mut decl = OutFieldDecl {
        name,
        ty,
        optional: false,
        default: None,
        combine: None,
        span: at,
    };
    for rest in it {
        match rest.as_rule() {
            Rule::optional => decl.optional = true,
            Rule::expr => decl.default = Some(expr(rest)?),
            Rule::combine => {
                let c = match rest.as_str() {
                    "max" | "取大" => Combine::Max,
                    "min" | "取小" => Combine::Min,
                    "unique" | "唯一" => Combine::Unique,
                    "every" | "全部" => Combine::Every,
                    _ => Combine::First,
                };
                decl.combine = Some(Spanned::new(c, span(&rest)));
            }
            _ => {}
        }
    }
    Ok(decl)
}

pub(super) fn twice(at: Span, part: &'static str) -> SyntaxError {
    SyntaxError {
        span: at,
        kind: SyntaxErrorKind::RulePartTwice(part),
    }
}

fn rule(p: P) -> Built<RuleDecl> {
    let at = span(&p);
    let mut ids = Vec::new();
    let mut title = None;
    let mut r = RuleDecl {
        ids: Vec::new(),
        title: Spanned::new(String::new(), at),
        source: None,
        see: Vec::new(),
        when: None,
        effects: Vec::new(),
        overrides: Vec::new(),
        quota: None,
        span: at,
    };
    let mut has_then = false;
    for part in parts(p) {
        let ps = span(&part);
        match part.as_rule() {
            Rule::clause_id => ids.push(text(part)),
            Rule::string => title = Some(string(part)?),
            Rule::rule_source => {
                if r.source.is_some() {
                    return Err(twice(ps, "source"));
                }
                r.source = Some(string(one(part, "source")?)?);
            }
            Rule::rule_see => r.see.extend(parts(part).into_iter().map(text)),
            Rule::rule_when => {
                if r.when.is_some() {
                    return Err(twice(ps, "when"));
                }
                r.when = Some(expr(one(part, "condition")?)?);
            }
            Rule::rule_then => {
                if has_then {
                    return Err(twice(ps, "then"));
                }
                has_then = true;
                for e in parts(part) {
                    r.effects.push(effect(e)?);
                }
            }
            Rule::rule_overrides => r.overrides.extend(parts(part).into_iter().map(text)),
            Rule::rule_quota => {
                if r.quota.is_some() {
                    return Err(twice(ps, "quota"));
                }
                let n = one(part, "quota")?;
                let places = match n.as_rule() {
                    Rule::percent => {
                        Places::Percent(n.as_str().trim_end_matches(['%', '％']).to_string())
                    }
                    _ => Places::Count(n.as_str().to_string()),
                };
                r.quota = Some(Spanned::new(places, ps));
            }
            _ => {}
        }
    }
    if !has_then {
        return Err(SyntaxError {
            span: at,
            kind: SyntaxErrorKind::RuleWithoutThen,
        });
    }
    r.ids = ids;
    r.title = title.ok_or_else(|| internal(at, "rule title"))?;
    Ok(r)
}

fn effect(p: P) -> Built<Effect> {
    let at = span(&p);
    let mut it = kids(p);
    let field = name(take(&mut it, at, "effect field")?)?;
    let opp = take(&mut it, at, "effect operator")?;
    let op_at = span(&opp);
    let op = match kids(opp).next().map(|k| k.as_rule()) {
        Some(Rule::k_at_most) => EffectOp::AtMost,
        Some(Rule::k_at_least) => EffectOp::AtLeast,
        Some(Rule::k_requires) => EffectOp::Require,
        _ => EffectOp::Set,
    };
    let value = expr(take(&mut it, at, "effect value")?)?;
    Ok(Effect {
        field,
        op: Spanned::new(op, op_at),
        value,
    })
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn binary(op: BinOp, l: Expr, r: Expr) -> Expr {
    let at = l.span.join(r.span);
    Spanned::new(ExprKind::Binary(op, boxed(l), boxed(r)), at)
}

/// Folds `a op b op c` to the left.
fn fold(p: P, what: &'static str, op_of: impl Fn(&P) -> Option<BinOp>) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let mut acc = expr(take(&mut it, at, what)?)?;
    let mut pending = None;
    for c in it {
        if let Some(op) = op_of(&c) {
            pending = Some(op);
            continue;
        }
        let rhs = expr(c)?;
        let op = pending.take().ok_or_else(|| internal(at, what))?;
        acc = binary(op, acc, rhs);
    }
    Ok(acc)
}

/// Builds any expression-level pair.
pub(super) fn expr(p: P) -> Built<Expr> {
    let p = descend(p);
    match p.as_rule() {
        Rule::quantified => quantified(p),
        Rule::conditional => conditional(p),
        Rule::or_expr => fold(p, "or", |c| {
            (c.as_rule() == Rule::k_or).then_some(BinOp::Or)
        }),
        Rule::and_expr => fold(p, "and", |c| {
            (c.as_rule() == Rule::k_and).then_some(BinOp::And)
        }),
        Rule::not_expr | Rule::unary => prefixed(p),
        Rule::compare => compare(p),
        Rule::range => range(p),
        Rule::sum => fold(p, "sum", |c| match c.as_str() {
            "+" if c.as_rule() == Rule::add_op => Some(BinOp::Add),
            "-" if c.as_rule() == Rule::add_op => Some(BinOp::Sub),
            _ => None,
        }),
        Rule::product => fold(p, "product", |c| {
            if c.as_rule() != Rule::mul_op {
                return None;
            }
            Some(match c.as_str() {
                "/" | "÷" => BinOp::Div,
                _ => BinOp::Mul,
            })
        }),
        Rule::has => has(p),
        Rule::fallback => fold(p, "otherwise", |c| {
            (c.as_rule() == Rule::k_otherwise).then_some(BinOp::Otherwise)
        }),
        Rule::postfix => postfix(p),
        _ => primary(p),
    }
}

/// Steps down the levels of precedence that hold a single operand, in a loop: the builder then
/// recurses once per real level of the expression, not once per grammar rule.
fn descend(mut p: P) -> P {
    loop {
        let wrapper = matches!(
            p.as_rule(),
            Rule::expr
                | Rule::or_expr
                | Rule::and_expr
                | Rule::not_expr
                | Rule::compare
                | Rule::range
                | Rule::sum
                | Rule::product
                | Rule::unary
                | Rule::fallback
                | Rule::postfix
        );
        if !wrapper {
            return p;
        }
        let mut it = kids(p.clone());
        match (it.next(), it.next()) {
            (Some(only), None) => p = only,
            _ => return p,
        }
    }
}

fn quantified(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let q = take(&mut it, at, "quantifier")?;
    let q = match q.as_str() {
        "all" | "所有" => Quantifier::All,
        "count" | "计数" => Quantifier::Count,
        "first" | "首个" => Quantifier::First,
        _ => Quantifier::Any,
    };
    let rest: Vec<P> = it.filter(|c| !is_keyword(c.as_rule())).collect();
    let mut it = rest.into_iter();
    let var = name(take(&mut it, at, "quantifier variable")?)?;
    let list = expr(take(&mut it, at, "quantifier list")?)?;
    let cond = expr(take(&mut it, at, "quantifier condition")?)?;
    Ok(Spanned::new(
        ExprKind::Quantified(q, var, boxed(list), boxed(cond)),
        at,
    ))
}

fn aggregated(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let agg = match take(&mut it, at, "aggregate")?.as_str() {
        "average" | "平均" => Aggregate::Average,
        "minimum" | "最小" => Aggregate::Min,
        "maximum" | "最大" => Aggregate::Max,
        _ => Aggregate::Sum,
    };
    let mut filter = None;
    let mut rest = Vec::new();
    let mut after_where = false;
    for c in it {
        match c.as_rule() {
            Rule::k_where => after_where = true,
            r if is_keyword(r) => after_where = false,
            _ if after_where => {
                filter = Some(boxed(expr(c)?));
                after_where = false;
            }
            _ => rest.push(c),
        }
    }
    let mut it = rest.into_iter();
    let var = name(take(&mut it, at, "aggregate variable")?)?;
    let list = expr(take(&mut it, at, "aggregate list")?)?;
    let value = expr(take(&mut it, at, "aggregate value")?)?;
    Ok(Spanned::new(
        ExprKind::Aggregate(agg, var, boxed(list), filter, boxed(value)),
        at,
    ))
}

fn conditional(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = parts(p).into_iter();
    let c = expr(take(&mut it, at, "if condition")?)?;
    let a = expr(take(&mut it, at, "then branch")?)?;
    let b = expr(take(&mut it, at, "else branch")?)?;
    Ok(Spanned::new(ExprKind::If(boxed(c), boxed(a), boxed(b)), at))
}

fn range(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let lo = expr(take(&mut it, at, "range")?)?;
    match it.next() {
        Some(hi) => Ok(binary(BinOp::Range, lo, expr(hi)?)),
        None => Ok(lo),
    }
}

fn has(p: P) -> Built<Expr> {
    let at = span(&p);
    Ok(Spanned::new(
        ExprKind::Has(boxed(expr(one(p, "has")?)?)),
        at,
    ))
}

/// `非 非 x` or `- - x`: a run of prefixes (`k_not` or `neg`) before an operand, built without
/// recursion; a run longer than the nesting limit is an error at its start.
fn prefixed(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut prefixes = Vec::new();
    let mut operand = None;
    for c in kids(p) {
        match c.as_rule() {
            Rule::k_not | Rule::neg => {
                prefixes.push((c.as_span().start(), c.as_rule() == Rule::k_not))
            }
            _ => operand = Some(c),
        }
    }
    if prefixes.len() > MAX_NESTING {
        return Err(SyntaxError {
            span: Span::new(at.start, at.start),
            kind: SyntaxErrorKind::TooDeep(MAX_NESTING),
        });
    }
    let mut acc = expr(operand.ok_or_else(|| internal(at, "operand"))?)?;
    for (start, not) in prefixes.into_iter().rev() {
        let whole = Span::new(start, acc.span.end);
        let kind = if not {
            ExprKind::Not(boxed(acc))
        } else {
            ExprKind::Neg(boxed(acc))
        };
        acc = Spanned::new(kind, whole);
    }
    Ok(acc)
}

fn compare(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let lhs = expr(take(&mut it, at, "comparison")?)?;
    let Some(next) = it.next() else {
        return Ok(lhs);
    };
    match next.as_rule() {
        Rule::meets => {
            let pat = pattern(one(next, "pattern")?)?;
            Ok(Spanned::new(ExprKind::Meets(boxed(lhs), pat), at))
        }
        Rule::has_no => {
            let grades = parts(next).into_iter().map(name_of).collect::<Built<_>>()?;
            Ok(Spanned::new(ExprKind::HasNo(boxed(lhs), grades), at))
        }
        _ => {
            let op = cmp_op(&next);
            let rhs = expr(take(&mut it, at, "comparison operand")?)?;
            Ok(Spanned::new(
                ExprKind::Binary(op, boxed(lhs), boxed(rhs)),
                at,
            ))
        }
    }
}

fn cmp_op(p: &P) -> BinOp {
    let s = p.as_str().trim();
    match s {
        "<=" | "≤" => BinOp::Le,
        ">=" | "≥" => BinOp::Ge,
        "!=" | "≠" | "不等于" => BinOp::Ne,
        "=" | "==" | "等于" => BinOp::Eq,
        "<" | "低于" => BinOp::Lt,
        ">" | "高于" => BinOp::Gt,
        "属于" | "in" => BinOp::In,
        "不属于" => BinOp::NotIn,
        _ if s.starts_with("not") => BinOp::NotIn,
        _ if s.starts_with("at") && s.ends_with("most") => BinOp::Le,
        _ if s.starts_with("at") && s.ends_with("least") => BinOp::Ge,
        "不超过" | "不高于" => BinOp::Le,
        _ => BinOp::Ge,
    }
}

fn postfix(p: P) -> Built<Expr> {
    let at = span(&p);
    let mut it = kids(p);
    let mut acc = primary(take(&mut it, at, "value")?)?;
    for c in it {
        let cs = span(&c);
        let whole = acc.span.join(cs);
        acc = match c.as_rule() {
            Rule::member => Spanned::new(
                ExprKind::Member(boxed(acc), name(one(c, "member")?)?),
                whole,
            ),
            _ => Spanned::new(
                ExprKind::Index(boxed(acc), boxed(expr(one(c, "index")?)?)),
                whole,
            ),
        };
    }
    Ok(acc)
}

fn primary(p: P) -> Built<Expr> {
    let at = span(&p);
    let kind = match p.as_rule() {
        Rule::number => ExprKind::Number(p.as_str().to_string()),
        Rule::percent => ExprKind::Percent(p.as_str().trim_end_matches(['%', '％']).to_string()),
        Rule::date_lit => ExprKind::Date(p.as_str().to_string()),
        Rule::month_lit => ExprKind::Month(p.as_str().to_string()),
        Rule::quarter_lit => ExprKind::Quarter(p.as_str().to_string()),
        Rule::string => ExprKind::Str(string(p)?.node),
        Rule::bool_lit => ExprKind::Bool(matches!(p.as_str(), "true" | "真")),
        Rule::none_lit => ExprKind::None,
        Rule::duration => {
            let mut it = kids(p);
            let n = take(&mut it, at, "duration amount")?.as_str().to_string();
            let unit = match take(&mut it, at, "duration unit")?.as_str() {
                "个工作日" | "工作日" | "working days" | "working day" | "workdays" | "workday" => {
                    Unit::Workdays
                }
                "个月" | "months" | "month" => Unit::Months,
                "年" | "years" | "year" => Unit::Years,
                "个季度" | "quarters" | "quarter" => Unit::Quarters,
                _ => Unit::Days,
            };
            ExprKind::Duration(n, unit)
        }
        Rule::list => ExprKind::List(kids(p).map(expr).collect::<Built<_>>()?),
        Rule::aggregated => return aggregated(p),
        Rule::call => {
            let mut it = kids(p);
            let callee = name(take(&mut it, at, "function")?)?;
            ExprKind::Call(callee, it.map(expr).collect::<Built<_>>()?)
        }
        Rule::name => ExprKind::Name(name(p)?.node),
        Rule::paren => {
            let mut inner = expr(one(p, "parenthesised expression")?)?;
            inner.span = at;
            return Ok(inner);
        }
        _ => return expr(p),
    };
    Ok(Spanned::new(kind, at))
}

fn pattern(p: P) -> Built<Pattern> {
    let at = span(&p);
    let mut alternatives = Vec::new();
    for group in kids(p) {
        for seq in kids(group) {
            let mut terms = Vec::new();
            for term in kids(seq) {
                let mut it = kids(term);
                let count = take(&mut it, at, "pattern count")?;
                let n = count.as_str().parse::<u32>().map_err(|_| SyntaxError {
                    span: span(&count),
                    kind: SyntaxErrorKind::BadCount(count.as_str().to_string()),
                })?;
                let g = take(&mut it, at, "pattern grade")?;
                let grade = match g.as_rule() {
                    Rule::pattern_grade => {
                        let gi = take(&mut kids(g), at, "grade")?;
                        if gi.as_rule() == Rule::quoted_name {
                            name_of(gi)?
                        } else {
                            Spanned::new(gi.as_str().to_string(), span(&gi))
                        }
                    }
                    _ => Spanned::new(g.as_str().to_string(), span(&g)),
                };
                terms.push(PatternTerm { count: n, grade });
            }
            alternatives.push(terms);
        }
    }
    Ok(Pattern { alternatives })
}
