//! The statutory limits on probation (劳动合同法 第19条–第21条, 实施条例 第15条), as data: the
//! checker's lints and the evaluator's per-record checks read the same table.

/// A labour contract's term, as the law distinguishes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 以完成一定工作任务为期限: no probation.
    TaskBased,
    /// A fixed term under three months: no probation.
    UnderThreeMonths,
    /// Three months to under one year: at most one month.
    UnderOneYear,
    /// One year to under three years: at most two months.
    UnderThreeYears,
    /// Three years or more: at most six months.
    ThreeYearsOrMore,
    /// 无固定期限: at most six months.
    OpenEnded,
}

impl Band {
    /// Every band, shortest first.
    pub const ALL: [Band; 6] = [
        Band::TaskBased,
        Band::UnderThreeMonths,
        Band::UnderOneYear,
        Band::UnderThreeYears,
        Band::ThreeYearsOrMore,
        Band::OpenEnded,
    ];

    /// The band of a fixed term of `months` (none: open-ended).
    pub fn of(months: Option<i64>) -> Band {
        match months {
            None => Band::OpenEnded,
            Some(m) if m < 3 => Band::UnderThreeMonths,
            Some(m) if m < 12 => Band::UnderOneYear,
            Some(m) if m < 36 => Band::UnderThreeYears,
            Some(_) => Band::ThreeYearsOrMore,
        }
    }

    /// The longest probation allowed, in months (0: none allowed).
    pub fn limit_months(self) -> u32 {
        match self {
            Band::TaskBased | Band::UnderThreeMonths => 0,
            Band::UnderOneYear => 1,
            Band::UnderThreeYears => 2,
            Band::ThreeYearsOrMore | Band::OpenEnded => 6,
        }
    }

    /// Contract terms (in months; none: open-ended) that stand for the band when a policy's
    /// probation length is checked: its ends.
    pub fn samples(self) -> &'static [Option<i64>] {
        match self {
            Band::TaskBased => &[],
            Band::UnderThreeMonths => &[Some(1), Some(2)],
            Band::UnderOneYear => &[Some(3), Some(11)],
            Band::UnderThreeYears => &[Some(12), Some(35)],
            Band::ThreeYearsOrMore => &[Some(36), Some(120)],
            Band::OpenEnded => &[None],
        }
    }

    /// The band in words.
    pub fn describe(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Band::TaskBased, true) => "以完成一定工作任务为期限的劳动合同",
            (Band::TaskBased, false) => "a contract for the completion of a task",
            (Band::UnderThreeMonths, true) => "期限不满三个月的劳动合同",
            (Band::UnderThreeMonths, false) => "a contract of less than three months",
            (Band::UnderOneYear, true) => "三个月以上不满一年的劳动合同",
            (Band::UnderOneYear, false) => "a contract of three months to under one year",
            (Band::UnderThreeYears, true) => "一年以上不满三年的劳动合同",
            (Band::UnderThreeYears, false) => "a contract of one year to under three years",
            (Band::ThreeYearsOrMore, true) => "三年以上固定期限的劳动合同",
            (Band::ThreeYearsOrMore, false) => "a fixed-term contract of three years or more",
            (Band::OpenEnded, true) => "无固定期限的劳动合同",
            (Band::OpenEnded, false) => "an open-ended contract",
        }
    }
}

/// The share of the contracted pay (or of the post's lowest pay) that probation pay must reach:
/// 80% (第20条, 实施条例 第15条), in hundredths.
pub const PAY_FLOOR_PERCENT: i64 = 80;
