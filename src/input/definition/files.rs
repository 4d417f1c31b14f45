//! Where flow definitions are found: files, folders (walked with `ignore`), solution and package
//! zips, and zips inside folders. Zip entries are named `archive.zip!/inner/path.json`. A zip is read
//! within limits (entries, inflated size, ratio): a zip bomb is an error for that file, not a crash.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Document, read, read_with};
use crate::error::Error;
use crate::model::{Json, JsonKind};
use crate::source::SourceFile;

const RAISE_ZIP_LIMITS: &str = "if the export is genuine, raise `zip-entries`, `zip-entry-mb`, `zip-mb` or `zip-ratio` in the [limits] table of authlint.toml";

/// What a path gave: documents (each may hold no flow), and errors for what could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub documents: Vec<Document>,
    pub errors: Vec<Error>,
    /// Files (and zip entries) read but not linted, with the reason.
    pub skipped: Vec<Skipped>,
}

/// A file given or found that is not linted, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The files to read for the paths given: a file as named (`true`: named on the command line), or
/// the `.json` and `.zip` files of a folder (`false`).
pub fn list(paths: &[String]) -> Vec<(PathBuf, bool)> {
    let mut files = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            files.extend(walk(path).into_iter().map(|f| (f, false)));
        } else {
            files.push((path.to_path_buf(), true));
        }
    }
    files
}

/// Reads one file of [`list`]: a JSON file gives one document, a zip one per flow entry. Files named
/// on the command line that hold no flow are errors; files found in folders are skipped quietly.
pub fn read_one(path: &Path, named: bool) -> Found {
    let mut found = Found::default();
    read_file(path, named, &mut found);
    found
}

/// The `.json` and `.zip` files under a folder, sorted, honouring .gitignore; walked in parallel.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let out = std::sync::Mutex::new(Vec::new());
    ignore::WalkBuilder::new(dir).hidden(true).follow_links(false).build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(e) = entry
                && e.file_type().is_some_and(|t| t.is_file())
                && e.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("json") || x.eq_ignore_ascii_case("zip"))
            {
                out.lock().expect("no panic while holding the lock").push(e.into_path());
            }
            ignore::WalkState::Continue
        })
    });
    let mut out = out.into_inner().expect("no panic while holding the lock");
    out.sort();
    out
}

fn read_file(path: &Path, named: bool, found: &mut Found) {
    let name = path.display().to_string();
    let bytes = match crate::source::read_limited(path) {
        Ok(b) => b,
        Err(e) => return found.errors.push(e),
    };
    if is_zip(&bytes) {
        return read_zip(&name, &bytes, named, found);
    }
    let given = parameters_file(path).as_deref().and_then(read_beside).map(|j| arm_given(&j)).unwrap_or_default();
    match SourceFile::from_vec(name.clone(), bytes).and_then(|src| read_with(src, None, given)).map(|d| beside(d, path)) {
        Ok(doc) if doc.flows.is_empty() && named => found.errors.push(
            Error::input(&name, format!("no flow definition here: {}; authlint lint reads solution and package zips, Workflows/*.json, definition.json, workflow.json and ARM templates", doc.skipped.as_deref().unwrap_or("no flow")))
                .with_help("give the exported solution or package zip, or the folder it was unpacked into"),
        ),
        Ok(mut doc) => {
            if let Some(reason) = doc.skipped.take() {
                found.skipped.push(Skipped { file: name.clone(), reason });
            } else {
                let reasons = std::mem::take(&mut doc.unreachable);
                found.skipped.extend(reasons.into_iter().map(|r| Skipped { file: name.clone(), reason: format!("partly: {r}") }));
                found.documents.push(doc);
            }
        }
        Err(e) if named || name.to_ascii_lowercase().ends_with("definition.json") || name.contains("Workflows") => found.errors.push(e),
        Err(e) => found.skipped.push(Skipped { file: name, reason: format!("not JSON authlint can read: {}", short(&e)) }),
    }
}

/// An error in one line, with its place (for a skipped file's reason).
fn short(e: &Error) -> String {
    match e {
        Error::Input(i) => match &i.at {
            Some((src, span)) => {
                let lc = src.line_col(span.start);
                format!("{} at {}:{}", i.message, lc.line, lc.column)
            }
            None => i.message.clone(),
        },
        other => other.to_string(),
    }
}

