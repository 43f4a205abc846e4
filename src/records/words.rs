//! Records stage: the words of a record error, in Chinese or English: what is wrong, where,
//! and what to do. The error itself carries facts (see `error`).

use std::fmt;

use crate::calendar::PeriodKind;
use crate::diag::Lang;

use super::error::{Expected, NameKind, RecordError, RecordErrorKind, UnknownName};

impl RecordError {
    /// The error as a sentence: what is wrong and with which field.
    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.as_deref().unwrap_or("");
        match &self.kind {
            RecordErrorKind::Io(e) => lang.fmt(
                format!("无法读取输入:{}", e.words(lang)),
                format!("cannot read the input: {}", e.words(lang)),
            ),
            RecordErrorKind::Decode { tried } => lang.fmt(
                format!("输入不是 {tried} 编码的文本"),
                format!("the input is not {tried} text"),
            ),
            RecordErrorKind::Json { .. } => lang.fmt("JSON 格式错误", "malformed JSON"),
            RecordErrorKind::Swallowed { by } => lang.fmt(
                format!("这条记录在第 {by} 行起损坏的 JSON 中,无法读取"),
                format!("this record lies in the broken JSON from line {by} and cannot be read"),
            ),
            RecordErrorKind::DuplicateKey => lang.fmt(
                format!("`{field}` 写了两次"),
                format!("`{field}` is written twice"),
            ),
            RecordErrorKind::BadBytes { found } => lang.fmt(
                format!("`{field}` 含有无法解码的字节:`{found}`"),
                format!("`{field}` holds bytes that are not valid text: `{found}`"),
            ),
            RecordErrorKind::UnclosedQuote { column } => lang.fmt(
                format!("第 {column} 格的引号 `\"` 在这一行没有结束"),
                format!("the quote `\"` opening cell {column} is not closed on this row"),
            ),
            RecordErrorKind::NotRecords { found } => lang.fmt(
                format!("JSON 文件应为记录的数组或一条记录,实际为{}", zh_json(found)),
                format!("a JSON file must hold an array of records or one record, found {found}"),
            ),
            RecordErrorKind::NotObject { found } => lang.fmt(
                format!("记录应为 JSON 对象,实际为{}", zh_json(found)),
                format!("a record must be a JSON object, found {found}"),
            ),
            RecordErrorKind::Csv(e) => {
                lang.fmt(format!("CSV 格式错误:{e}"), format!("malformed CSV: {e}"))
            }
            RecordErrorKind::NoColumns { .. } => lang.fmt(
                "CSV 表头没有一列是记录的字段",
                "no column of the CSV header is a field of the record",
            ),
            RecordErrorKind::Header { missing, bad } => {
                let names = |v: Vec<&str>| v.join("`, `");
                let mut zh = Vec::new();
                let mut en = Vec::new();
                if !missing.is_empty() {
                    let m = names(missing.iter().map(|m| m.field.as_str()).collect());
                    zh.push(format!("缺少必填字段 `{m}` 的列"));
                    en.push(format!("no column for required field(s) `{m}`"));
                }
                if !bad.is_empty() {
                    let b = names(bad.iter().map(|b| b.header.as_str()).collect());
                    zh.push(format!("无法读取列 `{b}`"));
                    en.push(format!("cannot read column(s) `{b}`"));
                }
                lang.fmt(
                    format!("表头有误:{};未读取任何记录", zh.join(";")),
                    format!("bad header: {}; no record was read", en.join("; ")),
                )
            }
            RecordErrorKind::CellCount { found, expected } => lang.fmt(
                format!("这一行有 {found} 格,表头有 {expected} 列"),
                format!("the row has {found} cells, the header has {expected}"),
            ),
            RecordErrorKind::Missing => lang.fmt(
                format!("缺少必填字段 `{field}`"),
                format!("missing required field `{field}`"),
            ),
            RecordErrorKind::WrongType { expected, found } => lang.fmt(
                format!("`{field}` 应为{},实际为 `{found}`", expected.zh()),
                format!("`{field}` must be {}, found `{found}`", expected.en()),
            ),
            RecordErrorKind::UnknownName(u) => {
                let UnknownName {
                    kind,
                    type_name,
                    value,
                    ..
                } = &**u;
                let (zh, en) = match kind {
                    NameKind::Member => ("的成员", "value"),
                    NameKind::Grade => ("的等级", "grade"),
                    NameKind::Rung => ("的一级", "rung"),
                };
                lang.fmt(
                    format!("`{field}` 的值 `{value}` 不是 {type_name} {zh}"),
                    format!("unknown {en} `{value}` for `{field}`"),
                )
            }
            RecordErrorKind::OutOfRange { value, .. } => lang.fmt(
                format!("`{field}` 超出范围:`{value}`"),
                format!("`{field}` is out of range: `{value}`"),
            ),
            RecordErrorKind::BadKey { key, kind } => {
                let (zh, en) = period_words(*kind);
                lang.fmt(
                    format!("`{field}` 的键 `{key}` 不是{zh}"),
                    format!("`{field}` has a key that is not a {en}: `{key}`"),
                )
            }
            RecordErrorKind::NotWorkbook { .. } => lang.fmt(
                "无法读取工作簿(.xlsx、.xls、.ods)",
                "cannot read the workbook (.xlsx, .xls, .ods)",
            ),
            RecordErrorKind::NoSheet {
                name: Some(name), ..
            } => lang.fmt(
                format!("工作簿里没有工作表 `{name}`"),
                format!("the workbook has no sheet `{name}`"),
            ),
            RecordErrorKind::NoSheet { name: None, .. } => {
                lang.fmt("工作簿里没有工作表", "the workbook has no sheet")
            }
            RecordErrorKind::CellError { value } => lang.fmt(
                format!("`{field}` 的格子是错误值 `{value}`"),
                format!("the cell of `{field}` holds the error `{value}`"),
            ),
            RecordErrorKind::DuplicateId { input, line, same } => {
                let id = self.id.as_deref().unwrap_or("");
                match same {
                    true => lang.fmt(
                        format!("`{id}` 重复出现:{input} 第 {line} 行已有同样的记录"),
                        format!("id `{id}` given twice: {input} line {line} has the same record"),
                    ),
                    false => lang.fmt(
                        format!("`{id}` 重复出现:{input} 第 {line} 行已有它,内容不同"),
                        format!(
                            "id `{id}` given twice: {input} line {line} has it, with other values"
                        ),
                    ),
                }
            }
            RecordErrorKind::Warning(w) => w.clone(),
            RecordErrorKind::Several(all) => all
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join(lang.pick(";", "; ")),
            RecordErrorKind::Internal(what) => lang.fmt(
                format!("内部错误:{what}"),
                format!("internal error: {what}"),
            ),
        }
    }

    /// Where it is: `第 5 行`, or in a table `工作表 `花名册` 第 5 行 F 列(`入职日期`)`.
    pub fn location(&self, lang: Lang) -> String {
        let line = self.line;
        let Some(place) = &self.place else {
            return lang.fmt(format!("第 {line} 行"), format!("line {line}"));
        };
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if let Some(sheet) = &place.sheet {
            zh.push(format!("工作表 `{sheet}`"));
            en.push(format!("sheet `{sheet}`"));
        }
        if line > 0 {
            zh.push(format!("第 {line} 行"));
            en.push(format!("row {line}"));
        }
        if let Some((letter, header)) = &place.column {
            zh.push(format!("{letter} 列(`{header}`)"));
            en.push(format!("column {letter} (`{header}`)"));
        }
        lang.fmt(zh.join(" "), en.join(", "))
    }

    /// What to do about it, if there is more to say.
    pub fn help(&self, lang: Lang) -> Option<String> {
        Some(match &self.kind {
            RecordErrorKind::Io(_) | RecordErrorKind::Missing | RecordErrorKind::Internal(_) => {
                return None
            }
            RecordErrorKind::NotWorkbook { detail } => detail.clone(),
            RecordErrorKind::DuplicateId { same: true, .. } => lang.fmt(
                "同一条记录给了两次;加 --dedupe 只评估一次",
                "the same record is given twice; pass --dedupe to evaluate it once",
            ),
            RecordErrorKind::DuplicateId { same: false, .. } => lang.fmt(
                "两条记录用了同一个工号,请改正其中一条",
                "two records have one id; correct one of them",
            ),
            RecordErrorKind::Warning(_) => lang.fmt(
                "--strict 把警告当作错误",
                "--strict makes warnings errors",
            ),
            RecordErrorKind::Several(all) => {
                let helps: Vec<String> = all.iter().filter_map(|e| e.help(lang)).collect();
                if helps.is_empty() {
                    return None;
                }
                helps.join("\n")
            }
            RecordErrorKind::NoSheet { sheets, .. } => {
                let list = sheets
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                match closest_sheet(self, sheets) {
                    Some(s) => lang.fmt(
                        format!("你是不是指 `{s}`?工作表有:{list}"),
                        format!("did you mean `{s}`? the sheets are: {list}"),
                    ),
                    None => lang.fmt(format!("工作表有:{list}"), format!("the sheets are: {list}")),
                }
            }
            RecordErrorKind::CellError { .. } => lang.fmt(
                "请在表格中改正这个公式或值",
                "correct the formula or value in the spreadsheet",
            ),
            RecordErrorKind::Decode { .. } => lang.fmt(
                "请把文件另存为 UTF-8 或 GBK(GB18030)编码",
                "save the file as UTF-8 or GBK (GB18030)",
            ),
            RecordErrorKind::Json {
                problem,
                at,
                until,
                swallowed,
            } => {
                let detail = problem.words(lang);
                let mut h = lang.fmt(
                    format!("第 {} 行第 {} 列:{detail}", at.0, at.1),
                    format!("line {}, column {}: {detail}", at.0, at.1),
                );
                if *swallowed > 0 {
                    h.push_str(&lang.fmt(
                        format!(
                            ";第 {}–{until} 行无法读取,其中另有 {swallowed} 条记录(见下)",
                            self.line
                        ),
                        format!(
                            "; lines {}–{until} cannot be read, with {swallowed} more record(s) in them (reported below)",
                            self.line
                        ),
                    ));
                }
                h
            }
            RecordErrorKind::Swallowed { .. } => lang.fmt(
                "修正那里的 JSON 后再读一次",
                "fix the JSON there and read the file again",
            ),
            RecordErrorKind::DuplicateKey => lang.fmt(
                "每个字段只写一次,不知道该用哪一个值",
                "write each field once: which value is meant is not known",
            ),
            RecordErrorKind::BadBytes { .. } => lang.fmt(
                "文件的编码是否正确(--encoding)?请改正这一格的内容",
                "is the file's encoding right (--encoding)? correct this value",
            ),
            RecordErrorKind::UnclosedQuote { .. } => lang.fmt(
                "格内的双引号写两次(`\"\"`),或在格末补上 `\"`;之后的行已照常读取",
                "double the quotes inside a cell (`\"\"`) or close the cell with `\"`; the lines after it were read as rows",
            ),
            RecordErrorKind::NotRecords { .. } => lang.fmt(
                "写作 `[{\"工号\": …}, …]`;每行一条记录的文件请用 .jsonl 扩展名",
                "write `[{\"工号\": …}, …]`; for one record per line, name the file .jsonl",
            ),
            RecordErrorKind::NotObject { .. } => lang.fmt(
                "每条记录写作 `{\"字段\": 值, …}`",
                "write each record as `{\"field\": value, …}`",
            ),
            RecordErrorKind::Csv(_) => lang.fmt(
                "含逗号、引号或换行的格子须用双引号括起,格内的双引号写两次",
                "quote cells that hold commas, quotes or line breaks, and double the quotes inside",
            ),
            RecordErrorKind::NoColumns { fields } => lang.fmt(
                format!("第一行应为表头,列名是字段名:{}", fields.join(", ")),
                format!(
                    "the first row must be a header naming fields: {}",
                    fields.join(", ")
                ),
            ),
            RecordErrorKind::Header { missing, bad } => {
                let mut lines = Vec::new();
                for m in missing {
                    let f = &m.field;
                    lines.push(match &m.like {
                        Some(like) => lang.fmt(
                            format!("列 `{like}` 是不是 `{f}`?请把列名改为 `{f}`"),
                            format!("is column `{like}` meant as `{f}`? rename it `{f}`"),
                        ),
                        None => lang.fmt(
                            format!("请加上 `{f}` 列"),
                            format!("add a column `{f}`"),
                        ),
                    });
                }
                for b in bad {
                    lines.push(lang.fmt(
                        format!("{} 列 `{}`:{}", b.column, b.header, b.reason),
                        format!("column {} `{}`: {}", b.column, b.header, b.reason),
                    ));
                }
                lines.join("\n")
            }
            RecordErrorKind::CellCount { .. } => lang.fmt(
                "是否少了或多了逗号?含逗号的格子须用双引号括起",
                "a comma missing or extra? quote cells that hold commas",
            ),
            RecordErrorKind::WrongType { expected, .. } => expected.help(lang)?,
            RecordErrorKind::UnknownName(u) => match &u.suggestion {
                Some(s) => lang.fmt(format!("你是不是指 `{s}`?"), format!("did you mean `{s}`?")),
                None => {
                    let list = u
                        .allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    lang.fmt(format!("可选值:{list}"), format!("allowed: {list}"))
                }
            },
            RecordErrorKind::OutOfRange { min, max, .. } => match (min, max) {
                (Some(lo), Some(hi)) => lang.fmt(
                    format!("应在 {lo} 到 {hi} 之间"),
                    format!("it must be from {lo} to {hi}"),
                ),
                (Some(lo), None) => lang.fmt(
                    format!("应不小于 {lo}"),
                    format!("it must be at least {lo}"),
                ),
                (None, Some(hi)) => {
                    lang.fmt(format!("应不大于 {hi}"), format!("it must be at most {hi}"))
                }
                (None, None) => return None,
            },
            RecordErrorKind::BadKey { kind, .. } => key_help(*kind, lang),
        })
    }
}

