//! Explain stage: a roster's changed verdicts in words: per decision, each group's people, old
//! and new value and the rules responsible, with the records that could not be compared.

use crate::diag::Lang;
use crate::diff::roster::{Group, Problem, ProblemKind, RosterDiff, Under};
use crate::explain::format::to_text;

use super::json::problem_message;

/// `1 person`, `2 people`.
fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

fn group_name(decision: &str, g: &Group, lang: Lang) -> String {
    match &g.field {
        Some(f) => format!("{decision}.{f}"),
        None => lang.fmt(format!("{decision}(状态)"), format!("{decision} (status)")),
    }
}

fn ids(g: &Group, lang: Lang) -> String {
    let list = g.ids.join(lang.pick("、", ", "));
    match (g.truncated, lang) {
        (false, _) => list,
        (true, Lang::Zh) => format!("{list} 等,只列出前 {} 人", g.ids.len()),
        (true, Lang::En) => format!("{list}, …: the first {} listed", g.ids.len()),
    }
}

fn via(g: &Group, lang: Lang) -> String {
    if g.via.is_empty() {
        return lang.pick("未归因于某条规则", "no single rule").to_string();
    }
    let v = g.via.join(lang.pick("、", ", "));
    lang.fmt(format!("依据 {v}"), format!("via {v}"))
}

/// A group on one line: `职级晋升.小级数:37 人,1 → 2,依据 8.4.1.2.B(E1、E2)`.
fn group_line(decision: &str, g: &Group, lang: Lang) -> String {
    let (o, n) = (to_text(&g.old, lang), to_text(&g.new, lang));
    lang.fmt(
        format!(
            "{}:{} 人,{o} → {n},{}({})",
            group_name(decision, g, lang),
            g.count,
            via(g, lang),
            ids(g, lang)
        ),
        format!(
            "{}: {}, {o} → {n}, {} ({})",
            group_name(decision, g, lang),
            people(g.count),
            via(g, lang),
            ids(g, lang)
        ),
    )
}

fn totals(r: &RosterDiff, file: &str, lang: Lang) -> String {
    lang.fmt(
        format!(
            "名册 {file}:{} 条记录,{} 条两版均已评估,其中 {} 人结果变化;{} 条出错",
            r.read, r.compared, r.changed, r.failed
        ),
        format!(
            "roster {file}: {} record(s), {} evaluated under both versions, {} with a changed outcome; {} failed",
            r.read, r.compared, r.changed, r.failed
        ),
    )
}

fn problem_line(p: &Problem, file: &str, lang: Lang) -> String {
    let under = match (p.under, lang) {
        (Under::Old, Lang::Zh) => "旧版",
        (Under::New, Lang::Zh) => "新版",
        (Under::Both, Lang::Zh) => "两版",
        (Under::Old, Lang::En) => "old version",
        (Under::New, Lang::En) => "new version",
        (Under::Both, Lang::En) => "both versions",
    };
    let place = match &p.error {
        ProblemKind::Unread(e) => (e.line, e.id.clone()),
        ProblemKind::Failed { id, line, .. } => (*line, Some(id.clone())),
        ProblemKind::Missing { position } => (*position, None),
    };
    let id = place.1.map(|i| format!(" {i}")).unwrap_or_default();
    let msg = problem_message(&p.error, lang);
    lang.fmt(
        format!("✗ {file} 第 {} 行{id}({under}):{msg}", place.0),
        format!("✗ {file} line {}{id} ({under}): {msg}", place.0),
    )
}

fn more_problems(r: &RosterDiff, lang: Lang) -> Option<String> {
    let more = r.failed.saturating_sub(r.problems.len());
    (more > 0).then(|| {
        lang.fmt(
            format!("另有 {more} 条出错未列出"),
            format!("{more} more failed record(s) not listed"),
        )
    })
}

/// The roster's changes as text.
pub fn roster_text(r: &RosterDiff, file: &str, lang: Lang) -> String {
    let mut out = String::new();
    for d in &r.decisions {
        out.push_str(&lang.fmt(
            format!("{}:{} 人结果变化\n", d.decision, d.people),
            format!("{}: {} changed\n", d.decision, people(d.people)),
        ));
        for g in &d.groups {
            out.push_str(&format!("  {}\n", group_line(&d.decision, g, lang)));
        }
        if d.other > 0 {
            out.push_str(&lang.fmt(
                format!("  另有 {} 处变化未分组列出\n", d.other),
                format!("  {} more change(s) not listed in groups\n", d.other),
            ));
        }
    }
    for p in &r.problems {
        out.push_str(&problem_line(p, file, lang));
        out.push('\n');
    }
    if let Some(m) = more_problems(r, lang) {
        out.push_str(&m);
        out.push('\n');
    }
    out.push_str(&totals(r, file, lang));
    out.push('\n');
    out
}

/// The roster's changes as Markdown: a table per decision.
pub fn roster_markdown(r: &RosterDiff, file: &str, lang: Lang) -> String {
    let mut out = format!("### {}\n", totals(r, file, lang));
    for d in &r.decisions {
        out.push_str(&lang.fmt(
            format!("\n#### {}:{} 人\n\n| 字段 | 原 | 新 | 人数 | 依据 | 人员 |\n|---|---|---|---|---|---|\n", d.decision, d.people),
            format!("\n#### {}: {}\n\n| Field | Old | New | People | Via | Who |\n|---|---|---|---|---|---|\n", d.decision, people(d.people)),
        ));
        for g in &d.groups {
            let field = g
                .field
                .clone()
                .unwrap_or_else(|| lang.pick("(状态)", "(status)").to_string());
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                field,
                to_text(&g.old, lang).replace('|', "\\|"),
                to_text(&g.new, lang).replace('|', "\\|"),
                g.count,
                g.via.join(", "),
                ids(g, lang)
            ));
        }
        if d.other > 0 {
            out.push_str(&lang.fmt(
                format!("\n另有 {} 处变化未分组列出。\n", d.other),
                format!("\n{} more change(s) not listed in groups.\n", d.other),
            ));
        }
    }
    if !r.problems.is_empty() {
        out.push('\n');
        for p in &r.problems {
            out.push_str(&format!("- {}\n", problem_line(p, file, lang)));
        }
    }
    if let Some(m) = more_problems(r, lang) {
        out.push_str(&format!("- {m}\n"));
    }
    out
}
