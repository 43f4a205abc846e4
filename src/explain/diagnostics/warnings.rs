//! Explain stage: the words for the checker's warnings (its lints).

use crate::check::warning::{CheckWarning, CheckWarningKind};
use crate::diag::{Diagnostic, Lang};

use super::{Words, Words3};

/// A check warning as a diagnostic in the given language.
pub fn warning(e: &CheckWarning, lang: Lang) -> Diagnostic {
    let w = Words { lang };
    let (message, label, help) = warning_words(&e.kind, &w);
    let mut d = Diagnostic::warning(e.kind.code(), message, e.span, label);
    d.help = help;
    if let CheckWarningKind::Overlap {
        other,
        other_span,
        unique,
        ..
    } = &e.kind
    {
        let label = if *unique {
            w.t(
                format!("`{other}` 与它同时生效时,该记录无法评估"),
                format!("if `{other}` fires too, the record cannot be evaluated"),
            )
        } else {
            w.t(
                format!("`{other}` 在前,会先生效"),
                format!("`{other}` comes first and wins"),
            )
        };
        d.related.push((*other_span, label));
    }
    if let CheckWarningKind::BoundedBeside { limits, .. } = &e.kind {
        for (_, span) in limits {
            d.related.push((*span, w.t("限制在这里", "a limit")));
        }
    }
    d
}

fn warning_words(kind: &CheckWarningKind, w: &Words) -> Words3 {
    use CheckWarningKind as K;
    if let Some(words) = super::law::warning_words(kind, w) {
        return words;
    }
    match kind {
        K::UnusedLet { name } => (
            w.t(
                format!("定义 `{name}` 没有被使用"),
                format!("definition `{name}` is never used"),
            ),
            w.t("未使用", "unused"),
            Some(w.t("删除它,或在规则中用到它", "remove it or use it in a rule")),
        ),
        K::UnusedParam { name } => (
            w.t(
                format!("参数 `{name}` 没有被使用"),
                format!("parameter `{name}` is never used"),
            ),
            w.t("未使用", "unused"),
            None,
        ),
        K::AssumedParam { name, table, note } => (
            w.t(
                format!("{} `{name}` 不是制度规定的", if *table { "表" } else { "参数" }),
                format!(
                    "{} `{name}` is not set by the source",
                    if *table { "table" } else { "parameter" }
                ),
            ),
            w.t("自定的值", "assumed value"),
            note.as_ref()
                .map(|n| w.t(format!("说明:{n}"), format!("note: {n}"))),
        ),
        K::UnsourcedParam { name, table } => (
            w.t(
                format!("{} `{name}` 没有出处", if *table { "表" } else { "参数" }),
                format!(
                    "{} `{name}` has no provenance",
                    if *table { "table" } else { "parameter" }
                ),
            ),
            w.t("出处不明", "source unknown"),
            Some(w.t(
                "写明出处 `出处 \"8.2.2\"`;制度没有规定的,写 `自定 \"原因\"`",
                "say where it comes from with `from \"8.2.2\"`, or `assumed \"why\"` when the source does not set it",
            )),
        ),
        K::NoSource { rule } => (
            w.t(
                format!("规则 `{rule}` 没有原文"),
                format!("rule `{rule}` has no source sentence"),
            ),
            w.t("这条规则", "this rule"),
            Some(w.t(
                "用 `原文 \"…\"` 附上条款原文,解释时会引用它",
                "add the clause's sentence with `source \"…\"`; explanations quote it",
            )),
        ),
        K::UnknownClause { clause } => (
            w.t(
                format!("`参见` 的条款 `{clause}` 不存在"),
                format!("cited clause `{clause}` does not exist"),
            ),
            w.t("这条规则", "this rule"),
            Some(w.t(
                format!("用 `条款 {clause} \"标题\" 原文 \"…\"` 引入它"),
                format!("declare it with `clause {clause} \"title\" source \"…\"`"),
            )),
        ),
        K::Contradiction { rule } => (
            w.t(
                format!("规则 `{rule}` 永远不会生效"),
                format!("rule `{rule}` can never fire"),
            ),
            w.t("条件互相矛盾", "its conditions contradict each other"),
            Some(w.t(
                "检查条件中对同一个值的要求,如 `岗位 = 客服 且 岗位 = 班组长`",
                "look for two demands on one value, such as `岗位 = 客服 and 岗位 = 班组长`",
            )),
        ),
        K::Shadowed { rule, by, field } => (
            w.t(
                format!("规则 `{rule}` 永远不会生效"),
                format!("rule `{rule}` can never fire"),
            ),
            w.t(
                format!("`{by}` 总是先设定 `{field}`"),
                format!("`{by}` always sets `{field}` first"),
            ),
            None,
        ),
        K::Overlap {
            rule,
            other,
            field,
            ordered,
            ..
        } => {
            let larger = if *ordered {
                w.t(
                    format!(";要取较大的值,把 `{field}` 声明为 `取大`"),
                    format!("; to take the larger value, declare `{field}` with `max`"),
                )
            } else {
                String::new()
            };
            (
                w.t(
                    format!("规则 `{rule}` 与 `{other}` 可能同时生效,给 `{field}` 不同的值"),
                    format!(
                        "rules `{rule}` and `{other}` may both fire and give `{field}` different values"
                    ),
                ),
                w.t("这条规则", "this rule"),
                Some(w.t(
                    format!("用 `优先于` 写明哪条优先,或让两条的条件互斥{larger}"),
                    format!(
                        "say which wins with `overrides`, or make the conditions exclusive{larger}"
                    ),
                )),
            )
        }
        K::BoundedBeside {
            rule,
            field,
            others,
            limits,
        } => {
            let ids: Vec<&str> = limits.iter().map(|(i, _)| i.as_str()).collect();
            let (zh, en) = (others.join("`、`"), others.join("`, `"));
            (
                w.t(
                    format!(
                        "规则 `{rule}` 在设定 `{field}` 的同时设定了 `{zh}`,而 `{field}` 会被 `{}` 限制",
                        ids.join("`、`")
                    ),
                    format!(
                        "rule `{rule}` sets `{en}` beside `{field}`, which `{}` can limit",
                        ids.join("`, `")
                    ),
                ),
                w.t("这条规则", "this rule"),
                Some(w.t(
                    format!("限制只改 `{field}`,`{zh}` 不会随之改变;请让 `{zh}` 由最终的 `{field}` 决定(写成另一条规则,条件中读 `{field}`)"),
                    format!("a limit changes only `{field}`, not `{en}`; let `{en}` follow the final `{field}` (set it in another rule whose condition reads `{field}`)"),
                )),
            )
        }
        K::ProbationTooLong { .. } | K::ProbationIncomplete { .. } => {
            (kind.code().to_string(), w.here(), None)
        }
    }
}
