//! The words of a verdict: what the status means, what happened, what to do and where.
//! Written for makers, not for HTTP experts.

use super::{AuthKind, Cause, System};
use crate::diagnostic::Diagnostic;
use crate::model::{HttpRequest, HttpResponse, JsonKind};
use crate::server::Signal;

/// What the status means.
pub fn meaning(status: u16, connector: bool, cause: Cause, token_request: bool) -> String {
    if cause == Cause::DlpBlocked {
        return format!(
            "{status}: a data policy of the environment blocks the connector. No permission, sign-in or reconnection changes that; only the policy does."
        );
    }
    if token_request {
        return format!(
            "{status} from Microsoft Entra ID's token endpoint: it refused to issue a token, so the call that needed it never happened. The fix is in the account or app that signs in, not in the call."
        );
    }
    match (status, connector) {
        (401, false) => "401 from the HTTP action: the server did not accept the credential this flow sent. The fix is in how the flow builds or gets that credential; reconnecting a connection changes nothing here.".into(),
        (401, true) => "401 from a connector action: the connection's sign-in is no longer valid. The fix is in the connection, not in the flow's steps.".into(),
        (403, _) => "403: the credential was accepted, but the identity behind it may not do this. The fix is a permission in the target system; reconnecting never fixes a 403.".into(),
        (s, _) => format!("{s}: the request failed while getting or using a credential."),
    }
}

const SERVICE_PRINCIPAL: &str = "If this keeps coming back (password rotation, multi-factor sign-in demanded by Conditional Access, a revoked session, the connection's owner leaving), run the flow as a service principal: an app registration with a certificate, or a managed identity, whose sign-in does not expire with a person's.";

fn system_fix(s: Option<System>) -> (&'static str, &'static str) {
    match s {
        Some(System::SharePoint) => (
            "SharePoint",
            "Give the account (or the app) access to the site: the site's Settings → Site permissions (or share the list or library) at the level the action needs — Read to read, Edit to change. For an app registration: Sites.Selected with the app added to the site, or a SharePoint/Graph permission with admin consent.",
        ),
        Some(System::Dataverse) => (
            "Dataverse",
            "In the Power Platform admin center, open the environment → Settings → Users (Application users for an app): add the account if it is missing, and give it a security role that has the privilege the error names (for example Read on Account).",
        ),
        Some(System::Teams) => (
            "Microsoft Teams",
            "Add the account to the team — and to the private or shared channel — the action posts to, or post as the Flow bot.",
        ),
        Some(System::Exchange) => (
            "Exchange Online (mailboxes)",
            "Give the account access to the mailbox: in the Exchange admin center, Full Access or Send As on the shared mailbox; for an app, the Mail permission plus an application access policy that includes the mailbox.",
        ),
        Some(System::Graph) => (
            "Microsoft Graph",
            "Add the Microsoft Graph permission the operation needs to the app registration (Entra ID → App registrations → API permissions): Delegated for a user's token, Application for an app-only token. Then Grant admin consent.",
        ),
        Some(System::Azure) => (
            "Azure (role-based access control)",
            "Give the identity a role on the scope the error names: the resource's Access control (IAM) → Add role assignment (for example Reader or Contributor). New assignments can take up to 10 minutes.",
        ),
        Some(System::KeyVault) => (
            "Azure Key Vault",
            "Give the identity access to the secrets: the vault's Access control (IAM) → Key Vault Secrets User, or, for vaults on access policies, an access policy with Get on secrets.",
        ),
        Some(System::LogicApps) => (
            "Logic Apps access control",
            "Check the workflow's access control configuration: the allowed caller IP ranges, and the OAuth authorization policies when it is called with a token.",
        ),
        None => (
            "the target system",
            "Find which permission the identity lacks in the system the request goes to, and grant it there.",
        ),
    }
}

fn finding_help(d: Option<&Diagnostic>) -> String {
    d.and_then(|d| d.help.clone()).map(|h| format!(" What to change: {h}.")).unwrap_or_default()
}

