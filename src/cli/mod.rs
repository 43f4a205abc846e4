//! Command-line plumbing shared by the subcommands: the language option, rendering
//! diagnostics with miette, and writing to a closed pipe quietly.

pub mod check;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod snapshot;
pub mod test;

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use rung::diag::{Diagnostic, Lang, PolicySource};

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
    let mut e = io::stderr().lock();
    e.write_all(text.as_bytes())?;
    e.write_all(b"\n")
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
    let _ = err_line(&lang.fmt(
        format!("✗ 无法写出结果:{e}"),
        format!("✗ cannot write the output: {e}"),
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

/// Whether to colour what goes to stderr.
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Renders diagnostics as miette draws them, with the policy's source.
pub fn render(diagnostics: &[Diagnostic], source: &PolicySource, color: bool) -> String {
    rung::diag::render(diagnostics, source, color)
}
