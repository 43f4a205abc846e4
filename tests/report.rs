//! The reports of `rung eval`: the workbook (`--format xlsx`), read back as a spreadsheet
//! reader reads it, holds the same verdicts as the JSON Lines; its problems sheet names each
//! record lost with its file, line and field; the HTML page escapes what a record says; `-o`
//! writes every format; the progress bar never shows in a pipe.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const ROSTER: &str = "examples/roster.jsonl";
const PROBLEMS: &str = "tests/fixtures/report/problems.jsonl";

fn rung(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rung")
}

fn eval(extra: &[&str], input: &str) -> Output {
    let mut args = vec!["eval", "--policy", POLICY, "--as-of", "2026-07-03"];
    args.extend_from_slice(extra);
    args.push(input);
    rung(&args)
}

/// A fresh path under `target/tmp/report/`.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/report");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The stream's header object names the policy; records follow.
        .filter(|v| v.get("decisions").is_some() || v.get("error").is_some())
        .collect()
}

/// The days from Excel's day zero (1899-12-30) to a `YYYY-MM-DD` date.
fn excel_serial(date: &str) -> Option<f64> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let zero = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some(d.signed_duration_since(zero).num_days() as f64)
}

/// The cell the workbook should hold for a JSON value of a verdict: `null` is an empty cell,
/// or `待定` where the decision is pending.
fn same(cell: &Data, json: &serde_json::Value, pending: bool) -> bool {
    match (json, cell) {
        (serde_json::Value::Null, Data::Empty) => true,
        (serde_json::Value::Null, Data::String(s)) => pending && s == "待定",
        (serde_json::Value::Bool(b), Data::String(s)) => s == if *b { "是" } else { "否" },
        (serde_json::Value::Number(n), Data::Float(f)) => n.as_f64() == Some(*f),
        (serde_json::Value::Number(n), Data::Int(i)) => n.as_f64() == Some(*i as f64),
        (serde_json::Value::String(s), Data::DateTime(d)) => excel_serial(s) == Some(d.as_f64()),
        (serde_json::Value::String(s), Data::String(c)) => s == c,
        _ => false,
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_workbook_holds_the_verdicts_of_the_json_lines() {
    let path = scratch("roster.xlsx");
    let out = eval(&["--format", "xlsx", "-o", path.to_str().unwrap()], ROSTER);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty(), "a workbook goes to its file only");
    let verdicts = json_lines(&eval(&["--format", "json"], ROSTER));
    let rows = sheet(&path, "评定结果");
    assert_eq!(
        rows.len(),
        verdicts.len() + 1,
        "a header, then one row per person"
    );
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(&header[..3], ["工号", "姓名", "岗位"]);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {header:?}"))
    };
    let names: Vec<String> = std::fs::read_to_string(ROSTER)
        .unwrap()
        .lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l).unwrap();
            r["姓名"].as_str().unwrap().to_string()
        })
        .collect();
    let mut checked = 0;
    for (v, (row, name)) in verdicts.iter().zip(rows.iter().skip(1).zip(&names)) {
        assert_eq!(
            text(&row[0]),
            v["id"].as_str().unwrap(),
            "rows in input order"
        );
        assert_eq!(&text(&row[1]), name);
        for (decision, d) in v["decisions"].as_object().unwrap() {
            let status = &row[col(&format!("{decision}.状态"))];
            assert_eq!(text(status), d["status"].as_str().unwrap());
            for (field, value) in d["outcome"].as_object().unwrap() {
                let cell = &row[col(&format!("{decision}.{field}"))];
                assert!(
                    same(cell, value, d["status"] == "待定"),
                    "{} {decision}.{field}: the workbook has {cell:?}, the JSON {value}",
                    v["id"]
                );
                checked += 1;
            }
            let rules: Vec<&str> = d["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            assert_eq!(
                text(&row[col(&format!("{decision}.条款"))]),
                rules.join("、")
            );
            let reason = text(&row[col(&format!("{decision}.理由"))]);
            if let Some(first) = rules.first() {
                assert!(
                    reason.contains(&format!("第 {first}")),
                    "{} {decision}: the reason names clause {first}: {reason}",
                    v["id"]
                );
            }
            if d["status"] == "不适用" {
                assert_eq!(reason, "本项评定不适用于您。");
            }
        }
    }
    assert!(checked > 300, "only {checked} outcomes compared");
    let warnings: usize = verdicts
        .iter()
        .map(|v| v["warnings"].as_array().unwrap().len())
        .sum();
    let problems = sheet(&path, "问题");
    assert_eq!(
        problems.len(),
        1 + warnings,
        "a header, then each verdict's warnings"
    );
    assert!(problems.iter().skip(1).all(|r| text(&r[0]) == "警告"));
}

