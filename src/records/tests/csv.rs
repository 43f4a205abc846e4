//! Records stage: tests of CSV columns, cells, rows and their lines.

use serde_json::json;

use super::*;

#[test]
fn csv_dates_may_be_excel_serial_numbers() {
    let s = schema();
    let csv = "工号,岗位,入职类型,入职日期,转正日期,考核\n\
               E1,客服,社招,46206,2026/7/3 0:00,\n\
               E2,客服,社招,60,,\n";
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    let r = items[0].as_ref().unwrap();
    assert_eq!(field(&s, r, "入职日期"), &date("2026-07-03"));
    assert_eq!(field(&s, r, "转正日期"), &date("2026-07-03"));
    assert_eq!(field(&s, r, "考核"), &FieldValue::Map(PeriodMap::default()));
    // Excel's day 60 is 1900-02-29, which did not exist.
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(
        (e.id.as_deref(), e.field.as_deref()),
        (Some("E2"), Some("入职日期"))
    );
    assert_eq!(
        crate::records::convert::excel_date(1),
        Date::parse("1900-01-01")
    );
    assert_eq!(
        crate::records::convert::excel_date(59),
        Date::parse("1900-02-28")
    );
    assert_eq!(
        crate::records::convert::excel_date(61),
        Date::parse("1900-03-01")
    );
    // In JSON a number is not a date.
    let e = err(&s, json!({"入职日期": 46206}));
    assert_eq!(e.to_string(), "`入职日期` must be a date, found `46206`");
}

#[test]
fn a_csv_row_with_a_missing_cell_is_an_error_and_the_others_go_on() {
    let s = schema();
    let csv = "工号,岗位,入职类型,入职日期,考核,姓名\nE1,客服,社招,2025-03-01,\nE2,客服,社招,2025-03-01,,张三\n";
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        (e.line, e.id.as_deref(), e.field.as_deref()),
        (2, Some("E1"), None)
    );
    assert_eq!(e.to_string(), "the row has 5 cells, the header has 6");
    assert_eq!(ids(&items), [(3, "E2".to_string())]);
}

#[test]
fn csv_columns_reach_into_maps_sub_records_and_lists() {
    let s = schema();
    let csv = "工号,岗位,入职类型,入职日期,考核,考核.2026.7,上次晋级.日期,上次晋级.原职级,\
               投诉.1.日期,投诉.1.原因,投诉.1.成立,投诉[2].日期,投诉.2.原因,投诉.2.成立,评审评分\n\
               E1,客服,社招,2025-03-01,\"{\"\"2026-01\"\":\"\"A\"\"}\",B,,,2026-03-15,服务态度,是,,,,\n\
               E2,客服,社招,2025-03-01,,,2026-01-05,初级客服（优秀）,,,,2026-04-01,非个人原因,否,\
               \"{\"\"直属上级\"\": 90, \"\"部门负责人\"\": 85, \"\"业务关联部门\"\": 80, \"\"人力资源部\"\": 75}\"\n\
               E3,客服,社招,2025-03-01,,,2026-01-05,,,,,,,,\n";
    let (items, notices) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    let e1 = items[0].as_ref().unwrap();
    let FieldValue::Map(m) = field(&s, e1, "考核") else {
        panic!("a map");
    };
    assert_eq!(m.get(month("2026-01")), Some(&grade(&s, "A")));
    assert_eq!(m.get(month("2026-07")), Some(&grade(&s, "B")));
    assert_eq!(
        field(&s, e1, "上次晋级"),
        &FieldValue::Absent,
        "all its cells are empty"
    );
    let FieldValue::List(c) = field(&s, e1, "投诉") else {
        panic!("a list");
    };
    assert_eq!(c.len(), 1, "the second complaint's cells are empty");
    let e2 = items[1].as_ref().unwrap();
    assert_eq!(
        field(&s, e2, "考核"),
        &FieldValue::Map(PeriodMap::default())
    );
    assert_eq!(
        field(&s, e2, "上次晋级"),
        &FieldValue::Struct(vec![date("2026-01-05"), rung(&s, "初级客服(优秀)")])
    );
    let FieldValue::List(c) = field(&s, e2, "投诉") else {
        panic!("a list");
    };
    assert_eq!(c.len(), 1, "the first complaint's cells are empty");
    assert!(matches!(field(&s, e2, "评审评分"), FieldValue::Struct(v) if v.len() == 4));
    // A partly filled sub-record is missing a field, named by its path.
    let e3 = items[2].as_ref().unwrap_err();
    assert_eq!((e3.line, e3.field.as_deref()), (4, Some("上次晋级.原职级")));
}

#[test]
fn csv_columns_that_are_not_fields_are_notices() {
    let s = schema();
    let csv = "工号,部门,岗未,岗位,入职类型,入职日期,工号,,考核.2026-01\n\
               E1,客服部,x,客服,社招,2025-03-01,E9,,\n";
    let (items, notices) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    assert_eq!(
        notices,
        [
            "column `部门` is not a field of the record; ignored",
            "column `岗未` is not a field of the record; ignored; did you mean `岗位`?",
            "column `工号` appears twice; the second is ignored",
            "column H has no name; ignored",
        ]
    );
    assert_eq!(ids(&items), [(2, "E1".to_string())]);
    let r = items[0].as_ref().unwrap();
    assert_eq!(field(&s, r, "考核"), &FieldValue::Map(PeriodMap::default()));
}

