//! Decisions over the whole roster (`按 部门 排名 …`, `名额`, `组内平均`): verdicts, the audit
//! text and the notice name the group, the rank and the cut-off, in Chinese and English
//! keywords alike; a forced distribution over a generated roster of 100,000 records in 50
//! departments keeps every quota, whatever the order of the input, run after run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use rung::batch::roster::Ranking;
use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::diag::Lang;
use rung::program::Program;
use rung::records::{self, Encoding, Format};
use rung::verdict::{self, Options, Value};

/// The example policy (Chinese keywords) and its roster; the English one is a fixture.
const ZH: &str = "examples/年终强制分布.rung";
const EN: &str = "tests/fixtures/eval/roster/distribution.en.rung";
const RECORDS: &str = "examples/年终强制分布.jsonl";

fn policy(lang: &str) -> &'static str {
    if lang == "en" {
        EN
    } else {
        ZH
    }
}

fn eval(lang: &str, format: &str, out_lang: &str, stdin: Option<&str>) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["eval", "--policy"])
        .arg(policy(lang))
        .args([
            "--as-of",
            "2026-12-31",
            "--format",
            format,
            "--lang",
            out_lang,
        ])
        .arg(match stdin {
            Some(_) => "-".to_string(),
            None => RECORDS.to_string(),
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn verdicts(lang: &str) -> BTreeMap<String, serde_json::Value> {
    eval(lang, "json", "zh", None)
        .0
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The stream's header names the policy file.
        .filter(|v| v.get("header").is_none())
        .map(|v| (v["id"].as_str().unwrap().to_string(), v))
        .collect()
}

#[test]
fn quotas_ranks_and_group_averages_decide_and_are_in_the_verdict() {
    let v = verdicts("zh");
    let d = |id: &str| v[id]["decisions"]["年终评级"].clone();
    // 客服: 10 people; 90 and over without 违纪: A01 95, A02 92, A03 92 (A05 96 has 违纪).
    // Two 特等 places: A01 and A02 (A03 ties with A02 and comes after it by 工号).
    assert_eq!(d("A01")["outcome"]["等第"], "特等");
    assert_eq!(d("A02")["outcome"]["等第"], "特等");
    assert_eq!(d("A03")["outcome"]["等第"], "良好");
    let q = &d("A03")["roster"]["quotas"][0];
    assert_eq!(
        (
            &q["rule"],
            &q["rank"],
            &q["candidates"],
            &q["places"],
            &q["within"]
        ),
        (
            &serde_json::json!("5.1"),
            &serde_json::json!(3),
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(false)
        )
    );
    // 20% of 10 is 2 places for 特等 and 优秀 together: both taken by A01 and A02.
    assert_eq!(d("A04")["outcome"]["等第"], "良好");
    assert_eq!(d("A04")["roster"]["quotas"][1]["places"], 2);
    assert_eq!(d("A04")["roster"]["quotas"][1]["share"], 0.2);
    // The rank by the order, whoever meets the conditions: A05 has the highest score.
    assert_eq!(d("A05")["outcome"]["名次"], 1);
    assert_eq!(d("A05")["roster"]["group"], "客服");
    assert_eq!(d("A05")["roster"]["size"], 10);
    // 质检 averages under 70: 5.3 overrides the quotas.
    assert_eq!(d("B01")["rules"], serde_json::json!(["5.3"]));
    assert_eq!(d("B01")["outcome"]["等第"], "良好");
    assert_eq!(d("B01")["roster"]["means"][0]["counted"], 3);
    // No 部门: outside any group, reported, pending, not dropped.
    assert_eq!(d("C01")["status"], "待定");
    assert_eq!(d("C01")["missing"], serde_json::json!(["部门"]));
    assert_eq!(d("C01")["roster"]["group"], serde_json::Value::Null);
    assert_eq!(v.len(), 14);
}

#[test]
fn english_keywords_and_standard_input_give_the_same_verdicts() {
    let zh = verdicts("zh");
    assert_eq!(zh, verdicts("en"));
    let input = std::fs::read_to_string(RECORDS).unwrap();
    let (out, err) = eval("zh", "json", "zh", Some(&input));
    let from_stdin: BTreeMap<String, serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The stream's header names the policy file.
        .filter(|v| v.get("header").is_none())
        .map(|v| (v["id"].as_str().unwrap().to_string(), v))
        .collect();
    assert_eq!(zh, from_stdin);
    assert!(
        err.contains("其中 1 条缺少 部门,不在 年终评级 的任何分组中"),
        "{err}"
    );
}

/// One person's part of the notices.
fn of<'a>(all: &'a str, id: &str) -> &'a str {
    all.split("────────")
        .find(|n| n.contains(id))
        .unwrap_or_else(|| panic!("no notice for {id}"))
}

