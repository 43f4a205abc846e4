//! Reading JSON records straight into the schema gives exactly what reading them through a JSON
//! tree gives — the same records, warnings, errors, notes on the input and fields absent — on
//! the shipped examples, the record fixtures, and generated rosters with every kind of
//! irregular record mixed in (unknown keys, wrong types, keys written twice, bad dates, odd
//! month keys, blanks, broken JSON), as JSON Lines and as a JSON array.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;

use rung::calendar::Date;
use rung::diag::Lang;
use rung::program::Schema;
use rung::records::{self, Encoding, Format, ReadRecord, RecordError};
use serde_json::{json, Value};

#[allow(dead_code)]
#[path = "../examples/gen_roster.rs"]
mod gen;

const REFERENCE: &str = "policies/客服部任职发展管理制度.rung";

type Items = Vec<Result<ReadRecord, RecordError>>;

/// What a reader gives for an input: its items, its notes, the fields absent.
fn read(
    schema: &Schema,
    format: Format,
    bytes: &[u8],
    direct: bool,
    lang: Lang,
) -> (Items, Vec<String>, Vec<usize>) {
    let mut records = records::read(schema, format, Encoding::Auto, bytes, lang).unwrap();
    records.set_direct(direct);
    let items: Items = records.by_ref().collect();
    (items, records.notices().to_vec(), records.absent_fields())
}

fn schema_of(policy: &str) -> Schema {
    let checked =
        rung::compile_file(Path::new(policy)).unwrap_or_else(|_| panic!("{policy} does not check"));
    checked.program.schema().clone()
}

/// Both ways agree on `bytes`, in both languages; returns how many records read well.
fn agree(what: &str, schema: &Schema, format: Format, bytes: &[u8]) -> usize {
    let mut ok = 0;
    for lang in [Lang::Zh, Lang::En] {
        let direct = read(schema, format, bytes, true, lang);
        let tree = read(schema, format, bytes, false, lang);
        assert_eq!(direct.0.len(), tree.0.len(), "{what}: item count");
        for (i, (d, t)) in direct.0.iter().zip(&tree.0).enumerate() {
            assert_eq!(d, t, "{what}: item {i}");
        }
        assert_eq!(direct.1, tree.1, "{what}: notes");
        assert_eq!(direct.2, tree.2, "{what}: fields absent");
        ok = direct.0.iter().filter(|i| i.is_ok()).count();
    }
    ok
}

/// The same records as one JSON array, pretty-printed over several lines each.
fn as_array(lines: &str) -> String {
    let mut out = String::from("[\n");
    for line in lines.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push_str(",\n");
    }
    out.push_str("]\n");
    out
}

#[test]
fn the_shipped_inputs_read_the_same_both_ways() {
    let pairs = [
        (REFERENCE, "examples/roster.jsonl"),
        (REFERENCE, "tests/fixtures/records/roster.jsonl"),
        (REFERENCE, "tests/fixtures/report/problems.jsonl"),
        ("policies/传帮带.rung", "examples/传帮带.jsonl"),
        ("policies/试用期转正.rung", "examples/试用期转正.jsonl"),
        ("examples/年终强制分布.rung", "examples/年终强制分布.jsonl"),
        (
            "tests/fixtures/policies/probation.zh.rung",
            "tests/fixtures/eval/probation/roster.jsonl",
        ),
        (
            "tests/fixtures/eval/grounds/dismissal.zh.rung",
            "tests/fixtures/eval/grounds/records.jsonl",
        ),
        (
            "tests/fixtures/eval/language/aggregates.zh.rung",
            "tests/fixtures/eval/language/aggregates.jsonl",
        ),
        (
            "tests/fixtures/eval/language/calendar.zh.rung",
            "tests/fixtures/eval/language/calendar.jsonl",
        ),
        (
            "tests/fixtures/eval/language/tables.zh.rung",
            "tests/fixtures/eval/language/tables.jsonl",
        ),
        (
            "tests/fixtures/eval/language/periods.zh.rung",
            "tests/fixtures/eval/language/periods.jsonl",
        ),
    ];
    for (policy, input) in pairs {
        let schema = schema_of(policy);
        let text = std::fs::read_to_string(input).unwrap();
        let ok = agree(input, &schema, Format::JsonLines, text.as_bytes());
        assert!(ok > 0, "{input}: no record read");
        agree(input, &schema, Format::Json, as_array(&text).as_bytes());
    }
}

