use super::{Context, RequestFacts, Rule, declare_rule, each_problem, edit, scheme_of};
use crate::auth::Problem;

declare_rule! {
    /// ## What it finds
    /// Anything but exactly one ASCII space between the scheme and the credential: no space
    /// (`BearereyJ…`), two spaces, a tab, a no-break space, a colon (`Bearer: eyJ…`).
    ///
    /// ## Why it breaks the request
    /// `credentials = auth-scheme 1*SP token68` (RFC 9110, RFC 6750): the server splits on the space. Without
    /// it there is no scheme; with a no-break space (pasted from Word, Teams or a web page) the scheme
    /// becomes `Bearer\u00A0eyJ…`; both end in 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer\u00a0eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Write `Bearer`, one space typed on the keyboard, then the credential.
    ///
    /// Fix: safe, automatic (`--fix` puts exactly one space between scheme and credential).
    pub struct AuthSeparator { name: "auth-separator", severity: Error, summary: "not exactly one ASCII space between scheme and credential" }
}

impl Rule for AuthSeparator {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::Separator { range, found } = p else {
                return;
            };
            let scheme = scheme_of(site);
            // With nothing between, the range is the credential's first character: insert before it.
            let e = if found == "nothing" {
                edit(site, range.start..range.start, " ")
            } else {
                edit(site, range.clone(), " ")
            };
            cx.at_value(
                &Self::META,
                site,
                range.clone(),
                format!("{found} between {scheme} and the credential, where exactly one space is expected"),
            )
            .label(if found == "nothing" { "a space belongs here".to_string() } else { found.to_string() })
            .help(format!("write `{scheme} <credential>` with one ordinary space"))
            .fix("put one space between the scheme and the credential", vec![e]);
        });
    }
}
