//! `rung diff` as a reviewer uses it: one edit of the reference policy names exactly the clause
//! and what changed; layout and keyword language change nothing; the people counts on the
//! example roster agree with evaluating both versions directly; standard input and git's diff
//! driver work in a real repository.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::check::DirLoader;
use rung::diag::Lang;
use rung::diff::roster::{Differ, Limits};
use rung::diff::{Action, Detail, Subject};
use rung::program::Program;
use rung::records::{self, Encoding, Format};
use rung::verdict::{Options, RecordVerdict};

const REFERENCE: &str = "policies/客服部任职发展管理制度.rung";
const ROSTER: &str = "examples/roster.jsonl";

/// Compiles a policy whose calendar lies beside the reference policy.
fn compile(path: &str) -> Program {
    let text = std::fs::read_to_string(path).unwrap();
    rung::compile(path, &text, &DirLoader::new("policies"))
        .unwrap_or_else(|f| panic!("{path}: {f}"))
        .program
}

fn rung(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rung");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or(b"")).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rung"))
        .collect();
    v.sort();
    v
}

fn kinds(details: &[Detail]) -> Vec<&'static str> {
    details
        .iter()
        .map(|d| match d {
            Detail::Sentence { .. } => "sentence",
            Detail::ConditionChanged { .. } => "condition_changed",
            Detail::ConditionAdded { .. } => "condition_added",
            Detail::ConditionDropped { .. } => "condition_dropped",
            Detail::EffectRemoved { .. } => "effect_removed",
            Detail::FieldAdded { .. } => "field_added",
            Detail::RecordDefault { .. } => "record_default",
            Detail::FieldOptional { .. } => "field_optional",
            _ => "other",
        })
        .collect()
}

#[test]
fn one_edit_names_exactly_the_changed_clause_and_what_changed() {
    let reference = compile(REFERENCE);
    // (fixture, subject, name, action, the kinds of detail)
    let expected: &[(&str, Subject, &str, Action, &[&str])] = &[
        (
            "pattern",
            Subject::Rule,
            "8.4.1.2.B",
            Action::Changed,
            &["sentence", "condition_changed"],
        ),
        (
            "removed_clause",
            Subject::Rule,
            "8.4.1.2.C",
            Action::Removed,
            &[
                "sentence",
                "condition_dropped",
                "condition_dropped",
                "condition_dropped",
                "condition_dropped",
                "condition_dropped",
                "effect_removed",
            ],
        ),
        (
            "required_field",
            Subject::Record,
            "员工",
            Action::Changed,
            &["field_optional"],
        ),
        (
            "reworded",
            Subject::Rule,
            "7.2.1",
            Action::Changed,
            &["sentence"],
        ),
        (
            "schema",
            Subject::Record,
            "员工",
            Action::Changed,
            &["field_added", "record_default"],
        ),
        (
            "threshold",
            Subject::Rule,
            "9.4.1.1",
            Action::Changed,
            &["sentence", "condition_changed"],
        ),
    ];
    let files = fixtures("tests/fixtures/diff/changed");
    assert_eq!(files.len(), expected.len(), "{files:?}");
    for (file, (name, subject, id, action, details)) in files.iter().zip(expected) {
        assert!(file.ends_with(format!("{name}.rung")), "{file:?}");
        let edited = compile(file.to_str().unwrap());
        let diff = rung::diff::diff(&reference, &edited);
        assert_eq!(diff.changes.len(), 1, "{name}: {:#?}", diff.changes);
        let c = &diff.changes[0];
        assert_eq!(
            (c.subject, c.name.as_str(), c.action),
            (*subject, *id, *action),
            "{name}"
        );
        assert_eq!(kinds(&c.details), *details, "{name}: {:#?}", c.details);
        // Backwards, the same clause changes the other way.
        let back = rung::diff::diff(&edited, &reference);
        assert_eq!(back.changes.len(), 1, "{name} backwards");
        assert_eq!(back.changes[0].name, *id);
    }
}

