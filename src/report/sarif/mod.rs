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

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Difference;
use crate::triage::Verdict;

mod place;
mod render;

pub(super) use place::{fingerprints, input_error, place, split_archive};
pub use render::render;

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

#[cfg(test)]
mod tests;
