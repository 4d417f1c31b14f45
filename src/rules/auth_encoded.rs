use super::{Context, RequestFacts, Rule, declare_rule, each_problem};
use crate::auth::{Problem, scan::Encoding};

declare_rule! {
    /// ## What it finds
    /// An Authorization value that was percent-encoded (`Bearer%20eyJ…`) or HTML-encoded
    /// (`&quot;Bearer eyJ…&quot;`).
    ///
    /// ## Why it breaks the request
    /// Headers are not URL- or HTML-decoded by the server: `%20` is three characters, not a space, so the
    /// scheme is never found: 401. The value was passed through `encodeUriComponent()`, taken from a URL,
    /// or copied out of an HTML page or email.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer%20eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Use the plain value: remove the `encodeUriComponent()`, or decode it with `decodeUriComponent()`.
    pub struct AuthEncoded { name: "auth-encoded", severity: Error, summary: "a percent- or HTML-encoded value" }
}

impl Rule for AuthEncoded {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::Encoded { range, encoding } = p else {
                return;
            };
            let seq = &site.value()[range.clone()];
            let (msg, help) = match encoding {
                Encoding::Percent => (
                    format!("{} is percent-encoded (`{seq}`)", site.what()),
                    "use the plain value: remove encodeUriComponent(), or decode it with decodeUriComponent()",
                ),
                Encoding::HtmlEntity => (
                    format!("{} contains the HTML entity `{seq}`", site.what()),
                    "use the plain characters: the value was HTML-encoded (copied from a page or email, or an HTML-encoded output)",
                ),
            };
            cx.at_value(&Self::META, site, range.clone(), msg).label("encoded").help(help);
        });
    }
}
