//! The JSON verdict written straight from the evaluation (`explain::json::write_live`, and
//! `write_prepared` with the policy's fragments prepared once, what `rung eval --format json`
//! writes) is, byte for byte, serde_json's rendering of the tree of
//! the same verdict built as owned data (`explain::json::verdict` of `batch::owned`): on every
//! shipped policy's example roster, on the forced distribution ranked over its roster, on
//! generated rosters at dates inside and outside the promotion windows, in both languages, for
//! every decision and for a selection, and on records whose text holds quotes, backslashes,
//! control characters and characters outside the Basic Multilingual Plane.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::batch::roster::Ranking;
use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::check::MemoryLoader;
use rung::diag::Lang;
use rung::explain::json;
use rung::program::Program;
use rung::records::{self, Encoding, Format};
use rung::verdict::Options;

#[allow(dead_code)]
#[path = "../examples/gen_roster.rs"]
mod gen;

/// Compares the two renderings of every record of `roster` at `as_of`; returns how many.
fn compare(program: &Program, roster: &[u8], as_of: Date, lang: Lang, only: &[String]) -> usize {
    let read = || {
        records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Utf8,
            roster,
            lang,
        )
        .unwrap()
    };
    let mut ranking = Ranking::new(program);
    for pass in 0..ranking.passes() {
        ranking.gather(pass, as_of, read());
        ranking.close(pass);
    }
    // What `rung eval` does: the policy's fragments prepared once for every record.
    let prepared = json::Prepared::new(program, only, lang);
    let view = |v: &rung::eval::Verdict<'_>, r: &records::ReadRecord| {
        let mut live = Vec::new();
        json::write_live(&mut live, v, &r.warnings, only, lang).unwrap();
        let mut shared = Vec::new();
        json::write_prepared(&mut shared, &prepared, v, &r.warnings).unwrap();
        assert_eq!(live, shared);
        let mut owned = rung::batch::owned(v, r, Options::default());
        if !only.is_empty() {
            owned.decisions.retain(|d| only.contains(&d.name));
        }
        let tree = serde_json::to_string(&json::verdict(&owned, lang)).unwrap();
        (String::from_utf8(live).unwrap(), tree, owned.id)
    };
    let mut batch = Batch::new(program, as_of, read(), view);
    if ranking.passes() > 0 {
        batch = batch.ranked(&ranking, 0);
    }
    let mut compared = 0;
    for item in batch {
        let (live, tree, id) = match item {
            Item::Verdict(x) => x,
            Item::Unread(e) => panic!("{as_of}: line {}: {}", e.line, e.message(lang)),
            Item::Failed { id, .. } => panic!("{as_of}: {id} failed"),
        };
        assert_eq!(live, tree, "{as_of} {lang:?} {only:?}: {id}");
        compared += 1;
    }
    compared
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

fn each_way(program: &Program, roster: &[u8], dates: &[Date]) -> usize {
    let first = [program.decisions()[0].name.clone()];
    let last = [program.decisions().last().unwrap().name.clone()];
    let mut n = 0;
    for as_of in dates {
        for lang in [Lang::Zh, Lang::En] {
            for only in [&[][..], &first[..], &last[..]] {
                n += compare(program, roster, *as_of, lang, only);
            }
        }
    }
    n
}

#[test]
fn the_example_rosters() {
    let dates = [date(2026, 7, 3), date(2026, 1, 6), date(2027, 1, 4)];
    for (policy, roster) in [
        (
            "policies/客服部任职发展管理制度.rung",
            "examples/roster.jsonl",
        ),
        ("policies/传帮带.rung", "examples/传帮带.jsonl"),
        ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
        ("examples/年终强制分布.rung", "examples/年终强制分布.jsonl"),
    ] {
        let checked = rung::compile_file(std::path::Path::new(policy)).unwrap();
        let text = std::fs::read(roster).unwrap();
        let lines = text
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        assert!(lines > 0);
        assert!(
            each_way(&checked.program, &text, &dates) >= lines * 18 * 9 / 10,
            "{roster}: most records compared"
        );
    }
}

#[test]
fn generated_rosters() {
    let checked =
        rung::compile_file(std::path::Path::new("policies/客服部任职发展管理制度.rung")).unwrap();
    for (seed, as_of) in [
        (11, date(2026, 7, 3)),
        (12, date(2026, 1, 6)),
        (13, date(2025, 12, 31)),
    ] {
        let mut out = Vec::new();
        let options = gen::Options {
            count: 300,
            seed,
            as_of,
            out: None,
        };
        gen::write_roster(&options, &mut out).unwrap();
        assert_eq!(each_way(&checked.program, &out, &[as_of]), 300 * 6);
    }
}

/// A policy whose outcomes echo the record's text, and whose `仅当` quotes a string.
const ECHO: &str = r#"制度 "回显"
记录 员工 {
  工号: 文本 标识
  备注: 文本
  部门: 文本
  得分: 数值
}
决定 回显 仅当 部门 != "不\"适用" {
  说明: 文本 = 备注
  分: 数值 = 得分
  规则 1 "高分" 原文 "得分高于 90 的,「说明」取部门。"
    当 得分 > 90
    则 说明 = 部门
}
"#;

#[test]
fn odd_strings() {
    let checked = rung::compile("echo.rung", ECHO, &MemoryLoader::new()).unwrap();
    let odd = [
        "引号\"与\\反斜杠",
        "控制\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}字符",
        "非基本平面 😀 𠀀 \u{10ffff}",
        "</script>\u{2028}\u{2029}",
        "\u{0}空\u{0}",
    ];
    let mut lines = String::new();
    let scores = [95.5, 12.25, 1e-7, 90.0, 100.125];
    for (i, s) in odd.iter().enumerate() {
        let score = scores[i];
        let record = serde_json::json!({
            "工号": format!("{s}#{i}"),
            "备注": s,
            "部门": if i == 1 { "不\"适用".to_string() } else { format!("部{s}") },
            "得分": score,
            // A key that is not a field: the reader notes it, quoting the key.
            format!("多余{s}"): 1,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let n = each_way(&checked.program, lines.as_bytes(), &[date(2026, 7, 3)]);
    assert_eq!(n, odd.len() * 6);
}
