//! `rung lsp` spoken to as an editor does: spawn it, initialize, open and change documents,
//! ask for hovers, definitions, references, symbols, completions and quick fixes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rung"))
            .arg("lsp")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut c = Client {
            child,
            stdin,
            stdout,
            next: 1,
        };
        let caps = c.request("initialize", json!({"capabilities": {}}));
        assert_eq!(caps["capabilities"]["hoverProvider"], true);
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                len = n.parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, skipping notifications in between.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.read();
            if msg["id"] == id {
                assert!(msg.get("error").is_none(), "{method}: {msg}");
                return msg["result"].clone();
            }
        }
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Value {
        loop {
            let msg = self.read();
            if msg["method"] == "textDocument/publishDiagnostics" {
                return msg["params"]["diagnostics"].clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "rung", "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    fn at(&mut self, method: &str, uri: &str, text: &str, needle: &str, nth: usize) -> Value {
        let offset = text.match_indices(needle).nth(nth).unwrap().0;
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let col: usize = before
            .rsplit('\n')
            .next()
            .unwrap()
            .chars()
            .map(char::len_utf16)
            .sum();
        let mut params = json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": col + 1},
        });
        if method == "textDocument/references" {
            params["context"] = json!({"includeDeclaration": true});
        }
        self.request(method, params)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }
}

fn file_uri(rel: &str) -> String {
    // As editors send it: non-ASCII bytes percent-encoded.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut uri = String::from("file://");
    for b in path.display().to_string().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[test]
fn the_reference_policy_checks_and_answers_hover_definition_and_references() {
    let text = std::fs::read_to_string(POLICY).unwrap();
    let uri = file_uri(POLICY);
    let mut c = Client::start();
    let diags = c.open(&uri, &text);
    // The warnings `rung check` gives: two assumed parameters, and §3.3's three months for the
    // three bands of contract terms 劳动合同法 第19条 limits to less.
    let codes: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "rung::assumed-param",
            "rung::assumed-param",
            "rung::probation-too-long",
            "rung::probation-too-long",
            "rung::probation-too-long"
        ],
        "{diags}"
    );

    let hover = c.at("textDocument/hover", &uri, &text, "8.4.1.2.B \"", 0);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("前6个月考核成绩3A(含)以上且无C、D,或1S+1A以上且无C、D可申请晋级2个小级"),
        "{md}"
    );
    assert!(md.contains("小级数 = 2"), "{md}");

    let hover = c.at("textDocument/hover", &uri, &text, "评审及格线 = 80", 0);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("80") && md.contains("自定"), "{md}");

    let hover = c.at("textDocument/hover", &uri, &text, "3A 或 1S+1A", 0);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("至少 3 个 A 或以上"), "{md}");

    let def = c.at("textDocument/definition", &uri, &text, "前6个月 达到", 0);
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        text.lines().nth(line).unwrap().starts_with("定义 前6个月"),
        "{def}"
    );

    let refs = c.at("textDocument/references", &uri, &text, "前6个月 达到", 0);
    assert!(refs.as_array().unwrap().len() > 5, "{refs}");

    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let decision = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "职级晋升")
        .unwrap();
    assert!(decision["children"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "8.4.1.2.B"));

    let items = c.at("textDocument/completion", &uri, &text, "前6个月 达到", 0);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for want in [
        "前6个月",
        "当前职级",
        "「中(二)级客服(一般)」",
        "规则",
        "达到",
    ] {
        assert!(labels.contains(&want), "{want} not in completions");
    }
    assert!(
        !labels.contains(&"rule"),
        "English keywords in a Chinese file"
    );
    c.stop();
}

#[test]
fn a_misspelled_name_gets_the_diagnostic_of_rung_check_and_a_quick_fix() {
    let path = "tests/fixtures/check/err/names.rung";
    let text = std::fs::read_to_string(path).unwrap();
    let uri = file_uri(path);
    let mut c = Client::start();
    let diags = c.open(&uri, &text);
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args(["check", "--format", "json", path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let expected: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // The last line is the summary, not a diagnostic.
        .filter(|d| d.get("severity").is_some())
        .collect();
    let got = diags.as_array().unwrap();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g["code"], e["code"]);
        assert_eq!(
            g["range"]["start"]["line"].as_u64().unwrap() + 1,
            e["line"].as_u64().unwrap()
        );
        // Columns: characters there, UTF-16 units here — the same for this file's text.
        assert_eq!(
            g["range"]["start"]["character"].as_u64().unwrap() + 1,
            e["column"].as_u64().unwrap()
        );
        assert_eq!(
            g["range"]["end"]["line"].as_u64().unwrap() + 1,
            e["end_line"].as_u64().unwrap()
        );
        assert_eq!(
            g["range"]["end"]["character"].as_u64().unwrap() + 1,
            e["end_column"].as_u64().unwrap()
        );
    }
    let unknown = got
        .iter()
        .find(|d| d["code"] == "rung::unknown-type")
        .unwrap();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": unknown["range"], "context": {"diagnostics": [unknown]}}),
    );
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "日期", "{actions}");
    assert_eq!(edit["range"], unknown["range"]);
    c.stop();
}

