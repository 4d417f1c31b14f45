//! What the server said: a response's status, challenges, diagnostics headers and error body, read
//! into signals that name a verdict cause (`../shared/research/microsoft-and-formats.md` §C).

use crate::aadsts;
use crate::input::challenge;
use crate::model::{HttpResponse, Json, JsonKind};
use crate::vocab::{Cause, System};

/// One thing the server said that points at a cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub cause: Cause,
    /// The server's own words, quoted.
    pub said: String,
    /// Who said it: "Microsoft Graph (InvalidAuthenticationToken)", "AADSTS50076", …
    pub source: String,
    /// The system a 403 is about, when the server names it.
    pub system: Option<System>,
    /// The fix this message calls for, when it is more precise than the cause's general one.
    pub fix: Option<String>,
    /// What happened, in the words of this message, when the cause's general summary would mislead.
    pub summary: Option<String>,
    /// The server's word decides the cause whatever the status (the Office 365 Management API says a
    /// permission is missing with a 401).
    pub decisive: bool,
}

/// What a message the server sends says, with the fix it calls for (see docs/research/server-messages.md).
struct Known {
    cause: Cause,
    source: &'static str,
    system: Option<System>,
    fix: &'static str,
    decisive: bool,
    summary: &'static str,
}

/// The response's body, whatever its form: an object, a string holding JSON, or text.
fn body_value(r: &HttpResponse) -> Option<serde_json::Value> {
    let b = r.body.as_ref()?;
    Some(match &b.kind {
        JsonKind::String(t) => {
            serde_json::from_str(&t.value).unwrap_or_else(|_| serde_json::Value::String(t.value.clone()))
        }
        _ => to_value(b),
    })
}

fn to_value(j: &Json) -> serde_json::Value {
    use serde_json::Value;
    match &j.kind {
        JsonKind::Null => Value::Null,
        JsonKind::Bool(b) => Value::Bool(*b),
        JsonKind::Number(n) => serde_json::from_str(n).unwrap_or(Value::Null),
        JsonKind::String(t) => Value::String(t.value.clone()),
        JsonKind::Array(a) => Value::Array(a.iter().map(to_value).collect()),
        JsonKind::Object(m) => Value::Object(m.iter().map(|m| (m.key.value.clone(), to_value(&m.value))).collect()),
    }
}

/// Every string and number in a value, for searches "anywhere in the body".
fn all_text(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Number(n) => {
            out.push_str(&n.to_string());
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| all_text(x, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push_str(k);
            out.push('\n');
            all_text(x, out);
        }),
        _ => {}
    }
}

/// `error.code` / `error.message` in the shapes Microsoft APIs use (Graph, ARM, Key Vault, Dataverse,
/// SharePoint's `message.value`, connector envelopes with `status`/`message`).
fn code_and_message(v: &serde_json::Value) -> (Option<String>, Option<String>) {
    let s = |x: &serde_json::Value| x.as_str().map(str::to_string);
    let err = v.get("error").or_else(|| v.get("odata.error")).unwrap_or(v);
    let code = err
        .get("code")
        .and_then(|c| s(c).or_else(|| c.as_i64().map(|n| n.to_string())))
        .or_else(|| err.as_str().map(str::to_string));
    let message = err
        .get("message")
        .and_then(|m| s(m).or_else(|| m.get("value").and_then(s)))
        .or_else(|| v.get("error_description").and_then(s))
        .or_else(|| v.get("message").and_then(s))
        .or_else(|| v.get("Message").and_then(s))
        .or_else(|| v.as_str().map(str::to_string));
    (code, message)
}

fn header<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.headers.iter().find(|h| h.name.value.eq_ignore_ascii_case(name)).and_then(|h| h.value.as_str())
}

