//! `rung lsp`: a Language Server Protocol server over stdio. Every open policy is re-checked
//! on each change (full-document sync); diagnostics, hover, definition, references, outline,
//! completion, quick fixes and formatting answer from that analysis.

mod convert;
mod docs;
mod fixes;
mod render;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};
use serde_json::Value;

use rung::check::{DirLoader, MemoryLoader};
use rung::diag::Lang;
use rung::ide::Analysis;

use super::{LangArg, OK};

/// Arguments of `rung lsp`.
#[derive(clap::Args)]
pub struct Args {
    /// The language of diagnostics and hovers.
    #[arg(long, env = "RUNG_LANG", value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// Accepted for editors that pass it; the server always speaks over stdio.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

/// Runs the server until the client shuts it down; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let (connection, io) = Connection::stdio();
    match serve(&connection, args.lang.into()) {
        Ok(()) => {
            drop(connection);
            let _ = io.join();
            OK
        }
        // The reader thread may still wait on stdin: leave without joining it.
        Err(e) => {
            eprintln!("rung lsp: {e}");
            super::POLICY_FAILED
        }
    }
}

type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The open documents and their analyses.
struct Server<'a> {
    connection: &'a Connection,
    lang: Lang,
    docs: HashMap<String, Analysis>,
}

fn serve(connection: &Connection, lang: Lang) -> Fallible<()> {
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["「".into(), ".".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    };
    connection.initialize(serde_json::to_value(caps)?)?;
    let mut server = Server {
        connection,
        lang,
        docs: HashMap::new(),
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let id = req.id.clone();
                let resp = match server.request(req) {
                    Ok(value) => Response::new_ok(id, value),
                    Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
                };
                connection.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                // A notification the server cannot use is reported to the client, never fatal.
                if let Err(e) = server.notification(n) {
                    let params = lsp_types::LogMessageParams {
                        typ: lsp_types::MessageType::ERROR,
                        message: format!("rung: {e}"),
                    };
                    let log = Notification::new(LogMessage::METHOD.to_string(), params);
                    connection.sender.send(Message::Notification(log))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

impl Server<'_> {
    fn notification(&mut self, n: Notification) -> Fallible<()> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                self.update(p.text_document.uri, &p.text_document.text)
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                // Full sync: the last change holds the whole text.
                match p.content_changes.into_iter().last() {
                    Some(change) => self.update(p.text_document.uri, &change.text),
                    None => Ok(()),
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.docs.remove(p.text_document.uri.as_str());
                self.publish(p.text_document.uri, Vec::new())
            }
            _ => Ok(()),
        }
    }

    /// Re-analyses a document and publishes its diagnostics.
    fn update(&mut self, uri: Uri, text: &str) -> Fallible<()> {
        let (name, dir) = location(&uri);
        let analysis = match dir {
            Some(dir) => Analysis::new(&name, text, &DirLoader::new(dir), self.lang),
            None => Analysis::new(&name, text, &MemoryLoader::new(), self.lang),
        };
        let diagnostics = analysis
            .diagnostics()
            .iter()
            .map(|d| convert::diagnostic(d, analysis.source(), &uri))
            .collect();
        self.docs.insert(uri.as_str().to_string(), analysis);
        self.publish(uri, diagnostics)
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) -> Fallible<()> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection.sender.send(Message::Notification(n))?;
        Ok(())
    }

    fn doc(&self, uri: &Uri) -> Fallible<&Analysis> {
        self.docs
            .get(uri.as_str())
            .ok_or_else(|| format!("document not open: {}", uri.as_str()).into())
    }

    fn request(&self, req: Request) -> Fallible<Value> {
        let lang = self.lang;
        let value = match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = serde_json::from_value(req.params)?;
                let pos = p.text_document_position_params;
                let a = self.doc(&pos.text_document.uri)?;
                let offset = convert::offset(a.source(), pos.position);
                let hover = a.hover(offset).map(|(span, h)| lsp_types::Hover {
                    contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                        kind: lsp_types::MarkupKind::Markdown,
                        value: render::hover(&h, a, lang),
                    }),
                    range: Some(convert::range(a.source(), span)),
                });
                serde_json::to_value(hover)?
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = serde_json::from_value(req.params)?;
                let pos = p.text_document_position_params;
                let a = self.doc(&pos.text_document.uri)?;
                let offset = convert::offset(a.source(), pos.position);
                let uri = pos.text_document.uri.clone();
                let loc = a.definition(offset).map(|s| lsp_types::Location {
                    uri,
                    range: convert::range(a.source(), s),
                });
                serde_json::to_value(loc.map(lsp_types::GotoDefinitionResponse::Scalar))?
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams = serde_json::from_value(req.params)?;
                let pos = p.text_document_position;
                let a = self.doc(&pos.text_document.uri)?;
                let offset = convert::offset(a.source(), pos.position);
                let mut spans = a.references(offset);
                if !p.context.include_declaration && !spans.is_empty() {
                    spans.remove(0);
                }
                let locs: Vec<lsp_types::Location> = spans
                    .into_iter()
                    .map(|s| lsp_types::Location {
                        uri: pos.text_document.uri.clone(),
                        range: convert::range(a.source(), s),
                    })
                    .collect();
                serde_json::to_value(locs)?
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = serde_json::from_value(req.params)?;
                let a = self.doc(&p.text_document.uri)?;
                let symbols = convert::symbols(a.outline(), a.source());
                serde_json::to_value(lsp_types::DocumentSymbolResponse::Nested(symbols))?
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = serde_json::from_value(req.params)?;
                let a = self.doc(&p.text_document_position.text_document.uri)?;
                serde_json::to_value(render::completion(a))?
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = serde_json::from_value(req.params)?;
                let a = self.doc(&p.text_document.uri)?;
                serde_json::to_value(fixes::actions(a, &p, lang))?
            }
            Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = serde_json::from_value(req.params)?;
                let a = self.doc(&p.text_document.uri)?;
                // `rung fmt`'s layout; a file with syntax errors is left as it is.
                let text = &a.source().text;
                let edits = match rung::fmt::format(text, rung::fmt::Options::default()) {
                    Ok(formatted) if formatted != **text => {
                        let all = rung::source::Span::new(0, text.len());
                        vec![lsp_types::TextEdit {
                            range: convert::range(a.source(), all),
                            new_text: formatted,
                        }]
                    }
                    _ => Vec::new(),
                };
                serde_json::to_value(edits)?
            }
            _ => {
                return Err(format!("unsupported request `{}`", req.method).into());
            }
        };
        Ok(value)
    }
}

/// A document's name for diagnostics and, for a file on disk, the folder its calendar is read
/// from.
fn location(uri: &Uri) -> (String, Option<PathBuf>) {
    let s = uri.as_str();
    match s.strip_prefix("file://") {
        Some(path) => {
            let path = PathBuf::from(percent_decode(path));
            let dir = path.parent().map(PathBuf::from);
            (path.display().to_string(), dir)
        }
        None => (s.to_string(), None),
    }
}

/// Decodes `%XX` escapes (editors escape Chinese file names in URIs).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
