//! `authlint serve`: the guards (DNS rebinding, cross-origin, the per-start token, JSON only, size
//! caps, no caching, the CSP), the JSON API on pasted texts, and the real server on a socket.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use authlint::serve::{CSP, Guard, Incoming, MAX_BODY, handle, headers};

fn guard() -> Guard {
    Guard { port: 4242, token: "a".repeat(64) }
}

fn req(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Incoming {
    Incoming {
        method: method.into(),
        url: url.into(),
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
        too_large: false,
    }
}

const HOST: (&str, &str) = ("Host", "127.0.0.1:4242");

fn api_headers(token: &str) -> Vec<(&str, &str)> {
    vec![HOST, ("Origin", "http://127.0.0.1:4242"), ("Content-Type", "application/json"), ("X-Authlint-Token", token)]
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}

#[test]
fn the_host_must_be_the_bound_loopback_address_and_port() {
    let g = guard();
    let url = format!("/?token={}", g.token);
    assert_eq!(handle(&g, &req("GET", &url, &[HOST], "")).status, 200);
    for host in ["evil.example:4242", "localhost.evil.example", "127.0.0.1:4243", "127.0.0.1", "0.0.0.0:4242"] {
        assert_eq!(handle(&g, &req("GET", &url, &[("Host", host)], "")).status, 421, "{host}");
    }
    assert_eq!(handle(&g, &req("GET", &url, &[], "")).status, 421, "no Host");
    // Even the API with the right token: a rebinding page that learnt the token still names its host.
    let mut h = api_headers(&g.token);
    h[0] = ("Host", "rebind.example:4242");
    assert_eq!(handle(&g, &req("POST", "/api/check", &h, r#"{"inputs": "{}"}"#)).status, 421);
}

#[test]
fn the_page_needs_the_token_printed_at_start() {
    let g = guard();
    let ok = handle(&g, &req("GET", &format!("/?token={}", g.token), &[HOST], ""));
    assert_eq!(ok.status, 200);
    assert!(String::from_utf8_lossy(&ok.body).contains("<textarea id=\"check-inputs\""));
    for url in ["/", "/?token=", "/?token=b", &format!("/?token={}", "b".repeat(64)), &format!("/?t={}", g.token)] {
        let r = handle(&g, &req("GET", url, &[HOST], ""));
        assert_eq!(r.status, 403, "{url}");
        assert!(!String::from_utf8_lossy(&r.body).contains("textarea"), "{url}");
    }
    // Two runs have two tokens, of 64 hex digits.
    let (a, b) = (Guard::new(1).unwrap(), Guard::new(1).unwrap());
    assert_ne!(a.token, b.token);
    assert!(a.token.len() == 64 && a.token.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn api_calls_need_same_origin_the_token_and_json() {
    let g = guard();
    let body = r#"{"inputs": "{\"method\": \"GET\", \"uri\": \"https://graph.microsoft.com/v1.0/me\"}"}"#;
    let good = api_headers(&g.token);
    assert_eq!(handle(&g, &req("POST", "/api/check", &good, body)).status, 200);
    // No Origin at all (curl, the same page in some browsers): allowed with the token.
    let no_origin: Vec<_> = good.iter().filter(|(n, _)| *n != "Origin").copied().collect();
    assert_eq!(handle(&g, &req("POST", "/api/check", &no_origin, body)).status, 200);
    let with = |name: &'static str, value: &'static str| {
        let mut h: Vec<(&str, &str)> = good.iter().filter(|(n, _)| *n != name).copied().collect();
        h.push((name, value));
        handle(&g, &req("POST", "/api/check", &h, body))
    };
    assert_eq!(with("Origin", "http://evil.example").status, 403);
    assert_eq!(with("Origin", "http://127.0.0.1:4243").status, 403);
    assert_eq!(with("Origin", "null").status, 403);
    assert_eq!(with("Sec-Fetch-Site", "cross-site").status, 403);
    assert_eq!(with("Sec-Fetch-Site", "same-site").status, 403);
    assert_eq!(with("Sec-Fetch-Site", "same-origin").status, 200);
    assert_eq!(with("X-Authlint-Token", "wrong").status, 403);
    assert_eq!(with("Content-Type", "text/plain").status, 415, "a simple (no preflight) cross-site POST is refused");
    assert_eq!(with("Content-Type", "application/x-www-form-urlencoded").status, 415);
    let no_token: Vec<_> = good.iter().filter(|(n, _)| *n != "X-Authlint-Token").copied().collect();
    assert_eq!(handle(&g, &req("POST", "/api/check", &no_token, body)).status, 403);
    let mut big = req("POST", "/api/check", &good, "");
    big.too_large = true;
    assert_eq!(handle(&g, &big).status, 413);
    assert_eq!(handle(&g, &req("GET", "/api/check", &good, "")).status, 405);
    assert_eq!(handle(&g, &req("GET", "/etc/passwd", &[HOST], "")).status, 404);
    assert_eq!(handle(&g, &req("GET", "/../Cargo.toml", &[HOST], "")).status, 404);
}

#[test]
fn every_answer_forbids_caching_framing_and_foreign_code() {
    let h: std::collections::HashMap<_, _> = headers().into_iter().collect();
    assert_eq!(h["Cache-Control"], "no-store");
    assert_eq!(h["Content-Security-Policy"], CSP);
    assert!(
        CSP.contains("default-src 'none'")
            && CSP.contains("script-src 'self'")
            && CSP.contains("frame-ancestors 'none'")
    );
    assert!(!CSP.contains("unsafe-inline") && !CSP.contains("unsafe-eval") && !CSP.contains("http"));
    assert_eq!(h["X-Frame-Options"], "DENY");
    assert_eq!(h["X-Content-Type-Options"], "nosniff");
    // The page loads nothing from elsewhere and runs no inline script (the CSP would block it).
    let g = guard();
    let page = handle(&g, &req("GET", &format!("/?token={}", g.token), &[HOST], ""));
    let html = String::from_utf8(page.body).unwrap();
    for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url("] {
        assert!(!html.contains(external), "no external resource: {external}");
    }
    let css = String::from_utf8(handle(&g, &req("GET", "/app.css", &[HOST], "")).body).unwrap();
    assert!(!css.contains("url(") && !css.contains("@import"), "no external fonts or images");
    assert!(!html.contains("<script>") && !html.contains("style=") && !html.contains("onclick"), "no inline code");
    let js = String::from_utf8(handle(&g, &req("GET", "/app.js", &[HOST], "")).body).unwrap();
    assert!(
        !js.contains("innerHTML") && !js.contains("eval(") && !js.contains("http"),
        "pasted text never becomes markup"
    );
}

#[test]
fn check_answers_with_the_json_of_format_json_and_a_redacted_correction() {
    let g = guard();
    let inputs = std::fs::read_to_string("samples/quoted-token.json").unwrap();
    let call = |reveal: bool| {
        let body = serde_json::json!({ "inputs": inputs, "show_secrets": reveal }).to_string();
        let r = handle(&g, &req("POST", "/api/check", &api_headers(&g.token), &body));
        assert_eq!(r.status, 200);
        json(&r.body)
    };
    let doc = call(false);
    let f = &doc["findings"][0];
    assert_eq!(f["rule"], "auth-quoted");
    assert_eq!(f["file"], "pasted raw inputs");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(5), Some(27)));
    let fix = &doc["fixes"][0];
    let shown = fix["corrected"].as_str().unwrap();
    assert!(shown.starts_with("Bearer eyJ0eX…") && shown.contains("(sha256:"), "{shown}");
    // The whole token appears nowhere in the answer.
    let token: Vec<&str> = inputs
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .filter(|w| w.starts_with("eyJ") && w.matches('.').count() == 2)
        .collect();
    assert!(!token.is_empty());
    for t in &token {
        assert!(!doc.to_string().contains(t), "the token leaked");
    }
    let revealed = call(true);
    let real = revealed["fixes"][0]["corrected"].as_str().unwrap();
    assert_eq!(real, format!("Bearer {}", token[0]));
}

#[test]
fn token_and_diff_answer_and_unusable_input_says_why() {
    let g = guard();
    let post = |path: &str, body: serde_json::Value| {
        let r = handle(&g, &req("POST", path, &api_headers(&g.token), &body.to_string()));
        (r.status, json(&r.body))
    };
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("samples/403/list-users-inputs.json").unwrap()).unwrap();
    let tok = raw["headers"]["Authorization"].as_str().unwrap();
    let (status, doc) = post(
        "/api/token",
        serde_json::json!({"token": tok, "url": "https://graph.microsoft.com/v1.0/users", "method": "GET", "now": "2026-11-10T10:05:00Z"}),
    );
    assert_eq!(status, 200);
    assert_eq!(doc["token"]["permission"]["add"], "User.ReadBasic.All");
    assert_eq!(doc["findings"][0]["rule"], "jwt-missing-permission");

    let request = std::fs::read_to_string("samples/diff/flow-token-request.json").unwrap();
    let curl = std::fs::read_to_string("samples/diff/token-request.curl").unwrap();
    let (status, doc) = post("/api/diff", serde_json::json!({"request": request, "curl": curl}));
    assert_eq!(status, 200, "{doc}");
    assert!(doc["differences"].as_array().is_some_and(|d| !d.is_empty()), "{doc}");
    let (status, doc) = post("/api/diff", serde_json::json!({"request": request}));
    assert!(status == 400 && doc["error"].as_str().unwrap().contains("Postman collection or a cURL"));

    let (status, doc) = post("/api/check", serde_json::json!({"inputs": "{\"method\": \"GET\",\n \"uri\": "}));
    assert_eq!(status, 200);
    let e = &doc["errors"][0];
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64(), e["column"].as_u64()),
        (Some("pasted raw inputs"), Some(2), Some(9))
    );
    let (status, doc) = post("/api/token", serde_json::json!({"token": "  "}));
    assert!(status == 422 && doc["error"].as_str().unwrap().contains("no token given"), "{doc}");
    let (status, _) = post("/api/check", serde_json::json!({"inputs": 5}));
    assert_eq!(status, 400);
    let (status, _) = post("/api/check", serde_json::json!({"inputs": "{}", "unknown": 1}));
    assert_eq!(status, 400);
    // Nothing pasted is ever read from disk: a "file name" is just text.
    let (status, doc) = post("/api/check", serde_json::json!({"inputs": "Cargo.toml"}));
    assert_eq!(status, 200, "{doc}");
    assert!(doc["errors"][0]["message"].as_str().is_some_and(|m| !m.contains("[package]")), "{doc}");
    assert!(!doc.to_string().contains("authlint"), "nothing of the file Cargo.toml: {doc}");
}

/// Sends raw bytes and returns the whole answer.
fn exchange(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_real_server_guards_and_answers() {
    let served = common::serve();
    let (port, url) = (served.port, &served.url);
    let path = url.split_once(&format!(":{port}")).unwrap().1;
    let ok = exchange(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(
        ok.contains("Content-Security-Policy: default-src 'none'") && ok.contains("Cache-Control: no-store"),
        "{ok}"
    );
    // Never another interface: the machine's own non-loopback address is refused. (A UDP "connect"
    // only picks the route; nothing is sent.)
    let udp = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if udp.connect("192.0.2.1:9").is_ok()
        && let Ok(local) = udp.local_addr()
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        assert!(TcpStream::connect((local.ip(), port)).is_err(), "reachable on {}", local.ip());
    }
    let rebound = exchange(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    // A body announced larger than the cap is refused before it is read.
    let big = exchange(
        port,
        format!(
            "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nX-Authlint-Token: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            url.rsplit_once("token=").unwrap().1,
            MAX_BODY + 1
        )
        .as_bytes(),
    );
    assert!(big.starts_with("HTTP/1.1 413"), "{big}");
}
