//! `rung eval --jobs N`: the output is the same, byte for byte, for any number of threads —
//! verdicts, notices and audit text on stdout, the reader's notes and skipped repeats on
//! stderr — on the example roster and on a generated one with broken and repeated records
//! mixed in; and the library's parallel batch gives its items in input order.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::Command;

use rung::batch::{self, Item};
use rung::calendar::Date;
use rung::diag::Lang;
use rung::records::{self, Encoding, Format};
use rung::verdict::Options;

#[allow(dead_code)]
#[path = "../examples/gen_roster.rs"]
mod gen;

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const EXAMPLE: &str = "examples/roster.jsonl";

fn as_of() -> Date {
    Date::from_ymd(2026, 7, 3).unwrap()
}

/// A generated roster of `count` records with, every 37th line, a record that cannot be read,
/// and every 53rd, a repeat of the record before.
/// The records of a JSON Lines text, as the CLI reads them (UTF-8, messages in Chinese).
fn read_lines<'s>(program: &'s rung::program::Program, text: &'s str) -> records::Records<'s> {
    records::read(
        program.schema(),
        Format::JsonLines,
        Encoding::Utf8,
        text.as_bytes(),
        Lang::Zh,
    )
    .unwrap()
}

fn generated(count: u64, seed: u64) -> String {
    let mut out = Vec::new();
    let options = gen::Options {
        count,
        seed,
        as_of: as_of(),
        out: None,
    };
    gen::write_roster(&options, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut mixed = String::new();
    let mut last = "";
    for (i, line) in text.lines().enumerate() {
        if i % 37 == 5 {
            mixed.push_str(&line.replacen("\"入职日期\": \"", "\"入职日期\": \"20x", 1));
        } else {
            mixed.push_str(line);
        }
        mixed.push('\n');
        if i % 53 == 7 {
            mixed.push_str(last);
            mixed.push('\n');
        }
        last = line;
    }
    mixed.push_str("{\"工号\": \"E9\", \"不是字段\": 1}\n");
    mixed
}

fn run(input: &str, jobs: usize, extra: &[&str]) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rung"));
    cmd.args([
        "eval",
        "--policy",
        POLICY,
        "--as-of",
        "2026-07-03",
        "--jobs",
    ])
    .arg(jobs.to_string())
    .args(extra)
    .arg(input)
    .env("NO_COLOR", "1");
    let out = cmd.output().unwrap();
    (out.stdout, out.stderr, out.status.code())
}

fn assert_same_across_jobs(input: &str, extra: &[&str]) {
    let one = run(input, 1, extra);
    assert!(!one.0.is_empty(), "{input} {extra:?}: no output");
    for jobs in [2, 4] {
        let many = run(input, jobs, extra);
        assert!(
            one.0 == many.0,
            "{input} {extra:?}: stdout with --jobs {jobs} differs from --jobs 1"
        );
        assert_eq!(
            String::from_utf8_lossy(&one.1),
            String::from_utf8_lossy(&many.1),
            "{input} {extra:?}: stderr with --jobs {jobs}"
        );
        assert_eq!(one.2, many.2, "{input} {extra:?}: exit code");
    }
}

/// A file in a folder of its own, removed with the folder when the test ends.
struct Temp(PathBuf);