#[test]
fn the_problems_sheet_names_each_record_lost_and_each_warning() {
    let path = scratch("problems.xlsx");
    let out = eval(
        &["--format", "xlsx", "-o", path.to_str().unwrap()],
        PROBLEMS,
    );
    assert_eq!(out.status.code(), Some(2), "a record was lost");
    assert_eq!(sheet(&path, "评定结果").len(), 3, "a header and two people");
    let rows = sheet(&path, "问题");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "类别",
            "文件",
            "行",
            "工作表",
            "列",
            "表头",
            "标识",
            "字段",
            "问题",
            "提示"
        ]
    );
    let error: Vec<&Vec<Data>> = rows.iter().filter(|r| text(&r[0]) == "错误").collect();
    assert_eq!(error.len(), 1, "{rows:?}");
    let e = error[0];
    assert_eq!(text(&e[1]), PROBLEMS);
    assert_eq!(e[2], Data::Float(2.0));
    assert_eq!(text(&e[6]), "X2002");
    assert_eq!(text(&e[7]), "考核.2026-02");
    assert!(text(&e[8]).contains("`E`"), "{e:?}");
    assert!(text(&e[9]).contains("`S`"), "{e:?}");
    let warnings: Vec<String> = rows
        .iter()
        .filter(|r| text(&r[0]) == "警告")
        .map(|r| format!("{} {}", text(&r[6]), text(&r[8])))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("X2003") && w.contains("备注")),
        "the unknown key of X2003: {warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("上次晋级")),
        "a field absent from the whole input: {warnings:?}"
    );
}

#[test]
fn a_workbook_without_a_file_to_go_to_is_refused() {
    let out = eval(&["--format", "xlsx"], ROSTER);
    assert_eq!(out.status.code(), Some(64));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
}

#[test]
fn the_html_report_escapes_what_records_say() {
    let path = scratch("problems.html");
    let out = eval(
        &["--format", "html", "-o", path.to_str().unwrap()],
        PROBLEMS,
    );
    assert_eq!(out.status.code(), Some(2));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "a name must not inject markup"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;姓名&#39;)&lt;/script&gt;"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "the page's own script only"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    assert!(!html.contains("<link"), "no external style or font");
    assert!(html.contains("考核.2026-02"), "the record lost is listed");
}

#[test]
fn every_format_writes_to_the_file_given_with_o() {
    for format in ["text", "audit", "json", "notice", "html"] {
        let path = scratch(&format!("roster.{format}"));
        let to_file = eval(&["--format", format, "-o", path.to_str().unwrap()], ROSTER);
        assert_eq!(to_file.status.code(), Some(0), "{format}: {to_file:?}");
        assert!(to_file.stdout.is_empty(), "{format}: nothing on stdout");
        let to_stdout = eval(&["--format", format], ROSTER);
        let written = std::fs::read(&path).unwrap();
        assert!(!written.is_empty(), "{format}");
        assert_eq!(
            written, to_stdout.stdout,
            "{format}: the file is what stdout gets"
        );
    }
}