/// The sheet closest to the one asked for.
fn closest_sheet<'a>(e: &RecordError, sheets: &'a [String]) -> Option<&'a str> {
    let RecordErrorKind::NoSheet {
        name: Some(name), ..
    } = &e.kind
    else {
        return None;
    };
    crate::names::closest(name, sheets.iter().map(String::as_str))
}

impl Expected {
    fn zh(&self) -> String {
        match self {
            Expected::Text => "文本".into(),
            Expected::Int => "整数".into(),
            Expected::Number => "数值".into(),
            Expected::Bool => "是或否".into(),
            Expected::Date => "日期".into(),
            Expected::Month => "月份".into(),
            Expected::Quarter => "季度".into(),
            Expected::Object(name) => format!(" {name}(JSON 对象)"),
            Expected::List => "列表(JSON 数组)".into(),
            Expected::Map(k) => format!("按{}的映射(JSON 对象)", period_words(*k).0),
            Expected::Name(name) => format!(" {name} 的名称"),
        }
    }

    fn en(&self) -> String {
        match self {
            Expected::Text => "text".into(),
            Expected::Int => "a whole number".into(),
            Expected::Number => "a number".into(),
            Expected::Bool => "yes or no".into(),
            Expected::Date => "a date".into(),
            Expected::Month => "a month".into(),
            Expected::Quarter => "a quarter".into(),
            Expected::Object(name) => format!("a {name} (a JSON object)"),
            Expected::List => "a list (a JSON array)".into(),
            Expected::Map(k) => format!("a map by {} (a JSON object)", period_words(*k).1),
            Expected::Name(name) => format!("a name of {name}"),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Expected::Int => lang.fmt("例如 `12`", "for example `12`"),
            Expected::Number => lang.fmt("例如 `85` 或 `85.5`", "for example `85` or `85.5`"),
            Expected::Bool => lang.fmt(
                "写 `是` 或 `否`(也可写 真/假、true/false、yes/no、1/0)",
                "write `true` or `false` (also 是/否, 真/假, yes/no, y/n, 1/0)",
            ),
            Expected::Date => lang.fmt(
                "日期写作 `2026-07-03`(也可写 `2026/7/3`、`2026年7月3日`)",
                "write a date like `2026-07-03` (also `2026/7/3`, `2026年7月3日`)",
            ),
            Expected::Month => lang.fmt(
                "月份写作 `2026-07`(也可写 `2026/7`、`2026年7月`)",
                "write a month like `2026-07` (also `2026/7`, `2026年7月`)",
            ),
            Expected::Quarter => key_help(PeriodKind::Quarter, lang),
            Expected::Map(PeriodKind::Month) => lang.fmt(
                "写作 `{\"2026-01\": \"A\", \"2026-02\": \"B\"}`",
                "write `{\"2026-01\": \"A\", \"2026-02\": \"B\"}`",
            ),
            Expected::Map(PeriodKind::Quarter) => lang.fmt(
                "写作 `{\"2026-Q1\": \"A\", \"2026-Q2\": \"B\"}`",
                "write `{\"2026-Q1\": \"A\", \"2026-Q2\": \"B\"}`",
            ),
            Expected::Map(PeriodKind::Year) => lang.fmt(
                "写作 `{\"2025\": \"A\", \"2026\": \"B\"}`",
                "write `{\"2025\": \"A\", \"2026\": \"B\"}`",
            ),
            Expected::List => lang.fmt("写作 `[…, …]`", "write `[…, …]`"),
            Expected::Object(_) => {
                lang.fmt("写作 `{\"字段\": 值, …}`", "write `{\"field\": value, …}`")
            }
            Expected::Text | Expected::Name(_) => return None,
        })
    }
}

