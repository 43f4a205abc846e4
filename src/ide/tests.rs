//! Editor support on the reference policy: hover, definition, references, outline.

use super::*;
use crate::check::DirLoader;
use crate::diag::Lang;

const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/客服部任职发展管理制度.rung"
);

fn reference() -> Analysis {
    let text = std::fs::read_to_string(POLICY).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies");
    Analysis::new(POLICY, &text, &DirLoader::new(dir), Lang::Zh)
}

fn at(a: &Analysis, needle: &str, nth: usize) -> usize {
    a.source()
        .text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap()
}

#[test]
fn hover_on_a_rule_id_quotes_the_clause_and_what_it_sets() {
    let a = reference();
    let (_, h) = a
        .hover(at(&a, "规则 8.4.1.2.B", 0) + "规则 ".len())
        .unwrap();
    let Hover::Rule {
        ids,
        source,
        effects,
        decision,
        ..
    } = h
    else {
        panic!("{h:?}")
    };
    assert_eq!(ids, ["8.4.1.2.B"]);
    assert_eq!(decision, "职级晋升");
    assert!(source
        .unwrap()
        .starts_with("前6个月考核成绩3A(含)以上且无C、D"));
    assert_eq!(effects[0].field, "小级数");
    assert_eq!(effects[0].value, "2");
}

#[test]
fn hover_on_a_parameter_gives_its_value_and_provenance() {
    let a = reference();
    let (_, h) = a.hover(at(&a, "评审及格线", 1)).unwrap();
    let Hover::Param {
        value, provenance, ..
    } = h
    else {
        panic!("{h:?}")
    };
    assert_eq!(value, "80");
    assert!(matches!(
        provenance,
        Some(crate::program::Provenance::Assumed(_))
    ));
}

#[test]
fn hover_on_a_pattern_gives_its_terms() {
    let a = reference();
    let (_, h) = a.hover(at(&a, "2A(或1S)", 1)).unwrap();
    let Hover::Pattern { alternatives, .. } = h else {
        panic!("{h:?}")
    };
    assert_eq!(alternatives.len(), 2);
    assert_eq!(alternatives[0][0].count, 2);
    assert_eq!(alternatives[0][0].level, "A");
}

#[test]
fn hover_on_a_rung_gives_its_place() {
    let a = reference();
    let (_, h) = a.hover(at(&a, "中(二)级客服(一般)」", 0)).unwrap();
    let Hover::Rung {
        rung,
        position,
        count,
        ..
    } = h
    else {
        panic!("{h:?}")
    };
    assert_eq!(rung, "中(二)级客服(一般)");
    assert!(position > 1 && position < count);
}

#[test]
fn definition_and_references_of_a_definition() {
    let a = reference();
    let use_at = at(&a, "前6个月 达到", 0);
    let def = a.definition(use_at).unwrap();
    assert_eq!(a.source().text.get(def.start..def.end), Some("前6个月"));
    assert!(a.source().text.get(..def.start).unwrap().ends_with("定义 "));
    let refs = a.references(use_at);
    assert_eq!(refs[0], def);
    assert!(refs.len() > 5, "{refs:?}");
}

#[test]
fn definition_of_an_overridden_rule_id() {
    let a = reference();
    let Some(i) = a.source().text.find("优先于 ") else {
        return;
    };
    let def = a.definition(i + "优先于 ".len() + 1).unwrap();
    assert!(a
        .source()
        .text
        .get(..def.start)
        .unwrap()
        .trim_end()
        .ends_with("规则"));
}

#[test]
fn the_outline_lists_decisions_and_their_rules() {
    let a = reference();
    let d = a
        .outline()
        .iter()
        .find(|s| s.kind == SymbolKind::Decision && s.name == "职级晋升")
        .unwrap();
    assert!(d
        .children
        .iter()
        .any(|c| c.kind == SymbolKind::Rule && c.name == "8.4.1.2.B"));
    assert!(d
        .children
        .iter()
        .any(|c| c.kind == SymbolKind::Outcome && c.name == "小级数"));
}

#[test]
fn every_prefix_of_the_reference_policy_answers() {
    let text = std::fs::read_to_string(POLICY).unwrap();
    let loader = crate::check::MemoryLoader::new();
    // A stride through the text and some line ends; `RUNG_EVERY_PREFIX=1` tries every prefix.
    let every = std::env::var_os("RUNG_EVERY_PREFIX").is_some();
    let cuts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .enumerate()
        .filter(|(n, i)| {
            every
                || n % 211 == 0
                || (n % 4 == 0 && text.get(*i..).is_some_and(|r| r.starts_with('\n')))
        })
        .map(|(_, i)| i)
        .collect();
    for cut in cuts {
        let prefix = text.get(..cut).unwrap();
        let a = Analysis::new("p.rung", prefix, &loader, Lang::Zh);
        for offset in [0, cut / 2, cut] {
            let _ = a.hover(offset);
            let _ = a.definition(offset);
            let _ = a.references(offset);
        }
        let _ = a.completion_names();
    }
}

