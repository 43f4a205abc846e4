//! Explain stage: verdicts as JSON Lines. One object per record, fields in a stable order:
//! `{"id", "decisions": {name: {"outcome", "rules", "status", "missing"?, "unmet"?, "trace"?}}, "warnings"}`.

use serde_json::{json, Map, Value as Json};

use crate::diag::Lang;
use crate::eval::{EvalError, Tri, Verdict};

use super::format::to_json;
use super::report::{report, RuleReport, RuleStatus};
use super::why::Condition;

/// A decision's status word.
pub const DECIDED: &str = "已定";
/// A decision's status word when absent inputs leave it open.
pub const PENDING: &str = "待定";
/// A decision's status word when its `仅当` condition does not hold for the record.
pub const NOT_APPLICABLE: &str = "不适用";

/// One record's verdict as a JSON object; with `explain`, every rule's trace.
pub fn verdict(v: &Verdict<'_>, lang: Lang, explain: bool) -> Json {
    let p = v.program();
    let mut decisions = Map::new();
    for (di, d) in p.decisions.iter().enumerate() {
        let mut outcome = Map::new();
        for (fi, f) in d.fields.iter().enumerate() {
            outcome.insert(f.name.clone(), to_json(p, &f.ty, v.value(di, fi)));
        }
        let rules: Vec<Json> = d
            .rules
            .iter()
            .filter(|r| v.rule(**r).contributed)
            .flat_map(|r| p.rules.get(*r).map(|x| x.ids.clone()).unwrap_or_default())
            .map(Json::String)
            .collect();
        let missing = v.missing_names(di);
        let mut obj = Map::new();
        obj.insert("outcome".into(), Json::Object(outcome));
        obj.insert("rules".into(), Json::Array(rules));
        let applies = v.applies(di);
        let status = if applies == Tri::False {
            NOT_APPLICABLE
        } else if missing.is_empty() {
            DECIDED
        } else {
            PENDING
        };
        obj.insert("status".into(), json!(status));
        if let (Tri::False, Some(a)) = (applies, d.applies) {
            obj.insert("applies_when".into(), json!(super::why::source_text(p, a)));
        }
        if !missing.is_empty() {
            obj.insert("missing".into(), json!(missing));
        }
        let unmet: Vec<&str> = d
            .rules
            .iter()
            .filter(|r| v.rule(**r).unmet)
            .filter_map(|r| p.rules.get(*r).map(|x| x.id()))
            .collect();
        if !unmet.is_empty() {
            obj.insert("unmet".into(), json!(unmet));
        }
        if explain {
            let trace: Vec<Json> = d
                .rules
                .iter()
                .map(|r| rule_json(v, &report(v, *r, lang)))
                .collect();
            obj.insert("trace".into(), Json::Array(trace));
        }
        decisions.insert(d.name.clone(), Json::Object(obj));
    }
    let warnings: Vec<Json> = v
        .warnings()
        .iter()
        .map(|w| json!({"code": w.code(), "message": w.message(p, lang)}))
        .collect();
    json!({"id": v.id(), "decisions": decisions, "warnings": warnings})
}

fn rule_json(v: &Verdict<'_>, r: &RuleReport) -> Json {
    let p = v.program();
    let rule = p.rules.get(r.rule);
    let mut obj = Map::new();
    obj.insert("rule".into(), json!(rule.map(|x| x.id())));
    obj.insert("title".into(), json!(rule.map(|x| x.title.as_str())));
    obj.insert("status".into(), json!(r.status.code()));
    if let RuleStatus::Overridden(o) = r.status {
        obj.insert(
            "overridden_by".into(),
            json!(p.rules.get(o).map(|x| x.id())),
        );
    }
    obj.insert(
        "conditions".into(),
        Json::Array(r.when.iter().map(condition_json).collect()),
    );
    if !r.required.is_empty() {
        obj.insert(
            "requires".into(),
            Json::Array(r.required.iter().map(condition_json).collect()),
        );
    }
    Json::Object(obj)
}

fn condition_json(c: &Condition) -> Json {
    let holds = match c.holds {
        Tri::True => json!(true),
        Tri::False => json!(false),
        Tri::Unknown(_) => Json::Null,
    };
    let mut obj = Map::new();
    obj.insert("text".into(), json!(c.text));
    obj.insert("holds".into(), holds);
    if let Some(d) = &c.detail {
        obj.insert("detail".into(), json!(d));
    }
    if let Some(s) = &c.shortfall {
        obj.insert("shortfall".into(), json!(s));
    }
    Json::Object(obj)
}

/// A record that could not be read or evaluated.
pub fn error(
    id: Option<&str>,
    line: usize,
    field: Option<&str>,
    message: &str,
    help: Option<&str>,
) -> Json {
    let mut err = Map::new();
    err.insert("line".into(), json!(line));
    if let Some(f) = field {
        err.insert("field".into(), json!(f));
    }
    err.insert("message".into(), json!(message));
    if let Some(h) = help {
        err.insert("help".into(), json!(h));
    }
    json!({"id": id, "error": err})
}

/// A record whose evaluation failed.
pub fn eval_error(id: &str, line: usize, e: &EvalError, lang: Lang) -> Json {
    error(Some(id), line, None, &e.message(lang), None)
}
