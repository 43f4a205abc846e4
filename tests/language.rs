//! The language for other companies' regulations (aggregates, tables, calendar and arithmetic
//! builtins): each policy under `tests/fixtures/eval/language/` is written twice, in Chinese
//! and in English keywords (`NAME.zh.rung`, `NAME.en.rung`), and evaluated on its records
//! (`NAME.jsonl`) on 2026-07-03. Both spellings must give identical verdicts; the verdicts as
//! JSON, the audit text with every rule explained and the notices are snapshots.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;
use std::process::Command;

const DIR: &str = "tests/fixtures/eval/language";

fn eval(policy: &str, records: &str, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["eval", "--policy", policy, "--as-of", "2026-07-03"])
        .args(extra)
        .arg(records)
        .output()
        .expect("rung runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    // 2: some records failed (a lookup of a key that a table does not list), reported in place.
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{policy}: exit {:?}\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn policies() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".zh.rung").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty());
    names
}

#[test]
fn each_construct_in_both_keyword_languages() {
    for name in policies() {
        let zh = format!("{DIR}/{name}.zh.rung");
        let en = format!("{DIR}/{name}.en.rung");
        let records = format!("{DIR}/{name}.jsonl");
        assert!(Path::new(&en).exists(), "{en} is missing");
        // The stream's header names the policy's file and hashes its text: the records'
        // lines after it are compared and kept.
        let verdicts = |policy: &str| {
            let json = eval(policy, &records, &["--format", "json"]);
            let (header, rest) = json.split_once('\n').unwrap_or_default();
            assert!(header.starts_with("{\"header\":"), "{json}");
            rest.to_string()
        };
        let json = verdicts(&zh);
        assert_eq!(
            json,
            verdicts(&en),
            "{name}: the English keywords give other verdicts"
        );
        let audit = eval(&zh, &records, &["--explain"]);
        let notice = eval(&zh, &records, &["--format", "notice"]);
        let notice_en = eval(&en, &records, &["--format", "notice", "--lang", "en"]);
        insta::assert_snapshot!(
            format!("{name}"),
            format!(
                "{json}\n──── audit ────\n{audit}\n──── notice ────\n{notice}\n──── notice (en) ────\n{notice_en}"
            )
        );
    }
}

/// `rung fmt --keywords en` turns the Chinese policy into the English one, and back.
#[test]
fn the_two_spellings_are_one_policy() {
    for name in policies() {
        let fmt = |file: &str, kw: &str| {
            let text = std::fs::read(format!("{DIR}/{file}")).expect("policy");
            let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
                .args(["fmt", "--keywords", kw])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("rung runs");
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&text).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{file}");
            String::from_utf8(out.stdout).unwrap()
        };
        let en = std::fs::read_to_string(format!("{DIR}/{name}.en.rung")).unwrap();
        let zh = std::fs::read_to_string(format!("{DIR}/{name}.zh.rung")).unwrap();
        assert_eq!(fmt(&format!("{name}.zh.rung"), "en"), en, "{name}: zh → en");
        assert_eq!(fmt(&format!("{name}.en.rung"), "zh"), zh, "{name}: en → zh");
    }
}

/// Evaluates `value` as the outcome of a decision for one record `{"工号": "E1"}` on
/// 2026-07-03: the outcome as JSON, or the record's error.
fn outcome(ty: &str, value: &str) -> Result<serde_json::Value, String> {
    use rung::calendar::Date;
    use rung::diag::Lang;
    let src = format!("记录 员工 {{ 工号: 文本 标识 }}\n决定 d {{ x: {ty} = {value} }}\n");
    let checked = rung::compile("t.rung", &src, &rung::check::MemoryLoader::new())
        .map_err(|f| rung::diag::render(&f.diagnostics(Lang::Zh), &f.source, false))?;
    let program = &checked.program;
    let records = rung::records::read(
        program.schema(),
        rung::records::Format::JsonLines,
        rung::records::Encoding::Utf8,
        "{\"工号\": \"E1\"}".as_bytes(),
        Lang::Zh,
    )
    .map_err(|_| "read".to_string())?;
    let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
    let mut evaluator = rung::eval::Evaluator::new(program);
    let r = records.into_iter().next().ok_or("no record")?;
    let r = r.map_err(|_| "record".to_string())?;
    evaluator
        .with_verdict(&r.record, as_of, |v| {
            rung::explain::json::verdict(
                &rung::verdict::of(v, rung::verdict::Options { trace: false }),
                Lang::Zh,
            )
        })
        .map(|v| v["decisions"]["d"]["outcome"]["x"].clone())
        .map_err(|e| e.message(Lang::Zh))
}