/// The summary and the fix.
pub fn texts(
    cause: Cause,
    system: Option<System>,
    connector: bool,
    finding: Option<&Diagnostic>,
    signals: &[Signal],
    kind: AuthKind,
) -> (String, String) {
    let found = finding.map(|d| d.message.clone());
    let aadsts = signals
        .iter()
        .find(|s| s.source.contains("AADSTS"))
        .and_then(|s| s.source.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| w.starts_with("AADSTS")))
        .map(|code| format!(" ({code})"))
        .unwrap_or_default();
    match cause {
        Cause::HeaderMalformed => (
            format!("the Authorization header the flow built is malformed{}", found.map(|f| format!(": {f}")).unwrap_or_default()),
            format!("Fix the header in the HTTP action's Headers (or the step that builds it).{}", finding_help(finding)),
        ),
        Cause::TokenExpired => (
            found.unwrap_or_else(|| "the token had expired when the request was made".into()),
            "A token lives 60–90 minutes. If it is pasted into the flow or kept in a variable, parameter or environment variable, it fails on every run after that: get the token in the flow, right before this action (an HTTP action to the token endpoint), or let the HTTP action get it itself (Authentication: Active Directory OAuth or Managed identity), or use the HTTP with Microsoft Entra ID connector.".into(),
        ),
        Cause::TokenNotYetValid => (
            found.unwrap_or_else(|| "the token was not valid yet when the request was made".into()),
            "Get a fresh token in the flow. If it still fails, a clock is wrong: the machine that issued the token or the one that checks it.".into(),
        ),
        Cause::AudienceMismatch => (
            found.unwrap_or_else(|| "the token was issued for another API than the one called".into()),
            format!("Ask for a token for the API you call: in the token request, the scope (v2 endpoint: <API>/.default) or resource (v1), or the HTTP action's Authentication → Audience.{}", finding_help(finding)),
        ),
        Cause::WrongTokenType => (
            "an ID token was sent where an access token belongs".into(),
            "In the header, insert the access_token of the token response, not its id_token: Bearer @{body('Get_token')?['access_token']}.".into(),
        ),
        Cause::AppOnlyUnsupported => (
            "SharePoint refused an app-only token obtained with a client secret".into(),
            "SharePoint accepts app-only tokens only from a certificate: add a certificate to the app registration and use it in the HTTP action's Authentication (Active Directory OAuth, certificate), or call the same data through Microsoft Graph's /sites endpoints, which accept a secret.".into(),
        ),
        Cause::CredentialsMissing => (
            found.unwrap_or_else(|| "no credential reached the server".into()),
            "Send a credential: set the HTTP action's Authentication (Managed identity, or Active Directory OAuth with the API's audience), or add the header Authorization: Bearer <token>. Check that the header's name is spelled Authorization.".into(),
        ),
        Cause::ConflictingCredentials => (
            "the request carries two credentials: a shared access signature (sig= in the URL) and an Authorization header".into(),
            "Use one: call the trigger's URL with its sig= and no Authorization header, or call it with OAuth and remove sp, sv and sig from the URL.".into(),
        ),
        Cause::ConnectionExpired => (
            "the connection's sign-in has expired or was revoked".into(),
            format!("Open the flow, find the warning on the action's connection and choose Fix connection (or Data → Connections → the connection → Fix connection), then sign in again. {SERVICE_PRINCIPAL}"),
        ),
        Cause::MfaRequired => (
            format!("the sign-in needs multi-factor authentication, which a flow cannot do{aadsts}"),
            "A flow cannot answer an MFA prompt. Run it as a service principal (an app registration with a certificate) or a managed identity instead of a user account, or ask the Entra ID admin to exclude the service account from the MFA policy.".into(),
        ),
        Cause::ConditionalAccess => (
            format!("a Conditional Access policy blocked the sign-in{aadsts}"),
            "Ask the Entra ID admin which policy blocked it (Entra ID → Sign-in logs → the failed sign-in → Conditional Access) and whether the flow's account or app may be excluded; a service principal is often outside user-targeted policies.".into(),
        ),
        Cause::PasswordChanged => (
            format!("the account's password expired, changed or is wrong{aadsts}"),
            format!("Update the password where the flow keeps it (the connection: Fix connection; an HTTP action: its Basic or OAuth credentials, ideally read from Key Vault). {SERVICE_PRINCIPAL}"),
        ),
        Cause::GrantRevoked => (
            format!("the sign-in session was revoked or expired{aadsts}"),
            format!("Sign in again: Fix connection on the connection, or get a new refresh token. {SERVICE_PRINCIPAL}"),
        ),
        Cause::SecretExpired => (
            format!("the app registration's client secret expired or is wrong{aadsts}"),
            "In Entra ID → App registrations → the app → Certificates & secrets, create a new client secret; copy its Value (not its Secret ID) to where the flow reads it (ideally Key Vault), and note the expiry date. A certificate does not need this every few months.".into(),
        ),
        Cause::ConsentMissing => (
            format!("the app has not been granted the permission it asks for{aadsts}"),
            "An admin must grant consent: Entra ID → App registrations → the app → API permissions → add the permission if it is missing → Grant admin consent.".into(),
        ),
        Cause::PermissionMissing => {
            let (name, fix) = system_fix(system);
            (format!("the identity lacks permission in {name}"), fix.to_string())
        }
        Cause::DlpBlocked => (
            "a data loss prevention (DLP) policy blocks this connector in this environment".into(),
            "Ask the Power Platform admin about the environment's data policy (Power Platform admin center → Policies → Data policies): the connector must be in the same group as the others the flow uses, or allowed; or run the flow in an environment whose policy allows it.".into(),
        ),
        Cause::Unknown401 => {
            let said = signals.first().map(|s| format!(" {} says: “{}”.", s.source, s.said.trim())).unwrap_or_default();
            (
                format!("the server refused the credential and authlint cannot tell why{said}"),
                if connector {
                    format!("For a connector: Fix connection. {SERVICE_PRINCIPAL}")
                } else {
                    unknown_401_fix(kind).into()
                },
            )
        }
        Cause::Unknown403 => (
            "the identity is not allowed to do this, and authlint cannot tell in which system".into(),
            "Find the system the request goes to and grant the identity the permission there (site permissions, security roles, team membership, mailbox access, API permissions with admin consent, Azure role assignments).".into(),
        ),
    }
}

