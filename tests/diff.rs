//! `authlint diff`: sample comparisons (reviewed snapshots), request selection and ambiguity, the same
//! diff from a v2.0 and a v2.1 collection, cURL forms, body and header comparison, exit codes.

use std::path::Path;
use std::process::{Command, Output};

use authlint::diagnostic::{DiffKind, Severity};
use authlint::diff::{DiffOptions, diff};
use authlint::report::{Format, Options, render};

const COLLECTION: &str = "samples/diff/Contoso APIs.postman_collection.json";
const ENVIRONMENT: &str = "samples/diff/Contoso test tenant.postman_environment.json";

fn opts(input: &str) -> DiffOptions {
    DiffOptions {
        input: input.into(),
        postman: Some(COLLECTION.into()),
        environment: Some(ENVIRONMENT.into()),
        now: Some("2026-11-10T10:05:00Z".parse().unwrap()),
        ..Default::default()
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn sample_diffs() {
    let o = Options { color: false, show_secrets: false, width: 100 };
    for (flow, reference) in [
        ("flow-list-users", None),
        ("flow-invoice-items", None),
        ("flow-token-request", None),
        ("flow-token-request", Some("samples/diff/token-request.curl")),
    ] {
        let mut d = opts(&format!("samples/diff/{flow}.json"));
        if let Some(c) = reference {
            d.postman = None;
            d.environment = None;
            d.curl = Some(c.into());
        }
        let out = diff(&d).unwrap();
        let name = format!("{flow}{}", if reference.is_some() { "_vs_curl" } else { "" });
        insta::assert_snapshot!(name, render(&out, Format::Text, &o));
    }
}

#[test]
fn the_flow_side_is_judged_as_check_judges_it() {
    let out = diff(&opts("samples/diff/flow-invoice-items.json")).unwrap();
    let rules: Vec<_> = out.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["auth-quoted", "audience-mismatch"]);
    assert!(out.differences.iter().any(|d| d.kind == DiffKind::Auth && d.message.contains("auth-quoted")));
}

#[test]
fn two_fresh_tokens_for_the_same_api_are_the_same() {
    // The environment's token and a token with the same identity but other times and signature.
    let env: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(ENVIRONMENT).unwrap()).unwrap();
    let tok = env["values"][0]["value"].as_str().unwrap();
    let mut parts: Vec<String> = tok.split('.').map(String::from).collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value = serde_json::from_slice(&b64.decode(&parts[1]).unwrap()).unwrap();
    claims["iat"] = (claims["iat"].as_i64().unwrap() + 600).into();
    claims["uti"] = "another-token".into();
    parts[1] = b64.encode(claims.to_string());
    parts[2] = b64.encode("another-fake-signature");
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("flow.json");
    let req = serde_json::json!({"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users?$select=id,displayName&$top=25", "headers": {"Authorization": format!("Bearer {}", parts.join(".")), "ConsistencyLevel": "eventual"}});
    std::fs::write(&flow, req.to_string()).unwrap();
    let out = diff(&opts(flow.to_str().unwrap())).unwrap();
    assert!(out.differences.is_empty(), "{:#?}", out.differences);
}

#[test]
fn request_selection_by_name_best_match_and_ambiguity() {
    let flow = "samples/diff/flow-list-users.json";
    for name in ["Users/List users", "users/list users", "List users"] {
        let mut o = opts(flow);
        o.request = Some(name.into());
        assert_eq!(
            diff(&o).unwrap().compared.unwrap(),
            format!("Postman request \"Users/List users\" ({COLLECTION})"),
            "{name}"
        );
    }
    let mut o = opts(flow);
    o.request = Some("Users/List user".into());
    let e = diff(&o).unwrap_err().to_string();
    assert!(e.contains("did you mean \"Users/List users\"?"), "{e}");
    // Best match without a name: same method, host and path.
    assert!(diff(&opts(flow)).unwrap().compared.unwrap().contains("Users/List users"));
    // Two requests that fit equally well are an error listing both.
    let dir = tempfile::tempdir().unwrap();
    let col = dir.path().join("c.json");
    std::fs::write(&col, r#"{"info": {"name": "A", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [
        {"name": "One", "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/users/:id"}},
        {"name": "Two", "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/users/{{user}}"}}]}"#).unwrap();
    let f = dir.path().join("f.json");
    std::fs::write(&f, r#"{"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users/a@b.c", "headers": {}}"#)
        .unwrap();
    let mut o = opts(f.to_str().unwrap());
    o.postman = Some(col.display().to_string());
    o.environment = None;
    let e = diff(&o).unwrap_err().to_string();
    assert!(e.contains("2 requests match") && e.contains("One") && e.contains("Two"), "{e}");
    let cli = run(&["diff", f.to_str().unwrap(), "--postman", col.to_str().unwrap()]);
    assert_eq!(cli.status.code(), Some(2));
    assert!(text(&cli.stderr).contains("--request"), "{}", text(&cli.stderr));
}

