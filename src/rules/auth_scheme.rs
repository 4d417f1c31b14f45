//! The scheme family: missing, unknown, in the wrong case, repeated.

use super::{Context, RequestFacts, Rule, declare_rule, each_problem, edit};
use crate::auth::Problem;
use crate::diagnostic::Severity;

declare_rule! {
    /// ## What it finds
    /// A credential with no scheme in front of it: the header holds `eyJ…` instead of `Bearer eyJ…`.
    ///
    /// ## Why it breaks the request
    /// The server cannot tell what kind of credential it is given and answers 401. The scheme was
    /// usually dropped when the header was built from the token alone.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Put the scheme and one space in front: `Bearer @{body('Get_token')?['access_token']}`.
    pub struct AuthSchemeMissing { name: "auth-scheme-missing", severity: Error, summary: "a bare credential with no scheme" }
}

impl Rule for AuthSchemeMissing {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::SchemeMissing { range, jwt } = p else {
                return;
            };
            let (what, help) = if *jwt {
                ("a JWT with no scheme", "put `Bearer ` (with one space) in front of the token")
            } else {
                (
                    "a credential with no scheme",
                    "put the scheme and one space in front: `Bearer <token>`, or `Basic <base64(user:password)>`",
                )
            };
            cx.at_value(&Self::META, site, range.start..range.start, format!("{} holds {what}", site.what()))
                .label("the scheme belongs here")
                .help(help);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A scheme that is misspelled (`Baerer`, `Bearar`), not a scheme at all, or `Token`/`JWT` in front of
    /// a JWT.
    ///
    /// ## Why it breaks the request
    /// The server does not recognise the scheme and ignores the credential: 401. Microsoft APIs accept a
    /// JWT only with `Bearer`.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Baerer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Write the scheme the API expects; for an access token, `Bearer`.
    pub struct AuthSchemeUnknown { name: "auth-scheme-unknown", severity: Error, summary: "a misspelled or unsupported scheme" }
}

impl Rule for AuthSchemeUnknown {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::SchemeUnknown { range, found, suggestion, jwt } = p else {
                return;
            };
            let found = found.escape_debug();
            match (suggestion, jwt) {
                (Some(s), true) if !found.to_string().eq_ignore_ascii_case("bearer") => {
                    cx.at_value(
                        &Self::META,
                        site,
                        range.clone(),
                        format!("a JWT is sent with the scheme \"{found}\"; access tokens take `{s}`"),
                    )
                    .label(format!("should be {s}"))
                    .help(format!("write `{s} <token>`"));
                }
                (Some(s), _) => {
                    cx.at_value(
                        &Self::META,
                        site,
                        range.clone(),
                        format!("\"{found}\" is not an authentication scheme"),
                    )
                    .label(format!("did you mean {s}?"))
                    .help(format!("write `{s}`"));
                }
                (None, _) => {
                    cx.at_value(
                        &Self::META,
                        site,
                        range.clone(),
                        format!("authlint does not know the scheme \"{found}\""),
                    )
                    .label("unknown scheme")
                    .help("check the scheme in the API's documentation; Microsoft APIs take `Bearer <token>`")
                    .severity(Severity::Info);
                }
            }
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A known scheme written in another case than its usual one: `bearer`, `BEARER`, `basic`.
    ///
    /// ## Why it breaks the request
    /// RFC 9110 makes schemes case-insensitive and most servers accept any case, but some gateways and
    /// older services compare exactly and answer 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Write the scheme as `Bearer` (or `Basic`).
    ///
    /// Fix: safe, automatic (`--fix` writes the scheme in its canonical case).
    pub struct AuthSchemeCase { name: "auth-scheme-case", severity: Warning, summary: "the scheme in another case than its canonical one" }
}

impl Rule for AuthSchemeCase {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::SchemeCase { range, canonical } = p else {
                return;
            };
            cx.at_value(
                &Self::META,
                site,
                range.clone(),
                format!("the scheme is written \"{}\" rather than \"{canonical}\"", &site.value()[range.clone()]),
            )
            .label(format!("write {canonical}"))
            .help(format!("write `{canonical}`: most servers accept any case, some refuse it"))
            .fix(format!("write {canonical}"), vec![edit(site, range.clone(), canonical)]);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// The scheme written twice: `Bearer Bearer eyJ…`.
    ///
    /// ## Why it breaks the request
    /// The server takes the second `Bearer` as the token: 401. It happens when a variable or a token
    /// endpoint already returns `Bearer eyJ…` and the header adds `Bearer ` again.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Write the scheme once: drop `Bearer ` from the header, or from the variable that already holds it.
    pub struct AuthSchemeRepeated { name: "auth-scheme-repeated", severity: Error, summary: "the scheme written twice" }
}

impl Rule for AuthSchemeRepeated {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::SchemeRepeated { range } = p else {
                return;
            };
            let w = &site.value()[range.clone()];
            cx.at_value(&Self::META, site, range.clone(), format!("the scheme \"{w}\" is written twice"))
                .label("second scheme")
                .help("write the scheme once: the value inserted after it already starts with it");
        });
    }
}
