//! One renderer per `--format`. Renderers read an [`Outcome`]; they never run rules.

mod azure;
mod concise;
mod diff;
mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod text;
mod token;
mod verdict;

pub use token::render_token;

use crate::diagnostic::{Outcome, Severity};
use crate::error::Error;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with the input's own text, the offending part underlined (the default).
    Text,
    /// One line per finding: `file:line:col: severity[rule] message`.
    Concise,
    /// One JSON object: version, findings (rule, severity, message, help, file, pointer, line, column), notes, errors.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning: rules from the registry, results with regions and stable fingerprints.
    Sarif,
    /// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.
    Github,
    /// Azure Pipelines logging commands: one `##vso[task.logissue]` per error or warning; info as plain lines.
    Azure,
    /// GitLab Code Quality report: a JSON array of issues with stable fingerprints.
    Gitlab,
    /// JUnit XML: a test suite per input, a test case per finding (errors and warnings fail).
    Junit,
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    pub show_secrets: bool,
    /// Terminal width for wrapping text output.
    pub width: usize,
}

/// Renders an outcome in a format.
pub fn render(outcome: &Outcome, format: Format, opts: &Options) -> String {
    match format {
        Format::Text => text::render(outcome, opts),
        Format::Concise => concise::render(outcome),
        Format::Json => json::render(outcome),
        Format::Sarif => sarif::render(outcome),
        Format::Github => github::render(outcome),
        Format::Azure => azure::render(outcome),
        Format::Gitlab => gitlab::render(outcome),
        Format::Junit => junit::render(outcome),
    }
}

/// The text report in two parts, so that `lint` can print each file's findings as soon as they are
/// known and drop its text: `text_findings` of each file's outcome, then `text_tail` of the whole.
/// Together they are `render(outcome, Format::Text, opts)` for an outcome with no verdict or difference.
pub use text::{findings as text_findings, tail as text_tail};

/// Renders an error that ended the run, with its snippet when it has a place.
pub fn render_error(err: &Error, opts: &Options) -> String {
    text::render_error(err, opts)
}

/// `2 errors, 1 warning`, or `no problems found`.
/// ` (in flow "Name", action Path)` for a `lint` finding; empty otherwise.
pub fn place_suffix(d: &crate::diagnostic::Diagnostic) -> String {
    let place = d.place();
    if place.is_empty() { place } else { format!(" (in {place})") }
}

/// A verdict as the line-oriented formats show it: file, severity (error when it names a cause, info for
/// `unknown-401`/`unknown-403`, as the exit code counts them), a title (`verdict 401 token-expired`), the
/// summary and the fix.
pub(crate) struct VerdictItem<'a> {
    pub file: &'a str,
    pub severity: Severity,
    /// `verdict/token-expired`: the check name of the CI formats.
    pub check: String,
    /// `verdict 401 token-expired`.
    pub title: String,
    /// `401 token-expired: The token expired …`.
    pub message: String,
    pub fix: &'a str,
}

pub(crate) fn verdict_items(outcome: &Outcome) -> Vec<VerdictItem<'_>> {
    outcome
        .verdicts
        .iter()
        .map(|(f, v)| {
            let cause = v.cause.name();
            VerdictItem {
                file: &outcome.files[*f].name,
                severity: if v.cause.is_named() { Severity::Error } else { Severity::Info },
                check: format!("verdict/{cause}"),
                title: format!("verdict {} {cause}", v.status),
                message: format!("{} {cause}: {}", v.status, capitalise(&v.summary)),
                fix: &v.fix,
            }
        })
        .collect()
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

pub fn tally(outcome: &Outcome) -> String {
    let count = |s| outcome.diagnostics.iter().filter(|d| d.severity == s).count();
    let parts: Vec<String> = [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Info, "info")]
        .into_iter()
        .filter_map(|(s, name)| {
            let n = count(s);
            (n > 0).then(|| format!("{n} {name}{}", if n > 1 && s != Severity::Info { "s" } else { "" }))
        })
        .collect();
    let mut s = if parts.is_empty() { "no problems found".to_string() } else { parts.join(", ") };
    if outcome.ignored > 0 {
        s.push_str(&format!(" ({} ignored by the config)", outcome.ignored));
    }
    s
}
