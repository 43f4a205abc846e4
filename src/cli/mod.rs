//! Command-line plumbing shared by the subcommands: the language option, rendering
//! diagnostics with miette, and writing to a closed pipe quietly.

pub mod check;
pub mod eval;

use std::io::IsTerminal;

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