#[test]
fn notices_and_the_audit_text_name_the_rank_and_the_cut_off() {
    let (all, _) = eval("zh", "notice", "zh", None);
    let a03 = of(&all, "A03");
    assert!(
        a03.contains(
            "部门 客服 共 10 人;您排第 4;第 5.1 条:符合条件者 3 人中排第 3,名额 2,不在名额内"
        ),
        "{a03}"
    );
    let a02 = of(&all, "A02");
    assert!(
        a02.contains("等第为特等") && a02.contains("依据第 5.1 条"),
        "{a02}"
    );
    assert!(a02.contains("名额 2(20%),在名额内"), "{a02}");
    // Not in contention for any quota: the ranking does not concern A06.
    let a06 = of(&all, "A06");
    assert!(a06.contains("本次评定没有涉及您的事项。"), "{a06}");
    let (en, _) = eval("en", "notice", "en", None);
    let a03 = of(&en, "A03");
    assert!(
        a03.contains("部门 客服: 10 people; you rank 4; clause 5.1: ranked 3 of the 3 meeting the condition, 2 place(s), outside the quota"),
        "{a03}"
    );
    let (text, _) = eval("zh", "text", "zh", None);
    assert!(
        text.contains("名次:部门 客服 共 10 人,排第 3;组内平均 考评得分 为 80.4(10 人有值)"),
        "{text}"
    );
    assert!(text.contains("名次:缺少 部门,不在任何分组中"), "{text}");
}

#[test]
fn a_batch_without_the_ranking_leaves_roster_decisions_pending() {
    let checked = rung::compile_file(Path::new(ZH)).unwrap();
    let program = &checked.program;
    let input = std::fs::read(RECORDS).unwrap();
    let records = records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Utf8,
        &input[..],
        Lang::Zh,
    )
    .unwrap();
    let as_of = Date::from_ymd(2026, 12, 31).unwrap();
    for item in Batch::verdicts(program, as_of, records, Options::default()) {
        let Item::Verdict(v) = item else { panic!() };
        assert_eq!(
            v.decision("年终评级").unwrap().status,
            verdict::Status::Pending
        );
        assert_eq!(v.decision("初评").unwrap().status, verdict::Status::Decided);
    }
}

/// A deterministic roster: `n` records in 50 departments, scores 55–100 with many ties, one in
/// thirty-seven with 违纪, one in 9973 without a department.
fn generated(n: usize) -> Vec<String> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        x >> 33
    };
    (0..n)
        .map(|i| {
            let score = 55 + next() % 46;
            let dept = if i % 9973 == 5 {
                String::new()
            } else {
                format!("\"部门\": \"部门{:02}\", ", i % 50 + 1)
            };
            let bad = if i % 37 == 3 {
                ", \"违纪\": true"
            } else {
                ""
            };
            format!("{{\"工号\": \"E{i:06}\", {dept}\"考评得分\": {score}{bad}}}\n")
        })
        .collect()
}

/// The shuffled copy of the lines (Fisher–Yates on a fixed seed).
fn shuffled(lines: &[String]) -> Vec<String> {
    let mut out = lines.to_vec();
    let mut x: u64 = 42;
    for i in (1..out.len()).rev() {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let j = usize::try_from((x >> 33) % (i as u64 + 1)).unwrap();
        out.swap(i, j);
    }
    out
}

/// What a run decides per record: grade, rank, and the quota standings as JSON.
type Outcomes = BTreeMap<String, (Value, Value, String)>;

/// The library's batch over the roster: the gathering passes, then the verdicts, each pass reading
/// the input again (here, from memory).
fn run(program: &Program, input: &[u8]) -> Outcomes {
    let as_of = Date::from_ymd(2026, 12, 31).unwrap();
    let read = || {
        records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Utf8,
            input,
            Lang::Zh,
        )
        .unwrap()
    };
    let mut ranking = Ranking::new(program);
    // 5.3 (部门平均, 优先于 the quotas) reads the group: ranked in one pass, who competes for
    // the quotas gathered in the next.
    assert_eq!(ranking.passes(), 2);
    for pass in 0..ranking.passes() {
        ranking.gather(pass, as_of, read());
        ranking.close(pass);
    }
    let view = |v: &rung::eval::Verdict<'_>, _: &records::ReadRecord| {
        let out = verdict::of(v, Options::default());
        let d = out.decision("年终评级").unwrap();
        (
            out.id.clone(),
            d.value("等第").unwrap().clone(),
            d.value("名次").unwrap().clone(),
            serde_json::to_string(&d.roster).unwrap(),
        )
    };
    let mut outcomes = Outcomes::new();
    for item in Batch::new(program, as_of, read(), view).ranked(&ranking, 0) {
        let Item::Verdict((id, grade, rank, roster)) = item else {
            panic!("a record failed")
        };
        outcomes.insert(id, (grade, rank, roster));
    }
    outcomes
}

