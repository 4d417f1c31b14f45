//! Postman collections (v2.0 and v2.1) and environments → [`PlainRequest`]s, resolved the way Postman
//! sends them: variables substituted, auth helpers turned into headers or query parameters, disabled
//! parts dropped (`../shared/research/microsoft-and-formats.md` §E).

mod auth;
mod request;
mod vars;

use crate::error::Error;
use crate::input::json;
use crate::model::{Json, JsonKind, PlainRequest};
use crate::source::SourceFile;

pub use vars::Variables;

/// Which collection format the file is in; the two differ in how auth helpers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Auth helpers as object maps: `"bearer": {"token": "…"}`.
    V20,
    /// Auth helpers as arrays: `"bearer": [{"key": "token", "value": "…"}]`.
    V21,
}

/// A request of a collection, with everything it inherits.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// `Folder/Sub/Name`.
    pub path: String,
    pub request: &'a Json,
    /// The auth in force: the request's own, or the nearest folder's or the collection's.
    pub auth: Option<&'a Json>,
    /// Variable arrays from the collection down to the item, outermost first.
    pub scopes: Vec<&'a Json>,
}

/// A parsed collection.
#[derive(Debug)]
pub struct Collection {
    pub src: SourceFile,
    pub root: Json,
    pub version: Version,
    pub name: String,
}

impl Collection {
    /// Reads a collection file; a v1 collection, an environment or anything else is refused with a
    /// message that says what it is and what to do.
    pub fn read(path: &str) -> Result<Collection, Error> {
        Collection::from_source(SourceFile::read(path)?)
    }

    /// Parses a collection already read.
    pub fn from_source(src: SourceFile) -> Result<Collection, Error> {
        let root = json::parse(&src)?;
        let has = |k: &str| root.get(k).is_some();
        if has("requests") && has("order") {
            return Err(Error::at(
                &src,
                root.span,
                "this is a Postman collection in the v1 format, which authlint does not read",
            )
            .with_help("re-export it from Postman as Collection v2.1 (the collection's … menu → Export)"));
        }
        if has("values") && !has("item") {
            return Err(Error::at(&src, root.span, "this is a Postman environment, not a collection")
                .with_help("give it with --environment, and the collection with --postman"));
        }
        if !root.get("item").is_some_and(|i| matches!(i.kind, JsonKind::Array(_))) {
            return Err(Error::at(&src, root.span, "this is not a Postman collection: it has no \"item\" array")
                .with_help("export the collection from Postman as Collection v2.1"));
        }
        let schema = root.get("info").and_then(|i| i.get("schema")).and_then(Json::as_str).unwrap_or("");
        let version = if schema.contains("v2.0") || schema.ends_with("/v2/collection.json") {
            Version::V20
        } else {
            Version::V21
        };
        let name =
            root.get("info").and_then(|i| i.get("name")).and_then(Json::as_str).unwrap_or("collection").to_string();
        Ok(Collection { src, root, version, name })
    }

    /// Every request, depth first, with its folder path and what it inherits.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let mut out = Vec::new();
        let scopes: Vec<&Json> = self.root.get("variable").into_iter().collect();
        walk(&self.root, "", own_auth(&self.root), &scopes, &mut out);
        out
    }

    /// Resolves one entry to what Postman would send.
    pub fn resolve(&self, e: &Entry, env: &Variables, overrides: &Variables) -> PlainRequest {
        request::resolve(self, e, env, overrides)
    }
}

/// The auth an item or folder sets itself: `None` to inherit (absent, null, or not a known type).
fn own_auth(node: &Json) -> Option<&Json> {
    let a = node.get("auth")?;
    let ty = a.get("type").and_then(Json::as_str)?;
    auth::is_type(ty).then_some(a)
}

fn walk<'a>(node: &'a Json, prefix: &str, inherited: Option<&'a Json>, scopes: &[&'a Json], out: &mut Vec<Entry<'a>>) {
    let JsonKind::Array(items) = &node.get("item").map_or(&JsonKind::Null, |i| &i.kind) else {
        return;
    };
    for item in items {
        let name = item.get("name").and_then(Json::as_str).unwrap_or("(unnamed)");
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}/{name}") };
        let mut scopes = scopes.to_vec();
        scopes.extend(item.get("variable"));
        if item.get("item").is_some() {
            walk(item, &path, own_auth(item).or(inherited), &scopes, out);
        } else if let Some(request) = item.get("request") {
            let auth = match &request.kind {
                JsonKind::Object(_) => own_auth(request).or(inherited),
                _ => inherited,
            };
            out.push(Entry { path, request, auth, scopes });
        }
    }
}

/// Reads an environment (or globals) file: its enabled values.
pub fn environment(path: &str) -> Result<Variables, Error> {
    environment_from(&SourceFile::read(path)?)
}

/// Parses an environment already read.
pub fn environment_from(src: &SourceFile) -> Result<Variables, Error> {
    let src = src.clone();
    let root = json::parse(&src)?;
    let Some(values) = root.get("values") else {
        return Err(Error::at(&src, root.span, "this is not a Postman environment: it has no \"values\" array")
            .with_help("export the environment from Postman (Environments → … → Export)"));
    };
    Ok(Variables::from_list(values, true))
}

#[cfg(test)]
mod tests;
