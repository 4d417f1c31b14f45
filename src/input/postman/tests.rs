use super::*;
use crate::model::PlainBody;

fn coll(text: &str) -> Collection {
    Collection::from_source(SourceFile::from_text("c.json", text)).unwrap()
}

fn resolve_all(c: &Collection, env: &Variables, vars: &Variables) -> Vec<PlainRequest> {
    c.entries().iter().map(|e| c.resolve(e, env, vars)).collect()
}

fn header<'a>(r: &'a PlainRequest, name: &str) -> Option<&'a str> {
    r.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

const V21: &str = r#"{
  "info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
  "variable": [{"key": "base", "value": "https://graph.microsoft.com/v1.0"}, {"key": "token", "value": "collection-token"}],
  "item": [
    {"name": "Users", "item": [
      {"name": "List", "request": {"method": "GET", "url": "{{base}}/users?$top=5"}},
      {"name": "Open", "request": {"method": "GET", "auth": {"type": "noauth"}, "url": "https://example.com/open"}},
      {"name": "Basic", "request": {"method": "GET", "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}]}, "url": "https://example.com/b"}}
    ]},
    {"name": "Folder noauth", "auth": {"type": "noauth"}, "item": [
      {"name": "Inner", "request": {"method": "POST", "url": {"raw": "https://example.com/:id/x", "variable": [{"key": "id", "value": "42"}]}}}
    ]}
  ]
}"#;

const V20: &str = r#"{
  "info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
  "auth": {"type": "bearer", "bearer": {"token": "{{token}}"}},
  "variable": [{"key": "base", "value": "https://graph.microsoft.com/v1.0"}, {"key": "token", "value": "collection-token"}],
  "item": [
    {"name": "Users", "item": [
      {"name": "List", "request": {"method": "GET", "url": "{{base}}/users?$top=5"}},
      {"name": "Open", "request": {"method": "GET", "auth": {"type": "noauth"}, "url": "https://example.com/open"}},
      {"name": "Basic", "request": {"method": "GET", "auth": {"type": "basic", "basic": {"username": "u", "password": "p"}}, "url": "https://example.com/b"}}
    ]},
    {"name": "Folder noauth", "auth": {"type": "noauth"}, "item": [
      {"name": "Inner", "request": {"method": "POST", "url": {"raw": "https://example.com/:id/x", "variable": [{"key": "id", "value": "42"}]}}}
    ]}
  ]
}"#;

#[test]
fn v20_and_v21_resolve_the_same() {
    let none = Variables::default();
    let a = resolve_all(&coll(V21), &none, &none);
    let b = resolve_all(&coll(V20), &none, &none);
    assert_eq!(a, b);
    assert_eq!(coll(V20).version, Version::V20);
    let paths: Vec<_> = coll(V21).entries().iter().map(|e| e.path.clone()).collect();
    assert_eq!(paths, ["Users/List", "Users/Open", "Users/Basic", "Folder noauth/Inner"]);
}

#[test]
fn auth_is_inherited_and_noauth_stops_it() {
    let none = Variables::default();
    let r = resolve_all(&coll(V21), &none, &none);
    assert_eq!(header(&r[0], "Authorization"), Some("Bearer collection-token"));
    assert_eq!(r[0].url, "https://graph.microsoft.com/v1.0/users?$top=5");
    assert_eq!(header(&r[1], "Authorization"), None, "request noauth");
    assert_eq!(header(&r[2], "Authorization"), Some("Basic dTpw"));
    assert_eq!(header(&r[3], "Authorization"), None, "folder noauth");
    assert_eq!(r[3].url, "https://example.com/42/x", "path variable");
}

#[test]
fn variable_precedence_and_cycles() {
    let c = coll(V21);
    let env = Variables(vec![("token".into(), "env-token".into())]);
    let var = Variables(vec![("token".into(), "cli-token".into())]);
    let e = &c.entries()[0];
    assert_eq!(
        header(&c.resolve(e, &env, &Variables::default()), "Authorization"),
        Some("Bearer env-token"),
        "environment over collection"
    );
    assert_eq!(header(&c.resolve(e, &env, &var), "Authorization"), Some("Bearer cli-token"), "--var over everything");
    let cyc =
        Variables(vec![("token".into(), "{{a}}".into()), ("a".into(), "{{b}}".into()), ("b".into(), "{{a}}".into())]);
    let r = c.resolve(e, &Variables::default(), &cyc);
    assert!(r.notes.iter().any(|n| n.contains("refers to itself")), "{:?}", r.notes);
    let unresolved = Variables(vec![("token".into(), "{{nowhere}}-{{$guid}}".into())]);
    let r = c.resolve(e, &Variables::default(), &unresolved);
    assert_eq!(header(&r, "Authorization"), Some("Bearer {{nowhere}}-{{$guid}}"));
    assert!(
        r.notes.iter().any(|n| n.contains("{{nowhere}}")) && !r.notes.iter().any(|n| n.contains("$guid")),
        "{:?}",
        r.notes
    );
}

#[test]
fn environment_takes_enabled_values_only() {
    let src = SourceFile::from_text(
        "e.json",
        r#"{"name": "E", "values": [{"key": "a", "value": "1", "enabled": true}, {"key": "b", "value": "2", "enabled": false}, {"key": "c", "value": "3"}]}"#,
    );
    let v = environment_from(&src).unwrap();
    assert_eq!((v.get("a"), v.get("b"), v.get("c")), (Some("1"), None, Some("3")));
}

fn one(request: &str) -> PlainRequest {
    let text = format!(
        r#"{{"info": {{"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}, "item": [{{"name": "R", "request": {request}}}]}}"#
    );
    let c = coll(&text);
    let e = &c.entries()[0];
    c.resolve(e, &Variables::default(), &Variables::default())
}

