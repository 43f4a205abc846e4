//! `rung eval`: evaluates records against a policy on a date and writes verdicts as notices,
//! JSON Lines, a workbook or an HTML report. A record that cannot be read or evaluated is
//! reported and the rest go on; the summary counts add up: records in = verdicts + errors.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use rung::batch::Item;
use rung::calendar::Date;
use rung::diag::Lang;
use rung::explain;
use rung::program::Program;
use rung::records::{self, Encoding, Format, RecordError};
use rung::verdict::{Options, RecordVerdict};

use super::progress::Progress;
use super::sink::{self, Sink};
use super::{
    color_stderr, err_line, render, write_failed, LangArg, OK, POLICY_FAILED, RECORDS_FAILED,
};

/// Arguments of `rung eval`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file (`.rung`); `-` reads it from standard input (its calendar is then found
    /// from the current folder), and the records then come from files.
    #[arg(long)]
    pub policy: PathBuf,
    /// The evaluation date, `YYYY-MM-DD` (never the clock).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Date,
    /// `text` (or `audit`): HR's audit trail, every decision with its clauses and conditions;
    /// `notice`: a notice for the employee; `json`: one JSON object per record; `xlsx`: a
    /// workbook (with `-o`); `html`: a report page.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    pub format: OutFormat,
    /// Write the verdicts to this file instead of standard output (needed for `xlsx`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Only these decisions, by name (repeatable); in a notice, each is shown even where it
    /// does not concern the person.
    #[arg(long = "decision", value_name = "NAME")]
    pub decisions: Vec<String>,
    /// Only the records with these ids (repeatable).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// Also explain every rule that did not decide: its first unmet condition and values.
    #[arg(long)]
    pub explain: bool,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// The records' text encoding (`auto`: UTF-8 with or without BOM, else GB18030/GBK).
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
    /// The format of records read from `-` (standard input), or of files whose extension says
    /// nothing (`.json`, `.jsonl`, `.ndjson`, `.csv`, `.tsv`, `.txt` are recognised).
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// The sheet of a workbook (`.xlsx`, `.xls`, `.ods`) to read, by name; the first if not given.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Evaluate a record given twice (the same id with the same values, in one input or
    /// across inputs) once, with a note; without it a repeated id is an error.
    #[arg(long)]
    pub dedupe: bool,
    /// Treat every warning as an error: a column or key that is not a field, a field absent
    /// from a whole input, bytes that could not be decoded.
    #[arg(long)]
    pub strict: bool,
    /// Evaluate on this many threads (default: every core); the output is the same for any
    /// number.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Record files, or `-` for standard input.
    #[arg(required = true)]
    pub records: Vec<String>,
}

/// How verdicts are written.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutFormat {
    /// HR's audit trail: every decision, its clauses, conditions and values.
    #[value(alias = "audit")]
    Text,
    /// A notice for the employee: only what concerns them, in the regulation's words.
    Notice,
    /// JSON Lines for programs.
    Json,
    /// An Excel workbook: a sheet of verdicts, one row per person, and a sheet of problems.
    Xlsx,
    /// One self-contained HTML page: a summary per decision, the people, their reasons.
    Html,
}

impl OutFormat {
    /// The report it is, if it is one.
    fn report(self) -> Option<sink::Kind> {
        match self {
            OutFormat::Xlsx => Some(sink::Kind::Xlsx),
            OutFormat::Html => Some(sink::Kind::Html),
            _ => None,
        }
    }
}

/// The records' encoding.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EncodingArg {
    /// Detect: BOM, else valid UTF-8, else GB18030.
    Auto,
    /// UTF-8.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030 (a superset of GBK).
    #[value(alias = "gbk")]
    Gb18030,
}

/// The records' format.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum InputFormat {
    /// A JSON array of records, or one record.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// A header row, then one record per row.
    Csv,
    /// As CSV, separated by tabs (Excel's "Unicode 文本").
    Tsv,
    /// A workbook: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`.
    Xlsx,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-07-03"))
}

/// What happened to the records.
#[derive(Default)]
struct Tally {
    read: usize,
    evaluated: usize,
    failed: usize,
    files_failed: usize,
    /// Records given twice, skipped with `--dedupe`.
    duplicates: usize,
    /// Warnings made errors by `--strict`, outside any record.
    strict_failed: usize,
    /// Verdicts of records that `--id` did not select, so not written.
    unselected: usize,
}

