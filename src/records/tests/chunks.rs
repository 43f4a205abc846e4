//! Records stage: a JSON Lines input read in chunks of whole lines gives what reading it in one
//! pass gives — the same items with the same lines and ordinals, the same notes, the same
//! fields found absent, the same repeats skipped and errors made by the gate — wherever the
//! chunks are cut: between `\r` and `\n`, in a blank line, at a bad record, between two records
//! with the same id.

use super::*;

/// What a reading gives: the items, each with the reader's count and the repeats the gate
/// skipped before it, the notes on the input, the fields absent, the repeats skipped after the
/// last item.
type Reading = (
    Vec<(Item, usize, Vec<Skipped>)>,
    Vec<String>,
    Vec<usize>,
    Vec<Skipped>,
);

fn open<'s>(schema: &'s Schema, input: impl Read + Send + 's, gate: Option<Gate>) -> Records<'s> {
    let mut records = read(schema, Format::JsonLines, Encoding::Auto, input, Lang::En).unwrap();
    if let Some(gate) = gate {
        records.set_gate(gate, "roster.jsonl");
    }
    records
}

fn skipped(records: &mut Records<'_>) -> Vec<Skipped> {
    records
        .gate_mut()
        .map(Gate::take_skipped)
        .unwrap_or_default()
}

fn finish(mut records: Records<'_>, items: Vec<(Item, usize, Vec<Skipped>)>) -> Reading {
    let rest = skipped(&mut records);
    let absent = records.absent_fields();
    (items, records.notices().to_vec(), absent, rest)
}

fn one_pass(mut records: Records<'_>) -> Reading {
    let mut items = Vec::new();
    while let Some(item) = records.next() {
        let noted = skipped(&mut records);
        items.push((item, Records::count(&records), noted));
    }
    finish(records, items)
}

/// Cuts every chunk first, then reads them (as workers would) and passes their items in order.
fn in_chunks(mut records: Records<'_>, size: usize) -> Reading {
    let reader = records.chunk_reader().unwrap();
    let strict = records.gate_mut().map(|g| g.strict);
    let mut chunks = Vec::new();
    while let Some(chunk) = records.next_chunk(size) {
        chunks.push(chunk);
    }
    let mut items = Vec::new();
    for chunk in &chunks {
        let mut read = Vec::new();
        let given = reader.read(chunk, |r| read.push(r));
        assert_eq!(read.len(), chunk.items());
        records.add_given(&given);
        for r in read {
            let key = strict.and_then(|s| r.as_ref().ok().map(|r| Key::of(r, s)));
            let item = match records.pass(key.as_ref()) {
                Some(Ok(())) => r,
                Some(Err(e)) => Err(e),
                None => continue,
            };
            let noted = skipped(&mut records);
            items.push((item, Records::count(&records), noted));
        }
    }
    while let Some(item) = records.next() {
        let noted = skipped(&mut records);
        items.push((item, Records::count(&records), noted));
    }
    finish(records, items)
}

/// Records of every kind, with every kind of line end and blank line.
fn mixed() -> String {
    let rec = |id: &str, extra: Value| record_json(json!({ "工号": id }).merged(extra));
    let mut lines = vec![
        rec("E1", json!({})),
        String::new(),
        rec("E2", json!({"不是字段": 1})),
        "   \t".to_string(),
        rec("E3", json!({"入职日期": "2025-13-01"})),
        "{\"工号\": \"E4\", \"岗位\": ".to_string(),
        "\u{3000}".to_string(),
        "\u{b}".to_string(),
        rec("E1", json!({})),
        rec("E2", json!({"岗位": "客服主管"})),
        rec("E5", json!({"工号": null})),
        "[1, 2]".to_string(),
        rec("E6\u{fffd}", json!({})),
        rec("E7", json!({"转正日期": "2025-06-01"})),
    ];
    for i in 0..40 {
        lines.push(rec(&format!("F{i}"), json!({})));
    }
    lines.push(rec("E3", json!({})));
    let ends = ["\n", "\r\n", "\r", "\n", "\r\n"];
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(line);
        text.push_str(ends[i % ends.len()]);
    }
    // The last line has no end.
    text.push_str(&rec("E8", json!({})));
    text
}

