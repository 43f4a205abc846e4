//! `rung lsp`: what the language reference (`docs/language.md`, built into the binary) says
//! of a built-in function or a keyword, for hovers and completions. The reference documents
//! every one of them (`tests/docs.rs` holds it), so hovers need no list of their own.

const LANGUAGE: &str = include_str!("../../../docs/language.md");

/// The cells of a table row (`| a | b | c |` → a, b, c).
fn cells(row: &str) -> Vec<&str> {
    row.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split(" | ")
        .map(str::trim)
        .collect()
}

/// A built-in function's row of the reference's table (§3.15): how it is called in Chinese
/// and in English, and what it gives.
pub struct Builtin {
    /// `星期(日期)`.
    pub zh: &'static str,
    /// `weekday(date)`.
    pub en: &'static str,
    /// What it gives.
    pub about: &'static str,
}

/// The reference's row for the built-in function whose Chinese name is `zh`.
pub fn builtin(zh: &str) -> Option<Builtin> {
    let start = format!("| `{zh}(");
    let row = LANGUAGE.lines().find(|l| l.starts_with(&start))?;
    let c = cells(row);
    let unquote = |s: &'static str| s.trim_matches('`');
    Some(Builtin {
        zh: unquote(c.first()?),
        en: unquote(c.get(1)?),
        about: c.get(2)?,
    })
}

/// What the reference's table of keywords (§6) says a keyword means, found by any of its
/// spellings.
pub fn keyword(spellings: &[String]) -> Option<&'static str> {
    let section = LANGUAGE.split("\n## 6 Keywords").nth(1)?;
    let section = section.split("\n## ").next()?;
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .find(|row| {
            let c = cells(row);
            let words = c.get(1..).unwrap_or(&[]).join(" ");
            spellings.iter().any(|s| words.contains(&format!("`{s}`")))
        })
        .and_then(|row| cells(row).first().copied())
}
