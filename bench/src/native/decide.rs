//! The native baseline's five decisions, hand-written for the reference policy: 入职定级,
//! 转正定级, 职级晋升, 职务晋升 and 降级, with the same rule ids, requirements and pending
//! fields as the policy file (an absent 当前职级 or 岗位空缺 leaves the results that depend on
//! it open).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::calendar::{Calendar, Uncovered};
use super::out::*;
use super::record::{Employee, Grade, Hire, Month, Post, Reason, Rung};

/// Three-valued truth: `None` where an absent field leaves it open.
type Tri = Option<bool>;

fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), x) | (x, Some(false)) => x,
        _ => None,
    }
}

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), x) | (x, Some(true)) => x,
        _ => None,
    }
}

const MID2: u8 = 7; // 中(二)级客服(一般)
const MID2_TOP: u8 = 9; // 中(二)级客服(优秀)
const JUNIOR: u8 = 1; // 初级客服(一般)
const SENIOR: u8 = 10; // 高级客服(一般)

/// Grade counts over a window of months.
#[derive(Default)]
struct Counts {
    by: [u32; 5],
}

impl Counts {
    fn of(e: &Employee, lo: Month, hi: Month) -> Counts {
        let mut c = Counts::default();
        if lo <= hi {
            for g in e.grades.range(lo..=hi).map(|(_, g)| *g) {
                c.by[g as usize] += 1;
            }
        }
        c
    }

    /// Grades at `g` or better.
    fn at_least(&self, g: Grade) -> u32 {
        self.by[g as usize..].iter().sum()
    }

    fn no_c_d(&self) -> bool {
        self.by[Grade::C as usize] + self.by[Grade::D as usize] == 0
    }
}

pub(super) fn add_months(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(n))
}

/// Everything decided for one record on one date.
pub fn decide<'e>(e: &'e Employee, as_of: NaiveDate, cal: &Calendar) -> Verdict<'e> {
    let mut u = Uncovered::default();
    let onboarding = onboarding(e);
    let regularisation = regularisation(e, onboarding.outcome.rung, cal, &mut u);
    let promotion = promotion(e, as_of, cal, &mut u);
    let appointment = appointment(e, as_of);
    let demotion = demotion(e, as_of);
    let processes = super::process::processes(
        e,
        as_of,
        cal,
        &mut u,
        &regularisation,
        &promotion,
        &appointment,
    );
    let warnings =
        u.0.iter()
            .map(|y| Warning {
                code: "calendar-uncovered",
                message: format!(
                    "日历 `{}` 未覆盖 {y} 年,该年的工作日按周一至周五计算",
                    cal.name
                ),
                calendar: super::CALENDAR_NAME,
                year: *y,
            })
            .collect();
    Verdict {
        id: &e.id,
        decisions: Decisions {
            onboarding,
            regularisation,
            promotion,
            appointment,
            demotion,
        },
        processes,
        warnings,
    }
}

fn onboarding(e: &Employee) -> Decision<Onboarding> {
    let (rung, rule) = match (e.hire, e.post) {
        (Hire::Intern, _) => (0, "6.1"),
        (Hire::Social, Post::TeamLead) => (SENIOR, "6.3"),
        (Hire::Social, _) => (JUNIOR, "6.2"),
    };
    let outcome = Onboarding {
        rung: Rung(rung),
        manual: rule == "6.3" || rule == "6.2" && e.special,
    };
    Decision::new(outcome, vec![rule], vec![])
}

fn regularisation(
    e: &Employee,
    hired_as: Rung,
    cal: &Calendar,
    u: &mut Uncovered,
) -> Decision<Regularisation> {
    let Some(regular) = e.regular else {
        return Decision::new(Regularisation::default(), vec![], vec!["转正日期"]);
    };
    let hired = Month::of(e.hired);
    let probation = Counts::of(e, hired, Month(Month::of(regular).0 - 1));
    let intern_end = Month::of(e.graduated.unwrap_or(regular));
    let internship = Counts::of(e, hired, Month(intern_end.0 - 1));
    let social = e.hire == Hire::Social;
    let intern = e.hire == Hire::Intern;
    let candidates = [
        (
            social && probation.at_least(Grade::A) >= 1 && probation.no_c_d(),
            1,
            "7.3.1",
        ),
        (
            social && (probation.at_least(Grade::A) >= 2 && probation.no_c_d() || e.outstanding),
            2,
            "7.3.2",
        ),
        (
            intern && (internship.at_least(Grade::A) >= 1 && internship.no_c_d() || e.outstanding),
            1,
            "7.3.3",
        ),
    ];
    let mut best: Option<(u8, &'static str)> = None;
    for (fires, steps, rule) in candidates {
        if fires && best.is_none_or(|(b, _)| steps > b) {
            best = Some((steps, rule));
        }
    }
    let mut rules = Vec::with_capacity(3);
    rules.extend(best.map(|(_, r)| r));
    rules.extend(["7.2.1", "12.1"]);
    let steps = best.map_or(0, |(s, _)| s);
    let base = if intern { Rung(JUNIOR) } else { hired_as };
    let outcome = Regularisation {
        rung: Some(Rung((base.0 + steps).min(Rung::TOP))),
        steps: Some(steps),
        deadline: cal.add_workdays(regular, 5, u),
        pay_from: Some(regular),
    };
    Decision::new(outcome, rules, vec![])
}

/// Whether an upheld complaint for a personal reason falls in `lo..=hi`.
fn personal_complaint(e: &Employee, lo: Month, hi: Month) -> bool {
    e.complaints.iter().any(|c| {
        let m = Month::of(c.date);
        c.upheld && c.reason != Reason::NotPersonal && lo <= m && m <= hi
    })
}

fn cycle(post: Post) -> &'static [u32] {
    if post == Post::TeamLead {
        &[1]
    } else {
        &[1, 7]
    }
}

