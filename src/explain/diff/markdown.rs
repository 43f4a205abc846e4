//! Explain stage: a policy's semantic diff as Markdown for a review comment: a table per
//! decision (its rules and its own changes), then the other declarations as a list.

use crate::diag::Lang;
use crate::diff::{Change, PolicyDiff, Subject};

use super::{action_word, detail_text, head, reaches_text, summary};

/// A cell's text: pipes escaped, details one per line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

fn details(c: &Change, lang: Lang) -> String {
    let mut parts: Vec<String> = c
        .details
        .iter()
        .map(|d| detail_text(d, lang, true))
        .collect();
    parts.extend(reaches_text(c, lang));
    cell(&parts.join("\n"))
}

/// The diff as Markdown.
pub fn markdown(d: &PolicyDiff, lang: Lang) -> String {
    let mut out = format!("### {}\n", summary(d, lang));
    // Decisions in the order their first change appears; a rule goes under its decision.
    let mut decisions: Vec<String> = Vec::new();
    for c in &d.changes {
        let name = match c.subject {
            Subject::Rule => c.within.clone(),
            Subject::Decision => Some(c.name.clone()),
            _ => None,
        };
        if let Some(n) = name {
            if !decisions.contains(&n) {
                decisions.push(n);
            }
        }
    }
    for name in &decisions {
        out.push_str(&lang.fmt(
            format!("\n#### 决定 {name}\n\n"),
            format!("\n#### Decision {name}\n\n"),
        ));
        out.push_str(lang.pick(
            "| 条款 | 标题 | 变化 | 内容 |\n|---|---|---|---|\n",
            "| Clause | Title | Change | What changed |\n|---|---|---|---|\n",
        ));
        for c in &d.changes {
            let here = match c.subject {
                Subject::Rule => c.within.as_deref() == Some(name),
                Subject::Decision => &c.name == name,
                _ => false,
            };
            if !here {
                continue;
            }
            let clause = if c.subject == Subject::Rule {
                c.name.clone()
            } else {
                lang.pick("(决定本身)", "(the decision)").to_string()
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(&clause),
                cell(c.title.as_deref().unwrap_or("")),
                action_word(c.action, lang),
                details(c, lang)
            ));
        }
    }
    let others: Vec<&Change> = d
        .changes
        .iter()
        .filter(|c| !matches!(c.subject, Subject::Rule | Subject::Decision))
        .collect();
    if !others.is_empty() {
        out.push_str(lang.pick("\n#### 其他\n\n", "\n#### Other declarations\n\n"));
        for c in others {
            out.push_str(&format!("- **{}**", head(c, lang)));
            for x in &c.details {
                out.push_str(&format!("\n  - {}", detail_text(x, lang, true)));
            }
            if let Some(r) = reaches_text(c, lang) {
                out.push_str(&format!("\n  - {r}"));
            }
            out.push('\n');
        }
    }
    out
}
