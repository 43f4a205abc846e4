//! `rung diff`: what changed between two versions of a policy, clause by clause, and with
//! `--records` whose verdicts change; also git's external diff driver (`--git`).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use rung::batch::roster::Ranking;
use rung::batch::{Batch, Item};
use rung::calendar::Date;
use rung::check::DirLoader;
use rung::diag::Lang;
use rung::diff::roster::{Differ, Limits, RosterDiff};
use rung::diff::PolicyDiff;
use rung::explain::diff as words;
use rung::program::Program;
use rung::records::{self, Encoding, Format, Records};
use rung::verdict::{Options, RecordVerdict};

use super::{color_stderr, err_line, os_words, out, render, write_failed, LangArg, OK, USAGE};

/// Exit code: the two versions differ in meaning (or in some verdict).
pub const CHANGED: u8 = 1;
/// Exit code: a policy does not compile, or a file cannot be read.
pub const FAILED: u8 = 2;

/// Arguments of `rung diff`.
#[derive(clap::Args)]
pub struct Args {
    /// OLD NEW: the two versions of the policy; either may be `-` for standard input. With
    /// `--git`, the seven arguments git gives an external diff driver.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<String>,
    /// Evaluate both versions on these records and list whose verdicts change.
    #[arg(long, value_name = "FILE")]
    pub records: Option<String>,
    /// The evaluation date for `--records`, `YYYY-MM-DD`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// `text` for the terminal, `markdown` for a review comment, `json` for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// The language of the words.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// How many ids to list per group of changed verdicts.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub sample: usize,
    /// Run as git's diff driver: `path old-file old-hex old-mode new-file new-hex new-mode`.
    #[arg(long)]
    pub git: bool,
}

/// How `rung diff` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DiffFormat {
    /// For the terminal.
    Text,
    /// For a review comment.
    Markdown,
    /// For tools (documented in docs/output.md).
    Json,
}

/// Runs `rung diff`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    match report(args, lang) {
        Ok(code) => code,
        Err(e) => write_failed(&e, FAILED, lang),
    }
}

/// One side of the diff: where it is read from and how it is named.
struct Side {
    /// The file, `-` for standard input, `/dev/null` for none (git, an added or removed file).
    file: String,
    /// The name shown.
    name: String,
    /// The folder its calendar and included files are read from.
    base: PathBuf,
}

