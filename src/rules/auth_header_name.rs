use super::{Context, RequestFacts, Rule, declare_rule};
use crate::diagnostic::Severity;
use crate::facts::names::near_miss;

declare_rule! {
    /// ## What it finds
    /// A header whose name looks like `Authorization` but is not: `Authorisation`, `Authentication`,
    /// `Auth`, `Bearer`, a misspelling, or the right name with spaces or a colon in it.
    ///
    /// ## Why it breaks the request
    /// Servers look for exactly `Authorization` (in any case). Under any other name the credential is
    /// ignored and the request is anonymous: 401.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorisation": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Rename the header to `Authorization`.
    pub struct AuthHeaderName { name: "auth-header-name", severity: Error, summary: "a near-miss of the Authorization header name" }
}

impl Rule for AuthHeaderName {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let has_real = f.req.headers_named("Authorization").next().is_some();
        for h in f.req.headers.iter().filter(|h| near_miss(&h.name.value)) {
            let d = cx
                .report(
                    &Self::META,
                    f.file,
                    h.name.content_span(),
                    &h.pointer,
                    format!(
                        "the header \"{}\" is not Authorization: the server ignores it",
                        h.name.value.escape_debug()
                    ),
                )
                .label("did you mean Authorization?")
                .help("rename the header to `Authorization`");
            if has_real {
                d.severity(Severity::Warning);
            }
        }
    }
}
