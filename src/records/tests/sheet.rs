//! Records stage: workbooks and Excel's "Unicode 文本" read as CSV is, with errors that name the
//! sheet, the row, the column's letter and its header.

use super::*;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/");

fn example(name: &str) -> Vec<u8> {
    std::fs::read(format!("{EXAMPLES}{name}")).unwrap()
}

fn records(items: &[Item]) -> Vec<(String, Vec<FieldValue>)> {
    items
        .iter()
        .flatten()
        .map(|r| (r.record.id.clone(), r.record.fields.clone()))
        .collect()
}

fn sheet(bytes: &[u8], name: Option<&str>) -> Result<(Vec<Item>, Vec<String>), RecordError> {
    let s = schema();
    let options = Options {
        sheet: name.map(str::to_string),
        ..Options::new(Lang::En)
    };
    let mut rs = read_with(&s, Format::Workbook, bytes, &options)?;
    let items: Vec<Item> = rs.by_ref().collect();
    Ok((items, rs.notices().to_vec()))
}

#[test]
fn the_example_workbook_gives_the_json_lines_records() {
    let s = schema();
    let (json, _) = read_all(&s, Format::JsonLines, &example("roster.jsonl"), Lang::En);
    let (xlsx, notices) = sheet(&example("roster.xlsx"), None).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(errors(&xlsx).len(), 0);
    assert_eq!(xlsx.len(), json.len());
    assert_eq!(records(&xlsx), records(&json));
    // Each record's line is its row in the sheet, under the header.
    assert_eq!(
        xlsx.first()
            .and_then(|r| r.as_ref().ok())
            .map(|r| r.record.line),
        Some(2)
    );
    let (named, _) = sheet(&example("roster.xlsx"), Some("花名册")).unwrap();
    assert_eq!(records(&named), records(&json));
}

#[test]
fn workbook_errors_name_the_sheet_row_column_and_header() {
    let bytes = fixture("mistakes.xlsx");
    // The first sheet is a note: no column is a field.
    let e = sheet(&bytes, None).err().unwrap();
    assert!(matches!(e.kind, RecordErrorKind::NoColumns { .. }), "{e:?}");
    let e = sheet(&bytes, Some("花名")).err().unwrap();
    assert_eq!(e.to_string(), "the workbook has no sheet `花名`");
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("did you mean `花名册`? the sheets are: `说明`, `花名册`")
    );

    let (items, _) = sheet(&bytes, Some("花名册")).unwrap();
    // Four records; the blank row is not one.
    assert_eq!(items.len(), 4);
    assert_eq!(
        ids(&items),
        [(2, "E1".to_string()), (6, "E4".to_string())],
        "a date written as text reads too"
    );
    let errs = errors(&items);
    let at: Vec<String> = errs.iter().map(|e| e.location(Lang::En)).collect();
    assert_eq!(
        at,
        [
            "sheet `花名册`, row 3, column F (`考核.2026-01`)",
            "sheet `花名册`, row 4, column E (`入职日期`)",
        ]
    );
    // Every problem of the row: the error value, and the unknown grade beside it.
    let each: Vec<(String, String)> = errs[1]
        .problems()
        .iter()
        .map(|p| (p.location(Lang::En), p.to_string()))
        .collect();
    assert_eq!(
        each,
        [
            (
                "sheet `花名册`, row 4, column E (`入职日期`)".to_string(),
                "the cell of `入职日期` holds the error `#N/A`".to_string()
            ),
            (
                "sheet `花名册`, row 4, column G (`考核.2026-02`)".to_string(),
                "unknown grade `Z` for `考核.2026-02`".to_string()
            ),
        ]
    );
    assert_eq!(
        errs[0].location(Lang::Zh),
        "工作表 `花名册` 第 3 行 F 列(`考核.2026-01`)"
    );
    let e = sheet(b"not a workbook", None).err().unwrap();
    assert!(matches!(e.kind, RecordErrorKind::NotWorkbook { .. }));
}

#[test]
fn csv_errors_name_the_column_too() {
    let s = schema();
    let csv = std::fs::read_to_string(format!("{FIXTURES}mistakes.csv")).unwrap();
    let csv = csv.replace("#N/A", "2025-02-30");
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    let at: Vec<String> = errors(&items)
        .iter()
        .map(|e| e.location(Lang::En))
        .collect();
    assert_eq!(
        at,
        [
            "row 3, column F (`考核.2026-01`)",
            "row 4, column E (`入职日期`)"
        ]
    );
}

#[test]
fn excels_unicode_text_reads_as_the_csv() {
    let s = schema();
    let csv = example("roster.csv");
    let text = String::from_utf8(csv.clone()).unwrap();
    // Excel's "Unicode 文本": UTF-16 LE with a byte order mark, tabs between cells, CRLF.
    let tabbed = text.replace(',', "\t").replace('\n', "\r\n");
    let mut utf16 = vec![0xff, 0xfe];
    for unit in tabbed.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    assert_eq!(Format::from_path("花名册.txt"), Some(Format::Tsv));
    let (from_csv, _) = read_all(&s, Format::Csv, &csv, Lang::En);
    let (from_text, notices) = read_all(&s, Format::Tsv, &utf16, Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(errors(&from_text).len(), 0);
    assert_eq!(records(&from_text), records(&from_csv));
    assert_eq!(records(&from_text).len(), 37);
}
