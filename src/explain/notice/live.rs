//! Explain stage: the notice written straight from the evaluation — each rule's status worked
//! out once, each paragraph from the probes (`verdict::reading`), no verdict for the record.

use std::fmt::Write as _;

use crate::diag::Lang;
use crate::verdict::reading::{Kind, Reading};
use crate::verdict::{LiveDecision, RuleStatus, Value};

use super::{
    concern_of, ground_lines, in_notice, missing, nothing, shows, unsettled_line, write_clause,
    write_heading, write_paragraph, write_result, Concern, Person,
};
use crate::explain::facts::write_facts_live;

/// Writes one person's notice straight from the evaluation, as [`write_notice`] writes it
/// from the verdict of [`crate::verdict::of_traced`]: each rule's status worked out once, and
/// the paragraphs written from the evaluation (`verdict::reading`), with no verdict for the
/// record and no trace; a decision over the roster is built as [`crate::verdict::for_notice`]
/// builds it, and only when it is shown.
pub fn write_live(
    out: &mut String,
    v: &crate::eval::Verdict<'_>,
    who: &Person<'_>,
    as_of: crate::calendar::Date,
    asked: &[String],
    lang: Lang,
) {
    let p = v.program();
    write_heading(out, p, who, as_of, lang);
    out.push('\n');
    let reading = Reading::new(v);
    let mut statuses = Vec::new();
    let mut shown = 0;
    for (di, def) in p.decisions.iter().enumerate() {
        if def.roster.is_some() {
            // A decision over the roster is decided on its trace.
            if !shows(v, di, asked) {
                continue;
            }
            let d = crate::verdict::for_notice(v, di);
            if !in_notice(&d, asked) {
                continue;
            }
            out.push('\n');
            write_paragraph(out, p, di, &d, lang);
            shown += 1;
            continue;
        }
        statuses.clear();
        statuses.extend(def.rules.iter().map(|r| reading.status(*r)));
        let concern = concern_of(v, di, &def.rules, &statuses);
        let show = match asked.is_empty() {
            true => concern == Concern::Concerns,
            false => asked.contains(&def.name),
        };
        if show {
            out.push('\n');
            write_read(out, &reading, di, concern, &statuses, lang);
            shown += 1;
        }
    }
    if shown == 0 {
        let _ = writeln!(out, "\n{}", nothing(lang));
    }
}

/// Writes the paragraph of decision `di` (not over the roster) straight from the evaluation,
/// as [`write_paragraph`] writes it from the decision's notice trace; `statuses`: each of its
/// rules' status.
fn write_read(
    out: &mut String,
    reading: &Reading<'_, '_>,
    di: usize,
    concern: Concern,
    statuses: &[RuleStatus],
    lang: Lang,
) {
    let Some(live) = LiveDecision::of(reading.verdict(), di) else {
        return;
    };
    let (p, def) = (reading.program(), live.def());
    out.push('【');
    out.push_str(def.title.as_deref().unwrap_or(&def.name));
    out.push_str("】\n");
    if let Some(line) = unsettled_line(concern, live.missing(), lang) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    let values = live
        .outcome()
        .map(|(f, x)| (f.name.as_str(), Value::of(p, &f.ty, x.value)));
    if write_result(out, values, lang) {
        out.push('\n');
    }
    let grounds = live
        .grounds()
        .map(|f| (f.name.as_str(), live.ground_rules(f).collect()));
    let grounds = ground_lines(crate::explain::format::group_grounds(grounds), lang);
    for l in grounds.iter().chain(&missing(live.missing(), lang)) {
        out.push_str(l);
        out.push('\n');
    }
    for (r, status) in def.rules.iter().zip(statuses) {
        let plan = reading.plan(*r);
        let (word, parts, failing_only, needs_facts) = match status {
            RuleStatus::Fired => (lang.pick("依据", "Under"), &plan.when[..], false, false),
            RuleStatus::Unmet => (
                lang.pick("未满足", "Not met:"),
                &plan.requires[..],
                true,
                false,
            ),
            RuleStatus::NotFired | RuleStatus::Pending => {
                // As `told` decides on the trace, asked of the evaluation.
                if reading.untold(*r) {
                    continue;
                }
                let failing = match reading.first_failing(&plan.when) {
                    Some(c) => Some(c),
                    None => reading.first_failing(&plan.requires),
                };
                let Some(c) = failing.filter(|c| !c.scope && !c.context) else {
                    continue;
                };
                let word = lang.pick("未达到", "Not reached:");
                (word, std::slice::from_ref(c), false, true)
            }
            _ => continue,
        };
        let clause = out.len();
        write_clause(out, p.rules.get(*r), word, lang);
        let facts = out.len();
        out.push_str("  ");
        // A fired rule's requirement is told with its condition.
        let then = match status {
            RuleStatus::Fired => &plan.requires[..],
            _ => &[],
        };
        let (written, kind) =
            write_facts_live(out, reading, parts.iter().chain(then), failing_only, lang);
        if needs_facts && kind == (Kind::Values { absent: true }) {
            // An optional input or a definition with no value says nothing to the person.
            out.truncate(clause);
        } else if written {
            out.push('\n');
        } else if needs_facts {
            out.truncate(clause);
        } else {
            out.truncate(facts);
        }
    }
}