trait Merged {
    fn merged(self, other: Value) -> Value;
}

impl Merged for Value {
    fn merged(mut self, other: Value) -> Value {
        if let (Value::Object(a), Value::Object(b)) = (&mut self, other) {
            a.extend(b);
        }
        self
    }
}

#[test]
fn chunks_read_as_one_pass_wherever_they_are_cut() {
    let s = schema();
    let text = mixed();
    let gates: [fn() -> Option<Gate>; 4] = [
        || None,
        || Some(Gate::new(false, false)),
        || Some(Gate::new(true, false)),
        || Some(Gate::new(false, true)),
    ];
    for gate in gates {
        let want = one_pass(open(&s, text.as_bytes(), gate()));
        assert!(want.0.iter().any(|(i, ..)| i.is_err()));
        for size in [1, 2, 3, 5, 17, 64, 200, 1000, 100_000] {
            let got = in_chunks(open(&s, text.as_bytes(), gate()), size);
            assert_eq!(got, want, "chunks of {size} bytes, gate {:?}", gate());
        }
    }
}

#[test]
fn chunks_of_gbk_input_with_a_stray_byte_read_as_one_pass() {
    let s = schema();
    let text = mixed().replace('\u{fffd}', "");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut bytes = gbk.into_owned();
    // A byte that is not GBK, inside the last record's name.
    let at = bytes.len() - 10;
    bytes.insert(at, 0xff);
    let want = one_pass(open(&s, &bytes[..], None));
    assert_eq!(want.1.len(), 1, "{:?}", want.1);
    for size in [1, 7, 300, 100_000] {
        assert_eq!(in_chunks(open(&s, &bytes[..], None), size), want);
    }
}

#[test]
fn a_failing_input_gives_the_records_before_the_failure_then_its_error() {
    let s = schema();
    // More than the 64 KiB sniffed at the start, so the failure comes after records are out.
    let line = record_json(json!({})).replace("\"E1\"", "\"E{}\"") + "\n";
    let text: String = (0..1000)
        .map(|i| line.replace("{}", &i.to_string()))
        .collect();
    let want = one_pass(open(&s, FailsAfter(text.as_bytes()), None));
    let last = want.0.last().unwrap();
    assert!(matches!(&last.0, Err(e) if matches!(e.kind, RecordErrorKind::Io(_))));
    for size in [1, 150, 4096, 1 << 20] {
        let got = in_chunks(open(&s, FailsAfter(text.as_bytes()), None), size);
        assert_eq!(got, want, "chunks of {size} bytes");
    }
}

#[test]
fn records_without_an_id_are_numbered_across_chunks() {
    let loader = crate::check::MemoryLoader::new();
    let policy = "记录 员工 { 姓名: 文本  分数: 整数 }\n决定 考核 { 通过: 布尔 = 分数 >= 60 }";
    let checked = crate::compile("p.rung", policy, &loader)
        .map_err(|_| "policy")
        .unwrap();
    let s = checked.program.schema;
    let text: String = (0..50)
        .map(|i| match i % 7 {
            3 => "\n".to_string(),
            5 => "{\"姓名\": \"x\", \"分数\": \"七十\"}\n".to_string(),
            _ => format!("{{\"姓名\": \"n{i}\", \"分数\": {i}}}\n"),
        })
        .collect();
    let want = one_pass(open(&s, text.as_bytes(), Some(Gate::new(false, false))));
    // Line 45 is the 39th item: six blank lines come before it.
    assert!(want
        .0
        .iter()
        .any(|(i, ..)| matches!(i, Ok(r) if r.record.id == "#39")));
    for size in [1, 30, 100, 10_000] {
        let got = in_chunks(
            open(&s, text.as_bytes(), Some(Gate::new(false, false))),
            size,
        );
        assert_eq!(got, want, "chunks of {size} bytes");
    }
}
