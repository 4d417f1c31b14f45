//! One collection entry → the request Postman sends.

use super::vars::{Resolver, Variables};
use super::{Collection, Entry, auth};
use crate::model::{Json, JsonKind, PlainBody, PlainRequest};

fn text(v: Option<&Json>) -> String {
    match v.map(|v| &v.kind) {
        Some(JsonKind::String(t)) => t.as_str().to_owned(),
        Some(JsonKind::Number(n)) => n.clone(),
        Some(JsonKind::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn disabled(v: &Json) -> bool {
    v.get("disabled").is_some_and(|d| matches!(d.kind, JsonKind::Bool(true)))
}

fn array(v: Option<&Json>) -> &[Json] {
    match v.map(|v| &v.kind) {
        Some(JsonKind::Array(a)) => a,
        _ => &[],
    }
}

/// Resolves an entry: variables, URL, headers, body, then the auth helper on top.
pub fn resolve(c: &Collection, e: &Entry, env: &Variables, overrides: &Variables) -> PlainRequest {
    let mut scopes: Vec<Variables> = e.scopes.iter().map(|s| Variables::from_list(s, false)).collect();
    scopes.push(env.clone());
    scopes.push(overrides.clone());
    let mut r = Resolver { scopes, ..Default::default() };
    let req = e.request;
    let (method, url) = match &req.kind {
        JsonKind::String(t) => ("GET".to_string(), r.resolve(&t.value)),
        _ => {
            let method = req.get("method").and_then(Json::as_str).unwrap_or("GET").to_ascii_uppercase();
            (method, url(req.get("url"), &mut r))
        }
    };
    let mut headers = headers(req.get("header"), &mut r);
    let body = match req.get("body") {
        Some(b) if !disabled(b) => body(b, &mut r),
        _ => PlainBody::None,
    };
    let mut out = PlainRequest { name: e.path.clone(), method, url, headers: Vec::new(), body, notes: Vec::new() };
    if let Some(a) = e.auth {
        auth::apply(a, c.version, &mut r, &mut headers, &mut out.url, &mut out.notes);
    }
    out.headers = headers;
    for name in &r.unresolved {
        out.notes.push(format!("the variable {{{{{name}}}}} is defined nowhere (collection, folder, environment, --var): its place is left as written"));
    }
    for name in &r.cycles {
        out.notes.push(format!(
            "the variable {{{{{name}}}}} refers to itself through other variables: its place is left as written"
        ));
    }
    out
}

/// The URL: `raw` when given, else built from its parts; `:name` path variables filled in.
fn url(u: Option<&Json>, r: &mut Resolver) -> String {
    let Some(u) = u else { return String::new() };
    if let JsonKind::String(t) = &u.kind {
        return r.resolve(&t.value);
    }
    let join = |v: Option<&Json>, sep: &str| match v.map(|v| &v.kind) {
        Some(JsonKind::Array(a)) => a
            .iter()
            .map(|p| p.as_str().map_or_else(|| text(p.get("value")), str::to_string))
            .collect::<Vec<_>>()
            .join(sep),
        Some(JsonKind::String(t)) => t.as_str().to_owned(),
        _ => String::new(),
    };
    let mut s = match u.get("raw").and_then(Json::as_str) {
        Some(raw) => raw.to_string(),
        None => {
            let protocol = u.get("protocol").and_then(Json::as_str).unwrap_or("https");
            let host = join(u.get("host"), ".");
            let port = u.get("port").and_then(Json::as_str).map(|p| format!(":{p}")).unwrap_or_default();
            let path = join(u.get("path"), "/");
            let query: Vec<String> = array(u.get("query"))
                .iter()
                .filter(|q| !disabled(q))
                .map(|q| format!("{}={}", text(q.get("key")), text(q.get("value"))))
                .collect();
            let q = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
            format!("{protocol}://{host}{port}/{path}{q}")
        }
    };
    for v in array(u.get("variable")) {
        let key = text(v.get("key"));
        if !key.is_empty() {
            let value = text(v.get("value"));
            s = replace_path_var(&s, &key, &value);
        }
    }
    r.resolve(&s)
}

/// Replaces the `:key` path segment (not the port, not the scheme).
fn replace_path_var(url: &str, key: &str, value: &str) -> String {
    let (head, query) = url.split_once('?').map_or((url, None), |(h, q)| (h, Some(q)));
    let start = head.find("://").map_or(0, |i| i + 3);
    let (origin, path) = head.split_at(head[start..].find('/').map_or(head.len(), |i| start + i));
    let path: Vec<String> = path
        .split('/')
        .map(|seg| if seg.strip_prefix(':') == Some(key) { value.to_string() } else { seg.to_string() })
        .collect();
    let mut s = format!("{origin}{}", path.join("/"));
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    s
}

fn headers(h: Option<&Json>, r: &mut Resolver) -> Vec<(String, String)> {
    match h.map(|h| &h.kind) {
        Some(JsonKind::Array(items)) => items
            .iter()
            .filter(|h| !disabled(h))
            .map(|h| (r.resolve(&text(h.get("key"))), r.resolve(&text(h.get("value")))))
            .filter(|(k, _)| !k.is_empty())
            .collect(),
        // The schema also allows the headers as one string of `Name: value` lines.
        Some(JsonKind::String(t)) => t
            .value
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (r.resolve(k.trim()), r.resolve(v.trim())))
            .collect(),
        _ => Vec::new(),
    }
}

fn fields(list: Option<&Json>, r: &mut Resolver, files: bool) -> Vec<(String, String)> {
    array(list)
        .iter()
        .filter(|f| !disabled(f))
        .map(|f| {
            let key = r.resolve(&text(f.get("key")));
            let is_file = files && f.get("type").and_then(Json::as_str) == Some("file");
            let value = if is_file { format!("@{}", text(f.get("src"))) } else { r.resolve(&text(f.get("value"))) };
            (key, value)
        })
        .collect()
}

fn body(b: &Json, r: &mut Resolver) -> PlainBody {
    match b.get("mode").and_then(Json::as_str).unwrap_or("") {
        "raw" => {
            let language = b
                .get("options")
                .and_then(|o| o.get("raw"))
                .and_then(|o| o.get("language"))
                .and_then(Json::as_str)
                .unwrap_or("text");
            let content_type = match language {
                "json" => "application/json",
                "javascript" => "application/javascript",
                "xml" => "application/xml",
                "html" => "text/html",
                _ => "text/plain",
            };
            let text = r.resolve(&text(b.get("raw")));
            if text.is_empty() {
                PlainBody::None
            } else {
                PlainBody::Raw { text, content_type: Some(content_type.into()) }
            }
        }
        "urlencoded" => PlainBody::Form(fields(b.get("urlencoded"), r, false)),
        "formdata" => PlainBody::Multipart(fields(b.get("formdata"), r, true)),
        "file" => PlainBody::File(text(b.get("file").and_then(|f| f.get("src")))),
        "graphql" => {
            let g = b.get("graphql");
            let query = r.resolve(&text(g.and_then(|g| g.get("query"))));
            let variables = g.and_then(|g| g.get("variables")).and_then(Json::as_str).map(|v| r.resolve(v));
            PlainBody::GraphQl { query, variables }
        }
        _ => PlainBody::None,
    }
}
