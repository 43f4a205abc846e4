//! Explain stage: a policy's semantic diff and a roster's changed verdicts in words: text for
//! the terminal (Chinese or English), Markdown for a review comment (a table per decision), JSON
//! for tools. The data comes from `diff`; nothing here compares anything.

pub mod json;
pub mod markdown;
mod roster;

use crate::diag::Lang;
use crate::diff::canon::{op_symbol, pattern_text};
use crate::diff::{
    combine_word, Action, Change, Detail, Effect, Leaf, Origin, Piece, Places, PolicyDiff, Ranking,
    Subject,
};
use crate::explain::diagnostics::type_name;
use crate::explain::format::to_text;

pub use roster::{roster_markdown, roster_text};

/// What a kind of thing is called.
pub fn subject_word(s: Subject, lang: Lang) -> &'static str {
    let (zh, en) = match s {
        Subject::Policy => ("制度", "policy"),
        Subject::Calendar => ("日历", "calendar"),
        Subject::Scale => ("等级", "scale"),
        Subject::Ladder => ("阶梯", "ladder"),
        Subject::Enum => ("类型", "enum"),
        Subject::Type => ("记录类型", "record type"),
        Subject::Record => ("记录", "record"),
        Subject::Param => ("参数", "parameter"),
        Subject::Table => ("表", "table"),
        Subject::Definition => ("定义", "definition"),
        Subject::Clause => ("条款", "clause"),
        Subject::Decision => ("决定", "decision"),
        Subject::Rule => ("规则", "rule"),
        Subject::Process => ("流程", "process"),
        Subject::Step => ("步骤", "step"),
        Subject::Probation => ("试用期", "probation"),
    };
    lang.pick(zh, en)
}

/// What happened to it.
pub fn action_word(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::Added => lang.pick("新增", "added"),
        Action::Removed => lang.pick("删除", "removed"),
        Action::Changed => lang.pick("修改", "changed"),
    }
}

/// The head of a change: `规则 8.4.1.2.B「中(二)级以下晋级2个小级」(职级晋升):修改`.
pub fn head(c: &Change, lang: Lang) -> String {
    let mut s = format!("{} {}", subject_word(c.subject, lang), c.name);
    if let Some(t) = &c.title {
        s.push_str(&lang.fmt(format!("「{t}」"), format!(" \"{t}\"")));
    }
    if let Some(w) = &c.within {
        s.push_str(&lang.fmt(format!("({w})"), format!(" ({w})")));
    }
    s.push_str(lang.pick(":", ": "));
    s.push_str(action_word(c.action, lang));
    s
}

fn list(xs: &[String], lang: Lang) -> String {
    if xs.is_empty() {
        return lang.pick("(无)", "(none)").to_string();
    }
    xs.join(lang.pick("、", ", "))
}

fn opt(x: Option<&str>, lang: Lang) -> String {
    x.map_or_else(
        || lang.pick("(无)", "(none)").to_string(),
        |s| format!("`{s}`"),
    )
}

fn effect_word(e: Effect, lang: Lang) -> &'static str {
    match e {
        Effect::Set => lang.pick("取值", "sets"),
        Effect::AtMost => lang.pick("上限", "caps"),
        Effect::AtLeast => lang.pick("下限", "floors"),
        Effect::Requires => lang.pick("要求", "requires"),
    }
}

/// The points where two expressions of the same shape differ: `75 → 76`, `模式 3A → 2A`.
pub fn leaves_text(leaves: &[Leaf], lang: Lang) -> String {
    let or = lang.pick(" 或 ", " or ");
    let parts: Vec<String> = leaves
        .iter()
        .map(|l| match l {
            Leaf::Value { old, new } => format!("{} → {}", to_text(old, lang), to_text(new, lang)),
            Leaf::Pattern { old, new } => format!(
                "{}{} → {}",
                lang.pick("模式 ", "pattern "),
                pattern_text(old, or),
                pattern_text(new, or)
            ),
            Leaf::Excluded { old, new } => format!(
                "{}{} → {}",
                lang.pick("排除 ", "excluded "),
                list(old, lang),
                list(new, lang)
            ),
            Leaf::Name { old, new } => format!("{old} → {new}"),
            Leaf::Op { old, new } => format!("{} → {}", op_symbol(*old), op_symbol(*new)),
        })
        .collect();
    parts.join(lang.pick(";", "; "))
}

