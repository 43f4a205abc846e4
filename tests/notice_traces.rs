//! A notice traces only the decisions it shows: which ones concern the person is asked of the
//! evaluation before any trace is built (`explain::notice::concerns_live`), and it must say what
//! the full trace says (`explain::notice::concerns`); the notice written from the partial
//! trace, and the one written straight from the evaluation (`notice::write_live`), is the
//! notice written from the full one — on every shipped policy's example roster
//! and on generated rosters at dates inside and outside the promotion windows. A paragraph
//! written straight into the notice reads as the one a report makes (`notice::paragraph`).

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
use rung::explain::notice::{self, Person};
use rung::program::Program;
use rung::value::Record;
use rung::verdict::{self, Options};

fn check(policy: &str, program: &Program, v: &Verdict<'_>, record: &Record, as_of: Date) {
    let full = verdict::of(v, Options { trace: true });
    for (di, d) in full.decisions.iter().enumerate() {
        assert_eq!(
            notice::concerns_live(v, di),
            notice::concerns(d),
            "{policy} {as_of} {}: {}",
            record.id,
            d.name
        );
    }
    // A report's paragraph reads as the notice writes it.
    for (di, d) in full.decisions.iter().enumerate() {
        for lang in [Lang::Zh, Lang::En] {
            let mut written = String::new();
            notice::write_paragraph(&mut written, program, di, d, lang);
            let para = notice::paragraph(program, di, d, lang).text(lang);
            assert_eq!(written, para, "{policy} {as_of} {}", record.id);
        }
    }
    for asked in [vec![], vec![full.decisions[0].name.clone()]] {
        let partial = verdict::of_traced(v, |di| notice::shows(v, di, &asked));
        let who = Person {
            id: &record.id,
            name: None,
        };
        for lang in [Lang::Zh, Lang::En] {
            let whole = notice::notice(program, &full, &who, as_of, &asked, lang);
            assert_eq!(
                notice::notice(program, &partial, &who, as_of, &asked, lang),
                whole,
                "{policy} {as_of} {}",
                record.id
            );
            let mut live = String::new();
            notice::write_live(&mut live, v, &who, as_of, &asked, lang);
            assert_eq!(live, whole, "{policy} {as_of} {}", record.id);
        }
    }
}

#[test]
fn the_example_rosters() {
    common::on_examples(check);
}

#[test]
fn generated_rosters() {
    common::on_generated([5, 6, 7], check);
}
