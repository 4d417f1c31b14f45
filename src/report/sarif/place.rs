//! Where a finding is, as the machine formats report it (shared with GitHub, GitLab, Azure, JUnit).

use std::collections::HashMap;
use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Outcome, Severity};
use crate::error::Error;
use crate::source::LineCol;

/// Where a finding is, as the machine formats report it.
pub(in crate::report) struct Place {
    /// The file name with `\` turned into `/` (for an archive entry, `archive.zip!/inner.json`).
    pub file: String,
    /// For an archive entry: the archive's path and the entry's path inside it.
    pub archive: Option<(String, String)>,
    pub start: LineCol,
    pub end: LineCol,
}

impl Place {
    /// The file a CI system can open: the archive for an archive entry, else the file.
    pub fn path(&self) -> &str {
        self.archive.as_ref().map_or(&self.file, |(archive, _)| archive)
    }

    /// For an archive entry, ` (in Workflows/flow.json, line 5, column 27)`, to add to a message.
    pub fn entry_suffix(&self) -> String {
        match &self.archive {
            Some((_, entry)) => format!(" (in {entry}, line {}, column {})", self.start.line, self.start.column),
            None => String::new(),
        }
    }
}

/// Where a finding is.
pub(in crate::report) fn place(outcome: &Outcome, d: &Diagnostic) -> Place {
    let src = &outcome.files[d.file];
    let file = src.name.replace('\\', "/");
    let archive = split_archive(&file).map(|(a, e)| (a.to_string(), e.to_string()));
    Place { start: src.line_col(d.span.start), end: src.line_col(d.span.end), file, archive }
}

/// `archive.zip!/inner/path.json` → `("archive.zip", "inner/path.json")`; `None` for a plain file.
pub(in crate::report) fn split_archive(name: &str) -> Option<(&str, &str)> {
    name.split_once("!/").filter(|(archive, entry)| !archive.is_empty() && !entry.is_empty())
}

/// One fingerprint per finding, in order: hex SHA-256 of rule, file, pointer, flow, action and the ordinal
/// among earlier findings with the same five. Lines and columns are left out, so moving text keeps it.
pub(in crate::report) fn fingerprints(outcome: &Outcome) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.files[d.file].name.replace('\\', "/");
            let key = [d.rule, &file, &d.pointer, d.flow.as_deref().unwrap_or(""), d.action.as_deref().unwrap_or("")]
                .join("\u{1f}");
            let n = seen.entry(key.clone()).or_default();
            let ordinal = *n;
            *n += 1;
            let digest = Sha256::digest(format!("{key}\u{1f}{ordinal}").as_bytes());
            digest.iter().fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
        })
        .collect()
}

/// An input that could not be used: its file (`/` separators; empty for a usage error), the message without
/// the file, and where in it, when known.
pub(in crate::report) fn input_error(e: &Error) -> (String, String, Option<LineCol>) {
    match e {
        Error::Input(ie) => {
            let at = ie.at.as_ref().map(|(src, span)| src.line_col(span.start));
            (ie.file.replace('\\', "/"), ie.message.clone(), at)
        }
        Error::Io { file, .. } | Error::Write { file, .. } | Error::Decode { file, .. } => {
            let msg = e.to_string();
            let message = msg.strip_prefix(&format!("{file}: ")).unwrap_or(&msg).to_string();
            (file.replace('\\', "/"), message, None)
        }
        Error::Usage(m) => (String::new(), m.clone(), None),
    }
}

/// The text of a finding: the message, then the help after a blank line.
pub(super) fn message_text(d: &Diagnostic, place: &Place) -> String {
    let mut text = format!("{}{}{}", d.message, crate::report::place_suffix(d), place.entry_suffix());
    if let Some(help) = &d.help {
        text.push_str("\n\n");
        text.push_str(help);
    }
    text
}

pub(super) fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a URI reference: `/` separators, percent-encoded where a URI may not hold the character,
/// absolute paths as `file://` URIs.
pub(super) fn artifact_uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let b = path.as_bytes();
    if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        format!("file:///{}", encode_path(&path, true))
    } else if path.starts_with('/') {
        format!("file://{}", encode_path(&path, true))
    } else {
        // In a relative reference the first segment cannot hold `:`, so every `:` is encoded.
        encode_path(&path, false)
    }
}

pub(super) fn encode_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let plain = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) || (keep_colon && b == b':');
        if plain {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
