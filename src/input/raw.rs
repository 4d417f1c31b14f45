//! What run history shows: an action's raw inputs, raw outputs, or both in one wrapper, recognised by
//! shape (never by file name).

use crate::error::Error;
use crate::model::{
    Authentication, Header, HttpRequest, HttpResponse, Json, JsonKind, Query, RequestKind, Text, pointer_segment,
};
use crate::source::SourceFile;

/// A run-history document.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDocument {
    /// Raw inputs of the HTTP action, or of a connector action (see [`HttpRequest::kind`]).
    Inputs(HttpRequest),
    /// `{"inputs": …, "outputs": …}`: both sides of one run.
    Exchange { inputs: HttpRequest, outputs: HttpResponse },
    /// Raw outputs alone: `statusCode`, `headers`, `body`.
    Outputs(HttpResponse),
}

const EXPECTS: &str = "authlint check expects an action's raw inputs (\"Show raw inputs\" in the run \
     history: an object with \"method\", \"uri\" and \"headers\"), or {\"inputs\": …, \"outputs\": …}";

/// Recognises the shape of a parsed run-history document.
pub fn read(src: &SourceFile, json: &Json) -> Result<RawDocument, Error> {
    if !json.is_object() {
        return Err(Error::at(src, json.span, format!("this looks like {}; {EXPECTS}", json.type_name())));
    }
    if let Some(kind) = foreign(json) {
        return Err(Error::at(src, json.span, format!("this looks like {kind}; {EXPECTS}")));
    }
    let inputs = json.get_ci("inputs").filter(|v| v.is_object());
    let outputs = json.get_ci("outputs").filter(|v| v.is_object());
    if inputs.is_some() || outputs.is_some() {
        let outputs = outputs.map(|o| response(src, o, "/outputs")).transpose()?;
        return match (inputs, outputs) {
            (Some(i), Some(outputs)) => Ok(RawDocument::Exchange { inputs: request(src, i, "/inputs")?, outputs }),
            (Some(i), None) => Ok(RawDocument::Inputs(request(src, i, "/inputs")?)),
            (None, Some(o)) => Ok(RawDocument::Outputs(o)),
            (None, None) => unreachable!(),
        };
    }
    if json.get_ci("statusCode").is_some() {
        return Ok(RawDocument::Outputs(response(src, json, "")?));
    }
    if is_connector(json) || json.get_ci("uri").is_some() || json.get_ci("method").is_some() {
        return Ok(RawDocument::Inputs(request(src, json, "")?));
    }
    Err(Error::at(src, json.span, format!("this looks like {}; {EXPECTS}", describe(json))))
}

fn is_connector(json: &Json) -> bool {
    json.get_ci("host").is_some_and(|h| {
        h.is_object()
            && ["connection", "connectionName", "connectionReferenceName", "apiId"]
                .iter()
                .any(|k| h.get_ci(k).is_some())
    })
}

/// Other files authlint knows, recognised before anything else (a flow definition has `outputs`
/// too, but is not a run-history wrapper).
fn foreign(json: &Json) -> Option<String> {
    let d = describe(json);
    ["Postman", "ARM template", "flow definition"].iter().any(|k| d.contains(k)).then_some(d)
}

/// A short description of an object that is not run history, for the error message.
fn describe(json: &Json) -> String {
    let has = |k: &str| json.get_ci(k).is_some();
    let schema = json
        .get("$schema")
        .or_else(|| json.get("info").and_then(|i| i.get("schema")))
        .and_then(Json::as_str)
        .unwrap_or("");
    if schema.contains("getpostman.com") || (has("info") && has("item")) {
        "a Postman collection".into()
    } else if schema.contains("deploymentTemplate") {
        "an ARM template".into()
    } else if schema.contains("workflowdefinition")
        || has("triggers")
        || has("definition")
        || json.get_ci("properties").is_some_and(|p| p.get_ci("definition").is_some())
    {
        "a flow definition".into()
    } else if has("access_token") || has("token_type") {
        "a token response, not a request".into()
    } else if has("error") {
        "an error body, not a request".into()
    } else {
        let keys: Vec<_> = json.members().iter().take(5).map(|m| format!("\"{}\"", m.key.value)).collect();
        if keys.is_empty() { "an empty object".into() } else { format!("an object with {}", keys.join(", ")) }
    }
}

