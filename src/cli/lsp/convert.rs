//! `rung lsp`: byte spans to UTF-16 positions and back, diagnostics and the outline in the
//! protocol's shapes.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Location, NumberOrString,
    Position, Range, SymbolKind as Kind, Uri,
};

use rung::diag::{Diagnostic, PolicySource, Severity};
use rung::ide::{Symbol, SymbolKind};
use rung::source::Span;

/// The protocol's position of a byte offset.
pub fn position(source: &PolicySource, offset: usize) -> Position {
    let (line, col) = source.line_utf16(offset);
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// The protocol's range of a span.
pub fn range(source: &PolicySource, span: Span) -> Range {
    Range::new(position(source, span.start), position(source, span.end))
}

/// The byte offset of a protocol position.
pub fn offset(source: &PolicySource, p: Position) -> usize {
    source.offset_utf16(p.line as usize, p.character as usize)
}

/// A diagnostic in the protocol's shape: the message with its help, related places, the code.
pub fn diagnostic(d: &Diagnostic, source: &PolicySource, uri: &Uri) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if !d.label.is_empty() {
        message = format!("{message}: {}", d.label);
    }
    if let Some(help) = &d.help {
        message = format!("{message}\n{help}");
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: range(source, *span),
            },
            message: label.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(source, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("rung".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// The outline as nested document symbols.
pub fn symbols(list: &[Symbol], source: &PolicySource) -> Vec<DocumentSymbol> {
    list.iter()
        .map(|s| {
            let full = s.full.join(s.span);
            #[allow(deprecated)]
            DocumentSymbol {
                name: if s.name.is_empty() {
                    "?".into()
                } else {
                    s.name.clone()
                },
                detail: None,
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                range: range(source, full),
                selection_range: range(source, s.span),
                children: (!s.children.is_empty()).then(|| symbols(&s.children, source)),
            }
        })
        .collect()
}

/// The protocol's kind of a declaration.
pub fn kind(k: SymbolKind) -> Kind {
    match k {
        SymbolKind::Policy => Kind::FILE,
        SymbolKind::Scale | SymbolKind::Ladder | SymbolKind::Type => Kind::ENUM,
        SymbolKind::Grade | SymbolKind::Major | SymbolKind::Minor | SymbolKind::EnumMember => {
            Kind::ENUM_MEMBER
        }
        SymbolKind::Record => Kind::STRUCT,
        SymbolKind::Field | SymbolKind::Outcome => Kind::FIELD,
        SymbolKind::Param => Kind::CONSTANT,
        SymbolKind::Let => Kind::VARIABLE,
        SymbolKind::Clause => Kind::STRING,
        SymbolKind::Decision => Kind::CLASS,
        SymbolKind::Rule => Kind::METHOD,
        SymbolKind::Process => Kind::CLASS,
        SymbolKind::Step => Kind::EVENT,
    }
}
