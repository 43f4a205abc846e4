//! The `rung` command line: parses arguments, runs a subcommand, sets the exit code.

// Unit tests may unwrap, index and panic; the command line may not (see `[lints]` in Cargo.toml).
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// rung: 转正 and 晋升 rules as code. Check a policy, evaluate employee records against it, and
/// explain every verdict with the clauses of the regulation.
#[derive(Parser)]
#[command(name = "rung", version, propagate_version = true)]
struct Cli {
    /// When to colour diagnostics: `auto` (on a terminal, unless `NO_COLOR` is set), `always`,
    /// `never`.
    #[arg(long, global = true, value_enum, default_value_t = cli::ColorArg::Auto)]
    color: cli::ColorArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a policy file: every error and warning, with line, column and help.
    Check(cli::check::Args),
    /// Evaluate records (JSON, JSON Lines, CSV) against a policy on a date.
    Eval(cli::eval::Args),
    /// Run the expected verdicts kept beside policies; `--coverage` shows what they reach.
    Test(cli::test::Args),
    /// Write a roster's verdicts as a reviewable snapshot, or `--check` that they still hold.
    Snapshot(cli::snapshot::Args),
    /// Serve editors over the Language Server Protocol (stdio): live diagnostics, hover,
    /// definitions, references, outline, completion and quick fixes.
    Lsp(cli::lsp::Args),
    /// Write policies in their canonical layout (`--check`: only say which are not).
    Fmt(cli::fmt::Args),
    /// Write a completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = cli::completions::AFTER_HELP)]
    Completions(cli::completions::Args),
    /// What changed between two versions of a policy, clause by clause; with `--records`, whose
    /// verdicts change.
    Diff(cli::diff::Args),
}

fn main() -> ExitCode {
    // `--color` also colours clap's own help and errors, which are drawn while parsing.
    let command = Cli::command().color(color_asked().into());
    let cli = match command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version succeed; a wrong command line is a usage error (64), kept
            // apart from 2, which means some records could not be evaluated.
            let code = if e.use_stderr() { cli::USAGE } else { cli::OK };
            return ExitCode::from(match e.print() {
                Ok(()) => code,
                Err(err) => cli::write_failed(&err, code, rung::diag::Lang::Zh),
            });
        }
    };
    cli::set_color(cli.color);
    let code = match cli.command {
        Command::Check(args) => cli::check::run(&args),
        Command::Eval(args) => cli::eval::run(&args),
        Command::Test(args) => cli::test::run(&args),
        Command::Snapshot(args) => cli::snapshot::run(&args),
        Command::Lsp(args) => cli::lsp::run(&args),
        Command::Fmt(args) => cli::fmt::run(&args),
        Command::Completions(args) => cli::completions::run(&args, &mut Cli::command()),
        Command::Diff(args) => cli::diff::run(&args),
    };
    ExitCode::from(code)
}

/// The `--color` of the command line, read before clap parses it (clap draws its help and
/// errors while parsing); `auto` when it is not given or not understood.
fn color_asked() -> cli::ColorArg {
    let mut args = std::env::args_os().skip(1);
    let mut choice = cli::ColorArg::Auto;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--color" {
            args.next()
        } else {
            arg.to_str()
                .and_then(|a| a.strip_prefix("--color="))
                .map(std::ffi::OsString::from)
        };
        if let Some(c) = value
            .as_ref()
            .and_then(|v| v.to_str())
            .and_then(|v| cli::ColorArg::from_str(v, true).ok())
        {
            choice = c;
        }
    }
    choice
}
