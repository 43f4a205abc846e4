//! The checker's cost and depth: naming a deeply nested type costs as much as the type is deep
//! (not two to the depth), and a syntax tree deeper than the parser would ever build is an
//! error at the place on a 2 MiB thread stack, not a stack overflow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use rung::check::{CheckErrorKind, MemoryLoader};
use rung::diag::Lang;
use rung::limits::{MAX_CHAIN, MAX_NESTING};
use rung::syntax::ast::{ExprKind, ItemKind};
use rung::syntax::Spanned;

const HEAD: &str = "记录 员工 { 工号: 文本 标识 }\n";

/// Runs `f` on a thread with a 2 MiB stack, as an embedding service would.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

fn nested(inner: &str, depth: usize) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn a_deeply_nested_list_type_is_named_in_linear_time() {
    // Two list literals as deep as the parser allows, whose innermost items differ in type:
    // the error names a list type nested `depth` times, in both languages.
    let depth = MAX_NESTING - 2;
    let text = format!(
        "{HEAD}定义 深 = [{}, {}]\n",
        nested("1", depth),
        nested("\"a\"", depth)
    );
    let failed =
        on_small_stack(move || rung::compile("deep.rung", &text, &MemoryLoader::new()).err())
            .expect("the items differ in type");
    let zh = rung::diag::render(&failed.diagnostics(Lang::Zh), &failed.source, false);
    let en = rung::diag::render(&failed.diagnostics(Lang::En), &failed.source, false);
    // Building both languages' names eagerly at every level took 2^depth steps: at this depth
    // the test would not finish. (Speed is measured by benchmarks, never by a timer here.)
    let zh_name = format!("{}文本{}", "列表[".repeat(depth), "]".repeat(depth));
    let en_name = format!("{}text{}", "list[".repeat(depth), "]".repeat(depth));
    assert!(zh.contains(&format!("这是 {zh_name}")), "{zh}");
    assert!(en.contains(&format!("this is {en_name}")), "{en}");
}

#[test]
fn a_tree_deeper_than_the_parser_builds_is_an_error_not_an_overflow() {
    let kinds = on_small_stack(|| {
        let text = format!("{HEAD}定义 深 = 1\n");
        let mut policy = rung::syntax::parse(&text).expect("parses");
        // `- - - … 1`, ten times deeper than the parser lets a tree be.
        for item in &mut policy.items {
            if let ItemKind::Let(l) = &mut item.node {
                let span = l.value.span;
                for _ in 0..MAX_CHAIN * 10 {
                    let inner = std::mem::replace(&mut l.value, Spanned::new(ExprKind::None, span));
                    l.value = Spanned::new(ExprKind::Neg(Box::new(inner)), span);
                }
            }
        }
        let source = rung::diag::PolicySource::new("deep.rung", text.as_str());
        let failed = rung::check::check(&policy, source, &MemoryLoader::new())
            .expect_err("too deep to check");
        failed
            .errors
            .into_iter()
            .map(|e| e.kind)
            .collect::<Vec<_>>()
    });
    assert_eq!(kinds, [CheckErrorKind::TooDeep { max: MAX_CHAIN }]);
}

#[test]
fn check_errors_are_data_rendered_in_either_language() {
    let text = format!("{HEAD}决定 d {{ 值: 布尔 = 前六个月 }}\n定义 前6个月 = 1\n");
    let policy = rung::syntax::parse(&text).expect("parses");
    let source = rung::diag::PolicySource::new("t.rung", text.as_str());
    let failed = rung::check::check(&policy, source, &MemoryLoader::new()).expect_err("unknown");
    let [e] = failed.errors.as_slice() else {
        panic!("{:?}", failed.errors)
    };
    assert_eq!(
        e.kind,
        CheckErrorKind::UnknownName {
            name: "前六个月".into(),
            fix: Some(rung::check::error::NameFix::Similar("前6个月".into())),
        }
    );
    assert_eq!(e.kind.code(), "rung::unknown-name");
    assert_eq!(e.kind.suggestion(), Some("前6个月"));
    assert_eq!(e.to_string(), "unknown name `前六个月`");
    let zh = rung::explain::diagnostics::error(e, Lang::Zh);
    assert_eq!(
        (zh.message.as_str(), zh.help.as_deref()),
        ("未知名称 `前六个月`", Some("你是不是指 `前6个月`?"))
    );
}