/// The general 401 advice, in the terms of the credential the request sends.
fn unknown_401_fix(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::TokenRequest => {
            "The token endpoint refused the request itself. Check the URL (https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token), and the body: grant_type, client_id, client_secret (the secret's Value, not its ID) and scope (<API>/.default; resource on the v1 endpoint), sent as text `grant_type=client_credentials&client_id=…` with Content-Type application/x-www-form-urlencoded — not a JSON object."
        }
        AuthKind::ManagedIdentity => {
            "The HTTP action gets its token itself (Authentication: Managed identity). Check the Audience: it must be the API's exact audience (https://vault.azure.net for Key Vault, https://management.azure.com/ for Azure Resource Manager, https://graph.microsoft.com for Graph); that the identity chosen (system-assigned, or which user-assigned one) is the one that was granted access; and that no Authorization header is sent as well."
        }
        AuthKind::AadOAuth => {
            "The HTTP action gets its token itself (Authentication: Active Directory OAuth). Check Tenant, Client ID and the secret (its Value, not its ID) or certificate, and that Audience is the API's exact audience; send no Authorization header as well."
        }
        AuthKind::ClientCertificate => {
            "The server did not accept the client certificate (Authentication: Client certificate). Check the PFX (base64 of the whole file) and its password, that the certificate has not expired, and that the API trusts it."
        }
        AuthKind::Basic => {
            "Check the Basic credential: base64 of user:password, encoded once, with no line break at its end (`echo -n`, not `echo`); that the password is current; and whether the service wants an API token instead of the account's password. `authlint check` decodes it."
        }
        AuthKind::Sas => {
            "The shared access signature in the URL (sp, sv, sig) is the credential: use the URL exactly as copied from the trigger or the service (the whole query, not re-encoded), check it has not expired or been regenerated, and send no Authorization header with it."
        }
        AuthKind::Bearer | AuthKind::Other => {
            "For the HTTP action, check in order: the header's format (Bearer, one space, the token), that the token is fresh, that it was issued for this API (its aud), and that it is an access token. `authlint token <token> --url <url>` checks all four."
        }
    }
}

