//! `rung eval` over a policy with decisions over the whole roster: the gathering passes before
//! the verdicts (`rung::batch::roster`). Files are read again for each pass; standard input is
//! first copied to a temporary file, removed when the command ends, so it can be read again.
//! Nothing is printed here: the pass that gives the verdicts reports every error.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use rung::batch::roster::Ranking;
use rung::diag::Lang;
use rung::program::Program;
use rung::records;

use super::eval::Args;

/// Standard input copied to a file, removed when dropped.
pub struct Spill(PathBuf);

impl Spill {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Copies standard input to a temporary file when an input is `-`.
pub fn spill(args: &Args) -> io::Result<Option<Spill>> {
    if !args.records.iter().any(|r| r == "-") {
        return Ok(None);
    }
    let path = std::env::temp_dir().join(format!("rung-roster-{}.input", std::process::id()));
    let spill = Spill(path);
    let mut file = File::create(spill.path())?;
    io::copy(&mut io::stdin().lock(), &mut file)?;
    Ok(Some(spill))
}

/// The ranking of the roster decisions over every input, pass by pass.
pub fn rank<'p>(
    args: &Args,
    program: &'p Program,
    lang: Lang,
    spill: Option<&Path>,
) -> Ranking<'p> {
    let mut ranking = Ranking::new(program);
    for pass in 0..ranking.passes() {
        let mut gate = Some(records::Gate::new(args.dedupe, args.strict));
        for input in &args.records {
            let Some(mut records) = super::eval::records_of(args, program, lang, input, spill)
            else {
                continue;
            };
            if let Some(g) = gate.take() {
                records.set_gate(g, input);
            }
            ranking.gather(pass, args.as_of, &mut records);
            gate = records.take_gate();
        }
        ranking.close(pass);
    }
    ranking
}
