//! The corrected Authorization value, where the fix is mechanical: quotes, whitespace, line breaks,
//! invisible characters and the separator taken out, the scheme in its canonical case, `Bearer` put in
//! front of a bare JWT, Basic `user:password` encoded. A correction is offered only when the corrected
//! value parses without a single problem; anything that needs a person (an expired token, a token
//! for another API, template text) gets none.

use base64::Engine;

use crate::auth::{self, Problem};

/// The corrected value, when every problem of `value` is mechanical and the result is clean.
pub fn corrected(value: &str) -> Option<String> {
    let parsed = auth::parse(value);
    if parsed.problems.is_empty() {
        return None;
    }
    let mechanical = parsed.problems.iter().all(|p| {
        matches!(
            p,
            Problem::Whitespace { .. }
                | Problem::InvisibleChar { .. }
                | Problem::Quoted { .. }
                | Problem::SchemeCase { .. }
                | Problem::SchemeRepeated { .. }
                | Problem::Separator { .. }
                | Problem::SchemeMissing { jwt: true, .. }
                | Problem::BasicPlaintext { .. }
        )
    });
    if !mechanical {
        return None;
    }
    let cred = value.get(parsed.credential.clone()?)?;
    // A credential has no quotes, whitespace or invisible characters in it (RFC 6750 b64token, base64).
    let clean: String =
        cred.chars().filter(|c| !auth::scan::is_trimmable(*c) && !c.is_control() && !matches!(c, '"' | '\'')).collect();
    let scheme = parsed.canonical_scheme().unwrap_or("Bearer");
    let clean = if scheme == "Basic" && clean.contains(':') {
        base64::engine::general_purpose::STANDARD.encode(clean.as_bytes())
    } else {
        clean
    };
    let fixed = format!("{scheme} {clean}");
    (fixed != value && !clean.is_empty() && auth::parse(&fixed).problems.is_empty()).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::corrected;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";

    #[test]
    fn mechanical_mistakes_are_corrected() {
        let want = format!("Bearer {JWT}");
        for broken in [
            format!("\"Bearer {JWT}\""),
            format!("Bearer  {JWT}"),
            format!("bearer {JWT}"),
            format!("Bearer\u{00A0}{JWT}"),
            format!(" Bearer {JWT}\n"),
            format!("Bearer Bearer {JWT}"),
            format!("Bearer \"{JWT}\""),
            format!("Bearer {JWT}\u{200B}"),
            JWT.to_string(),
        ] {
            assert_eq!(corrected(&broken).as_deref(), Some(want.as_str()), "{broken:?}");
        }
        assert_eq!(
            corrected("Basic user:not-a-real-password").as_deref(),
            Some("Basic dXNlcjpub3QtYS1yZWFsLXBhc3N3b3Jk")
        );
    }

    #[test]
    fn clean_values_and_human_problems_get_no_correction() {
        assert_eq!(corrected(&format!("Bearer {JWT}")), None);
        assert_eq!(corrected("Bearer @{body('Get_token')?['access_token']}"), None, "template text");
        assert_eq!(corrected("Bearer "), None, "nothing to send");
        assert_eq!(corrected("Baerer abc"), None, "a misspelled scheme is a guess, not mechanical");
        assert_eq!(corrected("Bearer {\"access_token\": \"x\"}"), None, "a JSON object");
    }
}
