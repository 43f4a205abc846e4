//! Explain stage: the words for the checker's findings on processes and probation terms, citing
//! 劳动合同法 第19条.

use crate::check::error::{CheckErrorKind, CheckWarningKind};
use crate::value::DurationUnit;

use super::{Words, Words3};

/// The message, label and help of an error in probation terms.
pub(super) fn error_words(kind: &CheckErrorKind, w: &Words) -> Option<Words3> {
    use CheckErrorKind as K;
    Some(match kind {
        K::ProbationTwice { .. } => (
            w.t("试用期条款只能声明一次", "probation terms may be declared once"),
            w.t("第二个试用期条款", "second probation terms"),
            None,
        ),
        K::UnknownRole { role, suggestion } => (
            w.t(
                format!("试用期条款没有 `{role}` 这一项"),
                format!("probation terms have no role `{role}`"),
            ),
            w.t("未知的项", "unknown role"),
            w.suggestion(suggestion.as_ref()).or_else(|| {
                Some(w.t(
                    "可用的项:期限、合同期限、任务型、开始、结束、延长至、工资、约定工资、岗位最低工资、最低工资、此前试用、未通过、理由",
                    "the roles are: length, contract_term, task_based, start, end, extended_to, pay, contract_pay, post_lowest_pay, minimum_wage, earlier_probation, failed, reasons",
                ))
            }),
        ),
        K::RoleTwice { role } => (
            w.t(format!("`{role}` 出现了两次"), format!("`{role}` appears twice")),
            w.t("重复的项", "duplicate role"),
            None,
        ),
        K::ProbationNotConstant => (
            w.t(
                "试用期期限只能取决于合同期限和参数",
                "the probation length may depend only on the contract term and parameters",
            ),
            w.t("这里读了记录", "this reads the record"),
            Some(w.t(
                "在 `期限` 中用 `合同期限`(合同的月数,无固定期限为空)区分不同的合同,这样检查时能对照劳动合同法第19条",
                "write `期限` in terms of `合同期限` (the contract's months, none when open-ended) so that the checker can compare it with 劳动合同法 第19条",
            )),
        ),
        _ => return None,
    })
}

/// The message, label and help of a warning on probation terms.
pub(super) fn warning_words(kind: &CheckWarningKind, w: &Words) -> Option<Words3> {
    use CheckWarningKind as K;
    Some(match kind {
        K::ProbationTooLong {
            band,
            limit_months,
            length: (n, unit),
        } => {
            let (zh, en) = (band.describe(true), band.describe(false));
            let shown = w.t(duration(*n, *unit, true), duration(*n, *unit, false));
            let message = if *limit_months == 0 {
                w.t(
                    format!("{zh}不得约定试用期,此处为 {shown}"),
                    format!("{en} may have no probation; here it is {shown}"),
                )
            } else {
                w.t(
                    format!("试用期 {shown} 超过{zh}的法定上限 {limit_months}个月"),
                    format!("a probation of {shown} exceeds the limit of {limit_months} months for {en}"),
                )
            };
            (
                message,
                w.t("超过劳动合同法第19条", "beyond 劳动合同法 第19条"),
                Some(w.t(
                    "劳动合同法第19条:合同期限三个月以上不满一年的,试用期不得超过一个月;一年以上不满三年的,不得超过二个月;三年以上固定期限和无固定期限的,不得超过六个月;不满三个月或以完成一定工作任务为期限的,不得约定试用期。在 `期限` 中按 `合同期限` 区分",
                    "劳动合同法 第19条: a contract of 3 months to under 1 year allows at most 1 month of probation; 1 to under 3 years, 2 months; 3 years or more and open-ended, 6 months; under 3 months or for a task, none. Make `期限` depend on `合同期限`",
                )),
            )
        }
        K::ProbationIncomplete { missing } => {
            let zh: Vec<&str> = missing.iter().map(|r| r.names().0).collect();
            let en: Vec<&str> = missing.iter().map(|r| r.names().1).collect();
            (
                w.t(
                    format!("试用期条款缺少 {}", zh.join("、")),
                    format!("the probation terms lack {}", en.join(", ")),
                ),
                w.t("试用期条款", "probation terms"),
                Some(w.t(
                    "没有这些项,评估时无法对照劳动合同法第19条核对每条记录的试用期",
                    "without them, evaluation cannot check each record's probation against 劳动合同法 第19条",
                )),
            )
        }
        _ => return None,
    })
}

fn duration(n: i64, unit: DurationUnit, zh: bool) -> String {
    let lang = if zh {
        crate::diag::Lang::Zh
    } else {
        crate::diag::Lang::En
    };
    crate::explain::format::duration_text(n, unit, lang)
}
