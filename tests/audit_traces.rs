//! The audit text (`rung eval --format text`, with and without `--explain`) is written from a
//! verdict whose rules are traced only as far as the text reads them
//! (`verdict::for_audit`): it must be the text written from the full trace, in both languages,
//! on every shipped policy's example roster and on generated rosters at dates inside and
//! outside the promotion windows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod common;

use rung::calendar::Date;
use rung::diag::Lang;
use rung::eval::Verdict;
use rung::explain::text;
use rung::program::Program;
use rung::value::Record;
use rung::verdict::{self, Options};

fn check(policy: &str, program: &Program, v: &Verdict<'_>, record: &Record, as_of: Date) {
    let full = verdict::of(v, Options { trace: true });
    let partial = verdict::for_audit(v);
    for lang in [Lang::Zh, Lang::En] {
        for explain in [false, true] {
            assert_eq!(
                text::notice(program, &partial, as_of, lang, explain),
                text::notice(program, &full, as_of, lang, explain),
                "{policy} {as_of} {}, explain {explain}",
                record.id
            );
        }
    }
}

#[test]
fn the_example_rosters() {
    common::on_examples(check);
}

#[test]
fn generated_rosters() {
    common::on_generated([21, 22, 23], check);
}
