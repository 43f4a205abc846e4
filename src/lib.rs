//! rung: policy-as-code for the rules by which employees pass probation (转正) and climb a
//! career ladder (晋升).
//!
//! A policy is checked once into a [`program::Program`]; records are read against its schema and
//! evaluated on a date into verdicts, which the explain stage renders. Stages run one way:
//! syntax → check → eval → explain.
//!
//! ```
//! use rung::{compile, diag::Lang, check::MemoryLoader, calendar::Date};
//!
//! let policy = r#"
//! 制度 "试用期转正"
//! 记录 员工 { 工号: 文本 标识
//!             转正日期: 日期? }
//! 决定 转正 {
//!   已转正: 布尔 = 假
//!   规则 1 "转正" 原文 "转正日期之后为正式员工"
//!     当 转正日期 <= 评估日期
//!     则 已转正 = 真
//! }
//! "#;
//! let checked = compile("demo.rung", policy, &MemoryLoader::new()).map_err(|_| "policy")?;
//! let program = &checked.program;
//! let records = rung::records::read(
//!     program.schema(),
//!     rung::records::Format::JsonLines,
//!     rung::records::Encoding::Auto,
//!     r#"{"工号": "E1", "转正日期": "2026-03-01"}"#.as_bytes(),
//!     Lang::Zh,
//! ).map_err(|_| "input")?;
//! let mut evaluator = rung::eval::Evaluator::new(program);
//! let as_of = Date::from_ymd(2026, 7, 3).ok_or("date")?;
//! for item in records {
//!     let read = item.map_err(|_| "record")?;
//!     let json = evaluator
//!         .with_verdict(&read.record, as_of, |v| {
//!             let verdict = rung::verdict::of(v, Default::default());
//!             rung::explain::json::verdict(&verdict, Lang::Zh)
//!         })
//!         .map_err(|_| "eval")?;
//!     assert_eq!(json["decisions"]["转正"]["outcome"]["已转正"], true);
//!     assert_eq!(json["decisions"]["转正"]["rules"][0], "1");
//! }
//! # Ok::<(), &str>(())
//! ```

// Unit tests may unwrap, index and panic; the library may not (see `[lints]` in Cargo.toml).
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

pub mod batch;
pub mod calendar;
pub mod check;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod ide;
pub mod law;
pub mod limits;
pub mod names;
pub mod program;
pub mod records;
pub mod source;
pub mod syntax;
pub mod sys;
pub mod value;
pub mod verdict;

use check::{CheckFailed, Checked, Loader};
use diag::{Diagnostic, Lang, PolicySource};
use syntax::SyntaxError;

/// A policy that did not compile: its source and why, as data; [`Failed::diagnostics`] renders
/// it in either language.
#[derive(Debug)]
pub struct Failed {
    /// The policy's text, for rendering the diagnostics.
    pub source: PolicySource,
    /// What went wrong.
    pub failure: Failure,
}

/// Why a policy did not compile.
#[derive(Debug)]
pub enum Failure {
    /// The policy file could not be read.
    File(PolicyFileError),
    /// The policy has syntax errors (it was not checked).
    Syntax(Vec<SyntaxError>),
    /// The policy has check errors; the warnings found on the way come with them.
    Check(CheckFailed),
}

/// A policy file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyFileError {
    /// The file could not be read.
    Unreadable {
        /// The path as given.
        path: String,
        /// Why.
        why: sys::IoFailure,
    },
    /// The file is not UTF-8.
    NotUtf8,
}

impl Failed {
    /// Every diagnostic (errors and warnings) in file order, in the given language.
    pub fn diagnostics(&self, lang: Lang) -> Vec<Diagnostic> {
        match &self.failure {
            Failure::File(e) => vec![explain::diagnostics::policy_file(e, lang)],
            Failure::Syntax(errors) => errors.iter().map(|e| e.to_diagnostic(lang)).collect(),
            Failure::Check(f) => explain::diagnostics::failed(f, lang),
        }
    }

    /// The policy's name as a checked program would have it: its `制度` item's, where that
    /// item can be read, else the file's name without `.rung`.
    pub fn policy_name(&self) -> String {
        let parsed = syntax::parse_recovering(&self.source.text);
        let header = parsed.policy.items.iter().find_map(|i| match &i.node {
            syntax::ast::ItemKind::Header(name) => Some(name.node.clone()),
            _ => None,
        });
        header.unwrap_or_else(|| {
            std::path::Path::new(&self.source.name)
                .file_stem()
                .map_or_else(
                    || self.source.name.clone(),
                    |s| s.to_string_lossy().into_owned(),
                )
        })
    }
}

/// The first error in English, with the file and the count of the others: `policy.rung:12:3:
/// unknown name `前六个月` (and 2 more errors)`. [`Failed::diagnostics`] gives every one, in
/// either language, and [`diag::render`] draws them with the source.
impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let diagnostics = self.diagnostics(Lang::En);
        let mut errors = diagnostics.iter().filter(|d| d.is_error());
        let Some(first) = errors.next() else {
            return write!(f, "policy `{}` did not compile", self.source.name);
        };
        if let Failure::File(_) = self.failure {
            write!(f, "{}: {}", self.source.name, first.message)?;
        } else {
            let (line, col) = self.source.line_col(first.span.start);
            write!(f, "{}:{line}:{col}: {}", self.source.name, first.message)?;
        }
        match errors.count() {
            0 => Ok(()),
            1 => write!(f, " (and 1 more error)"),
            n => write!(f, " (and {n} more errors)"),
        }
    }
}

impl std::error::Error for Failed {}

/// Parses and checks a policy's text. `name` is shown in diagnostics; `loader` reads the files
/// the policy names (its calendar).
pub fn compile(name: &str, text: &str, loader: &dyn Loader) -> Result<Checked, Failed> {
    let source = PolicySource::new(name, text);
    let policy = match syntax::parse(text) {
        Ok(p) => p,
        Err(errors) => {
            return Err(Failed {
                source,
                failure: Failure::Syntax(errors),
            })
        }
    };
    check::check(&policy, source.clone(), loader).map_err(|f| Failed {
        source,
        failure: Failure::Check(f),
    })
}

/// Reads, parses and checks a policy file; its calendar is read relative to it.
pub fn compile_file(path: &std::path::Path) -> Result<Checked, Failed> {
    let name = path.display().to_string();
    let base = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    match std::fs::File::open(path) {
        Ok(file) => compile_reader(&name, file, &base),
        Err(e) => Err(unreadable(&name, &e)),
    }
}

/// Reads a policy's text from `reader` (standard input, say), then parses and checks it as
/// [`compile`] does; the files it names (its calendar) are read relative to the folder `base`,
/// and only from inside it. `name` is shown in diagnostics.
pub fn compile_reader(
    name: &str,
    mut reader: impl std::io::Read,
    base: &std::path::Path,
) -> Result<Checked, Failed> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Err(unreadable(name, &e));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Failed {
            source: PolicySource::new(name, ""),
            failure: Failure::File(PolicyFileError::NotUtf8),
        });
    };
    compile(
        name,
        text.trim_start_matches('\u{FEFF}'),
        &check::DirLoader::new(base),
    )
}

/// The failure of a policy that could not be read.
fn unreadable(name: &str, e: &std::io::Error) -> Failed {
    Failed {
        source: PolicySource::new(name, ""),
        failure: Failure::File(PolicyFileError::Unreadable {
            path: name.to_string(),
            why: sys::IoFailure::new(e),
        }),
    }
}

pub mod cases;
