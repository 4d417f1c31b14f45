//! Azure Pipelines logging commands, one line per error or warning:
//! `##vso[task.logissue type=error;sourcepath={file};linenumber={l};columnnumber={c};code={rule}]{message}`.
//!
//! Azure knows only `error` and `warning` issues. An info finding is not an issue: it is a plain log line,
//! `info: {file}:{l}:{c}: [{rule}] {message}`, so it neither counts as a warning nor hides.
//!
//! Escaping follows `escape` and `escapeData` of azure-pipelines-task-lib (`node/taskcommand.ts`), which the
//! agent reverses (`CommandStringConvertor`): in property values `%` → `%AZP25`, CR → `%0D`, LF → `%0A`,
//! `]` → `%5D`, `;` → `%3B`; in the message `%` → `%AZP25`, CR → `%0D`, LF → `%0A`. The help follows the
//! message after an escaped line break. In a plain line nothing is decoded, so line breaks become spaces and
//! `##vso[` is broken up, lest text from an input run as a command.
//!
//! An archive entry is reported on the archive, without a line: the entry and its line and column go in the
//! message. Inputs that could not be used are `type=error` issues too.

use std::fmt::Write;

use super::sarif::{input_error, place, split_archive};
use crate::diagnostic::{Outcome, Severity};

/// Escapes a command's message (task-lib's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%AZP25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (task-lib's `escape`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(']', "%5D").replace(';', "%3B")
}

/// Makes text safe on a plain log line: one line, no logging command in it.
fn plain(s: &str) -> String {
    s.replace(['\r', '\n'], " ").replace("##vso[", "##vso%5B")
}

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    // A verdict is about the whole input: an issue on the file, without a line; `unknown-401`/`unknown-403`
    // (info) a plain line.
    for v in super::verdict_items(outcome) {
        if v.severity == Severity::Info {
            let _ =
                writeln!(out, "{}", plain(&format!("info: {}: [{}] {} — fix: {}", v.file, v.check, v.message, v.fix)));
            continue;
        }
        let _ = writeln!(
            out,
            "##vso[task.logissue type=error;sourcepath={};code={}]{}%0Afix: {}",
            escape_property(v.file),
            escape_property(&v.check),
            escape_data(&v.message),
            escape_data(v.fix)
        );
    }
    for d in &outcome.diagnostics {
        let p = place(outcome, d);
        let message = format!("{}{}{}", d.message, super::place_suffix(d), p.entry_suffix());
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => {
                let at =
                    if p.archive.is_some() { String::new() } else { format!(":{}:{}", p.start.line, p.start.column) };
                let _ = writeln!(out, "{}", plain(&format!("info: {}{at}: [{}] {message}", p.path(), d.rule)));
                continue;
            }
        };
        let mut props = format!("type={kind};sourcepath={}", escape_property(p.path()));
        if p.archive.is_none() {
            let _ = write!(props, ";linenumber={};columnnumber={}", p.start.line, p.start.column);
        }
        let _ = write!(props, ";code={}", escape_property(d.rule));
        let mut data = escape_data(&message);
        if let Some(help) = &d.help {
            data.push_str("%0A");
            data.push_str(&escape_data(help));
        }
        let _ = writeln!(out, "##vso[task.logissue {props}]{data}");
    }
    // A file not linted is no issue: a plain line, like an info finding.
    for s in &outcome.skipped {
        let _ = writeln!(out, "{}", plain(&format!("info: {}: not linted: {}", s.file, s.reason)));
    }
    for e in &outcome.errors {
        let (file, mut message, at) = input_error(e);
        let mut props = String::from("type=error");
        match split_archive(&file) {
            Some((archive, entry)) => {
                let _ = write!(props, ";sourcepath={}", escape_property(archive));
                message = format!("{message} (in {entry})");
            }
            None if !file.is_empty() => {
                let _ = write!(props, ";sourcepath={}", escape_property(&file));
                if let Some(lc) = at {
                    let _ = write!(props, ";linenumber={};columnnumber={}", lc.line, lc.column);
                }
            }
            None => {}
        }
        let _ = writeln!(out, "##vso[task.logissue {props};code=authlint]{}", escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_cr_lf_only() {
        assert_eq!(escape_data("100% a:b,c;d]e\r\nf"), "100%AZP25 a:b,c;d]e%0D%0Af");
        assert_eq!(escape_data("%0A"), "%AZP250A");
    }

    #[test]
    fn properties_also_escape_bracket_and_semicolon() {
        assert_eq!(escape_property("a;b]c%d:e,f\r\n"), "a%3Bb%5Dc%AZP25d:e,f%0D%0A");
    }

    #[test]
    fn plain_lines_hold_no_command() {
        assert_eq!(plain("a\r\nb ##vso[task.setvariable x]y"), "a  b ##vso%5Btask.setvariable x]y");
    }
}
