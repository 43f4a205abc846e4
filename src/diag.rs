//! Diagnostics of the syntax and check stages: language, severity, message, labels and help,
//! rendered through miette with the policy's source.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource, SourceCode,
    SourceSpan, SpanContents,
};

pub use crate::source::PolicySource;
use crate::source::Span;

mod clip;

pub use clip::MAX_LINE_CHARS;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Formats the text for this language.
    pub fn fmt(self, zh: impl fmt::Display, en: impl fmt::Display) -> String {
        match self {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The policy cannot be evaluated.
    Error,
    /// The policy can be evaluated, but something deserves a look.
    Warning,
}

/// A problem found in a policy, with where it is and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `rung::unknown-name`.
    pub code: &'static str,
    /// A short message: lowercase, no final period, user input in backticks.
    pub message: String,
    /// The main place, with its label.
    pub span: Span,
    /// What is wrong at that place.
    pub label: String,
    /// Further places, with their labels.
    pub related: Vec<(Span, String)>,
    /// What to do.
    pub help: Option<String>,
    /// What to write instead, when it can be told: a known name spelt alike (`前6个月`), or the
    /// text with a keyword standing apart (`当 岗位`).
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: &'static str, message: String, span: Span, label: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message,
            span,
            label,
            related: Vec::new(),
            help: None,
            suggestion: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(code: &'static str, message: String, span: Span, label: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span, label)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds another labelled place.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Attaches the policy's source for rendering.
    pub fn with_source(&self, source: &PolicySource) -> SourcedDiagnostic {
        SourcedDiagnostic {
            diagnostic: self.clone(),
            source: named(source),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn named(source: &PolicySource) -> CharColumns {
    CharColumns {
        inner: NamedSource::new(source.name.clone(), Arc::clone(&source.text))
            .with_language("rung"),
        text: Arc::clone(&source.text),
        shifts: Vec::new(),
    }
}

fn source_span(s: Span) -> SourceSpan {
    (s.start, s.len()).into()
}

/// A policy's source for miette, reporting columns in characters (as an editor shows them)
/// rather than bytes, which differ on every line with Chinese text.
#[derive(Debug)]
struct CharColumns {
    inner: NamedSource<Arc<str>>,
    text: Arc<str>,
    /// Lines cut for drawing: where each starts and how many characters its column is off by.
    shifts: Vec<(usize, usize)>,
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.inner.read_span(span, before, after)?;
        let upto = self.text.get(..span.offset()).unwrap_or("");
        let line_start = upto.rfind('\n').map_or(0, |n| n + 1);
        let shift = self
            .shifts
            .iter()
            .find(|(at, _)| *at == line_start)
            .map_or(0, |(_, n)| *n);
        let column = upto.get(line_start..).map_or(0, |l| l.chars().count()) + shift;
        Ok(Box::new(CharSpan { inner, column }))
    }
}

/// Span contents whose column counts characters.
struct CharSpan<'a> {
    inner: Box<dyn SpanContents<'a> + 'a>,
    column: usize,
}

impl<'a> SpanContents<'a> for CharSpan<'a> {
    fn data(&self) -> &'a [u8] {
        self.inner.data()
    }
    fn span(&self) -> &SourceSpan {
        self.inner.span()
    }
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }
    fn line(&self) -> usize {
        self.inner.line()
    }
    fn column(&self) -> usize {
        if self.inner.column() == 0 {
            0
        } else {
            self.column
        }
    }
    fn line_count(&self) -> usize {
        self.inner.line_count()
    }
    fn language(&self) -> Option<&str> {
        self.inner.language()
    }
}

/// A diagnostic with its source, ready for miette to render.
#[derive(Debug)]
pub struct SourcedDiagnostic {
    diagnostic: Diagnostic,
    source: CharColumns,
}

impl fmt::Display for SourcedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for SourcedDiagnostic {}

impl miette::Diagnostic for SourcedDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = &self.diagnostic;
        let main = LabeledSpan::new_primary_with_span(Some(d.label.clone()), source_span(d.span));
        let rest = d
            .related
            .iter()
            .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), source_span(*s)));
        Some(Box::new(std::iter::once(main).chain(rest)))
    }
}

/// Draws diagnostics as miette does, with the policy's source; `color` for a terminal.
pub fn render(diagnostics: &[Diagnostic], source: &PolicySource, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let sourced = clipped(d, source).unwrap_or_else(|| d.with_source(source));
        if handler.render_report(&mut out, &sourced).is_err() {
            out.push_str(&d.message);
        }
        out.push('\n');
    }
    out
}

/// The diagnostic against its source with long lines cut around its labels, when it has any.
fn clipped(d: &Diagnostic, source: &PolicySource) -> Option<SourcedDiagnostic> {
    let spans: Vec<Span> = std::iter::once(d.span)
        .chain(d.related.iter().map(|(s, _)| *s))
        .collect();
    let c = clip::clip(&source.text, &spans)?;
    let mut moved = c.spans.into_iter();
    let mut diagnostic = d.clone();
    diagnostic.span = moved.next().unwrap_or_default();
    for ((span, _), new) in diagnostic.related.iter_mut().zip(moved) {
        *span = new;
    }
    let mut named = named(&PolicySource::new(source.name.clone(), c.text));
    named.shifts = c.shifts;
    Some(SourcedDiagnostic {
        diagnostic,
        source: named,
    })
}
