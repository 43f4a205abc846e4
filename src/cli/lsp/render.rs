//! `rung lsp`: the words of hovers and completions, in Chinese or English, from the editor
//! support's data.

use lsp_types::{CompletionItem, CompletionItemKind};

use rung::diag::Lang;
use rung::ide::{Analysis, EffectKind, Hover, PatternTerm, SymbolKind};
use rung::program::{Combine, Provenance, Type};

/// A hover as Markdown.
pub fn hover(h: &Hover, a: &Analysis, lang: Lang) -> String {
    let ty = |t: &Option<Type>| match (t, a.program()) {
        (Some(t), Some(p)) => format!(
            ": {}",
            rung::explain::diagnostics::type_name(&t.describe(p.schema()), lang)
        ),
        _ => String::new(),
    };
    match h {
        Hover::Rule {
            ids,
            title,
            source,
            decision,
            when,
            effects,
        } => {
            let mut s = format!(
                "**{} {}** {title}  \n{} `{decision}`",
                lang.pick("规则", "rule"),
                ids.join(", "),
                lang.pick("决定", "decision"),
            );
            if let Some(src) = source {
                s.push_str(&format!("\n\n> {src}"));
            }
            if let Some(w) = when {
                s.push_str(&format!("\n\n**{}** `{w}`", lang.pick("当", "when")));
            }
            if !effects.is_empty() {
                s.push_str(&format!("\n\n**{}**", lang.pick("则", "then")));
                for e in effects {
                    let op = match e.kind {
                        EffectKind::Set => "=",
                        EffectKind::AtMost => lang.pick("不超过", "at most"),
                        EffectKind::AtLeast => lang.pick("不低于", "at least"),
                        EffectKind::Require => lang.pick("要求", "requires"),
                    };
                    s.push_str(&format!("\n- `{} {op} {}`", e.field, e.value));
                }
            }
            s
        }
        Hover::Clause { id, title, source } => {
            let mut s = format!("**{} {id}** {title}", lang.pick("条款", "clause"));
            if let Some(src) = source {
                s.push_str(&format!("\n\n> {src}"));
            }
            s
        }
        Hover::Param {
            name,
            ty: t,
            value,
            provenance,
        } => {
            let mut s = format!(
                "**{} {name}**{} = `{value}`",
                lang.pick("参数", "param"),
                ty(t)
            );
            match provenance {
                Some(Provenance::From(src)) => {
                    s.push_str(&format!("\n\n{} {src}", lang.pick("出处", "from")));
                }
                Some(Provenance::Assumed(why)) => {
                    s.push_str(&format!(
                        "\n\n**{}**",
                        lang.pick(
                            "自定(制度未规定)",
                            "assumed (the regulation does not set it)"
                        )
                    ));
                    if let Some(why) = why {
                        s.push_str(&format!(":{why}"));
                    }
                }
                None => s.push_str(&format!(
                    "\n\n{}",
                    lang.pick("未注明出处", "no provenance given")
                )),
            }
            s
        }
        Hover::Let { name, ty: t, value } => format!(
            "**{} {name}**{}\n\n```rung\n{value}\n```",
            lang.pick("定义", "let"),
            ty(t)
        ),
        Hover::Field {
            name,
            ty: t,
            optional,
            ..
        } => {
            let opt = if *optional {
                lang.pick("(可缺)", " (optional)")
            } else {
                ""
            };
            format!(
                "**{} {name}**{}{opt}",
                lang.pick("记录字段", "record field"),
                ty(t)
            )
        }
        Hover::Outcome {
            decision,
            name,
            ty: t,
            combine,
            rules,
        } => {
            let mut s = format!(
                "**{} {decision}.{name}**{}",
                lang.pick("结果字段", "outcome"),
                ty(t)
            );
            if let Some(c) = combine {
                let (zh, en) = match c {
                    Combine::First => ("首条", "first"),
                    Combine::Max => ("取大", "max"),
                    Combine::Min => ("取小", "min"),
                    Combine::Unique => ("唯一", "unique"),
                    Combine::Every => ("全部", "every"),
                };
                s.push_str(&format!(
                    "  \n{}{}",
                    lang.pick("合并方式:", "combined by: "),
                    lang.pick(zh, en)
                ));
            }
            if !rules.is_empty() {
                s.push_str(&format!(
                    "  \n{}{}",
                    lang.pick("由规则设定:", "set by rules: "),
                    rules.join(", ")
                ));
            }
            s
        }
        Hover::Rung {
            ladder,
            rung,
            position,
            count,
        } => lang.fmt(
            format!("**「{rung}」**:阶梯 `{ladder}` 第 {position} 级(共 {count} 级,自下而上)"),
            format!(
                "**「{rung}」**: rung {position} of {count} on ladder `{ladder}` (lowest first)"
            ),
        ),
        Hover::Grade {
            scale,
            level,
            levels,
        } => {
            let place = levels.iter().position(|l| l == level).map_or(0, |i| i + 1);
            lang.fmt(
                format!(
                    "**{level}**:等级 `{scale}`({}),由好到差第 {place} 档",
                    levels.join(" > ")
                ),
                format!(
                    "**{level}**: level {place} (best first) of scale `{scale}` ({})",
                    levels.join(" > ")
                ),
            )
        }
        Hover::Pattern { text, alternatives } => {
            let alts: Vec<String> = alternatives
                .iter()
                .map(|alt| {
                    let terms: Vec<String> = alt.iter().map(|t| term(t, lang)).collect();
                    terms.join(lang.pick(",且", ", and "))
                })
                .collect();
            format!("**{text}**:{}", alts.join(lang.pick(";或 ", "; or ")))
        }
        Hover::Builtin { zh, en } => {
            let mut s = format!(
                "**{}** `{zh}` · `{en}`",
                lang.pick("内置函数", "built-in function")
            );
            if let Some(d) = super::docs::builtin(zh) {
                s.push_str(&format!("\n\n`{}` · `{}`\n\n{}", d.zh, d.en, d.about));
            }
            s
        }
        Hover::Keyword { spellings } => {
            let words: Vec<String> = spellings.iter().map(|w| format!("`{w}`")).collect();
            let mut s = format!(
                "**{}** {}",
                lang.pick("关键字", "keyword"),
                words.join(" · ")
            );
            if let Some(meaning) = super::docs::keyword(spellings) {
                s.push_str(&format!("\n\n{meaning}"));
            }
            s
        }
        Hover::Other { name, kind } => format!("**{}** {name}", kind_word(*kind, lang)),
    }
}

