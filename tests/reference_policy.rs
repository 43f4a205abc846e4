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
fn reference_policy_checks_with_its_assumed_parameters_and_the_article_19_warnings() {
    let checked = rung::compile_file(Path::new(POLICY))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let codes: Vec<&str> = checked.warnings.iter().map(|w| w.kind.code()).collect();
    // Two values the regulation does not set, and §3.3's fixed three months for the three bands
    // of contract terms whose limit under 劳动合同法 第19条 is shorter.
    assert_eq!(
        codes,
        [
            "rung::assumed-param",
            "rung::assumed-param",
            "rung::probation-too-long",
            "rung::probation-too-long",
            "rung::probation-too-long"
        ],
        "{:#?}",
        checked.warnings
    );
}

#[test]
fn every_case_of_the_reference_policy_passes() {
    let checked = rung::compile_file(Path::new(POLICY))
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics(Lang::Zh)));
    let suites = rung::cases::suite::find(&[Path::new(CASES).to_path_buf()]).expect("cases");
    let files = &suites.first().expect("a suite").files;
    assert!(
        files.len() >= 5,
        "expected a case file per decision, found {files:?}"
    );
    let mut failures = Vec::new();
    let mut count = 0;
    let mut snapshots = Vec::new();
    let mut coverage = rung::cases::Coverage::new(&checked.program);
    for path in files {
        let text = std::fs::read_to_string(path).expect("case file");
        let file = rung::cases::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let dir = path.parent().expect("folder");
        let outcomes = rung::cases::run(&checked.program, &file, dir, None, Some(&mut coverage));
        count += outcomes.len();
        for o in &outcomes {
            for m in &o.mismatches {
                failures.push(format!("{} › {}: {m:?}", path.display(), o.name));
            }
        }
        let snapshot: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| {
                // The verdicts as `rung eval --format json` gives them (no trace).
                let verdict = o.verdict.clone().map(|mut v| {
                    for d in &mut v.decisions {
                        d.trace = None;
                        d.computed = None;
                    }
                    rung::explain::json::verdict(&v, Lang::Zh)
                });
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
    let report = coverage.report(&checked.program);
    let unreached: Vec<String> = report
        .rules
        .iter()
        .filter(|r| !r.complete())
        .map(|r| format!("{r:?}"))
        .collect();
    assert!(
        report.complete(),
        "the cases do not reach every rule and condition both ways:\n{}",
        unreached.join("\n")
    );
}
