use super::{Context, RequestFacts, Rule, TOKEN_EXPR, declare_rule, each_problem};
use crate::auth::Problem;
use crate::model::JsonKind;

declare_rule! {
    /// ## What it finds
    /// A JSON object or array inserted as the Authorization value or as its credential, typically the
    /// whole token response (`{"token_type":"Bearer","access_token":"eyJ…"}`) instead of its
    /// `access_token`.
    ///
    /// ## Why it breaks the request
    /// The server expects `Bearer <token>` and gets JSON text: 401. This happens when `body('Get_token')`
    /// or `outputs('Get_token')` is inserted where `body('Get_token')?['access_token']` was meant.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer {\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln\"}"}}
    /// ```
    ///
    /// ## Fix
    /// Insert only the token: `Bearer @{body('Get_token')?['access_token']}`.
    pub struct AuthJsonValue { name: "auth-json-value", severity: Error, summary: "a JSON object or array inserted as the value or credential" }
}

impl Rule for AuthJsonValue {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let help = |token: bool| {
            if token {
                format!("insert only the token, not the whole response: `{TOKEN_EXPR}`")
            } else {
                "insert the string the server expects (`<scheme> <credential>`), not a JSON value".to_string()
            }
        };
        each_problem(f, |site, p| {
            let Problem::JsonValue { range, whole, access_token } = p else {
                return;
            };
            let kind = if site.value()[range.clone()].starts_with('[') { "array" } else { "object" };
            let what = if *whole { "value" } else { "credential" };
            cx.at_value(
                &Self::META,
                site,
                range.clone(),
                format!(
                    "a JSON {kind} is inserted as the Authorization {what}{}",
                    if *access_token { " (a whole token response)" } else { "" }
                ),
            )
            .label(format!("JSON {kind}"))
            .help(help(*access_token));
        });
        for h in f.req.headers_named("Authorization") {
            if let JsonKind::Object(_) | JsonKind::Array(_) = &h.value.kind {
                let token = h.value.get("access_token").is_some();
                cx.report(
                    &Self::META,
                    f.file,
                    h.value.span,
                    &h.pointer,
                    format!("the Authorization header is {}, not a string", h.value.type_name()),
                )
                .label("JSON value")
                .help(help(token));
            }
        }
    }
}