#[test]
fn list_prints_every_request() {
    let out = run(&["diff", "--list", "--postman", COLLECTION, "--environment", ENVIRONMENT]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.starts_with("Contoso APIs — 5 requests"), "{s}");
    assert!(s.contains("SharePoint/Invoice items  GET     https://contoso.sharepoint.com/sites/Finance/_api"), "{s}");
    assert!(
        s.contains("https://login.microsoftonline.com/72f988bf-0000-4000-8000-00000000c0de/oauth2"),
        "environment applied: {s}"
    );
}

#[test]
fn v20_and_v21_collections_give_the_same_diff() {
    // The sample collection written in v2.0 form: auth helpers as maps.
    let v21: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(COLLECTION).unwrap()).unwrap();
    fn to_v20(v: &mut serde_json::Value) {
        if let Some(obj) = v.as_object_mut() {
            if let Some(ty) = obj.get("type").and_then(|t| t.as_str()).map(str::to_string)
                && let Some(serde_json::Value::Array(items)) = obj.get(&ty).cloned()
            {
                let map: serde_json::Map<String, serde_json::Value> =
                    items.iter().map(|i| (i["key"].as_str().unwrap().to_string(), i["value"].clone())).collect();
                obj.insert(ty, serde_json::Value::Object(map));
            }
            obj.values_mut().for_each(to_v20);
        } else if let Some(a) = v.as_array_mut() {
            a.iter_mut().for_each(to_v20);
        }
    }
    let mut v20 = v21.clone();
    to_v20(&mut v20);
    v20["info"]["schema"] = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json".into();
    assert_ne!(v20, v21);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v20.json");
    std::fs::write(&p, v20.to_string()).unwrap();
    for flow in ["flow-list-users", "flow-invoice-items", "flow-token-request"] {
        let a = diff(&opts(&format!("samples/diff/{flow}.json"))).unwrap();
        let mut o = opts(&format!("samples/diff/{flow}.json"));
        o.postman = Some(p.display().to_string());
        let b = diff(&o).unwrap();
        assert_eq!(a.differences, b.differences, "{flow}");
        assert!(!a.differences.is_empty());
    }
}

fn diff_with_curl(flow: serde_json::Value, curl: &str) -> Vec<authlint::diagnostic::Difference> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("flow.json");
    std::fs::write(&f, flow.to_string()).unwrap();
    let c = dir.path().join("cmd.curl");
    std::fs::write(&c, curl).unwrap();
    let o = DiffOptions { input: f.display().to_string(), curl: Some(c.display().to_string()), ..Default::default() };
    diff(&o).unwrap().differences
}

