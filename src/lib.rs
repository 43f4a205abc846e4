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
//! let checked = compile("demo.rung", policy, &MemoryLoader::new(), Lang::Zh).map_err(|_| "policy")?;
//! let program = &checked.program;
//! let records = rung::records::read(
//!     &program.schema,
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

pub mod batch;
pub mod calendar;
pub mod check;
pub mod diag;
pub mod eval;
pub mod explain;
pub mod limits;
pub mod program;
pub mod records;
pub mod source;
pub mod syntax;
pub mod value;
pub mod verdict;

use check::{Checked, Loader};
use diag::{Diagnostic, Lang, PolicySource};

/// A policy that did not check: its source and every diagnostic (errors and warnings).
#[derive(Debug)]
pub struct Failed {
    /// The policy's text, for rendering the diagnostics.
    pub source: PolicySource,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a policy's text. `name` is shown in diagnostics; `loader` reads the files
/// the policy names (its calendar).
pub fn compile(name: &str, text: &str, loader: &dyn Loader, lang: Lang) -> Result<Checked, Failed> {
    let source = PolicySource::new(name, text);
    let policy = match syntax::parse(text) {
        Ok(p) => p,
        Err(errors) => {
            return Err(Failed {
                source,
                diagnostics: errors.iter().map(|e| e.to_diagnostic(lang)).collect(),
            })
        }
    };
    check::check(&policy, source.clone(), loader, lang).map_err(|diagnostics| Failed {
        source,
        diagnostics,
    })
}

/// Reads, parses and checks a policy file; its calendar is read relative to it.
pub fn compile_file(path: &std::path::Path, lang: Lang) -> Result<Checked, Failed> {
    let name = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(file_error(
                    &name,
                    lang.fmt("制度文件不是 UTF-8 编码", "the policy file is not UTF-8"),
                    lang.fmt(
                        "请以 UTF-8 编码保存制度文件",
                        "save the policy file as UTF-8",
                    ),
                ))
            }
        },
        Err(e) => {
            return Err(file_error(
                &name,
                lang.fmt(
                    format!("无法读取制度文件 `{name}`"),
                    format!("cannot read policy file `{name}`"),
                ),
                e.to_string(),
            ))
        }
    };
    let base = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    compile(
        &name,
        text.trim_start_matches('\u{FEFF}'),
        &check::DirLoader::new(base),
        lang,
    )
}

fn file_error(name: &str, message: String, help: String) -> Failed {
    Failed {
        source: PolicySource::new(name, ""),
        diagnostics: vec![Diagnostic::error(
            "rung::policy-file",
            message,
            source::Span::default(),
            String::new(),
        )
        .with_help(help)],
    }
}
pub mod cases;
