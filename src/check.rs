//! `authlint check`: read run-history inputs (and outputs), run the request rules, collect secrets.

use crate::diagnostic::{FileId, Note, Outcome, Secret, SecretKind};
use crate::error::Error;
use crate::input::json;
use crate::input::raw::{self, RawDocument};
use crate::model::{HttpRequest, Json, JsonKind, RequestKind, Text};
use crate::rules::{self, Context, RequestFacts, is_credential_header, is_credential_query};
use crate::source::{SourceFile, Span};

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Raw-inputs files (`-` for standard input).
    pub inputs: Vec<String>,
    /// Raw outputs of the same run.
    pub response: Option<String>,
    /// The Authorization value (or the bare token) to check where run history shows `*sanitized*`;
    /// `-` reads it from standard input.
    pub token: Option<String>,
}

/// Runs `check`. Errors are inputs that cannot be used (exit 2).
pub fn check(opts: &CheckOptions) -> Result<Outcome, Error> {
    let stdin_uses = opts.inputs.iter().filter(|i| *i == "-").count()
        + usize::from(opts.response.as_deref() == Some("-"))
        + usize::from(opts.token.as_deref() == Some("-"));
    if stdin_uses > 1 {
        return Err(Error::Usage(
            "standard input (-) can be read only once: give the other inputs as files".into(),
        ));
    }
    let mut outcome = Outcome::default();
    let token = opts.token.as_deref().map(read_token).transpose()?;
    let token_file = token.map(|t| outcome.add_file(t));
    let token_text = token_file.map(|f| {
        let t = &outcome.files[f].text;
        Text::plain(t.clone(), Span::new(0, t.len()), 0)
    });
    if let Some(path) = &opts.response {
        let src = SourceFile::read(path)?;
        let doc = parse_doc(&src)?;
        if !matches!(doc, RawDocument::Outputs(_) | RawDocument::Exchange { .. }) {
            return Err(Error::input(
                path,
                "--response expects an action's raw outputs (\"Show raw outputs\": statusCode, headers, body)",
            ));
        }
        outcome.add_file(src);
    }
    for path in &opts.inputs {
        let src = SourceFile::read(path)?;
        let doc = parse_doc(&src)?;
        let file = outcome.add_file(src);
        let request = match doc {
            RawDocument::Inputs(r) | RawDocument::Exchange { inputs: r, .. } => r,
            RawDocument::Outputs(resp) => {
                let status = resp
                    .status
                    .map_or_else(String::new, |s| format!(" (status {s})"));
                return Err(Error::input(path, format!("this is an action's raw outputs{status}, not its raw inputs"))
                    .with_help(format!("check the raw inputs, with these outputs beside them: `authlint check inputs.json --response {path}`")));
            }
        };
        if request.kind == RequestKind::Connector {
            outcome.notes.push(Note { file, message: "these are a connector action's raw inputs: the connection adds the credentials, so there is no Authorization header to check. A 401 from a connector means the connection expired or was revoked (Fix connection, or use a service principal); a 403 means the connection's identity lacks permission in the target system.".into() });
            continue;
        }
        let token = token_file.zip(token_text.as_ref());
        let facts = RequestFacts::new(file, &request, token);
        let mut cx = Context::new();
        rules::check_request(&mut cx, &facts);
        outcome.diagnostics.extend(cx.diagnostics);
        outcome.secrets.extend(secrets(file, &request, &facts));
        if !facts.replaced.is_empty() {
            let f = token_file.expect("replaced only with a token");
            outcome.notes.push(Note { file, message: format!("the Authorization value hidden by run history was checked as given with --token ({})", outcome.files[f].name) });
        } else if token_file.is_some() {
            outcome.notes.push(Note {
                file,
                message: "--token was not used: no Authorization header here is *sanitized*".into(),
            });
        }
    }
    outcome.sort();
    Ok(outcome)
}

/// Reads a document, with a special word for the text run history shows instead of secure inputs.
fn parse_doc(src: &SourceFile) -> Result<RawDocument, Error> {
    let json = json::parse(src).map_err(|e| {
        if src.text.contains("Content not shown due to security configuration") {
            Error::input(&src.name, "run history hid these inputs: the action has secure inputs turned on")
                .with_help("copy the request from the action that built it, or turn secure inputs off for one test run")
        } else {
            e
        }
    })?;
    raw::read(src, &json)
}

/// `--token`: a header value, or a bare token that is checked as `Bearer <token>`.
fn read_token(arg: &str) -> Result<SourceFile, Error> {
    let raw = if arg == "-" {
        SourceFile::read("-")?.text
    } else {
        arg.to_string()
    };
    let value = raw.trim_end_matches(['\r', '\n']);
    let first = value.split(char::is_whitespace).next().unwrap_or("");
    let text = if crate::auth::scan::looks_like_credential(first) && !value.contains(' ') {
        format!("Bearer {value}")
    } else {
        value.to_string()
    };
    Ok(SourceFile::from_text("--token", text))
}

/// Every secret the request carries, for the text renderer to redact.
fn secrets(file: FileId, req: &HttpRequest, facts: &RequestFacts) -> Vec<Secret> {
    let mut out = Vec::new();
    let mut push = |file, span: Span, kind| out.push(Secret { file, span, kind });
    for site in &facts.sites {
        if let Some(r) = site.parsed.secret(site.value()) {
            let kind = if site.parsed.canonical_scheme() == Some("Basic") {
                SecretKind::Password
            } else {
                SecretKind::Token
            };
            push(site.file, site.text.span_of(r), kind);
        }
    }
    for h in &req.headers {
        if is_credential_header(&h.name.value)
            && !h.name.value.eq_ignore_ascii_case("authorization")
            && let Some(t) = h.value.as_text()
        {
            push(file, t.content_span(), SecretKind::Password);
        }
    }
    for q in req.queries.iter().filter(|q| is_credential_query(&q.name)) {
        push(file, q.span, SecretKind::Password);
    }
    if let Some(a) = &req.authentication {
        for key in ["password", "secret", "pfx", "value", "clientSecret"] {
            if let Some(t) = a.node.get_ci(key).and_then(Json::as_text) {
                push(
                    file,
                    t.content_span(),
                    if key == "value" {
                        SecretKind::Token
                    } else {
                        SecretKind::Password
                    },
                );
            }
        }
    }
    if let Some(body) = &req.body {
        body_secrets(body, &mut |span| push(file, span, SecretKind::Password));
    }
    out
}

/// Members of a JSON body that hold secrets (`password`, `client_secret`, tokens), at any depth.
fn body_secrets(v: &Json, push: &mut dyn FnMut(Span)) {
    const KEYS: &[&str] = &[
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
    ];
    match &v.kind {
        JsonKind::Object(members) => {
            for m in members {
                match m.value.as_text() {
                    Some(t) if KEYS.iter().any(|k| m.key.value.eq_ignore_ascii_case(k)) => {
                        push(t.content_span())
                    }
                    _ => body_secrets(&m.value, push),
                }
            }
        }
        JsonKind::Array(items) => items.iter().for_each(|i| body_secrets(i, push)),
        JsonKind::String(t) => {
            // A form-encoded body: client_secret=…&password=…
            let mut at = 0;
            for pair in t.value.split('&') {
                if let Some((k, val)) = pair.split_once('=')
                    && KEYS.iter().any(|key| k.eq_ignore_ascii_case(key))
                    && !val.is_empty()
                {
                    let start = at + k.len() + 1;
                    push(t.span_of(start..start + val.len()));
                }
                at += pair.len() + 1;
            }
        }
        _ => {}
    }
}
