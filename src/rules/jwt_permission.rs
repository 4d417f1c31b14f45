//! The 403 predicted: a token whose permissions the called operation does not accept.

use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::permissions::{self, Call, Decision, Judgement};
use crate::resources::{self, AudienceMatch};

declare_rule! {
    /// ## What it finds
    /// A token for Microsoft Graph or SharePoint REST whose permissions — `scp` for a signed-in user's
    /// (delegated) token, `roles` for an app-only (application) token — hold none of those the called
    /// operation accepts. For Graph, authlint knows the accepted permissions of over 150 operations
    /// (users, groups, mail, calendars, contacts, sites, lists, drives, Teams, Planner, applications,
    /// directory roles, audit logs, reports), from Microsoft's documentation; for SharePoint REST, the
    /// access a request needs (read, write, manage, full control) follows from its method and path. An
    /// operation authlint does not know is never reported (`--verbose` says so).
    ///
    /// ## Why it breaks the request
    /// The token is valid but does not allow this operation: 403 (`Authorization_RequestDenied`,
    /// `Insufficient privileges to complete the operation`, `accessDenied`). Reconnecting or a fresh
    /// token with the same permissions changes nothing.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users?$select=displayName", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjE1MTA0NDQ4MDAsImV4cCI6NDEwMjQ0OTMwMCwiYXBwaWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJ1cG4iOiJtZWdhbkBjb250b3NvLmV4YW1wbGUiLCJzY3AiOiJVc2VyLlJlYWQgb3BlbmlkIHByb2ZpbGUifQ.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Add the least-privileged permission the message names to the app registration (Entra ID → App
    /// registrations → the app → API permissions), have an admin grant consent where it is needed
    /// (always for application permissions), and get a new token: permissions are written into the
    /// token when it is issued.
    pub struct JwtMissingPermission { name: "jwt-missing-permission", severity: Error, summary: "the token's scp or roles hold none of the permissions the operation accepts: a 403 predicted" }
}

/// The judgement of a request's call with a token, when the token is for that API and the table knows
/// the operation. Shared with the verdict and `authlint token`.
pub fn judgement(f: &RequestFacts, claims: &crate::jwt::Claims) -> Option<Judgement> {
    let url = f.url.as_ref()?;
    let host = url.host_str()?;
    let method = f.req.method.as_ref().map_or("GET", |m| m.value.as_str());
    let call = Call::of(method, url)?;
    if claims.is_id_token() {
        return None;
    }
    // A token for another API is audience-mismatch's finding, not this one.
    if !claims.aud().iter().any(|a| matches!(resources::check_audience_with(a, host, f.custom), AudienceMatch::Match)) {
        return None;
    }
    permissions::judge(&call, claims)
}

/// The judgement of the request's call with its first token that can be judged (the verdict and
/// `authlint token` show it).
pub fn first_judgement(f: &RequestFacts) -> Option<Judgement> {
    f.sites.iter().filter_map(|s| s.token.as_ref()).find_map(|t| judgement(f, &t.jwt.claims()?))
}

/// For `--verbose`: a note for each token of the request whose call goes to Graph or SharePoint REST
/// but is missing from the tables (so no prediction is made).
pub fn unknown_operations<'f>(f: &'f RequestFacts) -> impl Iterator<Item = String> + 'f {
    f.sites.iter().filter_map(|s| s.token.as_ref()).filter_map(move |t| {
        let url = f.url.as_ref()?;
        let c = t.jwt.claims()?;
        let call = Call::of(f.req.method.as_ref().map_or("GET", |m| m.value.as_str()), url)?;
        (judgement(f, &c).is_none() && !permissions::known(&call)).then(|| {
            format!(
                "authlint does not know which permissions {} needs (not in its tables): no 403 prediction for it",
                call.display
            )
        })
    })
}

impl Rule for JwtMissingPermission {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims() else { return };
            let Some(j) = judgement(f, &c) else { return };
            if matches!(j.decision, Decision::Allowed { .. } | Decision::Undecidable(_)) {
                return;
            }
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            let label = match &j.decision {
                Decision::Missing { add, .. } => format!("lacks {add}"),
                _ => format!("{} token", j.held.kind.name()),
            };
            cx.report(&Self::META, site.file, site.token_span(r), &site.pointer, j.message())
                .label(label)
                .help(j.help());
        });
    }
}
