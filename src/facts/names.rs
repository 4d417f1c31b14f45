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
    // Every name below ends in `n`, `e` or `y`: one byte test turns away many member names (this runs
    // for every string of a definition), and the rest are compared without a lower-cased copy.
    if !name.as_bytes().last().is_some_and(|b| matches!(b.to_ascii_lowercase(), b'n' | b'e' | b'y')) {
        return false;
    }
    let b = name.as_bytes();
    let ends =
        |suffix: &str| b.len() >= suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes());
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("cookie")
        || ends("api-key")
        || ends("apikey")
        || ends("-key") && {
            let n = name.to_ascii_lowercase();
            n.contains("subscription") || n.contains("functions") || n.contains("api")
        }
        || ends("-token")
        || name.eq_ignore_ascii_case("x-ms-authorization-auxiliary")
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
        // The distance is at least the difference in length, and at least the letters one name has more
        // of than the other: most names are decided without it.
        || (n.len() > 8
            && n.chars().count().abs_diff(13) <= 2
            && !(n.is_ascii() && letters_apart(&n, "authorization") > 2)
            && strsim::damerau_levenshtein(&n, "authorization") <= 2)
}

/// A lower bound of the edit distance between two ASCII strings: the larger of the number of letters
/// `a` has more of than `b` and the number it has fewer of (an insertion, a deletion or a
/// substitution moves each count by at most one; a transposition moves neither).
fn letters_apart(a: &str, b: &str) -> usize {
    let mut count = [0i32; 128];
    a.bytes().for_each(|c| count[usize::from(c & 0x7f)] += 1);
    b.bytes().for_each(|c| count[usize::from(c & 0x7f)] -= 1);
    let (more, fewer) = count.iter().fold((0, 0), |(m, f), &c| if c > 0 { (m + c, f) } else { (m, f - c) });
    more.max(fewer) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_without_a_copy_are_those_of_the_lower_cased_name() {
        let by_copy = |name: &str| {
            let n = name.to_ascii_lowercase();
            n == "authorization"
                || n == "cookie"
                || n.ends_with("api-key")
                || n.ends_with("apikey")
                || n.ends_with("-key") && (n.contains("subscription") || n.contains("functions") || n.contains("api"))
                || n.ends_with("-token")
                || n == "x-ms-authorization-auxiliary"
        };
        for name in [
            "Authorization",
            "AUTHORIZATION",
            "Cookie",
            "x-api-key",
            "X-API-KEY",
            "apikey",
            "MyApiKey",
            "Ocp-Apim-Subscription-Key",
            "x-functions-key",
            "x-other-key",
            "X-Auth-Token",
            "token",
            "-token",
            "x-ms-authorization-auxiliary",
            "Content-Type",
            "value",
            "name",
            "y",
            "",
            "é-token",
            "ключ-key",
            "api-KEY",
            "authorizatioN",
        ] {
            assert_eq!(is_credential_header(name), by_copy(name), "{name:?}");
        }
    }

    #[test]
    fn the_letters_bound_never_exceeds_the_distance() {
        let names = [
            "authorization",
            "authorizaton",
            "authorisation",
            "autorization",
            "authroization",
            "uathorization",
            "authorization2",
            "xauthorization",
            "authorizat",
            "content-type",
            "x-ms-client-request-id",
            "Accept-Language",
            "authoriztaion",
            "noitazirohtua",
            "authorizationn",
            "a",
            "",
        ];
        for a in names {
            let a = a.to_ascii_lowercase();
            for b in names {
                assert!(letters_apart(&a, b) <= strsim::damerau_levenshtein(&a, b), "{a:?} {b:?}");
            }
        }
        assert_eq!(letters_apart("content-type", "authorization"), 9);
        assert_eq!(letters_apart("authroization", "authorization"), 0);
    }

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
