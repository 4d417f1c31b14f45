//! Bearer credentials: RFC 6750 `b64token` characters, and a scheme with nothing after it.

use super::{Context, RequestFacts, Rule, declare_rule, each_problem};
use crate::auth::{Problem, scan};
use crate::model::JsonKind;

declare_rule! {
    /// ## What it finds
    /// A Bearer credential with characters outside RFC 6750's `b64token`: anything but letters, digits,
    /// `-` `.` `_` `~` `+` `/`, followed by optional `=` padding. Commas, semicolons, braces and `=` in
    /// the middle are the usual ones.
    ///
    /// ## Why it breaks the request
    /// The token was corrupted or joined with other text (`token,expires_in`, a second header value, a
    /// cookie), so its signature no longer checks: 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln,3599"}}
    /// ```
    ///
    /// ## Fix
    /// Insert only the token: `body('Get_token')?['access_token']`, without joining other values to it.
    pub struct BearerCharset { name: "bearer-charset", severity: Error, summary: "characters outside RFC 6750 b64token" }
}

impl Rule for BearerCharset {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::BearerCharset { range, ch } = p else {
                return;
            };
            let what = scan::describe_run(&site.value()[range.clone()], *ch);
            cx.at_value(&Self::META, site, range.clone(), format!("{what} cannot appear in a Bearer token"))
                .label("not a b64token character")
                .help("insert only the token (body('Get_token')?['access_token']) without other text joined to it");
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A scheme with no credential after it: `Bearer`, `Bearer ` or `Bearer ""`.
    ///
    /// ## Why it breaks the request
    /// There is no token to check: 401. The expression that should have supplied it returned an empty
    /// string or null, often because the token request failed or the property name is wrong
    /// (`accessToken` instead of `access_token`).
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer "}}
    /// ```
    ///
    /// ## Fix
    /// Look at the outputs of the action that fetches the token, and the property name the expression
    /// reads (`?['access_token']`).
    pub struct BearerEmpty { name: "bearer-empty", severity: Error, summary: "a scheme with no credential" }
}

impl Rule for BearerEmpty {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        for h in f.req.headers_named("Authorization") {
            if let JsonKind::Null = h.value.kind {
                cx.report(&Self::META, f.file, h.value.span, &h.pointer, "the Authorization header is null".into())
                    .label("null")
                    .help("the expression that should build the header returned null: check the token action's outputs and the property name (`?['access_token']`)");
            }
        }
        each_problem(f, |site, p| {
            let Problem::Empty { range, scheme } = p else {
                return;
            };
            let (msg, label) = if scheme.is_empty() {
                (format!("{} is empty", site.what()), "empty")
            } else {
                (format!("\"{scheme}\" has no credential after it"), "nothing follows")
            };
            cx.at_value(&Self::META, site, range.clone(), msg)
                .label(label)
                .help("the expression that should insert the credential returned nothing: check the token action's outputs and the property name (`?['access_token']`)");
        });
    }
}
