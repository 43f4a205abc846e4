//! Explain stage: the JSON verdict written from fragments prepared once per policy. Every
//! string that comes from the program (decision and field names, rule ids, the `仅当` texts,
//! the processes' steps with their titles, actors and products) is escaped once, here; only
//! what comes from the record (its id, text values) is escaped per record.

use crate::diag::Lang;
use crate::eval::process::{ProcessStatus, StepStatus};
use crate::eval::Verdict;
use crate::program::{Combine, Program};
use crate::verdict::bytes::{quoted, write_date, write_date_opt, write_str};
use crate::verdict::{source_text, Live, LiveDecision};

use super::process::{product_text, status_word};

/// The fragments of a policy's JSON verdict that do not depend on the record.
#[derive(Debug)]
pub struct Prepared {
    /// The decisions written, in the policy's order.
    decisions: Vec<DecisionParts>,
    /// Per rule of the program: every id, quoted, joined by commas.
    rule_ids: Vec<Vec<u8>>,
    /// Per rule of the program: its first id, quoted.
    rule_first: Vec<Vec<u8>>,
    /// Per field of the record: its name, quoted.
    field_names: Vec<Vec<u8>>,
    /// Per process of the program; none when the program has no process.
    processes: Option<Vec<ProcessParts>>,
    lang: Lang,
}

#[derive(Debug)]
struct DecisionParts {
    index: usize,
    /// `"name":{"outcome":{`
    head: Vec<u8>,
    /// Per outcome field: `"name":`.
    fields: Vec<Vec<u8>>,
    /// `,"applies_when":"…"` for a decision with a `仅当`.
    applies_when: Vec<u8>,
}

#[derive(Debug)]
struct ProcessParts {
    /// `"name":{"status":`
    head: Vec<u8>,
    /// Per step: `{"step":…,"optional":…,"status":"`.
    steps: Vec<Vec<u8>>,
    /// Per step: its id, quoted.
    ids: Vec<Vec<u8>>,
}