fn promotion(
    e: &Employee,
    as_of: NaiveDate,
    cal: &Calendar,
    u: &mut Uncovered,
) -> Decision<Promotion> {
    let mut rules = Vec::with_capacity(8);
    let mut unmet = Vec::new();
    let month = Month::of(as_of);
    let in_window = e.post != Post::Supervisor
        && cycle(e.post).contains(&as_of.month())
        && (1..=5).contains(&cal.workday_index(as_of, u));
    if in_window {
        rules.extend(["8.1", "8.5.1"]);
    }
    let next_window = if in_window || e.post == Post::Supervisor {
        None
    } else {
        (month.0..=month.0 + 12)
            .map(Month)
            .filter(|m| cycle(e.post).contains(&m.number()))
            .find_map(|m| cal.first_workday(m, u).filter(|d| *d > as_of))
    };

    // 资格: the requirements of 8.4, 8.2.1 and 8.2.2.
    let in_scope = e.post != Post::Supervisor;
    let regular = e.regular.is_some_and(|r| r <= as_of);
    let interval: Tri = e
        .graded
        .or(e.regular)
        .map(|b| add_months(b, 3).is_some_and(|d| as_of >= d));
    let mut eligible = Some(true);
    for (holds, rule) in [
        (Some(in_scope), "8.4"),
        (Some(regular), "8.2.1"),
        (interval, "8.2.2"),
    ] {
        match holds {
            Some(true) => rules.push(rule),
            Some(false) => unmet.push(rule),
            None => {}
        }
        eligible = and(eligible, holds);
    }
    let eligible = eligible == Some(true);

    // 小级数: the largest step that fires, then the caps.
    let six = Counts::of(e, Month(month.0 - 6), Month(month.0 - 1));
    let year = Counts::of(e, Month(month.0 - 12), Month(month.0 - 1));
    let agents = matches!(e.post, Post::Agent | Post::Assistant | Post::Inspector);
    let complaint6 = personal_complaint(e, Month(month.0 - 6), Month(month.0 - 1));
    let complaint12 = personal_complaint(e, Month(month.0 - 12), Month(month.0 - 1));
    let below: Tri = e.rung.map(|r| r.0 < MID2);
    let not_below: Tri = below.map(|b| !b);
    let (s6, a6) = (six.at_least(Grade::S), six.at_least(Grade::A));
    let ok = eligible && agents && six.no_c_d();
    let lead = eligible
        && e.post == Post::TeamLead
        && (year.at_least(Grade::A) >= 4
            || year.at_least(Grade::S) >= 2
            || year.at_least(Grade::S) >= 1 && year.at_least(Grade::A) >= 3)
        && year.no_c_d()
        && !complaint12;
    let setters: [(Tri, u8, &str); 5] = [
        (
            and(
                below,
                Some(ok && six.at_least(Grade::B) >= 6 && !complaint6),
            ),
            1,
            "8.4.1.2.A",
        ),
        (
            and(below, Some(ok && (a6 >= 3 || s6 >= 1 && a6 >= 2))),
            2,
            "8.4.1.2.B",
        ),
        (and(below, Some(ok && s6 >= 2 && a6 >= 4)), 3, "8.4.1.2.C"),
        (
            and(not_below, Some(ok && (a6 >= 2 || s6 >= 1) && !complaint6)),
            1,
            "8.4.1.3",
        ),
        (Some(lead), 1, "8.4.2"),
    ];
    let mut best: Option<(u8, &str)> = None;
    for (fires, steps, rule) in setters {
        if fires == Some(true) && best.is_none_or(|(b, _)| steps > b) {
            best = Some((steps, rule));
        }
    }
    let open = setters
        .iter()
        .any(|(fires, steps, _)| fires.is_none() && best.is_none_or(|(b, _)| *steps > b));
    let mut step_rules: Vec<&'static str> = Vec::new();
    let steps: Option<u8> = if open {
        None
    } else {
        let mut steps = best.map_or(0, |(s, _)| s);
        if let Some((_, r)) = best {
            step_rules.push(r);
        }
        if let Some(cur) = e.rung {
            if matches!(e.post, Post::Assistant | Post::Inspector) {
                let cap = MID2_TOP.saturating_sub(cur.0);
                if steps > cap {
                    steps = cap;
                    step_rules.push("8.3.3.A");
                }
            }
            let cap = Rung::TOP - cur.0;
            if steps > cap {
                steps = cap;
                step_rules.push("5.1");
            }
        }
        Some(steps)
    };
    let target = match (e.rung, steps) {
        (Some(r), Some(s)) => Some(Rung((r.0 + s).min(Rung::TOP))),
        _ => None,
    };

    // 方式: the first rule that fires, in the policy's order.
    let raised: Tri = steps.map(|s| s > 0);
    let reviewed = and(
        raised,
        or(target.map(|t| t.0 >= MID2), Some(e.post == Post::TeamLead)),
    );
    let direct = and(
        raised,
        and(target.map(|t| t.0 < MID2), Some(e.post != Post::TeamLead)),
    );
    let mut mode_rule = None;
    let mut mode = Some("无");
    for (fires, value, rule) in [
        (reviewed, "评审答辩", "8.3.3.B"),
        (direct, "直接晋级", "8.5.3.A"),
    ] {
        match fires {
            Some(true) => {
                mode = Some(value);
                mode_rule = Some(rule);
                break;
            }
            None => {
                mode = None;
                break;
            }
            Some(false) => {}
        }
    }
    let review_score = e.panel.as_ref().map(|p| {
        let w = |x: f64, weight: i64| Score::from_f64(x).0 * weight / 10;
        Score(w(p.manager, 3) + w(p.head, 3) + w(p.partner, 2) + w(p.hr, 2))
    });

    // The rules that contributed, in the policy's order.
    for rule in [
        "8.4.1.2.A",
        "8.4.1.2.B",
        "8.4.1.2.C",
        "8.4.1.3",
        "8.4.2",
        "8.3.3.A",
        "5.1",
    ] {
        if step_rules.contains(&rule) {
            rules.push(rule);
        }
    }
    match mode_rule {
        Some("8.3.3.B") => rules.extend(["8.3.3.B", "8.5.3.B"]),
        Some("8.5.3.A") => rules.push("8.5.3.A"),
        _ => {}
    }
    if e.special {
        rules.push("8.4.1.1");
    }
    if review_score.is_some() {
        rules.push("8.3.4");
    }
    let promoted = in_window && steps.is_some_and(|s| s > 0);
    if promoted {
        rules.push("12.2");
    }
    let outcome = Promotion {
        in_window,
        next_window,
        eligible,
        steps,
        target,
        mode,
        special: e.special,
        review_score,
        review_passed: review_score.map(|s| s >= Score(80_000_000)),
        pay_from: as_of.with_day(1).filter(|_| promoted),
    };
    let missing = if target.is_none() {
        vec!["当前职级"]
    } else {
        vec![]
    };
    let mut d = Decision::new(outcome, rules, missing);
    d.unmet = unmet;
    d
}

