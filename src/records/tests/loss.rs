//! Records stage: no record is lost by splitting the input wrongly. Each test accounts for
//! every record written: records in = records read + errors.

use serde_json::json;

use super::*;

/// `n` CSV rows with ids E1..En after a header, each on its own line ended by `end`.
fn csv_rows(n: usize, end: &str) -> Vec<String> {
    let mut rows = vec!["工号,姓名,岗位,入职类型,入职日期,考核.2026-01".to_string()];
    rows.extend((1..=n).map(|i| format!("E{i},张{i},客服,社招,2025-03-01,A")));
    rows.iter().map(|r| format!("{r}{end}")).collect()
}

fn line_ids(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(r) => r.record.id.clone(),
            Err(e) => format!("✗{}", e.id.as_deref().unwrap_or("?")),
        })
        .collect()
}

#[test]
fn a_stray_quote_in_a_csv_loses_its_row_only() {
    let s = schema();
    for end in ["\n", "\r\n", "\r"] {
        let mut rows = csv_rows(6, end);
        // Row 4 (E3): a name with a stray quote that opens a cell.
        rows[3] = format!("E3,\"张3,客服,社招,2025-03-01,A{end}");
        let (items, _) = read_all(&s, Format::Csv, rows.concat().as_bytes(), Lang::En);
        assert_eq!(
            line_ids(&items),
            ["E1", "E2", "✗E3", "E4", "E5", "E6"],
            "{end:?}"
        );
        let e = items[2].as_ref().unwrap_err();
        assert_eq!(e.line, 4);
        assert_eq!(e.kind, RecordErrorKind::UnclosedQuote { column: 2 });
        assert_eq!(
            ids(&items).last(),
            Some(&(7, "E6".to_string())),
            "rows go on"
        );
        // A stray quote closed by a later one, with text after it.
        let mut rows = csv_rows(4, end);
        rows[1] = format!("E1,\"张1,客服,社招,2025-03-01,A{end}");
        rows[3] = format!("E3,\"张3\",客服,社招,2025-03-01,A{end}");
        let (items, _) = read_all(&s, Format::Csv, rows.concat().as_bytes(), Lang::En);
        assert_eq!(line_ids(&items), ["✗E1", "E2", "E3", "E4"], "{end:?}");
    }
}

