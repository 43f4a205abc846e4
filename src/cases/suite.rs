//! Policy tests: where the cases of a policy live. A policy `X.rung` keeps its case files
//! (`*.json`) in the folder `X.tests/` beside it; a path given to `rung test` is a policy, its
//! cases folder, or a folder of policies.

use std::path::{Path, PathBuf};

/// A policy and its case files, sorted by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suite {
    /// The policy file.
    pub policy: PathBuf,
    /// Its case files.
    pub files: Vec<PathBuf>,
}

/// A path that names no policy or cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFound {
    /// The path.
    pub path: PathBuf,
}

/// The cases folder of a policy: `X.rung` → `X.tests`.
pub fn cases_dir(policy: &Path) -> PathBuf {
    policy.with_extension("tests")
}

fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn suite_of(policy: PathBuf) -> Suite {
    let files = case_files(&cases_dir(&policy));
    Suite { policy, files }
}

/// The suites the paths name, in order: a `.rung` file, a `.tests` folder (its policy beside
/// it), or a folder whose policies (`*.rung`, sorted) each have a `.tests` folder.
pub fn find(paths: &[PathBuf]) -> Result<Vec<Suite>, NotFound> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_file() && path.extension().is_some_and(|x| x == "rung") {
            out.push(suite_of(path.clone()));
        } else if path.is_dir() && path.extension().is_some_and(|x| x == "tests") {
            let policy = path.with_extension("rung");
            if !policy.is_file() {
                return Err(NotFound { path: path.clone() });
            }
            out.push(Suite {
                policy,
                files: case_files(path),
            });
        } else if path.is_dir() {
            let mut policies: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x == "rung"))
                        .filter(|p| cases_dir(p).is_dir())
                        .collect()
                })
                .unwrap_or_default();
            policies.sort();
            if policies.is_empty() {
                return Err(NotFound { path: path.clone() });
            }
            out.extend(policies.into_iter().map(suite_of));
        } else {
            return Err(NotFound { path: path.clone() });
        }
    }
    Ok(out)
}
