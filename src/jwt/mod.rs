//! A bearer token → its segments, header and claims, with the place of anything wrong in it.
//!
//! Decoding only: nothing here trusts the token. Signatures are checked, when asked, in `verify.rs`.
//! A token that is not a JWT (an opaque token) is not an error: it simply has nothing to inspect.
//! decode.rs decodes one segment; claims.rs reads the claims the way Entra ID writes them.

mod claims;
mod decode;

use std::ops::Range;

use serde_json::{Map, Value};

pub use claims::Claims;
use decode::decode_json;

/// What a credential is, by shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Not a JWT: nothing to inspect, and nothing wrong with that.
    Opaque,
    /// A signed JWT (JWS compact: header.payload.signature).
    Jws,
    /// An encrypted JWT (JWE compact: five segments); not inspectable.
    Jwe,
}

/// Something wrong with the token's structure. `range` is a byte range of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    /// The token looks cut short (copied from a truncated cell, log line or message).
    pub truncated: bool,
    /// A suspicion rather than a certain defect (a length typical of a cut, `=` padding).
    pub suspect: bool,
}

/// A decoded token.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    pub kind: Kind,
    /// Byte ranges of the segments in the token.
    pub segments: Vec<Range<usize>>,
    pub header: Option<Map<String, Value>>,
    pub claims: Option<Map<String, Value>>,
    pub problems: Vec<Problem>,
    /// A segment carried `=` padding, which JWTs omit (tolerated by most servers, noted).
    pub padded: bool,
}

/// Lengths at which text is commonly cut: column, cell and field limits.
const CUT_LENGTHS: &[usize] = &[255, 256, 1000, 1023, 1024, 2000, 2047, 2048, 4000, 4095, 4096, 8000, 8192, 32767];

