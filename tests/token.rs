//! `authlint token`: decoded output (snapshots), findings against --url, and signature verification
//! with the test keys in tests/keys (signed here, in the test, with jsonwebtoken).

use std::process::{Command, Output};

use authlint::report::{Format, Options, render_token};
use authlint::token::{TokenOptions, token};

/// Inside the sample tokens' lifetime (issued 09:46, expiring 11:01).
const NOW: &str = "2026-11-10T10:05:00Z";
/// The time of the sample run whose static token had expired.
const LATER: &str = "2026-11-10T13:15:20Z";

fn sample_token(sample: &str) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("samples/{sample}")).unwrap()).unwrap();
    let req = v.get("inputs").unwrap_or(&v);
    req["headers"]["Authorization"].as_str().unwrap().to_string()
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

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn report(tok: &str, url: Option<&str>, now: &str) -> String {
    let opts = TokenOptions {
        token: tok.into(),
        url: url.map(Into::into),
        now: Some(now.parse().unwrap()),
        ..Default::default()
    };
    let r = token(&opts).unwrap();
    render_token(&r, Format::Text, &Options { color: false, show_secrets: false, width: 100 })
}

#[test]
fn decoded_app_only_graph_token() {
    insta::assert_snapshot!(report(&sample_token("expired-static-token.json"), None, LATER));
}

#[test]
fn decoded_id_token_against_graph() {
    insta::assert_snapshot!(report(
        &sample_token("id-token-sent.json"),
        Some("https://graph.microsoft.com/v1.0/me"),
        NOW
    ));
}

#[test]
fn delegated_graph_token_sent_to_sharepoint() {
    insta::assert_snapshot!(report(
        &sample_token("graph-token-to-sharepoint.json"),
        Some("https://contoso.sharepoint.com/sites/Finance/_api/web/lists"),
        NOW
    ));
}

