//! The default renderer: each finding with the user's own text, the offending characters underlined
//! (miette). Secrets in the shown text are redacted unless `--show-secrets`.

use std::fmt::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Options, tally};
use crate::diagnostic::{Diagnostic, Outcome, Severity};
use crate::error::Error;
use crate::redact::Redacted;
use crate::source::Span;

/// A finding in miette's shape.
#[derive(Debug)]
struct Report {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Windowed>,
    labels: Vec<LabeledSpan>,
}

/// A source whose long lines are cut to a window around what is shown: a package's definition.json is
/// one line of tens of kilobytes, and printing it whole would bury the finding.
struct Windowed(std::sync::Arc<Redacted>, bool);

/// Lines longer than this (a minified file) are cut to a window of about WINDOW bytes around the
/// labels, unless --show-secrets asks to see everything.
const MAX_LINE: usize = 1024;
const WINDOW: usize = 160;

impl Windowed {
    /// How many bytes redaction took out of the line before `at` (columns are those of the original).
    fn shift(&self, at: usize) -> usize {
        let text = self.0.text.as_str();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        (self.0.original(at) - self.0.original(line_start)).saturating_sub(at - line_start)
    }
}

impl miette::SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.0.text.as_str();
        let full = text.read_span(span, before, after)?;
        let (mut from, mut to) = (full.span().offset(), full.span().offset() + full.span().len());
        let (mut line, mut column, mut count) = (full.line(), full.column(), full.line_count());
        if self.1 && std::str::from_utf8(full.data()).unwrap_or("").lines().any(|l| l.len() > MAX_LINE) {
            // The span's own line only, cut around the span (on character boundaries).
            let (start, mut end) = (span.offset().min(text.len()), (span.offset() + span.len()).min(text.len()));
            // A span longer than the window (a whole document) is shown from its start.
            if end - start > WINDOW {
                end = start + WINDOW;
                while !text.is_char_boundary(end) {
                    end += 1;
                }
            }
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let margin = WINDOW.saturating_sub(end - start) / 2;
            from = start.saturating_sub(margin).max(line_start);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            to = (end + margin).min(line_end);
            while !text.is_char_boundary(to) {
                to += 1;
            }
            line = text[..from].matches('\n').count();
            column = text[line_start..from].chars().count();
            count = 1;
        }
        // miette reads the column of the data's start (for the header: of the label's start).
        column += self.shift(from);
        Ok(Box::new(miette::MietteSpanContents::new(
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            line,
            column,
            count,
        )))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn handler(opts: &Options) -> GraphicalReportHandler {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1)
        // Wrap only at spaces, so expressions in help stay whole and can be copied.
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

fn source_span(s: Span) -> SourceSpan {
    SourceSpan::new(s.start.into(), s.len())
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// The text of each file as it may be shown, with the map from original spans.
fn shown_sources(outcome: &Outcome, show_secrets: bool) -> Vec<std::sync::Arc<Redacted>> {
    outcome
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if show_secrets {
                return std::sync::Arc::new(Redacted::new(&f.text, &[]));
            }
            let labels: Vec<Span> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.file == i)
                .flat_map(|d| std::iter::once(d.span).chain(d.secondary.iter().map(|l| l.span)))
                .collect();
            let secrets: Vec<_> = outcome
                .secrets
                .iter()
                .filter(|s| s.file == i)
                .flat_map(|s| split_around(s.span, &labels).into_iter().map(move |p| (p, s.kind)))
                .collect();
            std::sync::Arc::new(Redacted::new(&f.text, &secrets))
        })
        .collect()
}

/// A secret split around the short findings inside it (a stray comma, a space, a zero-width
/// character), so that those characters stay visible and underlined while the rest is redacted.
fn split_around(secret: Span, labels: &[Span]) -> Vec<Span> {
    let mut inner: Vec<Span> = labels
        .iter()
        .filter(|l| l.start > secret.start && l.end < secret.end && !l.is_empty() && l.len() <= 8)
        .copied()
        .collect();
    inner.sort();
    let mut parts = Vec::new();
    let mut at = secret.start;
    for l in inner {
        if l.start >= at {
            parts.push(Span::new(at, l.start));
            at = l.end;
        }
    }
    parts.push(Span::new(at, secret.end));
    parts.retain(|p| !p.is_empty());
    parts
}

fn to_report(d: &Diagnostic, outcome: &Outcome, shown: &[std::sync::Arc<Redacted>], cut: bool) -> Report {
    let r = &shown[d.file];
    let mut labels = vec![LabeledSpan::new_primary_with_span(d.label.clone(), source_span(r.map(d.span)))];
    labels.extend(
        d.secondary
            .iter()
            .filter(|l| l.span.end <= outcome.files[d.file].text.len())
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), source_span(r.map(l.span)))),
    );
    Report {
        code: d.rule.to_string(),
        message: match d.place() {
            p if p.is_empty() => d.message.clone(),
            p => format!("{}\nin {p}", d.message),
        },
        severity: severity(d.severity),
        help: d.help.clone(),
        source: NamedSource::new(&outcome.files[d.file].name, Windowed(r.clone(), cut)),
        labels,
    }
}