/// What a zip entry that never holds a flow is, by its path in a solution or package zip.
fn companion(inner: &str) -> Option<&'static str> {
    let file = inner.rsplit('/').next().unwrap_or(inner).to_ascii_lowercase();
    if file == "manifest.json" {
        Some("a package manifest: authlint reads the flows' names from it")
    } else if file == "apismap.json" || file == "connectionsmap.json" {
        Some("a package's connection map: it names the flow's connections and holds no flow")
    } else if inner.to_ascii_lowercase().starts_with("botcomponents/") {
        Some("a Copilot Studio bot component, not a flow")
    } else {
        None
    }
}

/// The parameters file beside an ARM template, when there is one: `x.parameters.json` for `x.json`
/// or `x.template.json` (`azuredeploy.parameters.json` for `azuredeploy.json`).
fn parameters_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name().and_then(|n| n.to_str())?;
    let stem = name.strip_suffix(".json").unwrap_or(name);
    if stem.ends_with(".parameters") {
        return None;
    }
    let stem = stem.strip_suffix(".template").unwrap_or(stem);
    Some(path.with_file_name(format!("{stem}.parameters.json"))).filter(|f| f.is_file())
}

/// A document with the values a Logic Apps Standard app's `parameters.json` (the folder above
/// `workflow.json`) gives its flows.
fn beside(mut doc: Document, path: &Path) -> Document {
    let standard = path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("workflow.json"));
    if standard && doc.flows.iter().any(|f| f.pointer == "/definition") {
        let file = path.parent().and_then(Path::parent).map(|app| app.join("parameters.json"));
        if let Some(json) = file.as_deref().and_then(read_beside) {
            let values: Vec<(String, String)> = json
                .members()
                .iter()
                .filter_map(|m| Some((m.key.as_str().to_owned(), m.value.get_ci("value")?.as_str()?.to_string())))
                .collect();
            for f in doc.flows.iter_mut().filter(|f| f.pointer == "/definition") {
                f.standard_parameters = values.clone();
            }
        }
    }
    doc
}

/// A JSON file beside the one read, if it is there and parses.
fn read_beside(path: &Path) -> Option<Json> {
    if !path.is_file() {
        return None;
    }
    let bytes = crate::source::read_limited(path).ok()?;
    let src = SourceFile::from_bytes(path.display().to_string(), &bytes).ok()?;
    crate::input::json::parse(&src).ok()
}

/// The values of an ARM parameters file (`{"parameters": {"x": {"value": …}}}`).
fn arm_given(json: &Json) -> std::collections::HashMap<String, crate::eval::arm::Given> {
    use crate::eval::arm::Given;
    let mut out = std::collections::HashMap::new();
    for m in json.get("parameters").map(Json::members).unwrap_or_default() {
        let given = match (m.value.get_ci("value"), m.value.get_ci("reference")) {
            (Some(v), _) if v.as_str().is_some() => Given::Text(v.as_str().unwrap_or_default().to_string()),
            (Some(_), _) => Given::Other("a value that is not text"),
            (None, Some(_)) => Given::Other("a Key Vault reference"),
            (None, None) => continue,
        };
        out.insert(m.key.as_str().to_owned(), given);
    }
    out
}

/// Display names of a legacy package's flows: `manifest.json`'s resources, by flow id.
fn manifest_names(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>) -> Vec<(String, String)> {
    let Ok(mut f) = archive.by_name("manifest.json") else { return Vec::new() };
    let mut text = String::new();
    if f.size() > crate::limits::current().zip_entry_mb << 20 || f.read_to_string(&mut text).is_err() {
        return Vec::new();
    }
    let Ok(root) = crate::input::json::parse(&SourceFile::from_text("manifest.json", text)) else { return Vec::new() };
    let Some(JsonKind::Object(res)) = root.get("resources").map(|r| &r.kind) else { return Vec::new() };
    res.iter()
        .filter_map(|m| {
            m.value
                .get("details")
                .and_then(|d| d.get("displayName"))
                .and_then(Json::as_str)
                .map(|n| (m.key.as_str().to_owned(), n.to_string()))
        })
        .collect()
}

