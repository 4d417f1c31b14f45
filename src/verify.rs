//! Optional signature verification, offline, with a key the user gives (`--key PEM`, `--jwks FILE`),
//! through `jsonwebtoken`. Expiry and audience are judged by the rules, not here.

use std::str::FromStr;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Serialize;

use crate::error::Error;
use crate::jwt::{Jwt, Kind};

/// Where the verification key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A PEM file with a public key (RSA, EC or Ed25519).
    Pem(String),
    /// A JWKS file (`{"keys": [...]}`), as an issuer publishes it; the key is chosen by `kid`.
    Jwks(String),
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub verified: bool,
    pub message: String,
}

fn no(message: impl Into<String>) -> Verification {
    Verification { verified: false, message: message.into() }
}

/// Verifies the token's signature with the given key. Errors are unusable key files (exit 2).
pub fn verify(token: &str, jwt: &Jwt, key: &KeySource) -> Result<Verification, Error> {
    if jwt.kind != Kind::Jws || jwt.header.is_none() {
        return Ok(no("nothing to verify: not a readable signed JWT"));
    }
    let header = jwt.header.as_ref().expect("checked");
    if header.contains_key("nonce") {
        return Ok(no(
            "not verifiable: a Microsoft Graph access token is signed over a hashed nonce, so only Microsoft Graph can verify it; third parties should not try",
        ));
    }
    let Some(alg) = jwt.alg() else {
        return Ok(no("not verifiable: the header has no alg"));
    };
    if alg.eq_ignore_ascii_case("none") {
        return Ok(no("not verifiable: the token is unsigned (alg none)"));
    }
    let Ok(algorithm) = Algorithm::from_str(alg) else {
        return Ok(no(format!("not verifiable: authlint does not support the algorithm {alg}")));
    };
    let (path, decoding) = match key {
        KeySource::Pem(path) => {
            let pem = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            use jsonwebtoken::AlgorithmFamily as F;
            let k = match algorithm.family() {
                F::Rsa => DecodingKey::from_rsa_pem(&pem),
                F::Ec => DecodingKey::from_ec_pem(&pem),
                F::Ed => DecodingKey::from_ed_pem(&pem),
                F::Hmac => {
                    return Ok(no(format!("not verifiable with a PEM key: {alg} is signed with a shared secret")));
                }
            };
            (path, k.map_err(|e| Error::input(path, format!("not a usable {alg} public key in PEM form: {e}")))?)
        }
        KeySource::Jwks(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            let set: JwkSet = serde_json::from_str(&text)
                .map_err(|e| Error::input(path, format!("not a JWKS document ({{\"keys\": [...]}}): {e}")))?;
            let kid = header.get("kid").and_then(|v| v.as_str());
            let jwk = match kid {
                Some(kid) => set.find(kid),
                None if set.keys.len() == 1 => set.keys.first(),
                None => None,
            };
            let Some(jwk) = jwk else {
                let kid = kid.map_or_else(|| "no kid".to_string(), |k| format!("kid {k}"));
                return Ok(no(format!("not verified: {path} has no key for this token ({kid})")));
            };
            (
                path,
                DecodingKey::from_jwk(jwk)
                    .map_err(|e| Error::input(path, format!("the key for this token is not usable: {e}")))?,
            )
        }
    };
    let mut validation = Validation::new(algorithm);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    Ok(match jsonwebtoken::decode::<serde_json::Value>(token, &decoding, &validation) {
        Ok(_) => Verification { verified: true, message: format!("the signature is valid for the key in {path}") },
        Err(e) => match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => no(format!(
                "the signature does not match the key in {path}: the token was altered, or signed by another key"
            )),
            _ => no(format!("not verified: {e}")),
        },
    })
}
