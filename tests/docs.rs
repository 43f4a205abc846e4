//! The documentation cannot go stale: every example in `docs/*.md` is checked here.
//!
//! Fenced blocks are picked by their info string:
//! - ```` ```rung ````: a whole policy; it must check without errors.
//! - ```` ```rung,fragment ````: checked after `docs/examples/prelude.rung`.
//! - ```` ```rung,prelude ````: must be the prelude file, word for word.
//! - `error=CODE` (with `rung` or `rung,fragment`): must fail, and with the error `rung::CODE`.
//! - `warning=CODE`: must check, and warn `rung::CODE`.
//! - ```` ```jsonl,as-of=2026-07-03 ````: records, evaluated by `rung eval --format json` against
//!   the last policy block; `explain` adds `--explain`, `exit=N` expects that exit code (else 0).
//! - ```` ```json,check=PATH ````: what `rung check --format json PATH` prints, line by line.
//! - ```` ```json,verdict ````: what the `jsonl` block before it prints, one JSON value per record;
//!   `partial` compares only the keys written (arrays and other values in full).
//!
//! Policies are checked as if saved in `policies/`, so `日历 "calendars/cn-2020-2026.csv"` finds
//! the reference calendar. Every diagnostic code in `src/`, every keyword of the grammar and
//! every built-in function must also appear in `docs/language.md`, and every link to a heading
//! must lead to one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rung::check::DirLoader;
use rung::diag::Lang;
use serde_json::Value;

const DOCS: &[&str] = &["docs/language.md", "docs/output.md", "docs/testing.md"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fenced code block: where it starts, its info string's parts and its text.
struct Block {
    at: String,
    tags: Vec<String>,
    text: String,
}

impl Block {
    fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// The value of a `key=value` tag.
    fn value(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find_map(|t| t.strip_prefix(key)?.strip_prefix('='))
    }
}

fn blocks(file: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in read(file).lines().enumerate() {
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        at: format!("{file}:{}", i + 1),
                        tags: info.split(',').map(|t| t.trim().to_string()).collect(),
                        text: String::new(),
                    });
                }
            }
            Some(b) if line.trim_end() == "```" => out.push(b),
            Some(mut b) => {
                b.text.push_str(line);
                b.text.push('\n');
                open = Some(b);
            }
        }
    }
    assert!(open.is_none(), "{file}: a code block is not closed");
    out
}

/// `unknown-name` or `rung::unknown-name` as a full code.
fn code(c: &str) -> String {
    if c.starts_with("rung::") {
        c.to_string()
    } else {
        format!("rung::{c}")
    }
}

/// Checks one policy block; returns the policy text when it checked.
fn check_policy(b: &Block, prelude: &str, failures: &mut Vec<String>) -> Option<String> {
    let text = if b.has("fragment") {
        format!("{prelude}\n{}", b.text)
    } else {
        b.text.clone()
    };
    let loader = DirLoader::new(root().join("policies"));
    let (diags, ok) = match rung::compile(&b.at, &text, &loader) {
        Ok(c) => (
            rung::explain::diagnostics::warnings(&c.warnings, Lang::Zh),
            true,
        ),
        Err(f) => (f.diagnostics(Lang::Zh), false),
    };
    let found = |want: &str, error: bool| {
        diags
            .iter()
            .any(|d| d.code == code(want) && d.is_error() == error)
    };
    let listing: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    let problem = match (b.value("error"), b.value("warning")) {
        (Some(e), _) if ok => Some(format!("should fail with {}, but it checks", code(e))),
        (Some(e), _) if !found(e, true) => Some(format!("should fail with {}", code(e))),
        (Some(_), _) => None,
        (None, _) if !ok => Some("should check, but has errors".to_string()),
        (None, Some(w)) if !found(w, false) => Some(format!("should warn {}", code(w))),
        (None, _) => None,
    };
    if let Some(p) = problem {
        failures.push(format!("{}: {p}; found: {listing:?}", b.at));
    }
    (ok && b.value("error").is_none()).then_some(text)
}

/// Runs `rung eval` on a policy and records in a fresh folder; returns the exit code and output.
fn eval(policy: &str, records: &Block, n: usize) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("rung-docs-{}-{n}", std::process::id()));
    let calendars = dir.join("calendars");
    std::fs::create_dir_all(&calendars).expect("temporary folder");
    for entry in std::fs::read_dir(root().join("policies/calendars")).expect("calendars") {
        let path = entry.expect("calendar").path();
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, calendars.join(name)).expect("copy calendar");
    }
    std::fs::write(dir.join("policy.rung"), policy).expect("write policy");
    std::fs::write(dir.join("records.jsonl"), &records.text).expect("write records");
    let as_of = records.value("as-of").unwrap_or("2026-07-03");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rung"));
    cmd.current_dir(&dir)
        .args(["eval", "--policy", "policy.rung", "--as-of", as_of])
        .args(["--format", "json", "records.jsonl"]);
    if records.has("explain") {
        cmd.arg("--explain");
    }
    let out = cmd.output().expect("run rung eval");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // The stream opens with its header (docs/output.md): its keys as documented, then the
    // records' lines, which the examples show.
    let (header, rest) = stdout.split_once('\n').unwrap_or(("", ""));
    let keys: Vec<String> = serde_json::from_str::<Value>(header)
        .ok()
        .and_then(|h| {
            h.get("header")?
                .as_object()
                .map(|o| o.keys().cloned().collect())
        })
        .unwrap_or_default();
    if keys != ["policy", "file", "sha256", "as_of", "rung"] {
        return (-2, format!("no header as documented: {stdout}"));
    }
    (out.status.code().unwrap_or(-1), rest.to_string())
}

