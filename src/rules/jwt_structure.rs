//! The token's structure: malformed, encrypted, unsigned.

use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::auth;
use crate::diagnostic::Severity;
use crate::jwt::Kind;

declare_rule! {
    /// ## What it finds
    /// A Bearer token that is not a well-formed JWT: a wrong number of segments, a character that is not
    /// base64url, a header or payload that is not JSON, a time claim that is not a number. It says when
    /// the token looks cut short: a missing or empty segment, an ellipsis (`eyJ0eX…`), JSON that stops
    /// early, or a length typical of a field limit. Padding (`=`) is noted. Opaque tokens that are not
    /// JWTs at all are fine.
    ///
    /// ## Why it breaks the request
    /// The API cannot read the token and answers 401 (Microsoft Graph: `CompactToken parsing failed`).
    /// Tokens are usually damaged on the way: copied from a shortened display, a log line, an Excel or
    /// SharePoint column with a length limit, or joined with other text.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjE3NjcyMjU2MDAs"}}
    /// ```
    ///
    /// ## Fix
    /// Take the whole `access_token` from the token response, in the flow
    /// (`body('Get_token')?['access_token']`), and never store it where it can be cut.
    pub struct JwtMalformed { name: "jwt-malformed", severity: Error, summary: "a Bearer token that is not a well-formed JWT" }
}

impl Rule for JwtMalformed {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_token(f, |site, token| {
            for p in &token.jwt.problems {
                // A character bearer-charset, auth-invisible-char or auth-whitespace names is not said twice.
                let r = token.offset + p.range.start..token.offset + p.range.end;
                let named = site.parsed.problems.iter().any(|q| {
                    matches!(
                        q,
                        auth::Problem::BearerCharset { .. }
                            | auth::Problem::InvisibleChar { .. }
                            | auth::Problem::Whitespace { .. }
                    ) && q.range().start < r.end
                        && r.start < q.range().end
                });
                if named && !p.truncated {
                    continue;
                }
                let d = cx.report(
                    &Self::META,
                    site.file,
                    site.token_span(p.range.clone()),
                    &site.pointer,
                    p.message.clone(),
                );
                d.label(if p.truncated { "cut short here?" } else { "here" });
                d.help(if p.truncated {
                    "copy the whole token, from the token response itself (body('Get_token')?['access_token']), not from a shortened display, a log or a column with a length limit"
                } else {
                    "insert the access_token exactly as the token endpoint returned it, without encoding or joining it with other text"
                });
                if p.suspect {
                    d.severity(if p.truncated { Severity::Warning } else { Severity::Info });
                }
            }
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// An encrypted token (JWE, five segments). Its claims cannot be read, so expiry and audience were not
    /// checked.
    ///
    /// ## Why it breaks the request
    /// It may not: an API that expects encrypted tokens accepts it. But most APIs called from flows take
    /// signed (three-segment) tokens, and authlint cannot say more about this one.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://api.example.com/orders", "headers": {"Authorization": "Bearer eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00iLCJ0eXAiOiJKV1QifQ.ZW5jcnlwdGVkLWtleQ.aXY.Y2lwaGVydGV4dA.dGFn"}}
    /// ```
    ///
    /// ## Fix
    /// Nothing to fix if the API expects encrypted tokens; otherwise request a signed access token.
    pub struct JwtEncrypted { name: "jwt-encrypted", severity: Info, summary: "an encrypted (JWE) token: not inspectable" }
}

impl Rule for JwtEncrypted {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_token(f, |site, token| {
            if token.jwt.kind != Kind::Jwe {
                return;
            }
            let enc =
                token.jwt.header.as_ref().and_then(|h| h.get("enc")).and_then(|v| v.as_str()).unwrap_or("unknown");
            let r = token.jwt.segments.first().cloned().unwrap_or(0..0);
            cx.report(
                &Self::META,
                site.file,
                site.token_span(r),
                &site.pointer,
                format!("the token is encrypted (JWE, enc {enc}): its expiry and audience cannot be checked"),
            )
            .label("JWE header")
            .help("nothing to fix if the API expects encrypted tokens; otherwise request a signed access token");
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A token whose header says `"alg": "none"`: it carries no signature.
    ///
    /// ## Why it breaks the request
    /// An unsigned token proves nothing; every Microsoft API and any careful API refuses it with 401.
    /// Such tokens come from test tools or hand-made JWTs, not from Microsoft Entra ID.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDkzMDAsInNjcCI6IlVzZXIuUmVhZCIsImFwcGlkIjoieCJ9."}}
    /// ```
    ///
    /// ## Fix
    /// Request a real token from the identity provider (for Microsoft APIs, Microsoft Entra ID).
    pub struct JwtAlgNone { name: "jwt-alg-none", severity: Error, summary: "an unsigned token (alg none)" }
}

impl Rule for JwtAlgNone {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_token(f, |site, token| {
            if token.jwt.kind == Kind::Jws && token.jwt.alg().is_some_and(|a| a.eq_ignore_ascii_case("none")) {
                let r = token.jwt.segments.first().cloned().unwrap_or(0..0);
                cx.report(&Self::META, site.file, site.token_span(r), &site.pointer, "the token is unsigned (alg none): APIs refuse it".into())
                    .label("alg: none")
                    .help("request a real token from the identity provider; an unsigned token comes from a test tool or a hand-made JWT");
            }
        });
    }
}
