//! The reference policy 客服部任职发展管理制度 against its cases: for every rule, records where
//! it fires and where it narrowly does not. The verdicts are snapshotted, so any change in
//! behaviour shows in review.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::Path;

use rung::diag::Lang;

const POLICY: &str = "policies/客服部任职发展管理制度.rung";
const CASES: &str = "policies/客服部任职发展管理制度.tests";

#[test]
fn reference_policy_checks_with_only_the_assumed_pass_mark_warning() {
    let checked = rung::compile_file(Path::new(POLICY))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let codes: Vec<&str> = checked.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(codes, ["rung::assumed-param"], "{:#?}", checked.warnings);
}

#[test]
fn every_case_of_the_reference_policy_passes() {
    let checked = rung::compile_file(Path::new(POLICY))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let mut files: Vec<_> = std::fs::read_dir(CASES)
        .expect("cases folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected a case file per decision, found {files:?}"
    );
    let mut failures = Vec::new();
    let mut count = 0;
    let mut snapshots = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("case file");
        let file = rung::cases::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcomes = rung::cases::run(&checked.program, &file, Lang::Zh);
        count += outcomes.len();
        for o in &outcomes {
            for f in &o.failures {
                failures.push(format!("{} › {}: {f}", path.display(), o.name));
            }
        }
        let snapshot: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| {
                let verdict = o
                    .verdict
                    .as_ref()
                    .map(|v| rung::explain::json::verdict(v, Lang::Zh));
                serde_json::json!({ "case": o.name, "verdict": verdict })
            })
            .collect();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        snapshots.push((name, snapshot));
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (name, snapshot) in snapshots {
        insta::assert_json_snapshot!(name, snapshot);
    }
}
