//! Command-line plumbing shared by the subcommands: the language option, rendering
//! diagnostics with miette, and writing to a closed pipe quietly.

pub mod check;
pub mod completions;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod progress;
pub mod roster;
pub mod sink;
pub mod snapshot;
pub mod test;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::OnceLock;

use clap::ValueEnum;
use rung::check::Checked;
use rung::diag::{Diagnostic, Lang, PolicySource};
use rung::Failed;

/// Exit code: everything went through.
pub const OK: u8 = 0;
/// Exit code: the policy has errors (or could not be read).
pub const POLICY_FAILED: u8 = 1;
/// Exit code: some records could not be read or evaluated.
pub const RECORDS_FAILED: u8 = 2;
/// Exit code: the command line was wrong (as `sysexits.h` has it).
pub const USAGE: u8 = 64;
/// Exit code: the output could not be written, e.g. to a full disk (`EX_IOERR`).
pub const IO_ERROR: u8 = 74;

/// Writes text to standard output; the error says why it could not.
pub fn out(text: &str) -> io::Result<()> {
    io::stdout().lock().write_all(text.as_bytes())
}

/// Writes a line to standard error; the error says why it could not.
pub fn err_line(text: &str) -> io::Result<()> {
    progress::suspend(|| {
        let mut e = io::stderr().lock();
        e.write_all(text.as_bytes())?;
        e.write_all(b"\n")
    })
}

/// What the operating system said, in the language of messages: `找不到文件`.
pub fn os_words(e: &io::Error, lang: Lang) -> String {
    rung::sys::IoFailure::new(e).words(lang)
}

/// What serde_json found wrong in `text`, in the language of messages, with its line and
/// column (in characters): `第 3 行第 14 列:键必须是带双引号的文字`.
pub fn json_words(e: &serde_json::Error, text: &str, lang: Lang) -> String {
    let problem = rung::sys::JsonProblem::new(e).words(lang);
    if e.line() == 0 {
        return problem;
    }
    let (line, column) = (e.line(), rung::sys::char_column(text, e.line(), e.column()));
    lang.fmt(
        format!("第 {line} 行第 {column} 列:{problem}"),
        format!("line {line}, column {column}: {problem}"),
    )
}

/// The exit code of a subcommand that stopped because its output could not be written: a
/// reader that went away (a closed pipe, as in `rung eval … | head`) ends the run quietly with
/// `quiet`; any other failure (a full disk) is said on standard error, if it can be, and
/// gives [`IO_ERROR`].
pub fn write_failed(e: &io::Error, quiet: u8, lang: Lang) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return quiet;
    }
    // Standard error may be the stream that failed: then nothing can be said, the code says it.
    let why = os_words(e, lang);
    let _ = err_line(&lang.fmt(
        format!("✗ 无法写出结果:{why}"),
        format!("✗ cannot write the output: {why}"),
    ));
    IO_ERROR
}

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LangArg {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// When to colour what goes to standard error (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When standard error is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always, even into a file or a pipe, and whatever `NO_COLOR` says.
    Always,
    /// Never.
    Never,
}

impl From<ColorArg> for clap::ColorChoice {
    fn from(c: ColorArg) -> clap::ColorChoice {
        match c {
            ColorArg::Auto => clap::ColorChoice::Auto,
            ColorArg::Always => clap::ColorChoice::Always,
            ColorArg::Never => clap::ColorChoice::Never,
        }
    }
}

/// The `--color` of this run, set once by `main` before a subcommand runs.
static COLOR: OnceLock<ColorArg> = OnceLock::new();

/// Sets the `--color` of this run (the first call wins).
pub fn set_color(choice: ColorArg) {
    let _ = COLOR.set(choice);
}

/// Whether to colour what goes to standard error: as `--color` says; under `auto`, when it is
/// a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>).
pub fn color_stderr() -> bool {
    match COLOR.get().copied().unwrap_or_default() {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    }
}

/// How a policy read from standard input is named in diagnostics.
pub const STDIN_POLICY: &str = "<stdin>";

/// Reads and checks the policy at `path`; `-` reads it from standard input, and the files it
/// names (its calendar) are then read relative to the current folder, and only from inside it.
pub fn compile_policy(path: &Path) -> Result<Checked, Failed> {
    if path.as_os_str() == "-" {
        rung::compile_reader(STDIN_POLICY, io::stdin().lock(), Path::new("."))
    } else {
        rung::compile_file(path)
    }
}

/// Renders diagnostics as miette draws them, with the policy's source.
pub fn render(diagnostics: &[Diagnostic], source: &PolicySource, color: bool) -> String {
    rung::diag::render(diagnostics, source, color)
}
