//! Policy tests: the roster a case is ranked in, for a policy with decisions over the whole
//! roster. The records of a file's cases form one roster (each case a person, ranked on its
//! own date); a case naming a `roster` file is ranked among that file's records, its own record
//! taking the place of the one with its id.

use std::fs::File;
use std::path::Path;

use crate::batch::roster::Ranking;
use crate::diag::Lang;
use crate::eval::roster::Standing;
use crate::program::Program;
use crate::records::{self, Encoding, Format, ReadRecord};

use super::{CaseFile, Mismatch, Prepared};

/// Per case, its standing in the roster decisions (none for a policy without any, or a case
/// whose record was not read); the mismatch says why a roster file cannot be read.
pub(super) fn standings(
    program: &Program,
    file: &CaseFile,
    prepared: &[Result<Prepared, Box<Mismatch>>],
    dir: &Path,
) -> Vec<Result<Option<Standing>, Box<Mismatch>>> {
    let mut out: Vec<Result<Option<Standing>, Box<Mismatch>>> =
        prepared.iter().map(|_| Ok(None)).collect();
    let mut ranking = Ranking::new(program);
    if ranking.passes() == 0 {
        return out;
    }
    let read = |i: usize| match prepared.get(i) {
        Some(Ok(Prepared {
            as_of,
            item: Ok(read),
        })) => Some((*as_of, read)),
        _ => None,
    };
    let members: Vec<usize> = file
        .cases
        .iter()
        .enumerate()
        .filter(|(i, c)| c.roster.is_none() && read(*i).is_some())
        .map(|(i, _)| i)
        .collect();
    for pass in 0..ranking.passes() {
        for (as_of, r) in members.iter().filter_map(|i| read(*i)) {
            ranking.gather(pass, as_of, std::iter::once(Ok(r.clone())));
        }
        ranking.close(pass);
    }
    for (seq, i) in members.iter().enumerate() {
        if let Some(slot) = out.get_mut(*i) {
            *slot = Ok(Some(ranking.standing(seq)));
        }
    }
    for (i, case) in file.cases.iter().enumerate() {
        let (Some(roster), Some((as_of, r)), Some(slot)) = (&case.roster, read(i), out.get_mut(i))
        else {
            continue;
        };
        *slot = in_file(program, &dir.join(roster), as_of, r).map(Some);
    }
    out
}

/// A record's standing among the records of a roster file.
fn in_file(
    program: &Program,
    path: &Path,
    as_of: crate::calendar::Date,
    record: &ReadRecord,
) -> Result<Standing, Box<Mismatch>> {
    let unreadable = |why: String| {
        Box::new(Mismatch::Unreadable {
            error: format!("{}: {why}", path.display()),
        })
    };
    let format = Format::from_path(&path.to_string_lossy()).unwrap_or(Format::JsonLines);
    let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let records = records::read(program.schema(), format, Encoding::Auto, file, Lang::Zh)
        .map_err(|e| unreadable(e.message(Lang::Zh)))?;
    let mut list: Vec<ReadRecord> = Vec::new();
    for item in records {
        let r = item
            .map_err(|e| unreadable(format!("{} {}", e.location(Lang::Zh), e.message(Lang::Zh))))?;
        list.push(r);
    }
    let at = match list.iter().position(|r| r.record.id == record.record.id) {
        Some(at) => {
            if let Some(slot) = list.get_mut(at) {
                *slot = record.clone();
            }
            at
        }
        None => {
            list.push(record.clone());
            list.len() - 1
        }
    };
    let ranking = Ranking::over(program, as_of, || Some(list.iter().cloned().map(Ok)));
    Ok(ranking.standing(at))
}
