//! Explain stage: the words of diagnostics. The checker's errors and warnings, and a policy file
//! that cannot be read, carry facts; here they become messages, labels and help in Chinese or
//! English.

use crate::calendar::PeriodKind;
use crate::check::error::{CheckError, CheckErrorKind, CheckFailed, CheckWarning, Repeated};
use crate::check::LoadError;
use crate::program::types::TypeName;
use crate::value::DurationUnit;

use crate::diag::{Diagnostic, Lang};

mod expr;
mod law;
mod rules;
mod warnings;

pub use warnings::warning;

/// Every diagnostic of a policy that did not check, errors and warnings by position.
pub fn failed(f: &CheckFailed, lang: Lang) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = f.errors.iter().map(|e| error(e, lang)).collect();
    out.extend(f.warnings.iter().map(|w| warning(w, lang)));
    out.sort_by_key(|d| (d.span.start, d.severity));
    out.dedup();
    out
}

/// The warnings of a policy that checked.
pub fn warnings(warnings: &[CheckWarning], lang: Lang) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = warnings.iter().map(|w| warning(w, lang)).collect();
    out.dedup();
    out
}

impl std::fmt::Display for CheckError {
    /// The message in English (a library user's logs); `error` gives it in either language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error(self, Lang::En).message)
    }
}

impl std::error::Error for CheckError {}

impl std::fmt::Display for CheckWarning {
    /// The message in English; `warning` gives it in either language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&warning(self, Lang::En).message)
    }
}

/// A type's name in the given language.
pub fn type_name(t: &TypeName, lang: Lang) -> String {
    let mut out = String::new();
    write_type(&mut out, t, lang);
    out
}

/// Writes a type's name; one pass over the type, whatever its depth.
fn write_type(out: &mut String, t: &TypeName, lang: Lang) {
    let (zh_before, en_before, inner, zh_after, en_after) = match t {
        TypeName::List(t) => ("列表[", "list[", t, "]", "]"),
        TypeName::Map(PeriodKind::Month, t) => ("映射[月份, ", "map[month, ", t, "]", "]"),
        TypeName::Map(PeriodKind::Quarter, t) => ("映射[季度, ", "map[quarter, ", t, "]", "]"),
        TypeName::Map(PeriodKind::Year, t) => ("映射[年份, ", "map[year, ", t, "]", "]"),
        TypeName::Window(PeriodKind::Month, t) => ("若干月的", "a window of ", t, "", ""),
        TypeName::Window(PeriodKind::Quarter, t) => {
            ("若干季度的", "a window of quarters of ", t, "", "")
        }
        TypeName::Window(PeriodKind::Year, t) => ("若干年的", "a window of years of ", t, "", ""),
        TypeName::Range(t) => ("", "a range of ", t, "区间", ""),
        TypeName::Declared(n) => return out.push_str(n),
        TypeName::Major(l) => {
            return out.push_str(&lang.fmt(format!("{l}的大级"), format!("a 大级 of {l}")))
        }
        simple => {
            let (zh, en) = match simple {
                TypeName::Bool => ("布尔", "bool"),
                TypeName::Int => ("整数", "int"),
                TypeName::Number => ("数值", "number"),
                TypeName::Text => ("文本", "text"),
                TypeName::Date => ("日期", "date"),
                TypeName::Month => ("月份", "month"),
                TypeName::Quarter => ("季度", "quarter"),
                TypeName::Duration(DurationUnit::Days) => ("天数", "a duration in days"),
                TypeName::Duration(DurationUnit::Workdays) => {
                    ("工作日数", "a duration in working days")
                }
                TypeName::Duration(DurationUnit::Months) => ("月数", "a duration in months"),
                TypeName::None => ("空", "none"),
                _ => ("?", "?"),
            };
            return out.push_str(lang.pick(zh, en));
        }
    };
    out.push_str(lang.pick(zh_before, en_before));
    write_type(out, inner, lang);
    out.push_str(lang.pick(zh_after, en_after));
}

/// "did you mean `x`?"
pub(super) fn did_you_mean(s: &str, lang: Lang) -> String {
    lang.fmt(format!("你是不是指 `{s}`?"), format!("did you mean `{s}`?"))
}

