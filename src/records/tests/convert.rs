//! Records stage: tests of converting each type of field, and of the messages that name it.

use serde_json::json;

use super::*;

#[test]
fn unknown_keys_are_warnings_with_did_you_mean() {
    let s = schema();
    let r = one(
        &s,
        json!({"部门": "客服部", "岗未": "x", "上次晋级": {"日期": "2026-01-05", "原职级": "初级客服(一般)", "备注": 1}}),
    )
    .unwrap();
    assert_eq!(
        r.warnings,
        [
            "`上次晋级.备注` is not a field of 晋级记录; ignored",
            "`部门` is not a field of the record; ignored",
            "`岗未` is not a field of the record; ignored; did you mean `岗位`?",
        ]
    );
    let line = record_json(json!({"部门": "客服部"}));
    let (items, _) = read_all(&s, Format::JsonLines, line.as_bytes(), Lang::Zh);
    let warnings = items
        .into_iter()
        .flatten()
        .flat_map(|r| r.warnings)
        .collect::<Vec<_>>();
    assert_eq!(warnings, ["`部门` 不是记录的字段,已忽略"]);
}

#[test]
fn a_score_out_of_its_range_is_an_error() {
    let s = schema();
    let e = err(&s, json!({"周边绩效得分": 101}));
    assert_eq!(e.field.as_deref(), Some("周边绩效得分"));
    assert_eq!(e.to_string(), "`周边绩效得分` is out of range: `101`");
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("it must be from 0 to 100")
    );
    assert_eq!(e.help(Lang::Zh).as_deref(), Some("应在 0 到 100 之间"));
    let panel = json!({"直属上级": 90, "部门负责人": "85.5", "业务关联部门": 80, "人力资源部": -1});
    let e = err(&s, json!({"评审评分": panel}));
    assert_eq!(e.field.as_deref(), Some("评审评分.人力资源部"));
    assert_eq!(
        ok_field(&s, json!({"360得分": 100}), "360得分"),
        FieldValue::Num(Num::parse("100").unwrap())
    );
    assert_eq!(
        ok_field(&s, json!({"360得分": 0}), "360得分"),
        FieldValue::Num(Num::ZERO)
    );
}

#[test]
fn rungs_accept_full_width_parentheses() {
    let s = schema();
    let want = rung(&s, "中(二)级客服(良好)");
    for written in [
        "中（二）级客服（良好）",
        "中(二)级客服(良好)",
        " 中（二）级客服 (良好) ",
    ] {
        assert_eq!(
            ok_field(&s, json!({"当前职级": written}), "当前职级"),
            want,
            "{written}"
        );
    }
    assert_eq!(
        s.ladders[0].rung_name(s.ladders[0].find("中（二）级客服（良好）").unwrap()),
        Some("中(二)级客服(良好)")
    );
    let e = err(&s, json!({"当前职级": "中（二）级客服（良）"}));
    assert_eq!(
        e.to_string(),
        "unknown rung `中（二）级客服（良）` for `当前职级`"
    );
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("did you mean `中(二)级客服(良好)`?")
    );
    let e = err(
        &s,
        json!({"上次晋级": {"日期": "2026-01-05", "原职级": "经理"}}),
    );
    assert_eq!(e.field.as_deref(), Some("上次晋级.原职级"));
    assert!(e
        .help(Lang::En)
        .is_some_and(|h| h.starts_with("allowed: `实习生客服`, `初级客服(一般)`")));
}

#[test]
fn text_takes_strings_and_numbers() {
    let s = schema();
    let r = one(&s, json!({"工号": 1001, "姓名": " 张三 "})).unwrap();
    assert_eq!(r.record.id, "1001");
    assert_eq!(field(&s, &r, "工号"), &FieldValue::Text("1001".into()));
    assert_eq!(field(&s, &r, "姓名"), &FieldValue::Text("张三".into()));
    let r = one(&s, json!({"姓名": " "})).unwrap();
    assert_eq!(field(&s, &r, "姓名"), &FieldValue::Absent);
    let e = err(&s, json!({"姓名": ["张三"]}));
    assert_eq!(e.to_string(), "`姓名` must be text, found `[\"张三\"]`");
}

