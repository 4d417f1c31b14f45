//! Which names carry a credential: query parameters, headers, and header names that look like
//! Authorization but are not.

/// Query parameters that carry a credential (SAS signatures, function keys, API keys, tokens).
pub fn is_credential_query(name: &str) -> bool {
    ["sig", "code", "api-key", "apikey", "api_key", "key", "access_token", "subscription-key", "client_secret", "token"]
        .iter()
        .any(|k| name.eq_ignore_ascii_case(k))
}

/// Headers other than Authorization that carry a credential.
pub fn is_credential_header(name: &str) -> bool {
    // Every name below ends in `n`, `e` or `y`: one byte test turns away most member names (this runs
    // for every string of a definition) before the lower-cased copy.
    if !name.as_bytes().last().is_some_and(|b| matches!(b.to_ascii_lowercase(), b'n' | b'e' | b'y')) {
        return false;
    }
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n == "cookie"
        || n.ends_with("api-key")
        || n.ends_with("apikey")
        || n.ends_with("-key") && (n.contains("subscription") || n.contains("functions") || n.contains("api"))
        || n.ends_with("-token")
        || n == "x-ms-authorization-auxiliary"
}

const NEAR: &[&str] = &[
    "authorisation",
    "authentication",
    "authentification",
    "auth",
    "bearer",
    "token",
    "access-token",
    "accesstoken",
    "authorizationheader",
];

/// True for a header name that looks like Authorization but is not.
pub fn near_miss(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if n == "authorization" {
        return false;
    }
    let squeezed: String = n.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    squeezed == "authorization"
        || NEAR.contains(&n.as_str())
        // The distance is at least the difference in length: most names are decided without it.
        || (n.len() > 8 && n.chars().count().abs_diff(13) <= 2 && strsim::damerau_levenshtein(&n, "authorization") <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_in_any_case() {
        for yes in [
            "Authorization",
            "COOKIE",
            "x-api-key",
            "Ocp-Apim-Subscription-Key",
            "x-functions-key",
            "X-ApiKey",
            "X-Auth-Token",
            "x-ms-authorization-auxiliary",
            "X-MS-AUTHORIZATION-AUXILIARY",
        ] {
            assert!(is_credential_header(yes), "{yes}");
        }
        for no in ["Content-Type", "type", "keys", "tokens", "x-key", "Accept", "", "authorization2", "value"] {
            assert!(!is_credential_header(no), "{no}");
        }
    }
}