/// A diagnostic under construction, in one language.
pub(super) struct Words {
    pub(super) lang: Lang,
}

impl Words {
    pub(super) fn t(&self, zh: impl std::fmt::Display, en: impl std::fmt::Display) -> String {
        self.lang.fmt(zh, en)
    }

    pub(super) fn ty(&self, t: &TypeName) -> String {
        type_name(t, self.lang)
    }

    /// "this is X", the label of a value of the wrong type.
    pub(super) fn this_is(&self, t: &TypeName) -> String {
        let n = self.ty(t);
        self.t(format!("这是 {n}"), format!("this is {n}"))
    }

    pub(super) fn here(&self) -> String {
        self.t("这里", "here")
    }

    pub(super) fn suggestion(&self, s: Option<&String>) -> Option<String> {
        s.map(|s| did_you_mean(s, self.lang))
    }
}

/// A check error as a diagnostic in the given language.
pub fn error(e: &CheckError, lang: Lang) -> Diagnostic {
    let w = Words { lang };
    let (message, label, help) = error_words(&e.kind, &w);
    let mut d = Diagnostic::error(e.kind.code(), message, e.span, label);
    d.help = help;
    d.related = error_related(&e.kind, &w);
    d.suggestion = e.kind.suggestion().map(str::to_string);
    d
}

