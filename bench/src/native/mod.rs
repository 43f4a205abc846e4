//! The native baseline: the reference policy's five decisions hand-written in Rust with serde,
//! JSON Lines in and JSON Lines out, writing what `rung eval --format json` writes. It is the
//! yardstick for the engine's speed, and it is checked to agree with the policy (tests/agree.rs).

pub mod calendar;
pub mod decide;
pub mod out;
pub mod process;
pub mod record;

use std::io::{self, BufRead, Write};

use chrono::NaiveDate;

pub use calendar::Calendar;
pub use decide::decide;
pub use record::Employee;

/// The reference policy's calendar, as the policy names it.
pub const CALENDAR_NAME: &str = "calendars/cn-2020-2026.csv";

/// The calendar file's text.
pub const CALENDAR: &str = include_str!("../../../policies/calendars/cn-2020-2026.csv");

/// The reference policy's calendar.
pub fn calendar() -> Calendar {
    Calendar::parse(CALENDAR_NAME, CALENDAR).unwrap_or_else(|e| panic!("calendar: {e}"))
}

/// Reads one record per line and writes one verdict per line; a line that is not a record
/// gets an error object. Returns (verdicts, errors).
pub fn run(
    input: impl BufRead,
    mut out: impl Write,
    as_of: NaiveDate,
    cal: &Calendar,
) -> io::Result<(usize, usize)> {
    let (mut ok, mut failed) = (0, 0);
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Employee>(&line) {
            Ok(e) => {
                serde_json::to_writer(&mut out, &decide(&e, as_of, cal))?;
                ok += 1;
            }
            Err(err) => {
                let msg = serde_json::json!({"error": {"line": i + 1, "message": err.to_string()}});
                serde_json::to_writer(&mut out, &msg)?;
                failed += 1;
            }
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok((ok, failed))
}