impl Tally {
    /// The exit code for what happened to the records.
    fn code(&self) -> u8 {
        if self.failed + self.files_failed + self.strict_failed > 0 {
            RECORDS_FAILED
        } else {
            OK
        }
    }
}

/// Runs `rung eval`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    let mut tally = Tally::default();
    match evaluate(args, lang, &mut tally) {
        Ok(code) => code,
        Err(e) => write_failed(&e, tally.code(), lang),
    }
}

/// Evaluates every input; `Err` when the output or the messages could not be written.
fn evaluate(args: &Args, lang: Lang, tally: &mut Tally) -> io::Result<u8> {
    if args.policy.as_os_str() == "-" && args.records.iter().any(|r| r == "-") {
        err_line(lang.pick(
            "✗ 制度与记录不能都从标准输入读取(`--policy -` 与 `-`)",
            "✗ the policy and the records cannot both come from standard input (`--policy -` and `-`)",
        ))?;
        return Ok(super::USAGE);
    }
    if args.format == OutFormat::Xlsx && args.output.is_none() {
        err_line(lang.pick(
            "✗ --format xlsx 写出的是工作簿文件,请用 -o 文件名.xlsx 指定写到哪里",
            "✗ --format xlsx writes a workbook file: give -o FILE.xlsx to say where",
        ))?;
        return Ok(super::USAGE);
    }
    let checked = match super::compile_policy(&args.policy) {
        Ok(c) => c,
        Err(f) => {
            let diagnostics = f.diagnostics(lang);
            let drawn = render(&diagnostics, &f.source, color_stderr());
            io::stderr().lock().write_all(drawn.as_bytes())?;
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            err_line(&lang.fmt(
                format!(
                    "✗ 制度 {} 有 {errors} 个错误,未评估任何记录",
                    args.policy.display()
                ),
                format!(
                    "✗ policy {} has {errors} error(s); no record was evaluated",
                    args.policy.display()
                ),
            ))?;
            return Ok(POLICY_FAILED);
        }
    };
    let program = &checked.program;
    let out = match sink::open(args.output.as_deref()) {
        Ok(out) => out,
        Err(e) => {
            let path = args.output.as_deref().unwrap_or(std::path::Path::new("-"));
            let why = super::os_words(&e, lang);
            err_line(&lang.fmt(
                format!("✗ 无法写入 {}:{why}", path.display()),
                format!("✗ cannot write {}: {why}", path.display()),
            ))?;
            return Ok(super::IO_ERROR);
        }
    };
    let mut out = match args.format.report() {
        None => Sink::Stream(out),
        Some(kind) => {
            let mut report = rung::explain::report::Report::new(program, args.as_of, lang);
            report.only(&args.decisions);
            Sink::Report {
                kind,
                report: Box::new(report),
                out,
            }
        }
    };
    if args.format == OutFormat::Json {
        out.write_text(&format!("{}\n", stream_header(program, args.as_of)))?;
    }
    let total: Option<u64> = args
        .records
        .iter()
        .map(|r| match r.as_str() {
            "-" => None,
            path => std::fs::metadata(path).ok().map(|m| m.len()),
        })
        .sum();
    // Verdicts scrolling on the terminal are progress enough.
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let mut progress = Progress::new(total, !to_terminal, lang);
    let spill = super::roster::spill(args)?;
    let spilled = spill.as_ref().map(|s| s.path());
    let ranking = super::roster::rank(args, program, lang, spilled);
    let mut inputs = Inputs {
        reading: records::decisions_reading(program),
        gate: Some(records::Gate::new(args.dedupe, args.strict)),
        ranking: (ranking.passes() > 0).then_some((&ranking, 0)),
        spill: spilled,
    };
    for input in &args.records {
        run_input(
            args,
            program,
            lang,
            input,
            &mut out,
            tally,
            &mut inputs,
            &mut progress,
        )?;
    }
    progress.finish();
    out.finish()?;
    let mut more = match tally.duplicates {
        0 => (String::new(), String::new()),
        n => (
            format!(",{n} 条重复已跳过"),
            format!(", {n} duplicate(s) skipped"),
        ),
    };
    for (di, n) in ranking.outside() {
        let Some(d) = program.decisions().get(di).filter(|_| n > 0) else {
            continue;
        };
        let field = d
            .roster
            .as_ref()
            .and_then(|r| r.group)
            .and_then(|f| program.schema().record().and_then(|r| r.fields.get(f)))
            .map_or("", |f| f.name.as_str());
        more.0.push_str(&format!(
            ";其中 {n} 条缺少 {field},不在 {} 的任何分组中(该决定待定)",
            d.name
        ));
        more.1.push_str(&format!(
            "; {n} without {field}, in no group of {} (that decision pending)",
            d.name
        ));
    }
    if tally.strict_failed > 0 {
        let n = tally.strict_failed;
        more.0
            .push_str(&format!(";另有 {n} 条警告按错误处理(--strict)"));
        more.1
            .push_str(&format!("; {n} warning(s) taken as errors (--strict)"));
    }
    // With `--id`: records in = written + not selected + failed (+ skipped).
    let evaluated = match tally.unselected {
        0 => (
            format!("{} 条已评估", tally.evaluated),
            format!("{} evaluated", tally.evaluated),
        ),
        n => (
            format!(
                "{} 条已评估并输出,{n} 条已评估但未选中(--id)",
                tally.evaluated.saturating_sub(n)
            ),
            format!(
                "{} evaluated and written, {n} evaluated but not selected (--id)",
                tally.evaluated.saturating_sub(n)
            ),
        ),
    };
    err_line(&lang.fmt(
        format!(
            "共 {} 条记录:{},{} 条出错{}",
            tally.read, evaluated.0, tally.failed, more.0
        ),
        format!(
            "{} record(s): {}, {} failed{}",
            tally.read, evaluated.1, tally.failed, more.1
        ),
    ))?;
    Ok(tally.code())
}

