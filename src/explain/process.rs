//! Explain stage: where a record stands in each process, as JSON and as lines of a notice: every
//! step with who acts, what it produces, its deadline and the date it was done.

use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use crate::diag::Lang;
use crate::eval::process::{ProcessStatus, StepStatus};
use crate::program::process::Product;
use crate::verdict::{ProcessVerdict, StepVerdict};

/// A process's status word.
pub(super) fn status_word(s: ProcessStatus, lang: Lang) -> &'static str {
    match s {
        ProcessStatus::InProgress => lang.pick("进行中", "in progress"),
        ProcessStatus::Complete => lang.pick("已完成", "complete"),
        ProcessStatus::NotApplicable => "不适用",
        ProcessStatus::Pending => "待定",
    }
}

/// What a step produces, in words.
pub fn product_text(p: &Product, lang: Lang) -> String {
    ProductText(p, lang).to_string()
}

/// What a step produces, in words, written where it goes.
struct ProductText<'a>(&'a Product, Lang);

impl std::fmt::Display for ProductText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = self.1;
        match self.0 {
            Product::Form(x) => write!(f, "《{x}》"),
            Product::Opinion => f.write_str(lang.pick("意见", "opinion")),
            Product::Approval => f.write_str(lang.pick("审批", "approval")),
            Product::Notice => f.write_str(lang.pick("通知", "notice")),
            Product::Other(o) => f.write_str(o),
        }
    }
}

fn date(d: Option<crate::calendar::Date>) -> Json {
    d.map_or(Json::Null, |d| json!(d.to_string()))
}

/// Every process of the policy for one record, keyed by name.
pub fn json(processes: &[ProcessVerdict], lang: Lang) -> Json {
    let mut out = Map::new();
    for r in processes {
        let mut obj = Map::new();
        obj.insert("status".into(), json!(status_word(r.status, Lang::Zh)));
        if !r.missing.is_empty() {
            obj.insert("missing".into(), json!(r.missing));
        }
        // A process that does not apply, or whose required inputs are absent, has no steps
        // to show.
        if matches!(
            r.status,
            ProcessStatus::NotApplicable | ProcessStatus::Pending
        ) {
            out.insert(r.name.clone(), Json::Object(obj));
            continue;
        }
        let steps: Vec<Json> = r.steps.iter().map(|s| step_json(s, lang)).collect();
        obj.insert("steps".into(), Json::Array(steps));
        for (key, wanted) in [
            ("done", &[StepStatus::Done, StepStatus::DoneLate][..]),
            ("due", &[StepStatus::Open][..]),
            ("overdue", &[StepStatus::Overdue][..]),
        ] {
            let ids: Vec<&str> = r
                .steps
                .iter()
                .filter(|s| wanted.contains(&s.status))
                .map(|s| s.step.as_str())
                .collect();
            obj.insert(key.into(), json!(ids));
        }
        out.insert(r.name.clone(), Json::Object(obj));
    }
    Json::Object(out)
}

fn step_json(s: &StepVerdict, lang: Lang) -> Json {
    let mut obj = Map::new();
    obj.insert("step".into(), json!(s.step));
    obj.insert("title".into(), json!(s.title));
    obj.insert("by".into(), json!(s.by));
    let produces: Vec<String> = s.produces.iter().map(|x| product_text(x, lang)).collect();
    obj.insert("produces".into(), json!(produces));
    obj.insert("optional".into(), json!(s.optional));
    obj.insert("status".into(), json!(s.status.code()));
    if s.from.is_some() {
        obj.insert("from".into(), date(s.from));
    }
    obj.insert("due".into(), date(s.due));
    if s.about {
        obj.insert("about".into(), json!(true));
    }
    obj.insert("done".into(), date(s.done));
    Json::Object(obj)
}

/// The processes that apply to the record, as lines of a notice.
pub fn text(out: &mut String, processes: &[ProcessVerdict], lang: Lang) {
    for r in processes {
        if r.status == ProcessStatus::NotApplicable {
            continue;
        }
        let title = r.title.as_deref().unwrap_or(&r.name);
        let mut head = format!("【{title}】{}", status_word(r.status, lang));
        if !r.missing.is_empty() {
            let _ = write!(
                head,
                "{}",
                lang.fmt(
                    format_args!(":缺少 {}", r.missing.join("、")),
                    format_args!(": {} missing", r.missing.join(", "))
                )
            );
        }
        let _ = writeln!(out, "{head}");
        for s in &r.steps {
            step_line(out, s, lang);
        }
    }
}

fn step_line(out: &mut String, d: &StepVerdict, lang: Lang) {
    let s = d;
    let mark = match s.status {
        StepStatus::Done => "✓",
        StepStatus::DoneLate => "✓",
        StepStatus::Open => "○",
        StepStatus::Overdue => "✗",
        StepStatus::Optional => "◇",
        StepStatus::NotApplicable => "–",
        StepStatus::Pending => "?",
    };
    let optional = if d.optional {
        lang.pick("(可选)", " (optional)")
    } else {
        ""
    };
    let mut parts = vec![format!("{} {}{optional}", d.step, d.title)];
    if !d.by.is_empty() {
        parts.push(d.by.join(lang.pick("、", ", ")));
    }
    if !d.produces.is_empty() {
        let what: Vec<String> = d.produces.iter().map(|x| product_text(x, lang)).collect();
        parts.push(what.join(lang.pick("、", ", ")));
    }
    if let Some(due) = s.due {
        let about = if d.about {
            lang.pick("约 ", "about ")
        } else {
            ""
        };
        parts.push(match s.from {
            Some(from) => lang.fmt(
                format_args!("期限 {from} 至 {due}"),
                format_args!("window {from} to {due}"),
            ),
            None => lang.fmt(
                format_args!("期限 {about}{due}"),
                format_args!("due {about}{due}"),
            ),
        });
    }
    let state = match (s.status, s.done) {
        (StepStatus::Done, Some(d)) => lang.fmt(format_args!("{d} 完成"), format_args!("done {d}")),
        (StepStatus::DoneLate, Some(d)) => lang.fmt(
            format_args!("{d} 完成,已逾期"),
            format_args!("done late, {d}"),
        ),
        (StepStatus::Open, _) => lang.pick("待办", "to do").to_string(),
        (StepStatus::Overdue, _) => lang
            .pick("已逾期,尚未完成", "overdue, not done")
            .to_string(),
        (StepStatus::Optional, _) => lang.pick("可选,未进行", "optional, not done").to_string(),
        (StepStatus::NotApplicable, _) => lang.pick("不适用", "does not apply").to_string(),
        _ => lang.pick("待定", "pending").to_string(),
    };
    parts.push(state);
    let _ = writeln!(out, "  {mark} {}", parts.join(" · "));
}