/// A generated record made irregular in the `k`-th way (0 leaves it as it is).
fn mutate(line: &str, k: usize) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    let o = v.as_object_mut().unwrap();
    let mut set = |key: &str, value: Value| {
        o.insert(key.to_string(), value);
    };
    match k {
        1 => set("部门", json!("客服一部")),
        2 => set("入职日期", json!("2026/3/2")),
        3 => set("入职日期", json!("2026-02-30")),
        4 => set("考核", json!({"2026-01": "A", "2026-1": "B"})),
        5 => set(
            "考核",
            json!({"2026-01": null, "2026-02": " ", "2026-03": "A"}),
        ),
        6 => set("考核", json!({"202601": "A"})),
        7 => set("当前职级", json!("中（一）级客服 （一般）")),
        8 => set("当前职级", json!("中级客服")),
        9 => set("工号", json!(1001)),
        10 => set("工号", json!("  ")),
        11 => set("突出贡献", json!("是")),
        12 => set("突出贡献", json!(1)),
        13 => set(
            "投诉",
            json!([{"日期": "2026-05-06", "原因": "服务态度", "成立": true}]),
        ),
        14 => set(
            "投诉",
            json!([{"日期": "2026-05-06", "原因": "服务态度", "成立": true, "备注": "x"}, null]),
        ),
        15 => set(
            "评审评分",
            json!({"直属上级": 85, "部门负责人": 90.5, "业务关联部门": "88", "人力资源部": 80}),
        ),
        16 => set(
            "评审评分",
            json!({"直属上级": 185, "部门负责人": 90, "业务关联部门": 88, "人力资源部": 80}),
        ),
        17 => set("姓名", json!("王\u{fffd}")),
        18 => set("姓名", json!("钱 \"引号\"\n\\ 。")),
        19 => set("劳动合同月数", json!(1.5)),
        20 => set("劳动合同月数", json!(36.0)),
        21 => set("劳动合同月数", json!("36")),
        22 => set("劳动合同月数", json!(1e20)),
        23 => set("上次晋级", json!({})),
        24 => set(
            "上次晋级",
            json!({"日期": "2026-01-05", "原职级": "初级客服(一般)"}),
        ),
        25 => set("考核", json!([])),
        26 => set("考核", json!("")),
        27 => set("考核", Value::Null),
        28 => set("岗位", json!(" 客服 ")),
        29 => set(
            "考核",
            json!({"2026-01": "a", "2026-02": "Ａ", "2026-03": "ｓ"}),
        ),
        30 => set("入职日期", json!("2026-03-02 08:30:00")),
        31 => set("入职日期", json!("2026-03-02T08:30")),
        32 => set("考核", json!({"2026-01": 5})),
        33 => set("姓名", json!(123)),
        34 => set(
            "上次晋级",
            json!({"日期": "2026-01-05", "原职级": "初级客服(一般)", "备注": 1}),
        ),
        35 => set("入职日期", json!(46000)),
        36 => set(
            "考核",
            json!({"2026年1月": "A", "2026.02": "B", "2026-03-15": "C"}),
        ),
        37 => set("投诉", json!([])),
        38 => set("投诉", json!({})),
        39 => set("当前职级", json!("")),
        40 => set("入职日期", Value::Null),
        41 => {
            o.remove("入职日期");
        }
        42 => set("考核", json!({"2026-01": null})),
        43 => set("岗位", json!("客服\u{fffd}")),
        44 => set("无固定期限合同", json!(null)),
        45 => set("劳动合同月数", json!(-3)),
        46 => set("评审评分", json!({"直属上级": 85})),
        47 => set("考核", json!({"2026-01": "B", "2026-01-20": "A"})),
        // Undecoded bytes in a grade, in a sub-record's rung: for the tree to report.
        48 => set("考核", json!({"2026-01": "B", "2026-02": "\u{fffd}"})),
        49 => set(
            "上次晋级",
            json!({"日期": "2026-01-05", "原职级": "初级客服(一般)\u{fffd}"}),
        ),
        // Keys out of order with a blank among them; text holding U+FFFD in the forms read
        // by the general parsers (a grade in another case, a date with slashes, a number).
        62 => set(
            "考核",
            json!({"2026-03": "A", "2026-02": null, "2026-01": "B"}),
        ),
        63 => set("考核", json!({"2026-01": "a\u{fffd}"})),
        64 => set("入职日期", json!("2026/3/2\u{fffd}")),
        65 => set("劳动合同月数", json!("3\u{fffd}6")),
        66 => set("岗位\u{fffd}", json!("客服")),
        _ => {}
    }
    let text = v.to_string();
    // Changes that a JSON value cannot hold: keys written twice, broken JSON, not an object,
    // keys in another order.
    match k {
        50 => text.replacen("{\"工号\"", "{\"岗位\": \"客服\", \"工号\"", 1),
        51 => text.replacen(
            "\"考核\":{",
            "\"考核\":{\"2026-06\":\"A\",\"2026-06\":\"B\",",
            1,
        ),
        52 => text.chars().take(text.chars().count() / 2).collect(),
        53 => "[1, 2]".to_string(),
        54 => "\"E1\"".to_string(),
        55 => {
            let mut v: Vec<(String, Value)> =
                serde_json::from_str::<serde_json::Map<String, Value>>(&text)
                    .unwrap()
                    .into_iter()
                    .collect();
            v.reverse();
            Value::Object(v.into_iter().collect()).to_string()
        }
        56 => text.replacen(
            "\"上次晋级\":{",
            "\"上次晋级\":{\"日期\":\"2026-01-01\",",
            1,
        ),
        57 => format!("{text} x"),
        58 => text.replace("\"工号\":\"", "\"工号\":\"\\u0045"),
        // As Python's json.dumps writes by default: every character past ASCII escaped.
        59 => text
            .chars()
            .map(|c| match c {
                c if c.is_ascii() => c.to_string(),
                c => {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("\\u{u:04x}"))
                        .collect()
                }
            })
            .collect(),
        60 => text.replacen("\"姓名\":\"", "\"姓名\":\"\\uFFFD", 1),
        // Not an escape of U+FFFD: an escaped backslash, then `uFFFD`.
        61 => text.replacen("\"姓名\":\"", "\"姓名\":\"\\\\uFFFD", 1),
        // A blank month, then the same month with a value.
        67 => text.replacen(
            "\"考核\":{",
            "\"考核\":{\"2026-06\":null,\"2026-06\":\"B\",",
            1,
        ),
        // The required fields last, after every optional one.
        68 => {
            let v: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
            let (required, optional): (Vec<_>, Vec<_>) = v
                .into_iter()
                .partition(|(k, _)| ["工号", "岗位", "入职类型", "入职日期"].contains(&k.as_str()));
            Value::Object(optional.into_iter().chain(required).collect()).to_string()
        }
        _ => text,
    }
}

#[test]
fn generated_rosters_with_irregular_records_read_the_same_both_ways() {
    let schema = schema_of(REFERENCE);
    for (seed, count) in [(1u64, 600u64), (7, 400)] {
        let mut out = Vec::new();
        let options = gen::Options {
            count,
            seed,
            as_of: Date::from_ymd(2026, 7, 3).unwrap(),
            out: None,
        };
        gen::write_roster(&options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let plain = agree("generated", &schema, Format::JsonLines, text.as_bytes());
        assert_eq!(plain as u64, count, "every generated record reads");
        // Every way of being irregular, each on many records, between regular ones.
        let mixed: String = text
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let k = if i % 2 == 0 { 0 } else { (i / 2) % 69 };
                mutate(line, k) + "\n"
            })
            .collect();
        agree("mixed", &schema, Format::JsonLines, mixed.as_bytes());
        agree(
            "mixed array",
            &schema,
            Format::Json,
            as_array(&mixed).as_bytes(),
        );
    }
}
