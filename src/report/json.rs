//! The JSON document of SPEC.md: `{"version": 1, "findings": [...], "verdict": null, "differences": []}`.

use serde::Serialize;

use crate::diagnostic::{Outcome, Severity};
use crate::error::Error;
use crate::triage::Verdict;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    verdict: Option<&'a Verdict>,
    /// Every input's verdict, with its file (SPEC.md's `verdict` is the first).
    verdicts: Vec<FileVerdict<'a>>,
    differences: &'a [crate::diagnostic::Difference],
    #[serde(skip_serializing_if = "Option::is_none")]
    compared: Option<&'a str>,
    /// `lint`: files, flow definitions and HTTP actions read.
    #[serde(skip_serializing_if = "Option::is_none")]
    linted: Option<crate::diagnostic::Linted>,
    notes: Vec<Note<'a>>,
    /// `lint`: files given or found that were not linted, with the reason.
    skipped: &'a [crate::input::definition::Skipped],
    /// Inputs that could not be used.
    errors: Vec<InputError>,
}

#[derive(Serialize)]
struct FileVerdict<'a> {
    file: &'a str,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

#[derive(Serialize)]
struct InputError {
    file: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    /// The rule's safe fix, when it applies to this file's bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    message: &'a str,
    edits: Vec<crate::fix::Placed>,
}

#[derive(Serialize)]
struct Note<'a> {
    file: &'a str,
    message: &'a str,
}

fn input_error(e: &Error) -> InputError {
    match e {
        Error::Input(ie) => {
            let at = ie.at.as_ref().map(|(src, span)| src.line_col(span.start));
            InputError {
                file: ie.file.clone(),
                message: ie.message.clone(),
                line: at.map(|a| a.line),
                column: at.map(|a| a.column),
            }
        }
        Error::Io { file, .. } | Error::Write { file, .. } | Error::Decode { file, .. } => {
            let msg = e.to_string();
            let message = msg.strip_prefix(&format!("{file}: ")).unwrap_or(&msg).to_string();
            InputError { file: file.clone(), message, line: None, column: None }
        }
        Error::Usage(m) => InputError { file: String::new(), message: m.clone(), line: None, column: None },
    }
}

pub fn render(outcome: &Outcome) -> String {
    let findings = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let src = &outcome.files[d.file];
            let (start, end) = (src.line_col(d.span.start), src.line_col(d.span.end));
            Finding {
                rule: d.rule,
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
                file: &src.name,
                pointer: &d.pointer,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                flow: d.flow.as_deref(),
                action: d.action.as_deref(),
                fix: d
                    .fix
                    .as_ref()
                    .filter(|_| !src.name.contains(".zip!/"))
                    .and_then(|f| crate::fix::placed(src, f).map(|edits| FixOut { message: &f.message, edits })),
            }
        })
        .collect();
    let notes = outcome.notes.iter().map(|n| Note { file: &outcome.files[n.file].name, message: &n.message }).collect();
    let doc = Document {
        version: 1,
        findings,
        verdict: outcome.verdicts.first().map(|(_, v)| v),
        verdicts: outcome
            .verdicts
            .iter()
            .map(|(f, v)| FileVerdict { file: &outcome.files[*f].name, verdict: v })
            .collect(),
        differences: &outcome.differences,
        compared: outcome.compared.as_deref(),
        linted: outcome.linted,
        notes,
        skipped: &outcome.skipped,
        errors: outcome.errors.iter().map(input_error).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serialising plain data cannot fail");
    s.push('\n');
    s
}