#[test]
fn forced_distribution_over_100000_records_keeps_every_quota_in_any_order() {
    let checked = rung::compile_file(Path::new(ZH)).unwrap();
    let program = &checked.program;
    let lines = generated(100_000);
    let first = run(program, lines.concat().as_bytes());
    assert_eq!(first.len(), 100_000, "every record has a verdict");
    let again = run(program, shuffled(&lines).concat().as_bytes());
    assert!(
        first == again,
        "the same verdicts whatever the input's order"
    );

    let mut per_dept: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let mut outside = 0;
    for (grade, _, roster) in first.values() {
        let roster: serde_json::Value = serde_json::from_str(roster).unwrap();
        let Some(dept) = roster["group"].as_str() else {
            assert_eq!(*grade, Value::Pending);
            outside += 1;
            continue;
        };
        let e = per_dept.entry(dept.to_string()).or_default();
        e.0 = roster["size"].as_u64().unwrap() as u32;
        let within = |i: usize| roster["quotas"][i]["within"] == true;
        match grade {
            Value::Name(g) if g == "特等" => {
                assert!(within(0), "{roster}");
                assert!(roster["quotas"][0]["rank"].as_u64().unwrap() <= 2);
                e.1 += 1;
            }
            Value::Name(g) if g == "优秀" => {
                assert!(within(1), "{roster}");
                e.2 += 1;
            }
            _ => {}
        }
    }
    assert_eq!(per_dept.len(), 50);
    assert_eq!(outside, 11);
    for (dept, (size, top, good)) in &per_dept {
        assert!(*size >= 1990, "{dept}: {size}");
        // Two 特等 at most, and 特等 and 优秀 together at most 20% of the department.
        assert!(*top == 2, "{dept}: {top} 特等");
        assert!(top + good <= size / 5, "{dept}: {top} + {good} of {size}");
        assert_eq!(top + good, size / 5, "{dept}: the places are all taken");
    }
}

#[test]
fn a_roster_decision_may_rank_by_an_earlier_one() {
    let checked = rung::compile_file(Path::new("tests/fixtures/eval/roster/levels.rung")).unwrap();
    let program = &checked.program;
    let input = "{\"工号\": \"a\", \"部门\": \"X\", \"得分\": 90}\n\
                 {\"工号\": \"b\", \"部门\": \"X\", \"得分\": 80}\n\
                 {\"工号\": \"c\", \"部门\": \"Y\", \"得分\": 85}\n\
                 {\"工号\": \"d\", \"部门\": \"Z\", \"得分\": 95}\n\
                 {\"工号\": \"e\", \"部门\": \"Z\", \"得分\": 70}\n";
    let as_of = Date::from_ymd(2026, 12, 31).unwrap();
    let read = || {
        records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Utf8,
            input.as_bytes(),
            Lang::Zh,
        )
        .unwrap()
    };
    let mut ranking = Ranking::new(program);
    // 乙 ranks by 甲's outcome: two gathering passes.
    assert_eq!(ranking.passes(), 2);
    for pass in 0..ranking.passes() {
        ranking.gather(pass, as_of, read());
        ranking.close(pass);
    }
    let tops: Vec<String> = Batch::verdicts(program, as_of, read(), Options::default())
        .ranked(&ranking, 0)
        .filter_map(|item| match item {
            Item::Verdict(v) => {
                (v.outcome("乙", "头名") == Some(&Value::Bool(true))).then_some(v.id)
            }
            _ => None,
        })
        .collect();
    // The firsts of each department are a, c and d; the two best of them are d and a.
    assert_eq!(tops, ["a", "d"]);
}

fn rung(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUNG_LANG")
        .output()
        .unwrap()
}

