//! The VS Code extension: its TextMate grammar tokenizes the shipped policies (every token
//! scoped, keywords as keywords, by the engine VS Code uses), and it packages as a `.vsix`.
//! Needs Node.js and npm; the extension's dev dependencies are installed on first run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn extension() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
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

fn installed() -> PathBuf {
    let dir = extension();
    if !dir.join("node_modules/vscode-textmate").exists() {
        run(&dir, "npm", &["ci", "--no-audit", "--no-fund"]);
    }
    dir
}

#[test]
fn the_grammar_scopes_every_token_of_the_shipped_policies_and_the_vsix_builds() {
    let dir = installed();
    let out = run(&dir, "node", &["--test", "test/"]);
    assert!(
        out.contains("# fail 0") && !out.contains("# pass 0"),
        "{out}"
    );
    let vsix = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rung.vsix");
    let _ = std::fs::remove_file(&vsix);
    run(
        &dir,
        "npx",
        &[
            "vsce",
            "package",
            "--allow-missing-repository",
            "-o",
            vsix.to_str().unwrap(),
        ],
    );
    assert!(std::fs::metadata(&vsix).unwrap().len() > 10_000);
}
