//! Records stage: the errors of reading records, each naming its line, record and field, with
//! messages in Chinese or English.

use std::fmt;

use crate::diag::Lang;
use crate::value::Num;

/// A record that could not be read, or a file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The 1-based line where the record starts (0 for a problem of the whole input).
    pub line: usize,
    /// The record's id (its key field's value), when it could be read.
    pub id: Option<String>,
    /// The field, as a path: `上次晋级.日期`, `投诉[2].原因`, `考核.2026-07`.
    pub field: Option<String>,
    /// What went wrong.
    pub kind: RecordErrorKind,
    /// For a table (CSV or spreadsheet): its sheet, and the column of the field.
    pub place: Option<Box<Place>>,
}

/// Where in a table an error is, beside its row (the error's `line`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The sheet's name, for a spreadsheet.
    pub sheet: Option<String>,
    /// The column as a spreadsheet names it (`A`, `AB`), and its header.
    pub column: Option<(String, String)>,
}

/// A required field that no column of a table's header fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingColumn {
    /// The field.
    pub field: String,
    /// A column of the header that names no field but looks like this one (`现职级`).
    pub like: Option<String>,
}

/// A header cell that names a field but cannot be read as a column of it (`考核.202603`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadColumn {
    /// The column's letters.
    pub column: String,
    /// The header cell as written.
    pub header: String,
    /// The field it names.
    pub field: String,
    /// Why it cannot be read, in the language asked for.
    pub reason: String,
}

/// A column's letters as a spreadsheet shows them: 0 is `A`, 26 is `AA`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What kind of value a field expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Text.
    Text,
    /// A whole number.
    Int,
    /// A number.
    Number,
    /// 是 or 否.
    Bool,
    /// A date.
    Date,
    /// A month.
    Month,
    /// A sub-record (a JSON object), by its type's name.
    Object(String),
    /// A list (a JSON array).
    List,
    /// A month-keyed map (a JSON object).
    MonthMap,
    /// A member of an enum, a grade or a rung, by the type's name.
    Name(String),
}

/// Whether an unknown name was meant as an enum member, a grade or a rung.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A member of an enum.
    Member,
    /// A grade of a scale.
    Grade,
    /// A rung of a ladder.
    Rung,
}

/// A name that is not a member of the enum, scale or ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// Member, grade or rung.
    pub kind: NameKind,
    /// The enum's, scale's or ladder's name.
    pub type_name: String,
    /// The value as written.
    pub value: String,
    /// The closest allowed name, if one is close.
    pub suggestion: Option<String>,
    /// Every allowed name.
    pub allowed: Vec<String>,
}

