//! Runs a generated case through every stage the way the command line does (check, render the
//! diagnostics, read the records, evaluate, explain as text and JSON) and checks the promises
//! that hold for any input: nothing panics, and records in = verdicts + errors.

use rung::calendar::Date;
use rung::check::MemoryLoader;
use rung::diag::Lang;
use rung::records::{Encoding, Format};

use super::Case;

/// How many records of an input are explained in full.
pub const EXPLAINED: usize = 4;

/// What became of a case.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ran {
    /// Whether the policy checked.
    pub checked: bool,
    /// Records read (including those that could not be).
    pub records: usize,
    /// Records evaluated into a verdict.
    pub verdicts: usize,
    /// Records that could not be read or evaluated.
    pub errors: usize,
    /// Whether the input could be read at all (it is text in its encoding, and so on).
    pub readable: bool,
}

/// How much of the output a run draws. The words of every diagnostic are made in both
/// languages; drawing them (miette's graphical report) and explaining records in full are the
/// costly parts, so a fuzzer running millions of inputs draws less of them per input.
#[derive(Debug, Clone, Copy)]
pub struct Draw {
    /// The languages diagnostics are drawn in.
    pub langs: &'static [Lang],
    /// How many records of an input are explained in full (text and JSON).
    pub explained: usize,
}

/// Everything drawn: diagnostics in both languages, the first [`EXPLAINED`] records explained.
pub const FULL: Draw = Draw {
    langs: &[Lang::Zh, Lang::En],
    explained: EXPLAINED,
};

/// Checks a policy and draws its diagnostics in both languages; the program if it checked.
pub fn check(name: &str, policy: &str, calendar: &str) -> Option<rung::check::Checked> {
    check_drawn(name, policy, calendar, FULL)
}

/// Checks a policy, makes its diagnostics in both languages and draws them in `draw.langs`;
/// the program if it checked.
pub fn check_drawn(
    name: &str,
    policy: &str,
    calendar: &str,
    draw: Draw,
) -> Option<rung::check::Checked> {
    // The calendar under the generator's name and under the shipped policies' own.
    let loader = MemoryLoader::new()
        .with("cal.csv", calendar)
        .with("calendars/cn-2020-2026.csv", calendar);
    let mut checked = None;
    match rung::compile(name, policy, &loader) {
        Ok(c) => {
            for lang in [Lang::Zh, Lang::En] {
                let warnings = rung::explain::diagnostics::warnings(&c.warnings, lang);
                if draw.langs.contains(&lang) {
                    let _ = rung::diag::render(&warnings, c.program.source(), false);
                }
            }
            checked = Some(c);
        }
        Err(f) => {
            for lang in [Lang::Zh, Lang::En] {
                let diagnostics = f.diagnostics(lang);
                let drawn = if draw.langs.contains(&lang) {
                    rung::diag::render(&diagnostics, &f.source, false)
                } else {
                    String::new()
                };
                if std::env::var_os("RUNG_SHOW_FAILED").is_some() && lang == Lang::En {
                    eprintln!("{drawn}");
                }
                assert!(
                    diagnostics.iter().any(|d| d.is_error()),
                    "a policy that fails has an error: {drawn}"
                );
            }
        }
    }
    checked
}

/// Evaluates `input` (in `format` and `encoding`) against a checked program and explains the
/// first `explained` verdicts; the counts add up.
pub fn evaluate(
    checked: &rung::check::Checked,
    format: Format,
    encoding: Encoding,
    input: &[u8],
    as_of: Date,
    lang: Lang,
    explained: usize,
) -> Ran {
    let program = &checked.program;
    let mut ran = Ran {
        checked: true,
        ..Ran::default()
    };
    let Ok(records) = rung::records::read(program.schema(), format, encoding, input, lang) else {
        return ran;
    };
    ran.readable = true;
    let mut evaluator = rung::eval::Evaluator::new(program);
    for item in records {
        ran.records += 1;
        // Every record is evaluated; the first few are explained in full, as text and JSON
        // (explaining is the slow part, and a long input is mostly a test of reading).
        let explain = ran.records <= explained;
        match item {
            Ok(read) => {
                let result = evaluator.with_verdict(&read.record, as_of, |v| {
                    let options = rung::verdict::Options { trace: explain };
                    let verdict = rung::batch::owned(v, &read, options);
                    if explain {
                        let text =
                            rung::explain::text::notice(program, &verdict, as_of, lang, true);
                        let json = rung::explain::json::verdict(&verdict, lang);
                        Some((text, json))
                    } else {
                        None
                    }
                });
                match result {
                    Ok(_) => ran.verdicts += 1,
                    Err(e) => {
                        if std::env::var_os("RUNG_SHOW_FAILED").is_some() {
                            eprintln!("eval: {}", e.message(lang));
                        }
                        let _ = rung::explain::json::eval_error(&read.record.id, 1, &e, lang);
                        ran.errors += 1;
                    }
                }
            }
            Err(e) => {
                if std::env::var_os("RUNG_SHOW_FAILED").is_some() {
                    eprintln!("record: {}", e.message(lang));
                }
                let _ = e.help(lang);
                ran.errors += 1;
            }
        }
    }
    assert_eq!(ran.records, ran.verdicts + ran.errors);
    ran
}

/// Runs a whole case: its records are JSON Lines, one record a line, and every line is
/// accounted for.
pub fn run(case: &Case) -> Ran {
    run_drawn(case, FULL)
}

/// Runs a whole case, drawing as much as `draw` says.
pub fn run_drawn(case: &Case, draw: Draw) -> Ran {
    let Some(checked) = check_drawn("gen.rung", &case.policy, &case.calendar, draw) else {
        return Ran::default();
    };
    let (y, m, d) = case.as_of;
    let Some(as_of) = Date::from_ymd(y, m, d) else {
        return Ran::default();
    };
    let ran = evaluate(
        &checked,
        Format::JsonLines,
        Encoding::Auto,
        case.records.as_bytes(),
        as_of,
        Lang::Zh,
        draw.explained,
    );
    let lines = case
        .records
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(ran.records, lines, "every line is a record or an error");
    ran
}

/// The records of JSON Lines text: its non-blank lines, whatever ends them (LF, CRLF or CR).
pub fn json_lines(text: &str) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .filter(|l| !l.trim().is_empty())
        .count()
}