/// Splits and decodes a token. Never panics; every range lies inside `token`.
pub fn inspect(token: &str) -> Jwt {
    let mut jwt = Jwt {
        kind: Kind::Opaque,
        segments: Vec::new(),
        header: None,
        claims: None,
        problems: Vec::new(),
        padded: false,
    };
    let mut start = 0;
    for part in token.split('.') {
        jwt.segments.push(start..start + part.len());
        start += part.len() + 1;
    }
    let looks_jwt = token.starts_with("eyJ")
        || (jwt.segments.len() >= 3 && token.chars().all(|c| c.is_ascii_alphanumeric() || "-_.=".contains(c)));
    if !looks_jwt {
        jwt.segments.clear();
        return jwt;
    }
    let ellipsis = ["…", "..."].iter().find_map(|e| token.rfind(e).map(|i| i..i + e.len()));
    if let Some(r) = ellipsis {
        // Shortened for display: the rest cannot be judged, and saying so once is enough.
        jwt.kind = Kind::Jws;
        jwt.problems.push(Problem {
            range: r,
            message: "the token contains an ellipsis: it was shortened for display and copied from there".into(),
            truncated: true,
            suspect: false,
        });
        return jwt;
    }
    match jwt.segments.len() {
        3 => jwt.kind = Kind::Jws,
        5 => {
            jwt.kind = Kind::Jwe;
            jwt.header = decode_json(token, &jwt.segments[0], "header", &mut jwt.problems, &mut jwt.padded);
            return jwt;
        }
        n => {
            let truncated = n < 3;
            let message = if n < 3 {
                format!(
                    "the token has {n} segment{} where a JWT has 3 (header.payload.signature): it looks cut short",
                    if n == 1 { "" } else { "s" }
                )
            } else {
                format!("the token has {n} segments where a JWT has 3 (or 5 when encrypted)")
            };
            let r = jwt.segments.last().cloned().unwrap_or(0..0);
            jwt.problems.push(Problem { range: r.start..token.len(), message, truncated, suspect: false });
            jwt.kind = Kind::Jws;
        }
    }
    let segs = jwt.segments.clone();
    jwt.header = segs.first().and_then(|s| decode_json(token, s, "header", &mut jwt.problems, &mut jwt.padded));
    jwt.claims = segs.get(1).and_then(|s| decode_json(token, s, "payload", &mut jwt.problems, &mut jwt.padded));
    if let Some(sig) = segs.get(2) {
        let s = &token[sig.clone()];
        let alg_none = jwt
            .header
            .as_ref()
            .and_then(|h| h.get("alg"))
            .and_then(Value::as_str)
            .is_some_and(|a| a.eq_ignore_ascii_case("none"));
        if s.is_empty() && !alg_none {
            jwt.problems.push(Problem {
                range: sig.start.saturating_sub(1)..sig.end,
                message: "the signature segment is empty: the token looks cut short".into(),
                truncated: true,
                suspect: false,
            });
        } else if let Some((i, c)) =
            s.char_indices().find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=')))
        {
            jwt.problems.push(Problem {
                range: sig.start + i..sig.start + i + c.len_utf8(),
                message: format!("{} in the signature is not base64url", crate::auth::scan::describe_char(c)),
                truncated: false,
                suspect: false,
            });
        }
        jwt.padded |= s.ends_with('=');
    }
    if jwt.problems.is_empty() && CUT_LENGTHS.contains(&token.len()) {
        // Not an error by itself: a hint when the server says the token is invalid.
        jwt.problems.push(Problem {
            range: token.len().saturating_sub(1)..token.len(),
            message: format!(
                "the token is exactly {} characters long, a common field limit: it may have been cut",
                token.len()
            ),
            truncated: true,
            suspect: true,
        });
    }
    type_checks(&mut jwt, &segs);
    for key in ["exp", "nbf", "iat"] {
        if let Some(v) = jwt.claims.as_ref().and_then(|c| c.get(key))
            && !v.is_i64()
            && !v.is_u64()
            && !v.is_f64()
        {
            let r = segs.get(1).cloned().unwrap_or(0..0);
            jwt.problems.push(Problem {
                range: r,
                message: format!("the claim {key} is {v}, not a number of seconds"),
                truncated: false,
                suspect: false,
            });
        }
    }
    if jwt.padded {
        let at = token.find('=').unwrap_or(0);
        let end = at + token[at..].len() - token[at..].trim_start_matches('=').len();
        jwt.problems.push(Problem {
            range: at..end.max(at),
            message: "the token carries '=' padding, which JWTs leave out; most servers accept it, some refuse it"
                .into(),
            truncated: false,
            suspect: true,
        });
    }
    jwt
}

/// Header and claim values of the wrong JSON type: `alg`/`kid` not strings, `aud` neither a string nor
/// an array of strings.
fn type_checks(jwt: &mut Jwt, segs: &[Range<usize>]) {
    let mut found = Vec::new();
    if let Some(h) = &jwt.header {
        for key in ["alg", "kid", "typ"] {
            if let Some(v) = h.get(key).filter(|v| !v.is_string()) {
                found.push((0, format!("the header's {key} is {v}, not a string")));
            }
        }
    }
    if let Some(aud) = jwt.claims.as_ref().and_then(|c| c.get("aud")) {
        let ok = aud.is_string() || aud.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            found.push((1, format!("the claim aud is {aud}, not a string or an array of strings")));
        }
    }
    for (seg, message) in found {
        let range = segs.get(seg).cloned().unwrap_or(0..0);
        jwt.problems.push(Problem { range, message, truncated: false, suspect: false });
    }
}

impl Jwt {
    /// The header's `alg`.
    pub fn alg(&self) -> Option<&str> {
        self.header.as_ref()?.get("alg")?.as_str()
    }
    /// Typed access to the claims.
    pub fn claims(&self) -> Option<Claims<'_>> {
        self.claims.as_ref().map(|m| Claims { map: m })
    }
}

#[cfg(test)]
mod tests;
