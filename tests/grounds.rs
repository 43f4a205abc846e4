//! Every ground that applies (`全部` / `every`): every rule that fires is listed in the verdict,
//! the audit text and the employee's notice, in Chinese and English keywords alike.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::process::Command;

const DIR: &str = "tests/fixtures/eval/grounds";

fn eval(lang: &str, format: &str, out_lang: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["eval", "--policy"])
        .arg(format!("{DIR}/dismissal.{lang}.rung"))
        .args([
            "--as-of",
            "2026-04-10",
            "--format",
            format,
            "--lang",
            out_lang,
        ])
        .arg(format!("{DIR}/records.jsonl"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn verdicts(lang: &str) -> Vec<serde_json::Value> {
    eval(lang, "json", "zh")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The stream's header comes first.
        .filter(|v| v.get("header").is_none())
        .collect()
}

#[test]
fn every_ground_that_applies_is_in_the_verdict() {
    let v = verdicts("zh");
    let grounds = |i: usize| v[i]["decisions"]["解除"]["grounds"].clone();
    assert_eq!(
        grounds(0),
        serde_json::json!({"解除": ["39.1", "39.2", "39.3"], "处理": ["39.1", "39.2", "39.3"]})
    );
    assert_eq!(
        v[0]["decisions"]["解除"]["rules"],
        serde_json::json!(["39.1", "39.2", "39.3"])
    );
    assert_eq!(
        grounds(1),
        serde_json::json!({"解除": ["39.3"], "处理": ["39.3"]})
    );
    // G3 has no 评审得分: 39.3 waits for it, but 39.1 applies, so the dismissal is decided.
    assert_eq!(v[2]["decisions"]["解除"]["status"], "已定");
    assert_eq!(
        grounds(2),
        serde_json::json!({"解除": ["39.1"], "处理": ["39.1"]})
    );
    // G4 has no 评审得分 and no other ground: pending, naming it.
    assert_eq!(v[3]["decisions"]["解除"]["status"], "待定");
    assert_eq!(
        v[3]["decisions"]["解除"]["missing"],
        serde_json::json!(["评审得分"])
    );
    // G5: no ground, the default, and no `grounds` key.
    assert_eq!(v[4]["decisions"]["解除"]["outcome"]["处理"], "留用");
    assert!(v[4]["decisions"]["解除"].get("grounds").is_none());
}

#[test]
fn english_keywords_give_the_same_verdicts() {
    assert_eq!(verdicts("zh"), verdicts("en"));
}

#[test]
fn fmt_translates_every_and_keeps_it() {
    let zh = std::fs::read_to_string(format!("{DIR}/dismissal.zh.rung")).unwrap();
    let en = std::fs::read_to_string(format!("{DIR}/dismissal.en.rung")).unwrap();
    assert!(zh.contains("= 假 全部") && en.contains("= false every"));
    assert_eq!(
        rung::fmt::format(&zh, opts(rung::fmt::Keywords::En)).unwrap(),
        en
    );
    assert_eq!(
        rung::fmt::format(&en, opts(rung::fmt::Keywords::Zh)).unwrap(),
        zh
    );
}

/// One person's part of the notices.
fn of<'a>(all: &'a str, id: &str) -> &'a str {
    all.split("────────")
        .find(|n| n.contains(id))
        .unwrap_or_else(|| panic!("no notice for {id}"))
}

#[test]
fn the_notice_quotes_every_ground() {
    let all = eval("zh", "notice", "zh");
    let g1 = of(&all, "G1");
    assert!(
        g1.contains("解除、处理有以下 3 项依据,每一项均足以单独成立"),
        "{g1}"
    );
    for clause in ["第 39.1 条", "第 39.2 条", "第 39.3 条"] {
        assert!(g1.contains(&format!("依据{clause}")), "{g1}");
    }
    // One ground: no count, and the grounds that did not apply are not mentioned.
    let g2 = of(&all, "G2");
    assert!(
        g2.contains("依据第 39.3 条") && !g2.contains("39.2") && !g2.contains("项依据"),
        "{g2}"
    );
    let en = eval("en", "notice", "en");
    let g1 = of(&en, "G1");
    assert!(g1.contains("all 3 of the following grounds apply"), "{g1}");
    assert!(g1.contains("Under clause 39.2"), "{g1}");
}

#[test]
fn the_audit_text_lists_every_ground() {
    let text = eval("zh", "text", "zh");
    assert!(
        text.contains("解除 的依据共 3 条:39.1、39.2、39.3"),
        "{text}"
    );
    let en = eval("en", "text", "en");
    assert!(
        en.contains("解除: 3 grounds apply: 39.1, 39.2, 39.3"),
        "{en}"
    );
}

fn opts(k: rung::fmt::Keywords) -> rung::fmt::Options {
    rung::fmt::Options { keywords: Some(k) }
}