/// Aggregates keep to the evaluation's budget and its checked arithmetic: a nested one past
/// the step limit and a sum past the range of numbers are errors for the record, not a crash;
/// the empty cases are as documented.
#[test]
fn aggregates_are_bounded_and_checked() {
    assert_eq!(outcome("整数", "合计 i 属于 1 至 100 取 i").unwrap(), 5050);
    assert_eq!(outcome("整数", "合计 i 属于 1 至 0 取 i").unwrap(), 0);
    assert_eq!(outcome("数值", "平均 i 属于 1 至 4 取 i").unwrap(), 2.5);
    assert_eq!(
        outcome("整数?", "最大 i 属于 1 至 9 满足 余数(i, 4) = 0 取 i").unwrap(),
        8
    );
    // Nothing to average, and no record field to wait for: no value.
    assert!(outcome("数值?", "平均 i 属于 1 至 0 取 i")
        .unwrap()
        .is_null());
    assert_eq!(
        outcome(
            "日期?",
            "最小 d 属于 2026-10-01 .. 2026-10-31 满足 是工作日(d) 取 d"
        )
        .unwrap(),
        "2026-10-01"
    );
    let work = outcome(
        "整数",
        "合计 a 属于 1 至 2000 取 (合计 b 属于 1 至 1000 取 1)",
    );
    assert!(work.as_ref().is_err_and(|e| e.contains("步")), "{work:?}");
    let big = outcome("数值", "合计 i 属于 1 至 100 取 9000000000000");
    assert!(
        big.as_ref().is_err_and(|e| e.contains("超出范围")),
        "{big:?}"
    );
    assert_eq!(outcome("整数", "整除(-7, 2)").unwrap(), -4);
    assert_eq!(outcome("整数", "余数(-7, 2)").unwrap(), 1);
    assert_eq!(
        outcome("整数", "取整(2.5) + 向上取整(0.1) + 向下取整(-0.1)").unwrap(),
        3
    );
    let zero = outcome("整数", "整除(1, 0)");
    assert!(
        zero.as_ref().is_err_and(|e| e.contains("除数为零")),
        "{zero:?}"
    );
}

/// Quarters and years: literals in both forms, the quarter of a date or month, quarter `n` of a
/// year, moving by quarters and years, the distance between two quarters, ranges of them; a
/// move that is not whole quarters and a quarter that does not exist are errors for the record.
#[test]
fn quarters_compute_and_move_by_whole_quarters() {
    assert_eq!(outcome("季度", "2026-Q1 + 1年").unwrap(), "2027-Q1");
    assert_eq!(
        outcome("季度", "2026年第1季度 - 1个季度").unwrap(),
        "2025-Q4"
    );
    assert_eq!(outcome("季度", "2026-q4 + 6个月").unwrap(), "2027-Q2");
    assert_eq!(outcome("季度", "季度(2026-05-31)").unwrap(), "2026-Q2");
    assert_eq!(outcome("季度", "季度(2026-11)").unwrap(), "2026-Q4");
    assert_eq!(outcome("季度", "季度(2026, 3)").unwrap(), "2026-Q3");
    assert_eq!(outcome("整数", "2026-Q1 - 2024-Q4").unwrap(), 5);
    assert_eq!(outcome("整数", "季(2026-Q3) + 年(2026-Q3)").unwrap(), 2029);
    assert_eq!(outcome("整数", "季(2026-08-01)").unwrap(), 3);
    assert_eq!(
        outcome("整数", "计数 q 属于 2025-Q3 .. 2026-Q2 满足 季(q) <= 2").unwrap(),
        2
    );
    assert_eq!(
        outcome("布尔", "2026-Q2 属于 2026-Q1 至 2026-Q4").unwrap(),
        true
    );
    assert_eq!(
        outcome("季度?", "最大 q 属于 2025-Q3 .. 2026-Q2 取 q").unwrap(),
        "2026-Q2"
    );
    let odd = outcome("季度", "2026-Q1 + 2个月");
    assert!(
        odd.as_ref().is_err_and(|e| e.contains("3 的倍数")),
        "{odd:?}"
    );
    let fifth = outcome("季度", "季度(2026, 5)");
    assert!(
        fifth.as_ref().is_err_and(|e| e.contains("第 5 季度")),
        "{fifth:?}"
    );
}

/// The quarter- and year-keyed policy reads the same records from CSV columns such as
/// `季度考核.2026-Q1` and `年度考核.2025` as from JSON objects, with the same verdicts; a column
/// that names no quarter stops the file, naming the column.
#[test]
fn quarter_and_year_columns_read_as_json_keys_do() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let policy = format!("{DIR}/periods.zh.rung");
    let jsonl = dir.join("periods-q.jsonl");
    std::fs::write(
        &jsonl,
        "{\"工号\": \"C1\", \"季度考核\": {\"2025-Q3\": \"A\", \"2025-Q4\": \"S\", \"2026-Q1\": \"A\", \"2026-Q2\": \"A\"}, \"年度考核\": {\"2024\": \"B\", \"2025\": \"A\"}, \"季度得分\": {\"2025-Q1\": 80}}\n\
         {\"工号\": \"C2\", \"季度考核\": {\"2025-Q4\": \"C\"}, \"年度考核\": {\"2025\": \"A\"}, \"季度得分\": {\"2025-Q1\": 70}}\n",
    )
    .unwrap();
    let header = "工号,季度考核.2025-Q3,季度考核.2025Q4,季度考核.2026年第1季度,季度考核.2026-Q2,年度考核.2024,年度考核.2025年,季度得分.2025-Q1";
    let csv = dir.join("periods-q.csv");
    std::fs::write(
        &csv,
        format!("{header}\nC1,A,S,A,A,B,A,80\nC2,,C,,,,A,70\n"),
    )
    .unwrap();
    let verdicts = |file: &std::path::Path| {
        let json = eval(&policy, file.to_str().unwrap(), &["--format", "json"]);
        json.split_once('\n').unwrap().1.to_string()
    };
    let from_json = verdicts(&jsonl);
    assert!(from_json.contains("\"年度合格\":true"), "{from_json}");
    assert_eq!(verdicts(&csv), from_json);

    let bad = dir.join("periods-bad.csv");
    std::fs::write(
        &bad,
        format!("{header},季度考核.2026-Q7\nC1,A,S,A,A,B,A,80,A\n"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            &policy,
            "--as-of",
            "2026-07-03",
            "--lang",
            "en",
        ])
        .arg(&bad)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`季度考核.2026-Q7`"), "{err}");
    assert!(err.contains("`2026-Q7` is not a quarter"), "{err}");
}
