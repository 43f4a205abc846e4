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
fn help_that_cannot_be_written_is_an_error() {
    let Some(out) = to_full(&["--help"], false) else {
        return;
    };
    assert_eq!(out.status.code(), Some(74));
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

mod eval {
    //! Arithmetic out of range, ranges too large, work without end and notices without end:
    //! each is an error for that record (naming the rule, the field and the expression) or a
    //! summary, never a wrong value, a hang or megabytes of text.

    use rung::calendar::Date;
    use rung::check::MemoryLoader;
    use rung::diag::Lang;
    use rung::records::{Encoding, Format};

    const HEAD: &str = "制度 \"界限\"
等级 G = S > A > B > C
记录 员工 { 工号: 文本 标识
            入职日期: 日期
            m: 月份
            g: 映射[月份, G] }
";

    /// Evaluates one record against a decision `D` with an outcome `x` set by rule `1`; the
    /// notice, or the error's message.
    fn run(out_field: &str, value: &str, record: &str) -> Result<String, String> {
        run_rule(out_field, &format!("则 x = {value}"), record)
    }

    /// As [`run`], with the rule's conditions and effects given whole.
    fn run_rule(out_field: &str, body: &str, record: &str) -> Result<String, String> {
        let policy = format!(
            "{HEAD}决定 D {{\n  {out_field}\n  规则 1 \"规则\" 原文 \"第一条\"\n    {body}\n}}\n"
        );
        let checked = rung::compile("t.rung", &policy, &MemoryLoader::new())
            .map_err(|f| rung::diag::render(&f.diagnostics(Lang::Zh), &f.source, false))
            .unwrap_or_else(|e| panic!("{e}"));
        let program = &checked.program;
        let mut records = rung::records::read(
            program.schema(),
            Format::JsonLines,
            Encoding::Auto,
            record.as_bytes(),
            Lang::Zh,
        )
        .unwrap_or_else(|_| panic!("input"));
        let read = records
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("a record"));
        let as_of = Date::from_ymd(2026, 7, 3).unwrap_or(Date::MIN);
        rung::eval::Evaluator::new(program)
            .with_verdict(&read.record, as_of, |v| {
                let verdict = rung::batch::owned(v, &read, rung::verdict::Options { trace: true });
                rung::explain::text::notice(program, &verdict, as_of, Lang::Zh, true)
            })
            .map_err(|e| e.message(Lang::Zh))
    }

    const E1: &str =
        r#"{"工号": "E1", "入职日期": "2026-01-05", "m": "2026-01", "g": {"2026-01": "A"}}"#;

    #[test]
    fn a_date_past_9999_is_an_error_naming_rule_field_and_expression() {
        let err = run("x: 日期?", "入职日期 + 3000000天", E1).unwrap_err();
        assert_eq!(
            err,
            "计算结果超出范围(规则 `1`,字段 `D.x`,表达式 `入职日期 + 3000000天`)"
        );
        let ok = run("x: 日期?", "入职日期 + 2天", E1).unwrap_or_default();
        assert!(ok.contains("2026-01-07"), "{ok}");
        for (field, value) in [
            ("x: 日期?", "入职日期 + 200000个月"),
            ("x: 日期?", "入职日期 - 30000年"),
            ("x: 日期?", "入职日期 + 9000000000000个工作日"),
            ("x: 月份?", "m + 100000个月"),
            ("x: 月份?", "m - 2000000000个月"),
            ("x: 数值?", "9223372036854 * 9223372036854"),
            ("x: 数值?", "四舍五入(9223372036854.7, 0)"),
        ] {
            let err = run(field, value, E1).unwrap_err();
            assert!(err.starts_with("计算结果超出范围"), "{value}: {err}");
            assert!(err.contains(&format!("`{value}`")), "{err}");
        }
    }

    #[test]
    fn durations_that_do_not_fit_are_errors_not_wrapped_values() {
        let err = run(
            "x: 日期?",
            "入职日期 + (9000000000000天 * 2000000) + 1天",
            E1,
        )
        .unwrap_err();
        assert!(err.starts_with("计算结果超出范围"), "{err}");
    }

    #[test]
    fn a_range_too_large_to_walk_is_an_error_for_the_record() {
        let err = run(
            "x: 整数 = 0",
            "计数 d 属于 入职日期 .. 9999-12-31 满足 是工作日(d)",
            E1,
        )
        .unwrap_err();
        assert!(
            err.starts_with("范围有 2912439 个元素,超过上限 100000(规则 `1`"),
            "{err}"
        );
        let ok = run(
            "x: 整数 = 0",
            "计数 d 属于 入职日期 .. 2026-01-11 满足 是工作日(d)",
            E1,
        );
        assert!(ok.as_deref().unwrap_or_default().contains("x:5"), "{ok:?}");
    }

    #[test]
    fn nested_quantifiers_stop_at_the_step_budget() {
        let err = run(
            "x: 整数 = 0",
            "计数 a 属于 1 .. 2000 满足 (所有 b 属于 1 .. 2000 满足 b > 0)",
            E1,
        )
        .unwrap_err();
        assert!(
            err.starts_with("一条记录的计算超过 1000000 步的上限"),
            "{err}"
        );
    }

    #[test]
    fn a_notice_summarises_a_window_of_thousands_of_months() {
        let record = r#"{"工号": "E1", "入职日期": "2026-01-05", "m": "2026-01",
            "g": {"0000-01": "A", "2026-01": "S", "9999-12": "B"}}"#
            .replace('\n', " ");
        let notice =
            run_rule("x: 布尔 = 假", "当 g 达到 3S 则 x = 真", &record).unwrap_or_default();
        assert!(
            notice.contains("0000-01 至 9999-12 共 120000 个月,3 个月有记录"),
            "{notice}"
        );
        assert!(notice.len() < 2000, "{} bytes", notice.len());
    }
}

