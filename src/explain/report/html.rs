//! Explain stage: a report as one self-contained HTML page (styles and script inline, nothing
//! fetched): per decision a summary of the outcomes counted, in all and by post; the people
//! with each outcome, searchable and sortable, each row opening onto the person's notice; the
//! problems met. Printed, it gives one notice per A4 page. Every text is escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Cell, Column, Report, Row};
use crate::diag::Lang;
use crate::explain::notice::{self, Paragraph};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The most distinct values of an outcome field that its summary counts one by one; a field
/// with more (dates, rungs of a large ladder) is left out of the summary.
const MAX_VALUES: usize = 12;

/// The page.
pub fn write(report: &Report<'_>) -> String {
    let lang = report.lang();
    let p = report.program();
    let mut out = String::with_capacity(4096 + report.people().len() * 2048);
    let title = lang.fmt(
        format!("《{}》评定报告 {}", p.name, report.as_of()),
        format!("{}: report as of {}", p.name, report.as_of()),
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("zh-CN", "en"),
        esc(&title)
    );
    let errors = report.problems().iter().filter(|p| p.is_error()).count();
    let _ = writeln!(
        out,
        "<header class=\"screen\"><h1>{}</h1><p id=\"totals\" data-people=\"{}\" data-errors=\"{errors}\">{}</p></header>",
        esc(&title),
        report.people().len(),
        esc(&lang.fmt(
            format!("评估日期 {} · {} 人已评定 · {errors} 条记录出错", report.as_of(), report.people().len()),
            format!("As of {} · {} people evaluated · {errors} record(s) failed", report.as_of(), report.people().len()),
        ))
    );
    summary(&mut out, report);
    people(&mut out, report);
    problems(&mut out, report);
    let _ = write!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// Per decision, a table: a row per status and per value of each outcome field with few
/// values, a column for all and one per post.
fn summary(out: &mut String, report: &Report<'_>) {
    let lang = report.lang();
    let p = report.program();
    let mut posts: Vec<&str> = Vec::new();
    for r in report.people() {
        if let Some(post) = r.post.as_deref() {
            if !posts.contains(&post) {
                posts.push(post);
            }
        }
    }
    let _ = writeln!(
        out,
        "<section id=\"summary\" class=\"screen\"><h2>{}</h2>",
        lang.pick("汇总", "Summary")
    );
    for (di, d) in p.decisions.iter().enumerate() {
        if !report.shows(di) {
            continue;
        }
        let status_word = lang.pick("状态", "status");
        // (field, value) → count in all and per post, in order of first appearance.
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut counts: BTreeMap<(usize, Option<usize>), usize> = BTreeMap::new();
        let mut add =
            |keys: &mut Vec<(String, String)>, field: &str, value: String, post: Option<usize>| {
                let k = (field.to_string(), value);
                let at = keys.iter().position(|x| *x == k).unwrap_or_else(|| {
                    keys.push(k);
                    keys.len() - 1
                });
                *counts.entry((at, None)).or_default() += 1;
                if post.is_some() {
                    *counts.entry((at, post)).or_default() += 1;
                }
            };
        for r in report.people() {
            let post = r
                .post
                .as_deref()
                .and_then(|x| posts.iter().position(|y| *y == x));
            if let Some(dr) = r.decisions.get(di) {
                add(&mut keys, status_word, dr.status.word().to_string(), post);
            }
            for fi in 0..d.fields.len() {
                let t = report.text(r, Column::Field(di, fi));
                if !t.is_empty() {
                    let name = d.fields.get(fi).map_or("", |f| f.name.as_str());
                    add(&mut keys, name, t, post);
                }
            }
        }
        let title = d.title.as_deref().unwrap_or(&d.name);
        let _ = write!(
            out,
            "<table class=\"summary\" data-decision=\"{}\"><caption>{}</caption>\n<thead><tr><th>{}</th><th>{}</th>",
            esc(&d.name),
            esc(title),
            lang.pick("结果", "outcome"),
            lang.pick("合计", "all")
        );
        for post in &posts {
            let _ = write!(out, "<th>{}</th>", esc(post));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let fields: Vec<&str> = std::iter::once(status_word)
            .chain(d.fields.iter().map(|f| f.name.as_str()))
            .collect();
        for field in fields {
            let mut rows: Vec<(usize, &String)> = keys
                .iter()
                .enumerate()
                .filter(|(_, (f, _))| f == field)
                .map(|(i, (_, v))| (i, v))
                .collect();
            if rows.is_empty() || rows.len() > MAX_VALUES {
                continue;
            }
            // Numbers in their order, then the words in the order met.
            rows.sort_by(|a, b| match (a.1.parse::<f64>(), b.1.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                (Err(_), Err(_)) => std::cmp::Ordering::Equal,
            });
            for (i, value) in rows {
                let _ = write!(out, "<tr><th>{} = {}</th>", esc(field), esc(value));
                let cols = std::iter::once(None).chain((0..posts.len()).map(Some));
                for post in cols {
                    let n = counts.get(&(i, post)).copied().unwrap_or(0);
                    let post_attr = post
                        .and_then(|x| posts.get(x))
                        .map(|x| format!(" data-post=\"{}\"", esc(x)))
                        .unwrap_or_default();
                    let _ = write!(
                        out,
                        "<td data-field=\"{}\" data-value=\"{}\"{post_attr}>{n}</td>",
                        esc(field),
                        esc(value)
                    );
                }
                out.push_str("</tr>\n");
            }
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// The people: a row each with every decision's status and outcome fields; a click opens the
/// person's notice under it.
fn people(out: &mut String, report: &Report<'_>) {
    let lang = report.lang();
    let p = report.program();
    let columns: Vec<Column> = report
        .columns()
        .into_iter()
        .filter(|c| !matches!(c, Column::Clauses(_) | Column::Reason(_)))
        .collect();
    let _ = write!(
        out,
        "<section id=\"people\"><h2 class=\"screen\">{}</h2>\n<p class=\"screen tools\"><input id=\"search\" type=\"search\" placeholder=\"{}\" aria-label=\"{}\"> <span id=\"shown\"></span></p>\n",
        lang.pick("人员", "People"),
        lang.pick("搜索工号、姓名、岗位或结果", "Search ids, names, posts or outcomes"),
        lang.pick("搜索", "Search"),
    );
    out.push_str("<div class=\"scroll\"><table id=\"roster\">\n<thead><tr>");
    // First header row: the person's columns span both rows, a decision spans its fields.
    for c in &columns {
        match c {
            Column::Id | Column::Name | Column::Post => {
                let _ = write!(
                    out,
                    "<th rowspan=\"2\" class=\"sort\">{}</th>",
                    esc(&report.header(*c))
                );
            }
            Column::Status(di) => {
                let d = p.decisions.get(*di);
                let span = d.map_or(0, |d| d.fields.len()) + 1;
                let title = d.map_or("", |d| d.title.as_deref().unwrap_or(&d.name));
                let _ = write!(
                    out,
                    "<th colspan=\"{span}\" class=\"group\">{}</th>",
                    esc(title)
                );
            }
            _ => {}
        }
    }
    out.push_str("</tr>\n<tr>");
    for c in &columns {
        let name = match c {
            Column::Status(_) => lang.pick("状态", "status").to_string(),
            Column::Field(di, fi) => p
                .decisions
                .get(*di)
                .and_then(|d| d.fields.get(*fi))
                .map_or(String::new(), |f| f.name.clone()),
            _ => continue,
        };
        let _ = write!(out, "<th class=\"sort\">{}</th>", esc(&name));
    }
    out.push_str("</tr></thead>\n");
    let n = columns.len();
    for r in report.people() {
        let _ = write!(
            out,
            "<tbody class=\"person\"><tr class=\"row\" tabindex=\"0\" aria-expanded=\"false\">"
        );
        for c in &columns {
            match report.cell(r, *c) {
                Cell::Number(x) => {
                    let _ = write!(
                        out,
                        "<td class=\"num\" data-sort=\"{x}\">{}</td>",
                        esc(&report.text(r, *c))
                    );
                }
                _ => {
                    let _ = write!(out, "<td>{}</td>", esc(&report.text(r, *c)));
                }
            }
        }
        let _ = write!(
            out,
            "</tr>\n<tr class=\"detail\" hidden><td colspan=\"{n}\">"
        );
        notice_html(out, r, lang);
        out.push_str("</td></tr></tbody>\n");
    }
    out.push_str("</table></div></section>\n");
}

/// A person's notice: its heading, then the paragraphs of the decisions that concern them.
fn notice_html(out: &mut String, r: &Row, lang: Lang) {
    out.push_str("<article class=\"notice\">");
    for line in r.heading.lines() {
        let _ = write!(out, "<p class=\"head\">{}</p>", esc(line));
    }
    let shown: Vec<&Paragraph> = r
        .concerns
        .iter()
        .filter_map(|i| r.decisions.get(*i))
        .map(|d| &d.paragraph)
        .collect();
    for para in &shown {
        let _ = write!(out, "<section><h3>【{}】</h3>", esc(&para.title));
        for line in para.result.iter().chain(&para.grounds).chain(&para.missing) {
            let _ = write!(out, "<p>{}</p>", esc(line));
        }
        if !para.clauses.is_empty() {
            out.push_str("<ul>");
            for c in &para.clauses {
                let _ = write!(out, "<li><span class=\"clause\">{}</span>", esc(&c.head));
                if let Some(s) = &c.source {
                    let _ = write!(out, "{}<q>{}</q>", lang.pick(":", ": "), esc(s));
                }
                if !c.facts.is_empty() {
                    let _ = write!(out, "<p class=\"facts\">{}</p>", esc(&c.facts));
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }
    if shown.is_empty() {
        let _ = write!(out, "<p>{}</p>", esc(notice::nothing(lang)));
    }
    out.push_str("</article>");
}

/// The problems met: records that could not be read or evaluated, and warnings.
fn problems(out: &mut String, report: &Report<'_>) {
    let lang = report.lang();
    let _ = writeln!(
        out,
        "<section id=\"problems\" class=\"screen\"><h2>{} ({})</h2>",
        lang.pick("问题", "Problems"),
        report.problems().len()
    );
    if report.problems().is_empty() {
        let _ = writeln!(out, "<p>{}</p></section>", lang.pick("没有问题。", "None."));
        return;
    }
    out.push_str("<div class=\"scroll\"><table id=\"problem-list\"><thead><tr>");
    for h in report.problem_headers() {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for p in report.problems() {
        let (letter, header) = p.column.clone().unwrap_or_default();
        let cells = [
            report.severity_word(p).to_string(),
            p.file.clone().unwrap_or_default(),
            p.line.map(|l| l.to_string()).unwrap_or_default(),
            p.sheet.clone().unwrap_or_default(),
            letter,
            header,
            p.id.clone().unwrap_or_default(),
            p.field.clone().unwrap_or_default(),
            p.message.clone(),
            p.help.clone().unwrap_or_default(),
        ];
        let class = if p.is_error() { "error" } else { "warning" };
        let _ = write!(out, "<tr class=\"{class}\">");
        for c in cells {
            let _ = write!(out, "<td>{}</td>", esc(&c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></section>\n");
}

/// Text made safe for HTML, in an element or a quoted attribute.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