impl Prepared {
    /// The fragments of `program`'s verdicts in `lang`, for the decisions named in `only`
    /// (empty: every decision).
    pub fn new(program: &Program, only: &[String], lang: Lang) -> Prepared {
        let decisions = program
            .decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| only.is_empty() || only.contains(&d.name))
            .map(|(index, d)| {
                let mut head = quoted(&d.name);
                head.extend_from_slice(b":{\"outcome\":{");
                let mut applies_when = Vec::new();
                if let Some(a) = d.applies {
                    applies_when.extend_from_slice(b",\"applies_when\":");
                    applies_when.extend(quoted(&source_text(program, a)));
                }
                let fields = d
                    .fields
                    .iter()
                    .map(|f| {
                        let mut key = quoted(&f.name);
                        key.push(b':');
                        key
                    })
                    .collect();
                DecisionParts {
                    index,
                    head,
                    fields,
                    applies_when,
                }
            })
            .collect();
        let rule_ids = program
            .rules
            .iter()
            .map(|r| {
                let ids: Vec<Vec<u8>> = r.ids.iter().map(|id| quoted(id)).collect();
                ids.join(&b',')
            })
            .collect();
        let rule_first = program.rules.iter().map(|r| quoted(r.id())).collect();
        let field_names = program
            .schema
            .record()
            .map(|r| r.fields.iter().map(|f| quoted(&f.name)).collect())
            .unwrap_or_default();
        let processes = (!program.processes.is_empty()).then(|| {
            program
                .processes
                .iter()
                .map(|p| ProcessParts {
                    head: [&quoted(&p.name)[..], b":{\"status\":"].concat(),
                    steps: p.steps.iter().map(|s| step_head(s, lang)).collect(),
                    ids: p.steps.iter().map(|s| quoted(&s.id)).collect(),
                })
                .collect()
        });
        Prepared {
            decisions,
            rule_ids,
            rule_first,
            field_names,
            processes,
            lang,
        }
    }

    /// Writes the `"decisions"` object's entries and, for a policy with processes, the
    /// `,"processes":{…}` member, as [`super::json::write_live`] writes them.
    pub(super) fn write_body(&self, out: &mut Vec<u8>, v: &Verdict<'_>) -> serde_json::Result<()> {
        out.extend_from_slice(b",\"decisions\":{");
        for (i, parts) in self.decisions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.decision(out, v, parts)?;
        }
        out.push(b'}');
        if let Some(processes) = &self.processes {
            out.extend_from_slice(b",\"processes\":{");
            self.processes(out, v, processes);
            out.push(b'}');
        }
        Ok(())
    }

    fn decision(
        &self,
        out: &mut Vec<u8>,
        v: &Verdict<'_>,
        parts: &DecisionParts,
    ) -> serde_json::Result<()> {
        let Some(d) = LiveDecision::of(v, parts.index) else {
            return Ok(());
        };
        let (p, def, di) = (v.program(), d.def(), parts.index);
        out.extend_from_slice(&parts.head);
        for (fi, (f, key)) in def.fields.iter().zip(&parts.fields).enumerate() {
            if fi > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key);
            let value = Live {
                program: p,
                ty: &f.ty,
                value: v.value(di, fi),
            };
            value.write_json(out)?;
        }
        out.extend_from_slice(b"},\"rules\":[");
        let contributed = def.rules.iter().filter(|r| v.rule(**r).contributed);
        self.list(out, contributed.filter_map(|r| self.rule_ids.get(*r)));
        out.push(b']');
        let mut grounds = def
            .fields
            .iter()
            .zip(&parts.fields)
            .filter(|(f, _)| f.combine == Combine::Every)
            .filter(|(f, _)| f.setters.iter().any(|s| v.rule(s.rule).contributed))
            .peekable();
        if grounds.peek().is_some() {
            out.extend_from_slice(b",\"grounds\":{");
            for (i, (f, key)) in grounds.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(key);
                out.push(b'[');
                let set = f.setters.iter().filter(|s| v.rule(s.rule).contributed);
                self.list(out, set.filter_map(|s| self.rule_first.get(s.rule)));
                out.push(b']');
            }
            out.push(b'}');
        }
        out.extend_from_slice(b",\"status\":");
        serde_json::to_writer(&mut *out, &d.status())?;
        if d.applies_when().is_some() {
            out.extend_from_slice(&parts.applies_when);
        }
        if !d.missing().is_empty() {
            out.extend_from_slice(b",\"missing\":");
            serde_json::to_writer(&mut *out, d.missing())?;
        }
        let mut unmet = def.rules.iter().filter(|r| v.rule(**r).unmet).peekable();
        if unmet.peek().is_some() {
            out.extend_from_slice(b",\"unmet\":[");
            self.list(out, unmet.filter_map(|r| self.rule_first.get(*r)));
            out.push(b']');
        }
        if let Some(r) = d.roster() {
            out.extend_from_slice(b",\"roster\":");
            serde_json::to_writer(&mut *out, r)?;
        }
        out.push(b'}');
        Ok(())
    }

    /// Fragments joined by commas.
    fn list<'s>(&self, out: &mut Vec<u8>, items: impl Iterator<Item = &'s Vec<u8>>) {
        for (i, x) in items.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(x);
        }
    }

    fn processes(&self, out: &mut Vec<u8>, v: &Verdict<'_>, parts: &[ProcessParts]) {
        let mut first = true;
        v.each_process(|r| {
            let Some(pp) = parts.get(r.process) else {
                return;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(&pp.head);
            let _ = write_str(out, status_word(r.status, Lang::Zh));
            let mut missing = r.missing.indexes().filter_map(|i| self.field_names.get(i));
            if let Some(name) = missing.next() {
                out.extend_from_slice(b",\"missing\":[");
                out.extend_from_slice(name);
                for name in missing {
                    out.push(b',');
                    out.extend_from_slice(name);
                }
                out.push(b']');
            }
            if matches!(
                r.status,
                ProcessStatus::NotApplicable | ProcessStatus::Pending
            ) {
                out.push(b'}');
                return;
            }
            out.extend_from_slice(b",\"steps\":[");
            let defs = v.program().processes.get(r.process).map(|d| &d.steps[..]);
            let steps = r.steps.iter().filter_map(|s| {
                let head = pp.steps.get(s.step)?;
                let about = defs.and_then(|d| d.get(s.step)).is_some_and(|d| d.about);
                Some((s, head, about))
            });
            for (i, (s, head, about)) in steps.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(head);
                out.extend_from_slice(s.status.code().as_bytes());
                out.push(b'"');
                if let Some(from) = s.from {
                    out.extend_from_slice(b",\"from\":");
                    write_date(out, from);
                }
                out.extend_from_slice(b",\"due\":");
                write_date_opt(out, s.due);
                if about {
                    out.extend_from_slice(b",\"about\":true");
                }
                out.extend_from_slice(b",\"done\":");
                write_date_opt(out, s.done);
                out.push(b'}');
            }
            out.push(b']');
            for (key, wanted) in [
                (
                    &b",\"done\":["[..],
                    &[StepStatus::Done, StepStatus::DoneLate][..],
                ),
                (b",\"due\":[", &[StepStatus::Open]),
                (b",\"overdue\":[", &[StepStatus::Overdue]),
            ] {
                out.extend_from_slice(key);
                let ids = r.steps.iter().filter(|s| wanted.contains(&s.status));
                self.list(out, ids.filter_map(|s| pp.ids.get(s.step)));
                out.push(b']');
            }
            out.push(b'}');
        });
    }

    /// The language the words are in.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// A step's fragment up to its status: `{"step":…,"title":…,"by":[…],"produces":[…],
/// "optional":…,"status":"`.
fn step_head(s: &crate::program::process::StepDef, lang: Lang) -> Vec<u8> {
    let mut out = b"{\"step\":".to_vec();
    out.extend(quoted(&s.id));
    out.extend_from_slice(b",\"title\":");
    out.extend(quoted(&s.title));
    out.extend_from_slice(b",\"by\":[");
    let by: Vec<Vec<u8>> = s.by.iter().map(|b| quoted(b)).collect();
    out.extend(by.join(&b','));
    out.extend_from_slice(b"],\"produces\":[");
    let produces: Vec<Vec<u8>> = s
        .produces
        .iter()
        .map(|x| quoted(&product_text(x, lang)))
        .collect();
    out.extend(produces.join(&b','));
    out.extend_from_slice(b"],\"optional\":");
    out.extend_from_slice(if s.optional { b"true" } else { b"false" });
    out.extend_from_slice(b",\"status\":\"");
    out
}

/// Writes a record's id, as the verdict's first member: `{"id":"…"`.
pub(super) fn write_head(out: &mut Vec<u8>, id: &str) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    write_str(out, id)
}
