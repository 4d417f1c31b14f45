use super::{Context, RequestFacts, Rule, declare_rule, is_sanitized};

declare_rule! {
    /// ## What it finds
    /// An Authorization header that run history shows as `*sanitized*` (Logic Apps hides it, and secure
    /// inputs hide every input).
    ///
    /// ## Why it breaks the request
    /// It does not: it hides what authlint needs to check. The header format, quote wrapping, expiry and
    /// audience of the token cannot be judged from `*sanitized*`.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "*sanitized*"}}
    /// ```
    ///
    /// ## Fix
    /// Give authlint the value the flow built: `authlint check inputs.json --token -` and paste the header
    /// value (or the token) on standard input. Take it from the outputs of the action that built it (a
    /// Compose, or the token request's body), not from this action.
    pub struct AuthSanitized { name: "auth-sanitized", severity: Warning, summary: "run history hid the Authorization value" }
}

impl Rule for AuthSanitized {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        if let Some(a) = &f.req.authentication
            && let Some(t) = a.node.get_ci("value").and_then(|v| v.as_text()).filter(|t| is_sanitized(&t.value))
            && !f.replaced.iter().any(|r| std::ptr::eq(*r, t))
        {
            cx.report(&Self::META, f.file, t.content_span(), &format!("{}/value", a.pointer), "run history hid authentication.value: its format, expiry and audience cannot be checked".to_string())
                .label("hidden by run history")
                .help("pass the value the flow built: `authlint check <inputs> --token -` and paste the header value or the token");
        }
        for h in f.req.headers_named("Authorization") {
            let Some(t) = h.value.as_text().filter(|t| is_sanitized(&t.value)) else {
                continue;
            };
            if f.replaced.iter().any(|r| std::ptr::eq(*r, t)) {
                continue;
            }
            cx.report(&Self::META, f.file, t.content_span(), &h.pointer, "run history hid the Authorization value: its format, expiry and audience cannot be checked".to_string())
                .label("hidden by run history")
                .help("pass the value the flow built: `authlint check <inputs> --token -` and paste the header value or the token");
        }
    }
}
