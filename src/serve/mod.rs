//! `authlint serve`: one page, embedded in the binary, that does what `check`, `token` and `diff` do,
//! for makers who never open a terminal — on 127.0.0.1 only, with nothing sent anywhere.
//!
//! The page calls a small JSON API of the same process (`api.rs`), built on the same library
//! functions and answering with the same JSON shapes as `--format json`. HTTP is tiny_http's; this
//! module only decides what to answer ([`handle`] is a pure function of the request, tested without a
//! socket). Guards, each tested: the `Host` must be the bound address and port (DNS rebinding); a POST
//! must come from the page's own origin, carry the random per-start token and JSON; bodies are capped;
//! nothing is cached; a strict Content-Security-Policy allows only the page's own script and style.

mod api;
pub mod fix;

use std::io::{Read, Write};

use crate::error::Error;

/// The largest request body read (a pasted solution export is larger than anyone pastes).
pub const MAX_BODY: usize = 8 << 20;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// Only the page's own script, style and API; no inline code, no frames, no other origin.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What a request must match: the port it was bound to and the token printed at start.
#[derive(Debug, Clone)]
pub struct Guard {
    pub port: u16,
    pub token: String,
}

impl Guard {
    /// A guard with a fresh random token (32 bytes from the operating system, as hex).
    pub fn new(port: u16) -> Result<Guard, Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::Usage(format!("no random numbers for the page's token: {e}")))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Guard { port, token })
    }
    /// `127.0.0.1:PORT`: the only Host (and origin host) accepted.
    pub fn authority(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    /// The address to open.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.authority(), self.token)
    }
    fn token_matches(&self, given: &str) -> bool {
        // Compared in constant time: the token is the page's only secret.
        given.len() == self.token.len()
            && given.bytes().zip(self.token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// A request as [`handle`] sees it.
#[derive(Debug, Default)]
pub struct Incoming {
    pub method: String,
    /// Path and query, as sent.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than [`MAX_BODY`] (and was not read).
    pub too_large: bool,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An answer: status, content type, body; [`headers`] are added to every one.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type, body: body.into() }
    }
    fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", value.to_string())
    }
    fn refuse(status: u16, why: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": why }))
    }
}

/// The headers every answer carries: no caching, no sniffing, no framing, no referrer, the CSP.
pub fn headers() -> [(&'static str, &'static str); 8] {
    [
        ("Content-Security-Policy", CSP),
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}

/// Decides the answer to one request.
pub fn handle(guard: &Guard, req: &Incoming) -> Reply {
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1 sends its own Host.
    if !req.header("Host").is_some_and(|h| h.eq_ignore_ascii_case(&guard.authority())) {
        return Reply::refuse(
            421,
            &format!("authlint serve answers only to http://{} (this request named another host)", guard.authority()),
        );
    }
    let (path, query) = req.url.split_once('?').unwrap_or((&req.url, ""));
    match (req.method.as_str(), path) {
        ("GET", "/") => {
            let token = query.split('&').find_map(|kv| kv.strip_prefix("token="));
            if token.is_some_and(|t| guard.token_matches(t)) {
                Reply::new(200, "text/html; charset=utf-8", INDEX)
            } else {
                Reply::new(
                    403,
                    "text/plain; charset=utf-8",
                    "Open the address `authlint serve` printed when it started: it carries this run's token.\n",
                )
            }
        }
        ("GET", "/app.js") => Reply::new(200, "text/javascript; charset=utf-8", SCRIPT),
        ("GET", "/app.css") => Reply::new(200, "text/css; charset=utf-8", STYLE),
        ("GET", "/favicon.ico") => Reply::new(204, "text/plain", ""),
        ("POST", "/api/check" | "/api/token" | "/api/diff") => {
            if let Some(refused) = post_guard(guard, req) {
                return refused;
            }
            let run = || {
                match path {
                    "/api/check" => api::check(&req.body),
                    "/api/token" => api::token(&req.body),
                    _ => api::diff(&req.body),
                }
                .unwrap_or_else(|refused| refused)
            };
            // A panic (a bug) answers 500 and the page stays up; the panic hook has said where.
            std::panic::catch_unwind(run)
                .unwrap_or_else(|_| Reply::refuse(500, "internal error in authlint — please report it with this input"))
        }
        (_, "/" | "/app.js" | "/app.css" | "/api/check" | "/api/token" | "/api/diff") => {
            Reply::refuse(405, "method not allowed")
        }
        _ => Reply::refuse(404, "not found"),
    }
}

/// The checks of an API call: same origin, the token, JSON, the size.
fn post_guard(guard: &Guard, req: &Incoming) -> Option<Reply> {
    let origin = format!("http://{}", guard.authority());
    if req.header("Origin").is_some_and(|o| !o.eq_ignore_ascii_case(&origin)) {
        return Some(Reply::refuse(403, "cross-origin requests are refused"));
    }
    if req.header("Sec-Fetch-Site").is_some_and(|s| s != "same-origin" && s != "none") {
        return Some(Reply::refuse(403, "cross-site requests are refused"));
    }
    if !req.header("X-Authlint-Token").is_some_and(|t| guard.token_matches(t)) {
        return Some(Reply::refuse(403, "the page's token is missing or wrong: reload the address authlint printed"));
    }
    if !req.header("Content-Type").is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("application/json")) {
        return Some(Reply::refuse(415, "send JSON (Content-Type: application/json)"));
    }
    if req.too_large || req.body.len() > MAX_BODY {
        return Some(Reply::refuse(413, &format!("the request is larger than {} MiB", MAX_BODY >> 20)));
    }
    None
}

/// Reads one tiny_http request into an [`Incoming`], reading at most [`MAX_BODY`] bytes of body.
fn incoming(req: &mut tiny_http::Request) -> Incoming {
    let headers: Vec<(String, String)> =
        req.headers().iter().map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string())).collect();
    let mut inc = Incoming {
        method: req.method().as_str().to_string(),
        url: req.url().to_string(),
        headers,
        ..Default::default()
    };
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        inc.too_large = true;
        return inc;
    }
    let mut body = Vec::new();
    if req.as_reader().take(MAX_BODY as u64 + 1).read_to_end(&mut body).is_err() {
        body.clear();
    }
    inc.too_large = body.len() > MAX_BODY;
    inc.body = body;
    inc
}

/// Binds 127.0.0.1:`port` (never another interface) and answers until interrupted.
pub fn run(port: u16, open: bool) -> Result<(), Error> {
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {e} (another port: --port N, or 0 for any)"))
    })?;
    let bound = server.server_addr().to_ip().map_or(port, |a| a.port());
    let guard = Guard::new(bound)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "authlint serve: open {}", guard.url());
    let _ = writeln!(out, "Only this machine can reach it, and nothing is sent anywhere. Ctrl-C stops it.");
    let _ = out.flush();
    drop(out);
    if open && let Err(e) = open::that_detached(guard.url()) {
        eprintln!("authlint serve: could not open a browser ({e}); open the address above");
    }
    for mut req in server.incoming_requests() {
        let reply = handle(&guard, &incoming(&mut req));
        let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        let mut all = headers().to_vec();
        all.push(("Content-Type", reply.content_type));
        for (name, value) in all {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = req.respond(response);
    }
    Ok(())
}
