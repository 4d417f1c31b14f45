//! What the server said: a response's status, challenges, diagnostics headers and error body, read
//! into signals that name a verdict cause (`../shared/research/microsoft-and-formats.md` §C).
//! known.rs holds the messages that carry their own fix; headers.rs what the headers say
//! (WWW-Authenticate, x-ms-diagnostics).

mod headers;
mod known;

use crate::aadsts;
use crate::model::{HttpResponse, Json, JsonKind};
use crate::vocab::{Cause, System};

use headers::{challenges, diagnostics};
use known::{DOUBLE_ENCODED_RESOURCE, known};

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

/// The response's body, whatever its form: an object, a string holding JSON, or text.
fn body_value(r: &HttpResponse) -> Option<serde_json::Value> {
    let b = r.body.as_ref()?;
    Some(match &b.kind {
        JsonKind::String(t) => {
            serde_json::from_str(&t.value).unwrap_or_else(|_| serde_json::Value::String(t.as_str().to_owned()))
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
        JsonKind::String(t) => Value::String(t.as_str().to_owned()),
        JsonKind::Array(a) => Value::Array(a.iter().map(to_value).collect()),
        JsonKind::Object(m) => {
            Value::Object(m.iter().map(|m| (m.key.as_str().to_owned(), to_value(&m.value))).collect())
        }
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

/// The first line holding the first needle found (needles in order of preference).
fn first_line_with(text: &str, needles: &[&str]) -> String {
    needles.iter().find_map(|n| text.lines().find(|l| l.contains(n))).unwrap_or("").trim().to_string()
}
