//! The stages' boundaries: the syntax tree stays in `syntax/` and `check/`, and the ground
//! floor (`source.rs`) and the diagnostics never reach back up into a stage.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn offenders(allowed: &[&str], needle: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if allowed.iter().any(|a| rel.starts_with(a)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if !code.starts_with("//") && code.contains(needle) {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn only_the_parser_and_the_checker_see_the_syntax_tree() {
    // lib.rs wires parse → check in `compile`; editor support (`ide/`) reads the tree of a
    // half-typed file for its outline; the formatter (`fmt/`) writes the tree back out.
    let found = offenders(&["syntax/", "check/", "ide/", "fmt/", "lib.rs"], "syntax::");
    assert!(
        found.is_empty(),
        "imports of the syntax tree:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_ground_floor_and_diagnostics_import_no_stage() {
    for file in ["source.rs", "diag.rs"] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file))
                .unwrap();
        for stage in [
            "syntax::",
            "check::",
            "program::",
            "eval::",
            "explain::",
            "records::",
        ] {
            assert!(
                !text.contains(&format!("crate::{stage}")),
                "src/{file} imports crate::{stage}"
            );
        }
    }
}
