//! An Authorization value → scheme + credential + problems.
//!
//! The parse peels the value the way a server reads it: surrounding whitespace, encodings, quotes,
//! the scheme, the separator, a repeated scheme, quotes around the credential, then the credential
//! itself. Each layer that is wrong becomes a [`Problem`] with a byte range inside the value, and the
//! layers below it are still checked, so one run reports everything that must change.

mod basic;
mod credential;
mod parser;
mod problem;
pub mod scan;

use std::ops::Range;

pub use problem::{Problem, WsPlace};

/// The schemes authlint knows, in their canonical spelling.
pub const KNOWN_SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Digest",
    "Negotiate",
    "NTLM",
    "SharedKey",
    "SharedKeyLite",
    "SharedAccessSignature",
    "HMAC-SHA256",
    "AWS4-HMAC-SHA256",
    "OAuth",
    "PoP",
    "Hawk",
    // Vendor schemes in real use: Okta API tokens (`SSWS`), Opsgenie API keys (`GenieKey`), Splunk
    // authentication tokens (`Splunk`), opaque tokens (`Token`: GitHub, Zendesk, Django REST).
    "SSWS",
    "GenieKey",
    "Splunk",
    "Token",
];

/// A parsed Authorization value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthValue {
    /// The scheme as written and, if known, its canonical spelling.
    pub scheme: Option<SchemeAt>,
    /// The credential once quotes and whitespace are peeled off (the part that is secret).
    pub credential: Option<Range<usize>>,
    pub problems: Vec<Problem>,
}

impl AuthValue {
    /// The canonical scheme (`Bearer`, `Basic`, …) when it is known.
    pub fn canonical_scheme(&self) -> Option<&'static str> {
        self.scheme.as_ref().and_then(|(_, c)| *c)
    }
    /// The range to redact: the credential, or the whole value when there is no scheme to keep.
    /// Template text is not a secret: a credential that is all template has nothing to redact.
    pub fn secret(&self, value: &str) -> Option<Range<usize>> {
        let is_template = |r: &Range<usize>| {
            self.problems
                .iter()
                .any(|p| matches!(p, Problem::Unevaluated { range } if range.start <= r.start && r.end <= range.end))
        };
        if self.credential.as_ref().is_some_and(is_template) {
            return None;
        }
        self.credential.clone().filter(|r| !r.is_empty()).or_else(|| {
            let t = value.trim_matches(scan::is_trimmable);
            (!t.is_empty() && self.scheme.is_none()).then(|| {
                let start = t.as_ptr() as usize - value.as_ptr() as usize;
                start..start + t.len()
            })
        })
    }
}

pub(crate) fn canonical(word: &str) -> Option<&'static str> {
    KNOWN_SCHEMES.iter().copied().find(|k| k.eq_ignore_ascii_case(word))
}

pub(crate) fn suggest(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    KNOWN_SCHEMES
        .iter()
        .copied()
        .filter(|k| *k != "Token")
        .map(|k| (k, strsim::damerau_levenshtein(&w, &k.to_ascii_lowercase())))
        .filter(|(k, d)| *d <= 2 && *d < k.len() / 2)
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

/// Parses an Authorization value. Never panics; every range lies inside `value` on char boundaries.
pub fn parse(value: &str) -> AuthValue {
    let mut p = parser::Parser { v: value, problems: Vec::new() };
    let (scheme, credential) = p.run();
    p.invisible();
    p.problems.sort_by_key(|x| (x.range().start, x.range().end));
    AuthValue { scheme, credential, problems: p.problems }
}

/// A scheme as written, with its canonical spelling when known.
pub type SchemeAt = (Range<usize>, Option<&'static str>);

#[cfg(test)]
mod tests;
