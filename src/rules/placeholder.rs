//! `placeholder-credential`, and what a placeholder is (shared with `hardcoded-secret`, which must
//! not call one a secret).

use super::{Context, Rule, declare_rule, is_credential_header, is_credential_query};
use crate::eval::Piece;
use crate::facts::http::Place;
use crate::facts::strings::first_segments;
use crate::facts::{FlowFacts, SentValue};
use crate::input::expr::Template;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A placeholder where a credential goes: `ADD YOUR OWN VALUE`, `<API Key>`, `{{client_secret}}`,
    /// `Your Opsgenie API Key`, `changeme`, `xxxx` — written in an API key header, a credential query
    /// parameter, a secret of the request body, an `authentication` secret or user name, or brought
    /// there from a parameter's default (a flow parameter, an ARM template parameter), a variable or
    /// a Compose. The message names the place it is sent to. (A template form left in the
    /// Authorization header is `auth-unevaluated`'s.)
    ///
    /// ## Why it breaks the request
    /// The deployed flow sends the placeholder as its credential, and the API refuses it (401) until
    /// someone writes the real secret in — usually as a literal, where it does not belong.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "POST", "uri": "https://api.opsgenie.com/v2/alerts", "headers": {"Authorization": "GenieKey ADD YOUR OWN VALUE"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Give the value at deployment — a secure parameter filled from Key Vault (an ARM parameters
    /// file's Key Vault reference, a secret environment variable), or read it in the flow with the
    /// Key Vault connector — and leave no default.
    pub struct PlaceholderCredential { name: "placeholder-credential", severity: Error, summary: "a placeholder where a credential goes: the deployed flow sends it" }
}

/// Words that make a value text to fill in, not a value: `Your API key`, `ADD YOUR OWN VALUE`.
const PROSE: &[&str] = &[
    "add your",
    "your own",
    "enter your",
    "insert your",
    "put your",
    "paste your",
    "replace with",
    "replace this",
    "replace me",
    "fill in",
    "goes here",
    " here>",
    "key here",
    "secret here",
    "token here",
];

/// Whole values that stand for a value to fill in.
const WORDS: &[&str] = &["changeme", "change_me", "change-me", "todo", "tbd", "placeholder", "replaceme", "dummy"];

/// Template text standing for a value to fill in (`<Client secret>`, `{{secret}}`, `${SECRET}`).
pub fn is_template_placeholder(v: &str) -> bool {
    let t = v.trim();
    crate::auth::scan::templates(t, true).iter().any(|r| r.start == 0 && r.end == t.len())
}

/// Prose or a filler word standing for a value to fill in (`ADD YOUR OWN VALUE`, `Your API Key`,
/// `changeme`, `xxxxxxxx`).
pub fn is_prose_placeholder(v: &str) -> bool {
    let t = v.trim().to_ascii_lowercase();
    if t.is_empty() {
        return false;
    }
    let filler = t.len() >= 3 && t.chars().all(|c| c == 'x' || c == '*' || c == '-' || c == '.' || c == '#');
    PROSE.iter().any(|p| t.contains(p))
        || WORDS.contains(&t.as_str())
        || t.starts_with("your ") && t.split_whitespace().count() <= 6
        || filler
}

/// Either kind of placeholder.
pub fn is_placeholder(v: &str) -> bool {
    is_template_placeholder(v) || is_prose_placeholder(v)
}

const AUTH_FIELDS: &[&str] = &["password", "secret", "pfx", "value", "username", "clientid"];
const BODY_SECRETS: &[&str] =
    &["client_secret", "password", "client_assertion", "assertion", "api_key", "apikey", "secret"];

/// The credential part of an Authorization value: the text after a scheme word.
fn after_scheme(v: &str) -> &str {
    let t = v.trim();
    match t.split_once(' ') {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            rest
        }
        _ => t,
    }
}

/// Where in an action's inputs a string is sent.
enum Kind<'a> {
    Header,
    Query,
    Auth(&'a str),
    Body,
}

/// Whether a value in this place is a placeholder that this rule reports (Authorization: prose only,
/// the template forms being `auth-unevaluated`'s).
fn judged(place: &str, v: &str) -> bool {
    if place.eq_ignore_ascii_case("authorization") { is_prose_placeholder(after_scheme(v)) } else { is_placeholder(v) }
}