/// Reads what the server said into signals, most specific first.
pub fn read(r: &HttpResponse) -> Vec<Signal> {
    let mut out = Vec::new();
    let body = body_value(r);
    let mut text = String::new();
    if let Some(b) = &body {
        all_text(b, &mut text);
    }
    // Token endpoint errors: AADSTS codes anywhere, or numbers in error_codes.
    let mut codes = aadsts::find_all(&text);
    if let Some(nums) = body.as_ref().and_then(|b| b.get("error_codes")).and_then(|c| c.as_array()) {
        for n in nums.iter().filter_map(serde_json::Value::as_u64) {
            if let Some(c) = aadsts::CODES.iter().find(|c| u64::from(c.number) == n)
                && !codes.iter().any(|k| k.number == c.number)
            {
                codes.push(c);
            }
        }
    }
    for c in codes {
        // The server's own line for this code, else what the code means.
        let tag = format!("AADSTS{}", c.number);
        let said =
            text.lines().find(|l| l.contains(&tag)).map_or_else(|| c.meaning.to_string(), |l| l.trim().to_string());
        out.push(Signal {
            cause: c.cause,
            said,
            source: format!("Microsoft Entra ID ({tag} {}: {})", c.name, c.meaning),
            system: None,
            fix: None,
            summary: None,
            decisive: false,
        });
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("data loss prevention") || lower.contains("dlpviolation") || lower.contains("dlp policy") {
        out.push(Signal {
            cause: Cause::DlpBlocked,
            said: first_line_with(&text, &["loss prevention", "DLP", "Dlp"]),
            source: "Power Platform data loss prevention".into(),
            system: None,
            fix: None,
            summary: None,
            decisive: false,
        });
    }
    let (code, message) = body.as_ref().map(code_and_message).unwrap_or_default();
    let code = code.unwrap_or_default();
    let message = message.unwrap_or_default();
    let m = message.to_ascii_lowercase();
    let said = if message.is_empty() { code.clone() } else { message.clone() };
    let mut push = |cause, source: &str, system| {
        out.push(Signal {
            cause,
            said: said.clone(),
            source: source.to_string(),
            system,
            fix: None,
            summary: None,
            decisive: false,
        })
    };
    match code.as_str() {
        "InvalidAuthenticationToken" if m.contains("expired") || m.contains("80049228") => {
            push(Cause::TokenExpired, "Microsoft Graph (InvalidAuthenticationToken)", None)
        }
        "InvalidAuthenticationToken" if m.contains("audience") => {
            push(Cause::AudienceMismatch, "Microsoft Graph (InvalidAuthenticationToken)", None)
        }
        "InvalidAuthenticationToken" if m.contains("parsing failed") || m.contains("malformed") => {
            push(Cause::HeaderMalformed, "Microsoft Graph (InvalidAuthenticationToken)", None)
        }
        "InvalidAuthenticationToken" => push(Cause::Unknown401, "Microsoft Graph (InvalidAuthenticationToken)", None),
        "Authentication_MissingOrMalformed" => {
            push(Cause::HeaderMalformed, "Azure AD Graph (Authentication_MissingOrMalformed)", None)
        }
        "Authorization_RequestDenied" => {
            push(Cause::PermissionMissing, "Microsoft Graph (Authorization_RequestDenied)", Some(System::Graph))
        }
        "InvalidAuthenticationTokenAudience" => {
            push(Cause::AudienceMismatch, "Azure Resource Manager (InvalidAuthenticationTokenAudience)", None)
        }
        "ExpiredAuthenticationToken" => {
            push(Cause::TokenExpired, "Azure Resource Manager (ExpiredAuthenticationToken)", None)
        }
        "InvalidAuthenticationTokenTenant" => push(
            Cause::Unknown401,
            "Azure Resource Manager (InvalidAuthenticationTokenTenant): the token is from another tenant than the subscription's",
            None,
        ),
        "AuthorizationFailed" if m.contains("shared access key") => {
            push(Cause::PermissionMissing, "Logic Apps (AuthorizationFailed)", Some(System::LogicApps))
        }
        "AuthorizationFailed" => {
            push(Cause::PermissionMissing, "Azure Resource Manager (AuthorizationFailed)", Some(System::Azure))
        }
        "AuthenticationFailed" if m.contains("missing") => {
            push(Cause::CredentialsMissing, "Azure (AuthenticationFailed)", None)
        }
        "DirectApiRequestHasMoreThanOneAuthorization" => push(
            Cause::ConflictingCredentials,
            "Logic Apps / Power Automate trigger (DirectApiRequestHasMoreThanOneAuthorization)",
            None,
        ),
        "MisMatchingOAuthClaims" => {
            push(Cause::AudienceMismatch, "Logic Apps / Power Automate trigger (MisMatchingOAuthClaims)", None)
        }
        "0x80072560" => push(
            Cause::PermissionMissing,
            "Dataverse (0x80072560: not a member of the environment)",
            Some(System::Dataverse),
        ),
        "0x80040220" => {
            push(Cause::PermissionMissing, "Dataverse (0x80040220: missing privilege)", Some(System::Dataverse))
        }
        _ => {}
    }
    // Messages whose own fix is more precise than their cause's (issue 20).
    if let Some(k) = known(&code, &lower) {
        // The server's word replaces what the code alone suggested.
        out.retain(|s| s.cause != Cause::Unknown401 || s.source.contains("AADSTS"));
        out.insert(
            0,
            Signal {
                cause: k.cause,
                said: said.clone(),
                source: k.source.into(),
                system: k.system,
                fix: Some(k.fix.into()),
                summary: Some(k.summary.into()),
                decisive: k.decisive,
            },
        );
    }
    // AADSTS500011 naming a resource whose URL is percent-encoded twice (`https%253A%252F%252F`): a
    // connector's or the flow's resource parameter encoded once too often.
    if lower.contains("%253a%252f%252f") || lower.contains("%252f%252f") {
        for s in out.iter_mut().filter(|s| s.source.contains("AADSTS500011")) {
            s.fix = Some(DOUBLE_ENCODED_RESOURCE.into());
            s.decisive = true;
        }
    }
    // Messages that say enough whatever the code.
    let has = |s: &str| m.contains(s) || lower.contains(s);
    if out.is_empty() || out.iter().all(|s| s.cause == Cause::Unknown401) {
        let found = if has("unsupported app only token") {
            Some((Cause::AppOnlyUnsupported, "SharePoint Online", None))
        } else if has("invalid issuer or signature") {
            Some((Cause::AudienceMismatch, "SharePoint Online", None))
        } else if has("is missing prv") || (has("principal user") && has("privilege")) {
            Some((Cause::PermissionMissing, "Dataverse (missing privilege)", Some(System::Dataverse)))
        } else if has("not a member of the organization") {
            Some((Cause::PermissionMissing, "Dataverse (not a member of the environment)", Some(System::Dataverse)))
        } else if has("access denied") || has("unauthorizedaccessexception") {
            Some((Cause::PermissionMissing, "the server (access denied)", None))
        } else if has("does not have secrets") || has("does not have keys") || has("does not have certificates") {
            Some((Cause::PermissionMissing, "Azure Key Vault", Some(System::KeyVault)))
        } else if has("akv10000") || has("missing a bearer") || has("authorization' header is missing") {
            Some((Cause::CredentialsMissing, "the server", None))
        } else if has("akv10022") || has("invalid audience") {
            Some((Cause::AudienceMismatch, "the server", None))
        } else if has("expired") && (has("token") || has("lifetime")) {
            Some((Cause::TokenExpired, "the server", None))
        } else if has("one or more claims either missing or does not match") {
            Some((Cause::AudienceMismatch, "Logic Apps / Power Automate trigger (OAuth policy)", None))
        } else {
            None
        };
        if let Some((cause, source, system)) = found {
            out.push(Signal {
                cause,
                said: said.clone(),
                source: source.into(),
                system,
                fix: None,
                summary: None,
                decisive: false,
            });
        }
    }
    challenges(r, &mut out);
    diagnostics(r, &mut out);
    out
}

const DOUBLE_ENCODED_RESOURCE: &str = "The resource (audience) the sign-in asked for is percent-encoded twice: `https%253A%252F%252F…` is `https%3A%2F%2F…` encoded again, so Entra ID looks for a resource literally named `https%3A%2F%2F…` and finds none. Where the flow gives the resource or audience (a connector's Resource URL, an HTTP action's Audience, a token request's resource or scope), write it plainly — `https://contoso.sharepoint.com` — and let the engine encode it once; remove any encodeUriComponent() around a value that is already encoded.";

/// Server messages known by their code or their words, each with its own fix. Sources:
/// docs/research/server-messages.md.
fn known(code: &str, lower: &str) -> Option<Known> {
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

/// The first line holding the first needle found (needles in order of preference).
fn first_line_with(text: &str, needles: &[&str]) -> String {
    needles.iter().find_map(|n| text.lines().find(|l| l.contains(n))).unwrap_or("").trim().to_string()
}

/// `WWW-Authenticate`: RFC 6750 errors and Microsoft's claims challenges.
fn challenges(r: &HttpResponse, out: &mut Vec<Signal>) {
    let Some(v) = header(r, "WWW-Authenticate") else {
        return;
    };
    for c in challenge::parse(v) {
        let desc = c.param("error_description").or_else(|| c.param("errordescription")).unwrap_or("").to_string();
        let said = |e: &str| {
            if desc.is_empty() { format!("error=\"{e}\"") } else { desc.clone() }
        };
        match c.param("error") {
            Some("insufficient_claims") => out.push(Signal {
                cause: Cause::ConditionalAccess,
                said: said("insufficient_claims"),
                source: "WWW-Authenticate (claims challenge: Continuous Access Evaluation or Conditional Access)"
                    .into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            Some("invalid_token") if desc.to_ascii_lowercase().contains("expired") => out.push(Signal {
                cause: Cause::TokenExpired,
                said: desc.clone(),
                source: "WWW-Authenticate (invalid_token)".into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            Some("insufficient_scope") => out.push(Signal {
                cause: Cause::PermissionMissing,
                said: said("insufficient_scope"),
                source: "WWW-Authenticate (insufficient_scope)".into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            _ => {}
        }
    }
}

/// SharePoint's `x-ms-diagnostics: 3000003;reason="Invalid audience Uri …";category="invalid_client"`.
fn diagnostics(r: &HttpResponse, out: &mut Vec<Signal>) {
    let Some(v) = header(r, "x-ms-diagnostics") else {
        return;
    };
    let code = v.split(';').next().unwrap_or("").trim();
    let reason = v.split_once("reason=\"").and_then(|(_, rest)| rest.split_once('"')).map_or(v, |(r, _)| r).to_string();
    let cause = match code {
        "3000003" | "3000006" => Cause::AudienceMismatch,
        "3000007" => Cause::TokenExpired,
        _ => return,
    };
    out.push(Signal {
        cause,
        said: reason,
        source: format!("SharePoint (x-ms-diagnostics {code})"),
        system: None,
        fix: None,
        summary: None,
        decisive: false,
    });
}
