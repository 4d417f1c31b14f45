use super::{Context, RequestFacts, Rule, declare_rule};

declare_rule! {
    /// ## What it finds
    /// Credentials given twice: two `Authorization` headers whose names differ only in case, an
    /// `Authorization` header together with the action's `authentication` object, or a shared access
    /// signature (`sig=` in the query) together with an `Authorization` header.
    ///
    /// ## Why it breaks the request
    /// The server sees two credentials, or only the one you did not mean. The Logic Apps and Power
    /// Automate request trigger refuses a SAS signature plus a bearer token outright
    /// (`DirectApiRequestHasMoreThanOneAuthorization`), and an `authentication` object makes the action
    /// write its own `Authorization` header over yours.
    ///
    /// ## Example
    /// ```json
    /// {"method": "POST", "uri": "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=FAKEsig000",
    ///  "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Keep one credential: remove the extra header, or remove the `authentication` object, or call the
    /// trigger either with its SAS URL or with OAuth (then without `sig`).
    pub struct AuthDuplicate { name: "auth-duplicate", severity: Error, summary: "credentials given twice" }
}

impl Rule for AuthDuplicate {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let headers: Vec<_> = f.req.headers_named("Authorization").collect();
        if let [first, rest @ ..] = headers.as_slice() {
            for h in rest {
                cx.report(
                    &Self::META,
                    f.file,
                    h.name.span,
                    &h.pointer,
                    format!(
                        "Authorization is given twice (\"{}\" and \"{}\"): header names are case-insensitive",
                        first.name.value, h.name.value
                    ),
                )
                .label("second Authorization header")
                .also(first.name.span, "first one here")
                .help("keep one Authorization header and delete the other");
            }
            if let Some(a) = &f.req.authentication {
                let kind = a.kind().unwrap_or("an");
                cx.report(&Self::META, f.file, first.name.span, &first.pointer, format!("an Authorization header and authentication of type {kind} are both set: the action sends its own credential"))
                    .label("this header competes with the authentication object")
                    .also(a.node.span, "authentication set here")
                    .help("use one: remove the Authorization header and let `authentication` fetch the token, or remove `authentication`");
            }
            if let Some(q) = f.req.queries.iter().find(|q| q.name.eq_ignore_ascii_case("sig")) {
                cx.report(&Self::META, f.file, q.span, &q.pointer, "a shared access signature (sig=) and an Authorization header are both sent (DirectApiRequestHasMoreThanOneAuthorization)".to_string())
                    .label("SAS signature")
                    .also(first.name.span, "Authorization header")
                    .help("call the trigger with its SAS URL and no Authorization header, or with OAuth and the sp, sv and sig parameters removed from the URL");
            }
        }
    }
}