#[test]
fn changes_are_rechecked_and_a_half_typed_file_never_breaks_the_server() {
    let text = std::fs::read_to_string(POLICY).unwrap();
    let uri = "untitled:policy.rung";
    let mut c = Client::start();
    c.open(uri, "");
    let lines: Vec<&str> = text.lines().collect();
    // Grow the file a few lines at a time, asking for a hover at the end each time.
    for n in (0..lines.len()).step_by(23) {
        let prefix = lines[..n].join("\n");
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": n + 2}, "contentChanges": [{"text": prefix}]}),
        );
        c.diagnostics();
        let last = n.saturating_sub(1);
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": last, "character": 3}}),
        );
    }
    // Formatting is `rung fmt`'s layout: a misindented file gets one edit, a formatted one none.
    let messy = "决定 d {\n      x: 布尔 = 假\n  规则 1 \"r\" 原文 \"s\"\n        则 x = 真\n}\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 998}, "contentChanges": [{"text": messy}]}),
    );
    c.diagnostics();
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let formatted = edits[0]["newText"].as_str().unwrap().to_string();
    assert_ne!(formatted, messy);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 999}, "contentChanges": [{"text": formatted}]}),
    );
    c.diagnostics();
    let again = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(again, json!([]));
    // A full-width operator gets a fix to its half-width form.
    let typo =
        "决定 d {\n  x: 布尔 = 假\n  规则 1 \"r\" 原文 \"s\"\n    当 1 ＞ 0\n    则 x = 真\n}\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1000}, "contentChanges": [{"text": typo}]}),
    );
    let diags = c.diagnostics();
    let d = &diags[0];
    assert_eq!(d["range"]["start"]["line"], 3, "{diags}");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["edit"]["changes"][uri][0]["newText"] == ">");
    assert!(fix.is_some(), "{actions}");
    c.stop();
}

#[test]
fn hover_and_completion_know_the_roster_keywords_and_group_functions() {
    let path = "examples/年终强制分布.rung";
    let text = std::fs::read_to_string(path).unwrap();
    let uri = file_uri(path);
    let mut c = Client::start();
    c.open(&uri, &text);
    let md = |v: Value| v["contents"]["value"].as_str().unwrap().to_string();
    // A group function: both names, how it is called and what the reference says it gives.
    let hover = md(c.at("textDocument/hover", &uri, &text, "组内名次()", 0));
    assert!(hover.contains("`组内名次` · `group_rank`"), "{hover}");
    assert!(hover.contains("the record's rank in its group"), "{hover}");
    let hover = md(c.at("textDocument/hover", &uri, &text, "组内平均(", 0));
    assert!(hover.contains("`group_mean(x)`"), "{hover}");
    // Roster keywords: every spelling and their meaning from the reference's table.
    let hover = md(c.at("textDocument/hover", &uri, &text, "名额 2", 0));
    assert!(hover.contains("`quota` · `名额`"), "{hover}");
    assert!(hover.contains("a rule's share of a group"), "{hover}");
    let hover = md(c.at("textDocument/hover", &uri, &text, "排名 考评得分", 0));
    assert!(hover.contains("`ranked by` · `排名`"), "{hover}");
    let items = c.at("textDocument/completion", &uri, &text, "名额 2", 0);
    let items = items.as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for want in [
        "组内名次",
        "组内人数",
        "组内平均",
        "星期",
        "节日",
        "整除",
        "余数",
        "取整",
        "向下取整",
        "向上取整",
        "合计",
        "平均",
        "最小",
        "最大",
        "表",
        "全部",
        "按",
        "排名",
        "名额",
    ] {
        assert!(labels.contains(&want), "{want} not in completions");
    }
    assert!(
        !labels.contains(&"group_rank"),
        "English names in a Chinese file"
    );
    let weekday = items.iter().find(|i| i["label"] == "星期").unwrap();
    assert_eq!(weekday["kind"], 3, "a function");
    assert!(
        weekday["detail"]
            .as_str()
            .unwrap()
            .starts_with("星期(日期): the day of the week"),
        "{weekday}"
    );
    c.stop();
}
