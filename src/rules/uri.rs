//! The request URI: plain http with credentials, template text, whitespace.

use super::auth_unevaluated::{short, template_help};
use super::{Context, RequestFacts, Rule, declare_rule};
use crate::auth::scan;

declare_rule! {
    /// ## What it finds
    /// Credentials (an Authorization header, an `authentication` object, a key or signature in the query)
    /// sent over `http://` to a host that is not this machine.
    ///
    /// ## Why it breaks the request
    /// Anyone on the path can read and replay the credential. Microsoft APIs do not answer on plain http,
    /// and many servers redirect to https, where the client drops the Authorization header: 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "http://api.example.com/items", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Use `https://`.
    pub struct UriInsecure { name: "uri-insecure", severity: Error, summary: "credentials sent over http:// to a non-loopback host" }
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost"),
        url::Host::Ipv4(a) => a.is_loopback(),
        url::Host::Ipv6(a) => a.is_loopback(),
    }
}

impl Rule for UriInsecure {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let (Some(url), Some(uri)) = (&f.url, &f.req.uri) else {
            return;
        };
        if url.scheme() != "http" || url.host().is_none_or(|h| is_loopback(&h)) || !f.sends_credentials() {
            return;
        }
        let start = uri.value.len() - uri.value.trim_start().len();
        cx.report(
            &Self::META,
            f.uri_file,
            uri.span_of(start..start + 4),
            &format!("{}/uri", f.req.pointer),
            format!("credentials are sent over plain http to {}", url.host_str().unwrap_or_default()),
        )
        .label("http, not https")
        .help("use https://: over http the credential can be read on the way, and redirects to https drop it");
    }
}

declare_rule! {
    /// ## What it finds
    /// Template text left in the URI: `@{…}`, `{{baseUrl}}`, `${host}`, `<tenant>`.
    ///
    /// ## Why it breaks the request
    /// The request goes to a URL that does not exist or to the wrong resource, which often answers 401 or
    /// 404 instead of saying so.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://{{tenant}}.sharepoint.com/_api/web", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Insert the value with an expression (`@{variables('tenant')}`), not as typed text.
    pub struct UriUnevaluated { name: "uri-unevaluated", severity: Error, summary: "template text left in the URI" }
}

impl Rule for UriUnevaluated {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(uri) = &f.req.uri else { return };
        for r in scan::templates(&uri.value, false) {
            let t = &uri.value[r.clone()];
            cx.report(
                &Self::META,
                f.uri_file,
                uri.span_of(r.clone()),
                &format!("{}/uri", f.req.pointer),
                format!("template text {} was left in the URI", short(t)),
            )
            .label("not evaluated")
            .help(template_help(t));
        }
    }
}

declare_rule! {
    /// ## What it finds
    /// Whitespace or line breaks in the URI: around it, or inside it unencoded.
    ///
    /// ## Why it breaks the request
    /// A line break makes the request invalid; a space inside the path or query changes what is asked
    /// for, and a signed URL (SAS) no longer matches its signature: 403.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me\n", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Wrap the value in `trim()`, and encode spaces in path and query with `encodeUriComponent()`.
    pub struct UriWhitespace { name: "uri-whitespace", severity: Error, summary: "whitespace or line breaks in the URI" }
}

impl Rule for UriWhitespace {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(uri) = &f.req.uri else { return };
        let v = &uri.value;
        let mut i = 0;
        while let Some(off) = v[i..].find(char::is_whitespace) {
            let start = i + off;
            let len = v[start..].len() - v[start..].trim_start_matches(char::is_whitespace).len();
            let ws = &v[start..start + len];
            let what = if ws.contains(['\r', '\n']) {
                "a line break"
            } else if start == 0 || start + len == v.len() {
                "whitespace around it"
            } else {
                "an unencoded space"
            };
            cx.report(
                &Self::META,
                f.uri_file,
                uri.span_of(start..start + len),
                &format!("{}/uri", f.req.pointer),
                format!("the URI contains {what}"),
            )
            .label(if what == "a line break" { "line break" } else { "whitespace" })
            .help("wrap the URI in trim(), and encode spaces inside it with encodeUriComponent()");
            i = start + len;
        }
    }
}