#[test]
fn numbers_take_numbers_and_numeric_text() {
    let s = schema();
    for (v, want) in [
        (json!(78.5), "78.5"),
        (json!(" 78.5 "), "78.5"),
        (json!("0.3"), "0.3"),
        (json!(80), "80"),
    ] {
        let got = ok_field(&s, json!({"胜任素质得分": v}), "胜任素质得分");
        assert_eq!(got, FieldValue::Num(Num::parse(want).unwrap()));
    }
    let e = err(&s, json!({"胜任素质得分": "八十"}));
    assert_eq!(
        e.to_string(),
        "`胜任素质得分` must be a number, found `八十`"
    );
    assert_eq!(e.message(Lang::Zh), "`胜任素质得分` 应为数值,实际为 `八十`");
}

#[test]
fn booleans_take_the_usual_words() {
    let s = schema();
    for (v, want) in [
        (json!(true), true),
        (json!("是"), true),
        (json!("真"), true),
        (json!(" TRUE "), true),
        (json!("Yes"), true),
        (json!("y"), true),
        (json!("1"), true),
        (json!(1), true),
        (json!(false), false),
        (json!("否"), false),
        (json!("假"), false),
        (json!("False"), false),
        (json!("no"), false),
        (json!("N"), false),
        (json!("0"), false),
    ] {
        assert_eq!(
            ok_field(&s, json!({"岗位空缺": v}), "岗位空缺"),
            FieldValue::Bool(want),
            "{v}"
        );
    }
    let e = err(&s, json!({"岗位空缺": "有"}));
    assert_eq!(e.to_string(), "`岗位空缺` must be yes or no, found `有`");
}

