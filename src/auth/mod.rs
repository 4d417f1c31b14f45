//! An Authorization value → scheme + credential + problems.
//!
//! The parse peels the value the way a server reads it: surrounding whitespace, encodings, quotes,
//! the scheme, the separator, a repeated scheme, quotes around the credential, then the credential
//! itself. Each layer that is wrong becomes a [`Problem`] with a byte range inside the value, and the
//! layers below it are still checked, so one run reports everything that must change.

mod basic;
pub mod scan;

use std::ops::Range;

use scan::QuoteStyle;

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
    "SSWS",
    "Token",
];

/// Something wrong in an Authorization value. Ranges are byte ranges of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Leading/trailing whitespace, a line break, or whitespace inside the credential.
    Whitespace {
        range: Range<usize>,
        place: WsPlace,
    },
    /// A zero-width, no-break, control or other non-ASCII character.
    InvisibleChar {
        range: Range<usize>,
        ch: char,
    },
    /// A percent- or HTML-encoded value.
    Encoded {
        range: Range<usize>,
        encoding: scan::Encoding,
    },
    /// A JSON object or array as the value or credential.
    JsonValue {
        range: Range<usize>,
        whole: bool,
        access_token: bool,
    },
    /// Template text that was never evaluated.
    Unevaluated {
        range: Range<usize>,
    },
    /// Quotes around the value (`whole`) or the credential; `close` is the closing quote if any.
    Quoted {
        range: Range<usize>,
        close: Option<Range<usize>>,
        style: QuoteStyle,
        whole: bool,
    },
    /// A credential with no scheme in front.
    SchemeMissing {
        range: Range<usize>,
        jwt: bool,
    },
    /// A scheme authlint does not know, with the one it probably meant.
    SchemeUnknown {
        range: Range<usize>,
        found: String,
        suggestion: Option<&'static str>,
        jwt: bool,
    },
    /// A known scheme in another case.
    SchemeCase {
        range: Range<usize>,
        canonical: &'static str,
    },
    /// The scheme written twice.
    SchemeRepeated {
        range: Range<usize>,
    },
    /// Not exactly one ASCII space between scheme and credential.
    Separator {
        range: Range<usize>,
        found: String,
    },
    /// A scheme with no credential.
    Empty {
        range: Range<usize>,
        scheme: String,
    },
    /// A Bearer credential character outside RFC 6750 `b64token`.
    BearerCharset {
        range: Range<usize>,
        ch: char,
    },
    BasicInvalidBase64 {
        range: Range<usize>,
        why: String,
    },
    BasicMissingColon {
        range: Range<usize>,
        text: bool,
    },
    BasicPlaintext {
        range: Range<usize>,
        user: String,
    },
    BasicDoubleEncoded {
        range: Range<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsPlace {
    Leading,
    Trailing,
    LineBreak,
    Inside,
}

impl Problem {
    /// The range the problem is about (for a quote, the opening quote).
    pub fn range(&self) -> Range<usize> {
        use Problem::*;
        match self {
            Whitespace { range, .. }
            | InvisibleChar { range, .. }
            | Encoded { range, .. }
            | JsonValue { range, .. }
            | Unevaluated { range }
            | Quoted { range, .. }
            | SchemeMissing { range, .. }
            | SchemeUnknown { range, .. }
            | SchemeCase { range, .. }
            | SchemeRepeated { range }
            | Separator { range, .. }
            | Empty { range, .. }
            | BearerCharset { range, .. }
            | BasicInvalidBase64 { range, .. }
            | BasicMissingColon { range, .. }
            | BasicPlaintext { range, .. }
            | BasicDoubleEncoded { range } => range.clone(),
        }
    }
}

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
            self.problems.iter().any(
                |p| matches!(p, Problem::Unevaluated { range } if range.start <= r.start && r.end <= range.end),
            )
        };
        if self.credential.as_ref().is_some_and(is_template) {
            return None;
        }
        self.credential
            .clone()
            .filter(|r| !r.is_empty())
            .or_else(|| {
                let t = value.trim_matches(scan::is_trimmable);
                (!t.is_empty() && self.scheme.is_none()).then(|| {
                    let start = t.as_ptr() as usize - value.as_ptr() as usize;
                    start..start + t.len()
                })
            })
    }
}

fn canonical(word: &str) -> Option<&'static str> {
    KNOWN_SCHEMES
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(word))
}

fn suggest(word: &str) -> Option<&'static str> {
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
    let mut p = Parser {
        v: value,
        problems: Vec::new(),
    };
    let (scheme, credential) = p.run();
    p.invisible();
    p.problems.sort_by_key(|x| (x.range().start, x.range().end));
    AuthValue {
        scheme,
        credential,
        problems: p.problems,
    }
}

