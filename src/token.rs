//! `authlint token`: a token decoded and explained, and — with `--url` — checked as `check` would
//! check it in a request to that URL.

use chrono::{DateTime, Utc};

use crate::config::{self, ConfigChoice};
use crate::diagnostic::{Note, Outcome};
use crate::error::Error;
use crate::jwt::{self, Jwt};
use crate::model::{Header, HttpRequest, Json, JsonKind, RequestKind, Text};
use crate::rules::{self, Context, Environment, RequestFacts};
use crate::source::{SourceFile, Span};
use crate::time::{Reference, Source};
use crate::verify::{self, KeySource, Verification};

/// What `token` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct TokenOptions {
    /// The token (or a whole header value); `-` reads standard input.
    pub token: String,
    /// The URL the token is sent to.
    pub url: Option<String>,
    /// The method of the call to `url` (default GET).
    pub method: String,
    /// Also note what could not be judged.
    pub verbose: bool,
    pub now: Option<DateTime<Utc>>,
    /// A PEM public key, or a JWKS file, to verify the signature with.
    pub key: Option<String>,
    pub jwks: Option<String>,
    /// Which config file applies.
    pub config: ConfigChoice,
}

/// The decoded token and the findings about it.
#[derive(Debug)]
pub struct TokenReport {
    pub outcome: Outcome,
    pub jwt: Jwt,
    /// The token as decoded (after a `Bearer ` prefix, quotes and whitespace were taken off).
    pub token: String,
    pub now: Reference,
    pub verification: Option<Verification>,
    /// With --url: whether the token's permissions allow the call, when the tables know it.
    pub permission: Option<crate::permissions::Judgement>,
}

/// Takes off what is often pasted around a token, saying what was taken off.
fn clean(raw: &str, notes: &mut Vec<String>) -> String {
    let mut t = raw.trim();
    if t.len() != raw.trim_end_matches(['\r', '\n']).len() {
        notes.push("whitespace around the token was removed".into());
    }
    if let Some(rest) = t.strip_prefix("Authorization:").or_else(|| t.strip_prefix("authorization:")) {
        notes.push("the header name \"Authorization:\" in front of the token was removed".into());
        t = rest.trim();
    }
    for _ in 0..3 {
        let Some((o, _)) = crate::auth::scan::opening_quote(t) else {
            break;
        };
        let Some((c, _)) = crate::auth::scan::closing_quote(&t[o..]) else {
            break;
        };
        notes.push("quotes around the token were removed (in a header they are an error: auth-quoted)".into());
        t = t[o..t.len() - c].trim();
    }
    let word = t.split(char::is_whitespace).next().unwrap_or("");
    if word.eq_ignore_ascii_case("bearer") && t.len() > word.len() {
        notes
            .push(format!("the scheme \"{word}\" in front of the token was set aside; the token after it was decoded"));
        t = t[word.len()..].trim_start();
    }
    t.to_string()
}

/// Runs `token`.
pub fn token(opts: &TokenOptions) -> Result<TokenReport, Error> {
    let raw = if opts.token == "-" { SourceFile::read("-")?.text } else { opts.token.clone() };
    let mut notes = Vec::new();
    let tok = clean(&raw, &mut notes);
    if tok.is_empty() {
        return Err(Error::Usage("no token given: pass it as an argument, or - and paste it on standard input".into()));
    }
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    let config = config::load(&opts.config)?;
    let mut outcome = Outcome::default();
    // The token is checked as the header value a flow would send: `Bearer <token>`.
    let value = format!("Bearer {tok}");
    let file = outcome.add_file(SourceFile::from_text("<token>", value.clone()));
    let uri_file = opts.url.as_ref().map(|u| outcome.add_file(SourceFile::from_text("--url", u.clone())));
    let whole = Span::new(0, value.len());
    let header = Header {
        name: Text::synthetic("Authorization", Span::new(0, 0)),
        value: Json { span: whole, kind: JsonKind::String(Text::plain(value.clone(), whole, 0)) },
        pointer: String::new(),
    };
    let uri = opts.url.as_ref().map(|u| Text::plain(u.clone(), Span::new(0, u.len()), 0));
    let method =
        if opts.method.trim().is_empty() { "GET".to_string() } else { opts.method.trim().to_ascii_uppercase() };
    let req = HttpRequest {
        kind: RequestKind::HttpAction,
        pointer: String::new(),
        span: whole,
        method: Some(Text::plain(method.clone(), Span::new(0, method.len()), 0)),
        uri,
        headers: vec![header],
        queries: Vec::new(),
        body: None,
        authentication: None,
        connector: None,
    };
    let facts = RequestFacts::new(file, &req, Environment { token: None, now, uri_file, custom: &config.resources });
    let mut cx = Context::new();
    rules::check_request(&mut cx, &facts);
    outcome.diagnostics.extend(cx.diagnostics);
    let permission = rules::jwt_permission::first_judgement(&facts);
    if opts.verbose {
        outcome.notes.extend(rules::jwt_permission::unknown_operations(&facts).map(|message| Note { file, message }));
    }
    outcome.secrets.extend(crate::secrets::of_request(file, &req, &facts));
    outcome.notes.extend(notes.into_iter().map(|message| Note { file, message }));
    if opts.url.is_none() {
        outcome.notes.push(Note {
            file,
            message: "give --url to check the audience and the token's fit for the API it is sent to".into(),
        });
    }
    let jwt = jwt::inspect(&tok);
    let key = match (&opts.key, &opts.jwks) {
        (Some(k), _) => Some(KeySource::Pem(k.clone())),
        (None, Some(j)) => Some(KeySource::Jwks(j.clone())),
        (None, None) => None,
    };
    let verification = key.map(|k| verify::verify(&tok, &jwt, &k)).transpose()?;
    config.apply(&mut outcome);
    outcome.sort();
    Ok(TokenReport { outcome, jwt, token: tok, now, verification, permission })
}