/// A period kind's name, Chinese and English.
fn period_words(kind: PeriodKind) -> (&'static str, &'static str) {
    match kind {
        PeriodKind::Month => ("月份", "month"),
        PeriodKind::Quarter => ("季度", "quarter"),
        PeriodKind::Year => ("年份", "year"),
    }
}

/// How to write a key of a kind.
fn key_help(kind: PeriodKind, lang: Lang) -> String {
    match kind {
        PeriodKind::Month => lang.fmt("月份写作 `2026-07`", "write months like `2026-07`"),
        PeriodKind::Quarter => lang.fmt(
            "季度写作 `2026-Q1`(也可写 `2026Q1`、`2026年第1季度`)",
            "write quarters like `2026-Q1` (also `2026Q1`, `2026年第1季度`)",
        ),
        PeriodKind::Year => lang.fmt(
            "年份写作 `2026`(也可写 `2026年`)",
            "write years like `2026` (also `2026年`)",
        ),
    }
}

/// A JSON kind's name in Chinese.
fn zh_json(found: &str) -> &'static str {
    match found {
        "an array" => "数组",
        "an object" => "对象",
        "a string" => "字符串",
        "a number" => "数字",
        "a boolean" => "布尔值",
        "null" => " null",
        _ => "其他值",
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RecordError {}