mod confinement {
    //! A policy reads files only inside its own folder (or a root its embedder sets): an
    //! absolute path, a `..` that leaves the folder and a symbolic link out of it are refused,
    //! with an error at the place, and nothing of the file is quoted.

    use std::path::{Path, PathBuf};

    use rung::check::{DirLoader, LoadError, Loader, MemoryLoader};
    use rung::diag::Lang;

    const CAL: &str = "date,kind,festival\n2026-10-01,holiday,国庆节\n";
    const SECRET: &str = "root:x:0:0:secret-content:/root:/bin/bash\n";

    /// `tmp/shared/secret.csv`, `tmp/shared/cal.csv`, `tmp/p/cal.csv`, `tmp/p/link.csv` → the
    /// secret; returns `tmp`.
    fn tree(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rung-confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |p: &Path, text: &str| {
            std::fs::create_dir_all(p.parent().unwrap_or(Path::new("."))).expect("dir");
            std::fs::write(p, text).expect("write");
        };
        write(&dir.join("shared/secret.csv"), SECRET);
        write(&dir.join("shared/cal.csv"), CAL);
        write(&dir.join("p/cal.csv"), CAL);
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("shared/secret.csv"), dir.join("p/link.csv"))
            .expect("symlink");
        dir
    }

    fn check_with(dir: &Path, calendar: &str) -> Result<(), String> {
        let policy = format!(
            "制度 \"x\"\n日历 \"{calendar}\"\n记录 员工 {{ 工号: 文本 标识 }}\n\
             决定 D {{\n  x: 布尔 = 假\n  规则 1 \"r\" 原文 \"s\" 则 x = 真\n}}\n"
        );
        let path = dir.join("p/policy.rung");
        std::fs::write(&path, policy).expect("write policy");
        match rung::compile_file(&path) {
            Ok(_) => Ok(()),
            Err(f) => Err(rung::diag::render(
                &f.diagnostics(Lang::Zh),
                &f.source,
                false,
            )),
        }
    }

    #[test]
    fn files_outside_the_policy_folder_are_refused_at_the_place() {
        let dir = tree("refuse");
        let secret = dir.join("shared/secret.csv");
        let absolute = secret.to_str().expect("utf-8").to_string();
        let mut cases = vec![
            (absolute.as_str(), "是绝对路径"),
            ("../shared/secret.csv", "在制度的文件夹之外"),
            ("../../../../../../../../etc/passwd", "在制度的文件夹之外"),
            ("/etc/passwd", "是绝对路径"),
        ];
        if cfg!(unix) {
            cases.push(("link.csv", "在制度的文件夹之外"));
        }
        for (calendar, why) in cases {
            let err = check_with(&dir, calendar).unwrap_err();
            assert!(err.contains(why), "{calendar}: {err}");
            assert!(err.contains("policy.rung:2:"), "the place: {err}");
            assert!(
                !err.contains("secret-content") && !err.contains("root:x"),
                "{err}"
            );
        }
        assert_eq!(check_with(&dir, "cal.csv"), Ok(()));
        assert_eq!(check_with(&dir, "./sub/../cal.csv"), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_embedder_can_widen_the_root() {
        let dir = tree("root");
        let base = dir.join("p");
        let narrow = DirLoader::new(&base);
        assert_eq!(narrow.load("../shared/cal.csv"), Err(LoadError::Outside));
        let wide = DirLoader::new(&base).with_root(&dir);
        assert_eq!(wide.load("../shared/cal.csv").as_deref(), Ok(CAL));
        assert_eq!(wide.load("../../etc/passwd"), Err(LoadError::Outside));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_is_no_calendar_is_not_printed() {
        let dir = tree("quote");
        std::fs::write(dir.join("p/notes.csv"), SECRET.repeat(50)).expect("write");
        let err = check_with(&dir, "notes.csv").unwrap_err();
        assert_eq!(err.matches("bad header").count(), 1, "{err}");
        assert!(!err.contains("secret-content"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_memory_loader_reads_no_disk() {
        // Files that exist where the tests run are not found in memory, wherever they are.
        let cwd = std::env::current_dir().expect("cwd");
        let lib = cwd.join("src/lib.rs");
        let m = MemoryLoader::new();
        assert_eq!(m.load("Cargo.toml"), Err(LoadError::NotFound));
        assert_eq!(m.load("src/lib.rs"), Err(LoadError::NotFound));
        assert_eq!(
            m.load(lib.to_str().unwrap_or("/")),
            Err(LoadError::Absolute)
        );
        let policy = "制度 \"x\"\n日历 \"Cargo.toml\"\n记录 员工 { 工号: 文本 标识 }\n";
        let err = rung::compile("x.rung", policy, &m).map(|_| ()).unwrap_err();
        let diagnostics = err.diagnostics(Lang::Zh);
        assert!(diagnostics[0]
            .message
            .contains("找不到日历文件 `Cargo.toml`"));
    }
}

#[test]
fn docs_robustness_gives_the_limits_the_code_has() {
    let doc = std::fs::read_to_string("docs/robustness.md").expect("docs/robustness.md");
    let limits: [(&str, u64); 10] = [
        ("limits::MAX_NESTING", rung::limits::MAX_NESTING as u64),
        ("limits::MAX_CHAIN", rung::limits::MAX_CHAIN as u64),
        ("eval::limits::MAX_RANGE", rung::eval::limits::MAX_RANGE),
        ("eval::limits::MAX_STEPS", rung::eval::limits::MAX_STEPS),
        ("check::MAX_FILE_BYTES", rung::check::MAX_FILE_BYTES),
        (
            "calendar::MAX_QUOTED_CHARS",
            rung::calendar::MAX_QUOTED_CHARS as u64,
        ),
        ("calendar::MAX_ERRORS", rung::calendar::MAX_ERRORS as u64),
        (
            "explain::format::MAX_LISTED_MONTHS",
            rung::explain::format::MAX_LISTED_MONTHS as u64,
        ),
        ("eval::EXCERPT_CHARS", rung::eval::EXCERPT_CHARS as u64),
        ("diag::MAX_LINE_CHARS", rung::diag::MAX_LINE_CHARS as u64),
    ];
    for (name, value) in limits {
        let row = format!("| `{name}` | {value} |");
        assert!(
            doc.contains(&row),
            "docs/robustness.md should have the row {row}"
        );
    }
}