/// The first line of the JSON verdict stream: what the verdicts were made from, so that a
/// stored verdict can be traced to its policy (docs/output.md, "The header").
fn stream_header(program: &Program, as_of: Date) -> serde_json::Value {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(program.source().text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    json!({"header": {
        "policy": program.name(),
        "file": program.source().name,
        "sha256": hex,
        "as_of": as_of.to_string(),
        "rung": env!("CARGO_PKG_VERSION"),
    }})
}

/// The input to read, which a reader thread may hold (`--jobs`).
fn open(input: &str, spill: Option<&std::path::Path>) -> io::Result<Box<dyn Read + Send>> {
    if let (true, Some(path)) = (input == "-", spill) {
        return Ok(Box::new(File::open(path)?));
    }
    if input == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(File::open(input)?))
    }
}

fn format_of(args: &Args, input: &str) -> Option<Format> {
    match args.input_format {
        Some(InputFormat::Json) => Some(Format::Json),
        Some(InputFormat::Jsonl) => Some(Format::JsonLines),
        Some(InputFormat::Csv) => Some(Format::Csv),
        Some(InputFormat::Tsv) => Some(Format::Tsv),
        Some(InputFormat::Xlsx) => Some(Format::Workbook),
        None if input == "-" => Some(Format::JsonLines),
        None => Format::from_path(input),
    }
}

/// What is kept across inputs: which decisions read each field, the gate that finds ids
/// given twice, the roster's ranking with the position of the next record, and standard input
/// copied to a file for a policy with roster decisions.
struct Inputs<'r> {
    reading: records::Reads,
    gate: Option<records::Gate>,
    ranking: Option<(&'r rung::batch::roster::Ranking<'r>, usize)>,
    spill: Option<&'r std::path::Path>,
}

/// One input's records, for a pass that gathers the roster's ranking: none when the input
/// cannot be read (the verdicts' pass reports it).
pub(super) fn records_of<'p>(
    args: &Args,
    program: &'p Program,
    lang: Lang,
    input: &str,
    spill: Option<&std::path::Path>,
) -> Option<records::Records<'p>> {
    let format = format_of(args, input)?;
    let reader = open(input, spill).ok()?;
    let options = records::Options {
        encoding: encoding(args),
        sheet: args.sheet.clone(),
        lang,
    };
    records::read_with(program.schema(), format, reader, &options).ok()
}

fn encoding(args: &Args) -> Encoding {
    match args.encoding {
        EncodingArg::Auto => Encoding::Auto,
        EncodingArg::Utf8 => Encoding::Utf8,
        EncodingArg::Gb18030 => Encoding::Gb18030,
    }
}

