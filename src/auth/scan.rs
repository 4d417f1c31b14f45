//! Lexical scanners over an Authorization value: quotes, templates, encodings, character classes.

use std::ops::Range;

/// A quote character (or the two characters `\"`) that can wrap a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    Double,
    Single,
    EscapedDouble,
    EscapedSingle,
    Typographic,
    Backtick,
}

impl QuoteStyle {
    pub fn describe(self) -> &'static str {
        match self {
            QuoteStyle::Double => "double quotes (\")",
            QuoteStyle::Single => "single quotes (')",
            QuoteStyle::EscapedDouble => "escaped quotes (\\\")",
            QuoteStyle::EscapedSingle => "escaped single quotes (\\')",
            QuoteStyle::Typographic => "typographic quotes (“ ” ‘ ’)",
            QuoteStyle::Backtick => "backticks (`)",
        }
    }
}

/// Openers and their closers. Longer tokens first so `\"` wins over `\`.
const QUOTES: &[(&str, &[&str], QuoteStyle)] = &[
    ("\\\"", &["\\\""], QuoteStyle::EscapedDouble),
    ("\\'", &["\\'"], QuoteStyle::EscapedSingle),
    ("\"", &["\""], QuoteStyle::Double),
    ("'", &["'"], QuoteStyle::Single),
    ("`", &["`"], QuoteStyle::Backtick),
    ("\u{201C}", &["\u{201D}", "\u{201C}"], QuoteStyle::Typographic),
    ("\u{201D}", &["\u{201D}"], QuoteStyle::Typographic),
    ("\u{201E}", &["\u{201C}", "\u{201D}"], QuoteStyle::Typographic),
    ("\u{2018}", &["\u{2019}", "\u{2018}"], QuoteStyle::Typographic),
    ("\u{2019}", &["\u{2019}"], QuoteStyle::Typographic),
    ("\u{00AB}", &["\u{00BB}"], QuoteStyle::Typographic),
];

/// The quote that opens `s`, with its length.
pub fn opening_quote(s: &str) -> Option<(usize, QuoteStyle)> {
    QUOTES.iter().find(|(open, _, _)| s.starts_with(open)).map(|(open, _, style)| (open.len(), *style))
}

/// The quote that closes `s` (any closer of any style), with its length.
pub fn closing_quote(s: &str) -> Option<(usize, QuoteStyle)> {
    QUOTES
        .iter()
        .flat_map(|(_, closers, style)| closers.iter().map(move |c| (*c, *style)))
        .find(|(c, _)| s.ends_with(c))
        .map(|(c, style)| (c.len(), style))
}

/// True for characters that do not show: zero-width characters and the byte-order mark.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

/// True for what trimming removes at either end: whitespace and invisible characters.
pub fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || is_zero_width(c)
}

/// RFC 6750 `b64token` characters, without the trailing `=` padding.
pub fn is_b64token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/')
}

/// A character worth naming in a message: `'x' (U+0078)`, or the name of an invisible one.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\u{00A0}' => "no-break space",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "byte-order mark",
        '\u{00AD}' => "soft hyphen",
        '\u{2007}' | '\u{202F}' => "narrow or figure no-break space",
        ' ' => "space",
        '\t' => "tab",
        '\r' => "carriage return",
        '\n' => "line feed",
        c if c.is_whitespace() => "Unicode space",
        c if c.is_control() => "control character",
        c => return format!("'{c}' (U+{:04X})", c as u32),
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// A run of one repeated character: `2 × ';' (U+003B)`, or the character alone.
pub fn describe_run(run: &str, c: char) -> String {
    match run.chars().count() {
        0 | 1 => describe_char(c),
        n => format!("{n} × {}", describe_char(c)),
    }
}

/// Template text that was never evaluated: `@{…}`, `@fn(…)`, `{{var}}`, `${var}`, `<token>`, and, when
/// `dollar_words` (not in URIs, where OData has `$select`, `$filter`…), `$token`.
pub fn templates(s: &str, dollar_words: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'@' if b.get(i + 1) == Some(&b'{') => closing(s, i + 2, "}").map(|e| i..e),
            b'@' if ident_then_paren(s, i + 1) => closing(s, i + 1, ")").map(|e| i..e),
            b'{' if b.get(i + 1) == Some(&b'{') => closing(s, i + 2, "}}").map(|e| i..e),
            b'$' if b.get(i + 1) == Some(&b'{') => closing(s, i + 2, "}").map(|e| i..e),
            b'$' if dollar_words && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && word_len(s, i + 1, false) >= 3 => {
                Some(i..i + 1 + word_len(s, i + 1, false))
            }
            b'<' => {
                let n = word_len(s, i + 1, true);
                (n >= 3 && b.get(i + 1 + n) == Some(&b'>')).then(|| i..i + n + 2)
            }
            _ => None,
        };
        match found {
            Some(r) => {
                i = r.end;
                out.push(r);
            }
            None => i += 1,
        }
    }
    out
}