/// A roster of `n` people: the example roster's records over again, each with an id of its
/// own.
fn large_roster(n: usize, name: &str) -> PathBuf {
    let lines: Vec<String> = std::fs::read_to_string(ROSTER)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let path = scratch(name);
    let mut text = String::new();
    for i in 0..n {
        let line = &lines[i % lines.len()];
        let at = line.find("\"工号\": \"").unwrap() + "\"工号\": \"".len();
        let end = at + line[at..].find('"').unwrap();
        text.push_str(&format!("{}L{i:06}{}\n", &line[..at], &line[end..]));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_long_run_in_a_pipe_shows_no_progress_bar() {
    let roster = large_roster(4_000, "large-pipe.jsonl");
    assert!(std::fs::metadata(&roster).unwrap().len() > 1 << 20);
    let out = eval(&["--format", "json"], roster.to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "no bar drawn into a pipe: {stderr:?}"
    );
    assert!(!stderr.contains("评估中"), "{stderr:?}");
    assert!(
        stderr.contains("共 4000 条记录:4000 条已评估"),
        "{stderr:?}"
    );
}

#[test]
fn a_long_run_on_a_terminal_shows_a_progress_bar_then_clears_it() {
    let roster = large_roster(4_000, "large-terminal.jsonl");
    let out = scratch("large.json");
    // `script` gives the command a terminal; its output is what the terminal showed.
    let cmd = format!(
        "{} eval --policy {POLICY} --as-of 2026-07-03 --format json -o {} {}",
        env!("CARGO_BIN_EXE_rung"),
        out.display(),
        roster.display()
    );
    let shown = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run script (util-linux)");
    let screen = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{screen}");
    assert!(
        screen.contains("评估中"),
        "a bar on the terminal: {screen:?}"
    );
    assert!(screen.contains("共 4000 条记录"), "{screen:?}");
    // Verdicts written to the terminal itself scroll by: no bar over them.
    let cmd = format!(
        "{} eval --policy {POLICY} --as-of 2026-07-03 --format json {}",
        env!("CARGO_BIN_EXE_rung"),
        roster.display()
    );
    let scrolled = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let scrolled = String::from_utf8_lossy(&scrolled.stdout);
    assert!(
        scrolled.contains("\"decisions\""),
        "the verdicts on the terminal"
    );
    assert!(
        !scrolled.contains("评估中"),
        "no bar over verdicts on the terminal"
    );
    assert_eq!(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .filter(|l| l.contains("\"decisions\""))
            .count(),
        4000,
        "every verdict written"
    );
}

#[test]
fn the_readme_report_commands_run_as_written() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut ran = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(command) = line.strip_prefix("$ rung eval ") else {
            continue;
        };
        if !command.contains("--format xlsx") && !command.contains("--format html") {
            continue;
        }
        // The file named after `-o` is written under target/ instead.
        let mut args: Vec<String> = command.split_whitespace().map(String::from).collect();
        let at = args.iter().position(|a| a == "-o").unwrap() + 1;
        args[at] = scratch(&format!("readme-{i}-{}", args[at]))
            .to_string_lossy()
            .into_owned();
        let mut all = vec!["eval".to_string()];
        all.extend(args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = rung(&all);
        assert_eq!(out.status.code(), Some(0), "{command}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            lines[i + 1],
            "{command}"
        );
        assert!(std::fs::metadata(all[at + 1]).unwrap().len() > 1000);
        ran += 1;
    }
    assert_eq!(ran, 2, "the README shows a workbook and a page");
}

#[test]
fn a_workbook_of_one_decision_has_its_columns_only() {
    let path = scratch("demotion.xlsx");
    let out = eval(
        &[
            "--format",
            "xlsx",
            "--decision",
            "降级",
            "-o",
            path.to_str().unwrap(),
        ],
        ROSTER,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows = sheet(&path, "评定结果");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "工号",
            "姓名",
            "岗位",
            "降级.状态",
            "降级.处理",
            "降级.目标职级",
            "降级.生效月份",
            "降级.条款",
            "降级.理由"
        ]
    );
    let verdicts = json_lines(&eval(&["--format", "json"], ROSTER));
    for (v, row) in verdicts.iter().zip(rows.iter().skip(1)) {
        let d = &v["decisions"]["降级"];
        assert!(same(&row[4], &d["outcome"]["处理"], false), "{}", v["id"]);
        assert!(
            same(&row[6], &d["outcome"]["生效月份"], false),
            "{}",
            v["id"]
        );
    }
}

/// A sheet's XML, as the workbook stores it.
fn sheet_xml(path: &Path, n: usize) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The widths of a sheet's columns, in characters, from its `<col min max width>` elements.
fn widths(xml: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for col in xml.split("<col ").skip(1) {
        let attr = |name: &str| {
            let at = col.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            col[at..at + col[at..].find('"').unwrap()].to_string()
        };
        let (min, max): (usize, usize) =
            (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        out.resize(max, 0.0);
        for w in &mut out[min - 1..max] {
            *w = attr("width").parse().unwrap();
        }
    }
    out
}

#[test]
fn the_workbook_freezes_its_header_filters_and_fits_widths_with_chinese_double() {
    let path = scratch("layout.xlsx");
    let out = eval(&["--format", "xlsx", "-o", path.to_str().unwrap()], ROSTER);
    assert_eq!(out.status.code(), Some(0));
    let rows = sheet(&path, "评定结果");
    for (n, rows) in [(1, rows), (2, sheet(&path, "问题"))] {
        let xml = sheet_xml(&path, n);
        assert!(
            xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""),
            "sheet {n}: the header row is frozen"
        );
        let last = rows.len();
        assert!(
            xml.contains("<autoFilter ref=\"A1:") && xml.contains(&format!("{last}\"/>")),
            "sheet {n}: a filter over every row: {}",
            &xml[xml.find("<autoFilter").unwrap_or(0)..][..60.min(xml.len())]
        );
    }
    let rows = sheet(&path, "评定结果");
    let xml = sheet_xml(&path, 1);
    let widths = widths(&xml);
    assert_eq!(widths.len(), rows[0].len(), "a width for every column");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    // A Chinese character counts two: the widest cell of a column (its header with room for
    // the filter button, four more) plus one.
    let wide = |t: &str| -> usize { t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    for name in ["工号", "姓名", "转正定级.职级", "职级晋升.目标职级"] {
        let c = header.iter().position(|h| h == name).unwrap();
        let widest = rows
            .iter()
            .skip(1)
            .map(|r| wide(&text(&r[c])))
            .chain([wide(name) + 4])
            .max()
            .unwrap();
        // The file stores a width with the cell's padding, a fraction more.
        let stored = widths[c];
        assert!(
            stored >= (widest + 1) as f64 && stored < (widest + 2) as f64,
            "column {name}: {stored} for cells {widest} wide"
        );
    }
    let reason = header.iter().position(|h| h == "职级晋升.理由").unwrap();
    assert!(
        widths[reason] <= 62.0,
        "a long reason does not make the column endless"
    );
}
