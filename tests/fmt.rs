//! `rung fmt`: canonical and idempotent, it keeps the tree, every comment and the verdicts;
//! `--keywords` switches the keyword language; the shipped policies are kept formatted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rung::fmt::{format, Keywords, Options};
use rung::syntax;

fn rung(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rung")
}

fn rung_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rung_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rung") {
            out.push(path);
        }
    }
}

/// Every policy file of the repository: the shipped policies and the test fixtures.
fn every_policy() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rung_files(Path::new("policies"), &mut files);
    rung_files(Path::new("tests/fixtures"), &mut files);
    files.sort();
    files
}

/// A tree without its spans (some nodes carry a bare `Span`, which equality compares).
fn shape(p: &syntax::ast::Policy) -> String {
    let text = format!("{:?}", p.items);
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("span: Span {") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let close = after.find('}').map_or(after.len(), |j| j + 1);
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

fn zh() -> Options {
    Options::default()
}

#[test]
fn formatting_keeps_the_tree_and_every_comment_and_is_idempotent() {
    let mut formatted = 0;
    for path in every_policy() {
        let text = std::fs::read_to_string(&path).expect("read");
        let Ok(tree) = syntax::parse(&text) else {
            assert!(format(&text, zh()).is_err(), "{}", path.display());
            continue;
        };
        let once = format(&text, zh()).expect("formats");
        let again =
            syntax::parse(&once).unwrap_or_else(|e| panic!("{}: {e:?}\n{once}", path.display()));
        assert!(
            shape(&again) == shape(&tree),
            "{}: the tree changed",
            path.display()
        );
        let texts = |p: &syntax::ast::Policy| -> Vec<String> {
            p.comments
                .iter()
                .map(|c| c.text.trim_end().to_string())
                .collect()
        };
        assert_eq!(texts(&again), texts(&tree), "{}: comments", path.display());
        assert_eq!(
            format(&once, zh()).ok(),
            Some(once.clone()),
            "{}: not idempotent",
            path.display()
        );
        formatted += 1;
    }
    assert!(formatted >= 10, "{formatted} files formatted");
}

#[test]
fn the_shipped_policies_are_formatted() {
    let mut files = Vec::new();
    rung_files(Path::new("policies"), &mut files);
    let mut args = vec!["fmt", "--check"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = rung(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "run `rung fmt policies/*.rung`; not formatted:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_lists_a_misformatted_copy_and_fmt_rewrites_it() {
    let dir = std::env::temp_dir().join(format!("rung-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string("tests/fixtures/policies/probation.zh.rung").expect("read");
    let messy = text
        .replace("  可转正: 布尔\n", "可转正  :布尔\n\n\n")
        .replace("当 转正.可转正 且", "当   转正.可转正\n且");
    assert_ne!(messy, text);
    let copy = dir.join("messy.rung");
    std::fs::write(&copy, &messy).expect("write");
    let name = copy.display().to_string();
    let out = rung(&["fmt", "--check", &name]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), name);
    assert_eq!(
        std::fs::read_to_string(&copy).ok().as_deref(),
        Some(messy.as_str()),
        "--check writes nothing"
    );
    assert_eq!(rung(&["fmt", &name]).status.code(), Some(0));
    let fixed = std::fs::read_to_string(&copy).expect("read");
    // Three blank lines become one; the rest is as the author formatted it.
    assert_eq!(
        fixed,
        text.replace("  可转正: 布尔\n", "  可转正: 布尔\n\n")
    );
    assert_eq!(rung(&["fmt", "--check", &name]).status.code(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_with_syntax_errors_is_left_alone_with_its_errors() {
    let out = rung(&[
        "fmt",
        "--check",
        "tests/fixtures/check/err/syntax_errors.rung",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("语法错误"));
}

#[test]
fn long_conditions_break_at_and_and_record_comments_align() {
    let src = "记录 员工 {\n  工号: 文本 标识 # 工号\n  很长的字段名称: 日期? # 说明\n}\n决定 d {\n  x: 布尔 = 假\n  规则 1 \"t\"\n    当 有 很长的字段名称 且 很长的字段名称 > 2026-01-01 且 很长的字段名称 < 2027-01-01 且 工号 ≠ \"甲\"\n    则 x = 真\n}\n";
    let out = format(src, zh()).expect("formats");
    assert!(
        out.contains("  工号: 文本 标识        # 工号\n  很长的字段名称: 日期?  # 说明\n"),
        "{out}"
    );
    assert!(
        out.contains("    当 有 很长的字段名称\n      且 很长的字段名称 > 2026-01-01\n      且 很长的字段名称 < 2027-01-01\n      且 工号 ≠ \"甲\"\n"),
        "{out}"
    );
}

#[test]
fn parentheses_are_kept_where_precedence_needs_them() {
    let src = "定义 a = (1 + 2) * 3 - (4 - 5)\n定义 b = 非 (真 且 假) 或 (任一 x 属于 [1] 满足 x > 0) 且 真\n定义 c = -(1 + 2)\n";
    let out = format(src, zh()).expect("formats");
    assert_eq!(
        out,
        "定义 a = (1 + 2) * 3 - (4 - 5)\n定义 b = 非 (真 且 假) 或 (任一 x 属于 [1] 满足 x > 0) 且 真\n定义 c = -(1 + 2)\n"
    );
}

/// The JSON verdicts of a policy text on a roster (as `rung eval --format json` writes them).
fn verdicts(policy_text: &str, dir: &Path, roster: &str) -> String {
    let path = dir.join(format!("v-{}.rung", std::process::id()));
    std::fs::write(&path, policy_text).expect("write");
    let name = path.display().to_string();
    let out = rung(&[
        "eval",
        "--policy",
        &name,
        "--as-of",
        "2026-07-03",
        "--format",
        "json",
        roster,
    ]);
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The verdicts, without the conditions they quote from the policy's text.
    let mut lines = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        // The header names the policy's file and hashes its text, which differ here.
        if v.get("header").is_some() {
            continue;
        }
        if let Some(ds) = v.get_mut("decisions").and_then(|d| d.as_object_mut()) {
            for d in ds.values_mut() {
                if let Some(d) = d.as_object_mut() {
                    d.remove("applies_when");
                }
            }
        }
        lines.push(v.to_string());
    }
    lines.join("\n")
}

#[test]
fn keywords_switch_language_and_the_verdicts_stay() {
    let zh_text = std::fs::read_to_string("tests/fixtures/policies/probation.zh.rung").expect("zh");
    let en_text = std::fs::read_to_string("tests/fixtures/policies/probation.en.rung").expect("en");
    let en = Options {
        keywords: Some(Keywords::En),
    };
    let to_en = format(&zh_text, en).expect("formats");
    // The hand-written English policy, but for its first comment.
    let body = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&to_en), body(&en_text));
    let back = format(
        &to_en,
        Options {
            keywords: Some(Keywords::Zh),
        },
    )
    .expect("formats");
    assert_eq!(back, format(&zh_text, zh()).expect("formats"));

    let reference =
        std::fs::read_to_string("policies/客服部任职发展管理制度.rung").expect("policy");
    let english = format(&reference, en).expect("formats");
    assert!(english.contains("\n  rule 8.4.1.2.B "), "{english}");
    assert!(!english.contains("规则 "));
    let dir = Path::new("policies");
    let roster = "examples/roster.jsonl";
    let en_verdicts = verdicts(&english, dir, roster);
    let zh_verdicts = verdicts(&reference, dir, roster);
    assert!(
        en_verdicts == zh_verdicts,
        "the English policy's verdicts differ"
    );
    assert_eq!(en_verdicts.lines().count(), 37);
    let zh_again = format(
        &english,
        Options {
            keywords: Some(Keywords::Zh),
        },
    )
    .expect("formats");
    // The same tree (`至` has no English word: it comes back as `..`).
    let tree = |t: &str| shape(&syntax::parse(t).expect("parses"));
    assert!(tree(&zh_again) == tree(&reference));
}

/// The text of the first fenced block of `docs/fmt.md` tagged `tag`.
fn doc_block(tag: &str) -> String {
    let doc = std::fs::read_to_string("docs/fmt.md").expect("docs/fmt.md");
    let fence = format!("```rung,{tag}\n");
    let start = doc.find(&fence).expect("block") + fence.len();
    let len = doc[start..].find("```").expect("end of block");
    doc[start..start + len].to_string()
}

#[test]
fn the_example_of_the_documentation_formats_as_it_says() {
    let before = doc_block("unformatted");
    let after = doc_block("formatted");
    assert_eq!(format(&before, zh()).expect("formats"), after);
    assert_eq!(format(&after, zh()).expect("formats"), after);
}
