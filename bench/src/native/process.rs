//! The native baseline's processes: 转正定级流程 (§7.2), 晋级评定流程 (§8.5) and 职务晋升流程
//! (§9.5), hand-written as the policy declares them: whether each applies, every step with who
//! acts, what it produces, its deadline and the date the record gives for it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::{Calendar, Uncovered};
use super::out::{Appointment, Decision, Promotion, Regularisation};
use super::record::{Employee, Month};

/// Every process of the policy, in the policy's order.
#[derive(Serialize)]
pub struct Processes {
    #[serde(rename = "转正定级流程")]
    pub regularisation: Process,
    #[serde(rename = "晋级评定流程")]
    pub promotion: Process,
    #[serde(rename = "职务晋升流程")]
    pub appointment: Process,
}

/// One process's standing: its status, and its steps unless it does not apply or is pending.
#[derive(Serialize)]
pub struct Process {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Steps>,
}

#[derive(Serialize)]
pub struct Steps {
    pub steps: Vec<Step>,
    pub done: Vec<&'static str>,
    pub due: Vec<&'static str>,
    pub overdue: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct Step {
    pub step: &'static str,
    pub title: &'static str,
    pub by: &'static [&'static str],
    pub produces: &'static [&'static str],
    pub optional: bool,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
}

/// A step as the policy declares it.
struct Def {
    step: &'static str,
    title: &'static str,
    by: &'static [&'static str],
    produces: &'static [&'static str],
}

const fn def(
    step: &'static str,
    title: &'static str,
    by: &'static [&'static str],
    produces: &'static [&'static str],
) -> Def {
    Def {
        step,
        title,
        by,
        produces,
    }
}

const REGULARISATION: [Def; 3] = [
    def("7.1", "转正评定时间", &["人力资源部"], &[]),
    def(
        "7.2.1.建议",
        "提出转正定级建议",
        &["客户关怀部经理"],
        &["意见"],
    ),
    def("7.2.2", "转正定级核定", &["人力资源部经理"], &["审批"]),
];

const PROMOTION: [Def; 6] = [
    def("8.5.1.发起", "发起晋级评定", &["人力资源部"], &[]),
    def("8.5.2", "整理晋级资料", &["客户关怀部负责人"], &[]),
    def(
        "8.5.4",
        "晋级评审答辩会",
        &["人力资源部", "评审答辩小组"],
        &[
            "《任职资格晋级答辩评审表》",
            "《任职资格晋级答辩评审汇总表》",
        ],
    ),
    def("8.5.5", "晋级审批", &["总经理"], &["审批"]),
    def("8.5.6", "评审结果面谈", &["客户关怀部"], &[]),
    def(
        "8.5.7",
        "签订调整通知书",
        &["人力资源部"],
        &["《任职资格/薪资调整通知书》"],
    ),
];

const APPOINTMENT: [Def; 9] = [
    def("9.5.1", "申报", &["客户关怀部经理"], &[]),
    def(
        "9.5.2.评估表",
        "填写评估表",
        &["部门负责人", "关联业务部门负责人"],
        &["《管理干部胜任素质评估表》", "《管理干部周边绩效考核表》"],
    ),
    def(
        "9.5.3",
        "资格审查",
        &["人力资源部"],
        &["《管理干部资格审查评定表》"],
    ),
    def("9.5.4", "试用任命审批", &["总经理"], &["审批"]),
    def("9.5.6.考核", "发起试用任命期间考核", &["人力资源部"], &[]),
    def(
        "9.5.7",
        "职务晋级答辩会",
        &["人力资源部", "评审答辩小组"],
        &["《职务晋级答辩评审表》", "《职务晋级答辩评审汇总表》"],
    ),
    def("9.5.8", "述职审批", &["总经理"], &["审批"]),
    def("9.5.9", "晋升面谈", &["人力资源部", "部门负责人"], &[]),
    def("9.5.10", "任命发文", &["人力资源部"], &["通知"]),
];

/// What a step's `当` and `期限` give for a record: whether it applies, its window's first day
/// and its deadline.
struct When {
    applies: bool,
    from: Option<NaiveDate>,
    due: Option<NaiveDate>,
}

const ALWAYS: When = When {
    applies: true,
    from: None,
    due: None,
};

fn due(d: Option<NaiveDate>) -> When {
    When { due: d, ..ALWAYS }
}

