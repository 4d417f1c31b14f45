//! `file:line:col: severity[rule] message`, one line per finding.

use std::fmt::Write;

use crate::diagnostic::Outcome;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    // The verdict first, as in text: `file: error[verdict/cause] 401 cause: summary — fix: …`.
    for v in super::verdict_items(outcome) {
        let _ = writeln!(out, "{}: {}[{}] {} — fix: {}", v.file, v.severity.as_str(), v.check, v.message, v.fix);
    }
    for d in &outcome.diagnostics {
        let src = &outcome.files[d.file];
        let lc = src.line_col(d.span.start);
        let _ = {
            let place = super::place_suffix(d);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}{place}",
                src.name,
                lc.line,
                lc.column,
                d.severity.as_str(),
                d.rule,
                d.message
            )
        };
    }
    for d in &outcome.differences {
        let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let flow = outcome.files.first().map_or("", |f| f.name.as_str());
        let _ = writeln!(out, "{flow}: {}[diff-{kind}] {}: {}", d.severity.as_str(), d.name, d.message);
    }
    for s in &outcome.skipped {
        let _ = writeln!(out, "{}: skipped: {}", s.file, s.reason);
    }
    for n in &outcome.notes {
        let _ = writeln!(out, "{}: note: {}", outcome.files[n.file].name, n.message);
    }
    out
}
