//! The one shape every finding takes, whatever produced it and however it is rendered.

use serde::Serialize;

use crate::source::{SourceFile, Span};

pub use crate::vocab::severity::Severity;

/// Index of a source in [`Outcome::files`].
pub type FileId = usize;

/// A secondary place a finding points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A finding: a rule, where, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// One line: what is wrong.
    pub message: String,
    /// What to do, and where the fix lives.
    pub help: Option<String>,
    pub file: FileId,
    /// The primary place, in the source's decoded text.
    pub span: Span,
    /// The text under the primary underline.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    /// RFC 6901 pointer of the JSON value the finding is about.
    pub pointer: String,
    /// For `lint`: the flow's display name and the action's path.
    pub flow: Option<String>,
    pub action: Option<String>,
    /// The rule's safe, mechanical fix, as edits on the source (see `fix.rs`).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// Where in a flow definition the finding lies: `flow "Name", action Path`; empty outside `lint`.
    pub fn place(&self) -> String {
        match (&self.flow, &self.action) {
            (Some(f), Some(a)) => format!("flow \"{f}\", action {a}"),
            (Some(f), None) => format!("flow \"{f}\""),
            (None, Some(a)) => format!("action {a}"),
            (None, None) => String::new(),
        }
    }
}

/// One replacement of source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The source bytes replaced (empty for an insertion).
    pub span: Span,
    /// What takes their place, as decoded text (escaped for JSON when applied inside a JSON string).
    pub content: String,
    /// The decoded text the span must hold for the edit to be safe.
    pub expect: String,
}

/// A finding's safe fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in a few words.
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { message: message.into(), edits }
    }
}

/// What kind of secret a span holds, which decides how much of it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A bearer token or other credential: its first 6 and last 4 characters may be shown.
    Token,
    /// A password, client secret, API key or Basic credential: only its fingerprint.
    Password,
}

/// A span of a source that holds a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secret {
    pub file: FileId,
    pub span: Span,
    pub kind: SecretKind,
}

/// Something to tell the user that is not a finding (what an input is, what could not be checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: FileId,
    pub message: String,
}

/// What part of a request a difference is in (SPEC.md's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    Method,
    Url,
    Query,
    Header,
    Auth,
    Body,
}

/// A difference between the flow's request and the reference (Postman or cURL) that works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub kind: DiffKind,
    /// What differs: a header or parameter name, a JSON pointer, `host`, `path`…
    pub name: String,
    /// The flow's side, as it may be shown (secrets redacted); empty when absent.
    pub flow: String,
    /// The reference's side, likewise.
    pub reference: String,
    pub severity: Severity,
    /// One line: what the difference does to the call.
    pub message: String,
}

/// Everything a run found, ready for a renderer.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub secrets: Vec<Secret>,
    pub notes: Vec<Note>,
    /// Inputs that could not be used (exit code 2), reported after the findings of the others.
    pub errors: Vec<crate::error::Error>,
    /// The 401/403 verdict of each input that came with a response.
    pub verdicts: Vec<(FileId, crate::vocab::Verdict)>,
    /// `diff`: what was compared with what (`Postman "Folder/Name" (collection.json)`), and the differences.
    pub compared: Option<String>,
    pub differences: Vec<Difference>,
    /// `lint`: how much was read.
    pub linted: Option<Linted>,
    /// `lint`: the files given or found that were not linted, and why.
    pub skipped: Vec<crate::input::definition::Skipped>,
    /// Findings the config's `off` rules and `[[ignore]]` entries took away (off rules not counted).
    pub ignored: usize,
    /// The config's `fail-on`, used when `--fail-on` is not given.
    pub fail_on: Option<Severity>,
}

/// What `lint` read: files (JSON files and zip entries with flows), flow definitions, HTTP actions,
/// and the number of files skipped (listed in [`Outcome::skipped`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Linted {
    pub files: usize,
    pub flows: usize,
    pub http_actions: usize,
    pub skipped: usize,
}

impl Outcome {
    pub fn add_file(&mut self, src: SourceFile) -> FileId {
        self.files.push(src);
        self.files.len() - 1
    }

    /// Whether a verdict names a cause (not `unknown-401`/`unknown-403`): exit code 1 (SPEC.md).
    pub fn has_named_verdict(&self) -> bool {
        self.verdicts.iter().any(|(_, v)| v.cause.is_named())
    }

    /// The highest severity found, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// Sorts findings by file, position and rule, for stable output.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (a.file, a.span.start, a.span.end, a.rule).cmp(&(b.file, b.span.start, b.span.end, b.rule))
        });
        self.diagnostics.dedup();
    }
}