/// A process whose `仅当` holds (`Some(true)`), does not (`Some(false)`) or is open on the
/// absent fields `missing` (`None`).
fn process(
    applies: Option<bool>,
    missing: Vec<&'static str>,
    defs: &[Def],
    when: impl Fn(usize) -> When,
    given: Option<&BTreeMap<String, NaiveDate>>,
    as_of: NaiveDate,
) -> Process {
    match applies {
        Some(false) => {
            return Process {
                status: "不适用",
                missing: Vec::new(),
                steps: None,
            }
        }
        None => {
            return Process {
                status: "待定",
                missing,
                steps: None,
            }
        }
        Some(true) => {}
    }
    let mut out = Steps {
        steps: Vec::with_capacity(defs.len()),
        done: Vec::new(),
        due: Vec::new(),
        overdue: Vec::new(),
    };
    let mut complete = true;
    for (i, d) in defs.iter().enumerate() {
        let done = given.and_then(|g| g.get(d.step)).copied();
        let w = when(i);
        let (status, from, due) = if !w.applies {
            ("not_applicable", None, None)
        } else {
            let status = match (done, w.due) {
                (Some(x), Some(by)) if x > by => "done_late",
                (Some(_), _) => "done",
                (None, Some(by)) if as_of > by => "overdue",
                (None, _) => "due",
            };
            (status, w.from, w.due)
        };
        match status {
            "done" | "done_late" => out.done.push(d.step),
            "due" => out.due.push(d.step),
            "overdue" => out.overdue.push(d.step),
            _ => {}
        }
        complete &= matches!(status, "done" | "done_late" | "not_applicable");
        out.steps.push(Step {
            step: d.step,
            title: d.title,
            by: d.by,
            produces: d.produces,
            optional: false,
            status,
            from,
            due,
            done,
        });
    }
    Process {
        status: if complete { "已完成" } else { "进行中" },
        missing: Vec::new(),
        steps: Some(out),
    }
}

/// The last day of `d`'s month.
fn month_end(d: NaiveDate) -> Option<NaiveDate> {
    Month(Month::of(d).0 + 1).first_day()?.pred_opt()
}

/// Where the record stands in each process, from the decisions already made.
pub fn processes(
    e: &Employee,
    as_of: NaiveDate,
    cal: &Calendar,
    u: &mut Uncovered,
    regularisation: &Decision<Regularisation>,
    promotion: &Decision<Promotion>,
    appointment: &Decision<Appointment>,
) -> Processes {
    // 转正定级流程 需要 转正日期 仅当 评估日期 >= 转正日期 且 评估日期 < 转正日期 + 流程跟踪期.
    let (applies, missing) = match e.regular {
        None => (None, vec!["转正日期"]),
        Some(r) => (
            Some(as_of >= r && super::decide::add_months(r, 3).is_some_and(|end| as_of < end)),
            vec![],
        ),
    };
    let advice = regularisation.outcome.deadline;
    let regular = e.regular;
    let regularisation = process(
        applies,
        missing,
        &REGULARISATION,
        |i| match i {
            0 => due(regular),
            1 => due(advice),
            _ => ALWAYS,
        },
        e.regularisation_flow.as_ref(),
        as_of,
    );

    // 晋级评定流程 仅当 评定窗口 且 资格 且 小级数 > 0.
    let p = &promotion.outcome;
    let applies = if !p.in_window || !p.eligible {
        Some(false)
    } else {
        p.steps.map(|s| s > 0)
    };
    let month = Month::of(as_of);
    let first = cal.first_workday(month, u);
    let window = (first, first.and_then(|f| cal.add_workdays(f, 4, u)));
    let reviewed = p.mode == Some("评审答辩");
    let promotion = process(
        applies,
        vec!["当前职级"],
        &PROMOTION,
        |i| match i {
            0 => When {
                applies: true,
                from: window.0,
                due: window.1,
            },
            2 => When {
                applies: reviewed,
                ..ALWAYS
            },
            5 => due(month_end(as_of)),
            _ => ALWAYS,
        },
        e.promotion_flow.as_ref(),
        as_of,
    );

    // 职务晋升流程 仅当 有 申请职务 且 职务晋升.符合条件.
    let applies = if e.applies_for.is_none() {
        Some(false)
    } else {
        appointment.outcome.qualifies
    };
    let trial = e.trial_start.is_some();
    let review_from = appointment.outcome.review_from;
    let appointment = process(
        applies,
        vec!["岗位空缺"],
        &APPOINTMENT,
        |i| match i {
            0..=3 => ALWAYS,
            4 => When {
                applies: trial,
                ..due(review_from)
            },
            _ => When {
                applies: trial,
                ..ALWAYS
            },
        },
        e.appointment_flow.as_ref(),
        as_of,
    );
    Processes {
        regularisation,
        promotion,
        appointment,
    }
}