#[test]
fn what_changed_is_said_in_the_regulations_terms() {
    let reference = compile(REFERENCE);
    let text = |name: &str, lang: Lang| {
        let edited = compile(&format!("tests/fixtures/diff/changed/{name}.rung"));
        rung::explain::diff::text(&rung::diff::diff(&reference, &edited), lang)
    };
    let threshold = text("threshold", Lang::Zh);
    assert!(threshold.contains("规则 9.4.1.1"), "{threshold}");
    assert!(threshold.contains("(75 → 76)"), "{threshold}");
    assert!(threshold.contains("≥7[-5-]{+6+}分"), "{threshold}");
    let pattern = text("pattern", Lang::En);
    assert!(
        pattern.contains("pattern 3A or 1S+1A → 2A or 1S+1A"),
        "{pattern}"
    );
    let schema = text("schema", Lang::Zh);
    assert!(schema.contains("新增字段 工作地点: 文本?"), "{schema}");
}

#[test]
fn text_output_snapshots() {
    for file in fixtures("tests/fixtures/diff/changed") {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read(&file).unwrap();
        // The edited copy comes on standard input, as from `git show REV:path`; its calendar
        // is read beside the other version.
        let out = rung(&["diff", REFERENCE, "-"], Some(&text));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        insta::assert_snapshot!(format!("text_{name}"), stdout(&out));
    }
    let out = rung(
        &[
            "diff",
            REFERENCE,
            "tests/fixtures/diff/changed/pattern.rung",
            "--records",
            ROSTER,
            "--as-of",
            "2026-07-03",
            "--format",
            "markdown",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("markdown_pattern_roster", stdout(&out));
}

#[test]
fn layout_comments_and_keyword_language_are_no_change() {
    let reference = compile(REFERENCE);
    for file in fixtures("tests/fixtures/diff/same") {
        let other = compile(file.to_str().unwrap());
        let diff = rung::diff::diff(&reference, &other);
        assert!(diff.is_empty(), "{file:?}: {:#?}", diff.changes);
        let out = rung(&["diff", REFERENCE, file.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0), "{file:?}: {}", stdout(&out));
        assert!(stdout(&out).contains("没有语义变化"));
    }
}

fn rung_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rung_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rung") {
            out.push(p);
        }
    }
}

#[test]
fn formatting_never_changes_the_diff() {
    let mut files = Vec::new();
    rung_files(Path::new("policies"), &mut files);
    rung_files(Path::new("tests/fixtures"), &mut files);
    let mut compared = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display().to_string();
        let loader = DirLoader::new(file.parent().unwrap());
        let Ok(original) = rung::compile(&name, &text, &loader) else {
            continue;
        };
        for keywords in [
            None,
            Some(rung::fmt::Keywords::En),
            Some(rung::fmt::Keywords::Zh),
        ] {
            let options = rung::fmt::Options { keywords };
            let formatted = rung::fmt::format(&text, options).unwrap();
            let again = rung::compile(&name, &formatted, &loader)
                .unwrap_or_else(|f| panic!("{name} formatted ({keywords:?}): {f}"));
            let diff = rung::diff::diff(&original.program, &again.program);
            assert!(
                diff.is_empty(),
                "{name} ({keywords:?}): {:#?}",
                diff.changes
            );
        }
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} policies compared");
}

fn read(p: &Program) -> records::Records<'_> {
    let f = std::fs::File::open(ROSTER).unwrap();
    records::read(p.schema(), Format::JsonLines, Encoding::Auto, f, Lang::Zh).unwrap()
}

