//! The JSON document of SPEC.md: `{"version": 1, "findings": [...], "verdict": null, "differences": []}`.

use serde::Serialize;

use crate::diagnostic::{Outcome, Severity};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    verdict: Option<()>,
    differences: [(); 0],
    notes: Vec<Note<'a>>,
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
}

#[derive(Serialize)]
struct Note<'a> {
    file: &'a str,
    message: &'a str,
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
            }
        })
        .collect();
    let notes = outcome
        .notes
        .iter()
        .map(|n| Note {
            file: &outcome.files[n.file].name,
            message: &n.message,
        })
        .collect();
    let doc = Document {
        version: 1,
        findings,
        verdict: None,
        differences: [],
        notes,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serialising plain data cannot fail");
    s.push('\n');
    s
}