/// Evaluates one input; `Err` only when the output or the messages can no longer be written.
#[allow(
    clippy::too_many_arguments,
    reason = "the run's state, passed down once"
)]
fn run_input(
    args: &Args,
    program: &Program,
    lang: Lang,
    input: &str,
    out: &mut Sink<'_>,
    tally: &mut Tally,
    inputs: &mut Inputs,
    progress: &mut Progress,
) -> io::Result<()> {
    let Some(format) = format_of(args, input) else {
        tally.files_failed += 1;
        let message = lang
            .pick(
                "无法判断记录格式;请用 --input-format json、jsonl、csv、tsv 或 xlsx 指明",
                "cannot tell the records' format; give --input-format json, jsonl, csv, tsv or xlsx",
            )
            .to_string();
        out.file_error(input, &message, None);
        err_line(&format!("✗ {input}{}{message}", lang.pick(":", ": ")))?;
        return Ok(());
    };
    let reader = match open(input, inputs.spill) {
        Ok(r) => progress.reader(r),
        Err(e) => {
            tally.files_failed += 1;
            let why = super::os_words(&e, lang);
            let message = lang.fmt(format!("无法读取:{why}"), format!("cannot read: {why}"));
            out.file_error(input, &message, None);
            err_line(&lang.fmt(
                format!("✗ 无法读取 {input}:{why}"),
                format!("✗ cannot read {input}: {why}"),
            ))?;
            return Ok(());
        }
    };
    let options = records::Options {
        encoding: encoding(args),
        sheet: args.sheet.clone(),
        lang,
    };
    let records = match records::read_with(program.schema(), format, reader, &options) {
        Ok(r) => r,
        Err(e) => {
            tally.files_failed += 1;
            out.file_error(input, &e.message(lang), e.help(lang));
            let at = e.place.as_ref().map(|_| format!(" {}", e.location(lang)));
            err_line(&format!(
                "✗ {input}{}: {}",
                at.unwrap_or_default(),
                e.message(lang)
            ))?;
            if let Some(h) = e.help(lang) {
                let h = h.replace('\n', "\n        ");
                err_line(&format!("  {}{h}", lang.pick("提示:", "help: ")))?;
            }
            return Ok(());
        }
    };
    let mut records = records;
    if args.strict && !records.notices().is_empty() {
        // Warnings about the input as a whole, found before any record: no record is read.
        tally.files_failed += 1;
        for notice in records.notices() {
            out.file_error(input, notice, None);
            err_line(&format!("✗ {input}: {notice}"))?;
        }
        return Ok(());
    }
    if let Some(gate) = inputs.gate.take() {
        records.set_gate(gate, input);
    }
    let options = Options {
        trace: args.explain || args.format != OutFormat::Json,
    };
    let record = program.schema().record();
    let name_field = record.and_then(|r| r.field(NAME_FIELD));
    let post_field = record
        .and_then(|r| r.field(rung::explain::report::POST_FIELD))
        .filter(|_| args.format == OutFormat::Html);
    let report = args.format.report().is_some();
    let prepared = (args.format == OutFormat::Json && !options.trace)
        .then(|| explain::json::Prepared::new(program, &args.decisions, lang));
    let prepared = prepared.as_ref();
    // Each worker builds the verdicts of the records shown and renders them into its chunk's
    // text (a report gathers them here); the reader's notes and the records' errors are
    // written here, in input order, between runs of verdicts written whole.
    let make_view = || {
        // A notice is written as text, then added to the chunk's.
        let mut notice = String::new();
        move |v: &rung::eval::Verdict<'_>, read: &records::ReadRecord, text: &mut Vec<u8>| {
            if !args.ids.is_empty() && !args.ids.contains(&read.record.id) {
                return Shown::Unselected;
            }
            if let Some(prepared) = prepared {
                // Written straight from the evaluation: no owned verdict, no tree.
                let start = text.len();
                let notes = &read.warnings;
                if explain::json::write_prepared(text, prepared, v, notes).is_ok() {
                    text.push(b'\n');
                    return Shown::Text;
                }
                text.truncate(start);
            }
            if args.format == OutFormat::Notice {
                // Written straight from the evaluation: only the decisions shown are built.
                let who = explain::notice::Person {
                    id: v.id(),
                    name: name_field.and_then(|i| read.record.fields.get(i)).and_then(
                        |f| match f {
                            rung::value::FieldValue::Text(t) => Some(t.as_str()),
                            _ => None,
                        },
                    ),
                };
                notice.clear();
                let (as_of, asked) = (args.as_of, &args.decisions);
                explain::notice::write_live(&mut notice, v, &who, as_of, asked, lang);
                notice.push_str("\n────────\n\n");
                text.extend_from_slice(notice.as_bytes());
                return Shown::Text;
            }
            let with_notes = |mut verdict: RecordVerdict| {
                let notes = read.warnings.iter();
                let notes = notes.map(|n| rung::verdict::Warning::Record { message: n.clone() });
                verdict.warnings.extend(notes);
                verdict
            };
            let verdict = match args.format {
                // The audit text reads each rule only as far as it shows it.
                OutFormat::Text => with_notes(rung::verdict::for_audit(v)),
                _ => rung::batch::owned(v, read, options),
            };
            let row = Row {
                verdict,
                name: name_field
                    .and_then(|i| read.record.fields.get(i))
                    .and_then(|f| match f {
                        rung::value::FieldValue::Text(t) => Some(t.clone()),
                        _ => None,
                    }),
                post: post_field.and_then(|i| field_text(program, i, read)),
            };
            if report {
                Shown::Row(Box::new(row))
            } else {
                text.extend_from_slice(render_verdict(args, lang, program, &row).as_bytes());
                Shown::Text
            }
        }
    };
    let mut shown = 0;
    let note = |records: &mut records::Records<'_>| {
        let notices = records.notices().get(shown..).unwrap_or_default().to_vec();
        shown = records.notices().len();
        let skipped = records.gate_mut().map(records::Gate::take_skipped);
        (notices, skipped.unwrap_or_default())
    };
    let jobs = args.jobs.unwrap_or_else(rung::batch::all_cores);
    let mut counted = rung::batch::Tally::default();
    let ranking = inputs.ranking.as_mut().map(|(r, next)| (*r, next));
    let run = rung::batch::run_text(
        program,
        args.as_of,
        &mut records,
        ranking,
        jobs,
        &make_view,
        note,
        out,
        |(notices, skipped), item, text| {
            counted.count(item);
            progress.record(lang);
            if !notices.is_empty() || !skipped.is_empty() {
                let out = text.writer()?;
                for notice in &notices {
                    notice_line(args, tally, input, notice, out)?;
                }
                skipped_lines(skipped, tally, lang, input, out)?;
            }
            write_item(args, lang, input, item, tally, text)
        },
    );
    if let Err(e) = run {
        add(tally, counted);
        return Err(e);
    }
    for notice in records.notices().iter().skip(shown) {
        notice_line(args, tally, input, notice, out)?;
    }
    let skipped = records.gate_mut().map(records::Gate::take_skipped);
    skipped_lines(skipped.unwrap_or_default(), tally, lang, input, out)?;
    add(tally, counted);
    inputs.gate = records.take_gate();
    for warning in absent_warnings(program, &records, &inputs.reading, input, lang) {
        notice_line(args, tally, input, &warning, out)?;
    }
    Ok(())
}