fn folder(path: &str) -> PathBuf {
    Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn report(args: &Args, lang: Lang) -> io::Result<u8> {
    let (old, new) = match sides(args) {
        Ok(s) => s,
        Err(message) => {
            err_line(&format!("✗ {}", lang.pick(message.0, message.1)))?;
            return Ok(USAGE);
        }
    };
    if args.git && (old.file == "/dev/null" || new.file == "/dev/null") {
        return whole_file(&old, &new, lang);
    }
    let mut stdin_used = false;
    let (Some(a), Some(b)) = (
        load(&old, lang, &mut stdin_used)?,
        load(&new, lang, &mut stdin_used)?,
    ) else {
        // In git's driver a policy that does not compile must not stop the other files' diffs.
        return Ok(if args.git { OK } else { FAILED });
    };
    let diff = rung::diff::diff(&a, &b);
    let roster = match (&args.records, &args.as_of) {
        (None, None) => None,
        (Some(file), Some(date)) => {
            let Some(date) = Date::parse(date) else {
                err_line(&lang.fmt(
                    format!("✗ `{date}` 不是日期;请写成 YYYY-MM-DD"),
                    format!("✗ `{date}` is not a date; write it as YYYY-MM-DD"),
                ))?;
                return Ok(USAGE);
            };
            let limits = Limits {
                ids: args.sample,
                ..Limits::default()
            };
            match roster(&a, &b, &diff, date, file, limits, lang) {
                Ok(r) => Some((r, file.as_str())),
                Err(message) => {
                    err_line(&format!("✗ {file}: {message}"))?;
                    return Ok(FAILED);
                }
            }
        }
        _ => {
            err_line(lang.pick(
                "✗ --records 与 --as-of 须一起给出",
                "✗ give --records and --as-of together",
            ))?;
            return Ok(USAGE);
        }
    };
    if args.git {
        out(&format!("rung diff {}\n", new.name))?;
    }
    let text = match args.format {
        DiffFormat::Text => {
            let mut t = words::text(&diff, lang);
            if let Some((r, file)) = &roster {
                t.push_str(&words::roster_text(r, file, lang));
            }
            t
        }
        DiffFormat::Markdown => {
            let mut t = words::markdown::markdown(&diff, lang);
            if let Some((r, file)) = &roster {
                t.push('\n');
                t.push_str(&words::roster_markdown(r, file, lang));
            }
            t
        }
        DiffFormat::Json => {
            let r = roster.as_ref().map(|(r, f)| (r, *f));
            format!("{}\n", words::json::json(&diff, r, lang))
        }
    };
    out(&text)?;
    Ok(code(args, &diff, roster.as_ref().map(|(r, _)| r)))
}

fn code(args: &Args, diff: &PolicyDiff, roster: Option<&RosterDiff>) -> u8 {
    if args.git {
        // git stops at a driver that exits with anything but 0.
        return OK;
    }
    if roster.is_some_and(|r| r.failed > 0) {
        return FAILED;
    }
    if !diff.is_empty() || roster.is_some_and(|r| r.changed > 0) {
        CHANGED
    } else {
        OK
    }
}

type Usage = (&'static str, &'static str);

/// The two sides named on the command line.
fn sides(args: &Args) -> Result<(Side, Side), Usage> {
    if args.git {
        let [path, old, _, _, new, _, _] = args.files.as_slice() else {
            return Err((
                "--git 需要 git 给出的 7 个参数:path old-file old-hex old-mode new-file new-hex new-mode",
                "--git takes the 7 arguments git gives: path old-file old-hex old-mode new-file new-hex new-mode",
            ));
        };
        // git hands the old blob (and a new one not in the work tree) as a temporary file: its
        // calendar and included files are read beside the path in the repository.
        let side = |file: &String| Side {
            file: file.clone(),
            name: path.clone(),
            base: folder(path),
        };
        return Ok((side(old), side(new)));
    }
    let [old, new] = args.files.as_slice() else {
        return Err((
            "请给出两个版本:rung diff OLD NEW(`-` 为标准输入)",
            "give two versions: rung diff OLD NEW (`-` for standard input)",
        ));
    };
    if old == "-" && new == "-" {
        return Err((
            "只有一个版本可以从标准输入读取",
            "only one version can be read from standard input",
        ));
    }
    // A version read from standard input reads its calendar and included files beside the
    // other version (or in the current folder, when the other is also not a file).
    let base = |me: &str, other: &str| {
        if me == "-" {
            folder(other)
        } else {
            folder(me)
        }
    };
    let side = |me: &String, other: &String| Side {
        file: me.clone(),
        name: me.clone(),
        base: base(me, other),
    };
    Ok((side(old, new), side(new, old)))
}

/// Reads and compiles one side; `None` after drawing its diagnostics on standard error.
fn load(side: &Side, lang: Lang, stdin_used: &mut bool) -> io::Result<Option<Program>> {
    let mut bytes = Vec::new();
    let read = if side.file == "-" {
        *stdin_used = true;
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        File::open(&side.file).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    if let Err(e) = read {
        let e = os_words(&e, lang);
        err_line(&lang.fmt(
            format!("✗ 无法读取 `{}`:{e}", side.name),
            format!("✗ cannot read `{}`: {e}", side.name),
        ))?;
        return Ok(None);
    }
    let Ok(text) = String::from_utf8(bytes) else {
        err_line(&lang.fmt(
            format!("✗ `{}` 不是 UTF-8 文本", side.name),
            format!("✗ `{}` is not UTF-8 text", side.name),
        ))?;
        return Ok(None);
    };
    let loader = DirLoader::new(&side.base);
    match rung::compile(&side.name, text.trim_start_matches('\u{FEFF}'), &loader) {
        Ok(c) => Ok(Some(c.program)),
        Err(f) => {
            err_line(&render(&f.diagnostics(lang), &f.source, color_stderr()))?;
            Ok(None)
        }
    }
}

/// git's driver on an added or removed file: what the whole policy holds.
fn whole_file(old: &Side, new: &Side, lang: Lang) -> io::Result<u8> {
    let added = old.file == "/dev/null";
    let side = if added { new } else { old };
    if side.file == "/dev/null" {
        return Ok(OK);
    }
    let mut unused = false;
    let Some(p) = load(side, lang, &mut unused)? else {
        return Ok(OK);
    };
    let rules: Vec<&str> = p.rules().iter().map(|r| r.id()).collect();
    let line = match (added, lang) {
        (true, Lang::Zh) => format!("rung diff {}:新增制度 {}", side.name, p.name()),
        (false, Lang::Zh) => format!("rung diff {}:删除制度 {}", side.name, p.name()),
        (true, Lang::En) => format!("rung diff {}: policy {} added", side.name, p.name()),
        (false, Lang::En) => format!("rung diff {}: policy {} removed", side.name, p.name()),
    };
    out(&format!(
        "{line}\n{}\n",
        lang.fmt(
            format!(
                "  {} 个决定,{} 条规则:{}",
                p.decisions().len(),
                rules.len(),
                rules.join("、")
            ),
            format!(
                "  {} decision(s), {} rule(s): {}",
                p.decisions().len(),
                rules.len(),
                rules.join(", ")
            ),
        )
    ))?;
    Ok(OK)
}

/// Evaluates both versions on the roster, record by record; the error says why the records
/// cannot be read at all.
fn roster(
    old: &Program,
    new: &Program,
    diff: &PolicyDiff,
    as_of: Date,
    file: &str,
    limits: Limits,
    lang: Lang,
) -> Result<RosterDiff, String> {
    if file == "-" {
        return Err(lang
            .pick(
                "名册须是文件:两个版本各读一遍",
                "the roster must be a file: each version reads it once",
            )
            .to_string());
    }
    let format = Format::from_path(file).unwrap_or(Format::JsonLines);
    let open = || File::open(file).map_err(|e| os_words(&e, lang));
    let ra = records::read(old.schema(), format, Encoding::Auto, open()?, lang)
        .map_err(|e| e.message(lang))?;
    let rb = records::read(new.schema(), format, Encoding::Auto, open()?, lang)
        .map_err(|e| e.message(lang))?;
    // Each version ranks the roster for its own roster decisions, so a rank that moves someone
    // out of a quota shows as a changed verdict.
    let (rank_a, rank_b) = (
        Ranking::over(old, as_of, || reread(old, file, format, lang)),
        Ranking::over(new, as_of, || reread(new, file, format, lang)),
    );
    let mut a = Batch::verdicts(old, as_of, ra, Options::default());
    let mut b = Batch::verdicts(new, as_of, rb, Options::default());
    if rank_a.passes() > 0 {
        a = a.ranked(&rank_a, 0);
    }
    if rank_b.passes() > 0 {
        b = b.ranked(&rank_b, 0);
    }
    let decisions = new.decisions().iter().map(|d| d.name.clone()).collect();
    let rules = new
        .rules()
        .iter()
        .chain(old.rules())
        .flat_map(|r| r.ids.iter().cloned())
        .collect();
    let mut differ = Differ::new(diff, decisions, limits).rule_order(rules);
    loop {
        let (x, y): (Option<Item<RecordVerdict>>, _) = (a.next(), b.next());
        if x.is_none() && y.is_none() {
            break;
        }
        differ.add(x, y);
    }
    Ok(differ.finish())
}

/// The roster's records read again for a pass of the ranking (none when they cannot be: the
/// verdicts' pass says why).
fn reread<'p>(p: &'p Program, file: &str, format: Format, lang: Lang) -> Option<Records<'p>> {
    let f = File::open(file).ok()?;
    records::read(p.schema(), format, Encoding::Auto, f, lang).ok()
}