/// A pattern's term in words: `至少 3 个 A 或以上`.
fn term(t: &PatternTerm, lang: Lang) -> String {
    let (n, l) = (t.count, &t.level);
    match (t.or_better, lang) {
        (true, Lang::Zh) => format!("至少 {n} 个 {l} 或以上"),
        (false, Lang::Zh) => format!("至少 {n} 个 {l}"),
        (true, Lang::En) => format!("at least {n} grade(s) of {l} or better"),
        (false, Lang::En) => format!("at least {n} grade(s) of {l}"),
    }
}

fn kind_word(k: SymbolKind, lang: Lang) -> &'static str {
    let (zh, en) = match k {
        SymbolKind::Policy => ("制度", "policy"),
        SymbolKind::Scale => ("等级", "scale"),
        SymbolKind::Grade => ("等级档次", "grade"),
        SymbolKind::Ladder => ("阶梯", "ladder"),
        SymbolKind::Major => ("大级", "major rung"),
        SymbolKind::Minor => ("小级", "minor rung"),
        SymbolKind::Type => ("类型", "type"),
        SymbolKind::EnumMember => ("枚举成员", "enum member"),
        SymbolKind::Record => ("记录", "record"),
        SymbolKind::Field => ("记录字段", "record field"),
        SymbolKind::Param => ("参数", "param"),
        SymbolKind::Let => ("定义", "let"),
        SymbolKind::Clause => ("条款", "clause"),
        SymbolKind::Decision => ("决定", "decision"),
        SymbolKind::Outcome => ("结果字段", "outcome"),
        SymbolKind::Rule => ("规则", "rule"),
        SymbolKind::Process => ("流程", "process"),
        SymbolKind::Step => ("步骤", "step"),
    };
    lang.pick(zh, en)
}

/// Completions: declared names, rungs, and keywords and built-in functions in the file's
/// keyword language (a function with how it is called, from the reference).
pub fn completion(a: &Analysis) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = a
        .completion_names()
        .into_iter()
        .map(|(name, kind)| CompletionItem {
            label: name,
            kind: Some(match kind {
                SymbolKind::Rule | SymbolKind::Clause => CompletionItemKind::REFERENCE,
                SymbolKind::Field | SymbolKind::Outcome => CompletionItemKind::FIELD,
                SymbolKind::Param => CompletionItemKind::CONSTANT,
                SymbolKind::Let => CompletionItemKind::VARIABLE,
                SymbolKind::Grade
                | SymbolKind::Major
                | SymbolKind::Minor
                | SymbolKind::EnumMember => CompletionItemKind::ENUM_MEMBER,
                _ => CompletionItemKind::CLASS,
            }),
            ..CompletionItem::default()
        })
        .collect();
    let english = a.english_keywords();
    items.extend(rung::ide::builtins().into_iter().map(|(zh, en)| {
        let doc = super::docs::builtin(zh);
        CompletionItem {
            label: (if english { en } else { zh }).to_string(),
            kind: Some(CompletionItemKind::FUNCTION),
            detail: doc.map(|d| format!("{}: {}", if english { d.en } else { d.zh }, d.about)),
            ..CompletionItem::default()
        }
    }));
    items.extend(
        rung::ide::keywords(english)
            .into_iter()
            .map(|k| CompletionItem {
                label: k.to_string(),
                kind: Some(CompletionItemKind::KEYWORD),
                ..CompletionItem::default()
            }),
    );
    items
}
