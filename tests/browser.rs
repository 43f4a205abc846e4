//! The HTML report in a real browser: Debian's headless Chromium, driven by playwright-core
//! (tests/browser/), opens the report of the example roster and checks the counts it shows
//! against the JSON verdicts, opens a row, searches, sorts, and keeps screenshots and a PDF in
//! `target/browser/`. Needs Node.js, npm and `/usr/bin/chromium` (or `CHROMIUM`): the README's
//! test command (`scripts/test.sh`) installs Chromium where it is missing. Never skipped.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const ROSTER: &str = "examples/roster.jsonl";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    let path =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    assert!(
        path.exists(),
        "no browser at {}: the HTML report is tested in Debian's Chromium. Run the README's test \
         command, `scripts/test.sh`, which installs it (`apt-get install chromium`), or set \
         CHROMIUM to a Chromium binary",
        path.display()
    );
    path
}

fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &Path)]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().map(|(k, v)| (*k, *v)))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (Node.js and npm are needed): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?} failed:\n{text}");
    text
}

fn rung_eval(format: &str, to: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_rung"))
        .args([
            "eval",
            "--policy",
            POLICY,
            "--as-of",
            "2026-07-03",
            "--format",
            format,
        ])
        .arg("-o")
        .arg(to)
        .arg(ROSTER)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn the_html_report_works_in_a_real_browser() {
    let browser = chromium();
    let shots = root().join("target/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let report = shots.join("report.html");
    let verdicts = shots.join("verdicts.jsonl");
    rung_eval("html", &report);
    rung_eval("json", &verdicts);
    let dir = root().join("tests/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        run(&dir, "npm", &["ci", "--no-audit", "--no-fund"], &[]);
    }
    let shot = shots.join("report-row-open.png");
    let _ = std::fs::remove_file(&shot);
    let out = run(
        &dir,
        "node",
        &["--test", "report.test.js"],
        &[
            ("REPORT", &report),
            ("VERDICTS", &verdicts),
            ("ROSTER", &root().join(ROSTER)),
            ("SHOTS", &shots),
            ("CHROMIUM", &browser),
        ],
    );
    assert!(
        out.contains("# pass 1") && out.contains("# fail 0"),
        "{out}"
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "the screenshot is kept"
    );
}