fn read_zip(name: &str, bytes: &[u8], named: bool, found: &mut Found) {
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return found.errors.push(
                Error::input(name, format!("not a readable zip archive: {e}"))
                    .with_help("export the solution or package again"),
            );
        }
    };
    let limits = crate::limits::current();
    if archive.len() > limits.zip_entries {
        return found.errors.push(
            Error::input(
                name,
                format!("the zip holds {} entries, more than the {} authlint reads", archive.len(), limits.zip_entries),
            )
            .with_help(RAISE_ZIP_LIMITS),
        );
    }
    let names = manifest_names(&mut archive);
    let (mut total, before) = (0u64, found.documents.len());
    let (errors_before, skipped_before) = (found.errors.len(), found.skipped.len());
    for i in 0..archive.len() {
        // The entry's header first (name, encryption), then its data.
        if let Ok(raw) = archive.by_index_raw(i)
            && raw.encrypted()
        {
            let inner = raw.name().map(|n| n.to_string()).unwrap_or_else(|_| format!("entry-{i}"));
            if inner.to_ascii_lowercase().ends_with(".json") {
                let label = format!("{name}!/{inner}");
                found.errors.push(Error::input(&label, "the entry is encrypted: authlint cannot read it"));
            }
            continue;
        }
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                found.errors.push(Error::input(name, format!("entry {i} cannot be read: {e}")));
                continue;
            }
        };
        let inner = entry.name().map(|n| n.to_string()).unwrap_or_else(|_| format!("entry-{i}"));
        if entry.is_dir() || !inner.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let label = format!("{name}!/{inner}");
        if let Some(reason) = companion(&inner) {
            found.skipped.push(Skipped { file: label, reason: reason.to_string() });
            continue;
        }
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let over = if size > limits.zip_entry_mb << 20 {
            Some(format!("more than the {} MiB per entry authlint reads", limits.zip_entry_mb))
        } else if size / packed > limits.zip_ratio {
            Some(format!("{}× its compressed size, past the {}× authlint accepts", size / packed, limits.zip_ratio))
        } else if total + size > limits.zip_mb << 20 {
            Some(format!("past the {} MiB authlint reads from one zip", limits.zip_mb))
        } else {
            None
        };
        if let Some(over) = over {
            found.errors.push(
                Error::input(&label, format!("the entry inflates to {size} bytes from {packed}, {over} (a zip bomb?)"))
                    .with_help(RAISE_ZIP_LIMITS),
            );
            continue;
        }
        let mut data = Vec::with_capacity(size as usize);
        // Read at most what the header promised, plus one byte to catch a lying header.
        if let Err(e) = (&mut entry).take(size + 1).read_to_end(&mut data) {
            found.errors.push(Error::input(&label, format!("the entry cannot be inflated: {e}")));
            continue;
        }
        if data.len() as u64 > size {
            found.errors.push(Error::input(&label, "the entry inflates to more than its header says: refused"));
            continue;
        }
        total += data.len() as u64;
        let display =
            inner.split('/').rev().nth(1).and_then(|id| names.iter().find(|(k, _)| k == id)).map(|(_, n)| n.clone());
        let looks_like_flow =
            inner.contains("Workflows/") || inner.ends_with("definition.json") || inner.ends_with("workflow.json");
        match SourceFile::from_vec(label.clone(), data).and_then(|src| read(src, display)) {
            Ok(mut doc) if !doc.flows.is_empty() => {
                let reasons = std::mem::take(&mut doc.unreachable);
                found.skipped.extend(
                    reasons.into_iter().map(|r| Skipped { file: label.clone(), reason: format!("partly: {r}") }),
                );
                found.documents.push(doc);
            }
            Ok(doc) => found.skipped.push(Skipped { file: label, reason: doc.skipped.unwrap_or_default() }),
            Err(e) if looks_like_flow => found.errors.push(e),
            Err(e) => found
                .skipped
                .push(Skipped { file: label, reason: format!("not JSON authlint can read: {}", short(&e)) }),
        }
    }
    if !named && found.documents.len() == before && found.errors.len() == errors_before {
        // A zip in a folder that holds no flow: one line for it, not one per entry.
        let entries = found.skipped.len() - skipped_before;
        found.skipped.truncate(skipped_before);
        let reason = format!(
            "a zip with no flow definition ({entries} JSON entr{} read, none a flow)",
            if entries == 1 { "y" } else { "ies" }
        );
        found.skipped.push(Skipped { file: name.to_string(), reason });
    }
    if named && found.documents.len() == before && found.errors.is_empty() {
        found.errors.push(Error::input(name, "no flow definition in this zip").with_help(
            "a solution zip keeps flows in Workflows/*.json; a package zip in Microsoft.Flow/flows/*/definition.json",
        ));
    }
}
