//! The layer-by-layer parse of an Authorization value (see the module above).

use std::ops::Range;

use super::scan;
use super::scan::json_value;
use super::{Problem, SchemeAt, WsPlace, canonical, suggest};

pub(super) struct Parser<'a> {
    pub(super) v: &'a str,
    pub(super) problems: Vec<Problem>,
}

type Parsed = (Option<SchemeAt>, Option<Range<usize>>);

impl Parser<'_> {
    pub(super) fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Trims `r` at both ends, reporting what it removed at the edges of the whole value.
    fn trim_outer(&mut self, r: Range<usize>) -> Range<usize> {
        let s = &self.v[r.clone()];
        let lead = s.len() - s.trim_start_matches(scan::is_trimmable).len();
        let trail = s.len() - s.trim_end_matches(scan::is_trimmable).len();
        let lead = lead.min(s.len());
        let trail = if lead == s.len() { 0 } else { trail };
        for (range, place) in [(r.start..r.start + lead, WsPlace::Leading), (r.end - trail..r.end, WsPlace::Trailing)] {
            let text = &self.v[range.clone()];
            if text.chars().any(char::is_whitespace) {
                let place = if text.contains(['\r', '\n']) { WsPlace::LineBreak } else { place };
                self.push(Problem::Whitespace { range, place });
            }
        }
        r.start + lead..r.end - trail
    }

    /// Peels matched (or lone) quotes off `r`; returns what is inside.
    pub(super) fn unquote(&mut self, mut r: Range<usize>, whole: bool) -> Range<usize> {
        for _ in 0..4 {
            let s = &self.v[r.clone()];
            let open = scan::opening_quote(s);
            let close = scan::closing_quote(s).filter(|(n, _)| open.is_none_or(|(o, _)| o + n <= s.len()));
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
            self.push(Problem::Quoted { range: open_r, close: close_r, style, whole });
            r = r.start + o..r.end - c;
            r = self.trim_outer(r);
        }
        r
    }

    pub(super) fn run(&mut self) -> Parsed {
        let r = self.trim_outer(0..self.v.len());
        if let Some((er, encoding)) = scan::encoded(&self.v[r.clone()]) {
            let er = r.start + er.start..r.start + er.end;
            self.push(Problem::Encoded { range: er.clone(), encoding });
            // `Bearer%20eyJ…`: the scheme is still the scheme, the rest the credential.
            return match canonical(&self.v[r.start..er.start]) {
                Some(c) => (Some((r.start..er.start, Some(c))), Some(er.end..r.end)),
                None => (None, None),
            };
        }
        let r = self.unquote(r, true);
        if let Some(access_token) = json_value(&self.v[r.clone()]) {
            self.push(Problem::JsonValue { range: r, whole: true, access_token });
            return (None, None);
        }
        let templates: Vec<_> =
            scan::templates(&self.v[r.clone()], true).into_iter().map(|t| r.start + t.start..r.start + t.end).collect();
        for t in &templates {
            self.push(Problem::Unevaluated { range: t.clone() });
        }
        let touches = |x: &Range<usize>| templates.iter().any(|t| t.start < x.end.max(x.start + 1) && x.start < t.end);
        let s = &self.v[r.clone()];
        if s.is_empty() {
            // Nothing at all (or only whitespace or quotes): an empty value.
            self.push(Problem::Empty { range: 0..self.v.len(), scheme: String::new() });
            return (None, None);
        }
        // The scheme is the first word; the separator the whitespace run after it.
        let word_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let word = r.start..r.start + word_end;
        if touches(&word) {
            return (None, None);
        }
        let sep_len = s[word_end..].len() - s[word_end..].trim_start_matches(char::is_whitespace).len();
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
            self.push(Problem::Separator { range: scheme_r.end..rest.start, found });
        }
        let cred = self.credential(rest, canon.unwrap_or(""), &self.v[scheme_r.clone()], &touches);
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
        let next_is_jwt = scan::looks_like_jwt(next.split(char::is_whitespace).next().unwrap_or(""));
        if let Some(bare) = w.strip_suffix(':').and_then(canonical) {
            // `Bearer: eyJ…`: the colon belongs to a header line, not to the value.
            let r = word.start..word.start + bare.len();
            return (Some((r, Some(bare))), format!(":{sep}"));
        }
        match canonical(w) {
            Some(c) => {
                if w != c && c != "Token" {
                    self.push(Problem::SchemeCase { range: word.clone(), canonical: c });
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
                self.push(Problem::SchemeMissing { range: word, jwt: scan::looks_like_jwt(w) });
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
            self.push(Problem::Empty { range: word.clone(), scheme: c.into() });
            return (Some((word, Some(c))), None);
        }
        for scheme in ["Bearer", "Basic"] {
            let n = scheme.len();
            if w.len() > n + 4 && w.is_char_boundary(n) && w[..n].eq_ignore_ascii_case(scheme) {
                let glue = w[n..].chars().take_while(|c| matches!(c, ':' | '=')).count();
                let cred = word.start + n + glue..word.end;
                let found = if glue == 0 { "nothing".to_string() } else { format!("'{}'", &w[n..n + glue]) };
                self.push(Problem::Separator {
                    // With nothing between, point at the first character of the credential.
                    range: word.start + n
                        ..cred.start.max(word.start + n + w[n..].chars().next().map_or(0, char::len_utf8)),
                    found,
                });
                if &w[..n] != scheme {
                    self.push(Problem::SchemeCase { range: word.start..word.start + n, canonical: scheme });
                }
                let cred = self.credential(cred, scheme, scheme, &|_| false);
                return (Some((word.start..word.start + n, Some(scheme))), cred);
            }
        }
        if let Some(s) = suggest(w) {
            self.push(Problem::SchemeUnknown { range: word.clone(), found: w.into(), suggestion: Some(s), jwt: false });
            self.push(Problem::Empty { range: word.clone(), scheme: s.into() });
            return (Some((word, Some(s))), None);
        }
        self.push(Problem::SchemeMissing { range: word.clone(), jwt: scan::looks_like_jwt(w) });
        (None, Some(word))
    }
}

fn describe_separator(sep: &str) -> String {
    if sep.is_empty() {
        return "nothing".into();
    }
    if let Some(rest) = sep.strip_prefix(':') {
        return if rest.is_empty() { "a colon".into() } else { "a colon (header-line syntax)".into() };
    }
    if sep.chars().all(|c| c == ' ') {
        return format!("{} spaces", sep.len());
    }
    let parts: Vec<String> = sep.chars().map(scan::describe_char).collect();
    let mut parts = parts;
    parts.dedup();
    parts.join(", ")
}