#[test]
fn a_header_that_loses_data_is_an_error_of_the_whole_file() {
    let s = schema();
    let header_error = |csv: &str, lang| {
        read(&s, Format::Csv, Encoding::Auto, csv.as_bytes(), lang)
            .err()
            .map(|e| (e.message(lang), e.help(lang).unwrap_or_default()))
    };
    // Columns that name a field but cannot be read: their data would be lost.
    let csv = "工号,岗位,入职类型,入职日期,考核.202603,上次晋级.备注,投诉.x.日期,考核.2026-01\n\
               E1,客服,社招,2025-03-01,A,y,z,B\n";
    assert_eq!(
        header_error(csv, Lang::En),
        Some((
            "bad header: cannot read column(s) `考核.202603`, `上次晋级.备注`, `投诉.x.日期`; \
             no record was read"
                .to_string(),
            "column E `考核.202603`: `202603` is not a month (write `2026-07`)\n\
             column F `上次晋级.备注`: `备注` is not a field of 晋级记录\n\
             column G `投诉.x.日期`: `x` is not an item number from 1 to 200"
                .to_string()
        ))
    );
    // A required field without a column, renamed: did you mean.
    let csv =
        "工号,岗位,入职类型,入职日期,现职级,考核.2026-01\nE1,客服,社招,2025-03-01,初级客服,A\n";
    assert!(
        header_error(csv, Lang::En).is_none(),
        "当前职级 is optional"
    );
    let csv = "工号,岗位,入职类别,入职日期\nE1,客服,社招,2025-03-01\n";
    assert_eq!(
        header_error(csv, Lang::Zh),
        Some((
            "表头有误:缺少必填字段 `入职类型`, `考核` 的列;未读取任何记录".to_string(),
            "列 `入职类别` 是不是 `入职类型`?请把列名改为 `入职类型`\n请加上 `考核` 列".to_string()
        ))
    );
    // An unknown column like a field: did you mean.
    let (_, notices) = read_all(
        &s,
        Format::Csv,
        csv.replace("入职类别", "入职类型,现职级,考核").as_bytes(),
        Lang::En,
    );
    assert!(
        notices
            .iter()
            .any(|n| n.ends_with("did you mean `当前职级`?")),
        "{notices:?}"
    );
    let e = read(
        &s,
        Format::Csv,
        Encoding::Auto,
        "部门,备注\n1,2\n".as_bytes(),
        Lang::En,
    )
    .err();
    assert!(matches!(
        e.map(|e| e.kind),
        Some(RecordErrorKind::NoColumns { .. })
    ));
    let (items, _) = read_all(&s, Format::Csv, b"", Lang::En);
    assert!(items.is_empty());
}

#[test]
fn csv_rows_are_excels_rows_across_blank_lines_and_multiline_cells() {
    let s = schema();
    let csv = "工号,姓名,岗位,入职类型,入职日期,考核\r\n\r\n\
               E1,\"张\r\n三\",客服,社招,2025-03-01,\r\n\
               \r\n\r\n\
               E2,李四,客服,社招,2025-13-01,\n\
               \n\
               E3,王五,客服,社招,2025-03-01,";
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    assert_eq!(items.len(), 3);
    // Rows as Excel numbers them: a row whose cell holds a line break is one row.
    assert_eq!(ids(&items), [(3, "E1".to_string()), (8, "E3".to_string())]);
    assert_eq!(items[1].as_ref().unwrap_err().line, 6);
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let s = schema();
    let csv = "工号,岗位,入职类型,入职日期,考核.2026-01,考核.2026-02,突出贡献\n\
               E1,客服,社招,2025-13-01,X,A,也许\n\
               E2,客服,社招,2025-03-01,A,B,否\n";
    let (items, _) = read_all(&s, Format::Csv, csv.as_bytes(), Lang::En);
    assert_eq!(ids(&items), [(3, "E2".to_string())]);
    let e = items[0].as_ref().unwrap_err();
    let each: Vec<(Option<&str>, String)> = e
        .problems()
        .iter()
        .map(|p| (p.field.as_deref(), p.location(Lang::En)))
        .collect();
    assert_eq!(
        each,
        [
            (Some("入职日期"), "row 2, column D (`入职日期`)".to_string()),
            (
                Some("考核.2026-01"),
                "row 2, column E (`考核.2026-01`)".to_string()
            ),
            (Some("突出贡献"), "row 2, column G (`突出贡献`)".to_string()),
        ]
    );
    assert_eq!(
        e.to_string(),
        "`入职日期` must be a date, found `2025-13-01`; unknown grade `X` for `考核.2026-01`; \
         `突出贡献` must be yes or no, found `也许`"
    );
}
