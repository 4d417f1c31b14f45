//! One side of a comparison, normalised: the flow's request (raw inputs) or the reference's
//! (Postman, cURL) in the same terms.

use crate::model::{HttpRequest, Json, JsonKind, PlainBody, PlainRequest};

/// How a side authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    /// An Authorization header value.
    Header(String),
    /// The HTTP action fetches the token itself (`authentication` of type ActiveDirectoryOAuth or
    /// ManagedServiceIdentity), for this audience.
    Fetched {
        how: String,
        audience: Option<String>,
    },
    /// A reference auth helper authlint cannot reproduce offline.
    NotReproducible,
}

/// A body, compared by its structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    Text(String),
    /// A file or multipart body: compared by description only.
    Other(String),
}

/// A request in comparable form.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub method: String,
    /// The URL without its query.
    pub url: String,
    pub query: Vec<(String, String)>,
    /// Headers other than Authorization, names as written.
    pub headers: Vec<(String, String)>,
    pub auth: Auth,
    pub body: Body,
}

/// Splits `url` into the URL without its query, and the query's decoded pairs.
pub fn split_query(url: &str) -> (String, Vec<(String, String)>) {
    let no_hash = url.split('#').next().unwrap_or(url);
    match no_hash.split_once('?') {
        Some((base, q)) => (
            base.to_string(),
            url::form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        ),
        None => (no_hash.to_string(), Vec::new()),
    }
}

fn body_of(text: &str, content_type: Option<&str>) -> Body {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("x-www-form-urlencoded") {
        return Body::Form(
            url::form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        );
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) if v.is_object() || v.is_array() => Body::Json(v),
        _ if text.is_empty() => Body::None,
        _ => Body::Text(text.to_string()),
    }
}

fn json_value(j: &Json) -> serde_json::Value {
    use serde_json::Value;
    match &j.kind {
        JsonKind::Null => Value::Null,
        JsonKind::Bool(b) => Value::Bool(*b),
        JsonKind::Number(n) => serde_json::from_str(n).unwrap_or(Value::Null),
        JsonKind::String(t) => Value::String(t.as_str().to_owned()),
        JsonKind::Array(a) => Value::Array(a.iter().map(json_value).collect()),
        JsonKind::Object(m) => {
            Value::Object(m.iter().map(|m| (m.key.as_str().to_owned(), json_value(&m.value))).collect())
        }
    }
}

fn header_text(v: &Json) -> String {
    match &v.kind {
        JsonKind::String(t) => t.as_str().to_owned(),
        _ => json_value(v).to_string(),
    }
}

impl Side {
    /// The flow's request: `uri` plus `queries`, the headers, `authentication`, the body.
    pub fn from_flow(r: &HttpRequest) -> Side {
        let uri = r.uri.as_ref().map(|u| u.value.trim().to_string()).unwrap_or_default();
        let (url, mut query) = split_query(&uri);
        query.extend(r.queries.iter().filter(|q| !q.in_uri).map(|q| (q.name.clone(), q.value.clone())));
        let mut headers: Vec<(String, String)> =
            r.headers.iter().map(|h| (h.name.as_str().to_owned(), header_text(&h.value))).collect();
        let mut auth = match headers.iter().position(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
            Some(i) => Auth::Header(headers.remove(i).1),
            None => Auth::None,
        };
        if let Some(a) = &r.authentication {
            let field = |k: &str| a.node.get_ci(k).and_then(Json::as_str).map(str::to_string);
            let kind = a.kind().unwrap_or("").to_ascii_lowercase();
            auth = match kind.as_str() {
                "basic" => {
                    use base64::Engine;
                    let v =
                        format!("{}:{}", field("username").unwrap_or_default(), field("password").unwrap_or_default());
                    Auth::Header(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(v)))
                }
                "raw" => Auth::Header(field("value").unwrap_or_default()),
                "activedirectoryoauth" => {
                    Auth::Fetched { how: "Active Directory OAuth".into(), audience: field("audience") }
                }
                "managedserviceidentity" => {
                    Auth::Fetched { how: "Managed identity".into(), audience: field("audience") }
                }
                other => Auth::Fetched { how: other.to_string(), audience: None },
            };
        }
        let content_type = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.clone());
        let body = match r.body.as_ref().map(|b| &b.kind) {
            None | Some(JsonKind::Null) => Body::None,
            Some(JsonKind::String(t)) => body_of(&t.value, content_type.as_deref()),
            Some(_) => Body::Json(json_value(r.body.as_ref().expect("checked"))),
        };
        // Logic Apps sends a JSON body as application/json when no Content-Type is given.
        if content_type.is_none() && matches!(body, Body::Json(_)) {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        Side {
            method: r.method.as_ref().map_or("GET".into(), |m| m.value.trim().to_ascii_uppercase()),
            url,
            query,
            headers,
            auth,
            body,
        }
    }

    /// The reference's request.
    pub fn from_plain(r: &PlainRequest) -> Side {
        let (url, query) = split_query(r.url.trim());
        let mut headers = r.headers.clone();
        let mut auth = match headers.iter().position(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
            Some(i) => Auth::Header(headers.remove(i).1),
            None => Auth::None,
        };
        if auth == Auth::None && r.notes.iter().any(|n| n.contains("cannot be reproduced offline")) {
            auth = Auth::NotReproducible;
        }
        let content_type = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.clone());
        let body = match &r.body {
            PlainBody::None => Body::None,
            PlainBody::Raw { text, content_type: ct } => body_of(text, content_type.as_deref().or(ct.as_deref())),
            PlainBody::Form(f) => Body::Form(f.clone()),
            PlainBody::Multipart(f) => Body::Other(format!(
                "multipart form with {}",
                f.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ")
            )),
            PlainBody::File(p) => Body::Other(format!("the file {p}")),
            PlainBody::GraphQl { query, variables } => {
                let mut v = serde_json::json!({ "query": query });
                if let Some(vars) = variables.as_ref().and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) {
                    v["variables"] = vars;
                }
                Body::Json(v)
            }
        };
        // Postman (and cURL) send the Content-Type of the body mode when none is given.
        if content_type.is_none() {
            let implied = match &r.body {
                PlainBody::Raw { content_type: Some(ct), .. } => Some(ct.clone()),
                PlainBody::Form(_) => Some("application/x-www-form-urlencoded".to_string()),
                PlainBody::GraphQl { .. } => Some("application/json".to_string()),
                _ => None,
            };
            headers.extend(implied.map(|ct| ("Content-Type".to_string(), ct)));
        }
        Side { method: r.method.trim().to_ascii_uppercase(), url, query, headers, auth, body }
    }
}