#[test]
fn every_body_mode() {
    let raw = one(
        r#"{"method": "POST", "url": "https://x.test", "body": {"mode": "raw", "raw": "{\"a\":1}", "options": {"raw": {"language": "json"}}}}"#,
    );
    assert_eq!(raw.body, PlainBody::Raw { text: "{\"a\":1}".into(), content_type: Some("application/json".into()) });
    let form = one(
        r#"{"method": "POST", "url": "https://x.test", "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "disabled": true}]}}"#,
    );
    assert_eq!(form.body, PlainBody::Form(vec![("a".into(), "1".into())]));
    let multi = one(
        r#"{"method": "POST", "url": "https://x.test", "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/tmp/a.pdf"}, {"key": "t", "value": "v", "type": "text"}]}}"#,
    );
    assert_eq!(multi.body, PlainBody::Multipart(vec![("f".into(), "@/tmp/a.pdf".into()), ("t".into(), "v".into())]));
    let file =
        one(r#"{"method": "PUT", "url": "https://x.test", "body": {"mode": "file", "file": {"src": "/tmp/a.bin"}}}"#);
    assert_eq!(file.body, PlainBody::File("/tmp/a.bin".into()));
    let gql = one(
        r#"{"method": "POST", "url": "https://x.test", "body": {"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": "{}"}}}"#,
    );
    assert_eq!(gql.body, PlainBody::GraphQl { query: "{ me { id } }".into(), variables: Some("{}".into()) });
    let off =
        one(r#"{"method": "POST", "url": "https://x.test", "body": {"mode": "raw", "raw": "x", "disabled": true}}"#);
    assert_eq!(off.body, PlainBody::None);
}

#[test]
fn urls_headers_and_strings() {
    let r = one(
        r#"{"method": "GET", "header": [{"key": "A", "value": "1"}, {"key": "B", "value": "2", "disabled": true}], "url": {"protocol": "https", "host": ["api", "example", "com"], "path": ["v1", "items"], "query": [{"key": "x", "value": "1"}, {"key": "y", "value": "2", "disabled": true}]}}"#,
    );
    assert_eq!(r.url, "https://api.example.com/v1/items?x=1");
    assert_eq!(r.headers, [("A".to_string(), "1".to_string())]);
    let s = one(r#""https://example.com/plain""#);
    assert_eq!((s.method.as_str(), s.url.as_str()), ("GET", "https://example.com/plain"));
    let h = one(r#"{"method": "GET", "url": "https://x.test", "header": "A: 1\nB: 2"}"#);
    assert_eq!(h.headers.len(), 2);
}

fn with_auth(auth: &str) -> PlainRequest {
    one(&format!(
        r#"{{"method": "GET", "url": "https://x.test/a", "header": [{{"key": "Authorization", "value": "old"}}], "auth": {auth}}}"#
    ))
}

#[test]
fn every_auth_helper() {
    assert_eq!(
        header(&with_auth(r#"{"type": "bearer", "bearer": [{"key": "token", "value": "t"}]}"#), "Authorization"),
        Some("Bearer t"),
        "replaces the user's header"
    );
    let k = with_auth(
        r#"{"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "v"}]}"#,
    );
    assert_eq!(header(&k, "X-Key"), Some("v"));
    let q = with_auth(
        r#"{"type": "apikey", "apikey": [{"key": "key", "value": "code"}, {"key": "value", "value": "v 1"}, {"key": "in", "value": "query"}]}"#,
    );
    assert_eq!(q.url, "https://x.test/a?code=v+1");
    let o = with_auth(
        r#"{"type": "oauth2", "oauth2": [{"key": "accessToken", "value": "at"}, {"key": "headerPrefix", "value": "MAC"}]}"#,
    );
    assert_eq!(header(&o, "Authorization"), Some("MAC at"));
    let oq = with_auth(
        r#"{"type": "oauth2", "oauth2": [{"key": "accessToken", "value": "at"}, {"key": "addTokenTo", "value": "queryParams"}]}"#,
    );
    assert_eq!(oq.url, "https://x.test/a?access_token=at");
    let empty = with_auth(r#"{"type": "oauth2", "oauth2": [{"key": "grant_type", "value": "authorization_code"}]}"#);
    assert!(empty.notes.iter().any(|n| n.contains("no saved access token")));
    let j = with_auth(
        r#"{"type": "jwt", "jwt": [{"key": "algorithm", "value": "HS256"}, {"key": "secret", "value": "not-a-real-secret-0123456789abcdef"}, {"key": "payload", "value": "{\"aud\": \"api://x\"}"}]}"#,
    );
    let v = header(&j, "Authorization").unwrap();
    assert!(v.starts_with("Bearer eyJ") && v.matches('.').count() == 2, "{v}");
    for t in ["digest", "oauth1", "awsv4", "hawk", "ntlm"] {
        let r = with_auth(&format!(r#"{{"type": "{t}"}}"#));
        assert!(r.notes.iter().any(|n| n.contains("cannot be reproduced offline")), "{t}");
    }
}

#[test]
fn v1_and_environments_are_refused_with_what_to_do() {
    let e = Collection::from_source(SourceFile::from_text(
        "v1.json",
        r#"{"id": "1", "name": "x", "order": [], "requests": []}"#,
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("v1") && e.contains("v1.json:1:1"), "{e}");
    let e = Collection::from_source(SourceFile::from_text("env.json", r#"{"name": "E", "values": []}"#))
        .unwrap_err()
        .to_string();
    assert!(e.contains("environment"), "{e}");
}
