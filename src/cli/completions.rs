//! `rung completions SHELL`: writes a completion script for the shell to standard output.

use clap_complete::Shell;

use super::{out, write_failed, LangArg, OK};

/// Arguments of `rung completions`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
    /// The language of messages.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// Runs `rung completions`: the script for `command` (the whole command line); returns the exit
/// code.
pub fn run(args: &Args, command: &mut clap::Command) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, command, "rung", &mut script);
    match out(&String::from_utf8_lossy(&script)) {
        Ok(()) => OK,
        Err(e) => write_failed(&e, OK, args.lang.into()),
    }
}

/// Where each shell looks for the script, said in the command's help.
pub const AFTER_HELP: &str = "Install, for example:
  bash:       rung completions bash > ~/.local/share/bash-completion/completions/rung
  zsh:        rung completions zsh > \"${fpath[1]}/_rung\"
  fish:       rung completions fish > ~/.config/fish/completions/rung.fish
  powershell: rung completions powershell >> $PROFILE
  elvish:     rung completions elvish >> ~/.config/elvish/rc.elv";
