//! The syntax tree of a file with errors: the items and rules that parsed are kept, with spans
//! in the whole file, beside every error; comments and blank lines are kept for `rung fmt`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::syntax::ast::{ItemKind, Member};
use rung::syntax::{self, SyntaxErrorKind};

const BROKEN: &str = "# 头注释
制度 \"示例\"

记录 员工 { 工号: 文本 标识 }
定义 坏 = 1 +
定义 好 = 2 # 行尾注释

决定 d {
  值: 数值 = 0
  规则 1 \"坏规则\" 当 则 值 = 1
  规则 2 \"好规则\"
    当 好 > 1
    则 值 = 2
  规则 3 \"没有则\" 当 真
}
参数 p = 3 出处 \"1\"
";

fn names(policy: &syntax::ast::Policy) -> Vec<String> {
    policy
        .items
        .iter()
        .map(|i| match &i.node {
            ItemKind::Header(s) => s.node.clone(),
            ItemKind::Record(r) => r.name.node.clone(),
            ItemKind::Let(l) => l.name.node.clone(),
            ItemKind::Param(p) => p.name.node.clone(),
            ItemKind::Decision(d) => d.name.node.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn the_items_that_parse_survive_the_errors() {
    let parsed = syntax::parse_recovering(BROKEN);
    assert_eq!(names(&parsed.policy), ["示例", "员工", "好", "d", "p"]);
    assert_eq!(parsed.errors.len(), 3, "{:?}", parsed.errors);
    assert!(matches!(
        parsed.errors[0].kind,
        SyntaxErrorKind::Unexpected { .. }
    ));
    assert_eq!(parsed.errors[2].kind, SyntaxErrorKind::RuleWithoutThen);
    // Spans point into the whole file, not into the piece that was parsed.
    for item in &parsed.policy.items {
        if let ItemKind::Let(l) = &item.node {
            assert_eq!(&BROKEN[l.name.span.start..l.name.span.end], "好");
            assert_eq!(&BROKEN[l.value.span.start..l.value.span.end], "2");
        }
        if let ItemKind::Decision(d) = &item.node {
            let rules: Vec<&str> = d.rules().map(|r| r.ids[0].node.as_str()).collect();
            assert_eq!(rules, ["2"], "the rule that parsed is kept");
            assert_eq!(d.fields().count(), 1);
            let Some(Member::Rule(r)) = d.members.get(1) else {
                panic!("rule 2");
            };
            let when = r.when.as_ref().expect("condition");
            assert_eq!(&BROKEN[when.span.start..when.span.end], "好 > 1");
        }
    }
    // The strict form gives the same errors.
    assert_eq!(syntax::parse(BROKEN).err(), Some(parsed.errors));
}

#[test]
fn a_file_that_parses_has_no_errors_and_the_same_tree_both_ways() {
    let text = std::fs::read_to_string("policies/客服部任职发展管理制度.rung").expect("policy");
    let parsed = syntax::parse_recovering(&text);
    assert!(parsed.errors.is_empty());
    assert_eq!(syntax::parse(&text).ok(), Some(parsed.policy));
}

#[test]
fn comments_and_blank_lines_are_kept() {
    let parsed = syntax::parse_recovering(BROKEN);
    let comments: Vec<(&str, &str)> = parsed
        .policy
        .comments
        .iter()
        .map(|c| (c.text.as_str(), &BROKEN[c.span.start..c.span.end]))
        .collect();
    assert_eq!(
        comments,
        [(" 头注释", "# 头注释"), (" 行尾注释", "# 行尾注释")]
    );
    let blank: Vec<usize> = BROKEN
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .filter(|(_, line)| line.trim().is_empty())
        .map(|(start, _)| start)
        .collect();
    assert_eq!(blank.len(), 2);
    assert_eq!(parsed.policy.blank_lines, blank);
}

#[test]
fn hashes_and_blank_lines_inside_strings_are_not_trivia() {
    let src = "制度 \"a # b\"\n条款 1 \"t\" 原文 \"一\n\n二\"\n定义 「x#y」 = 1\n";
    let parsed = syntax::parse_recovering(src);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert!(parsed.policy.comments.is_empty());
    assert!(parsed.policy.blank_lines.is_empty());
}

#[test]
fn every_comment_of_the_shipped_policies_is_kept() {
    for path in [
        "policies/客服部任职发展管理制度.rung",
        "tests/fixtures/policies/probation.zh.rung",
        "tests/fixtures/policies/probation.en.rung",
    ] {
        let text = std::fs::read_to_string(path).expect("policy");
        let parsed = syntax::parse_recovering(&text);
        let hashes = text.lines().filter(|l| l.contains('#')).count();
        assert_eq!(parsed.policy.comments.len(), hashes, "{path}");
    }
}
