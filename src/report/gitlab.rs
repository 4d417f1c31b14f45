//! GitLab Code Quality report: a JSON array of
//! `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`, one per finding.
//!
//! Severities: error → `major`, warning → `minor`, info → `info` (`critical` and `blocker` are left for
//! tools whose findings are about the code's safety; an authlint error is a request that will be refused).
//! The description is the message, then ` — ` and the help when there is one. The fingerprint is the SARIF
//! one (SHA-256 of rule, file, pointer, flow and action), stable when lines move. An archive entry is reported
//! on the archive at line 1, the entry and its line and column in the description. Inputs that could not be
//! used are not code-quality issues and are left to standard error.

use serde::Serialize;

use super::sarif::{fingerprints, place};
use crate::diagnostic::{Outcome, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: std::borrow::Cow<'a, str>,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(outcome: &Outcome) -> String {
    let issues: Vec<Issue> = outcome
        .diagnostics
        .iter()
        .zip(fingerprints(outcome))
        .map(|(d, fingerprint)| {
            let p = place(outcome, d);
            let mut description = format!("{}{}{}", d.message, super::place_suffix(d), p.entry_suffix());
            if let Some(help) = &d.help {
                description.push_str(" — ");
                description.push_str(help);
            }
            let begin = if p.archive.is_some() { 1 } else { p.start.line };
            Issue {
                description,
                check_name: d.rule.into(),
                fingerprint,
                severity: severity(d.severity),
                location: Location { path: p.path().to_string(), lines: Lines { begin } },
            }
        })
        .collect();
    let mut issues = issues;
    // A verdict is about the whole input: an issue on its first line.
    for (i, v) in super::verdict_items(outcome).into_iter().enumerate() {
        let fingerprint = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(format!("{}\0{}", v.check, v.file).as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        };
        issues.insert(
            i,
            Issue {
                description: format!("{} — fix: {}", v.message, v.fix),
                check_name: v.check.into(),
                fingerprint,
                severity: severity(v.severity),
                location: Location { path: v.file.replace('\\', "/"), lines: Lines { begin: 1 } },
            },
        );
    }
    // A file not linted is an `info` issue on its first line, so the report says what it did not read.
    for s in &outcome.skipped {
        let (path, entry) = super::sarif::split_archive(&s.file)
            .map_or((s.file.as_str(), String::new()), |(a, e)| (a, format!(" ({e})")));
        let fingerprint = {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(format!("skipped\0{}", s.file).as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        };
        issues.push(Issue {
            description: format!("not linted{entry}: {}", s.reason),
            check_name: "skipped".into(),
            fingerprint,
            severity: "info",
            location: Location { path: path.replace('\\', "/"), lines: Lines { begin: 1 } },
        });
    }
    let mut s = serde_json::to_string_pretty(&issues).expect("serialising plain data cannot fail");
    s.push('\n');
    s
}
