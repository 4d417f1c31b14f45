//! The wrong kind of token: an ID token, or an app-only token SharePoint refuses.

use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::resources;

declare_rule! {
    /// ## What it finds
    /// An ID token sent where an access token belongs: it has a `nonce`, or a signed-in user with no
    /// permissions (`scp`, `roles`) and no client application (`appid`, `azp`), and its audience is the
    /// client app itself.
    ///
    /// ## Why it breaks the request
    /// An ID token tells the client app who signed in; no API accepts it: 401. It is sent when the
    /// `id_token` of a token response is picked instead of its `access_token`.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJpc3MiOiJodHRwczovL2xvZ2luLm1pY3Jvc29mdG9ubGluZS5jb20vNzJmOTg4YmYtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDBjMGRlL3YyLjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0OTMwMCwibm9uY2UiOiJuLTBTNl9XekEyTWoiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJtZWdhbi5ib3dlbkBjb250b3NvLmV4YW1wbGUiLCJ2ZXIiOiIyLjAifQ.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Send the `access_token` of the token response: `Bearer @{body('Get_token')?['access_token']}`.
    pub struct JwtIdToken { name: "jwt-id-token", severity: Error, summary: "an ID token sent as an access token" }
}

impl Rule for JwtIdToken {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims().filter(|c| c.is_id_token()) else {
                return;
            };
            let why = match c.aud().first() {
                Some(aud) => format!("its aud {aud} is the client app, not an API"),
                None => "it names no API as its audience".to_string(),
            };
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(&Self::META, site.file, site.token_span(r), &site.pointer, format!("an ID token is sent as an access token ({why})"))
                .label("ID token")
                .help("send the access_token of the token response, not its id_token: `Bearer @{body('Get_token')?['access_token']}`");
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// An app-only token obtained with a client secret (`appidacr`/`azpacr` `"1"`) sent to SharePoint
    /// REST (`/_api/`).
    ///
    /// ## Why it breaks the request
    /// SharePoint Online accepts app-only tokens from Microsoft Entra ID only when the app authenticated
    /// with a certificate (`appidacr` `"2"`); a secret-based one gets 401 `Unsupported app only token.`
    /// Microsoft Graph accepts both.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://contoso.sharepoint.com/sites/hr/_api/web/lists", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvbnRvc28uc2hhcmVwb2ludC5jb20iLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0OTMwMCwiYXBwaWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJhcHBpZGFjciI6IjEiLCJpZHR5cCI6ImFwcCIsInJvbGVzIjpbIlNpdGVzLlJlYWQuQWxsIl19.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Give the app registration a certificate and request the token with it (HTTP action
    /// `authentication`: Active Directory OAuth with a certificate), or call Microsoft Graph's `/sites`
    /// endpoints, which accept secret-based app-only tokens.
    pub struct JwtAppOnlySecret { name: "jwt-app-only-secret", severity: Error, summary: "an app-only token from a client secret sent to SharePoint REST" }
}

impl Rule for JwtAppOnlySecret {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(url) = &f.url else { return };
        let sharepoint = url.host_str().and_then(resources::by_host).is_some_and(|r| r.name == "SharePoint Online");
        if !sharepoint || !url.path().to_ascii_lowercase().contains("/_api/") {
            return;
        }
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims() else { return };
            if !c.is_app_only() || c.client_auth() != Some("1") {
                return;
            }
            // A token for another API is audience-mismatch's finding, not this one.
            let for_sharepoint =
                c.aud().iter().any(|a| resources::audience(a).is_some_and(|r| r.resource.name == "SharePoint Online"));
            if !for_sharepoint {
                return;
            }
            let claim = if c.str("appidacr").is_some() { "appidacr" } else { "azpacr" };
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(&Self::META, site.file, site.token_span(r), &site.pointer, format!("an app-only token obtained with a client secret ({claim} \"1\") is sent to SharePoint REST, which refuses it (\"Unsupported app only token\")"))
                .label("app-only, client secret")
                .help("use a certificate for the app registration (authentication: Active Directory OAuth with a certificate), or call Microsoft Graph's /sites endpoints, which accept secret-based app-only tokens");
        });
    }
}