struct Parser<'a> {
    v: &'a str,
    problems: Vec<Problem>,
}

/// A scheme as written, with its canonical spelling when known.
pub type SchemeAt = (Range<usize>, Option<&'static str>);
type Parsed = (Option<SchemeAt>, Option<Range<usize>>);

impl Parser<'_> {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Trims `r` at both ends, reporting what it removed at the edges of the whole value.
    fn trim_outer(&mut self, r: Range<usize>) -> Range<usize> {
        let s = &self.v[r.clone()];
        let lead = s.len() - s.trim_start_matches(scan::is_trimmable).len();
        let trail = s.len() - s.trim_end_matches(scan::is_trimmable).len();
        let lead = lead.min(s.len());
        let trail = if lead == s.len() { 0 } else { trail };
        for (range, place) in [
            (r.start..r.start + lead, WsPlace::Leading),
            (r.end - trail..r.end, WsPlace::Trailing),
        ] {
            let text = &self.v[range.clone()];
            if text.chars().any(char::is_whitespace) {
                let place = if text.contains(['\r', '\n']) {
                    WsPlace::LineBreak
                } else {
                    place
                };
                self.push(Problem::Whitespace { range, place });
            }
        }
        r.start + lead..r.end - trail
    }

    /// Peels matched (or lone) quotes off `r`; returns what is inside.
    fn unquote(&mut self, mut r: Range<usize>, whole: bool) -> Range<usize> {
        for _ in 0..4 {
            let s = &self.v[r.clone()];
            let open = scan::opening_quote(s);
            let close =
                scan::closing_quote(s).filter(|(n, _)| open.is_none_or(|(o, _)| o + n <= s.len()));
            let (o, c, style) = match (open, close) {
                (None, None) => break,
                // At the level of the whole value, a lone closing quote belongs to the credential.
                (None, Some(_)) if whole => break,
                (Some((o, st)), Some((c, _))) if o + c <= s.len() => (o, c, st),
                (Some((o, st)), _) => (o, 0, st),
                (None, Some((c, st))) => (0, c, st),
            };
            let (open_r, close_r) = if o > 0 {
                (r.start..r.start + o, (c > 0).then(|| r.end - c..r.end))
            } else {
                (r.end - c..r.end, None)
            };
            self.push(Problem::Quoted {
                range: open_r,
                close: close_r,
                style,
                whole,
            });
            r = r.start + o..r.end - c;
            r = self.trim_outer(r);
        }
        r
    }

    fn run(&mut self) -> Parsed {
        let r = self.trim_outer(0..self.v.len());
        if let Some((er, encoding)) = scan::encoded(&self.v[r.clone()]) {
            let er = r.start + er.start..r.start + er.end;
            self.push(Problem::Encoded {
                range: er.clone(),
                encoding,
            });
            // `Bearer%20eyJ…`: the scheme is still the scheme, the rest the credential.
            return match canonical(&self.v[r.start..er.start]) {
                Some(c) => (Some((r.start..er.start, Some(c))), Some(er.end..r.end)),
                None => (None, None),
            };
        }
        let r = self.unquote(r, true);
        if let Some(access_token) = json_value(&self.v[r.clone()]) {
            self.push(Problem::JsonValue {
                range: r,
                whole: true,
                access_token,
            });
            return (None, None);
        }
        let templates: Vec<_> = scan::templates(&self.v[r.clone()], true)
            .into_iter()
            .map(|t| r.start + t.start..r.start + t.end)
            .collect();
        for t in &templates {
            self.push(Problem::Unevaluated { range: t.clone() });
        }
        let touches = |x: &Range<usize>| {
            templates
                .iter()
                .any(|t| t.start < x.end.max(x.start + 1) && x.start < t.end)
        };
        let s = &self.v[r.clone()];
        if s.is_empty() {
            return (None, None);
        }
        // The scheme is the first word; the separator the whitespace run after it.
        let word_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let word = r.start..r.start + word_end;
        if touches(&word) {
            return (None, None);
        }
        let sep_len =
            s[word_end..].len() - s[word_end..].trim_start_matches(char::is_whitespace).len();
        let rest = word.end + sep_len..r.end;
        if rest.is_empty() {
            return self.lone_word(word);
        }
        let (scheme, sep) = self.scheme_and_separator(word, word_end, sep_len, r.start);
        let Some((scheme_r, canon)) = scheme else {
            return (None, Some(rest));
        };
        if sep != " " {
            let found = describe_separator(&sep);
            self.push(Problem::Separator {
                range: scheme_r.end..rest.start,
                found,
            });
        }
        let cred = self.credential(
            rest,
            canon.unwrap_or(""),
            &self.v[scheme_r.clone()],
            &touches,
        );
        (Some((scheme_r, canon)), cred)
    }

    /// The scheme word: known, in the wrong case, unknown, or a credential with no scheme.
    fn scheme_and_separator(
        &mut self,
        word: Range<usize>,
        word_end: usize,
        sep_len: usize,
        base: usize,
    ) -> (Option<SchemeAt>, String) {
        let w = &self.v[word.clone()];
        let sep = self.v[base + word_end..base + word_end + sep_len].to_string();
        let next = &self.v[word.end + sep_len..];
        let next_is_jwt =
            scan::looks_like_jwt(next.split(char::is_whitespace).next().unwrap_or(""));
        if let Some(bare) = w.strip_suffix(':').and_then(canonical) {
            // `Bearer: eyJ…`: the colon belongs to a header line, not to the value.
            let r = word.start..word.start + bare.len();
            return (Some((r, Some(bare))), format!(":{sep}"));
        }
        match canonical(w) {
            Some(c) => {
                if w != c && c != "Token" {
                    self.push(Problem::SchemeCase {
                        range: word.clone(),
                        canonical: c,
                    });
                }
                if c == "Token" && next_is_jwt {
                    self.push(Problem::SchemeUnknown {
                        range: word.clone(),
                        found: w.into(),
                        suggestion: Some("Bearer"),
                        jwt: true,
                    });
                }
                (Some((word, Some(c))), sep)
            }
            None if scan::looks_like_credential(w) => {
                self.push(Problem::SchemeMissing {
                    range: word,
                    jwt: scan::looks_like_jwt(w),
                });
                (None, sep)
            }
            None => {
                let suggestion = suggest(w).or(next_is_jwt.then_some("Bearer"));
                self.push(Problem::SchemeUnknown {
                    range: word.clone(),
                    found: w.into(),
                    suggestion,
                    jwt: next_is_jwt,
                });
                (Some((word, suggestion)), sep)
            }
        }
    }

    /// A value with a single word: a bare credential, a scheme glued to its credential, or a scheme alone.
    fn lone_word(&mut self, word: Range<usize>) -> Parsed {
        let w = &self.v[word.clone()];
        if let Some(c) = canonical(w) {
            self.push(Problem::Empty {
                range: word.clone(),
                scheme: c.into(),
            });
            return (Some((word, Some(c))), None);
        }
        for scheme in ["Bearer", "Basic"] {
            let n = scheme.len();
            if w.len() > n + 4 && w.is_char_boundary(n) && w[..n].eq_ignore_ascii_case(scheme) {
                let glue = w[n..]
                    .chars()
                    .take_while(|c| matches!(c, ':' | '='))
                    .count();
                let cred = word.start + n + glue..word.end;
                let found = if glue == 0 {
                    "nothing".to_string()
                } else {
                    format!("'{}'", &w[n..n + glue])
                };
                self.push(Problem::Separator {
                    // With nothing between, point at the first character of the credential.
                    range: word.start + n
                        ..cred
                            .start
                            .max(word.start + n + w[n..].chars().next().map_or(0, char::len_utf8)),
                    found,
                });
                if &w[..n] != scheme {
                    self.push(Problem::SchemeCase {
                        range: word.start..word.start + n,
                        canonical: scheme,
                    });
                }
                let cred = self.credential(cred, scheme, scheme, &|_| false);
                return (Some((word.start..word.start + n, Some(scheme))), cred);
            }
        }
        if let Some(s) = suggest(w) {
            self.push(Problem::SchemeUnknown {
                range: word.clone(),
                found: w.into(),
                suggestion: Some(s),
                jwt: false,
            });
            self.push(Problem::Empty {
                range: word.clone(),
                scheme: s.into(),
            });
            return (Some((word, Some(s))), None);
        }
        self.push(Problem::SchemeMissing {
            range: word.clone(),
            jwt: scan::looks_like_jwt(w),
        });
        (None, Some(word))
    }

    /// Checks what follows the scheme: a repeated scheme, quotes, JSON, emptiness, whitespace, characters.
    fn credential(
        &mut self,
        mut r: Range<usize>,
        canon: &str,
        written: &str,
        touches: &dyn Fn(&Range<usize>) -> bool,
    ) -> Option<Range<usize>> {
        // `Bearer Bearer x`
        loop {
            let s = &self.v[r.clone()];
            let w_end = s.find(char::is_whitespace).unwrap_or(s.len());
            let w = &s[..w_end];
            if w_end < s.len()
                && (w.eq_ignore_ascii_case(written)
                    || (!canon.is_empty() && w.eq_ignore_ascii_case(canon)))
            {
                let after =
                    s[w_end..].len() - s[w_end..].trim_start_matches(char::is_whitespace).len();
                self.push(Problem::SchemeRepeated {
                    range: r.start..r.start + w_end,
                });
                r = r.start + w_end + after..r.end;
            } else {
                break;
            }
        }
        let r = self.unquote(r, false);
        if r.is_empty() {
            self.push(Problem::Empty {
                // The character before the empty credential (a quote or the separator).
                range: self.v[..r.start]
                    .char_indices()
                    .next_back()
                    .map_or(r.start, |(i, _)| i)..r.start,
                scheme: written.to_string(),
            });
            return Some(r);
        }
        let s = &self.v[r.clone()];
        if let Some(access_token) = json_value(s) {
            self.push(Problem::JsonValue {
                range: r.clone(),
                whole: false,
                access_token,
            });
            return Some(r);
        }
        if touches(&r) {
            return Some(r);
        }
        // Whitespace inside the credential, one problem per run.
        let mut i = 0;
        while let Some(off) = s[i..].find(char::is_whitespace) {
            let start = i + off;
            let len = s[start..].len() - s[start..].trim_start_matches(char::is_whitespace).len();
            let place = if s[start..start + len].contains(['\r', '\n']) {
                WsPlace::LineBreak
            } else {
                WsPlace::Inside
            };
            self.push(Problem::Whitespace {
                range: r.start + start..r.start + start + len,
                place,
            });
            i = start + len;
        }
        match canon {
            "Bearer" => self.bearer_charset(r.clone()),
            "Basic" => basic::check(self.v, r.clone(), &mut self.problems),
            _ => {}
        }
        Some(r)
    }

    fn bearer_charset(&mut self, r: Range<usize>) {
        let s = &self.v[r.clone()];
        let pad_start = s.trim_end_matches('=').len();
        let mut last_end = None;
        for (i, c) in s.char_indices() {
            let ok = scan::is_b64token_char(c)
                || (c == '=' && i >= pad_start)
                || c.is_whitespace()
                || !c.is_ascii()
                || c.is_ascii_control();
            if ok {
                continue;
            }
            let at = r.start + i;
            // Merge runs of the same bad character into one problem.
            if let (Some(end), Some(Problem::BearerCharset { range, ch })) =
                (last_end, self.problems.last_mut())
                && end == at
                && *ch == c
            {
                range.end = at + c.len_utf8();
                last_end = Some(range.end);
                continue;
            }
            self.push(Problem::BearerCharset {
                range: at..at + c.len_utf8(),
                ch: c,
            });
            last_end = Some(at + c.len_utf8());
        }
    }

    /// Non-ASCII and control characters not already explained by another problem.
    fn invisible(&mut self) {
        let covered: Vec<Range<usize>> = self
            .problems
            .iter()
            .filter(|p| {
                matches!(
                    p,
                    Problem::Whitespace { .. }
                        | Problem::Separator { .. }
                        | Problem::Quoted { .. }
                        | Problem::Encoded { .. }
                )
            })
            .flat_map(|p| match p {
                Problem::Quoted { range, close, .. } => {
                    vec![range.clone(), close.clone().unwrap_or(0..0)]
                }
                p => vec![p.range()],
            })
            .collect();
        let mut found: Vec<Problem> = Vec::new();
        for (i, c) in self.v.char_indices() {
            let bad = !c.is_ascii() || (c.is_ascii_control() && !matches!(c, '\t' | '\r' | '\n'));
            if !bad || covered.iter().any(|r| r.start <= i && i < r.end) {
                continue;
            }
            if let Some(Problem::InvisibleChar { range, ch }) = found.last_mut()
                && range.end == i
                && *ch == c
            {
                range.end = i + c.len_utf8();
                continue;
            }
            found.push(Problem::InvisibleChar {
                range: i..i + c.len_utf8(),
                ch: c,
            });
        }
        self.problems.extend(found);
    }
}

/// `Some(has_access_token)` when `s` is a JSON object or array (or starts like a token response).
fn json_value(s: &str) -> Option<bool> {
    if !(s.starts_with('{') || s.starts_with('[')) {
        return None;
    }
    let has_token = s.contains("\"access_token\"") || s.contains("\\\"access_token\\\"");
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(v) if v.is_object() || v.is_array() => {
            Some(v.get("access_token").is_some() || has_token)
        }
        _ if has_token || s.starts_with("{\"") || s.starts_with("{\\\"") => Some(has_token),
        _ => None,
    }
}

fn describe_separator(sep: &str) -> String {
    if sep.is_empty() {
        return "nothing".into();
    }
    if let Some(rest) = sep.strip_prefix(':') {
        return if rest.is_empty() {
            "a colon".into()
        } else {
            "a colon (header-line syntax)".into()
        };
    }
    if sep.chars().all(|c| c == ' ') {
        return format!("{} spaces", sep.len());
    }
    let parts: Vec<String> = sep.chars().map(scan::describe_char).collect();
    let mut parts = parts;
    parts.dedup();
    parts.join(", ")
}

#[cfg(test)]
mod tests;
