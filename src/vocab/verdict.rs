//! The verdict's words: the causes of SPEC.md, the system a permission lives in, and the verdict of
//! one request (computed by `triage/`).

use serde::Serialize;

/// The causes of SPEC.md's verdict table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    HeaderMalformed,
    TokenExpired,
    TokenNotYetValid,
    AudienceMismatch,
    WrongTokenType,
    AppOnlyUnsupported,
    CredentialsMissing,
    ConflictingCredentials,
    ConnectionExpired,
    MfaRequired,
    ConditionalAccess,
    PasswordChanged,
    GrantRevoked,
    SecretExpired,
    ConsentMissing,
    PermissionMissing,
    DlpBlocked,
    #[serde(rename = "unknown-401")]
    Unknown401,
    #[serde(rename = "unknown-403")]
    Unknown403,
}

impl Cause {
    pub const ALL: [Cause; 19] = [
        Cause::HeaderMalformed,
        Cause::TokenExpired,
        Cause::TokenNotYetValid,
        Cause::AudienceMismatch,
        Cause::WrongTokenType,
        Cause::AppOnlyUnsupported,
        Cause::CredentialsMissing,
        Cause::ConflictingCredentials,
        Cause::ConnectionExpired,
        Cause::MfaRequired,
        Cause::ConditionalAccess,
        Cause::PasswordChanged,
        Cause::GrantRevoked,
        Cause::SecretExpired,
        Cause::ConsentMissing,
        Cause::PermissionMissing,
        Cause::DlpBlocked,
        Cause::Unknown401,
        Cause::Unknown403,
    ];

    /// Whether the cause is one authlint names (not `unknown-401`/`unknown-403`): such a verdict makes the
    /// exit code 1 (SPEC.md, exit codes).
    pub fn is_named(self) -> bool {
        !matches!(self, Cause::Unknown401 | Cause::Unknown403)
    }

    /// The name SPEC.md gives it.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

/// The system a permission lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum System {
    SharePoint,
    Dataverse,
    Teams,
    Exchange,
    Graph,
    Azure,
    KeyVault,
    LogicApps,
}

/// One verdict for one request and its response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub status: u16,
    pub cause: Cause,
    /// One sentence: what happened.
    pub summary: String,
    /// What to do, and where the fix lives.
    pub fix: String,
    /// The rules whose findings explain it.
    pub findings: Vec<&'static str>,
    /// What each side says: the server's words, the findings.
    pub evidence: Vec<String>,
    /// When the server and the request disagree, what that means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
    /// The system a 403 is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<System>,
    /// What the status means, for someone who does not know HTTP.
    pub meaning: String,
}
