//! Server messages known by their code or their words, each with its own fix and summary.

use crate::vocab::{Cause, System};

/// What a message the server sends says, with the fix it calls for (see docs/research/server-messages.md).
pub(super) struct Known {
    pub(super) cause: Cause,
    pub(super) source: &'static str,
    pub(super) system: Option<System>,
    pub(super) fix: &'static str,
    pub(super) decisive: bool,
    pub(super) summary: &'static str,
}

pub(super) const DOUBLE_ENCODED_RESOURCE: &str = "The resource (audience) the sign-in asked for is percent-encoded twice: `https%253A%252F%252F…` is `https%3A%2F%2F…` encoded again, so Entra ID looks for a resource literally named `https%3A%2F%2F…` and finds none. Where the flow gives the resource or audience (a connector's Resource URL, an HTTP action's Audience, a token request's resource or scope), write it plainly — `https://contoso.sharepoint.com` — and let the engine encode it once; remove any encodeUriComponent() around a value that is already encoded.";

/// Server messages known by their code or their words, each with its own fix. Sources:
/// docs/research/server-messages.md.
pub(super) fn known(code: &str, lower: &str) -> Option<Known> {
    let k =
        |cause, source, system, fix, decisive, summary| Some(Known { cause, source, system, fix, decisive, summary });
    if code == "DirectApiAuthorizationRequired" {
        return k(
            Cause::CredentialsMissing,
            "Logic Apps / Power Automate trigger (DirectApiAuthorizationRequired)",
            None,
            "This trigger URL accepts only its shared access signature: call the URL as copied from the trigger, with sp, sv and sig in its query, and send no Authorization header (and no Authentication) with it — the two together are refused. To call it with OAuth instead, the logic app needs an authorization policy, and sp, sv and sig must be removed from the URL.",
            false,
            "the trigger accepts only its shared access signature (sp, sv and sig in the URL), and the request did not authenticate with it alone",
        );
    }
    if code == "AF10001" || lower.contains("af10001") {
        return k(
            Cause::PermissionMissing,
            "Office 365 Management Activity API (AF10001: the token lacks the permission)",
            None,
            "The Office 365 Management Activity API answers 401 (not 403) when the token's permission set lacks what the call needs. In Entra ID → App registrations → the app → API permissions → Add a permission → Office 365 Management APIs → Application permissions, add ActivityFeed.Read (audit content; ActivityFeed.ReadDlp for DLP events, ServiceHealth.Read for service health), choose Grant admin consent, then get a new token for https://manage.office.com.",
            true,
            "the token lacks the Office 365 Management API permission the call needs (AF10001: the permission set in the token is empty or does not include it)",
        );
    }
    if lower.contains("either scp or roles claim need to be present") {
        return k(
            Cause::PermissionMissing,
            "Microsoft Graph (the token has neither scp nor roles)",
            Some(System::Graph),
            "The token carries no permission at all: an app-only token gets a roles claim only for application permissions an admin has consented to. Add the Microsoft Graph application permission the operation needs (Entra ID → App registrations → the app → API permissions → Application permissions) and Grant admin consent; for a managed identity there is no API permissions page: assign the app role with Microsoft Graph (POST /servicePrincipals/{id}/appRoleAssignments) or PowerShell (New-MgServicePrincipalAppRoleAssignment). Then get a new token.",
            true,
            "the token holds no permission at all: neither scp (delegated) nor roles (application)",
        );
    }
    if code == "AuthorizationRequiredError" || lower.contains("authorizationrequirederror") {
        return k(
            Cause::CredentialsMissing,
            "Log Analytics (AuthorizationRequiredError: no valid credential was provided)",
            None,
            "Log Analytics' query API wants a Bearer token for the audience https://api.loganalytics.io: in the HTTP action, Authentication → Managed identity (or Active Directory OAuth) with Audience https://api.loganalytics.io, and give the identity the Log Analytics Reader role on the workspace. A token for another audience (management.azure.com, Graph) is refused the same way.",
            false,
            "Log Analytics received no valid credential (AuthorizationRequiredError)",
        );
    }
    if lower.contains("does not start with 'bearer ' scheme") {
        return k(
            Cause::HeaderMalformed,
            "the API (InvalidHeaderValue: the Authorization header does not start with 'Bearer ')",
            None,
            "Start the Authorization header with `Bearer` — capital B, then one space, then the token: this API compares the scheme exactly.",
            true,
            "the API compares the scheme exactly: the Authorization header must start with `Bearer ` (capital B, one space)",
        );
    }
    if lower.contains("basic authentication with passwords is deprecated") {
        return k(
            Cause::HeaderMalformed,
            "Atlassian (Basic authentication with an account password)",
            None,
            "Atlassian Cloud no longer accepts an account password in Basic authentication: create an API token (https://id.atlassian.com/manage-profile/security/api-tokens) and send Basic base64(email:api_token) — the account's email, a colon and the token, encoded once, with no line break.",
            true,
            "Atlassian refuses Basic authentication with an account password: it accepts only an API token",
        );
    }
    if code == "0x80095ffc" || lower.contains("access to dataverse api is restricted for this application") {
        return k(
            Cause::PermissionMissing,
            "Dataverse (0x80095ffc: an admin restricted which applications may call the environment)",
            Some(System::Dataverse),
            "This is not a security role: an admin restricted which client applications may call this Dataverse environment (client application access control), and this app's ID is not on the allowed list. Ask the Power Platform admin to allow the application ID for the environment (Power Platform admin center), or call Dataverse from an application that is allowed.",
            true,
            "an admin restricted which applications may call this Dataverse environment, and this app is not allowed (0x80095ffc)",
        );
    }
    None
}
