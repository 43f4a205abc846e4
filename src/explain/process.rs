//! Explain stage: where a record stands in each process, as JSON and as lines of a notice: every
//! step with who acts, what it produces, its deadline and the date it was done.

use std::fmt::Write as _;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use crate::calendar::Date;
use crate::diag::Lang;
use crate::eval::process::{ProcessReport, ProcessStatus, StepReport, StepStatus};
use crate::eval::Verdict;
use crate::program::process::{ProcessDef, Product, StepDef};
use crate::verdict::{ProcessVerdict, StepVerdict};

/// A process's status word.
fn status_word(s: ProcessStatus, lang: Lang) -> &'static str {
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

impl Serialize for ProductText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Every process of the policy for one record, keyed by name, written as [`json`] gives them,
/// straight from the evaluation.
pub struct Live<'v, 'a> {
    /// The evaluation.
    pub verdict: &'v Verdict<'a>,
    /// The language of the words (what a step produces).
    pub lang: Lang,
}

/// The step ids of the steps in one of the states `wanted`.
struct StepIds<'a> {
    def: &'a ProcessDef,
    steps: &'a [StepReport],
    wanted: &'a [StepStatus],
}

impl Serialize for StepIds<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.steps
                .iter()
                .filter(|r| self.wanted.contains(&r.status))
                .filter_map(|r| self.def.steps.get(r.step).map(|d| &d.id)),
        )
    }
}

impl Serialize for Live<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.verdict.program();
        let fields = p
            .schema
            .record()
            .map(|r| r.fields.as_slice())
            .unwrap_or(&[]);
        let reports = self.verdict.processes();
        let mut out = s.serialize_map(None)?;
        for r in &reports {
            let Some(def) = p.processes.get(r.process) else {
                continue;
            };
            out.serialize_entry(
                &def.name,
                &LiveProcess {
                    def,
                    report: r,
                    fields,
                    lang: self.lang,
                },
            )?;
        }
        out.end()
    }
}

struct LiveProcess<'a> {
    def: &'a ProcessDef,
    report: &'a ProcessReport,
    fields: &'a [crate::program::schema::FieldDef],
    lang: Lang,
}

impl Serialize for LiveProcess<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut obj = s.serialize_map(None)?;
        obj.serialize_entry("status", status_word(r.status, Lang::Zh))?;
        let mut missing = r
            .missing
            .indexes()
            .filter_map(|i| self.fields.get(i).map(|f| &f.name))
            .peekable();
        if missing.peek().is_some() {
            obj.serialize_entry("missing", &Seq(std::cell::Cell::new(Some(missing))))?;
        }
        if matches!(
            r.status,
            ProcessStatus::NotApplicable | ProcessStatus::Pending
        ) {
            return obj.end();
        }
        let steps = r.steps.iter().filter_map(|x| {
            let def = self.def.steps.get(x.step)?;
            Some(LiveStep {
                def,
                report: x,
                lang: self.lang,
            })
        });
        obj.serialize_entry("steps", &Seq(std::cell::Cell::new(Some(steps))))?;
        for (key, wanted) in [
            ("done", &[StepStatus::Done, StepStatus::DoneLate][..]),
            ("due", &[StepStatus::Open][..]),
            ("overdue", &[StepStatus::Overdue][..]),
        ] {
            let ids = StepIds {
                def: self.def,
                steps: &r.steps,
                wanted,
            };
            obj.serialize_entry(key, &ids)?;
        }
        obj.end()
    }
}

/// A sequence serialised as it is iterated.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator> Serialize for Seq<I>
where
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(it) => s.collect_seq(it),
            None => s.collect_seq(std::iter::empty::<I::Item>()),
        }
    }
}

struct LiveStep<'a> {
    def: &'a StepDef,
    report: &'a StepReport,
    lang: Lang,
}

impl Serialize for LiveStep<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, r) = (self.def, self.report);
        let text = |x: Option<Date>| x.map(DateText);
        let mut obj = s.serialize_map(None)?;
        obj.serialize_entry("step", &d.id)?;
        obj.serialize_entry("title", &d.title)?;
        obj.serialize_entry("by", &d.by)?;
        let produces = d.produces.iter().map(|x| ProductText(x, self.lang));
        obj.serialize_entry("produces", &Seq(std::cell::Cell::new(Some(produces))))?;
        obj.serialize_entry("optional", &d.optional)?;
        obj.serialize_entry("status", r.status.code())?;
        if r.from.is_some() {
            obj.serialize_entry("from", &text(r.from))?;
        }
        obj.serialize_entry("due", &text(r.due))?;
        if d.about {
            obj.serialize_entry("about", &true)?;
        }
        obj.serialize_entry("done", &text(r.done))?;
        obj.end()
    }
}

/// A date as text, written where it goes.
struct DateText(Date);

impl Serialize for DateText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
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
