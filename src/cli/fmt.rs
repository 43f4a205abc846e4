//! `rung fmt`: writes policies in their canonical layout, or checks that they are.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use rung::diag::{Lang, PolicySource};
use rung::fmt::{Keywords, Options};

use super::{color_stderr, err_line, out, render, write_failed, LangArg, OK};

/// Exit code of `--check`: some file is not formatted.
pub const UNFORMATTED: u8 = 1;
/// Exit code: a file could not be read, written or parsed.
pub const FAILED: u8 = 2;

/// Arguments of `rung fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy files, rewritten in place; none: standard input to standard output.
    pub files: Vec<PathBuf>,
    /// Write nothing; list the files that are not formatted and exit with 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Write the keywords in this language (names and sentences are kept as they are).
    #[arg(long, value_enum)]
    pub keywords: Option<KeywordsArg>,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// The keyword language to write.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KeywordsArg {
    /// 中文: `规则`, `当`, `则` …
    Zh,
    /// English: `rule`, `when`, `then` …
    En,
}

/// Runs `rung fmt`; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let lang: Lang = args.lang.into();
    match report(args, lang) {
        Ok(code) => code,
        Err(e) => write_failed(&e, FAILED, lang),
    }
}

fn report(args: &Args, lang: Lang) -> io::Result<u8> {
    let options = Options {
        keywords: args.keywords.map(|k| match k {
            KeywordsArg::Zh => Keywords::Zh,
            KeywordsArg::En => Keywords::En,
        }),
    };
    if args.files.is_empty() {
        let mut text = String::new();
        if io::stdin().read_to_string(&mut text).is_err() {
            err_line(lang.pick(
                "标准输入不是 UTF-8 文本",
                "standard input is not UTF-8 text",
            ))?;
            return Ok(FAILED);
        }
        return Ok(match format("<stdin>", &text, options, lang)? {
            None => FAILED,
            Some(formatted) if args.check => {
                if formatted == text {
                    OK
                } else {
                    out("<stdin>\n")?;
                    UNFORMATTED
                }
            }
            Some(formatted) => {
                out(&formatted)?;
                OK
            }
        });
    }
    let mut code = OK;
    for path in &args.files {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let why = super::os_words(&e, lang);
                err_line(&lang.fmt(
                    format!("无法读取 `{name}`:{why}"),
                    format!("cannot read `{name}`: {why}"),
                ))?;
                code = FAILED;
                continue;
            }
        };
        let Some(formatted) = format(&name, &text, options, lang)? else {
            code = FAILED;
            continue;
        };
        if formatted == text {
            continue;
        }
        if args.check {
            out(&format!("{name}\n"))?;
            code = code.max(UNFORMATTED);
        } else if let Err(e) = std::fs::write(path, formatted) {
            let why = super::os_words(&e, lang);
            err_line(&lang.fmt(
                format!("无法写入 `{name}`:{why}"),
                format!("cannot write `{name}`: {why}"),
            ))?;
            code = FAILED;
        }
    }
    Ok(code)
}

/// The formatted text, or `None` after drawing its syntax errors on standard error.
fn format(name: &str, text: &str, options: Options, lang: Lang) -> io::Result<Option<String>> {
    match rung::fmt::format(text, options) {
        Ok(f) => Ok(Some(f)),
        Err(errors) => {
            let diags: Vec<_> = errors.iter().map(|e| e.to_diagnostic(lang)).collect();
            let drawn = render(&diags, &PolicySource::new(name, text), color_stderr());
            io::stderr().lock().write_all(drawn.as_bytes())?;
            Ok(None)
        }
    }
}
