//! Where a request's secrets are: the spans a renderer must redact. Found from the parsed request
//! (credentials by header, query and member name), with a shape-based scan for tokens elsewhere.

use crate::auth;
use crate::diagnostic::{FileId, Secret, SecretKind};
use crate::facts::names::{is_credential_header, is_credential_query, near_miss as near_miss_header};
use crate::facts::{RequestFacts, is_sanitized};
use crate::model::{HttpRequest, Json, JsonKind, Text};
use crate::redact;

/// Member names whose string values are secrets, in bodies and header objects.
const SECRET_KEYS: &[&str] = &[
    "password",
    "client_secret",
    "clientsecret",
    "secret",
    "access_token",
    "refresh_token",
    "id_token",
    "api_key",
    "apikey",
    "client_assertion",
    "pfx",
    "value",
];

/// Every secret the request carries.
pub fn of_request(file: FileId, req: &HttpRequest, facts: &RequestFacts) -> Vec<Secret> {
    let mut out = Vec::new();
    for site in &facts.sites {
        if let Some(r) = site.parsed.secret(site.value()) {
            out.push(Secret { file: site.file, span: site.text.span_of(r), kind: kind_of(&site.parsed) });
        }
    }
    for h in &req.headers {
        if h.name.value.eq_ignore_ascii_case("authorization") {
            if let JsonKind::Object(_) | JsonKind::Array(_) = h.value.kind {
                in_json(file, &h.value, &mut out);
            }
            continue;
        }
        match h.value.as_text() {
            Some(t) if is_sanitized(&t.value) => {}
            Some(t) if near_miss_header(&h.name.value) => {
                let parsed = auth::parse(&t.value);
                if let Some(r) = parsed.secret(&t.value) {
                    out.push(Secret { file, span: t.span_of(r), kind: kind_of(&parsed) });
                }
            }
            Some(t) if is_credential_header(&h.name.value) => {
                out.push(Secret { file, span: t.content_span(), kind: SecretKind::Password })
            }
            Some(t) => by_shape(file, t, &mut out),
            None => in_json(file, &h.value, &mut out),
        }
    }
    for q in req.queries.iter().filter(|q| is_credential_query(&q.name)) {
        out.push(Secret { file, span: q.span, kind: SecretKind::Password });
    }
    if let Some(a) = &req.authentication {
        in_json(file, &a.node, &mut out);
    }
    if let Some(body) = &req.body {
        in_json(file, body, &mut out);
    }
    if let Some(uri) = &req.uri {
        by_shape(file, uri, &mut out);
    }
    out
}

pub(crate) fn kind_of(parsed: &auth::AuthValue) -> SecretKind {
    match parsed.canonical_scheme() {
        Some("Bearer") | None => SecretKind::Token,
        Some(_) => SecretKind::Password,
    }
}

/// Tokens found by their shape inside a string that is not known to hold one.
fn by_shape(file: FileId, t: &Text, out: &mut Vec<Secret>) {
    for (span, kind) in redact::scrub(&t.value) {
        out.push(Secret { file, span: t.span_of(span.range()), kind });
    }
}

/// Secrets inside a JSON value: members named like secrets, form-encoded secrets, tokens by shape.
fn in_json(file: FileId, v: &Json, out: &mut Vec<Secret>) {
    match &v.kind {
        JsonKind::Object(members) => {
            for m in members {
                match m.value.as_text() {
                    Some(t)
                        if SECRET_KEYS.iter().any(|k| m.key.value.eq_ignore_ascii_case(k))
                            && !is_sanitized(&t.value) =>
                    {
                        out.push(Secret { file, span: t.content_span(), kind: SecretKind::Password });
                    }
                    _ => in_json(file, &m.value, out),
                }
            }
        }
        JsonKind::Array(items) => items.iter().for_each(|i| in_json(file, i, out)),
        JsonKind::String(t) => {
            form_encoded(file, t, out);
            by_shape(file, t, out);
        }
        _ => {}
    }
}

/// `client_secret=…&password=…` in a form-encoded body.
fn form_encoded(file: FileId, t: &Text, out: &mut Vec<Secret>) {
    let mut at = 0;
    for pair in t.value.split('&') {
        if let Some((k, val)) = pair.split_once('=')
            && SECRET_KEYS.iter().any(|key| k.eq_ignore_ascii_case(key))
            && !val.is_empty()
        {
            let start = at + k.len() + 1;
            out.push(Secret { file, span: t.span_of(start..start + val.len()), kind: SecretKind::Password });
        }
        at += pair.len() + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{json, raw};
    use crate::rules::Environment;
    use crate::source::SourceFile;
    use crate::time::Reference;

    #[test]
    fn finds_secrets_everywhere_in_a_request() {
        let text = r#"{"method":"POST","uri":"https://x.test/a?sig=SIGVALUE&b=1","headers":{"Authorization":"Bearer tok-aaaaaaaaaaaaaaaaaaaaaaaaa","Authorisation":"Bearer tok-bbbbbbbbbbbbbbbbbbbbbbbbb","x-api-key":"KEYVALUE","X-Other":"eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln"},"body":"grant_type=client_credentials&client_secret=SECRETVALUE","authentication":{"type":"Basic","username":"u","password":"PASSVALUE"}}"#;
        let src = SourceFile::from_text("t.json", text);
        let raw::RawDocument::Inputs(req) = raw::read(&src, &json::parse(&src).unwrap()).unwrap() else { panic!() };
        let facts = RequestFacts::new(0, &req, Environment::at(Reference::clock()));
        let found: Vec<&str> = of_request(0, &req, &facts).iter().map(|s| &text[s.span.range()]).collect();
        for secret in [
            "SIGVALUE",
            "tok-aaaaaaaaaaaaaaaaaaaaaaaaa",
            "tok-bbbbbbbbbbbbbbbbbbbbbbbbb",
            "KEYVALUE",
            "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln",
            "SECRETVALUE",
            "PASSVALUE",
        ] {
            assert!(found.iter().any(|f| f.contains(secret)), "{secret} not found in {found:?}");
        }
        assert!(!found.iter().any(|f| f.contains("client_credentials")));
    }
}