/// A request from an object with `method`, `uri`, `headers`, `queries`, `body`, `authentication`
/// (raw inputs, or an HTTP action's `inputs` in a definition); `base` is the object's pointer.
pub fn request(src: &SourceFile, obj: &Json, base: &str) -> Result<HttpRequest, Error> {
    let kind = if is_connector(obj) { RequestKind::Connector } else { RequestKind::HttpAction };
    let method = string_field(src, obj, "method")?;
    let uri = string_field(src, obj, "uri")?;
    let headers = headers(src, obj, base)?;
    let mut queries = uri.as_ref().map(|u| uri_queries(u, base)).unwrap_or_default();
    if let Some(q) = obj.get_ci("queries") {
        let JsonKind::Object(members) = &q.kind else {
            return Err(wrong_type(src, q, "queries", "an object of name → value"));
        };
        for m in members {
            queries.push(Query {
                name: m.key.as_str().to_owned(),
                value: scalar_text(&m.value),
                span: m.value.span,
                pointer: format!("{base}/queries/{}", pointer_segment(&m.key.value)),
                in_uri: false,
            });
        }
    }
    let authentication = match obj.get_ci("authentication") {
        None => None,
        Some(a) if a.is_object() => {
            Some(Authentication { node: a.clone(), pointer: format!("{base}/{}", key_of(obj, "authentication")) })
        }
        Some(a) => return Err(wrong_type(src, a, "authentication", "an object")),
    };
    Ok(HttpRequest {
        kind,
        pointer: base.to_string(),
        span: obj.span,
        method,
        uri,
        headers,
        queries,
        body: obj.get_ci("body").cloned(),
        authentication,
        connector: connector_name(obj),
    })
}

/// The connector a connector action's inputs name: the last segment of `host.apiId`, or the
/// connection's name (`shared_sharepointonline`, `office365`, …).
fn connector_name(obj: &Json) -> Option<String> {
    let host = obj.get_ci("host")?;
    let api = host.get_ci("apiId").and_then(Json::as_str).and_then(|a| a.rsplit('/').next());
    let conn = host
        .get_ci("connectionName")
        .or_else(|| host.get_ci("connectionReferenceName"))
        .or_else(|| host.get_ci("connection").and_then(|c| c.get_ci("name").or_else(|| c.get_ci("referenceName"))))
        .and_then(Json::as_str);
    api.or(conn).map(str::to_string)
}

fn response(src: &SourceFile, obj: &Json, base: &str) -> Result<HttpResponse, Error> {
    let status = match obj.get_ci("statusCode") {
        None => None,
        Some(s) => {
            let n = match &s.kind {
                JsonKind::Number(n) => n.parse::<u16>().ok(),
                JsonKind::String(t) => t.value.trim().parse::<u16>().ok(),
                _ => None,
            };
            match n {
                Some(n @ 100..=599) => Some(n),
                _ => {
                    return Err(wrong_type(src, s, "statusCode", "an HTTP status such as 401"));
                }
            }
        }
    };
    Ok(HttpResponse {
        pointer: base.to_string(),
        span: obj.span,
        status,
        headers: headers(src, obj, base)?,
        body: obj.get_ci("body").cloned(),
    })
}

/// The key as written in the input (for pointers), falling back to the canonical name.
fn key_of(obj: &Json, key: &str) -> String {
    obj.members()
        .iter()
        .find(|m| m.key.value.eq_ignore_ascii_case(key))
        .map_or_else(|| key.to_string(), |m| pointer_segment(&m.key.value).into_owned())
}

fn headers(src: &SourceFile, obj: &Json, base: &str) -> Result<Vec<Header>, Error> {
    let Some(h) = obj.get_ci("headers") else {
        return Ok(Vec::new());
    };
    let JsonKind::Object(members) = &h.kind else {
        return Err(wrong_type(src, h, "headers", "an object of name → value"));
    };
    let key = key_of(obj, "headers");
    Ok(members
        .iter()
        .map(|m| Header {
            name: m.key.clone(),
            value: m.value.clone(),
            pointer: format!("{base}/{key}/{}", pointer_segment(&m.key.value)),
        })
        .collect())
}

