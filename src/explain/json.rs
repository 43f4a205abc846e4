//! Explain stage: verdicts as JSON Lines, the documented contract (`docs/output.md`). One object
//! per record: the verdict's data as it serialises, with the words for people (`message`,
//! `detail`, `shortfall`) added beside the typed evidence, in `--lang`.

use std::io;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use crate::diag::Lang;
use crate::eval::{self, EvalError};
use crate::verdict::{Condition, DecisionVerdict, RecordVerdict, RuleTrace, Warning};

pub use super::prepared::Prepared;

use super::why::{detail, shortfall_words};
use super::words::warning;

/// One record's verdict as a JSON object; the trace is there when the verdict was built with it.
pub fn verdict(v: &RecordVerdict, lang: Lang) -> Json {
    let decisions: Map<String, Json> = v
        .decisions
        .iter()
        .map(|d| (d.name.clone(), decision(d, lang)))
        .collect();
    let warnings = warnings(v, lang);
    if v.processes.is_empty() {
        json!({"id": v.id, "decisions": decisions, "warnings": warnings})
    } else {
        let processes = super::process::json(&v.processes, lang);
        json!({"id": v.id, "decisions": decisions, "processes": processes, "warnings": warnings})
    }
}

/// Writes a record's verdict as [`verdict`] gives it, serialised, without building the tree
/// for its decisions: a decision is serialised straight from the verdict's data, its trace
/// with the words beside the data ([`Worded`]); the processes and warnings are built as
/// values first.
pub fn write_verdict(out: &mut Vec<u8>, v: &RecordVerdict, lang: Lang) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut *out, &v.id)?;
    out.extend_from_slice(b",\"decisions\":{");
    for (i, d) in v.decisions.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, &d.name)?;
        out.push(b':');
        if d.trace.is_some() {
            serde_json::to_writer(&mut *out, &Worded(d, lang))?;
        } else {
            serde_json::to_writer(&mut *out, d)?;
        }
    }
    out.push(b'}');
    if !v.processes.is_empty() {
        out.extend_from_slice(b",\"processes\":");
        serde_json::to_writer(&mut *out, &super::process::json(&v.processes, lang))?;
    }
    out.extend_from_slice(b",\"warnings\":");
    if v.warnings.is_empty() {
        out.extend_from_slice(b"[]");
    } else {
        serde_json::to_writer(&mut *out, &warnings(v, lang))?;
    }
    out.push(b'}');
    Ok(())
}

/// Writes a record's verdict straight from its evaluation, byte for byte what [`verdict`]
/// gives for the verdict built without a trace ([`crate::batch::owned`]), with no tree and no
/// owned copy: names borrowed from the program, values from the record. `notes`: what the
/// reader noted about the record (warnings); `only`: the decisions to write (empty: all).
/// [`write_prepared`] does the same with the policy's fragments prepared once.
pub fn write_live<W: io::Write>(
    mut out: W,
    v: &eval::Verdict<'_>,
    notes: &[String],
    only: &[String],
    lang: Lang,
) -> serde_json::Result<()> {
    let prepared = Prepared::new(v.program(), only, lang);
    let mut buf = Vec::new();
    write_prepared(&mut buf, &prepared, v, notes)?;
    out.write_all(&buf).map_err(serde_json::Error::io)
}