/// A fix that depends on the situation — what the request sends beside what the server says —
/// rather than on the cause alone.
pub fn situational_fix(
    cause: Cause,
    signals: &[Signal],
    req: &HttpRequest,
    resp: &HttpResponse,
    kind: AuthKind,
    connector: bool,
    server_fix: bool,
) -> Option<String> {
    // The token endpoint got a JSON object where it reads a form.
    if kind == AuthKind::TokenRequest
        && req.body.as_ref().is_some_and(|b| matches!(b.kind, JsonKind::Object(_)))
        && signals.iter().any(|s| s.source.contains("AADSTS900144") || s.source.contains("AADSTS90014 "))
    {
        let form = req
            .headers_named("Content-Type")
            .filter_map(|h| h.value.as_str())
            .any(|v| v.to_ascii_lowercase().contains("application/x-www-form-urlencoded"));
        return Some(format!(
            "The body is a JSON object{}, but the token endpoint reads only a form: write the body as text, `grant_type=client_credentials&client_id=<id>&client_secret=<secret>&scope=<API>/.default` (each value URL-encoded), with the header Content-Type: application/x-www-form-urlencoded. Or let the HTTP action get the token itself: Authentication → Active Directory OAuth.",
            if form { " sent as application/x-www-form-urlencoded" } else { "" }
        ));
    }
    // The server saw no credential though the flow sent one: the asynchronous pattern's poll.
    if cause == Cause::CredentialsMissing
        && !server_fix
        && !connector
        && kind.sends_credential()
        && kind != AuthKind::Sas
    {
        let location = resp.headers.iter().any(|h| h.name.value.eq_ignore_ascii_case("Location"));
        return Some(format!(
            "The flow did send a credential, yet the server saw none{}. The HTTP action follows the asynchronous pattern: when the API first answers 202 Accepted with a Location header, the action polls that Location by itself, and the poll does not carry the Authorization header. Turn off the HTTP action's Settings → Asynchronous pattern, and poll yourself: a Do until loop with an HTTP action that GETs the Location URL with the same Authorization header (or Authentication) until the status is no longer 202.",
            if location { " (the response carries a Location header)" } else { "" }
        ));
    }
    None
}

/// A managed identity's 403: how its application permissions are granted (an app role assignment; it
/// has no API permissions page), naming the permission the operation needs where the tables know it.
pub fn managed_identity_fix(req: &HttpRequest, system: Option<System>) -> Option<String> {
    const HOW: &str = "A managed identity has no API permissions page in Entra ID: its application permissions are app role assignments, made with PowerShell (New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <the identity's object ID> -PrincipalId <the same> -ResourceId <the API's service principal ID> -AppRoleId <the permission's app role ID>) or with Microsoft Graph (POST /v1.0/servicePrincipals/<the identity's object ID>/appRoleAssignments with principalId, resourceId and appRoleId). No consent step follows; the identity's cached token can keep the old permissions for up to 24 hours.";
    match system {
        // Azure RBAC and Key Vault are role assignments on the resource, as for any identity.
        Some(System::Azure | System::KeyVault | System::SharePoint | System::Dataverse | System::LogicApps) => None,
        _ => {
            let url = url::Url::parse(req.uri.as_ref()?.value.trim()).ok()?;
            let method = req.method.as_ref().map_or("GET", |m| m.value.as_str());
            let needed = crate::permissions::Call::of(method, &url).and_then(|_| {
                let rest = url.path().trim_start_matches('/');
                let (_, after) = rest.split_once('/')?;
                let op = crate::permissions::tables().graph_operation(method, &format!("/{after}"))?;
                let least = op.application.first()?;
                Some(format!(
                    " {} {} ({}) needs the Microsoft Graph application permission {least} (the least privileged it accepts; Microsoft Graph's service principal has app ID 00000003-0000-0000-c000-000000000000, and its appRoles list the permission's ID). Documentation: {}",
                    method.to_ascii_uppercase(),
                    url.path(),
                    op.name,
                    op.docs
                ))
            });
            Some(match needed {
                Some(n) => format!("{HOW}{n}"),
                None => format!(
                    "{HOW} Give it the application permission (app role) of the API the request goes to that the operation needs."
                ),
            })
        }
    }
}

/// A help line as a sentence: a capital first letter and a full stop.
pub fn sentence(s: &str) -> String {
    let mut c = s.trim().chars();
    let mut out: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    let last_word = out.rsplit(' ').next().unwrap_or("");
    if !out.ends_with('.') && !last_word.starts_with("http") {
        out.push('.');
    }
    out
}
