//! Command-line conventions: a policy from standard input (`-`), `--color` and `NO_COLOR`,
//! `RUNG_LANG`, and `rung completions`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const MISTAKES: &str = "tests/fixtures/check/err/three_mistakes.rung";

/// `rung ARGS` in `dir` with `env` set (and nothing else of the caller's colour settings),
/// `stdin` on standard input.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rung"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUNG_LANG")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run rung");
    // Written from a thread, and a rung that stops before reading it all (a usage error) is
    // not a failure here.
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_in(Path::new("."), args, env, b"")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_reads_the_policy_from_standard_input_and_its_calendar_from_the_current_folder() {
    let policy = std::fs::read(POLICY).unwrap();
    // In policies/, `日历 "calendars/cn-2020-2026.csv"` is found.
    let out = run_in(Path::new("policies"), &["check", "-"], &[], &policy);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains('✓'), "{}", text(&out.stdout));
    // From the repository root it is not: the error names standard input.
    let out = run_in(
        Path::new("."),
        &["check", "--format", "json", "-"],
        &[],
        &policy,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("rung::calendar-file"), "{stdout}");
    assert!(stdout.contains(r#""file":"<stdin>""#), "{stdout}");
}

#[test]
fn check_from_standard_input_reports_mistakes_like_a_file() {
    let policy = std::fs::read(MISTAKES).unwrap();
    let out = run_in(
        Path::new("."),
        &["check", "-"],
        &[("NO_COLOR", "1")],
        &policy,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("<stdin>:13:7"), "{stderr}");
    assert!(stderr.contains("未知名称 `前六个月`"), "{stderr}");
}

#[test]
fn eval_reads_the_policy_from_standard_input() {
    let policy = std::fs::read(POLICY).unwrap();
    let args = [
        "eval",
        "--policy",
        "-",
        "--as-of",
        "2026-07-03",
        "--format",
        "json",
        "../examples/roster.jsonl",
    ];
    let out = run_in(Path::new("policies"), &args, &[], &policy);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(r#""id":"E1037""#));
    // Both from standard input cannot be.
    let args = ["eval", "--policy", "-", "--as-of", "2026-07-03", "-"];
    let out = run_in(Path::new("policies"), &args, &[], &policy);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).contains("标准输入"),
        "{}",
        text(&out.stderr)
    );
}

