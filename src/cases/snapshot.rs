//! Policy tests: roster snapshots. Every record's verdict flattened to `key = value` lines,
//! sorted, one block per record in input order, under a header naming the policy, the date and
//! the records: a stable, deterministic file to review. Checking it re-evaluates the roster and
//! lists, record by record and field by field, what changed.
//!
//! ```text
//! # rung snapshot
//! policy = "policies/客服部任职发展管理制度.rung"
//! as_of = "2026-07-03"
//! records = ["examples/roster.jsonl"]
//!
//! [E1001]
//! 入职定级.outcome.职级 = "实习生客服"
//! 入职定级.rules = ["6.1"]
//! 入职定级.status = "已定"
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use crate::batch::Item;
use crate::verdict::RecordVerdict;

/// The first line of a snapshot file.
pub const MAGIC: &str = "# rung snapshot";

/// A snapshot: what it was taken of, and one block per record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The policy file.
    pub policy: String,
    /// The evaluation date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The record files.
    pub records: Vec<String>,
    /// One block per record, in input order.
    pub blocks: Vec<Block>,
}

/// One record's verdict, flattened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The record's id (or `#line` for a record without one).
    pub id: String,
    /// Sorted `key → JSON value` pairs.
    pub fields: BTreeMap<String, String>,
}

fn flatten(prefix: &str, v: &Json, out: &mut BTreeMap<String, String>) {
    match v {
        Json::Object(o) if !o.is_empty() => {
            for (k, x) in o {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// A record's block: its verdict (without trace), or its error.
pub fn block(item: &Item<RecordVerdict>) -> Block {
    let mut fields = BTreeMap::new();
    match item {
        Item::Verdict(v) => {
            for d in &v.decisions {
                let mut d = d.clone();
                d.trace = None;
                d.computed = None;
                let j = serde_json::to_value(&d).unwrap_or(Json::Null);
                flatten(&d.name, &j, &mut fields);
            }
            if !v.warnings.is_empty() {
                let w = serde_json::to_value(&v.warnings).unwrap_or(Json::Null);
                fields.insert("warnings".into(), w.to_string());
            }
            Block {
                id: v.id.clone(),
                fields,
            }
        }
        Item::Unread(e) => {
            fields.insert("error.line".into(), e.line.to_string());
            if let Some(f) = &e.field {
                fields.insert("error.field".into(), Json::String(f.clone()).to_string());
            }
            Block {
                id: e.id.clone().unwrap_or_else(|| format!("#{}", e.line)),
                fields,
            }
        }
        Item::Failed { id, line, error } => {
            fields.insert("error.line".into(), line.to_string());
            let kind = serde_json::to_value(&error.kind).unwrap_or(Json::Null);
            fields.insert("error.evaluation".into(), kind.to_string());
            Block {
                id: id.clone(),
                fields,
            }
        }
    }
}

impl Snapshot {
    /// The snapshot as its file's text.
    pub fn to_text(&self) -> String {
        let q = |s: &str| Json::String(s.to_string()).to_string();
        let records: Vec<String> = self.records.iter().map(|r| q(r)).collect();
        let mut out = format!(
            "{MAGIC}\npolicy = {}\nas_of = {}\nrecords = [{}]\n",
            q(&self.policy),
            q(&self.as_of),
            records.join(", ")
        );
        for b in &self.blocks {
            out.push_str(&format!("\n[{}]\n", b.id));
            for (k, v) in &b.fields {
                out.push_str(&format!("{k} = {v}\n"));
            }
        }
        out
    }

    /// Reads a snapshot file's text; the error names the line.
    pub fn parse(text: &str) -> Result<Snapshot, ParseError> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l.trim() == MAGIC => {}
            _ => return Err(ParseError { line: 1 }),
        }
        let mut snap = Snapshot {
            policy: String::new(),
            as_of: String::new(),
            records: Vec::new(),
            blocks: Vec::new(),
        };
        for (i, line) in lines {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = ParseError { line: i + 1 };
            if let Some(id) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                snap.blocks.push(Block {
                    id: id.to_string(),
                    fields: BTreeMap::new(),
                });
                continue;
            }
            let (k, v) = line.split_once(" = ").ok_or(err.clone())?;
            match snap.blocks.last_mut() {
                Some(b) => {
                    b.fields.insert(k.to_string(), v.to_string());
                }
                None => {
                    let value: Json = serde_json::from_str(v).map_err(|_| err.clone())?;
                    match (k, value) {
                        ("policy", Json::String(s)) => snap.policy = s,
                        ("as_of", Json::String(s)) => snap.as_of = s,
                        ("records", Json::Array(a)) => {
                            snap.records = a
                                .into_iter()
                                .filter_map(|x| x.as_str().map(str::to_string))
                                .collect();
                        }
                        _ => return Err(err),
                    }
                }
            }
        }
        Ok(snap)
    }
}

/// A line of a snapshot file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line, from 1.
    pub line: usize,
}

/// One difference between a snapshot and a fresh evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A field's value changed (`None`: the field was not there).
    Field {
        /// The record.
        id: String,
        /// The field, as `决定.outcome.字段`.
        field: String,
        /// What the snapshot says.
        was: Option<String>,
        /// What the evaluation gives now.
        now: Option<String>,
    },
    /// The record at this position is another one.
    Record {
        /// Its position, from 1.
        position: usize,
        /// The snapshot's record.
        was: Option<String>,
        /// The evaluation's record.
        now: Option<String>,
    },
}

/// What changed between two lists of blocks, record by record, field by field.
pub fn diff(was: &[Block], now: &[Block]) -> Vec<Change> {
    let mut out = Vec::new();
    for i in 0..was.len().max(now.len()) {
        match (was.get(i), now.get(i)) {
            (Some(a), Some(b)) if a.id == b.id => {
                let keys: std::collections::BTreeSet<&String> =
                    a.fields.keys().chain(b.fields.keys()).collect();
                for k in keys {
                    let (x, y) = (a.fields.get(k), b.fields.get(k));
                    if x != y {
                        out.push(Change::Field {
                            id: a.id.clone(),
                            field: k.clone(),
                            was: x.cloned(),
                            now: y.cloned(),
                        });
                    }
                }
            }
            (a, b) => out.push(Change::Record {
                position: i + 1,
                was: a.map(|x| x.id.clone()),
                now: b.map(|x| x.id.clone()),
            }),
        }
    }
    out
}
