//! `rung test`: runs the cases kept beside policies, shows each failure with its case, file,
//! expected and actual values and the failing decision's reasons, closes with `N passed, M
//! failed`; `--coverage` lists every rule and condition not seen both ways.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde_json::json;

use rung::cases::coverage::Report;
use rung::cases::suite::{self, Suite};
use rung::cases::{self, Coverage, Mismatch, Outcome};
use rung::diag::Lang;
use rung::program::Program;

use super::{color_stderr, err_line, out, render, write_failed, LangArg, OK, POLICY_FAILED};

/// Exit code: a policy does not check.
const NOT_CHECKED: u8 = 2;

/// Arguments of `rung test`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files, their cases folders (`X.tests`), or folders of policies.
    #[arg(default_value = "policies")]
    pub paths: Vec<PathBuf>,
    /// `text` for people; `json`: one JSON object per case, then the totals.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Run only the cases whose name contains this text.
    #[arg(long)]
    pub filter: Option<String>,
    /// Also report which rules and conditions the cases reach both ways.
    #[arg(long)]
    pub coverage: bool,
    /// Fail when the coverage is below this percentage (implies `--coverage`).
    #[arg(long, value_name = "N")]
    pub min_coverage: Option<f64>,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// How results are written.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TestFormat {
    /// For people.
    Text,
    /// JSON Lines for tools.
    Json,
}

#[derive(Default)]
struct Totals {
    passed: usize,
    failed: usize,
    below: bool,
    unchecked: bool,
}

/// Runs `rung test`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    match test(args, lang) {
        Ok(code) => code,
        Err(e) => write_failed(&e, POLICY_FAILED, lang),
    }
}

fn test(args: &Args, lang: Lang) -> std::io::Result<u8> {
    let suites = match suite::find(&args.paths) {
        Ok(s) => s,
        Err(e) => {
            err_line(&lang.fmt(
                format!("✗ `{}` 不是制度文件、用例目录或制度目录", e.path.display()),
                format!(
                    "✗ `{}` is not a policy, a cases folder or a folder of policies",
                    e.path.display()
                ),
            ))?;
            return Ok(super::USAGE);
        }
    };
    let mut totals = Totals::default();
    for s in &suites {
        suite_run(args, lang, s, &mut totals)?;
    }
    let summary = format!("{} passed, {} failed", totals.passed, totals.failed);
    match args.format {
        TestFormat::Text => out(&format!("{summary}\n"))?,
        TestFormat::Json => out(&format!(
            "{}\n",
            json!({"passed": totals.passed, "failed": totals.failed})
        ))?,
    }
    Ok(if totals.unchecked {
        NOT_CHECKED
    } else if totals.failed > 0 || totals.below {
        POLICY_FAILED
    } else {
        OK
    })
}

fn suite_run(args: &Args, lang: Lang, s: &Suite, totals: &mut Totals) -> std::io::Result<()> {
    let checked = match rung::compile_file(&s.policy) {
        Ok(c) => c,
        Err(f) => {
            totals.unchecked = true;
            err_line(&render(&f.diagnostics(lang), &f.source, color_stderr()))?;
            err_line(&lang.fmt(
                format!("✗ 制度 {} 未通过检查,其用例未运行", s.policy.display()),
                format!(
                    "✗ policy {} does not check; its cases were not run",
                    s.policy.display()
                ),
            ))?;
            return Ok(());
        }
    };
    let program = &checked.program;
    let want_coverage = args.coverage || args.min_coverage.is_some();
    let mut coverage = want_coverage.then(|| Coverage::new(program));
    for file in &s.files {
        let dir = file.parent().unwrap_or(Path::new("."));
        let parsed = std::fs::read_to_string(file)
            .map_err(|e| super::os_words(&e, lang))
            .and_then(|t| cases::parse(&t).map_err(|e| super::json_words(&e, &t, lang)));
        let cases = match parsed {
            Ok(c) => c,
            Err(e) => {
                totals.failed += 1;
                err_line(&lang.fmt(
                    format!("✗ 无法读取用例文件 {}:{e}", file.display()),
                    format!("✗ cannot read the case file {}: {e}", file.display()),
                ))?;
                continue;
            }
        };
        let outcomes = cases::run(
            program,
            &cases,
            dir,
            args.filter.as_deref(),
            coverage.as_mut(),
        );
        for o in &outcomes {
            if o.passed() {
                totals.passed += 1;
            } else {
                totals.failed += 1;
            }
            match args.format {
                TestFormat::Text if !o.passed() => out(&failure(program, file, o, lang))?,
                TestFormat::Text => {}
                TestFormat::Json => out(&format!(
                    "{}\n",
                    json!({
                        "policy": s.policy.display().to_string(),
                        "file": file.display().to_string(),
                        "case": o.name,
                        "passed": o.passed(),
                        "mismatches": o.mismatches,
                    })
                ))?,
            }
        }
    }
    if let Some(c) = coverage {
        let report = c.report(program);
        if args.min_coverage.is_some_and(|m| report.percent() < m) {
            totals.below = true;
        }
        match args.format {
            TestFormat::Text => out(&coverage_text(&s.policy, &report, lang))?,
            TestFormat::Json => out(&format!(
                "{}\n",
                json!({
                    "policy": s.policy.display().to_string(),
                    "coverage": report,
                    "percent": report.percent(),
                })
            ))?,
        }
    }
    Ok(())
}

