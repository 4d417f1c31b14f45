//! The wrong kind of token: an ID token, or an app-only token SharePoint refuses.

use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::eval::value::PLACEHOLDER;
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
        let sharepoint = f.resource().is_some_and(|r| r.name == "SharePoint Online");
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

/// The APIs whose app-only tokens carry their application permissions as `roles`.
const APP_ROLES: [&str; 2] = ["Microsoft Graph", "SharePoint Online"];

/// The APIs that accept only JWT access tokens from Microsoft Entra ID (resource names of the table).
const JWT_ONLY: [&str; 4] = ["Microsoft Graph", "Azure Resource Manager", "Dataverse", "SharePoint Online"];

declare_rule! {
    /// ## What it finds
    /// An app-only access token (`idtyp` `app`, or a client with no user) that carries neither `roles`
    /// (application permissions) nor `scp` (delegated permissions), sent to Microsoft Graph or SharePoint
    /// Online, whose application permissions are app roles. (Azure Resource Manager, Key Vault and Storage
    /// authorise app-only tokens by role assignment: no roles there is normal.) Operations of the
    /// permission tables are `jwt-missing-permission`'s, which names the permission.
    ///
    /// ## Why it breaks the request
    /// The token proves who the app is but grants it nothing: Microsoft Graph answers 401 "Either scp or
    /// roles claim need to be present in the token", other APIs 401 or 403. An app-only token gets
    /// `roles` only for application permissions an admin has consented to (for a managed identity:
    /// app role assignments).
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/solutions/bookingBusinesses", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6NDEwMjQ0OTMwMCwiYXBwaWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJhcHBpZGFjciI6IjEiLCJpZHR5cCI6ImFwcCJ9.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Add the application permission the operation needs (App registrations → API permissions →
    /// Application permissions) and grant admin consent; for a managed identity, assign the app role with
    /// Microsoft Graph or PowerShell. Then get a new token.
    pub struct JwtNoPermission { name: "jwt-no-permission", severity: Error, summary: "an app-only token with neither roles nor scp" }
}

impl Rule for JwtNoPermission {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(url) = f.url.as_ref() else { return };
        // Only APIs whose app-only permissions are app roles in the token: Azure Resource Manager, Key
        // Vault or Storage give app-only tokens no roles and authorise by role assignment instead.
        let Some(api) = f.resource().filter(|r| APP_ROLES.contains(&r.name)) else {
            return;
        };
        let bare = |token: &crate::facts::request::Token| {
            token
                .jwt
                .claims()
                .is_some_and(|c| !c.is_id_token() && c.is_app_only() && c.roles().is_empty() && c.scp().is_empty())
        };
        let mut any = false;
        each_token(f, |_, token| any |= bare(token));
        if !any {
            return;
        }
        // An operation of the permission tables is judged by jwt-missing-permission, which names the permission.
        let method = f.req.method.as_ref().map_or("GET", |m| m.value.as_str());
        if crate::permissions::Call::of(method, url).is_some_and(|c| crate::permissions::known(&c)) {
            return;
        }
        each_token(f, |site, token| {
            if !bare(token) {
                return;
            }
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(
                &Self::META,
                site.file,
                site.token_span(r),
                &site.pointer,
                format!("the app-only token carries no permission (neither roles nor scp), so {} grants it nothing", api.name),
            )
            .label("no roles, no scp")
            .help("add the application permission the call needs (App registrations → the app → API permissions → Application permissions) and grant admin consent — for a managed identity, assign the app role with Microsoft Graph (POST /servicePrincipals/{id}/appRoleAssignments) or New-MgServicePrincipalAppRoleAssignment — then get a new token");
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A Bearer credential that is not a JWT (no `header.payload.signature`) sent to an API that accepts
    /// only JWT access tokens from Microsoft Entra ID: Microsoft Graph, Azure Resource Manager,
    /// Dataverse, SharePoint Online.
    ///
    /// ## Why it breaks the request
    /// These APIs validate the token's signature, audience and lifetime; an API key, a client secret, a
    /// refresh token, a personal access token or a truncated copy is not a token they can read: 401
    /// (Graph: "IDX14100: JWT is not well formed").
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users", "headers": {"Authorization": "Bearer FAKEkey0123456789abcdefFAKE"}}
    /// ```
    ///
    /// ## Fix
    /// Send the `access_token` of a token response for the API (`Bearer @{body('Get_token')?['access_token']}`),
    /// or let the HTTP action get it (Authentication: Managed identity or Active Directory OAuth).
    pub struct BearerNotJwt { name: "bearer-not-jwt", severity: Error, summary: "a Bearer credential that is not a JWT, to an API that accepts only JWTs" }
}

impl Rule for BearerNotJwt {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let Some(api) = f.resource().filter(|r| JWT_ONLY.contains(&r.name)) else {
            return;
        };
        for site in &f.sites {
            if site.parsed.canonical_scheme() != Some("Bearer")
                || !site.parsed.problems.is_empty()
                || site.token.is_some()
            {
                continue;
            }
            let Some(r) = site.parsed.credential.clone() else { continue };
            let cred = &site.value()[r.clone()];
            // Template text, placeholders and sanitized values are other rules' business.
            if cred.is_empty()
                || cred.contains(['*', '{', '}', '@', '<', '>', '$'])
                || cred.to_ascii_lowercase().contains(&PLACEHOLDER.to_ascii_lowercase())
            {
                continue;
            }
            if crate::jwt::inspect(cred).kind != crate::jwt::Kind::Opaque {
                continue;
            }
            let dots = cred.matches('.').count();
            let why = if dots == 0 { "it has no dots" } else { "it is not three base64url parts" };
            cx.at_value(
                &Self::META,
                site,
                r,
                format!("the Bearer credential is not a JWT ({why}), and {} accepts only JWT access tokens", api.name),
            )
            .label("not a JWT")
            .help(format!("send an access token for {}: `{}`, or set the HTTP action's Authentication (Managed identity or Active Directory OAuth)", api.name, super::TOKEN_EXPR));
        }
    }
}