/// Writes a record's verdict as [`write_live`] does, from fragments prepared once per policy
/// (the decisions chosen and the language are the prepared ones).
pub fn write_prepared(
    out: &mut Vec<u8>,
    prepared: &Prepared,
    v: &eval::Verdict<'_>,
    notes: &[String],
) -> serde_json::Result<()> {
    super::prepared::write_head(out, v.id())?;
    prepared.write_body(out, v)?;
    out.extend_from_slice(b",\"warnings\":[");
    if !v.warnings().is_empty() || !notes.is_empty() {
        let mut ws = crate::verdict::warnings(v);
        ws.extend(notes.iter().map(|n| Warning::Record { message: n.clone() }));
        let mut scratch = Vec::new();
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_warning(&mut *out, &mut scratch, w, prepared.lang())?;
        }
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// A warning as [`warnings`] gives it: its data serialised (`{"code":"…",…}`, the code first,
/// a fixed word that needs no escaping), with `message` written after the code.
fn write_warning<W: io::Write>(
    mut out: W,
    scratch: &mut Vec<u8>,
    w: &Warning,
    lang: Lang,
) -> serde_json::Result<()> {
    scratch.clear();
    serde_json::to_writer(&mut *scratch, w)?;
    const HEAD: &[u8] = b"{\"code\":\"";
    let end = scratch
        .strip_prefix(HEAD)
        .and_then(|rest| rest.iter().position(|b| *b == b'"'))
        .map(|at| HEAD.len() + at + 1);
    let (code, rest) = match end.and_then(|at| scratch.split_at_checked(at)) {
        Some(parts) => parts,
        // Not the shape a warning serialises to: the tree, whatever it holds.
        None => {
            let tree = warnings_of(std::slice::from_ref(w), lang);
            return serde_json::to_writer(out, &tree.first());
        }
    };
    out.write_all(code).map_err(serde_json::Error::io)?;
    out.write_all(b",\"message\":")
        .map_err(serde_json::Error::io)?;
    serde_json::to_writer(&mut out, &warning(w, lang))?;
    // A note of the reader's is its message: its data has no other field.
    let rest = match w {
        Warning::Record { .. } => b"}",
        _ => rest,
    };
    out.write_all(rest).map_err(serde_json::Error::io)
}

/// The warnings: `code`, `message` (in `lang`), then the warning's data.
fn warnings(v: &RecordVerdict, lang: Lang) -> Vec<Json> {
    warnings_of(&v.warnings, lang)
}

fn warnings_of(ws: &[Warning], lang: Lang) -> Vec<Json> {
    ws.iter()
        .map(|w| {
            let mut obj = Map::new();
            let data = serde_json::to_value(w).unwrap_or(Json::Null);
            obj.insert(
                "code".into(),
                data.get("code").cloned().unwrap_or(Json::Null),
            );
            obj.insert("message".into(), json!(warning(w, lang)));
            if let Json::Object(fields) = data {
                for (k, x) in fields {
                    obj.entry(k).or_insert(x);
                }
            }
            Json::Object(obj)
        })
        .collect()
}

fn decision(d: &DecisionVerdict, lang: Lang) -> Json {
    let mut obj = match serde_json::to_value(d) {
        Ok(Json::Object(o)) => o,
        _ => Map::new(),
    };
    if let Some(trace) = &d.trace {
        obj.insert(
            "trace".into(),
            Json::Array(trace.iter().map(|t| rule(t, lang)).collect()),
        );
    }
    Json::Object(obj)
}

fn rule(t: &RuleTrace, lang: Lang) -> Json {
    let mut obj = match serde_json::to_value(t) {
        Ok(Json::Object(o)) => o,
        _ => Map::new(),
    };
    obj.insert(
        "conditions".into(),
        Json::Array(t.conditions.iter().map(|c| condition(c, lang)).collect()),
    );
    if !t.requires.is_empty() {
        obj.insert(
            "requires".into(),
            Json::Array(t.requires.iter().map(|c| condition(c, lang)).collect()),
        );
    }
    Json::Object(obj)
}

/// A condition: `text`, `holds`, then the words (`detail`, `shortfall`), then the data
/// (`evidence`, `gap`).
fn condition(c: &Condition, lang: Lang) -> Json {
    let mut obj = Map::new();
    obj.insert("text".into(), json!(c.text));
    obj.insert("holds".into(), json!(c.holds));
    if let Some(d) = detail(&c.evidence, lang) {
        obj.insert("detail".into(), json!(d));
    }
    if let Some(s) = &c.shortfall {
        obj.insert("shortfall".into(), json!(shortfall_words(c, s, lang)));
    }
    if !c.evidence.is_none() {
        obj.insert(
            "evidence".into(),
            serde_json::to_value(&c.evidence).unwrap_or(Json::Null),
        );
    }
    if let Some(s) = &c.shortfall {
        obj.insert("gap".into(), serde_json::to_value(s).unwrap_or(Json::Null));
    }
    if let Some(m) = &c.measures {
        obj.insert("measures".into(), json!(m));
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

/// A traced decision serialised as [`decision`] builds it, without the tree: the trace's
/// rules with the words of their conditions.
struct Worded<'d>(&'d DecisionVerdict, Lang);

impl Serialize for Worded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let trace = self.0.trace.as_deref().unwrap_or_default();
        self.0.serialize_with_trace(s, &WordedRules(trace, self.1))
    }
}

struct WordedRules<'d>(&'d [RuleTrace], Lang);

impl Serialize for WordedRules<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|t| WordedRule(t, self.1)))
    }
}

/// A rule's trace as [`rule`] builds it: its data in its order, with worded conditions.
struct WordedRule<'d>(&'d RuleTrace, Lang);

impl Serialize for WordedRule<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (t, lang) = (self.0, self.1);
        let worded = |cs| WordedConditions(cs, lang);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("rule", &t.rule)?;
        map.serialize_entry("title", &t.title)?;
        map.serialize_entry("status", &t.status)?;
        if let Some(o) = &t.overridden_by {
            map.serialize_entry("overridden_by", o)?;
        }
        map.serialize_entry("conditions", &worded(&t.conditions))?;
        if !t.requires.is_empty() {
            map.serialize_entry("requires", &worded(&t.requires))?;
        }
        if !t.effects.is_empty() {
            map.serialize_entry("effects", &t.effects)?;
        }
        map.end()
    }
}

struct WordedConditions<'d>(&'d [Condition], Lang);

impl Serialize for WordedConditions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| WordedCondition(c, self.1)))
    }
}

/// A condition as [`condition`] builds it.
struct WordedCondition<'d>(&'d Condition, Lang);

impl Serialize for WordedCondition<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, lang) = (self.0, self.1);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("text", &c.text)?;
        map.serialize_entry("holds", &c.holds)?;
        if let Some(d) = detail(&c.evidence, lang) {
            map.serialize_entry("detail", &d)?;
        }
        if let Some(sf) = &c.shortfall {
            map.serialize_entry("shortfall", &shortfall_words(c, sf, lang))?;
        }
        if !c.evidence.is_none() {
            map.serialize_entry("evidence", &c.evidence)?;
        }
        if let Some(sf) = &c.shortfall {
            map.serialize_entry("gap", sf)?;
        }
        if let Some(m) = &c.measures {
            map.serialize_entry("measures", m)?;
        }
        map.end()
    }
}
