//! Records stage: maps keyed by quarter and by year, read from JSON, CSV, TSV and a workbook,
//! and a key that is not one named with its file's line or row and its field or column.

use super::*;
use crate::calendar::{Period, PeriodKind, Quarter};

const POLICY_TEXT: &str = "等级 考核等级 = S > A > B > C > D\n\
    记录 员工 {\n\
      工号: 文本 标识\n\
      季度考核: 映射[季度, 考核等级] = []\n\
      年度考核: 映射[年份, 考核等级] = []\n\
    }\n";

fn periods_schema() -> Schema {
    let checked = crate::compile(
        "periods.rung",
        POLICY_TEXT,
        &crate::check::MemoryLoader::new(),
    )
    .unwrap();
    checked.program.schema
}

/// A map's entries as `key grade` text.
fn entries(s: &Schema, r: &ReadRecord, name: &str) -> Vec<String> {
    let FieldValue::Map(m) = field(s, r, name) else {
        panic!("{name} is a map");
    };
    m.entries()
        .iter()
        .map(|(k, v)| {
            let FieldValue::Grade(g) = v else {
                panic!("{v:?} is a grade")
            };
            let level = s.scales[0].level(*g).unwrap();
            format!("{k} {level}")
        })
        .collect()
}

fn quarter(s: &str) -> Period {
    Period::Quarter(Quarter::parse(s).unwrap())
}

#[test]
fn json_keys_may_be_quarters_and_years_in_any_accepted_form() {
    let s = periods_schema();
    let line = json!({
        "工号": "P1",
        "季度考核": {"2025-Q4": "A", "2026Q1": "S", "2026年第2季度": "B", "2026 q3": null},
        "年度考核": {"2024": "C", "2025年": "A"}
    })
    .to_string();
    let (items, _) = read_all(&s, Format::JsonLines, line.as_bytes(), Lang::En);
    let r = items[0].as_ref().unwrap();
    assert_eq!(
        entries(&s, r, "季度考核"),
        ["2025-Q4 A", "2026-Q1 S", "2026-Q2 B"]
    );
    assert_eq!(entries(&s, r, "年度考核"), ["2024 C", "2025 A"]);
    let FieldValue::Map(m) = field(&s, r, "季度考核") else {
        panic!("a map");
    };
    assert!(m.get(quarter("2026-Q1")).is_some());
    // A month is not a quarter's key, nor is a year.
    assert!(m.get(Period::Year(2026)).is_none());
}