/// Whether `want` is `got` (`partial`: only the keys `want` names, recursively).
fn matches(want: &Value, got: &Value, partial: bool) -> bool {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) if partial => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|x| matches(v, x, partial))),
        _ => want == got,
    }
}

fn values(text: &str) -> Result<Vec<Value>, serde_json::Error> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect()
}

#[test]
fn examples_in_the_docs_are_right() {
    let prelude = read("docs/examples/prelude.rung");
    let mut failures = Vec::new();
    let (mut policies, mut evaluations) = (0, 0);
    for file in DOCS {
        let mut policy: Option<String> = None;
        let mut output: Option<(String, String)> = None;
        for b in blocks(file) {
            match b.tags.first().map(String::as_str) {
                Some("rung") => {
                    policies += 1;
                    if b.has("prelude") && b.text.trim() != prelude.trim() {
                        failures.push(format!("{}: differs from the prelude file", b.at));
                    }
                    policy = check_policy(&b, &prelude, &mut failures);
                }
                Some("jsonl") => {
                    let Some(p) = &policy else {
                        failures.push(format!("{}: records without a policy that checks", b.at));
                        continue;
                    };
                    evaluations += 1;
                    let (status, out) = eval(p, &b, evaluations);
                    let want: i32 = b.value("exit").map_or(0, |e| e.parse().unwrap_or(-1));
                    if status != want {
                        failures.push(format!("{}: exit code {status}, not {want}", b.at));
                    }
                    output = Some((b.at.clone(), out));
                }
                Some("json") if b.value("check").is_some() => {
                    let path = b.value("check").unwrap_or_default();
                    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
                        .current_dir(root())
                        .args(["check", "--format", "json", path])
                        .output()
                        .expect("run rung check");
                    let got = String::from_utf8_lossy(&out.stdout);
                    match (values(&b.text), values(&got)) {
                        (Ok(w), Ok(g)) if w == g => {}
                        _ => failures.push(format!("{}: `rung check` gives\n{got}", b.at)),
                    }
                }
                Some("json") if b.has("verdict") => {
                    let Some((at, out)) = output.take() else {
                        failures.push(format!("{}: a verdict without records before it", b.at));
                        continue;
                    };
                    let (want, got) = match (values(&b.text), values(&out)) {
                        (Ok(w), Ok(g)) => (w, g),
                        (w, g) => {
                            failures.push(format!("{}: not JSON: {w:?} {g:?}", b.at));
                            continue;
                        }
                    };
                    let same = want.len() == got.len()
                        && want
                            .iter()
                            .zip(&got)
                            .all(|(w, g)| matches(w, g, b.has("partial")));
                    if !same {
                        failures.push(format!("{}: the records at {at} give\n{out}", b.at));
                    }
                }
                _ => {}
            }
        }
    }
    eprintln!("checked {policies} policy examples and {evaluations} evaluations");
    assert!(policies >= 40, "only {policies} policy examples were found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Quoted words of the grammar's keyword rules, and the two names of each built-in function.
fn vocabulary() -> Vec<String> {
    let mut words = Vec::new();
    let keyword_rules = [
        "k_",
        "quantifier",
        "none_lit",
        "combine",
        "bool_lit",
        "cmp_word",
        "unit",
        "number_kw",
        "list_type",
        "map_type",
    ];
    let mut inside = false;
    for line in read("grammar/rung.pest").lines() {
        inside = inside || keyword_rules.iter().any(|k| line.starts_with(k));
        if inside {
            let quoted = line.split('"').skip(1).step_by(2);
            let real = quoted.filter(|w| !w.trim().is_empty() && !w.starts_with('\\'));
            words.extend(real.map(str::to_string));
        }
        inside = inside && !line.trim_end().ends_with('}');
    }
    for line in read("src/check/builtins.rs").lines() {
        if line.trim_start().starts_with("(\"") && line.contains("Builtin::") {
            let names = line.split('"').skip(1).step_by(2).take(2);
            words.extend(names.map(|n| format!("`{n}(")));
        }
    }
    words
}

fn codes(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            codes(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for piece in text.split("\"rung::").skip(1) {
                let name: String = piece.chars().take_while(|c| *c != '"').collect();
                out.push(format!("`rung::{name}`"));
            }
        }
    }
}

#[test]
fn every_code_keyword_and_function_is_documented() {
    let doc = read("docs/language.md");
    let mut wanted = vocabulary();
    codes(&root().join("src"), &mut wanted);
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !doc.contains(w.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in docs/language.md: {missing:?}");
}

/// The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    let text = heading.trim_start_matches('#').trim();
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The anchors of a file's headings (outside code blocks) and the links it makes to anchors.
fn anchors_and_links(file: &str) -> (Vec<String>, Vec<String>) {
    let (mut anchors, mut links, mut code) = (Vec::new(), Vec::new(), false);
    for line in read(file).lines() {
        code ^= line.starts_with("```");
        if code || line.starts_with("```") {
            continue;
        }
        if line.starts_with('#') {
            anchors.push(slug(line));
        }
        for piece in line.split("](").skip(1) {
            let target = piece.split(')').next().unwrap_or("");
            if target.contains('#') && !target.starts_with("http") {
                links.push(target.to_string());
            }
        }
    }
    (anchors, links)
}

#[test]
fn links_between_the_docs_lead_somewhere() {
    let mut broken = Vec::new();
    for file in DOCS {
        for link in anchors_and_links(file).1 {
            let (target, anchor) = link.split_once('#').unwrap_or(("", ""));
            let target = if target.is_empty() {
                file.to_string()
            } else {
                format!("docs/{target}")
            };
            if !anchors_and_links(&target).0.iter().any(|a| a == anchor) {
                broken.push(format!("{file}: {link}"));
            }
        }
    }
    assert!(broken.is_empty(), "links to no heading: {broken:?}");
}
