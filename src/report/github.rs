//! GitHub Actions workflow commands, one line per finding:
//! `::error file={file},line={l},col={c},endLine={el},endColumn={ec},title={rule}::{message}%0A{help}`
//! (`::warning` for warnings, `::notice` for info).
//!
//! Escaping follows `escapeData` and `escapeProperty` of `@actions/core` (actions/toolkit,
//! `packages/core/src/command.ts`): in the message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values also
//! `:` → `%3A` and `,` → `%2C`. The runner turns them back.
//!
//! An archive entry (`solution.zip!/Workflows/flow.json`) is annotated on the archive, without a line: the
//! entry and its line and column go in the message. Inputs that could not be used are `::error` lines too.

use std::fmt::Write;

use super::sarif::{input_error, place, split_archive};
use crate::diagnostic::{Outcome, Severity};

/// Escapes a command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    // A verdict is about the whole input: annotated on the file, without a line.
    for v in super::verdict_items(outcome) {
        let message = escape_data(&format!("{}\nfix: {}", v.message, v.fix));
        let file = split_archive(v.file).map_or(v.file, |(a, _)| a);
        let _ = writeln!(
            out,
            "::{} file={},title={}::{message}",
            command(v.severity),
            escape_property(file),
            escape_property(&v.title)
        );
    }
    for d in &outcome.diagnostics {
        let p = place(outcome, d);
        let mut props = format!("file={}", escape_property(p.path()));
        if p.archive.is_none() {
            let _ = write!(
                props,
                ",line={},col={},endLine={},endColumn={}",
                p.start.line, p.start.column, p.end.line, p.end.column
            );
        }
        let _ = write!(props, ",title={}", escape_property(d.rule));
        let mut message = escape_data(&format!("{}{}{}", d.message, super::place_suffix(d), p.entry_suffix()));
        if let Some(help) = &d.help {
            message.push_str("%0A");
            message.push_str(&escape_data(help));
        }
        let _ = writeln!(out, "::{} {props}::{message}", command(d.severity));
    }
    for s in &outcome.skipped {
        // A zip entry is annotated on its archive.
        let (file, entry) =
            split_archive(&s.file).map_or((s.file.as_str(), String::new()), |(a, e)| (a, format!(" ({e})")));
        let message = escape_data(&format!("not linted{entry}: {}", s.reason));
        let _ = writeln!(out, "::notice file={},title=authlint skipped::{message}", escape_property(file));
    }
    for e in &outcome.errors {
        let (file, mut message, at) = input_error(e);
        let mut props = String::new();
        match split_archive(&file) {
            Some((archive, entry)) => {
                let _ = write!(props, "file={},", escape_property(archive));
                message = format!("{message} (in {entry})");
            }
            None if !file.is_empty() => {
                let _ = write!(props, "file={},", escape_property(&file));
                if let Some(lc) = at {
                    let _ = write!(props, "line={},col={},", lc.line, lc.column);
                }
            }
            None => {}
        }
        let _ = writeln!(out, "::error {props}title=authlint::{}", escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_cr_lf_only() {
        assert_eq!(escape_data("100% a:b,c;d]e\r\nf"), "100%25 a:b,c;d]e%0D%0Af");
        // `%` first, so an escape already in the text is not decoded by the runner.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%;]\r\n"), "C%3A\\a%2Cb%25;]%0D%0A");
        assert_eq!(escape_property("::"), "%3A%3A");
    }
}
