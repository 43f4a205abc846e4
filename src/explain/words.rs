//! Explain stage: the words for a verdict's warnings and a record's evaluation error.

use crate::diag::Lang;
use crate::verdict::Warning;

/// A warning as a sentence.
pub fn warning(w: &Warning, lang: Lang) -> String {
    match w {
        Warning::CalendarUncovered { calendar, year } => lang.fmt(
            format!("日历 `{calendar}` 未覆盖 {year} 年,该年的工作日按周一至周五计算"),
            format!("calendar `{calendar}` does not cover {year}; working days in {year} are counted Monday to Friday"),
        ),
        Warning::Unset { decision, field } => {
            let name = format!("{decision}.{field}");
            lang.fmt(
                format!("没有规则为 `{name}` 给出结果,也没有默认值"),
                format!("no rule gave `{name}` a value and it has no default"),
            )
        }
        Warning::Record { message } => message.clone(),
    }
}