pub fn render(outcome: &Outcome, opts: &Options) -> String {
    let mut out = String::new();
    out.push_str(&super::diff::render(outcome, opts.width, opts.color));
    for (f, v) in &outcome.verdicts {
        out.push_str(&super::verdict::render(&outcome.files[*f].name, v, opts.width, opts.color));
    }
    out.push_str(&findings(outcome, opts));
    out.push_str(&tail(outcome));
    out
}

/// The findings, each with its snippet: what `lint` prints file by file as the files are done
/// ([`crate::lint::lint_streaming`]), before the [`tail`].
pub fn findings(outcome: &Outcome, opts: &Options) -> String {
    let shown = shown_sources(outcome, opts.show_secrets);
    let h = handler(opts);
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let _ = h.render_report(&mut out, &to_report(d, outcome, &shown, !opts.show_secrets));
        out.push('\n');
    }
    out
}

/// What follows the findings: notes, files skipped, and the summary line. It reads no file's text.
pub fn tail(outcome: &Outcome) -> String {
    let mut out = String::new();
    for n in &outcome.notes {
        let _ = writeln!(out, "note: {}: {}", outcome.files[n.file].name, n.message);
    }
    for s in &outcome.skipped {
        let _ = writeln!(out, "skipped: {}: {}", s.file, s.reason);
    }
    let names: Vec<&str> =
        outcome.files.iter().filter(|f| !f.name.starts_with("--")).map(|f| f.name.as_str()).collect();
    if outcome.compared.is_some() {
        let n = outcome.differences.len();
        let errors = outcome.differences.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count();
        let _ = writeln!(
            out,
            "{}: {n} difference{} ({errors} error{}); the flow's request: {}",
            names.first().copied().unwrap_or(""),
            if n == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            tally(outcome)
        );
    } else if let Some(l) = outcome.linted.filter(|l| l.files > 0 || outcome.errors.is_empty()) {
        let skipped = match l.skipped {
            0 => String::new(),
            n => format!(" ({n} not linted, listed above)"),
        };
        let _ = writeln!(
            out,
            "{} flow definition{} with {} HTTP action{} in {} file{}{skipped}: {}",
            l.flows,
            if l.flows == 1 { "" } else { "s" },
            l.http_actions,
            if l.http_actions == 1 { "" } else { "s" },
            l.files,
            if l.files == 1 { "" } else { "s" },
            tally(outcome)
        );
    } else if !names.is_empty() {
        let _ = writeln!(out, "{}: {}{}", names.join(", "), tally_in_request(outcome), verdict_tally(outcome));
    }
    out
}

/// The tally, said of the request when a verdict stands above it ("no problems found" alone would
/// contradict a verdict that names the cause).
fn tally_in_request(outcome: &Outcome) -> String {
    let t = tally(outcome);
    if outcome.verdicts.is_empty() {
        t
    } else if outcome.diagnostics.is_empty() {
        t.replacen("no problems found", "no problem found in the request", 1)
    } else {
        format!("{t} in the request")
    }
}

/// `; verdict: permission-missing (403)` for each verdict.
fn verdict_tally(outcome: &Outcome) -> String {
    let causes: Vec<String> =
        outcome.verdicts.iter().map(|(_, v)| format!("{} {}", v.status, v.cause.name())).collect();
    match causes.len() {
        0 => String::new(),
        1 => format!("; verdict: {}", causes[0]),
        _ => format!("; verdicts: {}", causes.join(", ")),
    }
}

pub fn render_error(err: &Error, opts: &Options) -> String {
    let mut out = String::new();
    match err {
        Error::Input(e) if e.at.is_some() => {
            let (src, span) = e.at.as_ref().expect("checked");
            let scrubbed = if opts.show_secrets { Vec::new() } else { crate::redact::scrub(&src.text) };
            let shown = std::sync::Arc::new(Redacted::new(&src.text, &scrubbed));
            let report = Report {
                code: String::new(),
                message: e.message.clone(),
                severity: miette::Severity::Error,
                help: e.help.clone(),
                // Nothing was parsed, so credentials are found by their shape and redacted.
                source: NamedSource::new(&e.file, Windowed(shown.clone(), !opts.show_secrets)),
                labels: vec![LabeledSpan::new_primary_with_span(Some("here".into()), source_span(shown.map(*span)))],
            };
            let _ = handler(opts).render_report(&mut out, &report);
        }
        Error::Input(e) => {
            let _ = writeln!(out, "error: {err}");
            if let Some(h) = &e.help {
                let _ = writeln!(out, "  help: {h}");
            }
        }
        _ => {
            let _ = writeln!(out, "error: {err}");
        }
    }
    out
}