impl std::ops::Deref for Temp {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn temp(name: &str, text: &str) -> Temp {
    let dir = std::env::temp_dir().join(format!("rung-jobs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    Temp(path)
}

#[test]
fn the_example_roster_is_the_same_on_any_number_of_threads() {
    for format in ["json", "notice", "text"] {
        assert_same_across_jobs(EXAMPLE, &["--format", format]);
    }
    assert_same_across_jobs(EXAMPLE, &["--format", "json", "--explain"]);
}

#[test]
fn a_generated_roster_is_the_same_on_any_number_of_threads() {
    let path = temp("generated.jsonl", &generated(400, 7));
    let input = path.to_str().unwrap();
    for format in ["json", "notice", "text"] {
        assert_same_across_jobs(input, &["--format", format]);
    }
    // Repeats skipped with a note, and only some ids shown.
    assert_same_across_jobs(input, &["--format", "json", "--dedupe"]);
    assert_same_across_jobs(
        input,
        &["--format", "json", "--id", "E000010", "--id", "E000399"],
    );
    let (out, err, code) = run(input, 2, &["--format", "json"]);
    assert_eq!(code, Some(2), "{}", String::from_utf8_lossy(&err));
    // Every record is there, in input order: a verdict or an error per line.
    let ids: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The stream's header names the policy; then one object per record.
        .filter(|v| v.get("header").is_none())
        .map(|v| v["id"].as_str().unwrap_or("").to_string())
        .collect();
    let lines = std::fs::read_to_string(&*path).unwrap();
    assert_eq!(ids.len(), lines.lines().count());
    assert_eq!(ids.first().map(String::as_str), Some("E000001"));
    assert_eq!(ids.last().map(String::as_str), Some("E9"));
}

#[test]
fn a_json_array_read_on_its_own_thread_is_the_same_on_any_number_of_threads() {
    // A `.json` array keeps the reader thread (chunks of 64 records, each chunk's text
    // written in runs): broken records, repeats and a key that is no field mixed in.
    let lines: Vec<String> = generated(300, 5).lines().map(str::to_string).collect();
    let path = temp("generated.json", &format!("[\n{}\n]\n", lines.join(",\n")));
    let input = path.to_str().unwrap();
    for format in ["json", "notice"] {
        assert_same_across_jobs(input, &["--format", format]);
    }
    assert_same_across_jobs(input, &["--format", "notice", "--dedupe"]);
}

#[test]
fn the_library_batch_keeps_input_order_on_every_thread_count() {
    let checked = rung::compile_file(std::path::Path::new(POLICY)).unwrap();
    let program = &checked.program;
    let text = generated(300, 3);
    let collect = |jobs: usize| {
        let mut recs = read_lines(program, &text);
        let make_view = || {
            |v: &rung::eval::Verdict<'_>, r: &records::ReadRecord| {
                batch::owned(v, r, Options::default())
            }
        };
        let mut items = Vec::new();
        let mut noted = Vec::new();
        let tally = batch::run(
            program,
            as_of(),
            &mut recs,
            None,
            NonZeroUsize::new(jobs).unwrap(),
            &make_view,
            // The reader's own count, not `Iterator::count` of `&mut Records`.
            |r| records::Records::count(r),
            |n, item| {
                noted.push(n);
                items.push(item.clone());
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        (items, noted, tally)
    };
    let (one, noted, tally) = collect(1);
    assert_eq!(tally.read, one.len());
    assert!(tally.failed > 0 && tally.evaluated > 0, "{tally:?}");
    // What the reader noted is given with the record it was noted after.
    assert_eq!(noted, (1..=one.len()).collect::<Vec<_>>());
    assert!(matches!(one.first(), Some(Item::Verdict(v)) if v.id == "E000001"));
    for jobs in [2, 3, 8] {
        let (many, many_noted, many_tally) = collect(jobs);
        assert_eq!(many_tally, tally, "tally with {jobs} jobs");
        assert_eq!(many_noted, noted, "notes with {jobs} jobs");
        assert!(many == one, "items with {jobs} jobs differ from one job");
    }
}

#[test]
fn the_library_text_batch_writes_each_verdict_and_error_once_in_input_order() {
    // Runs of whole verdicts are written per chunk: a record the gate skips (`--dedupe`) or
    // fails (an id given twice) has its text in the chunk too, and must not be written.
    use std::io::Write;
    let checked = rung::compile_file(std::path::Path::new(POLICY)).unwrap();
    let program = &checked.program;
    let text = generated(700, 11);
    assert!(text.len() > 4 * 64 * 1024);
    let read = |dedupe: bool| {
        let mut recs = read_lines(program, &text);
        recs.set_gate(records::Gate::new(dedupe, false), "roster.jsonl");
        recs
    };
    let shown = |v: &rung::eval::Verdict<'_>| format!("{} {}\n", v.id(), v.record().line);
    let error = |item: &Item<()>| match item {
        Item::Verdict(()) => unreachable!(),
        Item::Unread(e) => format!("unread {}\n", e.line),
        Item::Failed { line, .. } => format!("failed {line}\n"),
    };
    for dedupe in [false, true] {
        // One record at a time, each written as it comes.
        let mut want = String::new();
        let view = |v: &rung::eval::Verdict<'_>, _: &records::ReadRecord| shown(v);
        for item in batch::Batch::new(program, as_of(), read(dedupe), view) {
            match item {
                Item::Verdict(t) => want.push_str(&t),
                Item::Unread(e) => want.push_str(&error(&Item::Unread(e))),
                Item::Failed { id, line, error: e } => {
                    want.push_str(&error(&Item::Failed { id, line, error: e }))
                }
            }
        }
        assert!(want.contains("unread"), "no record failed");
        for jobs in [1, 2, 3] {
            let mut recs = read(dedupe);
            let make_view = || {
                |v: &rung::eval::Verdict<'_>, _: &records::ReadRecord, text: &mut Vec<u8>| {
                    text.extend_from_slice(shown(v).as_bytes());
                }
            };
            let mut out = Vec::new();
            let tally = batch::run_text(
                program,
                as_of(),
                &mut recs,
                None,
                NonZeroUsize::new(jobs).unwrap(),
                &make_view,
                |_| (),
                &mut out,
                |(), item, text| match item {
                    Item::Verdict(()) => text.keep(),
                    _ => text.writer()?.write_all(error(item).as_bytes()),
                },
            )
            .unwrap();
            let out = String::from_utf8(out).unwrap();
            assert_eq!(out, want, "dedupe {dedupe}, {jobs} jobs");
            assert_eq!(
                tally.read,
                want.lines().count(),
                "dedupe {dedupe}, {jobs} jobs"
            );
        }
    }
}

#[test]
fn repeats_and_bad_records_across_chunks_are_reported_as_with_one_job() {
    // Far more than one chunk of input, with repeats of records read chunks before, broken
    // records, blank lines and CRLF line ends spread over it.
    let base = generated(700, 11);
    let lines: Vec<&str> = base.lines().collect();
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        text.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
        if i % 97 == 50 {
            text.push_str(lines[i / 4]);
            text.push('\n');
        }
        if i % 89 == 3 {
            text.push_str("{\"工号\": \"BAD\", \n");
        }
        if i % 113 == 9 {
            text.push_str("\n  \n");
        }
    }
    assert!(text.len() > 4 * 64 * 1024);
    let path = temp("repeats.jsonl", &text);
    let input = path.to_str().unwrap();
    for extra in [
        &["--format", "json"][..],
        &["--format", "json", "--dedupe"],
        &["--format", "json", "--strict"],
        &["--format", "notice", "--lang", "en"],
    ] {
        assert_same_across_jobs(input, extra);
    }
    // The counts add up: one item per line that is not blank.
    let items = text.lines().filter(|l| !l.trim().is_empty()).count();
    let (_, err, _) = run(input, 2, &["--format", "json"]);
    let err = String::from_utf8(err).unwrap();
    let summary = err.lines().find(|l| l.starts_with('共')).unwrap();
    let numbers: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 3, "{summary}");
    assert_eq!(numbers[0], items, "{summary}");
    assert_eq!(numbers[1] + numbers[2], items, "{summary}");
    assert!(numbers[2] > 20, "{summary}");
}