fn appointment(e: &Employee, as_of: NaiveDate) -> Decision<Appointment> {
    let Some(to) = e.applies_for else {
        let mut d = Decision::new(Appointment::default(), vec![], vec![]);
        d.status = "不适用";
        d.applies_when = Some("有 申请职务");
        return d;
    };
    let month = Month::of(as_of);
    let since = e.in_post_since.unwrap_or(e.hired);
    let agents = matches!(e.post, Post::Agent | Post::Assistant | Post::Inspector);
    let six = Counts::of(e, Month(month.0 - 6), Month(month.0 - 1));
    let reached = |months| add_months(since, months).is_some_and(|d| as_of >= d);
    let mut requirements: Vec<(Tri, &'static str)> = vec![
        (
            Some(
                to == Post::TeamLead && agents
                    || to == Post::Supervisor && e.post == Post::TeamLead,
            ),
            "9.3.3",
        ),
        (e.vacancy, "9.1"),
    ];
    if to == Post::TeamLead {
        requirements.push((Some(reached(6)), "9.2.1"));
    }
    if to == Post::Supervisor {
        requirements.push((Some(reached(12)), "9.2.2"));
    }
    let grades = (six.at_least(Grade::A) >= 2 || six.at_least(Grade::S) >= 1) && six.no_c_d();
    requirements.push((Some(grades), "9.2.3"));
    let mut rules = Vec::new();
    let mut unmet = Vec::new();
    let mut qualifies = Some(true);
    for (holds, rule) in requirements {
        match holds {
            Some(true) => rules.push(rule),
            Some(false) => unmet.push(rule),
            None => {}
        }
        qualifies = and(qualifies, holds);
    }

    let trial = e.trial_start;
    let trial_over = trial
        .and_then(|t| add_months(t, 3))
        .is_some_and(|end| as_of >= end);
    let scores = e.peer_score.zip(e.competence);
    let to_lead = to == Post::TeamLead;
    let to_sup = to == Post::Supervisor;
    let stages = [
        (trial.is_none() && scores.is_none(), "待评估", "9.5.2"),
        (
            to_lead && trial.is_none() && scores.is_some_and(|(p, c)| p >= 75.0 && c >= 70.0),
            "可试用任命",
            "9.4.1.1",
        ),
        (
            to_sup && trial.is_none() && scores.is_some_and(|(p, c)| p >= 80.0 && c >= 80.0),
            "可试用任命",
            "9.4.1.2",
        ),
        (trial.is_some() && !trial_over, "试用中", "9.5.5"),
        (trial_over && e.score_360.is_none(), "待评估", "9.4.2"),
        (
            to_lead && trial_over && e.score_360.is_some_and(|s| s >= 80.0),
            "可正式任命",
            "9.4.2.1",
        ),
        (
            to_sup && trial_over && e.score_360.is_some_and(|s| s >= 85.0),
            "可正式任命",
            "9.4.2.2",
        ),
    ];
    let mut stage = Some("不符合");
    let mut stage_rule = None;
    for (rest, value, rule) in stages {
        match and(qualifies, Some(rest)) {
            Some(true) => {
                stage = Some(value);
                stage_rule = Some(rule);
                break;
            }
            None => {
                stage = None;
                break;
            }
            Some(false) => {}
        }
    }
    let review_from = trial
        .and_then(|t| add_months(t, 3))
        .and_then(|d| d.checked_sub_days(Days::new(10)));
    // Rules in the policy's order: the requirements, the stage, 9.5.6, the later stages.
    let late = matches!(stage_rule, Some("9.4.2" | "9.4.2.1" | "9.4.2.2"));
    if let (Some(r), false) = (stage_rule, late) {
        rules.push(r);
    }
    if review_from.is_some() {
        rules.push("9.5.6");
    }
    if let (Some(r), true) = (stage_rule, late) {
        rules.push(r);
    }
    let outcome = Appointment {
        qualifies,
        stage,
        review_from,
    };
    let missing = if qualifies.is_none() || stage.is_none() {
        vec!["岗位空缺"]
    } else {
        vec![]
    };
    let mut d = Decision::new(outcome, rules, missing);
    d.unmet = unmet;
    d
}