#[test]
fn quotes_whitespace_and_the_scheme_are_tolerated_and_reported() {
    let tok = sample_token("id-token-sent.json");
    let out = run(&["token", &format!("  \"{tok}\"\n"), "--format", "json", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1), "an ID token is reported even without --url");
    assert_eq!(v_rule(&out), ["jwt-id-token"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&str> = v["notes"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("quotes")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("\"Bearer\"")), "{notes:?}");
    assert_eq!(v["token"]["kind"], "jws");
    assert_eq!(v["token"]["claims"]["ver"], "2.0");
    assert!(v["token"]["summary"].as_str().unwrap().starts_with("an ID token"));
    assert!(v["token"]["explanations"]["claims"]["nonce"].as_str().unwrap().contains("ID tokens"));
    assert!(!text(&out).contains(&tok[tok.len() - 20..]), "the signature is never printed");
}

#[test]
fn findings_with_url_set_the_exit_code() {
    let tok = sample_token("graph-token-to-sharepoint.json");
    let out =
        run(&["token", &tok, "--url", "https://contoso.sharepoint.com/_api/web", "--format", "concise", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("error[audience-mismatch]"), "{}", text(&out));
    let ok = run(&["token", &tok, "--url", "https://graph.microsoft.com/v1.0/me", "--format", "concise", "--now", NOW]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
}

#[test]
fn stdin_opaque_and_empty_tokens() {
    let mut c = Command::new(env!("CARGO_BIN_EXE_authlint"));
    let mut child = c
        .args(["token", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"ya29.a0AfH6SMBx-opaque-token-0123456789\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["token"]["kind"], "opaque");
    let empty = run(&["token", "  "]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no token given"));
}

fn v_rule(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

fn signed(header: jsonwebtoken::Header) -> String {
    let key =
        jsonwebtoken::EncodingKey::from_rsa_pem(&std::fs::read("tests/keys/test-rsa-private.pem").unwrap()).unwrap();
    let claims = serde_json::json!({"aud": "api://authlint-test", "iss": "https://sts.windows.net/00000000-0000-0000-0000-000000000000/", "iat": 1794303960, "exp": 1794308460, "appid": "x", "roles": ["Test.Read"]});
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

fn signature_line(o: &Output) -> String {
    text(o).lines().find(|l| l.starts_with("signature")).unwrap_or_default().to_string()
}

#[test]
fn verifies_signatures_offline_with_a_pem_key_or_a_jwks() {
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    h.kid = Some("authlint-test-key".into());
    let tok = signed(h);
    let pem = run(&["token", &tok, "--key", "tests/keys/test-rsa-public.pem", "--now", NOW]);
    assert!(signature_line(&pem).contains("verified — the signature is valid"), "{}", signature_line(&pem));
    let jwks = run(&["token", &tok, "--jwks", "tests/keys/test-jwks.json", "--now", NOW]);
    assert!(signature_line(&jwks).contains("verified — the signature is valid"), "{}", signature_line(&jwks));
    let other = run(&["token", &tok, "--key", "tests/keys/other-rsa-public.pem", "--now", NOW]);
    assert!(
        signature_line(&other).contains("NOT verified — the signature does not match"),
        "{}",
        signature_line(&other)
    );
    // One changed character in the payload breaks the signature.
    let mut parts: Vec<String> = tok.split('.').map(String::from).collect();
    let p = &mut parts[1];
    let last = p.pop().unwrap();
    p.push(if last == 'A' { 'B' } else { 'A' });
    let tampered = parts.join(".");
    let bad = run(&["token", &tampered, "--key", "tests/keys/test-rsa-public.pem", "--now", NOW]);
    assert!(signature_line(&bad).contains("NOT verified"), "{}", signature_line(&bad));
}

#[test]
fn graph_tokens_are_said_to_be_unverifiable_and_bad_keys_exit_2() {
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    h.kid = Some("authlint-test-key".into());
    let tok = signed(h);
    // A Graph token carries a nonce in its header.
    let (head, rest) = tok.split_once('.').unwrap();
    let mut hv: serde_json::Value = serde_json::from_slice(&base64_decode(head)).unwrap();
    hv["nonce"] = "graph-nonce".into();
    let graph = format!("{}.{rest}", base64_encode(&serde_json::to_vec(&hv).unwrap()));
    let out = run(&["token", &graph, "--jwks", "tests/keys/test-jwks.json", "--now", NOW]);
    assert!(signature_line(&out).contains("only Microsoft Graph can verify it"), "{}", signature_line(&out));
    let missing = run(&["token", &tok, "--key", "tests/keys/no-such.pem"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("tests/keys/no-such.pem"));
    let not_pem = run(&["token", &tok, "--key", "tests/keys/README.md"]);
    assert_eq!(not_pem.status.code(), Some(2));
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// A synthetic token (fake signature) with these claims.
fn token_with(claims: serde_json::Value) -> String {
    let header = base64_encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    format!("{header}.{}.ZmFrZS1zaWduYXR1cmU", base64_encode(claims.to_string().as_bytes()))
}

#[test]
fn key_vault_tokens_must_name_vault_azure_net_exactly() {
    let url = "https://kv-prod.vault.azure.net/secrets/api-key?api-version=7.4";
    let now = "2026-01-01T00:10:00Z";
    let with_aud = |aud: &str| {
        token_with(
            serde_json::json!({"aud": aud, "iss": "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
            "iat": 1767225600, "nbf": 1767225600, "exp": 1767230100, "appid": "11111111-1111-1111-1111-111111111111",
            "tid": "00000000-0000-0000-0000-000000000000", "ver": "1.0", "idtyp": "app", "appidacr": "2"}),
        )
    };
    for aud in ["https://kv-prod.vault.azure.net", "https://vault.azure.net/"] {
        let out = report(&with_aud(aud), Some(url), now);
        let words = out.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("audience-mismatch") && words.contains("accepts only https://vault.azure.net exactly"),
            "{aud}:\n{out}"
        );
    }
    let out = report(&with_aud("https://vault.azure.net"), Some(url), now);
    assert!(!out.contains("audience-mismatch"), "{out}");
}