impl Rule for PlaceholderCredential {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for (s, owner) in f.strings.iter().zip(f.owners()) {
            if !matches!(s.template, Ok(Template::Plain)) || crate::eval::has_holes(&s.text.value) {
                continue;
            }
            let Some(a) = owner.map(|i| &f.actions[i]) else { continue };
            let Some(rel) = s.pointer[a.pointer.len()..].strip_prefix("/inputs/") else { continue };
            let action = a.path.as_str();
            // The place's first segments, without collecting them: `headers/X`, `body/…/k`, `uri`.
            let (first, second, deeper) = first_segments(rel);
            let v = s.text.value.as_str();
            let (place, hit) = match (first, second) {
                ("headers", Some(_)) if !deeper && is_credential_header(s.key) => (Kind::Header, judged(s.key, v)),
                ("queries", Some(_)) if !deeper && is_credential_query(s.key) => (Kind::Query, is_placeholder(v)),
                ("authentication", Some(field))
                    if !deeper && AUTH_FIELDS.iter().any(|k| k.eq_ignore_ascii_case(field)) =>
                {
                    (Kind::Auth(field), is_placeholder(v))
                }
                ("body", Some(_)) if BODY_SECRETS.iter().any(|k| k.eq_ignore_ascii_case(s.key)) => {
                    (Kind::Body, is_placeholder(v))
                }
                ("body", None) => match form_placeholder(v) {
                    Some((k, r)) => {
                        let span = s.text.span_of(r.clone());
                        report(cx, f.file, span, s.pointer, &format!("the body's {k}"), action, &v[r]);
                        continue;
                    }
                    None => continue,
                },
                ("uri", None) => match query_placeholder(v) {
                    Some((k, r)) => {
                        let span = s.text.span_of(r.clone());
                        report(cx, f.file, span, s.pointer, &format!("the query parameter {k}"), action, &v[r]);
                        continue;
                    }
                    None => continue,
                },
                _ => continue,
            };
            if hit {
                let place = match place {
                    Kind::Header => format!("the {} header", s.key),
                    Kind::Query => format!("the query parameter {}", s.key),
                    Kind::Auth(field) => format!("authentication.{field}"),
                    Kind::Body => format!("the body's {}", s.key),
                };
                // In an Authorization value, the credential after the scheme is the placeholder.
                let cred = if s.key.eq_ignore_ascii_case("authorization") { after_scheme(v) } else { v.trim() };
                let at = cred.as_ptr() as usize - v.as_ptr() as usize;
                let span = s.text.span_of(at..at + cred.len());
                report(cx, f.file, span, s.pointer, &place, action, cred);
            }
        }
    }

    /// A placeholder that reaches a header or `authentication` through an expression: a parameter's
    /// default, a variable, a Compose. Reported where it is written.
    fn check_value(&self, cx: &mut Context, v: &SentValue) {
        let place = match v.place {
            Place::Header(h) if is_credential_header(h) => h.as_str(),
            Place::Auth(f) if AUTH_FIELDS.iter().any(|k| k.eq_ignore_ascii_case(f)) => f.as_str(),
            _ => return,
        };
        for (_, p) in v.pieces {
            let Piece::Known(k) = p else { continue };
            // The piece as written is the placeholder, or ends with it after a scheme.
            let text = k.text.as_str();
            let hit = if place.eq_ignore_ascii_case("authorization") {
                is_prose_placeholder(after_scheme(text)) || is_prose_placeholder(text)
            } else {
                is_placeholder(text)
            };
            if hit {
                let name = match v.place {
                    Place::Auth(f) => format!("authentication.{f}"),
                    _ => format!("the {place} header"),
                };
                report(cx, v.file, k.span_of(0..k.text.len()), v.pointer, &name, v.action, text);
                return;
            }
        }
    }
}

fn report(
    cx: &mut Context,
    file: crate::diagnostic::FileId,
    span: Span,
    pointer: &str,
    place: &str,
    action: &str,
    v: &str,
) {
    let shown: String = v.trim().chars().take(40).collect();
    cx.report(
        &PlaceholderCredential::META,
        file,
        span,
        pointer,
        format!("the placeholder `{shown}` is sent as {place} by {action}: the API will refuse it"),
    )
    .label("placeholder")
    .help("give the real value at deployment from Key Vault or a secure parameter (no default), or read it with the Key Vault connector");
}

/// A form body's secret whose value is a placeholder: the key and the value's byte range.
fn form_placeholder(body: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut at = 0;
    for pair in body.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            let decoded: String = url::form_urlencoded::parse(v.as_bytes()).map(|(a, b)| format!("{a}{b}")).collect();
            if BODY_SECRETS.contains(&k.trim()) && is_placeholder(&decoded) {
                let start = at + k.len() + 1;
                return Some((k.trim().to_string(), start..start + v.len()));
            }
        }
        at += pair.len() + 1;
    }
    None
}

/// A credential query parameter whose value is a placeholder: its name and the value's byte range.
fn query_placeholder(uri: &str) -> Option<(String, std::ops::Range<usize>)> {
    let q = uri.find('?')? + 1;
    let mut at = q;
    for pair in uri[q..].split(['&', '#']) {
        if let Some((k, v)) = pair.split_once('=') {
            let decoded: String = url::form_urlencoded::parse(v.as_bytes()).map(|(a, b)| format!("{a}{b}")).collect();
            if is_credential_query(k) && is_placeholder(&decoded) {
                let start = at + k.len() + 1;
                return Some((k.to_string(), start..start + v.len()));
            }
        }
        at += pair.len() + 1;
    }
    None
}
