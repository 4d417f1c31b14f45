//! Redaction: a credential is shown as its first 6 and last 4 characters and a fingerprint, a password
//! or secret as its fingerprint only, unless `--show-secrets` is given.

use sha2::{Digest, Sha256};

use crate::diagnostic::SecretKind;
use crate::source::Span;

/// `sha256:` and the first 8 hex digits of the SHA-256 of the whole value.
pub fn fingerprint(s: &str) -> String {
    let d = Sha256::digest(s.as_bytes());
    format!("sha256:{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3])
}

/// Below this many characters, showing 10 of them would give away too much: fingerprint only.
const MIN_PARTIAL: usize = 24;

/// The redacted form of a secret.
pub fn redact(s: &str, kind: SecretKind) -> String {
    let n = s.chars().count();
    if kind == SecretKind::Token && n >= MIN_PARTIAL {
        let head: String = s.chars().take(6).collect();
        let tail: String = s.chars().skip(n - 4).collect();
        format!("{head}…{tail} ({})", fingerprint(s))
    } else {
        format!("…({})", fingerprint(s))
    }
}

/// A text with secret spans replaced by their redacted forms, and the map from old offsets to new.
pub struct Redacted {
    pub text: String,
    /// Sorted, non-overlapping replacements.
    replaced: Vec<Replacement>,
}

/// One secret replaced: its old and new spans, and how many bytes of its head and tail the
/// redacted form keeps verbatim (spans there can still be pointed at exactly).
struct Replacement {
    old: Span,
    new: Span,
    head: usize,
    tail: usize,
}

impl Redacted {
    /// Replaces each span (sorted or not; overlaps merged) by its redacted form.
    pub fn new(text: &str, spans: &[(Span, SecretKind)]) -> Redacted {
        let mut spans: Vec<_> = spans
            .iter()
            .filter(|(s, _)| {
                !s.is_empty() && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
            })
            .copied()
            .collect();
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        let mut out = String::with_capacity(text.len());
        let mut replaced = Vec::new();
        let mut at = 0;
        for (span, kind) in spans {
            if span.start < at {
                continue; // overlaps one already replaced
            }
            out.push_str(&text[at..span.start]);
            let start = out.len();
            let secret = &text[span.range()];
            let shown = redact(secret, kind);
            let (head, tail) = match shown.find('…') {
                Some(h) if h > 0 => (h, shown[h + '…'.len_utf8()..].find(' ').unwrap_or(0)),
                _ => (0, 0),
            };
            out.push_str(&shown);
            replaced.push(Replacement { old: span, new: Span::new(start, out.len()), head, tail });
            at = span.end;
        }
        out.push_str(&text[at..]);
        Redacted { text: out, replaced }
    }

    /// Maps an old span to the new text: a span inside a secret covers the secret's redacted form.
    /// For an offset of the redacted text, the offset of the original text it stands for (inside a
    /// replacement: the secret's start).
    pub fn original(&self, new: usize) -> usize {
        let mut delta: isize = 0;
        for r in &self.replaced {
            if new < r.new.start {
                break;
            }
            if new < r.new.end {
                return r.old.start;
            }
            delta = r.old.end as isize - r.new.end as isize;
        }
        (new as isize + delta) as usize
    }

    pub fn map(&self, span: Span) -> Span {
        let start = self.offset(span.start, false);
        let end = self.offset(span.end, true).max(start);
        Span::new(start, end)
    }

    fn offset(&self, o: usize, is_end: bool) -> usize {
        let mut delta: isize = 0;
        for r in &self.replaced {
            if o <= r.old.start {
                break;
            }
            if o < r.old.end || (is_end && o == r.old.end && r.tail > 0) {
                let rel = o - r.old.start;
                let from_end = r.old.end - o;
                return if rel < r.head || (is_end && rel == r.head) {
                    r.new.start + rel
                } else if from_end <= r.tail && !(is_end && from_end == r.tail) {
                    r.new.start + r.head + '…'.len_utf8() + (r.tail - from_end)
                } else if is_end {
                    r.new.end
                } else {
                    r.new.start
                };
            }
            delta = r.new.end as isize - r.old.end as isize;
        }
        (o as isize + delta) as usize
    }
}

/// Credentials found by their shape in text that could not be parsed: JWT-shaped runs, and long
/// runs of token characters after `Bearer` or `Basic`.
pub fn scrub(text: &str) -> Vec<(Span, SecretKind)> {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=');
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if !is_tok(c) {
            i += c.len_utf8();
            continue;
        }
        let len = rest.find(|c: char| !is_tok(c)).unwrap_or(rest.len());
        let run = &rest[..len];
        let before = text[..i].trim_end_matches([' ', '\\', '"', '\'']);
        let after_scheme = ["bearer", "basic"]
            .iter()
            // Bytes, not a str slice: the scheme's length back may fall inside a multi-byte character.
            .any(|s| {
                before.len() >= s.len()
                    && before.as_bytes()[before.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
            });
        if (run.starts_with("eyJ") && run.matches('.').count() >= 1 && len >= 24) || (after_scheme && len >= 12) {
            out.push((Span::new(i, i + len), SecretKind::Token));
        }
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_finds_credentials_by_shape() {
        let t = r#"{"Authorization": "Bearer abcdefghijklmnop", "x": "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.sig", "y": "plain words"}"#;
        let found: Vec<_> = scrub(t).into_iter().map(|(s, _)| &t[s.range()]).collect();
        assert_eq!(found, ["abcdefghijklmnop", "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.sig"]);
    }

    #[test]
    fn scrub_survives_multibyte_characters_before_a_run() {
        // Found by the check fuzz target: `’` three bytes before a token run used to split a character.
        for t in ["x,’l&abcdefghijklmnop", "’abcdefghijklmnopq", "é’ Bearer abcdefghijklmnop"] {
            let _ = scrub(t);
        }
        let t = "’ Bearer abcdefghijklmnop";
        assert_eq!(scrub(t).len(), 1);
    }

    #[test]
    fn tokens_keep_ends_passwords_do_not() {
        let t = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.Xk9Q";
        let r = redact(t, SecretKind::Token);
        assert!(r.starts_with("eyJ0eX…Xk9Q (sha256:"), "{r}");
        assert_eq!(r.len(), "eyJ0eX…Xk9Q (sha256:12345678)".len());
        let p = redact("hunter2-is-my-password-ok", SecretKind::Password);
        assert!(!p.contains("hun") && p.starts_with("…(sha256:"), "{p}");
        assert!(!redact("short-token", SecretKind::Token).contains("short"));
    }

    #[test]
    fn maps_spans_around_and_inside_secrets() {
        let text = "a SECRETSECRETSECRETSECRETSECRET b";
        let s = Span::new(2, 32);
        let r = Redacted::new(text, &[(s, SecretKind::Token)]);
        assert!(!r.text.contains("SECRETSECRET"));
        let b = text.find(" b").unwrap();
        assert_eq!(&r.text[r.map(Span::new(b, b + 2)).range()], " b");
        assert_eq!(&r.text[r.map(Span::new(0, 1)).range()], "a");
        let inner = r.map(Span::new(10, 11));
        assert_eq!(&r.text[inner.range()], &r.text[2..r.text.len() - 2]);
        // The kept head and tail can be pointed at exactly.
        assert_eq!(&r.text[r.map(Span::new(2, 4)).range()], "SE");
        assert_eq!(&r.text[r.map(Span::new(30, 32)).range()], "ET");
        assert_eq!(&r.text[r.map(Span::new(2, 8)).range()], "SECRET");
        let around = r.map(Span::new(0, text.len()));
        assert_eq!(around, Span::new(0, r.text.len()));
    }
}
