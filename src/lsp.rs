//! `authlint lsp`: a Language Server Protocol server on standard input and output (lsp-server and
//! lsp-types, as rust-analyzer uses them). Open definition files are linted as they change (full
//! sync): each finding becomes a diagnostic with its help and `authlint explain RULE`, and each safe
//! fix a quick-fix code action. The config is found as the command line finds it, from each
//! document's own folder (the nearest `authlint.toml` up from it, as `authlint lint` run in that
//! folder would find), or the one `--config` names, or none with `--isolated`; a config that does not
//! load is shown as a diagnostic on the document. Protocol errors end the server with an error;
//! nothing is printed on standard output but the protocol.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    Diagnostic as LspDiagnostic, DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, NumberOrString, Position, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::config::{Config, ConfigChoice};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::source::SourceFile;
use crate::time::Reference;

/// One open document: its text and the findings of its last lint.
struct Doc {
    text: String,
    findings: Vec<Diagnostic>,
}

/// The configs of the documents' folders, each loaded once.
struct Configs {
    choice: ConfigChoice,
    loaded: HashMap<Option<PathBuf>, Result<Config, String>>,
}

impl Configs {
    /// The config that applies to a document at `path`, or why it does not load.
    fn of(&mut self, path: &str) -> &Result<Config, String> {
        let dir = Path::new(path).parent().filter(|d| d.is_dir()).map(Path::to_path_buf);
        let start = dir.unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let file = crate::config::find(&self.choice, &start);
        self.loaded
            .entry(file)
            .or_insert_with_key(|f| crate::config::load_file(f.as_deref()).map_err(|e| e.to_string()))
    }
}

/// Runs the server until the client says `exit`.
pub fn run(choice: &ConfigChoice) -> Result<(), Error> {
    // A config named on the command line that does not load is an error at once, as for `lint`.
    if choice.explicit.is_some() {
        crate::config::load(choice)?;
    }
    let mut configs = Configs { choice: choice.clone(), loaded: HashMap::new() };
    let (connection, io) = Connection::stdio();
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).map_err(|e| Error::Usage(format!("lsp: {e}")))?;
    connection.initialize(caps).map_err(|e| Error::Usage(format!("lsp: the client did not initialize: {e}")))?;
    serve(&connection, &mut configs).map_err(|e| Error::Usage(format!("lsp: {e}")))?;
    drop(connection);
    io.join().map_err(|e| Error::Usage(format!("lsp: {e}")))
}

fn serve(conn: &Connection, configs: &mut Configs) -> Result<(), String> {
    let mut docs: HashMap<String, Doc> = HashMap::new();
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                let resp = request(&docs, req);
                conn.sender.send(Message::Response(resp)).map_err(|e| e.to_string())?;
            }
            Message::Notification(n) => {
                if let Some((uri, params)) = notification(&mut docs, n, configs) {
                    let note = Notification::new("textDocument/publishDiagnostics".into(), params);
                    conn.sender.send(Message::Notification(note)).map_err(|e| e.to_string())?;
                    let _ = uri;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn notification(
    docs: &mut HashMap<String, Doc>,
    n: Notification,
    configs: &mut Configs,
) -> Option<(String, PublishDiagnosticsParams)> {
    let (uri, text) = match n.method.as_str() {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
            (p.text_document.uri, Some(p.text_document.text))
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
            // Full sync: the last change holds the whole text.
            (p.text_document.uri, p.content_changes.into_iter().last().map(|c| c.text))
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
            docs.remove(p.text_document.uri.as_str());
            let params =
                PublishDiagnosticsParams { uri: p.text_document.uri.clone(), diagnostics: vec![], version: None };
            return Some((p.text_document.uri.as_str().to_string(), params));
        }
        _ => return None,
    };
    let text = text?;
    let name = file_name(&uri);
    let (findings, mut diagnostics) = match configs.of(&name) {
        Ok(config) => {
            let findings = crate::lint::lint_text(&name, &text, Reference::clock(), config)
                .ok()
                .flatten()
                .map(|o| o.diagnostics)
                .unwrap_or_default();
            (findings, Vec::new())
        }
        Err(e) => (Vec::new(), vec![config_error(e)]),
    };
    diagnostics.extend(findings.iter().map(|d| diagnostic(&text, d)));
    docs.insert(uri.as_str().to_string(), Doc { text, findings });
    Some((uri.as_str().to_string(), PublishDiagnosticsParams { uri, diagnostics, version: None }))
}

fn request(docs: &HashMap<String, Doc>, req: Request) -> Response {
    if req.method != "textDocument/codeAction" {
        return Response::new_err(req.id, ErrorCode::MethodNotFound as i32, format!("{} is not served", req.method));
    }
    let params: CodeActionParams = match serde_json::from_value(req.params) {
        Ok(p) => p,
        Err(e) => return Response::new_err(req.id, ErrorCode::InvalidParams as i32, e.to_string()),
    };
    let actions = docs.get(params.text_document.uri.as_str()).map(|doc| actions(doc, &params)).unwrap_or_default();
    Response::new_ok(req.id, actions)
}

/// The quick fixes of the findings whose range meets the asked range.
fn actions(doc: &Doc, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let src = SourceFile::from_text("buffer", doc.text.clone());
    let asked = params.range;
    doc.findings
        .iter()
        .filter(|d| {
            let r = range(&doc.text, d.span.start, d.span.end);
            r.start <= asked.end && asked.start <= r.end
        })
        .filter_map(|d| {
            let fix = d.fix.as_ref().filter(|f| crate::fix::usable(&src, f))?;
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: range(&doc.text, e.span.start, e.span.end),
                    new_text: crate::fix::written(&e.content),
                })
                .collect();
            let uri = params.text_document.uri.clone();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({})", fix.message, d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(&doc.text, d)]),
                edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri, edits)])), ..Default::default() }),
                is_preferred: Some(true),
                ..Default::default()
            }))
        })
        .collect()
}

fn diagnostic(text: &str, d: &Diagnostic) -> LspDiagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    message.push_str(&format!("\nmore: authlint explain {}", d.rule));
    LspDiagnostic {
        range: range(text, d.span.start, d.span.end),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("authlint".into()),
        message,
        ..Default::default()
    }
}

/// A config that does not load, shown at the top of the document it would apply to.
fn config_error(e: &str) -> LspDiagnostic {
    LspDiagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".into())),
        source: Some("authlint".into()),
        message: format!("the authlint config does not load, so this file is not linted: {e}"),
        ..Default::default()
    }
}

/// A byte range as LSP positions (0-based lines, UTF-16 code units, LSP's default encoding).
fn range(text: &str, start: usize, end: usize) -> Range {
    Range { start: position(text, start), end: position(text, end.max(start)) }
}

fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    Position { line: line as u32, character: character as u32 }
}

/// The path a `file:` URI names (percent-decoded), or the URI itself.
fn file_name(uri: &Uri) -> String {
    let s = uri.as_str();
    match s.strip_prefix("file://") {
        Some(path) => percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a\n\u{1F600}b\u{a0}c";
        assert_eq!((position(text, 2).line, position(text, 2).character), (1, 0));
        assert_eq!(position(text, 6).character, 2, "an astral character is two units");
        assert_eq!(position(text, 9).character, 4);
    }
}
