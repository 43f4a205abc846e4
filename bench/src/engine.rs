//! rung itself, as the benchmarks and tests drive it: the reference policy compiled once,
//! records read from JSON Lines, verdicts written as JSON Lines.

use std::path::Path;

use rung::calendar::Date;
use rung::check::Checked;
use rung::diag::Lang;
use rung::records::{self, Encoding, Format};
use rung::value::Record;
use rung::verdict::Options;

/// The reference policy's file, from this crate's folder.
pub const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../policies/客服部任职发展管理制度.rung"
);

/// The reference policy, checked.
pub fn policy() -> Checked {
    rung::compile_file(Path::new(POLICY))
        .unwrap_or_else(|f| panic!("the reference policy does not check: {f:?}"))
}

/// Reads JSON Lines into records; panics on a record that cannot be read.
pub fn read(checked: &Checked, text: &str) -> Vec<Record> {
    read_by(checked, text, true)
}

/// Reads JSON Lines into records, each straight into the schema (`direct`) or through a JSON
/// tree as before the direct reader; panics on a record that cannot be read.
pub fn read_by(checked: &Checked, text: &str, direct: bool) -> Vec<Record> {
    let mut records = reader(checked, text);
    records.set_direct(direct);
    records
        .map(|r| {
            r.unwrap_or_else(|e| panic!("cannot read a record: {e}"))
                .record
        })
        .collect()
}

/// A reader of JSON Lines in UTF-8 for the policy's schema; panics if it cannot start.
fn reader<'s>(checked: &'s Checked, text: &'s str) -> records::Records<'s> {
    records::read(
        checked.program.schema(),
        Format::JsonLines,
        Encoding::Utf8,
        text.as_bytes(),
        Lang::Zh,
    )
    .unwrap_or_else(|e| panic!("cannot read: {e}"))
}

/// Each record's verdict as a line of JSON, as `rung eval --format json` writes it.
pub fn eval_json(checked: &Checked, records: &[Record], as_of: Date) -> Vec<String> {
    let mut evaluator = rung::eval::Evaluator::new(&checked.program);
    records
        .iter()
        .map(|r| {
            evaluator
                .with_verdict(r, as_of, |v| {
                    let mut out = Vec::new();
                    rung::explain::json::write_live(&mut out, v, &[], &[], Lang::Zh)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", r.id));
                    String::from_utf8(out).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
                })
                .unwrap_or_else(|e| panic!("cannot evaluate {}: {e}", r.id))
        })
        .collect()
}

/// Evaluates a record, building no report.
pub fn eval_only(ev: &mut rung::eval::Evaluator<'_>, r: &Record, as_of: Date) -> bool {
    ev.with_verdict(r, as_of, |v| v.rule(0).contributed)
        .unwrap_or(false)
}

/// Evaluates a record and builds its verdict with every rule's trace (what `--explain`
/// shows).
pub fn eval_traced(ev: &mut rung::eval::Evaluator<'_>, r: &Record, as_of: Date) -> usize {
    ev.with_verdict(r, as_of, |v| {
        rung::verdict::of(v, Options { trace: true })
            .decisions
            .len()
    })
    .unwrap_or(0)
}

/// The JSON verdict's fragments of the reference policy, prepared once as `rung eval` does.
pub fn prepared(checked: &Checked) -> rung::explain::json::Prepared {
    rung::explain::json::Prepared::new(&checked.program, &[], Lang::Zh)
}

/// Reads JSON Lines one record at a time and hands each to `f`, as `rung eval` does (no list
/// of records is kept); panics on a record that cannot be read.
pub fn each_record(checked: &Checked, text: &str, mut f: impl FnMut(&Record)) {
    for r in reader(checked, text) {
        f(&r.unwrap_or_else(|e| panic!("cannot read a record: {e}"))
            .record);
    }
}

/// Appends a record's verdict as a line of JSON, as `rung eval --format json` writes it (from
/// the evaluation, with the policy's fragments prepared once).
pub fn write_json(
    ev: &mut rung::eval::Evaluator<'_>,
    prepared: &rung::explain::json::Prepared,
    r: &Record,
    as_of: Date,
    out: &mut Vec<u8>,
) {
    let _ = ev.with_verdict(r, as_of, |v| {
        let _ = rung::explain::json::write_prepared(&mut *out, prepared, v, &[]);
        out.push(b'\n');
    });
}

/// Appends a record's notice, as `rung eval --format notice` writes it (straight from the
/// evaluation, only the decisions shown built).
pub fn write_notice(ev: &mut rung::eval::Evaluator<'_>, r: &Record, as_of: Date, out: &mut String) {
    let _ = ev.with_verdict(r, as_of, |v| {
        let who = rung::explain::notice::Person {
            id: &r.id,
            name: None,
        };
        rung::explain::notice::write_live(out, v, &who, as_of, &[], Lang::Zh);
        out.push_str("\n────────\n\n");
    });
}