fn ident_then_paren(s: &str, at: usize) -> bool {
    let n = s[at..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    n >= 2 && s.as_bytes().get(at + n) == Some(&b'(') && s.as_bytes()[at].is_ascii_alphabetic()
}

fn word_len(s: &str, at: usize, spaces: bool) -> usize {
    s.get(at..).map_or(0, |r| {
        r.bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-') || (spaces && *c == b' '))
            .count()
    })
}

/// The end (exclusive) of the first `close` at or after `from`, or the end of `s`: an unterminated
/// template runs to the end of the value.
fn closing(s: &str, from: usize, close: &str) -> Option<usize> {
    Some(s[from..].find(close).map_or(s.len(), |e| from + e + close.len()))
}

/// How a value was encoded for another context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Percent,
    HtmlEntity,
}

/// The first encoded sequence in `s` that makes an Authorization value wrong: `%20`, `%22`, `%3D`,
/// `&quot;`, `&#34;`… (only the characters that a header value would carry literally).
pub fn encoded(s: &str) -> Option<(Range<usize>, Encoding)> {
    const PERCENT: &[&str] = &["%20", "%22", "%27", "%2B", "%2b", "%2F", "%2f", "%3D", "%3d", "%3A", "%3a"];
    const ENTITIES: &[&str] =
        &["&quot;", "&#34;", "&#x22;", "&apos;", "&#39;", "&#x27;", "&amp;", "&nbsp;", "&#160;", "&lt;", "&gt;"];
    let p = PERCENT.iter().filter_map(|e| s.find(e).map(|i| (i..i + 3, Encoding::Percent)));
    let h = ENTITIES.iter().filter_map(|e| s.find(e).map(|i| (i..i + e.len(), Encoding::HtmlEntity)));
    p.chain(h).min_by_key(|(r, _)| r.start)
}

/// True when `s` has the shape of a JWT: three base64url segments, the first starting `eyJ`.
pub fn looks_like_jwt(s: &str) -> bool {
    s.starts_with("eyJ")
        && s.split('.').count() >= 3
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '='))
}

/// True when a lone word has the shape of a credential rather than a scheme name.
pub fn looks_like_credential(s: &str) -> bool {
    looks_like_jwt(s) || (s.len() >= 16 && s.chars().all(|c| is_b64token_char(c) || c == '='))
}

/// `Some(has_access_token)` when `s` is a JSON object or array (or starts like a token response).
pub(super) fn json_value(s: &str) -> Option<bool> {
    if !(s.starts_with('{') || s.starts_with('[')) {
        return None;
    }
    let has_token = s.contains("\"access_token\"") || s.contains("\\\"access_token\\\"");
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(v) if v.is_object() || v.is_array() => Some(v.get("access_token").is_some() || has_token),
        _ if has_token || s.starts_with("{\"") || s.starts_with("{\\\"") => Some(has_token),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_templates_of_every_kind() {
        let s = "Bearer @{body('x')?['t']} {{token}} ${tok} <access_token> $token @variables('a') plain";
        let found: Vec<_> = templates(s, true).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, ["@{body('x')?['t']}", "{{token}}", "${tok}", "<access_token>", "$token", "@variables('a')"]);
        assert!(templates("Bearer eyJhbGciOi.eyJ.abc$x <a> user@example.com", true).is_empty());
        assert!(templates("https://x/users?$select=id&$top=5", false).is_empty());
    }

    #[test]
    fn finds_encodings() {
        assert_eq!(encoded("Bearer%20eyJ"), Some((6..9, Encoding::Percent)));
        assert_eq!(encoded("&quot;Bearer x&quot;"), Some((0..6, Encoding::HtmlEntity)));
        assert_eq!(encoded("Bearer abc%"), None);
    }

    #[test]
    fn quotes_pair_up() {
        assert_eq!(opening_quote("\\\"Bearer"), Some((2, QuoteStyle::EscapedDouble)));
        assert_eq!(closing_quote("x\u{201D}"), Some((3, QuoteStyle::Typographic)));
        assert_eq!(opening_quote("Bearer"), None);
    }
}