/// A failed case: its name and file, each difference, and the failing decisions' reasons.
fn failure(p: &Program, file: &Path, o: &Outcome, lang: Lang) -> String {
    let mut s = format!("✗ {} ({})\n", o.name, file.display());
    for m in &o.mismatches {
        let _ = writeln!(s, "    {}", mismatch(m, lang));
    }
    if let Some(v) = &o.verdict {
        let mut shown: Vec<&str> = Vec::new();
        for d in o.mismatches.iter().filter_map(Mismatch::decision) {
            if shown.contains(&d) {
                continue;
            }
            shown.push(d);
            if let Some(di) = v.decisions.iter().position(|x| x.name == d) {
                let _ = writeln!(s, "  {}", lang.pick("理由:", "reasons:"));
                for line in rung::explain::text::decision_notice(p, v, di, lang).lines() {
                    let _ = writeln!(s, "  {line}");
                }
            }
        }
    }
    s.push('\n');
    s
}

fn mismatch(m: &Mismatch, lang: Lang) -> String {
    match m {
        Mismatch::NoDate { found } => lang.fmt(
            format!("没有评估日期:请以 YYYY-MM-DD 给出 `as_of`(实际为 `{found}`)"),
            format!("no evaluation date: give `as_of` as YYYY-MM-DD (found `{found}`)"),
        ),
        Mismatch::Unreadable { error } => lang.fmt(
            format!("无法组成记录:{error}"),
            format!("the record cannot be put together: {error}"),
        ),
        Mismatch::Rejected {
            expected, error, ..
        } => match expected {
            Some(f) => lang.fmt(
                format!("预期在 `{f}` 上出错,实际:{error}"),
                format!("expected an error on `{f}`, got: {error}"),
            ),
            None => lang.fmt(
                format!("记录被拒绝:{error}"),
                format!("the record was rejected: {error}"),
            ),
        },
        Mismatch::NotRejected { field } => lang.fmt(
            format!("预期记录因 `{field}` 被拒绝,但它被读入了"),
            format!("expected the record to be rejected on `{field}`, but it was read"),
        ),
        Mismatch::EvalFailed { error } => lang.fmt(
            format!("评估失败:{error}"),
            format!("evaluation failed: {error}"),
        ),
        Mismatch::NoDecision { decision } => lang.fmt(
            format!("没有决定 `{decision}`"),
            format!("no decision `{decision}`"),
        ),
        Mismatch::NoField { decision, field } => lang.fmt(
            format!("{decision}.{field}:决定中没有这个字段"),
            format!("{decision}.{field}: no such field"),
        ),
        Mismatch::Outcome {
            decision,
            field,
            expected,
            actual,
        } => lang.fmt(
            format!("{decision}.{field}:预期 {expected},实际 {actual}"),
            format!("{decision}.{field}: expected {expected}, got {actual}"),
        ),
        Mismatch::RuleNotApplied {
            decision,
            rule,
            applied,
        } => lang.fmt(
            format!(
                "{decision}.rules:规则 {rule} 未生效(生效的:{})",
                applied.join("、")
            ),
            format!(
                "{decision}.rules: rule {rule} did not take effect (took effect: {})",
                applied.join(", ")
            ),
        ),
        Mismatch::RuleApplied { decision, rule } => lang.fmt(
            format!("{decision}.rules:规则 {rule} 生效了,但预期不生效"),
            format!("{decision}.rules: rule {rule} took effect, but should not"),
        ),
        Mismatch::Status {
            decision,
            expected,
            actual,
        } => lang.fmt(
            format!("{decision}.status:预期 {expected},实际 {}", actual.word()),
            format!(
                "{decision}.status: expected {expected}, got {}",
                actual.word()
            ),
        ),
        Mismatch::Missing {
            decision,
            expected,
            actual,
        } => lang.fmt(
            format!("{decision}.missing:预期 {expected:?},实际 {actual:?}"),
            format!("{decision}.missing: expected {expected:?}, got {actual:?}"),
        ),
    }
}

fn coverage_text(policy: &Path, r: &Report, lang: Lang) -> String {
    let mut s = String::new();
    for rule in r.rules.iter().filter(|x| !x.complete()) {
        let _ = writeln!(
            s,
            "{} {} {}",
            lang.pick("未覆盖", "not covered:"),
            rule.rule,
            rule.title
        );
        if let Some(sentence) = &rule.sentence {
            let _ = writeln!(s, "    「{sentence}」");
        }
        if !rule.took_effect {
            let _ = writeln!(
                s,
                "    · {}",
                lang.pick("没有用例使它生效", "no case makes it take effect")
            );
        }
        if !rule.not_taken {
            let _ = writeln!(
                s,
                "    · {}",
                lang.pick("没有用例使它不生效", "no case makes it not take effect")
            );
        }
        for c in &rule.conditions {
            let never = match (c.true_seen, c.false_seen) {
                (true, true) => continue,
                (false, true) => lang.pick("从未成立", "never true"),
                (true, false) => lang.pick("从未不成立", "never false"),
                (false, false) => lang.pick("从未算出", "never evaluated"),
            };
            let _ = writeln!(s, "    · {}{}{never}", c.text, lang.pick(":", ": "));
        }
    }
    let _ = writeln!(
        s,
        "{}",
        lang.fmt(
            format!(
                "覆盖 {}:规则 {}/{} 个方向,条件 {}/{} 个方向,共 {:.1}%",
                policy.display(),
                r.rule_ways,
                r.rule_ways_total,
                r.condition_ways,
                r.condition_ways_total,
                r.percent()
            ),
            format!(
                "coverage of {}: rules {}/{} ways, conditions {}/{} ways, {:.1}% in all",
                policy.display(),
                r.rule_ways,
                r.rule_ways_total,
                r.condition_ways,
                r.condition_ways_total,
                r.percent()
            ),
        )
    );
    s
}