/// The further places of an error, with their labels.
fn error_related(kind: &CheckErrorKind, w: &Words) -> Vec<(crate::source::Span, String)> {
    use CheckErrorKind as K;
    match kind {
        K::NameTwice { first, .. } => vec![(*first, w.t("第一次定义在这里", "first defined here"))],
        K::RecordTwice { first } => vec![(*first, w.t("第一个记录", "first record"))],
        K::ProbationTwice { first } => {
            vec![(*first, w.t("第一个试用期条款", "first probation terms"))]
        }
        K::RuleIdTwice { first, .. } => vec![(*first, w.t("第一次出现在这里", "first used here"))],
        K::TableKeyTwice { first, .. } => {
            vec![(*first, w.t("第一次出现在这里", "first listed here"))]
        }
        K::Branches {
            first, first_span, ..
        } => vec![(*first_span, w.this_is(first))],
        K::Operation {
            left, left_span, ..
        } => vec![(*left_span, w.this_is(left))],
        K::FieldHidesDefinition {
            definition: (def, span),
            ..
        } => vec![(
            *span,
            w.t(format!("定义 `{def}`"), format!("the definition `{def}`")),
        )],
        K::Cycle { circle } => circle
            .iter()
            .skip(1)
            .map(|(n, s)| (*s, n.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A message, a label and a help line.
pub(super) type Words3 = (String, String, Option<String>);

fn error_words(kind: &CheckErrorKind, w: &Words) -> Words3 {
    use CheckErrorKind as K;
    if let Some(words) = law::error_words(kind, w) {
        return words;
    }
    match kind {
        K::HeaderTwice => (
            w.t("制度名称写了两次", "policy name given twice"),
            w.t("第二个名称", "second name"),
            None,
        ),
        K::CalendarTwice => (
            w.t("日历写了两次", "calendar given twice"),
            w.t("第二个日历", "second calendar"),
            None,
        ),
        K::CalendarUnreadable { path, why } => {
            let (message, help) = unreadable(w, path, why);
            (message, w.t("这个文件", "this file"), Some(help))
        }
        K::CalendarLine { path, error } => (
            w.t(
                format!(
                    "日历文件 `{path}` 第 {} 行有误:{}",
                    error.line, error.message
                ),
                format!("calendar file `{path}` line {}: {}", error.line, error.message),
            ),
            w.t("在这个日历文件中", "in this calendar file"),
            error.help.clone(),
        ),
        K::BuiltinTypeRedefined { name } => (
            w.t(
                format!("`{name}` 是内置类型,不能重新定义"),
                format!("`{name}` is a built-in type and cannot be redefined"),
            ),
            w.t("重复的定义", "duplicate definition"),
            None,
        ),
        K::TypeTwice { name } => (
            w.t(
                format!("类型 `{name}` 定义了两次"),
                format!("type `{name}` is defined twice"),
            ),
            w.t("重复的定义", "duplicate definition"),
            None,
        ),
        K::NameTwice { name, .. } => (
            w.t(
                format!("名称 `{name}` 定义了两次"),
                format!("name `{name}` is defined twice"),
            ),
            w.t("重复的定义", "duplicate definition"),
            Some(w.t(
                "记录字段、参数、定义和决定共用一个命名空间,请改用不同的名称",
                "record fields, parameters, definitions and decisions share one namespace; rename one of them",
            )),
        ),
        K::Repeated { what, name } => {
            let (zh, en, zh_label, en_label) = match what {
                Repeated::Level => ("等级", "level", "重复的等级", "duplicate level"),
                Repeated::Major => ("大级", "大级", "重复的大级", "duplicate 大级"),
                Repeated::Member => ("成员", "member", "重复的成员", "duplicate member"),
                Repeated::Field => ("字段", "field", "重复的字段", "duplicate field"),
                Repeated::OutcomeField => {
                    ("结果字段", "outcome field", "重复的字段", "duplicate field")
                }
            };
            (
                w.t(
                    format!("{zh} `{name}` 出现了两次"),
                    format!("{en} `{name}` appears twice"),
                ),
                w.t(zh_label, en_label),
                None,
            )
        }
        K::ScaleTooLarge { max } => (
            w.t(format!("等级最多 {max} 级"), format!("a scale has at most {max} levels")),
            w.t("这个等级序列", "this scale"),
            None,
        ),
        K::RecordTooLarge { max } => (
            w.t(
                format!("记录最多 {max} 个字段"),
                format!("a record has at most {max} fields"),
            ),
            w.t("这个记录", "this record"),
            None,
        ),
        K::TypeCycle { name } => (
            w.t(
                format!("类型 `{name}` 引用了自身"),
                format!("type `{name}` refers to itself"),
            ),
            w.t("这里形成循环", "the cycle passes here"),
            Some(w.t(
                "子记录不能直接或间接包含自身,否则记录无穷无尽",
                "a sub-record cannot contain itself, directly or not",
            )),
        ),
        K::UnknownType { name, suggestion } => (
            w.t(format!("未知类型 `{name}`"), format!("unknown type `{name}`")),
            w.t("没有这个类型", "no such type"),
            w.suggestion(suggestion.as_ref()),
        ),
        K::MapKey { found } => (
            w.t(
                "映射的键只能是月份、季度或年份",
                "map keys must be months, quarters or years",
            ),
            w.this_is(found),
            Some(w.t(
                "按月记录的数据写作 `映射[月份, 值的类型]`,按季度 `映射[季度, 值的类型]`,按年 `映射[年份, 值的类型]`",
                "write monthly data as `map[month, value type]`, quarterly `map[quarter, …]`, yearly `map[year, …]`",
            )),
        ),
        K::BadRange { lo, hi } => (
            w.t(
                format!("数值范围 `{lo}..{hi}` 无效"),
                format!("invalid number range `{lo}..{hi}`"),
            ),
            w.t(
                "下限应不大于上限",
                "the low end must not exceed the high end",
            ),
            None,
        ),
        K::NoRecord => (
            w.t("制度没有声明员工记录", "the policy declares no record"),
            w.t("文件开头", "start of the file"),
            Some(w.t(
                "用 `记录 员工 { 工号: 文本 标识 … }` 声明每条记录的字段",
                "declare the record's fields with `record 员工 { 工号: text key … }`",
            )),
        ),
        K::RecordTwice { .. } => (
            w.t("只能声明一种记录", "only one record may be declared"),
            w.t("第二个记录", "second record"),
            None,
        ),
        K::KeyTwice => (
            w.t("只能有一个标识字段", "only one field may be the key"),
            w.t("第二个 `标识`", "second `key`"),
            None,
        ),
        K::ParamNotConstant => (
            w.t(
                "参数的值必须是固定值",
                "a parameter's value must be a constant",
            ),
            w.t("这不是一个固定值", "this is not a single constant"),
            Some(w.t(
                "参数写一个值(如 `80`、`3个月`、`「中(二)级客服(一般)」`)或另一个参数;需要计算或按记录取值时请用 `定义`",
                "write one value (`80`, `3 months`, a rung) or another parameter; use `let` for anything computed",
            )),
        ),
        K::DefaultNotConstant => (
            w.t("默认值必须是固定值", "a default must be a constant"),
            w.t("这个值要按记录计算", "this depends on the record"),
            None,
        ),
        K::RuleIdTwice { id, .. } => (
            w.t(
                format!("条款编号 `{id}` 重复"),
                format!("duplicate rule id `{id}`"),
            ),
            w.t("重复的编号", "duplicate id"),
            Some(w.t(
                "每条规则和引用条款的编号必须唯一;同一条款拆成几条规则时,可用 `8.4.1.2.A`、`8.4.1.2.B` 这样的后缀区分",
                "every rule and clause id must be unique; when a clause becomes several rules, add suffixes such as `8.4.1.2.A`",
            )),
        ),
        _ => expr::error_words(kind, w),
    }
}

/// A policy file that could not be read, as a diagnostic in the given language.
pub fn policy_file(e: &crate::PolicyFileError, lang: Lang) -> Diagnostic {
    let (message, help) = match e {
        crate::PolicyFileError::NotUtf8 => (
            lang.fmt("制度文件不是 UTF-8 编码", "the policy file is not UTF-8"),
            lang.fmt(
                "请以 UTF-8 编码保存制度文件",
                "save the policy file as UTF-8",
            ),
        ),
        crate::PolicyFileError::Unreadable { path, why } => (
            lang.fmt(
                format!("无法读取制度文件 `{path}`"),
                format!("cannot read policy file `{path}`"),
            ),
            why.words(lang),
        ),
    };
    Diagnostic::error(
        "rung::policy-file",
        message,
        crate::source::Span::default(),
        String::new(),
    )
    .with_help(help)
}

/// The message and help for a calendar file that was not read.
fn unreadable(w: &Words, p: &str, why: &LoadError) -> (String, String) {
    let inside = w.t(
        "制度只能读取它所在文件夹内的文件;请写相对路径,如 `calendars/cn-2020-2026.csv`",
        "a policy reads files only inside its own folder; write a relative path such as \
         `calendars/cn-2020-2026.csv`",
    );
    let relative = w.t(
        "路径相对于制度文件所在的目录",
        "the path is relative to the policy file's folder",
    );
    match why {
        LoadError::Absolute => (
            w.t(
                format!("日历文件 `{p}` 是绝对路径"),
                format!("calendar file `{p}` is an absolute path"),
            ),
            inside,
        ),
        LoadError::Outside => (
            w.t(
                format!("日历文件 `{p}` 在制度的文件夹之外"),
                format!("calendar file `{p}` is outside the policy's folder"),
            ),
            inside,
        ),
        LoadError::NotFound => (
            w.t(
                format!("找不到日历文件 `{p}`"),
                format!("calendar file `{p}` not found"),
            ),
            relative,
        ),
        LoadError::NotAFile => (
            w.t(
                format!("日历 `{p}` 不是文件"),
                format!("calendar `{p}` is not a file"),
            ),
            relative,
        ),
        LoadError::TooLarge { limit } => (
            w.t(
                format!("日历文件 `{p}` 超过 {limit} 字节"),
                format!("calendar file `{p}` is over {limit} bytes"),
            ),
            w.t(
                "日历文件每行一个日期,通常只有几千字节",
                "a calendar lists one date a line and is a few kilobytes",
            ),
        ),
        LoadError::NotText => (
            w.t(
                format!("日历文件 `{p}` 不是 UTF-8 文本"),
                format!("calendar file `{p}` is not UTF-8 text"),
            ),
            w.t("请以 UTF-8 编码保存日历文件", "save the calendar as UTF-8"),
        ),
        LoadError::Io(e) => (
            w.t(
                format!("无法读取日历文件 `{p}`"),
                format!("cannot read calendar file `{p}`"),
            ),
            format!("{relative}; {}", e.words(w.lang)),
        ),
    }
}
