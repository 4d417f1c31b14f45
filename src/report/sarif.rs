//! SARIF 2.1.0 for GitHub code scanning: one run, the rule registry as `tool.driver.rules`, one result per
//! finding.
//!
//! Also home of what the machine formats share: where a finding is ([`place`]), archive entries
//! ([`split_archive`]), stable fingerprints ([`fingerprints`]) and input errors ([`input_error`]).
//!
//! Choices:
//! - Columns are code points (`run.columnKind` is `unicodeCodePoints`), lines and columns 1-based, `endColumn`
//!   the column after the last character, as [`crate::source::SourceFile::line_col`] gives them.
//! - An entry of an archive (`solution.zip!/Workflows/flow.json`) is reported on the archive (`solution.zip`):
//!   code scanning cannot open entries. The entry and its line and column go in the message, in
//!   `logicalLocations` and in the result's `properties.archiveEntry`; the location has no `region`, since
//!   the entry's lines are not lines of the archive.
//! - `partialFingerprints["authlint/v1"]` is a SHA-256 of rule, file, JSON pointer, flow and action (and an
//!   ordinal among findings that share all of these), so it survives lines moving.
//! - Inputs that could not be used are `toolExecutionNotifications` (level `error`, and
//!   `executionSuccessful: false`); notes are notifications of level `note`. Verdicts and differences ride in
//!   `run.properties`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Difference, Outcome, Severity};
use crate::error::Error;
use crate::rules::RULES;
use crate::source::LineCol;
use crate::triage::Verdict;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/authlint/authlint";
/// The `partialFingerprints` key; bump the version if what goes into the hash changes.
const FINGERPRINT_KEY: &str = "authlint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    information_uri: &'static str,
    version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Markdown,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Markdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    roles: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties<'a>,
    /// The rule's safe fix (SARIF 2.1.0 §3.55), outside archives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_entry: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    verdicts: Vec<FileVerdict<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    differences: &'a [Difference],
    #[serde(skip_serializing_if = "Option::is_none")]
    compared: Option<&'a str>,
}

#[derive(Serialize)]
struct FileVerdict<'a> {
    file: &'a str,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