/// Prints a warning about an input (and notes it in a report); with `--strict`, as an error,
/// counted.
fn notice_line(
    args: &Args,
    tally: &mut Tally,
    input: &str,
    notice: &str,
    out: &mut Sink<'_>,
) -> io::Result<()> {
    if args.strict {
        tally.strict_failed += 1;
        out.file_error(input, notice, None);
        err_line(&format!("✗ {input}: {notice}"))
    } else {
        out.warning(input, notice);
        err_line(&format!("{input}: {notice}"))
    }
}

/// Notes the records skipped as repeats (`--dedupe`), and counts them as read.
fn skipped_lines(
    skipped: Vec<records::Skipped>,
    tally: &mut Tally,
    lang: Lang,
    file: &str,
    out: &mut Sink<'_>,
) -> io::Result<()> {
    for s in skipped {
        tally.duplicates += 1;
        tally.read += 1;
        let (id, input, at, (first, line)) = (&s.id, &s.input, s.line, &s.first);
        out.problem(rung::explain::report::Problem {
            severity: Some(rung::explain::report::Severity::Warning),
            file: Some(file.to_string()),
            line: Some(at),
            id: Some(id.clone()),
            message: lang.fmt(
                format!("与 {first} 第 {line} 行的记录相同,已跳过"),
                format!("the same as {first} line {line}; skipped"),
            ),
            ..Default::default()
        });
        err_line(&lang.fmt(
            format!("{input} 第 {at} 行({id}):与 {first} 第 {line} 行的记录相同,已跳过"),
            format!("{input} line {at} ({id}): the same as {first} line {line}; skipped"),
        ))?;
    }
    Ok(())
}

