//! Postman's auth helpers, applied as Postman applies them: the helper's header replaces one of the
//! same name, a query helper adds a parameter. Helpers that sign each request with a server nonce or
//! the time (digest, oauth1, awsv4, hawk, ntlm, edgegrid, asap) cannot be reproduced offline.

use base64::Engine;

use super::Version;
use super::vars::Resolver;
use crate::model::{Json, JsonKind};

const TYPES: &[&str] = &[
    "noauth", "bearer", "basic", "apikey", "oauth2", "jwt", "digest", "oauth1", "awsv4", "hawk", "ntlm", "edgegrid",
    "asap", "akamai",
];

/// A type Postman knows; anything else (`inherit`, empty) inherits.
pub fn is_type(t: &str) -> bool {
    TYPES.contains(&t)
}

/// The helper's parameters: v2.1 writes `[{key, value}]`, v2.0 an object map.
fn params(auth: &Json, ty: &str, version: Version) -> Vec<(String, Json)> {
    let Some(p) = auth.get(ty) else {
        return Vec::new();
    };
    match (&p.kind, version) {
        (JsonKind::Array(items), _) => items
            .iter()
            .filter_map(|i| {
                i.get("key").and_then(Json::as_str).map(|k| {
                    (k.to_string(), i.get("value").cloned().unwrap_or(Json { span: i.span, kind: JsonKind::Null }))
                })
            })
            .collect(),
        (JsonKind::Object(members), _) => {
            members.iter().map(|m| (m.key.as_str().to_owned(), m.value.clone())).collect()
        }
        _ => Vec::new(),
    }
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.to_string(), value));
}

fn add_query(url: &mut String, key: &str, value: &str) {
    let sep = if url.contains('?') { '&' } else { '?' };
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    url.push_str(&format!("{sep}{}={}", enc(key), enc(value)));
}

/// Applies an auth helper to the request.
pub fn apply(
    auth: &Json,
    version: Version,
    r: &mut Resolver,
    headers: &mut Vec<(String, String)>,
    url: &mut String,
    notes: &mut Vec<String>,
) {
    let Some(ty) = auth.get("type").and_then(Json::as_str) else {
        return;
    };
    let p = params(auth, ty, version);
    let mut get = |k: &str| {
        let v = p.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let s = match v.map(|v| &v.kind) {
            Some(JsonKind::String(t)) => t.as_str().to_owned(),
            Some(JsonKind::Number(n)) => n.clone(),
            Some(JsonKind::Bool(b)) => b.to_string(),
            _ => String::new(),
        };
        r.resolve(&s)
    };
    match ty {
        "noauth" => {}
        "bearer" => {
            let token = get("token");
            set_header(headers, "Authorization", format!("Bearer {token}"));
        }
        "basic" => {
            let (user, password) = (get("username"), get("password"));
            let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            set_header(headers, "Authorization", format!("Basic {enc}"));
        }
        "apikey" => {
            let key = get("key");
            let key = if key.is_empty() { "x-api-key".to_string() } else { key };
            let value = get("value");
            if get("in") == "query" {
                add_query(url, &key, &value);
            } else {
                set_header(headers, &key, value);
            }
        }
        "oauth2" => {
            let token = get("accessToken");
            if token.is_empty() {
                notes.push("the collection's OAuth 2.0 helper has no saved access token (Postman gets one interactively): give it with --var, or compare with a request whose token is saved".into());
                return;
            }
            let prefix = get("headerPrefix");
            let prefix = if prefix.is_empty() { "Bearer".to_string() } else { prefix };
            if get("addTokenTo") == "queryParams" {
                add_query(url, "access_token", &token);
            } else {
                set_header(headers, "Authorization", format!("{prefix} {token}").trim().to_string());
            }
        }
        "jwt" => match jwt_helper(&mut get) {
            Ok(token) => {
                let prefix = get("headerPrefix");
                let prefix = if prefix.is_empty() { "Bearer".to_string() } else { prefix };
                if get("addTokenTo") == "queryParam" {
                    let key = get("queryParamKey");
                    add_query(url, if key.is_empty() { "token" } else { &key }, &token);
                } else {
                    set_header(headers, "Authorization", format!("{prefix} {token}"));
                }
            }
            Err(why) => notes.push(format!("the collection's JWT helper could not be reproduced: {why}")),
        },
        other => notes.push(format!("the collection's {other} auth cannot be reproduced offline (it signs each request with a server nonce or the time): its Authorization header is not compared")),
    }
}

/// Postman's JWT helper: a token signed from the helper's header, payload and secret or key.
fn jwt_helper(get: &mut dyn FnMut(&str) -> String) -> Result<String, String> {
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    let alg_name = get("algorithm");
    let alg: Algorithm = alg_name.parse().map_err(|_| format!("unknown algorithm \"{alg_name}\""))?;
    let payload: serde_json::Value =
        serde_json::from_str(&get("payload")).map_err(|e| format!("the payload is not JSON ({e})"))?;
    let mut header = Header::new(alg);
    if let Ok(serde_json::Value::Object(extra)) = serde_json::from_str::<serde_json::Value>(&get("header")) {
        header.kid = extra.get("kid").and_then(|v| v.as_str()).map(str::to_string);
    }
    let key = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let secret = get("secret");
            if get("isSecretBase64Encoded") == "true" {
                EncodingKey::from_base64_secret(&secret).map_err(|e| format!("the secret is not base64 ({e})"))?
            } else {
                EncodingKey::from_secret(secret.as_bytes()).map_err(|e| format!("the secret is not usable ({e})"))?
            }
        }
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => EncodingKey::from_rsa_pem(get("privateKey").as_bytes())
            .map_err(|e| format!("the private key is not an RSA PEM key ({e})"))?,
        Algorithm::ES256 | Algorithm::ES384 => EncodingKey::from_ec_pem(get("privateKey").as_bytes())
            .map_err(|e| format!("the private key is not an EC PEM key ({e})"))?,
        Algorithm::EdDSA => EncodingKey::from_ed_pem(get("privateKey").as_bytes())
            .map_err(|e| format!("the private key is not an Ed25519 PEM key ({e})"))?,
        other => return Err(format!("the algorithm {other:?} is not supported")),
    };
    jsonwebtoken::encode(&header, &payload, &key).map_err(|e| e.to_string())
}