fn coloured(out: &Output) -> bool {
    out.stderr.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn color_follows_the_option_then_no_color() {
    let check = |color: Option<&str>, env: &[(&str, &str)]| {
        let mut args = vec!["check"];
        if let Some(c) = color {
            args.extend(["--color", c]);
        }
        args.push(MISTAKES);
        let out = run(&args, env);
        assert_eq!(out.status.code(), Some(1));
        coloured(&out)
    };
    // Standard error is a pipe here: `auto` does not colour it.
    assert!(!check(None, &[]));
    assert!(!check(Some("auto"), &[]));
    assert!(check(Some("always"), &[]));
    assert!(!check(Some("never"), &[]));
    // `--color always` is asked for on this command line: it wins over NO_COLOR.
    assert!(check(Some("always"), &[("NO_COLOR", "1")]));
    // The option is global: it may follow the subcommand's arguments, or come first.
    let out = run(&["--color=always", "check", MISTAKES], &[]);
    assert!(coloured(&out));
    // A value it does not know is a usage error.
    let out = run(&["check", "--color", "sometimes", MISTAKES], &[]);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn rung_lang_sets_the_default_language_and_lang_wins() {
    let out = run(
        &["check", MISTAKES],
        &[("RUNG_LANG", "en"), ("NO_COLOR", "1")],
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unknown name `前六个月`"), "{stderr}");
    assert!(!stderr.contains("未知名称"), "{stderr}");
    let out = run(
        &["check", "--lang", "zh", MISTAKES],
        &[("RUNG_LANG", "en"), ("NO_COLOR", "1")],
    );
    assert!(text(&out.stderr).contains("未知名称 `前六个月`"));
    // Unset: Chinese.
    let out = run(&["check", MISTAKES], &[("NO_COLOR", "1")]);
    assert!(text(&out.stderr).contains("未知名称 `前六个月`"));
    // Also for eval's summary.
    let out = run(
        &[
            "eval",
            "--policy",
            POLICY,
            "--as-of",
            "2026-07-03",
            "--format",
            "json",
            "examples/roster.jsonl",
        ],
        &[("RUNG_LANG", "en")],
    );
    assert!(
        text(&out.stderr).contains("37 record(s): 37 evaluated, 0 failed"),
        "{}",
        text(&out.stderr)
    );
    // A language it does not know is a usage error naming the variable.
    let out = run(&["check", MISTAKES], &[("RUNG_LANG", "fr")]);
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).contains("RUNG_LANG") || text(&out.stderr).contains("fr"));
}

#[test]
fn completions_name_every_subcommand() {
    let out = run(&["completions", "bash"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let script = text(&out.stdout);
    for sub in [
        "check",
        "eval",
        "test",
        "snapshot",
        "lsp",
        "fmt",
        "diff",
        "completions",
    ] {
        assert!(script.contains(sub), "bash completion lacks `{sub}`");
    }
    // Options of a subcommand are completed too.
    assert!(script.contains("--as-of") && script.contains("--policy"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(text(&out.stdout).contains("as-of"), "{shell}");
    }
    let out = run(&["completions", "tcsh"], &[]);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn the_systems_and_the_json_parsers_words_come_in_the_language_asked_for() {
    let eval_missing = |lang: &str| {
        let args = [
            "eval",
            "--policy",
            POLICY,
            "--as-of",
            "2026-07-03",
            "--lang",
            lang,
            "no-such.jsonl",
        ];
        let out = run(&args, &[]);
        assert_eq!(out.status.code(), Some(2));
        text(&out.stderr)
    };
    let zh = eval_missing("zh");
    assert!(zh.contains("无法读取 no-such.jsonl:找不到文件"), "{zh}");
    assert!(!zh.contains("No such file"), "{zh}");
    let en = eval_missing("en");
    assert!(
        en.contains("cannot read no-such.jsonl: no such file or directory"),
        "{en}"
    );

    // A policy that is not there, or is a folder.
    let out = run(&["check", "no-such.rung"], &[("NO_COLOR", "1")]);
    assert!(
        text(&out.stderr).contains("找不到文件"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["check", "--lang", "en", "policies"], &[("NO_COLOR", "1")]);
    assert!(
        text(&out.stderr).contains("is a directory, not a file"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["check", "policies"], &[("NO_COLOR", "1")]);
    assert!(
        text(&out.stderr).contains("这是文件夹,不是文件"),
        "{}",
        text(&out.stderr)
    );

    // A record that is not JSON: where, and what, in Chinese; serde_json's words in English.
    let bad = std::env::temp_dir().join(format!("rung-bad-{}.jsonl", std::process::id()));
    std::fs::write(&bad, "{\"工号\": \"E1\", 当前职级: 1}\n").unwrap();
    let bad_s = bad.to_str().unwrap();
    let json = |lang: &str| {
        let args = [
            "eval",
            "--policy",
            POLICY,
            "--as-of",
            "2026-07-03",
            "--format",
            "json",
            "--lang",
            lang,
            bad_s,
        ];
        text(&run(&args, &[]).stdout)
    };
    let zh = json("zh");
    assert!(
        zh.contains(r#""help":"第 1 行第 14 列:键必须是带双引号的文字""#),
        "{zh}"
    );
    let en = json("en");
    assert!(
        en.contains(r#""help":"line 1, column 14: key must be a string""#),
        "{en}"
    );

    // A file that is not UTF-8 text.
    std::fs::write(&bad, b"\xff\xfe policy").unwrap();
    let out = run(&["fmt", "--check", bad_s], &[]);
    assert!(
        text(&out.stderr).contains("内容不是 UTF-8 文本"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["fmt", "--check", "--lang", "en", bad_s], &[]);
    assert!(
        text(&out.stderr).contains("not UTF-8 text"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_file(&bad);
}

/// `--decision` keeps each decision's own title and fields in the audit text (it once took
/// them by position, so 职级晋升 alone was headed 入职职级评定).
#[test]
fn a_selected_decision_keeps_its_own_title() {
    let args = [
        "eval",
        "--policy",
        POLICY,
        "--as-of",
        "2026-07-03",
        "--id",
        "E1023",
        "--decision",
        "职级晋升",
        "--decision",
        "降级",
        "examples/roster.jsonl",
    ];
    let out = run(&args, &[]);
    let stdout = text(&out.stdout);
    let heads: Vec<&str> = stdout.lines().filter(|l| l.starts_with('【')).collect();
    assert_eq!(heads.len(), 2, "{stdout}");
    assert!(heads[0].starts_with("【职级晋升评定】"), "{stdout}");
    assert!(heads[1].starts_with("【降级评定】"), "{stdout}");
}

/// Every subcommand that speaks takes its default language from RUNG_LANG.
#[test]
fn every_subcommand_reads_rung_lang() {
    let mut files = vec![];
    for entry in std::fs::read_dir("src/cli").unwrap() {
        let path = entry.unwrap().path();
        files.push(if path.is_dir() {
            path.join("mod.rs")
        } else {
            path
        });
    }
    let mut langs = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text
            .lines()
            .filter(|l| l.contains("default_value_t = LangArg::"))
        {
            langs += 1;
            assert!(
                line.contains("env = \"RUNG_LANG\""),
                "{}: {line}",
                f.display()
            );
        }
    }
    assert!(langs >= 7, "{langs}");
}

/// With `--id`, the summary still adds up: records in = written + not selected + failed; an
/// error is written whatever `--id` says (a record that cannot be read may be the one asked for).
#[test]
fn selected_records_and_the_rest_add_up() {
    let args = [
        "eval",
        "--policy",
        POLICY,
        "--as-of",
        "2026-07-03",
        "--format",
        "json",
        "--id",
        "E1003",
        "--id",
        "E1012",
        "examples/roster.jsonl",
        "tests/fixtures/records/roster.jsonl",
    ];
    let out = run(&args, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().skip(1).collect();
    let verdicts = lines.iter().filter(|l| l.contains("\"decisions\"")).count();
    let errors = lines.iter().filter(|l| l.contains("\"error\"")).count();
    assert_eq!((verdicts, errors), (2, 6), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("共 43 条记录:2 条已评估并输出,35 条已评估但未选中(--id),6 条出错"),
        "{stderr}"
    );
    let mut en = args.to_vec();
    en.extend(["--lang", "en"]);
    let stderr = text(&run(&en, &[]).stderr);
    assert!(
        stderr.contains(
            "43 record(s): 2 evaluated and written, 35 evaluated but not selected (--id), 6 failed"
        ),
        "{stderr}"
    );
}
