//! The nesting and chain limits (`src/limits.rs`): text past them is a diagnostic at the place,
//! never a stack overflow, and text within them parses, checks and evaluates on a 2 MiB thread
//! stack, as an embedding service would give it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::calendar::Date;
use rung::check::MemoryLoader;
use rung::diag::Lang;
use rung::limits::{MAX_CHAIN, MAX_NESTING};
use rung::syntax::{self, SyntaxErrorKind};

/// Runs `f` on a thread with a 2 MiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

const HEAD: &str = "记录 员工 { 工号: 文本 标识 }\n";

/// A policy whose decision has one outcome field of type `ty` given by `expr`.
fn policy(ty: &str, expr: &str) -> String {
    format!("{HEAD}决定 d {{\n  值: {ty} = {expr}\n}}\n")
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

/// The syntax errors of a text, parsed on a small stack.
fn errors(src: String) -> Vec<syntax::SyntaxError> {
    on_small_stack(move || syntax::parse_recovering(&src).errors)
}

#[test]
fn deep_parentheses_are_a_diagnostic_at_the_place() {
    for open in ["(", "（", "["] {
        let close = match open {
            "(" => ")",
            "（" => "）",
            _ => "]",
        };
        let src = policy("数值", &nested(open, "1", close, 10_000));
        let errs = errors(src.clone());
        assert_eq!(errs.len(), 1, "{errs:?}");
        let e = &errs[0];
        assert_eq!(e.kind, SyntaxErrorKind::TooDeep(MAX_NESTING));
        // At the bracket that passes the limit: the outermost `{` of the decision is no level.
        let before = &src[..e.span.start];
        assert_eq!(before.matches(open).count(), MAX_NESTING, "{open}");
        let failed =
            on_small_stack(move || rung::compile("deep.rung", &src, &MemoryLoader::new()).err())
                .expect("does not check");
        let text = rung::diag::render(&failed.diagnostics(Lang::Zh), &failed.source, false);
        assert!(text.contains("表达式嵌套过深(最多 32 层)"), "{text}");
        assert!(text.contains("deep.rung:3:"), "{text}");
    }
}

#[test]
fn long_runs_of_not_and_minus_are_one_diagnostic() {
    for (ty, run) in [("布尔", "非 "), ("数值", "- "), ("数值", "-")] {
        let src = policy(ty, &format!("{}1", run.repeat(5_000)));
        // Quadratic before the fix, and a stack overflow; no timer here (speed is for benchmarks).
        let errs = errors(src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].kind, SyntaxErrorKind::TooDeep(MAX_NESTING));
    }
}

#[test]
fn deep_conditionals_and_quantifiers_are_caught_before_the_parser() {
    let ifs = format!("{}1{}", "若 真 则 ".repeat(2_000), " 否则 2".repeat(2_000));
    let anys = format!("{}真", "任一 x 属于 [1] 满足 ".repeat(2_000));
    for (ty, e) in [("数值", ifs), ("布尔", anys)] {
        let errs = errors(policy(ty, &e));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].kind, SyntaxErrorKind::TooDeep(MAX_NESTING));
    }
}

/// Checks a policy and evaluates one record with its trace; the verdicts as JSON.
fn check_and_eval(src: &str) -> Result<Vec<serde_json::Value>, String> {
    let checked = rung::compile("t.rung", src, &MemoryLoader::new())
        .map_err(|f| rung::diag::render(&f.diagnostics(Lang::Zh), &f.source, false))?;
    let program = &checked.program;
    let records = rung::records::read(
        program.schema(),
        rung::records::Format::JsonLines,
        rung::records::Encoding::Utf8,
        "{\"工号\": \"E1\"}".as_bytes(),
        Lang::Zh,
    )
    .map_err(|_| "read".to_string())?;
    let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
    let mut evaluator = rung::eval::Evaluator::new(program);
    let mut out = Vec::new();
    for r in records {
        let r = r.map_err(|_| "record".to_string())?;
        let v = evaluator
            .with_verdict(&r.record, as_of, |v| {
                rung::explain::json::verdict(
                    &rung::verdict::of(v, rung::verdict::Options { trace: true }),
                    Lang::Zh,
                )
            })
            .map_err(|e| e.message(Lang::Zh))?;
        out.push(v);
    }
    Ok(out)
}

