//! The README cannot go stale: its policy snippet checks, and its commands run as written.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::process::Command;

fn blocks<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let fence = format!("```{tag}\n");
    text.split(fence.as_str())
        .skip(1)
        .filter_map(|rest| rest.split("\n```").next())
        .collect()
}

#[test]
fn the_readme_policy_snippet_checks_cleanly() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let snippets = blocks(&readme, "rung");
    assert!(!snippets.is_empty(), "the README shows a policy");
    for s in snippets {
        let checked = rung::compile("README.md", s, &rung::check::MemoryLoader::new());
        let checked = checked.unwrap_or_else(|f| {
            panic!(
                "README snippet does not check:\n{}",
                rung::diag::render(&f.diagnostics(rung::diag::Lang::Zh), &f.source, false)
            )
        });
        assert!(checked.warnings.is_empty(), "{:#?}", checked.warnings);
    }
}

#[test]
fn the_readme_commands_run_as_written() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let commands: Vec<&str> = blocks(&readme, "sh")
        .into_iter()
        .flat_map(str::lines)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(
        commands.contains(&"scripts/test.sh"),
        "the README names the test command: {commands:?}"
    );
    // The test command is what CI runs, and it runs `cargo test`.
    let ci = std::fs::read_to_string(".ci/run").expect(".ci/run");
    assert!(ci.lines().any(|l| l.trim() == "scripts/test.sh"), "{ci}");
    let script = std::fs::read_to_string("scripts/test.sh").expect("scripts/test.sh");
    assert!(script.contains("\ncargo test \"$@\"\n"), "{script}");
    let runs: Vec<&str> = commands
        .iter()
        .filter_map(|c| c.strip_prefix("cargo run --release -- "))
        .collect();
    assert_eq!(runs.len(), 1, "the README names the main job: {commands:?}");
    for args in runs {
        let out = Command::new(env!("CARGO_BIN_EXE_rung"))
            .args(args.split_whitespace())
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "`rung {args}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn the_readme_rust_recipe_is_what_the_tests_run() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let tests = std::fs::read_to_string("tests/snapshots.rs").expect("tests/snapshots.rs");
    // Compared without whitespace and trailing commas: rustfmt lays the test out its own way.
    let squeeze = |t: &str| t.split_whitespace().collect::<String>().replace(",)", ")");
    let tests = squeeze(&tests);
    let recipes = blocks(&readme, "rust");
    assert!(!recipes.is_empty(), "the README shows the insta recipe");
    for recipe in recipes {
        assert!(
            tests.contains(&squeeze(recipe)),
            "tests/snapshots.rs does not run the README's recipe:\n{recipe}"
        );
    }
}

#[test]
fn the_readme_diff_example_is_what_rung_prints() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let examples: Vec<&str> = blocks(&readme, "text")
        .into_iter()
        .filter(|b| b.starts_with("$ rung diff "))
        .collect();
    assert_eq!(examples.len(), 1, "the README shows `rung diff`");
    for example in examples {
        let (command, shown) = example.split_once('\n').expect("a command and its output");
        let args = command.trim_start_matches("$ rung ").split_whitespace();
        let out = Command::new(env!("CARGO_BIN_EXE_rung"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "`{command}`");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), shown);
    }
}
