//! The yardsticks agree with the policy: the native baseline writes, record for record, the
//! JSON that rung writes, and the Rego peer gives rung's 职级晋升 outcome, on generated rosters
//! evaluated inside and outside the promotion windows, and on the example roster.

use rung::calendar::Date;
use rung_bench::{engine, native, peer::Peer, roster};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|| panic!("not a date: {s}"))
}

/// Dates inside the July window, inside the January window (班组长 too), and outside both.
const DATES: [&str; 4] = ["2026-07-03", "2026-01-06", "2026-05-15", "2025-12-31"];

fn native_lines(text: &str, as_of: &str) -> Vec<String> {
    let cal = native::calendar();
    let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap_or_default();
    let mut out = Vec::new();
    native::run(text.as_bytes(), &mut out, as_of, &cal).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn assert_same(what: &str, rung: &[String], other: &[String]) {
    assert_eq!(rung.len(), other.len(), "{what}: number of verdicts");
    let differ: Vec<usize> = (0..rung.len()).filter(|i| rung[*i] != other[*i]).collect();
    if let Some(&i) = differ.first() {
        panic!(
            "{what}: {} of {} verdicts differ; the first:\n rung:   {}\n other:  {}",
            differ.len(),
            rung.len(),
            rung[i],
            other[i]
        );
    }
}

#[test]
fn native_writes_what_rung_writes() {
    let checked = engine::policy();
    for (i, as_of) in DATES.iter().enumerate() {
        let text = roster::generate(2000, 11 + i as u64, date(as_of));
        let records = engine::read(&checked, &text);
        let rung = engine::eval_json(&checked, &records, date(as_of));
        assert_same(as_of, &rung, &native_lines(&text, as_of));
    }
}

#[test]
fn native_agrees_on_the_example_roster() {
    let checked = engine::policy();
    let text = include_str!("../../examples/roster.jsonl");
    let records = engine::read(&checked, text);
    let rung = engine::eval_json(&checked, &records, date("2026-07-03"));
    assert_same(
        "examples/roster.jsonl",
        &rung,
        &native_lines(text, "2026-07-03"),
    );
}

/// Numbers as floats, so that `80` and `80.0` compare equal.
fn normalized(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(n) => serde_json::json!(n.as_f64()),
        serde_json::Value::Object(m) => {
            serde_json::Value::Object(m.into_iter().map(|(k, v)| (k, normalized(v))).collect())
        }
        other => other,
    }
}

#[test]
fn the_rego_peer_agrees_on_promotion() {
    let checked = engine::policy();
    let mut peer = Peer::new(&native::calendar()).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    for (i, as_of) in DATES.iter().enumerate() {
        let text = roster::generate(300, 21 + i as u64, date(as_of));
        let records = engine::read(&checked, &text);
        let rung = engine::eval_json(&checked, &records, date(as_of));
        for (line, verdict) in text.lines().zip(&rung) {
            let v: serde_json::Value = serde_json::from_str(verdict).unwrap_or_default();
            let expected = normalized(v["decisions"]["职级晋升"]["outcome"].clone());
            let input = Peer::input(line, as_of).unwrap_or_else(|e| panic!("{e}"));
            let got = normalized(peer.eval_json(input).unwrap_or_else(|e| panic!("{e}")));
            assert_eq!(expected, got, "{as_of}: {line}");
            compared += 1;
        }
    }
    assert_eq!(compared, 1200);
}
