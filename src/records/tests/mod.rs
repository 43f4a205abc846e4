//! Records stage: tests against the reference policy's schema, as a user would notice them:
//! whole rosters here, the conversion rules in `convert`, the CSV columns in `csv`.

mod chunks;
mod convert;
mod csv;
mod loss;
mod periods;
mod sheet;

use std::io::{self, Read};

use serde_json::{json, Value};

use super::*;
use crate::calendar::{Date, Month};
use crate::value::{FieldValue, Num, PeriodMap};

const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/客服部任职发展管理制度.rung"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/records/");

/// The reference policy's record schema.
pub(super) fn schema() -> Schema {
    let checked = crate::compile_file(std::path::Path::new(POLICY)).unwrap();
    checked.program.schema
}

type Item = Result<ReadRecord, RecordError>;

fn read_all(schema: &Schema, format: Format, bytes: &[u8], lang: Lang) -> (Vec<Item>, Vec<String>) {
    let mut records = read(schema, format, Encoding::Auto, bytes, lang).unwrap();
    let items: Vec<Item> = records.by_ref().collect();
    (items, records.notices().to_vec())
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).unwrap()
}

/// A minimal valid record with `extra` merged in (a null in `extra` removes the key).
fn record_json(extra: Value) -> String {
    let mut base = json!({
        "工号": "E1", "岗位": "客服", "入职类型": "社招", "入职日期": "2025-03-01", "考核": {}
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        for (k, v) in e {
            if v.is_null() {
                b.remove(&k);
            } else {
                b.insert(k, v);
            }
        }
    }
    base.to_string()
}

fn one(schema: &Schema, extra: Value) -> Item {
    let line = record_json(extra);
    let (mut items, _) = read_all(schema, Format::JsonLines, line.as_bytes(), Lang::En);
    assert_eq!(items.len(), 1);
    items.remove(0)
}

fn field<'a>(schema: &Schema, r: &'a ReadRecord, name: &str) -> &'a FieldValue {
    let i = schema.record().and_then(|d| d.field(name)).unwrap();
    &r.record.fields[i]
}

fn ok_field(schema: &Schema, extra: Value, name: &str) -> FieldValue {
    let r = one(schema, extra).unwrap();
    field(schema, &r, name).clone()
}

fn err(schema: &Schema, extra: Value) -> RecordError {
    one(schema, extra).unwrap_err()
}

fn date(s: &str) -> FieldValue {
    FieldValue::Date(Date::parse(s).unwrap())
}

fn month(s: &str) -> crate::calendar::Period {
    crate::calendar::Period::Month(Month::parse(s).unwrap())
}

fn rung(schema: &Schema, name: &str) -> FieldValue {
    FieldValue::Rung(schema.ladders[0].find(name).unwrap())
}

fn grade(schema: &Schema, level: &str) -> FieldValue {
    FieldValue::Grade(schema.scales[0].rank(level).unwrap())
}

fn ids(items: &[Item]) -> Vec<(usize, String)> {
    items
        .iter()
        .flatten()
        .map(|r| (r.record.line, r.record.id.clone()))
        .collect()
}

fn errors(items: &[Item]) -> Vec<&RecordError> {
    items.iter().filter_map(|i| i.as_ref().err()).collect()
}