/// The deepest `n` for which `make(n)` parses.
fn deepest(make: &dyn Fn(usize) -> String) -> usize {
    let mut n = 1;
    while syntax::parse(&make(n + 1)).is_ok() {
        n += 1;
        assert!(n < 200, "no limit reached");
    }
    n
}

#[test]
fn expressions_at_the_limit_check_and_evaluate_on_a_small_stack() {
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 8] = [
        // A chain whose first operand is a chain whose first operand is …: the deepest tree.
        ("数值", |n| {
            nested("(", "1", " + 1 + 1 + 1 + 1 + 1 + 1 + 1)", n)
        }),
        ("数值", |n| nested("(1 + ", "1", ")", n)),
        ("数值", |n| nested("(", "1", ")", n)),
        ("布尔", |n| format!("{}真", "非 ".repeat(n))),
        ("数值", |n| nested("若 真 则 ", "1", " 否则 2", n)),
        ("布尔", |n| {
            format!("{}真", "任一 x 属于 [1] 满足 ".repeat(n))
        }),
        ("数值", |n| nested("较大(0, ", "1", ")", n)),
        // Nested list literals: their types are named in linear time (issue 13.2).
        ("整数", |n| format!("个数({})", nested("[", "1", "]", n))),
    ];
    for (ty, shape) in shapes {
        let n = deepest(&|n| policy(ty, &shape(n)));
        assert!(n >= 10, "{ty} {n}: a real policy nests more than this");
        let src = policy(ty, &shape(n));
        let verdict = on_small_stack(move || check_and_eval(&src));
        let verdict = verdict.unwrap_or_else(|e| panic!("{ty} at depth {n}: {e}"));
        assert_eq!(verdict.len(), 1);
    }
}

#[test]
fn a_flat_chain_is_one_level_up_to_its_length_limit() {
    let chain = |n: usize, op: &str| vec!["1"; n].join(op);
    for op in [" + ", " * ", " 若无则 "] {
        let ok = policy("数值", &chain(MAX_CHAIN, op));
        let errs = errors(ok);
        assert!(errs.is_empty(), "{op}: {errs:?}");
        let long = policy("数值", &chain(MAX_CHAIN + 1, op));
        let errs = errors(long);
        assert_eq!(errs.len(), 1, "{op}");
        assert_eq!(errs[0].kind, SyntaxErrorKind::TooLong(MAX_CHAIN));
    }
    let ands = policy("布尔", &vec!["真"; MAX_CHAIN + 1].join(" 且 "));
    assert_eq!(errors(ands)[0].kind, SyntaxErrorKind::TooLong(MAX_CHAIN));
    let members = policy("数值", &format!("x{}", ".y".repeat(MAX_CHAIN)));
    assert_eq!(errors(members)[0].kind, SyntaxErrorKind::TooLong(MAX_CHAIN));
}

#[test]
fn a_deep_item_does_not_hide_the_others() {
    let src = format!(
        "{HEAD}定义 a = 1\n定义 b = {}\n定义 c = 2\n决定 d {{\n  值: 数值 = a\n  规则 1 \"r\" 当 {} 则 值 = 1\n  规则 2 \"s\" 则 值 = c\n}}\n",
        nested("(", "1", ")", 500),
        nested("(", "真", ")", 500),
    );
    let parsed = on_small_stack(move || syntax::parse_recovering(&src));
    assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
    assert!(parsed
        .errors
        .iter()
        .all(|e| e.kind == SyntaxErrorKind::TooDeep(MAX_NESTING)));
    // The record, a, c and the decision with its field and rule 2.
    assert_eq!(parsed.policy.items.len(), 4);
    let syntax::ast::ItemKind::Decision(d) = &parsed.policy.items[3].node else {
        panic!("decision");
    };
    assert_eq!(d.members.len(), 2);
}

#[test]
fn a_chain_at_its_limit_checks_and_evaluates_on_a_small_stack() {
    for (ty, op, x) in [
        ("数值", " + ", "1"),
        ("布尔", " 且 ", "真"),
        ("布尔", " 或 ", "假"),
    ] {
        let src = policy(ty, &vec![x; MAX_CHAIN].join(op));
        let verdicts = on_small_stack(move || check_and_eval(&src));
        assert_eq!(verdicts.map(|v| v.len()), Ok(1), "{op}");
    }
}
