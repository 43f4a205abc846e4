//! Robustness at the edges of the command line: output that cannot be written, a reader that
//! goes away, and diagnostics on lines too long to draw.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const ROSTER: &str = "examples/roster.jsonl";

fn rung(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rung"));
    c.args(args).env("NO_COLOR", "1");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const EVAL: [&str; 6] = ["eval", "--policy", POLICY, "--as-of", "2026-07-03", ROSTER];

/// Runs with standard output (or error) sent to `/dev/full`, where every write fails.
fn to_full(args: &[&str], stderr_full: bool) -> Option<Output> {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
    if !Path::new("/dev/full").exists() {
        return None;
    }
    let mut c = rung(args);
    if stderr_full {
        c.stdout(Stdio::null()).stderr(full().ok()?);
    } else {
        c.stdout(full().ok()?).stderr(Stdio::piped());
    }
    c.output().ok()
}

#[test]
fn a_full_disk_is_an_error_with_a_message_and_an_exit_code() {
    for args in [&["check", POLICY][..], &EVAL[..]] {
        let Some(out) = to_full(args, false) else {
            return;
        };
        assert_eq!(out.status.code(), Some(74), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("无法写出结果"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_full_standard_error_gives_an_exit_code_without_a_panic() {
    // The reference policy has a warning, so `check` writes to standard error; `eval` writes
    // its summary there.
    for args in [&["check", POLICY][..], &EVAL[..]] {
        let Some(out) = to_full(args, true) else {
            return;
        };
        assert_eq!(out.status.code(), Some(74), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = rung(&EVAL)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rung");
    // Read one byte, then go away, as `| head -c 1` does.
    let mut first = [0u8; 1];
    let mut stdout = child.stdout.take().expect("stdout");
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("无法写出"),
        "{err}"
    );
}

#[test]
fn a_mistake_after_a_very_long_line_is_drawn_cut_short() {
    let dir = std::env::temp_dir().join(format!("rung-long-line-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("long.rung");
    let long = "长".repeat(70_000);
    let policy = format!(
        "制度 \"x\"\n记录 员工 {{ 工号: 文本 标识 }}\n决定 转正 {{\n  已转正: 布尔 = 假\n  \
         规则 1 \"转正\" 原文 \"{long}\" 当 未知字段 则 已转正 = 真\n}}\n"
    );
    std::fs::write(&path, policy).expect("write policy");
    let out = rung(&["check", path.to_str().expect("utf-8 path")])
        .output()
        .expect("run rung");
    let _ = std::fs::remove_dir_all(&dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("未知名称 `未知字段`"), "{err}");
    assert!(
        err.contains("long.rung:5:70021]"),
        "the column is the original's: {err}"
    );
    assert!(err.contains("…长长"), "the line is cut: {err}");
    assert!(err.len() < 4000, "the long line is not drawn whole");
}