/// The kinds of record error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordErrorKind {
    /// The input could not be read.
    Io(String),
    /// The input is not text in the encoding chosen or detected.
    Decode {
        /// The encodings tried, as `UTF-8` or `UTF-8 or GB18030`.
        tried: &'static str,
    },
    /// A JSON record (or the JSON file) is not well-formed.
    Json {
        /// serde_json's description, without its position.
        detail: Box<str>,
        /// The 1-based line and column of the problem in the input.
        at: (usize, usize),
        /// The last line of the text given up with the record.
        until: usize,
        /// How many more records that text held (each reported as [`Swallowed`]).
        ///
        /// [`Swallowed`]: RecordErrorKind::Swallowed
        swallowed: usize,
    },
    /// A record inside the text of a broken JSON element: it could not be read.
    Swallowed {
        /// The line where the broken element starts.
        by: usize,
    },
    /// A key written twice in one object: which value was meant is not known.
    DuplicateKey,
    /// A value holding bytes that are not text in the input's encoding (shown as `\u{fffd}`).
    BadBytes {
        /// The value as decoded (shortened).
        found: String,
    },
    /// A CSV cell opened with `"` that is not closed on its row: the row is given up and the
    /// lines after it are read again as rows.
    UnclosedQuote {
        /// The 1-based column of the cell.
        column: usize,
    },
    /// A `.json` file that is neither an array of records nor one record.
    NotRecords {
        /// What it is instead.
        found: &'static str,
    },
    /// A record that is not a JSON object.
    NotObject {
        /// What it is instead.
        found: &'static str,
    },
    /// A CSV row could not be read.
    Csv(String),
    /// No column of the CSV header names a field of the record.
    NoColumns {
        /// The record's fields.
        fields: Vec<String>,
    },
    /// A table's header lacks required fields or has columns that cannot be read: no record
    /// of the file is read.
    Header {
        /// Required fields without a column.
        missing: Vec<MissingColumn>,
        /// Columns that name a field but cannot be read.
        bad: Vec<BadColumn>,
    },
    /// A CSV row with more or fewer cells than the header.
    CellCount {
        /// Cells in the row.
        found: usize,
        /// Columns in the header.
        expected: usize,
    },
    /// A required field is absent.
    Missing,
    /// A value of the wrong type.
    WrongType {
        /// What was expected.
        expected: Expected,
        /// The value as written (shortened).
        found: String,
    },
    /// A name that is not a member of the enum, scale or ladder.
    UnknownName(Box<UnknownName>),
    /// A number outside the field's declared range.
    OutOfRange {
        /// The number.
        value: Num,
        /// The smallest allowed.
        min: Option<Num>,
        /// The largest allowed.
        max: Option<Num>,
    },
    /// A key of a month-keyed map that is not a month.
    BadMonth {
        /// The key as written.
        key: String,
    },
    /// The input is not a workbook that can be read.
    NotWorkbook {
        /// The reader's description.
        detail: String,
    },
    /// The sheet asked for is not in the workbook (or the workbook has no sheet).
    NoSheet {
        /// The sheet asked for.
        name: Option<String>,
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    /// A spreadsheet cell holding an error value such as `#N/A`.
    CellError {
        /// The error as the spreadsheet shows it.
        value: String,
    },
    /// A record whose id an earlier record has (in this input or an earlier one).
    DuplicateId {
        /// The input of the first, as the caller named it.
        input: String,
        /// The first's line (or spreadsheet row).
        line: usize,
        /// Whether the two hold the same values.
        same: bool,
    },
    /// A warning made an error (`--strict`), in the language asked for.
    Warning(String),
    /// Several problems in one record, each with its field: all of them, in the record's order.
    Several(Box<[RecordError]>),
    /// A schema the reader does not understand (a bug in rung).
    Internal(&'static str),
}

impl RecordError {
    /// An error of the whole input.
    pub(crate) fn file(kind: RecordErrorKind) -> Self {
        RecordError {
            line: 0,
            id: None,
            field: None,
            kind,
            place: None,
        }
    }

    /// An error of the record starting at `line`.
    pub fn at(line: usize, kind: RecordErrorKind) -> Self {
        RecordError {
            line,
            id: None,
            field: None,
            kind,
            place: None,
        }
    }

    /// The error as a sentence: what is wrong and with which field.
    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.as_deref().unwrap_or("");
        match &self.kind {
            RecordErrorKind::Io(e) => lang.fmt(
                format!("无法读取输入:{e}"),
                format!("cannot read the input: {e}"),
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
            RecordErrorKind::BadMonth { key } => lang.fmt(
                format!("`{field}` 的键 `{key}` 不是月份"),
                format!("`{field}` has a key that is not a month: `{key}`"),
            ),
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

    /// Each problem: the several of a record with several, else this one.
    pub fn problems(&self) -> &[RecordError] {
        match &self.kind {
            RecordErrorKind::Several(all) => all,
            _ => std::slice::from_ref(self),
        }
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
                detail,
                at,
                until,
                swallowed,
            } => {
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
            RecordErrorKind::BadMonth { .. } => {
                lang.fmt("月份写作 `2026-07`", "write months like `2026-07`")
            }
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
            Expected::Object(name) => format!(" {name}(JSON 对象)"),
            Expected::List => "列表(JSON 数组)".into(),
            Expected::MonthMap => "按月份的映射(JSON 对象)".into(),
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
            Expected::Object(name) => format!("a {name} (a JSON object)"),
            Expected::List => "a list (a JSON array)".into(),
            Expected::MonthMap => "a map by month (a JSON object)".into(),
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
            Expected::MonthMap => lang.fmt(
                "写作 `{\"2026-01\": \"A\", \"2026-02\": \"B\"}`",
                "write `{\"2026-01\": \"A\", \"2026-02\": \"B\"}`",
            ),
            Expected::List => lang.fmt("写作 `[…, …]`", "write `[…, …]`"),
            Expected::Object(_) => {
                lang.fmt("写作 `{\"字段\": 值, …}`", "write `{\"field\": value, …}`")
            }
            Expected::Text | Expected::Name(_) => return None,
        })
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
