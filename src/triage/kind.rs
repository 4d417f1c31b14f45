//! How a request authenticates, for advice that speaks of what the flow actually sends.

use crate::model::HttpRequest;

/// How a request authenticates, for advice that speaks of what the flow actually sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// A request to Microsoft Entra ID's token endpoint (`…/oauth2/token`, `…/oauth2/v2.0/token`).
    TokenRequest,
    /// `authentication.type` ManagedServiceIdentity.
    ManagedIdentity,
    /// `authentication.type` ActiveDirectoryOAuth.
    AadOAuth,
    /// `authentication.type` ClientCertificate.
    ClientCertificate,
    /// `authentication.type` Basic, or an `Authorization: Basic …` header.
    Basic,
    /// A shared access signature (`sig=`) in the URL and no other credential.
    Sas,
    /// An `Authorization: Bearer …` header (or `authentication.type` Raw).
    Bearer,
    /// Another scheme, or nothing.
    Other,
}

impl AuthKind {
    /// True when the request carries a credential of its own.
    pub fn sends_credential(self) -> bool {
        self != AuthKind::Other
    }
}

const TOKEN_HOSTS: [&str; 5] = [
    "login.microsoftonline.com",
    "login.windows.net",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
    "login.chinacloudapi.cn",
];

/// How the request authenticates (see [`AuthKind`]).
pub fn auth_kind(req: &HttpRequest) -> AuthKind {
    let url = req.uri.as_ref().and_then(|u| url::Url::parse(u.value.trim()).ok());
    if let Some(u) = &url
        && u.host_str().is_some_and(|h| TOKEN_HOSTS.iter().any(|t| h.eq_ignore_ascii_case(t)))
        && u.path().to_ascii_lowercase().ends_with("/token")
    {
        return AuthKind::TokenRequest;
    }
    match req.authentication.as_ref().and_then(|a| a.kind()).map(str::to_ascii_lowercase).as_deref() {
        Some("managedserviceidentity") => return AuthKind::ManagedIdentity,
        Some("activedirectoryoauth") => return AuthKind::AadOAuth,
        Some("clientcertificate") => return AuthKind::ClientCertificate,
        Some("basic") => return AuthKind::Basic,
        Some("raw") => return AuthKind::Bearer,
        _ => {}
    }
    if let Some(v) = req.headers_named("Authorization").find_map(|h| h.value.as_str()) {
        let scheme = v.trim().split(|c: char| c.is_whitespace()).next().unwrap_or("").to_ascii_lowercase();
        return match scheme.as_str() {
            "basic" => AuthKind::Basic,
            "" => AuthKind::Other,
            _ => AuthKind::Bearer,
        };
    }
    if req.queries.iter().any(|q| q.name.eq_ignore_ascii_case("sig")) {
        return AuthKind::Sas;
    }
    AuthKind::Other
}
