//! The claims of a token, read the way Microsoft Entra ID writes them.

use serde_json::{Map, Value};

/// The claims of an access or ID token, read the way Microsoft Entra ID writes them.
#[derive(Debug, Clone, Copy)]
pub struct Claims<'a> {
    pub map: &'a Map<String, Value>,
}

impl<'a> Claims<'a> {
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.map.get(key)?.as_str()
    }
    /// A number of seconds (`exp`, `nbf`, `iat`), when it is one.
    pub fn time(&self, key: &str) -> Option<i64> {
        let v = self.map.get(key)?;
        v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
    }
    /// `aud` as a string or an array of strings.
    pub fn aud(&self) -> Vec<&'a str> {
        match self.map.get("aud") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
    /// Delegated permissions: `scp`, a space-separated string.
    pub fn scp(&self) -> Vec<&'a str> {
        self.str("scp").map(|s| s.split_whitespace().collect()).unwrap_or_default()
    }
    /// Application permissions (or a user's app roles): `roles`, an array of strings.
    pub fn roles(&self) -> Vec<&'a str> {
        match self.map.get("roles") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }
    /// The client application: `appid` (v1) or `azp` (v2).
    pub fn client(&self) -> Option<&'a str> {
        self.str("appid").or_else(|| self.str("azp"))
    }
    /// How the client authenticated: `appidacr` (v1) or `azpacr` (v2): 0 public, 1 secret, 2 certificate.
    pub fn client_auth(&self) -> Option<&'a str> {
        self.str("appidacr").or_else(|| self.str("azpacr"))
    }
    /// The signed-in user, for display.
    pub fn user(&self) -> Option<&'a str> {
        self.str("upn")
            .or_else(|| self.str("preferred_username"))
            .or_else(|| self.str("unique_name"))
            .or_else(|| self.str("email"))
    }
    /// An app-only token: `idtyp: app`, or application permissions with no delegated ones and no user.
    pub fn is_app_only(&self) -> bool {
        self.str("idtyp") == Some("app")
            || (self.str("scp").is_none() && self.user().is_none() && self.client().is_some())
    }
    /// An ID token rather than an access token: a `nonce` claim, or a user sign-in with no permissions and
    /// no client application (access tokens carry `appid`/`azp`).
    pub fn is_id_token(&self) -> bool {
        if self.str("idtyp") == Some("app") || self.map.contains_key("scp") {
            return false;
        }
        self.map.contains_key("nonce") || (self.client().is_none() && self.roles().is_empty() && self.user().is_some())
    }
}
