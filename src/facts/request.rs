//! A request and what the analysis found in it (each Authorization value parsed, each token
//! decoded), computed once and read by every rule.

use url::Url;

use super::names::{is_credential_header, is_credential_query};
use crate::auth::{self, AuthValue};
use crate::config::CustomResource;
use crate::diagnostic::FileId;
use crate::jwt::{self, Jwt};
use crate::model::{HttpRequest, JsonKind, Text};
use crate::time::Reference;

/// Where an Authorization value was found: a header, or `authentication.value` of type Raw.
#[derive(Debug)]
pub struct AuthSite<'a> {
    pub file: FileId,
    /// The header name, or `None` for `authentication.value`.
    pub name: Option<&'a Text>,
    pub text: &'a Text,
    pub pointer: String,
    pub parsed: AuthValue,
    /// The credential decoded as a JWT, when it is one (Bearer, or a bare token).
    pub token: Option<Token>,
}

/// A JWT found in an Authorization value.
#[derive(Debug)]
pub struct Token {
    pub jwt: Jwt,
    /// Where the token starts in the value.
    pub offset: usize,
}

impl<'a> AuthSite<'a> {
    fn new(file: FileId, name: Option<&'a Text>, text: &'a Text, pointer: String) -> AuthSite<'a> {
        let parsed = auth::parse(&text.value);
        let token = parsed
            .credential
            .clone()
            .filter(|_| matches!(parsed.canonical_scheme(), Some("Bearer") | None))
            .map(|r| (r.start, jwt::inspect(&text.value[r])))
            .filter(|(_, j)| j.kind != jwt::Kind::Opaque)
            .map(|(offset, jwt)| Token { jwt, offset });
        AuthSite { file, name, text, pointer, parsed, token }
    }
    pub fn value(&self) -> &str {
        &self.text.value
    }
    /// The source span of a byte range of the token.
    pub fn token_span(&self, r: std::ops::Range<usize>) -> crate::source::Span {
        let off = self.token.as_ref().map_or(0, |t| t.offset);
        self.text.span_of(off + r.start..off + r.end)
    }
    /// How to name this value in a message.
    pub fn what(&self) -> &'static str {
        if self.name.is_some() { "the Authorization header" } else { "authentication.value" }
    }
}

/// A request and what the analysis found in it, computed once for all rules.
#[derive(Debug)]
pub struct RequestFacts<'a> {
    pub file: FileId,
    pub req: &'a HttpRequest,
    pub sites: Vec<AuthSite<'a>>,
    /// The URI parsed with `url`, when it parses.
    pub url: Option<Url>,
    /// `*sanitized*` Authorization headers that a `--token` value replaced.
    pub replaced: Vec<&'a Text>,
    /// The time tokens are judged at.
    pub now: Reference,
    /// The file the URI's spans point into (the request's own file, except for `authlint token`).
    pub uri_file: FileId,
    /// The config file's own resources.
    pub custom: &'a [CustomResource],
    /// The Microsoft resource the URI's host belongs to, looked up once (see [`RequestFacts::resource`]).
    resource: std::cell::OnceCell<Option<&'static crate::resources::Resource>>,
}

/// What a request is checked with, beyond the request itself.
#[derive(Debug, Clone, Copy)]
pub struct Environment<'a> {
    /// A value (from `--token`) for Authorization values that run history hid.
    pub token: Option<(FileId, &'a Text)>,
    pub now: Reference,
    /// Where the URI comes from, when not from the request's file.
    pub uri_file: Option<FileId>,
    /// The config file's own resources, for audience matching.
    pub custom: &'a [CustomResource],
}

/// True when run history hid the value.
pub fn is_sanitized(v: &str) -> bool {
    let t = v.trim().to_ascii_lowercase();
    t.contains("*sanitized*") || t == "sanitized" || t.contains("content not shown")
}

impl Environment<'_> {
    /// Nothing but a reference time.
    pub fn at(now: Reference) -> Environment<'static> {
        Environment { token: None, now, uri_file: None, custom: &[] }
    }
}

impl<'a> RequestFacts<'a> {
    /// Facts for a request read from file `file`. `token` is a replacement for sanitized headers.
    pub fn new(file: FileId, req: &'a HttpRequest, env: Environment<'a>) -> RequestFacts<'a> {
        let token = env.token;
        let mut sites = Vec::new();
        let mut replaced = Vec::new();
        for h in req.headers_named("Authorization") {
            let JsonKind::String(text) = &h.value.kind else {
                continue;
            };
            let (file, text) = match token {
                Some((tf, t)) if is_sanitized(&text.value) => {
                    replaced.push(text);
                    (tf, t)
                }
                // Nothing to parse in a hidden value: auth-sanitized says so.
                _ if is_sanitized(&text.value) => continue,
                _ => (file, text),
            };
            sites.push(AuthSite::new(file, Some(&h.name), text, h.pointer.clone()));
        }
        if let Some(a) = &req.authentication
            && a.kind().is_some_and(|k| k.eq_ignore_ascii_case("Raw"))
            && let Some(text) = a.node.get_ci("value").and_then(|v| v.as_text())
        {
            let (file, text) = match token {
                Some((tf, t)) if is_sanitized(&text.value) => {
                    replaced.push(text);
                    (tf, t)
                }
                _ => (file, text),
            };
            // A hidden value has nothing to parse: auth-sanitized says so.
            if !is_sanitized(&text.value) {
                sites.push(AuthSite::new(file, None, text, format!("{}/value", a.pointer)));
            }
        }
        let url = req.uri.as_ref().and_then(|u| Url::parse(u.value.trim()).ok());
        RequestFacts {
            file,
            req,
            sites,
            url,
            replaced,
            now: env.now,
            uri_file: env.uri_file.unwrap_or(file),
            custom: env.custom,
            resource: std::cell::OnceCell::new(),
        }
    }

    /// The Microsoft resource the URI's host belongs to (Graph, SharePoint, Dataverse…), when the URI
    /// parses and authlint knows the host: found once for the rules that ask.
    pub fn resource(&self) -> Option<&'static crate::resources::Resource> {
        *self.resource.get_or_init(|| self.url.as_ref()?.host_str().and_then(crate::resources::by_host))
    }

    /// True when any credential is sent: a header, an `authentication` object, a key in the query.
    pub fn sends_credentials(&self) -> bool {
        !self.sites.is_empty()
            || self.req.authentication.is_some()
            || self.req.queries.iter().any(|q| is_credential_query(&q.name))
            || self.req.headers.iter().any(|h| is_credential_header(&h.name.value))
    }
}
