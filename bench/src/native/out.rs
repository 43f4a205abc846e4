//! The native baseline's verdict: the same JSON Lines object `rung eval --format json` writes,
//! as serde types.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::record::{Month, Rung};

#[derive(Serialize)]
pub struct Verdict<'a> {
    pub id: &'a str,
    pub decisions: Decisions,
    pub processes: super::process::Processes,
    pub warnings: Vec<Warning>,
}

#[derive(Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub calendar: &'static str,
    pub year: i32,
}

#[derive(Serialize)]
pub struct Decisions {
    #[serde(rename = "入职定级")]
    pub onboarding: Decision<Onboarding>,
    #[serde(rename = "转正定级")]
    pub regularisation: Decision<Regularisation>,
    #[serde(rename = "职级晋升")]
    pub promotion: Decision<Promotion>,
    #[serde(rename = "职务晋升")]
    pub appointment: Decision<Appointment>,
    #[serde(rename = "降级")]
    pub demotion: Decision<Demotion>,
}

#[derive(Serialize)]
pub struct Decision<O> {
    pub outcome: O,
    pub rules: Vec<&'static str>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<&'static str>,
}

impl<O> Decision<O> {
    /// A decision made, or pending on the fields named in `missing`.
    pub fn new(outcome: O, rules: Vec<&'static str>, missing: Vec<&'static str>) -> Self {
        Decision {
            outcome,
            rules,
            status: if missing.is_empty() {
                "已定"
            } else {
                "待定"
            },
            applies_when: None,
            missing,
            unmet: Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub struct Onboarding {
    #[serde(rename = "职级")]
    pub rung: Rung,
    #[serde(rename = "需人工定级")]
    pub manual: bool,
}

#[derive(Serialize, Default)]
pub struct Regularisation {
    #[serde(rename = "职级")]
    pub rung: Option<Rung>,
    #[serde(rename = "小级数")]
    pub steps: Option<u8>,
    #[serde(rename = "建议截止日期")]
    pub deadline: Option<NaiveDate>,
    #[serde(rename = "薪资生效日期")]
    pub pay_from: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct Promotion {
    #[serde(rename = "评定窗口")]
    pub in_window: bool,
    #[serde(rename = "下次窗口")]
    pub next_window: Option<NaiveDate>,
    #[serde(rename = "资格")]
    pub eligible: bool,
    #[serde(rename = "小级数")]
    pub steps: Option<u8>,
    #[serde(rename = "目标职级")]
    pub target: Option<Rung>,
    #[serde(rename = "方式")]
    pub mode: Option<&'static str>,
    #[serde(rename = "特殊晋级")]
    pub special: bool,
    #[serde(rename = "评审得分")]
    pub review_score: Option<Score>,
    #[serde(rename = "评审通过")]
    pub review_passed: Option<bool>,
    #[serde(rename = "薪资生效日期")]
    pub pay_from: Option<NaiveDate>,
}

#[derive(Serialize, Default)]
pub struct Appointment {
    #[serde(rename = "符合条件")]
    pub qualifies: Option<bool>,
    #[serde(rename = "阶段")]
    pub stage: Option<&'static str>,
    #[serde(rename = "考核发起日期")]
    pub review_from: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct Demotion {
    #[serde(rename = "处理")]
    pub action: &'static str,
    #[serde(rename = "目标职级")]
    pub target: Option<Rung>,
    #[serde(rename = "生效月份")]
    pub from_month: Option<Month>,
}

/// A score in millionths, exact, written as an integer when it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(pub i64);

impl Score {
    pub fn from_f64(x: f64) -> Score {
        Score((x * 1e6).round() as i64)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 1_000_000 == 0 {
            s.serialize_i64(self.0 / 1_000_000)
        } else {
            s.serialize_f64(self.0 as f64 / 1e6)
        }
    }
}
