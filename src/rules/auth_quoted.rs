use super::{Context, RequestFacts, Rule, TOKEN_EXPR, declare_rule, each_problem, edit, scheme_of};
use crate::auth::Problem;

declare_rule! {
    /// ## What it finds
    /// Quotes around the Authorization value or around its credential: `"Bearer eyJ…"`, `Bearer "eyJ…"`,
    /// escaped quotes (`\"`), single quotes, backticks and typographic quotes (“ ” ‘ ’).
    ///
    /// ## Why it breaks the request
    /// The quotes are sent as part of the value. The server reads `"Bearer` as the scheme, or a token that
    /// starts with `"`, and answers 401. They appear when a value is passed through `string()` or
    /// `json()`, when a Compose holds a JSON string, or when the header is typed as `"@{…}"`.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "\"Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln\""}}
    /// ```
    ///
    /// ## Fix
    /// Remove the quotes: build the header as `Bearer @{body('Get_token')?['access_token']}`, with no
    /// quotes typed around the expression and no `string()` around a value that is already a string.
    ///
    /// Fix: safe, automatic (`--fix` removes a matched pair of quotes).
    pub struct AuthQuoted { name: "auth-quoted", severity: Error, summary: "the value or the credential is wrapped in quotes" }
}

impl Rule for AuthQuoted {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::Quoted { range, close, style, whole } = p else {
                return;
            };
            let what =
                if *whole { format!("{} value", site.what()) } else { format!("the {} credential", scheme_of(site)) };
            let d = cx.at_value(&Self::META, site, range.clone(), format!("{what} is wrapped in {}", style.describe()));
            d.label(if close.is_some() { "opening quote" } else { "stray quote" });
            if let Some(c) = close {
                d.also(site.text.span_of(c.clone()), "closing quote");
            }
            // Quotes around nothing leave nothing to send: bearer-empty's, not a mechanical fix.
            if let Some(c) = close.as_ref().filter(|c| c.start > range.end) {
                d.fix("remove the quotes", vec![edit(site, range.clone(), ""), edit(site, c.clone(), "")]);
            }
            d.help(format!("remove the quotes: build the header as `{}` (no quotes around the expression, no string() around a string)", if scheme_of(site) == "Bearer" { TOKEN_EXPR } else { "<scheme> <credential>" }));
        });
    }
}
