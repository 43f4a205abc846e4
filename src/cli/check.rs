//! `rung check`: checks a policy and reports every error and warning.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use rung::diag::{Diagnostic, Lang, PolicySource, Severity};

use super::{color_stderr, out, render, write_failed, LangArg, OK, POLICY_FAILED};

/// Arguments of `rung check`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file (`.rung`); `-` reads it from standard input (its calendar is then found
    /// from the current folder).
    pub policy: PathBuf,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// `text`: diagnostics drawn with the source; `json`: one JSON object per diagnostic.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// How `rung check` reports.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CheckFormat {
    /// For people.
    Text,
    /// For editors and scripts.
    Json,
}

/// Runs `rung check`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    match report(args, lang) {
        Ok(code) => code,
        Err(e) => write_failed(&e, OK, lang),
    }
}

/// Checks the policy and writes the report; `Err` when the report could not be written.
fn report(args: &Args, lang: Lang) -> io::Result<u8> {
    let (diagnostics, source, stats, name) = match super::compile_policy(&args.policy) {
        Ok(c) => {
            let p = &c.program;
            let stats = (p.decisions().len(), p.rules().len());
            let warnings = rung::explain::diagnostics::warnings(&c.warnings, lang);
            (
                warnings,
                p.source().clone(),
                Some(stats),
                p.name().to_string(),
            )
        }
        Err(f) => {
            let name = f.policy_name();
            (f.diagnostics(lang), f.source, None, name)
        }
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        CheckFormat::Json => {
            for d in &diagnostics {
                out(&format!("{}\n", diagnostic_json(d, &source)))?;
            }
            let summary = json!({"summary": {
                "policy": name,
                "file": source.name,
                "ok": stats.is_some(),
                "errors": errors,
                "warnings": warnings,
                "decisions": stats.map(|s| s.0),
                "rules": stats.map(|s| s.1),
            }});
            out(&format!("{summary}\n"))?;
        }
        CheckFormat::Text => {
            let drawn = render(&diagnostics, &source, color_stderr());
            io::stderr().lock().write_all(drawn.as_bytes())?;
            let name = args.policy.display();
            let line = match stats {
                Some((decisions, rules)) => lang.fmt(
                    format!("✓ {name}:{decisions} 个决定,{rules} 条规则,{warnings} 个警告"),
                    format!(
                        "✓ {name}: {decisions} decisions, {rules} rules, {warnings} warning(s)"
                    ),
                ),
                None => lang.fmt(
                    format!("✗ {name}:{errors} 个错误,{warnings} 个警告"),
                    format!("✗ {name}: {errors} error(s), {warnings} warning(s)"),
                ),
            };
            out(&format!("{line}\n"))?;
        }
    }
    Ok(if stats.is_some() { OK } else { POLICY_FAILED })
}

/// A diagnostic as JSON: severity, code, message, place (where it starts and ends), label and
/// help; the suggestion and the further places when there are any.
fn diagnostic_json(d: &Diagnostic, source: &PolicySource) -> serde_json::Value {
    let (line, column) = source.line_col(d.span.start);
    let (end_line, end_column) = source.line_col(d.span.end);
    let mut out = json!({
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "code": d.code,
        "message": d.message,
        "file": source.name,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "label": d.label,
        "help": d.help,
    });
    let Some(obj) = out.as_object_mut() else {
        return out;
    };
    if let Some(s) = &d.suggestion {
        obj.insert("suggestion".into(), json!(s));
    }
    if !d.related.is_empty() {
        let related: Vec<serde_json::Value> = d
            .related
            .iter()
            .map(|(span, label)| {
                let (line, column) = source.line_col(span.start);
                let (end_line, end_column) = source.line_col(span.end);
                json!({"line": line, "column": column, "end_line": end_line,
                       "end_column": end_column, "label": label})
            })
            .collect();
        obj.insert("related".into(), json!(related));
    }
    out
}
