//! `rung snapshot`: writes the verdicts of a roster as a stable, reviewable file, or checks
//! that a policy still gives them, listing every changed verdict record by record and field by
//! field.

use std::fs::File;
use std::path::PathBuf;

use rung::batch::roster::Ranking;
use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::cases::snapshot::{self, Block, Change, Snapshot};
use rung::diag::Lang;
use rung::program::Program;
use rung::records::{self, Encoding, Format, Records};
use rung::verdict::{Options, RecordVerdict};

use super::{color_stderr, err_line, out, render, write_failed, LangArg, OK, POLICY_FAILED};

/// Exit code: a record file or the snapshot cannot be read.
const INPUT_FAILED: u8 = 2;

/// Arguments of `rung snapshot`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy file (`.rung`); with `--check`, instead of the one the snapshot names.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The evaluation date, `YYYY-MM-DD`.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Record files (JSON, JSON Lines, CSV).
    pub records: Vec<String>,
    /// Where to write the snapshot.
    #[arg(short = 'o', long = "output", conflicts_with = "check")]
    pub output: Option<PathBuf>,
    /// Check a snapshot file: evaluate its roster again and list what changed.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// Runs `rung snapshot`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    match snapshot(args, lang) {
        Ok(code) => code,
        Err(e) => write_failed(&e, INPUT_FAILED, lang),
    }
}

fn snapshot(args: &Args, lang: Lang) -> std::io::Result<u8> {
    let (policy, as_of, records, was) = match &args.check {
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    let why = super::os_words(&e, lang);
                    err_line(&format!("✗ {}: {why}", path.display()))?;
                    return Ok(INPUT_FAILED);
                }
            };
            let snap = match Snapshot::parse(&text) {
                Ok(s) => s,
                Err(e) => {
                    err_line(&lang.fmt(
                        format!("✗ {} 第 {} 行:不是快照文件的格式", path.display(), e.line),
                        format!("✗ {} line {}: not a snapshot file", path.display(), e.line),
                    ))?;
                    return Ok(INPUT_FAILED);
                }
            };
            let policy = args
                .policy
                .clone()
                .unwrap_or_else(|| PathBuf::from(&snap.policy));
            (policy, snap.as_of.clone(), snap.records.clone(), Some(snap))
        }
        None => {
            let (Some(policy), Some(as_of)) = (&args.policy, &args.as_of) else {
                err_line(&lang.fmt(
                    "✗ 请给出 --policy 和 --as-of(或用 --check 检查快照)",
                    "✗ give --policy and --as-of (or --check a snapshot)",
                ))?;
                return Ok(super::USAGE);
            };
            (policy.clone(), as_of.clone(), args.records.clone(), None)
        }
    };
    let Some(date) = Date::parse(&as_of) else {
        err_line(&lang.fmt(
            format!("✗ `{as_of}` 不是日期;请写成 YYYY-MM-DD"),
            format!("✗ `{as_of}` is not a date; write it as YYYY-MM-DD"),
        ))?;
        return Ok(super::USAGE);
    };
    let checked = match rung::compile_file(&policy) {
        Ok(c) => c,
        Err(f) => {
            err_line(&render(&f.diagnostics(lang), &f.source, color_stderr()))?;
            return Ok(POLICY_FAILED);
        }
    };
    let blocks = match evaluate(&checked.program, date, &records, lang) {
        Ok(b) => b,
        Err((input, message)) => {
            err_line(&format!("✗ {input}: {message}"))?;
            return Ok(INPUT_FAILED);
        }
    };
    let now = Snapshot {
        policy: policy.display().to_string(),
        as_of,
        records,
        blocks,
    };
    match (was, &args.output) {
        (Some(was), _) => {
            let changes = snapshot::diff(&was.blocks, &now.blocks);
            for c in &changes {
                out(&format!("{}\n", change(c, lang)))?;
            }
            out(&lang.fmt(
                format!("{} 条记录,{} 处变化\n", now.blocks.len(), changes.len()),
                format!(
                    "{} record(s), {} change(s)\n",
                    now.blocks.len(),
                    changes.len()
                ),
            ))?;
            Ok(if changes.is_empty() {
                OK
            } else {
                POLICY_FAILED
            })
        }
        (None, Some(path)) => {
            if let Err(e) = std::fs::write(path, now.to_text()) {
                let why = super::os_words(&e, lang);
                err_line(&format!("✗ {}: {why}", path.display()))?;
                return Ok(super::IO_ERROR);
            }
            Ok(OK)
        }
        (None, None) => {
            out(&now.to_text())?;
            Ok(OK)
        }
    }
}

/// One input's records; the error says why they cannot be read at all.
fn open<'p>(p: &'p Program, input: &str, lang: Lang) -> Result<Records<'p>, String> {
    let format = Format::from_path(input).unwrap_or(Format::JsonLines);
    let file = File::open(input).map_err(|e| e.to_string())?;
    records::read(p.schema(), format, Encoding::Auto, file, lang).map_err(|e| e.message(lang))
}

/// Every record of the inputs as a snapshot block, each with its place in the roster
/// decisions' groups (ranked over all the inputs first); the error names the input that
/// cannot be read.
fn evaluate(
    p: &Program,
    as_of: Date,
    inputs: &[String],
    lang: Lang,
) -> Result<Vec<Block>, (String, String)> {
    let ranking = Ranking::over(p, as_of, || {
        inputs.iter().filter_map(|i| open(p, i, lang).ok())
    });
    let mut blocks = Vec::new();
    let mut first = 0;
    for input in inputs {
        let rs = open(p, input, lang).map_err(|m| (input.clone(), m))?;
        let mut batch = Batch::verdicts(p, as_of, rs, Options::default());
        if ranking.passes() > 0 {
            batch = batch.ranked(&ranking, first);
        }
        blocks.extend(
            batch
                .by_ref()
                .map(|item: Item<RecordVerdict>| snapshot::block(&item)),
        );
        first = batch.next_position();
    }
    Ok(blocks)
}

fn change(c: &Change, lang: Lang) -> String {
    let none = lang.pick("(无)", "(none)");
    match c {
        Change::Field {
            id,
            field,
            was,
            now,
        } => format!(
            "{id} {field}: {} → {}",
            was.as_deref().unwrap_or(none),
            now.as_deref().unwrap_or(none)
        ),
        Change::Record { position, was, now } => lang.fmt(
            format!(
                "第 {position} 条记录:快照中为 {},现在为 {}",
                was.as_deref().unwrap_or(none),
                now.as_deref().unwrap_or(none)
            ),
            format!(
                "record {position}: {} in the snapshot, {} now",
                was.as_deref().unwrap_or(none),
                now.as_deref().unwrap_or(none)
            ),
        ),
    }
}