#[test]
fn dates_and_months_take_the_usual_forms() {
    let s = schema();
    for written in [
        "2026-07-03",
        "2026/7/3",
        "2026.7.3",
        "2026年7月3日",
        " 2026-7-3 ",
        "2026-07-03 08:30",
    ] {
        assert_eq!(
            ok_field(&s, json!({"转正日期": written}), "转正日期"),
            date("2026-07-03"),
            "{written}"
        );
    }
    let e = err(&s, json!({"转正日期": "2026-02-30"}));
    assert_eq!(e.field.as_deref(), Some("转正日期"));
    let grades = json!({"2026-01": "A", "2026-2": "B", "2026年3月": "C", "2026/4": "S"});
    let FieldValue::Map(m) = ok_field(&s, json!({"考核": grades}), "考核") else {
        panic!("a map");
    };
    let months: Vec<String> = m.entries().iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03", "2026-04"]);
    let e = err(&s, json!({"考核": {"2026-13": "A"}}));
    assert_eq!(
        (e.field.as_deref(), &e.kind),
        (
            Some("考核"),
            &RecordErrorKind::BadKey {
                key: "2026-13".into(),
                kind: crate::calendar::PeriodKind::Month,
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "`考核` has a key that is not a month: `2026-13`"
    );
    assert_eq!(e.help(Lang::Zh).as_deref(), Some("月份写作 `2026-07`"));
    let e = err(&s, json!({"考核": ["A", "B"]}));
    assert_eq!(
        e.to_string(),
        "`考核` must be a map by month (a JSON object), found `[\"A\",\"B\"]`"
    );
}

#[test]
fn enums_and_grades_by_name() {
    let s = schema();
    assert_eq!(
        ok_field(&s, json!({"申请职务": " 主管 "}), "申请职务"),
        FieldValue::Enum(1)
    );
    let e = err(&s, json!({"申请职务": "经理"}));
    assert_eq!(e.to_string(), "unknown value `经理` for `申请职务`");
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("allowed: `班组长`, `主管`")
    );
    assert_eq!(
        e.message(Lang::Zh),
        "`申请职务` 的值 `经理` 不是 管理职务 的成员"
    );
    let e = err(&s, json!({"岗位": "客服助里"}));
    assert_eq!(e.help(Lang::Zh).as_deref(), Some("你是不是指 `客服助理`?"));

    let grades =
        json!({"2026-01": "a", "2026-02": " S ", "2026-03": "Ｂ", "2026-04": null, "2026-05": ""});
    let FieldValue::Map(m) = ok_field(&s, json!({"考核": grades}), "考核") else {
        panic!("a map");
    };
    let got: Vec<FieldValue> = m.entries().iter().map(|(_, g)| g.clone()).collect();
    assert_eq!(got, [grade(&s, "A"), grade(&s, "S"), grade(&s, "B")]);
    let e = err(&s, json!({"考核": {"2026-07": "E"}}));
    assert_eq!(e.field.as_deref(), Some("考核.2026-07"));
    assert_eq!(e.to_string(), "unknown grade `E` for `考核.2026-07`");
    assert_eq!(
        e.help(Lang::En).as_deref(),
        Some("allowed: `S`, `A`, `B`, `C`, `D`")
    );
}

#[test]
fn sub_records_and_lists_name_the_path() {
    let s = schema();
    let promo = json!({"日期": "2026-01-05", "原职级": "初级客服(优秀)"});
    let got = ok_field(&s, json!({"上次晋级": promo}), "上次晋级");
    assert_eq!(
        got,
        FieldValue::Struct(vec![date("2026-01-05"), rung(&s, "初级客服(优秀)")])
    );
    let e = err(&s, json!({"上次晋级": {"原职级": "初级客服(优秀)"}}));
    assert_eq!(
        (e.field.as_deref(), &e.kind),
        (Some("上次晋级.日期"), &RecordErrorKind::Missing)
    );
    assert_eq!(e.to_string(), "missing required field `上次晋级.日期`");
    let e = err(&s, json!({"上次晋级": "2026-01-05"}));
    assert_eq!(
        e.to_string(),
        "`上次晋级` must be a 晋级记录 (a JSON object), found `2026-01-05`"
    );

    let complaints = json!([
        {"日期": "2026-03-15", "原因": "服务态度", "成立": "是"},
        {"日期": "2026-04-01", "原因": "态度", "成立": false}
    ]);
    let e = err(&s, json!({"投诉": complaints}));
    assert_eq!(e.field.as_deref(), Some("投诉[2].原因"));
    let e = err(&s, json!({"投诉": [null]}));
    assert_eq!(e.field.as_deref(), Some("投诉[1]"));
    let e = err(&s, json!({"投诉": {"日期": "2026-03-15"}}));
    assert_eq!(
        e.to_string(),
        "`投诉` must be a list (a JSON array), found `{\"日期\":\"2026-03-15\"}`"
    );
}

#[test]
fn absent_values_take_the_default_else_absent_else_missing() {
    let s = schema();
    let r = one(
        &s,
        json!({"突出贡献": null, "毕业日期": "", "当前职级": null}),
    )
    .unwrap();
    assert_eq!(field(&s, &r, "突出贡献"), &FieldValue::Bool(false));
    assert_eq!(field(&s, &r, "投诉"), &FieldValue::List(vec![]));
    assert_eq!(field(&s, &r, "毕业日期"), &FieldValue::Absent);
    assert_eq!(field(&s, &r, "当前职级"), &FieldValue::Absent);
    assert_eq!(field(&s, &r, "上次晋级"), &FieldValue::Absent);
    for missing in ["岗位", "考核", "工号"] {
        let e = err(&s, json!({missing: null}));
        assert_eq!(
            (e.field.as_deref(), &e.kind),
            (Some(missing), &RecordErrorKind::Missing)
        );
    }
    let e = err(&s, json!({"岗位": "  "}));
    assert_eq!(e.message(Lang::Zh), "缺少必填字段 `岗位`");
    let e = err(&s, json!({"工号": null}));
    assert_eq!(e.id, None);
    let e = err(&s, json!({"岗位": null, "工号": "E1023"}));
    assert_eq!(e.id.as_deref(), Some("E1023"));
}
