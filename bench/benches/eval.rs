//! Side by side, in one run, per record of a generated roster of the reference policy: rung
//! evaluating (compiled, walking the tree, and with traces; on cold records and on a few hot
//! ones), the native baseline, the Rego peer (职级晋升 only), reading alone, and read + evaluate
//! + write (JSON and notices, as `rung eval` does them with one job).
//!
//! ```sh
//! cargo bench -p rung-bench                       # 2000 records
//! RUNG_BENCH_RECORDS=10000 cargo bench -p rung-bench
//! ```

use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use rung::calendar::Date;
use rung::check::Checked;
use rung::value::Record;
use rung_bench::native::{self, Calendar, Employee};
use rung_bench::{engine, peer::Peer, roster};

fn main() {
    divan::main();
}

const AS_OF: &str = "2026-07-03";

fn as_of() -> Date {
    Date::parse(AS_OF).unwrap_or_else(|| panic!("bad date"))
}

fn count() -> u64 {
    std::env::var("RUNG_BENCH_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

static ROSTER: LazyLock<String> = LazyLock::new(|| roster::generate(count(), 1, as_of()));
static POLICY: LazyLock<Checked> = LazyLock::new(engine::policy);
static RECORDS: LazyLock<Vec<Record>> = LazyLock::new(|| engine::read(&POLICY, &ROSTER));
static CALENDAR: LazyLock<Calendar> = LazyLock::new(native::calendar);
static EMPLOYEES: LazyLock<Vec<Employee>> = LazyLock::new(|| {
    ROSTER
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}")))
        .collect()
});

fn native_date() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap_or_default()
}

fn items() -> ItemsCount {
    ItemsCount::new(RECORDS.len())
}

/// Evaluation alone, all five decisions, on records already read.
#[divan::bench(sample_count = 30)]
fn eval_rung(b: Bencher) {
    let d = as_of();
    let mut ev = rung::eval::Evaluator::new(&POLICY.program);
    b.counter(items()).bench_local(|| {
        for r in RECORDS.iter() {
            black_box(engine::eval_only(&mut ev, r, d));
        }
    });
}

/// The same, walking the expression tree node by node instead of running its compiled form
/// (the evaluator before it was compiled; explanations still walk the tree).
#[divan::bench(sample_count = 30)]
fn eval_rung_walking(b: Bencher) {
    let d = as_of();
    let mut ev = rung::eval::Evaluator::walking(&POLICY.program);
    b.counter(items()).bench_local(|| {
        for r in RECORDS.iter() {
            black_box(engine::eval_only(&mut ev, r, d));
        }
    });
}

/// Evaluation with every rule's report (what `--explain` shows).
#[divan::bench(sample_count = 10)]
fn eval_rung_traced(b: Bencher) {
    let d = as_of();
    let mut ev = rung::eval::Evaluator::new(&POLICY.program);
    b.counter(items()).bench_local(|| {
        for r in RECORDS.iter() {
            black_box(engine::eval_traced(&mut ev, r, d));
        }
    });
}

/// The native baseline's five decisions on records already read.
#[divan::bench(sample_count = 30)]
fn eval_native(b: Bencher) {
    let d = native_date();
    b.counter(items()).bench_local(|| {
        for e in EMPLOYEES.iter() {
            black_box(native::decide(e, d, &CALENDAR));
        }
    });
}

/// How many records the `_hot` benches cycle through: few enough that their data stays in the
/// L1 and L2 caches, so what is left is the cost of the program itself.
const HOT: usize = 16;

/// Evaluation alone, as `eval_rung`, but cycling through the first 16 records as many times as
/// the roster has records: the records' data stays in cache, so the gap to `eval_rung` is what
/// reading cold records costs and the gap to `eval_native_hot` is the program's own.
#[divan::bench(sample_count = 30)]
fn eval_rung_hot(b: Bencher) {
    let d = as_of();
    let mut ev = rung::eval::Evaluator::new(&POLICY.program);
    let few: Vec<&Record> = RECORDS.iter().take(HOT).collect();
    b.counter(items()).bench_local(|| {
        for r in few.iter().cycle().take(RECORDS.len()) {
            black_box(engine::eval_only(&mut ev, r, d));
        }
    });
}