#[test]
fn json_lines_roster_reports_the_bad_lines_and_reads_the_rest() {
    let s = schema();
    let (items, notices) = read_all(&s, Format::JsonLines, &fixture("roster.jsonl"), Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    // Seven lines, one blank: six records, six items.
    assert_eq!(items.len(), 6);
    assert_eq!(
        ids(&items),
        [(1, "E1001"), (2, "E1002"), (5, "E1005"), (7, "E1006")].map(|(l, id)| (l, id.to_string()))
    );
    let errs = errors(&items);
    assert_eq!(errs.len(), 2);
    // The line is not JSON, but its id is plain to see.
    assert_eq!((errs[0].line, errs[0].id.as_deref()), (3, Some("E1003")));
    assert!(matches!(
        errs[0].kind,
        RecordErrorKind::Json { at: (3, _), .. }
    ));
    assert_eq!(errs[0].to_string(), "malformed JSON");
    assert_eq!(
        (
            errs[1].line,
            errs[1].id.as_deref(),
            errs[1].field.as_deref()
        ),
        (4, Some("E1004"), Some("入职日期"))
    );
    assert_eq!(
        errs[1].to_string(),
        "`入职日期` must be a date, found `2025-13-01`"
    );
    assert_eq!(
        errs[1].help(Lang::En).as_deref(),
        Some("write a date like `2026-07-03` (also `2026/7/3`, `2026年7月3日`)")
    );
    assert_eq!(
        errs[1].message(Lang::Zh),
        "`入职日期` 应为日期,实际为 `2025-13-01`"
    );

    let e1001 = items[0].as_ref().unwrap();
    assert_eq!(
        field(&s, e1001, "当前职级"),
        &rung(&s, "中(一)级客服(良好)")
    );
    assert_eq!(field(&s, e1001, "姓名"), &FieldValue::Text("张三".into()));
    assert_eq!(field(&s, e1001, "毕业日期"), &FieldValue::Absent);
    let FieldValue::Map(grades) = field(&s, e1001, "考核") else {
        panic!("考核 is a map");
    };
    assert_eq!(grades.entries().len(), 6);
    assert_eq!(grades.get(month("2026-02")), Some(&grade(&s, "S")));
    let e1002 = items[1].as_ref().unwrap();
    assert_eq!(field(&s, e1002, "特殊晋级申请"), &FieldValue::Bool(true));
    assert_eq!(field(&s, e1002, "投诉"), &FieldValue::List(vec![]));
}

#[test]
fn gbk_csv_roster_gives_the_same_records_as_json_lines() {
    let s = schema();
    let bytes = fixture("roster-gbk.csv");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    let (csv_items, notices) = read_all(&s, Format::Csv, &bytes, Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    let (json_items, _) = read_all(&s, Format::JsonLines, &fixture("roster.jsonl"), Lang::En);
    assert_eq!(
        csv_items.len(),
        6,
        "eight lines: a header, six rows and a blank row"
    );
    assert_eq!(
        ids(&csv_items),
        [(2, "E1001"), (3, "E1002"), (6, "E1005"), (8, "E1006")].map(|(l, id)| (l, id.to_string()))
    );
    let records = |items: &[Item]| -> Vec<(String, Vec<FieldValue>)> {
        items
            .iter()
            .flatten()
            .map(|r| (r.record.id.clone(), r.record.fields.clone()))
            .collect()
    };
    assert_eq!(records(&csv_items), records(&json_items));

    let errs = errors(&csv_items);
    assert_eq!((errs[0].line, errs[0].id.as_deref()), (4, Some("E1003")));
    assert_eq!(
        errs[0].kind,
        RecordErrorKind::CellCount {
            found: 12,
            expected: 25
        }
    );
    assert_eq!(errs[0].message(Lang::Zh), "这一行有 12 格,表头有 25 列");
    assert_eq!(
        (
            errs[1].line,
            errs[1].id.as_deref(),
            errs[1].field.as_deref()
        ),
        (5, Some("E1004"), Some("入职日期"))
    );
    // The same roster saved as UTF-8 with a byte order mark reads the same.
    let text = encoding_rs::GBK.decode(&bytes).0;
    let utf8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let (again, _) = read_all(&s, Format::Csv, &utf8, Lang::En);
    assert_eq!(records(&again), records(&csv_items));
}

#[test]
fn counts_add_up_in_every_format() {
    let s = schema();
    let good = record_json(json!({}));
    let bad_type = record_json(json!({"入职日期": true}));
    let jsonl = format!("{good}\n\n{{oops\n{bad_type}\n[1]\n{good}\n   \n");
    let (items, _) = read_all(&s, Format::JsonLines, jsonl.as_bytes(), Lang::En);
    assert_eq!((items.len(), errors(&items).len()), (5, 3));

    let array = format!("[\n{good},\n{{oops}},\n{bad_type},\n\"text\",\n{good}\n]\n");
    let (items, notices) = read_all(&s, Format::Json, array.as_bytes(), Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!((items.len(), errors(&items).len()), (5, 3));

    let csv = "工号,岗位,入职类型,入职日期,考核.2026-01\n\
               E1,客服,社招,2025-03-01,A\n\
               ,,,,\n\
               E2,客服,社招\n\
               E3,客服,社招,2025-03-01,E\n\
               E4,客服,社招,2025-03-01,\n";
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    assert_eq!((items.len(), errors(&items).len()), (4, 2));
    assert_eq!(ids(&items), [(2, "E1".to_string()), (6, "E4".to_string())]);
}

#[test]
fn a_bad_element_of_a_json_array_is_reported_on_its_line() {
    let s = schema();
    let text = format!(
        "[\n  {},\n  {{\"工号\": \"E2\",\n   \"岗位\": 客服}},\n  {}\n]\n",
        record_json(json!({"工号": "E1"})),
        record_json(json!({"工号": "E3"}))
    );
    let (items, _) = read_all(&s, Format::Json, text.as_bytes(), Lang::En);
    assert_eq!(items.len(), 3);
    assert_eq!(ids(&items), [(2, "E1".to_string()), (5, "E3".to_string())]);
    let e = items[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.id.as_deref()), (3, Some("E2")));
    assert!(
        matches!(e.kind, RecordErrorKind::Json { at: (4, 10), .. }),
        "{:?}",
        e.kind
    );
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("line 4, column 10: expected value")
    );

    // One object alone, and an array element that is not an object.
    let one = record_json(json!({}));
    let (items, _) = read_all(&s, Format::Json, one.as_bytes(), Lang::En);
    assert_eq!(ids(&items), [(1, "E1".to_string())]);
    let (items, _) = read_all(&s, Format::Json, b"[\n 42\n]", Lang::En);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        (e.line, e.to_string().as_str()),
        (2, "a record must be a JSON object, found a number")
    );
    let e = read(
        &s,
        Format::Json,
        Encoding::Auto,
        &b"\"roster\""[..],
        Lang::En,
    )
    .err();
    assert_eq!(
        e.map(|e| e.kind),
        Some(RecordErrorKind::NotRecords { found: "a string" })
    );
    let (_, notices) = read_all(&s, Format::Json, b"[{\"a\": 1}", Lang::En);
    assert_eq!(notices, ["the JSON array is not closed with `]`"]);
}