#[test]
fn rung_test_ranks_a_case_file_as_a_roster_or_a_case_in_its_roster_file() {
    let policy = "tests/fixtures/eval/roster/cases.rung";
    let out = rung(&["test", policy]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text, "7 passed, 0 failed\n", "{text}");
    assert_eq!(out.status.code(), Some(0));
    // The filter chooses the cases shown, not the roster: the third is still third.
    let out = rung(&["test", "--format", "json", "--filter", "第三名", policy]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"passed\":true"), "{text}");
    assert!(text.ends_with("{\"passed\":2,\"failed\":0}\n"), "{text}");
    // A wrong expectation about a roster decision fails, naming the field.
    let dir = std::env::temp_dir().join(format!("rung-roster-cases-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("cases.tests")).unwrap();
    std::fs::copy(policy, dir.join("cases.rung")).unwrap();
    let cases =
        std::fs::read_to_string("tests/fixtures/eval/roster/cases.tests/部门.json").unwrap();
    let wrong = cases.replacen(
        "\"优秀\": false, \"名次\": 3",
        "\"优秀\": true, \"名次\": 3",
        1,
    );
    assert_ne!(cases, wrong);
    std::fs::write(dir.join("cases.tests/部门.json"), wrong).unwrap();
    let out = rung(&["test", dir.join("cases.rung").to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("评优.优秀:预期 true,实际 false"), "{text}");
    assert!(text.contains("4 passed, 1 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_snapshot_holds_the_roster_decisions_outcomes() {
    let out = rung(&["snapshot", "--policy", ZH, "--as-of", "2026-12-31", RECORDS]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let block = |id: &str| {
        let start = text.find(&format!("[{id}]\n")).unwrap();
        let end = text[start + 1..]
            .find("\n[")
            .map_or(text.len(), |e| start + 1 + e);
        text[start..end].to_string()
    };
    let a02 = block("A02");
    assert!(a02.contains("年终评级.outcome.等第 = \"特等\""), "{a02}");
    assert!(a02.contains("年终评级.outcome.名次 = 3"), "{a02}");
    assert!(a02.contains("年终评级.status = \"已定\""), "{a02}");
    let a03 = block("A03");
    assert!(a03.contains("年终评级.outcome.等第 = \"良好\""), "{a03}");
    assert!(
        a03.contains("\"rule\":\"5.1\",\"rank\":3,\"candidates\":3,\"places\":2,\"within\":false"),
        "{a03}"
    );
    // Checked against itself, the snapshot still holds.
    let file = std::env::temp_dir().join(format!("rung-roster-{}.snap", std::process::id()));
    std::fs::write(&file, text.as_bytes()).unwrap();
    let out = rung(&["snapshot", "--check", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_file(&file);
}

#[test]
fn rung_diff_records_names_whom_a_smaller_quota_moves_out() {
    let text = std::fs::read_to_string(ZH).unwrap();
    let smaller = text.replacen("名额 2\n", "名额 1\n", 1);
    assert_ne!(text, smaller);
    let new = std::env::temp_dir().join(format!("rung-roster-diff-{}.rung", std::process::id()));
    std::fs::write(&new, smaller).unwrap();
    let out = rung(&[
        "diff",
        ZH,
        new.to_str().unwrap(),
        "--records",
        RECORDS,
        "--as-of",
        "2026-12-31",
    ]);
    let _ = std::fs::remove_file(&new);
    let text = String::from_utf8_lossy(&out.stdout);
    // A02, second of 客服's two 特等, falls out of a single place and keeps 优秀 (5.2's 20%);
    // nobody else changes.
    assert!(
        text.contains("年终评级.等第:1 人,特等 → 优秀,依据 5.1(A02)"),
        "{text}"
    );
    assert!(text.contains("其中 1 人结果变化"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_rule_that_overrides_a_quota_rule_frees_the_place_for_the_next_in_order() {
    let policy = "tests/fixtures/eval/roster/priority.rung";
    let checked = rung::compile_file(Path::new(policy)).unwrap();
    // 评优's exception reads 组内名次: ranked in one pass, who competes gathered in the next.
    assert_eq!(Ranking::new(&checked.program).passes(), 2);
    let out = rung(&[
        "eval",
        "--policy",
        policy,
        "--as-of",
        "2026-12-31",
        "--format",
        "json",
        "tests/fixtures/eval/roster/priority.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let got: BTreeMap<String, (String, String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("id").is_some())
        .map(|v| {
            let d = &v["decisions"];
            (
                v["id"].as_str().unwrap().to_string(),
                (
                    d["评级"]["outcome"]["等第"].as_str().unwrap().to_string(),
                    d["评优"]["outcome"]["称号"].as_str().unwrap().to_string(),
                    d["等次"]["outcome"]["等次"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    // c ranks first but its exceptions (违纪; 标兵 as the first) take it out of both quotas:
    // the two places go to a and b, not to c and a. In 等次, c takes 6's one place, so 7's two
    // places go to a and b.
    let want = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(got["c"], want("待改进", "标兵", "优秀"));
    assert_eq!(got["a"], want("特等", "优秀", "良好"));
    assert_eq!(got["b"], want("特等", "优秀", "良好"));
    assert_eq!(got["d"], want("良好", "无", "合格"));
}