#[test]
fn curl_forms_compare_alike_and_bodies_by_structure() {
    let flow = serde_json::json!({"method": "POST", "uri": "https://api.example.com/v1/orders?dry=1", "headers": {"X-Api-Key": "not-a-real-key", "Content-Type": "application/json"}, "body": {"id": 7, "items": [{"sku": "A", "qty": 1}], "note": "x"}});
    let forms = [
        "curl -X POST 'https://api.example.com/v1/orders?dry=1' -H 'X-Api-Key: not-a-real-key' -H 'Content-Type: application/json' -d '{\"note\":\"x\",\"items\":[{\"qty\":1,\"sku\":\"A\"}],\"id\":7}'",
        "curl ^\"https://api.example.com/v1/orders?dry=1^\" ^\r\n  -H ^\"X-Api-Key: not-a-real-key^\" ^\r\n  -H ^\"Content-Type: application/json^\" ^\r\n  --data-raw ^\"^{^\\^\"note^\\^\":^\\^\"x^\\^\",^\\^\"items^\\^\":[^{^\\^\"qty^\\^\":1,^\\^\"sku^\\^\":^\\^\"A^\\^\"^}],^\\^\"id^\\^\":7^}^\"\r\n",
    ];
    for c in forms {
        let d = diff_with_curl(flow.clone(), c);
        assert!(d.is_empty(), "{c}\n{d:#?}");
    }
    // --json also sends Accept: application/json, which the flow does not.
    let json = "curl --json '{\"id\": 7, \"items\": [{\"sku\": \"A\", \"qty\": 1}], \"note\": \"x\"}' -H 'X-Api-Key: not-a-real-key' \\\n  https://api.example.com/v1/orders?dry=1";
    let d = diff_with_curl(flow.clone(), json);
    assert_eq!(d.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Accept"], "{d:#?}");
    let changed = "curl -X POST 'https://api.example.com/v1/orders' -H 'X-Api-Key: another-fake-key' -H 'Content-Type: application/json' -d '{\"id\":8,\"items\":[{\"sku\":\"A\",\"qty\":1}]}'";
    let d = diff_with_curl(flow, changed);
    let got: Vec<(DiffKind, &str, Severity)> = d.iter().map(|d| (d.kind, d.name.as_str(), d.severity)).collect();
    assert_eq!(
        got,
        [
            (DiffKind::Query, "dry", Severity::Warning),
            (DiffKind::Header, "X-Api-Key", Severity::Error),
            (DiffKind::Body, "/id", Severity::Warning),
            (DiffKind::Body, "/note", Severity::Warning)
        ]
    );
    let key = d.iter().find(|d| d.name == "X-Api-Key").unwrap();
    assert!(
        !key.flow.contains("not-a-real-key") && !key.reference.contains("another-fake-key"),
        "credential headers are redacted: {key:?}"
    );
}

#[test]
fn headers_postman_adds_and_logic_apps_drops_are_ignored_unless_strict() {
    let flow = serde_json::json!({"method": "GET", "uri": "https://api.example.com/v1/a", "headers": {"Accept-Language": "en"}});
    let curl = "curl https://api.example.com/v1/a -A 'PostmanRuntime/7.39.0' -H 'Postman-Token: 0b1c' -H 'Accept: */*' -H 'Cache-Control: no-cache'";
    assert!(diff_with_curl(flow.clone(), curl).is_empty());
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("flow.json");
    std::fs::write(&f, flow.to_string()).unwrap();
    let c = dir.path().join("cmd.curl");
    std::fs::write(&c, curl).unwrap();
    let o = DiffOptions {
        input: f.display().to_string(),
        curl: Some(c.display().to_string()),
        strict: true,
        ..Default::default()
    };
    let names: Vec<String> = diff(&o).unwrap().differences.into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["Accept", "Accept-Language", "Cache-Control", "Postman-Token", "User-Agent"]);
}

#[test]
fn exit_codes_follow_the_differences_and_json_has_spec_fields() {
    let same = run(&[
        "diff",
        "samples/diff/flow-token-request.json",
        "--curl",
        "samples/diff/token-request.curl",
        "--format",
        "json",
    ]);
    assert_eq!(same.status.code(), Some(1), "grant_type and scope differ: errors");
    let v: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    let first = &v["differences"][0];
    for k in ["kind", "name", "flow", "reference", "severity", "message"] {
        assert!(first.get(k).is_some(), "{k} missing in {first}");
    }
    assert_eq!(first["kind"], "body");
    let zero = run(&[
        "diff",
        "samples/diff/flow-token-request.json",
        "--curl",
        "samples/diff/token-request.curl",
        "--exit-zero",
    ]);
    assert_eq!(zero.status.code(), Some(0));
    let usage = run(&["diff", "samples/diff/flow-token-request.json"]);
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage.stderr));
    let _ = Path::new(".");
}

/// An Authorization header only the flow sends, to a URL signed with sig=, is an error (two
/// credentials), and the exit code follows it; unsigned, it stays a warning (issue 20, point 8).
#[test]
fn a_header_beside_a_sas_signature_is_an_error_and_fails() {
    let o = run(&[
        "diff",
        "tests/diff/flow-trigger-sas-and-bearer.json",
        "--curl",
        "tests/diff/trigger-sas.curl",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let auth: Vec<&serde_json::Value> =
        v["differences"].as_array().unwrap().iter().filter(|d| d["kind"] == "auth").collect();
    assert_eq!(auth.len(), 1, "{v}");
    assert_eq!(auth[0]["severity"], "error");
    assert!(auth[0]["message"].as_str().unwrap().contains("sig="), "{}", auth[0]);

    let o = run(&[
        "diff",
        "tests/diff/flow-unsigned-bearer.json",
        "--curl",
        "tests/diff/unsigned.curl",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let auth = v["differences"].as_array().unwrap().iter().find(|d| d["kind"] == "auth").unwrap();
    assert_eq!(auth["severity"], "warning");
    let o = run(&[
        "diff",
        "tests/diff/flow-unsigned-bearer.json",
        "--curl",
        "tests/diff/unsigned.curl",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(o.status.code(), Some(1));
}