fn with_leaves(s: String, leaves: &[Leaf], lang: Lang) -> String {
    if leaves.is_empty() {
        s
    } else {
        lang.fmt(
            format!("{s}({})", leaves_text(leaves, lang)),
            format!("{s} ({})", leaves_text(leaves, lang)),
        )
    }
}

/// A character diff as text: `[-删去-]{+加上+}`; in Markdown `~~删去~~**加上**`.
pub fn pieces_text(pieces: &[Piece], markdown: bool) -> String {
    let (d0, d1, i0, i1) = if markdown {
        ("~~", "~~", "**", "**")
    } else {
        ("[-", "-]", "{+", "+}")
    };
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => s.clone(),
            Piece::Del(s) => format!("{d0}{s}{d1}"),
            Piece::Ins(s) => format!("{i0}{s}{i1}"),
        })
        .collect()
}

fn origin(o: Option<&Origin>, lang: Lang) -> String {
    match o {
        None => lang.pick("(未注明)", "(none given)").to_string(),
        Some(Origin::From { clause }) => {
            lang.fmt(format!("出处 {clause}"), format!("from {clause}"))
        }
        Some(Origin::Assumed { why }) => match why {
            Some(w) => lang.fmt(format!("自定({w})"), format!("assumed ({w})")),
            None => lang.pick("自定", "assumed").to_string(),
        },
    }
}