/// The native baseline on the same 16 records, cycled as `eval_rung_hot` cycles them.
#[divan::bench(sample_count = 30)]
fn eval_native_hot(b: Bencher) {
    let d = native_date();
    let few: Vec<&Employee> = EMPLOYEES.iter().take(HOT).collect();
    b.counter(items()).bench_local(|| {
        for e in few.iter().cycle().take(EMPLOYEES.len()) {
            black_box(native::decide(e, d, &CALENDAR));
        }
    });
}

/// The Rego peer's 职级晋升 alone, on inputs already converted.
#[divan::bench(sample_count = 5)]
fn eval_regorus_promotion(b: Bencher) {
    let mut peer = Peer::new(&native::calendar()).unwrap_or_else(|e| panic!("{e}"));
    let inputs: Vec<regorus::Value> = ROSTER
        .lines()
        .map(|l| Peer::input(l, AS_OF).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    b.counter(items()).bench_local(|| {
        for i in &inputs {
            black_box(peer.eval(i.clone()).ok());
        }
    });
}

/// Reading JSON Lines into typed records.
#[divan::bench(sample_count = 30)]
fn read_rung(b: Bencher) {
    b.counter(items())
        .bench_local(|| black_box(engine::read(&POLICY, &ROSTER).len()));
}

/// Reading JSON Lines into typed records through a JSON tree (every record as an irregular
/// one is read, and as every record was read before the direct reader).
#[divan::bench(sample_count = 30)]
fn read_rung_tree(b: Bencher) {
    b.counter(items())
        .bench_local(|| black_box(engine::read_by(&POLICY, &ROSTER, false).len()));
}

/// The native baseline's reading (serde derive).
#[divan::bench(sample_count = 30)]
fn read_native(b: Bencher) {
    b.counter(items()).bench_local(|| {
        ROSTER
            .lines()
            .filter(|l| serde_json::from_str::<Employee>(l).is_ok())
            .count()
    });
}

/// Read, evaluate and write JSON Lines, one record at a time, the policy compiled and its
/// JSON fragments prepared once (as `rung eval --format json --jobs 1` does).
#[divan::bench(sample_count = 20)]
fn whole_json_rung(b: Bencher) {
    let d = as_of();
    let mut out = Vec::with_capacity(ROSTER.len() * 2);
    let mut ev = rung::eval::Evaluator::new(&POLICY.program);
    let prepared = engine::prepared(&POLICY);
    b.counter(items()).bench_local(|| {
        out.clear();
        engine::each_record(&POLICY, &ROSTER, |r| {
            engine::write_json(&mut ev, &prepared, r, d, &mut out);
        });
        out.len()
    });
}

/// The native baseline: read, decide and write JSON Lines.
#[divan::bench(sample_count = 20)]
fn whole_json_native(b: Bencher) {
    let mut out = Vec::with_capacity(ROSTER.len() * 2);
    b.counter(items()).bench_local(|| {
        out.clear();
        native::run(ROSTER.as_bytes(), &mut out, native_date(), &CALENDAR).ok();
        out.len()
    });
}

/// Read, evaluate and write notices, one record at a time (as `rung eval --format notice
/// --jobs 1` does).
#[divan::bench(sample_count = 10)]
fn whole_notice_rung(b: Bencher) {
    let d = as_of();
    let mut out = String::with_capacity(ROSTER.len() * 4);
    let mut ev = rung::eval::Evaluator::new(&POLICY.program);
    b.counter(items()).bench_local(|| {
        out.clear();
        engine::each_record(&POLICY, &ROSTER, |r| {
            engine::write_notice(&mut ev, r, d, &mut out);
        });
        out.len()
    });
}