#[test]
fn the_outline_survives_a_syntax_error_elsewhere() {
    let text = std::fs::read_to_string(POLICY).unwrap();
    // Break one rule's condition; the decisions around it keep their outline.
    let broken = text.replacen("当 在评定窗口", "当 在评定窗口 且 且", 1);
    let a = Analysis::new(
        "p.rung",
        &broken,
        &crate::check::MemoryLoader::new(),
        Lang::Zh,
    );
    assert!(a.diagnostics().iter().any(|d| d.is_error()));
    let names: Vec<&str> = a.outline().iter().map(|s| s.name.as_str()).collect();
    for want in ["入职定级", "转正定级", "职务晋升", "降级"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let use_at = a.source().text.find("前6个月 达到").unwrap() + 1;
    assert!(a.definition(use_at).is_some());
}

const NEWER: &str = "制度 \"新内置\"\n记录 员工 { 工号: 文本 标识  部门: 文本  入职日期: 日期  得分: 数值  \
请假: 列表[数值] }\n定义 周几 = 星期(入职日期)\n定义 半数 = 整除(10, 2) + 余数(7, 2) + 取整(得分) + \
向下取整(得分) + 向上取整(得分)\n定义 请假合计 = 合计 x 属于 请假 取 x\n\
决定 评优 按 部门 排名 得分 降序, 工号 升序 {\n  优秀: 布尔 = 假\n  名次: 整数 = 组内名次()\n  \
人数: 整数 = 组内人数()\n  规则 1 \"名额\" 原文 \"……\" 当 得分 >= 80 名额 2 则 优秀 = 真\n  \
规则 2 \"均分\" 原文 \"……\" 当 组内平均(得分) < 60 则 优秀 = 假 优先于 1\n}\n";

fn newer() -> Analysis {
    Analysis::new(
        "new.rung",
        NEWER,
        &crate::check::MemoryLoader::new(),
        Lang::Zh,
    )
}

#[test]
fn hover_on_a_newer_builtin_names_it_in_both_languages() {
    let a = newer();
    assert!(a.program().is_some(), "{:?}", a.diagnostics());
    for (zh, en) in [
        ("星期", "weekday"),
        ("整除", "quotient"),
        ("余数", "remainder"),
        ("向下取整", "floor"),
        ("向上取整", "ceil"),
        ("组内名次", "group_rank"),
        ("组内人数", "group_size"),
        ("组内平均", "group_mean"),
    ] {
        let (span, h) = a.hover(at(&a, &format!("{zh}("), 0)).unwrap();
        assert_eq!(
            h,
            Hover::Builtin {
                zh: zh.into(),
                en: en.into()
            }
        );
        assert_eq!(&NEWER[span.start..span.end], zh);
    }
    // `取整(` is the function, not the end of `向下取整(`.
    let (_, h) = a.hover(at(&a, " 取整(", 0) + 1).unwrap();
    assert!(matches!(h, Hover::Builtin { en, .. } if en == "round_int"));
}

#[test]
fn hover_on_a_newer_keyword_gives_all_its_spellings() {
    let a = newer();
    for (word, spellings) in [
        (
            "= 合计",
            vec![
                "sum", "合计", "average", "平均", "minimum", "最小", "maximum", "最大",
            ],
        ),
        ("排名", vec!["ranked by", "排名"]),
        ("名额 2", vec!["quota", "名额"]),
        ("按 ", vec!["per", "按"]),
        ("优先于", vec!["overrides", "优先于"]),
    ] {
        let skip = if word.starts_with('=') { 2 } else { 0 };
        let (_, h) = a.hover(at(&a, word, 0) + skip).unwrap();
        assert_eq!(
            h,
            Hover::Keyword {
                spellings: spellings.into_iter().map(String::from).collect()
            },
            "{word}"
        );
    }
    // A declared name is the declaration, not a word of the language.
    let (_, h) = a.hover(at(&a, "名次:", 0)).unwrap();
    assert!(matches!(h, Hover::Outcome { .. }), "{h:?}");
}

#[test]
fn completion_words_come_from_the_checkers_tables() {
    let zh = keywords(false);
    for k in [
        "合计", "平均", "最小", "最大", "表", "全部", "按", "排名", "名额", "降序",
    ] {
        assert!(zh.contains(&k), "{k} not among the keywords");
    }
    assert!(!zh.contains(&"quota") && keywords(true).contains(&"ranked by"));
    let names: Vec<&str> = builtins().into_iter().map(|(zh, _)| zh).collect();
    for f in [
        "星期",
        "节日",
        "整除",
        "余数",
        "取整",
        "向下取整",
        "向上取整",
        "组内人数",
        "组内名次",
        "组内平均",
    ] {
        assert!(names.contains(&f), "{f} not among the built-in functions");
    }
    assert_eq!(
        builtins().len(),
        crate::check::builtin_names().count(),
        "one list"
    );
}
