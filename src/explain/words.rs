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
        w => law(w, lang),
    }
}

/// A statutory warning as a sentence, citing the law (and the policy's clause).
fn law(w: &Warning, lang: Lang) -> String {
    match w {
        Warning::ProbationNotAllowed { band, start, end } => lang.fmt(
            format!("试用期 {start} 至 {end};劳动合同法第19条:{}不得约定试用期", band.describe(true)),
            format!("probation runs {start} to {end}; 劳动合同法 第19条: {} may have no probation", band.describe(false)),
        ),
        Warning::ProbationTooLong { band, limit_months, start, end, latest, clause } => {
            let policy = clause.as_ref().map_or_else(String::new, |c| {
                lang.fmt(format!("依制度 {c},"), format!("under the policy's {c}, "))
            });
            let note = if start.add_months(2).is_some_and(|d| *end > d) {
                lang.pick(
                    ";超过两个月的试用期只适用于三年以上固定期限或无固定期限的劳动合同",
                    "; a probation of more than two months is lawful only under fixed-term contracts of three years or more and open-ended ones",
                )
            } else {
                ""
            };
            lang.fmt(
                format!("{policy}试用期 {start} 至 {end},超过劳动合同法第19条的上限:{}试用期不得超过{limit_months}个月(最迟至 {latest}){note}", band.describe(true)),
                format!("{policy}probation runs {start} to {end}, beyond 劳动合同法 第19条: {} allows at most {limit_months} months (to {latest}){note}", band.describe(false)),
            )
        }
        Warning::ExtensionTooLong { band, limit_months, start, extended, latest } => lang.fmt(
            format!("延长试用期至 {extended} 超过劳动合同法第19条的上限:{}试用期自 {start} 起不得超过{limit_months}个月(最迟至 {latest})", band.describe(true)),
            format!("extending probation to {extended} goes beyond 劳动合同法 第19条: {} allows at most {limit_months} months from {start} (to {latest})", band.describe(false)),
        ),
        Warning::SecondProbation => lang.fmt(
            "劳动合同法第19条:同一用人单位与同一劳动者只能约定一次试用期,该员工此前已在本单位试用",
            "劳动合同法 第19条: an employer may agree one probation with an employee, and this employee already had one",
        ),
        Warning::ProbationPayLow { pay, base, floor, basis } => {
            let post = *basis == "post_lowest_pay";
            lang.fmt(
                format!(
                    "试用期工资 {pay} 低于{} {base} 的 80%({floor});劳动合同法第20条、实施条例第15条",
                    if post { "本单位相同岗位最低档工资" } else { "劳动合同约定工资" },
                ),
                format!(
                    "probation pay {pay} is under 80% ({floor}) of the {} {base}; 劳动合同法 第20条, 实施条例 第15条",
                    if post { "same post's lowest pay" } else { "contracted pay" },
                ),
            )
        }
        Warning::BelowMinimumWage { pay, minimum } => lang.fmt(
            format!("试用期工资 {pay} 低于当地最低工资标准 {minimum};劳动合同法第20条"),
            format!("probation pay {pay} is under the local minimum wage {minimum}; 劳动合同法 第20条"),
        ),
        Warning::FailureWithoutReasons => lang.fmt(
            "转正未通过却没有说明理由;劳动合同法第21条:在试用期中解除劳动合同的,应当向劳动者说明理由",
            "a failed probation gives no reasons; 劳动合同法 第21条: terminating during probation must state the reasons",
        ),
        _ => String::new(),
    }
}
