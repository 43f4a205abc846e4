//! The native baseline's record: the reference policy's employee record as serde types, the
//! way a developer would write them by hand for this one policy.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// One employee.
#[derive(Debug, Deserialize)]
pub struct Employee {
    #[serde(rename = "工号")]
    pub id: String,
    #[serde(rename = "姓名")]
    pub name: Option<String>,
    #[serde(rename = "岗位")]
    pub post: Post,
    #[serde(rename = "入职类型")]
    pub hire: Hire,
    #[serde(rename = "入职日期")]
    pub hired: NaiveDate,
    #[serde(rename = "毕业日期")]
    pub graduated: Option<NaiveDate>,
    #[serde(rename = "转正日期")]
    pub regular: Option<NaiveDate>,
    #[serde(rename = "当前职级")]
    pub rung: Option<Rung>,
    #[serde(rename = "最近定级日期")]
    pub graded: Option<NaiveDate>,
    #[serde(rename = "现岗位起始日期")]
    pub in_post_since: Option<NaiveDate>,
    #[serde(rename = "考核")]
    pub grades: BTreeMap<Month, Grade>,
    #[serde(rename = "投诉", default)]
    pub complaints: Vec<Complaint>,
    #[serde(rename = "突出贡献", default)]
    pub outstanding: bool,
    #[serde(rename = "特殊晋级申请", default)]
    pub special: bool,
    #[serde(rename = "上次晋级")]
    pub last_promotion: Option<LastPromotion>,
    #[serde(rename = "申请职务")]
    pub applies_for: Option<Post>,
    #[serde(rename = "岗位空缺")]
    pub vacancy: Option<bool>,
    #[serde(rename = "周边绩效得分")]
    pub peer_score: Option<f64>,
    #[serde(rename = "胜任素质得分")]
    pub competence: Option<f64>,
    #[serde(rename = "360得分")]
    pub score_360: Option<f64>,
    #[serde(rename = "试用任命开始日期")]
    pub trial_start: Option<NaiveDate>,
    #[serde(rename = "评审评分")]
    pub panel: Option<Panel>,
    /// The dates the record gives for the steps of each process, by step id.
    #[serde(rename = "转正定级流程")]
    pub regularisation_flow: Option<BTreeMap<String, NaiveDate>>,
    #[serde(rename = "晋级评定流程")]
    pub promotion_flow: Option<BTreeMap<String, NaiveDate>>,
    #[serde(rename = "职务晋升流程")]
    pub appointment_flow: Option<BTreeMap<String, NaiveDate>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Post {
    #[serde(rename = "客服")]
    Agent,
    #[serde(rename = "客服助理")]
    Assistant,
    #[serde(rename = "质检专员")]
    Inspector,
    #[serde(rename = "班组长")]
    TeamLead,
    #[serde(rename = "主管")]
    Supervisor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Hire {
    #[serde(rename = "实习生")]
    Intern,
    #[serde(rename = "社招")]
    Social,
}

/// Monthly grades; the derived order puts S on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Grade {
    D,
    C,
    B,
    A,
    S,
}

#[derive(Debug, Deserialize)]
pub struct Complaint {
    #[serde(rename = "日期")]
    pub date: NaiveDate,
    #[serde(rename = "原因")]
    pub reason: Reason,
    #[serde(rename = "成立")]
    pub upheld: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Reason {
    #[serde(rename = "服务态度")]
    Attitude,
    #[serde(rename = "其他个人原因")]
    OtherPersonal,
    #[serde(rename = "非个人原因")]
    NotPersonal,
}

#[derive(Debug, Deserialize)]
pub struct LastPromotion {
    #[serde(rename = "日期")]
    pub date: NaiveDate,
    #[serde(rename = "原职级")]
    pub from: Rung,
}

#[derive(Debug, Deserialize)]
pub struct Panel {
    #[serde(rename = "直属上级")]
    pub manager: f64,
    #[serde(rename = "部门负责人")]
    pub head: f64,
    #[serde(rename = "业务关联部门")]
    pub partner: f64,
    #[serde(rename = "人力资源部")]
    pub hr: f64,
}

/// The ladder, lowest first.
pub const RUNGS: [&str; 16] = [
    "实习生客服",
    "初级客服(一般)",
    "初级客服(良好)",
    "初级客服(优秀)",
    "中(一)级客服(一般)",
    "中(一)级客服(良好)",
    "中(一)级客服(优秀)",
    "中(二)级客服(一般)",
    "中(二)级客服(良好)",
    "中(二)级客服(优秀)",
    "高级客服(一般)",
    "高级客服(良好)",
    "高级客服(优秀)",
    "客服主任(一般)",
    "客服主任(良好)",
    "客服主任(优秀)",
];

/// A rung of the ladder by its index in [`RUNGS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rung(pub u8);

impl Rung {
    pub const TOP: u8 = 15;

    pub fn name(self) -> &'static str {
        RUNGS.get(usize::from(self.0)).copied().unwrap_or("")
    }
}

impl<'de> Deserialize<'de> for Rung {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        let ascii;
        let s = if s.contains(['（', '）']) {
            ascii = s.replace('（', "(").replace('）', ")");
            ascii.as_str()
        } else {
            &s
        };
        RUNGS
            .iter()
            .position(|r| *r == s)
            .map(|i| Rung(i as u8))
            .ok_or_else(|| de::Error::custom(format!("unknown rung `{s}`")))
    }
}

impl Serialize for Rung {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A calendar month as `year * 12 + month - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month(d.year() * 12 + d.month0() as i32)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn number(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year(), self.number(), 1)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Month;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month `YYYY-MM`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Month, E> {
                let (y, m) = s
                    .split_once('-')
                    .ok_or_else(|| E::custom(format!("not a month: `{s}`")))?;
                let y: i32 = y.parse().map_err(E::custom)?;
                let m: i32 = m.parse().map_err(E::custom)?;
                if !(1..=12).contains(&m) {
                    return Err(E::custom(format!("not a month: `{s}`")));
                }
                Ok(Month(y * 12 + m - 1))
            }
        }
        d.deserialize_str(V)
    }
}
