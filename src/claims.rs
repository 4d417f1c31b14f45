//! What each header field and claim of a Microsoft Entra ID token means, in a few words.

use serde_json::Value;

use crate::jwt::{Claims, Jwt};
use crate::resources;
use crate::time::{self, Reference};

/// The consumer (personal Microsoft account) tenant.
const MSA_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// A short explanation of a header field.
pub fn header(key: &str, v: &Value) -> Option<String> {
    let s = v.as_str().unwrap_or_default();
    Some(match key {
        "alg" => match s {
            "RS256" => "signed with RSA and SHA-256, as Microsoft Entra ID signs tokens".into(),
            "none" => "unsigned: no API should accept it".into(),
            a if a.starts_with("HS") => "signed with a shared secret (HMAC): not a Microsoft Entra ID token".into(),
            a => format!("signature algorithm {a}"),
        },
        "typ" => "token type".into(),
        "kid" => "id of the key that signed it (published in the issuer's JWKS)".into(),
        "x5t" => "thumbprint of the signing certificate (v1.0 tokens)".into(),
        "nonce" => "a Microsoft Graph token: signed over a hashed nonce, so only Graph can verify it".into(),
        "enc" => "content encryption: the token is encrypted (JWE)".into(),
        _ => return None,
    })
}

/// A short explanation of a claim, with the reference time for the time claims.
pub fn claim(key: &str, v: &Value, c: &Claims, now: &Reference) -> Option<String> {
    let s = v.as_str().unwrap_or_default();
    Some(match key {
        "aud" => audience(c),
        "iss" => issuer(s),
        "iat" => relative("issued", v, now)?,
        "nbf" => relative("valid from", v, now)?,
        "exp" => {
            let mut e = relative("expires", v, now)?;
            if let (Some(exp), Some(iat)) = (c.time("exp"), c.time("iat")) {
                e.push_str(&format!(" (lifetime {})", time::lifetime(exp - iat)));
            }
            e
        }
        "appid" | "azp" => "the client application that requested the token".into(),
        "appidacr" | "azpacr" => match s {
            "0" => "the client is a public client: no secret or certificate".into(),
            "1" => {
                "the client authenticated with a client secret (SharePoint REST refuses app-only tokens obtained so)"
                    .into()
            }
            "2" => "the client authenticated with a certificate".into(),
            _ => "how the client authenticated".into(),
        },
        "scp" => "delegated permissions: the app acts for the signed-in user, within these scopes".into(),
        "roles" if c.is_app_only() => "application permissions: an app-only token, no user involved".into(),
        "roles" => "app roles assigned to the user".into(),
        "idtyp" => match s {
            "app" => "an app-only token".into(),
            "user" => "a user (delegated) token".into(),
            _ => "token identity type".into(),
        },
        "ver" => format!("token format version {s} (chosen by the API, not by the endpoint used)"),
        "tid" if s == MSA_TENANT => "the personal Microsoft account (consumer) tenant".into(),
        "tid" => "the tenant the principal signed in to".into(),
        "oid" => "object ID of the user or service principal".into(),
        "sub" => "subject: the principal, as this application sees it".into(),
        "upn" | "unique_name" | "preferred_username" | "email" | "name" => {
            "the signed-in user (for display, never for authorization)".into()
        }
        "amr" => "how the user signed in (pwd password, mfa multi-factor, rsa certificate, fed federated)".into(),
        "nonce" => "a sign-in nonce: ID tokens carry it, access tokens do not".into(),
        "idp" => "the identity provider that authenticated the principal".into(),
        "wids" => "directory roles of the user (role template IDs)".into(),
        "groups" => "group object IDs".into(),
        "acr" | "acrs" => "authentication context".into(),
        "xms_cc" => "client capabilities (cp1: the client can handle claims challenges)".into(),
        "uti" | "rh" | "aio" => "Microsoft Entra ID's own bookkeeping".into(),
        _ => return None,
    })
}

fn audience(c: &Claims) -> String {
    if c.is_id_token() {
        return "audience: the client application the user signed in to (an ID token is for the client, not for an API)".into();
    }
    let names: Vec<String> = c
        .aud()
        .iter()
        .map(|a| match resources::audience(a) {
            Some(r) => match (&r.tenant, r.resource.cloud) {
                (Some(t), _) => format!("{} ({t})", r.resource.name),
                (None, resources::Cloud::Global) => r.resource.name.to_string(),
                (None, cloud) => format!("{} ({})", r.resource.name, cloud.name()),
            },
            None => "an API authlint does not know (its own App ID URI or client ID)".to_string(),
        })
        .collect();
    format!("audience, the API this token is for: {}", names.join(", "))
}

fn issuer(iss: &str) -> String {
    let host = url::Url::parse(iss).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let Some(a) = resources::AUTHORITIES.iter().find(|a| a.host == host) else {
        return "the issuer".into();
    };
    let version = if iss.trim_end_matches('/').ends_with("/v2.0") { "v2.0" } else { "v1.0" };
    let cloud = match a.cloud {
        resources::Cloud::Global => String::new(),
        c => format!(", {}", c.name()),
    };
    format!("issued by Microsoft Entra ID ({version} token{cloud})")
}

fn relative(what: &str, v: &Value, now: &Reference) -> Option<String> {
    let t = v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))?;
    let d = t - now.timestamp();
    let rel = match (d, now.source) {
        (0, _) => "right at the reference time".to_string(),
        (d, time::Source::Clock) if d > 0 => format!("in {}", time::human(d)),
        (d, time::Source::Clock) => format!("{} ago", time::human(d)),
        (d, _) if d > 0 => format!("{} after {}", time::human(d), now.name()),
        (d, _) => format!("{} before {}", time::human(d), now.name()),
    };
    Some(format!("{what} {}, {rel}", time::full(t)))
}

/// One line on what the token is: access or ID token, for which API, delegated or app-only, how the
/// client authenticated.
pub fn summary(jwt: &Jwt) -> String {
    match jwt.kind {
        crate::jwt::Kind::Opaque => {
            return "an opaque token (not a JWT): nothing to decode; only the API that issued it can read it".into();
        }
        crate::jwt::Kind::Jwe => return "an encrypted token (JWE): its claims cannot be read".into(),
        crate::jwt::Kind::Jws => {}
    }
    let Some(c) = jwt.claims() else {
        return "a JWT whose claims could not be read".into();
    };
    if c.is_id_token() {
        return "an ID token: it tells the client app who signed in; no API accepts it as an access token".into();
    }
    let mut parts = vec!["an access token".to_string()];
    if let Some(r) = c.aud().first().and_then(|a| resources::audience(a)) {
        parts[0] = format!("an access token for {}", r.resource.name);
    }
    if c.is_app_only() {
        parts.push("app-only (application permissions)".into());
    } else if c.map.contains_key("scp") {
        parts.push(format!("delegated, for {}", c.user().unwrap_or("a signed-in user")));
    }
    match c.client_auth() {
        Some("1") => parts.push("client authenticated with a secret".into()),
        Some("2") => parts.push("client authenticated with a certificate".into()),
        _ => {}
    }
    parts.join(", ")
}
