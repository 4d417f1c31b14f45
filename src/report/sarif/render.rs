//! The SARIF log of an outcome: the rules' descriptors, the results, the run's properties.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::place::{artifact_uri, level, message_text, place, split_archive};
use super::*;
use crate::diagnostic::Outcome;
use crate::rules::RULES;

/// The body of a `## Heading` section of a rule's documentation, as one paragraph.
pub(super) fn section(doc: &str, heading: &str) -> Option<String> {
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
    for (i, v) in crate::report::verdict_items(outcome).into_iter().enumerate() {
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