fn demotion(e: &Employee, as_of: NaiveDate) -> Decision<Demotion> {
    let month = Month::of(as_of);
    let window = (month.0 - 6..=month.0 - 1).map(Month);
    let c = |m: &Month| e.grades.get(m).is_some_and(|g| *g <= Grade::C);
    let any_c = window.clone().any(|m| c(&m));
    let attitude = window.clone().find(|m| {
        c(m) && e
            .complaints
            .iter()
            .any(|x| x.upheld && x.reason == Reason::Attitude && Month::of(x.date) == *m)
    });
    let after_promotion = e.last_promotion.as_ref().and_then(|p| {
        let from = Month::of(p.date);
        window
            .clone()
            .find(|m| c(m) && from <= *m && m.0 <= from.0 + 2)
            .map(|m| (m, p.from))
    });
    let mut missing = vec![];
    let outcome = if let Some((m, was)) = after_promotion {
        Demotion {
            action: "降回原职级",
            target: Some(was.max(Rung(JUNIOR))),
            from_month: Some(Month(m.0 + 1)),
        }
    } else if let Some(m) = attitude {
        if e.rung.is_none() {
            missing.push("当前职级");
        }
        Demotion {
            action: "降级",
            target: e.rung.map(|r| if r.0 > JUNIOR { Rung(r.0 - 1) } else { r }),
            from_month: Some(Month(m.0 + 1)),
        }
    } else {
        Demotion {
            action: if any_c { "改进计划" } else { "无" },
            target: None,
            from_month: None,
        }
    };
    let rule = match outcome.action {
        "改进计划" => Some("11.1"),
        "降级" => Some("11.2"),
        "降回原职级" => Some("11.3"),
        _ => None,
    };
    Decision::new(outcome, rule.into_iter().collect(), missing)
}
