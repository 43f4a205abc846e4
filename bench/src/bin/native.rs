//! `native --as-of YYYY-MM-DD FILE`: the native baseline as a command, for timing whole runs
//! beside `rung eval --format json`.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(date), Some(file)) = (
        args.iter()
            .position(|a| a == "--as-of")
            .and_then(|i| args.get(i + 1)),
        args.last(),
    ) else {
        eprintln!("usage: native --as-of YYYY-MM-DD FILE");
        return ExitCode::from(2);
    };
    let Ok(as_of) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        eprintln!("not a date: {date}");
        return ExitCode::from(2);
    };
    let input = match File::open(file) {
        Ok(f) => BufReader::new(f),
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cal = rung_bench::native::calendar();
    let out = BufWriter::new(io::stdout().lock());
    match rung_bench::native::run(input, out, as_of, &cal) {
        Ok((ok, failed)) => {
            eprintln!("{} records: {ok} evaluated, {failed} failed", ok + failed);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
