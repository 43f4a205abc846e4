//! `rung eval`: evaluates records against a policy on a date and writes verdicts as notices or
//! JSON Lines. A record that cannot be read or evaluated is reported and the rest go on; the
//! summary counts add up: records in = verdicts + errors.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::diag::Lang;
use rung::explain;
use rung::program::Program;
use rung::records::{self, Encoding, Format, RecordError};
use rung::verdict::{Options, RecordVerdict};

use super::{
    color_stderr, err_line, render, write_failed, LangArg, OK, POLICY_FAILED, RECORDS_FAILED,
};

/// Arguments of `rung eval`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file (`.rung`).
    #[arg(long)]
    pub policy: PathBuf,
    /// The evaluation date, `YYYY-MM-DD` (never the clock).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Date,
    /// `text`: notices citing the regulation; `json`: one JSON object per record.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    pub format: OutFormat,
    /// Also explain every rule that did not decide: its first unmet condition and values.
    #[arg(long)]
    pub explain: bool,
    /// The language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
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
    /// Record files, or `-` for standard input.
    #[arg(required = true)]
    pub records: Vec<String>,
}

/// How verdicts are written.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutFormat {
    /// Notices for people.
    Text,
    /// JSON Lines for programs.
    Json,
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
}

impl Tally {
    /// The exit code for what happened to the records.
    fn code(&self) -> u8 {
        if self.failed + self.files_failed > 0 {
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
    let checked = match rung::compile_file(&args.policy) {
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
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for input in &args.records {
        run_input(args, program, lang, input, &mut out, tally)?;
    }
    out.flush()?;
    err_line(&lang.fmt(
        format!(
            "共 {} 条记录:{} 条已评估,{} 条出错",
            tally.read, tally.evaluated, tally.failed
        ),
        format!(
            "{} record(s): {} evaluated, {} failed",
            tally.read, tally.evaluated, tally.failed
        ),
    ))?;
    Ok(tally.code())
}

fn open(input: &str) -> io::Result<Box<dyn Read>> {
    if input == "-" {
        Ok(Box::new(io::stdin().lock()))
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

/// Evaluates one input; `Err` only when the output or the messages can no longer be written.
fn run_input(
    args: &Args,
    program: &Program,
    lang: Lang,
    input: &str,
    out: &mut impl Write,
    tally: &mut Tally,
) -> io::Result<()> {
    let Some(format) = format_of(args, input) else {
        tally.files_failed += 1;
        err_line(&lang.fmt(
            format!("✗ {input}:无法判断记录格式;请用 --input-format json、jsonl 或 csv 指明"),
            format!(
                "✗ {input}: cannot tell the records' format; give --input-format json, jsonl or csv"
            ),
        ))?;
        return Ok(());
    };
    let reader = match open(input) {
        Ok(r) => r,
        Err(e) => {
            tally.files_failed += 1;
            err_line(&lang.fmt(
                format!("✗ 无法读取 {input}:{e}"),
                format!("✗ cannot read {input}: {e}"),
            ))?;
            return Ok(());
        }
    };
    let encoding = match args.encoding {
        EncodingArg::Auto => Encoding::Auto,
        EncodingArg::Utf8 => Encoding::Utf8,
        EncodingArg::Gb18030 => Encoding::Gb18030,
    };
    let options = records::Options {
        encoding,
        sheet: args.sheet.clone(),
        lang,
    };
    let records = match records::read_with(&program.schema, format, reader, &options) {
        Ok(r) => r,
        Err(e) => {
            tally.files_failed += 1;
            let at = e.place.as_ref().map(|_| format!(" {}", e.location(lang)));
            err_line(&format!(
                "✗ {input}{}: {}",
                at.unwrap_or_default(),
                e.message(lang)
            ))?;
            if let Some(h) = e.help(lang) {
                err_line(&format!("  {}{h}", lang.pick("提示:", "help: ")))?;
            }
            return Ok(());
        }
    };
    let options = Options {
        trace: args.explain || args.format == OutFormat::Text,
    };
    let mut batch = Batch::verdicts(program, args.as_of, records, options);
    let mut shown = 0;
    while let Some(item) = batch.next() {
        for notice in batch.notices().iter().skip(shown) {
            err_line(&format!("{input}: {notice}"))?;
        }
        shown = batch.notices().len();
        let text = match &item {
            Item::Verdict(v) => render_verdict(args, lang, program, v),
            Item::Unread(e) => render_error(args, lang, input, e),
            Item::Failed { id, line, error } => match args.format {
                OutFormat::Json => {
                    let mut j = explain::json::eval_error(id, *line, error, lang);
                    if let Some(err) = j.get_mut("error").and_then(|x| x.as_object_mut()) {
                        err.insert("file".into(), json!(input));
                    }
                    format!("{j}\n")
                }
                OutFormat::Text => lang.fmt(
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
        if let Err(e) = out.write_all(text.as_bytes()) {
            add(tally, batch.tally());
            return Err(e);
        }
    }
    for notice in batch.notices().iter().skip(shown) {
        err_line(&format!("{input}: {notice}"))?;
    }
    add(tally, batch.tally());
    Ok(())
}

fn add(tally: &mut Tally, t: rung::batch::Tally) {
    tally.read += t.read;
    tally.evaluated += t.evaluated;
    tally.failed += t.failed;
}

fn render_verdict(args: &Args, lang: Lang, program: &Program, v: &RecordVerdict) -> String {
    match args.format {
        OutFormat::Json => format!("{}\n", explain::json::verdict(v, lang)),
        OutFormat::Text => {
            let mut t = explain::text::notice(program, v, args.as_of, lang, args.explain);
            t.push('\n');
            t
        }
    }
}

fn render_error(args: &Args, lang: Lang, input: &str, e: &RecordError) -> String {
    let message = e.message(lang);
    let help = e.help(lang);
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
                if let Some(place) = &e.place {
                    if let Some(sheet) = &place.sheet {
                        err.insert("sheet".into(), json!(sheet));
                    }
                    if let Some((letter, header)) = &place.column {
                        err.insert("column".into(), json!(letter));
                        err.insert("header".into(), json!(header));
                    }
                }
            }
            format!("{j}\n")
        }
        OutFormat::Text => {
            let at = e.location(lang);
            let who =
                e.id.as_deref()
                    .map(|id| format!("({id})"))
                    .unwrap_or_default();
            let mut t = lang.fmt(
                format!("✗ {input} {at}{who}:无法读取 —— {message}\n"),
                format!("✗ {input} {at}{who}: cannot read — {message}\n"),
            );
            if let Some(h) = help {
                t.push_str(&format!("  {}{h}\n", lang.pick("提示:", "help: ")));
            }
            t.push('\n');
            t
        }
    }
}