fn yes(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// A roster decision's grouping and order, as the policy would write it.
fn ranking_text(r: Option<&Ranking>, lang: Lang) -> String {
    let Some(r) = r else {
        return lang.pick("(逐条记录)", "(record by record)").to_string();
    };
    let keys: Vec<String> = r
        .order
        .iter()
        .map(|k| match (k.desc, lang) {
            (true, Lang::Zh) => format!("{} 降序", k.by),
            (false, Lang::Zh) => format!("{} 升序", k.by),
            (true, Lang::En) => format!("{} desc", k.by),
            (false, Lang::En) => format!("{} asc", k.by),
        })
        .collect();
    let sep = lang.pick("、", ", ");
    match (&r.group, lang) {
        (Some(g), Lang::Zh) => format!("按 {g} 排名 {}", keys.join(sep)),
        (None, Lang::Zh) => format!("全体排名 {}", keys.join(sep)),
        (Some(g), Lang::En) => format!("per {g} ranked by {}", keys.join(sep)),
        (None, Lang::En) => format!("whole roster ranked by {}", keys.join(sep)),
    }
}

/// A rule's places in its group.
fn places_text(p: Option<&Places>, lang: Lang) -> String {
    match p {
        None => lang.pick("(无)", "(none)").to_string(),
        Some(Places::Count { count }) => count.to_string(),
        Some(Places::Share { percent }) => format!("{percent}%"),
    }
}

/// `label old → new`, the label in the language of the text.
fn arrow(
    l: Lang,
    zh: &str,
    en: &str,
    old: impl std::fmt::Display,
    new: impl std::fmt::Display,
) -> String {
    format!("{} {old} → {new}", l.pick(zh, en))
}

/// One detail in words, on one line.
pub fn detail_text(d: &Detail, lang: Lang, markdown: bool) -> String {
    let l = lang;
    match d {
        Detail::Name { old, new } => {
            l.fmt(format!("名称 {old} → {new}"), format!("name {old} → {new}"))
        }
        Detail::Title { old, new } => arrow(
            l,
            "标题",
            "title",
            opt(old.as_deref(), l),
            opt(new.as_deref(), l),
        ),
        Detail::Ids { old, new } => arrow(l, "条款编号", "clause ids", list(old, l), list(new, l)),
        Detail::Sentence { old, new, diff } => {
            let body = match (old, new) {
                (Some(_), Some(_)) => pieces_text(diff, markdown),
                (None, Some(s)) => l.fmt(format!("新增「{s}」"), format!("added \"{s}\"")),
                (Some(s), None) => l.fmt(format!("删去「{s}」"), format!("dropped \"{s}\"")),
                (None, None) => String::new(),
            };
            l.fmt(format!("原文:{body}"), format!("sentence: {body}"))
        }
        Detail::See { old, new } => arrow(l, "参见", "cites", list(old, l), list(new, l)),
        Detail::Moved { old, new } => l.fmt(
            format!("从决定 {old} 移到 {new}"),
            format!("moved from decision {old} to {new}"),
        ),
        Detail::ConditionAdded { text } => l.fmt(
            format!("增加条件 `{text}`"),
            format!("condition added: `{text}`"),
        ),
        Detail::ConditionDropped { text } => l.fmt(
            format!("删去条件 `{text}`"),
            format!("condition dropped: `{text}`"),
        ),
        Detail::ConditionChanged { old, new, leaves } => with_leaves(
            l.fmt(
                format!("条件 `{old}` 改为 `{new}`"),
                format!("condition `{old}` became `{new}`"),
            ),
            leaves,
            l,
        ),
        Detail::EffectAdded {
            field,
            effect,
            text,
        } => l.fmt(
            format!("增加结果:{field} {} `{text}`", effect_word(*effect, l)),
            format!("effect added: {field} {} `{text}`", effect_word(*effect, l)),
        ),
        Detail::EffectRemoved {
            field,
            effect,
            text,
        } => l.fmt(
            format!("删去结果:{field} {} `{text}`", effect_word(*effect, l)),
            format!(
                "effect dropped: {field} {} `{text}`",
                effect_word(*effect, l)
            ),
        ),
        Detail::EffectChanged {
            field,
            effect,
            old,
            new,
            leaves,
        } => with_leaves(
            l.fmt(
                format!(
                    "结果 {field} {} `{old}` 改为 `{new}`",
                    effect_word(*effect, l)
                ),
                format!(
                    "effect {field} {} `{old}` became `{new}`",
                    effect_word(*effect, l)
                ),
            ),
            leaves,
            l,
        ),
        Detail::Ranking { old, new } => arrow(
            l,
            "名册排名",
            "roster ranking",
            ranking_text(old.as_ref(), l),
            ranking_text(new.as_ref(), l),
        ),
        Detail::Quota { old, new } => arrow(
            l,
            "名额",
            "quota",
            places_text(old.as_ref(), l),
            places_text(new.as_ref(), l),
        ),
        Detail::Overrides { old, new } => {
            arrow(l, "优先于", "overrides", list(old, l), list(new, l))
        }
        Detail::FieldAdded {
            field,
            ty,
            optional,
        } => {
            let q = if *optional { "?" } else { "" };
            let t = type_name(ty, l);
            l.fmt(
                format!("新增字段 {field}: {t}{q}"),
                format!("field added: {field}: {t}{q}"),
            )
        }
        Detail::FieldRemoved { field } => l.fmt(
            format!("删除字段 {field}"),
            format!("field removed: {field}"),
        ),
        Detail::FieldType { field, old, new } => l.fmt(
            format!(
                "字段 {field} 类型 {} → {}",
                type_name(old, l),
                type_name(new, l)
            ),
            format!(
                "field {field} type {} → {}",
                type_name(old, l),
                type_name(new, l)
            ),
        ),
        Detail::FieldOptional { field, new, .. } => match new {
            true => l.fmt(
                format!("字段 {field} 改为可选"),
                format!("field {field} made optional"),
            ),
            false => l.fmt(
                format!("字段 {field} 改为必填"),
                format!("field {field} made required"),
            ),
        },
        Detail::FieldDefault {
            field,
            old,
            new,
            leaves,
        } => with_leaves(
            l.fmt(
                format!(
                    "字段 {field} 默认值 {} → {}",
                    opt(old.as_deref(), l),
                    opt(new.as_deref(), l)
                ),
                format!(
                    "field {field} default {} → {}",
                    opt(old.as_deref(), l),
                    opt(new.as_deref(), l)
                ),
            ),
            leaves,
            l,
        ),
        Detail::RecordDefault { field, old, new } => {
            let v = |x: &Option<crate::verdict::Value>| {
                x.as_ref()
                    .map_or_else(|| l.pick("(无)", "(none)").to_string(), |v| to_text(v, l))
            };
            l.fmt(
                format!("字段 {field} 默认值 {} → {}", v(old), v(new)),
                format!("field {field} default {} → {}", v(old), v(new)),
            )
        }
        Detail::FieldRange { field, old, new } => {
            let r = |x: &[Option<String>; 2]| {
                let [a, b] = x;
                format!(
                    "{}..{}",
                    a.as_deref().unwrap_or(""),
                    b.as_deref().unwrap_or("")
                )
            };
            l.fmt(
                format!("字段 {field} 取值范围 {} → {}", r(old), r(new)),
                format!("field {field} range {} → {}", r(old), r(new)),
            )
        }
        Detail::Combine { field, old, new } => {
            let w = |c| combine_name(c, l);
            l.fmt(
                format!("字段 {field} 的合并方式 {} → {}", w(*old), w(*new)),
                format!("field {field} combines {} → {}", w(*old), w(*new)),
            )
        }
        Detail::RuleOrder { field, old, new } => l.fmt(
            format!(
                "字段 {field} 的规则次序(首条生效){} → {}",
                list(old, l),
                list(new, l)
            ),
            format!(
                "order of the rules of {field} (first wins) {} → {}",
                list(old, l),
                list(new, l)
            ),
        ),
        Detail::Applies { old, new } => arrow(
            l,
            "仅当",
            "applies when",
            opt(old.as_deref(), l),
            opt(new.as_deref(), l),
        ),
        Detail::Requires { old, new } => arrow(l, "需要", "needs", list(old, l), list(new, l)),
        Detail::Value { old, new } => arrow(l, "取值", "value", to_text(old, l), to_text(new, l)),
        Detail::Entry { key, old, new } => {
            let value = |v: &Option<crate::verdict::Value>| {
                v.as_ref().map_or_else(
                    || l.pick("(未列)", "(not listed)").to_string(),
                    |v| to_text(v, l),
                )
            };
            l.fmt(
                format!("条目 {}:{} → {}", to_text(key, l), value(old), value(new)),
                format!("entry {}: {} → {}", to_text(key, l), value(old), value(new)),
            )
        }
        Detail::TableDefault { old, new } => {
            let value = |v: &Option<crate::verdict::Value>| {
                v.as_ref()
                    .map_or_else(|| l.pick("(无)", "(none)").to_string(), |v| to_text(v, l))
            };
            arrow(l, "否则", "else", value(old), value(new))
        }
        Detail::Provenance { old, new } => arrow(
            l,
            "来源",
            "provenance",
            origin(old.as_ref(), l),
            origin(new.as_ref(), l),
        ),
        Detail::Type { old, new } => arrow(l, "类型", "type", type_name(old, l), type_name(new, l)),
        Detail::Expr {
            part,
            old,
            new,
            leaves,
        } => {
            let p = part.as_deref().map(|p| format!("{p} ")).unwrap_or_default();
            let (o, n) = (opt(old.as_deref(), l), opt(new.as_deref(), l));
            with_leaves(
                l.fmt(format!("{p}{o} 改为 {n}"), format!("{p}{o} became {n}")),
                leaves,
                l,
            )
        }
        Detail::Members { old, new } => format!("{} → {}", list(old, l), list(new, l)),
        Detail::Key { old, new } => arrow(
            l,
            "标识字段",
            "key field",
            opt(old.as_deref(), l),
            opt(new.as_deref(), l),
        ),
        Detail::Days { days, more } => {
            let mut parts: Vec<String> = days
                .iter()
                .map(|d| {
                    let w = |b: bool| {
                        l.pick(
                            if b { "工作日" } else { "休息日" },
                            if b { "working day" } else { "day off" },
                        )
                    };
                    let f = d
                        .festival
                        .as_deref()
                        .map(|f| format!("({f})"))
                        .unwrap_or_default();
                    format!("{}{f} {} → {}", d.date, w(d.old), w(d.new))
                })
                .collect();
            if *more > 0 {
                parts.push(l.fmt(format!("另 {more} 天"), format!("and {more} more days")));
            }
            parts.join(l.pick(";", "; "))
        }
        Detail::Covers { old, new } => {
            let ys = |v: &[i32]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
            l.fmt(
                format!("覆盖年份 {} → {}", list(&ys(old), l), list(&ys(new), l)),
                format!(
                    "years covered {} → {}",
                    list(&ys(old), l),
                    list(&ys(new), l)
                ),
            )
        }
        Detail::By { old, new } => arrow(l, "由", "by", list(old, l), list(new, l)),
        Detail::Produces { old, new } => arrow(l, "产出", "produces", list(old, l), list(new, l)),
        Detail::Flag { flag, new, .. } => {
            let (zh, en) = match flag.as_str() {
                "optional" => ("可选", "optional"),
                _ => ("期限为约数", "deadline approximate"),
            };
            l.fmt(
                format!("{zh}:{}", yes(*new, l)),
                format!("{en}: {}", yes(*new, l)),
            )
        }
    }
}

fn combine_name(c: crate::program::Combine, lang: Lang) -> String {
    let zh = match combine_word(c) {
        "first" => "首条",
        "max" => "取大",
        "min" => "取小",
        "every" => "全部",
        _ => "唯一",
    };
    lang.pick(zh, combine_word(c)).to_string()
}

/// The reach of a changed definition or parameter.
fn reaches_text(c: &Change, lang: Lang) -> Option<String> {
    if c.reaches.is_empty() {
        return None;
    }
    Some(lang.fmt(
        format!("影响条款 {}", list(&c.reaches, lang)),
        format!("reaches clauses {}", list(&c.reaches, lang)),
    ))
}

/// The one-line summary: how many changes, or none.
pub fn summary(d: &PolicyDiff, lang: Lang) -> String {
    let n = d.changes.len();
    let names = if d.old == d.new {
        d.new.clone()
    } else {
        format!("{} → {}", d.old, d.new)
    };
    if n == 0 {
        lang.fmt(
            format!("{names}:没有语义变化"),
            format!("{names}: no semantic change"),
        )
    } else {
        lang.fmt(
            format!("{names}:{n} 处变化"),
            format!("{names}: {n} change(s)"),
        )
    }
}

/// The diff as text for the terminal: a head per changed thing, a line per detail.
pub fn text(d: &PolicyDiff, lang: Lang) -> String {
    let mut out = String::new();
    for c in &d.changes {
        out.push_str(&head(c, lang));
        out.push('\n');
        for x in &c.details {
            out.push_str("  · ");
            out.push_str(&detail_text(x, lang, false));
            out.push('\n');
        }
        if let Some(r) = reaches_text(c, lang) {
            out.push_str("  → ");
            out.push_str(&r);
            out.push('\n');
        }
    }
    out.push_str(&summary(d, lang));
    out.push('\n');
    out
}
