//! The fuzz targets as functions of the input bytes. Each panics on a broken promise (a panic
//! inside rung, a failed policy without an error, a record lost); what it returns is counted.

use std::sync::OnceLock;

use rung::calendar::Date;
use rung::check::{Checked, MemoryLoader};
use rung::diag::Lang;
use rung::eval::Evaluator;
use rung::records::{Encoding, Format};
use rung::verdict::Options;

use super::gen::{self, run, run::Draw, run::Ran};
use super::Bytes;

/// What a fuzz execution draws: diagnostics in one language (chosen by the input; their words
/// are made in both) and one record explained in full. Drawing everything for every input made
/// each execution several times slower; over millions of inputs both languages and every
/// stage are still drawn and explained.
fn draw(zh: bool) -> Draw {
    Draw {
        langs: if zh { &[Lang::Zh] } else { &[Lang::En] },
        explained: 1,
    }
}

const REFERENCE: &str = include_str!("../../policies/客服部任职发展管理制度.rung");
const CALENDAR: &str = include_str!("../../policies/calendars/cn-2020-2026.csv");
const PROBATION: &str = include_str!("../../tests/fixtures/policies/probation.zh.rung");

/// The shipped policies the records target reads against, compiled once per process.
fn programs() -> &'static [Checked] {
    static P: OnceLock<Vec<Checked>> = OnceLock::new();
    P.get_or_init(|| {
        let loader = MemoryLoader::new().with("calendars/cn-2020-2026.csv", CALENDAR);
        [REFERENCE, PROBATION]
            .iter()
            .filter_map(|p| rung::compile("p.rung", p, &loader).ok())
            .collect()
    })
}

/// Any bytes as a policy (and as its calendar): parse, check and draw the diagnostics. The
/// first byte chooses between the bytes as text and a policy built by the generator.
pub fn check(data: &[u8]) -> Ran {
    let Some((&mode, rest)) = data.split_first() else {
        return Ran::default();
    };
    let draw = draw(mode & 4 == 0);
    let checked = if mode % 4 == 0 {
        let policy = gen::policy(&mut Bytes(rest));
        run::check_drawn("gen.rung", &policy, gen::CALENDAR, draw)
    } else {
        let text = String::from_utf8_lossy(rest);
        if mode % 4 == 1 {
            // The same bytes are the calendar too, so calendar files are fuzzed with the policy.
            let with_calendar = format!("日历 \"cal.csv\"\n{text}");
            run::check_drawn("fuzz.rung", &with_calendar, &text, draw)
        } else {
            run::check_drawn("fuzz.rung", &text, gen::CALENDAR, draw)
        }
    };
    Ran {
        checked: checked.is_some(),
        ..Ran::default()
    }
}

/// Any bytes as records in every format and encoding, read against the reference policy's
/// schema or the probation policy's, evaluated and explained; records in = verdicts + errors.
pub fn records(data: &[u8]) -> Ran {
    let Some((&mode, rest)) = data.split_first() else {
        return Ran::default();
    };
    let programs = programs();
    assert_eq!(programs.len(), 2, "the shipped policies check");
    let Some(checked) = programs.get(usize::from(mode & 1)) else {
        return Ran::default();
    };
    let format = match ((mode >> 1) & 7) % 5 {
        0 => Format::Json,
        1 => Format::JsonLines,
        2 => Format::Csv,
        3 => Format::Tsv,
        _ => Format::Workbook,
    };
    let encoding = match ((mode >> 4) & 3) % 3 {
        0 => Encoding::Auto,
        1 => Encoding::Utf8,
        _ => Encoding::Gb18030,
    };
    let lang = if mode & 0x80 == 0 { Lang::Zh } else { Lang::En };
    let as_of = Date::from_ymd(2026, 7, 3).unwrap_or(Date::MIN);
    let ran = run::evaluate(checked, format, encoding, rest, as_of, lang, 1);
    // Nothing is lost by splitting: every non-blank line of JSON Lines in UTF-8 is a record
    // or an error.
    if format == Format::JsonLines && encoding != Encoding::Gb18030 && ran.readable {
        if let Ok(text) = std::str::from_utf8(rest) {
            assert_eq!(ran.records, run::json_lines(text), "records lost: {text:?}");
        }
    }
    ran
}

/// Bytes driving the generator: a policy over a schema, records from the schema and a date;
/// checked, read, evaluated and explained, with every record line accounted for.
/// The compiled evaluator and the tree-walking one also give the same verdict (with its full
/// trace) or the same error for every record.
pub fn eval(data: &[u8]) -> Ran {
    let case = gen::case(&mut Bytes(data));
    let ran = run::run_drawn(&case, draw(data.last().is_none_or(|b| b & 1 == 0)));
    if ran.checked {
        same_both_ways(&case);
    }
    ran
}

fn same_both_ways(case: &gen::Case) {
    let loader = MemoryLoader::new().with("cal.csv", &case.calendar);
    let Ok(checked) = rung::compile("gen.rung", &case.policy, &loader) else {
        return;
    };
    let (y, m, d) = case.as_of;
    let Some(as_of) = Date::from_ymd(y, m, d) else {
        return;
    };
    let program = &checked.program;
    let bytes = case.records.as_bytes();
    let Ok(records) = rung::records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Auto,
        bytes,
        Lang::Zh,
    ) else {
        return;
    };
    let mut compiled = Evaluator::new(program);
    let mut walking = Evaluator::walking(program);
    let options = Options { trace: true };
    for read in records.filter_map(Result::ok) {
        let record = &read.record;
        let fast = compiled.with_verdict(record, as_of, |v| rung::verdict::of(v, options));
        let slow = walking.with_verdict(record, as_of, |v| rung::verdict::of(v, options));
        assert_eq!(
            fast, slow,
            "compiled and walking differ on record {}",
            record.id
        );
    }
}