/// A reader that gives `data`, then fails: records before the failure must already come out.
struct FailsAfter<'a>(&'a [u8]);

impl Read for FailsAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        let n = self.0.len().min(buf.len()).min(100);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn json_lines_and_csv_stream() {
    let s = schema();
    // More than the 64 KiB sniffed at the start, so the failure comes after records are out.
    let line = record_json(json!({})) + "\n";
    let jsonl = line.repeat(1000);
    let csv = format!(
        "工号,岗位,入职类型,入职日期,考核\n{}",
        "E1,客服,社招,2025-03-01,\n".repeat(4000)
    );
    for (format, data) in [
        (Format::JsonLines, jsonl.as_bytes()),
        (Format::Csv, csv.as_bytes()),
    ] {
        let records = read(&s, format, Encoding::Auto, FailsAfter(data), Lang::En).unwrap();
        let items: Vec<Item> = records.collect();
        let last = items.last().unwrap().as_ref().unwrap_err();
        assert!(matches!(last.kind, RecordErrorKind::Io(_)), "{format:?}");
        assert_eq!(
            items.iter().flatten().count(),
            items.len() - 1,
            "{format:?}"
        );
        assert!(items.len() > 900, "{format:?}");
    }
}

#[test]
fn formats_by_extension() {
    assert_eq!(Format::from_path("roster.json"), Some(Format::Json));
    assert_eq!(Format::from_path("roster.JSONL"), Some(Format::JsonLines));
    assert_eq!(
        Format::from_path("a/b/花名册.ndjson"),
        Some(Format::JsonLines)
    );
    assert_eq!(Format::from_path("花名册.csv"), Some(Format::Csv));
    assert_eq!(Format::from_path("roster.xlsx"), Some(Format::Workbook));
    assert_eq!(Format::from_path("roster.ods"), Some(Format::Workbook));
    assert_eq!(Format::from_path("roster"), None);
}

#[test]
fn undecodable_input_is_a_file_error() {
    let s = schema();
    let (gbk, _, _) = encoding_rs::GBK.encode("工号,岗位,入职类型,入职日期,考核\n");
    let e = read(&s, Format::Csv, Encoding::Utf8, &gbk[..], Lang::En)
        .err()
        .unwrap();
    assert_eq!(e.to_string(), "the input is not UTF-8 text");
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("save the file as UTF-8 or GBK (GB18030)")
    );
    let records = read(&s, Format::Csv, Encoding::Gb18030, &gbk[..], Lang::En);
    assert!(records.is_ok());
}