/// Where a finding is, as the machine formats report it.
pub(super) struct Place {
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
pub(super) fn place(outcome: &Outcome, d: &Diagnostic) -> Place {
    let src = &outcome.files[d.file];
    let file = src.name.replace('\\', "/");
    let archive = split_archive(&file).map(|(a, e)| (a.to_string(), e.to_string()));
    Place { start: src.line_col(d.span.start), end: src.line_col(d.span.end), file, archive }
}

/// `archive.zip!/inner/path.json` → `("archive.zip", "inner/path.json")`; `None` for a plain file.
pub(super) fn split_archive(name: &str) -> Option<(&str, &str)> {
    name.split_once("!/").filter(|(archive, entry)| !archive.is_empty() && !entry.is_empty())
}

/// One fingerprint per finding, in order: hex SHA-256 of rule, file, pointer, flow, action and the ordinal
/// among earlier findings with the same five. Lines and columns are left out, so moving text keeps it.
pub(super) fn fingerprints(outcome: &Outcome) -> Vec<String> {
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
pub(super) fn input_error(e: &Error) -> (String, String, Option<LineCol>) {
    match e {
        Error::Input(ie) => {
            let at = ie.at.as_ref().map(|(src, span)| src.line_col(span.start));
            (ie.file.replace('\\', "/"), ie.message.clone(), at)
        }
        Error::Io { file, .. } | Error::Decode { file, .. } => {
            let msg = e.to_string();
            let message = msg.strip_prefix(&format!("{file}: ")).unwrap_or(&msg).to_string();
            (file.replace('\\', "/"), message, None)
        }
        Error::Usage(m) => (String::new(), m.clone(), None),
    }
}

/// The text of a finding: the message, then the help after a blank line.
fn message_text(d: &Diagnostic, place: &Place) -> String {
    let mut text = format!("{}{}{}", d.message, super::place_suffix(d), place.entry_suffix());
    if let Some(help) = &d.help {
        text.push_str("\n\n");
        text.push_str(help);
    }
    text
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a URI reference: `/` separators, percent-encoded where a URI may not hold the character,
/// absolute paths as `file://` URIs.
fn artifact_uri(name: &str) -> String {
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

fn encode_path(path: &str, keep_colon: bool) -> String {
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

/// The body of a `## Heading` section of a rule's documentation, as one paragraph.
fn section(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let body = &doc[start..];
    let body = body.find("\n## ").map_or(body, |end| &body[..end]);
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn descriptors() -> Vec<ReportingDescriptor> {
    RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            let doc = m.documentation();
            ReportingDescriptor {
                id: m.name,
                short_description: Text { text: m.summary.to_string() },
                full_description: Text { text: section(&doc, "What it finds").unwrap_or_else(|| m.summary.into()) },
                help: Markdown { text: doc.clone(), markdown: doc },
                default_configuration: Configuration { level: level(m.severity) },
            }
        })
        .collect()
}

pub fn render(outcome: &Outcome) -> String {
    // One artifact per file that can be opened (entries of one archive share the archive's).
    let mut artifacts: Vec<Artifact> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut artifact_index = |name: &str, artifacts: &mut Vec<Artifact>| {
        let name = name.replace('\\', "/");
        let uri = artifact_uri(split_archive(&name).map_or(name.as_str(), |(archive, _)| archive));
        *index_of.entry(uri.clone()).or_insert_with(|| {
            artifacts.push(Artifact { location: ArtifactLocation { uri, index: None }, roles: ["analysisTarget"] });
            artifacts.len() - 1
        })
    };
    for f in &outcome.files {
        artifact_index(&f.name, &mut artifacts);
    }

    let fingerprints = fingerprints(outcome);
    let mut results: Vec<SarifResult> = outcome
        .diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(d, fingerprint)| {
            let place = place(outcome, d);
            let index = artifact_index(&place.file, &mut artifacts);
            let region = place.archive.is_none().then_some(Region {
                start_line: place.start.line,
                start_column: place.start.column,
                end_line: place.end.line,
                end_column: place.end.column,
            });
            let logical_locations = place
                .archive
                .as_ref()
                .map(|(_, entry)| LogicalLocation {
                    name: entry.clone(),
                    fully_qualified_name: place.file.clone(),
                    kind: "resource",
                })
                .into_iter()
                .collect();
            SarifResult {
                rule_id: d.rule.into(),
                rule_index: RULES.iter().position(|r| r.meta().name == d.rule),
                level: level(d.severity),
                message: Text { text: message_text(d, &place) },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: artifacts[index].location.uri.clone(),
                            index: Some(index),
                        },
                        region,
                    },
                    logical_locations,
                }],
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
                properties: ResultProperties {
                    pointer: &d.pointer,
                    flow: d.flow.as_deref(),
                    action: d.action.as_deref(),
                    archive_entry: place.archive.as_ref().map(|(_, entry)| entry.clone()),
                },
                fixes: d
                    .fix
                    .as_ref()
                    .filter(|_| place.archive.is_none())
                    .and_then(|f| Some((f, crate::fix::placed(&outcome.files[d.file], f)?)))
                    .map(|(f, edits)| SarifFix {
                        description: Text { text: f.message.clone() },
                        artifact_changes: vec![ArtifactChange {
                            artifact_location: ArtifactLocation {
                                uri: artifacts[index].location.uri.clone(),
                                index: Some(index),
                            },
                            replacements: edits
                                .into_iter()
                                .map(|e| Replacement {
                                    deleted_region: Region {
                                        start_line: e.line,
                                        start_column: e.column,
                                        end_line: e.end_line,
                                        end_column: e.end_column,
                                    },
                                    inserted_content: Content { text: e.content },
                                })
                                .collect(),
                        }],
                    })
                    .into_iter()
                    .collect(),
            }
        })
        .collect();

    // A verdict is a result on the whole input (no region), ruleId `verdict/<cause>`: level error when it
    // names a cause, note for unknown-401/unknown-403. The full verdict also rides in run.properties.
    for (i, v) in super::verdict_items(outcome).into_iter().enumerate() {
        let index = artifact_index(v.file, &mut artifacts);
        let fingerprint = {
            let digest = Sha256::digest(format!("{}\0{}", v.check, v.file.replace('\\', "/")).as_bytes());
            digest.iter().fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
        };
        results.insert(
            i,
            SarifResult {
                rule_id: v.check.into(),
                rule_index: None,
                level: level(v.severity),
                message: Text { text: format!("{}\nFix: {}", v.message, v.fix) },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: artifacts[index].location.uri.clone(),
                            index: Some(index),
                        },
                        region: None,
                    },
                    logical_locations: Vec::new(),
                }],
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
                properties: ResultProperties { pointer: "", flow: None, action: None, archive_entry: None },
                fixes: Vec::new(),
            },
        );
    }

    let mut notifications: Vec<Notification> = outcome
        .errors
        .iter()
        .map(|e| {
            let (file, message, at) = input_error(e);
            let locations = if file.is_empty() {
                Vec::new()
            } else {
                let in_entry = split_archive(&file).is_some();
                vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: artifact_uri(split_archive(&file).map_or(file.as_str(), |(archive, _)| archive)),
                            index: None,
                        },
                        region: at.filter(|_| !in_entry).map(|lc| Region {
                            start_line: lc.line,
                            start_column: lc.column,
                            end_line: lc.line,
                            end_column: lc.column,
                        }),
                    },
                    logical_locations: Vec::new(),
                }]
            };
            let text = if file.is_empty() { message } else { format!("{file}: {message}") };
            Notification { level: "error", message: Text { text }, locations }
        })
        .collect();
    // A file not linted is a `note` notification on its artifact (a zip entry's archive).
    notifications.extend(outcome.skipped.iter().map(|s| {
        let file = split_archive(&s.file).map_or(s.file.as_str(), |(archive, _)| archive);
        Notification {
            level: "note",
            message: Text { text: format!("{}: not linted: {}", s.file.replace('\\', "/"), s.reason) },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: artifact_uri(file), index: None },
                    region: None,
                },
                logical_locations: Vec::new(),
            }],
        }
    }));
    notifications.extend(outcome.notes.iter().map(|n| {
        let name = &outcome.files[n.file].name;
        Notification {
            level: "note",
            message: Text { text: format!("{}: {}", name.replace('\\', "/"), n.message) },
            locations: Vec::new(),
        }
    }));

    let properties = RunProperties {
        verdicts: outcome
            .verdicts
            .iter()
            .map(|(f, v)| FileVerdict { file: &outcome.files[*f].name, verdict: v })
            .collect(),
        differences: &outcome.differences,
        compared: outcome.compared.as_deref(),
    };
    let has_properties =
        !properties.verdicts.is_empty() || !properties.differences.is_empty() || properties.compared.is_some();

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "authlint",
                    information_uri: INFORMATION_URI,
                    version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors(),
                },
            },
            invocations: [Invocation {
                execution_successful: outcome.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            artifacts,
            results,
            properties: has_properties.then_some(properties),
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).expect("serialising plain data cannot fail");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_split_at_the_first_entry_marker() {
        assert_eq!(split_archive("solution.zip!/Workflows/flow.json"), Some(("solution.zip", "Workflows/flow.json")));
        assert_eq!(split_archive("a/b.json"), None);
        assert_eq!(split_archive("!/x"), None);
    }

    #[test]
    fn uris_are_encoded_and_absolute_paths_become_file_uris() {
        assert_eq!(artifact_uri("samples/quoted-token.json"), "samples/quoted-token.json");
        assert_eq!(artifact_uri(r"flows\my flow.json"), "flows/my%20flow.json");
        assert_eq!(artifact_uri("a:b/100%.json"), "a%3Ab/100%25.json");
        assert_eq!(artifact_uri(r"C:\work\flow.json"), "file:///C:/work/flow.json");
        assert_eq!(artifact_uri("/tmp/é.json"), "file:///tmp/%C3%A9.json");
        assert_eq!(artifact_uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn sections_are_read_as_one_paragraph() {
        let doc = "## What it finds\nA thing\nover two lines.\n\n## Fix\nDo it.";
        assert_eq!(section(doc, "What it finds").as_deref(), Some("A thing over two lines."));
        assert_eq!(section(doc, "Fix").as_deref(), Some("Do it."));
        assert_eq!(section(doc, "Example"), None);
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for r in RULES {
            let doc = r.meta().documentation();
            assert!(section(&doc, "What it finds").is_some(), "{}", r.meta().name);
        }
    }
}