/// Per (decision, field, old, new): how many records, evaluating both versions directly.
fn direct_counts(old: &Program, new: &Program) -> BTreeMap<String, usize> {
    let as_of = Date::from_ymd(2026, 7, 3).unwrap();
    let verdicts = |p: &Program| -> Vec<Option<RecordVerdict>> {
        let file = std::fs::File::open(ROSTER).unwrap();
        let rs = records::read(
            p.schema(),
            Format::JsonLines,
            Encoding::Auto,
            file,
            Lang::Zh,
        )
        .unwrap();
        Batch::verdicts(p, as_of, rs, Options::default())
            .map(|i| match i {
                Item::Verdict(v) => Some(v),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (verdicts(old), verdicts(new));
    assert_eq!(a.len(), b.len());
    let mut counts = BTreeMap::new();
    for (x, y) in a.iter().zip(&b) {
        let (Some(x), Some(y)) = (x, y) else { continue };
        for d in &y.decisions {
            let Some(e) = x.decision(&d.name) else {
                continue;
            };
            for (field, v) in &d.outcome.0 {
                let Some(w) = e.value(field) else { continue };
                if v != w {
                    let key = format!("{}.{field}: {w:?} → {v:?}", d.name);
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
        }
    }
    counts
}

#[test]
fn the_people_counts_agree_with_evaluating_both_versions() {
    let reference = compile(REFERENCE);
    let as_of = Date::from_ymd(2026, 7, 3).unwrap();
    let mut total_changes = 0;
    for file in fixtures("tests/fixtures/diff/changed") {
        let edited = compile(file.to_str().unwrap());
        let diff = rung::diff::diff(&reference, &edited);
        let mut a = Batch::verdicts(&reference, as_of, read(&reference), Options::default());
        let mut b = Batch::verdicts(&edited, as_of, read(&edited), Options::default());
        let names = edited.decisions().iter().map(|d| d.name.clone()).collect();
        let mut differ = Differ::new(&diff, names, Limits::default());
        loop {
            let (x, y) = (a.next(), b.next());
            if x.is_none() && y.is_none() {
                break;
            }
            differ.add(x, y);
        }
        let roster = differ.finish();
        let mut counts = BTreeMap::new();
        for d in &roster.decisions {
            assert_eq!(d.other, 0);
            for g in &d.groups {
                let Some(field) = &g.field else { continue };
                let key = format!("{}.{field}: {:?} → {:?}", d.decision, g.old, g.new);
                *counts.entry(key).or_insert(0) += g.count;
                assert_eq!(g.ids.len().min(20), g.ids.len());
            }
        }
        let direct = direct_counts(&reference, &edited);
        assert_eq!(counts, direct, "{file:?}");
        assert_eq!(roster.read, roster.compared + roster.failed, "{file:?}");
        total_changes += direct.values().sum::<usize>();
    }
    // The threshold, pattern and removed clause change some verdicts of the example roster.
    assert!(total_changes > 0);
}

#[test]
fn records_unreadable_under_one_version_are_reported_and_counted() {
    let out = rung(
        &[
            "diff",
            REFERENCE,
            "tests/fixtures/diff/changed/required_field.rung",
            "--records",
            ROSTER,
            "--as-of",
            "2026-07-03",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let r = &json["roster"];
    let (read, compared, failed) = (
        r["read"].as_u64().unwrap(),
        r["compared"].as_u64().unwrap(),
        r["failed"].as_u64().unwrap(),
    );
    assert_eq!(read, 37);
    assert_eq!(read, compared + failed);
    assert!(failed > 0);
    let problems = r["problems"].as_array().unwrap();
    assert_eq!(problems.len() as u64, failed);
    for p in problems {
        assert_eq!(p["under"], "new");
        assert_eq!(p["file"], ROSTER);
        assert_eq!(p["field"], "现岗位起始日期");
        assert!(p["line"].as_u64().unwrap() >= 1);
        assert!(p["message"].as_str().unwrap().contains("现岗位起始日期"));
    }
}

#[test]
fn the_list_of_ids_is_bounded_and_says_so() {
    let out = rung(
        &[
            "diff",
            REFERENCE,
            "tests/fixtures/diff/changed/removed_clause.rung",
            "--records",
            ROSTER,
            "--as-of",
            "2026-07-03",
            "--sample",
            "0",
            "--lang",
            "en",
        ],
        None,
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("the first 0 listed"), "{text}");
}

#[test]
fn errors_in_either_version_exit_2_with_the_diagnostics() {
    let broken = b"\xe8\xae\xb0\xe5\xbd\x95 \xe5\x91\x98\xe5\xb7\xa5 {";
    let out = rung(&["diff", REFERENCE, "-"], Some(broken));
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(!out.stderr.is_empty());
    let out = rung(&["diff", "no/such.rung", REFERENCE], None);
    assert_eq!(out.status.code(), Some(2));
    let out = rung(&["diff", REFERENCE], None);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn the_json_format_is_the_change_list() {
    let out = rung(
        &[
            "diff",
            REFERENCE,
            "tests/fixtures/diff/changed/threshold.rung",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["changed"], true);
    let c = &json["policy"]["changes"][0];
    assert_eq!(c["subject"], "rule");
    assert_eq!(c["name"], "9.4.1.1");
    assert_eq!(c["within"], "职务晋升");
    assert_eq!(c["action"], "changed");
    let leaf = &c["details"][1]["leaves"][0];
    assert_eq!(
        (
            leaf["kind"].as_str(),
            leaf["old"].as_i64(),
            leaf["new"].as_i64()
        ),
        (Some("value"), Some(75), Some(76))
    );
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn git_show_on_stdin_and_the_git_diff_driver() {
    let dir = std::env::temp_dir().join(format!("rung-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("policies/calendars")).unwrap();
    let policy = dir.join("policies/客服部任职发展管理制度.rung");
    std::fs::copy(REFERENCE, &policy).unwrap();
    std::fs::copy(
        "policies/calendars/cn-2020-2026.csv",
        dir.join("policies/calendars/cn-2020-2026.csv"),
    )
    .unwrap();
    std::fs::write(dir.join(".gitattributes"), "*.rung diff=rung\n").unwrap();
    git(&dir, &["init", "-q"]);
    let driver = format!("{} diff --git", env!("CARGO_BIN_EXE_rung"));
    git(&dir, &["config", "diff.rung.command", &driver]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "policy"]);
    std::fs::copy("tests/fixtures/diff/changed/threshold.rung", &policy).unwrap();

    // `git show REV:path | rung diff - path`: the old version's calendar is found beside the
    // new one.
    let old = git(&dir, &["show", "HEAD:policies/客服部任职发展管理制度.rung"]);
    let path = policy.to_str().unwrap();
    let out = rung(&["diff", "-", path], Some(&old.stdout));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("规则 9.4.1.1"), "{}", stdout(&out));

    // `git diff` calls the driver with seven arguments.
    let out = git(&dir, &["diff"]);
    let text = stdout(&out);
    assert!(
        text.contains("rung diff policies/客服部任职发展管理制度.rung"),
        "{text}"
    );
    assert!(text.contains("(75 → 76)"), "{text}");
    assert!(
        !text.contains("@@"),
        "git's own line diff was shown: {text}"
    );

    // An added file (old side /dev/null) and a removed one.
    std::fs::copy(
        "tests/fixtures/diff/changed/pattern.rung",
        dir.join("policies/新.rung"),
    )
    .unwrap();
    git(&dir, &["add", "-N", "policies/新.rung"]);
    let text = stdout(&git(&dir, &["diff", "--", "policies/新.rung"]));
    assert!(text.contains("新增制度"), "{text}");
    git(&dir, &["rm", "-q", "--cached", "policies/新.rung"]);
    std::fs::remove_file(dir.join("policies/新.rung")).unwrap();
    std::fs::remove_file(&policy).unwrap();
    let text = stdout(&git(&dir, &["diff"]));
    assert!(text.contains("删除制度"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The diff of the small example policy against a copy with `edits` (pairs of text to replace).
fn edited(edits: &[(&str, &str)]) -> rung::diff::PolicyDiff {
    let base = std::fs::read_to_string("tests/fixtures/diff/base/example.rung").unwrap();
    let mut text = base.clone();
    for (a, b) in edits {
        assert!(text.contains(a), "{a}");
        text = text.replacen(a, b, 1);
    }
    let load = rung::check::MemoryLoader::new();
    let old = rung::compile("example.rung", &base, &load).unwrap();
    let new = rung::compile("example.rung", &text, &load).unwrap_or_else(|f| panic!("{f}\n{text}"));
    rung::diff::diff(&old.program, &new.program)
}

fn only(diff: &rung::diff::PolicyDiff) -> (&rung::diff::Change, &Detail) {
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let c = &diff.changes[0];
    assert_eq!(c.details.len(), 1, "{:#?}", c.details);
    (c, &c.details[0])
}

#[test]
fn a_rule_moved_to_another_decision() {
    let rule = "  规则 4 \"高分\" 原文 \"90分以上奖励。\" 当 分数 >= 90 则 升级数 = 1\n";
    let d = edited(&[
        (rule, ""),
        (
            "  升级数: 整数 = 0 取大\n}\n",
            &format!("  升级数: 整数 = 0 取大\n{rule}}}\n"),
        ),
    ]);
    let (c, detail) = only(&d);
    assert_eq!((c.name.as_str(), c.within.as_deref()), ("4", Some("奖励")));
    assert_eq!(
        detail,
        &Detail::Moved {
            old: "考核".into(),
            new: "奖励".into()
        }
    );
}

#[test]
fn how_a_decision_combines_and_which_rule_overrides_which() {
    let d = edited(&[("升级数: 整数 = 0 取大", "升级数: 整数 = 0 取小")]);
    let (c, detail) = only(&d);
    assert_eq!((c.subject, c.name.as_str()), (Subject::Decision, "考核"));
    assert!(matches!(detail, Detail::Combine { field, .. } if field == "升级数"));

    let d = edited(&[(" 优先于 2", "")]);
    let (c, detail) = only(&d);
    assert_eq!((c.subject, c.name.as_str()), (Subject::Rule, "3"));
    assert_eq!(
        detail,
        &Detail::Overrides {
            old: vec!["2".into()],
            new: vec![]
        }
    );
}

#[test]
fn rule_order_matters_only_where_the_first_rule_wins() {
    let one = "  规则 1 \"及格\" 原文 \"60分以上为及格。\" 当 及格 则 等第 = 1\n";
    let four = "  规则 4 \"高分\" 原文 \"90分以上奖励。\" 当 分数 >= 90 则 升级数 = 1\n";
    // Rule 1 after rule 2: 等第 is 首条, so the order is a change.
    let d = edited(&[(one, ""), ("  规则 3 ", &format!("{one}  规则 3 "))]);
    let (c, detail) = only(&d);
    assert_eq!(c.name, "考核");
    assert!(
        matches!(detail, Detail::RuleOrder { field, old, new } if field == "等第" && old == &["1", "2"] && new == &["2", "1"])
    );
    // Rule 4 first: 升级数 is 取大, so the order is no change.
    let d = edited(&[(four, ""), ("  规则 1 ", &format!("{four}  规则 1 "))]);
    assert!(d.is_empty(), "{:#?}", d.changes);
    // Nor is the order of the parts of a condition.
    let d = edited(&[(
        "近3月 达到 2优 且 岗位 = 客服",
        "岗位 = 客服 且 近3月 达到 2优",
    )]);
    assert!(d.is_empty(), "{:#?}", d.changes);
}

#[test]
fn parameters_and_definitions_name_the_rules_they_reach() {
    let d = edited(&[(
        "参数 及格线 = 60 出处 \"2.1\"",
        "参数 及格线 = 65 自定 \"暂定\"",
    )]);
    let (c, _) = (&d.changes[0], ());
    assert_eq!((c.subject, c.name.as_str()), (Subject::Param, "及格线"));
    assert_eq!(kinds(&c.details), ["other", "other"]);
    assert!(matches!(&c.details[1], Detail::Provenance { .. }));
    // 及格线 is read by the definition 及格, which rule 1 reads.
    assert_eq!(c.reaches, ["1"]);

    let d = edited(&[("评估日期) - 3个月 ..", "评估日期) - 4个月 ..")]);
    let (c, detail) = only(&d);
    assert_eq!((c.subject, c.name.as_str()), (Subject::Definition, "近3月"));
    assert!(matches!(detail, Detail::Expr { leaves, .. } if leaves.len() == 1));
    assert_eq!(c.reaches, ["2"]);
}

#[test]
fn a_parameter_reaches_the_steps_whose_deadline_reads_it() {
    let policy = "policies/试用期转正.rung";
    let text = std::fs::read_to_string(policy).unwrap();
    let edited = text.replacen("参数 评估用时 = 3个工作日", "参数 评估用时 = 4个工作日", 1);
    let load = DirLoader::new("policies");
    let old = rung::compile(policy, &text, &load).unwrap();
    let new = rung::compile(policy, &edited, &load).unwrap();
    let d = rung::diff::diff(&old.program, &new.program);
    let (c, _) = only(&d);
    assert_eq!((c.subject, c.name.as_str()), (Subject::Param, "评估用时"));
    assert_eq!(c.reaches, ["7.2"]);
}

#[test]
fn scales_ladders_enums_and_added_decisions() {
    let d = edited(&[
        ("成绩 = 优 > 良 > 中 > 差", "成绩 = 优 > 良 > 中 > 差 > 劣"),
        ("专员(初, 中, 高)", "专员(初, 高)"),
        ("客服 | 助理", "客服 | 助理 | 质检"),
        (
            "决定 奖励 {",
            "决定 补贴 {\n  金额: 整数 = 0\n}\n决定 奖励 {",
        ),
    ]);
    let subjects: Vec<(Subject, &str, Action)> = d
        .changes
        .iter()
        .map(|c| (c.subject, c.name.as_str(), c.action))
        .collect();
    assert_eq!(
        subjects,
        [
            (Subject::Scale, "成绩", Action::Changed),
            (Subject::Ladder, "级别", Action::Changed),
            (Subject::Enum, "岗位", Action::Changed),
            (Subject::Decision, "补贴", Action::Added),
        ]
    );
}

#[test]
fn every_kind_of_detail_in_the_json_is_documented() {
    let doc = std::fs::read_to_string("docs/output.md").unwrap();
    let reference = compile(REFERENCE);
    let mut seen = Vec::new();
    for file in fixtures("tests/fixtures/diff/changed") {
        let diff = rung::diff::diff(&reference, &compile(file.to_str().unwrap()));
        let json = serde_json::to_value(&diff).unwrap();
        for c in json["changes"].as_array().unwrap() {
            for d in c["details"].as_array().unwrap() {
                seen.push(d["kind"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(seen.len() > 5);
    for kind in seen {
        assert!(
            doc.contains(&format!("`{kind}`")),
            "docs/output.md lacks `{kind}`"
        );
    }
}

/// The diff of the forced-distribution example against a copy with `edits`.
fn roster_edited(edits: &[(&str, &str)]) -> rung::diff::PolicyDiff {
    let base = std::fs::read_to_string("examples/年终强制分布.rung").unwrap();
    let mut text = base.clone();
    for (a, b) in edits {
        assert!(text.contains(a), "{a}");
        text = text.replacen(a, b, 1);
    }
    let load = rung::check::MemoryLoader::new();
    let old = rung::compile("年终强制分布.rung", &base, &load).unwrap();
    let new =
        rung::compile("年终强制分布.rung", &text, &load).unwrap_or_else(|f| panic!("{f}\n{text}"));
    rung::diff::diff(&old.program, &new.program)
}

#[test]
fn a_quota_and_a_roster_ranking_are_changes() {
    let d = roster_edited(&[("名额 2\n", "名额 3\n")]);
    let (c, detail) = only(&d);
    assert_eq!((c.subject, c.name.as_str()), (Subject::Rule, "5.1"));
    assert_eq!(
        detail,
        &Detail::Quota {
            old: Some(rung::diff::Places::Count { count: 2 }),
            new: Some(rung::diff::Places::Count { count: 3 }),
        }
    );
    let d = roster_edited(&[("名额 20%", "名额 15%")]);
    let (_, detail) = only(&d);
    assert!(
        matches!(detail, Detail::Quota { new: Some(rung::diff::Places::Share { percent }), .. } if percent == "15"),
        "{detail:?}"
    );

    let d = roster_edited(&[("工号 升序 {", "工号 降序 {")]);
    let (c, detail) = only(&d);
    assert_eq!(
        (c.subject, c.name.as_str()),
        (Subject::Decision, "年终评级")
    );
    let Detail::Ranking {
        old: Some(old),
        new: Some(new),
    } = detail
    else {
        panic!("{detail:?}")
    };
    assert_eq!(old.group.as_deref(), Some("部门"));
    assert_eq!((old.order[1].desc, new.order[1].desc), (false, true));
    let text = rung::explain::diff::detail_text(detail, Lang::Zh, false);
    assert_eq!(
        text,
        "名册排名 按 部门 排名 考评得分 降序、工号 升序 → 按 部门 排名 考评得分 降序、工号 降序"
    );

    // Grouped by another field: the whole roster instead of each department.
    let d = roster_edited(&[(" 按 部门 排名", " 排名")]);
    let (_, detail) = only(&d);
    assert!(
        rung::explain::diff::detail_text(detail, Lang::En, false).starts_with(
            "roster ranking per 部门 ranked by 考评得分 desc, 工号 asc → whole roster ranked by"
        ),
        "{detail:?}"
    );
}

#[test]
fn a_tables_entries_default_and_provenance_are_changes_that_reach_its_rules() {
    let path = "tests/fixtures/eval/language/tables.zh.rung";
    let base = std::fs::read_to_string(path).unwrap();
    let diff_with = |edits: &[(&str, &str)]| {
        let mut text = base.clone();
        for (a, b) in edits {
            assert!(text.contains(a), "{a}");
            text = text.replacen(a, b, 1);
        }
        let dir = Path::new(path).parent().unwrap();
        let load = DirLoader::new(dir);
        let old = rung::compile(path, &base, &load).unwrap();
        let new = rung::compile(path, &text, &load).unwrap_or_else(|f| panic!("{f}"));
        rung::diff::diff(&old.program, &new.program)
    };
    let d = diff_with(&[("  A = 4\n", "  A = 5\n"), ("  否则 = 3\n", "  否则 = 4\n")]);
    let names: Vec<&str> = d.changes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["绩效分", "试用月数"], "{:#?}", d.changes);
    let c = &d.changes[0];
    assert_eq!((c.subject, c.action), (Subject::Table, Action::Changed));
    assert_eq!(c.details.len(), 1, "{:#?}", c.details);
    let text = rung::explain::diff::detail_text(&c.details[0], Lang::Zh, false);
    assert_eq!(text, "条目 A:4 → 5");
    assert!(
        !c.reaches.is_empty(),
        "the rules that look the table up are named"
    );
    let t = &d.changes[1];
    assert!(matches!(
        t.details.as_slice(),
        [Detail::TableDefault {
            old: Some(_),
            new: Some(_)
        }]
    ));
    assert_eq!(
        rung::explain::diff::detail_text(&t.details[0], Lang::En, false),
        "else 3 → 4"
    );

    // Reordering a table's entries is no change.
    let d = diff_with(&[("  S = 5\n  A = 4\n", "  A = 4\n  S = 5\n")]);
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
}