/// Warnings for the fields that no record of an input gave a value and that decisions read:
/// those decisions may be pending for everyone (or every record takes the field's default).
fn absent_warnings(
    program: &Program,
    records: &records::Records<'_>,
    reads: &records::Reads,
    input: &str,
    lang: Lang,
) -> Vec<String> {
    let Some(def) = program.schema().record() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (f, readers) in reads.pending(&records.absent_fields()) {
        let Some(field) = def.fields.get(f) else {
            continue;
        };
        if !field.optional && field.default.is_none() {
            continue;
        }
        let names: Vec<&str> = readers
            .iter()
            .filter_map(|d| program.decisions().get(*d))
            .map(|d| d.name.as_str())
            .collect();
        let (zh, en) = (names.join("、"), names.join(", "));
        let name = &field.name;
        out.push(if field.default.is_some() {
            lang.fmt(
                format!("字段 `{name}` 在 {input} 中没有任何值,每条记录都取默认值;读取它的决定:{zh}"),
                format!("field `{name}` has no value anywhere in {input}: every record takes its default; read by {en}"),
            )
        } else {
            lang.fmt(
                format!("字段 `{name}` 在 {input} 中没有任何值:决定 {zh} 可能为待定"),
                format!("field `{name}` has no value anywhere in {input}: decisions {en} may be left pending (待定)"),
            )
        });
    }
    out
}

/// What a worker made of a verdict.
enum Shown {
    /// Its text, rendered into its chunk's.
    Text,
    /// Its row, for a report.
    Row(Box<Row>),
    /// Nothing: `--id` did not select it.
    Unselected,
}

/// Writes one item, in input order: a verdict as the worker made it (its text kept, to be
/// written in a run with those around it), or a record's error.
fn write_item(
    args: &Args,
    lang: Lang,
    input: &str,
    item: &Item<Shown>,
    tally: &mut Tally,
    text: &mut rung::batch::Out<'_, Sink<'_>>,
) -> io::Result<()> {
    // `--id` selects verdicts; every error is written, since a record that cannot be read may
    // be the one asked for, and the counts must add up.
    let out = match item {
        Item::Verdict(Shown::Text) => return text.keep(),
        Item::Verdict(Shown::Unselected) => {
            tally.unselected += 1;
            return Ok(());
        }
        _ => text.writer()?,
    };
    let text = match item {
        // Kept or left out above.
        Item::Verdict(Shown::Text | Shown::Unselected) => return Ok(()),
        Item::Verdict(Shown::Row(row)) => {
            if let Some(report) = out.report() {
                report.add(&row.verdict, row.name.clone(), row.post.clone());
            }
            return Ok(());
        }
        _ if out.report().is_some() => {
            out.item_error(input, item, lang);
            return Ok(());
        }
        Item::Unread(e) => render_error(args, lang, input, e),
        Item::Failed { id, line, error } => match args.format {
            OutFormat::Json => {
                let mut j = explain::json::eval_error(id, *line, error, lang);
                if let Some(err) = j.get_mut("error").and_then(|x| x.as_object_mut()) {
                    err.insert("file".into(), json!(input));
                }
                format!("{j}\n")
            }
            _ => lang.fmt(
                format!(
                    "✗ {input} 第 {line} 行({id}):无法评估:{}\n",
                    error.message(lang)
                ),
                format!(
                    "✗ {input} line {line} ({id}): cannot evaluate: {}\n",
                    error.message(lang)
                ),
            ),
        },
    };
    out.write_text(&text)
}

fn add(tally: &mut Tally, t: rung::batch::Tally) {
    tally.read += t.read;
    tally.evaluated += t.evaluated;
    tally.failed += t.failed;
}

/// The record field that names the person in a notice, where the policy's record has it.
const NAME_FIELD: &str = "姓名";

/// A verdict and the name (and for a report, the post) of the person it is for.
struct Row {
    verdict: RecordVerdict,
    name: Option<String>,
    post: Option<String>,
}