#[test]
fn a_json_key_that_is_no_quarter_or_year_is_an_error_naming_line_and_field() {
    let s = periods_schema();
    let lines = [
        json!({"工号": "P1", "季度考核": {"2026-Q1": "A"}}),
        json!({"工号": "P2", "季度考核": {"2026-Q5": "A", "2026-Q1": "A"}}),
        json!({"工号": "P3", "年度考核": {"26": "B"}}),
        json!({"工号": "P4", "季度考核": {"2026-03": "A"}}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let (items, _) = read_all(&s, Format::JsonLines, lines.as_bytes(), Lang::En);
    assert_eq!(ids(&items), [(1, "P1".to_string())]);
    let errs = errors(&items);
    let seen: Vec<(usize, Option<&str>, Option<&str>, String)> = errs
        .iter()
        .map(|e| (e.line, e.id.as_deref(), e.field.as_deref(), e.to_string()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                2,
                Some("P2"),
                Some("季度考核"),
                "`季度考核` has a key that is not a quarter: `2026-Q5`".to_string()
            ),
            (
                3,
                Some("P3"),
                Some("年度考核"),
                "`年度考核` has a key that is not a year: `26`".to_string()
            ),
            (
                4,
                Some("P4"),
                Some("季度考核"),
                "`季度考核` has a key that is not a quarter: `2026-03`".to_string()
            ),
        ]
    );
    assert_eq!(
        errs[0].kind,
        RecordErrorKind::BadKey {
            key: "2026-Q5".into(),
            kind: PeriodKind::Quarter
        }
    );
    assert_eq!(
        errs[0].help(Lang::Zh).as_deref(),
        Some("季度写作 `2026-Q1`(也可写 `2026Q1`、`2026年第1季度`)")
    );
    assert_eq!(
        errs[1].help(Lang::En).as_deref(),
        Some("write years like `2026` (also `2026年`)")
    );
}

const HEADER: &str =
    "工号,季度考核.2026-Q1,季度考核.2026Q2,季度考核.2026年第3季度,年度考核.2025,年度考核.2026年";

#[test]
fn csv_and_tsv_columns_may_name_quarters_and_years() {
    let s = periods_schema();
    let csv = format!("{HEADER}\nP1,A,S,,B,A\nP2,,,,,\n");
    let tsv = csv.replace(',', "\t");
    for (format, text) in [(Format::Csv, csv), (Format::Tsv, tsv)] {
        let (items, notices) = read_all(&s, format, text.as_bytes(), Lang::En);
        assert!(notices.is_empty(), "{notices:?}");
        let r = items[0].as_ref().unwrap();
        assert_eq!(entries(&s, r, "季度考核"), ["2026-Q1 A", "2026-Q2 S"]);
        assert_eq!(entries(&s, r, "年度考核"), ["2025 B", "2026 A"]);
        let r = items[1].as_ref().unwrap();
        assert!(entries(&s, r, "季度考核").is_empty());
    }
}

#[test]
fn a_csv_or_tsv_column_that_names_no_quarter_or_year_is_an_error_naming_it() {
    let s = periods_schema();
    for (bad, why) in [
        ("季度考核.2026-Q9", "`2026-Q9` is not a quarter"),
        ("年度考核.26", "`26` is not a year"),
    ] {
        let csv = format!("{HEADER},{bad}\nP1,A,S,,B,A,A\n");
        let tsv = csv.replace(',', "\t");
        for (format, text) in [(Format::Csv, csv), (Format::Tsv, tsv)] {
            let e = read(&s, format, Encoding::Auto, text.as_bytes(), Lang::En)
                .err()
                .unwrap();
            let shown = e.to_string();
            assert!(shown.contains(&format!("`{bad}`")), "{shown}");
            let help = e.help(Lang::En).unwrap_or_default();
            assert!(help.contains(why), "{shown}: {help}");
        }
    }
}

/// A workbook with these rows, written in memory.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                sheet.write_string(r, c, *cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn read_book(s: &Schema, bytes: &[u8]) -> Result<Vec<Item>, RecordError> {
    let options = Options::new(Lang::En);
    let mut rs = read_with(s, Format::Workbook, bytes, &options)?;
    Ok(rs.by_ref().collect())
}

#[test]
fn workbook_columns_may_name_quarters_and_years_and_a_bad_one_is_named() {
    let s = periods_schema();
    let header: Vec<&str> = HEADER.split(',').collect();
    let bytes = workbook(&[&header, &["P1", "A", "S", "", "B", "A"]]);
    let items = read_book(&s, &bytes).unwrap();
    let r = items[0].as_ref().unwrap();
    assert_eq!(entries(&s, r, "季度考核"), ["2026-Q1 A", "2026-Q2 S"]);
    assert_eq!(entries(&s, r, "年度考核"), ["2025 B", "2026 A"]);

    // A grade that is not one is named with its row, column and header.
    let bytes = workbook(&[&header, &["P1", "A", "Z", "", "B", "A"]]);
    let items = read_book(&s, &bytes).unwrap();
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        e.location(Lang::En),
        "sheet `Sheet1`, row 2, column C (`季度考核.2026Q2`)"
    );

    let mut bad = header.clone();
    bad.push("季度考核.2026-Q0");
    let bytes = workbook(&[&bad, &["P1", "A", "S", "", "B", "A", "A"]]);
    let e = read_book(&s, &bytes).err().unwrap();
    let shown = e.to_string();
    assert!(shown.contains("`季度考核.2026-Q0`"), "{shown}");
    let help = e.help(Lang::En).unwrap_or_default();
    assert!(help.contains("`2026-Q0` is not a quarter"), "{help}");
}