#[test]
fn a_broken_element_of_a_json_array_reports_what_it_swallowed() {
    let s = schema();
    let rec = |id: &str| record_json(json!({ "工号": id }));
    // A string not closed: it ends at its line's end, and the array goes on.
    let text = format!(
        "[\n  {},\n  {{\"工号\": \"E2\", \"姓名\": \"李\n  }},\n  {},\n  {}\n]\n",
        rec("E1"),
        rec("E3"),
        rec("E4")
    );
    let (items, notices) = read_all(&s, Format::Json, text.as_bytes(), Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(line_ids(&items), ["E1", "✗E2", "E3", "E4"]);
    // An object not closed, pretty-printed: the next element starts on the next line that
    // opens an object as far in.
    let text = format!(
        "[\n  {},\n  {{\"工号\": \"E2\",\n   \"投诉\": [{{\"日期\": \"2026-01-01\"}},\n  {},\n  {}\n]\n",
        rec("E1"),
        rec("E3"),
        rec("E4")
    );
    let (items, notices) = read_all(&s, Format::Json, text.as_bytes(), Lang::En);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(line_ids(&items), ["E1", "✗E2", "E3", "E4"]);
    // On one line there is no telling where the next element starts: the records swallowed
    // are reported, each on its own, with a count on the broken one.
    let text = format!(
        "[{},\n{{\"工号\": \"E2\", \"考核\": {{\"2026-01\": \"A\", {}, {}]\n",
        rec("E1"),
        rec("E3"),
        rec("E4")
    );
    let (items, _) = read_all(&s, Format::Json, text.as_bytes(), Lang::En);
    assert_eq!(line_ids(&items), ["E1", "✗E2", "✗E3", "✗E4"]);
    let e = items[1].as_ref().unwrap_err();
    assert!(
        matches!(
            e.kind,
            RecordErrorKind::Json {
                swallowed: 2,
                until: 2,
                ..
            }
        ),
        "{:?}",
        e.kind
    );
    assert!(e
        .help(Lang::En)
        .unwrap_or_default()
        .contains("2 more record(s)"));
    let e = items[3].as_ref().unwrap_err();
    assert_eq!(
        (e.line, &e.kind),
        (2, &RecordErrorKind::Swallowed { by: 2 })
    );
}

#[test]
fn json_lines_with_any_line_end() {
    let s = schema();
    for end in ["\n", "\r\n", "\r"] {
        let text: String = ["E1", "E2", "E3"]
            .map(|id| record_json(json!({ "工号": id })) + end)
            .concat();
        let (items, _) = read_all(&s, Format::JsonLines, text.as_bytes(), Lang::En);
        assert_eq!(
            ids(&items),
            [(1, "E1"), (2, "E2"), (3, "E3")].map(|(l, i)| (l, i.to_string())),
            "{end:?}"
        );
        let array = format!("[{}]", text.trim_end().replace(end, &format!(",{end}")));
        let (items, notices) = read_all(&s, Format::Json, array.as_bytes(), Lang::En);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(ids(&items).len(), 3, "{end:?}");
        assert_eq!(ids(&items)[2].0, 3, "{end:?}");
    }
}

#[test]
fn a_bad_byte_is_an_error_of_its_record_wherever_it_is() {
    let s = schema();
    // Enough records that the last ones lie past the start that the encoding is guessed from.
    let n = 3000;
    for format in [Format::JsonLines, Format::Csv] {
        let text = match format {
            Format::Csv => csv_rows(n, "\n").concat(),
            _ => (1..=n)
                .map(|i| {
                    record_json(json!({"工号": format!("E{i}"), "姓名": format!("张{i}")})) + "\n"
                })
                .collect(),
        };
        let first = text.find("张2").unwrap_or(0) + "张".len();
        let last = text.rfind("张2999").unwrap_or(0) + "张".len();
        assert!(last > 64 * 1024);
        let mut bytes = text.into_bytes();
        bytes.insert(last, 0xff);
        bytes.insert(first, 0xff);
        let (items, notices) = read_all(&s, format, &bytes, Lang::En);
        assert_eq!(items.len(), n, "{format:?}");
        let errs = errors(&items);
        let at: Vec<_> = errs
            .iter()
            .map(|e| (e.id.as_deref(), e.field.as_deref()))
            .collect();
        assert_eq!(
            at,
            [(Some("E2"), Some("姓名")), (Some("E2999"), Some("姓名"))],
            "{format:?}"
        );
        assert_eq!(
            errs[0].to_string(),
            "`姓名` holds bytes that are not valid text: `张\u{fffd}2`"
        );
        assert_eq!(notices.len(), 1, "{format:?}");
    }
}

#[test]
fn a_key_written_twice_is_an_error() {
    let s = schema();
    let line = record_json(json!({})).replacen('{', "{\"岗位\": \"班组长\", ", 1);
    let (items, _) = read_all(&s, Format::JsonLines, line.as_bytes(), Lang::En);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(
        (e.id.as_deref(), e.field.as_deref()),
        (Some("E1"), Some("岗位"))
    );
    assert_eq!(e.to_string(), "`岗位` is written twice");
}

#[test]
fn a_wide_header_with_a_repeated_column_is_read_and_the_repeat_reported() {
    // 40,000 columns: the duplicate-column check once took 17 s here (quadratic); speed is
    // measured by the benchmarks, not asserted by a timer.
    let s = schema();
    let n = 40_000;
    let mut header = String::from("工号,岗位,入职类型,入职日期,考核");
    for i in 0..n {
        header.push_str(&format!(",x{i}"));
    }
    header.push_str(",工号\nE1,客服,社招,2025-03-01,");
    header.push_str(&",".repeat(n + 1));
    header.push('\n');
    let (items, notices) = read_all(&s, Format::Csv, header.as_bytes(), Lang::En);
    assert_eq!(ids(&items), [(2, "E1".to_string())]);
    assert!(notices.iter().any(|n| n.contains("appears twice")));
}

/// A small deterministic generator (xorshift), so that the mutations are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

#[test]
fn mutated_rosters_account_for_every_line() {
    let s = schema();
    let jsonl = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/roster.jsonl"
    ))
    .unwrap();
    let csv = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/roster.csv")).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let bytes: [&[u8]; 8] = [b"\"", b"\r", b"\n", b"\xff", b"{", b"}", b",", b"\r\n"];
    for round in 0..300 {
        for (format, base) in [(Format::JsonLines, &jsonl), (Format::Csv, &csv)] {
            let mut data = base.clone();
            for _ in 0..1 + rng.next(4) {
                let at = rng.next(data.len());
                let what = bytes[rng.next(bytes.len())];
                data.splice(at..at, what.iter().copied());
            }
            let Ok(records) = read(&s, format, Encoding::Auto, &data[..], Lang::En) else {
                continue; // the header itself was broken: an error of the whole file
            };
            let items = Iterator::count(records);
            let text = String::from_utf8_lossy(&data)
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            match format {
                // One item per line that is not blank.
                Format::JsonLines => assert_eq!(items, lines, "round {round}"),
                // At most one per line after the header, and never the rest of the file lost
                // to one quote: all but a handful of the 37 rows come out.
                _ => assert!(items < lines && items + 4 >= 37, "round {round}: {items}"),
            }
        }
    }
}
