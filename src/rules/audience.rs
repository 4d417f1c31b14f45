use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::resources::{self, AudienceMatch};

declare_rule! {
    /// ## What it finds
    /// A token whose `aud` names another resource than the one the request goes to — a Microsoft Graph
    /// token sent to SharePoint REST, a token for one SharePoint tenant sent to another, a Dataverse token
    /// for another environment, a global-cloud token sent to a sovereign cloud — and an HTTP action whose
    /// `authentication.audience` does the same. Audiences authlint does not know (`api://…`, an app's own
    /// GUID) are never reported.
    ///
    /// ## Why it breaks the request
    /// Each API accepts only tokens minted for it: 401 (`Invalid audience`,
    /// `InvalidAuthenticationTokenAudience`, `Invalid issuer or signature`).
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://contoso.sharepoint.com/sites/hr/_api/web/lists", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjE1MTA0NDQ4MDAsImV4cCI6NDEwMjQ0OTMwMCwiYXBwaWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJzY3AiOiJTaXRlcy5SZWFkLkFsbCJ9.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Request the token for the resource the request goes to: scope `https://contoso.sharepoint.com/.default`
    /// (v2 endpoint) or `resource=https://contoso.sharepoint.com` (v1), or set `authentication.audience`
    /// to it.
    pub struct AudienceMismatch { name: "audience-mismatch", severity: Error, summary: "the token's aud (or authentication.audience) names another resource than the request's host" }
}

/// The scope to request for an audience.
fn scope(aud: &str) -> String {
    format!("{}/.default", aud.trim_end_matches('/'))
}

/// The first mismatch among a token's audiences, unless one of them matches.
fn judge<'a>(
    auds: impl IntoIterator<Item = &'a str>,
    host: &str,
    custom: &[crate::config::CustomResource],
) -> Option<(&'a str, AudienceMatch)> {
    let mut first = None;
    for aud in auds {
        match resources::check_audience_with(aud, host, custom) {
            AudienceMatch::Match => return None,
            m @ AudienceMatch::Mismatch { .. } => {
                first.get_or_insert((aud, m));
            }
            AudienceMatch::Unknown => {}
        }
    }
    first
}

impl Rule for AudienceMismatch {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(host) = f.url.as_ref().and_then(|u| u.host_str()).map(str::to_string) else {
            return;
        };
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims() else { return };
            let Some((aud, AudienceMatch::Mismatch { token_for, request_to, expected })) =
                judge(c.aud(), &host, f.custom)
            else {
                return;
            };
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(
                &Self::META,
                site.file,
                site.token_span(r),
                &site.pointer,
                format!("the token is for {token_for} (aud {aud}) but the request goes to {request_to}"),
            )
            .label(format!("aud {aud}"))
            .help(format!(
                "request the token for `{expected}`: scope `{}` (v2 endpoint) or resource `{expected}` (v1)",
                scope(&expected)
            ));
        });
        let Some(a) = &f.req.authentication else {
            return;
        };
        let Some(text) = a.node.get_ci("audience").and_then(|v| v.as_text()) else {
            return;
        };
        if let Some((aud, AudienceMatch::Mismatch { token_for, request_to, expected })) =
            judge([text.value.as_str()], &host, f.custom)
        {
            cx.report(
                &Self::META,
                f.file,
                text.content_span(),
                &format!("{}/audience", a.pointer),
                format!("authentication.audience names {token_for} ({aud}) but the request goes to {request_to}"),
            )
            .label("audience")
            .help(format!("set authentication.audience to `{expected}`"));
        }
    }
}