fn string_field(src: &SourceFile, obj: &Json, key: &str) -> Result<Option<Text>, Error> {
    match obj.get_ci(key) {
        None | Some(Json { kind: JsonKind::Null, .. }) => Ok(None),
        Some(Json { kind: JsonKind::String(t), .. }) => Ok(Some(t.clone())),
        Some(other) => Err(wrong_type(src, other, key, "a string")),
    }
}

fn wrong_type(src: &SourceFile, v: &Json, key: &str, expected: &str) -> Error {
    Error::at(src, v.span, format!("\"{key}\" is {}, expected {expected}", v.type_name()))
}

fn scalar_text(v: &Json) -> String {
    match &v.kind {
        JsonKind::String(t) => t.as_str().to_owned(),
        JsonKind::Number(n) => n.clone(),
        JsonKind::Bool(b) => b.to_string(),
        JsonKind::Null => String::new(),
        JsonKind::Array(_) | JsonKind::Object(_) => "[structured value]".into(),
    }
}

/// The query parameters written in the URI itself, each with the span of its `name=value` pair.
fn uri_queries(uri: &Text, base: &str) -> Vec<Query> {
    let v = &uri.value;
    let Some(q) = v.find('?') else {
        return Vec::new();
    };
    let end = v[q..].find('#').map_or(v.len(), |h| q + h);
    let mut out = Vec::new();
    let mut start = q + 1;
    for pair in v[q + 1..end].split('&') {
        let range = start..start + pair.len();
        start = range.end + 1;
        if pair.is_empty() {
            continue;
        }
        let Some((name, value)) = url::form_urlencoded::parse(pair.as_bytes()).next() else {
            continue;
        };
        out.push(Query {
            name: name.into_owned(),
            value: value.into_owned(),
            span: uri.span_of(range),
            pointer: format!("{base}/uri"),
            in_uri: true,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json;

    fn doc(s: &str) -> Result<RawDocument, Error> {
        let src = SourceFile::from_text("t.json", s);
        let j = json::parse(&src)?;
        read(&src, &j)
    }

    #[test]
    fn recognises_inputs_with_merged_queries() {
        let RawDocument::Inputs(r) = doc(r#"{"method":"GET","uri":"https://x.test/a?b=1&c=d%20e","HEADERS":{"authorization":"Bearer x"},"queries":{"api-version":"2020"}}"#).unwrap() else { panic!() };
        assert_eq!(r.kind, RequestKind::HttpAction);
        assert_eq!(r.headers_named("Authorization").count(), 1);
        assert_eq!(r.headers[0].pointer, "/HEADERS/authorization");
        let q: Vec<_> = r.queries.iter().map(|q| (q.name.as_str(), q.value.as_str(), q.in_uri)).collect();
        assert_eq!(q, [("b", "1", true), ("c", "d e", true), ("api-version", "2020", false)]);
    }

    #[test]
    fn recognises_wrapper_outputs_and_connector() {
        assert!(matches!(
            doc(r#"{"inputs":{"uri":"https://x.test"},"outputs":{"statusCode":401}}"#).unwrap(),
            RawDocument::Exchange { .. }
        ));
        assert!(matches!(
            doc(r#"{"statusCode":"403","headers":{},"body":{}}"#).unwrap(),
            RawDocument::Outputs(HttpResponse { status: Some(403), .. })
        ));
        let RawDocument::Inputs(r) =
            doc(r#"{"host":{"connection":{"name":"x"}},"method":"get","path":"/v2/x"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.kind, RequestKind::Connector);
    }

    #[test]
    fn names_what_it_is_not() {
        let e = doc(
            r#"{"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("Postman collection") && e.contains("authlint check expects"), "{e}");
        assert!(doc("[1]").unwrap_err().to_string().contains("an array"));
        assert!(doc(r#"{"access_token":"x"}"#).unwrap_err().to_string().contains("token response"));
        let e = doc(r#"{"uri":"https://x","headers":"Authorization: x"}"#).unwrap_err().to_string();
        assert!(e.contains("t.json:1:30") && e.contains("\"headers\" is a string"), "{e}");
        assert!(doc(r#"{"statusCode":true}"#).is_err());
    }
}