/// A record field's value as text (an enum member by its name), where it has one.
fn field_text(program: &Program, field: usize, read: &records::ReadRecord) -> Option<String> {
    let def = program.schema().record()?.fields.get(field)?;
    let value = read.record.fields.get(field)?;
    if matches!(value, rung::value::FieldValue::Absent) {
        return None;
    }
    let v = rung::verdict::Value::of(program, &def.ty, rung::eval::value::Value::of(value));
    Some(explain::format::to_text(&v, Lang::Zh))
}

fn render_verdict(args: &Args, lang: Lang, program: &Program, row: &Row) -> String {
    let mut v = std::borrow::Cow::Borrowed(&row.verdict);
    if !args.decisions.is_empty() && args.format != OutFormat::Notice {
        v.to_mut()
            .decisions
            .retain(|d| args.decisions.contains(&d.name));
    }
    match args.format {
        OutFormat::Json => {
            let mut buf = Vec::with_capacity(2048);
            if explain::json::write_verdict(&mut buf, &v, lang).is_err() {
                return format!("{}\n", explain::json::verdict(&v, lang));
            }
            buf.push(b'\n');
            String::from_utf8(buf).unwrap_or_default()
        }
        OutFormat::Text => {
            let mut t = explain::text::notice(program, &v, args.as_of, lang, args.explain);
            t.push('\n');
            t
        }
        OutFormat::Notice | OutFormat::Xlsx | OutFormat::Html => {
            let who = explain::notice::Person {
                id: &v.id,
                name: row.name.as_deref(),
            };
            let mut t = String::with_capacity(2048);
            let (as_of, asked) = (args.as_of, &args.decisions);
            explain::notice::write_notice(&mut t, program, &v, &who, as_of, asked, lang);
            t.push_str("\n────────\n\n");
            t
        }
    }
}

fn render_error(args: &Args, lang: Lang, input: &str, e: &RecordError) -> String {
    let message = e.message(lang);
    let help = e.help(lang);
    let several = e.problems().len() > 1;
    match args.format {
        OutFormat::Json => {
            let mut j = explain::json::error(
                e.id.as_deref(),
                e.line,
                e.field.as_deref(),
                &message,
                help.as_deref(),
            );
            if let Some(err) = j.get_mut("error").and_then(|x| x.as_object_mut()) {
                err.insert("file".into(), json!(input));
                insert_place(err, e);
                if several {
                    let each = e.problems().iter().map(|p| {
                        let mut o = serde_json::Map::new();
                        o.insert("field".into(), json!(p.field));
                        o.insert("message".into(), json!(p.message(lang)));
                        if let Some(h) = p.help(lang) {
                            o.insert("help".into(), json!(h));
                        }
                        insert_place(&mut o, p);
                        serde_json::Value::Object(o)
                    });
                    err.insert("problems".into(), each.collect());
                }
            }
            format!("{j}\n")
        }
        _ => {
            let at = e.location(lang);
            let who =
                e.id.as_deref()
                    .map(|id| format!("({id})"))
                    .unwrap_or_default();
            let hint = lang.pick("提示:", "help: ");
            if several {
                let n = e.problems().len();
                let mut t = lang.fmt(
                    format!("✗ {input} 第 {} 行{who}:无法读取 —— {n} 处问题\n", e.line),
                    format!(
                        "✗ {input} line {}{who}: cannot read — {n} problems\n",
                        e.line
                    ),
                );
                for p in e.problems() {
                    t.push_str(&format!("  · {}: {}\n", p.location(lang), p.message(lang)));
                    if let Some(h) = p.help(lang) {
                        t.push_str(&format!("    {hint}{h}\n"));
                    }
                }
                t.push('\n');
                return t;
            }
            let mut t = lang.fmt(
                format!("✗ {input} {at}{who}:无法读取 —— {message}\n"),
                format!("✗ {input} {at}{who}: cannot read — {message}\n"),
            );
            if let Some(h) = help {
                t.push_str(&format!("  {hint}{h}\n"));
            }
            t.push('\n');
            t
        }
    }
}

/// Adds a table error's sheet, column and header to its JSON object.
fn insert_place(err: &mut serde_json::Map<String, serde_json::Value>, e: &RecordError) {
    let Some(place) = &e.place else { return };
    if let Some(sheet) = &place.sheet {
        err.insert("sheet".into(), json!(sheet));
    }
    if let Some((letter, header)) = &place.column {
        err.insert("column".into(), json!(letter));
        err.insert("header".into(), json!(header));
    }
}
